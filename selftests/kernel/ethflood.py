#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send raw IPv4/UDP frames out of a device for a bounded time.

  ethflood.py DEV SECONDS [DST_MAC] [NSRC] [PPS]

Background traffic for the stress tests: frames from NSRC (default 16)
source MAC addresses and UDP source ports, so that a learning switch sees
several hosts and RPS spreads the flows over CPUs.  Nothing is read back.
Sends PPS frames a second (default 0: as fast as the socket takes them,
yielding briefly when the device queue is full) and stops after SECONDS
whatever happens.  Prints "sent N".
"""
import errno
import socket
import struct
import sys
import time


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame(dst, i, nsrc):
    src = bytes((0x02, 0, 0, 0, 0x10, i % nsrc))
    payload = struct.pack("!I", i) + bytes(60)
    sport = 1024 + i % nsrc
    udp = struct.pack("!HHHH", sport, 9, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0,
                     64, 17, 0, bytes((10, 7, 0, 1)), bytes((10, 7, 0, 2)))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return dst + src + b"\x08\x00" + ip + udp


def main():
    dev, secs = sys.argv[1], float(sys.argv[2])
    dst = sys.argv[3] if len(sys.argv) > 3 else "02:00:00:00:00:99"
    dst = bytes(int(x, 16) for x in dst.split(":"))
    nsrc = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    pps = float(sys.argv[5]) if len(sys.argv) > 5 else 0
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    s.setblocking(False)
    frames = [frame(dst, i, nsrc) for i in range(nsrc)]
    start = time.monotonic()
    end = start + secs
    n = 0
    while time.monotonic() < end:
        if pps:
            ahead = start + n / pps - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)
        for f in frames:
            try:
                s.send(f)
                n += 1
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.ENOBUFS,
                                   errno.ENETDOWN, errno.ENXIO):
                    raise
                time.sleep(0.001)
                if e.errno in (errno.ENETDOWN, errno.ENXIO):
                    break
    print("sent %d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
