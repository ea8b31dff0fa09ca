// SPDX-License-Identifier: GPL-2.0
/*
 * Time for a PV guest: platform hooks, TSC rate and wall clock.
 *
 * Xen publishes time in shared info: per vCPU, the scale from TSC to
 * system time (vcpu_time_info, a pvclock record), and for the domain the
 * wall-clock time at system time zero (wc_*).  There is no RTC, PIT or
 * HPET to probe: port I/O to them only reads back 0xff.
 *
 * The clocksource and sched_clock (pv-clock.c) read the per-vCPU record;
 * the clock event device (pv-timer.c) is Xen's one-shot timer.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/time64.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <xen/xen.h>
#include <asm/pvclock.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>

#include "pv.h"

/* The TSC frequency Xen computed, from vCPU 0's time info. */
unsigned long __init xen_tsc_khz(void)
{
	return pvclock_tsc_khz(&HYPERVISOR_shared_info->vcpu_info[0].time);
}

static void xen_get_wallclock(struct timespec64 *now)
{
	struct shared_info *s = HYPERVISOR_shared_info;

	preempt_disable();
	pvclock_read_wallclock(&s->wc, &this_cpu_read(xen_vcpu)->time, now);
	preempt_enable();
}

/* A domU cannot set Xen's wall clock; the toolstack owns it. */
static int xen_set_wallclock(const struct timespec64 *now)
{
	return -ENODEV;
}

/*
 * x86_init.timers.timer_init: the clocksource and CPU 0's clock event
 * device.  Without a timer the kernel would wait for a tick forever.
 */
static void __init xen_timer_init(void)
{
	int rc;

	xen_pv_clock_init();
	rc = xen_timer_setup(0);
	if (rc)
		xen_boot_fatal("no timer: binding VIRQ_TIMER of vCPU 0 failed: %d\n", rc);
}

/*
 * Until the "xen" clocksource takes over (fs_initcall), timekeeping runs
 * on jiffies, which lose the time the boot spends before the first tick
 * and with interrupts off (a boot console waiting seconds for its
 * backend): on a loaded rig the wall clock ended up 17 s behind dom0's.
 * Once our clocksource runs, take the wall clock from Xen again.
 */
static int __init xen_resync_wallclock(void)
{
	struct timespec64 xen_now, now;
	s64 off_ms;

	if (!xen_pv_domain())
		return 0;
	xen_get_wallclock(&xen_now);
	ktime_get_real_ts64(&now);
	off_ms = div_s64(timespec64_to_ns(&xen_now) - timespec64_to_ns(&now),
			 NSEC_PER_MSEC);
	/* Jiffies resolution is all the early clock promises. */
	if (abs(off_ms) < 20)
		return 0;
	pr_info("xen time: the wall clock was %lld ms off Xen's (time lost before the clocksource ran); set from Xen\n",
		off_ms);
	do_settimeofday64(&xen_now);
	return 0;
}
late_initcall(xen_resync_wallclock);

void __init xen_pv_time_init(void)
{
	x86_platform.calibrate_tsc = xen_tsc_khz;
	x86_platform.calibrate_cpu = xen_tsc_khz;
	x86_platform.get_wallclock = xen_get_wallclock;
	x86_platform.set_wallclock = xen_set_wallclock;
	x86_init.timers.timer_init = xen_timer_init;
	/* No PIT, HPET or local APIC timer to set up or calibrate against. */
	x86_init.timers.setup_percpu_clockev = x86_init_noop;
	x86_cpuinit.setup_percpu_clockev = x86_init_noop;
	x86_init.irqs.intr_mode_select = x86_init_noop;
	x86_init.irqs.intr_mode_init = x86_init_noop;
}
