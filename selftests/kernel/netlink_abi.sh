#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kclick netlink family: resolves, answers, refuses malformed and
# unprivileged requests (see netlink_abi.py).
exec python3 "$(dirname "$0")/netlink_abi.py"
