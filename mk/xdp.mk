# SPDX-License-Identifier: GPL-2.0
# The XDP program (bpf/kclick_xdp.bpf.c, clang -target bpf) and its libbpf
# skeleton, which libkclick's lib/xdp/attach.c embeds: the library loads
# and attaches it for FromDevice(DEV, METHOD XDP) (docs/design.md "XDP").
BPF_CLANG ?= clang
BPF_ARCH_INC := -I/usr/include/$(shell $(CC) -dumpmachine)

build/kclick_xdp.bpf.o: bpf/kclick_xdp.bpf.c
	@mkdir -p build
	$(BPF_CLANG) -O2 -g -Wall -Werror -target bpf $(BPF_ARCH_INC) -c -o $@ $<

build/kclick_xdp.skel.h: build/kclick_xdp.bpf.o
	bpftool gen skeleton $< name kclick_xdp > $@.tmp && mv $@.tmp $@

lib/xdp/attach.o: lib/xdp/attach.c build/kclick_xdp.skel.h lib/kclick.h
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) -Ilib -Ibuild -fPIC -c -o $@ $<

# In the archive; only what calls kc_xdp_sync() (the CLI) needs -lbpf.
$(LIB_A): lib/xdp/attach.o
USER_OBJS += lib/xdp/attach.o
BPF_LIBS := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf)

# For selftests/kernel/xdp.sh: an XDP_PASS program for the far veth.
build/xdp_pass.bpf.o: selftests/kernel/xdp_pass.bpf.c
	@mkdir -p build
	$(BPF_CLANG) -O2 -g -Wall -Werror -target bpf $(BPF_ARCH_INC) -c -o $@ $<
USER_TARGETS += build/xdp_pass.bpf.o

# For make bench (scripts/bench-guest-xdp): a bare XDP_DROP program, the
# floor kclick's XDP drop is measured against.
build/xdp_drop.bpf.o: bench/xdp_drop.bpf.c
	@mkdir -p build
	$(BPF_CLANG) -O2 -g -Wall -Werror -target bpf $(BPF_ARCH_INC) -c -o $@ $<
USER_TARGETS += build/xdp_drop.bpf.o
