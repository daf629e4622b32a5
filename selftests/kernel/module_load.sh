#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load and unload kclick.ko 50 times; each time the family must resolve and
# answer, and slab usage must not grow (kmemleak is the stronger check, in
# make check-debug).  Any kernel warning fails the whole VM run.
. "$(dirname "$0")/topo.sh"

KO=$KC_KO
[ -f "$KO" ] || skip_all "no module at $KO"

[ -d /sys/module/kclick ] && rmmod kclick

slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }

loads=0
answers=0
unloads=0
for i in $(seq 50); do
	insmod "$KO" && loads=$((loads + 1))
	if python3 "$KC_TOP/selftests/kernel/kcnl.py" version >/dev/null 2>&1; then
		answers=$((answers + 1))
	fi
	rmmod kclick && unloads=$((unloads + 1))
	[ "$i" = 5 ] && { sync; echo 3 >/proc/sys/vm/drop_caches; base=$(slab_kb); }
done
eq "50 loads" "$loads" 50
eq "the family answered VERSION_GET after each load" "$answers" 50
eq "50 unloads" "$unloads" 50
[ -d /sys/module/kclick ]
ok $((1 - $?)) "module gone after the last unload"
sync
echo 3 >/proc/sys/vm/drop_caches
now=$(slab_kb)
echo "# slab after load 5: ${base} kB, after load 50: ${now} kB"
[ $((now - base)) -lt 512 ]
ok $? "slab grew by less than 512 kB over 45 load/unload cycles"
insmod "$KO"
ok $? "loads again for the next test"
tap_end
