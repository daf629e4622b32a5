#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What a forwarding path owes the rest of the kernel: no loopback or
# non-Ethernet devices; frames a graph holds are no longer charged to the
# socket that sent them; per-namespace quotas on graphs and elements, each
# refusal saying which and how many; any graph the module accepts can be
# shown, however many ports one element has.
source "$(dirname "$0")/topo.sh"

PAR=/sys/module/kclick/parameters
trap 'echo 100000 >$PAR/max_graphs; echo 1048576 >$PAR/max_elements' EXIT
N=$(ns n)
conf=/tmp/hyg.$$

# --- devices kclick cannot use ---
refused() {	# refused DESC WANT-REGEX CONFIG
	echo "$3" >$conf.click
	out=$(kc "$N" install r $conf.click 2>&1)
	rc=$?
	echo "# $out"
	[ $rc != 0 ] && echo "$out" | grep -q "$2"
	ok $? "$1"
}
refused "FromDevice(lo) is refused, naming the device" \
	'device lo is a loopback device' 'FromDevice(lo) -> Discard;'
refused "ToDevice(lo) is refused, naming the device" \
	'device lo is a loopback device' 'Idle -> Queue -> ToDevice(lo);'
if ip -n "$N" tuntap add dev t0 mode tun 2>/dev/null ||
   ip -n "$N" link add t0 type ipip remote 10.1.1.1 2>/dev/null; then
	ip -n "$N" link set t0 up
	refused "a non-Ethernet device is refused, naming it" \
		'device t0 is not an Ethernet device' \
		'FromDevice(t0) -> Discard;'
else
	ok 0 "a non-Ethernet device is refused # SKIP neither tun nor ipip"
fi
[ -z "$(kc "$N" list)" ]
ok $? "nothing was installed"

# --- frames a graph holds are not the sender's any more ---
# A local UDP sender with the smallest send buffer, through a veth pair
# in its own namespace, into a Queue nobody pulls from: every frame must
# leave the socket (Queue holds 2000), none may block the sender.
ip -n "$N" link add v0 type veth peer name v1
ip -n "$N" addr add 10.9.0.1/24 dev v0
ip -n "$N" link set v0 up
ip -n "$N" link set v1 up
ip -n "$N" neigh add 10.9.0.2 lladdr 02:00:00:00:00:02 dev v0 nud permanent
echo 'FromDevice(v1) -> q :: Queue(2000) -> Idle;' >$conf.click
check "install FromDevice(v1) -> Queue -> Idle" -- kc "$N" install o $conf.click
cat >$conf.py <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1024)
s.setblocking(sys.argv[1] == "blocking")
n = 0
for i in range(int(sys.argv[2])):
    try:
        s.sendto(b"x" * 200, ("10.9.0.2", 9))
        n += 1
    except BlockingIOError:
        break
print(n)
PY
python3 -c 'import socket' # warm the cache: a cold start is slow under TCG
sent=$(ip netns exec "$N" timeout 120 python3 $conf.py nonblocking 1000)
eq "a non-blocking sender gets all 1000 frames out" "$sent" 1000
sent=$(ip netns exec "$N" timeout 120 python3 $conf.py blocking 500)
eq "a blocking sender does not sleep forever" "$sent" 500
len=$(kc "$N" read o/q.length)
[ "$len" -ge 1500 ]
ok $? "the Queue holds them ($len)"
check "remove it, frames and all" -- kc "$N" remove o

# --- quotas ---
echo 'Idle -> Discard;' >$conf.2
for i in 1 2 3; do kc "$N" install g$i $conf.2 >/dev/null || echo "# g$i?"; done
echo 3 >$PAR/max_graphs
out=$(kc "$N" install g4 $conf.2 2>&1)
echo "# $out"
echo "$out" | grep -q 'namespace has 3 graphs; the limit is 3'
ok $? "max_graphs=3: a 4th graph is refused, with the numbers"
check "max_graphs=3: replacing one of the three is fine" -- \
	kc "$N" install --replace g1 $conf.2
