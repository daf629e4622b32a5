// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * StrideSched(TICKETS0, ..., TICKETSN-1)
 * =s scheduling
 * pulls from stride-scheduled inputs
 * =d
 * One output, N inputs, one TICKETS argument per input (0 to 32,768;
 * Click reduces larger numbers to 32,768 with a warning, and so does
 * kclick, silently).  Packet-based stride scheduling: input i has a
 * stride of 65,536 / TICKETSi and a pass, which starts at its stride.
 * Each pull on the output tries the inputs in order of pass (on a tie,
 * the one stridden most recently first; at the start, input 0 first),
 * until one brings a packet; then every input tried, whether it brought
 * one or not, moves its pass on by its stride, so it is not tried again
 * before the others have had their turn.  A pull that finds every input
 * empty moves nothing (Click's puller would not have pulled: its inputs'
 * empty notification tells it).  Over time, inputs that always
 * have packets get pulls in proportion to their tickets (with tickets 3
 * and 1: three packets from input 0 for every one from input 1); an
 * input with no tickets is never pulled.
 *
 * Click's StrideSched skips inputs whose queues say they are empty; here
 * it pulls them (an empty Queue answers at once), which gives the same
 * order.  Pullers on several CPUs take turns under the element's lock.
 * =h tickets read/write
 * The tickets of every input, in order ("3 1").  Write "PORT TICKETS"
 * ("1 4") to set one input's: Click has a `ticketsPORT` handler per
 * input, and kclick's handlers are one table per class.  An input given
 * tickets after having none joins just behind the current front, as in
 * Click.
 * =e
 *   hi :: Queue; lo :: Queue;
 *   ss :: StrideSched(3, 1) -> ToDevice(eth1);
 *   hi -> [0] ss; lo -> [1] ss;
 * =a PrioSched, RoundRobinSched
 */
#include <kclick/element.h>

#define STRIDE1		(1U << 16)
#define STRIDE_TICKETS_MAX	(1U << 15)

struct stridesched {
	kc_lock_t lock;		/* everything below */
	u32 n;			/* inputs */
	u32 *tickets, *stride, *pass;
	u32 *order;		/* inputs with tickets, by pass */
	u32 *tmp;		/* the tried ones of one pull */
	u32 norder;
};

/* a's pass is after b's, with wraparound (Click's PASS_GT). */
static bool pass_gt(u32 a, u32 b)
{
	return (s32)(a - b) > 0;
}

/* Put input i in order, after every input whose pass is below its own. */
static void ss_insert(struct stridesched *s, u32 i)
{
	u32 k = 0, j;

	while (k < s->norder && pass_gt(s->pass[i], s->pass[s->order[k]]))
		k++;
	for (j = s->norder; j > k; j--)
		s->order[j] = s->order[j - 1];
	s->order[k] = i;
	s->norder++;
}

static void ss_remove(struct stridesched *s, u32 i)
{
	u32 k, j = 0;

	for (k = 0; k < s->norder; k++)
		if (s->order[k] != i)
			s->order[j++] = s->order[k];
	s->norder = j;
}

static void ss_set_tickets(struct stridesched *s, u32 i, u32 t)
{
	u32 old = s->tickets[i];

	if (t > STRIDE_TICKETS_MAX)
		t = STRIDE_TICKETS_MAX;
	s->tickets[i] = t;
	s->stride[i] = t ? STRIDE1 / t : 0;
	if (!t && old) {
		ss_remove(s, i);
	} else if (t && !old) {
		s->pass[i] = s->norder ? s->pass[s->order[0]] + s->stride[i] : 0;
		ss_insert(s, i);
	}
}

static int ss_tickets(const char *val, int i, u32 *t, struct kc_errbuf *err)
{
	char key[24];
	int v;

	snprintf(key, sizeof(key), "TICKETS%d", i);
	if (kc_arg_value(key, val, KC_ARG_INT, &v, sizeof(v), err))
		return -EINVAL;
	if (v < 0)
		return kc_errf(err, EINVAL, "%s: must be 0 or more, got %d",
			       key, v);
	*t = v;
	return 0;
}

