#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic traffic for offline runs, tests and benchmarks.

  genpcap.py OUT.pcap COUNT [--seed N] [--flows N] [--bad-every N]
             [--no-icmp] [--unique]
  genpcap.py OUT.pcap 0 --scenario nat|lb

Writes COUNT Ethernet/IPv4 packets (classic pcap, microsecond timestamps
10 us apart): 60% TCP, 30% UDP, 10% ICMP echo, over --flows flows (default
1000) between 10.0.0.0/16 and 10.1.0.0/16, payloads of varied length.  IP
and transport checksums are correct, so CheckIPHeader passes every packet;
with --bad-every N, every Nth packet gets a wrong IP checksum instead.
--no-icmp makes the ICMP tenth TCP and UDP too (two to one); --unique
gives every packet a flow of its own (packet i carries flow i: a NAT sees
a new flow each time; up to 2^24 distinct).  Same arguments, same bytes.

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
  mon  a mixed workload, 1,951 packets 1 ms apart, volumes known (IP
       lengths in brackets): UDP 10.0.0.1:1000 > 10.1.0.1:53 800 [100];
       TCP 10.0.0.2:2000 > 10.1.0.2:80 500 [500] and 100 replies [40];
       UDP 10.0.0.3:3000 > 10.1.0.3:5000 300 [200]; TCP 10.0.1.4:4000 >
       10.1.0.4:443 100 [100] ending in FIN, a FIN back [40], then 100
       more [100] from a new SYN; 49 pings 10.0.2.9 > 10.1.0.9 [60]; one
       time exceeded from 10.1.9.9 quoting the first UDP packet [56].
Scenarios for the examples (selftests/run/example_*.click), Ethernet
frames with ARP on each of the example's devices, timestamps in ms:
  nat-in, nat-out     examples/nat.click's inside (ni) and outside (no)
                      links: UDP, TCP and pings out and their answers, a
                      TTL 1 probe, an ICMP error about a mapped flow,
                      unsolicited packets, and answers 70 s later, after
                      UDP_TIMEOUT (60 s) and before TCP_TIMEOUT.
  lb-cl, lb-be        examples/lb.click's client (lc) and backend (ls)
                      links: 6 clients open 2 connections to each VIP;
                      every backend answers every connection (only the
                      backend a flow went to is let through).
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
    elif name == "mon":
        out = mon_scenario()
    else:
        raise SystemExit("unknown scenario " + name)
    return out


def mon_scenario():
    """A mixed workload with known per-flow volumes, 1 ms a packet."""
    def udp(s, d, sp, dp, iplen, i):
        return ipv4(A(s), A(d), 17, l4(17, A(s), A(d), sp, dp, b"u" * (iplen - 28), 0), i & 0xffff)

    def tcpp(s, d, sp, dp, iplen, flags, i):
        return ipv4(A(s), A(d), 6, tcp(A(s), A(d), sp, dp, i, flags, b"t" * (iplen - 40)), i & 0xffff)

    def ping(i):
        return ipv4(A("10.0.2.9"), A("10.1.0.9"), 1, icmp_msg(8, 0, struct.pack("!HH", 9, i), b"p" * 32), i)

    # D: a TCP connection that closes (FIN each way) and opens again (SYN)
    # on the same ports: two flows, 100 packets each.
    d = [tcpp("10.0.1.4", "10.1.0.4", 4000, 443, 100, 0x02 if k == 0 else 0x11 if k == 99 else 0x10, k) for k in range(100)]
    d.append(tcpp("10.1.0.4", "10.0.1.4", 443, 4000, 40, 0x11, 0))
    d += [tcpp("10.0.1.4", "10.1.0.4", 4000, 443, 100, 0x02 if k == 0 else 0x10, k) for k in range(100)]
    a0 = udp("10.0.0.1", "10.1.0.1", 1000, 53, 100, 0)
    seqs = [
        [udp("10.0.0.1", "10.1.0.1", 1000, 53, 100, k) for k in range(800)],
        [tcpp("10.0.0.2", "10.1.0.2", 2000, 80, 500, 0x18, k) for k in range(500)],
        [tcpp("10.1.0.2", "10.0.0.2", 80, 2000, 40, 0x10, k) for k in range(100)],
        [udp("10.0.0.3", "10.1.0.3", 3000, 5000, 200, k) for k in range(300)],
        d,
        [ping(k) for k in range(49)],
        # A router's time exceeded about one of A's packets.
        [ipv4(A("10.1.9.9"), A("10.0.0.1"), 1, icmp_msg(11, 0, b"\0" * 4, a0[:28]))],
    ]
    sched = []
    for f, seq in enumerate(seqs):
        for k, pkt in enumerate(seq):
            sched.append(((2 * k + 1) / (2 * len(seq)), f, k, pkt))
    sched.sort(key=lambda x: x[:3])
    return [x[3] for x in sched]


