#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kclick command itself: versions, classes, JSON that parses, exit
# statuses (0 done, 1 error, 2 usage), one-line errors, and what it says
# when the module is not loaded.
source "$(dirname "$0")/topo.sh"

json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)'; }

out=$("$KCLICK" version)
[[ "$out" == *"kclick 0.1.0"* && "$out" == *"kclick.ko 0.1.0"* ]]
ok $? "version shows the tool's and the module's versions"
m=$("$KCLICK" -j version | python3 -c 'import json,sys; print(json.load(sys.stdin)["module"])')
eq "-j version has the module version" "$m" "$(modinfo -F version "$KC_KO")"
n=$("$KCLICK" classes | wc -l)
[ "$n" -ge 13 ]
ok $? "classes lists every registered class ($n)"
"$KCLICK" -j classes | json_ok
ok $? "-j classes is JSON"
names=$("$KCLICK" -j classes | python3 -c 'import json,sys; print(" ".join(c["name"] for c in json.load(sys.stdin)))')
[[ " $names " == *" Counter "* && " $names " == *" EtherMirror "* ]]
ok $? "-j classes names Counter and EtherMirror"

"$KCLICK" frobnicate >/dev/null 2>&1
eq "an unknown command exits 2" "$?" 2
"$KCLICK" install onlyname >/dev/null 2>&1
eq "a missing argument exits 2" "$?" 2
"$KCLICK" read nodot >/dev/null 2>&1
eq "a malformed handler path exits 2" "$?" 2
out=$("$KCLICK" remove nosuchgraph 2>&1)
rc=$?
eq "removing a missing graph exits 1" "$rc" 1
eq "with one Error line" "$out" "Error: no graph 'nosuchgraph' in this network namespace."

X=$(ns cli)
ip -n "$X" link add name d0 type veth peer name d1
ip -n "$X" link set dev d0 up
ip -n "$X" link set dev d1 up
check "install from standard input" -- sh -c \
	"printf 'FromDevice(d0) -> c :: Counter -> Discard;\n' | ip netns exec $X $KCLICK install s -"
kc "$X" -j list | json_ok
ok $? "-j list is JSON"
kc "$X" -j show s | json_ok
ok $? "-j show is JSON"
kc "$X" -j stats s | json_ok
ok $? "-j stats is JSON"
v=$(kc "$X" -j read s/c.count | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])')
[[ "$v" =~ ^[0-9]+$ ]]
ok $? "-j read gives the value ($v)"
out=$(kc "$X" show s)
[[ "$out" == *"c :: Counter"* && "$out" == *"d0 ifindex"* ]]
ok $? "show lists elements and devices"
cls=$(kc "$X" read s/c.class)
eq "generic handler 'class'" "$cls" "Counter"
check "unique command prefixes work ('sh')" -- kc "$X" sh s
check "remove" -- kc "$X" remove s

# Without the module: one line that says so, exit 1.
rmmod kclick
out=$("$KCLICK" classes 2>&1)
rc=$?
insmod "$KC_KO"
eq "without the module: exit 1" "$rc" 1
[ "$(echo "$out" | wc -l)" = 1 ] && [[ "$out" == "Error: the kclick module is not loaded"* ]]
ok $? "without the module: one line saying so"
echo "#   $out"
tap_end
