// SPDX-License-Identifier: GPL-2.0
/*
 * Bound ports as Linux IRQs: the "xen-evtchn" irq_chip, the IRQ
 * descriptors, and the handler wrapper that watches for event storms.
 *
 * Flow: an event is an edge.  handle_edge_irq() acks (clears the
 * pending bit) before running the handler, so an event raised while
 * the handler runs makes the port pending again and is not lost.
 * Per-vCPU VIRQs and IPIs use handle_percpu_irq(): one IRQ per vCPU,
 * always delivered on it.  There are no x86 vectors: the upcall dispatches
 * with generic_handle_irq().
 *
 * Storms (storm.h for the policy): the wrapper counts the port's events
 * and IRQ_NONE results; on a storm it disables the IRQ with
 * disable_irq_nosync(), which the irq core turns into masking the port
 * at its next event, and a timer enables it again after the backoff.
 * Going through the irq core's disable depth keeps this correct against
 * drivers that disable and enable their IRQ themselves.
 */
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/sched/clock.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>

#include "internal.h"

/* Allocate above the legacy ISA range, which other code treats as special. */
#define XEN_EVTCHN_FIRST_IRQ	NR_IRQS_LEGACY

static struct irq_chip xen_evtchn_chip;

static evtchn_port_t xen_evtchn_data_port(struct irq_data *d)
{
	struct xen_evtchn_irq *info = irq_data_get_irq_chip_data(d);

	return info->port;
}

static void xen_evtchn_chip_mask(struct irq_data *d)
{
	xen_evtchn_port_mask(xen_evtchn_data_port(d));
}

static void xen_evtchn_chip_unmask(struct irq_data *d)
{
	xen_evtchn_port_unmask(xen_evtchn_data_port(d));
}

static void xen_evtchn_chip_ack(struct irq_data *d)
{
	xen_evtchn_port_pending(xen_evtchn_data_port(d), false);
}

static void xen_evtchn_chip_mask_ack(struct irq_data *d)
{
	evtchn_port_t port = xen_evtchn_data_port(d);

	xen_evtchn_port_mask(port);
	xen_evtchn_port_pending(port, false);
}

/* Raise the port locally again (the irq core resends a lost edge). */
static int xen_evtchn_chip_retrigger(struct irq_data *d)
{
	evtchn_port_t port = xen_evtchn_data_port(d);
	bool masked = xen_evtchn_port_mask(port);

	xen_evtchn_port_pending(port, true);
	/* Unmasking a pending port makes Xen deliver it. */
	if (!masked)
		xen_evtchn_port_unmask(port);
	return 1;
}

/*
 * Have @info's port delivered to @cpu.  Masked across the move so that
 * an event pending on the old vCPU is delivered again on the new one
 * by the unmask.  Linux CPU n is Xen vCPU n.
 */
int xen_evtchn_move(struct xen_evtchn_irq *info, unsigned int cpu)
{
	struct evtchn_bind_vcpu op = { .port = info->port, .vcpu = cpu };
	bool masked;
	int rc;

	if (cpu == info->cpu)
		return 0;
	masked = xen_evtchn_port_mask(info->port);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &op);
	if (!rc) {
		xen_evtchn_port_to_cpu(info->port, cpu);
		info->cpu = cpu;
	}
	if (!masked)
		xen_evtchn_port_unmask(info->port);
	return rc;
}

