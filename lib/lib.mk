# SPDX-License-Identifier: GPL-2.0
# libkclick: every lib/*.c is part of the library.
LIB_SRCS := $(wildcard lib/*.c)
LIB_OBJS := $(LIB_SRCS:.c=.o)
LIB_A := lib/libkclick.a

lib/%.o: lib/%.c $(wildcard lib/*.h) include/uapi/linux/kclick.h
	$(CC) $(CFLAGS_USER) $(NL_CFLAGS) -fPIC -c -o $@ $<

$(LIB_A): $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

USER_TARGETS += $(LIB_A)
USER_OBJS += $(LIB_OBJS)
