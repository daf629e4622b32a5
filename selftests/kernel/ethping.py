#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send sequence-numbered raw Ethernet frames and count what comes back.

  ethping.py DEV COUNT [PEER_MAC] [SIZE]

Frames go from DEV's address to PEER_MAC (default 02:00:00:00:00:99) with
ethertype 0x88b5 (IEEE local experimental), so the host stacks ignore them.
A frame counts as returned when it arrives on DEV with source and
destination swapped (what EtherMirror does) and its payload intact.  Prints
"sent N returned M intact K" and exits 0 if every frame came back intact.
"""
import socket
import struct
import sys
import time

ETYPE = 0x88b5


def mac_bytes(s):
    return bytes(int(x, 16) for x in s.split(":"))


def main():
    dev, count = sys.argv[1], int(sys.argv[2])
    peer = mac_bytes(sys.argv[3] if len(sys.argv) > 3 else "02:00:00:00:00:99")
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    with open(f"/sys/class/net/{dev}/address") as f:
        me = mac_bytes(f.read().strip())
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETYPE))
    s.bind((dev, ETYPE))
    # Every frame is read only after the last is sent: room for all of
    # them (a frame built from an XDP frame is charged a whole page).
    want = count * 8192
    if want > s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF):
        try:
            s.setsockopt(socket.SOL_SOCKET, 33, want)  # SO_RCVBUFFORCE
        except OSError:
            pass
    s.settimeout(0.2)
    got = {}
    intact = 0
    for i in range(count):
        body = struct.pack("!I", i) + bytes((i + k) & 0xff for k in range(size))
        s.send(peer + me + struct.pack("!H", ETYPE) + body)
        time.sleep(0.002)
    deadline = time.monotonic() + 3
    while len(got) < count and time.monotonic() < deadline:
        try:
            fr, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        if fr[0:6] != me or fr[6:12] != peer or len(fr) < 18:
            continue
        seq = struct.unpack("!I", fr[14:18])[0]
        if seq in got:
            continue
        want = struct.pack("!I", seq) + bytes((seq + k) & 0xff for k in range(size))
        got[seq] = fr[14:14 + len(want)] == want
        intact += got[seq]
    print(f"sent {count} returned {len(got)} intact {intact}")
    return 0 if intact == count else 1


if __name__ == "__main__":
    sys.exit(main())
