# SPDX-License-Identifier: GPL-2.0
# make check-debug: the kernel selftests on a KASAN/lockdep/kmemleak kernel
# built from Debian's linux-source-6.1 (cached in /var/cache/kclick).
check-debug: deps
	@scripts/check-debug
.PHONY: check-debug
