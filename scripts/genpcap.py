#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic traffic for offline runs, tests and benchmarks.

  genpcap.py OUT.pcap COUNT [--seed N] [--flows N] [--bad-every N]
             [--no-icmp] [--unique]

Writes COUNT Ethernet/IPv4 packets (classic pcap, microsecond timestamps
10 us apart): 60% TCP, 30% UDP, 10% ICMP echo, over --flows flows (default
1000) between 10.0.0.0/16 and 10.1.0.0/16, payloads of varied length.  IP
and transport checksums are correct, so CheckIPHeader passes every packet;
with --bad-every N, every Nth packet gets a wrong IP checksum instead.
--no-icmp makes the ICMP tenth TCP and UDP too (two to one); --unique
gives every packet a flow of its own (packet i carries flow i: a NAT sees
a new flow each time; up to 2^24 distinct).  Same arguments, same bytes.
"""
import argparse
import random
import struct


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip_header(src, dst, proto, payload_len, ident, ttl=64):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, ident, 0,
                    ttl, proto, 0, src, dst)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:]


def l4(proto, src, dst, sport, dport, payload, seq):
    pseudo = src + dst
    if proto == 6:
        h = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, 0x18,
                        65535, 0, 0)
        c = csum(pseudo + struct.pack("!BBH", 0, 6, len(h) + len(payload)) + h + payload)
        return h[:16] + struct.pack("!H", c) + h[18:] + payload
    if proto == 17:
        h = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
        c = csum(pseudo + struct.pack("!BBH", 0, 17, len(h) + len(payload)) + h + payload) or 0xffff
        return h[:6] + struct.pack("!H", c) + payload
    h = struct.pack("!BBHHH", 8, 0, 0, sport, seq & 0xffff)
    c = csum(h + payload)
    return h[:2] + struct.pack("!H", c) + h[4:] + payload


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("count", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flows", type=int, default=1000)
    ap.add_argument("--bad-every", type=int, default=0)
    ap.add_argument("--no-icmp", action="store_true")
    ap.add_argument("--unique", action="store_true")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    flows = []
    for _ in range(a.count if a.unique else a.flows):
        r = rnd.random()
        proto = 6 if r < 0.6 else 17 if r < 0.9 else 1
        if a.no_icmp and proto == 1:
            proto = 6 if r < 0.9667 else 17
        flows.append((proto,
                      bytes([10, 0, rnd.randrange(256), rnd.randrange(1, 255)]),
                      bytes([10, 1, rnd.randrange(256), rnd.randrange(1, 255)]),
                      rnd.randrange(1024, 65535),
                      rnd.choice([22, 25, 53, 80, 443, 8080, rnd.randrange(1, 65535)])))
    smac = bytes.fromhex("020000000001")
    dmac = bytes.fromhex("020000000002")
    with open(a.out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(a.count):
            proto, src, dst, sport, dport = flows[rnd.randrange(len(flows))]
            if a.unique:
                # Flow i: the random flow's ports, addresses made distinct
                # by i (10.0.0.0/8 sources, 10.1.0.0/16 destinations).
                proto, src, dst, sport, dport = flows[i]
                src = bytes([10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff])
            payload = bytes(rnd.randrange(256) for _ in range(rnd.choice([0, 6, 18, 100, 500])))
            seg = l4(proto, src, dst, sport, dport, payload, i)
            ip = ip_header(src, dst, proto, len(seg), i & 0xffff)
            if a.bad_every and i % a.bad_every == a.bad_every - 1:
                ip = ip[:10] + bytes([ip[10] ^ 0xff, ip[11]]) + ip[12:]
            frame = dmac + smac + b"\x08\x00" + ip + seg
            t = 1_700_000_000_000_000 + i * 10
            f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000,
                                len(frame), len(frame)))
            f.write(frame)


if __name__ == "__main__":
    main()
