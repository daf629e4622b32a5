// SPDX-License-Identifier: GPL-2.0
/*
 * kclick save NAME [FILE], kclick restore [DIR]: graphs that survive a
 * reboot, as nft list ruleset / nft -f do for nftables.
 *
 * DIR (default /etc/kclick) holds NAME.click, a graph's configuration, and
 * optionally NAME.conf, its options: VAR=VALUE lines that set the
 * configuration's $VAR as on install's command line.  `restore` installs
 * every NAME.click as graph NAME, replacing a graph of that name, reports
 * each and goes on after a failure (exit 1 if any failed).  `save` writes
 * the installed graph flat, with its live routes and rules
 * (cli/savefmt.c), to FILE (default DIR/NAME.click; "-" is stdout),
 * through a temporary file renamed into place.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define KC_CONF_DIR "/etc/kclick"
#define KC_CONF_MAX (64 * 1024)	/* bytes of a NAME.conf */

/* Each element's live configuration where its class has one, else NULL. */
static int live_configs(struct kc_nl *nl, const struct kc_nl_graph *g,
			char ***out)
{
	char **c = calloc(g->nelems_got + 1, sizeof(*c));
	struct kc_err err;
	size_t i, len;

	if (!c)
		return kc_failf("out of memory");
	for (i = 0; i < g->nelems_got; i++) {
		const struct kc_nl_elem *e = &g->elems[i];
		enum kc_live_form form;
		const char *h = kc_live_handler(e->cls, &form);
		char *val;

		if (!h)
			continue;
		if (kc_nl_handler_read(nl, g->name, e->name, h, &val, &len,
				       &err))
			goto fail;
		c[i] = kc_live_config(form, val, e->config);
		free(val);
		if (!c[i]) {
			kc_err_set(&err, EINVAL,
				   "element '%s' (%s): its %s handler is not in the form save expects",
				   e->name, e->cls, h);
			goto fail;
		}
	}
	*out = c;
	return 0;
fail:
	while (i--)
		free(c[i]);
	free(c);
	return kc_fail(&err);
}

static int write_file(const char *path, const struct kc_nl_graph *g,
		      char *const *configs)
{
	char tmp[4096];
	FILE *f;
	int ret;

	if (!strcmp(path, "-"))
		return kc_save_write(stdout, g, configs) ?
			kc_failf("write error on standard output") : 0;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path,
			     (int)getpid()) >= sizeof(tmp))
		return kc_failf("%s: path too long", path);
	f = fopen(tmp, "w");
	if (!f)
		return kc_failf("%s: %s", tmp, strerror(errno));
	ret = kc_save_write(f, g, configs);
	if (fclose(f) || ret) {
		unlink(tmp);
		return kc_failf("%s: write error", tmp);
	}
	if (rename(tmp, path)) {
		ret = errno;
		unlink(tmp);
		return kc_failf("%s: %s", path, strerror(ret));
	}
	return 0;
}

int kc_cmd_save(int argc, char **argv)
{
	char path[4096], **configs = NULL;
	struct kc_nl_graph *g;
	struct kc_err err;
	struct kc_nl *nl;
	size_t i;
	int n, ret;

	n = kc_cli_args(argc, argv, NULL, NULL);
	if (n < 1 || n > 2)
		return kc_usage("save NAME [FILE|-]");
	if (n == 2)
		snprintf(path, sizeof(path), "%s", argv[2]);
	else if (mkdir(KC_CONF_DIR, 0755) && errno != EEXIST)
		return kc_failf("%s: %s", KC_CONF_DIR, strerror(errno));
	else
		snprintf(path, sizeof(path), "%s/%s.click", KC_CONF_DIR,
			 argv[1]);
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	ret = kc_nl_graph_show(nl, argv[1], &g, &err);
	if (ret) {
		kc_nl_close(nl);
		return kc_fail(&err);
	}
	ret = live_configs(nl, g, &configs);
	kc_nl_close(nl);
	if (!ret)
		ret = write_file(path, g, configs);
	for (i = 0; configs && i < g->nelems_got; i++)
		free(configs[i]);
	free(configs);
	kc_nl_graph_free(g);
	return ret ? KC_EXIT_FAIL : KC_EXIT_OK;
}

