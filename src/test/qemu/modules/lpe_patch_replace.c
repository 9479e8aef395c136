// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_patch_replace: an atomic-replace (cumulative) livepatch. It patches cmdline_proc_show()
 * and lpe_sleeper_wait() (whose replacement sleeps at this module's gate and returns 2) and,
 * when its transition completes, every other patch is unpatched and its directory in
 * /sys/kernel/livepatch goes away, while its module stays loaded.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include "lpe_gate.h"

static struct lpe_gate gate = LPE_GATE_INIT(gate);
LPE_GATE_RELEASE_PARAM(gate);

static int lpe_patch_replace_cmdline_show(struct seq_file *m, void *v)
{
	seq_puts(m, "lpe_patch_replace: this function has been live patched\n");
	return 0;
}

static lpe_noipa int lpe_patch_replace_wait(void)
{
	int ret = lpe_gate_wait(&gate);

	return ret ? ret : 2;
}

static struct klp_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = lpe_patch_replace_cmdline_show },
	{}
};

static struct klp_func sleeper_funcs[] = {
	{ .old_name = "lpe_sleeper_wait", .new_func = lpe_patch_replace_wait },
	{}
};

static struct klp_object objs[] = {
	{ .name = NULL /* vmlinux */, .funcs = vmlinux_funcs },
	{ .name = "lpe_sleeper", .funcs = sleeper_funcs },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.replace = true,
};

static int __init lpe_patch_replace_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lpe_patch_replace_exit(void)
{
	lpe_gate_open(&gate);
}

module_init(lpe_patch_replace_init);
module_exit(lpe_patch_replace_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("livepatch_exporter test atomic-replace livepatch");
