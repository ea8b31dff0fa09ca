// SPDX-License-Identifier: GPL-2.0
/*
 * The grant table service: the API of <xen/grant.h> on the allocator
 * (pool.c), the table (table.c) and the entry operations (entry.h);
 * Documentation/xen/grants.rst describes the whole.
 *
 * Waiters run without xen_grant_lock (their callback usually reserves
 * references again), one CPU at a time and with interrupts off, so that
 * xen_grant_cancel_wait() can wait for a callback that is running on
 * another CPU and then promise it will not run any more.
 */
#define pr_fmt(fmt) "xen grants: " fmt

#include <linux/export.h>
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <xen/grant.h>
#include <xen/xen.h>
#include <xen/interface/xen.h>

#include "entry.h"
#include "internal.h"
#include "pool.h"

/*
 * Protects xen_grant_pool, table growth and the dispatch fields below.
 * Taken with interrupts off: every call may come from hard IRQ context.
 */
static DEFINE_SPINLOCK(xen_grant_lock);
static struct xen_grant_pool xen_grant_pool;
static u32 xen_grant_max_frames;
/* Set when growing failed: later allocations do not retry it. */
static bool xen_grant_grow_failed;

/*
 * Set last by xen_grant_init() with a release store: whoever sees it
 * (acquire) sees the table mapped and the pool set up.
 */
static bool xen_grant_up;

/*
 * The CPU running waiter callbacks (-1: none) and the waiter whose
 * callback runs now; under xen_grant_lock.
 */
static int xen_grant_dispatch_cpu = -1;
static struct xen_grant_waiter *xen_grant_dispatching;

static void xen_grant_dispatch_fn(struct work_struct *work);
static DECLARE_WORK(xen_grant_dispatch_work, xen_grant_dispatch_fn);

bool xen_grant_available(void)
{
	/* Pairs with the release in xen_grant_init(). */
	return smp_load_acquire(&xen_grant_up);
}
EXPORT_SYMBOL_GPL(xen_grant_available);

unsigned int xen_grant_max_refs(void)
{
	if (!xen_grant_available())
		return 0;
	return xen_grant_pool.capacity - xen_grant_pool.first;
}
EXPORT_SYMBOL_GPL(xen_grant_max_refs);

/* The entry of @ref, or NULL (reported) if @ref is not ours to use. */
struct grant_entry_v1 *xen_grant_entry(grant_ref_t ref)
{
	if (!xen_grant_available()) {
		pr_err_ratelimited("reference %u used without a grant table\n", ref);
		return NULL;
	}
	if (ref < xen_grant_pool.first || ref >= READ_ONCE(xen_grant_pool.nr_refs)) {
		pr_err_ratelimited("reference %u is not one this domain hands out\n", ref);
		return NULL;
	}
	return &xen_grant_table[ref];
}

/* Can a v1 entry grant @gfn to @domid? */
static bool xen_grant_target_ok(domid_t domid, unsigned long gfn)
{
	if (domid >= DOMID_FIRST_RESERVED) {
		pr_err_ratelimited("cannot grant to domain id %#x\n", domid);
		return false;
	}
	/* Also catches INVALID_P2M_ENTRY, a page with no machine frame. */
	if (gfn > U32_MAX) {
		pr_err_ratelimited("frame %#lx does not fit a v1 grant entry\n", gfn);
		return false;
	}
	return true;
}

/*
 * Make @count references free, growing the table if it can.  Under
 * xen_grant_lock.
 */
static bool xen_grant_make_room(u32 count)
{
	struct xen_grant_pool *pool = &xen_grant_pool;
	u32 frames, target, got;

	if (count <= xen_grant_pool_nr_free(pool))
		return true;
	if (count > pool->capacity - pool->first || xen_grant_grow_failed)
		return false;
	frames = xen_grant_table_nr_frames();
	target = xen_grant_grow_target(frames, xen_grant_max_frames,
				       XEN_GRANT_REFS_PER_FRAME,
				       xen_grant_pool_nr_free(pool), count);
	if (target > frames) {
		got = xen_grant_table_grow(target);
		if (got < target) {
			pr_err("the table stays at %u frames; references may run out\n",
			       got);
			xen_grant_grow_failed = true;
		}
		xen_grant_pool_grow(pool, got * XEN_GRANT_REFS_PER_FRAME);
	}
	return count <= xen_grant_pool_nr_free(pool);
}

