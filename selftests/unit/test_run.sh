#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Golden offline runs, in the spirit of Click's %script/%expect tests: each
# selftests/run/NAME.click says how to make its input and run it:
#   // %pcap in COUNT [genpcap.py options]   input $IN, made by genpcap.py
#   // %args ARGS                            kclick run options ($IN, $OUT)
#   // %same-packets                         $OUT must equal $IN (tcpdump)
#   // %tcpdump-out                          `tcpdump -vv` of $OUT is part
#                                            of the expected text (it checks
#                                            IP, UDP and TCP checksums)
#   // %config FILE                          run FILE (an example) instead of
#                                            NAME.click, which only holds
#                                            these lines
#   // %pcap NAME COUNT [options]            (NAME other than "in") input
#                                            $NAME; there may be several
#   // %tcpdump NAME...                      `tcpdump -vv` of the outputs
#                                            $NAME (files the run writes,
#                                            $W/NAME.pcap) joins the text
#   // %text NAME...                         the text files $NAME (written
#                                            by the run, $W/NAME.txt, e.g.
#                                            ToIPSummaryDump) join the text
#   // %stderr                               what the run printed on
#                                            standard error (Print, ARPPrint,
#                                            Script's read) joins the text
# and selftests/run/NAME.expect holds the exact text `kclick run` prints.
# KC_UPDATE_GOLDEN=1 rewrites the .expect files (review the diff!).
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

