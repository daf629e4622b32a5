#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packet sources in the kernel (issue 15): InfiniteSource and RatedSource
# run as tasks, stop at LIMIT, and make packets a Linux host accepts
# (UDPIPEncap's IP and UDP checksums are checked by b's stack); an
# unlimited InfiniteSource does not starve the CPU's other work and goes
# away with its graph.
#
#   mid: [ InfiniteSource -> UDPIPEncap -> EtherEncap -> ToDevice(mb) ] mb ---- vb: b
source "$(dirname "$0")/topo.sh"

topo_amb
conf=/tmp/src.$$.click
rd() { kc "$NS_M" read "s/$1" 2>&1; }
inst() { kc "$NS_M" install s --replace "$conf"; }
# until handler $1 reads $2 (at most 10 s)
wait_eq() {
	local i v
	for i in $(seq 50); do
		v=$(rd "$1")
		[ "$v" = "$2" ] && return 0
		sleep 0.2
	done
	echo "# $1 is '$v', wanted '$2'"
	return 1
}

echo 'InfiniteSource(LIMIT 500, BURST 32) -> c :: Counter -> Discard;' >"$conf"
check "install InfiniteSource(LIMIT 500, BURST 32)" -- inst
wait_eq c.count 500
ok $? "it sends exactly LIMIT packets (c.count 500)"
sleep 0.5
eq "and no more after that" "$(rd c.count)" 500

# Each stage names its Counter anew: a replace carries a same-named
# Counter's count over.
echo 'RatedSource(RATE 10, LIMIT 30) -> r :: Counter -> Discard;' >"$conf"
t0=$(date +%s%N)
check "replace with RatedSource(RATE 10, LIMIT 30)" -- inst
wait_eq r.count 30
ok $? "it reaches LIMIT (30)"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
# 30 packets at 10/s: the last leaves 2.9 s after the first.
[ "$ms" -ge 2800 ]
ok $? "at RATE 10, not faster: 30 packets took $ms ms (>= 2800)"

mac_b=$(ip netns exec "$NS_B" cat /sys/class/net/vb/address)
ip netns exec "$NS_B" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.7.0.2", 9000)); s.settimeout(30)
n = 0
try:
    while n < 40:
        d, a = s.recvfrom(2048)
        n += a[0] == "10.7.0.1" and d.startswith(b"kclick")
except socket.timeout:
    pass
print(n)' >/tmp/src.$$.got &
rcv=$!
wait_udp_bound "$NS_B" 9000
cat >"$conf" <<EOC
InfiniteSource(DATA "kclick source test", LIMIT 40, BURST 8)
	-> UDPIPEncap(10.7.0.1, 1234, 10.7.0.2, 9000)
	-> EtherEncap(0x0800, 02:00:00:00:00:01, $mac_b)
	-> u :: Counter -> ToDevice(mb);
EOC
check "replace with InfiniteSource -> UDPIPEncap -> EtherEncap -> ToDevice(mb)" -- inst
wait $rcv
eq "b's UDP socket received all 40 datagrams (checksums right)" "$(cat /tmp/src.$$.got)" 40
eq "and b's stack counted no checksum errors" \
	"$(ip netns exec "$NS_B" awk '/^Udp:/ { n++; if (n == 2) print $7 }' /proc/net/snmp)" 0

echo 'InfiniteSource(BURST 64) -> x :: Counter -> Discard;' >"$conf"
check "replace with an unlimited InfiniteSource" -- inst
sleep 2
# The source's tasklet reschedules itself after each burst: the control
# plane (a netlink read, process context) still gets the CPU.
n=$(timeout 10 ip netns exec "$NS_M" "$KCLICK" read s/x.count)
[ "$n" -gt 1000 ]
ok $? "it keeps sending ($n packets in 2 s)"
check "remove the graph with the source running" -- kc "$NS_M" remove s
check "the module still answers" -- kc "$NS_M" list
rm -f /tmp/src.$$.*
tap_end
