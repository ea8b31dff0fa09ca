/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the grant table service (Documentation/xen/grants.rst):
 *
 *   table.c     the table's frames: size, setup, mapping and growth
 *   pool.c      the reference allocator (pure logic, pool.h)
 *   entry.h     publishing and revoking one entry (pure logic)
 *   core.c      the API of <xen/grant.h>, the lock, waiters and init
 *   deferred.c  grants ended while still in use, retried from a timer
 *   debugfs.c   the counters in /sys/kernel/debug/xen/grants
 *
 * Locking: xen_grant_lock (core.c, taken with interrupts off: the API
 * may be called from hard IRQ context) protects the pool and table
 * growth; the deferred list has its own lock, never held while taking
 * xen_grant_lock.  Entries themselves are shared with Xen and changed
 * only as entry.h describes.
 */
#ifndef _XEN_GRANTS_INTERNAL_H
#define _XEN_GRANTS_INTERNAL_H

#include <linux/init.h>
#include <linux/mm_types.h>
#include <linux/types.h>
#include <xen/grant.h>
#include <xen/interface/grant_table.h>

/* v1 entries per table frame. */
#define XEN_GRANT_REFS_PER_FRAME \
	((u32)(PAGE_SIZE / sizeof(struct grant_entry_v1)))

/*
 * The most frames we use, whatever Xen allows: the allocator's arrays
 * (5 bytes a reference) are sized for the maximum up front, as growth
 * must not allocate.  256 frames are 131072 references.
 */
#define XEN_GRANT_FRAMES_CAP	256U

/* table.c: called with xen_grant_lock held, except init. */
int __init xen_grant_table_query(u32 *cur, u32 *limit);
int __init xen_grant_table_setup(u32 cur, u32 limit);
u32 xen_grant_table_grow(u32 nr_frames);
u32 xen_grant_table_nr_frames(void);
extern struct grant_entry_v1 *xen_grant_table;

/* core.c */
struct grant_entry_v1 *xen_grant_entry(grant_ref_t ref);
void xen_grant_release(grant_ref_t ref, struct page *page);

struct xen_grant_stats {
	u32 frames;		/* table frames mapped */
	u32 max_frames;		/* the most it may grow to */
	u32 refs;		/* references handed out or free */
	u32 free;		/* on the free list */
	u32 reserved;		/* in reservations, not claimed */
	u32 in_use;		/* handed out */
	u32 ending;		/* ended, not yet revoked (deferred) */
	unsigned long misuse;	/* bad calls reported and ignored */
	unsigned long deferred;	/* on the deferred list */
	unsigned long leaked;	/* could not be deferred: kept for good */
};

void xen_grant_get_stats(struct xen_grant_stats *st);

/* deferred.c */
void xen_grant_defer(grant_ref_t ref, struct page *page);
void xen_grant_deferred_counts(unsigned long *deferred, unsigned long *leaked);

#endif /* _XEN_GRANTS_INTERNAL_H */
