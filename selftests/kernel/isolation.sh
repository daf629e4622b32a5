#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Graphs belong to the network namespace that installed them: another
# namespace neither sees nor touches them.  A caller without CAP_NET_ADMIN
# can read but cannot install, replace, write or remove.
source "$(dirname "$0")/topo.sh"

X=$(ns x)
Y=$(ns y)
ip -n "$X" link add name dx type veth peer name dx2
ip -n "$Y" link add name dy type veth peer name dy2
conf=/tmp/iso.$$.click
cat >$conf <<EOF2
FromDevice(dx) -> c :: Counter -> Discard;
EOF2
check "install 'g' in namespace x" -- kc "$X" install g $conf
eq "x lists it" "$(kc "$X" list)" "$(kc "$X" list | grep -w g)"
[ -n "$(kc "$X" list)" ]
ok $? "x's list is not empty"
eq "y lists nothing" "$(kc "$Y" list)" ""
! kc "$Y" show g >/dev/null 2>&1
ok $? "y cannot show x's graph"
! kc "$Y" read g/c.count >/dev/null 2>&1
ok $? "y cannot read x's handlers"
! kc "$Y" remove g >/dev/null 2>&1
ok $? "y cannot remove x's graph"
check "x still has it" -- kc "$X" show g

# The same name in y is a different graph.
sed 's/dx/dy/' $conf >$conf.y
check "y installs its own 'g'" -- kc "$Y" install g $conf.y
check "x's g still reads its own device" -- sh -c \
	"ip netns exec $X $KCLICK show g | grep -q dx"

# Unprivileged: uid nobody, no capabilities at all.
unpriv() { ip netns exec "$X" setpriv --reuid=65534 --regid=65534 \
	--clear-groups --inh-caps=-all --bounding-set=-all "$KCLICK" "$@"; }
chmod 755 /tmp; chmod 644 $conf
out=$(unpriv read g/c.count 2>&1)
ok $? "unprivileged read works ($out)"
for cmd in "install h $conf" "install --replace g $conf" \
	"write g/c.reset 1" "remove g"; do
	out=$(unpriv $cmd 2>&1)
	rc=$?
	echo "# $cmd: $out"
	[ $rc = 1 ] && echo "$out" | grep -q '^Error: .*not permitted'
	ok $? "unprivileged '$cmd' fails with a clear error"
done
check "the graph survived the unprivileged attempts" -- kc "$X" show g

# CAP_NET_ADMIN in a user namespace is anybody's (unshare -Urn): by default
# it does not let one install; kclick.userns_admin=1 (container hosts) does.
P=/sys/module/kclick/parameters/userns_admin
trap 'echo N > $P' EXIT
echo 'Idle -> Discard;' >$conf.u
chmod 644 $conf.u
# As nobody when unprivileged user namespaces are allowed, else as root:
# either way the caller's capabilities are only those of its new namespace.
userns() { if setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -Urn true 2>/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			unshare -Urn "$@"
	else
		unshare -Urn "$@"
	fi; }
eq "userns_admin is off by default" "$(cat $P)" N
out=$(userns "$KCLICK" install u $conf.u 2>&1)
rc=$?
echo "# unshare -Urn install: $out"
[ $rc = 1 ] && echo "$out" | grep -q 'not permitted.*CAP_NET_ADMIN in the initial user namespace'
ok $? "an unshare -Urn caller is refused install, saying which capability"
out=$(userns "$KCLICK" list 2>&1)
ok $? "... but may still read ($out)"
echo Y >$P
out=$(userns sh -c "$KCLICK install u $conf.u && $KCLICK show u && \
	$KCLICK remove u" 2>&1)
ok $? "with userns_admin=1 an unshare -Urn caller installs, shows, removes"
echo "$out" | sed 's/^/#   /' | head -5
out=$(unpriv install h $conf 2>&1)
[ $? = 1 ] && echo "$out" | grep -q 'not permitted'
ok $? "with userns_admin=1 a caller without any capability is still refused"
echo N >$P
rm -f $conf $conf.y $conf.u
tap_end
