#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pictures and metrics offline: `kclick run CONFIG --dot` draws a
# configuration without a kernel (and with counts after a run over
# --pcap), `kclick run CONFIG --prometheus` prints its counters; the writers
# are those of `kclick show --dot` and `kclick stats --prometheus`
# (test_present checks them on fixed input).
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
K=${KC_KCLICK:-$PWD/cli/kclick}

python3 scripts/genpcap.py "$W/in.pcap" 40 --seed 3 >/dev/null
cat >"$W/q.click" <<'EOF'
FromDevice(eth0) -> c :: Counter -> s :: Strip(100) -> q :: Queue(1000)
	-> u :: Unqueue -> k :: Counter -> Discard;
EOF

"$K" run "$W/q.click" --dot >"$W/nocount.dot" 2>"$W/err"
tap $? "run CONFIG --dot without inputs draws the graph without running it"
grep -q '^	"c" -> "s" \[style=solid\];$' "$W/nocount.dot" &&
	grep -q '^	"q" -> "u" \[style=dashed, arrowhead=empty\];$' "$W/nocount.dot" &&
	grep -q '^	"c" \[label="c\\nCounter"\];$' "$W/nocount.dot"
tap $? "push connections solid, the pull Queue -> Unqueue dashed, no counts"
[ "$(grep -c -- ' -> ' "$W/nocount.dot")" = 6 ]
tap $? "six connections, six edges"

"$K" run "$W/q.click" --pcap "$W/in.pcap" --dot >"$W/count.dot" 2>>"$W/err"
tap $? "run CONFIG --pcap IN --dot runs, then draws"
strip=$("$K" run "$W/q.click" --pcap "$W/in.pcap" -j | jq -r '.elements[] | select(.name == "k") | .handlers.count')
grep -q '^	"FromDevice@1" -> "c" \[style=solid, label="40"\];$' "$W/count.dot" &&
	grep -q "^	\"q\" -> \"u\" \\[style=dashed, arrowhead=empty, label=\"$strip\"\\];\$" "$W/count.dot" &&
	[ -n "$strip" ] && [ "$strip" -lt 40 ]
tap $? "edges carry the run's counts: 40 in, $strip (k's count) pulled from the Queue"
[ -s "$W/err" ] && sed 's/^/#   /' "$W/err" | head -5

if command -v dot >/dev/null; then
	"$K" run examples/router.click --dot | dot -Tsvg 2>"$W/doterr" | grep -q '<svg' &&
		[ ! -s "$W/doterr" ]
	tap $? "dot -Tsvg renders examples/router.click without a warning"
else
	n=$((n + 1))
	echo "ok $n # SKIP dot -Tsvg: graphviz is not installed (scripts/install-deps)"
fi

"$K" run "$W/q.click" --pcap "$W/in.pcap" --prometheus >"$W/prom" 2>"$W/err"
tap $? "run CONFIG --pcap IN --prometheus"
grep -q "^kclick_handler_value{graph=\"q\",element=\"k\",handler=\"count\"} $strip\$" "$W/prom" &&
	grep -q '^kclick_port_packets_total{graph="q",element="c",class="Counter",direction="in",port="0"} 40$' "$W/prom" &&
	[ "$(grep -c '^# TYPE' "$W/prom")" = 3 ]
tap $? "the offline metrics: k's count, c's input port, three families"

"$K" run "$W/q.click" --dot --prometheus >/dev/null 2>&1
[ $? = 2 ]
tap $? "--dot and --prometheus together is a usage error (exit 2)"
"$K" run "$W/nope.click" --dot >/dev/null 2>"$W/err"
[ $? = 1 ] && grep -q '^Error: .*nope.click' "$W/err"
tap $? "a missing file with --dot fails with Error:"
echo 'FromDevice(eth0) -> Countr -> Discard;' >"$W/bad.click"
"$K" run "$W/bad.click" --dot >/dev/null 2>"$W/err"
[ $? = 1 ] && grep -q "bad.click:1:.*Countr" "$W/err"
tap $? "a bad class with --dot fails with the file:line error"
"$K" show --help | grep -q -- '--dot' && "$K" stats --help | grep -q -- '--prometheus'
tap $? "show --help and stats --help list --dot and --prometheus"
"$K" stats >/dev/null 2>&1
[ $? = 2 ]
tap $? "stats without NAME or --prometheus is a usage error"

echo "1..$n"
[ $failed = 0 ]
