#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/lb.click: two virtual IPs in front of three backends, real Linux
# stacks in namespaces all round:
#
#   c1 10.9.1.11-14 --+                                           +-- b1 10.9.2.11
#   c2 10.9.1.21-24 --+-- br0 (cl) -- lc [lb] ls -- br0 (bl) -----+-- b2 10.9.2.12
#   c3 10.9.1.31-34 --+     VIPs 10.9.1.100 (round robin)         +-- b3 10.9.2.13
#                                10.9.1.101 (source hash)
#
# Each backend answers every line with its name.  Checked: 300 connections
# from the three clients at once spread within 10% over the backends (round
# robin) and each is answered by one backend throughout; every client
# address keeps one backend (source hash) and the addresses use more than
# one; a backend removed through rr.remove gets no new connections while
# the ones it has keep working to their end, and rr.add brings it back;
# sh.remove moves only the addresses of the backend removed.
source "$(dirname "$0")/topo.sh"
D=$(dirname "$0")
FT="$D/flowtool.py"
W=/tmp/lb.$$
mkdir -p $W
SRV=()
trap 'for p in "${SRV[@]}"; do kill "$p" 2>/dev/null; done; cleanup_ns; rm -rf $W' EXIT

NS_CL=$(ns cl)
NS_BL=$(ns bl)
NS_LB=$(ns lb)
CL=() BE=()
for i in 1 2 3; do CL+=("$(ns c$i)"); BE+=("$(ns b$i)"); done
for n in "$NS_CL" "$NS_BL" "$NS_LB" "${CL[@]}" "${BE[@]}"; do
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
for s in "$NS_CL" "$NS_BL"; do
	ip -n "$s" link add name br0 type bridge
	ip -n "$s" link set dev br0 up
done
ip -n "$NS_LB" link add name lc type veth peer name p0 netns "$NS_CL"
ip -n "$NS_LB" link add name ls type veth peer name p0 netns "$NS_BL"
ip -n "$NS_LB" link set dev lc address 02:00:0a:09:01:01
ip -n "$NS_LB" link set dev ls address 02:00:0a:09:02:01
ip -n "$NS_LB" link set dev lc up
ip -n "$NS_LB" link set dev ls up
CSRC=()
for i in 1 2 3; do
	c=${CL[$((i - 1))]} b=${BE[$((i - 1))]}
	ip -n "$c" link add name eth0 type veth peer name p$i netns "$NS_CL"
	ip -n "$b" link add name eth0 type veth peer name p$i netns "$NS_BL"
	srcs=
	for j in 1 2 3 4; do
		ip -n "$c" addr add 10.9.1.$i$j/24 dev eth0
		srcs=$srcs${srcs:+,}10.9.1.$i$j
	done
	CSRC+=("$srcs")
	ip -n "$b" addr add 10.9.2.1$i/24 dev eth0
	ip -n "$c" link set dev eth0 up
	ip -n "$b" link set dev eth0 up
	ip -n "$b" route add default via 10.9.2.1
done
for s in "$NS_CL" "$NS_BL"; do
	for p in p0 p1 p2 p3; do
		ip -n "$s" link set dev $p master br0
		ip -n "$s" link set dev $p up
	done
done

check "install examples/lb.click" -- kc "$NS_LB" install lb "$KC_TOP/examples/lb.click"
for i in 1 2 3; do
	ip netns exec "${BE[$((i - 1))]}" python3 "$FT" lb-backend 80 b$i &
	SRV+=($!)
done
for i in 1 2 3; do wait_listen "${BE[$((i - 1))]}" 80; done
check "c1 pings the VIP 10.9.1.100" -- \
	ip netns exec "${CL[0]}" ping -c 2 -i 0.3 -W 2 10.9.1.100

# clients VIP N TAG [HOLD]: the three clients at once, N connections each
# from their four addresses; JSON results in $W/TAG.1..3
clients() {
	local i pids=()
	for i in 1 2 3; do
		ip netns exec "${CL[$((i - 1))]}" python3 "$FT" lb-clients "$1" 80 "$2" \
			"${CSRC[$((i - 1))]}" ${4:+$4} >$W/$3.$i &
		pids+=($!)
	done
	[ -n "${4:-}" ] || wait "${pids[@]}"
	HOLDERS=("${pids[@]}")
}
# summary TAG [LINE]: "connections failed unsticky moved b1 b2 b3" over
# the three clients' JSON (LINE 1 or 2 of each file)
summary() {
	python3 - "$W" "$1" "${2:-1}" <<-'EOF'
	import json, sys
	w, tag, line = sys.argv[1], sys.argv[2], int(sys.argv[3])
	t = {"connections": 0, "failed": 0, "unsticky": 0, "moved": 0}
	be = {}
	for i in (1, 2, 3):
	    lines = open("%s/%s.%d" % (w, tag, i)).read().split("\n")
	    d = json.loads(lines[line - 1])
	    for k in t:
	        t[k] += d.get(k, 0)
	    for k, v in d["backends"].items():
	        be[k] = be.get(k, 0) + v
	print(t["connections"], t["failed"], t["unsticky"], t["moved"],
	      be.get("b1", 0), be.get("b2", 0), be.get("b3", 0))
	EOF
}
# by_src TAG: "ADDR BACKEND..." per client address
by_src() {
	cat $W/$1.1 $W/$1.2 $W/$1.3 | python3 -c '
import json, sys
for l in sys.stdin:
    for a, b in sorted(json.loads(l)["by_src"].items()):
        print(a, " ".join(sorted(b)))' | LC_ALL=C sort
}

