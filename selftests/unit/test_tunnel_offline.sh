#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# examples/tunnel.click unchanged in `kclick run`, on hand-made frames
# (selftests/unit/frames.py) as Linux's gre device (key 42 seq csum) and
# vxlan device (id 42, dstport 4789) on host a would send them, from b and
# from c; tcpdump -vv -e then reads what the graph sent out of each
# interface, the GRE checksums are verified independently, and the bad
# headers (wrong key or VNI, a repeated sequence number, a missing or
# wrong checksum, no VXLAN I flag) must be dropped and counted.  The same
# configuration runs against Linux's own devices in
# selftests/kernel/tunnel.sh.
cd "$(dirname "$0")/../.." || exit 1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
n=0
failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

python3 - "$W" <<'EOP'
import sys
w = sys.argv[1]
sys.path.insert(0, "selftests/unit")
from frames import arp, echo, eth, gre, ipv4, pcap, udp, vxlan  # noqa: E402

A, MA = "02:00:0a:07:00:01", "02:00:0a:07:00:02"   # a's va, kclick on ma
B, MB = "02:00:0a:09:00:02", "02:00:0a:09:00:01"   # b's vb, kclick on mb
VXA, C = "02:aa:00:00:00:01", "02:00:0a:0a:00:02"  # a's vxa, c's vc
BC = "ff:ff:ff:ff:ff:ff"


def ping(i, data=b"kclick-offline!!"):
    return ipv4("10.8.0.1", "10.9.0.2", 1, echo(7, i, data), ident=i)


def in_gre(payload, src="10.7.0.1"):
    return eth(MA, A, 0x800, ipv4(src, "10.7.0.2", 47, payload))


def in_vxlan(vni, frame, flags=0x08):
    u = udp("10.7.0.1", "10.7.0.2", 51000, 4789, vxlan(vni, frame, flags))
    if vni == 43:
        u = u[:6] + b"\0\0" + u[8:]   # udpcsum off: no UDP checksum
    return eth(MA, A, 0x800, ipv4("10.7.0.1", "10.7.0.2", 17, u))


bad = bytearray(gre(0x800, ping(6), key=42, seq=3, csum_on=True))
bad[-1] ^= 1
arp_c = eth(BC, VXA, 0x806, arp(1, VXA, "10.10.0.1", "00:00:00:00:00:00", "10.10.0.2"))
ma = [
    (1.0, eth(BC, A, 0x806, arp(1, A, "10.7.0.1", "00:00:00:00:00:00", "10.7.0.2"))),
    (1.1, in_gre(gre(0x800, ping(1), key=42, seq=0, csum_on=True))),
    (1.2, in_gre(gre(0x800, ping(2), key=42, seq=1, csum_on=True))),
    (1.3, in_gre(gre(0x800, ping(3), key=42, seq=1, csum_on=True))),   # repeated
    (1.4, in_gre(gre(0x800, ping(4), key=43, seq=2, csum_on=True))),   # key
    (1.5, in_gre(gre(0x800, ping(5), key=42, seq=2))),                 # no checksum
    (1.6, in_gre(bytes(bad))),                                         # bit flipped
    (1.7, in_vxlan(42, arp_c)),
    (1.8, in_vxlan(43, arp_c)),                                        # VNI
    (1.9, in_vxlan(42, arp_c, flags=0)),                               # no I flag
    (2.0, in_gre(gre(0x800, ping(8), key=42, seq=9, csum_on=True), src="10.7.0.9")),
]
mb = [
    (1.05, eth(BC, B, 0x806, arp(1, B, "10.9.0.2", "00:00:00:00:00:00", "10.9.0.1"))),
    (1.15, eth(MB, B, 0x800, ipv4("10.9.0.2", "10.8.0.1", 1, echo(7, 1, icmp_type=0)))),
    (1.25, eth(MB, B, 0x800, ipv4("10.9.0.2", "10.8.0.1", 17, udp("10.9.0.2", "10.8.0.1", 5000, 6000, b"x" * 1400)))),
    (1.35, eth(MB, B, 0x800, ipv4("10.9.0.2", "10.99.0.1", 1, echo(7, 9)))),
]
mc = [
    (1.75, eth(VXA, C, 0x806, arp(2, C, "10.10.0.2", VXA, "10.10.0.1"))),
]
pcap(w + "/ma.in", ma)
pcap(w + "/mb.in", mb)
pcap(w + "/mc.in", mc)
EOP

out=$(cli/kclick run examples/tunnel.click --dev ma="$W/ma.in:$W/ma.pcap" \
	--dev mb="$W/mb.in:$W/mb.pcap" --dev mc="$W/mc.in:$W/mc.pcap" 2>&1)
tap $? "kclick run examples/tunnel.click over a's, b's and c's frames"
ta=$(tcpdump -nn -vv -e -r "$W/ma.pcap" 2>/dev/null)
tb=$(tcpdump -nn -vv -e -r "$W/mb.pcap" 2>/dev/null)
tc=$(tcpdump -nn -vv -e -r "$W/mc.pcap" 2>/dev/null)
echo "$ta" | sed 's/^/#   ma: /' | head -30
echo "$tb" | sed 's/^/#   mb: /' | head -20
echo "$tc" | sed 's/^/#   mc: /' | head -10
grep -q "Reply 10.7.0.2 is-at 02:00:0a:07:00:02" <<<"$ta"
tap $? "ARPResponder answers a's request for the tunnel endpoint 10.7.0.2"
[ "$(grep -c "ICMP echo request, id 7" <<<"$tb")" = 2 ] &&
	grep -q "02:00:0a:09:00:01 > 02:00:0a:09:00:02, ethertype IPv4 (0x0800), length 58" <<<"$tb" &&
	grep -q "10.8.0.1 > 10.9.0.2: ICMP echo request, id 7, seq 1," <<<"$tb" &&
	grep -q "10.8.0.1 > 10.9.0.2: ICMP echo request, id 7, seq 2," <<<"$tb"
