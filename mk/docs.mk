# SPDX-License-Identifier: GPL-2.0
# The element reference, rendered from the doc blocks of elements/*.c:
# docs/elements.md and man/kclick-elements.7 (committed, kept current by
# `make docs` and checked by selftests/unit/test_elemdoc.sh and
# test_man.sh) and the text of `kclick help CLASS`;
# pictures of the examples.
ELEM_SRCS := $(sort $(wildcard elements/*.c)) $(sort $(wildcard user/elements/*.c))

docs/elements.md: $(ELEM_SRCS) scripts/elemdoc.py
	python3 scripts/elemdoc.py --markdown $@ $(ELEM_SRCS)

man/kclick-elements.7: $(ELEM_SRCS) scripts/elemdoc.py lib/kclick.h
	python3 scripts/elemdoc.py --roff $@ $(ELEM_SRCS)

build/elemdoc.c: $(ELEM_SRCS) scripts/elemdoc.py
	@mkdir -p build
	python3 scripts/elemdoc.py --c $@ $(ELEM_SRCS)

build/elemdoc.o: build/elemdoc.c
	$(CC) $(CFLAGS_USER) -c -o $@ $<

# The example router drawn from its configuration (kclick run --dot, no
# kernel needed) with Debian's graphviz; committed, shown in README.
DOC_PICTURES := docs/router.svg

docs/%.svg: examples/%.click cli/kclick
	@command -v dot >/dev/null || { echo "Error: dot is missing: install graphviz (scripts/install-deps)." >&2; exit 1; }
	cli/kclick run $< --dot > $@.dot
	dot -Tsvg -o $@ $@.dot
	rm -f $@.dot

docs: docs/elements.md man/kclick-elements.7 $(DOC_PICTURES)
.PHONY: docs
