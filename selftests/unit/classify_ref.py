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
    return f


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
        k = r.randrange(12)
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
                # "!= V" is "not (port == V)": true when there is no port.
                return (f"{d} port != {v}",
                        lambda p, key=key, v=v: p[key] is None or p[key] != v)
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
        if k == 10:
            a = f["src"]
            return f"host {ip_str(a)}", lambda p, a=a: p["src"] == a or p["dst"] == a
        v = f["sport"] if f["sport"] is not None else 1
        return f"port {v}", lambda p, v=v: v in (p["sport"], p["dport"])

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
