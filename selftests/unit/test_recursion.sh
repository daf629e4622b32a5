#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The static check of recursion and stack frames (scripts/stackcheck):
# every recursive call cycle in engine/ and elements/ is in
# scripts/recursion-allow.txt with its bound, and no frame is above 1 KB
# unless scripts/stack-allow.txt says why.
cd "$(dirname "$0")/../.." || exit 1
if ! gcc --help=common 2>/dev/null | grep -q -- -fcallgraph-info; then
	echo "1..0 # SKIP gcc has no -fcallgraph-info (gcc 10 or later)"
	exit 4
fi
if ! make -s -j2 stackcheck-build >/tmp/kc_stackcheck.$$ 2>&1; then
	echo "not ok 1 - build/stackcheck builds"
	sed 's/^/# /' /tmp/kc_stackcheck.$$ | tail -20
	rm -f /tmp/kc_stackcheck.$$
	echo "1..1"
	exit 1
fi
rm -f /tmp/kc_stackcheck.$$
exec scripts/stackcheck
