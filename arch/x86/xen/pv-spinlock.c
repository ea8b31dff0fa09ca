// SPDX-License-Identifier: GPL-2.0
/*
 * Paravirtual queued spinlocks for a PV guest (Documentation/xen/smp.rst,
 * "PV spinlocks").
 *
 * The generic paravirt qspinlock (kernel/locking/qspinlock_paravirt.h)
 * spins a while, then asks the hypervisor to put the waiting vCPU to
 * sleep (pv_ops.lock.wait) until the lock holder hands it on and wakes
 * it (pv_ops.lock.kick).  A waiter spinning on a vCPU whose lock holder
 * Xen has preempted only burns the time the holder needs.
 *
 * Here each vCPU has a kick port: an interprocessor event channel of
 * its own, masked for good.  The waiter sleeps in SCHEDOP_poll on it,
 * which Xen ends when the port becomes pending, masked or not; the
 * kicker sends an event on it.  The port never raises an upcall.
 *
 * On by default when the domain has more than one vCPU; "xen_nopvspin"
 * (or the generic "nopvspin") keeps the native slow path, which under a
 * hypervisor is a plain test-and-set lock (virt_spin_lock()).
 */
#include <linux/init.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <asm/paravirt.h>
#include <asm/qspinlock.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>

#include "pv.h"

static bool xen_pvspin __initdata = true;

static int __init xen_parse_nopvspin(char *arg)
{
	xen_pvspin = false;
	return 0;
}
early_param("xen_nopvspin", xen_parse_nopvspin);

/* PV spinlocks are in use: every vCPU gets a kick port as it comes up. */
static bool xen_pvspin_on __ro_after_init;

/*
 * Each vCPU's kick port, 0 while it has none (then its waits return at
 * once and it spins).  Set before the vCPU runs and cleared after it
 * stopped, by the CPU driving the hotplug; read by kickers on any CPU.
 */
static DEFINE_PER_CPU(evtchn_port_t, xen_lock_port);

static void xen_lock_kick(int cpu)
{
	evtchn_port_t port = READ_ONCE(per_cpu(xen_lock_port, cpu));

	if (port)
		xen_evtchn_notify(port);
}

/*
 * Sleep until kicked, unless *@byte no longer holds @val.  Returning
 * early is always allowed: the caller checks again and waits again.
 * Events stay masked across the check and the poll: an interrupt handler
 * waiting on another lock in between would consume the kick meant for
 * this wait, and this poll would sleep through it.  An NMI may have
 * interrupted exactly such a wait on this port: it spins instead.
 */
static void xen_lock_wait(u8 *byte, u8 val)
{
	evtchn_port_t port = this_cpu_read(xen_lock_port);
	struct sched_poll poll = { .ports = &port, .nr_ports = 1, .timeout = 0 };
	unsigned long flags;

	if (!port || in_nmi())
		return;
	local_irq_save(flags);
	/*
	 * A kick left over from an earlier wait would end this one at once.
	 * The clear is a locked instruction, a full barrier: a kick after
	 * the load below finds the port cleared and makes it pending again,
	 * which SCHEDOP_poll sees.
	 */
	xen_evtchn_clear_pending(port);
	if (READ_ONCE(*byte) == val)
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
	local_irq_restore(flags);
}

/* Preempted: Xen has the vCPU runnable but not running. */
__visible bool xen_vcpu_is_preempted(long cpu)
{
	return xen_vcpu_runnable(cpu);
}

PV_CALLEE_SAVE_REGS_THUNK(xen_vcpu_is_preempted);

/* From smp_prepare_boot_cpu(), before paravirt patching. */
void __init xen_pv_spinlock_init(void)
{
	if (num_possible_cpus() == 1)
		return;
	/* Spinning on a preempted vCPU's behalf is wasted: let the scheduler know. */
	pv_ops.lock.vcpu_is_preempted = PV_CALLEE_SAVE(xen_vcpu_is_preempted);

	if (!xen_pvspin || nopvspin) {
		pr_info("xenpv: PV spinlocks off (%s)\n", xen_pvspin ? "nopvspin" : "xen_nopvspin");
		return;
	}
	__pv_init_lock_hash();
	pv_ops.lock.queued_spin_lock_slowpath = __pv_queued_spin_lock_slowpath;
	pv_ops.lock.queued_spin_unlock = PV_CALLEE_SAVE(__pv_queued_spin_unlock);
	pv_ops.lock.wait = xen_lock_wait;
	pv_ops.lock.kick = xen_lock_kick;
	xen_pvspin_on = true;
	pr_info("xenpv: PV spinlocks on\n");
}

/* @cpu's kick port, before it runs.  Without one it spins: not fatal. */
int xen_pv_spinlock_cpu_prepare(unsigned int cpu)
{
	evtchn_port_t port;
	int rc;

	if (!xen_pvspin_on || per_cpu(xen_lock_port, cpu))
		return 0;
	rc = xen_evtchn_alloc_ipi(cpu, &port);
	if (rc) {
		pr_warn("xenpv: no spinlock kick port for vCPU %u (%d): it will spin\n", cpu, rc);
		return 0;
	}
	WRITE_ONCE(per_cpu(xen_lock_port, cpu), port);
	return 0;
}

/* @cpu is down: nobody waits on its port, and nobody kicks a CPU that does not wait. */
void xen_pv_spinlock_cpu_dead(unsigned int cpu)
{
	evtchn_port_t port = per_cpu(xen_lock_port, cpu);

	if (!port)
		return;
	WRITE_ONCE(per_cpu(xen_lock_port, cpu), 0);
	xen_evtchn_close(port);
}
