#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# FromDevice(ma, METHOD XDP): graphs on the XDP receive path (issue 14),
# in native and in generic XDP mode, on the a - mid - b veth topology:
#
#   a: va ---- ma [ FromDevice(ma, METHOD XDP) -> c :: Counter -> ... ] mb ---- vb: b
#
# Each graph's counters must equal the frames sent (ethping.py sends raw
# frames of an experimental ethertype, which no stack answers or counts
# twice): Discard (XDP_DROP), Classifier -> Paint -> PaintSwitch, EtherMirror -> ToDevice(ma) (XDP_TX: every
# frame comes back), ToDevice(mb) (a redirect: vb receives them), ToHost
# (XDP_PASS: ping reaches mid's own address).  Then a graph the XDP path
# cannot run is refused naming the element, graphs are replaced under
# traffic without a frame unaccounted, and after remove no XDP program is
# left on the device.
source "$(dirname "$0")/topo.sh"

[ -e /sys/kernel/btf/kclick ] ||
	skip_all "kclick.ko has no BTF (/sys/kernel/btf/kclick): built with KC_BTF=0? METHOD XDP needs it"
command -v bpftool >/dev/null || skip_all "bpftool is missing (scripts/install-deps)"
[ -f "$KC_TOP/build/xdp_pass.bpf.o" ] || skip_all "build/xdp_pass.bpf.o is missing (make user)"

topo_amb
# veth delivers XDP_TX and redirected frames to its peer only through the
# peer's NAPI, which GRO turns on (no program needed there).
ip netns exec "$NS_A" ethtool -K va gro on >/dev/null
ip netns exec "$NS_B" ethtool -K vb gro on >/dev/null
T=/tmp/xdp.$$
N=200
MA_MAC=$(ip netns exec "$NS_M" cat /sys/class/net/ma/address)

# prog_on NS DEV: the XDP program id on DEV, empty if none.
prog_on() {
	ip -n "$1" -j link show dev "$2" | python3 -c '
import json, sys
l = json.load(sys.stdin)[0]
x = l.get("xdp", {})
print(x.get("prog", {}).get("id", "") if x else "")'
}

# no_prog_loaded: true once no kclick_xdp program is loaded at all (a
# detached program is freed after an RCU grace period: poll up to 5 s).
no_prog_loaded() {
	local i
	for i in $(seq 25); do
		bpftool prog show 2>/dev/null | grep -q kclick_xdp || return 0
		sleep 0.2
	done
	return 1
}

# ethping from a: N frames to ma's address; prints "sent N returned M intact K".
ping_frames() { ip netns exec "$NS_A" python3 "$KC_TOP/selftests/kernel/ethping.py" va "$N" "$MA_MAC" 2>&1; }

