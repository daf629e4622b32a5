#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Render make bench's results (JSON lines from scripts/bench-guest) as
docs/bench.md and a bar plot.

  bench-report.py RESULTS.jsonl USER.md OUT.md OUT.png SECONDS [--merge]

With --merge (make bench with KC_BENCH_ONLY), only the sections this run
has figures for replace theirs in the existing OUT.md; the others, and the
plot, stay as they were.
"""
import json
import os
import statistics
import sys
import datetime

res, user_md, out_md, out_png, secs = sys.argv[1:6]
merge = "--merge" in sys.argv[6:]
rows = [json.loads(l) for l in open(res) if l.strip()]
paths, runs = {}, {}
for r in rows:
    if r["kind"] == "path":
        # Rows of the further boots (KC_BENCH_RUNS) carry "run"; the
        # table is the first boot's.
        runs.setdefault(r.get("run", 1), {}).setdefault(r["path"], []).append(r["pps"])
        if "run" not in r:
            paths.setdefault(r["path"], []).append(r["pps"])


def med(p):
    return statistics.median(paths[p]) if p in paths else None


def spread(p):
    v = paths.get(p, [])
    if len(v) < 2:
        return 0.0
    m = statistics.median(v)
    return 100.0 * (max(v) - min(v)) / 2 / m if m else 0.0


base = med("tc_drop")


def extra_ns(p):
    m = med(p)
    if not m or not base:
        return None
    return 1e9 / m - 1e9 / base


lines = ["# make bench", "",
         f"Measured by `make bench` (scripts/bench, scripts/bench-guest) on "
         f"{datetime.date.today()}, QEMU TCG, 1 vCPU, Debian 6.1 kernel; "
         f"the run took {int(secs) // 60} min {int(secs) % 60} s.",
         "pktgen sends 64-byte UDP (1024 x 64 flows) into veth p0; every "
         "path receives on p1 on the same CPU, so sender cost is in every "
         "figure: compare ratios, and the extra time per packet over the "
         "bare tc drop path (1/pps - 1/pps_tc_drop).", "",
         "## Data path", "",
         "| path | kpps (median of %d) | spread | vs tc drop | extra ns/packet |" %
         max((len(v) for v in paths.values()), default=0),
         "|---|---:|---:|---:|---:|"]
for p in paths:
    m = med(p)
    e = extra_ns(p)
    lines.append(f"| {p} | {m / 1000:.1f} | ±{spread(p):.1f}% | "
                 f"{m / base:.2f}x | {e:.0f} |" if base else f"| {p} | {m} | | | |")


def ratio(a, b):
    if med(a) and med(b):
        return med(a) / med(b)
    return None


lines += ["", "## Targets", ""]
checks = [("kclick drop vs tc drop", ratio("kclick_drop", "tc_drop"), 1.0),
          ("kclick drop vs nftables drop", ratio("kclick_drop", "nft_drop"), 1.0),
          ("kclick forward vs tc mirred", ratio("kclick_fwd", "mirred_fwd"), 1.0),
          ("kclick forward vs bridge", ratio("kclick_fwd", "bridge_fwd"), 1.0),
          ("kclick IPFilter 100 rules vs bare drop", ratio("kclick_ipfilter100", "tc_drop"), 0.9),
          ("kclick IPFilter 1000 rules vs bare drop", ratio("kclick_ipfilter1000", "tc_drop"), 0.8)]
for name, r, want in checks:
    if r is None:
        lines.append(f"- {name}: not measured")
    else:
        lines.append(f"- {name}: {r:.2f}x (target >= {want}x) "
                     f"{'met' if r >= want else 'MISSED by %.0f%%' % (100 * (want - r) / want)}")
if len(runs) > 1:
    # The same three targets in every boot (KC_BENCH_RUNS): a ratio that
    # holds in one boot only is noise.
    def rratio(run, a, b):
        v = runs[run]
        return (statistics.median(v[a]) / statistics.median(v[b])
                if v.get(a) and v.get(b) else None)
    lines += ["", "The rx_handler targets in each of %d boots (median of each boot's "
              "repetitions; boot 1 is the table above):" % len(runs), "",
              "| boot | drop vs tc drop | drop vs nft drop | forward vs mirred |",
              "|---:|---:|---:|---:|"]
    per = {k: [] for k in range(3)}
    for run in sorted(runs):
        rs = [rratio(run, "kclick_drop", "tc_drop"), rratio(run, "kclick_drop", "nft_drop"),
              rratio(run, "kclick_fwd", "mirred_fwd")]
        for i, x in enumerate(rs):
            if x is not None:
                per[i].append(x)
        lines.append(f"| {run} | " + " | ".join(f"{x:.2f}x" if x else "" for x in rs) + " |")
    lines.append("| median | " + " | ".join(f"{statistics.median(per[i]):.2f}x" if per[i] else ""
                                          for i in range(3)) + " |")
    lines.append("| lowest to highest | " + " | ".join(
        f"{min(per[i]):.2f}x to {max(per[i]):.2f}x" if per[i] else "" for i in range(3)) + " |")
    moved = max((100 * (max(v) - min(v)) for v in per.values() if v), default=0)
    lines += ["", "Between these boots of one module a ratio moves by up to %.0f points; "
              "docs/design.md, \"What the rx_handler rows can judge\", says what "
              "limits them." % moved, ""]
if med("kclick_sniff") and med("stack_drop"):
    lines.append(f"- sniffer mode (FromDevice SNIFFER true -> Counter -> Discard, the "
                 f"stack still dropping every packet) vs the stack alone: "
                 f"{ratio('kclick_sniff', 'stack_drop'):.2f}x, "
                 f"{1e9 / med('kclick_sniff') - 1e9 / med('stack_drop'):.0f} ns extra per "
                 f"packet (no target; the clone and the graph's walk)")
r = ratio("kclick_router", "linux_router")
if r is not None:
    lines.append(f"- kclick router example vs Linux IP forwarding: {r:.2f}x "
                 "(no target; the whole router.click path against ip_forward)")

def nat_row(r):
    return "group" not in r and ("NAT" in r["what"] or "load balancer" in r["what"])


for r in rows:
    if r["kind"] == "missing" and not nat_row(r) and "group" not in r:
        lines.append(f"- not measured: {r['what']}")

lines += ["", "## Control plane", ""]
for r in rows:
    if r["kind"] == "install_latency_nl":
        lines.append(f"- install of a {r['elements']}-element graph (netlink round trip of "
                     f"a prepared request: validate, build, publish): median "
                     f"{r['median_us'] / 1000:.2f} ms, min {r['min_us'] / 1000:.2f} ms over 100"
                     + (f" (an empty request's round trip: {r['roundtrip_median_us'] / 1000:.2f} ms)"
                        if "roundtrip_median_us" in r else ""))
        if "replace_median_us" in r:
            lines.append(f"  - replacing a live one (also waits for its readers, carries "
                         f"state, frees it): median {r['replace_median_us'] / 1000:.2f} ms, "
                         f"min {r['replace_min_us'] / 1000:.2f} ms")
    elif r["kind"] == "install_latency_c":
        lines.append(f"- install of a {r['elements']}-element graph from a C client "
                     f"(bench/cp/installlat: libkclick encodes, the module validates, "
                     f"builds, publishes): median {r['median_us'] / 1000:.2f} ms, min "
                     f"{r['min_us'] / 1000:.2f} ms; replacing a live one: median "
                     f"{r['replace_median_us'] / 1000:.2f} ms")
    elif r["kind"] == "install_latency_cli":
        lines.append(f"- the same through `kclick install` (process start and parse "
                     f"included): median {r['median_us'] / 1000:.1f} ms for 20 elements")
    elif r["kind"] == "scale_error":
        lines.append(f"- scale stopped at graph {r['at']}: {r['error']}")
    elif r["kind"] == "memory":
        what = ("firewall graph (Strip, CheckIPHeader, a 10-rule IPFilter, Counter)"
                if r["elements"] == "firewall" else f"{r['elements']}-element graph")
        lines.append(f"- kernel memory per installed {what} "
                     f"(slab + vmalloc + percpu over {r['graphs']} installs): {r['kib_per_graph']} KiB")
    elif r["kind"] == "scale_total":
        lines.append(f"- {r['graphs']} graphs installed at once, {r['devices']} of "
                     f"them attached to devices of their own, in {r['seconds']} s")
sc = [r for r in rows if r["kind"] == "scale"]
if sc:
    lines.append("- install time per graph as the count grows: " +
                 ", ".join(f"{r['graphs']}: {r['ms_per_install']} ms" for r in sc))

cp = {r["kind"]: r for r in rows if r["kind"] == "scale_total"}
cp.update({"memory": r for r in rows if r["kind"] == "memory" and r["elements"] == "firewall"})
lat20 = [r for r in rows if r["kind"] == "install_latency_c" and r["elements"] == 20]
lines += ["", "Control-plane targets:", ""]
for name, got, want, unit, lower in [
        ("20-element install (C client)", lat20[0]["median_us"] / 1000 if lat20 else None, 1.0, "ms", True),
        ("memory per firewall graph", cp["memory"]["kib_per_graph"] if "memory" in cp else None, 64, "KiB", True),
        ("graphs at once", cp["scale_total"]["graphs"] if "scale_total" in cp else None, 10000, "", False)]:
    if got is None:
        lines.append(f"- {name}: not measured")
        continue
    met = got <= want if lower else got >= want
    by = (got - want) / want if lower else (want - got) / want
    lines.append(f"- {name}: {got:g} {unit} (target {'<=' if lower else '>='} {want:g} {unit}) "
                 f"{'met' if met else 'MISSED by %.0f%%' % (100 * by)}")

mb = {}
for r in rows:
    if r["kind"] == "mbox":
        mb.setdefault((r["row"], r["path"]), []).append(r)
mem = {r["path"]: r for r in rows if r["kind"] == "mbox_mem"}


def mb_med(row, path):
    v = mb.get((row, path))
    return statistics.median(x["pps"] for x in v) if v else None


lines += ["", "## NAT and load balancer", "",
          f"Measured {datetime.date.today()} (scripts/bench-guest-nat), every row "
          "in one boot.  pktgen sends 64-byte UDP from "
          "10.8.0.2 into p0; the path under test takes it from p1 to p2 (TTL "
          "decremented, a fixed next-hop Ethernet header) and p3 drops it: "
          "the rate is what p3 received, \"translated\" the share of it with "
          "the NAT's address as source (NAT) or a backend as destination (LB). "
          "Established rows send over a fixed set of flows, each seen in a "
          "warm-up second first; new-flow rows make every packet a new flow, "
          "so their rate is flows set up per second.", "",
          "| row | path | kpps out (median of %d) | spread | translated |" %
          max((len(v) for v in mb.values()), default=0),
          "|---|---|---:|---:|---:|"]
for (row, path), v in mb.items():
    pps = [x["pps"] for x in v]
    m = statistics.median(pps)
    sp = 100.0 * (max(pps) - min(pps)) / 2 / m if m else 0.0
    out = sum(x["out"] for x in v)
    tr = sum(x["nat_src"] if row.startswith("nat") else sum(x["backends"])
             for x in v)
    lines.append(f"| {row} | {path} | {m / 1000:.1f} | ±{sp:.1f}% | "
                 f"{100.0 * tr / out if out else 0:.1f}% |")
lines.append("")
for r in rows:
    if r["kind"] == "missing" and nat_row(r):
        lines.append(f"- not measured: {r['what']}")
for what, row, a, b, want in [
        ("NAT, established flows: kclick IPRewriter vs nftables masquerade",
         "nat_est", "kclick_nat", "nft_masq", 1.5),
        ("NAT, new flows set up per second: kclick vs conntrack",
         "nat_new", "kclick_nat", "nft_masq", None),
        ("load balancer: kclick IPRewriter + RoundRobinIPMapper vs nftables dnat jhash map",
         "lb", "kclick_rr", "nft_jhash", 1.0)]:
    ka, kb = mb_med(row, a), mb_med(row, b)
    if ka is None or kb is None:
        continue
    r = ka / kb
    t = "(no target)" if want is None else (
        f"(target >= {want}x) " + ("met" if r >= want else
                                   "MISSED by %.0f%%" % (100 * (want - r) / want)))
    lines.append(f"- {what}: {ka / 1000:.1f}k / {kb / 1000:.1f}k = {r:.2f}x {t}")
for path, v in [(p, v) for (row, p), v in mb.items() if row == "lb"]:
    tot = [sum(x["backends"][i] for x in v) for i in range(3)]
    s = sum(tot)
    if s:
        lines.append(f"- {path} backend shares (10.9.0.11/12/13): " +
                     " / ".join(f"{100.0 * t / s:.1f}%" for t in tot))
for path, r in mem.items():
    if not r["flows"]:
        lines.append(f"- memory per flow, {path}: no flows counted")
        continue
    b = r["kib"] * 1024 / r["flows"]
    extra = ""
    if r.get("slab_objsize"):
        extra = (f"; the nf_conntrack slab alone: {r['slab_objsize']} B per "
                 f"object, {r['slab_active']} active")
    if "kib_install" in r:
        extra = f"; {r['kib_install']} KiB of it at install, before any flow"
    lines.append(f"- kernel memory per flow, {path}: {b:.0f} B ({r['flows']} flows, "
                 f"slab objects in use, vmalloc and per-CPU grew {r['kib']} KiB{extra})")

def missing(group):
    return [r for r in rows if r["kind"] == "missing" and r.get("group") == group]


def med_spread(v):
    m = statistics.median(v)
    return m, (100.0 * (max(v) - min(v)) / 2 / m if m else 0.0)


# Tunnels (scripts/bench-guest-encap): packets/s out of each tunnel entry.
enc = {}
for r in rows:
    if r["kind"] == "encap":
        enc.setdefault((r["tunnel"], r["path"]), []).append(r)
lines += ["", "## Tunnels", "",
          f"Measured {datetime.date.today()} (scripts/bench-guest-encap), every "
          "row in one boot.  pktgen sends 60-byte UDP frames from 10.8.0.2 "
          "(64 x 64 flows) into p0; the path under test checks each inner IP "
          "header, decrements its TTL and sends it into a tunnel from "
          "10.9.0.1 to 10.9.0.2 on p2 (the next hop's Ethernet address known "
          "up front), and p3 drops it.  Linux forwards into its own device "
          "(`gre ... ttl 250`; `vxlan id 42 ... dstport 4789 ttl 250 "
          "noudpcsum`); kclick runs Strip -> CheckIPHeader -> DecIPTTL -> "
          "GREEncap(ip) -> IPEncap(gre, ..., DF true), or -> EtherEncap (the "
          "inner frame, Linux's addresses) -> VXLANEncap(42) -> "
          "UDPIPEncap(..., 4789, false), then EtherEncap -> ToDevice(p2).  The "
          "rate is what p3 received; \"tunnel packets\" the share of it a u32 "
          "filter on p3 recognises as the expected packet (outer addresses; "
          "GRE with no flags and type 0x0800, or UDP to 4789 with the VXLAN I "
          "flag, VNI 42 and an inner IPv4 frame; the inner destination and "
          "TTL, pktgen's 32 less one); "
          "\"bytes\" the length of each on p3.  The packets differ in the "
          "outer IP ID and, for VXLAN, the UDP source port (Linux hashes the "
          "inner flow, kclick sends 49152).", ""]
if enc:
    lines += ["| tunnel | path | kpps out (median of %d) | spread | tunnel packets | bytes/packet |" %
              max(len(v) for v in enc.values()),
              "|---|---|---:|---:|---:|---:|"]
    for (tun, path), v in enc.items():
        m, sp = med_spread([x["pps"] for x in v])
        out = sum(x["out"] for x in v)
        if any(x["matched"] < 0 for x in v):
            ok = "not checked"
        else:
            ok = f"{100.0 * sum(x['matched'] for x in v) / out if out else 0:.1f}%"
        size = f"{sum(x['bytes'] for x in v) / out:.0f}" if out else "-"
        lines.append(f"| {tun} | {path} | {m / 1000:.1f} | ±{sp:.1f}% | {ok} | {size} |")
    lines.append("")
for tun, what in [("gre", "GRE: kclick GREEncap + IPEncap vs Linux gre"),
                  ("vxlan", "VXLAN: kclick VXLANEncap + UDPIPEncap vs Linux vxlan")]:
    a, b = enc.get((tun, "kclick_" + tun)), enc.get((tun, "linux_" + tun))
    if a and b:
        ka = statistics.median(x["pps"] for x in a)
        kb = statistics.median(x["pps"] for x in b)
        if kb:
            lines.append(f"- {what}: {ka / 1000:.1f}k / {kb / 1000:.1f}k = "
                         f"{ka / kb:.2f}x (no target)")
for r in missing("encap"):
    lines.append(f"- not measured: {r['what']}")
if not enc and not missing("encap"):
    lines.append("not run")

# Shapers (scripts/bench-guest-shaper): accuracy and CPU per shaped packet.
shp = {}
for r in rows:
    if r["kind"] == "shaper":
        shp.setdefault((r["rate_mbit"], r["path"]), []).append(r)
info = next((r for r in rows if r["kind"] == "shaper_info"), {})
size = info.get("size", 1000)
lines += ["", "## Shapers", "",
          f"Measured {datetime.date.today()} (scripts/bench-guest-shaper), "
          f"every row in one boot.  pktgen sends {size}-byte UDP frames into "
          f"p0 at {info.get('offer_pct', 150)}% of the rate under test, paced "
          "(split over pktgen devices at least 200 us apart each, so that "
          "pktgen sleeps between frames rather than spinning); the path takes "
          "them from p1 to p2 and p3 drops them.  kclick: FromDevice(p1) -> "
          f"Queue({info.get('queue', 100)}) -> BandwidthShaper(RATE) -> "
          "ToDevice(p2); Linux: tc mirred from p1's ingress to p2, with "
          f"`tbf rate RATE burst B limit {info.get('queue', 100) * size}` on p2 "
          "(B: 10 ms at the rate, at least four frames).  Both shapers count a "
          "frame's bytes as the device gets them, Ethernet header included, "
          "no FCS, preamble or gap, and so do the Mbit/s here: offered is "
          "what p1 received, out the bytes p3 received per second (accuracy: "
          "that over the configured rate).  "
          f"Each row warms up 2 s, then {info.get('secs', 3)} s windows.  "
          "CPU busy: the one vCPU's time not idle over the window ("
          + ("wall time minus nohz's idle sleep time from /proc/timer_list, "
             "which excludes interrupts and softirqs taken from idle"
             if info.get("idle", "timer_list") == "timer_list" else
             "wall time minus /proc/stat's idle, in 10 ms steps")
          + "): pktgen, softirqs, timers, tasklets and the measuring shell "
          "all count.  CPU per packet out is that minus the same for the "
          "source row (pktgen into p1, tc dropping there: the traffic's own "
          "cost, with that drop's, the same for every row), over the packets "
          "p3 received, so it includes dropping the excess; \"over plain forward\" subtracts the same figure for the "
          "same system forwarding without a shaper (kclick FromDevice -> "
          "ToDevice, Linux mirred to p2's noqueue) at the same offered rate.",
          ""]


def shp_med(rate, path):
    v = [x for x in shp.get((rate, path), []) if x["ns"] > 0]
    if not v:
        return None
    return {"n": len(v),
            "in_mbit": statistics.median(x["in"] * x["size"] * 8e3 / x["ns"] for x in v),
            "out_mbit": statistics.median(x["bytes"] * 8e3 / x["ns"] for x in v),
            "pps": statistics.median(x["out"] * 1e9 / x["ns"] for x in v),
            "busy": statistics.median(x["busy_ns"] / x["ns"] for x in v),
            "spread": med_spread([x["bytes"] * 8e3 / x["ns"] for x in v])[1]}


def shp_us(rate, path):
    """CPU us per packet out, net of the source row; None if unknown."""
    m, s = shp_med(rate, path), shp_med(rate, "source")
    if not m or not s or not m["pps"]:
        return None
    return (m["busy"] - s["busy"]) * 1e6 / m["pps"]


rates = sorted({k[0] for k in shp})
if shp:
    lines += ["| rate | path | offered Mbit/s | out Mbit/s (median of %d) | spread | accuracy | CPU busy | CPU us per packet out | over plain forward |" %
              max(len(v) for v in shp.values()),
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    fwd_of = {"linux_tbf": "linux_fwd", "kclick_shaper": "kclick_fwd"}
    saturated = False
    for rate in rates:
        for path in ["source", "linux_fwd", "kclick_fwd", "linux_tbf", "kclick_shaper"] + \
                sorted(p for (r_, p) in shp if r_ == rate and p not in
                       ("source", "linux_fwd", "kclick_fwd", "linux_tbf", "kclick_shaper")):
            m = shp_med(rate, path)
            if not m:
                continue
            shaped = path in fwd_of
            acc = f"{100.0 * m['out_mbit'] / rate:.1f}%" if shaped else "-"
            us = shp_us(rate, path) if path != "source" else None
            over = "-"
            if shaped and us is not None and shp_us(rate, fwd_of[path]) is not None:
                over = f"{us - shp_us(rate, fwd_of[path]):+.1f}"
            sat = m["busy"] >= 0.95
            saturated |= sat
            lines.append(f"| {rate:g} Mbit/s | {path} | {m['in_mbit']:.2f} | "
                         f"{m['out_mbit']:.3f} | ±{m['spread']:.1f}% | {acc} | "
                         f"{100.0 * m['busy']:.1f}%{' (*)' if sat else ''} | "
                         f"{'-' if us is None else '%.1f' % us} | {over} |")
    if saturated:
        lines += ["", "(*) busy 95% of the window or more: the vCPU was saturated, "
                  "so that row's rate is what one TCG vCPU manages with pktgen "
                  "on it, and its CPU per packet (net of a source row that may "
                  "be saturated too) is not the path's cost alone."]
    lines.append("")
for rate in rates:
    k, l_ = shp_med(rate, "kclick_shaper"), shp_med(rate, "linux_tbf")
    parts = []
    for name, m in [("BandwidthShaper", k), ("tbf", l_)]:
        if m:
            acc = m["out_mbit"] / rate
            parts.append(f"{name} {100.0 * acc:.1f}% of the rate ("
                         + ("within ±5%" if abs(acc - 1) <= 0.05 else
                            f"MISSED ±5% by {100 * abs(acc - 1) - 5:.1f} points")
                         + ")")
    ku, lu = shp_us(rate, "kclick_shaper"), shp_us(rate, "linux_tbf")
    if ku is not None and lu is not None:
        parts.append(f"CPU per shaped packet {ku:.1f} us vs {lu:.1f} us"
                     + (f" = {ku / lu:.2f}x" if lu > 0 else "") + " (no target)")
    if parts:
        lines.append(f"- {rate:g} Mbit/s: " + "; ".join(parts))
for r in missing("shaper"):
    lines.append(f"- not measured: {r['what']}")
if not shp and not missing("shaper"):
    lines.append("not run")

# XDP on the virtio-net pair (scripts/bench-guest-xdp, issue 14).
xdp, xcpu = {}, {}
for r in rows:
    if r["kind"] == "xdp":
        xdp.setdefault(r["path"], []).append(r["pps"])
        xcpu.setdefault(r["path"], []).append(r)


def softirq_ns(p):
    """Softirq time per received frame over all of p's runs (ns)."""
    v = xcpu.get(p, [])
    n = sum(x.get("pkts", 0) for x in v)
    if not n or not all("softirq_ticks" in x for x in v):
        return None
    return 1e9 * sum(x["softirq_ticks"] / x["hz"] for x in v) / n


