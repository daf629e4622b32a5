#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/run.sh [--reload-module KO] TEST...
#
# Runs kselftest-style TAP programs one after another and counts their test
# points.  A program that exits 4 is skipped (its "# SKIP" reason is shown);
# one that exits non-zero without a failing test point counts as one
# failure, so a crash is never a pass.  The last line is
# "N passed, N failed" (skipped programs are listed on the line before).
#
# With --reload-module, kclick.ko is unloaded and loaded again before each
# program: every test starts from a clean module, and every unload is
# itself checked (a module that cannot be removed fails the next test).
set -u
RELOAD=
TIMEOUT=${KC_TEST_TIMEOUT:-900}
if [ "${1:-}" = --reload-module ]; then
	RELOAD=$2
	shift 2
fi

passed=0
failed=0
skipped=()
failed_names=()

for t in "$@"; do
	name=${t#./}
	echo "# === $name"
	if [ -n "$RELOAD" ]; then
		if [ -d /sys/module/kclick ] && ! rmmod kclick; then
			echo "not ok - $name: kclick.ko could not be unloaded before it"
			failed=$((failed + 1))
			failed_names+=("$name (unload before)")
			continue
		fi
		insmod "$RELOAD" || {
			echo "not ok - $name: kclick.ko could not be loaded"
			failed=$((failed + 1))
			failed_names+=("$name (load)")
			continue
		}
	fi
	out=$(mktemp)
	start=$(date +%s)
	timeout --kill-after=10 "$TIMEOUT" "$t" </dev/null 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	secs=$(($(date +%s) - start))
	p=$(grep -cE '^ok [0-9]' "$out")
	f=$(grep -cE '^not ok [0-9]' "$out")
	if [ "$rc" = 4 ]; then
		reason=$(sed -n 's/.*# SKIP *//p' "$out" | head -1)
		skipped+=("$name: ${reason:-no reason given}")
		echo "# --- $name: skipped (${secs}s)"
	else
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
				echo "not ok - $name: timed out after ${TIMEOUT}s"
			else
				echo "not ok - $name: exited with status $rc"
			fi
			f=1
		fi
		if [ "$rc" = 0 ] && [ "$p" = 0 ] && [ "$f" = 0 ]; then
			echo "not ok - $name: ran no test"
			f=1
		fi
		echo "# --- $name: $p passed, $f failed (${secs}s)"
		[ "$f" = 0 ] || failed_names+=("$name")
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	rm -f "$out"
done

for s in "${skipped[@]}"; do
	echo "# skipped: $s"
done
for s in "${failed_names[@]}"; do
	echo "# failed: $s"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
