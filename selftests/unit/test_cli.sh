#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The command line itself, offline (no module needed): global options after
# the command as README writes them, "kclick CMD --help", usage errors.
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
K=${KC_KCLICK:-$PWD/cli/kclick}	# KC_KCLICK: try another build

python3 scripts/genpcap.py "$W/in.pcap" 20 >/dev/null
echo 'FromDevice(eth0) -> c :: Counter -> Discard;' >"$W/fw.click"

# README: kclick run fw.click --pcap in.pcap -j
"$K" -j run "$W/fw.click" --pcap "$W/in.pcap" >"$W/before.json" 2>"$W/err"
rc1=$?
"$K" run "$W/fw.click" --pcap "$W/in.pcap" -j >"$W/after.json" 2>>"$W/err"
rc2=$?
[ $rc1 = 0 ] && [ $rc2 = 0 ] && jq -e . "$W/after.json" >/dev/null &&
	cmp -s "$W/before.json" "$W/after.json"
tap $? "run CONF --pcap IN -j prints the same JSON as -j run CONF --pcap IN"
[ -s "$W/err" ] && sed 's/^/#   /' "$W/err" | head -5

jq -e '.packets_in == 20 and (.elements[] | select(.name == "c") |
	.handlers.count == "20")' "$W/after.json" >/dev/null 2>&1
tap $? "the JSON counts the 20 packets"

"$K" run "$W/fw.click" -j --pcap "$W/in.pcap" --json >"$W/mid.json" 2>&1 &&
	cmp -s "$W/before.json" "$W/mid.json"
tap $? "-j between the configuration and --pcap, and --json at the end"

"$K" run "$W/fw.click" --pcap "$W/in.pcap" -pj >"$W/pretty.json" 2>&1 &&
	"$K" -j -p run "$W/fw.click" --pcap "$W/in.pcap" >"$W/pretty0.json" 2>&1 &&
	cmp -s "$W/pretty.json" "$W/pretty0.json" &&
	[ "$(wc -l <"$W/pretty.json")" -gt 2 ]
tap $? "-pj after the command is indented JSON, as -j -p before it"

# A file named like an option is still the value of --pcap.
cp "$W/in.pcap" "$W/-j"
(cd "$W" && "$K" run fw.click --pcap -j) >"$W/dashj.out" 2>&1 &&
	grep -q '^packets read 20' "$W/dashj.out"
tap $? "the value after --pcap is never taken for a global option"
grep -q '^packets read 20' "$W/dashj.out" || sed 's/^/#   /' "$W/dashj.out" | head -5

# After "--" nothing is an option: parse gets a file called "-j".
out=$("$K" parse -- -j 2>&1)
rc=$?
[ $rc = 1 ] && [[ $out == *"-j"* ]]
tap $? "parse -- -j opens a file called -j (exit $rc, not JSON mode)"

# kclick CMD --help, for every command of the top-level usage.
cmds=$("$K" --help | sed -n 's/^  \([a-z]\+\)\b.*/\1/p' | grep -v '^-')
[ "$(echo "$cmds" | wc -w)" -ge 14 ]
tap $? "kclick --help lists the commands ($(echo $cmds))"
bad=
for c in $cmds; do
	out=$("$K" "$c" --help 2>"$W/help.err")
	rc=$?
	[ $rc = 0 ] && [[ $out == "Usage: kclick [-j [-p]] $c"* ]] &&
		[ ! -s "$W/help.err" ] || bad="$bad $c(rc=$rc)"
	out=$("$K" "$c" -h 2>/dev/null) && [[ $out == "Usage: kclick"*" $c"* ]] ||
		bad="$bad $c(-h)"
done
[ -z "$bad" ]
tap $? "every command's --help and -h print its usage on stdout, exit 0${bad:+ (failed:$bad)}"

out=$("$K" run --help)
[[ $out == *"--pcap IN"* ]] && [[ $out == *"--dev N=IN[:OUT]"* ]] &&
	[[ $out == *"-j, --json"* ]]
tap $? "run --help lists run's own options and the global ones"

out=$("$K" ru --help) && [[ $out == "Usage: kclick [-j [-p]] run "* ]]
tap $? "a unique prefix works with --help too (ru --help)"

out=$("$K" install g "$W/fw.click" --help) && [[ $out == *"--replace"* ]]
tap $? "--help wins over other arguments, without touching the module"

