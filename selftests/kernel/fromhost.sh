#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# FromHost (issue 13): a device a graph creates, whose traffic enters the
# graph; examples/fromhost-tunnel.click puts h's traffic to 10.77.0.0/16
# through the graph and back.
#
#   h: fake0 (10.77.0.1/16, made by graph "tun")
#        [ FromHost(fake0) -> src := 10.7.0.1 -> ToDevice(vh) ]
#        [ FromDevice(vh) -> from 10.77/16: dst := 10.77.0.1 -> ToHost(fake0) ]
#      vh (10.7.0.1/24) -------------------- c: vc (10.7.0.2/24), lo 10.77.0.2/32
#
# - install creates fake0 with its address, up; ping 10.77.0.2 from h goes
#   through the tunnel, the graph's counters equal what ping sent and got;
# - --replace keeps the device (same ifindex, counters carried), a new
#   PREFIX replaces the address; answers handed back by ToHost TYPE IP
#   (no Ethernet header) reach ping too;
# - a name clash (an existing device, another graph's FromHost device, two
#   FromHost of one name) is refused naming DEVNAME; ToDevice on a
#   FromHost device is refused; a failed install leaves no device;
# - ip link delete cannot delete it; remove deletes it; netns exit and
#   rmmod with the device up leave nothing behind.
source "$(dirname "$0")/topo.sh"

T=/tmp/fromhost.$$
trap 'cleanup_ns; rm -f $T.*' EXIT
NS_H=$(ns h)
NS_C=$(ns c)
for n in "$NS_H" "$NS_C"; do
	# IPv6 on fake0 would send router solicitations into the graph.
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip netns exec "$n" sysctl -qw net.ipv4.conf.all.rp_filter=0
	ip netns exec "$n" sysctl -qw net.ipv4.conf.default.rp_filter=0
done
ip -n "$NS_H" link add name vh type veth peer name vc netns "$NS_C"
ip -n "$NS_H" addr add 10.7.0.1/24 dev vh
ip -n "$NS_C" addr add 10.7.0.2/24 dev vc
ip -n "$NS_C" addr add 10.77.0.2/32 dev lo
ip -n "$NS_H" link set dev vh up
ip -n "$NS_C" link set dev vc up

hx() { ip netns exec "$NS_H" "$@"; }
rd() { kc "$NS_H" read "$1"; }
ifindex() { hx cat "/sys/class/net/$1/ifindex" 2>/dev/null; }
has_addr() {	# has_addr DEV ADDR/LEN [NS]
	ip -n "${3:-$NS_H}" -4 -o addr show dev "$1" | grep -q "inet $2 "
}
exists() { [ -n "$(ifindex "$1")" ]; }
gone() { [ -z "$(ifindex "$1")" ]; }
is_up() { hx ip -o link show dev "$1" | grep -q '[<,]UP[,>]'; }
not() { ! "$@"; }
received() {	# the "N received" of ping's summary in file $1
	sed -n 's/.* \([0-9]*\) received.*/\1/p' "$1"
}
refused() {	# refused DESCRIPTION PATTERN CONFIG: install fails saying PATTERN
	local err r
	printf '%s\n' "$3" >$T.bad
	err=$(kc "$NS_H" install bad $T.bad 2>&1)
	case $err in *"$2"*) r=0 ;; *) r=1 ;; esac
	kc "$NS_H" remove bad >/dev/null 2>&1
	ok $r "$1: $err"
}

TUN="DEV=vh ME=10.7.0.1 GW=10.7.0.2"
conf=$KC_TOP/examples/fromhost-tunnel.click

# --- 1. install: the device, its address, a ping through the tunnel ---
check "install examples/fromhost-tunnel.click" -- \
	kc "$NS_H" install tun "$conf" $TUN
check "fake0 exists in h" -- exists fake0
check "fake0 has 10.77.0.1/16 (added by kclick install)" -- \
	has_addr fake0 10.77.0.1/16
check "fake0 is up" -- is_up fake0
idx=$(ifindex fake0)
eq "tun/fh.ifindex is fake0's index" "$(rd tun/fh.ifindex)" "$idx"
eq "tun/fh.prefix" "$(rd tun/fh.prefix)" 10.77.0.1/16
hx ping -c 5 -i 0.2 -W 5 10.77.0.2 >$T.ping 2>&1
cat $T.ping | sed 's/^/# /' | tail -3
eq "5 pings answered through the tunnel" "$(received $T.ping)" 5
eq "tun/out counted the 5 echo requests fake0 sent" "$(rd tun/out.count)" 5
eq "tun/back counted the 5 replies handed back on fake0" "$(rd tun/back.count)" 5
eq "tun/fh dropped nothing" "$(rd tun/fh.drops)" 0

