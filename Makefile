# SPDX-License-Identifier: GPL-2.0
#
# kclick top-level Makefile.
#
#   make                 kmod/kclick.ko, lib/libkclick.a, cli/kclick
#   make deps            install the Debian packages (scripts/install-deps)
#   make check           every test: unit, fuzz smoke, selftests in QEMU
#   make check-debug     the selftests on a KASAN/lockdep/kmemleak kernel
#   make check-packages  the .debs and DKMS in QEMU (slow: not in check)
#   make demo            boot QEMU with the module and run the demo
#   make vm              a shell in QEMU with the module loaded
#   make module C=1      run sparse over the module
#   make checkpatch      kernel style of every C file
#   make docs            element reference, kclick-elements(7), pictures
#   make install         command, library, man pages, completion, spec,
#                        unit (DESTDIR, PREFIX; mk/install.mk); uninstall
#   make dkms, make deb  the module through DKMS; Debian packages
#                        (docs/packaging.md)
#
# Per-directory rules live in */*.mk; this file only sets what they share.

KVER_RUNNING := $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER_RUNNING)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))

CC ?= cc
CFLAGS_USER := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-D_GNU_SOURCE -Iinclude/uapi -Iinclude
# A distribution's build flags (dpkg-buildflags: hardening) come last;
# empty in a plain make.
CFLAGS_USER += $(CPPFLAGS) $(CFLAGS)
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null || echo -I/usr/include/libnl3)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3)

.PHONY: all module user clean check check-prereqs demo deps vm checkpatch

all: module user

module:
	@test -n "$(KDIR)" || { echo "Error: no kernel headers found; run scripts/install-deps or set KDIR." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
	@scripts/module-btf kmod/kclick.ko $(KDIR)

include lib/lib.mk
include user/user.mk
include cli/cli.mk
include selftests/selftests.mk
-include $(sort $(wildcard mk/*.mk))

deps:
	@scripts/install-deps

# What the tests need beyond the product: a module that WARNs on purpose,
# for scripts/vm's own test.
check-prereqs: module
	$(MAKE) -C $(KDIR) M=$(CURDIR)/selftests/vm/warnmod modules

check: deps
	@scripts/check

demo: deps
	$(MAKE) all
	scripts/vm -- scripts/demo

vm: all
	scripts/vm

checkpatch:
	@scripts/checkpatch

user: $(USER_TARGETS)

clean: $(CLEAN_TARGETS)
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null 2>&1
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/selftests/vm/warnmod clean >/dev/null 2>&1
	rm -f $(USER_TARGETS) $(USER_OBJS)
