/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The grant reference allocator, as pure logic on plain memory: no Xen,
 * no locks, so that KUnit (grants_test.c) can drive it directly.  The
 * service (core.c) holds xen_grant_lock around every call.
 *
 * Each reference of the table has a state and a next link.  Free
 * references form one FIFO chain through the links (a freed reference
 * is handed out again as late as possible); a reservation is a private
 * chain through the same links, with its head and length kept by its
 * owner in struct xen_grant_reservation.  The state catches misuse: a
 * reference freed twice, freed while in a reservation, or never handed
 * out is reported and ignored, so the chains are never corrupted by a
 * buggy caller.
 */
#ifndef _XEN_GRANTS_POOL_H
#define _XEN_GRANTS_POOL_H

#include <linux/list.h>
#include <linux/types.h>
#include <xen/grant.h>

/* The link that ends a chain (also the head of an empty one). */
#define XEN_GRANT_POOL_END	U32_MAX

enum xen_grant_ref_state {
	XEN_GREF_FIXED,		/* below pool->first: never handed out */
	XEN_GREF_FREE,		/* on the free list */
	XEN_GREF_HELD,		/* in a reservation's chain, not claimed */
	XEN_GREF_USED,		/* handed out (allocated or claimed) */
	XEN_GREF_ENDING,	/* being revoked, or waiting on the deferred list */
	XEN_GREF_NR_STATES
};

struct xen_grant_pool {
	u32 *next;		/* per reference: the next one in its chain */
	u8 *state;		/* per reference: enum xen_grant_ref_state */
	u32 capacity;		/* entries of next[] and state[] */
	u32 first;		/* references below this are FIXED */
	u32 nr_refs;		/* the table holds references [0, nr_refs) */
	u32 head;		/* free list: oldest free reference, or END */
	u32 tail;		/* free list: newest free reference, or END */
	u32 count[XEN_GREF_NR_STATES];	/* references in each state */
	unsigned long misuse;	/* calls reported and ignored */
	struct list_head waiters;	/* struct xen_grant_waiter, FIFO */
};

void xen_grant_pool_init(struct xen_grant_pool *pool, u32 *next, u8 *state,
			 u32 capacity, u32 first);
u32 xen_grant_pool_grow(struct xen_grant_pool *pool, u32 nr_refs);

static inline u32 xen_grant_pool_nr_free(const struct xen_grant_pool *pool)
{
	return pool->count[XEN_GREF_FREE];
}

int xen_grant_pool_get(struct xen_grant_pool *pool);
bool xen_grant_pool_put(struct xen_grant_pool *pool, u32 ref,
			enum xen_grant_ref_state from);
bool xen_grant_pool_set_state(struct xen_grant_pool *pool, u32 ref,
			      enum xen_grant_ref_state from,
			      enum xen_grant_ref_state to);

int xen_grant_pool_reserve(struct xen_grant_pool *pool, u32 count,
			   struct xen_grant_reservation *res);
int xen_grant_pool_claim(struct xen_grant_pool *pool,
			 struct xen_grant_reservation *res);
bool xen_grant_pool_unclaim(struct xen_grant_pool *pool,
			    struct xen_grant_reservation *res, u32 ref);
void xen_grant_pool_unreserve(struct xen_grant_pool *pool,
			      struct xen_grant_reservation *res);

bool xen_grant_pool_wait(struct xen_grant_pool *pool,
			 struct xen_grant_waiter *w, u32 count);
void xen_grant_pool_cancel(struct xen_grant_pool *pool,
			   struct xen_grant_waiter *w);
struct xen_grant_waiter *xen_grant_pool_next_ready(struct xen_grant_pool *pool);

/* Grow the table by at least this many frames at a time. */
#define XEN_GRANT_GROW_FRAMES	4

u32 xen_grant_grow_target(u32 nr_frames, u32 max_frames, u32 refs_per_frame,
			  u32 nr_free, u32 want);

#endif /* _XEN_GRANTS_POOL_H */