# Round robin: 300 connections, 100 from each client.
clients 10.9.1.100 100 rr
read -r n fail unst _ b1 b2 b3 <<<"$(summary rr)"
echo "# round robin: $n connections, $fail failed, b1 $b1 b2 $b2 b3 $b3"
eq "300 connections to the VIP all answered" "$n $fail" "300 0"
eq "each answered by one backend throughout" "$unst" 0
for b in "$b1" "$b2" "$b3"; do
	[ "$b" -ge 90 ] && [ "$b" -le 110 ]
	ok $? "a backend got $b of 300 (within 10% of 100)"
done
kc "$NS_LB" read lb/rr.backends | sed 's/^/#   /'

# Source hash: 5 connections from each of 12 addresses.
clients 10.9.1.101 20 sh
read -r n fail unst _ b1 b2 b3 <<<"$(summary sh)"
echo "# source hash: $n connections, $fail failed, b1 $b1 b2 $b2 b3 $b3"
eq "60 connections to the hashed VIP all answered" "$n $fail" "60 0"
by_src sh >$W/sh.map
sed 's/^/#   /' $W/sh.map
eq "every client address stayed on one backend" \
	"$(awk 'NF != 2' $W/sh.map | wc -l) $(wc -l <$W/sh.map)" "0 12"
used=$(awk '{print $2}' $W/sh.map | sort -u | wc -l)
[ "$used" -ge 2 ]
ok $? "the 12 addresses use $used backends"

# Removal: 10 held connections per client (30), then b2 leaves rr.
clients 10.9.1.100 10 hold $W/go
for i in $(seq 100); do
	[ "$(cat $W/hold.1 $W/hold.2 $W/hold.3 2>/dev/null | wc -l)" = 3 ] && break
	sleep 0.2
done
read -r n fail _ _ b1 b2 b3 <<<"$(summary hold)"
echo "# held: $n connections, $fail failed, b1 $b1 b2 $b2 b3 $b3"
held_b2=$b2
[ "$fail" = 0 ] && [ "$b2" -ge 5 ]
ok $? "30 connections held open, $b2 of them on b2"
check "remove b2 through rr.remove" -- \
	kc "$NS_LB" write lb/rr.remove -- "- - 10.9.2.12 - 0 1"
kc "$NS_LB" read lb/rr.backends | sed 's/^/#   /'
clients 10.9.1.100 20 after
read -r n fail _ _ b1 b2 b3 <<<"$(summary after)"
echo "# after removal: $n connections, $fail failed, b1 $b1 b2 $b2 b3 $b3"
eq "60 new connections all answered" "$n $fail" "60 0"
eq "none of them went to b2" "$b2" 0
[ "$b1" -ge 27 ] && [ "$b3" -ge 27 ]
ok $? "b1 and b3 share them ($b1, $b3)"
touch $W/go
wait "${HOLDERS[@]}"
read -r n fail unst moved b1 b2h b3 <<<"$(summary hold 2)"
echo "# held, second round: $n connections, $fail failed, $moved moved, b1 $b1 b2 $b2h b3 $b3"
eq "the held connections all still answer, none moved" "$fail $unst $moved" "0 0 0"
eq "b2's held connections finished on b2" "$b2h" "$held_b2"
check "b2 comes back through rr.add" -- \
	kc "$NS_LB" write lb/rr.add -- "- - 10.9.2.12 - 0 1"
clients 10.9.1.100 10 back
read -r n fail _ _ b1 b2 b3 <<<"$(summary back)"
echo "# after add: $n connections, $fail failed, b1 $b1 b2 $b2 b3 $b3"
[ "$fail" = 0 ] && [ "$b2" -ge 5 ]
ok $? "b2 takes new connections again ($b2 of 30)"

# Consistent hashing: removing b3 from sh moves only b3's addresses.
check "remove b3 through sh.remove" -- \
	kc "$NS_LB" write lb/sh.remove -- "- - 10.9.2.13 - 0 1 3"
clients 10.9.1.101 8 sh2
by_src sh2 >$W/sh2.map
moved=$(LC_ALL=C join $W/sh.map $W/sh2.map | awk '$2 != "b3" && $2 != $3' | wc -l)
on3=$(awk '$2 == "b3"' $W/sh2.map | wc -l)
eq "no address goes to b3 now" "$on3" 0
eq "addresses of b1 and b2 stay where they were" "$moved" 0
LC_ALL=C join $W/sh.map $W/sh2.map | sed 's/^/#   /'
kc "$NS_LB" read lb/lbrw.size | sed 's/^/#   flows: /'

out=$(kc "$NS_LB" write lb/rr.remove -- "- - 10.9.2.99 - 0 1" 2>&1)
[[ "$out" == Error:*"not a backend"* ]]
ok $? "removing a backend that is not there is refused ($out)"
check "remove" -- kc "$NS_LB" remove lb
rm -rf $W
tap_end
