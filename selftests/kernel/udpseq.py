#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sequence-numbered UDP for loss tests.

  udpseq.py send HOST PORT COUNT RATE   send COUNT datagrams at RATE/s
  udpseq.py recv PORT TIMEOUT           print "received N missing M dup D"
                                         after TIMEOUT s of silence
"""
import socket
import struct
import sys
import time


def send(host, port, count, rate):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    gap = 1.0 / rate
    t0 = time.monotonic()
    for i in range(count):
        s.sendto(struct.pack("!I", i) + b"x" * 60, (host, port))
        delay = t0 + (i + 1) * gap - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def recv(port, timeout, expect):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(("0.0.0.0", port))
    s.settimeout(timeout)
    seen, dup = set(), 0
    while True:
        try:
            data = s.recv(2048)
        except socket.timeout:
            break
        n = struct.unpack("!I", data[:4])[0]
        if n in seen:
            dup += 1
        seen.add(n)
        if expect and len(seen) == expect:
            break
    top = expect or (max(seen) + 1 if seen else 0)
    missing = top - len([x for x in seen if x < top])
    print("received %d missing %d dup %d" % (len(seen), missing, dup))
    if missing:
        # Which ones: a tail means the flow stopped (or this receiver's
        # silence timeout ran out), holes mean datagrams were lost.
        gaps, start = [], None
        for i in range(top + 1):
            if i < top and i not in seen:
                start = i if start is None else start
            elif start is not None:
                gaps.append("%d-%d" % (start, i - 1))
                start = None
        sys.stderr.write("# udpseq: missing %s of 0-%d\n" %
                         (", ".join(gaps[:20]), top - 1))


if sys.argv[1] == "send":
    send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
else:
    recv(int(sys.argv[2]), float(sys.argv[3]),
         int(sys.argv[4]) if len(sys.argv) > 4 else 0)
