#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/shaper.click in the kernel (issue 15): a 10 Mbit/s
# BandwidthShaper behind a PrioSched of two classes, from a to b.
#
#   a: va (10.7.0.1) ---- ma [ Classifier -> hi/lo Queues -> PrioSched
#                              -> BandwidthShaper(10Mbps) -> sent ] mb ---- b: vb (10.7.0.2)
#
# - a TCP stream (iperf3, low class) measures 10 Mbit/s +-5% at the
#   shaper's output (Ethernet frames, the shaper's own unit), and
#   iperf3's goodput is that times 1448/1514 (the TCP payload share of a
#   full frame) +-5%;
# - a rate written through the handler (5Mbps) holds from 1 s after the
#   write: 5 Mbit/s +-5% over the next 5 s;
# - the high class (UDP to port 5201 at 3 Mbit/s) keeps its rate, +-5% of
#   what it had alone, and loses nothing in its queue, while a UDP flood
#   (15 Mbit/s, low class) saturates the link: the link stays at
#   10 Mbit/s +-5%, the low class gets the rest, and its queue drops.
# Rates are taken from the graph's Counters over windows of 5 to 8 s, the
# read's own time (a netlink round trip) split between the two ends.
# Offloads are off on a and b (TSO/GSO would hand the shaper 64 KB
# super-packets).  Under QEMU TCG on a busy host the senders may not
# keep their pace; each rate is printed before it is judged.
source "$(dirname "$0")/topo.sh"

command -v iperf3 >/dev/null || skip_all "iperf3 not installed"
command -v ethtool >/dev/null || skip_all "ethtool is needed to turn offloads off"
W=/tmp/shaper.$$
mkdir -p $W
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf $W; cleanup_ns' EXIT

topo_amb
for f in tso gso gro; do
	ip netns exec "$NS_A" ethtool -K va $f off >/dev/null 2>&1
	ip netns exec "$NS_B" ethtool -K vb $f off >/dev/null 2>&1
	ip netns exec "$NS_M" ethtool -K ma $f off >/dev/null 2>&1
	ip netns exec "$NS_M" ethtool -K mb $f off >/dev/null 2>&1
done
rd() { kc "$NS_M" read "shaper/$1" 2>&1; }

# snap HANDLER: "TIME_NS VALUE", the time halfway through the read.
snap() {
	local t1 t2 v
	t1=$(date +%s%N)
	v=$(rd "$1")
	t2=$(date +%s%N)
	echo "$(( (t1 + t2) / 2 )) $v"
}
# mbps SNAP1 SNAP2: the byte counter's rate between two snaps, Mbit/s.
mbps() {
	echo "$1 $2" | awk '{ printf "%.3f", ($4 - $2) * 8 / (($3 - $1) / 1e9) / 1e6 }'
}
# within GOT WANT PCT: |GOT - WANT| <= PCT% of WANT
within() {
	awk -v g="$1" -v w="$2" -v p="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= w * p / 100) }'
}

check "install examples/shaper.click" -- kc "$NS_M" install shaper "$KC_TOP/examples/shaper.click"
check "ping a -> b through the shaper" -- ip netns exec "$NS_A" ping -c 2 -W 5 10.7.0.2

# 1. A TCP stream in the low class, alone: 10 Mbit/s.
ip netns exec "$NS_B" iperf3 -s -p 5203 >/dev/null 2>&1 &
wait_listen "$NS_B" 5203
ip netns exec "$NS_A" iperf3 -c 10.7.0.2 -p 5203 -t 16 -J >$W/tcp.json 2>&1 &
cli=$!
sleep 4				# past slow start, the queue full
s1=$(snap sent.byte_count)
sleep 8
s2=$(snap sent.byte_count)
r=$(mbps "$s1" "$s2")
echo "# TCP through BandwidthShaper(10Mbps): $r Mbit/s at the shaper's output (8 s)"
within "$r" 10 5
ok $? "a TCP stream through the 10 Mbit/s shaper measures 10 Mbit/s +-5% ($r)"
wait $cli
good=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e6))' $W/tcp.json 2>/dev/null)
want=$(awk 'BEGIN { printf "%.3f", 10 * 1448 / 1514 }')
echo "# iperf3's goodput over its 16 s: ${good:-?} Mbit/s (payload share of 10 Mbit/s: $want)"
within "${good:-0}" "$want" 5
ok $? "iperf3 reports 10 Mbit/s of frames as TCP payload: $want Mbit/s +-5% (${good:-?})"

