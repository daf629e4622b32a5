// SPDX-License-Identifier: GPL-2.0
/*
 * FromHost's device in the userspace harness (include/kclick/fromhost.h):
 * there is no host to send anything, so FromHost creates nothing and is
 * an idle source -- its task never finds a frame (docs/userspace.md).
 */
#include <kclick/fromhost.h>
#include "kcuser.h"

struct kc_fhostref {
	u32 capacity;
};

int kc_fhost_attach(struct kc_elem *e, const struct kc_fhost_cfg *cfg,
		    struct kc_fhostref **out, struct kc_errbuf *err)
{
	struct kc_fhostref *ref = kc_zalloc(sizeof(*ref));

	(void)e;
	(void)err;
	if (!ref)
		return -ENOMEM;
	ref->capacity = cfg->capacity;
	*out = ref;
	return 0;
}

void kc_fhost_release(struct kc_fhostref *ref)
{
	kc_free(ref);
}

struct kc_pkt *kc_fhost_dequeue(struct kc_fhostref *ref)
{
	(void)ref;
	return NULL;
}

u32 kc_fhost_length(struct kc_fhostref *ref)
{
	(void)ref;
	return 0;
}

u64 kc_fhost_drops(struct kc_fhostref *ref)
{
	(void)ref;
	return 0;
}

int kc_fhost_ifindex(struct kc_fhostref *ref)
{
	(void)ref;
	return 0;
}
