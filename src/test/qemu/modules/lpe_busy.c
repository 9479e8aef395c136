// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_busy: a busy target module (the selftests' test_klp_callbacks_busy). At load it queues a
 * work item whose kernel worker sleeps uninterruptibly (state D) in lpe_busy_wait() until the
 * parameter "release" is written: a livepatch of that function (lpe_patch_busy) cannot complete
 * its patching transition meanwhile. Its PID is the read-only parameter "worker_pid". Every reader
 * of /proc/lpe_busy calls lpe_busy_wait() too, then reads which implementation released it: 0 for
 * this module's, or the number a livepatch's replacement returns.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>
#include "lpe_gate.h"

static struct lpe_gate gate = LPE_GATE_INIT(gate);
LPE_GATE_RELEASE_PARAM(gate);

static int worker_pid;
module_param(worker_pid, int, 0444);
MODULE_PARM_DESC(worker_pid, "PID of the kernel worker asleep in lpe_busy_wait()");

int lpe_busy_wait(void);

/* The function lpe_patch_busy replaces. */
lpe_noipa int lpe_busy_wait(void)
{
	lpe_gate_wait_uninterruptible(&gate);
	return 0;
}

static void lpe_busy_work_fn(struct work_struct *work)
{
	worker_pid = task_pid_nr(current);
	lpe_busy_wait();
}

static DECLARE_WORK(work, lpe_busy_work_fn);

static int lpe_busy_show(struct seq_file *m, void *v)
{
	int impl = lpe_busy_wait();

	if (impl < 0)
		return impl;
	seq_printf(m, "released by implementation %d\n", impl);
	return 0;
}

static int __init lpe_busy_init(void)
{
	if (!proc_create_single("lpe_busy", 0444, NULL, lpe_busy_show))
		return -ENOMEM;
	schedule_work(&work);
	return 0;
}

static void __exit lpe_busy_exit(void)
{
	lpe_gate_open(&gate);
	flush_work(&work);
	remove_proc_entry("lpe_busy", NULL);
}

module_init(lpe_busy_init);
module_exit(lpe_busy_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("livepatch_exporter test helper: a module whose worker is busy in a function");
