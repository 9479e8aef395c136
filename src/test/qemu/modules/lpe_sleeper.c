// SPDX-License-Identifier: GPL-2.0
/*
 * lpe_sleeper: an ordinary module (not a livepatch) whose function lpe_sleeper_wait() sleeps
 * until the parameter "release" is written. The lpe_patch_* livepatches replace that function,
 * so whoever sleeps in it holds their transitions open:
 *  - the kernel thread "lpe_sleeper" sleeps in it once each time the parameter "arm" is
 *    written (otherwise it waits in its own loop, outside the patched function, so that once
 *    released it can switch patch state); its PID is the read-only parameter "kthread_pid";
 *  - every reader of /proc/lpe_sleeper sleeps in it, then reads which implementation released
 *    it: 0 for this module's, or the number a livepatch's replacement returns.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "lpe_gate.h"

static struct lpe_gate gate = LPE_GATE_INIT(gate);
LPE_GATE_RELEASE_PARAM(gate);

static int kthread_pid;
module_param(kthread_pid, int, 0444);
MODULE_PARM_DESC(kthread_pid, "PID of the kernel thread lpe_sleeper");

static DECLARE_WAIT_QUEUE_HEAD(arm_wq);
static atomic_t armed = ATOMIC_INIT(0);
static struct task_struct *thread;

int lpe_sleeper_wait(void);

/* The function the livepatches replace. Returns the implementation's number, or -ERESTARTSYS. */
lpe_noipa int lpe_sleeper_wait(void)
{
	int ret = lpe_gate_wait(&gate);

	return ret ? ret : 0;
}

static int arm_set(const char *val, const struct kernel_param *kp)
{
	atomic_set(&armed, 1);
	wake_up_all(&arm_wq);
	return 0;
}

static int arm_get(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%d\n", atomic_read(&armed));
}

static const struct kernel_param_ops arm_ops = {
	.set = arm_set,
	.get = arm_get,
};
module_param_cb(arm, &arm_ops, NULL, 0644);
MODULE_PARM_DESC(arm, "write anything to send the kernel thread into lpe_sleeper_wait() again");

static int lpe_sleeper_thread(void *unused)
{
	while (!kthread_should_stop()) {
		wait_event_interruptible(arm_wq, atomic_read(&armed) || kthread_should_stop());
		if (atomic_xchg(&armed, 0))
			lpe_sleeper_wait();
	}
	return 0;
}

static int lpe_sleeper_show(struct seq_file *m, void *v)
{
	int impl = lpe_sleeper_wait();

	if (impl < 0)
		return impl;
	seq_printf(m, "released by implementation %d\n", impl);
	return 0;
}

static int __init lpe_sleeper_init(void)
{
	if (!proc_create_single("lpe_sleeper", 0444, NULL, lpe_sleeper_show))
		return -ENOMEM;
	thread = kthread_run(lpe_sleeper_thread, NULL, "lpe_sleeper");
	if (IS_ERR(thread)) {
		remove_proc_entry("lpe_sleeper", NULL);
		return PTR_ERR(thread);
	}
	kthread_pid = task_pid_nr(thread);
	return 0;
}

static void __exit lpe_sleeper_exit(void)
{
	kthread_stop(thread);
	lpe_gate_open(&gate);
	remove_proc_entry("lpe_sleeper", NULL);
}

module_init(lpe_sleeper_init);
module_exit(lpe_sleeper_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("livepatch_exporter test helper: a function that sleeps until released");
