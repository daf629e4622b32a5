#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/router.click between two subnets: host a (10.7.1.2) and host b
# (10.7.2.2), real Linux stacks in their own namespaces, route through the
# graph in mid.  Ping and a TCP stream cross it; ping -t 1 and traceroute
# see its ICMP time exceeded; an unrouted destination gets host
# unreachable; a DF packet over the MTU gets "fragmentation needed" and a
# non-DF one is fragmented; the ARP tables show the neighbours; a route
# added through rt.add takes effect.
source "$(dirname "$0")/topo.sh"
W=/tmp/router.$$
mkdir -p $W
trap 'cleanup_ns; rm -rf $W' EXIT

NS_A=$(ns a)
NS_M=$(ns mid)
NS_B=$(ns b)
ip -n "$NS_A" link add name va type veth peer name ma netns "$NS_M"
ip -n "$NS_B" link add name vb type veth peer name mb netns "$NS_M"
ip -n "$NS_M" link set dev ma address 02:00:0a:07:01:01
ip -n "$NS_M" link set dev mb address 02:00:0a:07:02:01
# Subnet a takes jumbo frames, so that a can send what the router must
# fragment (or refuse) on its way to b.
ip -n "$NS_A" link set dev va mtu 9000
ip -n "$NS_M" link set dev ma mtu 9000
for n in "$NS_A" "$NS_M" "$NS_B"; do
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$NS_A" addr add 10.7.1.2/24 dev va
ip -n "$NS_B" addr add 10.7.2.2/24 dev vb
ip -n "$NS_B" addr add 10.9.0.1/32 dev lo
ip -n "$NS_A" link set dev va up
ip -n "$NS_B" link set dev vb up
ip -n "$NS_M" link set dev ma up
ip -n "$NS_M" link set dev mb up
ip -n "$NS_A" route add default via 10.7.1.1
ip -n "$NS_B" route add default via 10.7.2.1
# Accept ICMP errors about our own probes without rate limits in the way.
ip netns exec "$NS_M" true

check "install examples/router.click" -- kc "$NS_M" install router "$KC_TOP/examples/router.click"
check "a pings the router's near address 10.7.1.1" -- \
	ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 2 10.7.1.1
check "a pings b across the router" -- \
	ip netns exec "$NS_A" ping -c 3 -i 0.3 -W 2 10.7.2.2
check "b pings the router's far address 10.7.1.1" -- \
	ip netns exec "$NS_B" ping -c 2 -i 0.3 -W 2 10.7.1.1

head -c 2000000 /dev/urandom >$W/data
ip netns exec "$NS_B" sh -c "timeout 60 nc -l -p 5001 >$W/recv" &
wait_listen "$NS_B" 5001
ip netns exec "$NS_A" timeout 60 nc -q 1 -w 10 10.7.2.2 5001 <$W/data
wait
check "a 2 MB TCP stream from a to b arrives intact" -- cmp $W/data $W/recv
# a's stack hands veth 64 KB GSO packets of MTU-sized segments: the
# router must judge them by their segments, not refuse them as too long.
eq "the stream's GSO packets needed no fragmentation errors" \
	"$(kc "$NS_M" read router/nf1.count)" "0"

out=$(ip netns exec "$NS_A" ping -c 1 -t 1 -W 2 10.7.2.2 2>&1)
[[ "$out" == *"From 10.7.1.1"*"Time to live exceeded"* ]]
ok $? "ping -t 1 gets time exceeded from 10.7.1.1"
echo "$out" | grep -i "from" | sed 's/^/#   /'

ip netns exec "$NS_A" traceroute -n -q 1 -w 2 -m 4 10.7.2.2 >$W/tr 2>&1
sed 's/^/#   /' $W/tr
hop1=$(awk '$1 == 1 {print $2}' $W/tr)
hop2=$(awk '$1 == 2 {print $2}' $W/tr)
eq "traceroute: hop 1 is the router" "$hop1" "10.7.1.1"
eq "traceroute: hop 2 is b" "$hop2" "10.7.2.2"

out=$(ip netns exec "$NS_A" ping -c 1 -W 2 10.9.9.9 2>&1)
[[ "$out" == *"From 10.7.1.1"*"Destination Host Unreachable"* ]]
ok $? "an unrouted destination gets host unreachable from the router"
echo "$out" | grep -i "from" | sed 's/^/#   /'

# Linux reports the router's "fragmentation needed" either as an ICMP
# error or, once it has lowered the path MTU, as a local EMSGSIZE: check
# the router sent it and that a's path MTU to b became 1500.
out=$(ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 2 -M do -s 3000 10.7.2.2 2>&1)
echo "$out" | grep -i "mtu\|from" | head -2 | sed 's/^/#   /'
n=$(kc "$NS_M" read router/nf1.count)
[ "${n:-0}" -ge 1 ]
ok $? "a 3000-byte DF ping gets fragmentation needed from the router ($n sent)"
pmtu=$(ip -n "$NS_A" route get 10.7.2.2 | grep -o 'mtu [0-9]*')
eq "a's path MTU to b is now the router's 1500" "$pmtu" "mtu 1500"
ip -n "$NS_A" route flush cache 2>/dev/null
check "a 3000-byte ping without DF is fragmented by the router and answered" -- \
	ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 2 -M dont -s 3000 10.7.2.2
f=$(kc "$NS_M" read router/fr1.fragments)
[ "${f:-0}" -ge 2 ]
ok $? "fr1 made the fragments ($f)"

t0=$(kc "$NS_M" read router/arpq0.table)
t1=$(kc "$NS_M" read router/arpq1.table)
echo "$t0" "$t1" | sed 's/^/#   /'
mac_a=$(ip -n "$NS_A" -j link show dev va | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
mac_b=$(ip -n "$NS_B" -j link show dev vb | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
[[ "$t0" == *"10.7.1.2 $mac_a ok"* ]]
ok $? "arpq0.table shows a (10.7.1.2 at $mac_a)"
[[ "$t1" == *"10.7.2.2 $mac_b ok"* ]]
ok $? "arpq1.table shows b (10.7.2.2 at $mac_b)"

! ip netns exec "$NS_A" ping -c 1 -W 1 10.9.0.1 >/dev/null 2>&1
ok $? "10.9.0.1 (behind b) is unreachable before its route"
check "add a route to 10.9.0.0/16 via b through rt.add" -- \
	kc "$NS_M" write router/rt.add "10.9.0.0/16 10.7.2.2 2"
check "now a reaches 10.9.0.1" -- ip netns exec "$NS_A" ping -c 2 -i 0.3 -W 2 10.9.0.1
out=$(kc "$NS_M" write router/rt.add "10.9.0.0/16 10.7.2.2 2" 2>&1)
[[ "$out" == Error:*"exists"* ]]
ok $? "adding it twice is refused ($out)"
kc "$NS_M" read router/rt.table | sed 's/^/#   /'
check "remove" -- kc "$NS_M" remove router
tap_end
