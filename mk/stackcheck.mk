# SPDX-License-Identifier: GPL-2.0
# The static recursion and stack check (scripts/stackcheck): the module's
# portable sources (the engine and every element) compiled as for the
# userspace harness, with gcc's call graph (-fcallgraph-info=su) and frame
# sizes (-fstack-usage) beside each object under build/stackcheck/.
#   make stackcheck        build them and run the check
# selftests/unit/test_recursion.sh runs it in make check's unit stage.
STACKCHECK_SRCS := $(ENGINE_SRCS) $(ELEMENT_SRCS)
STACKCHECK_OBJS := $(patsubst %.c,build/stackcheck/%.o,$(STACKCHECK_SRCS))

build/stackcheck/%.o: %.c $(KCUSER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ENGINE) -fcallgraph-info=su -fstack-usage -c -o $@ $<

stackcheck-build: $(STACKCHECK_OBJS)

stackcheck: stackcheck-build
	@scripts/stackcheck

.PHONY: stackcheck stackcheck-build
CLEAN_TARGETS += clean-stackcheck
clean-stackcheck:
	rm -rf build/stackcheck
.PHONY: clean-stackcheck
