#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/compat/generate.sh CLICK_TREE: copy Click's shipped
# configurations (conf/*.click, conf/*.ipb, conf/wifi/*.click) and the
# outputs of its conf/make-*.pl generators into selftests/compat/, the
# data of test_compat.sh.  The generators run with the arguments below
# (their own examples or the smallest valid ones); make-dsdv-config.pl's
# time stamp is removed so the output does not change from run to run.
set -eu
SRC=${1:?usage: generate.sh CLICK_TREE}
cd "$(dirname "$0")"
cp "$SRC"/conf/*.click "$SRC"/conf/*.ipb conf/
cp "$SRC"/conf/wifi/*.click conf/wifi/
cp "$SRC"/LICENSE LICENSE.click
perl "$SRC/conf/make-ip-conf.pl" >generated/make-ip-conf.click
perl "$SRC/conf/make-udpcount.pl" 1 2 >generated/make-udpcount.click
perl "$SRC/conf/make-udpgen.pl" 1 2 1000 10 >generated/make-udpgen.click
perl "$SRC/conf/make-dsdv-config.pl" -i eth0 -a 10.0.0.1 |
	sed 's/ generated at .* with the following command:/ generated with the following command:/' \
	>generated/make-dsdv-config.click
perl "$SRC/conf/make-dsr-config.pl" -i eth0 -a 10.0.0.1 >generated/make-dsr-config.click
git -C "$SRC" log -1 --format=%H >ORIGIN
