// SPDX-License-Identifier: GPL-2.0
/*
 * The binding API of <xen/events.h>: open ports with Xen, give them
 * IRQs, take them away again, and send events.
 *
 * Port numbers Xen returns are checked against the ABI's range before
 * use; start_info's ports are checked with EVTCHNOP_status.  Every
 * function that binds or closes holds xen_evtchn_mutex throughout, so a
 * port number cannot be closed and reused under a binding in progress.
 */
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>

#include "internal.h"

static void xen_evtchn_close_port(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };
	int rc;

	rc = HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
	if (rc)
		pr_warn("xen-evtchn: closing port %u failed: %d\n", port, rc);
}

static bool xen_evtchn_port_valid(evtchn_port_t port)
{
	return port && port < xen_evtchn_max_ports();
}

/*
 * Bind the open port want->port to a new IRQ, as @want describes it
 * (port, kind, cpu, virq and the user's handler, dev_id and name).  On
 * failure the port is closed, unless it is an existing port
 * (XEN_EVTCHN_PORT), which stays open and masked.
 */
static int xen_evtchn_bind(const struct xen_evtchn_irq *want, unsigned long irqflags)
{
	evtchn_port_t port = want->port;
	struct xen_evtchn_irq *info;
	int rc;

	lockdep_assert_held(&xen_evtchn_mutex);
	if (!xen_evtchn_port_valid(port)) {
		pr_warn("xen-evtchn: port %u is outside 1..%u\n", port, xen_evtchn_max_ports() - 1);
		rc = -EINVAL;
		goto err_close;
	}
	if (xen_evtchn_port_to_irq(port)) {
		/* Closing it would break the binding that has it. */
		pr_warn("xen-evtchn: port %u is already bound\n", port);
		return -EBUSY;
	}
	rc = xen_evtchn_port_setup(port);
	if (rc)
		goto err_close;
	/* The locks and timer in it are set up by xen_evtchn_irq_setup(). */
	info = kmemdup(want, sizeof(*want), GFP_KERNEL);
	if (!info) {
		rc = -ENOMEM;
		goto err_close;
	}
	rc = xen_evtchn_irq_setup(info);
	if (rc)
		goto err_free;
	rc = xen_evtchn_map_set(port, info->irq);
	if (rc)
		goto err_teardown;
	/* Unmasks the port: events flow from here on. */
	rc = xen_evtchn_irq_request(info, irqflags);
	if (rc)
		goto err_unmap;
	return info->irq;

err_unmap:
	xen_evtchn_port_mask(port);
	xen_evtchn_map_set(port, 0);
	/* An upcall may still be dispatching to the IRQ we are freeing. */
	synchronize_rcu();
err_teardown:
	xen_evtchn_irq_teardown(info);
	xen_evtchn_port_to_cpu(port, 0);
err_free:
	kfree(info);
err_close:
	if (want->kind != XEN_EVTCHN_PORT)
		xen_evtchn_close_port(port);
	return rc;
}

/* Take the bind mutex if the service is up; -ENODEV (not taken) if not. */
static int xen_evtchn_lock_service(void)
{
	mutex_lock(&xen_evtchn_mutex);
	if (xen_evtchn_max_ports())
		return 0;
	mutex_unlock(&xen_evtchn_mutex);
	return -ENODEV;
}

int xen_evtchn_bind_virq(unsigned int virq, unsigned int cpu,
			 irq_handler_t handler, unsigned long irqflags,
			 const char *name, void *dev_id)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = cpu };
	struct xen_evtchn_irq want = {
		.kind = XEN_EVTCHN_VIRQ, .cpu = cpu, .virq = virq,
		.handler = handler, .dev_id = dev_id, .name = name,
	};
	int rc;

	if (virq >= NR_VIRQS || cpu >= nr_cpu_ids || !cpu_possible(cpu) || !handler)
		return -EINVAL;
	rc = xen_evtchn_lock_service();
	if (rc)
		return rc;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);
	if (rc) {
		pr_warn("xen-evtchn: binding VIRQ %u of vCPU %u failed: %d\n", virq, cpu, rc);
		goto out;
	}
	want.port = op.port;
	rc = xen_evtchn_bind(&want, irqflags);
out:
	mutex_unlock(&xen_evtchn_mutex);
	return rc;
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_virq);

/* A new IPI port of vCPU @cpu (EVTCHNOP_bind_ipi), checked; under the mutex. */
static int xen_evtchn_new_ipi(unsigned int cpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = { .vcpu = cpu };
	int rc;

	lockdep_assert_held(&xen_evtchn_mutex);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);
	if (rc) {
		pr_warn("xen-evtchn: binding an IPI port of vCPU %u failed: %d\n", cpu, rc);
		return rc;
	}
	*port = op.port;
	return 0;
}

