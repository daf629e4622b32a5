#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/firewall.click between a and b: allowed TCP ports connect,
# denied ones do not, ICMP per rule; new rules written through the config
# handler take effect while an allowed transfer keeps going.  Then 1,000
# generated rules (IPClassifier) classify replayed packets exactly as a
# Python reference evaluates them.
source "$(dirname "$0")/topo.sh"
W=/tmp/fw.$$
mkdir -p $W

topo_amb
check "install examples/firewall.click" -- kc "$NS_M" install fw "$KC_TOP/examples/firewall.click"
check "ping a -> b is allowed" -- ip netns exec "$NS_A" ping -c 3 -i 0.2 -W 2 10.7.0.2
serve() {	# serve PORT: one connection on b, its data into $W/recv.PORT
	ip netns exec "$NS_B" sh -c "timeout 30 nc -l -p $1 >$W/recv.$1" &
	wait_listen "$NS_B" "$1"
}
serve 80
echo hello-80 | ip netns exec "$NS_A" nc -q 1 -w 5 10.7.0.2 80
wait
eq "TCP to port 80 is allowed" "$(cat $W/recv.80)" "hello-80"
ip netns exec "$NS_B" sh -c "timeout 4 nc -l -p 23 >$W/recv.23" &
wait_listen "$NS_B" 23
echo hello-23 | ip netns exec "$NS_A" timeout 3 nc -q 1 -w 2 10.7.0.2 23
wait
eq "TCP to port 23 is denied" "$(cat $W/recv.23 2>/dev/null)" ""
d=$(kc "$NS_M" read fw/fa.drops)
[ "$d" -gt 0 ]
ok $? "fa.drops counts the refused SYNs ($d)"

# A long allowed transfer while the rules change under it.
head -c 3000000 /dev/urandom >$W/data
ip netns exec "$NS_B" sh -c "timeout 60 nc -l -p 22 >$W/recv.22" &
wait_listen "$NS_B" 22
ip netns exec "$NS_A" sh -c "nc -q 1 -w 10 10.7.0.2 22 <$W/data" &
snd=$!
sleep 0.5
check "new rules through fa.config during the transfer" -- \
	kc "$NS_M" write fw/fa.config "allow tcp dst port 22 or 80, allow icmp type echo, deny all"
check "and again" -- \
	kc "$NS_M" write fw/fa.config "allow tcp dst port 22, deny all"
wait $snd
wait
check "the 3 MB allowed transfer arrived intact across both rule changes" -- cmp $W/data $W/recv.22
! ip netns exec "$NS_A" ping -c 2 -i 0.2 -W 1 10.7.0.2 >/dev/null 2>&1
ok $? "the last rules no longer allow ping"
out=$(kc "$NS_M" write fw/fa.config "allow tcp dst port http-x" 2>&1)
[[ "$out" == Error:*"rule 1"* ]]
ok $? "bad rules are refused, naming the rule"
echo "#   $out"
check "remove" -- kc "$NS_M" remove fw

# 1,000 generated rules against the reference.
python3 "$KC_TOP/scripts/genpcap.py" $W/in.pcap 3000 --seed 9 --flows 400
python3 "$KC_TOP/selftests/unit/classify_ref.py" $W/in.pcap 1000 7 $W/c.click >$W/want
sed -i 's/FromDevice(in)/FromDevice(ma)/' $W/c.click
check "a 1,000-rule IPClassifier installs" -- kc "$NS_M" install big $W/c.click
ip netns exec "$NS_A" python3 "$KC_TOP/selftests/kernel/pcapsend.py" va $W/in.pcap 50 >/dev/null
sleep 0.5
# One dump for all 1,001 Counters: packets into each (its count).
got=$(kc "$NS_M" -j stats big | python3 -c '
import json, sys
d = {e["name"]: e["inputs"][0]["packets"] for e in json.load(sys.stdin)["elements"] if e["class"] == "Counter"}
print(" ".join(str(d["o%d" % i]) for i in range(1001)))')
if [ "$got" = "$(cat $W/want)" ]; then
	ok 0 "every output counts what the reference expects"
else
	ok 1 "every output counts what the reference expects"
	python3 -c '
import sys
w = sys.argv[1].split(); g = sys.argv[2].split()
print("\n".join("#   output %d: want %s got %s" % (i, a, b) for i, (a, b) in enumerate(zip(w, g)) if a != b)[:800])' "$(cat $W/want)" "$got"
fi
check "remove it" -- kc "$NS_M" remove big
rm -rf $W
tap_end
