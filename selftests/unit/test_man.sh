#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# man/kclick.8 renders without a warning (man -l, groff -ww), and documents
# every command and option the tool's own usage lists, run's and install's
# options and the exit statuses, so the page cannot fall behind cli/main.c.
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
PAGE=${KC_MAN_PAGE:-man/kclick.8}	# KC_MAN_PAGE: lint another copy
K=cli/kclick

if ! command -v man >/dev/null || ! command -v groff >/dev/null; then
	echo "1..0 # SKIP man-db or groff-base is not installed (scripts/install-deps)"
	exit 4
fi

# lint PAGE: every warning man and groff give, on stdout.
lint() {
	# shellcheck disable=SC2069 # the warnings only, stdout dropped
	MANWIDTH=80 man --warnings=all -l "$1" 2>&1 >/dev/null
	groff -man -ww -z "$1" 2>&1
}
out=$(lint "$PAGE")
[ -z "$out" ]
tap $? "man --warnings -l and groff -ww render $PAGE without a warning"
[ -n "$out" ] && echo "$out" | head -10 | sed 's/^/#   /'

# The lint is not blind: a bad macro and an unclosed font are reported.
{ cat "$PAGE"; printf '.BOGUS x\n'; } >"$W/bad.8"
[ -n "$(lint "$W/bad.8")" ]
tap $? "the same lint reports an undefined macro in a copy of the page"

MANWIDTH=80 man -l "$PAGE" >"$W/page.txt" 2>/dev/null
sec() { sed -n "/^$1\$/,/^[A-Z]/p" "$W/page.txt"; }
cmds=$("$K" --help | sed -n 's/^  \([a-z]\+\)\b.*/\1/p')
missing=
for c in $cmds; do
	sec COMMANDS | grep -q "^       $c\b" || missing="$missing $c"
done
[ -n "$cmds" ] && [ -z "$missing" ]
tap $? "every command of 'kclick --help' has an entry under COMMANDS${missing:+ (missing:$missing)}"

opts=$("$K" --help | grep -o -- '--\?[a-zA-Z-]\+,\? --[a-z-]\+' | tr -d ,)
missing=
for o in $opts; do
	sec OPTIONS | grep -q -- "$o" || missing="$missing $o"
done
[ -n "$opts" ] && [ -z "$missing" ]
tap $? "every option of 'kclick --help' is under OPTIONS ($(echo $opts))${missing:+ (missing:$missing)}"

missing=
for c in run install; do
	for o in $("$K" $c --help | sed -n '/^Options:/,/^$/p' |
		grep -o -- '^  --[a-z-]\+'); do
		sec COMMANDS | grep -q -- "$o" || missing="$missing $c$o"
	done
done
[ -z "$missing" ]
tap $? "run's and install's own options are documented${missing:+ (missing:$missing)}"

for s in 0 1 2; do
	sec 'EXIT STATUS' | grep -q "^       $s  "
	tap $? "exit status $s is documented"
done
grep -q "^EXAMPLES$" "$W/page.txt" && sec EXAMPLES | grep -q 'kclick run fw.click --pcap in.pcap -j'
tap $? "EXAMPLES has README's offline run with -j after the command"

echo "1..$n"
[ $failed = 0 ]