M=$(ns m)
check "max_graphs is per namespace" -- kc "$M" install g4 $conf.2
echo 100000 >$PAR/max_graphs
echo 10 >$PAR/max_elements
printf 'Idle -> Counter -> Counter -> Counter -> Discard;\n' >$conf.5
out=$(kc "$N" install g5 $conf.5 2>&1)
echo "# $out"
echo "$out" | grep -q 'namespace has 6 elements in 3 graphs; 5 more would pass the limit of 10'
ok $? "max_elements=10: 6 + 5 elements is refused, with the numbers"
check "max_elements=10: replacing 2 by 5 elements is fine (9)" -- \
	kc "$N" install --replace g1 $conf.5
check "max_elements=10: removing makes room" -- sh -c \
	"ip netns exec $N $KCLICK remove g2 && ip netns exec $N $KCLICK install g5 $conf.2"
echo 1048576 >$PAR/max_elements

# --- one element with many ports can be shown ---
# ~36 bytes a port: 1000 outputs do not fit one dump message.
{
	echo 'Idle -> t :: Tee(1000);'
	for i in $(seq 0 999); do echo "t[$i] -> Discard;"; done
} >$conf.big
check "install a Tee with 1000 outputs" -- kc "$M" install big $conf.big
out=$(kc "$M" -j show big | python3 -c '
import json, sys
g = json.load(sys.stdin)
t = [e for e in g["elements"] if e["name"] == "t"]
names = [e["name"] for e in g["elements"]]
print(len(t), len(t[0]["outputs"]), len(t[0]["inputs"]),
      len(t[0]["handlers"]) > 0, len(names) == len(set(names)),
      len(g["elements"]), len(g["connections"]),
      sorted(p["port"] for p in t[0]["outputs"]) == list(range(1000)))')
eq "show lists t once with all 1000 outputs, 1001 connections" "$out" \
	"1 1000 1 True True 1002 1001 True"
check "the text output works too" -- sh -c \
	"ip netns exec $M $KCLICK show big >/dev/null"

# --- many graphs: listed across messages, torn down with their namespace ---
P=$(ns p)
l0=$(cat $PAR/live_graphs)
echo 'Idle -> Discard;' >$conf.2
for i in $(seq 60); do kc "$P" install g$i $conf.2 >/dev/null || echo "# g$i?"; done
for i in 1 2 3; do
	ip -n "$P" link add d$i type veth peer name e$i
	echo "FromDevice(d$i) -> Discard; Idle -> ToDevice(e$i);" >$conf.d
	kc "$P" install d$i $conf.d >/dev/null || echo "# d$i?"
done
kc "$P" remove g30 >/dev/null
eq "list shows all 62 graphs, in install order" \
	"$(kc "$P" list | cut -d: -f1 | tr '\n' ' ')" \
	"$(for i in $(seq 60) d1 d2 d3; do [ $i != 30 ] && printf 'g%s ' $i; done |
	   sed 's/gd/d/g')"
ip netns del "$P"
for i in $(seq 120); do
	[ "$(cat $PAR/live_graphs)" = "$l0" ] && break
	sleep 0.5
done
eq "deleting the namespace frees its 62 graphs" "$(cat $PAR/live_graphs)" "$l0"

# --- rmmod while devices come and go ---
# Module exit mirrors init: no device event may reach a namespace's state
# after it is freed, and graphs still holding a deleted device let it go.
for i in $(seq 10); do
	ip -n "$N" link add w$i type veth peer name x$i
	ip -n "$N" link set w$i up
	echo "FromDevice(w$i) -> Discard; Idle -> ToDevice(x$i);" >$conf.w
	kc "$N" install w$i $conf.w >/dev/null || echo "# w$i?"
done
(for i in $(seq 10); do ip -n "$N" link del w$i; done) &
churn=$!
rmmod kclick
ok $? "rmmod while a namespace's devices are being deleted"
wait $churn
insmod "$KC_KO"
ok $? "the module loads again"
trap - EXIT
rm -f $conf $conf.*
tap_end
