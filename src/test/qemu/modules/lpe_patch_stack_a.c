// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_patch_stack_a: one of two livepatches of cmdline_proc_show() that stack (neither replaces
 * the other): the one loaded last runs, and on kernels with stack_order (6.13 or 6.14 and later)
 * each reads its position in load order, renumbered when one below it goes away.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

static int lpe_patch_stack_a_show(struct seq_file *m, void *v)
{
	seq_puts(m, "lpe_patch_stack_a: this function has been live patched\n");
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = lpe_patch_stack_a_show },
	{}
};

static struct klp_object objs[] = {
	{ .name = NULL /* vmlinux */, .funcs = funcs },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init lpe_patch_stack_a_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lpe_patch_stack_a_exit(void)
{
}

module_init(lpe_patch_stack_a_init);
module_exit(lpe_patch_stack_a_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("livepatch_exporter test livepatch that stacks on another");
