# SPDX-License-Identifier: GPL-2.0
# cli/kclick: every cli/*.c is part of the command.
CLI_SRCS := $(wildcard cli/*.c)
CLI_OBJS := $(CLI_SRCS:.c=.o)

cli/%.o: cli/%.c $(wildcard cli/*.h) lib/kclick.h include/uapi/linux/kclick.h
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) -Ilib -c -o $@ $<

cli/kclick: $(CLI_OBJS) $(LIB_A)
	$(CC) -o $@ $(CLI_OBJS) $(LIB_A) $(NL_LIBS)

USER_TARGETS += cli/kclick
USER_OBJS += $(CLI_OBJS)
