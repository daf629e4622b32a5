#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make install into a temporary DESTDIR puts every file where mk/install.mk
# says, the installed command and man pages work, kclick.service passes
# systemd-analyze verify, and make uninstall leaves nothing behind (but a
# graph an administrator put in /etc/kclick).
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
mk() { nice -n 10 make -s --no-print-directory "$@"; }

D=$W/root
mk install DESTDIR="$D" PREFIX=/usr SYSTEMDUNITDIR=/lib/systemd/system >"$W/log" 2>&1
tap $? "make install DESTDIR=... PREFIX=/usr"
[ -s "$W/log" ] && sed 's/^/#   /' "$W/log" | head -5
want="etc/kclick/
lib/systemd/system/kclick.service
usr/include/kclick/kclick.h
usr/include/kclick/linux/kclick.h
usr/lib/libkclick.a
usr/sbin/kclick
usr/share/bash-completion/completions/kclick
usr/share/man/man7/kclick-elements.7
usr/share/man/man8/kclick.8
usr/share/ynl/specs/kclick.yaml"
got=$(cd "$D" && find . \( -type f -o -type d -empty \) | sed 's|^\./||; s|kclick$|&|' |
	while read -r f; do [ -d "$D/$f" ] && echo "$f/" || echo "$f"; done | sort)
[ "$got" = "$want" ]
tap $? "the files installed are the ten expected ones"
[ "$got" = "$want" ] || diff <(echo "$want") <(echo "$got") | sed 's/^/#   /'
[ "$(stat -c %a "$D/usr/sbin/kclick")" = 755 ] &&
	[ "$(stat -c %a "$D/usr/share/man/man8/kclick.8")" = 644 ]
tap $? "modes: 755 for the command, 644 for data"
"$D/usr/sbin/kclick" --help | grep -q '^  restore'
tap $? "the installed kclick runs"
grep -q '^ExecStart=/usr/sbin/kclick restore$' "$D/lib/systemd/system/kclick.service" &&
	grep -q '^ExecStop=/usr/sbin/kclick remove --all$' "$D/lib/systemd/system/kclick.service"
tap $? "the installed unit runs /usr/sbin/kclick (restore at start, remove --all at stop)"
if command -v man >/dev/null; then
	out=$(MANWIDTH=80 man --warnings -l "$D/usr/share/man/man7/kclick-elements.7" 2>&1 >/dev/null)
	[ -z "$out" ] && man -l "$D/usr/share/man/man8/kclick.8" 2>/dev/null | grep -q restore
	tap $? "the installed man pages render"
fi
echo 'int main(void) { return 0; }' >"$W/c.c"
printf '#include <kclick/kclick.h>\n#include <kclick/linux/kclick.h>\nint f(void) { return KCLICK_HND_F_READ + (int)sizeof(struct kc_cfg); }\n' >"$W/h.c"
cc -fsyntax-only -I"$D/usr/include" "$W/h.c"
tap $? "the installed headers compile on their own"

if command -v systemd-analyze >/dev/null; then
	# verify wants ExecStart to exist: the unit as built for this tree.
	sed "s|@SBINDIR@|$PWD/cli|" systemd/kclick.service.in >"$W/kclick.service"
	out=$(systemd-analyze verify --man=no "$W/kclick.service" 2>&1)
	[ -z "$out" ]
	tap $? "systemd-analyze verify kclick.service: no complaint"
	[ -n "$out" ] && echo "$out" | sed 's/^/#   /' | head -5
	sed 's|^ExecStart=.*|ExecStart=/nonexistent/kclick restore|' "$W/kclick.service" >"$W/bad.service"
	mkdir -p "$W/bad" && mv "$W/bad.service" "$W/bad/kclick.service"
	! systemd-analyze verify --man=no "$W/bad/kclick.service" >/dev/null 2>&1
	tap $? "and the verify is not blind: a missing ExecStart fails it"
else
	n=$((n + 1))
	echo "ok $n # SKIP systemd-analyze is not installed"
fi

mk install DESTDIR="$D" PREFIX=/usr SYSTEMDUNITDIR=/lib/systemd/system >/dev/null 2>&1
tap $? "install again over an installed tree"
mk uninstall DESTDIR="$D" PREFIX=/usr SYSTEMDUNITDIR=/lib/systemd/system >"$W/log" 2>&1
left=$(find "$D" -mindepth 1)
[ -z "$left" ]
tap $? "make uninstall leaves nothing${left:+: $(echo "$left" | tr "\n" " ")}"

mk install DESTDIR="$D" >/dev/null 2>&1 && [ -x "$D/usr/local/sbin/kclick" ] &&
	grep -q '^ExecStart=/usr/local/sbin/kclick restore$' "$D/usr/local/lib/systemd/system/kclick.service"
tap $? "the default PREFIX is /usr/local, the unit follows it"
echo 'FromDevice(eth0) -> Discard;' >"$D/etc/kclick/fw.click"
mk uninstall DESTDIR="$D" >/dev/null 2>&1
[ "$(cd "$D" && find . -type f)" = "./etc/kclick/fw.click" ]
tap $? "uninstall keeps an administrator's /etc/kclick/fw.click and removes the rest"

echo "1..$n"
[ $failed = 0 ]
