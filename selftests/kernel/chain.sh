#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Chaining graphs (issue 13): three graphs of one namespace hand a
# sequence-numbered UDP flow on through channels (ToChannel ->
# FromChannel), each installed and replaced on its own:
#
#   a: va ---- ma  [fw] --fw2mon--> [mon] --mon2out--> [out]  mb ---- b: vb
#                FromDevice(ma)                         ToDevice(mb)
#
# - every graph replaced in turn under the flow: every datagram arrives,
#   and any loss is matched by a counter (0 unexplained);
# - the downstream graph removed mid-flow: the sender counts exactly the
#   datagrams b misses, and traffic resumes when it is installed again;
# - a second receiver of a channel is refused, naming the owner;
# - two graphs sending to each other: bounded at 16 channel crossings a
#   packet, counted in ToChannel's loops;
# - netns exit and rmmod with channels live leave nothing behind.
source "$(dirname "$0")/topo.sh"

T=/tmp/chain.$$
LIVE=/sys/module/kclick/parameters/live_channels
topo_amb
# No ARP across the graphs: every frame that crosses is the flow.
mac_a=$(ip -n "$NS_A" -j link show dev va | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
mac_b=$(ip -n "$NS_B" -j link show dev vb | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
ip -n "$NS_A" neigh replace 10.7.0.2 lladdr "$mac_b" dev va nud permanent
ip -n "$NS_B" neigh replace 10.7.0.1 lladdr "$mac_a" dev vb nud permanent

cat >$T.fw <<'EOF'
// Firewall: UDP to port 7000 (0x1b58) passes, everything else is counted.
f :: Classifier(12/0800 23/11 36/1b58, -);
FromDevice(ma) -> f;
f[0] -> pass :: Counter -> t :: ToChannel(fw2mon);
f[1] -> deny :: Counter -> Discard;
EOF
cat >$T.mon <<'EOF'
// Monitor: counts and hands on.
r :: FromChannel(fw2mon) -> c :: Counter -> t :: ToChannel(mon2out);
EOF
cat >$T.out <<'EOF'
// Output: a Queue (carried across replaces) in front of the device.
r :: FromChannel(mon2out) -> q :: Queue(1000) -> td :: ToDevice(mb);
FromDevice(mb) -> back :: Counter -> ToDevice(ma);
EOF
cat >$T.out2 <<'EOF'
// Output without a Queue: nothing held in the graph when it is removed.
r :: FromChannel(mon2out) -> td :: ToDevice(mb);
FromDevice(mb) -> back :: Counter -> ToDevice(ma);
EOF

check "install out (receiver first)" -- kc "$NS_M" install out $T.out
check "install mon" -- kc "$NS_M" install mon $T.mon
check "install fw" -- kc "$NS_M" install fw $T.fw
eq "two channels live" "$(cat $LIVE)" 2
eq "mon/t.receiver names graph out" "$(kc "$NS_M" read mon/t.receiver)" out
eq "fw/t.receiver names graph mon" "$(kc "$NS_M" read fw/t.receiver)" mon

# A second receiver of a channel is refused, naming the owner.
printf 'FromChannel(mon2out) -> Discard;\n' >$T.dup
err=$(kc "$NS_M" install dup $T.dup 2>&1)
case $err in *"already received by graph 'out'"*) r=0 ;; *) r=1 ;; esac
ok $r "a second receiver of mon2out is refused: $err"

drops() {	# the engine's drops of graph $1
	kc "$NS_M" -j show "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["drops"])'
}
rd() { kc "$NS_M" read "$1"; }
wait_udp() {	# until b's receiver has bound UDP port 7000 (at most 20 s)
	local i
	for i in $(seq 100); do
		[ -n "$(ip netns exec "$NS_B" ss -Hlun "sport = :7000")" ] && return 0
		sleep 0.2
	done
	echo "# nothing listens on UDP port 7000 in b" >&2
}

# --- 1. every graph replaced in turn under the flow ---
COUNT=${KC_CHAIN_COUNT:-3000}
ip netns exec "$NS_B" python3 "$(dirname "$0")/udpseq.py" recv 7000 40 "$COUNT" \
	>$T.res 2>$T.err &
rcv=$!
wait_udp
ip netns exec "$NS_A" python3 "$(dirname "$0")/udpseq.py" send 10.7.0.2 7000 \
	"$COUNT" 300 &
snd=$!
# Rounds of three replaces (fw, mon, out) go on while the sender runs.
# A replace takes ~0.3 s on the release kernel and ~1.5 s on the debug
# kernel, so the number of rounds depends on the kernel: what must hold
# is that at least two whole rounds (each graph replaced twice) both began
# and ended while datagrams were still being sent.
fails=0 n=0 full=0
while kill -0 $snd 2>/dev/null && [ $n -lt 60 ]; do
	for g in fw mon out; do
		kc "$NS_M" install --replace $g $T.$g || fails=$((fails + 1))
		n=$((n + 1))
	done
	kill -0 $snd 2>/dev/null && full=$((full + 1))
