/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the event channel service (drivers/xen/events/): the ABI
 * backends, the port map and the per-IRQ bookkeeping.  Users include
 * <xen/events.h> only.  Design: Documentation/xen/events.rst.
 *
 * Locking, in one place:
 * - xen_evtchn_mutex (core.c) serialises everything that binds, unbinds
 *   or closes ports, writes the port map and grows the FIFO event array.
 *   Those paths sleep (request_irq, page allocation, synchronize_rcu).
 * - The upcall reads the port map without locks, with interrupts off,
 *   which makes it an RCU reader: unbind clears the entry and waits for
 *   an RCU grace period before the IRQ number can be reused.
 * - Mask and pending state lives in memory shared with Xen and is only
 *   changed with atomic read-modify-write instructions.  The irq core
 *   calls the chip's mask/unmask/ack with the descriptor lock held.
 * - Per-vCPU scan state (2-level cursor, FIFO queue heads) is touched
 *   only by the upcall on its own vCPU, with interrupts off.
 * - struct xen_evtchn_irq.storm_lock orders the storm backoff timer
 *   against unbind (chip.c).
 */
#ifndef _XEN_EVENTS_INTERNAL_H
#define _XEN_EVENTS_INTERNAL_H

#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <xen/interface/event_channel.h>

#include "storm.h"

/* Events handled per upcall at most; the rest waits for the next one. */
#define XEN_EVTCHN_UPCALL_BUDGET	512

/* True once xen_evtchn_init() chose FIFO; set before anything is bound. */
extern bool xen_evtchn_fifo;

/* abi-2l.c: the 2-level ABI. */
void __init xen_evtchn_2l_init(void);
void xen_evtchn_2l_bind_to_cpu(evtchn_port_t port, unsigned int cpu);
bool xen_evtchn_2l_mask(evtchn_port_t port);
void xen_evtchn_2l_unmask(evtchn_port_t port);
void xen_evtchn_2l_set_pending(evtchn_port_t port, bool pending);
void xen_evtchn_2l_handle_events(unsigned int *budget);

/* abi-fifo.c: the FIFO ABI; init returns its number of ports, 0 if none. */
unsigned int __init xen_evtchn_fifo_init(void);
int xen_evtchn_fifo_setup_port(evtchn_port_t port);
bool xen_evtchn_fifo_mask(evtchn_port_t port);
void xen_evtchn_fifo_unmask(evtchn_port_t port);
void xen_evtchn_fifo_set_pending(evtchn_port_t port, bool pending);
void xen_evtchn_fifo_handle_events(unsigned int *budget);

/*
 * Port operations of the ABI in use, for ports below
 * xen_evtchn_max_ports() (callers check), safe from any context.
 */

/* Make @port usable (FIFO: event words for it); may sleep. */
static inline int xen_evtchn_port_setup(evtchn_port_t port)
{
	return xen_evtchn_fifo ? xen_evtchn_fifo_setup_port(port) : 0;
}

/* Events of @port now go to @cpu (FIFO: Xen queues them per vCPU). */
static inline void xen_evtchn_port_to_cpu(evtchn_port_t port, unsigned int cpu)
{
	if (!xen_evtchn_fifo)
		xen_evtchn_2l_bind_to_cpu(port, cpu);
}

/* Mask; returns whether the port was masked already. */
static inline bool xen_evtchn_port_mask(evtchn_port_t port)
{
	return xen_evtchn_fifo ? xen_evtchn_fifo_mask(port) : xen_evtchn_2l_mask(port);
}

/* Unmask; an event that became pending while masked is delivered. */
static inline void xen_evtchn_port_unmask(evtchn_port_t port)
{
	if (xen_evtchn_fifo)
		xen_evtchn_fifo_unmask(port);
	else
		xen_evtchn_2l_unmask(port);
}

/* Set (a local retrigger) or clear (an ack) the pending bit. */
static inline void xen_evtchn_port_pending(evtchn_port_t port, bool pending)
{
	if (xen_evtchn_fifo)
		xen_evtchn_fifo_set_pending(port, pending);
	else
		xen_evtchn_2l_set_pending(port, pending);
}

/* What a Linux IRQ of ours is bound to. */
enum xen_evtchn_kind {
	XEN_EVTCHN_VIRQ,	/* per-vCPU virtual IRQ, closed on unbind */
	XEN_EVTCHN_PORT,	/* existing port, left open on unbind */
	XEN_EVTCHN_INTERDOMAIN,	/* our end of a connection, closed on unbind */
	XEN_EVTCHN_IPI,		/* per-vCPU interprocessor port, closed on unbind */
};

/* Per-vCPU kinds: one IRQ per vCPU, delivered only there, never moved. */
static inline bool xen_evtchn_kind_percpu(enum xen_evtchn_kind kind)
{
	return kind == XEN_EVTCHN_VIRQ || kind == XEN_EVTCHN_IPI;
}

/*
 * Bookkeeping of one bound IRQ (its chip data).  Written under
 * xen_evtchn_mutex before the IRQ is requested; after that, only cpu
 * (by the affinity callback, under the descriptor lock) and the storm
 * fields change.
 */
struct xen_evtchn_irq {
	unsigned int irq;
	evtchn_port_t port;
	enum xen_evtchn_kind kind;
	unsigned int cpu;		/* vCPU the port's events go to */
	unsigned int virq;		/* XEN_EVTCHN_VIRQ only */
	irq_handler_t handler;		/* the user's */
	void *dev_id;			/* the user's */
	const char *name;		/* the user's; lives as long as the IRQ */
	/* Storm detection (not for per-vCPU kinds): storm.h, chip.c. */
	bool storm_watch;
	struct evtchn_storm storm;
	struct timer_list storm_timer;	/* ends a backoff: enable_irq() */
	/* Taken by the handler arming a backoff and by unbind setting dying. */
	spinlock_t storm_lock;
	bool dying;			/* unbind has begun: arm no more backoffs */
	bool storm_masked;		/* a backoff holds the IRQ disabled */
};

/* core.c */
extern struct mutex xen_evtchn_mutex;
/* The port map: IRQ of @port or 0; set (0 clears) under the mutex. */
unsigned int xen_evtchn_port_to_irq(evtchn_port_t port);
int xen_evtchn_map_set(evtchn_port_t port, unsigned int irq);
/* Hand one pending, unmasked port found by an ABI's scan to its IRQ. */
void xen_evtchn_handle_port(evtchn_port_t port);

/* chip.c */
int xen_evtchn_irq_setup(struct xen_evtchn_irq *info);
int xen_evtchn_irq_request(struct xen_evtchn_irq *info, unsigned long irqflags);
void xen_evtchn_irq_release(struct xen_evtchn_irq *info);
void xen_evtchn_irq_teardown(struct xen_evtchn_irq *info);
struct xen_evtchn_irq *xen_evtchn_irq_info(int irq);
int xen_evtchn_move(struct xen_evtchn_irq *info, unsigned int cpu);

#endif /* _XEN_EVENTS_INTERNAL_H */
