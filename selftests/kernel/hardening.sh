#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Regression tests for the inputs of issue 11 that crashed or warned the
# kernel, each through `kclick install` on a live device under traffic and,
# where an element has one, through its `config` handler:
#   a. IPFilter rules of 300 terms (juxtaposed, &&, ||, nested brackets)
#   w. the same rules written to an IPFilter's config handler
#   b. a pull chain of 2,000 Counters
#   p. a cycle of pull links
#   c. a Tee with 4,100 outputs; a link to port 60,000
#   d. a configuration word of 40 KB (ARPResponder, Classifier)
#   e. `show` of the biggest Tee the module accepts
#   f. module unload while netdev events happen
#   g. replace/remove under busy Unqueue/ToDevice tasks, under traffic
# Each is refused with a kc-style message ("Error: FILE:LINE...", exit 1)
# or, where the issue allows it, installed and run within its bound.  The
# kernel log must stay clean (checked here after each part, and by
# scripts/vm for the whole run).
#   KC_HARDENING_ONLY=abd   run only those parts (default: all)
#   KC_HARDENING_REPLACES=N the replaces and removes of part g (default 40;
#                           make check-debug does 100)
#   KC_HARDENING_RELOADS=N  the unloads of part f (default 10; check-debug 20)
source "$(dirname "$0")/topo.sh"

# kclick in a namespace, entering only its network namespace: much
# cheaper than kc's `ip netns exec` (which remounts /sys) in long loops.
kcn() { local n=$1; shift; nsenter --net="/run/netns/$n" "$KCLICK" "$@"; }

ONLY=${KC_HARDENING_ONLY:-awbpcdefg}
REPLACES=${KC_HARDENING_REPLACES:-40}
RELOADS=${KC_HARDENING_RELOADS:-10}
D=$(dirname "$0")
T=/tmp/hard.$$
mkdir -p $T
trap 'cleanup_ns; rm -rf $T' EXIT
want() { [[ "$ONLY" == *"$1"* ]]; }

# A marker in the kernel log; log_clean DESC checks nothing bad follows it.
# (the patterns scripts/vm fails a run on, and a trace)
BAD='WARNING:|BUG:|Oops|KASAN|UBSAN|possible circular|possible recursive|inconsistent lock|suspicious RCU|leak|stall|general protection|Kernel panic|refcount_t:|corruption|invalid context|while atomic|Call Trace'
mark() { MARK="kc-hardening-$$-$1"; echo "$MARK" >/dev/kmsg; T0=$SECONDS; }
log_clean() {
	local bad
	bad=$(dmesg | sed -n "/$MARK/,\$p" | grep -E "$BAD" | head -5)
	[ -z "$bad" ]
	ok $? "$1: kernel log clean"
	[ -z "$bad" ] || echo "$bad" | sed 's/^/#   /'
	echo "# ($((SECONDS - T0)) s)"
}

alive() { "$KCLICK" version >/dev/null 2>&1; }

# Frames through ma: raw (ethping) and IPv4 (ethflood), for a short while.
traffic() {
	ip netns exec "$NS_A" python3 "$D/ethping.py" va "${1:-20}" >/dev/null 2>&1
	ip netns exec "$NS_A" python3 "$D/ethflood.py" va 0.5 >/dev/null 2>&1
}