done
wait $snd
wait $rcv
res=$(cat $T.res)
echo "# $res after $n replaces (fw, mon, out in turn)"
cat $T.err
ok $((full < 2)) "at least 2 rounds of replaces (fw, mon, out) under traffic ($full rounds, $n replaces)"
eq "every replace succeeds" "$fails" 0
missing=$(echo "$res" | awk '{print $4}')
counted=$(( $(rd fw/deny.count) + $(rd fw/t.drops) + $(rd fw/t.loops) +
	    $(rd mon/t.drops) + $(rd mon/t.loops) + $(rd out/q.drops) +
	    $(rd out/td.drops) + $(drops fw) + $(drops mon) + $(drops out) ))
echo "# missing $missing, dropped and counted on the way $counted;" \
	"fw/pass $(rd fw/pass.count) fw/t $(rd fw/t.count)" \
	"mon/r $(rd mon/r.count) mon/t $(rd mon/t.count)" \
	"out/r $(rd out/r.count) out/td $(rd out/td.count)"
ok $(( missing > counted )) "every lost datagram is counted ($missing lost, $counted counted): 0 unexplained"
entered=$(( $(rd fw/pass.count) + $(rd fw/deny.count) ))
eq "the chain sent on or counted every frame that entered it ($entered)" \
	"$(( $(rd out/td.count) + counted ))" "$entered"
eq "every datagram arrived exactly once" "$res" "received $COUNT missing 0 dup 0"
eq "fw/t.count = mon/r.count across replaces" "$(rd fw/t.count)" "$(rd mon/r.count)"
eq "mon/t.count = out/r.count across replaces" "$(rd mon/t.count)" "$(rd out/r.count)"

# --- 2. the downstream graph removed while the flow runs ---
check "out replaced by a graph without a Queue" -- \
	kc "$NS_M" install --replace out $T.out2
kc "$NS_M" write mon/t.reset ""
COUNT2=${KC_CHAIN_COUNT2:-1500}
ip netns exec "$NS_B" python3 "$(dirname "$0")/udpseq.py" recv 7000 15 "$COUNT2" \
	>$T.res 2>$T.err &
rcv=$!
wait_udp
ip netns exec "$NS_A" python3 "$(dirname "$0")/udpseq.py" send 10.7.0.2 7000 \
	"$COUNT2" 300 &
snd=$!
sleep 1.5
check "remove out mid-flow" -- kc "$NS_M" remove out
eq "mon/t.receiver is empty" "$(rd mon/t.receiver)" ""
sleep 1.5
check "install out again" -- kc "$NS_M" install out $T.out2
wait $snd
wait $rcv
res=$(cat $T.res)
cat $T.err
missing=$(echo "$res" | awk '{print $4}')
sdrops=$(rd mon/t.drops)
echo "# $res; mon/t.drops $sdrops"
ok $(( sdrops == 0 )) "the sender dropped and counted while out was gone ($sdrops)"
eq "b misses exactly what mon/t.drops counted" "$missing" "$sdrops"

# --- 3. a chain that loops back: bounded ---
for g in fw mon out; do kc "$NS_M" remove $g; done
eq "no channel left once the chain is removed" "$(cat $LIVE)" 0
cat >$T.l1 <<'EOF'
FromDevice(ma) -> in :: Counter -> ToChannel(lb);
FromChannel(la) -> t :: ToChannel(lb);
EOF
cat >$T.l2 <<'EOF'
FromChannel(lb) -> c :: Counter -> ToChannel(la);
EOF
check "install l1" -- kc "$NS_M" install l1 $T.l1
check "install l2 (closing the loop)" -- kc "$NS_M" install l2 $T.l2
ip netns exec "$NS_A" python3 "$(dirname "$0")/udpseq.py" send 10.7.0.2 7000 20 100
sleep 1
in=$(rd l1/in.count)
echo "# l1/in $in l2/c $(rd l2/c.count) l1/t.loops $(rd l1/t.loops)"
ok $(( in < 20 )) "20 datagrams entered the loop ($in)"
eq "each went round 8 times (16 crossings)" "$(rd l2/c.count)" $(( 8 * in ))
eq "then l1/t counted it in loops" "$(rd l1/t.loops)" "$in"
c1=$(rd l2/c.count)
sleep 1
eq "nothing circulates afterwards" "$(rd l2/c.count)" "$c1"

# --- 4. netns exit and rmmod with channels live ---
NS_X=$(ns x)
ip -n "$NS_X" link add name xa type veth peer name xb
printf 'FromDevice(xa) -> ToChannel(x1);\nFromChannel(x1) -> ToDevice(xb);\n' >$T.x
check "install a chained pair in a second namespace" -- kc "$NS_X" install x $T.x
eq "the same channel names in two namespaces are two channels" \
	"$(cat $LIVE)" 3
ip netns del "$NS_X"
for i in $(seq 50); do [ "$(cat $LIVE)" = 2 ] && break; sleep 0.2; done
eq "netns exit frees its channel" "$(cat $LIVE)" 2
check "rmmod with channels live" -- rmmod kclick
check "the module loads again" -- insmod "$KC_KO"
rm -f $T.*
tap_end
