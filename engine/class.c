// SPDX-License-Identifier: GPL-2.0
/*
 * The element class registry: every class built into kclick, looked up by
 * name at configure time.  Portable: the same table serves the userspace
 * harness.  The table is constant, so lookups need no lock.
 */
#include <kclick/element.h>

static const struct kc_class *const kc_classes[] = {
#define KC_CLASS(sym) &sym,
#include "../elements/classes.def"
#ifndef __KERNEL__
#include "../user/classes_user.def"	/* trace files: offline only */
#endif
#undef KC_CLASS
};

const struct kc_class *kc_class_nth(unsigned int idx)
{
	return idx < ARRAY_SIZE(kc_classes) ? kc_classes[idx] : NULL;
}

const struct kc_class *kc_class_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kc_classes); i++)
		if (!strcmp(kc_classes[i]->name, name))
			return kc_classes[i];
	return NULL;
}
