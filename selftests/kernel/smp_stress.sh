#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMP stress: frames arrive on every CPU (a sender pinned to each, RPS on
# the receiving veths) and cross a graph of Counter, IPFilter, EtherSwitch,
# Queue, Unqueue and ToDevice, while background processes replace that
# graph, install and remove others, and read and write handlers (Counter
# reset, Queue capacity, IPFilter config) all at once.  Then everything is
# removed, live_graphs is 0, the module unloads and loads again, and the
# kernel log is clean (scripts/vm scans it).
#   KC_SMP_SECONDS=N   how long the storm lasts (default 30)
source "$(dirname "$0")/topo.sh"

# kclick in a namespace, entering only its network namespace: much
# cheaper than kc's `ip netns exec` (which remounts /sys) in long loops.
kcn() { local n=$1; shift; nsenter --net="/run/netns/$n" "$KCLICK" "$@"; }

DUR=${KC_SMP_SECONDS:-30}
# kc-vm: smp (scripts/vm-tests runs it in a guest of 2 vCPUs)
ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || skip_all "needs 2 CPUs or more (scripts/vm --smp 2)"
D=$(dirname "$0")
T=/tmp/smp.$$
mkdir -p $T
PIDS=()
stop_all() {
	local p
	touch $T/stop
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	PIDS=()
}
trap 'stop_all; cleanup_ns; rm -rf $T' EXIT

topo_amb
mask=$(printf '%x' $(((1 << ncpu) - 1)))
for d in ma mb; do
	ip netns exec "$NS_M" sh -c "echo $mask > /sys/class/net/$d/queues/rx-0/rps_cpus"
done
eq "RPS spreads ma over every CPU" \
	"$(ip netns exec "$NS_M" cat /sys/class/net/ma/queues/rx-0/rps_cpus | sed 's/^0*//; s/,//g')" "$mask"
mac_a=$(ip netns exec "$NS_A" cat /sys/class/net/va/address)
mac_b=$(ip netns exec "$NS_B" cat /sys/class/net/vb/address)

# Two versions of the main graph, the same element names, different
# settings: a replace swaps one for the other under traffic.
main_conf() {	# main_conf CAPACITY FILTER
	cat <<-EOF2
	s :: EtherSwitch;
	FromDevice(ma) -> ca :: Counter -> f :: IPFilter($2) -> [0]s;
	FromDevice(mb) -> cb :: Counter -> [1]s;
	s[0] -> qa :: Queue($1) -> ToDevice(ma);
	s[1] -> qb :: Queue($1) -> u :: Unqueue -> cu :: Counter -> ToDevice(mb);
	EOF2
}
main_conf 200 "allow udp, allow all" >$T/m1.click
main_conf 50 "allow all" >$T/m2.click
side_conf() {
	printf 'Idle -> q :: Queue(%d) -> Unqueue -> c :: Counter -> Discard;\n' "$1"
}
side_conf 10 >$T/s1.click
side_conf 1000 >$T/s2.click
check "install the main graph" -- kc "$NS_M" install main $T/m1.click

