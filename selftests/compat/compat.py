#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Click's own configurations through `kclick run --check`.

    compat.py test     TAP: every configuration the list says passes still
                       passes; the list covers every file; docs/click-compat.md
                       is what the list generates.  Configurations that newly
                       pass, or fail differently, are reported, not failed.
    compat.py update   run them all, rewrite status.tsv and the document.
    compat.py doc      rewrite only the document from status.tsv.

The data: selftests/compat/conf/ and generated/ (see README.md), the
expected status in status.tsv (one line per problem), notes per file in
notes.tsv.  Run from anywhere; KCLICK= another kclick binary.
"""
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
KCLICK = os.environ.get("KCLICK", os.path.join(TOP, "cli", "kclick"))
STATUS = os.path.join(HERE, "status.tsv")
NOTES = os.path.join(HERE, "notes.tsv")
DOC = os.path.join(TOP, "docs", "click-compat.md")
ROUTER = "generated/make-ip-conf.click"
# What Click's router lacks, replaced by what kclick has, to check that the
# rest of it is accepted (compat.py test; docs/click-compat.md).
ROUTER_STANDINS_DOC = [
    ("StaticIPLookup", "LinearIPLookup (same route syntax)"),
    ("DropBroadcasts", "Counter"),
    ("PaintTee", "PaintSwitch"),
    ("CheckIPHeader INTERFACES", "CheckIPHeader without it"),
]
ROUTER_STANDINS = [
    (r"StaticIPLookup", "LinearIPLookup"),
    (r"-> DropBroadcasts\n", "-> Counter\n"),
    (r"PaintTee\([12]\)", "PaintSwitch"),
    (r"CheckIPHeader\(INTERFACES [^)]*\)", "CheckIPHeader"),
]

# Click resolves a device name used as an address from the host's device
# (eth0 -> its IP, eth0:eth -> its Ethernet address).  The test runs as if
# the host had these devices, with documentation addresses.
DEVICES = ["eth0", "eth1", "eth2", "eth3", "ath0", "ath1"]
DEV_ARGS = []
for _i, _d in enumerate(DEVICES):
    DEV_ARGS += ["--dev-addr", "%s=192.0.2.%d/24,02:00:00:00:00:%02x,gw=192.0.2.254"
                 % (_d, _i + 1, _i + 1)]


def configs():
    out = []
    for d in ("conf", "conf/wifi", "generated"):
        for f in sorted(os.listdir(os.path.join(HERE, d))):
            if f.endswith((".click", ".ipb")):
                out.append(d + "/" + f)
    return out


def check(path):
    """(status, [(kind, detail)]) for one configuration, from kclick -j."""
    r = subprocess.run([KCLICK, "-j", "run", "--check", path] + DEV_ARGS, cwd=HERE,
                       capture_output=True, text=True, timeout=120)
    if r.returncode not in (0, 1):
        return "fail", [("crash", "kclick exited with status %d: %s" %
                         (r.returncode, r.stderr.strip()[-200:]))]
    if not r.stdout.strip():
        # The front end refused it: no graph, one message.
        msg = r.stderr.strip()
        msg = re.sub(r"^Error: ", "", msg).rstrip(".")
        return "fail", [("language", msg)]
    d = json.loads(r.stdout)
    if d["ok"]:
        return "pass", []
    found = []
    refused = collections.Counter()
    for p in d["problems"]:
        m = re.match(r"unknown element class '(.*)'$", p["reason"])
        if m:
            if ("class", m.group(1)) not in found:
                found.append(("class", m.group(1)))
        elif "class" in p:
            refused[p["class"] + ": " + p["reason"]] += 1
        else:
            refused[p["reason"]] += 1
    for what, n in refused.items():
        found.append(("refused", what + (" (%d elements)" % n if n > 1 else "")))
    return "fail", found


def run_all():
    return {c: check(c) for c in configs()}


def read_status():
    st = collections.OrderedDict()
    with open(STATUS) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            w = line.rstrip("\n").split("\t")
            s = st.setdefault(w[0], [w[1], []])
            if len(w) >= 4:
                s[1].append((w[2], w[3]))
    return {k: (v[0], v[1]) for k, v in st.items()}


def write_status(res):
    with open(STATUS, "w") as f:
        f.write("# kclick run --check over Click's configurations (README.md).\n"
                "# Written by 'selftests/compat/compat.py update'; test_compat.sh fails\n"
                "# when a configuration listed as pass stops passing.\n"
                "# FILE\tSTATUS\tKIND\tDETAIL  (KIND: class = missing element class,\n"
                "# refused = an element kclick has refused its arguments or ports,\n"
                "# language = the front end refused the text)\n")
        for c in sorted(res):
            st, probs = res[c]
            if not probs:
                f.write("%s\t%s\n" % (c, st))
            for kind, detail in probs:
                f.write("%s\t%s\t%s\t%s\n" % (c, st, kind, detail))


def read_notes():
    notes = {}
    if os.path.exists(NOTES):
        with open(NOTES) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                k, v = line.rstrip("\n").split("\t", 1)
                notes[k] = v
    return notes


def md(s):
    return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def doc_text(st):
    notes = read_notes()
    with open(os.path.join(HERE, "ORIGIN")) as f:
        origin = f.read().strip()
    npass = sum(1 for c in st if st[c][0] == "pass")
    need = collections.Counter()
    for c in st:
        for kind, detail in st[c][1]:
            if kind == "class":
                need[detail] += 1
    only = collections.Counter()
    for c in st:
        cl = [d for k, d in st[c][1] if k == "class"]
        if len(cl) == 1 and len(st[c][1]) == 1:
            only[cl[0]] += 1
    L = []
    L.append("# Click's own configurations in kclick\n")
    L.append("<!-- Generated by selftests/compat/compat.py from "
             "selftests/compat/status.tsv and notes.tsv: do not edit. -->\n")
    L.append("Every configuration shipped in Click's `conf/` (and `conf/wifi/`), "
             "and the outputs of its `conf/make-*.pl` generators, as committed in "
             "`selftests/compat/` (kohler/click at `%s`; the commands are in "
             "`selftests/compat/generate.sh`), run through `kclick run --check`: "
             "the graph is parsed, built, configured and initialized as for a run, "
             "without packets, and every problem is listed, not only the first "
             "(an element kclick refuses is set aside, each of its connections "
             "ending at an `Idle` of its own, and the graph built again, so a "
             "later problem may follow from an earlier one).  "
             "Device names used as addresses (`eth0:eth`, `ARPQuerier(eth1)`) "
             "resolve as on a host with devices %s (`--dev-addr`, "
             "documentation addresses 192.0.2.N/24).\n"
             % (origin, ", ".join(DEVICES)))
    L.append("`selftests/unit/test_compat.sh` (in `make check`) fails when a "
             "configuration listed as accepted stops being accepted, and when this "
             "page is not what the list generates; it reports configurations that "
             "newly pass or fail differently, and `selftests/compat/compat.py "
             "update` then rewrites the list and this page.\n")
    L.append("**%d of %d configurations are accepted.**\n" % (npass, len(st)))
    L.append("## Missing element classes\n")
    L.append("How many configurations use each class kclick does not have "
             "(in brackets: for how many it is the only problem).\n")
    row = []
    for cls, n in sorted(need.items(), key=lambda x: (-x[1], x[0])):
        row.append("`%s` %d%s" % (cls, n, " (%d)" % only[cls] if only[cls] else ""))
    L.append(", ".join(row) + ".\n")
    L.append("## Click's IP router\n")
    intro = ("`%s` is `conf/make-ip-conf.pl`'s output unchanged: Click's "
             "classic two-interface IP router (PollDevice, ARP, "
             "StaticIPLookup, the forwarding path with ICMP errors)." % ROUTER)
    rs, rp = st.get(ROUTER, ("missing", []))
    if rs == "pass":
        L.append(intro + " `kclick run --check` accepts it.\n")
    else:
        L.append(intro + " What still stops it:\n")
        for kind, detail in rp:
            L.append("- %s: %s" % ("missing class" if kind == "class" else kind,
                                   md(detail)))
        L.append("")
    if rs != "pass":
        L.append("With these replaced by stand-ins (%s), `kclick run --check` "
                 "accepts the rest, every element and argument unchanged; "
                 "`test_compat.sh` checks that it still does.\n" % "; ".join(
                     "%s by %s" % (w, s) for w, s in ROUTER_STANDINS_DOC))
    if ROUTER in notes:
        L.append(md(notes[ROUTER]) + "\n")
    L.append("## Every configuration\n")
    L.append("| configuration | accepted | missing classes | other problems | note |")
    L.append("|---|---|---|---|---|")
    for c in sorted(st):
        s, probs = st[c]
        cl = ", ".join(d for k, d in probs if k == "class")
        other = "; ".join(("%s: %s" % (k, d)) if k == "language" else d
                          for k, d in probs if k != "class")
        L.append("| `%s` | %s | %s | %s | %s |" % (
            c, "yes" if s == "pass" else "no", md(cl), md(other),
            md(notes.get(c, "")) if c != ROUTER else "see above"))
    return "\n".join(L) + "\n"


def write_doc(st):
    with open(DOC, "w") as f:
        f.write(doc_text(st))


def test():
    n = 0
    failed = 0

    def tap(ok, what):
        nonlocal n, failed
        n += 1
        if not ok:
            failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", n, what))

    if not os.access(KCLICK, os.X_OK):
        print("1..0 # SKIP %s is not built" % KCLICK)
        return 4
    exp = read_status()
    files = configs()
    tap(sorted(exp) == sorted(files),
        "status.tsv lists every configuration of selftests/compat (%d)" % len(files))
    for c in sorted(set(exp) - set(files)):
        print("#   listed but not present: %s" % c)
    for c in sorted(set(files) - set(exp)):
        print("#   present but not listed: %s" % c)
    res = run_all()
    newpass, changed = [], []
    for c in files:
        st, probs = res[c]
        if c in exp and exp[c][0] == "pass":
            tap(st == "pass", "%s is still accepted" % c)
            for kind, detail in probs:
                print("#   %s: %s" % (kind, detail))
        elif st == "pass":
            newpass.append(c)
        elif c in exp and sorted(probs) != sorted(exp[c][1]):
            changed.append(c)
    for c in newpass:
        print("# NEW PASS: %s (run selftests/compat/compat.py update)" % c)
    for c in changed:
        print("# changed: %s fails differently now (compat.py update):" % c)
        old, new = set(exp[c][1]), set(res[c][1])
        for kind, detail in sorted(old - new):
            print("#   - %s %s" % (kind, detail))
        for kind, detail in sorted(new - old):
            print("#   + %s %s" % (kind, detail))
    npass = sum(1 for c in files if res[c][0] == "pass")
    print("# %d of %d configurations accepted (%d listed as accepted)" %
          (npass, len(files), sum(1 for c in exp if exp[c][0] == "pass")))

    # Not blind: a listed pass with one unknown element appended fails,
    # and the failure is classified.
    passes = [c for c in files if exp.get(c, ("",))[0] == "pass" and res[c][0] == "pass"]
    if passes:
        src = passes[0]
        tmp = os.path.join(HERE, ".broken-%d.click" % os.getpid())
        try:
            with open(os.path.join(HERE, src)) as f, open(tmp, "w") as g:
                g.write(f.read() + "\nkc_compat_probe :: NoSuchClassHere;\n")
            st, probs = check(tmp)
        finally:
            os.unlink(tmp)
        tap(st == "fail" and ("class", "NoSuchClassHere") in probs,
            "%s plus an unknown class is reported as missing NoSuchClassHere" % src)
    # Click's router: with stand-ins for what other branches bring (three
    # classes, one argument), every other element and argument is taken.
    with open(os.path.join(HERE, ROUTER)) as f:
        text = f.read()
    for old, new in ROUTER_STANDINS:
        text = re.sub(old, new, text)
    tmp = os.path.join(HERE, ".router-%d.click" % os.getpid())
    try:
        with open(tmp, "w") as g:
            g.write(text)
        st, probs = check(tmp)
    finally:
        os.unlink(tmp)
    tap(st == "pass", "%s with stand-ins for %s builds and initializes" %
        (ROUTER, ", ".join(w for w, _ in ROUTER_STANDINS_DOC)))
    for kind, detail in probs:
        print("#   %s: %s" % (kind, detail))
    try:
        with open(DOC) as f:
            cur = f.read()
    except OSError:
        cur = ""
    tap(cur == doc_text(exp), "docs/click-compat.md is what status.tsv generates "
        "(compat.py doc)")
    print("1..%d" % n)
    return 1 if failed else 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "test"
    if cmd == "test":
        return test()
    if cmd == "update":
        res = run_all()
        write_status(res)
        write_doc(read_status())
        return 0
    if cmd == "doc":
        write_doc(read_status())
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