# --- 2. replace keeps the device ---
check "replace tun with the same configuration" -- \
	kc "$NS_H" install --replace tun "$conf" $TUN
eq "fake0's ifindex is unchanged" "$(ifindex fake0)" "$idx"
check "fake0 keeps 10.77.0.1/16" -- has_addr fake0 10.77.0.1/16
hx ping -c 3 -i 0.2 -W 5 10.77.0.2 >$T.ping 2>&1
eq "3 more pings answered after the replace" "$(received $T.ping)" 3
eq "tun/out carried across the replace (5 + 3)" "$(rd tun/out.count)" 8
eq "tun/back carried across the replace (5 + 3)" "$(rd tun/back.count)" 8
# The answers handed back as IP packets (ToHost TYPE IP), no Ethernet header.
sed -e 's/^to_fake :: ToHost(fake0);/to_fake :: ToHost(fake0, TYPE IP);/' \
	-e '/-> EtherEncap(0x0800, PEER_ETH, TUN_ETH)/d' "$conf" >$T.confip
check "a variant of the example hands answers back with ToHost(fake0, TYPE IP)" -- \
	grep -q 'to_fake :: ToHost(fake0, TYPE IP)' $T.confip
check "... and has no EtherEncap" -- not grep -q EtherEncap $T.confip
check "replace tun with the ToHost TYPE IP variant" -- \
	kc "$NS_H" install --replace tun $T.confip $TUN
hx ping -c 3 -i 0.2 -W 5 10.77.0.2 >$T.ping 2>&1
eq "3 pings answered through ToHost TYPE IP" "$(received $T.ping)" 3
eq "tun/back counted them (8 + 3)" "$(rd tun/back.count)" 11
eq "tun/to_fake handed them all to the host (8 + 3)" "$(rd tun/to_fake.count)" 11
eq "tun/to_fake dropped none" "$(rd tun/to_fake.drops)" 0
sed 's|TUN 10.77.0.1/16|TUN 10.78.0.1/16|' "$conf" >$T.conf78
check "replace tun with a new PREFIX (10.78.0.1/16)" -- \
	kc "$NS_H" install --replace tun $T.conf78 $TUN
eq "fake0's ifindex is still unchanged" "$(ifindex fake0)" "$idx"
check "fake0 has 10.78.0.1/16" -- has_addr fake0 10.78.0.1/16
check "10.77.0.1/16 is gone from fake0" -- not has_addr fake0 10.77.0.1/16

# --- 3. refusals ---
refused "FromHost naming an existing device" "DEVNAME: device vh already exists" \
	'FromHost(vh) -> Discard;'
refused "FromHost naming another graph's device" "DEVNAME: device fake0 belongs to graph 'tun'" \
	'FromHost(fake0) -> Discard;'
refused "two FromHost of one DEVNAME" "another FromHost of this graph" \
	'FromHost(fake1) -> Discard; FromHost(fake1) -> Discard;'
refused "ToDevice on a FromHost device" "device fake2 is a FromHost device" \
	'FromHost(fake2) -> Queue -> ToDevice(fake2);'
check "refused installs leave no device behind (fake1)" -- gone fake1
check "refused installs leave no device behind (fake2)" -- gone fake2
check "ip link delete cannot delete fake0" -- not hx ip link delete fake0
eq "fake0 is still there" "$(ifindex fake0)" "$idx"

# --- 4. remove, netns exit, rmmod ---
check "remove tun" -- kc "$NS_H" remove tun
for _ in $(seq 50); do [ -z "$(ifindex fake0)" ] && break; sleep 0.1; done
check "remove deletes fake0" -- gone fake0

NS_X=$(ns x)
printf 'FromHost(fakex, 10.99.0.1/24) -> Discard;\n' >$T.x
check "install a FromHost graph in another namespace" -- kc "$NS_X" install x $T.x
check "fakex has its address there" -- has_addr fakex 10.99.0.1/24 "$NS_X"
live=$(cat /sys/module/kclick/parameters/live_graphs)
ip netns del "$NS_X"
for _ in $(seq 100); do
	[ "$(cat /sys/module/kclick/parameters/live_graphs)" -lt "$live" ] && break
	sleep 0.1
done
eq "netns exit removes the graph with its FromHost device" \
	"$(cat /sys/module/kclick/parameters/live_graphs)" $((live - 1))

check "install tun again" -- kc "$NS_H" install tun "$conf" $TUN
hx ping -c 1 -W 5 10.77.0.2 >/dev/null 2>&1
check "fake0 is up before rmmod" -- is_up fake0
check "rmmod with fake0 up" -- rmmod kclick
check "rmmod deletes fake0" -- gone fake0
check "the module loads again" -- insmod "$KC_KO"
tap_end