tap $? "the pings in GRE with key 42, sequence 0 and 1, checksum right, reach b on mb, decapsulated, no more"
grep -q "Reply 10.9.0.1 is-at 02:00:0a:09:00:01" <<<"$tb"
tap $? "ARPResponder answers b's request for its gateway"
gre_a=$(grep -c "GREv0, Flags \[checksum present, key present, sequence# present\], sum 0x[0-9a-f]*, off 0x0, key=0x2a, seq [01], proto IPv4 (0x0800), length" <<<"$ta")
[ "$gre_a" = 2 ] &&
	grep -A2 "seq 0, proto IPv4" <<<"$ta" | grep -q "10.9.0.2 > 10.8.0.1: ICMP echo reply, id 7, seq 1, length 24$" &&
	grep -q "10.7.0.2 > 10.7.0.1: GREv0" <<<"$ta" &&
	grep -A2 "seq 1, proto IPv4" <<<"$ta" | grep -q "10.9.0.2.5000 > 10.8.0.1.6000: \[udp sum ok\] UDP, length 1400"
tap $? "b's two packets for 10.8.0.0/24 leave on ma in GRE (checksum, key 42, sequence 0 and 1) from 10.7.0.2 to 10.7.0.1 ($gre_a)"
python3 - "$W/ma.pcap" <<'EOP'
import sys
sys.path.insert(0, "selftests/unit")
from frames import csum, read_pcap  # noqa: E402
n = 0
for f in read_pcap(sys.argv[1]):
    if f[12:14] == b"\x08\x00" and f[23] == 47:
        ihl = (f[14] & 15) * 4
        tot = int.from_bytes(f[16:18], "big")
        g = f[14 + ihl:14 + tot]
        assert csum(g) == 0, "GRE checksum wrong"
        assert csum(f[14:14 + ihl]) == 0, "outer IP checksum wrong"
        n += 1
sys.exit(0 if n == 2 else 1)
EOP
tap $? "both GRE packets' checksums verify (RFC 1071 sum over GRE header and payload, computed here)"
[ "$(grep -c "VXLAN, flags \[I\] (0x08), vni 42" <<<"$ta")" = 1 ] &&
	grep -q "10.7.0.2.4789 > 10.7.0.1.4789: \[udp sum ok\] VXLAN" <<<"$ta" &&
	grep -A1 "vni 42" <<<"$ta" | grep -q "02:00:0a:0a:00:02 > 02:aa:00:00:00:01.*Reply 10.10.0.2 is-at 02:00:0a:0a:00:02"
tap $? "c's ARP reply leaves on ma in VXLAN, VNI 42, UDP 4789 with checksum, frame intact"
[ "$(echo "$tc" | grep -c .)" = 1 ] &&
	grep -q "02:aa:00:00:00:01 > ff:ff:ff:ff:ff:ff.*Request who-has 10.10.0.2 tell 10.10.0.1" <<<"$tc"
tap $? "a's ARP request in VXLAN VNI 42 reaches c's segment on mc, and only it"
! grep -q "10.99.0.1\|seq 3,\|seq 4,\|seq 5,\|seq 6,\|seq 8," <<<"$ta$tb$tc"
tap $? "nothing else leaves: not b's packet outside the tunnel network, not the bad GRE or VXLAN packets"
! grep -qi "wrong\|bad cksum\|incorrect\|truncated" <<<"$ta$tb$tc"
tap $? "tcpdump finds no bad checksum or truncated header in anything the graph sent"
grep -A8 "^gd.drop_details:" <<<"$out" | tr -s ' ' >"$W/gd"
grep -q "^gd.count: 2$" <<<"$out" && grep -q "^gd.drops: 4$" <<<"$out" &&
	grep -q " 2 packets: bad or missing checksum" "$W/gd" &&
	grep -q " 1 packets: wrong key or VNI" "$W/gd" &&
	grep -q " 1 packets: missing or out-of-order sequence number" "$W/gd"
tap $? "GREDecap counts 2 good, and the repeated sequence number, the wrong key and the two checksums"
grep -A5 "^vd.drop_details:" <<<"$out" | tr -s ' ' >"$W/vd"
grep -q "^vd.count: 1$" <<<"$out" && grep -q "^vd.drops: 2$" <<<"$out" &&
	grep -q " 1 packets: bad version or flags" "$W/vd" &&
	grep -q " 1 packets: wrong key or VNI" "$W/vd"
tap $? "VXLANDecap counts 1 good, VNI 43 and the missing I flag"
grep -q "^ge.seq: 2$" <<<"$out" && grep -q "^ge.drops: 0$" <<<"$out"
tap $? "GREEncap numbered 2 packets and dropped none"
[ $failed = 0 ] || echo "$out" | grep -E "^(gd|vd|ge|ve|ul|to_a)\." | sed 's/^/#   /'
echo "1..$n"
[ $failed = 0 ]