def arp_frame(op, sha, spa, tha, tpa):
    eth_dst = tha if op == 2 else b"\xff" * 6
    return (eth_dst + sha + b"\x08\x06" +
            struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + sha + spa + tha + tpa)


def ip_frame(dmac, smac, ip):
    return dmac + smac + b"\x08\x00" + ip


def M(s):
    return bytes.fromhex(s.replace(":", ""))


def example_scenario(name):
    """(ms, frame) of one link of an example's scenario, in time order."""
    out = []
    if name in ("nat-in", "nat-out"):
        gw_in, gw_out = M("02:00:0a:08:01:01"), M("02:00:cb:00:71:01")
        h1m, h2m, pubm = M("02:00:0a:08:01:02"), M("02:00:0a:08:01:03"), M("02:00:cb:00:71:02")
        h1, h2, gin = A("10.8.1.2"), A("10.8.1.3"), A("10.8.1.1")
        nat, pub, far = A("203.0.113.1"), A("203.0.113.2"), A("198.51.100.2")
        if name == "nat-in":
            out.append((0, arp_frame(2, h1m, h1, gw_in, gin)))
            out.append((0, arp_frame(2, h2m, h2, gw_in, gin)))
            out.append((1, arp_frame(1, h1m, h1, b"\0" * 6, gin)))
            up = [(h1m, h1, 17, 5353, far, 7000, b"query-1", 64),
                  (h2m, h2, 17, 5354, far, 7000, b"query-2", 64),
                  (h1m, h1, 6, 40000, far, 80, b"", 64),
                  (h2m, h2, 17, 5355, far, 7000, b"ttl-1", 1)]
            for i, (m, src, proto, sp, dst, dp, pl, ttl) in enumerate(up):
                seg = (l4(17, src, dst, sp, dp, pl, 0) if proto == 17
                       else tcp(src, dst, sp, dp, 1000, 0x02))
                out.append((2 + i, ip_frame(gw_in, m, ipv4(src, dst, proto, seg, 10 + i, ttl))))
            ping = icmp_msg(8, 0, struct.pack("!HH", 2000, 1), b"ping-payload")
            out.append((6, ip_frame(gw_in, h1m, ipv4(h1, pub, 1, ping, 20))))
            ping = icmp_msg(8, 0, struct.pack("!HH", 2001, 1), b"ping-gw")
            out.append((7, ip_frame(gw_in, h2m, ipv4(h2, gin, 1, ping, 21))))
            # 70 s later: h1's TCP flow goes on, its UDP flow again.
            out.append((70000, ip_frame(gw_in, h1m, ipv4(h1, far, 6, tcp(h1, far, 40000, 80, 1001, 0x10), 30))))
        else:
            out.append((0, arp_frame(2, pubm, pub, gw_out, nat)))
            ans = [(far, 17, 7000, 5353, b"answer-1"), (far, 17, 7000, 5354, b"answer-2"),
                   (far, 6, 80, 40000, b"")]
            for i, (src, proto, sp, dp, pl) in enumerate(ans):
                seg = (l4(17, src, nat, sp, dp, pl, 0) if proto == 17
                       else tcp(src, nat, sp, dp, 5000, 0x12))
                out.append((11 + i, ip_frame(gw_out, pubm, ipv4(src, nat, proto, seg, 100 + i))))
            pong = icmp_msg(0, 0, struct.pack("!HH", 2000, 1), b"ping-payload")
            out.append((14, ip_frame(gw_out, pubm, ipv4(pub, nat, 1, pong, 110))))
            # pub's time exceeded about h2's query as the NAT sent it.
            natted = ipv4(nat, far, 17, l4(17, nat, far, 5354, 7000, b"query-2", 0), 11, 1)
            out.append((15, ip_frame(gw_out, pubm, ipv4(pub, nat, 1, icmp_msg(11, 0, b"\0" * 4, natted), 111))))
            # Unsolicited: to h1's public port from another remote port,
            # a SYN to port 22, an echo reply nobody asked for.
            out.append((16, ip_frame(gw_out, pubm, ipv4(pub, nat, 17, l4(17, pub, nat, 999, 5353, b"intruder", 0), 112))))
            out.append((17, ip_frame(gw_out, pubm, ipv4(pub, nat, 6, tcp(pub, nat, 4444, 22, 1, 0x02), 113))))
            pong = icmp_msg(0, 0, struct.pack("!HH", 3333, 1), b"stray")
            out.append((18, ip_frame(gw_out, pubm, ipv4(pub, nat, 1, pong, 114))))
            # pub pings the public address; a packet for someone else.
            ping = icmp_msg(8, 0, struct.pack("!HH", 9, 1), b"hello-nat")
            out.append((19, ip_frame(gw_out, pubm, ipv4(pub, nat, 1, ping, 115))))
            out.append((20, ip_frame(gw_out, pubm, ipv4(pub, A("203.0.113.9"), 17, l4(17, pub, A("203.0.113.9"), 1, 2, b"x", 0), 116))))
            # 65-69 s: stray packets every 50 ms move the run's clock on
            # (the expiry sweep runs a slice of the table at a time); 70 s: the UDP flows are gone, the TCP flow is not.
            for ms in range(65000, 69000, 50):
                out.append((ms, ip_frame(gw_out, pubm, ipv4(pub, A("203.0.113.9"), 17, l4(17, pub, A("203.0.113.9"), 1, 2, b"tick", 0), 119))))
            out.append((70001, ip_frame(gw_out, pubm, ipv4(far, nat, 17, l4(17, far, nat, 7000, 5353, b"late", 0), 120))))
            out.append((70002, ip_frame(gw_out, pubm, ipv4(far, nat, 6, tcp(far, nat, 80, 40000, 5001, 0x10), 121))))
    elif name in ("lb-cl", "lb-be"):
        lc, ls = M("02:00:0a:09:01:01"), M("02:00:0a:09:02:01")
        vips = [A("10.9.1.100"), A("10.9.1.101")]
        clients = [(M("02:00:0a:09:01:%02x" % (10 + c)), A("10.9.1.%d" % (10 + c))) for c in range(1, 7)]
        backends = [(M("02:00:0a:09:02:%02x" % (10 + b)), A("10.9.2.%d" % (10 + b))) for b in (1, 2, 3)]
        conns = []
        for k in range(2):
            for v, vip in enumerate(vips):
                for c, (cm, cip) in enumerate(clients):
                    conns.append((cm, cip, 30000 + 100 * v + 10 * c + k, vip))
        if name == "lb-cl":
            for cm, cip in clients:
                out.append((0, arp_frame(2, cm, cip, lc, vips[0])))
            for i, (cm, cip, sp, vip) in enumerate(conns):
                out.append((10 + 10 * i, ip_frame(lc, cm, ipv4(cip, vip, 6, tcp(cip, vip, sp, 80, 1000 + i, 0x02), i))))
        else:
            for bm, bip in backends:
                out.append((0, arp_frame(2, bm, bip, ls, A("10.9.2.1"))))
            for i, (cm, cip, sp, vip) in enumerate(conns):
                for bm, bip in backends:
                    seg = tcp(bip, cip, 80, sp, 7000 + i, 0x12)
                    out.append((15 + 10 * i, ip_frame(ls, bm, ipv4(bip, cip, 6, seg, i))))
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
    ap.add_argument("--no-icmp", action="store_true")
    ap.add_argument("--unique", action="store_true")
    ap.add_argument("--scenario")
    a = ap.parse_args()
    if a.scenario and "-" in a.scenario:
        with open(a.out, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
            for ms, frame in example_scenario(a.scenario):
                t = 1_700_000_000_000_000 + ms * 1000
                f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000,
                                    len(frame), len(frame)))
                f.write(frame)
        return
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
