#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages (make deb, on the host, before the VM) in the guest:
# dpkg -i installs them, DKMS builds kclick.ko for the running kernel,
# modprobe loads it, the packaged kclick installs a graph, kclick.service's
# commands restore /etc/kclick and remove the graphs, and dpkg -r removes
# every file the packages installed (and the module DKMS built).
#
# The guest's root is the host's, read-only under a tmpfs overlay
# (scripts/vm): dpkg, dkms, gcc and the kernel headers are the host's, and
# what dpkg writes stays in the guest.
#
# Time.  Under QEMU's software emulation every process costs: Kbuild runs
# about 25 per object (compiler, assembler, fixdep, objtool, the export
# checks), and the module's 133 objects took the guest's DKMS build 637 s
# (2026-12-03) even with every compile answered by ccache.  The DKMS build
# therefore compiles the module as one translation unit (dkms.conf passes
# KC_UNITY=1 to kmod/Kbuild), and scripts/dkms-ccache (make check runs it
# before the VM) has the host's dkms build the same package for the same
# kernel (same gcc, flags and paths) through ccache, into
# build/dkms-ccache: the guest's one compile is a hit (the test prints the
# hits and misses and fails if nothing hit).
#
#   netns P: p0 (veth) -- p1      graph "t": FromDevice(p0) -> Counter -> Discard
source "$(dirname "$0")/topo.sh"

DEBS=${KC_DEB_DIR:-$KC_TOP/build/deb}
VER=$(sed -n 's/^#define KC_VERSION "\(.*\)"/\1/p' "$KC_TOP/lib/kclick.h")
KVER=$(uname -r)
DEB=$(ls "$DEBS"/kclick_"$VER"_*.deb 2>/dev/null | head -1)
DKMS_DEB=$(ls "$DEBS"/kclick-dkms_"$VER"_all.deb 2>/dev/null | head -1)

CACHE=${KC_DKMS_CCACHE:-$KC_TOP/build/dkms-ccache}
USE_CACHE=0
[ -f "$CACHE/ccache.conf" ] && [ -x /usr/lib/ccache/gcc ] && USE_CACHE=1
[ -n "$DEB" ] && [ -n "$DKMS_DEB" ] ||
	skip_all "no kclick $VER packages in $DEBS: run 'make deb' on the host first"
for t in dpkg dkms depmod modprobe gcc make; do
	command -v "$t" >/dev/null ||
		skip_all "the guest (the host's root) has no $t: scripts/install-deps installs it"
done
[ -e "/lib/modules/$KVER/build/Makefile" ] ||
	skip_all "no kernel headers for the guest's kernel $KVER (linux-headers-$KVER on the host)"
for p in kclick kclick-dkms; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok' &&
		skip_all "$p is installed on the host already: the test would remove it in the guest"
done
missing=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed 's/[ (].*//; s/^ *//' |
	while read -r d; do [ -z "$d" ] || dpkg-query -W "$d" >/dev/null 2>&1 || echo "$d"; done)
[ -z "$missing" ] || skip_all "the host lacks kclick's dependencies: $missing"

L=$(mktemp -d)
ETC_MADE=
cleanup() {
	/usr/sbin/kclick remove --all >/dev/null 2>&1
	cleanup_ns
	[ -n "$ETC_MADE" ] && rm -rf /etc/kclick
	ip link del kcpk0 2>/dev/null
	rm -rf "$L"
	# The next test expects this tree's module (selftests/run.sh reloads it
	# with --reload-module; without it, put it back here).
	[ -d /sys/module/kclick ] || insmod "$KC_KO" 2>/dev/null
}
trap cleanup EXIT

# The tree's module, loaded by scripts/vm, makes way for the packaged one.
run rmmod kclick
ok $? "unload the tree's kclick.ko"

# dpkg, its maintainer scripts, dkms and make pass the environment on:
# ccache as gcc-12 (the compiler Debian's headers name), on the seeded cache,
# in the locale the host's build had (ccache hashes LANG and LC_*).
if [ "$USE_CACHE" = 1 ]; then
	unset LANG LANGUAGE LC_CTYPE LC_MESSAGES
	export LC_ALL=C PATH="/usr/lib/ccache:$PATH" CCACHE_DIR="$CACHE"
	ccache -z >/dev/null
fi
t0=$(date +%s)
run dpkg -i "$DKMS_DEB" "$DEB" >"$L/dpkg-i.log" 2>&1
rc=$?
ok $rc "dpkg -i kclick-dkms kclick (DKMS builds the module) in $(($(date +%s) - t0)) s"
[ $rc = 0 ] || tail -30 "$L/dpkg-i.log" | sed 's/^/#   /'
if [ "$USE_CACHE" = 1 ]; then
	read -r hits misses < <(ccache --print-stats | awk -F'\t' '
		$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 }
		$1 == "cache_miss" { m = $2 }
		END { print h + 0, m + 0 }')
	echo "# ccache in the DKMS build: $hits hits, $misses misses ($CACHE)"
	[ "$hits" -gt 0 ]
	ok $? "DKMS's compiles ran through ccache and the host-seeded cache answered ($hits hits, $misses misses)"
