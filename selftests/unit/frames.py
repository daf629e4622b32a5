# SPDX-License-Identifier: GPL-2.0
"""Hand-made Ethernet/ARP/IPv4/ICMP frames and pcap files for the offline
router tests (test_router_offline.sh, test_click_router.sh)."""
import struct


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip(s):
    return bytes(int(x) for x in s.split("."))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def eth(dst, src, t, payload):
    """An Ethernet frame, padded to 60 bytes."""
    f = mac(dst) + mac(src) + struct.pack("!H", t) + payload
    return f + b"\0" * max(0, 60 - len(f))


def arp(op, sha, spa, tha, tpa):
    return (struct.pack("!HHBBH", 1, 0x800, 6, 4, op) + mac(sha) + ip(spa) +
            mac(tha) + ip(tpa))


def ipv4(src, dst, proto, payload, ttl=64, ident=1, df=False):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                    0x4000 if df else 0, ttl, proto, 0, ip(src), ip(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def echo(ident, seq, data=b"kclick-offline!!"):
    m = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def pcap(path, frames):
    """Write (time in seconds, frame) pairs as an Ethernet pcap."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for t, fr in frames:
            f.write(struct.pack("<IIII", int(t), int(round((t % 1) * 1e6)),
                                len(fr), len(fr)) + fr)
