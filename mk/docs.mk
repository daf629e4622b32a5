# SPDX-License-Identifier: GPL-2.0
# The element reference, rendered from the doc blocks of elements/*.c:
# docs/elements.md (committed, kept current by `make docs` and checked by
# selftests/unit/test_elemdoc.sh) and the text of `kclick help CLASS`.
ELEM_SRCS := $(sort $(wildcard elements/*.c)) $(sort $(wildcard user/elements/*.c))

docs/elements.md: $(ELEM_SRCS) scripts/elemdoc.py
	python3 scripts/elemdoc.py --markdown $@ $(ELEM_SRCS)

build/elemdoc.c: $(ELEM_SRCS) scripts/elemdoc.py
	@mkdir -p build
	python3 scripts/elemdoc.py --c $@ $(ELEM_SRCS)

build/elemdoc.o: build/elemdoc.c
	$(CC) $(CFLAGS_USER) -c -o $@ $<

docs: docs/elements.md
.PHONY: docs
