#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The elements issue 3 needs, each on real traffic: EtherMirror sends
# frames back to their sender, Tee copies, Strip/Unstrip restore a frame,
# Paint/PaintSwitch steer, Print logs (rate limited), Idle plugs ports.
# Frames are raw Ethernet (ethertype 0x88b5) from selftests/kernel/ethping.py,
# so no host stack adds packets of its own.
source "$(dirname "$0")/topo.sh"
EP="$KC_TOP/selftests/kernel/ethping.py"
N=50

topo_amb
conf=/tmp/eb.$$.click
rd() { kc "$NS_M" read "g/$1" 2>&1; }
inst() { kc "$NS_M" install g --replace "$conf"; }

cat >"$conf" <<'EOC'
FromDevice(ma) -> c :: Counter -> EtherMirror -> ToDevice(ma);
EOC
check "install an EtherMirror graph" -- inst
check "EtherMirror returns $N frames to their sender, intact" -- \
	ip netns exec "$NS_A" python3 "$EP" va $N
eq "its Counter saw exactly those frames" "$(rd c.count)" "$N"

cat >"$conf" <<'EOC'
FromDevice(ma) -> Strip(14) -> s :: Counter -> Unstrip(14) -> EtherMirror -> ToDevice(ma);
EOC
check "replace with Strip(14) -> Unstrip(14) around the mirror" -- inst
check "frames come back whole after Strip and Unstrip" -- \
	ip netns exec "$NS_A" python3 "$EP" va $N
eq "Counter after Strip: $N" "$(rd s.count)" "$N"
b=$(rd s.byte_count)
eq "Strip took 14 bytes off each frame (bytes counted: 104 each)" "$b" "$((N * 104))"

cat >"$conf" <<'EOC'
t :: Tee(3);
FromDevice(ma) -> t;
t[0] -> c0 :: Counter -> Discard;
t[1] -> c1 :: Counter -> Discard;
t[2] -> c2 :: Counter -> EtherMirror -> ToDevice(ma);
EOC
check "replace with a Tee(3)" -- inst
check "Tee's last output still returns every frame" -- \
	ip netns exec "$NS_A" python3 "$EP" va $N
eq "Tee output 0 got a copy of each" "$(rd c0.count)" "$N"
eq "Tee output 1 got a copy of each" "$(rd c1.count)" "$N"
eq "Tee output 2 got each" "$(rd c2.count)" "$N"
printf 'FromDevice(ma) -> t :: Tee(3); t[0] -> Discard; t[1] -> Discard;\n' >/tmp/eb.$$.bad
out=$(kc "$NS_M" install bad /tmp/eb.$$.bad 2>&1)
case "$out" in
*"N is 3, but 2 outputs are connected"*) ok 0 "Tee(3) with 2 outputs is refused, naming N" ;;
*) ok 1 "Tee(3) with 2 outputs is refused, naming N"; echo "#   $out" ;;
esac

cat >"$conf" <<'EOC'
FromDevice(ma) -> p :: Paint(1) -> ps :: PaintSwitch;
ps[0] -> p0 :: Counter -> Discard;
ps[1] -> p1 :: Counter -> EtherMirror -> ToDevice(ma);
EOC
check "replace with Paint(1) -> PaintSwitch" -- inst
check "paint 1 goes out of PaintSwitch output 1" -- \
	ip netns exec "$NS_A" python3 "$EP" va $N
eq "output 0 saw nothing" "$(rd p0.count)" "0"
eq "output 1 saw every frame" "$(rd p1.count)" "$N"
check "write Paint's color handler" -- kc "$NS_M" write g/p.color 7
eq "color reads back" "$(rd p.color)" "7"
ip netns exec "$NS_A" python3 "$EP" va 10 >/dev/null
eq "paint 7 has no output: PaintSwitch drops and counts" "$(rd ps.drops)" "10"
out=$(kc "$NS_M" write g/p.color 300 2>&1)
[ $? = 1 ] && [[ "$out" == *COLOR* ]]
ok $? "color 300 is refused, naming COLOR"
echo "#   $out"

cat >"$conf" <<'EOC'
FromDevice(ma) -> pr :: Print(kcprint$$, 16) -> Discard;
Idle -> ToDevice(mb);
EOC
sed -i "s/\\\$\\\$/$$/" "$conf"
check "replace with Print and an Idle feeding a ToDevice" -- inst
ip netns exec "$NS_A" python3 "$EP" va 5 >/dev/null
sleep 0.2
p=$(rd pr.printed)
s=$(rd pr.suppressed)
eq "Print printed or suppressed every frame" "$((p + s))" "5"
echo "# printed $p suppressed $s"
dmesg | grep -q "kcprint$$: *118 | 02000000 0099"
ok $? "the kernel log has the Print line with label, length and bytes"
dmesg | grep "kcprint$$" | head -2 | sed 's/^/#   /'
check "Print ACTIVE false stops printing" -- kc "$NS_M" write g/pr.active false
ip netns exec "$NS_A" python3 "$EP" va 5 >/dev/null
eq "no more lines counted" "$(( $(rd pr.printed) + $(rd pr.suppressed) ))" "5"

cat >"$conf" <<'EOC'
FromDevice(ma) -> ci :: Counter -> Idle;
EOC
check "an Idle input takes packets and drops them" -- inst
ip netns exec "$NS_A" python3 "$EP" va 5 >/dev/null
eq "Counter before Idle counted them" "$(rd ci.count)" "5"
check "remove" -- kc "$NS_M" remove g
rm -f /tmp/eb.$$.*
tap_end
