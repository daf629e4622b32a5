#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Replace the forwarding graph 100 times while a steady, sequence-numbered
# UDP flow crosses it: no datagram is lost, none duplicated, and the
# Counters carry their counts across every swap.
source "$(dirname "$0")/topo.sh"

topo_amb
fwd_conf > /tmp/rep.$$.click
check "install" -- kc "$NS_M" install fwd /tmp/rep.$$.click
# Resolve ARP both ways before counting.
ip netns exec "$NS_A" ping -c 2 -i 0.2 -W 2 10.7.0.2 >/dev/null

COUNT=${KC_REPLACE_COUNT:-3000}
# Its silence timeout is 60 s: it also runs from the bind to the first
# datagram, and on the debug kernel the sender's Python started more than
# 15 s after it (beside the 100 replaces), so b counted all 3,000 as
# NoPorts although the graph had delivered every one.
ip netns exec "$NS_B" python3 "$(dirname "$0")/udpseq.py" recv 7000 60 "$COUNT" \
	> /tmp/rep.$$.out &
rcv=$!
# The receiver must be bound before the first datagram: in one CI run it
# was not, and b counted the first 354 as NoPorts (the graph had
# delivered every one).
wait_udp_bound "$NS_B" 7000
ip netns exec "$NS_A" python3 "$(dirname "$0")/udpseq.py" send 10.7.0.2 7000 \
	"$COUNT" 300 &
snd=$!
fails=0
for i in $(seq 100); do
	kc "$NS_M" install --replace fwd /tmp/rep.$$.click || fails=$((fails + 1))
done
eq "100 replaces under traffic succeed" "$fails" 0
wait $snd
wait $rcv
res=$(cat /tmp/rep.$$.out)
echo "# $res"
eq "every datagram arrived exactly once" "$res" "received $COUNT missing 0 dup 0"
if [ "$res" != "received $COUNT missing 0 dup 0" ]; then
	# Say where they went: into the graph, out of ToDevice, or lost on
	# the way to b's socket (veth backlog, socket buffer).
	echo "# ca.count $(kc "$NS_M" read fwd/ca.count) tb.count $(kc "$NS_M" read fwd/tb.count) tb.drops $(kc "$NS_M" read fwd/tb.drops) drops $(kc "$NS_M" -j show fwd | python3 -c 'import json,sys; print(json.load(sys.stdin)["drops"])')"
	ip netns exec "$NS_B" ip -s link show vb | sed 's/^/# b: /'
	ip netns exec "$NS_M" ip -s link show mb | sed 's/^/# m: /'
	ip netns exec "$NS_B" cat /proc/net/snmp | grep '^Udp' | sed 's/^/# b: /'
	ip netns exec "$NS_B" cat /proc/net/softnet_stat | sed 's/^/# softnet: /'
fi
ca=$(kc "$NS_M" read fwd/ca.count)
[ "$ca" -ge "$COUNT" ]
ok $? "ca.count ($ca) kept counting across swaps (>= $COUNT)"
gen=$(kc "$NS_M" -j show fwd | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])' 2>/dev/null)
eq "generation counts the replaces" "$gen" 100
rm -f /tmp/rep.$$.*
tap_end