int xen_evtchn_bind_ipi(unsigned int cpu, irq_handler_t handler, unsigned long irqflags,
			const char *name, void *dev_id)
{
	struct xen_evtchn_irq want = {
		.kind = XEN_EVTCHN_IPI, .cpu = cpu,
		.handler = handler, .dev_id = dev_id, .name = name,
	};
	int rc;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu) || !handler)
		return -EINVAL;
	rc = xen_evtchn_lock_service();
	if (rc)
		return rc;
	rc = xen_evtchn_new_ipi(cpu, &want.port);
	if (!rc)
		rc = xen_evtchn_bind(&want, irqflags);
	mutex_unlock(&xen_evtchn_mutex);
	return rc;
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_ipi);

int xen_evtchn_alloc_ipi(unsigned int cpu, evtchn_port_t *port)
{
	evtchn_port_t p;
	int rc;

	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;
	rc = xen_evtchn_lock_service();
	if (rc)
		return rc;
	rc = xen_evtchn_new_ipi(cpu, &p);
	if (rc)
		goto out;
	if (!xen_evtchn_port_valid(p)) {
		pr_warn("xen-evtchn: Xen gave IPI port %u, outside 1..%u\n",
			p, xen_evtchn_max_ports() - 1);
		rc = -EIO;
		goto err_close;
	}
	rc = xen_evtchn_port_setup(p);
	if (rc)
		goto err_close;
	/* Masked for good: it is only ever polled, never delivered. */
	xen_evtchn_port_mask(p);
	xen_evtchn_port_pending(p, false);
	*port = p;
	goto out;

err_close:
	xen_evtchn_close_port(p);
out:
	mutex_unlock(&xen_evtchn_mutex);
	return rc;
}
EXPORT_SYMBOL_GPL(xen_evtchn_alloc_ipi);

int xen_evtchn_bind_port(evtchn_port_t port, irq_handler_t handler,
			 unsigned long irqflags, const char *name, void *dev_id)
{
	struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
	struct xen_evtchn_irq want = {
		.port = port, .kind = XEN_EVTCHN_PORT, .cpu = 0,
		.handler = handler, .dev_id = dev_id, .name = name,
	};
	int rc;

	if (!handler)
		return -EINVAL;
	rc = xen_evtchn_lock_service();
	if (rc)
		return rc;
	if (!xen_evtchn_port_valid(port)) {
		pr_warn("xen-evtchn: cannot bind port %u: outside 1..%u\n",
			port, xen_evtchn_max_ports() - 1);
		rc = -EINVAL;
		goto out;
	}
	/* Ports from start_info or xenstore: ask Xen what it really is. */
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	if (rc) {
		pr_warn("xen-evtchn: status of port %u: %d\n", port, rc);
		goto out;
	}
	if (st.status != EVTCHNSTAT_interdomain && st.status != EVTCHNSTAT_unbound) {
		pr_warn("xen-evtchn: port %u is not an interdomain port (status %u)\n",
			port, st.status);
		rc = -EINVAL;
		goto out;
	}
	if (st.vcpu < nr_cpu_ids && cpu_online(st.vcpu)) {
		want.cpu = st.vcpu;
	} else {
		struct evtchn_bind_vcpu move = { .port = port, .vcpu = 0 };

		rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &move);
		if (rc) {
			pr_warn("xen-evtchn: port %u goes to vCPU %u and cannot be moved: %d\n",
				port, st.vcpu, rc);
			goto out;
		}
	}
	rc = xen_evtchn_bind(&want, irqflags);
out:
	mutex_unlock(&xen_evtchn_mutex);
	return rc;
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_port);

int xen_evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
				irq_handler_t handler, unsigned long irqflags,
				const char *name, void *dev_id)
{
	struct evtchn_bind_interdomain op = {
		.remote_dom = remote,
		.remote_port = remote_port,
	};
	/* Xen delivers a new port to vCPU 0. */
	struct xen_evtchn_irq want = {
		.kind = XEN_EVTCHN_INTERDOMAIN, .cpu = 0,
		.handler = handler, .dev_id = dev_id, .name = name,
	};
	int rc;

	if (!handler)
		return -EINVAL;
	rc = xen_evtchn_lock_service();
	if (rc)
		return rc;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);
	if (rc) {
		pr_warn("xen-evtchn: connecting to port %u of domain %u failed: %d\n",
			remote_port, remote, rc);
		goto out;
	}
	want.port = op.local_port;
	rc = xen_evtchn_bind(&want, irqflags);
