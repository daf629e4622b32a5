#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Graphs that survive a reboot: kclick save writes a graph with the routes,
# rules and backends handlers changed at run time; kclick restore installs
# a directory of NAME.click (+ NAME.conf) files into a fresh module and
# reproduces every graph (show and the live handlers equal); restoring
# again replaces; kclick.service's ExecStart/ExecStop commands do what the
# unit promises (restore /etc/kclick, remove every graph).
#
#   netns R: ma, mb (veth, peers ra, rb)  graph "router" (examples/router.click)
#   netns F: ma, mb (veth, peers fa, fb)  graph "fw" (examples/firewall.click)
#            mc (veth, peer pc)           graph "cnt" (a define, NAME.conf)
source "$(dirname "$0")/topo.sh"

D=$(mktemp -d)
ETC_MADE=
INIT_DEVS=
cleanup() {
	[ -n "$ETC_MADE" ] && rm -rf /etc/kclick
	for d in $INIT_DEVS; do ip link del dev "$d" 2>/dev/null; done
	"$KCLICK" remove --all >/dev/null 2>&1
	cleanup_ns
	rm -rf "$D"
}
trap cleanup EXIT

R=$(ns r)
F=$(ns f)
for n in "$R" "$F"; do
	ip -n "$n" link add name ma type veth peer name pa
	ip -n "$n" link add name mb type veth peer name pb
	ip -n "$n" link add name mc type veth peer name pc
	for d in ma mb mc pa pb pc; do ip -n "$n" link set dev "$d" up; done
done

# The comparable part of -j show: everything but ids, generations, counts
# and the installed configuration text (which save replaces with the live
# one); and the live handlers that save must carry.
shape() {	# shape NS GRAPH
	kc "$1" -j show "$2" | python3 -c '
import json, sys
g = json.load(sys.stdin)
for k in ("id", "generation", "drops"):
    g.pop(k, None)
for d in g["devices"]:
    d.pop("ifindex", None)
g["devices"].sort(key=lambda d: d["name"])
g["connections"].sort(key=lambda c: (c["from"], c["from_port"], c["to"], c["to_port"]))
for e in g["elements"]:
    e.pop("config", None)
    e.pop("line", None)
    for p in e["inputs"] + e["outputs"]:
        p.pop("packets", None)
print(json.dumps(g, sort_keys=True, indent=1))'
}
live() {	# live NS GRAPH ELEMENT.HANDLER...
	local ns=$1 g=$2 h
	shift 2
	for h in "$@"; do
		echo "== $h"
		kc "$ns" read "$g/$h"
	done
}

check "install the router" -- kc "$R" install router "$KC_TOP/examples/router.click"
check "install the firewall" -- kc "$F" install fw "$KC_TOP/examples/firewall.click"
cat >"$D/cnt.click" <<'EOF'
define($DEV ma);
FromDevice($DEV) -> c :: Counter -> Discard;
EOF
check "install a graph with a variable (DEV=mc)" -- kc "$F" install cnt "$D/cnt.click" DEV=mc

# Change state at run time: routes, rules.
run kc "$R" write router/rt.add "10.9.0.0/16 10.7.2.2 2"
ok $? "add a route"
run kc "$R" write router/rt.remove "10.7.2.255/32"
ok $? "remove a route"
run kc "$R" write router/rt.set "0.0.0.0/0 10.7.1.254 1"
ok $? "replace the default route"
run kc "$F" write fw/fa.config "allow icmp type echo, allow udp dst port 53, deny all"
ok $? "rewrite the firewall's rules"
kc "$R" read router/rt.table | grep -q '^10.9.0.0/16 10.7.2.2 2$'
ok $? "the route table has the added route"

RH=(rt.table c0.config c1.config)
FH=(fa.config fb.config)
shape "$R" router >"$D/router.shape"
shape "$F" fw >"$D/fw.shape"
shape "$F" cnt >"$D/cnt.shape"
live "$R" router "${RH[@]}" >"$D/router.live"
live "$F" fw "${FH[@]}" >"$D/fw.live"

mkdir -p "$D/r" "$D/f"
check "save router" -- kc "$R" save router "$D/r/router.click"
check "save fw" -- kc "$F" save fw "$D/f/fw.click"
# The unflattened file and its options, as an administrator writes them.
cp "$D/cnt.click" "$D/f/cnt.click"
printf '# cnt listens on mc\nDEV=mc\n' >"$D/f/cnt.conf"
grep -q '10.9.0.0/16 10.7.2.2 2' "$D/r/router.click" &&
	! grep -q '10.7.2.255/32' "$D/r/router.click"
ok $? "the saved router has the changed routes"
grep -q 'allow udp dst port 53' "$D/f/fw.click"
ok $? "the saved firewall has the rewritten rules"
kc "$R" save router - | cmp -s - "$D/r/router.click"
ok $? "save NAME - writes the same text to standard output"

