// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_patch_sleeper: a livepatch of lpe_sleeper_wait() in the module lpe_sleeper. Its
 * replacement sleeps too, at this module's own gate (parameter "release"), and returns 1: tasks
 * sleeping in it hold an unpatching transition open, and show this module's function on their
 * stacks.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include "lpe_gate.h"

static struct lpe_gate gate = LPE_GATE_INIT(gate);
LPE_GATE_RELEASE_PARAM(gate);

static lpe_noipa int lpe_patch_sleeper_wait(void)
{
	int ret = lpe_gate_wait(&gate);

	return ret ? ret : 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "lpe_sleeper_wait", .new_func = lpe_patch_sleeper_wait },
	{}
};

static struct klp_object objs[] = {
	{ .name = "lpe_sleeper", .funcs = funcs },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init lpe_patch_sleeper_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lpe_patch_sleeper_exit(void)
{
	lpe_gate_open(&gate);
}

module_init(lpe_patch_sleeper_init);
module_exit(lpe_patch_sleeper_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("livepatch_exporter test livepatch of lpe_sleeper_wait, sleeping as well");
