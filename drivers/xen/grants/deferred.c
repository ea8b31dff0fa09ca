// SPDX-License-Identifier: GPL-2.0
/*
 * Grants ended while the grantee still uses them (Documentation/xen/
 * grants.rst, "Deferred freeing").
 *
 * xen_grant_end() could not revoke the entry: the backend still has the
 * page mapped, or a copy is in flight.  Freeing the page now would let
 * the backend read or write memory the kernel reuses (the XSA-396
 * class), and reusing the reference would let it reach whatever page
 * is granted next under that number.  So both wait here, and a timer
 * tries to revoke again: every second at first, backing off to
 * XEN_GRANT_RETRY_MAX while nothing gets released.  A grant held for
 * longer than XEN_GRANT_WARN_AFTER is reported once, by reference and
 * domain: a backend that never lets go costs one page and one
 * reference, kept for good.
 */
#define pr_fmt(fmt) "xen grants: " fmt

#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm_types.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

#include "entry.h"
#include "internal.h"

#define XEN_GRANT_RETRY_MIN	HZ
#define XEN_GRANT_RETRY_MAX	(16 * HZ)
#define XEN_GRANT_WARN_AFTER	(30 * HZ)

struct xen_grant_deferred {
	struct list_head list;		/* on xen_grant_deferred_list */
	grant_ref_t ref;		/* ENDING in the pool */
	struct page *page;		/* put once revoked; may be NULL */
	unsigned long since;		/* jiffies when it was ended */
	bool warned;			/* reported as held too long */
};

/*
 * Protects the list, the counters and the interval; taken with
 * interrupts off (xen_grant_end() may run in hard IRQ context), and
 * never held while calling into core.c.
 */
static DEFINE_SPINLOCK(xen_grant_deferred_lock);
static LIST_HEAD(xen_grant_deferred_list);
static unsigned long xen_grant_nr_deferred;
static unsigned long xen_grant_nr_leaked;
static unsigned long xen_grant_retry = XEN_GRANT_RETRY_MIN;

static void xen_grant_retry_fn(struct timer_list *t);
static DEFINE_TIMER(xen_grant_retry_timer, xen_grant_retry_fn);

void xen_grant_defer(grant_ref_t ref, struct page *page)
{
	struct xen_grant_deferred *d = kmalloc(sizeof(*d), GFP_ATOMIC);
	unsigned long flags;

	spin_lock_irqsave(&xen_grant_deferred_lock, flags);
	if (!d) {
		/* Nowhere to remember it: keep page and reference for good. */
		xen_grant_nr_leaked++;
		spin_unlock_irqrestore(&xen_grant_deferred_lock, flags);
		pr_warn_ratelimited("no memory to track reference %u, still in use: it and its page are kept for good\n",
				    ref);
		return;
	}
	d->ref = ref;
	d->page = page;
	d->since = jiffies;
	d->warned = false;
	list_add_tail(&d->list, &xen_grant_deferred_list);
	xen_grant_nr_deferred++;
	xen_grant_retry = XEN_GRANT_RETRY_MIN;
	spin_unlock_irqrestore(&xen_grant_deferred_lock, flags);
	/* Arms the timer, or brings a backed-off one forward. */
	timer_reduce(&xen_grant_retry_timer, jiffies + XEN_GRANT_RETRY_MIN);
}

static void xen_grant_deferred_warn(struct xen_grant_deferred *d)
{
	struct grant_entry_v1 *e = &xen_grant_table[d->ref];

	d->warned = true;
	pr_warn("reference %u is still used by domain %u after %u s (flags %#x); its page is kept until it is released\n",
		d->ref, READ_ONCE(e->domid), jiffies_to_msecs(jiffies - d->since) / 1000,
		READ_ONCE(e->flags));
}

static void xen_grant_retry_fn(struct timer_list *t)
{
	struct xen_grant_deferred *d, *tmp;
	unsigned long flags, released = 0;
	LIST_HEAD(todo);
	LIST_HEAD(done);

	spin_lock_irqsave(&xen_grant_deferred_lock, flags);
	list_splice_init(&xen_grant_deferred_list, &todo);
	spin_unlock_irqrestore(&xen_grant_deferred_lock, flags);

	list_for_each_entry_safe(d, tmp, &todo, list) {
		/* d->ref was valid at xen_grant_end() and the table never shrinks. */
		if (xen_grant_flags_revoke(&xen_grant_table[d->ref].flags)) {
			list_move_tail(&d->list, &done);
			released++;
		} else if (!d->warned && time_after(jiffies, d->since + XEN_GRANT_WARN_AFTER)) {
			xen_grant_deferred_warn(d);
		}
	}

	spin_lock_irqsave(&xen_grant_deferred_lock, flags);
	/* Those still held go back in front of any added meanwhile. */
	list_splice(&todo, &xen_grant_deferred_list);
	xen_grant_nr_deferred -= released;
	if (!released)
		xen_grant_retry = min(xen_grant_retry * 2, (unsigned long)XEN_GRANT_RETRY_MAX);
	if (!list_empty(&xen_grant_deferred_list))
		timer_reduce(&xen_grant_retry_timer, jiffies + xen_grant_retry);
	spin_unlock_irqrestore(&xen_grant_deferred_lock, flags);

	list_for_each_entry_safe(d, tmp, &done, list) {
		if (d->warned)
			pr_info("reference %u released after %u s\n", d->ref,
				jiffies_to_msecs(jiffies - d->since) / 1000);
		xen_grant_release(d->ref, d->page);
		kfree(d);
	}
}

void xen_grant_deferred_counts(unsigned long *deferred, unsigned long *leaked)
{
	unsigned long flags;

	spin_lock_irqsave(&xen_grant_deferred_lock, flags);
	*deferred = xen_grant_nr_deferred;
	*leaked = xen_grant_nr_leaked;
	spin_unlock_irqrestore(&xen_grant_deferred_lock, flags);
}