for mode in native generic; do
	export KCLICK_XDP_MODE=$mode
	echo "# --- $mode XDP"

	# 1. Count and drop.
	cat >"$T.drop" <<-EOF
	fd :: FromDevice(ma, METHOD XDP) -> c :: Counter -> d :: Discard;
	EOF
	check "$mode: install a counting, dropping XDP graph" -- kc "$NS_M" install x "$T.drop"
	id=$(prog_on "$NS_M" ma)
	[ -n "$id" ]
	ok $? "$mode: an XDP program is on ma (id '$id')"
	kc "$NS_M" show x >"$T.show"
	grep -q "ma ifindex .*, xdp $mode" "$T.show"
	r=$?
	ok $r "$mode: kclick show reports xdp $mode on ma"
	[ $r -eq 0 ] || sed 's/^/#   /' "$T.show" | head -5
	jmode=$(kc "$NS_M" -j show x | python3 -c '
import json, sys
g = json.load(sys.stdin)
print([d.get("xdp", "") for d in g["devices"] if d["name"] == "ma"][0])')
	eq "$mode: kclick -j show: devices[ma].xdp" "$jmode" "$mode"
	out=$(ping_frames)
	echo "# $out"
	eq "$mode: Counter saw every frame" "$(kc "$NS_M" read x/c.count)" "$N"
	eq "$mode: Discard dropped every frame" "$(kc "$NS_M" read x/d.count)" "$N"
	eq "$mode: FromDevice count" "$(kc "$NS_M" read x/fd.count)" "$N"
	eq "$mode: FromDevice method" "$(kc "$NS_M" read x/fd.method)" "XDP"

	# 1b. Classifier, Paint and PaintSwitch decide on the frame: ethping's
	# frames (ethertype 0x88b5) take output 0 and are painted 1; none
	# may come out of PaintSwitch's output 0 (IPv4; whatever else the
	# host on a sends, ARP or IPv6, goes to o and is not judged).
	cat >"$T.cls" <<-EOF
	FromDevice(ma, METHOD XDP) -> cl :: Classifier(12/88b5, 12/0800, -);
	cl[0] -> Paint(1) -> ps :: PaintSwitch;
	cl[1] -> Paint(0) -> ps;
	cl[2] -> o :: Counter -> Discard;
	ps[0] -> p0 :: Counter -> Discard;
	ps[1] -> p1 :: Counter -> Discard;
	EOF
	check "$mode: replace with Classifier -> Paint -> PaintSwitch" -- kc "$NS_M" replace x "$T.cls"
	ping_frames >/dev/null
	eq "$mode: the Classifier sent every 0x88b5 frame to Paint(1), PaintSwitch to output 1" \
		"$(kc "$NS_M" read x/p1.count) $(kc "$NS_M" read x/p0.count)" "$N 0"

	# 2. XDP_TX: EtherMirror -> ToDevice on the receiving device.  On 6.1
	# a veth queues XDP_TX frames to its peer but wakes the peer only if
	# the peer has an XDP program (veth_xdp_flush): native mode gets
	# one that passes everything on va.
	if [ $mode = native ]; then
		ip -n "$NS_A" link set dev va xdpdrv obj "$KC_TOP/build/xdp_pass.bpf.o" sec xdp
		ok $? "native: an XDP_PASS program on va (the peer)"
	fi
	cat >"$T.tx" <<-EOF
	FromDevice(ma, METHOD XDP) -> c2 :: Counter -> EtherMirror -> t2 :: ToDevice(ma);
	EOF
	check "$mode: replace with EtherMirror -> ToDevice(ma)" -- kc "$NS_M" replace x "$T.tx"
	out=$(ping_frames)
	echo "# $out"
	case $out in "sent $N returned $N intact $N") r=0 ;; *) r=1 ;; esac
	ok $r "$mode: XDP_TX: every frame came back mirrored ($out)"
	if [ $r -ne 0 ]; then
		ip netns exec "$NS_M" ethtool -S ma 2>&1 | grep -v ': 0$' | sed 's/^/#   ma: /'
		ip netns exec "$NS_A" ethtool -S va 2>&1 | grep -v ': 0$' | sed 's/^/#   va: /'
		ip netns exec "$NS_A" ethtool -k va 2>&1 | grep receive-offload | sed 's/^/#   va: /'
	fi
	eq "$mode: ToDevice(ma) sent every frame" "$(kc "$NS_M" read x/t2.count)" "$N"

	[ $mode = native ] && ip -n "$NS_A" link set dev va xdpdrv off

	# 3. Redirect to another device.
	cat >"$T.redir" <<-EOF
	FromDevice(ma, METHOD XDP) -> c3 :: Counter -> t3 :: ToDevice(mb);
	EOF
	check "$mode: replace with ToDevice(mb)" -- kc "$NS_M" replace x "$T.redir"
	rx0=$(rx_packets "$NS_B" vb)
	ping_frames >/dev/null
	sleep 0.3
	eq "$mode: redirect: vb received every frame" "$(( $(rx_packets "$NS_B" vb) - rx0 ))" "$N"
	eq "$mode: ToDevice(mb) sent every frame" "$(kc "$NS_M" read x/t3.count)" "$N"

	# 4. XDP_PASS: ToHost, the host answers ping on mid's address.
	ip -n "$NS_M" addr add 10.7.0.3/24 dev ma
	cat >"$T.pass" <<-EOF
	FromDevice(ma, METHOD XDP) -> c4 :: Counter -> h :: ToHost;
	EOF
	check "$mode: replace with ToHost" -- kc "$NS_M" replace x "$T.pass"
	check "$mode: XDP_PASS: ping mid through the graph" -- \
		ip netns exec "$NS_A" ping -c 3 -i 0.2 -W 2 10.7.0.3
	# Two reads, and frames (a's ARP probes) may come between them: the
	# counts must agree once no frame did (up to 5 s).
	for i in $(seq 25); do
		c=$(kc "$NS_M" read x/c4.count)
		h=$(kc "$NS_M" read x/h.count)
		[ "$c" = "$h" ] && break
		sleep 0.2
	done
	[ "$c" -ge 3 ] && [ "$c" = "$h" ]
	ok $? "$mode: ToHost passed what Counter saw ($c, $h)"
	ip -n "$NS_M" addr del 10.7.0.3/24 dev ma
	# a's ARP entry would send unicast probes to ma for seconds to come,
	# frames the next graphs would count.
	ip -n "$NS_A" neigh flush dev va

	# 5. Remove: the program goes with the graph.
	check "$mode: remove the graph" -- kc "$NS_M" remove x
	eq "$mode: no XDP program on ma after remove" "$(prog_on "$NS_M" ma)" ""
	no_prog_loaded
	ok $? "$mode: no kclick_xdp program left loaded"
