#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Click's own configurations (selftests/compat/, from kohler/click) through
# `kclick run --check`: every one listed as accepted in status.tsv must
# still be accepted, and docs/click-compat.md must be what the list
# generates.  Configurations that newly pass are reported ("NEW PASS"),
# not failed: update the list with selftests/compat/compat.py update.
cd "$(dirname "$0")/../.." || exit 1
exec python3 selftests/compat/compat.py test
