# SPDX-License-Identifier: GPL-2.0
# Benchmarks: never part of make check.
#   make bench-user      userspace instructions per packet (docs/bench-user.md)
bench-user: user
	scripts/bench-user --out docs/bench-user.md
.PHONY: bench-user

# The C client the control-plane benchmark times installs with.
bench/cp/installlat: bench/cp/installlat.c $(LIB_A) lib/kclick.h
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) -Ilib -o $@ $< $(LIB_A) $(NL_LIBS)
USER_TARGETS += bench/cp/installlat

#   make bench           data and control plane in QEMU vs Linux's own paths
#                        (docs/bench.md, docs/bench.png); see scripts/bench
bench: deps
	scripts/bench
.PHONY: bench

# The flow table alone (bench/flow/flowbench.c, run by scripts/bench-user):
# built once the rewriters' flow table exists.
ifneq ($(wildcard elements/lib/kc_flow.c),)
bench/flow/flowbench: bench/flow/flowbench.c $(KCUSER_A) $(LIB_A)
	$(CC) $(CFLAGS_ENGINE) -o $@ $< $(KCUSER_A) $(LIB_A) $(NL_LIBS) $(PCAP_LIBS)
USER_TARGETS += bench/flow/flowbench
endif
