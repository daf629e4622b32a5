#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""pcapsend.py DEV FILE.pcap [GAP_US]: send every frame of a classic pcap
file out of DEV through an AF_PACKET socket, in order.

For selftests that feed the kernel the very packets `kclick run` read from
the same file.  Reads only what tcpdump writes (classic pcap, Ethernet,
either byte order, micro- or nanosecond stamps); anything else is refused.
"""
import socket
import struct
import sys
import time

MAGICS = {0xa1b2c3d4: "<", 0xa1b23c4d: "<"}


def frames(path):
    with open(path, "rb") as f:
        hdr = f.read(24)
        if len(hdr) < 24:
            raise SystemExit(f"{path}: not a pcap file")
        for order in ("<", ">"):
            magic, _, _, _, _, _, linktype = struct.unpack(order + "IHHiIII",
                                                           hdr)
            if magic in MAGICS:
                break
        else:
            raise SystemExit(f"{path}: not a classic pcap file")
        if linktype != 1:
            raise SystemExit(f"{path}: link type {linktype}, not Ethernet")
        while True:
            rec = f.read(16)
            if not rec:
                return
            if len(rec) < 16:
                raise SystemExit(f"{path}: truncated record header")
            _, _, incl, _ = struct.unpack(order + "IIII", rec)
            data = f.read(incl)
            if len(data) < incl:
                raise SystemExit(f"{path}: truncated packet")
            yield data


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    gap = int(argv[3]) / 1e6 if len(argv) == 4 else 0
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((argv[1], 0))
    n = 0
    for frame in frames(argv[2]):
        while True:
            try:
                s.send(frame)
                break
            except BlockingIOError:
                time.sleep(0.001)
        n += 1
        if gap:
            time.sleep(gap)
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