# refused DESC NAME FILE PATTERN: the install fails with one kc-style
# error line (exit 1) whose text matches PATTERN (grep -Ei); a graph
# installed all the same gets traffic, then is removed.
refused() {
	local desc=$1 name=$2 file=$3 pat=$4 out rc
	out=$(kc "$NS_M" install "$name" "$file" 2>&1)
	rc=$?
	if [ $rc = 1 ] && [[ "$out" == "Error: "* ]] &&
	   echo "$out" | grep -Eqi -- "$pat" && [ ${#out} -lt 4096 ]; then
		ok 0 "$desc: refused"
	else
		# Installed: show what it does to traffic before it goes.
		[ $rc != 0 ] || traffic 10
		ok 1 "$desc: refused with a message matching '$pat'"
		kc "$NS_M" remove "$name" >/dev/null 2>&1
	fi
	echo "#   exit $rc: ${out:0:300}"
}

# refused_or_runs DESC NAME FILE PATTERN: refused as above, or installed,
# then frames go through it, the module still answers, and it is removed.
refused_or_runs() {
	local desc=$1 name=$2 file=$3 pat=$4 out rc
	out=$(kc "$NS_M" install "$name" "$file" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		traffic 20
		alive && kc "$NS_M" remove "$name" >/dev/null 2>&1
		ok $? "$desc: installed, ran under traffic, removed"
	elif [ $rc = 1 ] && [[ "$out" == "Error: "* ]] &&
	     echo "$out" | grep -Eqi -- "$pat" && [ ${#out} -lt 4096 ]; then
		ok 0 "$desc: refused"
	else
		ok 1 "$desc: refused with a message matching '$pat', or runs"
	fi
	echo "#   exit $rc: ${out:0:300}"
}

# write_refused_or_ok DESC HANDLER VALUE PATTERN: a handler write fails
# with a kc-style message matching PATTERN, or succeeds; then traffic.
write_refused_or_ok() {
	local desc=$1 h=$2 val=$3 pat=$4 out rc
	out=$(kc "$NS_M" write "$h" "$val" 2>&1)
	rc=$?
	if [ $rc = 0 ] ||
	   { [ $rc = 1 ] && [[ "$out" == "Error"* ]] &&
	     echo "$out" | grep -Eqi -- "$pat" && [ ${#out} -lt 4096 ]; }; then
		ok 0 "$desc (exit $rc)"
	else
		ok 1 "$desc: refused with a message matching '$pat', or accepted"
	fi
	echo "#   exit $rc: ${out:0:300}"
	traffic 10
}

rep() { local i; for i in $(seq "$1"); do printf '%s' "$2"; done; }

topo_amb
# The filters see IPv4 too: ping needs no ARP answer with a static entry.
ip -n "$NS_A" neigh replace 10.7.0.2 lladdr 02:00:00:00:00:99 dev va

LIM='limit|too many|too long|longer than|too deep|deep|nest|cycle|loop|recurs|exceed|max|at most|bound|complex|large|big'

if want a; then
	mark a
	for kind in juxt and or brackets; do
		case $kind in
		juxt) rule="tcp$(rep 299 ' tcp')" ;;
		and) rule="tcp$(rep 299 ' && tcp')" ;;
		or) rule="tcp$(rep 299 ' || tcp')" ;;
		brackets) rule="$(rep 300 '(')tcp$(rep 300 ')')" ;;
		esac
		printf 'FromDevice(ma) -> f :: IPFilter(allow %s, deny all) -> ToDevice(mb);\n' \
			"$rule" >$T/a.click
		refused_or_runs "a: IPFilter rule of 300 terms ($kind)" \
			ipf $T/a.click "$LIM|term|rule"
		alive
		ok $? "a: module answers after the $kind rule"
	done
	log_clean a
fi

if want w; then
	mark w
	printf 'FromDevice(ma) -> f :: IPFilter(allow all) -> ToDevice(mb);\n' >$T/a.click
	check "w: install an IPFilter to write rules to" -- kc "$NS_M" install ipf $T/a.click
	for kind in juxt and or brackets; do
		case $kind in
		juxt) rule="tcp$(rep 299 ' tcp')" ;;
		and) rule="tcp$(rep 299 ' && tcp')" ;;
		or) rule="tcp$(rep 299 ' || tcp')" ;;
		brackets) rule="$(rep 300 '(')tcp$(rep 300 ')')" ;;
		esac
		write_refused_or_ok "w: write a 300-term rule ($kind) to ipf/f.config" \
			ipf/f.config "allow $rule, deny all" "$LIM|term|rule"
	done
	check "w: remove it" -- kc "$NS_M" remove ipf
	log_clean w
