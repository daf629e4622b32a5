#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The kclick family resolves, answers, and refuses malformed requests.

Every malformed request must be refused with the right errno (and, where
the kernel can say why, an extack message), and none may make the kernel
warn: the VM harness fails the run on any WARNING/BUG in the kernel log.
"""
import errno
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kcnl import (A, CMD, ELEM, Genl, NlError, a_nest, a_str, a_u32, attr,  # noqa: E402
                  expect_error, graph_attrs, parse_attrs, NLM_F_REQUEST,
                  NLM_F_ACK)

n = 0
failed = 0


def check(ok, desc, why=""):
    global n, failed
    n += 1
    print("%s %d - %s%s" % ("ok" if ok else "not ok", n, desc,
                             "" if ok else " # " + str(why)))
    if not ok:
        failed += 1


def strings(body, atype):
    return [v.rstrip(b"\0").decode() for t, v in parse_attrs(body)
            if t == atype]


def unprivileged():
    """Run as nobody: every read works, every mutating op is EPERM."""
    g = Genl()
    check(len(g.request(CMD["VERSION_GET"])) == 1, "unpriv: VERSION_GET")
    check(len(g.request(CMD["CLASS_GET"], dump=True)) > 3,
          "unpriv: CLASS_GET dump")
    for cmd, attrs in (
            ("GRAPH_NEW", graph_attrs("x", [("d", "Discard", "")], [])),
            ("GRAPH_DEL", a_str(A["GRAPH_NAME"], "x")),
            ("HANDLER_WRITE", a_str(A["GRAPH_NAME"], "x") +
             a_str(A["ELEMENT_NAME"], "d") +
             a_str(A["HANDLER_NAME"], "reset"))):
        why = expect_error(lambda: g.request(CMD[cmd], attrs), errno.EPERM)
        check(why is None, "unpriv: %s is EPERM" % cmd, why)
    print("1..%d" % n)
    sys.exit(1 if failed else 0)


if "--unpriv" in sys.argv:
    unprivileged()

g = Genl()
check(g.fam >= 16, "family 'kclick' resolves (id %d)" % g.fam)

r = g.request(CMD["VERSION_GET"])
ver = strings(r[0][1], A["VERSION"])
check(ver == ["0.1.0"], "VERSION_GET answers the module version", ver)

classes = []
for _, body in g.request(CMD["CLASS_GET"], dump=True):
    for t, v in parse_attrs(body):
        if t == A["CLASS"]:
            classes += [x.rstrip(b"\0").decode() for tt, x in parse_attrs(v)
                        if tt == 1]
want = {"Counter", "Discard", "FromDevice", "ToDevice", "Queue"}
check(want <= set(classes), "CLASS_GET dump lists the core classes",
      sorted(want - set(classes)))

why = expect_error(lambda: g.request(CMD["CLASS_GET"],
                                     a_str(A["CLASS_NAME"], "Countr")),
                   errno.ENOENT, "unknown element class")
check(why is None, "CLASS_GET of an unknown class: ENOENT with a message", why)

# Strict validation: an attribute the op's policy does not know.
why = expect_error(lambda: g.request(CMD["GRAPH_DEL"],
                                     a_str(A["GRAPH_NAME"], "x") +
                                     a_u32(A["VALUE"] + 40, 1)),
                   errno.EINVAL)
check(why is None, "unknown attribute type is rejected", why)

why = expect_error(lambda: g.request(CMD["GRAPH_DEL"],
                                     a_str(A["GRAPH_NAME"], "x") +
                                     a_u32(A["VALUE"], 1)),
                   errno.EINVAL)
check(why is None, "attribute not in this op's policy is rejected", why)

# Wrong type: a string attribute without its NUL, a u32 of 2 bytes.
why = expect_error(lambda: g.request(CMD["GRAPH_DEL"],
                                     attr(A["GRAPH_NAME"], b"abcd")),
                   errno.EINVAL)
check(why is None, "string without NUL is rejected", why)

why = expect_error(lambda: g.request(
    CMD["GRAPH_NEW"], a_str(A["GRAPH_NAME"], "x") +
    attr(A["FLAGS"], b"\1\0")), errno.EINVAL)
check(why is None, "u32 attribute of 2 bytes is rejected", why)

why = expect_error(lambda: g.request(
    CMD["GRAPH_NEW"], a_str(A["GRAPH_NAME"], "x") +
    a_u32(A["FLAGS"], 0x80)), errno.EINVAL)
check(why is None, "unknown FLAGS bits are rejected", why)

# Truncated: an attribute claiming more bytes than the message holds.
bad = struct.pack("=HH", 64, A["GRAPH_NAME"]) + b"abc\0"
why = expect_error(lambda: g.request(CMD["GRAPH_DEL"], bad), errno.EINVAL)
check(why is None, "truncated attribute is rejected", why)

# Non-zero genl reserved field (strict ops check it).
why = expect_error(lambda: g.request(CMD["VERSION_GET"], reserved=1),
                   errno.EINVAL)
check(why is None, "non-zero reserved header field is rejected", why)

why = expect_error(lambda: g.request(99), errno.EOPNOTSUPP)
check(why is None, "unknown command: EOPNOTSUPP", why)

why = expect_error(lambda: g.request(CMD["GRAPH_DEL"]), errno.EINVAL,
                   "missing graph name")
check(why is None, "missing mandatory attribute is named", why)

why = expect_error(lambda: g.request(CMD["GRAPH_NEW"],
                                     a_str(A["GRAPH_NAME"], "x")),
                   errno.EINVAL, "at least one element")
check(why is None, "GRAPH_NEW without elements explains itself", why)

# Nested policy: an element with a u32 where its name should be.
why = expect_error(lambda: g.request(
    CMD["GRAPH_NEW"], a_str(A["GRAPH_NAME"], "x") +
    a_nest(A["ELEMENT"], a_u32(ELEM["NAME"], 7),
           a_str(ELEM["CLASS"], "Idle"))), errno.EINVAL)
check(why is None, "malformed nested element is rejected", why)

why = expect_error(lambda: g.request(
    CMD["GRAPH_NEW"], graph_attrs("x", [("d", "Discard", "")],
                                  [(0, 0, 5, 0)])), errno.EINVAL)
check(why is None, "link to a non-existent element index is rejected", why)

# A nlmsg_len shorter than the headers: the kernel must ignore it quietly.
g.send_raw(b"\1\1\0\0", flags=NLM_F_REQUEST | NLM_F_ACK, length=17)
r = g.request(CMD["VERSION_GET"])
check(len(r) == 1, "a runt message is ignored and the socket still works")

# Garbage: random-length junk attributes in many shapes, none may warn.
ok = True
for i in range(200):
    junk = os.urandom(4 + (i * 7) % 120)
    try:
        g.request(CMD["GRAPH_NEW"] if i % 2 else CMD["HANDLER_WRITE"], junk)
    except NlError as e:
        if e.errno not in (errno.EINVAL, errno.ERANGE, errno.ENOENT,
                           errno.E2BIG, errno.EMSGSIZE):
            ok = False
            print("# junk %d: %s" % (i, e))
check(ok, "200 junk requests are refused cleanly")

# Unprivileged callers: reads allowed, every mutating op EPERM.
if os.geteuid() == 0 and not os.environ.get("KC_UNPRIV"):
    env = dict(os.environ, KC_UNPRIV="1")
    res = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                          "--clear-groups", sys.executable,
                          os.path.abspath(__file__), "--unpriv"],
                         env=env, capture_output=True, text=True)
    print("\n".join("# " + ln for ln in res.stdout.splitlines()))
    check(res.returncode == 0, "unprivileged caller: reads ok, writes EPERM",
          res.stderr.strip()[-300:])

print("1..%d" % n)
sys.exit(1 if failed else 0)
