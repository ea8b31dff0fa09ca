// SPDX-License-Identifier: GPL-2.0
/*
 * Time for a PV guest, as far as boot needs it before event channels.
 *
 * Xen publishes time in shared info: per vCPU, the scale from TSC to
 * system time (vcpu_time_info, a pvclock record), and for the domain the
 * wall-clock time at system time zero (wc_*).  There is no RTC, PIT or
 * HPET to probe: port I/O to them only reads back 0xff.
 *
 * The Xen clocksource and the per-vCPU timer (VCPUOP_set_singleshot_timer,
 * VIRQ_TIMER) need event channels and arrive with issue 5; until then the
 * kernel stops at timer setup with a message rather than hang waiting for
 * a tick that cannot come.
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

static void __init xen_timer_not_built(void)
{
	xen_boot_fatal("no timer: %s\n",
		       "the Xen clock event device and event channels are not in this kernel yet (issue 5)");
}

void __init xen_pv_time_init(void)
{
	x86_platform.calibrate_tsc = xen_tsc_khz;
	x86_platform.calibrate_cpu = xen_tsc_khz;
	x86_platform.get_wallclock = xen_get_wallclock;
	x86_platform.set_wallclock = xen_set_wallclock;
	x86_init.timers.timer_init = xen_timer_not_built;
}
