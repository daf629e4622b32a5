# SPDX-License-Identifier: GPL-2.0
# cli/kclick: every cli/*.c, the library, and the element reference
# (build/elemdoc.o, from mk/docs.mk) for `kclick help CLASS`.
CLI_SRCS := $(wildcard cli/*.c)
CLI_OBJS := $(CLI_SRCS:.c=.o)

cli/%.o: cli/%.c $(wildcard cli/*.h) lib/kclick.h include/uapi/linux/kclick.h
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) -Ilib -c -o $@ $<

# cli/run.c is the harness's front end: it sees the engine's headers.
cli/run.o: cli/run.c $(wildcard cli/*.h) $(KCUSER_HDRS) lib/kclick.h
	$(CC) $(CFLAGS_ENGINE) -c -o $@ $<

cli/kclick: $(CLI_OBJS) $(LIB_A) $(KCUSER_A) build/elemdoc.o
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) build/elemdoc.o $(KCUSER_A) $(LIB_A) \
		$(NL_LIBS) $(PCAP_LIBS) $(BPF_LIBS)

USER_TARGETS += cli/kclick
USER_OBJS += $(CLI_OBJS)
