#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Minimal generic netlink client for kclick selftests (standard library only).

It speaks the raw protocol on purpose: tests must be able to send what
libkclick never would -- unknown attributes, wrong types, truncated
messages -- and see exactly what the kernel answers (errno, extack text).
"""
import errno
import os
import socket
import struct

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NETLINK_CAP_ACK = 10

NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLA_F_NESTED = 0x8000

# From include/uapi/linux/kclick.h (kept in sync by test_uapi_sync below).
CMD = dict(VERSION_GET=1, CLASS_GET=2, GRAPH_NEW=3, GRAPH_DEL=4,
           GRAPH_GET=5, HANDLER_READ=6, HANDLER_WRITE=7, EVENT=8, ERROR=9)
A = dict(PAD=1, VERSION=2, CLASS=3, CLASS_NAME=4, GRAPH_NAME=5, GRAPH_ID=6,
         GRAPH_GEN=7, FLAGS=8, ELEMENT=9, LINK=10, DEVICE=11,
         ELEMENT_NAME=12, HANDLER_NAME=13, VALUE=14, SOURCE=15, EVENT=16,
         ERROR_MSG=17, ERROR_ELEMENT=18, NELEMENTS=19, DROPS=20)
ELEM = dict(PAD=1, NAME=2, CLASS=3, CONFIG=4, LINE=5)
LINK = dict(FROM=1, FROM_PORT=2, TO=3, TO_PORT=4)


def attr(atype, payload):
    """One netlink attribute, padded to 4 bytes."""
    n = 4 + len(payload)
    return struct.pack("=HH", n, atype) + payload + b"\0" * ((4 - n % 4) % 4)


def a_str(atype, s):
    return attr(atype, s.encode() + b"\0")


def a_u32(atype, v):
    return attr(atype, struct.pack("=I", v))


def a_nest(atype, *parts):
    return attr(atype | NLA_F_NESTED, b"".join(parts))


def parse_attrs(buf):
    out = []
    while len(buf) >= 4:
        n, t = struct.unpack_from("=HH", buf)
        if n < 4 or n > len(buf):
            break
        out.append((t & ~NLA_F_NESTED, buf[4:n]))
        buf = buf[(n + 3) & ~3:]
    return out


class NlError(Exception):
    def __init__(self, err, msg, offs):
        super().__init__("%s: %s" % (os.strerror(err), msg))
        self.errno = err
        self.msg = msg
        self.offs = offs


class Genl:
    def __init__(self, family="kclick"):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        try:  # big graphs are one message; root may exceed wmem_max
            self.sock.setsockopt(socket.SOL_SOCKET, 32, 8 << 20)  # SNDBUFFORCE
        except PermissionError:
            pass
        self.sock.bind((0, 0))
        self.seq = 1
        self.fam = GENL_ID_CTRL
        if family:
            reply = self.request(CTRL_CMD_GETFAMILY,
                                 a_str(CTRL_ATTR_FAMILY_NAME, family))
            ids = [v for t, v in parse_attrs(reply[0][1])
                   if t == CTRL_ATTR_FAMILY_ID]
            self.fam = struct.unpack("=H", ids[0][:2])[0]

    def send_raw(self, body_after_nlhdr, flags=NLM_F_REQUEST | NLM_F_ACK,
                 mtype=None, length=None):
        """Send a message; length overrides nlmsg_len (truncation tests)."""
        self.seq += 1
        n = 16 + len(body_after_nlhdr)
        hdr = struct.pack("=IHHII", n if length is None else length,
                          self.fam if mtype is None else mtype, flags,
                          self.seq, 0)
        self.sock.send(hdr + body_after_nlhdr)
        return self.seq

    def request(self, cmd, attrs=b"", dump=False, version=1, reserved=0,
                flags=None):
        """Send one genl request; return [(cmd, attrs bytes)] or raise."""
        genlhdr = struct.pack("=BBH", cmd, version, reserved)
        f = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        seq = self.send_raw(genlhdr + attrs, flags if flags is not None else f)
        return self.collect(seq)

    def collect(self, seq):
        replies, error = [], None
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                n, t, fl, s, _ = struct.unpack_from("=IHHII", data, off)
                if n < 16:
                    raise RuntimeError("bad netlink length %d" % n)
                body = data[off + 16:off + n]
                off += (n + 3) & ~3
                if s != seq:
                    continue
                if t == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", body)[0]
                    if err == 0:
                        return self._finish(replies, error)
                    msg, offs = "", None
                    # With CAP_ACK the original message is not echoed.
                    tlv = body[4 + 16:] if fl & NLM_F_CAPPED else b""
                    for at, av in parse_attrs(tlv):
                        if at == NLMSGERR_ATTR_MSG:
                            msg = av.rstrip(b"\0").decode()
                        elif at == NLMSGERR_ATTR_OFFS:
                            offs = struct.unpack("=I", av[:4])[0]
                    raise NlError(err, error or msg or "", offs)
                if t == NLMSG_DONE:
                    return self._finish(replies, error)
                cmd = body[0]
                if cmd == CMD["ERROR"]:
                    for at, av in parse_attrs(body[4:]):
                        if at == A["ERROR_MSG"]:
                            error = av.rstrip(b"\0").decode()
                    continue
                replies.append((cmd, body[4:]))

    @staticmethod
    def _finish(replies, error):
        return replies


def graph_attrs(name, elements, links, flags=0):
    """elements: [(name, class, config)], links: [(from, fport, to, tport)]"""
    out = [a_str(A["GRAPH_NAME"], name)]
    if flags:
        out.append(a_u32(A["FLAGS"], flags))
    for i, (n, c, cfg) in enumerate(elements):
        out.append(a_nest(A["ELEMENT"], a_str(ELEM["NAME"], n),
                          a_str(ELEM["CLASS"], c), a_str(ELEM["CONFIG"], cfg),
                          a_u32(ELEM["LINE"], i + 1)))
    for f, fp, t, tp in links:
        out.append(a_nest(A["LINK"], a_u32(LINK["FROM"], f),
                          a_u32(LINK["FROM_PORT"], fp), a_u32(LINK["TO"], t),
                          a_u32(LINK["TO_PORT"], tp)))
    return b"".join(out)


def expect_error(fn, want_errno, msg_part=None):
    """Run fn; return None if it raised NlError(want_errno[, msg]), else why."""
    try:
        fn()
    except NlError as e:
        if e.errno != want_errno:
            return "got %s (%r), wanted %s" % (errno.errorcode.get(e.errno),
                                               e.msg,
                                               errno.errorcode[want_errno])
        if msg_part and msg_part not in e.msg:
            return "message %r lacks %r" % (e.msg, msg_part)
        return None
    return "succeeded, wanted %s" % errno.errorcode[want_errno]


def main(argv):
    """kcnl.py version: resolve the family and print the module version."""
    if argv[1:] != ["version"]:
        print("usage: kcnl.py version")
        return 2
    g = Genl()
    for _cmd, attrs in g.request(CMD["VERSION_GET"]):
        for t, v in parse_attrs(attrs):
            if t == A["VERSION"]:
                print(v.rstrip(b"\0").decode())
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(main(sys.argv))
