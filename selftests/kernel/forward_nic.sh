#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Forwarding through real NIC drivers: the guest's two e1000e (and then its
# two virtio-net) NICs are wired back to back, so a packet the graph sends
# out of kce0 is received by kce1's driver (NAPI, GRO) in namespace b, and
# b's replies come back in through kce0's receive path into the graph.
#
#   a: va ---- ma [ FromDevice(ma) -> ToDevice(NIC0) ] NIC0 ~~wire~~ NIC1: b
#                 [ FromDevice(NIC0) -> Queue -> ToDevice(ma) ]
source "$(dirname "$0")/topo.sh"

nic_pair() {	# nic_pair NIC0 NIC1 SUBNET
	local n0=$1 n1=$2 net=$3 conf=/tmp/nic.$$.click
	NS_A=$(ns "a$n0")
	NS_M=$(ns "m$n0")
	NS_B=$(ns "b$n0")
	ip -n "$NS_A" link add name va type veth peer name ma netns "$NS_M"
	ip link set dev "$n0" netns "$NS_M"
	ip link set dev "$n1" netns "$NS_B"
	ip -n "$NS_A" addr add "$net.1/24" dev va
	ip -n "$NS_B" addr add "$net.2/24" dev "$n1"
	for n in "$NS_A" "$NS_M" "$NS_B"; do
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	done
	ip -n "$NS_A" link set dev va up
	ip -n "$NS_M" link set dev ma up
	ip -n "$NS_M" link set dev "$n0" up
	ip -n "$NS_B" link set dev "$n1" up
	# e1000e's link comes up a moment after "up": wait for both ends.
	for _ in $(seq 100); do
		[ "$(ip netns exec "$NS_M" cat "/sys/class/net/$n0/operstate")" = up ] &&
		[ "$(ip netns exec "$NS_B" cat "/sys/class/net/$n1/operstate")" = up ] &&
			break
		sleep 0.1
	done
	cat >"$conf" <<-EOF2
	out :: Counter;
	back :: Counter;
	FromDevice(ma) -> out -> ToDevice($n0);
	// The NIC filters by MAC: a middlebox port must see every frame.
	FromDevice($n0, PROMISC true) -> back -> Queue -> ToDevice(ma);
	EOF2
	check "$n0: install a graph forwarding between ma and $n0" -- \
		kc "$NS_M" install nic "$conf"
	check "$n0: ping a -> b over the $n0/$n1 wire" -- \
		ip netns exec "$NS_A" ping -c 5 -i 0.2 -W 3 "$net.2"
	head -c 1000000 /dev/urandom >/tmp/nic.$$.data
	ip netns exec "$NS_B" sh -c "timeout 60 nc -l -p 5001 >/tmp/nic.$$.recv" &
	srv=$!
	wait_listen "$NS_B" 5001
	ip netns exec "$NS_A" sh -c "nc -q 1 -w 15 $net.2 5001 </tmp/nic.$$.data"
	wait $srv
	check "$n0: 1 MB TCP transfer a -> b arrives intact" -- \
		cmp /tmp/nic.$$.data /tmp/nic.$$.recv
	# GRO merges TCP segments before the RX hook, so exact counts are
	# compared over pings.
	# A late packet of the transfer or an ARP probe can arrive between
	# two reads (debug run 9: back 20, driver 22): back.count is read on
	# both sides of each driver reading, and the driver's count must lie
	# between what back counted strictly inside the window and all of it.
	sleep 0.3
	kc "$NS_M" write nic/back.reset 1
	rx0=$(rx_packets "$NS_M" "$n0")
	bs=$(kc "$NS_M" read nic/back.count)
	ip netns exec "$NS_A" ping -c 20 -i 0.05 -W 3 -q "$net.2" >/dev/null
	sleep 0.3
	be1=$(kc "$NS_M" read nic/back.count)
	rx=$(( $(rx_packets "$NS_M" "$n0") - rx0 ))
	be2=$(kc "$NS_M" read nic/back.count)
	[ "$rx" -ge 20 ] && [ "$rx" -ge $((be1 - bs)) ] && [ "$rx" -le "$be2" ]
	ok $? "$n0: back.count matches packets the $n0 driver received ($rx, back $((be1 - bs))..$be2)"
	check "$n0: remove the graph" -- kc "$NS_M" remove nic
	# Give the NICs back to the root namespace for the next test.
	ip -n "$NS_M" link set dev "$n0" netns 1
	ip -n "$NS_B" link set dev "$n1" netns 1
	rm -f /tmp/nic.$$.*
}

for pair in "kce0 kce1 10.8.1" "kcv0 kcv1 10.8.2"; do
	set -- $pair
	if [ ! -e "/sys/class/net/$1" ] || [ ! -e "/sys/class/net/$2" ]; then
		ok 1 "NICs $1/$2 exist (run inside scripts/vm)"
		continue
	fi
	nic_pair "$@"
done
tap_end
