#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/tunnel.click as one end of a GRE tunnel and a VXLAN tunnel whose
# other end is Linux's own gre and vxlan device on host a (issue 15).
# Ping and a TCP transfer each way cross each tunnel and arrive intact
# (flowtool.py: SHA-256 of what was sent and received); the largest packet
# that fits each tunnel's MTU crosses with DF; a's gre device counts no
# checksum errors in what kclick sent; a second gre device with key 43 and
# a vxlan device with VNI 43 on a are turned away by the graph (counted
# as wrong key / VNI).
#
#   a:  gra 10.8.0.1/24  (gre key 42 seq csum, mtu 1464)
#       vxa 10.10.0.1/24 (vxlan id 42 dstport 4789, mtu 1450)
#       va  10.7.0.1/24 ------ ma  mid: [ tunnel.click ]  mb ------ vb 10.9.0.2/24  b
#                                  10.7.0.2                 10.9.0.1  (mtu 1464)
#                                                            mc ------ vc 10.10.0.2/24 c
#                                                                      (mtu 1450)
#
# mid has no addresses: the graph answers ARP for 10.7.0.2 and 10.9.0.1,
# routes b's 10.8.0.0/24 traffic into GRE and bridges c's segment into
# VXLAN.  Offloads are off on every device (TSO/GSO on the senders, GRO
# on mid's): the encapsulating elements refuse GSO packets.
#
# Needs a kernel with gre and vxlan devices (Debian's, as modules); the
# debug kernel of make check-debug has neither: skipped there.
source "$(dirname "$0")/topo.sh"
FT="$(cd "$(dirname "$0")" && pwd)/flowtool.py"
W=/tmp/tunnel.$$
mkdir -p $W
trap 'cleanup_ns; rm -rf $W' EXIT
MB=2

command -v ethtool >/dev/null || skip_all "ethtool is needed to turn offloads off"
NS_A=$(ns a)
NS_M=$(ns mid)
NS_B=$(ns b)
NS_C=$(ns c)
for n in "$NS_A" "$NS_M" "$NS_B" "$NS_C"; do
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$NS_A" link add name va type veth peer name ma netns "$NS_M"
ip -n "$NS_B" link add name vb type veth peer name mb netns "$NS_M"
ip -n "$NS_C" link add name vc type veth peer name mc netns "$NS_M"
# The addresses examples/tunnel.click has by default ($A_MAC, $B_MAC, and
# its AddressInfo).
ip -n "$NS_A" link set dev va address 02:00:0a:07:00:01
ip -n "$NS_M" link set dev ma address 02:00:0a:07:00:02
ip -n "$NS_M" link set dev mb address 02:00:0a:09:00:01
ip -n "$NS_B" link set dev vb address 02:00:0a:09:00:02
ip -n "$NS_A" addr add 10.7.0.1/24 dev va
ip -n "$NS_A" link set dev va up
for d in ma mb mc; do
	ip -n "$NS_M" link set dev $d up
done

# Linux's tunnel ends, on a.
if ! ip -n "$NS_A" link add name gra type gre local 10.7.0.1 remote 10.7.0.2 \
	key 42 seq csum ttl 64 2>$W/err; then
	skip_all "this kernel has no gre devices: $(cat $W/err)"
fi
if ! ip -n "$NS_A" link add name vxa type vxlan id 42 local 10.7.0.1 \
	remote 10.7.0.2 dstport 4789 dev va 2>$W/err; then
	skip_all "this kernel has no vxlan devices: $(cat $W/err)"
fi
# The MTUs Linux gives them on a 1500-byte link, set so nothing depends on
# its choice: 1500 - 20 (IP) - 16 (GRE, key, sequence, checksum), and
# 1500 - 50 (IP, UDP, VXLAN, inner Ethernet).
ip -n "$NS_A" link set dev gra mtu 1464
ip -n "$NS_A" link set dev vxa mtu 1450
ip -n "$NS_A" addr add 10.8.0.1/24 dev gra
ip -n "$NS_A" addr add 10.10.0.1/24 dev vxa
ip -n "$NS_A" link set dev gra up
ip -n "$NS_A" link set dev vxa up
ip -n "$NS_A" route add 10.9.0.0/24 dev gra

