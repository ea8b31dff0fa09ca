// SPDX-License-Identifier: GPL-2.0
/*
 * Persistent grants (Documentation/xen/blkif.rst, "Persistent grants"):
 * a queue's pool of private pages, each granted read-write to the
 * backend once per connection and reused for request after request.
 * The backend maps each reference once and keeps the mapping, so the
 * data path makes no grant operation on either side; data is copied
 * between the pool pages and the request's own pages, as in untrusted
 * mode, so the backend never sees any other page of ours.
 *
 * The pool grows on demand up to its cap and never shrinks while the
 * connection lasts.  It lives until the ring is gone and no request
 * holds its pages (a kref): a request whose completion runs after the
 * ring was torn down still gives its pages back safely.  Only then is
 * every grant ended, with xen_grant_end(), which keeps a page out of
 * circulation while the backend still maps it.
 */
#include <linux/gfp.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <asm/xen/page.h>

#include "blkfront.h"

/* One page of the pool. */
struct blkfront_pool_page {
	struct page *page;	/* ours; page_private() is its index */
	grant_ref_t gref;	/* granted read-write to pool->domid */
};

struct blkfront_pool {
	/* One for the ring, one per request holding pages of the pool. */
	struct kref kref;
	domid_t domid;			/* the backend */
	unsigned int cap;		/* most pages ever granted */
	/*
	 * Protects nr, nr_free and free[]: taken by queue_rq and by
	 * completions, which may run in hard or soft IRQ context.
	 */
	spinlock_t lock;
	unsigned int nr;		/* pages[0..nr) are granted */
	unsigned int nr_free;		/* free[0..nr_free) are unused */
	struct blkfront_pool_page *pages;	/* cap entries */
	u32 *free;			/* cap entries: stack of indices */
};

struct blkfront_pool *blkfront_pool_create(domid_t domid, unsigned int cap)
{
	struct blkfront_pool *pool;

	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	pool->pages = kvcalloc(cap, sizeof(*pool->pages), GFP_KERNEL);
	pool->free = kvcalloc(cap, sizeof(*pool->free), GFP_KERNEL);
	if (!pool->pages || !pool->free) {
		kvfree(pool->pages);
		kvfree(pool->free);
		kfree(pool);
		return NULL;
	}
	kref_init(&pool->kref);
	spin_lock_init(&pool->lock);
	pool->domid = domid;
	pool->cap = cap;
	return pool;
}

/* The last holder is gone: nobody uses the pages any more. */
static void pool_release(struct kref *kref)
{
	struct blkfront_pool *pool = container_of(kref, struct blkfront_pool, kref);
	unsigned int i;

	/* Waits for the backend to unmap a page before freeing it. */
	for (i = 0; i < pool->nr; i++)
		xen_grant_end(pool->pages[i].gref, pool->pages[i].page);
	kvfree(pool->pages);
	kvfree(pool->free);
	kfree(pool);
}

void blkfront_pool_put(struct blkfront_pool *pool)
{
	if (pool)
		kref_put(&pool->kref, pool_release);
}

/*
 * Grant up to @want new pages and add them.  Runs unlocked, so another
 * caller may grow the pool meanwhile: what would pass the cap is ended
 * again (the backend never saw those references).
 */
static int pool_grow(struct blkfront_pool *pool, unsigned int want)
{
	struct blkfront_pool_page fresh[BLKIF_MAX_SEGMENTS_PER_REQUEST];
	struct xen_grant_reservation res = {};
	unsigned long flags;
	unsigned int i, n = 0;
	int ret = 0;

	want = min_t(unsigned int, want, ARRAY_SIZE(fresh));
	if (xen_grant_reserve(want, &res))
		return -EAGAIN;
	for (n = 0; n < want; n++) {
		/* Zeroed: until it carries our data, it shows nothing. */
		fresh[n].page = alloc_page(GFP_ATOMIC | __GFP_ZERO);
		if (!fresh[n].page) {
			ret = -ENOMEM;
			break;
		}
		/* Read-write: the same page serves reads and writes. */
		fresh[n].gref = xen_grant_claim(&res);
		xen_grant_access_ref(fresh[n].gref, pool->domid,
				     xen_page_to_gfn(fresh[n].page), false);
	}
	xen_grant_unreserve(&res);

	spin_lock_irqsave(&pool->lock, flags);
	for (i = 0; i < n && pool->nr < pool->cap; i++) {
		set_page_private(fresh[i].page, pool->nr);
		pool->pages[pool->nr] = fresh[i];
		pool->free[pool->nr_free++] = pool->nr++;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	for (; i < n; i++)
		xen_grant_end(fresh[i].gref, fresh[i].page);
	return ret;
}

int blkfront_pool_get(struct blkfront_pool *pool, unsigned int n,
		      struct page **pages, grant_ref_t *grefs)
{
	unsigned long flags;
	unsigned int i, short_by;
	int err;

	for (;;) {
		spin_lock_irqsave(&pool->lock, flags);
		if (pool->nr_free >= n)
			break;
		short_by = n - pool->nr_free;
		if (short_by > pool->cap - pool->nr) {
			spin_unlock_irqrestore(&pool->lock, flags);
			return -ENOSPC;
		}
		spin_unlock_irqrestore(&pool->lock, flags);
		err = pool_grow(pool, short_by);
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		u32 idx = pool->free[--pool->nr_free];

		pages[i] = pool->pages[idx].page;
		grefs[i] = pool->pages[idx].gref;
	}
	kref_get(&pool->kref);
	spin_unlock_irqrestore(&pool->lock, flags);
	return 0;
}

void blkfront_pool_return(struct blkfront_pool *pool, unsigned int n,
			  struct page **pages)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&pool->lock, flags);
	for (i = 0; i < n; i++) {
		pool->free[pool->nr_free++] = page_private(pages[i]);
		pages[i] = NULL;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	blkfront_pool_put(pool);
}

unsigned int blkfront_pool_size(struct blkfront_pool *pool)
{
	return READ_ONCE(pool->nr);
}