for conf in selftests/run/*.click; do
	name=$(basename "$conf" .click)
	IN=$W/$name.in.pcap
	OUT=$W/$name.out.pcap
	args=$(sed -n 's|^// %args ||p' "$conf")
	count=
	while read -r pname pcount popts; do
		if [ "$pname" = in ]; then
			count=$pcount
			# shellcheck disable=SC2086
			python3 scripts/genpcap.py "$IN" "$pcount" $popts
		else
			# shellcheck disable=SC2086
			python3 scripts/genpcap.py "$W/$name.$pname.pcap" "$pcount" $popts
			args=${args//\$$pname/$W/$name.$pname.pcap}
		fi
	done < <(sed -n 's|^// %pcap ||p' "$conf")
	for o in $(sed -n 's|^// %tcpdump ||p' "$conf"); do
		args=${args//\$$o/$W/$name.$o.pcap}
	done
	for o in $(sed -n 's|^// %text ||p' "$conf"); do
		args=${args//\$$o/$W/$name.$o.txt}
	done
	args=${args//\$IN/$IN}
	args=${args//\$OUT/$OUT}
	run_conf=$(sed -n 's|^// %config ||p' "$conf")
	# shellcheck disable=SC2086
	cli/kclick run "${run_conf:-$conf}" $args >"$W/$name.got" 2>"$W/$name.err"
	rc=$?
	for o in $(sed -n 's|^// %tcpdump ||p' "$conf"); do
		echo "tcpdump -vv of $o:" >>"$W/$name.got"
		tcpdump -nn -tt -vv -r "$W/$name.$o.pcap" 2>/dev/null >>"$W/$name.got"
	done
	for o in $(sed -n 's|^// %text ||p' "$conf"); do
		echo "text of $o:" >>"$W/$name.got"
		cat "$W/$name.$o.txt" >>"$W/$name.got"
	done
	if grep -q '^// %stderr' "$conf"; then
		echo "stderr:" >>"$W/$name.got"
		cat "$W/$name.err" >>"$W/$name.got"
		: >"$W/$name.err"
	fi
	if grep -q '^// %tcpdump-out' "$conf"; then
		echo "tcpdump -vv of the output:" >>"$W/$name.got"
		tcpdump -nn -tt -vv -r "$OUT" 2>/dev/null >>"$W/$name.got"
	fi
	sed -i "s|$W/||g" "$W/$name.got"
	if [ "${KC_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$W/$name.got" "selftests/run/$name.expect"
	fi
	[ $rc = 0 ] && diff -u "selftests/run/$name.expect" "$W/$name.got" >"$W/diff"
	tap $? "$name: kclick run prints what $name.expect says"
	[ -s "$W/diff" ] && sed 's/^/#   /' "$W/diff" | head -20
	[ -s "$W/$name.err" ] && sed 's/^/#   stderr: /' "$W/$name.err" | head -5
	if grep -q '^// %same-packets' "$conf"; then
		diff <(tcpdump -nn -tt -x -r "$IN" 2>/dev/null) \
			<(tcpdump -nn -tt -x -r "$OUT" 2>/dev/null) >/dev/null &&
			[ "$(tcpdump -nn -r "$OUT" 2>/dev/null | wc -l)" = "$count" ]
		tap $? "$name: tcpdump reads back the $count packets, identical"
	fi
done
# Graphs that must be refused with a message, not crash the run (a pull
# cycle recursed until the stack overflowed).
refuse() {
	local what=$1 want=$2 out rc
	out=$(cli/kclick run "$W/refuse.click" 2>&1)
	rc=$?
	[ $rc = 1 ] && [[ $out == *"$want"* ]]
	tap $? "kclick run refuses $what (exit $rc)"
	[ $rc = 1 ] && [[ $out == *"$want"* ]] || echo "#   got: ${out:0:300}"
}
echo 'q :: Queue; Idle -> q; p :: PrioSched; q -> [0]p; p -> c :: Counter -> [1]p;' >"$W/refuse.click"
refuse "a pull cycle" "pull cycle through 'p' -> 'c' -> 'p'"
python3 -c "print('Idle -> q :: Queue -> ' + ' -> '.join('c%d :: Counter' % i for i in range(2000)) + ' -> u :: Unqueue -> Discard;')" >"$W/refuse.click"
refuse "a pull chain of 2000 Counters" "is longer than 32 elements"
# Round trip through Click's IP summary dump text: pcap -> ToIPSummaryDump
# -> FromIPSummaryDump -> ToDump(ENCAP IP).  tcpdump -q (headers, not the
# payload, which the text does not carry) must read the same packets, and
# summarizing the raw IP file again gives the same text.
F="timestamp ip_src ip_dst sport dport ip_proto payload_len ip_len ip_id ip_ttl ip_tos tcp_flags tcp_seq tcp_ack"
python3 scripts/genpcap.py "$W/rt.pcap" 40 --no-icmp --seed 7
echo "FromDump($W/rt.pcap, FORCE_IP true) -> ToIPSummaryDump($W/rt1.txt, CONTENTS $F);" >"$W/rt1.click"
echo "FromIPSummaryDump($W/rt1.txt, CHECKSUM true) -> ToDump($W/rt2.pcap, ENCAP IP);" >"$W/rt2.click"
echo "FromDump($W/rt2.pcap, FORCE_IP true) -> ToIPSummaryDump($W/rt3.txt, CONTENTS $F);" >"$W/rt3.click"
cli/kclick run "$W/rt1.click" >/dev/null 2>&1 && cli/kclick run "$W/rt2.click" >/dev/null 2>&1 &&
	cli/kclick run "$W/rt3.click" >/dev/null 2>&1 &&
	[ "$(grep -c -v '^!' "$W/rt1.txt")" = 40 ] &&
	diff <(tcpdump -q -nn -tt -r "$W/rt.pcap" ip 2>/dev/null) \
		<(tcpdump -q -nn -tt -r "$W/rt2.pcap" 2>/dev/null) >"$W/diff"
tap $? "pcap -> ToIPSummaryDump -> FromIPSummaryDump -> ToDump(ENCAP IP): tcpdump reads the same 40 packets"
[ -s "$W/diff" ] && head -5 "$W/diff"
diff "$W/rt1.txt" "$W/rt3.txt" >/dev/null
tap $? "the round-tripped raw IP file summarizes to the same text"
tcpdump -nn -vv -r "$W/rt2.pcap" 2>/dev/null | grep -q -E 'bad cksum|incorrect' 
[ $? = 1 ] && [ "$(tcpdump -nn -vv -r "$W/rt2.pcap" 2>/dev/null | grep -c -E 'sum ok|correct')" -ge 30 ]
tap $? "FromIPSummaryDump CHECKSUM true: tcpdump finds the TCP and UDP checksums correct"
# Refused: an unknown field (named), FromIPSummaryDump in the kernel.
printf '!data ip_src bogus ip_dst frob\n1.2.3.4 x 5.6.7.8 y\n' >"$W/bad.txt"
echo "FromIPSummaryDump($W/bad.txt) -> Discard;" >"$W/refuse.click"
refuse "a !data line with unknown fields" "!data: unknown field 'bogus', 'frob'"
echo "Idle -> ToIPSummaryDump($W/x.txt, CONTENTS ip_src ip_options);" >"$W/refuse.click"
refuse "an unknown CONTENTS field" "CONTENTS: unknown field 'ip_options'"
# Click's command-line variables and an empty configuration.
printf 'define($N 1)\nIdle -> t :: Tee($N) -> Discard; t [1] -> Discard\n' >"$W/vars.click"
cli/kclick run "$W/vars.click" N=2 >"$W/vars.out" 2>&1
tap $? "kclick run CONF N=2 overrides define(\$N 1): Tee gets two outputs"
cli/kclick run "$W/vars.click" >"$W/vars.out" 2>&1
[ $? = 1 ] && grep -q "N is 1, but 2 outputs are connected" "$W/vars.out"
tap $? "without N=2 the same Tee has one output and is refused"
cli/kclick run "$W/vars.click" =2 >/dev/null 2>&1
[ $? = 2 ]
tap $? "a bad VAR=VALUE is a usage error (exit 2)"
: >"$W/empty.click"
out=$(cli/kclick run "$W/empty.click" 2>&1)
[ $? = 0 ] && [[ $out == "packets read 0,"* ]]
tap $? "an empty configuration runs and does nothing"
# An element's errors point into the file a line directive named (Click's
# landmarks; cpp and click-preprocessors write such lines).
printf 'Idle -> Discard;\n# 40 "gen.click"\nIdle -> Bogus -> Discard;\n' >"$W/directive.click"
out=$(cli/kclick run "$W/directive.click" --check 2>&1)
[ $? = 1 ] && [[ $out == *"Error: gen.click:40:9: element 'Bogus@4' (Bogus): unknown element class"* ]]
tap $? "run --check: an unknown class after '# 40 \"gen.click\"' is reported at gen.click:40"
# FromDevice's METHOD (Click's user-level capture method) is accepted
# and ignored; the packets still arrive (conf/test-ping-userlevel.click).
echo 'FromDevice(eth0, SNIFFER false, METHOD PCAP) -> c :: Counter -> Discard;' >"$W/method.click"
out=$(cli/kclick run "$W/method.click" --dev "eth0=$W/passthrough.in.pcap" 2>&1)
[ $? = 0 ] && [[ $out == *"c.count: 5000"* ]]
tap $? "FromDevice(eth0, METHOD PCAP) reads the device's 5000 packets"
echo 'FromDevice(eth0, METHOD RAW) -> Discard;' >"$W/refuse.click"
refuse "FromDevice METHOD RAW" "METHOD: expected LINUX, DEFAULT, PCAP, NETMAP or XDP, not 'RAW'"
# ControlSocket is accepted, opens nothing and says where the handlers are.
echo 'ControlSocket(TCP, 7777); Idle -> Discard;' >"$W/cs.click"
out=$(cli/kclick run "$W/cs.click" 2>&1)
[ $? = 0 ] && [[ $out == *"ControlSocket opens no socket in kclick; call handlers with 'kclick read/write GRAPH/ELEMENT.HANDLER'"* ]]
tap $? "ControlSocket(TCP, 7777) runs and says it opens nothing, pointing at kclick read/write"
echo "1..$n"
[ $failed = 0 ]
