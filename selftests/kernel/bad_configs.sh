#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every configuration in selftests/configs/bad/ is refused: exit status 1,
# one "Error: FILE:LINE:..." line at the line its first comment names
# ("// expect: LINE: TEXT", TEXT a piece of the message), nothing installed.
# The VM harness fails the run if the kernel log shows a warning.
#
# Devices of the namespace: d0 and d3 (a veth pair, free), d1 (already
# taken by the graph "owner"), d2 (a port of bridge br0).
source "$(dirname "$0")/topo.sh"

X=$(ns bad)
ip -n "$X" link add name d0 type veth peer name d3
ip -n "$X" link add name d1 type veth peer name d1p
ip -n "$X" link add name d2 type veth peer name d2p
ip -n "$X" link add name br0 type bridge
ip -n "$X" link set dev d2 master br0
for d in d0 d1 d2 d3 br0; do ip -n "$X" link set dev $d up; done
printf 'FromDevice(d1) -> Discard;\n' >/tmp/bad.$$.owner
check "the owner graph takes d1" -- kc "$X" install owner /tmp/bad.$$.owner

n=0
stray=
for f in "$KC_TOP"/selftests/configs/bad/*.click; do
	name=$(basename "$f" .click)
	exp=$(sed -n '1s|^// expect: *||p' "$f")
	line=${exp%%:*}
	text=${exp#*:}
	text=${text# }
	out=$(kc "$X" install "g$n" "$f" 2>&1)
	rc=$?
	# A config that installs after all would hold its devices and fail
	# every later case: note it (the check below fails) and remove it.
	if [ $rc = 0 ]; then
		stray="$stray g$n"
		kc "$X" remove "g$n" >/dev/null 2>&1
	fi
	n=$((n + 1))
	# Parse errors come from the front end, the rest from the module: both
	# are "Error: FILE:LINE:COL: ..." (COL may be absent); line 0 is about
	# the whole file: "Error: FILE: ...".
	pos="$f:$line:"
	[ "$line" != 0 ] || pos="$f: "
	if [ $rc = 1 ] && [[ "$out" == "Error: $pos"* ]] &&
	   [[ "$out" == *"$text"* ]] && [ "$(echo "$out" | wc -l)" = 1 ]; then
		ok 0 "$name: line $line${text:+, '$text'}"
		echo "#   $out"
	else
		ok 1 "$name: line $line${text:+, '$text'}"
		echo "#   exit $rc: $out"
	fi
done
eq "nothing but the owner graph was installed" "$(kc "$X" list | cut -d: -f1)$stray" "owner"
check "d0 is still free: a good graph takes it" -- \
	sh -c "printf 'FromDevice(d0) -> Discard;\n' | ip netns exec $X $KCLICK install good -"
rm -f /tmp/bad.$$.*
tap_end
