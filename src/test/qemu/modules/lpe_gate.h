/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A gate that tasks sleep at until a module parameter opens it: what the test modules use to
 * hold a live patching transition open for exactly as long as a test wants.
 *
 * Each module has its own gate and its own "release" parameter: writing anything to
 * /sys/module/<module>/parameters/release wakes every task sleeping at that module's gate.
 */
#ifndef LPE_GATE_H
#define LPE_GATE_H

#include <linux/atomic.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/wait.h>

struct lpe_gate {
	wait_queue_head_t wq;
	atomic_t opened; /* how often "release" was written */
};

static inline bool lpe_gate_stopping(void)
{
	return (current->flags & PF_KTHREAD) && kthread_should_stop();
}

/*
 * Sleeps (state S) until the gate is opened once more. Always inlined, so that the stack of a
 * sleeper shows the function that called it: the function a livepatch replaces.
 *
 * Returns 0 when released, -ERESTARTSYS when a real signal arrives (kgr poke's SIGSTOP: the task
 * then leaves the kernel, switches to the transition's target and restarts its read). The
 * livepatch core's fake signal (TIF_NOTIFY_SIGNAL, sent every 15 s of a stalled transition) is
 * not a reason to leave: it is cleared and the task sleeps on, so that a stall lasts until the
 * test ends it, however slow the machine.
 */
static __always_inline int lpe_gate_wait(struct lpe_gate *gate)
{
	int seen = atomic_read(&gate->opened);

	for (;;) {
		if (!wait_event_interruptible(gate->wq, atomic_read(&gate->opened) != seen ||
							 lpe_gate_stopping()))
			return 0;
		if (task_sigpending(current))
			return -ERESTARTSYS;
		clear_notify_signal();
	}
}

/*
 * Sleeps uninterruptibly (state D) until the gate is opened once more: no signal, real or fake,
 * wakes the sleeper. Inlined as lpe_gate_wait().
 */
static __always_inline void lpe_gate_wait_uninterruptible(struct lpe_gate *gate)
{
	int seen = atomic_read(&gate->opened);

	wait_event(gate->wq, atomic_read(&gate->opened) != seen);
}

static inline void lpe_gate_open(struct lpe_gate *gate)
{
	atomic_inc(&gate->opened);
	wake_up_all(&gate->wq);
}

/* Defines the module parameter "release" that opens GATE; reading it gives the count. */
#define LPE_GATE_RELEASE_PARAM(gate)                                                   \
	static int lpe_release_set(const char *val, const struct kernel_param *kp)   \
	{                                                                              \
		lpe_gate_open(&(gate));                                                \
		return 0;                                                              \
	}                                                                              \
	static int lpe_release_get(char *buffer, const struct kernel_param *kp)      \
	{                                                                              \
		return sprintf(buffer, "%d\n", atomic_read(&(gate).opened));          \
	}                                                                              \
	static const struct kernel_param_ops lpe_release_ops = {                       \
		.set = lpe_release_set,                                                \
		.get = lpe_release_get,                                                \
	};                                                                             \
	module_param_cb(release, &lpe_release_ops, NULL, 0644);                        \
	MODULE_PARM_DESC(release, "write anything to wake the tasks sleeping at this module's gate")

/*
 * For the functions that sleep at a gate and return which implementation released the sleeper:
 * noinline is not enough, gcc 14 folds a return value across functions (the kernel does not build
 * modules with -flive-patching=inline-clone), and the reader would print a constant, whichever
 * function ran. noipa keeps each function its own.
 */
#define lpe_noipa __attribute__((__noipa__))

#define LPE_GATE_INIT(name)                                                            \
	{ .wq = __WAIT_QUEUE_HEAD_INITIALIZER((name).wq), .opened = ATOMIC_INIT(0) }

#endif