/* The whole of a small file, NUL-terminated; NULL with errno set. */
static char *slurp(const char *path, size_t max)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(max + 1);
	if (!buf) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	n = fread(buf, 1, max + 1, f);
	fclose(f);
	if (n > max) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

static int is_click(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 6 &&
	       !strcmp(d->d_name + n - 6, ".click");
}

/* Install DIR/NAME.click as NAME with DIR/NAME.conf's variables. */
static int restore_one(struct kc_nl *nl, const char *dir, const char *file,
		       struct kc_json *j)
{
	char name[256], path[4096], opts[4096], *text, **defs = NULL;
	struct kc_nl_graph *g = NULL;
	size_t ndefs = 0, i;
	struct kc_cfg *cfg;
	struct kc_err err;
	int ret;

	snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) - 6), file);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(opts, sizeof(opts), "%s/%s.conf", dir, name);
	text = slurp(opts, KC_CONF_MAX);
	if (!text && errno != ENOENT) {
		ret = kc_err_set(&err, errno, "%s: %s", opts, strerror(errno));
		goto out;
	}
	if (text) {
		ret = kc_graph_options_parse(text, opts, &defs, &ndefs, &err);
		free(text);
		if (ret)
			goto out;
	}
	ret = kc_cfg_parse_file_defs(path, (const char *const *)defs, ndefs,
				     &cfg, &err);
	if (ret)
		goto out;
	ret = kc_nl_install_addrs(nl, cfg, name, 1, &g, &err);
	kc_cfg_free(cfg);
out:
	for (i = 0; i < ndefs; i++)
		free(defs[i]);
	free(defs);
	if (j) {
		kc_json_obj(j, NULL);
		kc_json_str(j, "name", name);
		kc_json_str(j, "file", path);
		kc_json_str(j, "result", ret ? "failed" :
			    g->gen ? "replaced" : "installed");
		if (ret)
			kc_json_str(j, "error", err.msg);
		kc_json_obj_end(j);
	} else if (ret) {
		kc_failf("graph '%s': %s", name, err.msg);
	} else {
		printf("%s: %s from %s\n", name,
		       g->gen ? "replaced" : "installed", path);
	}
	kc_nl_graph_free(g);
	return ret;
}

int kc_cmd_restore(int argc, char **argv)
{
	const char *dir = KC_CONF_DIR;
	struct kc_json *j = NULL;
	struct dirent **v;
	struct kc_nl *nl;
	int n, i, failed = 0;

	n = kc_cli_args(argc, argv, NULL, NULL);
	if (n > 1)
		return kc_usage("restore [DIR]");
	if (n == 1)
		dir = argv[1];
	n = scandir(dir, &v, is_click, alphasort);
	if (n < 0)
		return kc_failf("%s: %s", dir, strerror(errno));
	nl = n ? kc_cli_nl() : NULL;
	if (n && !nl)
		failed = 1;
	if (kc_cli.json) {
		j = kc_json_new(stdout, kc_cli.pretty);
		kc_json_arr(j, NULL);
	}
	for (i = 0; i < n; i++) {
		if (nl && restore_one(nl, dir, v[i]->d_name, j))
			failed = 1;
		free(v[i]);
	}
	free(v);
	if (j) {
		kc_json_arr_end(j);
		kc_json_end(j);
	}
	/* METHOD XDP graphs: their program on their devices (lib/xdp). */
	if (nl) {
		struct kc_err err;

		if (kc_xdp_sync(nl, &err))
			failed = kc_fail(&err);
		kc_nl_close(nl);
	}
	return failed ? KC_EXIT_FAIL : KC_EXIT_OK;
}
