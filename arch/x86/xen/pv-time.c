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
#include <linux/percpu.h>
#include <linux/time64.h>
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