/*
 * Run the callbacks of waiters whose count the free references meet.
 * If another CPU is at it, that one looks again after each callback, so
 * the references freed here are seen.
 */
static void xen_grant_run_waiters(void)
{
	struct xen_grant_waiter *w;
	unsigned long flags;

	spin_lock_irqsave(&xen_grant_lock, flags);
	if (xen_grant_dispatch_cpu >= 0)
		goto out;
	xen_grant_dispatch_cpu = smp_processor_id();
	while ((w = xen_grant_pool_next_ready(&xen_grant_pool))) {
		xen_grant_dispatching = w;
		spin_unlock(&xen_grant_lock);
		/* Interrupts stay off: see xen_grant_cancel_wait(). */
		w->fn(w);
		spin_lock(&xen_grant_lock);
		xen_grant_dispatching = NULL;
	}
	xen_grant_dispatch_cpu = -1;
out:
	spin_unlock_irqrestore(&xen_grant_lock, flags);
}

static void xen_grant_dispatch_fn(struct work_struct *work)
{
	xen_grant_run_waiters();
}

/* Free @ref from state @from; run waiters if that may satisfy one. */
static void xen_grant_put(grant_ref_t ref, enum xen_grant_ref_state from)
{
	unsigned long flags;
	bool kick;

	spin_lock_irqsave(&xen_grant_lock, flags);
	kick = xen_grant_pool_put(&xen_grant_pool, ref, from) &&
	       !list_empty(&xen_grant_pool.waiters);
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	if (kick)
		xen_grant_run_waiters();
}

int xen_grant_access(domid_t domid, unsigned long gfn, bool readonly)
{
	unsigned long flags;
	int ref;

	if (!xen_grant_available())
		return -ENODEV;
	if (!xen_grant_target_ok(domid, gfn))
		return -EINVAL;
	spin_lock_irqsave(&xen_grant_lock, flags);
	ref = xen_grant_make_room(1) ? xen_grant_pool_get(&xen_grant_pool) : -ENOSPC;
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	if (ref < 0)
		return -ENOSPC;
	xen_grant_entry_fill(&xen_grant_table[ref], domid, gfn, readonly);
	return ref;
}
EXPORT_SYMBOL_GPL(xen_grant_access);

/*
 * A reference that is not claimed, or whose entry is still valid, is
 * left alone: rewriting domid or frame under a live grant could hand
 * the grantee a different page than the one it maps.
 */
void xen_grant_access_ref(grant_ref_t ref, domid_t domid, unsigned long gfn,
			  bool readonly)
{
	struct grant_entry_v1 *e = xen_grant_entry(ref);
	u16 old;

	if (!e || !xen_grant_target_ok(domid, gfn))
		return;
	if (READ_ONCE(xen_grant_pool.state[ref]) != XEN_GREF_USED) {
		pr_err_ratelimited("grant on reference %u, which is not claimed; ignored\n",
				   ref);
		return;
	}
	old = READ_ONCE(e->flags);
	if (old) {
		pr_err_ratelimited("reference %u is granted already (flags %#x); not changed\n",
				   ref, old);
		return;
	}
	xen_grant_entry_fill(e, domid, gfn, readonly);
}
EXPORT_SYMBOL_GPL(xen_grant_access_ref);

bool xen_grant_try_revoke(grant_ref_t ref)
{
	struct grant_entry_v1 *e = xen_grant_entry(ref);

	return e && xen_grant_flags_revoke(&e->flags);
}
EXPORT_SYMBOL_GPL(xen_grant_try_revoke);

/* A revoked, ENDING reference goes back to the pool, its page to the mm. */
void xen_grant_release(grant_ref_t ref, struct page *page)
{
	if (page)
		put_page(page);
	xen_grant_put(ref, XEN_GREF_ENDING);
}

