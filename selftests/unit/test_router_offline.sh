#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/router.click unchanged in `kclick run`: hand-made frames from
# host a (on ma) and host b (on mb), in time order, go through the router;
# tcpdump -vv then reads what it sent out of each interface and checks the
# protocol fields and every checksum.  The same configuration runs in the
# kernel in selftests/kernel/router.sh.
cd "$(dirname "$0")/../.." || exit 1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
n=0
failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

python3 - "$W" <<'EOP'
import struct, sys
w = sys.argv[1]
RA, RB = "02:00:0a:07:01:01", "02:00:0a:07:02:01"
A, B = "02:aa:00:00:00:02", "02:bb:00:00:00:02"

sys.path.insert(0, "selftests/unit")
from frames import arp, echo, eth, ipv4, pcap  # noqa: E402

a = [
    (1.0, eth("ff:ff:ff:ff:ff:ff", A, 0x806, arp(1, A, "10.7.1.2", "00:00:00:00:00:00", "10.7.1.1"))),
    # The router asks for a (to answer the ping) at 1.1; a answers at 1.2.
    (1.1, eth(RA, A, 0x800, ipv4("10.7.1.2", "10.7.1.1", 1, echo(7, 1)))),
    (1.2, eth(RA, A, 0x806, arp(2, A, "10.7.1.2", RA, "10.7.1.1"))),
    (1.3, eth(RA, A, 0x800, ipv4("10.7.1.2", "10.7.2.2", 1, echo(7, 2), ttl=1))),
    (1.4, eth(RA, A, 0x800, ipv4("10.7.1.2", "10.7.2.2", 1, echo(7, 3)))),
    (1.6, eth(RA, A, 0x800, ipv4("10.7.1.2", "10.9.9.9", 17, struct.pack("!HHHH", 5000, 53, 12, 0) + b"abcd"))),
    (1.7, eth(RA, A, 0x800, ipv4("10.7.1.2", "10.7.2.2", 17, struct.pack("!HHHH", 5000, 9, 2008, 0) + bytes(2000), ident=9))),
    (1.8, eth(RA, A, 0x800, ipv4("10.7.1.2", "10.7.2.2", 17, struct.pack("!HHHH", 5000, 9, 2008, 0) + bytes(2000), df=True))),
]
b = [
    # b answers the router's query for it (made at 1.4) at 1.5.
    (1.5, eth(RB, B, 0x806, arp(2, B, "10.7.2.2", RB, "10.7.2.1"))),
]
pcap(w + "/a.pcap", a)
pcap(w + "/b.pcap", b)
EOP

out=$(cli/kclick run examples/router.click --dev ma="$W/a.pcap:$W/ma.pcap" \
	--dev mb="$W/b.pcap:$W/mb.pcap" 2>&1)
tap $? "kclick run examples/router.click over a's and b's frames"
echo "$out" | grep -E "arpq|count|packets read" | sed 's/^/#   /' | head -12
ta=$(tcpdump -nn -vv -e -r "$W/ma.pcap" 2>/dev/null)
tb=$(tcpdump -nn -vv -e -r "$W/mb.pcap" 2>/dev/null)
echo "$ta" | sed 's/^/#   ma: /' | head -40
echo "$tb" | sed 's/^/#   mb: /' | head -40
grep -q "Reply 10.7.1.1 is-at 02:00:0a:07:01:01" <<<"$ta"
tap $? "ARPResponder answers a's request for 10.7.1.1"
grep -q "Request who-has 10.7.1.2 tell 10.7.1.1" <<<"$ta"
tap $? "ARPQuerier asks for a before answering its ping"
grep -q "10.7.1.1 > 10.7.1.2: ICMP echo reply, id 7, seq 1" <<<"$ta"
tap $? "the router answers a's ping to 10.7.1.1"
grep -A1 "ttl 254.*proto ICMP" <<<"$ta" | grep -q "10.7.1.1 > 10.7.1.2: ICMP time exceeded in-transit"
tap $? "TTL 1 towards b: time exceeded from 10.7.1.1 (TTL 255, less the router's own DecIPTTL)"
grep -q "Request who-has 10.7.2.2 tell 10.7.2.1" <<<"$tb"
tap $? "ARPQuerier asks for b on mb"
grep -A1 "ttl 63" <<<"$tb" | grep -q "10.7.1.2 > 10.7.2.2: ICMP echo request, id 7, seq 3"
tap $? "the ping that waited for b's ARP reply leaves on mb with TTL 63"
grep -q "10.7.1.1 > 10.7.1.2: ICMP host 10.9.9.9 unreachable" <<<"$ta"
tap $? "no route to 10.9.9.9: host unreachable from 10.7.1.1"
frags=$(grep -c "10.7.1.2 > 10.7.2.2: ip-proto-17\|10.7.1.2.5000 > 10.7.2.2.9: UDP" <<<"$tb")
grep -q "flags \[+\], proto UDP (17), length 1500" <<<"$tb" && [ "$frags" -ge 2 ]
tap $? "a 2028-byte UDP packet without DF is fragmented for mb's MTU 1500 ($frags fragments)"
grep -q "10.7.1.1 > 10.7.1.2: ICMP 10.7.2.2 unreachable - need to frag (mtu 1500)" <<<"$ta"
tap $? "with DF it gets fragmentation needed, mtu 1500"
! grep -qi "bad cksum\|wrong\|truncated" <<<"$ta$tb"
tap $? "tcpdump finds no bad checksum or truncated header in anything the router sent"
echo "1..$n"
[ $failed = 0 ]
