# SPDX-License-Identifier: GPL-2.0
# Userspace unit tests: selftests/unit/test_*.c, each a TAP program linked
# against the library sources rebuilt with ASan and UBSan.
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
UNIT_SRCS := $(wildcard selftests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:.c=)
SAN_LIB_OBJS := $(patsubst lib/%.c,selftests/unit/san/%.o,$(LIB_SRCS))

selftests/unit/san/%.o: lib/%.c $(wildcard lib/*.h) include/uapi/linux/kclick.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

# Tests see the engine's headers (harness.h) and link the harness built
# with the same sanitizers (user/user.mk).
selftests/unit/test_%: selftests/unit/test_%.c $(SAN_LIB_OBJS) $(KCUSER_SAN_A) \
		selftests/unit/tap.h selftests/unit/harness.h
	$(CC) $(CFLAGS_ENGINE) $(NL_CFLAGS) $(SAN_FLAGS) -o $@ $< \
		$(KCUSER_SAN_A) $(SAN_LIB_OBJS) $(NL_LIBS) $(PCAP_LIBS)

unit: $(UNIT_BINS)

CLEAN_TARGETS += clean-unit
clean-unit:
	rm -rf selftests/unit/san $(UNIT_BINS)
.PHONY: unit clean-unit

# test_present includes the CLI's DOT and Prometheus writers.
selftests/unit/test_present: cli/dot.c cli/prom.c cli/cli.h
selftests/unit/test_save: cli/savefmt.c cli/cli.h
