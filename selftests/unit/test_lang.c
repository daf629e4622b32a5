// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the Click language front end (lib/parse.c and friends).  Results are
 * compared in kc_cfg_format()'s canonical text, so every check pins element
 * names, classes, configs, ports and links exactly.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "kclick.h"
#include "lang.h"

/* Parse text; return the canonical form or "ERR <msg>" (malloc()ed). */
static char *run(const char *text)
{
	struct kc_cfg *cfg = (struct kc_cfg *)1;
	struct kc_err err;
	char *out;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = kc_cfg_parse(text, strlen(text), "t.click", &cfg, &err);
	if (rc) {
		if (cfg || rc >= 0 || asprintf(&out, "ERR %s", err.msg) < 0)
			return strdup("ERR <bad error return>");
		return out;
	}
	if (kc_cfg_format(cfg, &out))
		out = strdup("ERR <format failed>");
	kc_cfg_free(cfg);
	return out;
}

static int same(const char *text, const char *want, const char *desc)
{
	char *got = run(text);
	int ok = !strcmp(got, want);

	tap_ok(ok, "%s", desc);
	if (!ok)
		printf("#   want:\n%s#   got:\n%s\n", want, got);
	free(got);
	return ok;
}

/* The first error must be at line:col and mention substr. */
static void bad(const char *text, int line, int col, const char *substr,
		const char *desc)
{
	struct kc_cfg *cfg = NULL;
	struct kc_err err;
	int rc, ok;

	memset(&err, 0, sizeof(err));
	rc = kc_cfg_parse(text, strlen(text), "t.click", &cfg, &err);
	ok = rc == -EINVAL && !cfg && err.line == line && err.col == col &&
	     strstr(err.msg, substr) && !strcmp(err.file, "t.click");
	tap_ok(ok, "error: %s", desc);
	if (!ok)
		printf("#   want %d:%d '%s', got rc %d %d:%d '%s'\n", line, col,
		       substr, rc, err.line, err.col, err.msg);
	kc_cfg_free(cfg);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

static void golden(const char *name)
{
	char dir[512], path[600], *want, *got;
	struct kc_cfg *cfg;
	struct kc_err err;
	const char *slash;

	/* selftests/unit/test_lang.c -> selftests/lang/ */
	slash = strrchr(__FILE__, '/');
	snprintf(dir, sizeof(dir), "%.*s/../lang",
		 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	snprintf(path, sizeof(path), "%s/%s.out", dir, name);
	want = slurp(path);
	snprintf(path, sizeof(path), "%s/%s.click", dir, name);
	if (kc_cfg_parse_file(path, &cfg, &err)) {
		tap_ok(0, "golden %s: %s", name, err.msg);
		free(want);
		return;
	}
	if (kc_cfg_format(cfg, &got))
		got = NULL;
	tap_ok(want && got && !strcmp(want, got) && !strcmp(cfg->file, path),
	       "golden %s", name);
	if (!want || !got || strcmp(want, got))
		printf("#   want:\n%s#   got:\n%s\n", want ? want : "(none)",
		       got ? got : "(none)");
	free(want);
	free(got);
	kc_cfg_free(cfg);
}

static void test_basics(void)
{
	struct kc_cfg *cfg;
	struct kc_err err;
	const char *t;

	same("a :: FromDevice(eth0); b :: Discard; a -> b;",
	     "elem a FromDevice \"eth0\"\n"
	     "elem b Discard \"\"\n"
	     "link a[0] -> [0] b\n",
	     "declarations and a connection");
	same("a, b , c :: Counter(1);",
	     "elem a Counter \"1\"\nelem b Counter \"1\"\n"
	     "elem c Counter \"1\"\n",
	     "several names in one declaration");
	same("FromDevice(eth0) -> Counter -> Strip(14) -> Discard;",
	     "elem FromDevice@1 FromDevice \"eth0\"\n"
	     "elem Counter@2 Counter \"\"\n"
	     "elem Strip@3 Strip \"14\"\n"
	     "elem Discard@4 Discard \"\"\n"
	     "link FromDevice@1[0] -> [0] Counter@2\n"
	     "link Counter@2[0] -> [0] Strip@3\n"
	     "link Strip@3[0] -> [0] Discard@4\n",
	     "anonymous elements are Class@N by position");
	same("x :: A; Counter -> Counter@2 :: B;",
	     "elem x A \"\"\nelem Counter@3 Counter \"\"\n"
	     "elem Counter@2 B \"\"\n"
	     "link Counter@3[0] -> [0] Counter@2\n",
	     "anonymous name skips a name taken explicitly");
	same("src :: FromDevice(eth0) -> c :: Counter -> Discard; c -> d :: Print",
	     "elem src FromDevice \"eth0\"\nelem c Counter \"\"\n"
	     "elem Discard@3 Discard \"\"\nelem d Print \"\"\n"
	     "link src[0] -> [0] c\nlink c[0] -> [0] Discard@3\n"
	     "link c[0] -> [0] d\n",
	     "declarations inline in a connection");
	same("a :: A; b :: B; c :: C;\n"
	     "a [1] -> [2] b; a[3] -> b\nb -> [2] c\n",
	     "elem a A \"\"\nelem b B \"\"\nelem c C \"\"\n"
	     "link a[1] -> [2] b\nlink a[3] -> [0] b\n"
	     "link b[0] -> [2] c\n",
	     "port numbers on both sides, with and without spaces");
	same("a :: A b :: B\na -> b\nb -> a",
	     "elem a A \"\"\nelem b B \"\"\n"
	     "link a[0] -> [0] b\nlink b[0] -> [0] a\n",
	     "newlines are whitespace; statements end where the next begins");
	same("a :: A; b :: B; a -> b; a -> b; a [0] -> [0] b; b -> a;",
	     "elem a A \"\"\nelem b B \"\"\n"
	     "link a[0] -> [0] b\nlink b[0] -> [0] a\n",
	     "identical links are merged");
	same("// c1\na :: A( /* x */ 1, // y\n  2 ) /* z */ -> /**/ B;",
	     "elem a A \"1, \\n  2\"\nelem B@2 B \"\"\n"
	     "link a[0] -> [0] B@2\n",
	     "comments stripped from statements and configs");
	same("a :: A( f(1, (2)) , \"q) // \\\"x\\\"\" , 'p)/*' );",
	     "elem a A \"f(1, (2)) , \\\"q) // \\\\\\\"x\\\\\\\"\\\" , 'p)/*'\"\n",
	     "config: nested parens, quotes and escapes kept verbatim");
	same("", "", "empty input");
	same("#!/usr/bin/click\na :: A;", "elem a A \"\"\n",
	     "'#!' first line ignored");
	same("require(package \"x\", foo); a :: A;", "elem a A \"\"\n",
	     "require() accepted and ignored");
	same("a :: A; a(3) -> a", "elem a A \"\"\nelem a@2 a \"3\"\n"
	     "link a@2[0] -> [0] a\n",
	     "name with a config is a class (Click rule)");
	same("Idle -> Idle", "elem Idle@1 Idle \"\"\nelem Idle@2 Idle \"\"\n"
	     "link Idle@1[0] -> [0] Idle@2\n",
	     "undeclared names are anonymous elements of that class");

	t = "a :: A;\n  b :: B(x)\n\t-> a;";
	if (!kc_cfg_parse(t, strlen(t), "p.click", &cfg, &err)) {
		tap_ok(cfg->nelems == 2 && cfg->elems[1].line == 2 &&
		       cfg->elems[1].col == 3 && cfg->nlinks == 1 &&
		       cfg->links[0].line == 3 && cfg->links[0].col == 2 &&
		       !strcmp(cfg->file, "p.click"),
		       "element and link positions, file name");
		tap_ok(kc_cfg_find(cfg, "b") == 1 && kc_cfg_find(cfg, "a") == 0
		       && kc_cfg_find(cfg, "c") == -1, "kc_cfg_find");
		kc_cfg_free(cfg);
	} else {
		tap_ok(0, "positions: %s", err.msg);
		tap_ok(0, "kc_cfg_find");
	}
}

static void test_compounds(void)
{
	same("elementclass Foo { $a, $b |\n"
	     "  input -> c :: Counter($a) -> Strip($b) -> output;\n"
	     "  input [1] -> Discard; }\n"
	     "s :: S -> f :: Foo(1, \"x, y\") -> t :: T; Idle -> [1] f;",
	     "elem s S \"\"\nelem f/c Counter \"1\"\n"
	     "elem f/Strip@2 Strip \"\\\"x, y\\\"\"\n"
	     "elem f/Discard@3 Discard \"\"\nelem t T \"\"\n"
	     "elem Idle@4 Idle \"\"\n"
	     "link s[0] -> [0] f/c\n"
	     "link f/c[0] -> [0] f/Strip@2\n"
	     "link f/Strip@2[0] -> [0] t\n"
	     "link Idle@4[0] -> [0] f/Discard@3\n",
	     "compound: parameters, f/inner names, ports spliced");
	same("elementclass P { input -> output }\n"
	     "a :: A -> P -> p :: P -> b :: B;",
	     "elem a A \"\"\nelem b B \"\"\nlink a[0] -> [0] b\n",
	     "pass-through compounds vanish");
	same("elementclass P { input -> output }\n"
	     "a :: A; p :: P; b :: B; a -> p; p -> p; p -> b;",
	     "elem a A \"\"\nelem b B \"\"\nlink a[0] -> [0] b\n",
	     "a cycle through pass-through compounds terminates");
	same("elementclass Two { input [0] -> [1] output; input [1] -> X -> [0] output }\n"
	     "a :: A; b :: B; t :: Two; a [2] -> [1] t; a -> t; t [1] -> b; t -> [3] b",
	     "elem a A \"\"\nelem b B \"\"\nelem t/X@1 X \"\"\n"
	     "link a[0] -> [0] b\nlink a[2] -> [0] t/X@1\n"
	     "link t/X@1[0] -> [3] b\n",
	     "compound with two inputs and outputs");
	same("elementclass Q { input -> Counter -> output }\n"
	     "Q -> Q",
	     "elem Q@1/Counter@1 Counter \"\"\nelem Q@2/Counter@1 Counter \"\"\n"
	     "link Q@1/Counter@1[0] -> [0] Q@2/Counter@1\n",
	     "anonymous compound instances and their insides");
	same("a :: A -> { input -> c :: C -> output } -> b :: B",
	     "elem a A \"\"\nelem @2/c C \"\"\nelem b B \"\"\n"
	     "link a[0] -> [0] @2/c\nlink @2/c[0] -> [0] b\n",
	     "anonymous compound class in a connection");
	same("elementclass In { $n | input -> X($n) -> output }\n"
	     "elementclass Out { $a | input -> i :: In($a) -> output }\n"
	     "o :: Out(7) -> o2 :: Out(8)",
	     "elem o/i/X@1 X \"7\"\nelem o2/i/X@1 X \"8\"\n"
	     "link o/i/X@1[0] -> [0] o2/i/X@1\n",
	     "nested compounds, parameters passed down");
	same("elementclass Out { $a |\n"
	     "  elementclass L { input -> Y(\"$a\") -> output }\n"
	     "  input -> L -> output }\n"
	     "Out(5) -> L",
	     "elem Out@1/L@1/Y@1 Y \"\\\"5\\\"\"\nelem L@2 L \"\"\n"
	     "link Out@1/L@1/Y@1[0] -> [0] L@2\n",
	     "local elementclass sees outer parameter, invisible outside");
	same("elementclass K { $a, SIZE $s, __REST__ $r | X($a, $s; $r) -> Y }\n"
	     "k :: K(1, more, SIZE 9, other)",
	     "elem k/X@1 X \"1, 9; more, other\"\nelem k/Y@2 Y \"\"\n"
	     "link k/X@1[0] -> [0] k/Y@2\n",
	     "keyword and __REST__ parameters");
	same("elementclass Foo { input -> X -> output }\n"
	     "elementclass Bar Foo; elementclass MyQ Queue;\n"
	     "b :: Bar; q :: MyQ(5); b -> q",
	     "elem b/X@1 X \"\"\nelem q Queue \"5\"\n"
	     "link b/X@1[0] -> [0] q\n",
	     "elementclass synonyms (compound and primitive)");
	same("elementclass E { $x | }\ne :: E(1); a :: A",
	     "elem a A \"\"\n", "compound with no elements");
}

static void test_define(void)
{
	same("define($DEV eth0, $Q  10 20);\n"
	     "FromDevice($DEV) -> Queue(${Q}) -> P('$DEV', \"d=$DEV\")",
	     "elem FromDevice@1 FromDevice \"eth0\"\n"
	     "elem Queue@2 Queue \"10 20\"\n"
	     "elem P@3 P \"'$DEV', \\\"d=eth0\\\"\"\n"
	     "link FromDevice@1[0] -> [0] Queue@2\n"
	     "link Queue@2[0] -> [0] P@3\n",
	     "define(): $X and ${X}; not inside single quotes");
	same("define($N 3)\nelementclass C { $k | X($k, $N) }\nc :: C($N)",
	     "elem c/X@1 X \"3, 3\"\n", "define() seen inside compounds");
	same("a :: A(cost $ 5, $)", "elem a A \"cost $ 5, $\"\n",
	     "lone '$' is an ordinary character");
}

/* Run with command-line definitions (kc_cfg_parse_defs). */
static void same_defs(const char *text, const char *const *defs, size_t n,
		      const char *want, const char *desc)
{
	struct kc_cfg *cfg = NULL;
	struct kc_err err;
	char *got = NULL;
	int ok;

	memset(&err, 0, sizeof(err));
	if (kc_cfg_parse_defs(text, strlen(text), "t.click", defs, n, &cfg,
			      &err))
		asprintf(&got, "ERR %s", err.msg);
	else if (kc_cfg_format(cfg, &got))
		got = NULL;
	ok = got && !strcmp(got, want);
	tap_ok(ok, "%s", desc);
	if (!ok)
		printf("#   want:\n%s#   got:\n%s\n", want, got ? got : "(null)");
	free(got);
	kc_cfg_free(cfg);
}

/* Connections: "=>", port lists, element lists, groups (click(5)). */
static void test_connections(void)
{
	same("c :: Classifier(00/01, 00/02, 00/03); next :: N;\n"
	     "c [0,1,2] => Paint(0), Paint(1), Paint(2) -> next;",
	     "elem c Classifier \"00/01, 00/02, 00/03\"\nelem next N \"\"\n"
	     "elem Paint@3 Paint \"0\"\nelem Paint@4 Paint \"1\"\n"
	     "elem Paint@5 Paint \"2\"\n"
	     "link c[0] -> [0] Paint@3\nlink c[1] -> [0] Paint@4\n"
	     "link c[2] -> [0] Paint@5\nlink Paint@3[0] -> [0] next\n"
	     "link Paint@4[0] -> [0] next\nlink Paint@5[0] -> [0] next\n",
	     "port list [0,1,2] => three elements, many to one after");
	same("c :: C; c [0-2] => x :: X, y :: Y, z :: Z",
	     "elem c C \"\"\nelem x X \"\"\nelem y Y \"\"\nelem z Z \"\"\n"
	     "link c[0] -> [0] x\nlink c[1] -> [0] y\nlink c[2] -> [0] z\n",
	     "port range [0-2]");
	same("c :: C; c => x :: X, y :: Y",
	     "elem c C \"\"\nelem x X \"\"\nelem y Y \"\"\n"
	     "link c[0] -> [0] x\nlink c[1] -> [0] y\n",
	     "'=>' numbers a lone element's ports from 0");
	same("c :: C; c [0,1] => [1,] d :: D",
	     "elem c C \"\"\nelem d D \"\"\n"
	     "link c[0] -> [1] d\nlink c[1] -> [2] d\n",
	     "open list [1,] stretches to the other side");
	same("a :: A; b :: B; c :: C; a, b -> c; c -> a, b",
	     "elem a A \"\"\nelem b B \"\"\nelem c C \"\"\n"
	     "link a[0] -> [0] c\nlink b[0] -> [0] c\n"
	     "link c[0] -> [0] a\nlink c[0] -> [0] b\n",
	     "element lists: many to one, one to many");
	same("a :: A; b :: B; a [1], b -> [2] c :: C",
	     "elem a A \"\"\nelem b B \"\"\nelem c C \"\"\n"
	     "link a[1] -> [2] c\nlink b[0] -> [2] c\n",
	     "ports on list members");
	same("n1 :: X; n1, n2 :: C -> n3 :: D",
	     "elem n1 X \"\"\nelem n2 C \"\"\nelem n3 D \"\"\n"
	     "link n1[0] -> [0] n3\nlink n2[0] -> [0] n3\n",
	     "in a connection a declaration names one element");
	same("a :: A; b :: B; a, b => c :: C, d :: D",
	     "elem a A \"\"\nelem b B \"\"\nelem c C \"\"\nelem d D \"\"\n"
	     "link a[0] -> [0] c\nlink b[0] -> [0] d\n",
	     "many to many with '=>'");
	same("x :: X; y :: Y;\n"
	     "x -> c :: Classifier(00/01) => (\n"
	     "  input [0] -> output;\n"
	     "  input [1] -> Paint(1) -> output\n) -> y;",
	     "elem x X \"\"\nelem y Y \"\"\nelem c Classifier \"00/01\"\n"
	     "elem Paint@7 Paint \"1\"\n"
	     "link x[0] -> [0] c\nlink c[0] -> [0] y\n"
	     "link c[1] -> [0] Paint@7\nlink Paint@7[0] -> [0] y\n",
	     "element group: input/output are its ports, counted as 3");
	same("x :: X; y :: Y; x -> (->) -> y; x -> ( [0] -> [0] ) -> y",
	     "elem x X \"\"\nelem y Y \"\"\nlink x[0] -> [0] y\n",
	     "implicit input and output in a group");
	same("x :: X; y :: Y;\n"
	     "x -> ( [0] -> [0]; [1] -> [1] ) => ( [0] -> [0]; [1] -> [1] ) -> y",
	     "elem x X \"\"\nelem y Y \"\"\nlink x[0] -> [0] y\n",
	     "groups' implied port lists (click(5) line five)");
	same("x :: X; y :: Y; x => ( [0] -> [0]; [1] -> [1] ) -> y",
	     "elem x X \"\"\nelem y Y \"\"\n"
	     "link x[0] -> [0] y\nlink x[1] -> [0] y\n",
	     "x => group -> y is x -> y; x [1] -> y");
	same("a :: A; b :: B; a -> { -> } -> b",
	     "elem a A \"\"\nelem b B \"\"\nlink a[0] -> [0] b\n",
	     "compound with implicit ports");
	same("a :: A; b :: B; a -> { [1] -> X -> [0]; -> output } -> b",
	     "elem a A \"\"\nelem b B \"\"\nelem @3/X@1 X \"\"\n"
	     "link a[0] -> [0] b\nlink @3/X@1[0] -> [0] b\n",
	     "implicit 'input [1]' and '[0] output' in a compound");
	same("a :: A; b :: B; a -> { [1] -> X -> output } -> b",
	     "ERR t.click:1:22: compound '<anonymous>' input 0 unused",
	     "implicit ports still need every port");
	same("{ input -> output }; a :: A",
	     "elem a A \"\"\n", "anonymous compound as a statement");
	same("a :: A; b :: B; (a -> b); (c :: C)",
	     "elem a A \"\"\nelem b B \"\"\nelem c C \"\"\n"
	     "link a[0] -> [0] b\n",
	     "groups as statements share the scope");
	same("a :: A; b :: B; a, b -> b, a",
	     "ERR t.click:1:22: many-to-many connections require '=>'",
	     "many to many needs '=>'");
	same("a :: A; b :: B; c :: C; a, b => c",
	     "elem a A \"\"\nelem b B \"\"\nelem c C \"\"\n"
	     "link a[0] -> [0] c\nlink b[0] -> [1] c\n",
	     "'=>' numbers the inputs of a lone element too");
	same("a :: A; b :: B; c :: C; a [0,1] => [0] b, [0,1] c",
	     "ERR t.click:1:33: connection mismatch: 2 outputs connected to 3 inputs",
	     "mismatched counts");
	same("x :: X; y :: Y; x => ( [0] -> [0]; [2] -> Idle ) -> y",
	     "ERR t.click:1:22: element group input 1 unused",
	     "gap in a group's ports");
	same("a :: A; a [0-70000] -> b :: B",
	     "ERR t.click:1:14: port number out of range (maximum 65535)",
	     "range bound");
	same("a :: A; a [0-2000] -> b :: B",
	     "ERR t.click:1:14: port list longer than 1024 ports",
	     "port list length bound");
}

static void test_overload(void)
{
	same("elementclass Q { input -> Queue -> output ||\n"
	     "  $cap | input -> Queue($cap) -> output }\n"
	     "a :: A -> Q -> Q(5) -> b :: B",
	     "elem a A \"\"\nelem Q@2/Queue@1 Queue \"\"\n"
	     "elem Q@3/Queue@1 Queue \"5\"\nelem b B \"\"\n"
	     "link a[0] -> [0] Q@2/Queue@1\n"
	     "link Q@2/Queue@1[0] -> [0] Q@3/Queue@1\n"
	     "link Q@3/Queue@1[0] -> [0] b\n",
	     "'||': chosen by arguments");
	same("elementclass T { input -> X -> output || input -> Y; }\n"
	     "i :: Idle; i -> t :: T; i -> u :: T -> Discard",
	     "elem i Idle \"\"\nelem t/Y@1 Y \"\"\nelem u/X@1 X \"\"\n"
	     "elem Discard@4 Discard \"\"\n"
	     "link i[0] -> [0] t/Y@1\nlink i[0] -> [0] u/X@1\n"
	     "link u/X@1[0] -> [0] Discard@4\n",
	     "'||': chosen by the ports used");
	same("elementclass Queue { $cap, $rate |\n"
	     "  input -> Queue($cap) -> Shaper($rate) -> output || ... }\n"
	     "a :: A -> Queue(5, 10) -> q :: Queue(7) -> b :: B",
	     "elem a A \"\"\nelem Queue@2/Queue@1 Queue \"5\"\n"
	     "elem Queue@2/Shaper@2 Shaper \"10\"\nelem q Queue \"7\"\n"
	     "elem b B \"\"\n"
	     "link a[0] -> [0] Queue@2/Queue@1\n"
	     "link Queue@2/Queue@1[0] -> [0] Queue@2/Shaper@2\n"
	     "link Queue@2/Shaper@2[0] -> [0] q\nlink q[0] -> [0] b\n",
	     "'|| ...' extends a primitive class");
	same("elementclass T { $a | }\ntest :: T(1, 2);",
	     "ERR t.click:2:1: too many arguments to compound 'T' (2 for 1)",
	     "one definition: its own error");
	same("elementclass T { $a | || $a, $b, $c | }\ntest :: T(1, 2);",
	     "ERR t.click:2:1: no definition of 'T' takes these arguments with 0 inputs and 0 outputs",
	     "no alternative fits");
}

static void test_variables(void)
{
	static const char *const who[] = { "WHO=A", "N=7" };
	static const char *const bad_def[] = { "1x" };

	same_defs("define($N 3); a :: A($WHO, ${WHO}x, $N)", who, 2,
		  "elem a A \"A, Ax, 7\"\n",
		  "command-line variables override define()");
	same_defs("a :: A", bad_def, 1,
		  "ERR bad variable definition '1x' (want NAME=VALUE)",
		  "bad command-line definition");
	same("define($DEV eth1, $GW $DEV:gw); a :: A($GW)",
	     "elem a A \"eth1:gw\"\n",
	     "a define()d value naming another variable is expanded again");
	same("define($l a \"b c\" d); a :: A(${x-def}, ${l[1]}, ${l[2]}, ${l[7]}.)",
	     "elem a A \"def, \\\"b c\\\", d, .\"\n",
	     "${x-default} and ${a[N]}");
	same("define($l a \"b c\" d, $x X); a :: A(${l[0]}, ${x-def}, ${l[9]-none}.)",
	     "elem a A \"a, X, .\"\n",
	     "${a[0]} is the first word; a defined ${x-default} is x; past the last word is empty");
	same("define($y Y); a :: A(${x-$y}, $(add 1 2), $undefined, ${u})",
	     "elem a A \"Y, $(add 1 2), $undefined, ${u}\"\n",
	     "undefined variables and $(...) stay for run time");
	same("elementclass F { $a | input -> X($a, $b) -> output }\nf :: F(1)",
	     "elem f/X@1 X \"1, $b\"\n",
	     "unknown name in a compound stays literal");
	same("define($a $b$b, $b $a); a :: A($a)",
	     "elem a A \"$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a$a\"\n",
	     "self-reference stops at the depth bound");
	same("define($q a\\b); a :: A(\"$q\", $q)",
	     "elem a A \"\\\"a\\\\\\\\b\\\", a\\\\b\"\n",
	     "a value is escaped inside double quotes");
	same("a :: Classifier(12/0800, -, ); b :: B(x, \"y,\" , );"
	     " c :: C(,)",
	     "elem a Classifier \"12/0800, -\"\nelem b B \"x, \\\"y,\\\"\"\n"
	     "elem c C \"\"\n",
	     "an empty last argument is dropped");
	same("elementclass F { $a | X($a) }\nf :: F(1, )",
	     "elem f/X@1 X \"1\"\n", "also in compound arguments");
}

/*
 * Elements keep the file a line directive named, as Click's landmarks do,
 * so errors found after parsing (an unknown class, a bad argument) point
 * into the file the directive names.
 */
static void test_directive_landmarks(void)
{
	const char *text = "a :: A;\n# 12 \"other.click\"\nb :: B;\n"
			   "elementclass K { k :: X }\nc :: K;\n"
			   "# 30 \"\"\nd :: D;\n";
	struct kc_cfg *cfg = NULL;
	struct kc_err err;
	int ia, ib, ic, id;

	memset(&err, 0, sizeof(err));
	if (kc_cfg_parse(text, strlen(text), "t.click", &cfg, &err)) {
		tap_ok(0, "line directives in element landmarks: %s", err.msg);
		return;
	}
	ia = kc_cfg_find(cfg, "a");
	ib = kc_cfg_find(cfg, "b");
	ic = kc_cfg_find(cfg, "c/k");
	id = kc_cfg_find(cfg, "d");
	tap_ok(ia >= 0 && ib >= 0 && ic >= 0 && id >= 0 &&
	       !cfg->elems[ia].file && cfg->elems[ia].line == 1 &&
	       !strcmp(kc_cfg_elem_file(cfg, ia), "t.click") &&
	       !strcmp(kc_cfg_elem_file(cfg, ib), "other.click") &&
	       cfg->elems[ib].line == 12 &&
	       !strcmp(kc_cfg_elem_file(cfg, ic), "other.click") &&
	       cfg->elems[ic].line == 13 &&
	       !cfg->elems[id].file && cfg->elems[id].line == 30,
	       "elements keep a line directive's file: a t.click:1, b other.click:12, c/k other.click:13, d t.click:30");
	kc_cfg_free(cfg);
}

static void test_directives(void)
{
	same("a :: A;\n# 12 \"other.click\"\nb :: B;\nc :: C(\n",
	     "ERR other.click:13:7: unterminated '('",
	     "'# N \"file\"' renumbers");
	same("# 5 \"f.click\"\na :: A;\n#line 20\na :: B;",
	     "ERR f.click:20:1: redeclaration of element 'a' (first declared at f.click:5:1)",
	     "'#line N' and the file in both places");
	same("# 5 \"f.click\"\na :: A;\n# 7 \"\"\nb :: B(x /* ;",
	     "ERR t.click:7:10: unterminated comment",
	     "'# N \"\"' returns to the input's name");
	bad("# 99999999999\n", 1, 1, "line number out of range",
	    "line number bound");
	test_directive_landmarks();
	/* click-align writes "# 0"; Click reads it (conf/wifi/sample.click). */
	same("a :: A;\n# 0 \"<click-align>\"\nb :: B;\nc :: C(\n",
	     "ERR <click-align>:1:7: unterminated '('",
	     "'# 0' makes the next line line 0");
}

static void test_errors(void)
{
	char *deep, *p;
	int i;

	bad("a :: A;\n  a :: B;", 2, 3, "redeclaration of element 'a' (first declared at t.click:1:1)",
	    "redeclaration, with first position");
	bad("a, a :: A;", 1, 4, "redeclaration of element 'a'",
	    "redeclaration within one declaration");
	bad("a :: A(1,\n (2)", 1, 7, "unterminated '('", "unterminated '('");
	bad("a :: A(\"x)\n;", 1, 8, "unterminated string",
	    "unterminated string in config");
	bad("a :: A;\n /* x", 2, 2, "unterminated comment",
	    "unterminated comment");
	bad("a :: A; b :: B; a -> b = c", 1, 24, "expected '->' or ';'",
	    "junk after an element");
	bad("a :: A; b :: B; a -> b %", 1, 24, "near '%'",
	    "message names the token");
	bad("a :: A; b :: B; a -> b)", 1, 23, "unmatched ')'",
	    "unmatched ')'");
	bad("a :: A; b :: B;\na [65536] -> b", 2, 4, "port number out of range",
	    "port number out of range");
	bad("a :: A; b :: B; a [x] -> b", 1, 20, "expected port number",
	    "port number not a number");
	bad("a :: A;\ninput -> a", 2, 1, "'input' used outside elementclass",
	    "input at top level");
	bad("elementclass F { input -> X -> output }\nf :: F; f [1] -> Y",
	    2, 9, "compound 'F' has no output 1", "compound has no output 1");
	bad("elementclass F { input -> output }\nf :: F; Y -> [2] f",
	    2, 18, "compound 'F' has no input 2", "compound has no input 2");
	bad("elementclass F { X -> output }\nY -> F", 2, 6,
	    "compound 'F' has no input 0", "compound without inputs");
	bad("elementclass F { input [1] -> output }", 1, 14,
	    "compound 'F' input 0 unused", "gap in compound inputs");
	bad("elementclass F { input -> X; output -> Y }", 1, 30,
	    "'output' used as a connection source", "output as a source");
	bad("elementclass F { X -> input }", 1, 23,
	    "'input' used as a connection destination",
	    "input as a destination");
	bad("a :: A;\n# foo\n", 2, 1, "unknown preprocessor directive",
	    "'#' line that is no line directive");
	bad("elementclass F { input -> output }\nF :: A;", 2, 1,
	    "'F' is an element class", "element named like a compound");
	bad("1a :: A;", 1, 1, "invalid element name '1a'",
	    "element name starting with a digit");
	bad("a -> 2 -> b", 1, 6, "invalid element class name '2'",
	    "class name starting with a digit");
	bad("elementclass F { $a | input -> X($a) -> output }\nf :: F;", 2, 1,
	    "too few arguments to compound 'F'", "too few compound arguments");
	bad("elementclass F { $a | input -> X($a) -> output }\nf :: F(1, 2);",
	    2, 1, "too many arguments to compound 'F'",
	    "too many compound arguments");
	bad("elementclass F { $a, K $k | X }\nf :: F(1);", 2, 1,
	    "missing keyword argument 'K'", "missing keyword argument");
	bad("elementclass F { K $k, $a | X }", 1, 24,
	    "compound parameters out of order", "parameters out of order");
	bad("a :: A; b :: B; [1] a -> b", 1, 17,
	    "input port useless at start of chain", "input port at start");
	bad("a :: A; b :: B; a -> b [1];", 1, 24,
	    "output port useless at end of chain", "output port at end");
	bad("a :: A ->\n", 2, 1, "expected element near end of input",
	    "'->' at end of input");
	bad("elementclass F { input -> X -> output\na :: A", 1, 16,
	    "unterminated '{'", "unterminated elementclass");
	bad("a :: A; }", 1, 9, "unmatched '}'", "unmatched '}'");
	bad("define($X 1, $X 2)", 1, 1, "variable '$X' multiply defined",
	    "define() twice");
	bad("define(X 1)", 1, 1, "expected '$NAME value'", "bad define()");
	bad("elementclass F { input -> x :: X -> output }\n"
	    "f/x :: A; f :: F; a :: A -> f -> a", 1, 27,
	    "redeclaration of element 'f/x'", "flattened names collide");
	bad("a :: A(\"\\\");", 1, 8, "unterminated string",
	    "escaped quote doesn't end a string");
	bad("a :: A;\nb :: B@;\x01", 2, 9, "expected statement near '\\x01'",
	    "control character reported escaped");

	/* Too deep: 40 nested elementclass definitions. */
	deep = malloc(40 * 32 + 64);
	p = deep;
	for (i = 0; i < 40; i++)
		p += sprintf(p, "elementclass C%d { ", i);
	strcpy(p, "X");
	for (i = 0; i < 40; i++)
		strcat(p, " }");
	bad(deep, 1, 18 * 10 + 19 * 22 + 18, "nesting too deep",
	    "elementclass nesting bound");
	free(deep);

	/* Too deep at expansion: C_i instantiates C_{i-1}, 40 levels. */
	deep = malloc(40 * 64 + 64);
	p = deep + sprintf(deep, "elementclass C0 { input -> output }\n");
	for (i = 1; i < 40; i++)
		p += sprintf(p, "elementclass C%d { input -> C%d -> output }\n",
			     i, i - 1);
	strcpy(p, "C39");
	/* C39 is at depth 0, so C7 inside C8 (line 9) is at 32. */
	bad(deep, 9, 28, "compound nesting too deep",
	    "compound expansion depth bound");
	free(deep);

	/* Exponential expansion hits the element cap. */
	deep = malloc(30 * 80 + 64);
	p = deep + sprintf(deep, "elementclass C0 { X }\n");
	for (i = 1; i < 30; i++)
		p += sprintf(p, "elementclass C%d { C%d C%d }\n", i, i - 1,
			     i - 1);
	strcpy(p, "C29");
	bad(deep, 1, 19, "too many elements", "element cap after expansion");
	free(deep);
}

static void test_files(void)
{
	struct kc_cfg *cfg = (struct kc_cfg *)1;
	struct kc_err err;
	int rc;

	golden("router");
	golden("nested");
	rc = kc_cfg_parse_file("/nonexistent/x.click", &cfg, &err);
	tap_ok(rc == -ENOENT && !cfg &&
	       strstr(err.msg, "/nonexistent/x.click") &&
	       strstr(err.msg, strerror(ENOENT)),
	       "missing file: -ENOENT with strerror");
}

/* Mutate valid configs at random; the parser must neither crash nor leak. */
static void test_mutations(void)
{
	static const char *seeds[] = {
		"elementclass F { $a, K $k | input -> c :: C($a, $k) -> [1] output;"
		" input [1] -> output } define($X 1);"
		" s :: S(\"q)\" /*c*/, 'x') -> f :: F($X, K 2) [1] -> Q; f -> R",
		"a, b :: A(1); a [1] -> [2] b -> { input -> X -> output } -> Y;"
		" // end\nrequire(p);",
	};
	static const char alphabet[] = "(){}[];:,->$\"'/*\n #|@0a";
	unsigned int seed = 12345, n;
	int i, j, crashed = 0;

	for (i = 0; i < 4000; i++) {
		const char *s = seeds[i % 2];
		size_t len = strlen(s);
		struct kc_cfg *cfg = NULL;
		struct kc_err err;
		char *buf = malloc(len + 8);

		memcpy(buf, s, len + 1);
		for (j = 0; j < 1 + i % 4; j++) {
			seed = seed * 1103515245 + 12345;
			n = (seed >> 8) % len;
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 3 == 0)
				memmove(buf + n, buf + n + 1, len - n);	/* delete */
			else
				buf[n] = alphabet[(seed >> 8) % (sizeof(alphabet) - 1)];
			len = strlen(buf);
			if (!len)
				break;
		}
		if (kc_cfg_parse(buf, len, "m", &cfg, &err) == 0) {
			if (!cfg)
				crashed = 1;
			kc_cfg_free(cfg);
		} else if (cfg || !err.msg[0]) {
			crashed = 1;
		}
		free(buf);
	}
	tap_ok(!crashed, "4000 mutated configs: clean success or error");
}

int main(void)
{
	test_basics();
	test_compounds();
	test_define();
	test_connections();
	test_overload();
	test_variables();
	test_directives();
	test_errors();
	test_files();
	test_mutations();
	return tap_done();
}