# b routes to a's tunnel network through the graph; c is on the bridged
# segment.  Each has the MTU of its tunnel: the graph does not fragment.
ip -n "$NS_B" addr add 10.9.0.2/24 dev vb
ip -n "$NS_B" link set dev vb mtu 1464
ip -n "$NS_B" link set dev vb up
ip -n "$NS_B" route add 10.8.0.0/24 via 10.9.0.1
ip -n "$NS_C" addr add 10.10.0.2/24 dev vc
ip -n "$NS_C" link set dev vc mtu 1450
ip -n "$NS_C" link set dev vc up

nooffload() {	# nooffload NS DEV: every packet a single one on the wire
	local f
	for f in tso gso gro tx-gre-segmentation tx-gre-csum-segmentation \
		tx-udp_tnl-segmentation tx-udp_tnl-csum-segmentation; do
		ip netns exec "$1" ethtool -K "$2" "$f" off >/dev/null 2>&1
	done
	return 0
}
for d in va gra vxa; do nooffload "$NS_A" $d; done
for d in ma mb mc; do nooffload "$NS_M" $d; done
nooffload "$NS_B" vb
nooffload "$NS_C" vc

rd() { kc "$NS_M" read "tun/$1" 2>&1; }
# drop_details line of reason $2 of element $1, as a number
reason() { rd "$1.drop_details" | awk -v r="$2" 'index($0, r) { print $1 }'; }
sysstat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }

# transfer NAME FROM_NS TO_NS TO_ADDR PORT: MB megabytes over TCP,
# checked by their SHA-256 at both ends.
transfer() {
	local name=$1 from=$2 to=$3 addr=$4 port=$5 rp s r
	ip netns exec "$to" timeout 150 python3 "$FT" tcp-recv "$port" 120 >"$W/$name.recv" &
	rp=$!
	wait_listen "$to" "$port"
	ip netns exec "$from" timeout 120 python3 "$FT" tcp-send "$addr" "$port" $((MB << 20)) >"$W/$name.send"
	wait $rp
	echo "# sent: $(cat "$W/$name.send")"
	echo "# recv: $(cat "$W/$name.recv")"
	s=$(awk '{print $2 " " $4}' "$W/$name.send")
	r=$(awk '{print $2 " " $4}' "$W/$name.recv")
	[ -n "$s" ] && [ "$s" = "$r" ] && [ "${s%% *}" = $((MB << 20)) ]
}

check "install examples/tunnel.click" -- \
	kc "$NS_M" install tun "$KC_TOP/examples/tunnel.click"

# GRE.
check "a pings b through GRE (a's gre device, kclick at 10.7.0.2)" -- \
	ip netns exec "$NS_A" ping -c 3 -i 0.3 -W 3 10.9.0.2
check "b pings a's gre address 10.8.0.1 back through the graph's GREEncap" -- \
	ip netns exec "$NS_B" ping -c 3 -i 0.3 -W 3 10.8.0.1
transfer gre_ab "$NS_A" "$NS_B" 10.9.0.2 5001
ok $? "$MB MB over TCP from a to b through GRE arrive intact"
transfer gre_ba "$NS_B" "$NS_A" 10.8.0.1 5002
ok $? "$MB MB over TCP from b to a through GRE arrive intact"
check "a 1464-byte DF ping from b fits the GRE tunnel exactly (1500 outside)" -- \
	ip netns exec "$NS_B" ping -c 2 -i 0.3 -W 3 -M 'do' -s 1436 10.8.0.1
check "and one from a" -- \
	ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 3 -M 'do' -s 1436 10.9.0.2
echo "# gd.drop_details: $(rd gd.drop_details | tr '\n' ';')"
echo "# a's gra: rx $(sysstat "$NS_A" gra rx_packets) packets, errors $(sysstat "$NS_A" gra rx_errors)"
n=$(rd gd.count)
[ "$n" -gt 1000 ] 2>/dev/null
ok $? "GREDecap passed a's packets ($n)"
eq "a's gre device found no bad checksum in what GREEncap sent" \
	"$(sysstat "$NS_A" gra rx_crc_errors)" 0
