// SPDX-License-Identifier: GPL-2.0
/*
 * Xen system time as the kernel's clocksource, sched_clock and steal
 * clock (Documentation/xen/time.rst).
 *
 * Xen keeps a pvclock record per vCPU in its vcpu_info: a TSC stamp, the
 * system time (ns since the domain's boot) at that stamp and the scale
 * from TSC ticks to ns.  Xen rewrites it when it reschedules the vCPU or
 * adjusts the scale, bumping the record's version to an odd number while
 * it writes; pvclock_clocksource_read() retries until it read a stable
 * even version, and keeps the result monotonic across vCPUs unless Xen
 * declares the TSC stable.
 *
 * Steal time comes from the vCPU's runstate area: how long the vCPU was
 * runnable but not running (or taken offline) by Xen's scheduler.
 */
#include <linux/clocksource.h>
#include <linux/cpu.h>
#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>
#include <linux/static_call.h>
#include <asm/paravirt.h>
#include <asm/pvclock.h>
#include <asm/xen/hypercall.h>
#include <xen/interface/vcpu.h>

#include "pv.h"

/* Xen system time in ns, read on this CPU's record. */
u64 xen_clock_ns(void)
{
	u64 now;

	preempt_disable_notrace();
	now = pvclock_clocksource_read(&this_cpu_read(xen_vcpu)->time);
	preempt_enable_notrace();
	return now;
}

static u64 xen_clocksource_read(struct clocksource *cs)
{
	return xen_clock_ns();
}

/* Better than the TSC (rating 300), whose rate Xen may change under us. */
static struct clocksource xen_clocksource = {
	.name = "xen",
	.rating = 400,
	.read = xen_clocksource_read,
	.mask = CLOCKSOURCE_MASK(64),
	.flags = CLOCK_SOURCE_IS_CONTINUOUS,
};

/* sched_clock starts at zero at boot like on bare metal. */
static u64 xen_sched_clock_base __ro_after_init;

static u64 xen_sched_clock(void)
{
	return xen_clock_ns() - xen_sched_clock_base;
}

/*
 * The runstate area of each vCPU.  Xen writes it whenever the vCPU
 * changes state, setting XEN_RUNSTATE_UPDATE in state_entry_time while it
 * does (VMASST_TYPE_runstate_update_flag); readers on any CPU retry until
 * they see the same clean stamp before and after copying.
 */
static DEFINE_PER_CPU(struct vcpu_runstate_info, xen_runstate);
static bool xen_runstate_flag __ro_after_init;

static void xen_runstate_snapshot(unsigned int cpu, struct vcpu_runstate_info *out)
{
	const struct vcpu_runstate_info *rs = per_cpu_ptr(&xen_runstate, cpu);
	u64 stamp;

	do {
		stamp = READ_ONCE(rs->state_entry_time);
		/* Read the stamp, then the body, then the stamp again. */
		smp_rmb();
		memcpy(out, rs, sizeof(*out));
		/* Body before the second stamp read (Xen writes in reverse). */
		smp_rmb();
	} while ((xen_runstate_flag && (stamp & XEN_RUNSTATE_UPDATE)) ||
		 READ_ONCE(rs->state_entry_time) != stamp);
}

static u64 xen_steal_clock(int cpu)
{
	struct vcpu_runstate_info rs;

	xen_runstate_snapshot(cpu, &rs);
	return rs.time[RUNSTATE_runnable] + rs.time[RUNSTATE_offline];
}

/*
 * Is @cpu's vCPU runnable but not running: preempted by Xen's scheduler?
 * A single aligned word Xen writes; a torn view is impossible, a stale
 * one only a hint, which is all the callers (spinning decisions) need.
 */
bool xen_vcpu_runnable(unsigned int cpu)
{
	return READ_ONCE(per_cpu(xen_runstate, cpu).state) == RUNSTATE_runnable;
}

/* Register @cpu's runstate area; called on that CPU before it runs tasks. */
void xen_runstate_register(unsigned int cpu)
{
	struct vcpu_register_runstate_memory_area area = {
		.addr.v = per_cpu_ptr(&xen_runstate, cpu),
	};
	int rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, cpu, &area);

	if (rc)
		pr_warn("xenpv: no runstate area for vCPU %u (%d): no steal time there\n", cpu, rc);
}

/*
 * From platform setup on (x86_hyper_xen_pv's init_platform, early in
 * setup_arch): printk timestamps and the scheduler's clock.
 */
void __init xen_pv_clock_early_init(void)
{
	xen_sched_clock_base = xen_clock_ns();
	paravirt_set_sched_clock(xen_sched_clock);
}

/* At timer setup (static keys work from here on). */
void __init xen_pv_clock_init(void)
{
	xen_runstate_flag = !xen_vm_assist_enable(VMASST_TYPE_runstate_update_flag);
	xen_runstate_register(0);
	static_call_update(pv_steal_clock, xen_steal_clock);
	static_key_slow_inc(&paravirt_steal_enabled);
	if (IS_ENABLED(CONFIG_PARAVIRT_TIME_ACCOUNTING))
		static_key_slow_inc(&paravirt_steal_rq_enabled);
	clocksource_register_hz(&xen_clocksource, NSEC_PER_SEC);
}
