// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_patch_late: a livepatch of lpe_target_show() in the module lpe_target, loaded while that
 * module is not: the kernel patches the object when the module comes and unpatches it when it
 * goes, and the object's "patched" follows.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

static int lpe_patch_late_show(struct seq_file *m, void *v)
{
	seq_puts(m, "lpe_patch_late: this function has been live patched\n");
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "lpe_target_show", .new_func = lpe_patch_late_show },
	{}
};

static struct klp_object objs[] = {
	{ .name = "lpe_target", .funcs = funcs },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init lpe_patch_late_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lpe_patch_late_exit(void)
{
}

module_init(lpe_patch_late_init);
module_exit(lpe_patch_late_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("livepatch_exporter test livepatch of a module loaded after it");
