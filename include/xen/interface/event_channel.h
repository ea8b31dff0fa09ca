/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_event_channel_op(cmd, arg).  An event
 * channel is a port number in a domain; Xen marks a port pending when
 * its other end signals it and raises an upcall on the vCPU the port is
 * bound to.  Numbers and layouts follow Xen's public event_channel.h
 * (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_EVENT_CHANNEL_H
#define _XEN_INTERFACE_EVENT_CHANNEL_H

#include <xen/interface/xen.h>

/* Commands; each takes the structure of the matching name. */
#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_bind_pirq		2
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_ipi		7
#define EVTCHNOP_bind_vcpu		8
#define EVTCHNOP_unmask			9
#define EVTCHNOP_reset			10
#define EVTCHNOP_init_control		11	/* switch to the FIFO ABI */
#define EVTCHNOP_expand_array		12
#define EVTCHNOP_set_priority		13

/* evtchn_status.status: what a port is bound to. */
#define EVTCHNSTAT_closed		0
#define EVTCHNSTAT_unbound		1	/* waiting for a remote domain */
#define EVTCHNSTAT_interdomain		2
#define EVTCHNSTAT_pirq			3
#define EVTCHNSTAT_virq			4
#define EVTCHNSTAT_ipi			5

/* evtchn_bind_pirq.flags: the IRQ may be shared with other domains. */
#define BIND_PIRQ__WILL_SHARE		1

/*
 * Ports the 2-level ABI can address: one selector bit per word of
 * shared_info.evtchn_pending, 64 x 64 on x86_64.
 */
#define EVTCHN_2L_NR_CHANNELS		4096

/*
 * FIFO ABI: one 32-bit event word per port in guest pages registered
 * with EVTCHNOP_expand_array.  Bits 28-31 are flags, the low 17 bits
 * link the word to the next port in its queue.  Priority 0 is served
 * first.
 */
#define EVTCHN_FIFO_PRIORITY_MAX	0
#define EVTCHN_FIFO_PRIORITY_DEFAULT	7
#define EVTCHN_FIFO_PRIORITY_MIN	15
#define EVTCHN_FIFO_MAX_QUEUES		(EVTCHN_FIFO_PRIORITY_MIN + 1)

#define EVTCHN_FIFO_PENDING		31
#define EVTCHN_FIFO_MASKED		30
#define EVTCHN_FIFO_LINKED		29
#define EVTCHN_FIFO_BUSY		28
#define EVTCHN_FIFO_LINK_BITS		17
#define EVTCHN_FIFO_LINK_MASK		(BIT(EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS		BIT(EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLY__
typedef u32 evtchn_port_t;
typedef u32 event_word_t;

/*
 * Allocate a port in dom (DOMID_SELF, or a domain the caller controls)
 * that remote_dom may later connect to.  OUT: port.
 */
struct evtchn_alloc_unbound {
	domid_t dom;
	domid_t remote_dom;
	evtchn_port_t port;
};

/* Connect a new local port to remote_port of remote_dom. OUT: local_port. */
struct evtchn_bind_interdomain {
	domid_t remote_dom;
	evtchn_port_t remote_port;
	evtchn_port_t local_port;
};

/* Bind VIRQ virq of vCPU vcpu to a new port.  OUT: port. */
struct evtchn_bind_virq {
	u32 virq;
	u32 vcpu;
	evtchn_port_t port;
};

/* Bind physical IRQ pirq (privileged domains).  OUT: port. */
struct evtchn_bind_pirq {
	u32 pirq;
	u32 flags;			/* BIND_PIRQ__* */
	evtchn_port_t port;
};

/* A port for inter-processor events delivered to vcpu.  OUT: port. */
struct evtchn_bind_ipi {
	u32 vcpu;
	evtchn_port_t port;
};

/* Close a port; the remote end of an interdomain port becomes unbound. */
struct evtchn_close {
	evtchn_port_t port;
};

/* Signal the other end of a port. */
struct evtchn_send {
	evtchn_port_t port;
};

/* Ask what a port of dom is bound to.  OUT: status, vcpu and u. */
struct evtchn_status {
	domid_t dom;
	evtchn_port_t port;
	u32 status;			/* EVTCHNSTAT_* */
	u32 vcpu;			/* vCPU notified for this port */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		u32 pirq;
		u32 virq;
	} u;
};

/* Have port's events delivered to vcpu from now on. */
struct evtchn_bind_vcpu {
	evtchn_port_t port;
	u32 vcpu;
};

/*
 * Clear port's mask bit; Xen raises the upcall then if the port is
 * already pending.
 */
struct evtchn_unmask {
	evtchn_port_t port;
};

/* Close every port of dom. */
struct evtchn_reset {
	domid_t dom;
};

/*
 * Switch the calling domain to the FIFO ABI: the control block of vcpu
 * lives at offset in frame control_gfn.  OUT: link_bits.
 */
struct evtchn_init_control {
	u64 control_gfn;
	u32 offset;
	u32 vcpu;
	u8 link_bits;
	u8 _pad[7];
};

/* Add one page of FIFO event words. */
struct evtchn_expand_array {
	u64 array_gfn;
};

/* Move port to FIFO queue priority. */
struct evtchn_set_priority {
	evtchn_port_t port;
	u32 priority;
};

/*
 * FIFO control block, one per vCPU.  Xen sets bit q of ready when queue
 * q becomes non-empty; head[q] is the port at the front of queue q.
 */
struct evtchn_fifo_control_block {
	u32 ready;
	u32 _rsvd;
	u32 head[EVTCHN_FIFO_MAX_QUEUES];
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_EVENT_CHANNEL_H */
