// SPDX-License-Identifier: GPL-2.0
/* kclick version, classes, parse: what the tool and the module offer. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lang.h"

int kc_cmd_version(int argc, char **argv)
{
	struct kc_err err;
	struct kc_nl *nl;
	unsigned int abi;
	char *ver;
	int ret;

	(void)argv;
	if (argc != 1)
		return kc_usage("version");
	if (!kc_cli.json)
		printf("kclick %s\n", KC_VERSION);
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	ret = kc_nl_version(nl, &ver, &abi, &err);
	kc_nl_close(nl);
	if (ret)
		return kc_fail(&err);
	if (kc_cli.json) {
		struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);

		kc_json_obj(j, NULL);
		kc_json_str(j, "tool", KC_VERSION);
		kc_json_str(j, "module", ver);
		kc_json_u64(j, "abi", abi);
		kc_json_obj_end(j);
		kc_json_end(j);
	} else {
		printf("kclick.ko %s (netlink family '%s' version %u)\n", ver,
		       "kclick", abi);
	}
	free(ver);
	return KC_EXIT_OK;
}

int kc_cmd_classes(int argc, char **argv)
{
	struct kc_nl_class *v;
	struct kc_err err;
	struct kc_nl *nl;
	size_t n, i;
	int ret;

	(void)argv;
	if (argc != 1)
		return kc_usage("classes");
	nl = kc_cli_nl();
	if (!nl)
		return KC_EXIT_FAIL;
	ret = kc_nl_classes(nl, &v, &n, &err);
	kc_nl_close(nl);
	if (ret)
		return kc_fail(&err);
	if (kc_cli.json) {
		struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);

		kc_json_arr(j, NULL);
		for (i = 0; i < n; i++) {
			kc_json_obj(j, NULL);
			kc_json_str(j, "name", v[i].name);
			kc_json_str(j, "ports", v[i].ports);
			kc_json_str(j, "processing", v[i].processing);
			kc_json_obj_end(j);
		}
		kc_json_arr_end(j);
		kc_json_end(j);
	} else {
		for (i = 0; i < n; i++) {
			const char *summary = NULL;

			kc_elemdoc(v[i].name, &summary);
			printf("%-16s %-8s %-8s %s\n", v[i].name, v[i].ports,
			       v[i].processing, summary ? summary : "");
		}
	}
	kc_nl_classes_free(v, n);
	return KC_EXIT_OK;
}

static void parse_json(const struct kc_cfg *cfg)
{
	struct kc_json *j = kc_json_new(stdout, kc_cli.pretty);
	size_t i;

	kc_json_obj(j, NULL);
	kc_json_str(j, "file", cfg->file);
	kc_json_arr(j, "elements");
	for (i = 0; i < cfg->nelems; i++) {
		kc_json_obj(j, NULL);
		kc_json_str(j, "name", cfg->elems[i].name);
		kc_json_str(j, "class", cfg->elems[i].cls);
		kc_json_str(j, "config", cfg->elems[i].config);
		if (cfg->elems[i].file)	/* from a line directive */
			kc_json_str(j, "file", cfg->elems[i].file);
		kc_json_u64(j, "line", cfg->elems[i].line);
		kc_json_obj_end(j);
	}
	kc_json_arr_end(j);
	kc_json_arr(j, "connections");
	for (i = 0; i < cfg->nlinks; i++) {
		const struct kc_cfg_link *l = &cfg->links[i];

		kc_json_obj(j, NULL);
		kc_json_str(j, "from", cfg->elems[l->from].name);
		kc_json_u64(j, "from_port", l->from_port);
		kc_json_str(j, "to", cfg->elems[l->to].name);
		kc_json_u64(j, "to_port", l->to_port);
		kc_json_obj_end(j);
	}
	kc_json_arr_end(j);
	kc_json_obj_end(j);
	kc_json_end(j);
}

int kc_cmd_parse(int argc, char **argv)
{
	struct kc_cfg *cfg;
	struct kc_err err;
	char *text;

	if (kc_cli_args(argc, argv, NULL, NULL) != 1)
		return kc_usage("parse FILE|-");
	if (kc_cfg_parse_file(argv[1], &cfg, &err))
		return kc_fail(&err);
	if (kc_cli.json) {
		parse_json(cfg);
	} else {
		if (kc_cfg_format(cfg, &text)) {
			kc_cfg_free(cfg);
			return kc_failf("out of memory");
		}
		fputs(text, stdout);
		free(text);
	}
	kc_cfg_free(cfg);
	return KC_EXIT_OK;
}
