# SPDX-License-Identifier: GPL-2.0
# make install / make uninstall, for people who do not use the packages
# (make deb).  DESTDIR stages into a directory; PREFIX defaults to
# /usr/local.  What goes where:
#   $(SBINDIR)/kclick                        the command (an admin tool, as nft)
#   $(LIBDIR)/libkclick.a                    the library (static: no stable ABI)
#   $(INCLUDEDIR)/kclick/kclick.h            its API
#   $(INCLUDEDIR)/kclick/linux/kclick.h      the netlink family's uapi header
#   $(MANDIR)/man8/kclick.8, man7/kclick-elements.7
#   $(BASHCOMPDIR)/kclick                    bash completion
#   $(DATADIR)/ynl/specs/kclick.yaml         the netlink spec, where the
#                                            kernel's YNL tools look for specs
#   $(SYSTEMDUNITDIR)/kclick.service         with ExecStart in $(SBINDIR)
#   $(SYSCONFDIR)/kclick/                    graphs to restore (kept if not empty)
# Debian's packages (make deb) install the same files but the library and
# headers, with SYSTEMDUNITDIR=/lib/systemd/system.
# The module is not installed here: make dkms (or the kclick-dkms package)
# builds it for every kernel.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
INSTALL ?= install

INSTALL_FILES := $(SBINDIR)/kclick $(LIBDIR)/libkclick.a \
	$(INCLUDEDIR)/kclick/kclick.h $(INCLUDEDIR)/kclick/linux/kclick.h \
	$(MANDIR)/man8/kclick.8 $(MANDIR)/man7/kclick-elements.7 \
	$(BASHCOMPDIR)/kclick $(DATADIR)/ynl/specs/kclick.yaml \
	$(SYSTEMDUNITDIR)/kclick.service
# Directories that are kclick's alone, removed by uninstall (when empty).
INSTALL_OWN_DIRS := $(INCLUDEDIR)/kclick/linux $(INCLUDEDIR)/kclick \
	$(DATADIR)/ynl/specs $(DATADIR)/ynl $(SYSCONFDIR)/kclick

install: cli/kclick $(LIB_A)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR)/kclick/linux $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(DATADIR)/ynl/specs $(DESTDIR)$(SYSTEMDUNITDIR) \
		$(DESTDIR)$(SYSCONFDIR)/kclick
	$(INSTALL) -m 0755 cli/kclick $(DESTDIR)$(SBINDIR)/kclick
	$(INSTALL) -m 0644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libkclick.a
	$(INSTALL) -m 0644 lib/kclick.h $(DESTDIR)$(INCLUDEDIR)/kclick/kclick.h
	$(INSTALL) -m 0644 include/uapi/linux/kclick.h \
		$(DESTDIR)$(INCLUDEDIR)/kclick/linux/kclick.h
	$(INSTALL) -m 0644 man/kclick.8 $(DESTDIR)$(MANDIR)/man8/kclick.8
	$(INSTALL) -m 0644 man/kclick-elements.7 \
		$(DESTDIR)$(MANDIR)/man7/kclick-elements.7
	$(INSTALL) -m 0644 completion/kclick $(DESTDIR)$(BASHCOMPDIR)/kclick
	$(INSTALL) -m 0644 netlink/kclick.yaml \
		$(DESTDIR)$(DATADIR)/ynl/specs/kclick.yaml
	sed 's|@SBINDIR@|$(SBINDIR)|g' systemd/kclick.service.in \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/kclick.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/kclick.service

# Into a staging DESTDIR, the directories install made are removed too
# while empty (up to DESTDIR itself); into the system, only kclick's own.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALL_FILES))
	-rmdir --ignore-fail-on-non-empty $(addprefix $(DESTDIR),$(INSTALL_OWN_DIRS)) 2>/dev/null
	@if [ -n "$(DESTDIR)" ]; then \
		for f in $(INSTALL_FILES) $(SYSCONFDIR)/kclick/x; do \
			d=$$(dirname "$$f"); \
			while [ "$$d" != / ] && [ "$$d" != . ]; do \
				if [ -d "$(DESTDIR)$$d" ]; then \
					rmdir "$(DESTDIR)$$d" 2>/dev/null || break; \
				fi; \
				d=$$(dirname "$$d"); \
			done; \
		done; \
	fi

.PHONY: install uninstall
