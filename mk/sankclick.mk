# SPDX-License-Identifier: GPL-2.0
# build/san/kclick: the kclick command built with ASan and UBSan against the
# sanitized harness (build/san/libkcuser.a), for selftests/unit/
# test_randgraph.sh: a random graph that corrupts memory fails there as
# surely as one that overflows the (ASan-sized) kernel stack.
SAN_CLI_OBJS := $(patsubst cli/%.c,build/san/cli/%.o,$(CLI_SRCS))

build/san/cli/%.o: cli/%.c $(wildcard cli/*.h) lib/kclick.h $(KCUSER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ENGINE) $(NL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

build/san/kclick: $(SAN_CLI_OBJS) $(SAN_LIB_OBJS) $(KCUSER_SAN_A) build/elemdoc.o
	$(CC) $(SAN_FLAGS) -o $@ $(SAN_CLI_OBJS) build/elemdoc.o \
		$(KCUSER_SAN_A) $(SAN_LIB_OBJS) $(NL_LIBS) $(PCAP_LIBS)