void xen_grant_end(grant_ref_t ref, struct page *page)
{
	struct grant_entry_v1 *e = xen_grant_entry(ref);
	unsigned long flags;
	bool ok;

	/*
	 * On misuse (reported) the page is kept: it may be a second end of
	 * the same grant, and a second put_page() would free it under the
	 * first.  Keeping a page costs memory, never safety.
	 */
	if (!e)
		return;
	spin_lock_irqsave(&xen_grant_lock, flags);
	ok = xen_grant_pool_set_state(&xen_grant_pool, ref, XEN_GREF_USED,
				      XEN_GREF_ENDING);
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	if (!ok)
		return;
	if (xen_grant_flags_revoke(&e->flags))
		xen_grant_release(ref, page);
	else
		xen_grant_defer(ref, page);
}
EXPORT_SYMBOL_GPL(xen_grant_end);

void xen_grant_free_ref(grant_ref_t ref)
{
	struct grant_entry_v1 *e = xen_grant_entry(ref);
	u16 old;

	if (!e)
		return;
	old = READ_ONCE(e->flags);
	if (old) {
		pr_err_ratelimited("reference %u freed while granted (flags %#x); ending it instead\n",
				   ref, old);
		xen_grant_end(ref, NULL);
		return;
	}
	xen_grant_put(ref, XEN_GREF_USED);
}
EXPORT_SYMBOL_GPL(xen_grant_free_ref);

int xen_grant_reserve(unsigned int count, struct xen_grant_reservation *res)
{
	unsigned long flags;
	int rc;

	res->head = XEN_GRANT_POOL_END;
	res->count = 0;
	if (!xen_grant_available())
		return -ENODEV;
	spin_lock_irqsave(&xen_grant_lock, flags);
	if (xen_grant_make_room(count))
		rc = xen_grant_pool_reserve(&xen_grant_pool, count, res);
	else
		rc = -ENOSPC;
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	return rc;
}
EXPORT_SYMBOL_GPL(xen_grant_reserve);

int xen_grant_claim(struct xen_grant_reservation *res)
{
	unsigned long flags;
	int ref;

	if (!res->count)
		return -ENOSPC;
	spin_lock_irqsave(&xen_grant_lock, flags);
	ref = xen_grant_pool_claim(&xen_grant_pool, res);
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	return ref;
}
EXPORT_SYMBOL_GPL(xen_grant_claim);

void xen_grant_unclaim(struct xen_grant_reservation *res, grant_ref_t ref)
{
	struct grant_entry_v1 *e = xen_grant_entry(ref);
	unsigned long flags;
	u16 old;

	if (!e)
		return;
	old = READ_ONCE(e->flags);
	if (old) {
		pr_err_ratelimited("reference %u returned to its reservation while granted (flags %#x); ending it instead\n",
				   ref, old);
		xen_grant_end(ref, NULL);
		return;
	}
	spin_lock_irqsave(&xen_grant_lock, flags);
	xen_grant_pool_unclaim(&xen_grant_pool, res, ref);
	spin_unlock_irqrestore(&xen_grant_lock, flags);
}
EXPORT_SYMBOL_GPL(xen_grant_unclaim);

void xen_grant_unreserve(struct xen_grant_reservation *res)
{
	unsigned long flags;
	bool kick;

	if (!res->count) {
		res->head = XEN_GRANT_POOL_END;
		return;
	}
	spin_lock_irqsave(&xen_grant_lock, flags);
	xen_grant_pool_unreserve(&xen_grant_pool, res);
	kick = !list_empty(&xen_grant_pool.waiters);
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	if (kick)
		xen_grant_run_waiters();
}
EXPORT_SYMBOL_GPL(xen_grant_unreserve);

/*
 * If enough references are free already (they were freed before @w was
 * queued), nobody else will run @w: a work item does, later, so that
 * @fn never runs inside the caller's own call.
 */
