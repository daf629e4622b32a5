#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Random graphs (selftests/gen/randgraph.py, valid and invalid) installed
# on live devices under traffic, each replacing the one before; every 10
# graphs the graph is removed, the module must answer and live_graphs be 0.
# Each install either succeeds or is refused with one kc-style message
# ("Error: ...", exit 1); anything else (a crash, a hang, another status)
# fails, as does a dirty kernel log (scripts/vm).
#   KC_RANDGRAPH_VM_COUNT=N   graphs (default 50; issue 11 asks 1,000)
#   KC_RANDGRAPH_SEED=S       generator seed (default 1)
#   KC_RANDGRAPH_GEN=PATH     another generator with the same options
source "$(dirname "$0")/topo.sh"

# kclick in a namespace, entering only its network namespace: much
# cheaper than kc's `ip netns exec` (which remounts /sys) in long loops.
kcn() { local n=$1; shift; nsenter --net="/run/netns/$n" "$KCLICK" "$@"; }

GEN=${KC_RANDGRAPH_GEN:-$KC_TOP/selftests/gen/randgraph.py}
[ -f "$GEN" ] || skip_all "no random graph generator ($GEN)"
count=${KC_RANDGRAPH_VM_COUNT:-50}
seed=${KC_RANDGRAPH_SEED:-1}
D=$(dirname "$0")
T=/tmp/rg.$$
mkdir -p $T/g
flood=
trap 'touch $T/stop; [ -z "$flood" ] || kill $flood 2>/dev/null; cleanup_ns; rm -rf $T' EXIT

topo_amb
python3 "$GEN" --seed "$seed" --count "$count" --out $T/g --rx ma --tx mb \
	>$T/gen.log 2>&1
ok $? "generate $count graphs (seed $seed)"
sed 's/^/#   /' $T/gen.log | tail -3
mac_b=$(ip netns exec "$NS_B" cat /sys/class/net/vb/address)

# Traffic from a to b for as long as the graphs take, 2 s at a time, and
# at most 10 s per graph (a stuck install still ends the flood).
(
	end=$((SECONDS + (count > 180 ? count : 180) * 10))
	while [ ! -e $T/stop ] && [ $SECONDS -lt $end ]; do
		ip netns exec "$NS_A" python3 "$D/ethflood.py" va 2 "$mac_b" \
			>/dev/null 2>&1
	done
) &
flood=$!

installed=0
refused=0
bad=0
dead=0
leaked=0
have=
i=0
for f in $T/g/*.click; do
	out=$(kcn "$NS_M" install rg "$f" ${have:+--replace} 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		installed=$((installed + 1))
		have=1
	elif [ $rc = 1 ] && [[ "$out" == "Error: "* ]]; then
		refused=$((refused + 1))
	else
		bad=$((bad + 1))
		echo "# $(basename "$f"): exit $rc: ${out:0:300}"
	fi
	i=$((i + 1))
	if [ $((i % 10)) = 0 ]; then
		[ -z "$have" ] || kcn "$NS_M" remove rg >/dev/null 2>&1 ||
			{ bad=$((bad + 1)); echo "# remove after $(basename "$f") failed"; }
		have=
		"$KCLICK" version >/dev/null 2>&1 ||
			{ dead=$((dead + 1)); echo "# no answer after $(basename "$f")"; }
		[ "$(cat /sys/module/kclick/parameters/live_graphs)" = 0 ] ||
			{ leaked=$((leaked + 1)); echo "# live_graphs not 0 after $(basename "$f")"; }
	fi
done
[ -z "$have" ] || kcn "$NS_M" remove rg >/dev/null 2>&1
touch $T/stop
wait $flood 2>/dev/null
flood=
echo "# $i graphs: $installed installed, $refused refused"
[ $i = "$count" ]
ok $? "the generator wrote $count graphs ($i)"
eq "every graph installed or was refused with a message" "$bad" 0
eq "the module answered after every 10 graphs" "$dead" 0
eq "live_graphs was 0 after every remove" "$leaked" 0
check "the module answers" -- "$KCLICK" classes
sleep 0.5
eq "no graph is left behind (live_graphs)" \
	"$(cat /sys/module/kclick/parameters/live_graphs)" 0
tap_end
