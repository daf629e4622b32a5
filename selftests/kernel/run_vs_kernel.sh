#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One configuration, two engines, the same packets: `kclick run` over a
# pcap offline, then the module with the pcap replayed into a veth.  Every
# element's counts must agree.  The counts depend on the packets' contents
# (lengths), so an engine that mishandled them would disagree.
source "$(dirname "$0")/topo.sh"
N=1500

topo_amb
W=/tmp/rvk.$$
mkdir -p $W
python3 "$KC_TOP/scripts/genpcap.py" $W/in.pcap $N --seed 11
cat >$W/conf.click <<'EOC'
// Count all, then only frames of at least 100 bytes, then at least 300.
FromDevice(ma) -> all :: Counter -> Strip(100) -> ge100 :: Counter
	-> Unstrip(100) -> t :: Tee(2);
t[0] -> Strip(300) -> ge400 :: Counter -> Discard;
t[1] -> Paint(1) -> ps :: PaintSwitch;
ps[0] -> Discard;
ps[1] -> one :: Counter -> Discard;
EOC
counts() {	# "name=count ..." of the Counters in `kclick run -j` output
	python3 -c '
import json, sys
d = json.load(sys.stdin)
out = []
for e in d["elements"]:
    if e["class"] == "Counter":
        out.append("%s=%s" % (e["name"], e["handlers"]["count"]))
print(" ".join(out))'
}
off=$("$KCLICK" -j run $W/conf.click --dev ma=$W/in.pcap | counts)
echo "# offline: $off"
[[ "$off" == "all=$N "* ]]
ok $? "kclick run counted all $N packets"

check "the same file installs in the kernel" -- kc "$NS_M" install rvk $W/conf.click
sent=$(ip netns exec "$NS_A" python3 "$KC_TOP/selftests/kernel/pcapsend.py" va $W/in.pcap 50)
echo "# sent: $sent"
sleep 0.5
kern=""
for c in all ge100 ge400 one; do
	kern+="$c=$(kc "$NS_M" read rvk/$c.count) "
done
kern=${kern% }
echo "# kernel:  $kern"
eq "the module's counts equal kclick run's" "$kern" "$off"
check "remove" -- kc "$NS_M" remove rvk
rm -rf $W
tap_end
