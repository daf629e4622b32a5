// SPDX-License-Identifier: GPL-2.0
/*
 * Channels in the userspace harness (include/kclick/chan.h): one registry
 * for the process (there are no namespaces), one thread, so no locks and
 * no grace periods.  A graph is live as soon as it is built, so a
 * FromChannel receives from its initialize on; the harness has no
 * replace (the kernel's takeover is kmod/chain.c's), and a second
 * FromChannel of a channel is refused while the first one exists.
 *
 * `kclick run` builds one graph, so a channel only connects graphs when a
 * program (the unit tests) builds several in one process; otherwise a
 * ToChannel whose channel has no receiver counts and drops.
 */
#include <string.h>

#include <kclick/chan.h>
#include "kcuser.h"

struct kc_user_chan {
	struct kc_user_chan *next;
	char name[KC_CHAN_NAME_MAX];
	struct kc_elem *rx;
	u32 nrefs;
};

struct kc_chanref {
	struct kc_user_chan *chan;
	bool rx;
};

static struct kc_user_chan *chans;
static int nchans;

int kc_user_chan_live(void)
{
	return nchans;
}

static struct kc_user_chan *chan_get(const char *name, struct kc_errbuf *err,
				     int *ret)
{
	struct kc_user_chan *ch;
	struct kc_quote q;

	for (ch = chans; ch; ch = ch->next)
		if (!strcmp(ch->name, name))
			return ch;
	if (strlen(name) >= KC_CHAN_NAME_MAX) {
		*ret = kc_errf(err, EINVAL, "channel name '%s' is too long",
			       kc_quote_str(&q, name));
		return NULL;
	}
	ch = kc_zalloc(sizeof(*ch));
	if (!ch) {
		*ret = -ENOMEM;
		return NULL;
	}
	strcpy(ch->name, name);
	ch->next = chans;
	chans = ch;
	nchans++;
	return ch;
}

static void chan_put_unused(struct kc_user_chan *ch)
{
	struct kc_user_chan **pp;

	if (ch->nrefs)
		return;
	for (pp = &chans; *pp != ch; pp = &(*pp)->next)
		;
	*pp = ch->next;
	nchans--;
	kc_free(ch);
}

static int attach(struct kc_elem *e, const char *name, bool rx,
		  struct kc_chanref **out, struct kc_errbuf *err)
{
	struct kc_user_chan *ch;
	struct kc_chanref *ref;
	struct kc_quote q;
	int ret = 0;

	ch = chan_get(name, err, &ret);
	if (!ch)
		return ret;
	if (rx && ch->rx) {
		ret = kc_errf(err, EBUSY,
			      "channel '%s' is already received by element '%s'",
			      kc_quote_str(&q, name), ch->rx->name);
		chan_put_unused(ch);
		return ret;
	}
	ref = kc_zalloc(sizeof(*ref));
	if (!ref) {
		chan_put_unused(ch);
		return -ENOMEM;
	}
	ref->chan = ch;
	ref->rx = rx;
	ch->nrefs++;
	if (rx)
		ch->rx = e;
	*out = ref;
	return 0;
}

int kc_chan_rx_attach(struct kc_elem *e, const char *name,
		      struct kc_chanref **out, struct kc_errbuf *err)
{
	return attach(e, name, true, out, err);
}

int kc_chan_tx_attach(struct kc_elem *e, const char *name,
		      struct kc_chanref **out, struct kc_errbuf *err)
{
	return attach(e, name, false, out, err);
}

void kc_chan_release(struct kc_chanref *ref)
{
	struct kc_user_chan *ch;

	if (!ref)
		return;
	ch = ref->chan;
	if (ref->rx)
		ch->rx = NULL;
	ch->nrefs--;
	chan_put_unused(ch);
	kc_free(ref);
}

struct kc_elem *kc_chan_receiver(struct kc_chanref *ref)
{
	return ref->chan->rx;
}

void kc_chan_describe(struct kc_chanref *ref, struct kc_buf *out)
{
	if (ref->chan->rx)
		kc_buf_printf(out, "%s", ref->chan->rx->name);
}
