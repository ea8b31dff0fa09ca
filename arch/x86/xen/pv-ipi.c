// SPDX-License-Identifier: GPL-2.0
/*
 * Interprocessor interrupts of a PV guest (Documentation/xen/smp.rst).
 *
 * A PV guest has no local APIC to send vectors with: each kind of IPI
 * is an interprocessor event channel of the target vCPU
 * (EVTCHNOP_bind_ipi), and sending one is EVTCHNOP_send on that port,
 * from any vCPU.  Every vCPU has one port per kind, bound before it
 * first runs and closed after it went offline (pv-smp.c).
 *
 * The local self-IPI of irq_work has no port: the x86 code raises it
 * through the APIC only, which a PV guest does not have, so irq_work
 * runs from the next tick; remote irq_work goes through the
 * call-function IPI.
 */
#include <linux/cpumask.h>
#include <linux/hardirq.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <asm/hardirq.h>
#include <xen/events.h>

#include "pv.h"

enum xen_ipi {
	XEN_IPI_RESCHEDULE,
	XEN_IPI_CALL_FUNC,
	XEN_IPI_CALL_FUNC_SINGLE,
	XEN_IPI_STOP,
	XEN_NR_IPIS,
};

/*
 * One vCPU's IPIs.  Written by the CPU bringing the vCPU up or taking
 * it down (under the CPU hotplug lock) while the vCPU is not running;
 * read by senders, which send only to online CPUs, so they never see a
 * port change under them (a stale 0 is skipped with a warning).
 */
struct xen_ipi_cpu {
	int irq[XEN_NR_IPIS];		/* 0: not bound */
	evtchn_port_t port[XEN_NR_IPIS];
	char name[XEN_NR_IPIS][20];
};

static DEFINE_PER_CPU(struct xen_ipi_cpu, xen_ipi);

static irqreturn_t xen_ipi_reschedule(int irq, void *dev_id)
{
	inc_irq_stat(irq_resched_count);
	scheduler_ipi();
	return IRQ_HANDLED;
}

static irqreturn_t xen_ipi_call_func(int irq, void *dev_id)
{
	inc_irq_stat(irq_call_count);
	generic_smp_call_function_interrupt();
	return IRQ_HANDLED;
}

static irqreturn_t xen_ipi_call_func_single(int irq, void *dev_id)
{
	inc_irq_stat(irq_call_count);
	generic_smp_call_function_single_interrupt();
	return IRQ_HANDLED;
}

static irqreturn_t xen_ipi_stop(int irq, void *dev_id)
{
	xen_pv_stop_this_cpu();
	return IRQ_HANDLED;
}

static const struct {
	irq_handler_t handler;
	const char *name;
} xen_ipi_kinds[XEN_NR_IPIS] = {
	[XEN_IPI_RESCHEDULE]		= { xen_ipi_reschedule, "resched" },
	[XEN_IPI_CALL_FUNC]		= { xen_ipi_call_func, "callfunc" },
	[XEN_IPI_CALL_FUNC_SINGLE]	= { xen_ipi_call_func_single, "callfuncsingle" },
	[XEN_IPI_STOP]			= { xen_ipi_stop, "stop" },
};

/* Close @cpu's IPI ports; safe on a partly bound or unbound vCPU. */
void xen_pv_ipi_unbind(unsigned int cpu)
{
	struct xen_ipi_cpu *ipi = per_cpu_ptr(&xen_ipi, cpu);
	unsigned int i;

	for (i = 0; i < XEN_NR_IPIS; i++) {
		if (!ipi->irq[i])
			continue;
		WRITE_ONCE(ipi->port[i], 0);
		xen_evtchn_unbind(ipi->irq[i], NULL);
		ipi->irq[i] = 0;
	}
}

/* Bind every IPI of @cpu; may sleep.  On failure nothing stays bound. */
int xen_pv_ipi_bind(unsigned int cpu)
{
	struct xen_ipi_cpu *ipi = per_cpu_ptr(&xen_ipi, cpu);
	unsigned int i;
	int irq;

	for (i = 0; i < XEN_NR_IPIS; i++) {
		if (ipi->irq[i])
			continue;
		snprintf(ipi->name[i], sizeof(ipi->name[i]), "%s%u", xen_ipi_kinds[i].name, cpu);
		irq = xen_evtchn_bind_ipi(cpu, xen_ipi_kinds[i].handler, 0, ipi->name[i], NULL);
		if (irq < 0) {
			pr_err("xenpv: cannot bind the %s IPI of vCPU %u: %d\n",
			       xen_ipi_kinds[i].name, cpu, irq);
			xen_pv_ipi_unbind(cpu);
			return irq;
		}
		ipi->irq[i] = irq;
		WRITE_ONCE(ipi->port[i], xen_evtchn_irq_port(irq));
	}
	return 0;
}

static void xen_send_ipi(unsigned int cpu, enum xen_ipi kind)
{
	evtchn_port_t port = READ_ONCE(per_cpu(xen_ipi, cpu).port[kind]);

	if (unlikely(!port)) {
		pr_warn_ratelimited("xenpv: no %s IPI port for CPU %u\n",
				    xen_ipi_kinds[kind].name, cpu);
		return;
	}
	xen_evtchn_notify(port);
}

void xen_pv_send_reschedule(int cpu)
{
	xen_send_ipi(cpu, XEN_IPI_RESCHEDULE);
}

void xen_pv_send_call_func_ipi(const struct cpumask *mask)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		xen_send_ipi(cpu, XEN_IPI_CALL_FUNC);
}

void xen_pv_send_call_func_single_ipi(int cpu)
{
	xen_send_ipi(cpu, XEN_IPI_CALL_FUNC_SINGLE);
}

void xen_pv_send_stop(int cpu)
{
	xen_send_ipi(cpu, XEN_IPI_STOP);
}
