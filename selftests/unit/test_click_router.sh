#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Click's classic IP router, conf/make-ip-conf.pl's output exactly as Click
# ships it (selftests/compat/generated/make-ip-conf.click), in `kclick run`
# with packets: hand-made frames from host a on eth0 (18.26.4.0/24, the
# router is 18.26.4.92) and host b on eth1 (1.0.0.0/8, the router is
# 1.0.0.1), in time order.  tcpdump -vv reads what left each interface and
# what went to the host, and checks the fields and every checksum.
cd "$(dirname "$0")/../.." || exit 1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
CONF=selftests/compat/generated/make-ip-conf.click
n=0
failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

python3 - "$W" <<'EOP'
import struct, sys
w = sys.argv[1]
R0, R1 = "00:00:c0:3b:71:ef", "00:00:c0:ca:68:ef"
A, B, C = "02:aa:00:00:00:0a", "02:bb:00:00:00:32", "02:cc:00:00:00:4d"

sys.path.insert(0, "selftests/unit")
from frames import arp, echo, eth, ipv4, pcap  # noqa: E402

a = [
    # a asks for its router.
    (1.0, eth("ff:ff:ff:ff:ff:ff", A, 0x806, arp(1, A, "18.26.4.10", "00:00:00:00:00:00", "18.26.4.92"))),
    # a pings b through the router: the router asks for b on eth1 first.
    (1.1, eth(R0, A, 0x800, ipv4("18.26.4.10", "1.0.0.50", 1, echo(7, 1)))),
    # TTL 1 towards b: time exceeded, sent back to a once a answers the
    # router's ARP query (a's reply at 1.35).
    (1.3, eth(R0, A, 0x800, ipv4("18.26.4.10", "1.0.0.50", 1, echo(7, 2), ttl=1))),
    (1.35, eth(R0, A, 0x806, arp(2, A, "18.26.4.10", R0, "18.26.4.92"))),
    # A ping to the router itself goes to the host (Click's ToHost).
    (1.4, eth(R0, A, 0x800, ipv4("18.26.4.10", "18.26.4.92", 1, echo(7, 3)))),
    # From the subnet's broadcast address: CheckIPHeader INTERFACES drops it.
    (1.5, eth(R0, A, 0x800, ipv4("18.26.4.255", "1.0.0.50", 1, echo(7, 4)))),
    # To c on a's own subnet: forwarded back out of eth0, plus a redirect.
    (1.6, eth(R0, A, 0x800, ipv4("18.26.4.10", "18.26.4.77", 17, struct.pack("!HHHH", 5000, 9, 12, 0) + b"abcd"))),
    (1.7, eth(R0, C, 0x806, arp(2, C, "18.26.4.77", R0, "18.26.4.92"))),
    # Not IP, not ARP: Print("eth0 non-IP") -> Discard.
    (1.8, eth(R0, A, 0x88b5, b"\0" * 46)),
]
b = [
    # b answers the router's query for it (made at 1.1).
    (1.2, eth(R1, B, 0x806, arp(2, B, "1.0.0.50", R1, "1.0.0.1"))),
]
pcap(w + "/a.pcap", a)
pcap(w + "/b.pcap", b)
EOP

out=$(cli/kclick run "$CONF" --dev eth0="$W/a.pcap:$W/eth0.pcap" \
	--dev eth1="$W/b.pcap:$W/eth1.pcap" --dev host=":$W/host.pcap" 2>&1)
tap $? "kclick run of Click's make-ip-conf.pl output, unchanged, over a's and b's frames"
echo "$out" | grep -E "drops|count|packets read|non-IP" | sed 's/^/#   /' | head -20
t0=$(tcpdump -nn -vv -e -r "$W/eth0.pcap" 2>/dev/null)
t1=$(tcpdump -nn -vv -e -r "$W/eth1.pcap" 2>/dev/null)
th=$(tcpdump -nn -vv -e -r "$W/host.pcap" 2>/dev/null)
echo "$t0" | sed 's/^/#   eth0: /' | head -40
echo "$t1" | sed 's/^/#   eth1: /' | head -20
echo "$th" | sed 's/^/#   host: /' | head -20
grep -q "Reply 18.26.4.92 is-at 00:00:c0:3b:71:ef" <<<"$t0"
tap $? "ARPResponder answers a's request for 18.26.4.92"
grep -q "Request who-has 1.0.0.50 tell 1.0.0.1" <<<"$t1"
tap $? "ARPQuerier asks for b on eth1"
grep -B1 "18.26.4.10 > 1.0.0.50: ICMP echo request, id 7, seq 1" <<<"$t1" | grep -q "ttl 63"
tap $? "a's ping leaves on eth1 with TTL 63 once b answered"
grep -A1 "ttl 254.*proto ICMP" <<<"$t0" | grep -q "18.26.4.92 > 18.26.4.10: ICMP time exceeded in-transit"
tap $? "TTL 1: time exceeded from 18.26.4.92 to a (ICMPError's TTL 255, less the DecIPTTL it passes on the way out, as in Click)"
grep -q "18.26.4.10 > 18.26.4.92: ICMP echo request, id 7, seq 3" <<<"$th"
tap $? "a ping to the router's own address goes to the host (ToHost)"
! grep -q "seq 4" <<<"$t0$t1$th"
tap $? "a packet from the subnet broadcast 18.26.4.255 goes nowhere (CheckIPHeader INTERFACES)"
grep -A1 "02:cc:00:00:00:4d.*ttl 63" <<<"$t0" | grep -q "18.26.4.10.5000 > 18.26.4.77.9: .*UDP"
tap $? "a packet for a's own subnet is forwarded back out of eth0 to c, TTL 63, once c answered"
grep -q "18.26.4.92 > 18.26.4.10: ICMP redirect 18.26.4.77 to host 18.26.4.77" <<<"$t0"
tap $? "and a gets an ICMP host redirect (PaintTee saw it leave by the way it came)"
grep -q "eth0 non-IP" <<<"$out"
tap $? "a frame that is neither IP nor ARP is printed as 'eth0 non-IP'"
! grep -qi "bad cksum\|wrong\|truncated" <<<"$t0$t1$th"
tap $? "tcpdump finds no bad checksum or truncated header in anything the router sent"
echo "1..$n"
[ $failed = 0 ]
