#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic traffic for offline runs, tests and benchmarks.

  genpcap.py OUT.pcap COUNT [--seed N] [--flows N] [--bad-every N]
  genpcap.py OUT.pcap 0 --scenario nat|lb


Writes COUNT Ethernet/IPv4 packets (classic pcap, microsecond timestamps
10 us apart): 60% TCP, 30% UDP, 10% ICMP echo, over --flows flows (default
1000) between 10.0.0.0/16 and 10.1.0.0/16, payloads of varied length.  IP
and transport checksums are correct, so CheckIPHeader passes every packet;
with --bad-every N, every Nth packet gets a wrong IP checksum instead.
Same arguments, same bytes.

--scenario writes a fixed story instead (COUNT is ignored), for the
rewriter golden tests (selftests/run/nat_*.click, lb_*.click):
  nat  inside hosts 10.0.0.2 and 10.0.0.3 send UDP, TCP and pings out
       through a NAT at 1.0.0.1 (ports 50000-50099#, identifiers
       40000-40099#, so the NAT's choices are known: 50000, 50001, ...);
       the outside answers to those, a router 9.9.9.9 sends ICMP errors
       quoting the NATed packets (time exceeded about UDP, port
       unreachable about a ping, fragmentation needed about TCP), and
       unsolicited traffic arrives.
  lb   12 clients 10.1.0.1-12 each open two TCP connections to the
       virtual address 10.9.9.9:80, one packet each.
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


def icmp_msg(typ, code, rest, payload):
    h = struct.pack("!BBH", typ, code, 0) + rest + payload
    c = csum(h)
    return h[:2] + struct.pack("!H", c) + h[4:]


def ipv4(src, dst, proto, seg, ident=1, ttl=64):
    return ip_header(src, dst, proto, len(seg), ident, ttl) + seg


def tcp(src, dst, sport, dport, seq, flags, payload=b""):
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags,
                    65535, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(h) + len(payload))
    c = csum(pseudo + h + payload)
    return h[:16] + struct.pack("!H", c) + h[18:] + payload


def A(s):
    return bytes(int(x) for x in s.split("."))


def scenario(name):
    """The packets (IP datagrams) of a scenario, in order."""
    out = []
    if name == "nat":
        h2, h3, srv, web = A("10.0.0.2"), A("10.0.0.3"), A("8.8.8.8"), A("93.184.216.34")
        nat, rtr = A("1.0.0.1"), A("9.9.9.9")
        out.append(ipv4(h2, srv, 17, l4(17, h2, srv, 1234, 53, b"query-1", 0)))
        out.append(ipv4(h2, srv, 1, icmp_msg(8, 0, struct.pack("!HH", 77, 1), b"ping-payload")))
        out.append(ipv4(h3, srv, 17, l4(17, h3, srv, 1234, 53, b"query-2", 0)))
        out.append(ipv4(h2, web, 6, tcp(h2, web, 40000, 80, 1000, 0x02)))
        out.append(ipv4(srv, nat, 17, l4(17, srv, nat, 53, 50000, b"answer-1", 0)))
        out.append(ipv4(srv, nat, 17, l4(17, srv, nat, 53, 50001, b"answer-2", 0)))
        out.append(ipv4(srv, nat, 1, icmp_msg(0, 0, struct.pack("!HH", 40000, 1), b"ping-payload")))
        out.append(ipv4(web, nat, 6, tcp(web, nat, 80, 50002, 5000, 0x12)))
        # Errors quoting what the NAT sent: the whole UDP datagram ...
        natted = ipv4(nat, srv, 17, l4(17, nat, srv, 50000, 53, b"query-1", 0), ttl=1)
        out.append(ipv4(rtr, nat, 1, icmp_msg(11, 0, b"\0" * 4, natted)))
        # ... the echo request (port unreachable, 8 bytes of it) ...
        natted = ipv4(nat, srv, 1, icmp_msg(8, 0, struct.pack("!HH", 40000, 1), b"ping-payload"))
        out.append(ipv4(rtr, nat, 1, icmp_msg(3, 3, b"\0" * 4, natted[:28])))
        # ... and 8 bytes of a TCP segment (its checksum not quoted).
        natted = ipv4(nat, web, 6, tcp(nat, web, 50002, 80, 1000, 0x02))
        out.append(ipv4(rtr, nat, 1, icmp_msg(3, 4, struct.pack("!HH", 0, 1400), natted[:28])))
        # Unsolicited: an answer to a port never used, an error about it.
        out.append(ipv4(srv, nat, 17, l4(17, srv, nat, 53, 50050, b"stray", 0)))
        natted = ipv4(nat, srv, 17, l4(17, nat, srv, 50050, 53, b"x", 0))
        out.append(ipv4(rtr, nat, 1, icmp_msg(11, 0, b"\0" * 4, natted)))
        # A second ping from the same host and identifier: same mapping.
        out.append(ipv4(h2, srv, 1, icmp_msg(8, 0, struct.pack("!HH", 77, 2), b"ping-payload")))
    elif name == "lb":
        vip = A("10.9.9.9")
        for c in range(1, 13):
            cl = A("10.1.0.%d" % c)
            for k in range(2):
                out.append(ipv4(cl, vip, 6, tcp(cl, vip, 30000 + 10 * c + k, 80, c, 0x02)))
    else:
        raise SystemExit("unknown scenario " + name)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("count", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flows", type=int, default=1000)
    ap.add_argument("--bad-every", type=int, default=0)
    ap.add_argument("--scenario")
    a = ap.parse_args()
    if a.scenario:
        with open(a.out, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
            for i, ip in enumerate(scenario(a.scenario)):
                frame = bytes.fromhex("020000000002020000000001") + b"\x08\x00" + ip
                t = 1_700_000_000_000_000 + i * 1000
                f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000,
                                    len(frame), len(frame)))
                f.write(frame)
        return
    rnd = random.Random(a.seed)
    flows = []
    for _ in range(a.flows):
        r = rnd.random()
        proto = 6 if r < 0.6 else 17 if r < 0.9 else 1
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
