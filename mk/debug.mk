# SPDX-License-Identifier: GPL-2.0
# make check-debug: the kernel selftests on a KASAN/lockdep/kmemleak kernel
# built from Debian's linux-source-6.1 (cached in /var/cache/kclick).
check-debug: deps
	@scripts/check-debug
.PHONY: check-debug

# make check-packages: selftests/kernel/packages.sh alone (make check runs
# it too, after test_deb.sh and scripts/dkms-ccache): the .debs built, the
# DKMS compiler cache filled on the host (scripts/dkms-ccache), the .debs
# installed with dpkg in the guest, DKMS building kclick.ko there through
# that cache.
check-packages: deps
	@$(MAKE) -s all deb && scripts/dkms-ccache && \
		KC_PACKAGES=1 KC_TEST_TIMEOUT=$${KC_TEST_TIMEOUT:-3600} \
		scripts/vm --timeout 4000 -- selftests/run.sh --reload-module \
		$(CURDIR)/kmod/kclick.ko selftests/kernel/packages.sh
.PHONY: check-packages
