// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_patch_fail: a livepatch whose pre-patch callback fails with -ENODEV, so that enabling it
 * fails and its module does not load (the selftests' "pre-patch callback -ENODEV"). The callback
 * first sleeps at this module's gate: until "release" is written, the patch's directory stands in
 * /sys/kernel/livepatch as the kernel set it up (transition 1, enabled 0, every task's patch_state
 * 0), for as long as a test looks at it; then it vanishes.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include "lpe_gate.h"

static struct lpe_gate gate = LPE_GATE_INIT(gate);
LPE_GATE_RELEASE_PARAM(gate);

static int lpe_patch_fail_show(struct seq_file *m, void *v)
{
	seq_puts(m, "lpe_patch_fail: never applied\n");
	return 0;
}

static int lpe_patch_fail_pre_patch(struct klp_object *obj)
{
	int ret = lpe_gate_wait(&gate);

	pr_info("lpe_patch_fail: pre-patch callback returns -ENODEV\n");
	return ret ? ret : -ENODEV;
}

static struct klp_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = lpe_patch_fail_show },
	{}
};

static struct klp_object objs[] = {
	{
		.name = NULL, /* vmlinux */
		.funcs = funcs,
		.callbacks = { .pre_patch = lpe_patch_fail_pre_patch },
	},
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init lpe_patch_fail_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lpe_patch_fail_exit(void)
{
}

module_init(lpe_patch_fail_init);
module_exit(lpe_patch_fail_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("livepatch_exporter test livepatch that fails to enable");
