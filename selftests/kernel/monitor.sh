#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/monitor.click (issue 15) on a live host: b runs the monitor in
# sniffer mode on its NIC while its sockets receive a mixed UDP workload
# from a with known per-flow volumes (selftests/kernel/mixflows.py: four
# flows from four source addresses, 2000/1000/600/400 datagrams of
# 100/1000/500/200 IP bytes, interleaved at a fixed rate):
#
#   a: va 10.7.0.1, .11-.14 ---------- vb 10.7.0.2 :b
#      mixflows.py send                 FromDevice(vb, SNIFFER true) -> monitor
#                                       mixflows.py recv (ports 5001-5004)
#
# - b's sockets receive every datagram (the host is undisturbed);
# - all.count is what was sent, and all.rate (AverageCounter) is within
#   5% of the rate the sender measured the same way;
# - flow_pkts / flow_bytes (AggregateIPFlows -> AggregateCounter) hold
#   each flow's exact packet and IP byte counts, so they name the
#   heaviest flows: by packets flow 1 first, by bytes flow 2;
# - hosts.look (IPRateMonitor, byte rates by source), read mid-run, names
#   the four senders, heaviest first in the order their byte rates give.
source "$(dirname "$0")/topo.sh"

T=/tmp/monitor.$$
MIX="$KC_TOP/selftests/kernel/mixflows.py"
RATE=${KC_MON_RATE:-300}	# datagrams/s: what a TCG guest's Python holds
NS_A=$(ns a)
NS_B=$(ns b)
ip -n "$NS_A" link add name va type veth peer name vb netns "$NS_B"
for n in "$NS_A" "$NS_B"; do
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$NS_A" addr add 10.7.0.1/24 dev va
for h in 11 12 13 14; do
	ip -n "$NS_A" addr add 10.7.0.$h/24 dev va
done
ip -n "$NS_B" addr add 10.7.0.2/24 dev vb
ip -n "$NS_A" link set dev va up
ip -n "$NS_B" link set dev vb up
# No ARP: every frame b receives is the workload.
mac_a=$(ip -n "$NS_A" -j link show dev va | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
mac_b=$(ip -n "$NS_B" -j link show dev vb | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
ip -n "$NS_A" neigh replace 10.7.0.2 lladdr "$mac_b" dev va nud permanent
for h in 1 11 12 13 14; do
	ip -n "$NS_B" neigh replace 10.7.0.$h lladdr "$mac_a" dev vb nud permanent
done
rd() { kc "$NS_B" read "mon/$1" 2>&1; }

sed "s/eth0/vb/" "$KC_TOP/examples/monitor.click" >$T.click
check "install examples/monitor.click (SNIFFER true) on vb" -- kc "$NS_B" install mon $T.click

# Up to 120 s of silence: the receiver ends as soon as everything came.
ip netns exec "$NS_B" python3 "$MIX" recv 120 >$T.recv &
rcv=$!
for p in 5001 5002 5003 5004; do
	wait_udp_bound "$NS_B" $p
done
ip netns exec "$NS_A" python3 "$MIX" send 10.7.0.2 "$RATE" >$T.send &
snd=$!

# Mid-run (half the datagrams seen), the rates by host.
total=$(python3 "$MIX" flows | awk '{ n += $4 } END { print n }')
for _ in $(seq 600); do
	n=$(rd all.count)
	[ "${n:-0}" -ge $((total / 2)) ] && break
	sleep 0.2
done
rd hosts.look >$T.look
echo "# hosts.look at $n of $total packets:"
sed 's/^/#   /' $T.look

wait $snd
wait $rcv
echo "# sender: $(cat $T.send)"
sent=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' $T.send)
eq "a sent the whole workload" "$sent" "$total"
python3 "$MIX" flows | awk '{ print $3, $4 }' >$T.want
cmp -s $T.want $T.recv
st=$?
ok $st "b's sockets received every datagram of every flow (sniffer mode: the host is undisturbed)"
[ $st -eq 0 ] || sed 's/^/#   got /' $T.recv

eq "all.count is the packets sent" "$(rd all.count)" "$total"
r_mon=$(rd all.rate)
r_snd=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rate"])' $T.send)
python3 -c 'import sys; m, s = map(float, sys.argv[1:]); sys.exit(abs(m - s) > 0.05 * s)' "$r_mon" "$r_snd"
ok $? "all.rate ($r_mon/s) is within 5% of the sender's rate ($r_snd/s)"

# Flow numbers are the flows' order (each flow's first datagram leaves
# before the next flow's): flow k is mixflows.py's line k.
python3 "$MIX" flows | awk '{ print NR, $4 }' >$T.pkts.want
python3 "$MIX" flows | awk '{ print NR, $4 * $5 }' >$T.bytes.want
rd flow_pkts.text | grep -v '^!' >$T.pkts
rd flow_bytes.text | grep -v '^!' >$T.bytes
cmp -s $T.pkts.want $T.pkts
ok $? "flow_pkts: each flow's packets exactly ($(tr '\n' ' ' <$T.pkts))"
cmp -s $T.bytes.want $T.bytes
ok $? "flow_bytes: each flow's IP bytes exactly ($(tr '\n' ' ' <$T.bytes))"
eq "the heaviest flow in packets is flow 1 (10.7.0.11)" "$(sort -k2,2nr $T.pkts | head -1 | cut -d' ' -f1)" 1
eq "the flows by bytes, heaviest first" "$(sort -k2,2nr $T.bytes | cut -d' ' -f1 | tr '\n' ' ')" "2 3 1 4 "

# hosts.look: "\t\t\t10.7.0.12\tFWD\tREV" lines; by forward byte rate.
want=$(python3 "$MIX" flows | awk '{ print $1, $4 * $5 }' | sort -k2,2nr | cut -d' ' -f1 | tr '\n' ' ')
got=$(awk -F'\t' '$4 ~ /^10\.7\.0\.1[1-4]$/ { print $4, $5 }' $T.look | sort -k2,2gr | cut -d' ' -f1 | tr '\n' ' ')
eq "hosts.look names the senders, heaviest byte rate first" "$got" "$want"
check "remove the monitor" -- kc "$NS_B" remove mon
rm -f $T.*
tap_end
