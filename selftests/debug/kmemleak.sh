#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Last step of make check-debug: unload the module, let kmemleak scan, and
# fail on any suspected leak.  Needs a kernel with CONFIG_DEBUG_KMEMLEAK.
K=/sys/kernel/debug/kmemleak
if [ ! -e $K ]; then
	echo "1..0 # SKIP this kernel has no kmemleak ($K); use make check-debug"
	exit 4
fi
rmmod kclick 2>/dev/null
# Objects freed with kfree_rcu and deferred work settle first.
sleep 5
echo scan >$K
sleep 5
echo scan >$K
report=$(cat $K)
if [ -z "$report" ]; then
	echo "ok 1 - kmemleak: no suspected leak after every test and rmmod"
else
	echo "not ok 1 - kmemleak: suspected leaks"
	echo "$report" | head -60 | sed 's/^/#   /'
fi
echo "1..1"
[ -z "$report" ]
