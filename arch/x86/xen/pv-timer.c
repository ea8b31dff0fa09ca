// SPDX-License-Identifier: GPL-2.0
/*
 * The per-vCPU clock event device of a PV guest
 * (Documentation/xen/time.rst).
 *
 * Each vCPU has a one-shot timer in Xen, armed with an absolute deadline
 * in Xen system time (VCPUOP_set_singleshot_timer); when it expires Xen
 * raises the vCPU's VIRQ_TIMER event.  Xen also gives every PV vCPU a
 * periodic tick by default, which would wake an idle vCPU for nothing:
 * it is stopped when the device is set up.
 */
#include <linux/clockchips.h>
#include <linux/cpu.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/interface/vcpu.h>

#include "pv.h"

struct xen_timer {
	struct clock_event_device evt;
	int irq;		/* VIRQ_TIMER of this vCPU; 0 when not bound */
	char name[16];
};

static DEFINE_PER_CPU(struct xen_timer, xen_timer);

static int xen_timer_set_next_event(unsigned long delta, struct clock_event_device *evt)
{
	struct vcpu_set_singleshot_timer t = {
		/* A deadline already past fires at once: no flags. */
		.timeout_abs_ns = xen_clock_ns() + delta,
	};

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, smp_processor_id(), &t);
}

/*
 * Also called on another CPU for a vCPU that went offline (the tick
 * core detaches a dead CPU's device on the CPU that took it down).  Xen
 * stops only the caller's own one-shot timer; a dead vCPU's timer event
 * goes with its port (xen_timer_teardown()).
 */
static int xen_timer_shutdown(struct clock_event_device *evt)
{
	unsigned int cpu = cpumask_first(evt->cpumask);

	if (cpu == smp_processor_id())
		HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, cpu, NULL);
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);
	return 0;
}

static irqreturn_t xen_timer_interrupt(int irq, void *dev_id)
{
	struct clock_event_device *evt = &this_cpu_ptr(&xen_timer)->evt;

	if (!evt->event_handler)
		return IRQ_NONE;
	evt->event_handler(evt);
	return IRQ_HANDLED;
}

/*
 * Common to every vCPU's device.  Entering one-shot mode needs nothing:
 * the timer is armed by set_next_event only.
 */
static const struct clock_event_device xen_timer_template = {
	.name = "xen",
	.features = CLOCK_EVT_FEAT_ONESHOT,
	.rating = 500,		/* above anything else a PV guest could find */
	.set_next_event = xen_timer_set_next_event,
	.set_state_shutdown = xen_timer_shutdown,
};

/*
 * Bind @cpu's timer event; from any CPU, before @cpu runs (a secondary
 * vCPU's is bound while it is still down, where binding may sleep).
 * Events before xen_timer_register() find no handler and are dropped.
 */
int xen_timer_bind(unsigned int cpu)
{
	struct xen_timer *t = per_cpu_ptr(&xen_timer, cpu);
	int irq;

	if (t->irq)
		return 0;
	/* Xen's default 100 Hz tick would only wake an idle vCPU for nothing. */
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);
	snprintf(t->name, sizeof(t->name), "timer%u", cpu);
	t->evt = xen_timer_template;
	t->evt.cpumask = cpumask_of(cpu);

	irq = xen_evtchn_bind_virq(VIRQ_TIMER, cpu, xen_timer_interrupt,
				   IRQF_PERCPU | IRQF_NOBALANCING | IRQF_TIMER,
				   t->name, NULL);
	if (irq < 0) {
		pr_err("xenpv: cannot bind the timer event of vCPU %u: %d\n", cpu, irq);
		return irq;
	}
	t->irq = irq;
	t->evt.irq = irq;
	return 0;
}

/* Register this CPU's clock event device, bound already; on the CPU, IRQs off. */
void xen_timer_register(void)
{
	struct xen_timer *t = this_cpu_ptr(&xen_timer);

	/* A fresh device each time: the tick core dropped the last one. */
	t->evt = xen_timer_template;
	t->evt.cpumask = cpumask_of(smp_processor_id());
	t->evt.irq = t->irq;
	/* Deltas are ns; 1 us is the shortest worth a hypercall. */
	clockevents_config_and_register(&t->evt, NSEC_PER_SEC, NSEC_PER_USEC, LONG_MAX);
}

/* Bind and register the boot CPU's timer. */
int xen_timer_setup(unsigned int cpu)
{
	int rc = xen_timer_bind(cpu);

	if (!rc)
		xen_timer_register();
	return rc;
}

/* Undo xen_timer_setup() when @cpu goes away; safe if never set up. */
void xen_timer_teardown(unsigned int cpu)
{
	struct xen_timer *t = per_cpu_ptr(&xen_timer, cpu);

	if (!t->irq)
		return;
	xen_evtchn_unbind(t->irq, NULL);
	t->irq = 0;
}
