#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Control-plane measurements for make bench, from one process (no exec
per install): GRAPH_NEW round trips through the netlink ABI directly.

  kcbench.py latency ELEMENTS REPS     median/min install time, us
  kcbench.py memory GRAPHS ELEMENTS    KiB of slab+vmalloc per graph of
                                       ELEMENTS Counters, or "firewall"
  kcbench.py scale GRAPHS DEVICES      graphs installed at once; the first
                                       DEVICES receive from s1..sDEVICES;
                                       prints ms per install per 1000
Output: JSON lines.
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..",
                                "selftests", "kernel"))
import kcnl  # noqa: E402

F_REPLACE = 1


def chain(n, first=("Idle", "")):
    els = [("e0", first[0], first[1])]
    els += [("e%d" % i, "Counter", "") for i in range(1, n - 1)]
    els.append(("e%d" % (n - 1), "Discard", ""))
    links = [(i, 0, i + 1, 0) for i in range(n - 1)]
    return els, links


def install(g, name, els, links, flags=0):
    g.request(kcnl.CMD["GRAPH_NEW"], kcnl.graph_attrs(name, els, links, flags))


def remove(g, name):
    g.request(kcnl.CMD["GRAPH_DEL"], kcnl.a_str(kcnl.A["GRAPH_NAME"], name))


def mem_kib():
    s = 0
    for line in open("/proc/meminfo"):
        k, v = line.split(":")
        if k in ("Slab", "VmallocUsed", "Percpu"):
            s += int(v.split()[0])
    return s


def main():
    g = kcnl.Genl()
    what = sys.argv[1]
    if what == "latency":
        n, reps = int(sys.argv[2]), int(sys.argv[3])
        els, links = chain(n)
        # The request is encoded once, outside the timing: Python under
        # TCG takes as long to encode it as the kernel takes to install
        # it.  Timed: a new graph (removed again outside the timing), then
        # a graph replacing a live one, which also waits for the old one's
        # readers (synchronize_net), carries its state and frees it.  The
        # round trip of an empty request (VERSION_GET) is the floor.
        new = kcnl.graph_attrs("lat", els, links)
        rep = kcnl.graph_attrs("lat", els, links, F_REPLACE)
        t, tr, rt = [], [], []
        for _ in range(reps):
            t0 = time.perf_counter_ns()
            g.request(kcnl.CMD["VERSION_GET"])
            rt.append((time.perf_counter_ns() - t0) / 1000)
        for _ in range(reps):
            t0 = time.perf_counter_ns()
            g.request(kcnl.CMD["GRAPH_NEW"], new)
            t.append((time.perf_counter_ns() - t0) / 1000)
            remove(g, "lat")
        install(g, "lat", els, links)
        for _ in range(reps):
            t0 = time.perf_counter_ns()
            g.request(kcnl.CMD["GRAPH_NEW"], rep)
            tr.append((time.perf_counter_ns() - t0) / 1000)
        remove(g, "lat")
        print(json.dumps({"kind": "install_latency_nl", "elements": n,
                          "median_us": round(statistics.median(t)),
                          "min_us": round(min(t)),
                          "replace_median_us": round(statistics.median(tr)),
                          "replace_min_us": round(min(tr)),
                          "roundtrip_median_us": round(statistics.median(rt))}))
    elif what == "memory":
        # ELEMENTS "firewall": the firewall of examples/firewall.click's
        # shape, one direction (CheckIPHeader, a 10-rule IPFilter, Counter).
        ng = int(sys.argv[2])
        if sys.argv[3] == "firewall":
            rules = ["allow tcp dst port %d" % p for p in (22, 80, 443, 25, 53)]
            rules += ["allow udp dst port 53 and src net 10.0.0.0/8",
                      "allow icmp type echo", "deny src net 192.168.0.0/16",
                      "allow tcp src port 22 or 80", "deny all"]
            els = [("src", "Idle", ""), ("s", "Strip", "14"),
                   ("c", "CheckIPHeader", ""), ("f", "IPFilter", ", ".join(rules)),
                   ("n", "Counter", ""), ("d", "Discard", "")]
            links = [(i, 0, i + 1, 0) for i in range(len(els) - 1)]
            n = "firewall"
        else:
            n = int(sys.argv[3])
            els, links = chain(n)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        m0 = mem_kib()
        for i in range(ng):
            install(g, "m%d" % i, els, links)
        m1 = mem_kib()
        for i in range(ng):
            remove(g, "m%d" % i)
        print(json.dumps({"kind": "memory", "graphs": ng, "elements": n,
                          "kib_per_graph": round((m1 - m0) / ng, 1)}))
    elif what == "scale":
        ng, nd = int(sys.argv[2]), int(sys.argv[3])
        els, links = chain(20)
        t0 = time.perf_counter_ns()
        start = t0
        done = 0
        try:
            for i in range(1, ng + 1):
                if i <= nd:
                    e, l = chain(3, ("FromDevice", "s%d" % i))
                else:
                    e, l = els, links
                install(g, "g%d" % i, e, l)
                done = i
                if i % 1000 == 0:
                    t1 = time.perf_counter_ns()
                    print(json.dumps({"kind": "scale", "graphs": i,
                                      "ms_per_install": round((t1 - t0) / 1e9, 3)}),
                          flush=True)
                    t0 = t1
        except kcnl.NlError as e:
            print(json.dumps({"kind": "scale_error", "at": done + 1,
                              "error": "%s %s" % (e.errno, e.msg)}))
        print(json.dumps({"kind": "scale_total", "graphs": done, "devices": nd,
                          "seconds": round((time.perf_counter_ns() - start) / 1e9)}))
        for i in range(1, done + 1):
            remove(g, "g%d" % i)
    return 0


if __name__ == "__main__":
    sys.exit(main())
