# SPDX-License-Identifier: GPL-2.0
# The userspace harness (user/): the portable engine (engine/), every
# elements/*.c and the element libraries (elements/lib/), compiled unchanged
# for userspace, with the harness itself.  Objects go under build/ so they
# never meet the module's .o files.
#   user/libkcuser.a          for the kclick command (kclick run)
#   build/san/libkcuser.a     the same with ASan+UBSan, for unit tests
# Kernel-style code leaves parameters unused and fields implicitly zero, as
# the kernel's own warnings allow.
ENGINE_SRCS := engine/graph.c engine/run.c engine/args.c engine/handlers.c \
	engine/class.c engine/names.c engine/xdp.c
ELEMENT_SRCS := $(sort $(wildcard elements/*.c elements/lib/*.c))
KCUSER_SRCS := $(ENGINE_SRCS) $(ELEMENT_SRCS) \
	$(wildcard user/*.c) $(wildcard user/elements/*.c)
CFLAGS_ENGINE = $(CFLAGS_USER) -Wno-unused-parameter \
	-Wno-missing-field-initializers -Ilib -Iuser -Iengine
KCUSER_HDRS := $(wildcard include/kclick/*.h engine/graph.h user/*.h \
	user/*.def elements/classes.def elements/*.h elements/lib/*.h) \
	include/uapi/linux/kclick.h
KCUSER_OBJS := $(patsubst %.c,build/user/%.o,$(KCUSER_SRCS))
KCUSER_SAN_OBJS := $(patsubst %.c,build/san/%.o,$(KCUSER_SRCS))
KCUSER_A := user/libkcuser.a
KCUSER_SAN_A := build/san/libkcuser.a
PCAP_LIBS := -lpcap

build/user/%.o: %.c $(KCUSER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ENGINE) -c -o $@ $<

build/san/%.o: %.c $(KCUSER_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ENGINE) $(SAN_FLAGS) -c -o $@ $<

$(KCUSER_A): $(KCUSER_OBJS)
	rm -f $@
	ar rcs $@ $^

$(KCUSER_SAN_A): $(KCUSER_SAN_OBJS)
	rm -f $@
	ar rcs $@ $^

USER_TARGETS += $(KCUSER_A)
CLEAN_TARGETS += clean-kcuser
clean-kcuser:
	rm -rf build/user build/san $(KCUSER_A)
.PHONY: clean-kcuser