# Errors are unchanged.
"$K" run "$W/fw.click" --bogus >/dev/null 2>&1
[ $? = 2 ]
tap $? "an unknown option after the command is still a usage error (exit 2)"
"$K" --bogus list >/dev/null 2>&1
[ $? = 2 ]
tap $? "an unknown option before the command is still a usage error (exit 2)"
"$K" >/dev/null 2>&1
[ $? = 2 ]
tap $? "no command is a usage error (exit 2)"
out=$("$K" -h) && [[ $out == *"COMMAND --help"* ]]
tap $? "kclick -h exits 0 and mentions COMMAND --help"

# run --check: build and initialize without packets, every problem listed.
printf 'FromDevice(eth9) -> c :: Counter -> Queue -> ToDevice(eth8);\n' >"$W/ok.click"
out=$("$K" run --check "$W/ok.click" 2>&1)
[ $? = 0 ] && [ "$out" = "4 elements, 3 connections: configured and initialized" ]
tap $? "run --check: an unbound FromDevice is accepted, the graph is built and initialized"
printf 'FromDevice(eth9) -> Nope1 -> c :: Counter(BAD 1) -> Nope2 -> Discard;\nIdle -> x :: Strip(q) -> Discard;\n' >"$W/bad.click"
"$K" run --check "$W/bad.click" >"$W/chk.out" 2>"$W/chk.err"
rc=$?
sed 's/^/#   /' "$W/chk.err"
[ $rc = 1 ] && [ "$(grep -c '^Error: ' "$W/chk.err")" = 4 ] &&
	grep -q "bad.click:1:21: element 'Nope1@2' (Nope1): unknown element class 'Nope1'" "$W/chk.err" &&
	grep -q "unknown element class 'Nope2'" "$W/chk.err" &&
	grep -q "element 'c' (Counter): unknown keyword 'BAD'" "$W/chk.err" &&
	grep -q "element 'x' (Strip): LENGTH: expected" "$W/chk.err" &&
	grep -q "^4 problems$" "$W/chk.err" && [ ! -s "$W/chk.out" ]
tap $? "run --check lists both unknown classes and both refused configurations, exits 1"
out=$("$K" -j run --check "$W/bad.click" 2>/dev/null)
python3 -c '
import json, sys
d = json.loads(sys.argv[1])
p = d["problems"]
assert d["ok"] is False and d["elements"] == 8 and len(p) == 4, d
assert [x["class"] for x in p] == ["Nope1", "Nope2", "Counter", "Strip"], p
assert p[2]["element"] == "c" and p[2]["reason"] == "unknown keyword '"'BAD'"'", p[2]
' "$out"
tap $? "run --check -j: problems with element, class and reason"
printf 'FromDump(/nonexistent/in.pcap) -> ToDump(%s/never.pcap);\n' "$W" >"$W/dump.click"
"$K" run --check "$W/dump.click" >/dev/null 2>&1 && [ ! -e "$W/never.pcap" ]
tap $? "run --check opens no file: FromDump of a missing file passes, ToDump writes nothing"
"$K" run --check "$W/ok.click" --pcap "$W/in.pcap" >/dev/null 2>&1
[ $? = 2 ]
tap $? "run --check with --pcap is a usage error"

# --dev-addr: a device's name as an address, offline (names.h).
printf 'Idle -> q :: ARPQuerier(eth3) -> Discard; Idle -> [1] q;\n' >"$W/dn.click"
"$K" run --check "$W/dn.click" >/dev/null 2>"$W/dn.err"
rc1=$?
"$K" run --check "$W/dn.click" --dev-addr eth3=10.3.0.1/24,02:00:00:00:03:01 >/dev/null 2>&1
rc2=$?
[ $rc1 = 1 ] && grep -q "IP: expected an IPv4 address, got 'eth3'" "$W/dn.err" && [ $rc2 = 0 ]
tap $? "run --check: ARPQuerier(eth3) needs eth3's addresses, given by --dev-addr"
"$K" run --check "$W/dn.click" --dev-addr eth3=10.3.0.1,bogus >/dev/null 2>"$W/dn.err"
[ $? = 1 ] && grep -q "dev-addr eth3: 'bogus' is neither" "$W/dn.err"
tap $? "--dev-addr with a bad address is an error naming it"
# save, restore, remove --all without a module: usage and file errors.
"$K" save >/dev/null 2>&1
[ $? = 2 ]
tap $? "save without NAME is a usage error"
"$K" remove --all extra >/dev/null 2>&1
[ $? = 2 ] && "$K" remove >/dev/null 2>&1
[ $? = 2 ]
tap $? "remove takes NAME or --all, not both, not neither"
out=$("$K" restore "$W/nonexistent" 2>&1)
[ $? = 1 ] && [ "$out" = "Error: $W/nonexistent: No such file or directory." ]
tap $? "restore of a missing directory: one Error line, exit 1"
mkdir "$W/empty" && touch "$W/empty/notes.txt" "$W/empty/.hidden.click"
out=$("$K" restore "$W/empty" 2>&1)
[ $? = 0 ] && [ -z "$out" ]
tap $? "restore of a directory without NAME.click files does nothing, exit 0"

