#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A graph in mid forwards between a and b: ping and a TCP transfer cross
# it, and its Counters read exactly the packets that crossed, as the
# devices' own counters tell.
#
#   a: va ---- ma [ FromDevice(ma) -> ca -> ToDevice(mb) ] mb ---- vb: b
#                 [ FromDevice(mb) -> cb -> Queue -> ToDevice(ma) ]
source "$(dirname "$0")/topo.sh"

topo_amb
fwd_conf > /tmp/fwd.$$.click
rx_ma0=$(rx_packets "$NS_M" ma)
rx_mb0=$(rx_packets "$NS_M" mb)
check "install the forwarding graph" -- kc "$NS_M" install fwd /tmp/fwd.$$.click

check "ping a -> b through the graph" -- \
	ip netns exec "$NS_A" ping -c 5 -i 0.2 -W 2 10.7.0.2

# TCP: 2 MB from a to b, checked byte for byte.
head -c 2000000 /dev/urandom > /tmp/fwd.$$.data
ip netns exec "$NS_B" sh -c "timeout 60 nc -l -p 5001 > /tmp/fwd.$$.recv" &
srv=$!
wait_listen "$NS_B" 5001
ip netns exec "$NS_A" sh -c "nc -q 1 -w 10 10.7.0.2 5001 < /tmp/fwd.$$.data"
wait $srv
check "2 MB TCP transfer a -> b arrives intact" -- cmp /tmp/fwd.$$.data /tmp/fwd.$$.recv

# Counts: everything mid received on ma went through ca, and on mb through cb.
sleep 0.3
ca=$(kc "$NS_M" read fwd/ca.count)
cb=$(kc "$NS_M" read fwd/cb.count)
rx_ma=$(( $(rx_packets "$NS_M" ma) - rx_ma0 ))
rx_mb=$(( $(rx_packets "$NS_M" mb) - rx_mb0 ))
eq "ca.count equals packets received on ma" "$ca" "$rx_ma"
eq "cb.count equals packets received on mb" "$cb" "$rx_mb"
# Bytes, not packets: GRO on ma merges the stream into however many
# super-packets it likes (95 in one run, over 100 in others).
ca_bytes=$(kc "$NS_M" read fwd/ca.byte_count)
[ "$ca_bytes" -ge 2000000 ]
ok $? "the transfer went through the graph ($ca packets, $ca_bytes bytes a->b)"

# ToDevice agrees with the far side's receive counters.
td=$(kc "$NS_M" read fwd/tb.count 2>/dev/null || true)
rx_vb=$(rx_packets "$NS_B" vb)
[ -n "$td" ] && [ "$td" -le "$rx_vb" ]
ok $? "ToDevice(mb).count ($td) <= packets b received ($rx_vb)"

check "remove the graph" -- kc "$NS_M" remove fwd
! ip netns exec "$NS_A" ping -c 1 -W 1 10.7.0.2 >/dev/null 2>&1
ok $? "without the graph a cannot reach b"
rm -f /tmp/fwd.$$.*
tap_end