void xen_grant_wait(struct xen_grant_waiter *w, unsigned int count)
{
	unsigned long flags;
	bool ready;

	if (!xen_grant_available()) {
		pr_err_ratelimited("a waiter queued without a grant table\n");
		return;
	}
	if (count > xen_grant_max_refs()) {
		pr_err_ratelimited("a waiter wants %u references; the table holds at most %u\n",
				   count, xen_grant_max_refs());
		return;
	}
	spin_lock_irqsave(&xen_grant_lock, flags);
	ready = xen_grant_pool_wait(&xen_grant_pool, w, count) &&
		count <= xen_grant_pool_nr_free(&xen_grant_pool);
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	if (ready)
		schedule_work(&xen_grant_dispatch_work);
}
EXPORT_SYMBOL_GPL(xen_grant_wait);

/*
 * A callback running on another CPU is waited for (it runs with
 * interrupts off, so it is short); one running on this CPU is @w's own
 * callback cancelling itself, and is not.
 */
void xen_grant_cancel_wait(struct xen_grant_waiter *w)
{
	unsigned long flags;

	spin_lock_irqsave(&xen_grant_lock, flags);
	xen_grant_pool_cancel(&xen_grant_pool, w);
	while (xen_grant_dispatching == w &&
	       xen_grant_dispatch_cpu != smp_processor_id()) {
		spin_unlock(&xen_grant_lock);
		cpu_relax();
		spin_lock(&xen_grant_lock);
	}
	spin_unlock_irqrestore(&xen_grant_lock, flags);
}
EXPORT_SYMBOL_GPL(xen_grant_cancel_wait);

void xen_grant_get_stats(struct xen_grant_stats *st)
{
	struct xen_grant_pool *pool = &xen_grant_pool;
	unsigned long flags;

	memset(st, 0, sizeof(*st));
	if (!xen_grant_available())
		return;
	spin_lock_irqsave(&xen_grant_lock, flags);
	st->frames = xen_grant_table_nr_frames();
	st->max_frames = xen_grant_max_frames;
	st->refs = pool->nr_refs - pool->count[XEN_GREF_FIXED];
	st->free = pool->count[XEN_GREF_FREE];
	st->reserved = pool->count[XEN_GREF_HELD];
	st->in_use = pool->count[XEN_GREF_USED];
	st->ending = pool->count[XEN_GREF_ENDING];
	st->misuse = pool->misuse;
	spin_unlock_irqrestore(&xen_grant_lock, flags);
	xen_grant_deferred_counts(&st->deferred, &st->leaked);
}

int __init xen_grant_init(void)
{
	u32 cur, limit, capacity;
	u32 *next = NULL;
	u8 *state = NULL;
	int rc;

	if (xen_grant_available())
		return 0;
	rc = xen_grant_table_query(&cur, &limit);
	if (rc)
		goto err;
	capacity = limit * XEN_GRANT_REFS_PER_FRAME;
	rc = -ENOMEM;
	next = kvcalloc(capacity, sizeof(*next), GFP_KERNEL);
	state = kvcalloc(capacity, sizeof(*state), GFP_KERNEL);
	if (!next || !state)
		goto err_free;
	rc = xen_grant_table_setup(cur, limit);
	if (rc)
		goto err_free;

	/* Nothing else runs yet; the lock is for form's sake. */
	spin_lock_irq(&xen_grant_lock);
	xen_grant_pool_init(&xen_grant_pool, next, state, capacity,
			    GNTTAB_NR_RESERVED_ENTRIES);
	xen_grant_pool_grow(&xen_grant_pool,
			    xen_grant_table_nr_frames() * XEN_GRANT_REFS_PER_FRAME);
	xen_grant_max_frames = limit;
	spin_unlock_irq(&xen_grant_lock);
	/* Table and pool before the flag: pairs with xen_grant_available(). */
	smp_store_release(&xen_grant_up, true);

	pr_info("table v1 ready: %u of up to %u frames, %u references free\n",
		xen_grant_table_nr_frames(), limit,
		xen_grant_pool_nr_free(&xen_grant_pool));
	return 0;

err_free:
	kvfree(state);
	kvfree(next);
err:
	pr_err("no grant table (error %d): Xen devices cannot be used\n", rc);
	return rc;
}

/* Before the frontends and xenbus (subsys and device initcalls). */
static int __init xen_grant_initcall(void)
{
	if (xen_pv_domain())
		xen_grant_init();
	return 0;
}
core_initcall(xen_grant_initcall);
