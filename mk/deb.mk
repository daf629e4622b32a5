# SPDX-License-Identifier: GPL-2.0
# make deb: the kclick and kclick-dkms packages (debian/), built with
# Debian's tooling (dpkg-buildpackage, debhelper, dh-dkms) from a copy of
# the tree in build/deb/ (the build's `make clean` must not touch this
# tree), then checked by lintian (build/deb/lintian.txt; each remaining
# tag is justified in docs/packaging.md).
DEB_DIR := build/deb
DEB_SRC = $(DEB_DIR)/kclick-$(KC_VERSION)

deb:
	@for t in dpkg-buildpackage dh dh_dkms; do command -v $$t >/dev/null || \
		{ echo "Error: $$t is missing: install debhelper and dh-dkms (scripts/install-deps)." >&2; exit 1; }; done
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_SRC)
	git ls-files -z --cached --others --exclude-standard | \
		xargs -0 cp -P --parents -t $(DEB_SRC)
	cd $(DEB_SRC) && DEB_BUILD_OPTIONS="parallel=2 $(DEB_BUILD_OPTIONS)" \
		dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
		{ tail -30 ../build.log; exit 1; }
	ls $(DEB_DIR)/*.deb
	@if command -v lintian >/dev/null; then \
		lintian --info --display-info $(DEB_DIR)/*.changes > $(DEB_DIR)/lintian.txt 2>&1; \
		cat $(DEB_DIR)/lintian.txt; \
	fi

.PHONY: deb