fi

if want b; then
	mark b
	{
		echo "FromDevice(ma) -> Queue -> c0 :: Counter;"
		for i in $(seq 1 1999); do echo "c$((i - 1)) -> c$i :: Counter;"; done
		echo "c1999 -> ToDevice(mb);"
	} >$T/b.click
	refused_or_runs "b: pull chain of 2,000 Counters" pchain $T/b.click "$LIM|pull|chain"
	alive
	ok $? "b: module answers after the pull chain"
	log_clean b
fi

if want p; then
	mark p
	# ToDevice pulls ps; ps pulls q, and when q is empty its input 1,
	# which is c, which pulls ps again: a cycle of pull links.
	cat >$T/b.click <<-EOF2
	FromDevice(ma) -> q :: Queue -> [0]ps :: PrioSched -> ToDevice(mb);
	ps -> c :: Counter -> [1]ps;
	EOF2
	refused "p: pull cycle PrioSched -> Counter -> PrioSched" pcycle $T/b.click \
		"$LIM|pull"
	traffic 10
	alive
	ok $? "p: module answers after the pull cycle"
	log_clean p
fi

if want c; then
	mark c
	{
		echo "FromDevice(ma) -> t :: Tee; d :: Discard;"
		for i in $(seq 0 4099); do echo "t[$i] -> d;"; done
	} >$T/c.click
	refused "c: Tee with 4,100 outputs" tee4100 $T/c.click "$LIM|port|output"
	printf 'FromDevice(ma) -> t :: Tee;\nt[60000] -> Discard;\n' >$T/c.click
	refused "c: link to output port 60,000" port60k $T/c.click \
		"$LIM|port|output|connected"
	printf 'FromDevice(ma) -> [60000]Discard;\n' >$T/c.click
	refused "c: link to input port 60,000" in60k $T/c.click \
		"$LIM|port|input|connected"
	traffic 10
	alive
	ok $? "c: module answers"
	log_clean c
fi

