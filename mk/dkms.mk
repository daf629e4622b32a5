# SPDX-License-Identifier: GPL-2.0
# DKMS (dkms.conf): the module's sources installed where DKMS builds them
# for each kernel whose headers are installed, now and after kernel updates.
#   make dkms-src [DESTDIR=...]   sources to $(DESTDIR)/usr/src/kclick-VERSION
#   make dkms                     that, then dkms add + install (as root) for
#                                 the running kernel
#   make dkms-remove              dkms remove --all and the sources
# The kclick-dkms package (make deb) ships the same tree.
KC_VERSION := $(shell sed -n 's/^\#define KC_VERSION "\(.*\)"/\1/p' lib/kclick.h)
DKMS_DIR := /usr/src/kclick-$(KC_VERSION)
# Only sources: no objects, no generated .mod.c, no hidden files.
DKMS_SRCS = Kbuild $(shell find kmod engine elements include -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.def' -o -name Kbuild \) \
	! -name '*.mod.c' ! -name '.*' | LC_ALL=C sort)

dkms-src:
	$(INSTALL) -d $(DESTDIR)$(DKMS_DIR)
	for f in $(DKMS_SRCS); do \
		$(INSTALL) -D -m 0644 $$f $(DESTDIR)$(DKMS_DIR)/$$f || exit 1; \
	done
	sed 's/#MODULE_VERSION#/$(KC_VERSION)/' dkms.conf \
		> $(DESTDIR)$(DKMS_DIR)/dkms.conf
	chmod 0644 $(DESTDIR)$(DKMS_DIR)/dkms.conf

dkms: dkms-src
	@command -v dkms >/dev/null || { echo "Error: dkms is not installed (scripts/install-deps)." >&2; exit 1; }
	dkms status -m kclick -v $(KC_VERSION) | grep -q . || dkms add -m kclick -v $(KC_VERSION)
	dkms install -m kclick -v $(KC_VERSION)

dkms-remove:
	-dkms remove -m kclick -v $(KC_VERSION) --all
	rm -rf $(DKMS_DIR)

.PHONY: dkms dkms-src dkms-remove