done
unset KCLICK_XDP_MODE

# 6. An element that needs an skb is refused, by name.
cat >"$T.bad" <<-EOF
FromDevice(ma, METHOD XDP) -> q :: Queue -> ToDevice(mb);
EOF
kc "$NS_M" install bad "$T.bad" >"$T.err" 2>&1
r=$?
[ $r -ne 0 ] && grep -q "'q' (Queue) cannot take XDP frames" "$T.err"
ok $? "a Queue after FromDevice METHOD XDP is refused, naming it"
[ $r -eq 0 ] || sed 's/^/#   /' "$T.err" | head -3
eq "nothing left on ma after the refused install" "$(prog_on "$NS_M" ma)" ""

# 6b. PollDevice takes XDP by itself where it can (issue 13): native XDP
# on a veth with only XDP-capable elements after it; the rx_handler with
# a Queue after it, and on e1000e (no native XDP), each saying why.
echo 'pd :: PollDevice(ma) -> pc :: Counter -> Discard;' >"$T.poll"
check "PollDevice(ma) -> Counter -> Discard installs" -- kc "$NS_M" install poll "$T.poll"
eq "PollDevice took XDP on the veth" "$(kc "$NS_M" read poll/pd.method)" "XDP"
eq "its mapping says why" "$(kc "$NS_M" read poll/pd.mapping)" \
	"XDP: native XDP on ma, and every element after it takes XDP frames"
[ -n "$(prog_on "$NS_M" ma)" ]
ok $? "the library put the XDP program on ma for it"
kc "$NS_M" show poll >"$T.pshow" 2>&1
grep -q "ma ifindex .*, xdp native" "$T.pshow"
ok $? "kclick show reports xdp native on ma"
grep -q "'mapping' handler" "$T.pshow"
ok $? "kclick show's note on PollDevice points at its mapping handler"
out=$(ping_frames)
eq "the XDP PollDevice counted every frame ($out)" "$(kc "$NS_M" read poll/pc.count)" "$N"
echo 'pd :: PollDevice(ma) -> q :: Queue -> ToDevice(mb);' >"$T.pollq"
check "replace with PollDevice(ma) -> Queue -> ToDevice(mb)" -- kc "$NS_M" replace poll "$T.pollq"
eq "PollDevice stayed on the rx_handler" "$(kc "$NS_M" read poll/pd.method)" "LINUX"
eq "its mapping names the Queue" "$(kc "$NS_M" read poll/pd.mapping)" \
	"LINUX: element 'q' (Queue) cannot take XDP frames"
