/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations of every element class; the list itself is classes.def. */
#ifndef KCLICK_CLASSES_H
#define KCLICK_CLASSES_H

#include <kclick/element.h>

#define KC_CLASS(sym) extern const struct kc_class sym;
#include "classes.def"
#undef KC_CLASS

#endif
