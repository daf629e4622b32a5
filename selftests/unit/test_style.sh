#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel style and sparse over the module's sources: any report fails.
# Two checkpatch types are off on purpose: NEW_TYPEDEFS (kc_lock_t is the
# platform's lock type, a typedef in both platform headers) and
# TRAILING_SEMICOLON (KC_CLASS() in element.h declares one class per line
# of classes.def).  The X-macro table in engine/class.c is a known
# COMPLEX_MACRO false positive and is filtered by file and type.  The
# userspace halves of the platform (include/kclick/*_user.h) are userspace
# C, built with -Wall -Wextra -Werror, and not checked against kernel style.
cd "$(dirname "$0")/../.." || exit 1
n=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

if [ ! -f /usr/src/linux-source-6.1.tar.xz ] && [ ! -d /var/cache/kclick/ks ]; then
	echo "1..0 # SKIP linux-source-6.1 is not installed (scripts/install-deps)"
	exit 4
fi
src=$(ls kmod/*.c kmod/*.h engine/*.c engine/*.h elements/*.c \
	elements/lib/*.c elements/lib/*.h include/kclick/*.h \
	include/uapi/linux/kclick.h | grep -v -e '\.mod\.c$' -e '_user\.h$')
out=$(scripts/checkpatch --ignore NEW_TYPEDEFS,TRAILING_SEMICOLON $src 2>&1 |
	grep -v '^engine/class\.c:[0-9]*: ERROR:COMPLEX_MACRO:')
[ -z "$out" ]
tap $? "checkpatch: no errors or warnings in kmod/, engine/, elements/, include/"
[ -z "$out" ] || echo "$out" | head -30 | sed "s/^/# /"

if command -v sparse >/dev/null; then
	kdir=$(make -s -f Makefile --eval='print-kdir: ; @echo $(KDIR)' print-kdir)
	tmp=$(mktemp -d)
	# A copy, so the tree's objects are not rebuilt under other targets.
	cp -r Kbuild kmod engine elements include "$tmp/"
	out=$(make -s -C "$kdir" M="$tmp" C=2 modules 2>&1 |
		grep -E '(warning|error):' | sed "s|$tmp/||")
	rm -rf "$tmp"
	[ -z "$out" ]
	tap $? "sparse (make C=2): no warnings"
	[ -z "$out" ] || echo "$out" | head -30 | sed "s/^/# /"
else
	tap 1 "sparse is not installed (scripts/install-deps)"
fi
echo "1..$n"
