#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random Click configurations, valid and invalid, for crash hunting.

  randgraph.py --seed S --count N --out DIR [--rx DEV --tx DEV]

Writes DIR/0000.click ... DIR/<N-1>.click.  Graph i depends only on
(S, i), so one failing file can be made again alone.  Each file starts with
a comment naming its kind; the kinds mix:

  well-formed graphs of the existing classes (forwarding, IP filtering,
  classification, queues and schedulers, an IP router's pieces);
  stress shapes: Tee fan-out up to 5,000 outputs, push and pull chains up
  to 5,000 elements, push cycles, pull cycles, port numbers up to 70,000,
  IPFilter/IPClassifier/Classifier rules of hundreds of terms, nesting
  hundreds deep and words up to 40 KB;
  mistakes: bad arguments, unknown classes, duplicate names, unconnected
  ports, push/pull conflicts, and valid graphs with a token mutated.

Devices are FromDevice(RX)/ToDevice(TX), "in" and "out" by default, as
`kclick run CONF --dev in=IN.pcap:OUT.pcap --dev out=:OUT2.pcap` binds
them (a few graphs name a device that is not bound, or receive from one
twice, on purpose).  The files are for the harness and the kernel alike:
nothing here names a file (FromDump/ToDump are left out).

Standard library only.
"""
import argparse
import os
import random

MAC1 = "2:0:0:0:0:1"
MAC2 = "2:0:0:0:0:2"

# 1-in/1-out classes with a valid configuration each: (class, [configs]).
SIMPLE = [
    ("Counter", [""]),
    ("EtherMirror", [""]),
    ("Paint", ["1", "7", "200"]),
    ("Strip", ["0", "14"]),
    ("Unstrip", ["0", "14"]),
    ("Truncate", ["60", "1500"]),
    ("EtherEncap", ["0x0800, %s, %s" % (MAC1, MAC2)]),
    ("EtherRewrite", ["%s, %s" % (MAC1, MAC2)]),
    ("MarkIPHeader", ["", "14"]),
    ("GetIPAddress", ["16", "30"]),
    ("SetIPAddress", ["10.0.0.9"]),
    ("FixIPSrc", ["10.0.0.2"]),
]
# Silent ones only, for long chains (Print would print per packet per element).
CHAIN = ["Counter", "Paint(1)", "Strip(0)", "Unstrip(0)", "Truncate(1500)",
         "EtherMirror", "MarkIPHeader(14)"]

IP_TERMS = ["tcp", "udp", "icmp", "src host 10.0.0.1",
            "dst host 10.1.0.2", "src net 10.0.0.0/16", "dst net 10.1.0.0/8",
            "tcp port 80", "udp dst port 53", "dst port 22",
            "src port > 1024", "ip ttl > 5", "ip frag", "icmp type echo",
            "tcp opt syn", "host 10.0.0.7", "port 443", "ip proto 17",
            "dst tcp port 22", "ip tos 0", "src port < 2000"]
CLS_CLAUSES = ["12/0800", "12/0806", "20/0001", "23/06", "23/11",
               "30/0a??0?01%ff0f0fff", "!12/86dd", "14/45", "34/0050",
               "0/02", "60/00"]
BAD_ARGS = {
    "Queue": ["-1", "0", "99999999999999999999", "abc", "1, 2, 3"],
    "Strip": ["-14", "abc", "4294967296", ""],
    "Tee": ["0", "-5", "x", "70000", "1e9"],
    "Paint": ["300", "-1", "", "1, 99"],
    "CheckLength": ["", "-1", "huge"],
    "HashSwitch": ["1000, 1000000", "0, 0", "-1, 4", ""],
    "LinearIPLookup": ["garbage", "10.0.0.0/33 0", "10.0.0.0/8 -1",
                       "1.2.3.4/8 99999"],
    "RadixIPLookup": ["10.0.0.0/8 10.0.0.300 0", "/8 0", "0.0.0.0/0 x"],
    "EtherEncap": ["0x10000, %s, %s" % (MAC1, MAC2), "0x0800, 1:2:3, %s" % MAC2,
                   ""],
    "Counter": ["FOO 1", "1", "COUNT_CALL 5 x"],
    "ICMPError": ["10.0.0.1", "10.0.0.1, nosuchtype", "1.2.3, 3",
                  "10.0.0.1, 3, 999"],
    "IPFragmenter": ["0", "-1", "68000", "20"],
    "ARPResponder": ["", "10.0.0.1", "10.0.0.1 99:99:99:99:99:99:99"],
    "ARPQuerier": ["", "10.0.0.1", "10.0.0.1, %s, ENTRY_CAPACITY -1" % MAC1],
    "Truncate": ["-1", "x"],
    "StaticSwitch": ["-2", "70000", "x"],
    "Switch": ["x", "-3"],
    "CheckIPHeader": ["99999", "BADSRC 1.2.3", "CHECKSUM maybe"],
    "IPFilter": ["", "allow", "bogus tcp", "allow tcp &&", "allow (((tcp",
                 "allow tcp port 99999", "7 src net 10.0.0.0/40"],
    "IPClassifier": ["", "tcp &&", "src host 1.2.3.4.5", "))", "not"],
    "Classifier": ["", "12/", "12/08000", "x/0800", "12/0800%", "99999999999/00"],
    "Print": ["x, -1", "x, 10, FOO bar"],
    "Unqueue": ["-1", "0", "x"],
    "ToDevice": ["", "out, -1", "out, 0"],
    "FromDevice": ["", "in, PROMISC maybe"],
}
UNKNOWN = ["Frobnicate", "counter", "Tee2", "IPRewriter", "ToHost",
           "FromHost", "Queue_", "X" * 200, "Script", "Classifier2"]


class G:
    """A configuration under construction: declarations and connections."""

    def __init__(self, rng, rx, tx):
        self.rng = rng
        self.rx = rx
        self.tx = tx
        self.lines = []
        self.n = 0

    def name(self, prefix="e"):
        self.n += 1
        return "%s%d" % (prefix, self.n)

    def decl(self, cls, conf="", prefix="e"):
        n = self.name(prefix)
        self.lines.append("%s :: %s%s;" % (n, cls, "(%s)" % conf if conf else ""))
        return n

    def link(self, a, b, ap=0, bp=0):
        self.lines.append("%s%s -> %s%s;" % (a, "[%d]" % ap if ap else "",
                                            "[%d]" % bp if bp else "", b))

    def src(self):
        return self.decl("FromDevice", self.rx, "rx")

    def sink(self):
        return self.decl("ToDevice", self.tx, "tx")

    def text(self):
        return "\n".join(self.lines) + "\n"


def simple_elem(g):
    cls, confs = g.rng.choice(SIMPLE)
    return g.decl(cls, g.rng.choice(confs))


def push_chain(g, first, n):
    """first -> n simple elements; returns the last one."""
    last = first
    for _ in range(n):
        e = simple_elem(g)
        g.link(last, e)
        last = e
    return last


def ip_rule(rng, terms, juxtapose=0.0):
    """terms IPClassifier terms joined by && / || (or, with probability
    juxtapose, by a space, which parses only between some terms)."""
    ops = [" && ", " and ", " || ", " or "]
    out = []
    for i in range(terms):
        t = rng.choice(IP_TERMS)
        if rng.random() < 0.1:
            t = rng.choice(["!", "not "]) + t
        if rng.random() < 0.1:
            t = "(" + t + ")"
        out.append(t)
        if i < terms - 1:
            out.append(" " if rng.random() < juxtapose else rng.choice(ops))
    return "".join(out)


def cls_pattern(rng, clauses):
    return " ".join(rng.choice(CLS_CLAUSES) for _ in range(clauses))


def fan_out(g, e, nout, terminal=None):
    """Connect outputs 0..nout-1 of e to short chains into a shared sink."""
    sink = terminal or g.decl("Discard")
    for i in range(nout):
        if g.rng.random() < 0.3:
            c = simple_elem(g)
            g.link(e, c, i, 0)
            g.link(c, sink)
        else:
            g.link(e, sink, i, 0)


# ---- well-formed graphs ----

def k_forward(g):
    last = push_chain(g, g.src(), g.rng.randint(0, 6))
    g.link(last, g.sink())


def k_ipfilter(g):
    s = g.decl("Strip", "14")
    g.link(g.src(), s)
    c = g.decl(g.rng.choice(["CheckIPHeader", "CheckIPHeader2", "MarkIPHeader"]))
    g.link(s, c)
    nrules = g.rng.randint(1, 8)
    rules = []
    for i in range(nrules):
        act = g.rng.choice(["allow", "deny", "drop", "0", "1"])
        rules.append("%s %s" % (act, ip_rule(g.rng, g.rng.randint(1, 6))))
    rules.append("allow -")
    f = g.decl("IPFilter", ", ".join(rules))
    g.link(c, f)
    u = g.decl("Unstrip", "14")
    g.link(f, u)
    g.link(f, g.decl("Discard"), 1, 0)
    g.link(u, g.sink())


def k_ipclassifier(g):
    s = g.decl("Strip", "14")
    g.link(g.src(), s)
    n = g.rng.randint(1, 6)
    pats = [ip_rule(g.rng, g.rng.randint(1, 5)) for _ in range(n)] + ["-"]
    c = g.decl("IPClassifier", ", ".join(pats))
    g.link(s, c)
    u = g.decl("Unstrip", "14")
    g.link(u, g.sink())
    fan_out(g, c, len(pats), u)


def k_classifier(g):
    n = g.rng.randint(1, 6)
    pats = [cls_pattern(g.rng, g.rng.randint(1, 4)) for _ in range(n)] + ["-"]
    c = g.decl("Classifier", ", ".join(pats))
    g.link(g.src(), c)
    fan_out(g, c, len(pats), g.sink())


def k_switches(g):
    cls, conf, nout = g.rng.choice([
        ("Tee", "3", 3), ("Tee", "", 2), ("PaintSwitch", "", 4),
        ("Switch", "1", 2), ("StaticSwitch", "0", 2),
        ("RoundRobinSwitch", "", 3), ("HashSwitch", "26, 4", 4),
        ("RandomSwitch", "", 2), ("CheckLength", "100", 2),
        ("HostEtherFilter", MAC2 + ", false, false", 2)])
    p = g.decl("Paint", str(g.rng.randint(0, 3)))
    g.link(g.src(), p)
    e = g.decl(cls, conf)
    g.link(p, e)
    fan_out(g, e, nout, g.sink())


def k_queue(g):
    last = push_chain(g, g.src(), g.rng.randint(0, 3))
    q = g.decl(g.rng.choice(["Queue", "SimpleQueue"]),
               str(g.rng.choice([1, 4, 100, 1000])))
    g.link(last, q)
    last = q
    for _ in range(g.rng.randint(0, 4)):
        e = g.decl(g.rng.choice(CHAIN))
        g.link(last, e)
        last = e
    if g.rng.random() < 0.5:
        u = g.decl("Unqueue", g.rng.choice(["", "1", "32"]))
        g.link(last, u)
        last = push_chain(g, u, g.rng.randint(0, 3))
    g.link(last, g.sink())


def k_sched(g):
    sched = g.decl(g.rng.choice(["RoundRobinSched", "PrioSched"]))
    c = g.decl("Classifier", "12/0800, -")
    g.link(g.src(), c)
    for i in range(2):
        q = g.decl("Queue", str(g.rng.randint(1, 64)))
        g.link(c, q, i, 0)
        g.link(q, sched, 0, i)
    g.link(sched, g.sink())


def k_router(g):
    c = g.decl("Classifier", "12/0806 20/0001, 12/0806 20/0002, 12/0800, -")
    g.link(g.src(), c)
    out = g.sink()
    arpr = g.decl("ARPResponder", "10.0.0.1 " + MAC1)
    g.link(c, arpr, 0, 0)
    g.link(arpr, out)
    arpq = g.decl("ARPQuerier", "10.0.0.1, " + MAC1)
    g.link(c, arpq, 1, 1)
    g.link(arpq, out)
    s = g.decl("Strip", "14")
    g.link(c, s, 2, 0)
    g.link(c, g.decl("Discard"), 3, 0)
    chk = g.decl("CheckIPHeader")
    g.link(s, chk)
    gip = g.decl("GetIPAddress", "16")
    g.link(chk, gip)
    rt = g.decl(g.rng.choice(["RadixIPLookup", "LinearIPLookup"]),
                "10.0.0.0/16 0, 10.1.0.0/16 10.0.0.254 1, 0.0.0.0/0 2")
    g.link(gip, rt)
    ping = g.decl("ICMPPingResponder")
    g.link(rt, ping, 0, 0)
    g.link(ping, arpq, 0, 0)
    g.link(ping, g.decl("Discard"), 1, 0)
    dec = g.decl("DecIPTTL")
    g.link(rt, dec, 1, 0)
    opt = g.decl("IPGWOptions", "10.0.0.1")
    g.link(dec, opt)
    fix = g.decl("FixIPSrc", "10.0.0.1")
    g.link(opt, fix)
    frag = g.decl("IPFragmenter", str(g.rng.choice([68, 576, 1500])))
    g.link(fix, frag)
    g.link(frag, arpq, 0, 0)
    err = g.decl("ICMPError", "10.0.0.1, timeexceeded")
    g.link(dec, err, 1, 0)
    g.link(err, arpq, 0, 0)
    err2 = g.decl("ICMPError", "10.0.0.1, parameterproblem")
    g.link(opt, err2, 1, 0)
    g.link(err2, arpq, 0, 0)
    err3 = g.decl("ICMPError", "10.0.0.1, unreachable, needfrag")
    g.link(frag, err3, 1, 0)
    g.link(err3, arpq, 0, 0)
    ipp = g.decl("IPPrint", "dropped, ACTIVE false")
    g.link(rt, ipp, 2, 0)
    g.link(ipp, g.decl("Discard"))
    if g.rng.random() < 0.5:
        g.link(chk, g.decl("Discard"), 1, 0)


def k_etherswitch(g):
    sw = g.decl("EtherSwitch")
    g.link(g.src(), sw, 0, 0)
    g.link(g.decl("Idle"), sw, 0, 1)
    g.link(sw, g.sink(), 0, 0)
    g.link(sw, g.decl("Discard"), 1, 0)


# ---- stress shapes ----

def big(rng, hi):
    """Mostly small, sometimes up to hi: a log-uniform size."""
    return int(round(2 ** rng.uniform(1, hi.bit_length()))) if hi > 2 else hi


def k_tee_big(g):
    n = min(big(g.rng, 5000), 5000)
    t = g.decl("Tee", str(n) if g.rng.random() < 0.5 else "")
    g.link(g.src(), t)
    cls = g.rng.choice(["Discard", "Counter"])
    d = g.decl(cls)
    if cls == "Counter":
        g.link(d, g.sink())
    for i in range(n):
        g.link(t, d, i, 0)


def k_push_chain(g):
    last = g.src()
    for _ in range(min(big(g.rng, 5000), 5000)):
        e = g.decl(g.rng.choice(CHAIN))
        g.link(last, e)
        last = e
    g.link(last, g.sink())


def k_pull_chain(g):
    q = g.decl("Queue", "100")
    g.link(g.src(), q)
    last = q
    for _ in range(min(big(g.rng, 5000), 5000)):
        e = g.decl(g.rng.choice(["Counter", "Paint(2)", "Strip(0)",
                                 "Unstrip(0)"]))
        g.link(last, e)
        last = e
    if g.rng.random() < 0.3:
        u = g.decl("Unqueue")
        g.link(last, u)
        last = u
    g.link(last, g.sink())


def k_push_cycle(g):
    form = g.rng.randint(0, 2)
    if form == 0:
        a = g.decl("Counter")
        t = g.decl("Tee", "2")
        g.link(g.src(), a)
        g.link(a, t)
        g.link(t, g.sink(), 0, 0)
        g.link(t, a, 1, 0)
    elif form == 1:
        first = g.decl("Counter")
        g.link(g.src(), first)
        last = first
        for _ in range(g.rng.randint(1, 50)):
            e = g.decl(g.rng.choice(CHAIN))
            g.link(last, e)
            last = e
        g.link(last, first)
    else:
        n = g.rng.randint(2, 8)
        t = g.decl("Tee", str(n))
        g.link(g.src(), t)
        for i in range(n):
            g.link(t, t, i, 0)


def k_pull_cycle(g):
    form = g.rng.randint(0, 3)
    q = g.decl("Queue", "16")
    g.link(g.src(), q)
    if form == 0:
        # A scheduler's output fed back through a Counter into its input.
        ps = g.decl(g.rng.choice(["PrioSched", "RoundRobinSched"]))
        c = g.decl("Counter")
        g.link(q, ps, 0, 0)
        g.link(ps, c)
        g.link(c, ps, 0, 1)
        g.link(g.decl("Idle"), g.sink())
    elif form == 1:
        # Two schedulers pulling from each other, one also from the queue.
        a = g.decl("RoundRobinSched")
        b = g.decl("PrioSched")
        g.link(q, a, 0, 0)
        g.link(a, b, 0, 0)
        g.link(b, a, 0, 1)
        g.link(g.decl("Idle"), g.sink())
    elif form == 2:
        # A long pull loop.
        ps = g.decl("PrioSched")
        g.link(q, ps, 0, 1)
        last = ps
        for _ in range(g.rng.randint(1, 100)):
            e = g.decl("Counter")
            g.link(last, e)
            last = e
        g.link(last, ps, 0, 0)
        g.link(g.decl("Idle"), g.sink())
    else:
        # The cycle's output also reaches a ToDevice (two pullers).
        ps = g.decl("PrioSched")
        c = g.decl("Counter")
        g.link(q, ps, 0, 1)
        g.link(ps, c)
        g.link(c, ps, 0, 0)
        g.link(c, g.sink())


def k_huge_ports(g):
    hi = g.rng.choice([16, 255, 256, 1024, 4095, 4096, 4097, 65535, 65536,
                       70000])
    form = g.rng.randint(0, 3)
    if form == 0:
        t = g.decl("Tee")
        g.link(g.src(), t)
        g.link(t, g.decl("Discard"), hi, 0)
        g.link(t, g.sink(), 0, 0)
    elif form == 1:
        c = g.decl("Counter")
        g.link(g.src(), c, 0, hi)
        g.link(c, g.sink())
    elif form == 2:
        s = g.decl("RoundRobinSched")
        q = g.decl("Queue")
        g.link(g.src(), q)
        g.link(q, s, 0, hi)
        g.link(s, g.sink())
    else:
        c = g.decl("Classifier", ", ".join(["-"] * min(hi, 3000)))
        g.link(g.src(), c)
        d = g.decl("Discard")
        for i in sorted(set(g.rng.randint(0, hi) for _ in range(20)) | {0}):
            g.link(c, d, i, 0)


def k_long_rules(g):
    form = g.rng.randint(0, 6)
    rng = g.rng
    cls = "IPFilter"
    if form == 0:	# hundreds of terms in one rule
        conf = "allow " + " ".join(rng.choice(["tcp", "udp", "icmp"])
                                   for _ in range(rng.randint(20, 1000)))
    elif form == 1:	# long && / || chains
        conf = "allow " + ip_rule(rng, rng.randint(50, 800),
                                  rng.choice([0, 0.1]))
    elif form == 2:	# deep nesting
        d = rng.randint(10, 2000)
        conf = "allow " + "(" * d + "tcp" + ")" * d
    elif form == 3:	# not chains
        conf = "allow " + "not " * rng.randint(10, 2000) + "tcp"
    elif form == 4:	# many rules
        conf = ", ".join("%d %s" % (rng.randint(0, 1), ip_rule(rng, 3))
                         for _ in range(rng.randint(50, 1000)))
    elif form == 5:	# a long word
        n = rng.choice([1000, 32766, 32767, 32768, 40000])
        conf = "allow " + rng.choice(["x", "1", "("]) * n
    else:
        cls = "Classifier"
        sub = rng.randint(0, 3)
        if sub == 0:
            conf = " ".join(rng.choice(CLS_CLAUSES)
                            for _ in range(rng.randint(100, 1000)))
        elif sub == 1:
            conf = "12/" + "0" * rng.choice([8, 1000, 32767, 32768, 40000])
        elif sub == 2:
            conf = ", ".join(cls_pattern(rng, 2)
                             for _ in range(rng.randint(100, 1000)))
        else:
            conf = "!" * rng.randint(1, 1000) + "12/0800"
    if cls == "IPFilter" and rng.random() < 0.3:
        cls = "IPClassifier"
        conf = conf.split(" ", 1)[1] if conf.startswith("allow ") else conf
    s = g.decl("Strip", "14")
    g.link(g.src(), s)
    f = g.decl(cls, conf)
    g.link(s, f)
    # Every pattern its output (IPFilter: the numbered actions' 0 and 1).
    nout = 2 if cls == "IPFilter" else min(conf.count(",") + 1, 1000)
    fan_out(g, f, nout, g.sink())


# ---- mistakes ----

def k_bad_args(g):
    cls = g.rng.choice(sorted(BAD_ARGS))
    conf = g.rng.choice(BAD_ARGS[cls])
    if cls in ("FromDevice",):
        g.link(g.decl(cls, conf), g.sink())
        return
    if cls == "ToDevice":
        g.link(g.src(), g.decl(cls, conf))
        return
    e = g.decl(cls, conf)
    if cls == "Unqueue":
        q = g.decl("Queue")
        g.link(g.src(), q)
        g.link(q, e)
    else:
        g.link(g.src(), e, 0, 1 if cls == "ARPQuerier" else 0)
    g.link(e, g.sink())


def k_unknown(g):
    c = g.decl(g.rng.choice(UNKNOWN), g.rng.choice(["", "1", "a, b"]))
    g.link(g.src(), c)
    g.link(c, g.sink())


def k_duplicate(g):
    a = g.decl("Counter")
    g.lines.append("%s :: %s;" % (a, g.rng.choice(["Discard", "Counter",
                                                    "Tee(2)"])))
    g.link(g.src(), a)
    g.link(a, g.sink())


def k_unconnected(g):
    form = g.rng.randint(0, 4)
    if form == 0:
        t = g.decl("Tee", "3")
        g.link(g.src(), t)
        g.link(t, g.sink(), 0, 0)
        g.link(t, g.decl("Discard"), 2, 0)
    elif form == 1:
        g.decl("Discard")
        g.link(g.src(), g.sink())
    elif form == 2:
        g.src()
        g.sink()
    elif form == 3:
        c = g.decl("Counter")
        g.link(g.src(), c)
    else:
        a = g.decl("ARPQuerier", "10.0.0.1, " + MAC1)
        g.link(g.src(), a, 0, 0)
        g.link(a, g.sink())


def k_conflict(g):
    form = g.rng.randint(0, 4)
    if form == 0:	# pull output into a push input
        q = g.decl("Queue")
        g.link(g.src(), q)
        g.link(q, g.decl("Discard"))
    elif form == 1:	# push output into a pull input
        s = g.decl("PrioSched")
        g.link(g.src(), s)
        g.link(s, g.sink())
    elif form == 2:	# one pull output, two pullers
        q = g.decl("Queue")
        g.link(g.src(), q)
        g.link(q, g.sink())
        g.link(q, g.sink())
    elif form == 3:	# an agnostic chain between push and pull
        q = g.decl("Queue")
        g.link(g.src(), q)
        c = g.decl("Counter")
        g.link(q, c)
        t = g.decl("Tee", "2")
        g.link(c, t)
        g.link(t, g.sink(), 0, 0)
        g.link(t, g.decl("Discard"), 1, 0)
    else:	# two pushers into Unqueue's pull input
        u = g.decl("Unqueue")
        g.link(g.src(), u)
        g.link(u, g.sink())


def k_devices(g):
    form = g.rng.randint(0, 2)
    if form == 0:	# receive from one device twice
        g.link(g.src(), g.sink())
        g.link(g.src(), g.decl("Discard"))
    elif form == 1:	# a device nobody bound
        g.link(g.decl("FromDevice", "nosuch"), g.sink())
    else:
        g.link(g.src(), g.decl("ToDevice", "x" * g.rng.choice([15, 16, 64, 300])))


def k_soup(g):
    """Random elements of every class, randomly connected."""
    classes = [c for c, _ in SIMPLE] + [
        "Tee", "Queue", "Unqueue", "Discard", "Idle", "PrioSched",
        "RoundRobinSched", "PaintSwitch", "CheckIPHeader", "DecIPTTL",
        "ICMPPingResponder", "RoundRobinSwitch", "RandomSwitch", "Print"]
    confs = dict(SIMPLE)
    names = [g.src(), g.sink()]
    for _ in range(g.rng.randint(2, 20)):
        c = g.rng.choice(classes)
        names.append(g.decl(c, g.rng.choice(confs.get(c, [""]))))
    for _ in range(g.rng.randint(1, 3 * len(names))):
        a = g.rng.choice(names)
        b = g.rng.choice(names)
        g.link(a, b, g.rng.choice([0, 0, 0, 1, 2]), g.rng.choice([0, 0, 0, 1]))


MUTATIONS = ["", ";", "->", "::", "[", "]", "(", ")", ",", "[0]", "[70000]",
             "{", "}", "//", "/*", "\"", "\\", "elementclass", "-> ->",
             "\x00", "\xff", "%"]


def k_mutated(g):
    base = G(g.rng, g.rx, g.tx)
    g.rng.choice(VALID)[1](base)
    text = base.text()
    for _ in range(g.rng.randint(1, 4)):
        i = g.rng.randint(0, len(text))
        j = min(len(text), i + g.rng.randint(0, 4))
        text = text[:i] + g.rng.choice(MUTATIONS) + text[j:]
    g.lines = [text.replace("\x00", "")]


VALID = [
    ("forward", k_forward), ("ipfilter", k_ipfilter),
    ("ipclassifier", k_ipclassifier), ("classifier", k_classifier),
    ("switches", k_switches), ("queue", k_queue), ("sched", k_sched),
    ("router", k_router), ("etherswitch", k_etherswitch),
]
KINDS = [(name, fn, 4) for name, fn in VALID] + [
    ("tee-big", k_tee_big, 2), ("push-chain", k_push_chain, 2),
    ("pull-chain", k_pull_chain, 2), ("push-cycle", k_push_cycle, 2),
    ("pull-cycle", k_pull_cycle, 2), ("huge-ports", k_huge_ports, 2),
    ("long-rules", k_long_rules, 4), ("bad-args", k_bad_args, 4),
    ("unknown-class", k_unknown, 1), ("duplicate-name", k_duplicate, 1),
    ("unconnected", k_unconnected, 2), ("push-pull-conflict", k_conflict, 2),
    ("devices", k_devices, 1), ("soup", k_soup, 4), ("mutated", k_mutated, 3),
]


def generate(seed, i, rx, tx):
    rng = random.Random("%s:%d" % (seed, i))
    names = [k[0] for k in KINDS]
    weights = [k[2] for k in KINDS]
    kind = rng.choices(names, weights)[0]
    g = G(rng, rx, tx)
    dict((k[0], k[1]) for k in KINDS)[kind](g)
    return kind, "// randgraph seed %s graph %d: %s\n%s" % (seed, i, kind,
                                                          g.text())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", default="0")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rx", default="in")
    ap.add_argument("--tx", default="out")
    ap.add_argument("--start", type=int, default=0,
                    help="index of the first graph (default 0)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for i in range(a.start, a.start + a.count):
        _, text = generate(a.seed, i, a.rx, a.tx)
        with open(os.path.join(a.out, "%04d.click" % i), "w",
                  encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)


if __name__ == "__main__":
    main()
