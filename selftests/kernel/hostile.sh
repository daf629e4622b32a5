#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Graphs that would crash or hang a naive engine, installed on a live
# device under traffic: a Tee feeding itself, a Counter feeding itself, a
# chain of 5,000 elements.  The module stays alive, the engine counts what
# it drops, and the kernel log stays clean.
source "$(dirname "$0")/topo.sh"

topo_amb
conf=/tmp/hos.$$.click
drops() { kc "$NS_M" -j show "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["drops"])'; }

cat > $conf <<EOF2
t :: Tee(2);
FromDevice(ma) -> t;
t[0] -> t;
t[1] -> ToDevice(mb);
EOF2
check "install a Tee feeding itself" -- kc "$NS_M" install tee $conf
ip netns exec "$NS_A" python3 "$(dirname "$0")/ethping.py" va 20 >/dev/null
d=$(drops tee)
[ "${d:-0}" -gt 0 ]
ok $? "Tee loop: engine drops counted ($d)"
check "remove it" -- kc "$NS_M" remove tee

cat > $conf <<EOF2
c :: Counter;
FromDevice(ma) -> c;
c -> c;
EOF2
check "install a Counter feeding itself" -- kc "$NS_M" install loop $conf
ip netns exec "$NS_A" python3 "$(dirname "$0")/ethping.py" va 10 >/dev/null
d=$(drops loop)
[ "${d:-0}" -gt 0 ]
ok $? "push loop: engine drops counted ($d)"
check "remove it" -- kc "$NS_M" remove loop

{
	echo "FromDevice(ma) -> c0 :: Counter;"
	for i in $(seq 1 4998); do echo "c$((i - 1)) -> c$i :: Counter;"; done
	echo "c4998 -> ToDevice(mb);"
} > $conf
check "install a chain of 5,000 elements" -- kc "$NS_M" install chain $conf
# Raw frames (nothing comes back through this one-way chain, so ARP would
# never resolve and ping would send nothing after its first request).
ip netns exec "$NS_A" python3 "$(dirname "$0")/ethping.py" va 20 >/dev/null
first=$(kc "$NS_M" read chain/c0.count)
last=$(kc "$NS_M" read chain/c4998.count)
[ "$first" -ge 20 ] && [ "$first" = "$last" ]
ok $? "every packet crossed all 5,000 elements ($first in, $last out)"
eq "no drops on the long chain" "$(drops chain)" 0
check "remove it" -- kc "$NS_M" remove chain
check "module still alive" -- "$KCLICK" version
rm -f $conf
tap_end
