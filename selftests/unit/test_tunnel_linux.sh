#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VXLANEncap and VXLANDecap against the host kernel's own vxlan device,
# without kclick.ko: host a (a network namespace) has a vxlan device (VNI
# 42, dstport 4789) whose underlay veth ends in a second namespace, m.
# a pings c (10.10.0.2) with 1450-byte packets, the tunnel's MTU; the
# frames a's vxlan device sends are captured on m's end, run through
# examples/tunnel.click in `kclick run` (decapsulated onto c's segment,
# mc), answered there as c would, run through the graph again
# (encapsulated towards a), and sent into m's end of the veth: a's
# vxlan device must accept them and ping must get both answers.  Needs
# root, network namespaces and vxlan devices (exit 4 without them).
# GRE is not tried here: gre devices need the ip_gre module, which a
# container host may not have (selftests/kernel/tunnel.sh runs both).
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
skip() { echo "1..0 # SKIP $*"; exit 4; }

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
command -v tcpdump >/dev/null || skip "needs tcpdump"
A=kcvx$$-a
M=kcvx$$-m
W=$(mktemp -d)
cleanup() { ip netns del "$A" 2>/dev/null; ip netns del "$M" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
ip netns add "$A" 2>/dev/null || skip "cannot make network namespaces"
ip netns add "$M" 2>/dev/null || skip "cannot make network namespaces"
ip -n "$A" link add name va type veth peer name ma netns "$M" 2>/dev/null || skip "no veth devices"
ip -n "$A" link add name vxa type vxlan id 42 local 10.7.0.1 remote 10.7.0.2 \
	dstport 4789 dev va 2>/dev/null || skip "this kernel has no vxlan devices"
for ns in "$A" "$M"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
# examples/tunnel.click's defaults: a's va, kclick's ma, a's vxa as c
# sees it, c.
ip -n "$A" link set dev va address 02:00:0a:07:00:01
ip -n "$M" link set dev ma address 02:00:0a:07:00:02
ip -n "$A" link set dev vxa address 02:aa:00:00:00:01 mtu 1450
ip -n "$A" addr add 10.7.0.1/24 dev va
ip -n "$A" addr add 10.10.0.1/24 dev vxa
ip -n "$A" link set dev va up
ip -n "$M" link set dev ma up
ip -n "$A" link set dev vxa up
# No ARP: the graph is not running live, so a is told the MAC addresses.
ip -n "$A" neigh add 10.7.0.2 lladdr 02:00:0a:07:00:02 dev va
ip -n "$A" neigh add 10.10.0.2 lladdr 02:00:0a:0a:00:02 dev vxa
# The captured bytes must be final: no checksum left to the device.
ip netns exec "$A" ethtool -K va tx off >/dev/null 2>&1
ip netns exec "$A" ethtool -K vxa tx off >/dev/null 2>&1

python3 -c "
import sys; sys.path.insert(0, 'selftests/unit')
from frames import pcap; pcap('$W/empty.pcap', [])"
run() {	# run MA_IN MC_IN TAG: the example over these inputs
	cli/kclick run examples/tunnel.click --dev ma="$1:$W/ma.$3" \
		--dev mb="$W/empty.pcap:$W/mb.$3" --dev mc="$2:$W/mc.$3" >"$W/out.$3" 2>&1
}

ip netns exec "$M" timeout 30 tcpdump -i ma -c 2 -U -w "$W/cap.pcap" udp port 4789 >/dev/null 2>&1 &
cap=$!
sleep 1
ip netns exec "$A" ping -c 2 -i 0.3 -W 40 -s 1422 10.10.0.2 >"$W/ping" 2>&1 &
ping=$!
wait $cap
tcpdump -nn -vv -r "$W/cap.pcap" 2>/dev/null | sed 's/^/#   from a: /'
run "$W/cap.pcap" "$W/empty.pcap" 1
tap $? "kclick run examples/tunnel.click over what a's vxlan device sent"
tm=$(tcpdump -nn -e -vv -r "$W/mc.1" 2>/dev/null)
echo "$tm" | sed 's/^/#   mc: /'
[ "$(grep -c "02:aa:00:00:00:01 > 02:00:0a:0a:00:02, ethertype IPv4 (0x0800), length 1464" <<<"$tm")" = 2 ] &&
	[ "$(grep -c "10.10.0.1 > 10.10.0.2: ICMP echo request, id [0-9]*, seq [12], length 1430" <<<"$tm")" = 2 ]
tap $? "VXLANDecap takes Linux's VXLAN apart: both 1464-byte frames reach c's segment"

python3 - "$W/mc.1" "$W/c.pcap" <<'EOP'
import struct, sys
sys.path.insert(0, "selftests/unit")
from frames import echo, eth, ipv4, pcap, read_pcap  # noqa: E402
VXA, C = "02:aa:00:00:00:01", "02:00:0a:0a:00:02"
out, t = [], 1.0
for f in read_pcap(sys.argv[1]):
    if f[12:14] == b"\x08\x00" and f[23] == 1 and f[34] == 8:
        ihl = (f[14] & 15) * 4
        icmp = f[14 + ihl:14 + int.from_bytes(f[16:18], "big")]
        ident, seq = struct.unpack("!HH", icmp[4:8])
        out.append((t, eth(VXA, C, 0x800, ipv4("10.10.0.2", "10.10.0.1", 1, echo(ident, seq, icmp[8:], icmp_type=0)))))
        t += 0.1
pcap(sys.argv[2], out)
EOP
run "$W/empty.pcap" "$W/c.pcap" 2
tap $? "kclick run examples/tunnel.click over c's answers"
ta=$(tcpdump -nn -vv -r "$W/ma.2" 2>/dev/null)
echo "$ta" | sed 's/^/#   ma: /'
[ "$(grep -c "10.7.0.2.4789 > 10.7.0.1.4789: \[udp sum ok\] VXLAN, flags \[I\] (0x08), vni 42" <<<"$ta")" = 2 ]
tap $? "VXLANEncap and UDPIPEncap wrap them for a: VNI 42, UDP 4789, checksum right"

python3 - "$W/ma.2" <<'EOP' | ip netns exec "$M" python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("ma", 0))
for line in sys.stdin:
    s.send(bytes.fromhex(line.strip()))'
import sys
sys.path.insert(0, "selftests/unit")
from frames import read_pcap  # noqa: E402
for f in read_pcap(sys.argv[1]):
    print(f.hex())
EOP
wait $ping
sed 's/^/#   /' "$W/ping"
grep -q "2 packets transmitted, 2 received" "$W/ping"
tap $? "a's vxlan device accepts what kclick sent: ping gets both answers"
eq() { [ "$(ip netns exec "$A" cat "/sys/class/net/vxa/statistics/$1")" = "$2" ]; }
eq rx_packets 2 && eq rx_errors 0
tap $? "a's vxlan device received 2 packets, no errors"
echo "1..$n"
[ $failed = 0 ]
