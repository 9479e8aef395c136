// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_patch_busy: a livepatch of lpe_busy_wait() in the module lpe_busy, whose worker sleeps in
 * that function and stalls the patching transition. The replacement sleeps as well (state S, at
 * this module's gate) and returns 1: a reader of /proc/lpe_busy that runs it holds the unpatching
 * transition open after the test reverses the patching one.
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include "lpe_gate.h"

static struct lpe_gate gate = LPE_GATE_INIT(gate);
LPE_GATE_RELEASE_PARAM(gate);

static lpe_noipa int lpe_patch_busy_wait(void)
{
	int ret = lpe_gate_wait(&gate);

	return ret ? ret : 1;
}

static struct klp_func funcs[] = {
	{ .old_name = "lpe_busy_wait", .new_func = lpe_patch_busy_wait },
	{}
};

static struct klp_object objs[] = {
	{ .name = "lpe_busy", .funcs = funcs },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init lpe_patch_busy_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit lpe_patch_busy_exit(void)
{
	lpe_gate_open(&gate);
}

module_init(lpe_patch_busy_init);
module_exit(lpe_patch_busy_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("livepatch_exporter test livepatch of a busy module's function");
