#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# netlink/kclick.yaml, the family's spec, says what include/uapi/linux/kclick.h
# and kmod/netlink.c's policies say (scripts/nlspec-check.py), and the check
# is not blind: each deliberate mismatch below, in any of the three files,
# must fail it with a message that names what differs.
cd "$(dirname "$0")/../.." || exit 1
n=0
failed=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "1..0 # SKIP python3-yaml is not installed (scripts/install-deps)"
	exit 4
fi
SPEC=netlink/kclick.yaml
HDR=include/uapi/linux/kclick.h
NLC=kmod/netlink.c

out=$(python3 scripts/nlspec-check.py --spec $SPEC --header $HDR --netlink $NLC 2>&1)
tap $? "the spec matches the header and netlink.c's policies"
[ -n "$out" ] && echo "$out" | sed 's/^/#   /'

# KC_NL_SCHEMA=.../Documentation/netlink/genetlink-legacy.yaml (a kernel
# tree's, 6.4 or later; Debian 12's linux-source-6.1 has none) also
# validates the spec against the kernel's own schema.
if [ -n "${KC_NL_SCHEMA:-}" ]; then
	out=$(python3 scripts/nlspec-check.py --schema "$KC_NL_SCHEMA" 2>&1)
	tap $? "the spec is valid against $KC_NL_SCHEMA"
	[ -n "$out" ] && echo "$out" | sed 's/^/#   /'
else
	echo "# not validated against the kernel's schema: KC_NL_SCHEMA is not set"
fi

python3 -c 'import yaml, sys; d = yaml.safe_load(open(sys.argv[1]))
assert d["protocol"] == "genetlink-legacy" and d["name"] == "kclick"
assert {"name", "doc", "attribute-sets", "operations"} <= set(d)
for o in d["operations"]["list"]:
    assert "name" in o and "doc" in o, o' $SPEC
tap $? "the spec has the required top-level keys and every op a doc"

# mutate FILE SED-EXPR WANT WHAT: one change, the check must fail naming WANT.
mutate() {
	local file=$1 expr=$2 want=$3 what=$4 s=$SPEC h=$HDR c=$NLC
	cp "$file" "$W/mut"
	sed -i "$expr" "$W/mut"
	if cmp -s "$file" "$W/mut"; then
		tap 1 "$what (the edit did not apply)"
		return
	fi
	case $file in
	"$SPEC") s=$W/mut ;;
	"$HDR") h=$W/mut ;;
	"$NLC") c=$W/mut ;;
	esac
	out=$(python3 scripts/nlspec-check.py --spec "$s" --header "$h" --netlink "$c" 2>&1)
	[ $? = 1 ] && [[ $out == *"$want"* ]]
	tap $? "$what: caught"
	echo "$out" | head -3 | sed 's/^/#   /'
}
mutate $SPEC '0,/max-len: KCLICK_NAME_MAX - 1/s//max-len: KCLICK_NAME_MAX/' \
	"KCLICK_A_CLASS_NAME: policy kc_class_get_policy .len = 63, spec max-len 64" \
	"spec: a string's max-len off by one"
mutate $HDR 's/^\tKCLICK_A_DROPS,.*/&\n\tKCLICK_A_NEW_THING,\t\/* u32 *\//' \
	"header only [('KCLICK_A_NEW_THING', 21)]" \
	"header: an attribute added without the spec"
mutate $HDR 's/^\tKCLICK_ELEM_A_LINE,/\tKCLICK_ELEM_A_LINE = 7,/' \
	"enum kclick_elem_attr differs" \
	"header: an attribute's value changed"
mutate $HDR 's/KCLICK_A_GRAPH_GEN,\t\/\* u32/KCLICK_A_GRAPH_GEN,\t\/* u64/' \
	"KCLICK_A_GRAPH_GEN: type u32 in the spec, the header comment says u64" \
	"header: an attribute's type changed"
mutate $HDR 's/^#define KCLICK_F_EXCL.*/&\n#define KCLICK_F_FORCE\t(1U << 2)/' \
	"header KCLICK_F_FORCE is not in the spec" \
	"header: a new install flag without the spec"
mutate $HDR 's/^#define KCLICK_NAME_MAX\t\t64/#define KCLICK_NAME_MAX\t\t128/' \
	"const name-max: header KCLICK_NAME_MAX = 128, spec 64" \
	"header: a limit changed"
mutate $HDR 's/KCLICK_EVENT_DEVICE_BACK,/&\n\tKCLICK_EVENT_FLUSHED,/' \
	"enum kclick_event differs" \
	"header: a new event"
mutate $NLC '/\.cmd = KCLICK_CMD_GRAPH_NEW/,/}/{/GENL_UNS_ADMIN_PERM/d}' \
	"KCLICK_CMD_GRAPH_NEW: flags [] in netlink.c, ['uns-admin-perm'] in the spec" \
	"netlink.c: graph-new loses its admin flag"
mutate $NLC 's/\.len = 4095/.len = 4096/' \
	"KCLICK_A_SOURCE: policy kc_graph_new_policy .len = 4096, spec max-len 4095" \
	"netlink.c: a policy length changed"
mutate $NLC 's/\[KCLICK_ELEM_A_LINE\] = { .type = NLA_U32 }/[KCLICK_ELEM_A_LINE] = { .type = NLA_U16 }/' \
	"KCLICK_ELEM_A_LINE is NLA_U16 in policy kc_elem_policy, u32 in the spec" \
	"netlink.c: a nested policy's type changed"
mutate $NLC 's/^\t\[KCLICK_A_FLAGS\] = NLA_POLICY_MASK(NLA_U32, KCLICK_F_ALL),/\t[KCLICK_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, KCLICK_F_REPLACE),/' \
	"KCLICK_A_FLAGS: policy kc_graph_new_policy mask 1, spec flags-mask 3" \
	"netlink.c: the flags mask narrowed"
mutate $NLC 's/^static const struct nla_policy kc_graph_name_policy\[KCLICK_A_MAX + 1\] = {/&\n\t[KCLICK_A_FLAGS] = { .type = NLA_U32 },/' \
	"KCLICK_CMD_GRAPH_DEL: netlink.c policy accepts ['flags', 'graph-name']" \
	"netlink.c: an op's policy accepts one more attribute"
mutate $NLC '/\.cmd = KCLICK_CMD_CLASS_GET/,/}/{/dumpit/d}' \
	"KCLICK_CMD_CLASS_GET: spec has a dump, netlink.c has no .dumpit" \
	"netlink.c: an op loses its dump"
mutate $NLC 's/{ .name = KCLICK_MCGRP_EVENTS }/{ .name = KCLICK_GENL_NAME }/' \
	"multicast groups: spec ['events'], netlink.c ['kclick']" \
	"netlink.c: the multicast group renamed"
mutate $SPEC '/name: graph-id/,/doc:/s/ Reply only\.//' \
	"main graph-id: no policy accepts it" \
	"spec: a reply-only attribute not marked so"
mutate $SPEC 's/^      name: error$/      name: failure/' \
	"operations: enum kclick_cmd differs: header only [('KCLICK_CMD_ERROR', 9)], spec only [('KCLICK_CMD_FAILURE', 9)]" \
	"spec: an operation renamed"
mutate $SPEC '/^      name: graph-del$/,/^    -$/d' \
	"nlspec: " \
	"spec: an operation deleted (a malformed list too)"
mutate $SPEC 's/^        name: excl$/        name: exclusive/' \
	"flags graph-flags: KCLICK_F_EXCLUSIVE is not defined in the header" \
	"spec: a flag renamed"

echo "1..$n"
[ $failed = 0 ]
