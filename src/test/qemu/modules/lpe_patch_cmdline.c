// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_patch_cmdline: a livepatch of a kernel function, cmdline_proc_show() (what /proc/cmdline
 * shows), as the kernel's own samples/livepatch/livepatch-sample.c. Nothing sleeps there, so its
 * transition completes on its own.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

static int lpe_patch_cmdline_show(struct seq_file *m, void *v)
{
	seq_puts(m, "lpe_patch_cmdline: this function has been live patched\n");
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = lpe_patch_cmdline_show },
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

static int __init lpe_patch_cmdline_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lpe_patch_cmdline_exit(void)
{
}

module_init(lpe_patch_cmdline_init);
module_exit(lpe_patch_cmdline_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("livepatch_exporter test livepatch of cmdline_proc_show");
