// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile configurations on a small stack: every recursion of the
 * classifier compiler is bounded, and error messages quote user text
 * safely, whatever the input.
 *
 * The kernel gives a task 16 KB of stack.  These tests run on a thread
 * with STACK bytes: ASan's frames (redzones around every local) are 3-4
 * times a kernel frame, so 64 KB here stands in for the 16 KB there.
 * The old compiler recursed in dnf() once per term (256 bytes a frame in
 * the kernel build: 300 terms are 75 KB, the VM's panic) and overflows
 * this too; the test then dies with ASan's stack-overflow report.
 * elements/lib/kc_classify.c has today's frame sizes (-fstack-usage) times
 * the depth bounds: under 4 KB.
 */
#include <pthread.h>
#include <string.h>
#include <stdlib.h>

#include "tap.h"
#include "harness.h"
#include <kclick/classify.h>

#define STACK		(64 * 1024)
#define NTERMS		300
#define BIGWORD		(40 * 1024)

static char msg[2048];

/* "PREFIX" then n times "SEP tcp" (first without SEP), then "SUFFIX". */
static char *rule_of(const char *prefix, const char *first, const char *sep,
		     int n, const char *suffix)
{
	size_t len = strlen(prefix) + strlen(suffix) + strlen(first) +
		     n * (strlen(sep) + 8) + 1;
	char *s = malloc(len), *o = s;
	int i;

	o += sprintf(o, "%s%s", prefix, first);
	for (i = 1; i < n; i++)
		o += sprintf(o, "%s", sep);
	sprintf(o, "%s", suffix);
	return s;
}

/* Compile one IPFilter rule: 0, or the error in msg. */
static int compile1(const char *rule)
{
	struct kc_errbuf eb = { { 0 } };
	struct kc_cls_prog *prog = NULL;
	const char *rules[1] = { rule };
	int ret;

	ret = kc_cls_compile(KC_CLS_IPFILTER, rules, 1, 1, &prog, &eb);
	snprintf(msg, sizeof(msg), "%s", eb.msg);
	kc_cls_free(prog);
	return ret;
}

static void test_compiler(void)
{
	static const struct {
		const char *what, *prefix, *first, *sep, *suffix;
		int n;
		const char *refusal;	/* NULL: must compile */
	} c[] = {
		{ "implied and", "allow ", "tcp", " tcp", "", NTERMS, NULL },
		{ "&& chain", "allow ", "tcp", " && tcp", "", NTERMS, NULL },
		{ "|| chain", "allow ", "tcp", " || tcp", "", NTERMS, NULL },
		{ "mixed and/or", "allow ", "tcp", " and udp or tcp && dst port 80",
		  "", NTERMS / 4, NULL },
		{ "port values", "allow dst port ", "1", " or 2", "", NTERMS, NULL },
		{ "not not not", "allow ", "", "not ", "tcp", NTERMS,
		  "nested deeper than 8" },
		{ "! ! !", "allow ", "", "! ", "tcp", NTERMS,
		  "nested deeper than 8" },
		{ "nested brackets", "allow ", "", "(", "tcp", NTERMS,
		  "nested deeper than 8" },
		{ "2,100 terms", "allow ", "tcp", " or tcp", "", 2100,
		  "more than 4096 words" },
		{ "20 ANDs of ORs (2^20 alternatives)", "allow ",
		  "(ip ttl > 1 or ip tos > 1)", " and (ip ttl > 1 or ip tos > 1)", "", 20,
		  "more than 65536 alternatives" },
		{ "2^16 alternatives AND 99 more", "allow ",
		  "(dst port > 100 or dst port > 101)", " and (dst port > 100 or dst port > 101)",
		  " and (dst port 1 or 2 or 3 or 4 or 5 or 6 or 7 or 8 or 9 or 10 or 11 or 12 or 13 or 14 or 15 or 16 or 17 or 18 or 19 or 20 or 21 or 22 or 23 or 24 or 25 or 26 or 27 or 28 or 29 or 30 or 31 or 32 or 33 or 34 or 35 or 36 or 37 or 38 or 39 or 40 or 41 or 42 or 43 or 44 or 45 or 46 or 47 or 48 or 49 or 50 or 51 or 52 or 53 or 54 or 55 or 56 or 57 or 58 or 59 or 60 or 61 or 62 or 63 or 64 or 65 or 66 or 67 or 68 or 69 or 70)",
		  16, "more than 4194304 steps" },
		{ "8 nested brackets", "allow ", "", "(", "tcp))))))))", 9, NULL },
		{ "9 nested brackets", "allow ", "", "(", "tcp)))))))))", 10,
		  "nested deeper than 8" },
		{ "not (and chain)", "allow not (", "tcp", " and not udp", ")",
		  NTERMS, NULL },
		/* Click's "?:" (issue 16): a chain is a list, a middle a level. */
		{ "?: chain", "allow ", "tcp", " ? udp : tcp", "", NTERMS, NULL },
		{ "?: chain of tests with masks", "allow ", "ip[1] & 3 == 1",
		  " ? transp[0:2] & 0xff00 > 2 : ip[1] & 3 == 1", "", 200, NULL },
		{ "8 nested ?: middles", "allow ", "tcp ? ", "tcp ? ",
		  "udp : icmp : icmp : icmp : icmp : icmp : icmp : icmp : icmp",
		  8, NULL },
		{ "10 nested ?: middles", "allow ", "tcp ? ", "tcp ? ",
		  "udp : icmp : icmp : icmp : icmp : icmp : icmp : icmp : icmp : icmp : icmp",
		  10, "nested deeper than 8" },
		/* A middle inside brackets is one level more. */
		{ "7 brackets, each a ?:", "allow ", "", "(tcp ? udp : ",
		  "icmp)))))))", 8, NULL },
		{ "8 brackets, each a ?:", "allow ", "", "(tcp ? udp : ",
		  "icmp))))))))", 9, "nested deeper than 8" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		char *r = rule_of(c[i].prefix, c[i].first, c[i].sep, c[i].n,
				  c[i].suffix);
		int ret = compile1(r);

		if (!c[i].refusal)
			tap_ok(ret == 0, "%s (%d terms) compiles: %s", c[i].what,
			       c[i].n, ret ? msg : "ok");
		else
			tap_ok(ret < 0 && strstr(msg, c[i].refusal) &&
			       strstr(msg, "rule 1") && strlen(msg) < 200,
			       "%s is refused naming the limit: %s", c[i].what,
			       msg);
		free(r);
	}
}

/* Rules whose tree would be deep: hosts alternating with other fields. */
static void test_deep_tree(void)
{
	struct kc_errbuf eb = { { 0 } };
	struct kc_cls_prog *prog = NULL;
	const char **rules = calloc(2000, sizeof(*rules));
	char (*buf)[64] = calloc(2000, 64);
	struct kc_buf b = { .data = msg, .cap = sizeof(msg) };
	int i, ret;

	for (i = 0; i < 2000; i++) {
		snprintf(buf[i], 64, i % 2 ? "allow src host 10.%d.%d.1" :
			 "allow dst host 10.%d.%d.2 and ip ttl > %d",
			 i / 250, i % 250, i % 200);
		rules[i] = buf[i];
	}
	ret = kc_cls_compile(KC_CLS_IPFILTER, rules, 2000, 1, &prog, &eb);
	tap_ok(ret == 0, "2,000 rules on alternating fields compile (%s)",
	       ret ? eb.msg : "ok");
	if (prog) {
		kc_cls_describe(prog, &b);
		printf("#   %.*s\n", (int)strcspn(msg, "\n"), msg);
	}
	kc_cls_free(prog);
	free(rules);
	free(buf);
}

/* The same through a graph: install, and the `config` handler. */
static void test_graph(void)
{
	char *r = rule_of("Idle -> f :: IPFilter(allow ", "tcp", " tcp", NTERMS,
			  ") -> Discard;");
	char *bad = rule_of("Idle -> f :: IPFilter(allow ", "", "(", NTERMS + 1,
			    "tcp"), *close = rule_of("", "", ")", NTERMS + 1,
						     ") -> Discard;");
	struct kc_graph *g = th_build(r, msg, sizeof(msg), NULL);
	char *w;

	bad = realloc(bad, strlen(bad) + strlen(close) + 1);
	strcat(bad, close);	/* brackets balanced for the Click parser */
	free(close);

	tap_ok(g != NULL, "IPFilter with %d terms installs (%s)", NTERMS,
	       g ? "ok" : msg);
	th_free(g);
	g = th_build(bad, msg, sizeof(msg), NULL);
	tap_ok(!g && strstr(msg, "nested deeper than 8"),
	       "IPFilter with %d nested brackets is refused: %s", NTERMS, msg);
	th_free(g);
	g = th_build("Idle -> f :: IPFilter(allow tcp) -> Discard;", msg,
		     sizeof(msg), NULL);
	if (!g) {
		tap_ok(0, "IPFilter graph: %s", msg);
		goto out;
	}
	w = rule_of("allow ", "tcp", " || tcp", NTERMS, "");
	tap_ok(!th_write(g, "f", "config", w, msg, sizeof(msg)),
	       "config write of %d terms compiles (%s)", NTERMS, msg);
	free(w);
	w = rule_of("allow ", "", "not ", NTERMS, "tcp");
	tap_ok(th_write(g, "f", "config", w, msg, sizeof(msg)) &&
	       strstr(msg, "nested deeper than 8"),
	       "config write of %d nested nots is refused: %s", NTERMS, msg);
	free(w);
	th_free(g);
out:
	free(r);
	free(bad);
}

/* A configuration word of 40 KB: the message quotes 48 bytes and "...". */
static void test_big_word(void)
{
	static const char *const fmt[] = {
		"Idle -> ARPResponder(10.0.0.1 %s) -> Discard;",
		"Idle -> Classifier(%s) -> Discard;",
		"Idle -> Classifier(12/%s) -> Discard;",
		"Idle -> IPFilter(allow %s) -> Discard;",
		"Idle -> IPFilter(allow dst port %s) -> Discard;",
		"Idle -> RadixIPLookup(%s 0) -> Discard;",
		"Idle -> Counter(%s) -> Discard;",
	};
	char *word = malloc(BIGWORD + 1), *text = malloc(BIGWORD + 128);
	struct kc_graph *g;
	size_t i;

	memset(word, 'a', BIGWORD);
	word[BIGWORD] = '\0';
	memcpy(word, "0800", 4);	/* for "12/": hex, then not */
	for (i = 0; i < ARRAY_SIZE(fmt); i++) {
		snprintf(text, BIGWORD + 128, fmt[i], word);
		g = th_build(text, msg, sizeof(msg), NULL);
		tap_ok(!g && strlen(msg) < 250 && strstr(msg, "...") &&
		       !strstr(msg, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
		       "a %d KB word in '%.30s' is quoted short: %s",
		       BIGWORD / 1024, fmt[i], msg);
		th_free(g);
	}
	g = th_build("Idle -> c :: Classifier(12/0800, -) -> Discard; c[1] -> Discard;",
		     msg, sizeof(msg), NULL);
	if (g) {
		snprintf(text, BIGWORD + 128, "12/%s", word);
		tap_ok(th_write(g, "c", "config", text, msg, sizeof(msg)) &&
		       strlen(msg) < 250 && strstr(msg, "..."),
		       "Classifier config write of a %d KB word is quoted short: %s",
		       BIGWORD / 1024, msg);
		th_free(g);
	} else {
		tap_ok(0, "Classifier graph: %s", msg);
	}
	free(word);
	free(text);
}

static void test_quote(void)
{
	struct kc_quote q;
	char big[100];

	memset(big, 'x', sizeof(big));
	tap_ok(!strcmp(kc_quote_str(&q, "abc"), "abc"), "kc_quote keeps short text");
	tap_ok(!strcmp(kc_quote(&q, "a\nb\x7f", 4), "a?b?"),
	       "kc_quote shows control characters as '?'");
	kc_quote(&q, big, sizeof(big));
	tap_ok(strlen(q.s) == KC_QUOTE_MAX + 3 && !strcmp(q.s + KC_QUOTE_MAX, "..."),
	       "kc_quote cuts at %d bytes and says so", KC_QUOTE_MAX);
	tap_ok(!strcmp(kc_quote(&q, big, KC_QUOTE_MAX), q.s) &&
	       strlen(q.s) == KC_QUOTE_MAX, "exactly %d bytes are not cut",
	       KC_QUOTE_MAX);
}

static void *run(void *arg)
{
	test_quote();
	test_compiler();
	test_deep_tree();
	test_graph();
	test_big_word();
	return NULL;
}

int main(void)
{
	pthread_attr_t a;
	pthread_t t;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, STACK);
	if (pthread_create(&t, &a, run, NULL)) {
		tap_ok(0, "a thread with a %d KB stack", STACK / 1024);
		return tap_done();
	}
	pthread_join(t, NULL);
	tap_ok(th_no_leak(), "every packet allocated was freed");
	tap_ok(kc_user_warnings == 0, "no WARN_ON fired");
	return tap_done();
}
