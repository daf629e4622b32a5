/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one header engine and element code include for everything the
 * environment provides.  The kernel and userspace implementations keep the
 * same names and semantics; see docs/design.md, "Portability".
 */
#ifndef KCLICK_PLATFORM_H
#define KCLICK_PLATFORM_H

#ifdef __KERNEL__
#include <kclick/platform_kernel.h>
#else
#include <kclick/platform_user.h>
#endif

#endif /* KCLICK_PLATFORM_H */
