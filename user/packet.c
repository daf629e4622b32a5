// SPDX-License-Identifier: GPL-2.0
/*
 * Packets in userspace (packet_user.h): a buffer with headroom shared
 * between clones until one of them writes, as skb data is.  Under
 * AddressSanitizer the bytes of an unshared buffer outside the packet are
 * poisoned, so reading before the data or past the length is caught.
 */
#include <stdlib.h>
#include <string.h>

#include "kcuser.h"

#ifdef KC_USER_POISON
#include <sanitizer/asan_interface.h>
#define KC_POISON(p, n)		ASAN_POISON_MEMORY_REGION(p, n)
#define KC_UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define KC_POISON(p, n)		((void)(p), (void)(n))
#define KC_UNPOISON(p, n)	((void)(p), (void)(n))
#endif

#define KC_USER_TAILROOM	32

struct kc_user_pkt_stats kc_user_pkt_stats;

/*
 * Freed packet descriptors kept for the next allocation or clone, as the
 * kernel's skbuff_head_cache keeps skbs (and Click's userlevel driver its
 * Packets): a clone costs a copy of the descriptor, not a malloc and a
 * free.  At most KC_USER_PKT_POOL are kept.  Not under ASan, which must
 * see a freed packet as freed.  The harness is single-threaded in effect
 * (user/stack.c), so the pool needs no lock.
 */
#define KC_USER_PKT_POOL	256

#ifdef KC_USER_POISON
static struct kc_pkt *pkt_get(void)
{
	return malloc(sizeof(struct kc_pkt));
}

static void pkt_put(struct kc_pkt *p)
{
	free(p);
}
#else
static struct kc_pkt *pkt_pool[KC_USER_PKT_POOL];
static unsigned int pkt_npool;

static struct kc_pkt *pkt_get(void)
{
	if (pkt_npool)
		return pkt_pool[--pkt_npool];
	return malloc(sizeof(struct kc_pkt));
}

static void pkt_put(struct kc_pkt *p)
{
	if (pkt_npool < KC_USER_PKT_POOL)
		pkt_pool[pkt_npool++] = p;
	else
		free(p);
}
#endif

static struct kc_user_pbuf *pbuf_alloc(u32 size)
{
	struct kc_user_pbuf *b = malloc(sizeof(*b) + size);

	if (!b)
		return NULL;
	b->refs = 1;
	b->size = size;
	return b;
}

static void pbuf_put(struct kc_user_pbuf *b)
{
	if (--b->refs)
		return;
	KC_UNPOISON(b->head, b->size);
	free(b);
}

#ifdef KC_USER_POISON
void kc_user_pkt_poison(struct kc_pkt *p)
{
	struct kc_user_pbuf *b = p->buf;
	u32 off = p->data - b->head;

	if (b->refs > 1)
		return;
	KC_UNPOISON(b->head, b->size);
	KC_POISON(b->head, off);
	KC_POISON(p->data + p->len, b->size - off - p->len);
}
#endif

struct kc_pkt *kc_user_pkt_alloc(const void *data, u32 len, u32 headroom)
{
	struct kc_pkt *p = pkt_get();

	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->buf = pbuf_alloc(headroom + len + KC_USER_TAILROOM);
	if (!p->buf) {
		pkt_put(p);
		return NULL;
	}
	memset(p->buf->head, 0, headroom);
	p->data = p->buf->head + headroom;
	p->len = len;
	if (data)
		memcpy(p->data, data, len);
	else
		memset(p->data, 0, len);
	memset(p->data + len, 0, KC_USER_TAILROOM);
	kc_user_pkt_stats.allocs++;
	kc_user_pkt_poison(p);
	return p;
}

void kc_user_pkt_free(struct kc_pkt *p)
{
	if (!p)
		return;
	kc_user_pkt_stats.frees++;
	pbuf_put(p->buf);
	pkt_put(p);
}

/*
 * A buffer of p's own with at least need bytes of headroom (skb_cow_head,
 * pskb_expand_head): the whole old buffer, headroom included, is copied,
 * so bytes a Strip took off are still there for an Unstrip.
 */
int kc_user_pkt_unshare(struct kc_pkt *p, u32 need)
{
	struct kc_user_pbuf *old = p->buf, *b;
	u32 room = p->data - old->head;
	u32 extra = room < need ? need - room + KC_USER_HEADROOM : 0;

	if (old->refs == 1 && !extra)
		return 0;
	b = pbuf_alloc(old->size + extra);
	if (!b)
		return -ENOMEM;
	KC_UNPOISON(old->head, old->size);
	memset(b->head, 0, extra);
	memcpy(b->head + extra, old->head, old->size);
	p->data = b->head + extra + room;
	p->nh += extra;
	p->buf = b;
	pbuf_put(old);
	kc_user_pkt_stats.copies++;
	kc_user_pkt_poison(p);
	return 0;
}

struct kc_pkt *kc_user_pkt_clone(struct kc_pkt *p)
{
	struct kc_pkt *q = pkt_get();

	if (!q)
		return NULL;
	*q = *p;
	p->buf->refs++;
	/* Shared: every view is readable again (clones differ in extent). */
	KC_UNPOISON(p->buf->head, p->buf->size);
	kc_user_pkt_stats.clones++;
	kc_user_pkt_stats.allocs++;
	return q;
}
