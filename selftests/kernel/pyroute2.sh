#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kclick family driven from Python through pyroute2 alone (issue 17):
# examples/pyroute2/kclick_genl.py installs, lists, shows, reads, writes,
# replaces and removes a forwarding graph between ma and mb, reports an
# install error with the kernel's text, and a subscriber on the "events"
# group sees added, replaced and removed.  What it reads must agree with
# the kclick CLI and with the traffic sent.
source "$(dirname "$0")/topo.sh"

PY=/usr/bin/python3	# Debian's python3-pyroute2 lives there
DRV="$KC_TOP/selftests/kernel/pyroute2_drive.py"
"$PY" -c 'import pyroute2' 2>/dev/null ||
	skip_all "python3-pyroute2 is not installed (scripts/install-deps installs it)"
W=/tmp/pyroute2.$$
mkdir -p $W
# shellcheck disable=SC2046
trap 'kill $(jobs -p) 2>/dev/null; rm -rf $W; cleanup_ns' EXIT
py() { ip netns exec "$NS_M" "$PY" "$DRV" "$@"; }

topo_amb
py events 900 pyfwd >$W/events 2>&1 &
for _ in $(seq 100); do
	grep -q ready $W/events && break
	sleep 0.2
done
grep -q ready $W/events
ok $? "a subscriber joined the events group"

v=$(py version)
eq "VERSION_GET answers the module's version, as the CLI does" "$v" \
	"$(kc "$NS_M" -j version 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["module"])')"
py classes >$W/classes 2>&1
grep -q "^Counter 1/1 a/a$" $W/classes
ok $? "CLASS_GET dump lists Counter with its ports and processing ($(wc -l <$W/classes) classes)"

out=$(py install pyfwd)
echo "# $out"
case $out in "id "*" gen 0") ok 0 "install a graph from pyroute2 ($out)" ;; *) ok 1 "install a graph from pyroute2 ($out)" ;; esac
check "ping a -> b through it" -- ip netns exec "$NS_A" ping -c 3 -i 0.2 -W 5 10.7.0.2
eq "list shows it with its 5 elements" "$(py list)" "pyfwd 5"
eq "the CLI lists the same graph" "$(kc "$NS_M" list 2>&1 | awk '/pyfwd/ { sub(":", "", $1); print $1 }')" "pyfwd"

n=$(py read pyfwd c count)
cli=$(kc "$NS_M" read pyfwd/c.count 2>&1)
[ "$n" -ge 3 ] 2>/dev/null
ok $? "read c.count: at least the 3 echo requests ($n)"
eq "the same value as kclick read" "$n" "$cli"
py show pyfwd >$W/show 2>&1
sed 's/^/#   /' $W/show
grep -q "^element c Counter - has-count $n$" $W/show
ok $? "show: c is a Counter with a count handler, $n packets out of it"
grep -q "^device ma src_a 1$" $W/show && grep -q "^device mb to_b 1$" $W/show
ok $? "show: devices ma and mb attached, with their elements"
check "write c.reset" -- py write pyfwd c reset
eq "c.count is 0 after the reset" "$(py read pyfwd c count)" "0"

out=$(py install pyfwd replace)
case $out in "id "*" gen 1") ok 0 "replace it (generation 1: $out)" ;; *) ok 1 "replace it ($out)" ;; esac
check "traffic flows after the replace" -- ip netns exec "$NS_A" ping -c 2 -i 0.2 -W 5 10.7.0.2

out=$(py bad pybad)
st=$?
echo "# $out"
[ $st = 1 ] && [[ $out == *"NoSuchClass"* ]]
ok $? "a bad graph is refused with the kernel's text naming the class"
eq "and nothing was installed" "$(py list)" "pyfwd 5"

check "remove it" -- py remove pyfwd
eq "list is empty" "$(py list)" ""
out=$(py remove pyfwd)
[[ $out == "error 2: "* ]]
ok $? "removing it again is ENOENT ($out)"

wait %1 2>/dev/null
sed 's/^/#   /' $W/events
[ "$(grep -v ready $W/events | tr '\n' ' ')" = "added pyfwd replaced pyfwd removed pyfwd " ]
ok $? "the subscriber saw added, replaced, removed, in order"
tap_end
