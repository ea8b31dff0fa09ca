// SPDX-License-Identifier: GPL-2.0
/*
 * The grant reference allocator (pool.h): the free list, reservations
 * and the waiter queue, on plain memory.  The caller serialises every
 * call (core.c: xen_grant_lock).  A call that would break a chain
 * (double free, a reference in the wrong state, a corrupt reservation)
 * is reported, counted in pool->misuse and ignored.
 */
#define pr_fmt(fmt) "xen grants: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "pool.h"

static const char *const xen_gref_state_name[XEN_GREF_NR_STATES] = {
	[XEN_GREF_FIXED] = "reserved for the toolstack",
	[XEN_GREF_FREE] = "free",
	[XEN_GREF_HELD] = "in a reservation",
	[XEN_GREF_USED] = "in use",
	[XEN_GREF_ENDING] = "being ended",
};

static void xen_grant_pool_set(struct xen_grant_pool *pool, u32 ref,
			       enum xen_grant_ref_state to)
{
	pool->count[pool->state[ref]]--;
	pool->count[to]++;
	pool->state[ref] = to;
}

/* Is @ref a reference of the table in state @want?  Reports if not. */
static bool xen_grant_pool_check(struct xen_grant_pool *pool, u32 ref,
				 enum xen_grant_ref_state want, const char *op)
{
	if (ref >= pool->nr_refs) {
		pr_err_ratelimited("%s: reference %u is outside the table (%u references)\n",
				   op, ref, pool->nr_refs);
	} else if (pool->state[ref] != want) {
		pr_err_ratelimited("%s: reference %u is %s, not %s; ignored\n",
				   op, ref, xen_gref_state_name[pool->state[ref]],
				   xen_gref_state_name[want]);
	} else {
		return true;
	}
	pool->misuse++;
	return false;
}

/* Append @ref, already marked FREE, to the free list. */
static void xen_grant_pool_append(struct xen_grant_pool *pool, u32 ref)
{
	pool->next[ref] = XEN_GRANT_POOL_END;
	if (pool->tail == XEN_GRANT_POOL_END)
		pool->head = ref;
	else
		pool->next[pool->tail] = ref;
	pool->tail = ref;
}

void xen_grant_pool_init(struct xen_grant_pool *pool, u32 *next, u8 *state,
			 u32 capacity, u32 first)
{
	/* Empty: references join as the table grows (xen_grant_pool_grow()). */
	*pool = (struct xen_grant_pool) {
		.next		= next,
		.state		= state,
		.capacity	= capacity,
		.first		= first,
		.head		= XEN_GRANT_POOL_END,
		.tail		= XEN_GRANT_POOL_END,
	};
	INIT_LIST_HEAD(&pool->waiters);
}

/*
 * The table now holds @nr_refs references (clamped to the capacity):
 * the new ones go to the end of the free list, those below pool->first
 * are marked FIXED.  A smaller @nr_refs changes nothing; the table never
 * shrinks.  Returns the references the table holds.
 */
u32 xen_grant_pool_grow(struct xen_grant_pool *pool, u32 nr_refs)
{
	u32 ref;

	nr_refs = min(nr_refs, pool->capacity);
	for (ref = pool->nr_refs; ref < nr_refs; ref++) {
		if (ref < pool->first) {
			pool->state[ref] = XEN_GREF_FIXED;
			pool->count[XEN_GREF_FIXED]++;
			pool->next[ref] = XEN_GRANT_POOL_END;
			continue;
		}
		pool->state[ref] = XEN_GREF_FREE;
		pool->count[XEN_GREF_FREE]++;
		xen_grant_pool_append(pool, ref);
	}
	pool->nr_refs = max(pool->nr_refs, nr_refs);
	return pool->nr_refs;
}

/* Take the oldest free reference: USED.  -ENOSPC if none is free. */
int xen_grant_pool_get(struct xen_grant_pool *pool)
{
	u32 ref = pool->head;

	if (ref == XEN_GRANT_POOL_END)
		return -ENOSPC;
	pool->head = pool->next[ref];
	if (pool->head == XEN_GRANT_POOL_END)
		pool->tail = XEN_GRANT_POOL_END;
	pool->next[ref] = XEN_GRANT_POOL_END;
	xen_grant_pool_set(pool, ref, XEN_GREF_USED);
	return ref;
}

/*
 * Free @ref, which must be in state @from (USED or ENDING).  Returns
 * false, changing nothing, if it is not (double free and the like).
 */
bool xen_grant_pool_put(struct xen_grant_pool *pool, u32 ref,
			enum xen_grant_ref_state from)
{
	if (!xen_grant_pool_check(pool, ref, from, "free"))
		return false;
	xen_grant_pool_set(pool, ref, XEN_GREF_FREE);
	xen_grant_pool_append(pool, ref);
	return true;
}

/* Move @ref from state @from to @to, which must not be FREE or HELD. */
bool xen_grant_pool_set_state(struct xen_grant_pool *pool, u32 ref,
			      enum xen_grant_ref_state from,
			      enum xen_grant_ref_state to)
{
	if (!xen_grant_pool_check(pool, ref, from, "end"))
		return false;
	xen_grant_pool_set(pool, ref, to);
	return true;
}

