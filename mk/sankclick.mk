# SPDX-License-Identifier: GPL-2.0
# build/san/kclick: the kclick command built with ASan and UBSan against the
# sanitized harness (build/san/libkcuser.a), for selftests/unit/
# test_randgraph.sh: a random graph that corrupts memory fails there as
# surely as one that overflows the (ASan-sized) kernel stack.
SAN_CLI_OBJS := $(patsubst cli/%.c,build/san/cli/%.o,$(CLI_SRCS))

build/san/cli/%.o: cli/%.c $(wildcard cli/*.h) lib/kclick.h $(KCUSER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ENGINE) $(NL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

# The CLI calls kc_xdp_sync() (lib/xdp/attach.c, with the embedded
# skeleton): sanitized too, and -lbpf.
selftests/unit/san/xdp/attach.o: lib/xdp/attach.c build/kclick_xdp.skel.h lib/kclick.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) $(SAN_FLAGS) -Ilib -Ibuild -c -o $@ $<

build/san/kclick: $(SAN_CLI_OBJS) $(SAN_LIB_OBJS) selftests/unit/san/xdp/attach.o \
		$(KCUSER_SAN_A) build/elemdoc.o
	$(CC) $(SAN_FLAGS) -o $@ $(SAN_CLI_OBJS) build/elemdoc.o \
		$(KCUSER_SAN_A) $(SAN_LIB_OBJS) selftests/unit/san/xdp/attach.o \
		$(NL_LIBS) $(PCAP_LIBS) $(BPF_LIBS)