/* Called by the irq core with the descriptor lock held. */
static int xen_evtchn_chip_set_affinity(struct irq_data *d, const struct cpumask *dest,
					bool force)
{
	struct xen_evtchn_irq *info = irq_data_get_irq_chip_data(d);
	unsigned int cpu;
	int rc;

	/* A VIRQ or IPI port belongs to the vCPU it was bound for. */
	if (xen_evtchn_kind_percpu(info->kind))
		return cpumask_test_cpu(info->cpu, dest) ? IRQ_SET_MASK_OK_NOCOPY : -EINVAL;

	cpu = force ? cpumask_first(dest) : cpumask_first_and(dest, cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	rc = xen_evtchn_move(info, cpu);
	if (rc)
		return rc;
	irq_data_update_effective_affinity(d, cpumask_of(cpu));
	return IRQ_SET_MASK_OK;
}

static struct irq_chip xen_evtchn_chip = {
	.name			= "xen-evtchn",
	.irq_mask		= xen_evtchn_chip_mask,
	.irq_unmask		= xen_evtchn_chip_unmask,
	.irq_ack		= xen_evtchn_chip_ack,
	.irq_mask_ack		= xen_evtchn_chip_mask_ack,
	.irq_retrigger		= xen_evtchn_chip_retrigger,
	.irq_set_affinity	= xen_evtchn_chip_set_affinity,
	.flags			= IRQCHIP_SKIP_SET_WAKE,
};

/* Our bookkeeping of @irq, or NULL if it is not an IRQ of ours. */
struct xen_evtchn_irq *xen_evtchn_irq_info(int irq)
{
	struct irq_data *d;

	if (irq <= 0)
		return NULL;
	d = irq_get_irq_data(irq);
	if (!d || d->chip != &xen_evtchn_chip)
		return NULL;
	return irq_data_get_irq_chip_data(d);
}

/* The backoff is over: let the irq core unmask (and resend) the port. */
static void xen_evtchn_storm_end(struct timer_list *t)
{
	struct xen_evtchn_irq *info = from_timer(info, t, storm_timer);
	unsigned long flags;

	spin_lock_irqsave(&info->storm_lock, flags);
	if (info->storm_masked) {
		info->storm_masked = false;
		enable_irq(info->irq);
	}
	spin_unlock_irqrestore(&info->storm_lock, flags);
}

/* Hard-IRQ context, from the handler wrapper. */
static void xen_evtchn_storm_begin(struct xen_evtchn_irq *info, u64 backoff_ns)
{
	spin_lock(&info->storm_lock);
	if (!info->dying && !info->storm_masked) {
		info->storm_masked = true;
		disable_irq_nosync(info->irq);
		mod_timer(&info->storm_timer, jiffies + nsecs_to_jiffies(backoff_ns) + 1);
		pr_warn_ratelimited("xen-evtchn: event storm on port %u (IRQ %u, %s): %u events, %u unhandled within %u ms; masked for %llu ms\n",
				    info->port, info->irq, info->name,
				    info->storm.last_events, info->storm.last_unhandled,
				    (unsigned int)(EVTCHN_STORM_WINDOW_NS / NSEC_PER_MSEC),
				    backoff_ns / NSEC_PER_MSEC);
	}
	spin_unlock(&info->storm_lock);
}

/* The action handler of every IRQ of ours: the user's, plus storm watch. */
static irqreturn_t xen_evtchn_irq_handler(int irq, void *data)
{
	struct xen_evtchn_irq *info = data;
	irqreturn_t ret = info->handler(irq, info->dev_id);
	u64 backoff;

	if (!info->storm_watch)
		return ret;
	backoff = evtchn_storm_note(&info->storm, local_clock(), ret != IRQ_NONE);
	if (unlikely(backoff))
		xen_evtchn_storm_begin(info, backoff);
	return ret;
}

/*
 * Give @info (port, kind and cpu filled in) an IRQ descriptor with our
 * chip, the port masked and its events routed to info->cpu.  Nothing
 * can run the IRQ until xen_evtchn_irq_request().
 */
int xen_evtchn_irq_setup(struct xen_evtchn_irq *info)
{
	bool percpu = xen_evtchn_kind_percpu(info->kind);
	struct irq_data *d;
	int irq;

	irq = irq_alloc_desc_from(XEN_EVTCHN_FIRST_IRQ, cpu_to_node(info->cpu));
	if (irq < 0)
		return irq;
	info->irq = irq;
	info->storm_watch = !percpu;
	spin_lock_init(&info->storm_lock);
	timer_setup(&info->storm_timer, xen_evtchn_storm_end, 0);

	xen_evtchn_port_mask(info->port);
	xen_evtchn_port_to_cpu(info->port, info->cpu);

	irq_set_chip_and_handler_name(irq, &xen_evtchn_chip,
				      percpu ? handle_percpu_irq : handle_edge_irq,
				      percpu ? "percpu" : "edge");
	irq_set_chip_data(irq, info);
	irq_set_noprobe(irq);
	d = irq_get_irq_data(irq);
	if (percpu) {
		irq_set_status_flags(irq, IRQ_NO_BALANCING | IRQ_PER_CPU);
		irq_data_update_affinity(d, cpumask_of(info->cpu));
	}
	irq_data_update_effective_affinity(d, cpumask_of(info->cpu));
	return 0;
}

int xen_evtchn_irq_request(struct xen_evtchn_irq *info, unsigned long irqflags)
{
	if (xen_evtchn_kind_percpu(info->kind))
		irqflags |= IRQF_PERCPU | IRQF_NOBALANCING;
	return request_irq(info->irq, xen_evtchn_irq_handler, irqflags, info->name, info);
}

/* Undo xen_evtchn_irq_request(): no handler runs and no backoff is armed after. */
void xen_evtchn_irq_release(struct xen_evtchn_irq *info)
{
	spin_lock_irq(&info->storm_lock);
	info->dying = true;
	spin_unlock_irq(&info->storm_lock);
	/* The handler can no longer arm it; wait out one already running. */
	del_timer_sync(&info->storm_timer);
	/* free_irq() shuts the IRQ down whatever its disable depth. */
	free_irq(info->irq, info);
}

/* Undo xen_evtchn_irq_setup(); the port stays masked. */
void xen_evtchn_irq_teardown(struct xen_evtchn_irq *info)
{
	irq_free_desc(info->irq);
}
