#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A mixed UDP workload with known per-flow volumes (selftests/kernel/monitor.sh).

  mixflows.py flows                 print the flows: SRC SPORT DPORT COUNT IPLEN
  mixflows.py send DST RATE         send them interleaved, RATE datagrams/s in
                                    all; print JSON {"sent", "seconds", "rate"}
                                    (rate: sent / (last - first), as
                                    AverageCounter measures it)
  mixflows.py recv TIMEOUT          count datagrams per destination port until
                                    every flow's COUNT arrived or TIMEOUT s of
                                    silence; print "PORT N" lines

Each flow has its own source address (the sender's host must have them)
and is spread evenly over the run, so their rates stay in proportion
throughout; flow k's first datagram leaves before flow k+1's.
"""
import json
import select
import socket
import sys
import time

# source address, source port, destination port, datagrams, IP length
FLOWS = [
    ("10.7.0.11", 6001, 5001, 2000, 100),
    ("10.7.0.12", 6002, 5002, 1000, 1000),
    ("10.7.0.13", 6003, 5003, 600, 500),
    ("10.7.0.14", 6004, 5004, 400, 200),
]


def schedule():
    """(flow index, sequence number) in sending order."""
    s = []
    for f, (_, _, _, n, _) in enumerate(FLOWS):
        s += [((2 * k + 1) / (2 * n), f, k) for k in range(n)]
    s.sort()
    return [(f, k) for _, f, k in s]


def send(dst, rate):
    socks = []
    for src, sport, dport, _, iplen in FLOWS:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((src, sport))
        socks.append((s, dport, b"m" * (iplen - 28)))
    gap = 1.0 / rate
    sent = 0
    t0 = first = last = None
    for f, _ in schedule():
        s, dport, payload = socks[f]
        if t0 is None:
            t0 = time.monotonic()
        delay = t0 + sent * gap - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        s.sendto(payload, (dst, dport))
        last = time.monotonic()
        first = first or last
        sent += 1
    secs = last - first
    print(json.dumps({"sent": sent, "seconds": secs, "rate": sent / secs}))


def recv(timeout):
    want = {dport: n for _, _, dport, n, _ in FLOWS}
    got = {dport: 0 for dport in want}
    socks = {}
    for dport in want:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.bind(("0.0.0.0", dport))
        socks[s] = dport
    while got != want:
        r, _, _ = select.select(list(socks), [], [], timeout)
        if not r:
            break
        for s in r:
            s.recv(2048)
            got[socks[s]] += 1
    for dport in sorted(got):
        print(dport, got[dport])


if sys.argv[1] == "flows":
    for fl in FLOWS:
        print(*fl)
elif sys.argv[1] == "send":
    send(sys.argv[2], float(sys.argv[3]))
elif sys.argv[1] == "recv":
    recv(float(sys.argv[2]))
else:
    sys.exit(__doc__)
