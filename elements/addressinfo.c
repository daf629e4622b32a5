// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * AddressInfo(NAME ADDRESS [ADDRESS...], ...)
 * =s information
 * names for IPv4 addresses, prefixes and Ethernet addresses
 * =d
 * Each argument gives NAME one or more addresses: an IPv4 address
 * (18.26.4.9), a prefix (18.26.4.0/24), an address with its prefix
 * (18.26.4.9/24: both the address and the prefix), an Ethernet address,
 * or a device name (eth0, eth0:eth).  Every argument of every element
 * that takes an address then accepts NAME, and the kind of address is
 * chosen by the argument: EtherEncap(0x0800, intern, ...) takes intern's
 * Ethernet address, IPClassifier(dst host intern) its IP address,
 * IPClassifier(dst net intern) its prefix, ARPResponder(intern) and
 * ARPQuerier(intern) both.  A suffix picks one: NAME:ip, NAME:eth,
 * NAME:net (or :ipnet), NAME:bcast (the prefix's broadcast address),
 * NAME:gw (an address defined for "NAME:gw", else the prefix's first
 * host).  A name with an address and a prefix is an address where either
 * would do (ARPResponder(boojum ...) answers for boojum's address only).
 *
 * As in Click, an argument's first address of each kind defines it, and
 * an address of a single kind always does (a later one replaces it).
 * Names defined in a compound apply inside it only.  Device names that no
 * AddressInfo defines are the device's primary IPv4 address and prefix,
 * its Ethernet address, and (NAME:gw) its gateway, looked up when the
 * graph is installed or a handler is written, in the graph's network
 * namespace; `kclick run` knows devices' addresses from --dev-addr.
 *
 * Names are resolved when an element is configured or a handler written
 * (`kclick write g/f.config 'dst host intern'` uses the installed graph's
 * names), never on the packet path.  At most 4,096 names per graph, each
 * at most 63 characters.  IPv6 addresses are not supported.
 * =e
 *   AddressInfo(intern 18.26.4.9/24 00:50:ba:85:84:a9,
 *               extern 1.0.0.1 00:50:ba:85:84:aa);
 *   FromDevice(eth1) -> c :: Classifier(12/0806 20/0001, 12/0800, -);
 *   c[0] -> ARPResponder(intern) -> ToDevice(eth1);
 *   c[1] -> Strip(14) -> CheckIPHeader -> f :: IPClassifier(dst host intern, -);
 * =a ARPResponder, ARPQuerier, IPClassifier, EtherEncap
 */
#include <kclick/names.h>

struct addressinfo {
	struct kc_addrtab tab;
	struct kc_addrname *v;
};

static struct kc_addrname *name_slot(struct addressinfo *ai, const char *name)
{
	u32 i;

	for (i = 0; i < ai->tab.n; i++)
		if (!strcmp(ai->v[i].name, name))
			return &ai->v[i];
	strcpy(ai->v[ai->tab.n].name, name);
	return &ai->v[ai->tab.n++];
}

/* One address word: the kinds it is (KC_AN_*), its values in a. */
static u8 address_kinds(const char *w, struct kc_addrname *a)
{
	u8 kinds = 0;

	if (!kc_parse_eth(w, a->eth))
		kinds |= KC_AN_ETH;
	if (!kc_parse_ip4(w, &a->ip)) {
		kinds |= KC_AN_IP;
	} else if (!kc_parse_ip4_prefix(w, &a->net, &a->mask, false)) {
		kinds |= KC_AN_PREFIX;
		a->ip = a->net;
		if (a->net & ~a->mask)	/* 18.26.4.9/24: an address too */
			kinds |= KC_AN_IP;
	}
	return kinds;
}

/* "NAME ADDRESS [ADDRESS...]" */
static int add_arg(struct addressinfo *ai, char *s, struct kc_errbuf *err)
{
	struct kc_addrname *slot = NULL, val;
	struct kc_quote q;
	u8 kinds = 0, k;
	char *w;
	bool one;
	int nw = 0;

	while ((w = strsep(&s, " \t\r\n"))) {
		if (!*w)
			continue;
		if (!nw++) {
			if (strlen(w) >= KC_ADDRNAME_LEN)
				return kc_errf(err, EINVAL,
					       "name '%s' is longer than %d characters",
					       kc_quote_str(&q, w),
					       KC_ADDRNAME_LEN - 1);
			if (ai->tab.n >= KC_NAMES_MAX)
				return kc_errf(err, E2BIG,
					       "more than %d names",
					       KC_NAMES_MAX);
			slot = name_slot(ai, w);
			continue;
		}
		memset(&val, 0, sizeof(val));
		k = address_kinds(w, &val);
		if (!k)
			return kc_errf(err, EINVAL,
				       "'%s' is not a recognizable address",
				       kc_quote_str(&q, w));
		one = !(k & (k - 1));
		if ((k & KC_AN_ETH) && (one || !(kinds & KC_AN_ETH)))
			memcpy(slot->eth, val.eth, sizeof(val.eth));
		if ((k & KC_AN_IP) && (one || !(kinds & KC_AN_IP)))
			slot->ip = val.ip;
		if ((k & KC_AN_PREFIX) && (one || !(kinds & KC_AN_PREFIX))) {
			slot->net = val.net;
			slot->mask = val.mask;
		}
		slot->kinds |= k;
		kinds |= k;
	}
	if (nw == 1)
		return kc_errf(err, EINVAL, "'%s': expected NAME ADDRESS...",
			       kc_quote_str(&q, slot->name));
	return 0;
}

static int addressinfo_configure(struct kc_elem *e, struct kc_args *args)
{
	struct addressinfo *ai = kc_priv(e);
	int i, n = args->n < KC_NAMES_MAX ? args->n : KC_NAMES_MAX;

	ai->v = n ? kc_zalloc(n * sizeof(*ai->v)) : NULL;
	if (n && !ai->v)
		return -ENOMEM;
	ai->tab.v = ai->v;
	for (i = 0; i < args->n; i++) {
		const struct kc_arg *a = &args->v[i];
		size_t kl = a->key ? strlen(a->key) + 1 : 0;
		char *s = kc_zalloc(kl + strlen(a->val) + 1);
		int ret;

		if (!s)
			return -ENOMEM;
		/* "MY_ADDR 10.0.0.1" was split as a keyword and its value. */
		if (a->key) {
			memcpy(s, a->key, kl - 1);
			s[kl - 1] = ' ';
		}
		strcpy(s + kl, a->val);
		args->v[i].used = true;
		ret = add_arg(ai, s, args->err);
		kc_free(s);
		if (ret)
			return ret;
	}
	return 0;
}

static void addressinfo_cleanup(struct kc_elem *e)
{
	struct addressinfo *ai = kc_priv(e);

	kc_free(ai->v);
}

static const void *addressinfo_cast(struct kc_elem *e, const char *iface)
{
	struct addressinfo *ai = kc_priv(e);

	return strcmp(iface, "AddressInfo") ? NULL : &ai->tab;
}

const struct kc_class kc_addressinfo_class = {
	.name = "AddressInfo",
	.ports = "0/0",
	.processing = "a/a",
	.priv_size = sizeof(struct addressinfo),
	.flags = KC_CLASS_F_NAMES,
	.configure = addressinfo_configure,
	.cleanup = addressinfo_cleanup,
	.cast = addressinfo_cast,
};
