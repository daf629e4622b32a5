#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Smoke test of IPRewriter in the kernel (issue 12): a NAT in "mid"
# rewrites a's address to 10.7.0.100 on the way to b and back.  A UDP
# echo and a TCP transfer (GSO and CHECKSUM_PARTIAL skbs through veth)
# must come back intact, b must see only 10.7.0.100, and the table must
# list the flows.  The full NAT and load-balancer tests are nat*.sh.
#
#   a: va 10.7.0.1 --- ma [ mid: IPRewriter ] mb --- vb 10.7.0.2 :b
source "$(dirname "$0")/topo.sh"

topo_amb
mac() { ip -n "$1" -j link show dev "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])'; }
MA=$(mac "$NS_M" ma); MB=$(mac "$NS_M" mb)
VA=$(mac "$NS_A" va); VB=$(mac "$NS_B" vb)
# No ARP through the graph: static neighbours on both hosts.
ip -n "$NS_A" neigh replace 10.7.0.2 lladdr "$MA" dev va
ip -n "$NS_B" neigh replace 10.7.0.100 lladdr "$MB" dev vb
conf=/tmp/rwb.$$.click
cat >"$conf" <<EOC
rw :: IPRewriter(pattern 10.7.0.100 40000-40999 - - 0 1, drop,
		 UDP_TIMEOUT 30);
FromDevice(ma) -> ca :: Classifier(12/0800, -);
ca[0] -> Strip(14) -> CheckIPHeader -> [0]rw;
ca[1] -> Discard;
FromDevice(mb) -> cb :: Classifier(12/0800, -);
cb[0] -> Strip(14) -> CheckIPHeader -> [1]rw;
cb[1] -> Discard;
rw[0] -> EtherEncap(0x0800, $MB, $VB) -> ToDevice(mb);
rw[1] -> EtherEncap(0x0800, $MA, $VA) -> ToDevice(ma);
EOC
check "install a NAT graph with IPRewriter" -- kc "$NS_M" install g "$conf"

ip netns exec "$NS_B" python3 - >/tmp/rwb.$$.peer 2>&1 <<'EOP' &
import socket, threading
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("10.7.0.2", 9000))
t = socket.socket()
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("10.7.0.2", 9001)); t.listen(1)
u.settimeout(30); t.settimeout(30)
data, peer = u.recvfrom(2048)
print("udp from", peer[0], flush=True)
u.sendto(data, peer)
c, peer = t.accept()
print("tcp from", peer[0], flush=True)
c.settimeout(30)
while True:
    d = c.recv(65536)
    if not d:
        break
    c.sendall(d)
c.close()
EOP
srv=$!
sleep 1
out=$(ip netns exec "$NS_A" python3 - 2>&1 <<'EOP'
import hashlib, socket, threading
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.settimeout(5)
u.sendto(b"kclick-nat", ("10.7.0.2", 9000))
print("udp", u.recvfrom(2048)[0].decode())
t = socket.create_connection(("10.7.0.2", 9001), timeout=30)
blob = bytes(range(256)) * 8192   # 2 MB: GSO super-packets through veth
got = bytearray()
# Send from a thread while this one reads the echo: sending all 2 MB
# before reading deadlocks once the socket buffers in both directions
# are full (debug run 11: the client's sendall timed out).
def send():
    t.sendall(blob)
    t.shutdown(socket.SHUT_WR)
w = threading.Thread(target=send)
w.start()
while True:
    d = t.recv(65536)
    if not d:
        break
    got += d
w.join()
print("tcp", len(got), hashlib.sha1(got).hexdigest() == hashlib.sha1(blob).hexdigest())
EOP
)
wait $srv
echo "$out" | sed 's/^/#   /'
[[ $out == *"udp kclick-nat"* ]]
ok $? "a UDP echo goes through the NAT and back"
[[ $out == *"tcp 2097152 True"* ]]
ok $? "a 2 MB TCP echo comes back intact (checksums right on GSO skbs)"
sed 's/^/#   b: /' /tmp/rwb.$$.peer
[ "$(grep -c 'from 10.7.0.100' /tmp/rwb.$$.peer)" = 2 ]
ok $? "b sees only the NAT address 10.7.0.100"
tab=$(kc "$NS_M" read g/rw.table 2>&1)
echo "$tab" | sed 's/^/#   /'
[[ $tab == *"udp (10.7.0.1, "*" => (10.7.0.100, 40"* ]] &&
	[[ $tab == *"tcp (10.7.0.1, "*"10.7.0.2, 9001) => (10.7.0.100, 40"* ]]
ok $? "the table lists the UDP and TCP mappings"
eq "size says 2" "$(kc "$NS_M" read g/rw.size 2>&1)" "2"
check "replace the graph (the table moves to the new rw)" -- \
	kc "$NS_M" install g --replace "$conf"
eq "the new graph's rw has both flows" "$(kc "$NS_M" read g/rw.size 2>&1)" "2"
check "clear" -- kc "$NS_M" write g/rw.clear ""
eq "size 0 after clear" "$(kc "$NS_M" read g/rw.size 2>&1)" "0"
check "remove" -- kc "$NS_M" remove g
rm -f /tmp/rwb.$$.*
tap_end