eq "no XDP program on ma for it" "$(prog_on "$NS_M" ma)" ""
echo 'pd :: PollDevice(ma, METHOD LINUX) -> Discard;' >"$T.pollm"
check "replace with PollDevice(ma, METHOD LINUX)" -- kc "$NS_M" replace poll "$T.pollm"
eq "an explicit METHOD LINUX is obeyed" "$(kc "$NS_M" read poll/pd.mapping)" "LINUX: METHOD as configured"
check "remove it" -- kc "$NS_M" remove poll
if [ -e /sys/class/net/kce0 ]; then
	ip link set dev kce0 up
	echo 'pd :: PollDevice(kce0) -> Discard;' >"$T.polle"
	check "PollDevice(kce0) on e1000e installs" -- "$KCLICK" install polle "$T.polle"
	eq "e1000e has no native XDP: the rx_handler, saying so" \
		"$("$KCLICK" read polle/pd.mapping)" "LINUX: the device's driver has no native XDP"
	"$KCLICK" remove polle >/dev/null 2>&1
else
	ok 0 "# SKIP PollDevice on e1000e: no kce0 (not in scripts/vm)"
	ok 0 "# SKIP PollDevice on e1000e: no kce0 (not in scripts/vm)"
fi

# 7. Replace under traffic: XDP -> XDP -> rx_handler (LINUX) -> XDP; the
# Counter carries its count across replaces, so every frame sent must be
# counted once.  XDP -> LINUX: until the library detaches the program the
# kfunc passes and the rx_handler runs the new graph.  LINUX -> XDP: until
# the program is attached, the rx_handler runs the XDP graph on skbs.
cat >"$T.x1" <<-EOF
FromDevice(ma, METHOD XDP) -> c :: Counter -> Discard;
EOF
cat >"$T.l1" <<-EOF
FromDevice(ma) -> c :: Counter -> Discard;
EOF
check "install for the replace test" -- kc "$NS_M" install r "$T.x1"
ip netns exec "$NS_A" python3 "$KC_TOP/selftests/kernel/ethflood.py" va 6 "$MA_MAC" 1 2000 >"$T.flood" 2>&1 &
fl=$!
sleep 1
check "replace XDP -> XDP under traffic" -- kc "$NS_M" replace r "$T.x1"
sleep 0.5
check "replace XDP -> LINUX under traffic" -- kc "$NS_M" replace r "$T.l1"
eq "after the replace to LINUX no XDP program on ma" "$(prog_on "$NS_M" ma)" ""
sleep 0.5
check "replace LINUX -> XDP under traffic" -- kc "$NS_M" replace r "$T.x1"
[ -n "$(prog_on "$NS_M" ma)" ]
ok $? "the program is back on ma"
wait $fl
sent=$(sed -n 's/^sent \([0-9]*\).*/\1/p' "$T.flood")
sleep 0.3
eq "every frame sent was counted once across the replaces ($sent sent)" "$(kc "$NS_M" read r/c.count)" "$sent"
# The program holds the module (the verifier's reference for its kfunc):
# no unload while an XDP graph's program exists.
rmmod kclick 2>"$T.rmmod"
r=$?
[ $r -ne 0 ] && grep -qi "in use" "$T.rmmod"
ok $? "rmmod kclick is refused while the XDP program is attached ($(head -c 80 "$T.rmmod"))"
[ $r -ne 0 ] || insmod "$KC_KO"
check "remove under traffic" -- sh -c "ip netns exec $NS_A python3 $KC_TOP/selftests/kernel/ethflood.py va 2 $MA_MAC 1 2000 >/dev/null & sleep 0.5; ip netns exec $NS_M $KCLICK remove r; wait"
eq "no XDP program on ma after remove under traffic" "$(prog_on "$NS_M" ma)" ""

# 8. The device goes: its program goes with it; the graph waits for it.
check "install again" -- kc "$NS_M" install r "$T.x1"
ip -n "$NS_M" link del dev ma
no_prog_loaded
ok $? "deleting ma took the program with it"
check "remove after the device went" -- kc "$NS_M" remove r
rm -f "$T".*
tap_end
