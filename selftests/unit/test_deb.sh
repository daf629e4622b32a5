#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make deb builds kclick and kclick-dkms with Debian's tooling; their file
# lists (dpkg-deb -c) hold what they must and nothing else, the DKMS
# package hands the module to DKMS, the packaged command runs, and lintian
# reports no error and no tag docs/packaging.md does not justify.
# Slow (the userspace is built again in build/deb/); KC_DEB_DIR=DIR checks
# packages already built there instead.
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

for t in dpkg-buildpackage dh dh_dkms git; do
	command -v $t >/dev/null ||
		{ echo "1..0 # SKIP $t is not installed (debhelper, dh-dkms: scripts/install-deps)"; exit 4; }
done
VER=$(sed -n 's/^#define KC_VERSION "\(.*\)"/\1/p' lib/kclick.h)
D=${KC_DEB_DIR:-}
if [ -z "$D" ]; then
	D=build/deb
	nice -n 10 make -s --no-print-directory deb >"$W/make.log" 2>&1
	tap $? "make deb"
	[ "$failed" = 0 ] || tail -20 "$W/make.log" | sed 's/^/#   /'
fi
DEB=$D/kclick_${VER}_$(dpkg --print-architecture).deb
DKMS=$D/kclick-dkms_${VER}_all.deb
[ -f "$DEB" ] && [ -f "$DKMS" ]
tap $? "both packages are built ($(basename "$DEB"), $(basename "$DKMS"))"
if [ ! -f "$DEB" ] || [ ! -f "$DKMS" ]; then
	echo "1..$n"
	exit 1
fi

dpkg-deb -c "$DEB" | awk '{ print $6 }' | sed 's|^\./||' | sort >"$W/kclick.list"
dpkg-deb -c "$DKMS" | awk '{ print $6 }' | sed 's|^\./||' | sort >"$W/dkms.list"
missing=
for f in usr/sbin/kclick usr/share/man/man8/kclick.8.gz \
	usr/share/man/man7/kclick-elements.7.gz \
	usr/share/bash-completion/completions/kclick \
	usr/share/ynl/specs/kclick.yaml lib/systemd/system/kclick.service \
	etc/kclick/ usr/share/doc/kclick/copyright; do
	grep -qx "$f" "$W/kclick.list" || missing="$missing $f"
done
[ -z "$missing" ]
tap $? "kclick holds the command, both man pages, completion, spec, unit, /etc/kclick${missing:+ (missing:$missing)}"
extra=$(grep -E '\.(a|h|ko|o|click)$|^usr/src/' "$W/kclick.list")
[ -z "$extra" ]
tap $? "and no library, header, module or source${extra:+ ($extra)}"

S=usr/src/kclick-$VER
missing=
for f in "$S/dkms.conf" "$S/Kbuild" "$S/kmod/Kbuild" "$S/kmod/main.c" \
	"$S/engine/graph.c" "$S/elements/classes.def" "$S/elements/queue.c" \
	"$S/include/uapi/linux/kclick.h"; do
	grep -qx "$f" "$W/dkms.list" || missing="$missing $f"
done
[ -z "$missing" ]
tap $? "kclick-dkms holds the module's sources and dkms.conf${missing:+ (missing:$missing)}"
want=$( (echo Kbuild; find kmod engine elements include -type f \( -name '*.c' -o -name '*.h' -o \
	-name '*.def' -o -name Kbuild \) ! -name '*.mod.c' ! -name '.*') | sort)
got=$(sed -n "s|^$S/||p" "$W/dkms.list" | grep -v -e '/$' -e '^$' | grep -vx dkms.conf | sort)
[ "$want" = "$got" ]
tap $? "exactly the module's sources: every kmod/ engine/ elements/ include/ source, no object"
[ "$want" = "$got" ] || diff <(echo "$want") <(echo "$got") | head -10 | sed 's/^/#   /'

dpkg-deb -x "$DKMS" "$W/dkms"
grep -qx "PACKAGE_VERSION=\"$VER\"" "$W/dkms/$S/dkms.conf" &&
	grep -q '^BUILT_MODULE_LOCATION\[0\]="kmod/"' "$W/dkms/$S/dkms.conf"
tap $? "dkms.conf names version $VER and the module's place"
dpkg-deb -f "$DKMS" Depends | grep -q 'dkms'
tap $? "kclick-dkms depends on dkms"
dpkg-deb -e "$DKMS" "$W/dkms-ctl"
grep -q 'dkms' "$W/dkms-ctl/postinst" && grep -q 'dkms' "$W/dkms-ctl/prerm"
tap $? "its postinst builds with DKMS, its prerm removes the module"

dpkg-deb -x "$DEB" "$W/kclick"
"$W/kclick/usr/sbin/kclick" --help | grep -q '^  restore'
tap $? "the packaged kclick runs"
grep -q '^ExecStart=/usr/sbin/kclick restore$' "$W/kclick/lib/systemd/system/kclick.service"
tap $? "the packaged unit runs /usr/sbin/kclick"
dpkg-deb -e "$DEB" "$W/kclick-ctl"
! grep -q 'deb-systemd-invoke start' "$W/kclick-ctl/postinst" 2>/dev/null
tap $? "installing kclick does not start the unit (graphs come back at boot)"

if command -v lintian >/dev/null; then
	lintian "$D"/*.changes >"$W/lintian" 2>&1
	errors=$(grep '^E: ' "$W/lintian")
	[ -z "$errors" ]
	tap $? "lintian: no error"
	[ -z "$errors" ] || echo "$errors" | head -10 | sed 's/^/#   /'
	unjustified=
	for tag in $(sed -n 's/^[WI]: [^ ]*: \([a-z0-9-]*\).*/\1/p' "$W/lintian" | sort -u); do
		grep -q "\`$tag\`" docs/packaging.md || unjustified="$unjustified $tag"
	done
	[ -z "$unjustified" ]
	tap $? "every lintian warning and info tag is justified in docs/packaging.md${unjustified:+ (not:$unjustified)}"
else
	n=$((n + 1))
	echo "ok $n # SKIP lintian is not installed (scripts/install-deps)"
fi

echo "1..$n"
[ $failed = 0 ]
