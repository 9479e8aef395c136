// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_target: an ordinary module that lpe_patch_late patches, loaded after that livepatch (the
 * selftests' "target module not present" and module_coming/module_going cases): until it is
 * loaded the livepatch's object lpe_target reads patched=0, and again after it is removed.
 * /proc/lpe_target says which implementation of lpe_target_show() answered.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "lpe_gate.h"

int lpe_target_show(struct seq_file *m, void *v);

lpe_noipa int lpe_target_show(struct seq_file *m, void *v)
{
	seq_puts(m, "lpe_target: original\n");
	return 0;
}

static int __init lpe_target_init(void)
{
	return proc_create_single("lpe_target", 0444, NULL, lpe_target_show) ? 0 : -ENOMEM;
}

static void __exit lpe_target_exit(void)
{
	remove_proc_entry("lpe_target", NULL);
}

module_init(lpe_target_init);
module_exit(lpe_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("livepatch_exporter test helper: a module patched after its livepatch");