# loop NAME BODY: run the shell function BODY until the storm ends
# (finishing the round in progress), counting its rounds in $T/NAME.
loop() {
	local name=$1 body=$2 n=0 end=$((SECONDS + DUR))
	while [ $SECONDS -lt $end ] && [ ! -e $T/stop ]; do
		$body $n >/dev/null 2>&1
		n=$((n + 1))
	done
	echo $n >$T/$name
}
replacer() { kcn "$NS_M" install main $T/m$(($1 % 2 + 1)).click --replace; }
sides() {
	local g=side$(($1 % 3))
	kcn "$NS_M" install $g $T/s$(($1 % 2 + 1)).click --replace
	[ $(($1 % 4)) != 3 ] || kcn "$NS_M" remove side$((($1 + 1) % 3))
}
# One operation a round (each kclick run is slow under TCG): round N of
# a reader or writer does operation N mod their number.
reader() {
	case $(($1 % 7)) in
	0) kcn "$NS_M" read main/ca.count ;;
	1) kcn "$NS_M" read main/qb.length ;;
	2) kcn "$NS_M" read main/s.table ;;
	3) kcn "$NS_M" read main/f.config ;;
	4) kcn "$NS_M" read side0/c.count ;;
	5) kcn "$NS_M" -j show main ;;
	*) kcn "$NS_M" list ;;
	esac
}
writer() {
	case $(($1 % 6)) in
	0) kcn "$NS_M" write main/ca.reset ;;
	1) kcn "$NS_M" write main/cu.reset ;;
	2) kcn "$NS_M" write main/qb.capacity $((($1 % 5 + 1) * 20)) ;;
	3) kcn "$NS_M" write main/qa.capacity $((($1 % 3 + 1) * 30)) ;;
	4) kcn "$NS_M" write side1/q.capacity $(($1 % 7 + 1)) ;;
	*) if [ $(($1 % 4)) = 1 ]; then
		kcn "$NS_M" write main/f.config "allow udp, deny all"
	   else
		kcn "$NS_M" write main/f.config "allow all"
	   fi ;;
	esac
}
# The second reader and writer start at another operation.
reader2() { reader $(($1 + 3)); }
writer2() { writer $(($1 + 3)); }

# Packets each CPU's backlog processed (the first column of softnet_stat).
softnet() { local a rest; while read -r a rest; do echo $((16#$a)); done </proc/net/softnet_stat; }
softnet >$T/softnet.before

cpu=0
for side in "$NS_A va $mac_b" "$NS_B vb $mac_a"; do
	set -- $side
	for i in $(seq 0 $((ncpu - 1))); do
		ip netns exec "$1" taskset -c $(((cpu + i) % ncpu)) \
			python3 "$D/ethflood.py" "$2" "$DUR" "$3" 16 500 \
			>$T/send.$1.$i 2>&1 &
		PIDS+=($!)
	done
	cpu=$((cpu + 1))
done
loop replacer replacer & PIDS+=($!)
loop sides sides & PIDS+=($!)
loop reader1 reader & PIDS+=($!)
loop reader2 reader2 & PIDS+=($!)
loop writer1 writer & PIDS+=($!)
loop writer2 writer2 & PIDS+=($!)
echo "# $DUR s of traffic on $ncpu CPUs and 6 busy processes"
for p in "${PIDS[@]}"; do wait "$p"; done
PIDS=()

for w in replacer sides reader1 reader2 writer1 writer2; do
	n=$(cat $T/$w 2>/dev/null)
	[ "${n:-0}" -gt 0 ]
	ok $? "$w made ${n:-0} rounds"
done
softnet >$T/softnet.after
busy=$(paste $T/softnet.before $T/softnet.after | awk '$2 - $1 > 100 {n++} END {print n + 0}')
eq "every CPU processed received packets" "$busy" "$ncpu"
paste $T/softnet.before $T/softnet.after | awk '{print "#   cpu " NR - 1 ": " $2 - $1}'
sent=$(cat $T/send.* | awk '{s += $2} END {print s + 0}')
[ "$sent" -gt 0 ]
ok $? "the senders sent $sent frames"
check "the main graph answers reads" -- kcn "$NS_M" read main/cb.count
check "remove the main graph" -- kcn "$NS_M" remove main
for g in side0 side1 side2; do kcn "$NS_M" remove $g >/dev/null 2>&1; done
eq "nothing is left in the namespace" "$(kcn "$NS_M" list)" ""
sleep 0.5
eq "no graph is left behind (live_graphs)" \
	"$(cat /sys/module/kclick/parameters/live_graphs)" 0
check "rmmod" -- rmmod kclick
check "insmod" -- insmod "$KC_KO"
check "the module answers" -- "$KCLICK" classes
tap_end
