#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""selftests/kernel/pyroute2.sh's driver: one operation of
examples/pyroute2/kclick_genl.py per call, its result on stdout.

    install NAME [replace]   the forwarding graph ma <-> mb, c :: Counter
    bad NAME                 a graph with an unknown class (must fail)
    list | show NAME | read G E H | write G E H [VALUE] | remove NAME
    events SECONDS STOP      subscribe, print "ready", then every event
                             until STOP (a graph name) is removed
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "examples", "pyroute2"))
import kclick_genl as k  # noqa: E402

FWD = ([("src_a", "FromDevice", "ma"), ("c", "Counter", ""),
        ("to_b", "ToDevice", "mb"), ("src_b", "FromDevice", "mb"),
        ("to_a", "ToDevice", "ma")],
       [(0, 0, 1, 0), (1, 0, 2, 0), (3, 0, 4, 0)])


def main(argv):
    s = k.KclickSocket()
    op = argv[0]
    if op == "install":
        gid, gen = s.install(argv[1], *FWD, replace=len(argv) > 2,
                             source="pyroute2_drive.py")
        print("id %d gen %d" % (gid, gen))
    elif op == "bad":
        s.install(argv[1], [("x", "NoSuchClass", "")], [])
        print("installed")
    elif op == "list":
        for name, n in sorted(s.graphs().items()):
            print(name, n)
    elif op == "show":
        g = s.show(argv[1])
        for e in g["elements"]:
            print("element", e["name"], e["class"], e["config"] or "-",
                  "count" in e["handlers"] and "has-count" or "",
                  sum(e["output_packets"].values()))
        for d in g["devices"]:
            print("device", d["name"], d["element"], d["present"])
    elif op == "read":
        print(s.read(*argv[1:4]))
    elif op == "write":
        s.write(*argv[1:5])
    elif op == "remove":
        s.remove(argv[1])
    elif op == "version":
        print(s.version())
    elif op == "classes":
        for c in s.classes():
            print(*c)
    elif op == "events":
        s.subscribe()
        print("ready", flush=True)
        left = float(argv[1])
        while left > 0:
            for ev in s.events(timeout=0.5):
                print(*[x for x in ev if x], flush=True)
                if ev[0] == "removed" and ev[1] == argv[2]:
                    return 0
            left -= 0.5
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except k.KclickError as e:
        print("error %d: %s" % (e.code, e.text))
        sys.exit(1)