eq "GREDecap found no bad checksum in what a's gre device sent" \
	"$(reason gd checksum)" 0
eq "no GSO packet reached GREEncap (offloads off)" "$(rd ge.gso_drops)" 0
eq "GREDecap refused no key and no header" \
	"$(($(reason gd "wrong key") + $(reason gd "flags") + $(reason gd "too short")))" 0

# VXLAN.
check "a pings c through VXLAN (ARP too crosses the bridge)" -- \
	ip netns exec "$NS_A" ping -c 3 -i 0.3 -W 3 10.10.0.2
check "c pings a's vxlan address 10.10.0.1" -- \
	ip netns exec "$NS_C" ping -c 3 -i 0.3 -W 3 10.10.0.1
transfer vx_ac "$NS_A" "$NS_C" 10.10.0.2 5003
ok $? "$MB MB over TCP from a to c through VXLAN arrive intact"
transfer vx_ca "$NS_C" "$NS_A" 10.10.0.1 5004
ok $? "$MB MB over TCP from c to a through VXLAN arrive intact"
check "a 1450-byte DF ping from c fits the VXLAN tunnel exactly (1500 outside)" -- \
	ip netns exec "$NS_C" ping -c 2 -i 0.3 -W 3 -M 'do' -s 1422 10.10.0.1
check "and one from a" -- \
	ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 3 -M 'do' -s 1422 10.10.0.2
echo "# vd.drop_details: $(rd vd.drop_details | tr '\n' ';')"
n=$(rd vd.count)
[ "$n" -gt 1000 ] 2>/dev/null
ok $? "VXLANDecap passed a's frames ($n)"
eq "no GSO packet reached VXLANEncap (offloads off)" "$(rd ve.gso_drops)" 0
eq "VXLANDecap refused nothing" "$(rd vd.drops)" 0
ip -n "$NS_A" neigh show 10.10.0.2 dev vxa | grep -q lladdr
ok $? "a learned c's address over the tunnel (ARP through VXLAN)"

# The wrong key, the wrong VNI: a's stack sends, the graph turns away.
k0=$(reason gd "wrong key")
v0=$(reason vd "wrong key")
# Like gra but for the key, so that the key is what GREDecap refuses
# (without csum it would refuse the missing checksum first).
ip -n "$NS_A" link add name gra43 type gre local 10.7.0.1 remote 10.7.0.2 \
	key 43 seq csum ttl 64
nooffload "$NS_A" gra43
ip -n "$NS_A" addr add 10.8.43.1/24 dev gra43
ip -n "$NS_A" link set dev gra43 up
ip -n "$NS_A" route add 10.9.43.0/24 dev gra43
ip -n "$NS_A" link add name vxa43 type vxlan id 43 local 10.7.0.1 \
	remote 10.7.0.2 dstport 4789 dev va
ip -n "$NS_A" addr add 10.10.43.1/24 dev vxa43
ip -n "$NS_A" link set dev vxa43 up
nooffload "$NS_A" vxa43
! ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 1 10.9.43.2 >/dev/null 2>&1
ok $? "a ping through a gre device with key 43 gets no answer"
! ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 1 10.10.43.2 >/dev/null 2>&1
ok $? "a ping into VNI 43 gets no answer"
k1=$(reason gd "wrong key")
v1=$(reason vd "wrong key")
[ "$k1" -ge $((k0 + 2)) ] 2>/dev/null
ok $? "GREDecap counted key 43 as the wrong key ($k0 -> $k1)"
[ "$v1" -ge $((v0 + 1)) ] 2>/dev/null
ok $? "VXLANDecap counted VNI 43 as the wrong VNI ($v0 -> $v1)"

check "remove the graph" -- kc "$NS_M" remove tun
! ip netns exec "$NS_A" ping -c 1 -W 1 10.9.0.2 >/dev/null 2>&1
ok $? "without it, nothing answers through the tunnel"
tap_end
