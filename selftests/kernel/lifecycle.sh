#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Devices and namespaces disappear under running graphs, and the module
# is unloaded under traffic: nothing warns (the VM harness fails the run on
# any kernel warning), and traffic resumes when a device comes back.
source "$(dirname "$0")/topo.sh"

topo_amb
fwd_conf > /tmp/lc.$$.click
check "install" -- kc "$NS_M" install fwd /tmp/lc.$$.click
check "ping through the graph" -- ip netns exec "$NS_A" ping -c 2 -i 0.2 -W 2 10.7.0.2

# Delete ma (its peer va goes too) while the graph runs.
monitor_start "$NS_M" /tmp/lc.$$.events
mon=$MON_PID
check "delete the veth under the running graph" -- ip -n "$NS_M" link del dev ma
present=$(kc "$NS_M" -j show fwd | python3 -c '
import json, sys
g = json.load(sys.stdin)
print(sorted((d["name"], d["present"]) for d in g["devices"]))' 2>&1)
echo "# devices: $present"
case "$present" in
*"('ma', False)"*) ok 0 "show reports ma as gone" ;;
*) ok 1 "show reports ma as gone" ;;
esac

# Recreate it: the graph takes it back and traffic resumes.
ip -n "$NS_A" link add name va type veth peer name ma netns "$NS_M"
ip -n "$NS_A" addr add 10.7.0.1/24 dev va
ip -n "$NS_A" link set dev va up
ip -n "$NS_M" link set dev ma up
check "traffic resumes after the device comes back" -- \
	ip netns exec "$NS_A" ping -c 2 -i 0.2 -W 2 10.7.0.2
sleep 0.3
kill $mon 2>/dev/null
wait $mon 2>/dev/null
grep -q "^device-lost graph fwd device ma$" /tmp/lc.$$.events &&
	grep -q "^device-back graph fwd device ma$" /tmp/lc.$$.events
ok $? "monitor saw ma lost and back"
sed 's/^/#   /' /tmp/lc.$$.events

# Delete the namespace that holds the graph.
check "delete the netns holding a graph" -- ip netns del "$NS_M"
sleep 0.5
live=$(cat /sys/module/kclick/parameters/live_graphs)
eq "no graph is left behind (live_graphs)" "$live" 0

# Unload the module with a graph installed and traffic flowing.
topo_amb
check "install again" -- kc "$NS_M" install fwd /tmp/lc.$$.click
ip netns exec "$NS_A" ping -f -c 20000 -W 1 10.7.0.2 >/dev/null 2>&1 &
flood=$!
sleep 1
check "rmmod under traffic" -- rmmod kclick
# Without the graph nothing answers, and a flood ping waiting for replies
# would run for minutes: stop it.
kill $flood 2>/dev/null
wait $flood 2>/dev/null
check "the module loads again" -- insmod "$KC_KO"
check "and works" -- "$KCLICK" classes
rm -f /tmp/lc.$$.*
tap_end
