#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/vm itself, run on the host: it passes the command's status
# through, fails on a non-zero status, and fails when a module WARNs even if
# the command succeeded.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
VM="$TOP/scripts/vm"
n=0
bad=0
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; bad=$((bad + 1)); fi
}

out=$("$VM" -- kclick classes 2>&1)
rc=$?
echo "$out" | sed 's/^/# /' | head -20
ok $rc "scripts/vm -- kclick classes exits 0"
echo "$out" | grep -q Counter
ok $? "kclick classes in the VM lists Counter"

"$VM" -- false >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "scripts/vm -- false exits non-zero"

"$VM" -- sh -c 'exit 7' >/dev/null 2>&1
[ $? -eq 7 ]
ok $? "scripts/vm passes the command's exit status through"

out=$(KC_VM_BOOT_TIMEOUT=1 "$VM" -- true 2>&1)
rc=$?
[ $rc -ne 0 ] && [ "$(echo "$out" | grep -c 'did not reach its init')" = 3 ]
ok $? "a guest that does not boot in time is booted again, then the run fails"

WARN_KO="$TOP/selftests/vm/warnmod/kc_warn_test.ko"
if [ -f "$WARN_KO" ]; then
	out=$("$VM" --module "$WARN_KO" -- true 2>&1)
	rc=$?
	[ $rc -ne 0 ] && echo "$out" | grep -q 'kc_warn_test'
	ok $? "a module that WARNs makes 'scripts/vm -- true' fail, naming the warning"
else
	ok 1 "warning module $WARN_KO was not built (make check builds it)"
fi
echo "1..$n"
[ $bad -eq 0 ]
