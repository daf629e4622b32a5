// SPDX-License-Identifier: GPL-2.0
/*
 * A module that WARNs when loaded: scripts/vm's own test loads it and
 * expects the run to fail, proving the kernel log scan works.
 */
#include <linux/module.h>
#include <linux/bug.h>

static int __init kc_warn_test_init(void)
{
	WARN(1, "kc_warn_test: deliberate warning for the scripts/vm self-test\n");
	return 0;
}

static void __exit kc_warn_test_exit(void)
{
}

module_init(kc_warn_test_init);
module_exit(kc_warn_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kclick test helper: WARNs on load");
