# SPDX-License-Identifier: GPL-2.0
# libFuzzer targets (selftests/fuzz/fuzz_*.c), built with clang against the
# library and the userspace harness compiled for fuzzing (ASan + UBSan).
#   make fuzz              each target for FUZZ_TIME seconds (default 600),
#                          corpus in build/fuzz/corpus/TARGET (seeded from
#                          selftests/fuzz/corpus/TARGET), crashes kept in
#                          build/fuzz/crashes/TARGET
#   make fuzz-build        just the binaries (make check's smoke uses them)
# A crash becomes a regression test by copying its input to
# selftests/fuzz/regress/TARGET/; selftests/fuzz/smoke.sh replays those.
FUZZ_CC ?= clang
FUZZ_TIME ?= 600
FUZZ_SRCS := $(wildcard selftests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst selftests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
FUZZ_FLAGS := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = -std=gnu11 -D_GNU_SOURCE -Iinclude/uapi -Iinclude -Ilib -Iuser \
	-Iengine $(NL_CFLAGS) -Wall -Wno-unused-parameter \
	-Wno-missing-field-initializers
FUZZ_OBJ_SRCS := $(LIB_SRCS) $(KCUSER_SRCS)
FUZZ_OBJS := $(patsubst %.c,build/fuzz/obj/%.o,$(FUZZ_OBJ_SRCS))

build/fuzz/obj/%.o: %.c $(KCUSER_HDRS) $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/fuzz_%: selftests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_OBJS) $(NL_LIBS) $(PCAP_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	@for f in $(FUZZ_BINS); do \
		t=$$(basename $$f); \
		mkdir -p build/fuzz/corpus/$$t build/fuzz/crashes/$$t; \
		cp -n selftests/fuzz/corpus/$$t/* build/fuzz/corpus/$$t/ 2>/dev/null; \
		echo "== $$t for $(FUZZ_TIME) s"; \
		$$f -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/crashes/$$t/ \
			build/fuzz/corpus/$$t 2>&1 | \
			grep -E '^(stat::number_of_executed_units|stat::peak_rss|==|SUMMARY|Done)' ; \
	done

.PHONY: fuzz fuzz-build
CLEAN_TARGETS += clean-fuzz
clean-fuzz:
	rm -rf build/fuzz
.PHONY: clean-fuzz
