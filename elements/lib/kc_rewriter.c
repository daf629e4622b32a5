// SPDX-License-Identifier: GPL-2.0
/*
 * The rewriter base (kc_rewriter.h): patterns and their port allocator,
 * input specs, the shared configure/initialize/take_state/cleanup, the
 * expiry task, the handlers and the TCP/UDP packet path.
 */
#include "kc_rewriter.h"

#define TCP_FIN		0x01
#define TCP_RST		0x04

/* ---- Patterns ---------------------------------------------------------- */

/* The next word of s into w (at most n - 1 bytes); its length, 0 at end. */
static size_t rw_word(const char **s, char *w, size_t n)
{
	const char *p = *s;
	size_t len;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	len = strcspn(p, " \t\n\r");
	*s = p + len;
	if (len >= n)
		len = n - 1;
	memcpy(w, p, len);
	w[len] = 0;
	return len;
}

static int rw_parse_port(const char *w, u16 *out)
{
	u32 v = 0;

	if (!*w)
		return -EINVAL;
	for (; *w; w++) {
		if (*w < '0' || *w > '9')
			return -EINVAL;
		v = v * 10 + (*w - '0');
		if (v > 65535)
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static int rw_parse_sport(struct kc_rw_pattern *pat, char *w)
{
	size_t n = strlen(w);
	char *dash;

	if (n && w[n - 1] == '#') {
		pat->flags |= KC_RW_PAT_SEQUENTIAL;
		w[--n] = 0;
	} else if (n && w[n - 1] == '?') {
		pat->flags |= KC_RW_PAT_RANDOM;
		w[--n] = 0;
	}
	dash = strchr(w, '-');
	if (dash) {
		*dash = 0;
		if (rw_parse_port(w, &pat->sport_lo) ||
		    rw_parse_port(dash + 1, &pat->sport_hi) ||
		    pat->sport_hi < pat->sport_lo)
			return -EINVAL;
		pat->flags |= KC_RW_PAT_RANGE;
	} else {
		if (rw_parse_port(w, &pat->sport_lo))
			return -EINVAL;
		pat->sport_hi = pat->sport_lo;
		pat->flags &= ~(KC_RW_PAT_SEQUENTIAL | KC_RW_PAT_RANDOM);
	}
	pat->flags |= KC_RW_PAT_SPORT;
	return 0;
}

int kc_rw_pattern_parse(struct kc_rw_pattern *pat, const char *text,
			const char *what, struct kc_errbuf *err)
{
	static const char *const names[] = { "SADDR", "SPORT", "DADDR",
					     "DPORT" };
	struct kc_quote q;
	char w[4][24], extra[4];
	u16 dport;
	int i;

	for (i = 0; i < 4; i++)
		if (!rw_word(&text, w[i], sizeof(w[i])))
			return kc_errf(err, EINVAL,
				       "%s: expected SADDR SPORT DADDR DPORT, %s missing", what, names[i]);
	if (rw_word(&text, extra, sizeof(extra)))
		return kc_errf(err, EINVAL, "%s: '%s' after DPORT", what,
			       kc_quote_str(&q, extra));
	for (i = 0; i < 4; i++) {
		char orig[24];
		int bad = 0;

		if (!strcmp(w[i], "-"))
			continue;
		memcpy(orig, w[i], sizeof(orig));
		switch (i) {
		case 0:
			bad = kc_parse_ip4(w[0], &pat->saddr);
			pat->flags |= KC_RW_PAT_SADDR;
			break;
		case 1:
			bad = rw_parse_sport(pat, w[1]);
			break;
		case 2:
			bad = kc_parse_ip4(w[2], &pat->daddr);
			pat->flags |= KC_RW_PAT_DADDR;
			break;
		case 3:
			bad = rw_parse_port(w[3], &dport);
			pat->dport = cpu_to_be16(dport);
			pat->flags |= KC_RW_PAT_DPORT;
			break;
		}
		if (bad)
			return kc_errf(err, EINVAL, "%s: %s '%s' is not %s",
				       what, names[i], kc_quote_str(&q, orig),
				       i & 1 ? "a port or port range" :
				       "an IP address");
	}
	return 0;
}

/* Nothing to free since ports are searched in the flow table. */
void kc_rw_pattern_free(struct kc_rw_pattern *pat)
{
}

bool kc_rw_pattern_same(const struct kc_rw_pattern *a,
			const struct kc_rw_pattern *b)
{
	return a->flags == b->flags && a->saddr == b->saddr &&
	       a->daddr == b->daddr && a->sport_lo == b->sport_lo &&
	       a->sport_hi == b->sport_hi && a->dport == b->dport;
}

void kc_rw_pattern_print(struct kc_buf *b, struct kc_rw_pattern *pat)
{
	if (pat->name[0])
		kc_buf_printf(b, "%s ", pat->name);
	if (pat->flags & KC_RW_PAT_SADDR)
		kc_buf_ip4(b, &pat->saddr);
	else
		kc_buf_printf(b, "-");
	if (pat->flags & KC_RW_PAT_RANGE)
		kc_buf_printf(b, " %u-%u%s ", pat->sport_lo, pat->sport_hi,
			      pat->flags & KC_RW_PAT_SEQUENTIAL ? "#" :
			      pat->flags & KC_RW_PAT_RANDOM ? "?" : "");
	else if (pat->flags & KC_RW_PAT_SPORT)
		kc_buf_printf(b, " %u ", pat->sport_lo);
	else
		kc_buf_printf(b, " - ");
	if (pat->flags & KC_RW_PAT_DADDR)
		kc_buf_ip4(b, &pat->daddr);
	else
		kc_buf_printf(b, "-");
	if (pat->flags & KC_RW_PAT_DPORT)
		kc_buf_printf(b, " %u", be16_to_cpu(pat->dport));
	else
		kc_buf_printf(b, " -");
	if (pat->flags & KC_RW_PAT_RANGE) {
		u64 n = (u64)atomic64_read(&pat->users);

		kc_buf_printf(b, " [%llu flow%s, %u ports]",
			      (unsigned long long)n, n == 1 ? "" : "s",
			      pat->sport_hi - pat->sport_lo + 1);
	}
	kc_buf_printf(b, "\n");
}

/* The source port of out becomes port (for ICMP echo, the identifier). */
static inline void rw_set_port(struct kc_flowid *out, u16 port)
{
	out->sport = cpu_to_be16(port);
	/*
	 * ICMP echo flows (ICMPPingRewriter) carry the identifier as sport
	 * and identifier + 1 as dport, so that a request and a reply with
	 * the same addresses and identifier never share an ID (Click's
	 * scheme); the new identifier moves both.
	 */
	if (out->proto == KC_IPPROTO_ICMP)
		out->dport = cpu_to_be16((u16)(port + 1));
}

/*
 * Packet path, RCU read side: a flow id rewritten to out would find its
 * reply ID taken: in t (as either direction of any flow; an expired flow
 * the sweep has not reached counts), or id itself (a flow that would be
 * its own reply).  A hint: kc_flow_create() checks again under the locks.
 */
static bool rw_reply_taken(struct kc_flow_table *t,
			   const struct kc_flowid *id,
			   const struct kc_flowid *out)
{
	struct kc_flowid r;

	kc_flowid_reverse(&r, out);
	return kc_flowid_eq(&r, id) || kc_flow_lookup(t, &r);
}

/*
 * Packet path: give out a port of pat's range (n ports) whose reply ID is
 * free; false if the bounded search found none.  The candidates, each one
 * lookup:
 *   - the packet's own port (Click's preference);
 *   - KC_RW_PORT_PROBES consecutive ports from the cursor ('#' and the
 *     default: on a range filled in order the cursor's port is free) or
 *     from a random start ('?');
 *   - then the spread scan: ports stride = n / KC_RW_PORT_SCAN (rounded
 *     up) apart, from pat->scan, at most KC_RW_PORT_SCAN of them: every
 *     port when n <= KC_RW_PORT_SCAN, else one port in each stretch of
 *     stride, so a destination's free ports are found wherever they are
 *     left.  A scan that finds nothing moves pat->scan on by one: the next
 *     one visits the neighbouring ports, and stride failed scans in a row
 *     have visited every port (a destination with a free port is refused
 *     at most stride - 1 = 62 times in a row on a 64,512-port range, if
 *     no other search fails in between).
 * With t NULL the first candidate is given out unchecked: the caller
 * tries to insert the flow with it (the insert checks the reply ID), and
 * searches only if that fails, so a new flow whose port is free costs no
 * lookup more than the insert.
 */
static bool rw_find_port(struct kc_rw_pattern *pat, struct kc_flow_table *t,
			 const struct kc_flowid *id, struct kc_flowid *out,
			 u32 n)
{
	u16 pref = be16_to_cpu(id->sport);
	u32 i, k, start, stride, count;

	if (!(pat->flags & (KC_RW_PAT_SEQUENTIAL | KC_RW_PAT_RANDOM)) &&
	    pref >= pat->sport_lo && pref <= pat->sport_hi) {
		rw_set_port(out, pref);
		if (!t || !rw_reply_taken(t, id, out))
			return true;
	}
	start = pat->flags & KC_RW_PAT_RANDOM ? kc_random_u32() % n :
		READ_ONCE(pat->cursor) % n;
	if (!t) {
		i = start;
		rw_set_port(out, (u16)(pat->sport_lo + i));
		goto found;
	}
	count = min_t(u32, n, KC_RW_PORT_PROBES);
	for (k = 0, i = start; k < count; k++, i = i + 1 == n ? 0 : i + 1) {
		rw_set_port(out, (u16)(pat->sport_lo + i));
		if (!rw_reply_taken(t, id, out))
			goto found;
	}
	if (n <= KC_RW_PORT_PROBES)
		return false;
	stride = DIV_ROUND_UP(n, KC_RW_PORT_SCAN);
	count = DIV_ROUND_UP(n, stride);
	start = READ_ONCE(pat->scan) % n;
	for (k = 0, i = start; k < count; k++) {
		rw_set_port(out, (u16)(pat->sport_lo + i));
		if (!rw_reply_taken(t, id, out))
			goto found;
		i += stride;
		if (i >= n)
			i -= n;
	}
	WRITE_ONCE(pat->scan, start + 1 == n ? 0 : start + 1);
	return false;
found:
	WRITE_ONCE(pat->cursor, i + 1 == n ? 0 : i + 1);
	return true;
}

/* Packet path, RCU read side. */
int kc_rw_pattern_apply(struct kc_rw_pattern *pat, struct kc_flow_table *t,
			const struct kc_flowid *id, struct kc_flowid *out)
{
	*out = *id;
	if (pat->flags & KC_RW_PAT_SADDR)
		out->saddr = pat->saddr;
	if (pat->flags & KC_RW_PAT_DADDR)
		out->daddr = pat->daddr;
	if (pat->flags & KC_RW_PAT_DPORT)
		out->dport = pat->dport;
	if (pat->flags & KC_RW_PAT_RANGE) {
		if (!rw_find_port(pat, t, id, out,
				  pat->sport_hi - pat->sport_lo + 1u)) {
			atomic64_inc(&pat->failures);
			return -ENOSPC;
		}
	} else if (pat->flags & KC_RW_PAT_SPORT) {
		rw_set_port(out, pat->sport_lo);
	} else if (id->proto == KC_IPPROTO_ICMP) {
		rw_set_port(out, be16_to_cpu(out->sport));
	}
	atomic64_inc(&pat->users);
	return 0;
}

void kc_rw_pattern_release(struct kc_rw_pattern *pat)
{
	atomic64_dec(&pat->users);
}

void kc_rw_pattern_claim(struct kc_rw_pattern *pat)
{
	atomic64_inc(&pat->users);
}

struct kc_rw_pattern *kc_rw_patterns_find(struct kc_elem *e,
					  const char *name)
{
	struct kc_elem *o;
	u32 i, k;

	for (i = 0; (o = kc_elem_nth(e, i)); i++) {
		const struct kc_rw_patterns *set =
			kc_elem_cast(o, KC_RW_IFACE_PATTERNS);

		for (k = 0; set && k < set->n; k++)
			if (!strcmp(set->v[k].name, name))
				return &set->v[k];
	}
	return NULL;
}

/* ---- Configuration ----------------------------------------------------- */

struct kc_rw *kc_rw_of(struct kc_elem *e)
{
	return (struct kc_rw *)kc_elem_cast(e, KC_RW_IFACE_REWRITER);
}

const void *kc_rw_cast(struct kc_elem *e, const char *iface)
{
	return strcmp(iface, KC_RW_IFACE_REWRITER) ? NULL : kc_priv(e);
}

static int rw_parse_out(struct kc_elem *e, const char *w, u16 *out,
			int spec, struct kc_errbuf *err)
{
	struct kc_quote q;
	u16 v;

	if (rw_parse_port(w, &v))
		return kc_errf(err, EINVAL,
			       "input spec %d: '%s' is not an output port",
			       spec, kc_quote_str(&q, w));
	if (v >= e->noutputs)
		return kc_errf(err, EINVAL,
			       "input spec %d: output %u, but %u output%s",
			       spec, v, e->noutputs,
			       e->noutputs == 1 ? "" : "s");
	*out = v;
	return 0;
}

/* One input spec (Click's IPRewriterInput syntax); see kc_rewriter.h. */
static int rw_parse_spec(struct kc_elem *e, struct kc_rw_input *in,
			 const char *text, int spec, struct kc_errbuf *err)
{
	char w[8][24], what[32], more[4];
	const char *s = text;
	struct kc_quote q;
	int n = 0, ret;

	while (n < 8 && rw_word(&s, w[n], sizeof(w[n])))
		n++;
	if (n == 0)
		return kc_errf(err, EINVAL, "input spec %d is empty", spec);
	if (rw_word(&s, more, sizeof(more)))
		return kc_errf(err, EINVAL, "input spec %d: too many words",
			       spec);
	if (!strcmp(w[0], "drop") || !strcmp(w[0], "discard")) {
		if (n != 1)
			goto syntax;
		in->kind = KC_RW_DROP;
		return 0;
	}
	if (!strcmp(w[0], "pass") || !strcmp(w[0], "nochange")) {
		if (n != 2)
			goto syntax;
		in->kind = KC_RW_PASS;
		return rw_parse_out(e, w[1], &in->fout, spec, err);
	}
	if (!strcmp(w[0], "keep")) {
		if (n != 3)
			goto syntax;
		in->kind = KC_RW_KEEP;
		return rw_parse_out(e, w[1], &in->fout, spec, err) ?:
		       rw_parse_out(e, w[2], &in->rout, spec, err);
	}
	if (!strcmp(w[0], "pattern")) {
		in->kind = KC_RW_PATTERN;
		if (n == 4) {
			in->ref = kc_strdup(w[1]);
			if (!in->ref)
				return -ENOMEM;
		} else if (n == 7 || n == 5) {
			char pt[4 * 24 + 4];

			in->pat = kc_zalloc(sizeof(*in->pat));
			if (!in->pat)
				return -ENOMEM;
			in->pat_owned = true;
			snprintf(what, sizeof(what), "input spec %d", spec);
			/* Click's address-only form "SADDR DADDR". */
			if (n == 5)
				snprintf(pt, sizeof(pt), "%s - %s -", w[1],
					 w[2]);
			else
				snprintf(pt, sizeof(pt), "%s %s %s %s", w[1],
					 w[2], w[3], w[4]);
			ret = kc_rw_pattern_parse(in->pat, pt, what, err);
			if (ret)
				return ret;
		} else {
			goto syntax;
		}
		return rw_parse_out(e, w[n - 2], &in->fout, spec, err) ?:
		       rw_parse_out(e, w[n - 1], &in->rout, spec, err);
	}
	if (n == 1) {
		in->kind = KC_RW_MAPPER;
		in->ref = kc_strdup(w[0]);
		return in->ref ? 0 : -ENOMEM;
	}
syntax:
	return kc_errf(err, EINVAL,
		       "input spec %d: '%s' is not 'drop', 'pass OUT', 'keep FOUT ROUT', 'pattern SADDR SPORT DADDR DPORT FOUT ROUT', 'pattern SADDR DADDR FOUT ROUT', 'pattern NAME FOUT ROUT' or a mapper name",
		       spec, kc_quote_str(&q, text));
}

/*
 * Click's keywords that kclick takes (a time, 0 s to 7 days) and needs no
 * setting for:
 *   - GUARANTEE, TCP_GUARANTEE, UDP_GUARANTEE: how long after its last
 *     packet Click keeps a flow before it may evict it for a new one when
 *     the table is full.  kclick never evicts a live flow (a full table
 *     refuses new flows), so every flow is kept until its timeout: any
 *     guarantee holds.
 *   - REAP_INTERVAL (REAP_TIME, its old name): how often Click looks for
 *     expired flows (default 15 min).  kclick's sweep passes over the
 *     table at least once a second while flows exist (docs/limits.md):
 *     flows go sooner than any interval asked for.
 */
static bool rw_accepted(const char *k, unsigned int keywords)
{
	return !strcmp(k, "GUARANTEE") || !strcmp(k, "REAP_INTERVAL") ||
	       !strcmp(k, "REAP_TIME") ||
	       ((keywords & KC_RW_K_TCP) && !strcmp(k, "TCP_GUARANTEE")) ||
	       ((keywords & KC_RW_K_UDP) && !strcmp(k, "UDP_GUARANTEE"));
}

static int rw_timeout(const char *key, const char *val, u64 *ns,
		      struct kc_errbuf *err)
{
	/* Click's SecondsArg: "300", "5min", "2h". */
	return kc_parse_time_in(key, val, 1000000000ULL,
				KC_RW_TIMEOUT_MAX * 1000000000ULL, ns, err);
}

int kc_rw_configure(struct kc_elem *e, struct kc_args *args,
		    const struct kc_rw_config *cfg)
{
	struct kc_rw *rw = kc_priv(e);
	u32 capacity = KC_FLOW_CAPACITY_DEF, nspec = 0, i;
	struct kc_errbuf *err = args->err;
	u64 tmo[KC_FLOW_NTCLASS], ignored;
	struct kc_quote q;
	int ret;

	rw->e = e;
	rw->ctr = e->pcpu;
	rw->dst_anno = true;
	for (i = 0; i < KC_FLOW_NTCLASS; i++)
		tmo[i] = (u64)cfg->timeout_def[i] * 1000000000ULL;
	for (i = 0; i < (u32)args->n; i++) {
		struct kc_arg *a = &args->v[i];

		if (!a->key || !*a->val)
			nspec++;
	}
	if (!nspec)
		return kc_errf(err, EINVAL, "no input specs");
	if (nspec < e->ninputs)
		return kc_errf(err, EINVAL,
			       "%u input spec%s for %u inputs", nspec,
			       nspec == 1 ? "" : "s", e->ninputs);
	rw->in = kc_zalloc(nspec * sizeof(*rw->in));
	if (!rw->in)
		return -ENOMEM;
	rw->ninputs = nspec;
	nspec = 0;
	for (i = 0; i < (u32)args->n; i++) {
		struct kc_arg *a = &args->v[i];
		const char *k = a->key;

		if (!k || !*a->val) {
			ret = rw_parse_spec(e, &rw->in[nspec], k ? k : a->val,
					    nspec, err);
			nspec++;
		} else if (!strcmp(k, "MAPPING_CAPACITY") ||
			   !strcmp(k, "CAPACITY")) {
			ret = kc_arg_value(k, a->val, KC_ARG_U32, &capacity, 0,
					   err);
			if (!ret && (!capacity ||
				     capacity > KC_FLOW_CAPACITY_MAX))
				ret = kc_errf(err, EINVAL,
					      "%s: %u is not 1 to %u", k,
					      capacity, KC_FLOW_CAPACITY_MAX);
		} else if ((cfg->keywords & KC_RW_K_TCP) &&
			   !strcmp(k, "TCP_TIMEOUT")) {
			ret = rw_timeout(k, a->val, &tmo[KC_FLOW_T_TCP], err);
		} else if ((cfg->keywords & KC_RW_K_TCP) &&
			   !strcmp(k, "TCP_NODATA_TIMEOUT")) {
			ret = rw_timeout(k, a->val, &tmo[KC_FLOW_T_TCP_NODATA],
					 err);
		} else if (rw_accepted(k, cfg->keywords)) {
			ret = kc_parse_time_in(k, a->val, 0,
					       KC_RW_TIMEOUT_MAX * 1000000000ULL,
					       &ignored, err);
		} else if ((cfg->keywords & KC_RW_K_TCP) &&
			   !strcmp(k, "TCP_DONE_TIMEOUT")) {
			ret = rw_timeout(k, a->val, &tmo[KC_FLOW_T_TCP_DONE],
					 err);
		} else if ((cfg->keywords & KC_RW_K_UDP) &&
			   !strcmp(k, "UDP_TIMEOUT")) {
			ret = rw_timeout(k, a->val, &tmo[KC_FLOW_T_UDP], err);
		} else if ((cfg->keywords & KC_RW_K_TIMEOUT) &&
			   !strcmp(k, "TIMEOUT")) {
			ret = rw_timeout(k, a->val, &tmo[cfg->timeout_tclass],
					 err);
		} else if ((cfg->keywords & KC_RW_K_DST_ANNO) &&
			   !strcmp(k, "DST_ANNO")) {
			ret = kc_arg_value(k, a->val, KC_ARG_BOOL,
					   &rw->dst_anno, 0, err);
		} else {
			ret = kc_errf(err, EINVAL, "unknown keyword '%s'",
				      kc_quote_str(&q, k));
		}
		if (ret)
			return ret;
	}
	ret = kc_flow_table_init(&rw->tab, capacity);
	if (ret)
		return ret;
	memcpy(rw->tab.timeout_ns, tmo, sizeof(tmo));
	return 0;
}

int kc_rw_initialize(struct kc_elem *e, struct kc_errbuf *err)
{
	struct kc_rw *rw = kc_priv(e);
	struct kc_quote q;
	u32 i;

	for (i = 0; i < rw->ninputs; i++) {
		struct kc_rw_input *in = &rw->in[i];
		struct kc_elem *m;

		if (!in->ref)
			continue;
		if (in->kind == KC_RW_PATTERN) {
			in->pat = kc_rw_patterns_find(e, in->ref);
			if (!in->pat)
				return kc_errf(err, ENOENT,
					       "input spec %u: no pattern '%s' in an IPRewriterPatterns", i,
					       kc_quote_str(&q, in->ref));
			continue;
		}
		m = kc_elem_find(e, in->ref);
		if (!m)
			return kc_errf(err, ENOENT,
				       "input spec %u: no element '%s'", i,
				       kc_quote_str(&q, in->ref));
		in->mops = kc_elem_cast(m, KC_RW_IFACE_MAPPER);
		if (!in->mops)
			return kc_errf(err, EINVAL,
				       "input spec %u: '%s' is not a mapper", i,
				       kc_quote_str(&q, in->ref));
		in->mapper = m;
	}
	return 0;
}

void kc_rw_cleanup(struct kc_elem *e)
{
	struct kc_rw *rw = kc_priv(e);
	u32 i;

	kc_flow_table_destroy(&rw->tab);
	for (i = 0; rw->in && i < rw->ninputs; i++) {
		if (rw->in[i].pat_owned) {
			kc_rw_pattern_free(rw->in[i].pat);
			kc_free(rw->in[i].pat);
		}
		kc_free(rw->in[i].ref);
	}
	kc_free(rw->in);
	rw->in = NULL;
}

/* ---- State across a replace -------------------------------------------- */

static struct kc_rw_pattern *rw_same_pattern(struct kc_rw *rw,
					     const struct kc_rw_pattern *old)
{
	struct kc_rw_pattern *pat;
	u32 i;

	for (i = 0; i < rw->ninputs; i++) {
		struct kc_rw_input *in = &rw->in[i];

		if (in->pat && kc_rw_pattern_same(in->pat, old))
			return in->pat;
		/* A mapper's backend: same fields and outputs. */
		if (in->mops && in->mops->find) {
			pat = in->mops->find(in->mapper, old);
			if (pat)
				return pat;
		}
	}
	return NULL;
}

/* Process context, under RCU (kc_flow_for_each): copy one old flow. */
static int rw_take_one(struct kc_flow *f, void *arg)
{
	struct kc_rw *rw = arg;
	const struct kc_flow_entry *fx = &f->e[KC_FLOW_FWD];
	const struct kc_flow_entry *rx = &f->e[KC_FLOW_REPLY];
	struct kc_rw_pattern *pat = NULL;
	struct kc_flow_entry *x;
	struct kc_flowid to;

	if (fx->output >= rw->e->noutputs || rx->output >= rw->e->noutputs)
		return 0;
	kc_flowid_reverse(&to, &rx->id);
	if (f->pat) {
		pat = rw_same_pattern(rw, f->pat);
		if (pat)
			kc_rw_pattern_claim(pat);
	}
	x = kc_flow_create(&rw->tab, &fx->id, &to, fx->output, rx->output,
			   READ_ONCE(f->tclass), pat, READ_ONCE(f->last_ns));
	if (x && x->dir == KC_FLOW_FWD) {
		struct kc_flow *nf = kc_flow_of(x);

		nf->tcp_flags = READ_ONCE(f->tcp_flags);
		nf->input = f->input;
		nf->user = f->user;
	}
	return 0;
}

void kc_rw_take_state(struct kc_elem *e, struct kc_elem *old)
{
	struct kc_rw *rw = kc_priv(e), *o = kc_priv(old);

	kc_flow_for_each(&o->tab, rw_take_one, rw);
	if (kc_flow_count(&rw->tab))
		kc_task_schedule_after(e, KC_RW_SWEEP_NS);
}

/* Task (softirq, RCU read side): expiry, a bounded slice at a time. */
void kc_rw_run_task(struct kc_elem *e)
{
	struct kc_rw *rw = kc_priv(e);

	if (!kc_flow_sweep(&rw->tab, kc_now_coarse_ns(), KC_FLOW_SWEEP_BUCKETS))
		kc_task_schedule_after(e, KC_RW_SWEEP_AGAIN_NS);
	else if (kc_flow_count(&rw->tab))
		kc_task_schedule_after(e, KC_RW_SWEEP_NS);
}

/* ---- Handlers ---------------------------------------------------------- */

static const char *rw_proto_name(u8 proto)
{
	switch (proto) {
	case KC_IPPROTO_TCP:
		return "tcp";
	case KC_IPPROTO_UDP:
		return "udp";
	case KC_IPPROTO_ICMP:
		return "icmp";
	default:
		return "ip";
	}
}

static void rw_print_id(struct kc_buf *b, const struct kc_flowid *id)
{
	kc_buf_printf(b, "(");
	kc_buf_ip4(b, &id->saddr);
	kc_buf_printf(b, ", %u, ", be16_to_cpu(id->sport));
	kc_buf_ip4(b, &id->daddr);
	kc_buf_printf(b, ", %u)", be16_to_cpu(id->dport));
}

struct rw_print {
	struct kc_buf *b;
	u64 now;
};

static int rw_print_flow(struct kc_flow *f, void *arg)
{
	struct rw_print *pr = arg;
	struct kc_flowid to;
	u64 idle = pr->now - READ_ONCE(f->last_ns);
	u8 tf = READ_ONCE(f->tcp_flags);

	if ((s64)idle < 0)
		idle = 0;
	kc_flow_rewritten(&f->e[KC_FLOW_FWD], &to);
	kc_buf_printf(pr->b, "%s ", rw_proto_name(f->e[0].id.proto));
	rw_print_id(pr->b, &f->e[KC_FLOW_FWD].id);
	kc_buf_printf(pr->b, " => ");
	rw_print_id(pr->b, &to);
	kc_buf_printf(pr->b, " [%u/%u] idle %llus%s\n",
		      f->e[KC_FLOW_FWD].output, f->e[KC_FLOW_REPLY].output,
		      (unsigned long long)(idle / 1000000000ULL),
		      tf & KC_FLOW_F_RST ? " rst" :
		      tf & (KC_FLOW_F_FIN_FWD | KC_FLOW_F_FIN_REPLY) ? " fin" :
		      "");
	return pr->b->overflow;
}

static int rw_read_table(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_rw *rw = kc_priv(e);
	struct rw_print pr = { .b = b, .now = kc_now_ns() };

	kc_flow_for_each(&rw->tab, rw_print_flow, &pr);
	return 0;
}

static int rw_read_size(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_rw *rw = kc_priv(e);

	kc_buf_printf(b, "%llu", (unsigned long long)kc_flow_count(&rw->tab));
	return 0;
}

static int rw_read_capacity(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_rw *rw = kc_priv(e);

	kc_buf_printf(b, "%u", READ_ONCE(rw->tab.capacity));
	return 0;
}

/* The buckets were sized for the configured capacity: no resize. */
static int rw_write_capacity(struct kc_elem *e, const char *val,
			     struct kc_errbuf *err)
{
	struct kc_rw *rw = kc_priv(e);
	u32 v, max = (rw->tab.mask + 1) * KC_FLOW_LOAD / 2;

	if (kc_arg_value("capacity", val, KC_ARG_U32, &v, 0, err))
		return -EINVAL;
	max = min_t(u32, max, KC_FLOW_CAPACITY_MAX);
	if (!v || v > max)
		return kc_errf(err, EINVAL,
			       "capacity: %u is not 1 to %u (the table's buckets were sized at configure time)", v, max);
	WRITE_ONCE(rw->tab.capacity, v);
	return 0;
}

static int rw_write_clear(struct kc_elem *e, const char *val,
			  struct kc_errbuf *err)
{
	struct kc_rw *rw = kc_priv(e);

	kc_flow_clear(&rw->tab);
	return 0;
}

static int rw_read_failures(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_rw *rw = kc_priv(e);
	u64 n = 0;
	u32 i;

	for (i = 0; i < rw->ninputs; i++)
		n += atomic64_read(&rw->in[i].failures);
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int rw_read_patterns(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_rw *rw = kc_priv(e);
	u32 i;

	for (i = 0; i < rw->ninputs; i++)
		if (rw->in[i].pat)
			kc_rw_pattern_print(b, rw->in[i].pat);
	return 0;
}

static int rw_read_flow_bytes(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_rw *rw = kc_priv(e);

	/* The record, plus the buckets' share at capacity. */
	kc_buf_printf(b, "%zu", kc_flow_bytes() +
		      DIV_ROUND_UP((size_t)(rw->tab.mask + 1) *
				   sizeof(*rw->tab.buckets),
				   rw->tab.capacity));
	return 0;
}

static int rw_read_drops(struct kc_elem *e, struct kc_buf *b)
{
	struct kc_rw *rw = kc_priv(e);
	u64 n = 0;
	int cpu;

	kc_for_each_cpu(cpu) {
		u64 *c = kc_per_cpu_ptr(rw->ctr, cpu);

		n += c[KC_RW_C_DROPPED] + c[KC_RW_C_BAD];
	}
	kc_buf_printf(b, "%llu", (unsigned long long)n);
	return 0;
}

static int rw_read_stats(struct kc_elem *e, struct kc_buf *b)
{
	static const char *const names[KC_RW_NCOUNTERS] = {
		"mapped", "new", "passed", "dropped", "bad" };
	struct kc_rw *rw = kc_priv(e);
	struct kc_flow_stats *s = &rw->tab.stats;
	u64 c[KC_RW_NCOUNTERS] = { 0 };
	int cpu, i;

	kc_for_each_cpu(cpu) {
		u64 *v = kc_per_cpu_ptr(rw->ctr, cpu);

		for (i = 0; i < KC_RW_NCOUNTERS; i++)
			c[i] += v[i];
	}
	for (i = 0; i < KC_RW_NCOUNTERS; i++)
		kc_buf_printf(b, "%s %llu\n", names[i],
			      (unsigned long long)c[i]);
	kc_buf_printf(b, "flows %llu\ncreated %llu\nrefused_full %llu\nrefused_clash %llu\nrefused_nomem %llu\nexpired %llu\n",
		      (unsigned long long)kc_flow_count(&rw->tab),
		      (unsigned long long)atomic64_read(&s->created),
		      (unsigned long long)atomic64_read(&s->full),
		      (unsigned long long)atomic64_read(&s->clash),
		      (unsigned long long)atomic64_read(&s->nomem),
		      (unsigned long long)atomic64_read(&s->expired));
	return 0;
}

const struct kc_handler kc_rw_handlers[KC_RW_NHANDLERS] = {
	{ .name = "table", .read = rw_read_table },
	{ .name = "mappings", .read = rw_read_table },
	{ .name = "size", .read = rw_read_size },
	{ .name = "nmappings", .read = rw_read_size },
	{ .name = "capacity", .read = rw_read_capacity,
	  .write = rw_write_capacity },
	{ .name = "clear", .write = rw_write_clear },
	{ .name = "mapping_failures", .read = rw_read_failures },
	{ .name = "patterns", .read = rw_read_patterns },
	{ .name = "flow_bytes", .read = rw_read_flow_bytes },
	{ .name = "drops", .read = rw_read_drops },
	{ .name = "stats", .read = rw_read_stats },
};

/* ---- Packet path ------------------------------------------------------- */

static void rw_count(struct kc_rw *rw, enum kc_rw_counter c)
{
	this_cpu_inc(rw->ctr[c]);
}

/*
 * Packet path, RCU read side: a new flow id through pat (pat may be NULL:
 * to is set).  With a range: first the insert with the first candidate
 * port, unchecked; if its reply ID is taken, the search, and the insert
 * with what it found; if another CPU took that reply ID meanwhile, the
 * search once more (the search then sees it taken).  A clash is counted
 * in the table's stats only when that last insert fails too.  NULL if
 * refused (counted in the table's stats or in pat->failures); -ENOSPC in
 * *err when the range had no port.
 */
static __always_inline struct kc_flow_entry *rw_map_pat(struct kc_rw *rw,
					const struct kc_flowid *id,
					struct kc_rw_pattern *pat,
					struct kc_flowid *to, u16 fout,
					u16 rout, u8 tclass, u64 now, int *err)
{
	struct kc_flow_entry *x;
	bool clash;
	int tries;

	*err = 0;
	if (!pat || !(pat->flags & KC_RW_PAT_RANGE)) {
		if (pat)
			kc_rw_pattern_apply(pat, NULL, id, to);
		return kc_flow_create(&rw->tab, id, to, fout, rout, tclass,
				      pat, now);
	}
	for (tries = 0; tries < 3; tries++) {
		clash = false;
		if (kc_rw_pattern_apply(pat, tries ? &rw->tab : NULL, id, to)) {
			*err = -ENOSPC;
			return NULL;
		}
		x = kc_flow_create_clash(&rw->tab, id, to, fout, rout, tclass,
					 pat, now, tries < 2 ? &clash : NULL);
		if (x || !clash)
			return x;
	}
	return NULL;
}

/* Packet path, RCU read side. */
struct kc_flow_entry *kc_rw_map(struct kc_rw *rw, int input,
				const struct kc_flowid *id, struct kc_pkt *p,
				u8 tclass, u64 now, int *verdict)
{
	struct kc_rw_input *in;
	struct kc_rw_pattern *pat = NULL, *last = NULL;
	struct kc_flow_entry *x = NULL;
	struct kc_flowid to;
	int tries, err;

	*verdict = KC_RW_VERDICT_DROP;
	if ((u32)input >= rw->ninputs)
		return NULL;
	in = &rw->in[input];
	switch (in->kind) {
	case KC_RW_PASS:
		*verdict = in->fout;
		return NULL;
	case KC_RW_KEEP:
		to = *id;
		x = rw_map_pat(rw, id, NULL, &to, in->fout, in->rout, tclass,
			       now, &err);
		break;
	case KC_RW_PATTERN:
		x = rw_map_pat(rw, id, in->pat, &to, in->fout, in->rout,
			       tclass, now, &err);
		break;
	case KC_RW_MAPPER:
		/*
		 * A backend whose ports towards this destination are used up
		 * is passed over: the mapper is asked again (round robin
		 * gives the next one), KC_RW_MAPPER_TRIES times at most, and
		 * not again once it repeats itself.
		 */
		for (tries = 0; tries < KC_RW_MAPPER_TRIES; tries++) {
			pat = in->mops->map(in->mapper, id, p);
			if (!pat || pat == last)
				break;
			last = pat;
			/*
			 * A mapper's pattern names its outputs; its backends
			 * may change at run time, so they are checked here.
			 */
			if (pat->fout >= rw->e->noutputs ||
			    pat->rout >= rw->e->noutputs)
				break;
			x = rw_map_pat(rw, id, pat, &to, pat->fout, pat->rout,
				       tclass, now, &err);
			if (x || err != -ENOSPC)
				break;
		}
		if (!x && !last)
			return NULL;	/* the mapper said no: dropped */
		break;
	default:
		return NULL;
	}
	if (!x) {
		atomic64_inc(&in->failures);
		return NULL;
	}
	kc_flow_of(x)->input = (u8)input;
	atomic64_inc(&in->count);
	kc_task_schedule_after(rw->e, KC_RW_SWEEP_NS);
	return x;
}

/* Packet path; inlined into kc_rw_push_l4. */
static __always_inline int rw_flowid(struct kc_pkt *p, unsigned int ipoff,
				     struct kc_flowid *id)
{
	const u8 *ip;
	unsigned int hl;
	u8 tail[4] = { 0 };
	__be32 ports = 0;
	u32 w[4];
	int r = 0;

	BUILD_BUG_ON(sizeof(*id) != sizeof(w) ||
		     offsetof(struct kc_flowid, daddr) != 4 ||
		     offsetof(struct kc_flowid, sport) != 8 ||
		     offsetof(struct kc_flowid, dport) != 10 ||
		     offsetof(struct kc_flowid, proto) != 12);
	if (!kc_pkt_may_pull(p, ipoff + KC_IP_HLEN))
		return -1;
	ip = kc_pkt_data(p) + ipoff;
	hl = (ip[0] & 15) * 4;
	if ((ip[0] >> 4) != 4 || hl < KC_IP_HLEN ||
	    !kc_pkt_may_pull(p, ipoff + hl))
		return -1;
	ip = kc_pkt_data(p) + ipoff;
	tail[0] = ip[9];
	if (kc_get16(ip + 6) & KC_IP_OFFMASK) {
		r = 1;
	} else if (ip[9] == KC_IPPROTO_TCP || ip[9] == KC_IPPROTO_UDP) {
		if (!kc_pkt_may_pull(p, ipoff + hl + 8))
			return -1;
		ip = kc_pkt_data(p) + ipoff;
		memcpy(&ports, ip + hl, 4);
	}
	/* The struct's layout is the header's: saddr, daddr, then ports. */
	memcpy(w, ip + 12, 8);
	memcpy(&w[2], &ports, 4);
	memcpy(&w[3], tail, 4);
	memcpy(id, w, sizeof(w));
	return r;
}

int kc_rw_flowid(struct kc_pkt *p, unsigned int ipoff, struct kc_flowid *id)
{
	return rw_flowid(p, ipoff, id);
}

/*
 * Packet path: the IPv4 header at ipoff (hl bytes) and l4len bytes after
 * it (18 of TCP or 8 of UDP, whose ports are rewritten; 0 for none) are
 * contiguous: give them to's addresses and ports.  One checksum
 * difference for the addresses (IP header and pseudo-header), one for the
 * ports, each checksum folded once.
 */
static __always_inline int rw_rewrite(struct kc_pkt *p, unsigned int ipoff,
				      unsigned int hl, unsigned int l4len,
				      const struct kc_flowid *to)
{
	__be32 sa, da, pf, pt;
	kc_csum_t ad;
	__sum16 *sum;
	u8 *ip, *l4;

	BUILD_BUG_ON(offsetof(struct kc_flowid, dport) !=
		     offsetof(struct kc_flowid, sport) + 2);
	if (kc_pkt_make_writable(p, ipoff + hl + l4len))
		return -ENOMEM;
	ip = kc_pkt_data(p) + ipoff;
	memcpy(&sa, ip + 12, 4);
	memcpy(&da, ip + 16, 4);
	ad = kc_csum_diff4(kc_csum_diff4(0, sa, to->saddr), da, to->daddr);
	if (sa != to->saddr || da != to->daddr) {
		kc_csum_replace_diff((__sum16 *)(ip + 10), ad);
		memcpy(ip + 12, &to->saddr, 4);
		memcpy(ip + 16, &to->daddr, 4);
	}
	if (!l4len)
		return 0;
	l4 = ip + hl;
	memcpy(&pf, l4, 4);
	memcpy(&pt, (const u8 *)to + offsetof(struct kc_flowid, sport), 4);
	if (sa == to->saddr && da == to->daddr && pf == pt)
		return 0;
	sum = (__sum16 *)(l4 + (l4len == 8 ? 6 : 16));
	/* A UDP checksum of 0 means "none": it stays 0. */
	if (l4len != 8 || *sum || kc_pkt_csum_partial(p)) {
		kc_pkt_l4_csum_replace_diff(p, sum, ad,
					    kc_csum_diff4(0, pf, pt));
		if (l4len == 8 && !*sum)
			*sum = (__force __sum16)0xffff;
	}
	memcpy(l4, &pt, 4);
	return 0;
}

/* Packet path. */
int kc_rw_rewrite(struct kc_pkt *p, unsigned int ipoff,
		  const struct kc_flowid *to)
{
	const u8 *ip = kc_pkt_data(p) + ipoff;
	unsigned int hl = (ip[0] & 15) * 4, l4len = 0;

	if (!(kc_get16(ip + 6) & KC_IP_OFFMASK)) {
		if (ip[9] == KC_IPPROTO_TCP)
			l4len = 18;
		else if (ip[9] == KC_IPPROTO_UDP)
			l4len = 8;
	}
	if (l4len && !kc_pkt_may_pull(p, ipoff + hl + l4len))
		return -EINVAL;
	return rw_rewrite(p, ipoff, hl, l4len, to);
}

/*
 * Packet path: the TCP segment at off (IP header hl bytes, 18 TCP bytes
 * contiguous) carries payload: the IP total length (not the packet's,
 * which may hold link padding; the packet's when the total length is 0,
 * as in a BIG TCP GSO packet) passes the headers.
 */
static bool rw_tcp_payload(struct kc_pkt *p, unsigned int off,
			   unsigned int hl)
{
	const u8 *ip = kc_pkt_data(p) + off;
	u32 len = kc_get16(ip + 2);

	if (!len)
		len = kc_pkt_len(p) - off;
	return len > hl + (ip[hl + 12] >> 4) * 4u;
}

/* Packet path, RCU read side. */
void kc_rw_push_l4(struct kc_elem *e, int port, struct kc_pkt *p, u32 protos)
{
	struct kc_rw *rw = kc_priv(e);
	struct kc_flow_entry *x;
	struct kc_flowid id, to;
	unsigned int hl, l4len;
	int off, r, verdict;
	u64 now;

	off = kc_pkt_ip_offset(p, KC_IP_HLEN);
	r = off < 0 ? -1 : rw_flowid(p, off, &id);
	if (r < 0)
		goto bad;
	if (r > 0 || id.proto >= 32 || !(protos & (1U << id.proto))) {
		/* Not mappable: only a pass input lets it through. */
		if ((u32)port < rw->ninputs &&
		    rw->in[port].kind == KC_RW_PASS) {
			rw_count(rw, KC_RW_C_PASSED);
			kc_push(e, rw->in[port].fout, p);
			return;
		}
		goto bad;
	}
	now = kc_now_coarse_ns();
	x = kc_rw_lookup(rw, &id);
	if (likely(x)) {
		rw_count(rw, KC_RW_C_MAPPED);
	} else {
		x = kc_rw_map(rw, port, &id, p,
			      id.proto == KC_IPPROTO_TCP ?
			      KC_FLOW_T_TCP_NODATA : KC_FLOW_T_UDP, now,
			      &verdict);
		if (!x) {
			if (verdict == KC_RW_VERDICT_DROP) {
				rw_count(rw, KC_RW_C_DROPPED);
				kc_drop(e, p);
			} else {
				rw_count(rw, KC_RW_C_PASSED);
				kc_push(e, verdict, p);
			}
			return;
		}
		rw_count(rw, KC_RW_C_NEW);
	}
	kc_flow_touch(kc_flow_of(x), now);
	kc_flow_rewritten(x, &to);
	/* kc_rw_flowid() checked version, length and fragment offset. */
	hl = (kc_pkt_data(p)[off] & 15) * 4;
	l4len = id.proto == KC_IPPROTO_TCP ? 18 : 8;
	if (!kc_pkt_may_pull(p, off + hl + l4len) ||
	    rw_rewrite(p, off, hl, l4len, &to))
		goto bad;
	if (id.proto == KC_IPPROTO_TCP) {
		const u8 *ip = kc_pkt_data(p) + off;
		struct kc_flow *f = kc_flow_of(x);

		/* Payload not seen yet this way (Click's NODATA timeout). */
		BUILD_BUG_ON(KC_FLOW_F_DATA_REPLY !=
			     KC_FLOW_F_DATA_FWD << KC_FLOW_REPLY);
		if (unlikely(READ_ONCE(f->tclass) == KC_FLOW_T_TCP_NODATA) &&
		    !(READ_ONCE(f->tcp_flags) & KC_FLOW_F_DATA_FWD << x->dir) &&
		    rw_tcp_payload(p, off, hl))
			kc_flow_tcp_data(x);
		r = ip[hl + 13];
		if (r & (TCP_FIN | TCP_RST))
			kc_flow_tcp_flags(x, r);
	}
	if (rw->dst_anno)
		kc_pkt_anno(p)->dst_ip = to.daddr;
	kc_push(e, x->output, p);
	return;
bad:
	rw_count(rw, KC_RW_C_BAD);
	kc_drop(e, p);
}