fi
dpkg-query -L kclick kclick-dkms >"$L/files" 2>/dev/null
ok $? "dpkg knows both packages' files ($(wc -l <"$L/files") paths)"

dkms status -m kclick -v "$VER" -k "$KVER" | grep -q ': installed'
ok $? "dkms status: kclick/$VER installed for $KVER"
mod=$(modinfo -n kclick 2>/dev/null)
eq "modinfo finds the DKMS module" "$mod" "/lib/modules/$KVER/updates/dkms/kclick.ko"
eq "its version is the package's" "$(modinfo -F version kclick 2>/dev/null)" "$VER"
vm=$(modinfo -F vermagic kclick 2>/dev/null | cut -d' ' -f1)
eq "built for the running kernel" "$vm" "$KVER"

run modprobe kclick
ok $? "modprobe kclick"
[ -d /sys/module/kclick ] && [ "$(cat /sys/module/kclick/version 2>/dev/null)" = "$VER" ]
ok $? "the loaded module is the packaged one ($VER)"

K=/usr/sbin/kclick
"$K" version | grep -q "kclick.ko $VER"
ok $? "the packaged kclick talks to it"
P=$(ns p)
ip -n "$P" link add name p0 type veth peer name p1
ip -n "$P" link set dev p0 up
ip -n "$P" link set dev p1 up
echo 'FromDevice(p0) -> c :: Counter -> Discard;' >"$L/t.click"
check "install a graph with the packaged tools" -- ip netns exec "$P" "$K" install t "$L/t.click"
ip netns exec "$P" "$K" show t | grep -q 'c :: Counter'
ok $? "show lists it"
check "remove it" -- ip netns exec "$P" "$K" remove t

man -w kclick 2>/dev/null | grep -q '/usr/share/man/man8/kclick.8.gz' &&
	man -w 7 kclick-elements 2>/dev/null | grep -q 'man7/kclick-elements.7.gz'
ok $? "man kclick and man 7 kclick-elements are installed"
[ -f /usr/share/bash-completion/completions/kclick ] &&
	[ -f /usr/share/ynl/specs/kclick.yaml ] && [ -d /etc/kclick ]
ok $? "completion, netlink spec and /etc/kclick are in place"

# kclick.service's commands, as installed (the guest's init is not
# systemd: the commands are run as the unit would run them).
U=/lib/systemd/system/kclick.service
if [ -n "$(ls -A /etc/kclick 2>/dev/null)" ]; then
	ok 0 "# SKIP kclick.service: /etc/kclick is not empty in the guest"
else
	ETC_MADE=1
	# A graph on a device of the initial namespace (the unit restores
	# there): restore installs graphs whose devices exist.
	ip link add kcpk0 type veth peer name kcpk1 2>/dev/null
	echo 'FromDevice(kcpk0) -> c :: Counter -> Discard;' >/etc/kclick/t.click
	cmds() { sed -n "s/^$1=-\{0,1\}//p" "$U"; }
	[ "$(cmds ExecStartPre)" = "/sbin/modprobe kclick" ] &&
		[ "$(cmds ExecStart)" = "/usr/sbin/kclick restore" ] &&
		[ "$(cmds ExecStop)" = "/usr/sbin/kclick remove --all" ]
	ok $? "the installed unit: modprobe, restore, remove --all"
	(eval "$(cmds ExecStartPre)" && eval "$(cmds ExecStart)") >"$L/start" 2>&1
	ok $? "ExecStartPre and ExecStart"
	eq "ExecStart restored /etc/kclick/t.click" "$(cat "$L/start")" \
		"t: installed from /etc/kclick/t.click"
	"$K" list | grep -q '^t: '
	ok $? "graph t is installed"
	eval "$(cmds ExecStop)"
	ok $? "ExecStop"
	eq "ExecStop removed every graph" "$("$K" list)" ""
	rm -f /etc/kclick/t.click
fi

"$K" remove --all >/dev/null 2>&1
run rmmod kclick
ok $? "unload the packaged module"
run dpkg -r kclick kclick-dkms >"$L/dpkg-r.log" 2>&1
rc=$?
ok $rc "dpkg -r kclick kclick-dkms"
[ $rc = 0 ] || tail -20 "$L/dpkg-r.log" | sed 's/^/#   /'
left=
while read -r f; do
	# Directories stay (/lib is a symlink to usr/lib on Debian 12).
	[ -d "$f" ] && continue
	if [ -f "$f" ] || [ -L "$f" ]; then
		left="$left $f"
	fi
done <"$L/files"
[ -z "$left" ]
ok $? "every file the packages installed is gone${left:+ (left:$left)}"
[ ! -e "/lib/modules/$KVER/updates/dkms/kclick.ko" ] && [ ! -e /var/lib/dkms/kclick ] &&
	[ ! -e "/usr/src/kclick-$VER" ]
ok $? "the DKMS module, its build tree and its source are gone"
! modinfo kclick >/dev/null 2>&1
ok $? "modinfo kclick finds no module any more"
# After dpkg -r the status is "deinstall ok config-files" (conffiles stay
# until a purge): only "install ok installed" is an installed package.
! dpkg-query -W -f='${Status}\n' kclick kclick-dkms 2>/dev/null | grep -q '^install ok installed'
ok $? "dpkg lists neither package as installed"

tap_end
