#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/aqm.click in the kernel (issue 15): RED(5, 30, 0.1, ECN true)
# in front of a Queue(100) and a 10 Mbit/s BandwidthShaper, under a TCP
# stream from a to b with ECN on.
#
#   a: va (10.7.0.1) ---- ma [ CheckIPHeader -> RED -> Queue -> BandwidthShaper
#                              -> PrioSched -> ToDevice ] mb ---- b: vb (10.7.0.2)
#                                                                 tcpdump: CE
#
# - the queue stays below MAX_THRESH on average: q.length sampled every
#   0.5 s over 12 s of the stream averages below 30, and so does RED's own
#   average (red.avg_queue_size);
# - ECN-capable packets are marked rather than dropped: red.marks > 0,
#   red.drops at most red.marks/20 and q.drops 0, and b receives CE packets (tcpdump on vb,
#   ECN field 3), as many as red.marks;
# - counters match: offered.count = sent.count + every drop and what is
#   still queued; sent.count = what vb received.
# Offloads are off (TSO/GSO would hand RED and the shaper 64 KB
# super-packets).  The sampled average is noisy under QEMU TCG (a read
# costs a netlink round trip and the samples are not evenly spaced); the
# bound it is judged by, MAX_THRESH, is the one the issue names.
source "$(dirname "$0")/topo.sh"

command -v iperf3 >/dev/null || skip_all "iperf3 not installed"
command -v tcpdump >/dev/null || skip_all "tcpdump not installed"
command -v ethtool >/dev/null || skip_all "ethtool is needed to turn offloads off"
W=/tmp/aqm.$$
mkdir -p $W
# shellcheck disable=SC2046
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf $W; cleanup_ns' EXIT

topo_amb
for f in tso gso gro; do
	ip netns exec "$NS_A" ethtool -K va $f off >/dev/null 2>&1
	ip netns exec "$NS_B" ethtool -K vb $f off >/dev/null 2>&1
	ip netns exec "$NS_M" ethtool -K ma $f off >/dev/null 2>&1
	ip netns exec "$NS_M" ethtool -K mb $f off >/dev/null 2>&1
done
ip netns exec "$NS_A" sysctl -qw net.ipv4.tcp_ecn=1
ip netns exec "$NS_B" sysctl -qw net.ipv4.tcp_ecn=1
rd() { kc "$NS_M" read "aqm/$1" 2>&1; }

check "install examples/aqm.click" -- kc "$NS_M" install aqm "$KC_TOP/examples/aqm.click"
check "ping a -> b through RED and the shaper" -- ip netns exec "$NS_A" ping -c 2 -W 5 10.7.0.2

# Every CE packet b receives, from before the stream starts.
ip netns exec "$NS_B" tcpdump -nn -U -i vb -w $W/ce.pcap 'ip and (ip[1] & 3) = 3' \
	>/dev/null 2>$W/tcpdump.err &
dump=$!
for _ in $(seq 50); do
	grep -q listening $W/tcpdump.err 2>/dev/null && break
	sleep 0.2
done
# Every counter of the balance below, and what vb received.  They move
# while they are read: a stray packet (a's ARP probe near the stream's
# end) can pass one counter between two reads, and each CI run of
# 2026-12-03 that compared single reads saw one packet on one side
# (vb got one more than sent; offered one more than sent + queued).  So
# a snapshot is taken until two rounds agree: the graph was quiet across
# the whole round, and the balance must then hold exactly.
snap() {
	echo "$(rd offered.count) $(rd sent.count) $(rd red.drops) $(rd q.drops)" \
		"$(rd arp_ab.drops) $(rd q.length) $(rd arp_ab.length)" \
		"$(rx_packets "$NS_B" vb)"
}
quiet_snap() {
	local prev cur
	prev=$(snap)
	for _ in $(seq 20); do
		cur=$(snap)
		[ "$cur" = "$prev" ] && { echo "$cur"; return 0; }
		prev=$cur
		sleep 0.5
	done
	echo "$cur"
	return 1
}
quiet_snap >$W/snap0
ok $? "the graph is quiet before the stream (two equal rounds of counters)"

ip netns exec "$NS_B" iperf3 -s -p 5201 -1 >/dev/null 2>&1 &
wait_listen "$NS_B" 5201
ip netns exec "$NS_A" iperf3 -c 10.7.0.2 -p 5201 -t 18 -J >$W/tcp.json 2>&1 &
cli=$!
sleep 4
: >$W/len
: >$W/avg
for _ in $(seq 24); do
	rd q.length >>$W/len
	rd red.avg_queue_size >>$W/avg
	sleep 0.5
done
wait $cli
sleep 2				# the queue drains
kill -INT $dump
wait $dump 2>/dev/null

mlen=$(awk '{ s += $1; n++ } END { printf "%.2f", n ? s / n : -1 }' $W/len)
mavg=$(awk '{ s += $1; n++ } END { printf "%.2f", n ? s / n : -1 }' $W/avg)
echo "# q.length over $(wc -l <$W/len) samples: mean $mlen, max $(sort -n $W/len | tail -1); red.avg_queue_size mean $mavg"
awk -v m="$mlen" 'BEGIN { exit !(m >= 0 && m < 30) }'
ok $? "the queue stays below MAX_THRESH 30 on average (mean length $mlen)"
awk -v m="$mavg" 'BEGIN { exit !(m >= 0 && m < 30) }'
ok $? "and so does RED's own average ($mavg)"
good=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))' $W/tcp.json 2>/dev/null)
echo "# iperf3 with ECN through the 10 Mbit/s bottleneck: ${good:-?} Mbit/s"

marks=$(rd red.marks)
drops=$(rd red.drops)
qdrops=$(rd q.drops)
ce=$(tcpdump -nn -r $W/ce.pcap 2>/dev/null | wc -l)
echo "# red.marks $marks, red.drops $drops, q.drops $qdrops; CE packets at b: $ce"
[ "$marks" -gt 0 ]
ok $? "RED marked ECN-capable packets CE ($marks)"
# RED still drops what is not ECN-capable when it would mark: Linux
# sends retransmissions and pure ACKs without ECT (RFC 3168 6.1.5), so a
# drop or two of those is right.  Marking must dominate: at most one drop
# per 20 marks (CI run of 2026-12-03: 217 marks, 1 drop).
[ "$((drops * 20))" -le "$marks" ]
ok $? "RED marked rather than dropped (red.drops $drops, at most marks/20)"
eq "the queue never overflowed (q.drops)" "$qdrops" 0
[ "$ce" -gt 0 ]
ok $? "b received CE packets ($ce)"
eq "as many as red.marks" "$ce" "$marks"

quiet_snap >$W/snap1
ok $? "the graph is quiet after the stream (two equal rounds of counters)"
read -r o0 s0 d0 qd0 ad0 ql0 al0 r0 <$W/snap0
read -r o1 s1 d1 qd1 ad1 ql1 al1 r1 <$W/snap1
off=$((o1 - o0))
sent=$((s1 - s0))
rx=$((r1 - r0))
# What was dropped in between, and what is queued now less what was then.
rest=$(( (d1 - d0) + (qd1 - qd0) + (ad1 - ad0) + (ql1 - ql0) + (al1 - al0) ))
echo "# offered $off, sent $sent, dropped or queued $rest, vb received $rx"
eq "offered = sent + dropped + still queued" "$off" "$((sent + rest))"
eq "vb received what the graph sent" "$rx" "$sent"

check "remove the graph" -- kc "$NS_M" remove aqm
tap_end
