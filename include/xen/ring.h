/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared request/response rings of Xen split drivers, frontend side.
 *
 * The wire format (Documentation/xen/rings.rst) is one or more
 * contiguous granted pages: a 64-byte header of four free-running 32-bit
 * indices, then a power-of-two array of slots.  A slot holds either a
 * request (written by the frontend) or, later, the response to some
 * request (written by the backend), so its size is the larger of the
 * two structures of the protocol.
 *
 * The frontend owns req_prod and rsp_event; the backend owns rsp_prod and
 * req_event.  Everything the backend writes is untrusted: a response
 * producer that runs ahead of the requests we have pushed is refused by
 * xen_front_ring_responses(), and the protocol code still checks every
 * field of every response it consumes.
 *
 * Locking: none inside.  The caller serialises all producers (the
 * request side) and, separately, all consumers (the response side) of
 * one ring, usually with one lock for both.
 */
#ifndef _XEN_RING_H
#define _XEN_RING_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/log2.h>
#include <linux/types.h>
#include <asm/barrier.h>

/* The shared header at the start of the first ring page. */
struct xen_sring {
	u32 req_prod;	/* frontend: requests [0, req_prod) are published */
	u32 req_event;	/* backend: notify me when req_prod passes this */
	u32 rsp_prod;	/* backend: responses [0, rsp_prod) are published */
	u32 rsp_event;	/* frontend: notify me when rsp_prod passes this */
	u8 pad[48];	/* protocol-private bytes (unused by blkif) */
	u8 slots[];	/* nr_ents slots of the protocol's slot size */
};

/* Our private view of one ring, frontend side. */
struct xen_front_ring {
	struct xen_sring *sring;	/* the shared pages */
	u32 nr_ents;			/* slots; a power of two */
	u32 slot_size;			/* bytes per slot */
	u32 req_prod_pvt;		/* next request slot we fill */
	u32 req_pushed;			/* req_prod as we last wrote it */
	u32 rsp_cons;			/* next response we consume */
};

/*
 * Number of slots of @slot_size bytes that fit in @bytes of ring memory
 * after the header: the largest power of two, or 0 if not even one fits.
 */
static inline u32 xen_ring_nr_slots(size_t bytes, size_t slot_size)
{
	size_t n;

	if (!slot_size || bytes <= sizeof(struct xen_sring))
		return 0;
	n = (bytes - sizeof(struct xen_sring)) / slot_size;
	if (!n)
		return 0;
	n = rounddown_pow_of_two(n);
	return n > U32_MAX / 2 ? U32_MAX / 2 + 1 : n;
}

/*
 * Set up a new ring in @bytes of zeroed shared memory at @sring.  The
 * event indices start at 1: "notify me after the first entry".
 * Returns false if not one slot fits.
 */
static inline bool xen_front_ring_init(struct xen_front_ring *r,
				       struct xen_sring *sring, size_t bytes,
				       size_t slot_size)
{
	BUILD_BUG_ON(sizeof(struct xen_sring) != 64);

	u32 slots = xen_ring_nr_slots(bytes, slot_size);

	if (!slots)
		return false;
	/* All indices at 0; the shared header is not visible to anyone yet. */
	*r = (struct xen_front_ring) {
		.sring		= sring,
		.nr_ents	= slots,
		.slot_size	= slot_size,
	};
	*sring = (struct xen_sring) { .req_event = 1, .rsp_event = 1 };
	return true;
}

/* The slot for free-running index @idx. */
static inline void *xen_front_ring_slot(const struct xen_front_ring *r, u32 idx)
{
	return r->sring->slots + (size_t)(idx & (r->nr_ents - 1)) * r->slot_size;
}

/* Requests pushed or being filled that have no consumed response yet. */
static inline u32 xen_front_ring_in_flight(const struct xen_front_ring *r)
{
	return r->req_prod_pvt - r->rsp_cons;
}

/* Slots free for new requests. */
static inline u32 xen_front_ring_free(const struct xen_front_ring *r)
{
	return r->nr_ents - xen_front_ring_in_flight(r);
}

/* The next free request slot, to fill before xen_front_ring_push(). */
static inline void *xen_front_ring_next_req(struct xen_front_ring *r)
{
	return xen_front_ring_slot(r, r->req_prod_pvt++);
}

/*
 * Publish the requests filled since the last push.  Returns true if the
 * backend asked to be notified (its req_event lies in the range just
 * published): the caller then kicks the event channel.
 */
static inline bool xen_front_ring_push(struct xen_front_ring *r)
{
	u32 old = r->req_pushed;
	u32 new = r->req_prod_pvt;

	/* The backend must see the slots' contents before the index. */
	virt_wmb();
	WRITE_ONCE(r->sring->req_prod, new);
	r->req_pushed = new;
	/* Our index store before its event read: pairs with the backend's. */
	virt_mb();
	return (u32)(new - READ_ONCE(r->sring->req_event)) < (u32)(new - old);
}

/*
 * How many responses may be consumed now, from r->rsp_cons on: the
 * backend's rsp_prod, read once, followed by a read barrier so that the
 * slots are read after the index.  A backend that claims responses for
 * requests we never pushed is broken or hostile: -EIO, and the caller
 * disconnects the device.
 */
static inline int xen_front_ring_responses(const struct xen_front_ring *r, u32 *prod)
{
	u32 p = READ_ONCE(r->sring->rsp_prod);

	/* Slot contents are read after the index that published them. */
	virt_rmb();
	if ((u32)(p - r->rsp_cons) > (u32)(r->req_pushed - r->rsp_cons))
		return -EIO;
	*prod = p;
	return 0;
}

/*
 * Ask to be notified once the backend publishes a response beyond
 * index @seen, then look again so a response that raced with the
 * request is not left waiting for an event that will not come.  Returns
 * true if rsp_prod has already moved past @seen (also when it is
 * corrupt, which the following xen_front_ring_responses() reports).
 * For a consumer that stopped short of rsp_prod on purpose (a message
 * whose last slot is not published yet), @seen is the rsp_prod it saw.
 */
static inline bool xen_front_ring_final_check_at(struct xen_front_ring *r,
						 u32 seen)
{
	WRITE_ONCE(r->sring->rsp_event, seen + 1);
	/* Our rsp_event store before our rsp_prod load: pairs with backend. */
	virt_mb();
	return READ_ONCE(r->sring->rsp_prod) != seen;
}

/*
 * After consuming every response up to r->rsp_cons: the check above at
 * rsp_cons.  Returns true if more responses are already there (consume
 * them, then call again).
 */
static inline bool xen_front_ring_final_check(struct xen_front_ring *r)
{
	return xen_front_ring_final_check_at(r, r->rsp_cons);
}

#endif /* _XEN_RING_H */