def busy(p):
    v = [x for x in xcpu.get(p, []) if "idle_ticks" in x and x.get("t")]
    if not v:
        return None
    return 100.0 * (1 - sum(x["idle_ticks"] / x["hz"] for x in v) / sum(x["t"] for x in v))


xout = {r["path"]: r for r in rows if r["kind"] == "xdp_out"}
lines += ["", "## XDP", "",
          f"Measured {datetime.date.today()} (scripts/bench-guest-xdp), every "
          "row in one boot.  pktgen sends 64-byte UDP frames on the guest's "
          "virtio-net kcv0; QEMU's hub carries them to the virtio-net kcv1, "
          "where each path receives (native XDP runs in virtio-net's receive, "
          "before any skb).  The floor is a bare BPF program returning "
          "XDP_DROP.  kclick: FromDevice(kcv1[, METHOD XDP]) -> Counter -> "
          "Discard; the forwards send back out of kcv1 (EtherMirror -> "
          "ToDevice(kcv1): XDP_TX, or the rx_handler's transmit) or to the "
          "veth p2 (an XDP redirect, the rx_handler, tc mirred).  The same "
          "vCPU runs pktgen, so sender cost is in every figure: compare "
          "ratios, and the extra time per packet over the floor "
          "(1/pps - 1/pps_floor).  \"softirq ns/frame\" is the vCPU's softirq "
          "time (/proc/stat) over the frames kcv1 received: the receive "
          "side's own cost (NAPI, XDP, rx_handler, tc ingress, and the "
          "transmit completions of the forwards), which the rate hides when "
          "the sender is what limits it.  The veth_ rows drop on the data "
          "path rows' veth p1 (pktgen into p0), their own floor the same bare "
          "program there.", ""]


