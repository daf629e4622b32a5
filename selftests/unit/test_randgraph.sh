#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Random graphs through `kclick run` on the small-stack harness
# (user/stack.c): selftests/gen/randgraph.py writes valid and invalid
# configurations (cycles, fan-out and chains in the thousands, huge ports,
# long rules, bad arguments ...), each runs over a small pcap, and every
# run must either succeed (exit 0) or refuse with an "Error:" line (exit
# 1).  A signal (a stack overflow is SIGSEGV on the guard page), a hang
# (KC_RANDGRAPH_TIMEOUT s), another exit code, a refusal without "Error:",
# a sanitizer report or an internal WARNING fails, naming the
# configuration; failing configurations are kept in build/randgraph/fail/
# with their stderr and the command that reproduces them.
#   KC_RANDGRAPH_COUNT   graphs to run (default 300, ~15-30 s; the issue asks 10000)
#   KC_RANDGRAPH_SEED    generator seed (default 1)
#   KC_RANDGRAPH_JOBS    parallel runs (default 2)
#   KC_RANDGRAPH_SAN=1   run build/san/kclick (ASan+UBSan, 3x the stack for
#                        ASan's frames) instead of cli/kclick (the kernel's
#                        16 KB exactly): memory errors fail too; slower
cd "$(dirname "$0")/../.." || exit 1
COUNT=${KC_RANDGRAPH_COUNT:-300}
SEED=${KC_RANDGRAPH_SEED:-1}
JOBS=${KC_RANDGRAPH_JOBS:-2}
TIMEOUT=${KC_RANDGRAPH_TIMEOUT:-30}
KCLICK=${KCLICK:-cli/kclick}
FAIL_DIR=build/randgraph/fail
if [ "${KC_RANDGRAPH_SAN:-0}" = 1 ]; then
	KCLICK=build/san/kclick
	make -s -j2 "$KCLICK" >/dev/null 2>&1
	# Sanitizer reports exit 86, not 1 (a refusal's code).
	export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=86:print_stacktrace=1}
fi
if [ ! -x "$KCLICK" ]; then
	echo "1..0 # SKIP $KCLICK is not built (make user)"
	exit 4
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
rm -rf "$FAIL_DIR"
mkdir -p "$FAIL_DIR"
start=$(date +%s)
python3 scripts/genpcap.py "$W/in.pcap" 20 --bad-every 7 || exit 1
python3 selftests/gen/randgraph.py --seed "$SEED" --count "$COUNT" \
	--out "$W/g" || exit 1

# One run: prints "CONF KIND STATUS" where STATUS is accepted, refused
# or "fail:<why>"; keeps a failing configuration.
run_one() {
	local conf=$1 base rc why= err first
	base=$(basename "$conf" .click)
	read -r first <"$conf"
	err="$W/$base.err"
	timeout -k 5 "$TIMEOUT" "$KCLICK" run "$conf" \
		--dev in="$W/in.pcap:$W/$base.o1.pcap" --dev out=":$W/$base.o2.pcap" \
		>/dev/null 2>"$err"
	rc=$?
	rm -f "$W/$base.o1.pcap" "$W/$base.o2.pcap"
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		why="hang: no exit in ${TIMEOUT}s"
	elif [ $rc -gt 128 ]; then
		why="killed by signal $((rc - 128))$(grep -m1 -o 'stack overflow' "$err" | sed 's/^/: /')"
	elif grep -q -m1 -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$err"; then
		why="sanitizer: $(grep -m1 -E 'ERROR|runtime error' "$err")"
	elif grep -q -m1 'WARNING at' "$err"; then
		why="$(grep -m1 'WARNING at' "$err")"
	elif [ $rc = 1 ] && ! grep -q '^Error: ' "$err"; then
		why="exit 1 without an Error: line"
	elif [ $rc != 0 ] && [ $rc != 1 ]; then
		why="exit code $rc"
	fi
	if [ -n "$why" ]; then
		cp "$conf" "$err" "$FAIL_DIR/"
		echo "$KCLICK run $FAIL_DIR/$base.click --dev in=IN.pcap:OUT.pcap --dev out=:OUT2.pcap  # IN: scripts/genpcap.py IN.pcap 20 --bad-every 7" \
			>"$FAIL_DIR/$base.cmd"
		echo "$base ${first##*: } fail:$why"
	elif [ $rc = 0 ]; then
		echo "$base ${first##*: } accepted"
	else
		echo "$base ${first##*: } refused"
	fi
	rm -f "$err"
}
export -f run_one
export W KCLICK TIMEOUT FAIL_DIR

# (bash's own "Segmentation fault" notices go to /dev/null: run_one says it.)
ls "$W"/g/*.click | xargs -P "$JOBS" -I{} bash -c 'run_one {}' \
	>"$W/results" 2>/dev/null
# Per-kind counts, kept with the failures (build/randgraph/results).
while read -r base kind status; do
	echo "$kind ${status%%:*}"
done <"$W/results" | sort | uniq -c |
	awk '{ c[$2] = c[$2] " " $3 " " $1 } END { for (k in c) print "# " k ":" c[k] }' |
	sort >"$W/kinds"
cp "$W/results" "$W/kinds" build/randgraph/
secs=$(($(date +%s) - start))
accepted=$(grep -c ' accepted$' "$W/results")
refused=$(grep -c ' refused$' "$W/results")
failed=$(grep -c ' fail:' "$W/results")
n=0
while read -r base kind status; do
	n=$((n + 1))
	echo "not ok $n - $FAIL_DIR/$base.click ($kind): ${status#fail:}"
	tail -3 "$FAIL_DIR/$base.err" | sed 's/^/#   stderr: /' | cut -c1-200
done < <(grep ' fail:' "$W/results" | sort)
n=$((n + 1))
total=$((accepted + refused + failed))
if [ "$failed" = 0 ] && [ "$total" = "$COUNT" ]; then
	echo "ok $n - $COUNT random graphs (seed $SEED): $accepted accepted, $refused refused with an Error:, none crashed (${secs}s)"
else
	echo "not ok $n - $COUNT random graphs (seed $SEED): $accepted accepted, $refused refused, $failed failed, $((COUNT - total)) lost (${secs}s); reproduce with $FAIL_DIR/*.cmd"
fi
cat "$W/kinds"
echo "1..$n"
[ "$failed" = 0 ] && [ "$total" = "$COUNT" ]
