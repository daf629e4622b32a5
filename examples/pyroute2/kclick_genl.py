#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Drive the kclick generic netlink family from Python with pyroute2.

No kclick CLI or library is needed: this file describes the family's
messages (include/uapi/linux/kclick.h, netlink/kclick.yaml) to pyroute2's
GenericNetlinkSocket and wraps each command in a method.  Debian 12:
`apt-get install python3-pyroute2` (run it with /usr/bin/python3: that is
where Debian's module lives).

pyroute2 has no Click language parser, so a graph is given the way the
kernel takes it: a list of elements (name, class, configuration string)
and a list of links (from element index, output port, to element index,
input port).  `kclick install` is the tool for .click files; this is for
scripts that build graphs themselves or only read and write handlers.

    sock = KclickSocket()
    sock.install("mon", [("c", "Counter", ""), ("d", "Discard", "")],
                 [(0, 0, 1, 0)], replace=True)
    print(sock.read("mon", "c", "count"))
    sock.remove("mon")

Errors arrive as pyroute2's NetlinkError: .code is the errno, and the
message is the kernel's extended ack when it sent one; the kernel's full
error text (element, argument) is in the KCLICK_CMD_ERROR message it sends
just before the failing ack, which install() turns into KclickError.

Run as a script: the demonstration of docs/packaging.md ("Scripting from
Python"), which installs a graph on DEV, reads, writes, lists, shows and
removes it, printing the events it saw.
"""
import errno
import select
import sys

from pyroute2.netlink import NLA_F_NESTED, NLM_F_ACK, NLM_F_DUMP
from pyroute2.netlink import NLM_F_REQUEST, genlmsg, nla
from pyroute2.netlink.exceptions import NetlinkError
from pyroute2.netlink.generic import GenericNetlinkSocket

# Commands, flags and events: include/uapi/linux/kclick.h.
CMD_VERSION_GET = 1
CMD_CLASS_GET = 2
CMD_GRAPH_NEW = 3
CMD_GRAPH_DEL = 4
CMD_GRAPH_GET = 5
CMD_HANDLER_READ = 6
CMD_HANDLER_WRITE = 7
CMD_EVENT = 8
CMD_ERROR = 9
F_REPLACE = 1
F_EXCL = 2
EVENTS = {1: "added", 2: "replaced", 3: "removed", 4: "device-lost",
          5: "device-back"}


class kclickmsg(genlmsg):
    """One kclick message: the attributes of enum kclick_attr, in order."""
    prefix = "KCLICK_A_"
    nla_map = (
        ("KCLICK_A_UNSPEC", "none"),
        ("KCLICK_A_PAD", "none"),
        ("KCLICK_A_VERSION", "asciiz"),
        ("KCLICK_A_CLASS", "klass"),
        ("KCLICK_A_CLASS_NAME", "asciiz"),
        ("KCLICK_A_GRAPH_NAME", "asciiz"),
        ("KCLICK_A_GRAPH_ID", "uint32"),
        ("KCLICK_A_GRAPH_GEN", "uint32"),
        ("KCLICK_A_FLAGS", "uint32"),
        ("KCLICK_A_ELEMENT", "element"),
        ("KCLICK_A_LINK", "link"),
        ("KCLICK_A_DEVICE", "device"),
        ("KCLICK_A_ELEMENT_NAME", "asciiz"),
        ("KCLICK_A_HANDLER_NAME", "asciiz"),
        ("KCLICK_A_VALUE", "cdata"),
        ("KCLICK_A_SOURCE", "asciiz"),
        ("KCLICK_A_EVENT", "uint32"),
        ("KCLICK_A_ERROR_MSG", "asciiz"),
        ("KCLICK_A_ERROR_ELEMENT", "uint32"),
        ("KCLICK_A_NELEMENTS", "uint32"),
        ("KCLICK_A_DROPS", "uint64"),
    )

    class klass(nla):
        prefix = "KCLICK_CLASS_A_"
        nla_flags = NLA_F_NESTED
        nla_map = (
            ("KCLICK_CLASS_A_UNSPEC", "none"),
            ("KCLICK_CLASS_A_NAME", "asciiz"),
            ("KCLICK_CLASS_A_PORTS", "asciiz"),
            ("KCLICK_CLASS_A_PROCESSING", "asciiz"),
        )

    class element(nla):
        prefix = "KCLICK_ELEM_A_"
        nla_flags = NLA_F_NESTED
        nla_map = (
            ("KCLICK_ELEM_A_UNSPEC", "none"),
            ("KCLICK_ELEM_A_PAD", "none"),
            ("KCLICK_ELEM_A_NAME", "asciiz"),
            ("KCLICK_ELEM_A_CLASS", "asciiz"),
            ("KCLICK_ELEM_A_CONFIG", "asciiz"),
            ("KCLICK_ELEM_A_LINE", "uint32"),
            ("KCLICK_ELEM_A_NINPUTS", "uint32"),
            ("KCLICK_ELEM_A_NOUTPUTS", "uint32"),
            ("KCLICK_ELEM_A_PORT", "port"),
            ("KCLICK_ELEM_A_HANDLER", "handler"),
        )

        class port(nla):
            prefix = "KCLICK_PORT_A_"
            nla_flags = NLA_F_NESTED
            nla_map = (
                ("KCLICK_PORT_A_UNSPEC", "none"),
                ("KCLICK_PORT_A_PAD", "none"),
                ("KCLICK_PORT_A_DIR", "uint8"),
                ("KCLICK_PORT_A_INDEX", "uint32"),
                ("KCLICK_PORT_A_PULL", "flag"),
                ("KCLICK_PORT_A_PACKETS", "uint64"),
            )

        class handler(nla):
            prefix = "KCLICK_HND_A_"
            nla_flags = NLA_F_NESTED
            nla_map = (
                ("KCLICK_HND_A_UNSPEC", "none"),
                ("KCLICK_HND_A_NAME", "asciiz"),
                ("KCLICK_HND_A_FLAGS", "uint32"),
            )

    class link(nla):
        prefix = "KCLICK_LINK_A_"
        nla_flags = NLA_F_NESTED
        nla_map = (
            ("KCLICK_LINK_A_UNSPEC", "none"),
            ("KCLICK_LINK_A_FROM", "uint32"),
            ("KCLICK_LINK_A_FROM_PORT", "uint32"),
            ("KCLICK_LINK_A_TO", "uint32"),
            ("KCLICK_LINK_A_TO_PORT", "uint32"),
        )

    class device(nla):
        prefix = "KCLICK_DEV_A_"
        nla_flags = NLA_F_NESTED
        nla_map = (
            ("KCLICK_DEV_A_UNSPEC", "none"),
            ("KCLICK_DEV_A_NAME", "asciiz"),
            ("KCLICK_DEV_A_IFINDEX", "uint32"),
            ("KCLICK_DEV_A_ELEMENT", "asciiz"),
            ("KCLICK_DEV_A_PRESENT", "uint8"),
        )


class KclickError(Exception):
    """A refused request: errno and the kernel's full error text."""

    def __init__(self, code, text):
        super().__init__(text)
        self.code = code
        self.text = text


def _nested(msg, name):
    """Every occurrence of the repeated nested attribute NAME in MSG."""
    return [a[1] for a in msg["attrs"] if a[0] == name]


class KclickSocket(GenericNetlinkSocket):
    """A generic netlink socket bound to the kclick family."""

    def __init__(self, *argv, **kwarg):
        kwarg.setdefault("ext_ack", True)
        super().__init__(*argv, **kwarg)
        self.bind("kclick", kclickmsg)

    def _msg(self, cmd, attrs):
        msg = kclickmsg()
        msg["cmd"] = cmd
        msg["version"] = 1
        msg["attrs"] = attrs
        return msg

    def _request(self, cmd, attrs, flags=NLM_F_REQUEST | NLM_F_ACK):
        """Send one request; answer its replies.  KCLICK_CMD_ERROR (the
        kernel's full text, sent before the failing ack) becomes the text
        of the KclickError raised for the ack."""
        out = []
        try:
            # A tuple here, a generator in other pyroute2 versions: the
            # error may surface at the call or while iterating.
            for r in self.nlm_request(self._msg(cmd, attrs),
                                      msg_type=self.prid, msg_flags=flags):
                if r["header"]["type"] != self.prid:
                    continue        # the ack
                if r["cmd"] == CMD_ERROR:
                    raise KclickError(0, r.get_attr("KCLICK_A_ERROR_MSG"))
                out.append(r)
        except NetlinkError as e:
            raise KclickError(e.code, e.args[1] if len(e.args) > 1 and
                              e.args[1] else str(e)) from None
        return out

    def version(self):
        (r,) = self._request(CMD_VERSION_GET, [], NLM_F_REQUEST)
        return r.get_attr("KCLICK_A_VERSION")

    def classes(self):
        """Every element class: (name, ports, processing)."""
        out = []
        for r in self._request(CMD_CLASS_GET, [], NLM_F_REQUEST | NLM_F_DUMP):
            for c in _nested(r, "KCLICK_A_CLASS"):
                out.append((c.get_attr("KCLICK_CLASS_A_NAME"),
                            c.get_attr("KCLICK_CLASS_A_PORTS"),
                            c.get_attr("KCLICK_CLASS_A_PROCESSING")))
        return out

    def install(self, name, elements, links, replace=False, source=None):
        """Install graph NAME (or replace it when replace=True).

        elements: [(name, class, config)]; links: [(from, from_port, to,
        to_port)] with element indexes into elements.  Returns the graph's
        (id, generation)."""
        attrs = [["KCLICK_A_GRAPH_NAME", name]]
        if replace:
            attrs.append(["KCLICK_A_FLAGS", F_REPLACE])
        if source:
            attrs.append(["KCLICK_A_SOURCE", source])
        for (ename, cls, conf) in elements:
            attrs.append(["KCLICK_A_ELEMENT", {"attrs": [
                ["KCLICK_ELEM_A_NAME", ename],
                ["KCLICK_ELEM_A_CLASS", cls],
                ["KCLICK_ELEM_A_CONFIG", conf]]}])
        for (f, fp, t, tp) in links:
            attrs.append(["KCLICK_A_LINK", {"attrs": [
                ["KCLICK_LINK_A_FROM", f], ["KCLICK_LINK_A_FROM_PORT", fp],
                ["KCLICK_LINK_A_TO", t], ["KCLICK_LINK_A_TO_PORT", tp]]}])
        rs = self._request(CMD_GRAPH_NEW, attrs)
        for r in rs:
            if r["cmd"] == CMD_GRAPH_NEW:
                return (r.get_attr("KCLICK_A_GRAPH_ID"),
                        r.get_attr("KCLICK_A_GRAPH_GEN"))
        return (None, None)

    def remove(self, name):
        self._request(CMD_GRAPH_DEL, [["KCLICK_A_GRAPH_NAME", name]])

    def graphs(self):
        """Every graph of this netns: {name: number of elements}."""
        out = {}
        for r in self._request(CMD_GRAPH_GET, [], NLM_F_REQUEST | NLM_F_DUMP):
            out[r.get_attr("KCLICK_A_GRAPH_NAME")] = \
                r.get_attr("KCLICK_A_NELEMENTS")
        return out

    def show(self, name):
        """One graph: its elements (name, class, config, handlers, packets
        through each output) and devices.  The kernel sends a graph as a
        dump filtered by name (a summary with the devices, then the
        elements, an element split over messages when it does not fit in
        one, then the links); a replace during it ends it with EAGAIN."""
        for _ in range(5):
            try:
                msgs = self._request(CMD_GRAPH_GET,
                                     [["KCLICK_A_GRAPH_NAME", name]],
                                     NLM_F_REQUEST | NLM_F_DUMP)
                break
            except KclickError as e:
                if e.code != errno.EAGAIN:
                    raise
        else:
            raise KclickError(errno.EAGAIN, "the graph kept changing")
        g = {"name": name, "gen": None, "elements": [], "devices": []}
        byname = {}
        for r in msgs:
            if r.get_attr("KCLICK_A_GRAPH_GEN") is not None:
                g["gen"] = r.get_attr("KCLICK_A_GRAPH_GEN")
            for d in _nested(r, "KCLICK_A_DEVICE"):
                g["devices"].append({
                    "name": d.get_attr("KCLICK_DEV_A_NAME"),
                    "element": d.get_attr("KCLICK_DEV_A_ELEMENT"),
                    "present": d.get_attr("KCLICK_DEV_A_PRESENT")})
            for e in _nested(r, "KCLICK_A_ELEMENT"):
                n = e.get_attr("KCLICK_ELEM_A_NAME")
                el = byname.get(n)
                if el is None:
                    el = byname[n] = {"name": n, "class": None,
                                      "config": None, "handlers": [],
                                      "output_packets": {}}
                    g["elements"].append(el)
                for k, a in (("class", "KCLICK_ELEM_A_CLASS"),
                             ("config", "KCLICK_ELEM_A_CONFIG")):
                    if e.get_attr(a) is not None:
                        el[k] = e.get_attr(a)
                for p in _nested(e, "KCLICK_ELEM_A_PORT"):
                    if p.get_attr("KCLICK_PORT_A_DIR") == 1:
                        el["output_packets"][
                            p.get_attr("KCLICK_PORT_A_INDEX")] = \
                            p.get_attr("KCLICK_PORT_A_PACKETS")
                el["handlers"] += [h.get_attr("KCLICK_HND_A_NAME") for h in
                                   _nested(e, "KCLICK_ELEM_A_HANDLER")]
        return g

    def read(self, graph, element, handler):
        (r,) = self._request(CMD_HANDLER_READ, [
            ["KCLICK_A_GRAPH_NAME", graph],
            ["KCLICK_A_ELEMENT_NAME", element],
            ["KCLICK_A_HANDLER_NAME", handler]], NLM_F_REQUEST)
        v = r.get_attr("KCLICK_A_VALUE") or b""
        return v.decode(errors="replace").rstrip("\0")

    def write(self, graph, element, handler, value=""):
        self._request(CMD_HANDLER_WRITE, [
            ["KCLICK_A_GRAPH_NAME", graph],
            ["KCLICK_A_ELEMENT_NAME", element],
            ["KCLICK_A_HANDLER_NAME", handler],
            ["KCLICK_A_VALUE", value.encode()]])

    def subscribe(self):
        """Join the "events" group; then events() yields what arrives."""
        self.add_membership("events")

    def events(self, timeout=0.5):
        """Events on a subscribed socket: (event, graph, device), until
        none has arrived for TIMEOUT seconds."""
        out = []
        while select.select([self], [], [], timeout)[0]:
            for m in self.get():
                if m["header"]["type"] != self.prid or \
                        m["cmd"] != CMD_EVENT:
                    continue
                dev = None
                for d in _nested(m, "KCLICK_A_DEVICE"):
                    dev = d.get_attr("KCLICK_DEV_A_NAME")
                out.append((EVENTS.get(m.get_attr("KCLICK_A_EVENT"), "?"),
                            m.get_attr("KCLICK_A_GRAPH_NAME"), dev))
        return out


def demo(dev):
    """Count what DEV receives and drop it, then show and remove the graph."""
    ev = KclickSocket()
    ev.subscribe()
    s = KclickSocket()
    print("module", s.version())
    s.install("pydemo", [("src", "FromDevice", dev), ("c", "Counter", ""),
                         ("d", "Discard", "")],
              [(0, 0, 1, 0), (1, 0, 2, 0)], source="kclick_genl.py")
    print("graphs", s.graphs())
    print("c.count", s.read("pydemo", "c", "count"))
    s.write("pydemo", "c", "reset")
    for e in s.show("pydemo")["elements"]:
        print("element", e["name"], e["class"], e["config"],
              "outputs", e["output_packets"])
    s.remove("pydemo")
    print("events", ev.events())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: kclick_genl.py DEV  (installs graph 'pydemo' on DEV)")
    try:
        demo(sys.argv[1])
    except KclickError as e:
        sys.exit("kclick: %s" % e.text)
