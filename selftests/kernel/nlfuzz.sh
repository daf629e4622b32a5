#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Netlink fuzzing (nlfuzz.py): valid, mutated and random messages to the
# kclick family, the module checked alive every 1,000; then no graph is
# left behind.  Short by default (make check); the full run of issue 11 is
#   KC_NLFUZZ_COUNT=100000 (make check-debug passes it)
#   KC_NLFUZZ_SEED=S (default 1)   KC_NLFUZZ_TIME=SECONDS (default 120,
#   or 3 s per 100 messages for a longer count, and 2 min less than
#   KC_TEST_TIMEOUT); not sending them all in time is a failure.
source "$(dirname "$0")/topo.sh"

count=${KC_NLFUZZ_COUNT:-5000}
seed=${KC_NLFUZZ_SEED:-1}
limit=${KC_NLFUZZ_TIME:-$((count > 4000 ? count * 3 / 100 : 120))}
[ "$limit" -ge 120 ] || limit=120
# ... and within selftests/run.sh's timeout for one test.
tmax=$((${KC_TEST_TIMEOUT:-900} - 120))
[ "$limit" -le "$tmax" ] || limit=$tmax
# Valid installs take d0 and d1 of a namespace of the fuzzer's own.
X=$(ns fuzz)
ip -n "$X" link add name d0 type veth peer name d1
ip -n "$X" link set dev d0 up
ip -n "$X" link set dev d1 up
ip netns exec "$X" python3 "$(dirname "$0")/nlfuzz.py" --count "$count" \
	--seed "$seed" --time "$limit" >/tmp/nlfuzz.$$ 2>&1
rc=$?
cat /tmp/nlfuzz.$$
sent=$(sed -n 's/^# sent \([0-9]*\) messages.*/\1/p' /tmp/nlfuzz.$$)
ok $rc "nlfuzz: $count messages (seed $seed): module answers, no timeout"
[ "${sent:-0}" -ge "$count" ]
ok $? "nlfuzz: all $count messages sent within $limit s (sent ${sent:-0})"
check "the module still lists its classes" -- "$KCLICK" classes
ip netns del "$X"
sleep 0.5
eq "no graph is left behind (live_graphs)" \
	"$(cat /sys/module/kclick/parameters/live_graphs)" 0
rm -f /tmp/nlfuzz.$$
tap_end