# 2. The rate written through the handler, mid-stream.
ip netns exec "$NS_A" iperf3 -c 10.7.0.2 -p 5203 -t 14 >/dev/null 2>&1 &
cli=$!
sleep 4
check "write shaper.rate 5Mbps under the stream" -- kc "$NS_M" write shaper/shaper.rate 5Mbps
eq "shaper.rate reads 5Mbps" "$(rd shaper.rate)" 5Mbps
sleep 1
s3=$(snap sent.byte_count)
sleep 5
s4=$(snap sent.byte_count)
r2=$(mbps "$s3" "$s4")
echo "# after the write, from 1 s on: $r2 Mbit/s (5 s)"
within "$r2" 5 5
ok $? "the new rate holds from 1 s after the write: 5 Mbit/s +-5% ($r2)"
wait $cli
check "write shaper.rate 10Mbps back" -- kc "$NS_M" write shaper/shaper.rate 10Mbps

# 3. Two classes: the high one alone, then with a low flood.
ip netns exec "$NS_B" iperf3 -s -p 5201 >/dev/null 2>&1 &
ip netns exec "$NS_B" iperf3 -s -p 5202 >/dev/null 2>&1 &
wait_listen "$NS_B" 5201
wait_listen "$NS_B" 5202
ip netns exec "$NS_A" iperf3 -c 10.7.0.2 -p 5201 -u -b 3M -l 1400 -t 30 >/dev/null 2>&1 &
sleep 3
h1=$(snap chi.byte_count)
sleep 6
h2=$(snap chi.byte_count)
alone=$(mbps "$h1" "$h2")
echo "# high class alone: $alone Mbit/s (6 s)"
within "$alone" 3.1 10
ok $? "the high class alone passes its 3 Mbit/s (+ headers) ($alone)"
hd1=$(rd hi.drops)
ip netns exec "$NS_A" timeout 30 iperf3 -c 10.7.0.2 -p 5202 -u -b 15M -l 1400 -t 16 >/dev/null 2>&1 &
sleep 3
h3=$(snap chi.byte_count)
l3=$(snap clo.byte_count)
t3=$(snap sent.byte_count)
ld1=$(rd lo.drops)
sleep 8
h4=$(snap chi.byte_count)
l4=$(snap clo.byte_count)
t4=$(snap sent.byte_count)
ld2=$(rd lo.drops)
hd2=$(rd hi.drops)
with=$(mbps "$h3" "$h4")
low=$(mbps "$l3" "$l4")
link=$(mbps "$t3" "$t4")
echo "# with a 15 Mbit/s low flood: high $with, low $low, link $link Mbit/s (8 s); lo.drops $ld1 -> $ld2, hi.drops $hd1 -> $hd2"
within "$with" "$alone" 5
ok $? "the high class keeps its rate while the low one saturates: $with vs $alone alone (+-5%)"
eq "the high queue drops nothing" "$hd2" "$hd1"
within "$link" 10 5
ok $? "the link stays at 10 Mbit/s +-5% ($link)"
[ "$ld2" -gt "$ld1" ]
ok $? "the low class is saturated: its queue drops ($ld1 -> $ld2)"
within "$low" "$(awk -v l="$link" -v h="$with" 'BEGIN { printf "%.3f", l - h }')" 5
ok $? "and gets the rest of the link ($low = $link - $with, +-5%)"

# shellcheck disable=SC2046
kill $(jobs -p) 2>/dev/null
wait 2>/dev/null
check "remove the graph" -- kc "$NS_M" remove shaper
tap_end