/*
 * Move the @count oldest free references to a new private chain in
 * @res.  All or nothing: -ENOSPC, with @res empty, if fewer are free.
 */
int xen_grant_pool_reserve(struct xen_grant_pool *pool, u32 count,
			   struct xen_grant_reservation *res)
{
	u32 ref, last = XEN_GRANT_POOL_END, i;

	res->head = XEN_GRANT_POOL_END;
	res->count = 0;
	if (count > xen_grant_pool_nr_free(pool))
		return -ENOSPC;
	if (!count)
		return 0;
	ref = pool->head;
	for (i = 0; i < count; i++) {
		last = ref;
		xen_grant_pool_set(pool, ref, XEN_GREF_HELD);
		ref = pool->next[ref];
	}
	res->head = pool->head;
	res->count = count;
	/* Cut the chain after its last reference; the rest stays free. */
	pool->head = ref;
	if (ref == XEN_GRANT_POOL_END)
		pool->tail = XEN_GRANT_POOL_END;
	pool->next[last] = XEN_GRANT_POOL_END;
	return 0;
}

/* Take the first reference of @res: USED.  -ENOSPC if @res is empty. */
int xen_grant_pool_claim(struct xen_grant_pool *pool,
			 struct xen_grant_reservation *res)
{
	u32 ref = res->head;

	if (!res->count)
		return -ENOSPC;
	if (!xen_grant_pool_check(pool, ref, XEN_GREF_HELD, "claim")) {
		/* The caller's chain is corrupt: drop it rather than follow it. */
		res->head = XEN_GRANT_POOL_END;
		res->count = 0;
		return -EINVAL;
	}
	res->head = pool->next[ref];
	res->count--;
	pool->next[ref] = XEN_GRANT_POOL_END;
	xen_grant_pool_set(pool, ref, XEN_GREF_USED);
	return ref;
}

/* Put claimed @ref back at the front of @res. */
bool xen_grant_pool_unclaim(struct xen_grant_pool *pool,
			    struct xen_grant_reservation *res, u32 ref)
{
	if (!xen_grant_pool_check(pool, ref, XEN_GREF_USED, "unclaim"))
		return false;
	if (!res->count)
		res->head = XEN_GRANT_POOL_END;
	pool->next[ref] = res->head;
	res->head = ref;
	res->count++;
	xen_grant_pool_set(pool, ref, XEN_GREF_HELD);
	return true;
}

/*
 * Free the unclaimed references of @res.  A link that leads out of the
 * chain (a reference not HELD) stops the walk: what follows it is lost
 * to the pool rather than freed twice.
 */
void xen_grant_pool_unreserve(struct xen_grant_pool *pool,
			      struct xen_grant_reservation *res)
{
	u32 ref = res->head, next;

	for (; res->count; res->count--) {
		if (!xen_grant_pool_check(pool, ref, XEN_GREF_HELD, "unreserve"))
			break;
		next = pool->next[ref];
		xen_grant_pool_set(pool, ref, XEN_GREF_FREE);
		xen_grant_pool_append(pool, ref);
		ref = next;
	}
	res->head = XEN_GRANT_POOL_END;
	res->count = 0;
}

/*
 * Queue @w for @count free references.  Returns true if it was queued
 * now; a queued waiter stays as it is.
 */
bool xen_grant_pool_wait(struct xen_grant_pool *pool,
			 struct xen_grant_waiter *w, u32 count)
{
	if (w->queued)
		return false;
	w->count = count;
	w->queued = true;
	list_add_tail(&w->list, &pool->waiters);
	return true;
}

void xen_grant_pool_cancel(struct xen_grant_pool *pool,
			   struct xen_grant_waiter *w)
{
	if (!w->queued)
		return;
	list_del_init(&w->list);
	w->queued = false;
}

/*
 * Dequeue the first waiter, in queue order, whose count the free
 * references meet now; NULL if none.  The caller runs it, then asks
 * again (the waiter may have reserved references in between).
 */
struct xen_grant_waiter *xen_grant_pool_next_ready(struct xen_grant_pool *pool)
{
	u32 nr_free = xen_grant_pool_nr_free(pool);
	struct xen_grant_waiter *w;

	list_for_each_entry(w, &pool->waiters, list) {
		if (w->count <= nr_free) {
			xen_grant_pool_cancel(pool, w);
			return w;
		}
	}
	return NULL;
}

/*
 * How many frames the table should have so that @want references can be
 * free, given @nr_free now: at least XEN_GRANT_GROW_FRAMES more (fewer,
 * larger hypercalls), at most @max_frames.  @nr_frames if it cannot grow
 * or need not.
 */
u32 xen_grant_grow_target(u32 nr_frames, u32 max_frames, u32 refs_per_frame,
			  u32 nr_free, u32 want)
{
	u64 need, frames;

	if (want <= nr_free || nr_frames >= max_frames || !refs_per_frame)
		return nr_frames;
	need = want - nr_free;
	frames = max_t(u64, DIV_ROUND_UP_ULL(need, refs_per_frame),
		       XEN_GRANT_GROW_FRAMES);
	return min_t(u64, (u64)nr_frames + frames, max_frames);
}