out:
	mutex_unlock(&xen_evtchn_mutex);
	return rc;
}
EXPORT_SYMBOL_GPL(xen_evtchn_bind_interdomain);

int xen_evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
	int rc;

	rc = xen_evtchn_lock_service();
	if (rc)
		return rc;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
	if (rc) {
		pr_warn("xen-evtchn: allocating a port for domain %u failed: %d\n", remote, rc);
		goto out;
	}
	if (!xen_evtchn_port_valid(op.port)) {
		pr_warn("xen-evtchn: Xen allocated port %u, outside 1..%u\n",
			op.port, xen_evtchn_max_ports() - 1);
		rc = -EIO;
		goto err_close;
	}
	/* Event words for it now, so that an early event is not lost. */
	rc = xen_evtchn_port_setup(op.port);
	if (rc)
		goto err_close;
	/* Masked until it is bound. */
	xen_evtchn_port_mask(op.port);
	*port = op.port;
	goto out;

err_close:
	xen_evtchn_close_port(op.port);
out:
	mutex_unlock(&xen_evtchn_mutex);
	return rc;
}
EXPORT_SYMBOL_GPL(xen_evtchn_alloc_unbound);

void xen_evtchn_close(evtchn_port_t port)
{
	unsigned int irq;

	mutex_lock(&xen_evtchn_mutex);
	if (!xen_evtchn_max_ports() || !xen_evtchn_port_valid(port)) {
		pr_warn("xen-evtchn: not closing invalid port %u\n", port);
		goto out;
	}
	irq = xen_evtchn_port_to_irq(port);
	if (irq) {
		pr_warn("xen-evtchn: not closing port %u: IRQ %u has it\n", port, irq);
		goto out;
	}
	xen_evtchn_port_mask(port);
	xen_evtchn_close_port(port);
	/* A later port with this number starts without a stale event. */
	xen_evtchn_port_pending(port, false);
out:
	mutex_unlock(&xen_evtchn_mutex);
}
EXPORT_SYMBOL_GPL(xen_evtchn_close);

void xen_evtchn_unbind(int irq, void *dev_id)
{
	struct xen_evtchn_irq *info;
	evtchn_port_t port;

	mutex_lock(&xen_evtchn_mutex);
	info = xen_evtchn_irq_info(irq);
	if (!info)
		goto out;
	if (info->dev_id != dev_id) {
		pr_warn("xen-evtchn: IRQ %d was not bound with this dev_id; not unbinding\n",
			irq);
		goto out;
	}
	port = info->port;

	/* Shuts the IRQ down, which masks the port. */
	xen_evtchn_irq_release(info);
	xen_evtchn_port_mask(port);
	xen_evtchn_map_set(port, 0);
	/* No upcall may still be dispatching to the IRQ we are freeing. */
	synchronize_rcu();
	xen_evtchn_irq_teardown(info);
	xen_evtchn_port_to_cpu(port, 0);
	if (info->kind != XEN_EVTCHN_PORT) {
		xen_evtchn_close_port(port);
		xen_evtchn_port_pending(port, false);
	}
	kfree(info);
out:
	mutex_unlock(&xen_evtchn_mutex);
}
EXPORT_SYMBOL_GPL(xen_evtchn_unbind);

void xen_evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };
	int rc;

	rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
	if (unlikely(rc))
		pr_warn_ratelimited("xen-evtchn: sending on port %u failed: %d\n", port, rc);
}
EXPORT_SYMBOL_GPL(xen_evtchn_notify);

void xen_evtchn_clear_pending(evtchn_port_t port)
{
	if (likely(xen_evtchn_port_valid(port)))
		xen_evtchn_port_pending(port, false);
}
EXPORT_SYMBOL_GPL(xen_evtchn_clear_pending);

evtchn_port_t xen_evtchn_irq_port(int irq)
{
	struct xen_evtchn_irq *info = xen_evtchn_irq_info(irq);

	return info ? info->port : 0;
}
EXPORT_SYMBOL_GPL(xen_evtchn_irq_port);

void xen_evtchn_notify_irq(int irq)
{
	evtchn_port_t port = xen_evtchn_irq_port(irq);

	if (port)
		xen_evtchn_notify(port);
	else
		pr_warn_ratelimited("xen-evtchn: IRQ %d is not an event channel\n", irq);
}
EXPORT_SYMBOL_GPL(xen_evtchn_notify_irq);
