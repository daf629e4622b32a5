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


def echo(ident, seq, data=b"kclick-offline!!", icmp_type=8):
    """An ICMP echo request (or, with icmp_type 0, reply)."""
    m = struct.pack("!BBHHH", icmp_type, 0, 0, ident, seq) + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def pcap(path, frames):
    """Write (time in seconds, frame) pairs as an Ethernet pcap."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for t, fr in frames:
            f.write(struct.pack("<IIII", int(t), int(round((t % 1) * 1e6)),
                                len(fr), len(fr)) + fr)


# Tunnels (issue 15): headers as Linux's gre and vxlan devices send them,
# and a reader for what kclick run wrote.

def udp(src, dst, sport, dport, payload):
    """A UDP datagram with its checksum (pseudo-header from src, dst)."""
    h = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    ph = ip(src) + ip(dst) + struct.pack("!BBH", 0, 17, 8 + len(payload))
    s = csum(ph + h + payload) or 0xffff
    return h[:6] + struct.pack("!H", s) + payload


def gre(proto, payload, key=None, seq=None, csum_on=False, flags=0):
    """A GRE header (RFC 2784/2890) and payload; flags adds raw bits."""
    f = flags | (0x8000 if csum_on else 0) | \
        (0x2000 if key is not None else 0) | (0x1000 if seq is not None else 0)
    opt = b""
    if csum_on:
        opt += b"\0\0\0\0"
    if key is not None:
        opt += struct.pack("!I", key)
    if seq is not None:
        opt += struct.pack("!I", seq)
    g = struct.pack("!HH", f, proto) + opt + payload
    if csum_on:
        g = g[:4] + struct.pack("!H", csum(g)) + g[6:]
    return g


def vxlan(vni, frame, flags=0x08):
    """A VXLAN header (RFC 7348) and the inner Ethernet frame."""
    return struct.pack("!BBHI", flags, 0, 0, vni << 8) + frame


def read_pcap(path):
    """The frames of a classic pcap file (little-endian, as pcap() writes)."""
    with open(path, "rb") as f:
        d = f.read()
    out, off = [], 24
    while off + 16 <= len(d):
        n = struct.unpack("<I", d[off + 8:off + 12])[0]
        out.append(d[off + 16:off + 16 + n])
        off += 16 + n
    return out
