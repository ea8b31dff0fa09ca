// SPDX-License-Identifier: GPL-2.0
/*
 * The 2-level event channel ABI: pending and mask bitmaps in the shared
 * info page, a word selector in each vcpu_info (Documentation/xen/
 * events.rst, "The 2-level ABI").  The scan itself is scan-2l.h.
 */
#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <asm/sync_bitops.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <xen/events.h>
#include <xen/interface/xen.h>

#include "internal.h"
#include "scan-2l.h"

/*
 * Xen sets a port's pending bit and the selector bit of the vCPU the
 * port is bound to, but the word holds ports of every vCPU: each vCPU
 * handles only the ports marked here as its own.  A port belongs to
 * exactly one vCPU at any time (to vCPU 0 while unbound, so that stray
 * events are seen and masked); written with atomic bit operations by
 * bind and the affinity callback, read by the upcall.
 */
struct evtchn_2l_ports {
	unsigned long bits[EVTCHN_2L_NR_WORDS];
};

static DEFINE_PER_CPU(struct evtchn_2l_ports, evtchn_2l_mine);
/* Where the vCPU's next scan starts; only its own upcall touches it. */
static DEFINE_PER_CPU(struct evtchn_2l_cursor, evtchn_2l_cursor);

static inline unsigned long *evtchn_2l_pending(void)
{
	return HYPERVISOR_shared_info->evtchn_pending;
}

static inline unsigned long *evtchn_2l_masks(void)
{
	return HYPERVISOR_shared_info->evtchn_mask;
}

void xen_evtchn_2l_bind_to_cpu(evtchn_port_t port, unsigned int cpu)
{
	unsigned int other;

	/* Claim first, then release: never a moment with no owner. */
	set_bit(port, per_cpu(evtchn_2l_mine, cpu).bits);
	for_each_possible_cpu(other)
		if (other != cpu)
			clear_bit(port, per_cpu(evtchn_2l_mine, other).bits);
}

bool xen_evtchn_2l_mask(evtchn_port_t port)
{
	return sync_test_and_set_bit(port, evtchn_2l_masks());
}

/*
 * Xen raises no upcall for a port that became pending while masked.
 * Clearing the mask ourselves is enough when nothing is pending; the
 * locked clear orders the mask store before the pending load, and Xen
 * sets pending before it tests the mask, so one of us sees the other.
 * If the port is pending, EVTCHNOP_unmask clears the mask and raises
 * the upcall; it only does so for a port it finds masked, hence the
 * mask is set again first.
 */
void xen_evtchn_2l_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };
	int rc;

	if (!sync_test_bit(port, evtchn_2l_pending())) {
		sync_clear_bit(port, evtchn_2l_masks());
		if (!sync_test_bit(port, evtchn_2l_pending()))
			return;
		sync_set_bit(port, evtchn_2l_masks());
	}
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
	if (unlikely(rc)) {
		pr_warn_ratelimited("xen-evtchn: EVTCHNOP_unmask of port %u failed: %d\n",
				    port, rc);
		sync_clear_bit(port, evtchn_2l_masks());
	}
}

void xen_evtchn_2l_set_pending(evtchn_port_t port, bool pending)
{
	if (pending)
		sync_set_bit(port, evtchn_2l_pending());
	else
		sync_clear_bit(port, evtchn_2l_pending());
}

/* This vCPU's pending, unmasked ports in @word. */
static unsigned long evtchn_2l_active(unsigned int word, void *ctx)
{
	return READ_ONCE(evtchn_2l_pending()[word]) &
	       ~READ_ONCE(evtchn_2l_masks()[word]) &
	       this_cpu_read(evtchn_2l_mine.bits[word]);
}

static void evtchn_2l_handle(unsigned int port, void *ctx)
{
	xen_evtchn_handle_port(port);
}

void xen_evtchn_2l_handle_events(unsigned int *budget)
{
	struct vcpu_info *v = this_cpu_read(xen_vcpu);
	struct evtchn_2l_cursor *cur = this_cpu_ptr(&evtchn_2l_cursor);
	unsigned long sel, left;
	unsigned int word;

	do {
		/*
		 * Clear the upcall flag before taking the selector: Xen sets
		 * selector bits first and the flag after, so whatever arrives
		 * during the scan sets the flag again.  xchg is a full barrier.
		 */
		WRITE_ONCE(v->evtchn_upcall_pending, 0);
		sel = xchg(&v->evtchn_pending_sel, 0);
		left = evtchn_2l_scan(sel, cur, budget, evtchn_2l_active, evtchn_2l_handle, NULL);
		if (left) {
			/* Out of budget: hand the rest to the next upcall. */
			for_each_set_bit(word, &left, BITS_PER_LONG)
				sync_set_bit(word, &v->evtchn_pending_sel);
			WRITE_ONCE(v->evtchn_upcall_pending, 1);
			return;
		}
	} while (*budget && READ_ONCE(v->evtchn_upcall_pending));
}

/*
 * Mask every port: nothing is bound yet, and binding unmasks.  Ports
 * belong to vCPU 0 until bound elsewhere.
 */
void __init xen_evtchn_2l_init(void)
{
	unsigned long *mask = evtchn_2l_masks();
	unsigned int word;

	for (word = 0; word < EVTCHN_2L_NR_WORDS; word++) {
		WRITE_ONCE(mask[word], ~0UL);
		per_cpu(evtchn_2l_mine, 0).bits[word] = ~0UL;
	}
}
