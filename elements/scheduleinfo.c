// SPDX-License-Identifier: GPL-2.0
/*
 * =c
 * ScheduleInfo(ELEMENT PARAM, ...)
 * =s information
 * specifies scheduling parameters
 * =d
 * In Click, gives the task of ELEMENT a share of its thread's time: PARAM
 * is a positive real number, and an element with 2 runs four times as
 * often as one with 0.5 (Click's stride scheduler; default 1).
 *
 * kclick accepts it, checks that each PARAM is a positive number, and
 * does not use it: a kclick task is a tasklet (and an hrtimer for "later")
 * that runs only when it has work and does a bounded amount each run
 * (BURST packets, the engine's pull budget), and the kernel's softirq
 * processing, not kclick, decides when tasklets run.  There is no ticket
 * scheduler to weigh, and in `kclick run` tasks run in the order they
 * became ready.  Shares between traffic classes are set with the
 * schedulers (PrioSched, RoundRobinSched) and BURST instead.
 * ELEMENT need not exist, as in Click.  It has no ports.
 * =e
 *   ScheduleInfo(td0 2, td1 0.5);
 * =a PrioSched, RoundRobinSched, Unqueue
 */
#include <kclick/element.h>

/* A positive decimal number, digits with at most one '.'. */
static bool sched_param_ok(const char *s, size_t n)
{
	bool dot = false, digit = false, nonzero = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '.' && !dot) {
			dot = true;
		} else if (s[i] >= '0' && s[i] <= '9') {
			digit = true;
			nonzero |= s[i] != '0';
		} else {
			return false;
		}
	}
	return digit && nonzero;
}

static int scheduleinfo_configure(struct kc_elem *e, struct kc_args *args)
{
	struct kc_quote q;
	int i;

	for (i = 0; i < args->n; i++) {
		const char *s = args->v[i].key ? args->v[i].key : args->v[i].val;
		const char *rest;
		size_t n, m;

		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (!n)
			continue;	/* an empty argument, as Click allows */
		rest = args->v[i].key ? args->v[i].val : s + n;
		rest += strspn(rest, " \t\n");
		m = strcspn(rest, " \t\n");
		if (!m || rest[m + strspn(rest + m, " \t\n")] ||
		    !sched_param_ok(rest, m))
			return kc_errf(args->err, EINVAL,
				       "argument %d: expected 'ELEMENT PARAM' with PARAM a positive number, got '%s'",
				       i + 1, kc_quote_str(&q, args->v[i].val));
	}
	return 0;
}

const struct kc_class kc_scheduleinfo_class = {
	.name = "ScheduleInfo",
	.ports = "0/0",
	.processing = "a/a",
	.configure = scheduleinfo_configure,
};
