#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the kclick generic netlink family (standard library only).

  nlfuzz.py [--count N] [--seed S] [--time SECONDS] [--check-every K]

Sends N messages to the family: valid requests of every command, mutated
valid ones (byte flips, truncation, wrong nlmsg and attribute lengths,
attributes dropped, duplicated, retyped, given huge or unterminated strings
or nested garbage, elements given configurations of one huge word),
random ones, and dumps abandoned midway (a dump started on a second
socket, one part read or none, the socket closed).
Every K messages (default 1,000) the module must still answer VERSION_GET
on a fresh socket within 5 s, and the graphs the fuzzer made are removed.
Messages only ever go to the kclick family (and netlink's own control
types), never to another generic netlink family.

Run it as root in a namespace of its own: valid GRAPH_NEW messages install
graphs on the devices d0 and d1 if that namespace has them.  Prints the
seed, then a summary: messages sent, replies by errno, messages without a
reply, timeouts (a well-formed request with no answer in 1 s).  Exits 1 if
the module stopped answering or a timeout happened, 0 otherwise.
"""
import argparse
import errno
import os
import random
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kcnl import (A, CMD, ELEM, LINK, Genl, NLA_F_NESTED, NLM_F_ACK,  # noqa: E402
                  NLM_F_DUMP, NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR)

GRAPHS = ["g%d" % i for i in range(6)]
CLASSES = ["Counter", "Discard", "Idle", "Queue", "Tee", "Classifier",
           "IPFilter", "FromDevice", "ToDevice", "Unqueue", "PrioSched",
           "ARPResponder", "EtherSwitch", "Paint", "Strip", "NoSuchClass"]
HANDLERS = ["count", "reset", "config", "capacity", "length", "drops",
            "byte_count", "rate", "class", "name", "nope", ""]

# Small graphs: (elements [(name, class, config)], links [(f, fp, t, tp)]).
TEMPLATES = [
    ([("i", "Idle", ""), ("c", "Counter", ""), ("d", "Discard", "")],
     [(0, 0, 1, 0), (1, 0, 2, 0)]),
    ([("f", "FromDevice", "d0"), ("q", "Queue", "100"),
      ("t", "ToDevice", "d1")], [(0, 0, 1, 0), (1, 0, 2, 0)]),
    ([("f", "FromDevice", "d1"), ("c", "Classifier", "12/0800, -"),
      ("d", "Discard", ""), ("e", "Discard", "")],
     [(0, 0, 1, 0), (1, 0, 2, 0), (1, 1, 3, 0)]),
    ([("i", "Idle", ""), ("p", "IPFilter", "allow tcp, deny all"),
      ("d", "Discard", "")], [(0, 0, 1, 0), (1, 0, 2, 0)]),
    ([("i", "Idle", ""), ("t", "Tee", "2"), ("d", "Discard", "")],
     [(0, 0, 1, 0), (1, 0, 2, 0), (1, 1, 2, 0)]),
    ([("i", "Idle", ""), ("q", "Queue", ""), ("u", "Unqueue", ""),
      ("c", "Counter", ""), ("d", "Discard", "")],
     [(0, 0, 1, 0), (1, 0, 2, 0), (2, 0, 3, 0), (3, 0, 4, 0)]),
]


# A message is a tree: [(type, bytes | [children])]; leaves are payloads.
def ser(attrs):
    out = b""
    for t, v in attrs:
        p = ser(v) if isinstance(v, list) else v
        if isinstance(v, list):
            t |= NLA_F_NESTED
        n = 4 + len(p)
        out += struct.pack("=HH", n & 0xffff, t & 0xffff) + p + \
            b"\0" * ((4 - n % 4) % 4)
    return out


def s(x):
    return x.encode() + b"\0"


def u32(v):
    return struct.pack("=I", v & 0xffffffff)


def graph_tree(rnd, name=None):
    els, links = rnd.choice(TEMPLATES)
    tree = [(A["GRAPH_NAME"], s(name or rnd.choice(GRAPHS)))]
    if rnd.random() < 0.5:
        tree.append((A["FLAGS"], u32(rnd.choice([0, 1, 2, 1]))))
    if rnd.random() < 0.3:
        tree.append((A["SOURCE"], s("fuzz.click")))
    for i, (n, c, cfg) in enumerate(els):
        tree.append((A["ELEMENT"], [(ELEM["NAME"], s(n)),
                                    (ELEM["CLASS"], s(c)),
                                    (ELEM["CONFIG"], s(cfg)),
                                    (ELEM["LINE"], u32(i + 1))]))
    for f, fp, t, tp in links:
        tree.append((A["LINK"], [(LINK["FROM"], u32(f)),
                                 (LINK["FROM_PORT"], u32(fp)),
                                 (LINK["TO"], u32(t)),
                                 (LINK["TO_PORT"], u32(tp))]))
    return tree


def valid(rnd):
    """(cmd, tree, dump) of a valid request of a random command."""
    k = rnd.randrange(12)
    g = rnd.choice(GRAPHS)
    el = rnd.choice(["i", "c", "q", "p", "t", "f", "u", "d"])
    if k == 0:
        return CMD["VERSION_GET"], [], False
    if k == 1:
        return CMD["CLASS_GET"], [(A["CLASS_NAME"], s(rnd.choice(CLASSES)))], False
    if k == 2:
        return CMD["CLASS_GET"], [], True
    if k in (3, 4):
        return CMD["GRAPH_NEW"], graph_tree(rnd, g), False
    if k == 5:
        return CMD["GRAPH_DEL"], [(A["GRAPH_NAME"], s(g))], False
    if k == 6:
        return CMD["GRAPH_GET"], [(A["GRAPH_NAME"], s(g))], False
    if k == 7:
        return CMD["GRAPH_GET"], [], True
    tree = [(A["GRAPH_NAME"], s(g)), (A["ELEMENT_NAME"], s(el)),
            (A["HANDLER_NAME"], s(rnd.choice(HANDLERS)))]
    if k in (8, 9):
        return CMD["HANDLER_READ"], tree, False
    val = rnd.choice([b"", b"5", b"allow udp, deny all", b"12/0806, -",
                      b"true", b"-1", b"99999999999999999999"])
    return CMD["HANDLER_WRITE"], tree + [(A["VALUE"], val)], False


def junk(rnd, n=None):
    n = rnd.randrange(64) if n is None else n
    return bytes(rnd.randrange(256) for _ in range(n))


def mutate_tree(rnd, tree, depth=0):
    """One structural mutation somewhere in tree (a copy)."""
    tree = list(tree)
    op = rnd.randrange(12)
    els = [j for j, (t, v) in enumerate(tree)
           if t == A["ELEMENT"] and isinstance(v, list)]
    if op == 11 and els:		# a huge word as an element's config
        j = rnd.choice(els)
        word = b"w" * rnd.choice([1000, 4096, 32767, 32768, 40000, 59999])
        tree[j] = (A["ELEMENT"], [(t, word + b"\0") if t == ELEM["CONFIG"]
                                  else (t, v) for t, v in tree[j][1]])
        return tree
    if not tree or op == 0:		# random attribute
        tree.insert(rnd.randrange(len(tree) + 1),
                    (rnd.randrange(0x40), junk(rnd)))
        return tree
    i = rnd.randrange(len(tree))
    t, v = tree[i]
    if op == 1:				# drop
        del tree[i]
    elif op == 2:			# duplicate
        tree.insert(i, (t, v))
    elif op == 3:			# retype
        tree[i] = (rnd.choice([rnd.randrange(0x8000), t + 1, t - 1, 0]), v)
    elif op == 4:			# wrong payload type / length
        tree[i] = (t, rnd.choice([b"", b"\0", u32(rnd.getrandbits(32)),
                                  struct.pack("=Q", rnd.getrandbits(64)),
                                  b"\xff" * 3, junk(rnd)]))
    elif op == 5:			# huge string
        n = rnd.choice([64, 65, 4096, 32768, 60000, 60001, 65000])
        tree[i] = (t, b"x" * n + (b"\0" if rnd.random() < 0.5 else b""))
    elif op == 6 and not isinstance(v, list):	# unterminated
        tree[i] = (t, v.rstrip(b"\0") or b"x")
    elif op == 7:			# nested garbage
        tree[i] = (t, [(rnd.randrange(16), junk(rnd))
                       for _ in range(rnd.randrange(5))])
    elif op == 8 and isinstance(v, list) and depth < 3:
        tree[i] = (t, mutate_tree(rnd, v, depth + 1))
    elif op == 9:			# many copies
        big = len(v) > 1000 if not isinstance(v, list) else len(ser(v)) > 1000
        tree[i:i] = [(t, v)] * (10 if big else rnd.choice([10, 100, 1000]))
    else:				# big numbers in u32s
        tree[i] = (t, rnd.choice([u32(0xffffffff), u32(0xffff),
                                  u32(0x10000), u32(60000), u32(4100)]))
    return tree


def mutate_bytes(rnd, body):
    """Byte-level mutation of genlhdr + attributes."""
    b = bytearray(body)
    op = rnd.randrange(4)
    if op == 0 and b:			# flips
        for _ in range(rnd.randrange(1, 5)):
            b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
    elif op == 1 and b:			# truncation
        b = b[:rnd.randrange(len(b))]
    elif op == 2 and len(b) >= 8:	# an attribute length field
        off = 4
        cands = []
        while off + 4 <= len(b):
            cands.append(off)
            n = struct.unpack_from("=H", b, off)[0]
            if n < 4:
                break
            off += (n + 3) & ~3
        if cands:
            o = rnd.choice(cands)
            struct.pack_into("=H", b, o, rnd.choice(
                [0, 3, 4, 5, 0xffff, len(b) & 0xffff, rnd.randrange(0x10000)]))
    else:				# random tail
        b += junk(rnd)
    return bytes(b)


class Fuzzer:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.g = Genl()
        self.fam = self.g.fam
        self.sock = self.g.sock
        self.seq = 1000
        self.stats = {}
        self.sent = 0
        self.noreply = 0
        self.timeouts = 0
        self.abandoned = 0

    def count(self, key):
        self.stats[key] = self.stats.get(key, 0) + 1

    def send(self, body, flags=NLM_F_REQUEST | NLM_F_ACK, mtype=None,
             length=None):
        """Send one message; return (seq, well_formed) or None."""
        self.seq += 1
        n = 16 + len(body)
        hdr = struct.pack("=IHHII", n if length is None else length & 0xffffffff,
                          self.fam if mtype is None else mtype,
                          flags & 0xffff, self.seq, 0)
        self.sent += 1
        try:
            self.sock.send(hdr + body)
        except OSError as e:
            self.count("send:" + errno.errorcode.get(e.errno, str(e.errno)))
            return None
        wf = (length is None and flags & NLM_F_REQUEST and
              flags & NLM_F_ACK and mtype is None and len(body) >= 4)
        return self.seq, wf

    def drain(self, seq, wait):
        """Read every reply queued; return the outcome for seq, or None."""
        outcome = None
        deadline = time.monotonic() + wait
        while True:
            try:
                data = self.sock.recv(1 << 20, socket.MSG_DONTWAIT)
            except BlockingIOError:
                if outcome is not None:
                    return outcome
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                select.select([self.sock], [], [], left)
                continue
            except OSError as e:
                self.count("recv:" + errno.errorcode.get(e.errno, str(e.errno)))
                continue
            off = 0
            while off + 16 <= len(data):
                n, t, _fl, sq, _ = struct.unpack_from("=IHHII", data, off)
                if n < 16:
                    break
                body = data[off + 16:off + n]
                off += (n + 3) & ~3
                if sq != seq:
                    continue
                if t == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", body)[0] if len(body) >= 4 else -1
                    outcome = "ack" if err == 0 else \
                        errno.errorcode.get(err, "errno%d" % err)
                elif t == NLMSG_DONE:
                    outcome = "dump-done"

    def one(self, body, **kw):
        r = self.send(body, **kw)
        if r is None:
            return
        seq, wf = r
        out = self.drain(seq, 1.0 if wf else 0.0)
        if out is None:
            if wf:
                self.timeouts += 1
                print("# timeout: %r" % body[:64])
            else:
                self.noreply += 1
        else:
            self.count(out)

    def genl(self, cmd, tree, dump=False, version=1, reserved=0):
        return struct.pack("=BBH", cmd & 0xff, version & 0xff,
                           reserved & 0xffff) + ser(tree)

    def abandon(self):
        """Start a dump on a second socket, read one part or none, close."""
        g2 = Genl(family=None)
        g2.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        g2.fam = self.fam
        cmd = self.rnd.choice([CMD["CLASS_GET"], CMD["GRAPH_GET"]])
        try:
            g2.send_raw(struct.pack("=BBH", cmd, 1, 0),
                        NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
            if self.rnd.random() < 0.7:
                g2.sock.settimeout(1.0)
                g2.sock.recv(4096)
        except OSError as e:
            self.count("abandon:" + errno.errorcode.get(e.errno, str(e.errno)))
        g2.sock.close()
        self.sent += 1
        self.abandoned += 1

    def step(self):
        rnd = self.rnd
        k = rnd.randrange(100)
        if k < 25:				# valid
            cmd, tree, dump = valid(rnd)
            f = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
            self.one(self.genl(cmd, tree), flags=f)
        elif k < 50:				# structural mutation
            cmd, tree, dump = valid(rnd)
            for _ in range(rnd.randrange(1, 4)):
                tree = mutate_tree(rnd, tree)
            f = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
            self.one(self.genl(cmd, tree), flags=f)
        elif k < 70:				# byte mutation
            cmd, tree, dump = valid(rnd)
            f = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
            body = mutate_bytes(rnd, self.genl(cmd, tree))
            self.one(body, flags=f)
        elif k < 78:				# wrong header fields
            cmd, tree, dump = valid(rnd)
            body = self.genl(cmd, tree)
            j = rnd.randrange(5)
            if j == 0:
                total = 16 + len(body)
                n = rnd.choice([0, 15, 16, 17, 19, 20, total - 1, total + 1,
                                0xffffffff, rnd.getrandbits(32)])
                # Shorter than the message leaves a tail netlink parses
                # as the next message, whose type could name another
                # family: only when that tail is too short to be one.
                if 16 <= n < total and total - ((n + 3) & ~3) >= 16:
                    n = total + 4
                self.one(body, length=n)
            elif j == 1:
                self.one(body, flags=rnd.getrandbits(16))
            elif j == 2:
                self.one(body, mtype=rnd.choice([0, 1, 2, 3, 15]))
            elif j == 3:
                self.one(self.genl(cmd, tree, version=rnd.randrange(256),
                                   reserved=rnd.getrandbits(16)))
            else:
                self.one(self.genl(rnd.choice([0, 8, 9, 10, 11, 255]), tree))
        elif k < 95:				# random
            j = rnd.randrange(3)
            if j == 0:
                self.one(junk(rnd, rnd.randrange(0, 200)))
            else:
                tree = [(rnd.randrange(0x20),
                         junk(rnd) if rnd.random() < 0.7 else
                         [(rnd.randrange(8), junk(rnd, 8))
                          for _ in range(rnd.randrange(4))])
                        for _ in range(rnd.randrange(8))]
                self.one(self.genl(rnd.randrange(12), tree),
                         flags=NLM_F_REQUEST | NLM_F_ACK |
                         (NLM_F_DUMP if j == 2 else 0))
        else:
            self.abandon()

    def alive(self):
        """VERSION_GET on a fresh socket answers within 5 s."""
        try:
            g2 = Genl(family=None)
            g2.fam = self.fam
            g2.sock.settimeout(5)
            r = g2.request(CMD["VERSION_GET"])
            g2.sock.close()
            return len(r) == 1
        except Exception as e:  # noqa: BLE001 -- any failure is a finding
            print("# VERSION_GET failed: %r" % e)
            return False

    def cleanup(self):
        for g in GRAPHS:
            try:
                self.g.request(CMD["GRAPH_DEL"], ser([(A["GRAPH_NAME"], s(g))]))
            except Exception:  # noqa: BLE001 -- ENOENT mostly
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--time", type=float, default=600)
    ap.add_argument("--check-every", type=int, default=1000)
    o = ap.parse_args()
    seed = o.seed if o.seed is not None else int(time.time()) % 100000
    print("# nlfuzz: seed %d, count %d, time limit %d s" %
          (seed, o.count, o.time))
    fz = Fuzzer(seed)
    fz.sock.settimeout(None)
    start = time.monotonic()
    dead = False
    checks = 0
    last = 0
    while fz.sent < o.count:
        if time.monotonic() - start > o.time:
            print("# time limit reached after %d messages" % fz.sent)
            break
        fz.step()
        if fz.sent - last >= o.check_every:
            last = fz.sent
            checks += 1
            fz.cleanup()
            if not fz.alive():
                dead = True
                print("# the module stopped answering after %d messages" %
                      fz.sent)
                break
    fz.cleanup()
    if not dead and not fz.alive():
        dead = True
    secs = time.monotonic() - start
    print("# sent %d messages in %.0f s (seed %d), %d liveness checks" %
          (fz.sent, secs, seed, checks + 1))
    print("# replies by errno: " + ", ".join(
        "%s %d" % kv for kv in sorted(fz.stats.items(), key=lambda x: -x[1])))
    print("# no reply (malformed, as netlink drops them): %d; "
          "dumps abandoned: %d; timeouts: %d" %
          (fz.noreply, fz.abandoned, fz.timeouts))
    print("# module answers: %s" % ("no" if dead else "yes"))
    return 1 if dead or fz.timeouts else 0


if __name__ == "__main__":
    sys.exit(main())
