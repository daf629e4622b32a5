#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IP classifier compiler against a reference: random rule sets (10 and
# 1,000 rules: hosts, nets, protocols, ports with ranges and comparisons,
# ICMP types, TCP flags, not, or, implied and) are written as IPClassifier
# patterns and evaluated by selftests/unit/classify_ref.py over the same
# generated packets; `kclick run` must put exactly the same number of
# packets on every output.
cd "$(dirname "$0")/../.." || exit 1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
n=0
failed=0
python3 scripts/genpcap.py "$W/in.pcap" 4000 --seed 21 --flows 300
for spec in "10 1" "50 2" "200 3" "1000 4"; do
	set -- $spec
	n=$((n + 1))
	python3 selftests/unit/classify_ref.py "$W/in.pcap" "$1" "$2" "$W/c$1.click" >"$W/want$1"
	if ! cli/kclick -j run "$W/c$1.click" --dev in="$W/in.pcap" >"$W/got$1.json" 2>"$W/err$1"; then
		echo "not ok $n - $1 random rules (seed $2): kclick run failed"
		sed 's/^/#   /' "$W/err$1" | head -5
		failed=$((failed + 1))
		continue
	fi
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = {e["name"]: int(e["handlers"]["count"]) for e in d["elements"] if e["class"] == "Counter"}
print(" ".join(str(c.get("o%d" % i, 0)) for i in range(int(sys.argv[2]) + 1)))' \
		"$W/got$1.json" "$1" >"$W/gotc$1"
	if cmp -s "$W/want$1" "$W/gotc$1"; then
		echo "ok $n - $1 random rules (seed $2): every output count equals the reference"
	else
		echo "not ok $n - $1 random rules (seed $2): counts differ from the reference"
		python3 -c '
import sys
w = open(sys.argv[1]).read().split(); g = open(sys.argv[2]).read().split()
for i, (a, b) in enumerate(zip(w, g)):
    if a != b:
        print("#   output %d: want %s got %s" % (i, a, b))' "$W/want$1" "$W/gotc$1" | head -8
		failed=$((failed + 1))
	fi
done
echo "1..$n"
[ $failed = 0 ]
