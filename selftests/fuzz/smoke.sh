#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check's fuzz smoke: each libFuzzer target replays its committed seed
# corpus and every regression input (selftests/fuzz/regress/TARGET/, one
# file per crash ever found), then fuzzes for a few seconds.  Any crash,
# leak or sanitizer report fails.  `make fuzz` is the long run.
cd "$(dirname "$0")/../.." || exit 1
top=$PWD
SMOKE_TIME=${KC_FUZZ_SMOKE_TIME:-10}
if ! command -v clang >/dev/null; then
	echo "1..0 # SKIP clang is not installed (scripts/install-deps)"
	exit 4
fi
if ! make -s fuzz-build >/tmp/kc_fuzz_build.$$ 2>&1; then
	echo "not ok 1 - fuzz targets build"
	sed 's/^/# /' /tmp/kc_fuzz_build.$$ | tail -20
	echo "1..1"
	exit 1
fi
rm -f /tmp/kc_fuzz_build.$$
n=0
failed=0
for bin in build/fuzz/fuzz_*; do
	t=$(basename "$bin")
	work=$(mktemp -d)
	cp selftests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null
	inputs=$(ls selftests/fuzz/corpus/"$t" selftests/fuzz/regress/"$t" 2>/dev/null | grep -vc ':$\|^$')
	n=$((n + 1))
	# Each target runs in its scratch directory: a configuration that
	# names a file must never leave it in the tree.
	if out=$(cd "$work" && "$top/$bin" -runs=0 "$top"/selftests/fuzz/corpus/"$t" "$top"/selftests/fuzz/regress/"$t" 2>&1); then
		echo "ok $n - $t replays its seeds and regression inputs ($inputs files)"
	else
		echo "not ok $n - $t replays its seeds and regression inputs"
		echo "$out" | grep -E 'ERROR|SUMMARY|Test unit' | head -5 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
	n=$((n + 1))
	if out=$(cd "$work" && "$top/$bin" -max_total_time="$SMOKE_TIME" -artifact_prefix="$work/" \
		-print_final_stats=1 "$work" 2>&1); then
		execs=$(echo "$out" | sed -n 's/^stat::number_of_executed_units: *//p')
		echo "ok $n - $t fuzzes ${SMOKE_TIME}s without a finding ($execs executions)"
	else
		echo "not ok $n - $t found a crash in ${SMOKE_TIME}s"
		echo "$out" | grep -E 'ERROR|SUMMARY' | head -5 | sed 's/^/#   /'
		ls "$work"/crash-* "$work"/leak-* 2>/dev/null | sed 's/^/#   input: /'
		failed=$((failed + 1))
	fi
	rm -rf "$work"
done
echo "1..$n"
[ $failed = 0 ]
