# SPDX-License-Identifier: GPL-2.0
# cli/kclick: every cli/*.c, the library, and the element reference
# (build/elemdoc.o, from mk/docs.mk) for `kclick help CLASS`.
CLI_SRCS := $(wildcard cli/*.c)
CLI_OBJS := $(CLI_SRCS:.c=.o)

cli/%.o: cli/%.c $(wildcard cli/*.h) lib/kclick.h include/uapi/linux/kclick.h
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) -Ilib -c -o $@ $<

cli/kclick: $(CLI_OBJS) $(LIB_A) build/elemdoc.o
	$(CC) -o $@ $(CLI_OBJS) build/elemdoc.o $(LIB_A) $(NL_LIBS)

USER_TARGETS += cli/kclick
USER_OBJS += $(CLI_OBJS)