if want d; then
	mark d
	word=$(head -c 40960 /dev/zero | tr '\0' 'z')
	printf 'FromDevice(ma) -> ARPResponder(%s) -> ToDevice(mb);\n' "$word" >$T/d.click
	refused "d: ARPResponder(<40 KB word>)" arp40k $T/d.click "$LIM|z"
	printf 'FromDevice(ma) -> Classifier(%s) -> ToDevice(mb);\n' "$word" >$T/d.click
	refused "d: Classifier(<40 KB word>)" cls40k $T/d.click "$LIM|z"
	printf 'FromDevice(ma) -> c :: Classifier(12/0800, -) -> ToDevice(mb);\nc[1] -> Discard;\n' >$T/d.click
	check "d: install a Classifier to write to" -- kc "$NS_M" install cls $T/d.click
	out=$(kc "$NS_M" write cls/c.config "$word, -" 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ "$out" == "Error"* ]] && [ ${#out} -lt 4096 ]
	ok $? "d: writing a 40 KB word to cls/c.config is refused with a short message"
	echo "#   exit $rc: ${out:0:300}"
	traffic 10
	check "d: remove it" -- kc "$NS_M" remove cls
	log_clean d
fi

if want e; then
	mark e
	shown=
	for n in 4094 1000; do
		{
			echo "FromDevice(ma) -> t :: Tee; d :: Discard;"
			for i in $(seq 0 $((n - 1))); do echo "t[$i] -> d;"; done
		} >$T/e.click
		if kc "$NS_M" install bigtee $T/e.click >$T/e.out 2>&1; then
			shown=$n
			break
		fi
		echo "# a Tee of $n outputs is refused: $(head -c 300 $T/e.out)"
	done
	[ -n "$shown" ]
	ok $? "e: a Tee of ${shown:-1000} outputs installs"
	if [ -n "$shown" ]; then
		traffic 5
		kc "$NS_M" show bigtee >$T/e.show 2>&1
		ok $? "e: show of the Tee of $shown outputs works"
		head -c 300 $T/e.show | sed 's/^/#   /'
		links=$(kc "$NS_M" -j show bigtee 2>/dev/null | python3 -c '
import json, sys
g = json.load(sys.stdin)
print(len(g.get("connections", g.get("links", []))))' 2>/dev/null)
		eq "e: show -j lists every connection" "$links" "$((shown + 1))"
		check "e: remove it" -- kc "$NS_M" remove bigtee
	fi
	log_clean e
fi

if want f; then
	mark f
	# Netdev events all the time: a veth pair created and deleted, in the
	# initial namespace and in one holding a graph, for at most 120 s.
	NS_F=$(ns f)
	(
		end=$((SECONDS + 120))
		while [ $SECONDS -lt $end ] && [ ! -e $T/f.stop ]; do
			ip link add kcf0 type veth peer name kcf1 2>/dev/null
			ip link set dev kcf0 up 2>/dev/null
			ip link del kcf0 2>/dev/null
			ip -n "$NS_F" link add fx0 type veth peer name fx1 2>/dev/null
			ip -n "$NS_F" link set dev fx0 up 2>/dev/null
			ip -n "$NS_F" link del fx0 2>/dev/null
		done
	) &
	churn=$!
	ip -n "$NS_F" link add name f0 type veth peer name f1
	ip -n "$NS_F" link set dev f0 up
	ip -n "$NS_F" link set dev f1 up
	printf 'FromDevice(f0) -> Counter -> ToDevice(f1);\n' >$T/f.click
	bad=0
	for i in $(seq "$RELOADS"); do
		kcn "$NS_F" install fg $T/f.click >/dev/null 2>&1
		rmmod kclick || { bad=$((bad + 1)); echo "# rmmod $i failed"; }
		insmod "$KC_KO" || { bad=$((bad + 1)); echo "# insmod $i failed"; }
	done
	touch $T/f.stop
	kill $churn 2>/dev/null
	wait $churn 2>/dev/null
	eq "f: $RELOADS unloads and loads under netdev churn" "$bad" 0
	alive
	ok $? "f: module answers"
	ip link del kcf0 2>/dev/null
	log_clean f
fi

if want g; then
	mark g
	printf 'FromDevice(ma) -> Queue -> Unqueue -> Queue -> ToDevice(mb);\n' >$T/g1.click
	printf 'FromDevice(ma) -> Queue(10) -> Unqueue -> Counter -> Queue(10) -> ToDevice(mb);\n' >$T/g2.click
	check "g: install Queue -> Unqueue -> Queue -> ToDevice" -- kcn "$NS_M" install uq $T/g1.click
	ip netns exec "$NS_A" python3 "$D/ethflood.py" va 300 02:00:00:00:00:99 16 500 \
		>/dev/null 2>&1 &
	flood=$!
	bad=0
	for i in $(seq "$REPLACES"); do
		if [ $((i % 10)) = 0 ]; then
			kcn "$NS_M" remove uq >/dev/null 2>&1 || bad=$((bad + 1))
			kcn "$NS_M" install uq $T/g1.click >/dev/null 2>&1 || bad=$((bad + 1))
		else
			kcn "$NS_M" install uq $T/g$((i % 2 + 1)).click --replace \
				>/dev/null 2>&1 || bad=$((bad + 1))
		fi
	done
	kill $flood 2>/dev/null
	wait $flood 2>/dev/null
	eq "g: $REPLACES replaces and removes under traffic all succeed" "$bad" 0
	check "g: remove it" -- kcn "$NS_M" remove uq
	alive
	ok $? "g: module answers"
	log_clean g
fi

sleep 0.5
eq "no graph is left behind (live_graphs)" \
	"$(cat /sys/module/kclick/parameters/live_graphs)" 0
tap_end