# A fresh module: nothing survives but the files.
kc "$R" remove --all && kc "$F" remove --all
ok $? "remove --all in both namespaces"
eq "no graph left in R" "$(kc "$R" list)" ""
run rmmod kclick && run insmod "$KC_KO"
ok $? "reload kclick.ko"

out=$(kc "$R" restore "$D/r")
ok $? "restore the router's directory"
echo "$out" | sed 's/^/#   /'
eq "restore reports it" "$out" "router: installed from $D/r/router.click"
out=$(kc "$F" restore "$D/f")
ok $? "restore the firewall's directory"
[ "$(echo "$out" | grep -c ': installed from ')" = 2 ]
ok $? "restore reports both graphs installed"

shape "$R" router | diff -u "$D/router.shape" - >"$D/diff" 2>&1
ok $? "router: show after restore equals show before save"
head -20 "$D/diff" | sed 's/^/#   /'
shape "$F" fw | diff -u "$D/fw.shape" - >"$D/diff" 2>&1
ok $? "fw: show after restore equals show before save"
head -20 "$D/diff" | sed 's/^/#   /'
shape "$F" cnt | diff -u "$D/cnt.shape" - >"$D/diff" 2>&1
ok $? "cnt: show equal, its DEV=mc from cnt.conf"
head -20 "$D/diff" | sed 's/^/#   /'
live "$R" router "${RH[@]}" | diff -u "$D/router.live" - >"$D/diff" 2>&1
ok $? "router: routes and classifier rules after restore are those changed at run time"
head -20 "$D/diff" | sed 's/^/#   /'
live "$F" fw "${FH[@]}" | diff -u "$D/fw.live" - >"$D/diff" 2>&1
ok $? "fw: rules after restore are those written at run time"
kc "$R" save router - | grep -v '^//' >"$D/again"
grep -v '^//' "$D/r/router.click" | cmp -s - "$D/again"
ok $? "saving the restored router gives the same configuration"

out=$(kc "$R" restore "$D/r")
eq "restoring again replaces" "$out" "router: replaced from $D/r/router.click"
kc "$R" -j restore "$D/r" | python3 -c '
import json, sys
v = json.load(sys.stdin)
assert v == [{"name": "router", "file": sys.argv[1], "result": "replaced"}], v' "$D/r/router.click"
ok $? "-j restore is JSON, one object per graph"

# One bad file does not stop the others; the exit status says it failed.
mkdir "$D/bad"
cp "$D/f/fw.click" "$D/bad/fw.click"
echo 'FromDevice(ma) -> Countr -> Discard;' >"$D/bad/broken.click"
out=$(kc "$F" restore "$D/bad" 2>&1)
rc=$?
eq "a directory with a bad file: exit 1" "$rc" 1
[[ "$out" == *"Error: graph 'broken': "*"broken.click:1:"*"Countr"* &&
   "$out" == *"fw: replaced from $D/bad/fw.click"* ]]
ok $? "the bad file is reported with file:line, the good one restored"
echo "$out" | sed 's/^/#   /'

# kclick.service: its ExecStart and ExecStop commands, with this tree's
# kclick, on /etc/kclick in the guest (a tmpfs overlay: the host's /etc is
# not touched).  modprobe is left out: the VM loaded kclick.ko by insmod.
UNIT=$KC_TOP/systemd/kclick.service.in
if [ -e /etc/kclick ]; then
	ok 0 "# SKIP kclick.service: /etc/kclick exists in the guest already"
else
	mkdir /etc/kclick && ETC_MADE=1
	# The unit restores into the initial namespace: give it the devices
	# the graphs name (FromDevice refuses a device that does not exist).
	for d in ma mb mc; do
		ip link add name "$d" type veth peer name "p$d" && INIT_DEVS="$INIT_DEVS $d"
	done
	cp "$D/f/fw.click" /etc/kclick/fw.click
	cp "$D/cnt.click" /etc/kclick/cnt.click
	printf 'DEV=mc\n' >/etc/kclick/cnt.conf
	unit_cmds() {	# unit_cmds KEY: the unit's KEY= lines that run kclick
		sed -n "s|^$1=-\\{0,1\\}@SBINDIR@/kclick |$KCLICK |p" "$UNIT"
	}
	start=$(unit_cmds ExecStart)
	stop=$(unit_cmds ExecStop)
	[ -n "$start" ] && [ -n "$stop" ]
	ok $? "the unit has ExecStart ($start) and ExecStop ($stop)"
	eval "$start" >/dev/null
	ok $? "ExecStart: restore /etc/kclick"
	eq "ExecStart installed fw and cnt in the initial namespace" \
		"$("$KCLICK" list | cut -d: -f1 | sort | tr '\n' ' ')" "cnt fw "
	eval "$stop"
	ok $? "ExecStop: remove every graph"
	eq "ExecStop left no graph" "$("$KCLICK" list)" ""
fi

tap_end