def xmed(p):
    return statistics.median(xdp[p]) if xdp.get(p) else None


if xdp:
    floor = xmed("xdp_floor")
    lines += ["| path | kpps (median of %d) | spread | vs floor | extra ns/packet | "
              "softirq ns/frame | vCPU busy | forwarded |" %
              max(len(v) for v in xdp.values()),
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for p, v in xdp.items():
        floor = xmed("veth_xdp_floor" if p.startswith("veth_") else "xdp_floor")
        m, sp = med_spread(v)
        o = xout.get(p)
        fw = (f"{100.0 * o['out'] / o['in']:.1f}% to {o['dev']}" if o and o["in"] else "")
        sq, b = softirq_ns(p), busy(p)
        cpu = (f"{sq:.0f}" if sq is not None else "") + " | " + (f"{b:.0f}%" if b is not None else "")
        if floor and m:
            lines.append(f"| {p} | {m / 1000:.1f} | ±{sp:.1f}% | {m / floor:.2f}x | "
                         f"{1e9 / m - 1e9 / floor:.0f} | {cpu} | {fw} |")
        else:
            lines.append(f"| {p} | {m / 1000:.1f} | ±{sp:.1f}% | | | {cpu} | {fw} |")
    lines.append("")

    def xratio(a, b):
        return xmed(a) / xmed(b) if xmed(a) and xmed(b) else None

    def verdict(name, r, want):
        if r is None:
            return f"- {name}: not measured"
        return (f"- {name}: {r:.2f}x (target >= {want}x) "
                + ("met" if r >= want else "MISSED by %.0f%%" % (100 * (want - r) / want)))

    for pre, where in [("", "virtio-net"), ("veth_", "veth")]:
        fl, xd, rh = pre + "xdp_floor", pre + "kclick_xdp_drop", pre + "kclick_rxh_drop"
        if not xmed(fl):
            continue
        lines.append(verdict(f"{where}: kclick XDP drop vs the bare XDP_DROP program",
                             xratio(xd, fl), 0.9))
        lines.append(verdict(f"{where}: kclick XDP drop vs kclick rx_handler drop",
                             xratio(xd, rh), 1.5))
        if xmed(xd) and xmed(rh):
            ex = 1e9 / xmed(xd) - 1e9 / xmed(fl)
            er = 1e9 / xmed(rh) - 1e9 / xmed(fl)
            if er <= 0:
                lines.append(f"- {where}: XDP mode's extra time over the floor vs rx_handler "
                             "mode's: not measurable (the rx_handler drop is no slower than "
                             "the floor)")
            else:
                share = ex / er
                lines.append(f"- {where}: XDP mode's extra time over the floor ({ex:.0f} ns) vs "
                             f"rx_handler mode's ({er:.0f} ns): {share:.2f} (target <= 0.33) "
                             + ("met" if share <= 1 / 3 else "MISSED"))
    # The same targets on the receive side's own CPU time per frame
    # (softirq ns/frame; lower is better, so the ratios are inverted).
    for pre, where in [("", "virtio-net"), ("veth_", "veth")]:
        fs = softirq_ns(pre + "xdp_floor")
        xs = softirq_ns(pre + "kclick_xdp_drop")
        rs = softirq_ns(pre + "kclick_rxh_drop")
        if not (fs and xs and rs):
            continue
        lines.append(verdict(f"{where}, softirq time per frame: the bare XDP_DROP program's "
                             "over kclick XDP drop's", fs / xs, 0.9))
        lines.append(verdict(f"{where}, softirq time per frame: kclick rx_handler drop's over "
                             "kclick XDP drop's", rs / xs, 1.5))
        if rs > fs:
            share = (xs - fs) / (rs - fs)
            lines.append(f"- {where}, softirq time per frame over the floor, XDP mode "
                         f"({xs - fs:.0f} ns) vs rx_handler mode ({rs - fs:.0f} ns): "
                         f"{share:.2f} (target <= 0.33) "
                         + ("met" if share <= 1 / 3 else "MISSED"))
    for name, a, b in [("kclick XDP drop vs tc drop on kcv1", "kclick_xdp_drop", "v_tc_drop"),
                       ("kclick XDP drop vs nftables drop on kcv1", "kclick_xdp_drop", "v_nft_drop"),
                       ("kclick generic XDP drop vs rx_handler drop", "kclick_xdpgen_drop", "kclick_rxh_drop"),
                       ("kclick XDP_TX (EtherMirror) vs the rx_handler's mirror", "kclick_xdp_tx", "kclick_rxh_mirror"),
                       ("kclick XDP redirect to p2 vs the rx_handler forward", "kclick_xdp_redirect", "kclick_rxh_fwd"),
                       ("kclick XDP redirect to p2 vs tc mirred", "kclick_xdp_redirect", "v_mirred_fwd"),
                       ("veth: kclick XDP drop vs tc drop", "veth_kclick_xdp_drop", "veth_tc_drop"),
                       ("veth: kclick rx_handler drop vs tc drop", "veth_kclick_rxh_drop", "veth_tc_drop")]:
        r = xratio(a, b)
        if r is not None:
            lines.append(f"- {name}: {r:.2f}x (no target)")
for r in missing("xdp"):
    lines.append(f"- not measured: {r['what']}")
if not xdp and not missing("xdp"):
    lines.append("not run")

# Two vCPUs and RPS (scripts/bench-guest-smp, issue 14), a boot of its own.
smp, smpc = {}, {}
for r in rows:
    if r["kind"] == "smp":
        smp.setdefault((r["path"], r["rps"]), []).append(r["pps"])
        if "counted" in r:
            smpc.setdefault((r["path"], r["rps"]), []).append(r)
lines += ["", "## SMP", "",
          f"Measured {datetime.date.today()} (scripts/bench-guest-smp) in a boot "
          "with two vCPUs of its own (QEMU TCG, one host thread per vCPU).  "
          "pktgen's thread runs on CPU 0 and sends into veth p0; RPS on p1 "
          "(rps_cpus) picks the CPU that receives each packet by its flow "
          "(1024 x 64 UDP flows): mask 0 is no RPS (CPU 0 sends and receives, "
          "as in the one-vCPU rows), 2 moves all receive work to CPU 1, 3 "
          "spreads it over both CPUs by flow.  kclick: FromDevice(p1) -> "
          "c :: Counter -> Discard, whose per-CPU counter is compared with "
          "what p1 received.", ""]
rps_name = {0: "no RPS (CPU 0 sends and receives)", 2: "RPS to CPU 1",
            3: "RPS over CPUs 0 and 1"}
if smp:
    lines += ["| path | receive | kpps (median of %d) | spread | vs no RPS |" %
              max(len(v) for v in smp.values()),
              "|---|---|---:|---:|---:|"]
    for (p, m), v in smp.items():
        md, sp = med_spread(v)
        one = smp.get((p, 0))
        rel = f"{md / statistics.median(one):.2f}x" if one and statistics.median(one) else ""
        lines.append(f"| {p} | {rps_name.get(m, f'rps_cpus {m}')} | {md / 1000:.1f} | "
                     f"±{sp:.1f}% | {rel} |")
    lines.append("")
    for m in (2, 3):
        a, b = smp.get(("kclick_drop", m)), smp.get(("tc_drop", m))
        if a and b:
            lines.append(f"- {rps_name[m]}: kclick drop vs tc drop "
                         f"{statistics.median(a) / statistics.median(b):.2f}x "
                         f"(no RPS: " + (f"{statistics.median(smp[('kclick_drop', 0)]) / statistics.median(smp[('tc_drop', 0)]):.2f}x"
                                         if smp.get(("kclick_drop", 0)) and smp.get(("tc_drop", 0)) else "not measured") + ")")
    # The one-vCPU boot's rows of the same paths, when this run has them.
    for p in ("tc_drop", "kclick_drop"):
        one, best = med(p), max((statistics.median(v) for (q, m), v in smp.items() if q == p),
                                default=None)
        if one and best:
            lines.append(f"- {p}: best of the two-vCPU rows {best / 1000:.1f} kpps vs "
                         f"{one / 1000:.1f} kpps in the one-vCPU boot: {best / one:.2f}x")
    counted = sum(x["counted"] for v in smpc.values() for x in v)
    received = sum(x["received"] for v in smpc.values() for x in v)
    if received:
        lines.append(f"- kclick's Counter over every kclick row: {counted} counted, "
                     f"{received} received by p1"
                     + (" (equal)" if counted == received else
                        f" ({received - counted:+d} not counted)"))
for r in missing("smp"):
    lines.append(f"- not measured: {r['what']}")
if not smp and not missing("smp"):
    lines.append("not run")

lines += ["", "## Userspace (make bench-user)", ""]
try:
    ul = [l.rstrip("\n") for l in open(user_md)]
    first = next((i for i, l in enumerate(ul) if l.startswith("|")), len(ul))
    lines += [l.replace("### ", "#### ").replace("## ", "### ") if l.startswith("#") else l
              for l in ul[first:]]
except OSError:
    lines.append("not run")


def sections(ls):
    """{heading: lines} in order; the text before the first ## under ''."""
    out, cur = {"": []}, ""
    for line in ls:
        if line.startswith("## "):
            cur = line
            out[cur] = []
        out[cur].append(line)
    return out


if merge:
    new = sections(lines)
    have = set()
    if paths:
        have |= {"## Data path", "## Targets"}
    if any(r["kind"].startswith(("install", "memory", "scale")) for r in rows):
        have.add("## Control plane")
    if mb or mem or any(r["kind"] == "missing" and nat_row(r) for r in rows):
        have.add("## NAT and load balancer")
    if any(l.startswith("| 00_baseline") for l in lines):
        have.add("## Userspace (make bench-user)")
    if enc or missing("encap"):
        have.add("## Tunnels")
    if shp or missing("shaper"):
        have.add("## Shapers")
    if xdp or missing("xdp"):
        have.add("## XDP")
    if smp or missing("smp"):
        have.add("## SMP")
    try:
        old = sections(open(out_md).read().rstrip("\n").split("\n"))
    except OSError:
        old = {"": new[""]}
    order = list(old)
    for h in have:
        sec = new[h]
        while sec and not sec[-1]:
            sec.pop()
        if h == "## Data path":
            # The file's first lines date its last whole run: say when
            # this section was measured, and by what.
            sec[1:1] = ["", f"Measured {datetime.date.today()} by "
                        f"`KC_BENCH_ONLY=\"{os.environ.get('KC_BENCH_ONLY', '')}\" "
                        f"make bench` (that run took {int(secs) // 60} min "
                        f"{int(secs) % 60} s), not by the whole run above."]
        if h not in old:
            # A section the old file lacks goes before the first one that
            # follows it in this run's report, not at the end.
            after = list(new)[list(new).index(h) + 1:]
            nxt = next((a for a in after if a in old), None)
            order.insert(order.index(nxt) if nxt else len(order), h)
        old[h] = sec + [""]
    lines = [l for h in order for l in old[h]]
    while lines and not lines[-1]:
        lines.pop()
open(out_md, "w").write("\n".join(lines) + "\n")
if merge:
    sys.exit(0)

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    names = list(paths)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.bar(names, [med(n) / 1000 for n in names],
           yerr=[spread(n) / 100 * med(n) / 1000 for n in names],
           color=["tab:orange" if n.startswith("kclick") else "tab:blue" for n in names])
    ax.set_ylabel("kpps (median)")
    ax.set_title("Receive paths under QEMU TCG, 1 vCPU (kclick in orange)")
    plt.xticks(rotation=30, ha="right")
    plt.tight_layout()
    fig.savefig(out_png, dpi=100)
except Exception as e:  # the table matters more than the plot
    print(f"bench-report: no plot: {e}", file=sys.stderr)
