/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channels as Linux interrupts: the API of drivers/xen/events/.
 *
 * A port bound here becomes a Linux IRQ with the "xen-evtchn" irq_chip;
 * the handler runs in hard-IRQ context like any other.  Masking, the
 * port-to-IRQ map and the 2-level/FIFO ABIs stay inside the service.
 * Protocol and shared state: Documentation/xen/events.rst.
 *
 * Every bind function returns the Linux IRQ number (> 0) or a negative
 * errno; a failed bind leaves nothing behind.  xen_evtchn_unbind() undoes
 * any of them: it frees the IRQ and closes the port (except for ports the
 * domain builder created, which are only unbound).  It is safe to call on
 * an IRQ that was never bound (it does nothing) and twice.
 */
#ifndef _XEN_EVENTS_H
#define _XEN_EVENTS_H

#include <linux/interrupt.h>
#include <linux/types.h>
#include <xen/interface/event_channel.h>

struct pt_regs;

/* Which ABI the service runs on; decided once at init. */
const char *xen_evtchn_abi_name(void);

/* Highest port number + 1 the current ABI can use. */
unsigned int xen_evtchn_max_ports(void);

/* Bind per-vCPU virtual IRQ @virq (VIRQ_*) of @cpu. */
int xen_evtchn_bind_virq(unsigned int virq, unsigned int cpu,
			 irq_handler_t handler, unsigned long irqflags,
			 const char *name, void *dev_id);

/*
 * Bind a new interprocessor port of vCPU @cpu (EVTCHNOP_bind_ipi): an
 * event sent on it from any vCPU (xen_evtchn_notify_irq()) runs @handler
 * on @cpu.  Per-vCPU like a VIRQ: never moved to another vCPU.
 */
int xen_evtchn_bind_ipi(unsigned int cpu, irq_handler_t handler, unsigned long irqflags,
			const char *name, void *dev_id);

/*
 * A new interprocessor port of vCPU @cpu with no IRQ: masked for good,
 * for a vCPU that waits on it with SCHEDOP_poll (Xen wakes a poller of a
 * masked port).  Others raise it with xen_evtchn_notify(); the waiter
 * clears it with xen_evtchn_clear_pending().  Close with
 * xen_evtchn_close().
 */
int xen_evtchn_alloc_ipi(unsigned int cpu, evtchn_port_t *port);

/* Clear @port's pending state; any context, no locks. */
void xen_evtchn_clear_pending(evtchn_port_t port);

/*
 * Bind an existing local port, such as the console or xenstore port of
 * start_info.  The port is not closed on unbind: the domain builder made it.
 */
int xen_evtchn_bind_port(evtchn_port_t port, irq_handler_t handler,
			 unsigned long irqflags, const char *name, void *dev_id);

/* Connect to @remote_port of domain @remote and bind the new local port. */
int xen_evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
				irq_handler_t handler, unsigned long irqflags,
				const char *name, void *dev_id);

/* Allocate a port that domain @remote may connect to (not bound to an IRQ). */
int xen_evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);

/*
 * Close a port of ours that is not bound to an IRQ (any more): one from
 * xen_evtchn_alloc_unbound(), possibly bound with xen_evtchn_bind_port()
 * and unbound since (the frontend flow).  A port still bound is refused.
 */
void xen_evtchn_close(evtchn_port_t port);

/* Free @irq (with @dev_id as passed to bind) and close its port. */
void xen_evtchn_unbind(int irq, void *dev_id);

/* Raise the other end of @port. */
void xen_evtchn_notify(evtchn_port_t port);

/* Raise the other end of the port bound to @irq. */
void xen_evtchn_notify_irq(int irq);

/* The port bound to @irq, or 0 (never a valid bound port) if none. */
evtchn_port_t xen_evtchn_irq_port(int irq);

/*
 * Called by the architecture's upcall entry with interrupts off, inside
 * irq_enter/irqentry state: dispatch every pending, unmasked port of this
 * vCPU to its IRQ.
 */
void xen_evtchn_do_upcall(void);

/* Set up the service (ABI choice, bitmaps); called once during boot. */
void __init xen_evtchn_init(void);

#endif /* _XEN_EVENTS_H */
