# SPDX-License-Identifier: GPL-2.0
# Sourced by kernel selftests: TAP output, namespaces that clean up after
# themselves, and the kclick CLI of this tree.
#
# Each test runs in the VM as root with kclick.ko loaded.  Namespaces get
# a per-test prefix so a failed test cannot confuse the next one.

ksft_skip=4
KC_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KCLICK="$KC_TOP/cli/kclick"
# The module this VM runs (scripts/vm --debug loads one built for the debug
# kernel); tests that reload it use this path.
KC_KO=${KC_VM_MODULE:-$KC_TOP/kmod/kclick.ko}
TAP_N=0
TAP_FAILED=0
NS_PREFIX="kc$$"

ok() {	# ok COND-STATUS DESCRIPTION...
	local st=$1
	shift
	TAP_N=$((TAP_N + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $TAP_N - $*"
	else
		echo "not ok $TAP_N - $*"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

check() {	# check DESCRIPTION -- COMMAND...: ok if COMMAND succeeds
	local desc=$1
	shift 2
	if "$@" >/tmp/kc_check.$$ 2>&1; then
		ok 0 "$desc"
	else
		ok 1 "$desc"
		sed 's/^/#   /' /tmp/kc_check.$$ | tail -15
	fi
}

eq() {	# eq DESCRIPTION GOT WANT
	if [ "$2" = "$3" ]; then
		ok 0 "$1"
	else
		ok 1 "$1"
		echo "#   got '$2', wanted '$3'"
	fi
}

# rate_ok STATUS DESCRIPTION: a point that judges a rate or an accuracy
# (a shaper's Mbit/s, a monitor's estimate).  make check-debug sets
# KC_JUDGE_RATES=0: under QEMU's emulation the debug kernel's detectors
# (KASAN, lockdep, kmemleak) leave a guest CPU a few hundred packets a
# second, so such a figure says nothing about kclick there; the test still
# runs every step and prints the figure, and the point reads as skipped.
# Everything else (counts, drops, no report in the kernel log) is judged.
rate_ok() {
	if [ "${KC_JUDGE_RATES:-1}" = 0 ]; then
		ok 0 "# SKIP $2 (rates are not judged on the debug kernel)"
	else
		ok "$1" "$2"
	fi
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

tap_end() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}

run() {	# echo a command, then run it
	echo "# \$ $*"
	"$@"
}

ns() {	# ns NAME: create namespace $NS_PREFIX-NAME with lo up; prints its name
	# Called as $(ns x), a subshell: nothing to remember here.  A name in
	# use (a test building a topology twice) gets a numeric suffix.
	local n="$NS_PREFIX-$1" i=1
	while ! ip netns add "$n" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "ns: cannot create $NS_PREFIX-$1" >&2; return 1; }
		n="$NS_PREFIX-$1.$i"
	done
	ip -n "$n" link set dev lo up
	echo "$n"
}

cleanup_ns() {	# every namespace this test created
	local n
	for n in $(ip netns list | awk '{print $1}'); do
		case $n in "$NS_PREFIX"-*) ip netns del "$n" 2>/dev/null ;; esac
	done
}
trap cleanup_ns EXIT

# Always "link set dev NAME": ip(8) takes a bare "ma" for "master".

# rx/tx packet counters of a device in a namespace
rx_packets() { ip -n "$1" -s -j link show dev "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'; }
tx_packets() { ip -n "$1" -s -j link show dev "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["tx"]["packets"])'; }

# monitor_start NS FILE: `kclick monitor` in NS writing to FILE, in the
# background (its pid in MON_PID), returning once it is subscribed: it
# has seen a probe graph come and go.  A fixed sleep is not enough on a
# slow (debug) kernel, where events before the subscription are lost.
monitor_start() {
	local i
	ip netns exec "$1" "$KCLICK" monitor >"$2" 2>&1 &
	MON_PID=$!
	printf 'Idle -> Discard;\n' >"$2.probe"
	for i in $(seq 100); do
		ip netns exec "$1" "$KCLICK" install --replace kc_probe "$2.probe" >/dev/null 2>&1
		grep -q "kc_probe" "$2" 2>/dev/null && break
		sleep 0.2
	done
	ip netns exec "$1" "$KCLICK" remove kc_probe >/dev/null 2>&1
	rm -f "$2.probe"
}

# wait_listen NS PORT [SECONDS]: until a TCP socket listens on PORT in NS
# (at most SECONDS, 60 by default: Python's start on the debug kernel
# beside other guests took over 20).  The bound is wall-clock time, not a
# count of tries: one `ip netns exec ss` takes seconds on the debug
# kernel, and 300 tries kept hostfw.sh waiting 15 min for a server that had
# already exited (debug run 10).  A fixed sleep after starting `nc -l` loses the race on a loaded
# machine: the client's SYN meets a closed port and the transfer is empty.
wait_listen() {
	local end=$((SECONDS + ${3:-60}))
	while [ "$SECONDS" -lt "$end" ]; do
		[ -n "$(ip netns exec "$1" ss -Hltn "sport = :$2" 2>/dev/null)" ] && return 0
		sleep 0.2
	done
	echo "# wait_listen: nothing listens on port $2 in $1" >&2
	return 1
}

# wait_udp_bound NS PORT: until a UDP socket is bound to PORT in NS (at
# most 60 s; debug run 9's replace.sh receiver was not bound after 20 and
# b counted all 3,000 datagrams as NoPorts; wall-clock, as wait_listen).
# A receiver started in the background may not have bound yet
# when the sender starts: the first datagrams meet a closed port (NoPorts).
wait_udp_bound() {
	local end=$((SECONDS + 60))
	while [ "$SECONDS" -lt "$end" ]; do
		[ -n "$(ip netns exec "$1" ss -Hlun "sport = :$2" 2>/dev/null)" ] && return 0
		sleep 0.2
	done
	echo "# wait_udp_bound: nothing bound to UDP port $2 in $1" >&2
	return 1
}

# kclick run inside a namespace
kc() { local n=$1; shift; ip netns exec "$n" "$KCLICK" "$@"; }

# Three namespaces a - mid - b joined by veth pairs:
#
#   a: va (10.7.0.1/24) ---- mid: ma      mid: mb ---- b: vb (10.7.0.2/24)
#
# mid has no addresses: only a graph can carry packets between ma and mb.
topo_amb() {
	NS_A=$(ns a)
	NS_M=$(ns mid)
	NS_B=$(ns b)
	ip -n "$NS_A" link add name va type veth peer name ma netns "$NS_M"
	ip -n "$NS_B" link add name vb type veth peer name mb netns "$NS_M"
	ip -n "$NS_A" addr add 10.7.0.1/24 dev va
	ip -n "$NS_B" addr add 10.7.0.2/24 dev vb
	ip -n "$NS_A" link set dev va up
	ip -n "$NS_B" link set dev vb up
	ip -n "$NS_M" link set dev ma up
	ip -n "$NS_M" link set dev mb up
	# IPv6 autoconf would add background packets to the counts.
	for n in "$NS_A" "$NS_M" "$NS_B"; do
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	done
}

# The forwarding graph of the a - mid - b tests.
fwd_conf() {
	cat <<-EOF2
	// Forward everything between ma and mb, counting each direction.
	ca :: Counter;
	cb :: Counter;
	tb :: ToDevice(mb);
	ta :: ToDevice(ma);
	FromDevice(ma) -> ca -> tb;
	FromDevice(mb) -> cb -> q :: Queue(${1:-1000}) -> ta;
	EOF2
}