static int stridesched_configure(struct kc_elem *e, struct kc_args *args)
{
	struct stridesched *s = kc_priv(e);
	struct kc_quote q;
	u32 t;
	int i;

	kc_lock_init(&s->lock);
	s->n = e->ninputs;
	if (args->n != (int)s->n)
		return kc_errf(args->err, EINVAL,
			       "need %u arguments, one TICKETS per input, got %d",
			       s->n, args->n);
	s->tickets = kc_zalloc(s->n * sizeof(u32));
	s->stride = kc_zalloc(s->n * sizeof(u32));
	s->pass = kc_zalloc(s->n * sizeof(u32));
	s->order = kc_zalloc(s->n * sizeof(u32));
	s->tmp = kc_zalloc(s->n * sizeof(u32));
	if (!s->tickets || !s->stride || !s->pass || !s->order || !s->tmp)
		return -ENOMEM;
	for (i = 0; i < args->n; i++) {
		args->v[i].used = true;
		if (args->v[i].key)
			return kc_errf(args->err, EINVAL,
				       "argument %d: unexpected keyword '%s'",
				       i + 1, kc_quote_str(&q, args->v[i].key));
		if (ss_tickets(args->v[i].val, i, &t, args->err))
			return -EINVAL;
		s->tickets[i] = min(t, STRIDE_TICKETS_MAX);
		s->stride[i] = s->tickets[i] ? STRIDE1 / s->tickets[i] : 0;
		s->pass[i] = s->stride[i];
	}
	/* Inserted last to first, so that on ties input 0 comes first. */
	for (i = s->n - 1; i >= 0; i--)
		if (s->tickets[i])
			ss_insert(s, i);
	return 0;
}

/*
 * Packet path: pulled by a task (softirq, RCU read side).  A pull that
 * finds every input empty changes nothing: in Click the puller would not
 * have pulled (the inputs' empty notification says so), while here each
 * task run ends with such a pull, and striding on it would push the
 * inputs with few tickets far back for every burst of traffic.
 */
static struct kc_pkt *stridesched_pull(struct kc_elem *e, int port)
{
	struct stridesched *s = kc_priv(e);
	struct kc_pkt *p = NULL;
	u32 k = 0, j, i;

	kc_lock(&s->lock);
	while (k < s->norder && !p) {
		i = s->order[k];
		s->tmp[k++] = i;
		p = kc_pull(e, i);
	}
	if (p) {
		/* The tried ones stride, and go back in by their new pass. */
		for (j = 0; j + k < s->norder; j++)
			s->order[j] = s->order[j + k];
		s->norder -= k;
		for (j = 0; j < k; j++) {
			s->pass[s->tmp[j]] += s->stride[s->tmp[j]];
			ss_insert(s, s->tmp[j]);
		}
	}
	kc_unlock(&s->lock);
	return p;
}

static void stridesched_cleanup(struct kc_elem *e)
{
	struct stridesched *s = kc_priv(e);

	kc_free(s->tickets);
	kc_free(s->stride);
	kc_free(s->pass);
	kc_free(s->order);
	kc_free(s->tmp);
}

/* Handlers: process context, graph lock held. */
static int stridesched_read_tickets(struct kc_elem *e, struct kc_buf *b)
{
	struct stridesched *s = kc_priv(e);
	u32 i;

	kc_lock(&s->lock);
	for (i = 0; i < s->n; i++)
		kc_buf_printf(b, "%s%u", i ? " " : "", s->tickets[i]);
	kc_unlock(&s->lock);
	return 0;
}

static int stridesched_write_tickets(struct kc_elem *e, const char *val,
				     struct kc_errbuf *err)
{
	struct stridesched *s = kc_priv(e);
	const char *sp = strpbrk(val, " \t");
	char port_s[16];
	u64 port;
	u32 t;

	if (!sp || sp - val >= (long)sizeof(port_s))
		return kc_errf(err, EINVAL, "expected 'PORT TICKETS'");
	memcpy(port_s, val, sp - val);
	port_s[sp - val] = 0;
	while (*sp == ' ' || *sp == '\t')
		sp++;
	if (kc_parse_u64(port_s, 0xffffffffULL, &port) || port >= s->n)
		return kc_errf(err, EINVAL, "PORT: expected an input, 0 to %u",
			       s->n - 1);
	if (ss_tickets(sp, port, &t, err))
		return -EINVAL;
	kc_lock(&s->lock);
	ss_set_tickets(s, port, t);
	kc_unlock(&s->lock);
	kc_wake_through(e);	/* the input may be pulled now */
	return 0;
}

static const struct kc_handler stridesched_handlers[] = {
	{ .name = "tickets", .read = stridesched_read_tickets,
	  .write = stridesched_write_tickets },
};

const struct kc_class kc_stridesched_class = {
	.name = "StrideSched",
	.ports = "1-/1",
	.processing = "l/l",
	.priv_size = sizeof(struct stridesched),
	.configure = stridesched_configure,
	.pull = stridesched_pull,
	.cleanup = stridesched_cleanup,
	.handlers = stridesched_handlers,
	.nhandlers = ARRAY_SIZE(stridesched_handlers),
};
