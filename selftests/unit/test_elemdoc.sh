#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The element reference is generated from the elements' doc blocks: every
# element has one, and docs/elements.md is what the blocks say today.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp)
if err=$(python3 scripts/elemdoc.py --markdown "$tmp" $(ls elements/*.c | sort) $(ls user/elements/*.c | sort) 2>&1); then
	echo "ok 1 - every element has a =c/=s doc block"
else
	echo "not ok 1 - every element has a =c/=s doc block"
	echo "$err" | sed 's/^/# /'
fi
if diff -u docs/elements.md "$tmp" >/dev/null; then
	echo "ok 2 - docs/elements.md is current"
else
	echo "not ok 2 - docs/elements.md is stale: run 'make docs'"
	diff -u docs/elements.md "$tmp" | head -20 | sed 's/^/# /'
fi
n=$(grep -c '^## ' "$tmp")
classes=$(cat elements/classes.def user/classes_user.def | grep -c '^KC_CLASS')
[ "$n" -ge "$classes" ] && echo "ok 3 - $n documented classes for $classes registered" ||
	echo "not ok 3 - $n documented classes for $classes registered"
rm -f "$tmp"
echo "1..3"