# METHOD XDP: only XDP-capable elements may follow (docs/design.md "XDP").
printf 'fd :: FromDevice(eth9, METHOD XDP) -> c :: Counter -> EtherMirror -> ToDevice(eth9);\n' >"$W/xdp.click"
out=$("$K" run --check "$W/xdp.click" 2>&1)
[ $? = 0 ] && [ "$out" = "4 elements, 3 connections: configured and initialized" ]
tap $? "run --check: FromDevice METHOD XDP -> Counter -> EtherMirror -> ToDevice is accepted"
printf 'fd :: FromDevice(eth9, METHOD XDP) -> c :: Counter -> q :: Queue -> ToDevice(eth8);\n' >"$W/xdpq.click"
out=$("$K" run --check "$W/xdpq.click" 2>&1)
[ $? = 1 ] && [[ $out == *"element 'fd' (FromDevice): METHOD XDP: element 'q' (Queue) cannot take XDP frames"* ]]
tap $? "run --check: a Queue after FromDevice METHOD XDP is refused, naming it"
printf 'fd :: FromDevice(eth9, METHOD XDP) -> h :: ToHost(TYPE IP);\n' >"$W/xdph.click"
out=$("$K" run --check "$W/xdph.click" 2>&1)
[ $? = 1 ] && [[ $out == *"element 'h' (ToHost) cannot take XDP frames as configured"* ]]
tap $? "run --check: ToHost TYPE IP after METHOD XDP is refused"
# Classifier, Paint and PaintSwitch on XDP frames decide as on skbs:
# the same pcap through the same graph with METHOD XDP and without gives
# the same counts, unmatched frames dropped by the Classifier included.
python3 scripts/genpcap.py "$W/mix.pcap" 300 >/dev/null
cat >"$W/xcl.click" <<'EOF2'
FromDevice(in, METHOD XDP) -> cl :: Classifier(23/06, 23/11);
cl[0] -> Paint(1) -> ps :: PaintSwitch;
cl[1] -> Paint(0) -> ps;
ps[0] -> u :: Counter -> Discard;
ps[1] -> t :: Counter -> Discard;
EOF2
sed 's/, METHOD XDP//' "$W/xcl.click" >"$W/lcl.click"
"$K" run "$W/xcl.click" --pcap "$W/mix.pcap" 2>&1 | grep -v '\.method:\|\.mapping:' >"$W/xcl.out"
"$K" run "$W/lcl.click" --pcap "$W/mix.pcap" 2>&1 | grep -v '\.method:\|\.mapping:' >"$W/lcl.out"
grep -q '^t.count: [1-9]' "$W/xcl.out" && grep -q '^u.count: [1-9]' "$W/xcl.out" &&
	grep -q '^cl.drops: [1-9]' "$W/xcl.out" && cmp -s "$W/xcl.out" "$W/lcl.out"
tap $? "run: Classifier -> Paint -> PaintSwitch on XDP frames counts as on skbs ($(grep -h '^[tu].count\|^cl.drops' "$W/xcl.out" | tr '\n' ' '))"
"$K" run "$W/xcl.click" --pcap "$W/mix.pcap" 2>&1 | grep -q '^FromDevice@1.method: XDP'
tap $? "run: ... and that graph did run in XDP mode"

printf 'fd :: FromDevice(eth9, METHOD RING) -> Discard;\n' >"$W/xdpm.click"
out=$("$K" run --check "$W/xdpm.click" 2>&1)
[ $? = 1 ] && [[ $out == *"METHOD: expected LINUX, DEFAULT, PCAP, NETMAP or XDP, not 'RING'"* ]]
tap $? "run --check: an unknown METHOD is refused"

echo "1..$n"
[ $failed = 0 ]
