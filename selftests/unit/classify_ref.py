#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Reference for test_classify.sh: random IPClassifier rules, written as
Click text and evaluated here directly on each packet of a pcap.

  classify_ref.py IN.pcap NRULES SEED OUT.click

Writes OUT.click (FromDevice(in) -> Strip(14) -> CheckIPHeader ->
IPClassifier(rules..., -) with a Counter oI per output) and prints the
expected count per output, the last output catching what matched no rule.
"""
import random
import struct
import sys


def packets(path):
    d = open(path, "rb").read()
    off = 24
    while off < len(d):
        _, _, cl, _ = struct.unpack_from("<IIII", d, off)
        yield d[off + 16:off + 16 + cl]
        off += 16 + cl


def fields(fr):
    ip = fr[14:]
    hl = (ip[0] & 15) * 4
    f = {"proto": ip[9], "src": struct.unpack(">I", ip[12:16])[0],
         "dst": struct.unpack(">I", ip[16:20])[0], "ttl": ip[8], "tos": ip[1]}
    first = (struct.unpack(">H", ip[6:8])[0] & 0x1fff) == 0
    f["sport"] = f["dport"] = None
    f["icmp"] = None
    f["flags"] = None
    if first and ip[9] in (6, 17):
        f["sport"], f["dport"] = struct.unpack(">HH", ip[hl:hl + 4])
    if first and ip[9] == 1:
        f["icmp"] = ip[hl]
    if first and ip[9] == 6:
        f["flags"] = ip[hl + 13]
    f["raw"] = ip
    f["hl"] = hl
    f["first"] = first
    return f


def ipbytes(p, pos, ln):
    """ip[POS:LEN]: None when the packet is shorter."""
    ip = p["raw"]
    if len(ip) < pos + ln:
        return None
    return int.from_bytes(ip[pos:pos + ln], "big")


def transp(p, pos, ln):
    """transp[POS:LEN]: first fragments only, None when too short."""
    ip, hl = p["raw"], p["hl"]
    if not p["first"] or len(ip) < hl + pos + ln:
        return None
    return int.from_bytes(ip[hl + pos:hl + pos + ln], "big")


# Click's names (elements/ip/ipnameinfo.cc) that the generator uses.
PORTS = {"ssh": 22, "www": 80, "domain": 53, "netbios-ns": 137, "ntp": 123,
         "https": 443, "ftp-data": 20, "snmp-trap": 162}
ICMPS = {"echo-reply": 0, "unreachable": 3, "echo": 8, "timeexceeded": 11}


def ip_str(v):
    return ".".join(str((v >> s) & 255) for s in (24, 16, 8, 0))


FLAGS = {"fin": 1, "syn": 2, "rst": 4, "psh": 8, "ack": 16, "urg": 32}


class Gen:
    def __init__(self, rnd, pkts):
        self.r = rnd
        self.p = pkts

    def sample(self):
        return self.r.choice(self.p)

    def prim(self):
        """(text, fn) of one condition, biased towards values seen."""
        r, f = self.r, self.sample()
        k = r.randrange(14)
        if k == 0:
            d = r.choice(["src", "dst"])
            v = f[d] if r.random() < 0.7 else r.getrandbits(32)
            return f"{d} host {ip_str(v)}", lambda p, d=d, v=v: p[d] == v
        if k == 1:
            d = r.choice(["src", "dst"])
            ln = r.choice([8, 16, 24])
            m = (0xffffffff << (32 - ln)) & 0xffffffff
            v = f[d] & m
            return f"{d} net {ip_str(v)}/{ln}", lambda p, d=d, v=v, m=m: p[d] & m == v
        if k == 2:
            pr = r.choice([("tcp", 6), ("udp", 17), ("icmp", 1)])
            return pr[0], lambda p, n=pr[1]: p["proto"] == n
        if k in (3, 4):
            d = r.choice(["src", "dst"])
            key = "sport" if d == "src" else "dport"
            v = f[key] if f[key] is not None and r.random() < 0.7 else r.randrange(65536)
            op = r.choice(["", "", "<", ">", ">=", "<=", "!="])
            fn = {"": lambda a, b: a == b, "<": lambda a, b: a < b,
                  ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
                  "<=": lambda a, b: a <= b, "!=": lambda a, b: a != b}[op]
            if op == "!=":
                # Click: "src port != V" needs a port ("not src port V" does not).
                return (f"{d} port != {v}",
                        lambda p, key=key, v=v: p[key] is not None and p[key] != v)
            return (f"{d} port {op} {v}".replace("  ", " "),
                    lambda p, key=key, v=v, fn=fn: p[key] is not None and fn(p[key], v))
        if k == 5:
            lo = r.randrange(65000)
            hi = lo + r.randrange(2000)
            return (f"dst port {lo}-{min(hi, 65535)}",
                    lambda p, lo=lo, hi=min(hi, 65535): p["dport"] is not None and lo <= p["dport"] <= hi)
        if k == 6:
            t = r.choice([("echo", 8), ("echo-reply", 0), ("3", 3)])
            return f"icmp type {t[0]}", lambda p, v=t[1]: p["icmp"] == v
        if k == 7:
            fl = r.choice(list(FLAGS))
            return f"tcp opt {fl}", lambda p, b=FLAGS[fl]: p["flags"] is not None and p["flags"] & b != 0
        if k == 8:
            v = r.randrange(256)
            op = r.choice(["<", ">="])
            return (f"ip ttl {op} {v}",
                    lambda p, v=v, op=op: p["ttl"] < v if op == "<" else p["ttl"] >= v)
        if k == 9:
            v = f["dport"] if f["dport"] is not None else 80
            w = r.randrange(65536)
            return (f"dst port {v} or {w}",
                    lambda p, v=v, w=w: p["dport"] is not None and p["dport"] in (v, w))
        if k in (10, 12):
            a = f["src"]
            return f"host {ip_str(a)}", lambda p, a=a: p["src"] == a or p["dst"] == a
        if k == 11:
            v = f["sport"] if f["sport"] is not None else 1
            return f"port {v}", lambda p, v=v: v in (p["sport"], p["dport"])
        return self.click_prim()

    def click_prim(self):
        """The rest of Click's language (issue 16), evaluated from bytes."""
        r, f = self.r, self.sample()
        k = r.randrange(14)
        if k == 0:
            pos = r.choice([8, 19])
            v = f["raw"][pos] if r.random() < 0.7 else r.randrange(256)
            return f"ip[{pos}] {v}", lambda p, pos=pos, v=v: ipbytes(p, pos, 1) == v
        if k == 1:
            # At most 12 distinct dynamic fields per element (docs/limits.md):
            # these choices use 11 (2 here, 2 ip[], 4 masks, tos, dscp, id).
            pos, ln, m = r.choice([(1, 1, 0x80), (13, 1, 0x12)])
            want = r.choice([0, m])
            op = r.choice(["==", "!="])
            text = f"transp[{pos}:{ln}] & {m} {op} {want}"

            def fn(p, pos=pos, ln=ln, m=m, want=want, op=op):
                x = transp(p, pos, ln)
                if x is None:
                    return False
                return (x & m == want) == (op == "==")
            return text, fn
        if k == 2:
            name = r.choice(list(ICMPS))
            return f"icmp {name}", lambda p, v=ICMPS[name]: p["icmp"] == v
        if k == 3:
            fl = r.choice(list(FLAGS))
            return f"tcp {fl}", lambda p, b=FLAGS[fl]: p["flags"] is not None and p["flags"] & b != 0
        if k == 4:
            pr = r.choice([("icmp", 1), ("tcp", 6), ("udp", 17)])
            return f"proto {pr[0]}", lambda p, n=pr[1]: p["proto"] == n
        if k == 5:
            name = r.choice(list(PORTS))
            pr = r.choice([("tcp", 6), ("udp", 17)])
            d = r.choice(["src", "dst"])
            key = "sport" if d == "src" else "dport"
            return (f"{d} {pr[0]} {name}",
                    lambda p, key=key, n=pr[1], v=PORTS[name]: p["proto"] == n and p[key] == v)
        if k == 6:
            d = r.choice(["src", "dst"])
            a = f[d]
            return f"{d} host != {ip_str(a)}", lambda p, d=d, a=a: p[d] != a
        if k == 7:
            a = f[r.choice(["src", "dst"])]
            pr = r.choice([("tcp", 6), ("udp", 17)])
            return (f"{pr[0]} {ip_str(a)}",
                    lambda p, a=a, n=pr[1]: p["proto"] == n and a in (p["src"], p["dst"]))
        if k == 8:
            # net A mask M, any mask: (addr & M) == (A & M)
            d = r.choice(["src", "dst"])
            m = r.choice([0xff000000, 0xffff0000, 0x0000ffff, 0x00ff00ff])
            a = f[d] if r.random() < 0.7 else r.getrandbits(32)
            return (f"{d} net {ip_str(a)} mask {ip_str(m)}",
                    lambda p, d=d, a=a, m=m: p[d] & m == a & m)
        if k == 9:
            # Click: "port < V" is "not (src > V-1 or dst > V-1)": both below
            v = r.choice([1024, 2000, 40000])
            op = r.choice(["<", ">", "!="])
            if op == "<":
                fn = lambda p, v=v: p["sport"] is not None and p["sport"] < v and p["dport"] < v
            elif op == ">":
                fn = lambda p, v=v: p["sport"] is not None and (p["sport"] > v or p["dport"] > v)
            else:
                fn = lambda p, v=v: p["sport"] is not None and v not in (p["sport"], p["dport"])
            return f"port {op} {v}", fn
        if k == 10:
            v = r.randrange(64)
            return (f"ip dscp >= {v}", lambda p, v=v: p["tos"] >> 2 >= v)
        if k == 11:
            v = ipbytes(f, 4, 2)
            return f"ip id {v}", lambda p, v=v: ipbytes(p, 4, 2) == v
        if k == 12:
            m = 0x1c
            v = r.randrange(m)
            return (f"ip tos & {m} > {v}", lambda p, m=m, v=v: p["tos"] & m > v)
        a, b, c = self.prim(), self.prim(), self.prim()
        return (f"({a[0]} ? {b[0]} : {c[0]})",
                lambda p, a=a, b=b, c=c: b[1](p) if a[1](p) else c[1](p))

    def expr(self, depth=0):
        r = self.r
        k = r.randrange(6) if depth < 2 else 0
        if k <= 2:
            return self.prim()
        a, b = self.expr(depth + 1), self.expr(depth + 1)
        if k == 3:
            return f"({a[0]}) and ({b[0]})", lambda p: a[1](p) and b[1](p)
        if k == 4:
            return f"({a[0]}) or ({b[0]})", lambda p: a[1](p) or b[1](p)
        return f"not ({a[0]}) ({b[0]})", lambda p: (not a[1](p)) and b[1](p)


def main():
    path, n, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    pk = [fields(f) for f in packets(path)]
    g = Gen(random.Random(seed), pk)
    rules = [g.expr() for _ in range(n)]
    counts = [0] * (n + 1)
    for p in pk:
        for i, (_, fn) in enumerate(rules):
            if fn(p):
                counts[i] += 1
                break
        else:
            counts[n] += 1
    with open(out, "w") as f:
        f.write("FromDevice(in) -> Strip(14) -> CheckIPHeader -> c :: IPClassifier(\n")
        for t, _ in rules:
            f.write(f"  {t},\n")
        f.write("  -);\n")
        for i in range(n + 1):
            f.write(f"c[{i}] -> o{i} :: Counter -> Discard;\n")
    print(" ".join(map(str, counts)))


if __name__ == "__main__":
    main()
