// SPDX-License-Identifier: GPL-2.0
/*
 * The event channel service: ABI choice, the port-to-IRQ map and the
 * upcall dispatch (Documentation/xen/events.rst).  Binding lives in
 * bind.c, the irq_chip in chip.c, the ABIs in abi-2l.c and abi-fifo.c;
 * locking rules in internal.h.
 */
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <asm/xen/hypervisor.h>
#include <xen/events.h>
#include <xen/interface/xen.h>

#include "internal.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "xen."

/* xen.fifo_events=0 keeps the 2-level ABI even where Xen offers FIFO. */
static bool xen_fifo_events = true;
module_param_named(fifo_events, xen_fifo_events, bool, 0444);
MODULE_PARM_DESC(fifo_events, "Use the FIFO event channel ABI when Xen offers it");

bool xen_evtchn_fifo __read_mostly;

/*
 * Ports of the ABI in use; 0 until xen_evtchn_init() has set the ABI up
 * (nothing can be bound before).  Published with a release store after
 * xen_evtchn_fifo and the ABI's state.
 */
static unsigned int xen_evtchn_nr_ports;

/* Serialises binding, unbinding and closing (internal.h, "Locking"). */
DEFINE_MUTEX(xen_evtchn_mutex);

/*
 * The port-to-IRQ map: rows of XEN_EVTCHN_MAP_ROW IRQ numbers (0 = no
 * IRQ), allocated when a port in their range is first bound and kept
 * for good, so that the upcall can read them without a lock.  Rows and
 * entries are written under xen_evtchn_mutex and published with
 * release stores: a reader that sees an IRQ number also sees the IRQ
 * descriptor set up before it.
 */
#define XEN_EVTCHN_MAP_ROW	512
#define XEN_EVTCHN_MAP_ROWS	(EVTCHN_FIFO_NR_CHANNELS / XEN_EVTCHN_MAP_ROW)

static unsigned int *xen_evtchn_map[XEN_EVTCHN_MAP_ROWS];

unsigned int xen_evtchn_port_to_irq(evtchn_port_t port)
{
	unsigned int *row;

	if (port >= EVTCHN_FIFO_NR_CHANNELS)
		return 0;
	/* Pairs with the releases in xen_evtchn_map_set(). */
	row = smp_load_acquire(&xen_evtchn_map[port / XEN_EVTCHN_MAP_ROW]);
	if (!row)
		return 0;
	/* Seeing the IRQ number means seeing its descriptor set up. */
	return smp_load_acquire(&row[port % XEN_EVTCHN_MAP_ROW]);
}

/* Set @port's IRQ (0 to clear); only fails allocating a row. */
int xen_evtchn_map_set(evtchn_port_t port, unsigned int irq)
{
	unsigned int **slot, *row;

	lockdep_assert_held(&xen_evtchn_mutex);
	if (WARN_ON_ONCE(port >= EVTCHN_FIFO_NR_CHANNELS))
		return -EINVAL;
	slot = &xen_evtchn_map[port / XEN_EVTCHN_MAP_ROW];
	row = *slot;
	if (!row) {
		if (!irq)
			return 0;
		row = kcalloc(XEN_EVTCHN_MAP_ROW, sizeof(*row), GFP_KERNEL);
		if (!row)
			return -ENOMEM;
		/* The zeroed row before the pointer to it. */
		smp_store_release(slot, row);
	}
	/* The IRQ's descriptor and chip data before its number. */
	smp_store_release(&row[port % XEN_EVTCHN_MAP_ROW], irq);
	return 0;
}

/*
 * One pending, unmasked port found by the ABI's scan.  A port without
 * an IRQ (one the toolstack made and nobody bound yet, or one whose
 * binding is going away) is masked so that it cannot storm, and
 * reported; binding it later unmasks it.
 */
void xen_evtchn_handle_port(evtchn_port_t port)
{
	unsigned int irq = xen_evtchn_port_to_irq(port);

	if (likely(irq) && !generic_handle_irq(irq))
		return;
	xen_evtchn_port_mask(port);
	xen_evtchn_port_pending(port, false);
	pr_warn_ratelimited("xen-evtchn: event on port %u, which has no handler; masked it\n",
			    port);
}

void xen_evtchn_do_upcall(void)
{
	unsigned int budget = XEN_EVTCHN_UPCALL_BUDGET;

	/* Pairs with xen_evtchn_init(): the ABI's state is set up. */
	if (unlikely(!smp_load_acquire(&xen_evtchn_nr_ports))) {
		/*
		 * Before xen_evtchn_init() nothing is bound: leave the events
		 * pending (binding a port looks at its pending bit) and just
		 * acknowledge the upcall.
		 */
		WRITE_ONCE(this_cpu_read(xen_vcpu)->evtchn_upcall_pending, 0);
		return;
	}
	if (xen_evtchn_fifo)
		xen_evtchn_fifo_handle_events(&budget);
	else
		xen_evtchn_2l_handle_events(&budget);
}

const char *xen_evtchn_abi_name(void)
{
	if (!READ_ONCE(xen_evtchn_nr_ports))
		return "none";
	return xen_evtchn_fifo ? "FIFO" : "2-level";
}
EXPORT_SYMBOL_GPL(xen_evtchn_abi_name);

unsigned int xen_evtchn_max_ports(void)
{
	return READ_ONCE(xen_evtchn_nr_ports);
}
EXPORT_SYMBOL_GPL(xen_evtchn_max_ports);

void __init xen_evtchn_init(void)
{
	unsigned int ports = 0;

	if (xen_evtchn_nr_ports) {
		pr_warn("xen-evtchn: %s called twice; ignored\n", __func__);
		return;
	}
	if (xen_fifo_events)
		ports = xen_evtchn_fifo_init();
	if (ports) {
		xen_evtchn_fifo = true;
	} else {
		xen_evtchn_2l_init();
		ports = EVTCHN_2L_NR_CHANNELS;
	}
	/* Publish only after the ABI's init is complete. */
	smp_store_release(&xen_evtchn_nr_ports, ports);
	pr_info("xen-evtchn: %s ABI, %u ports\n", xen_evtchn_abi_name(), ports);
}
