/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Granting our pages to other domains: the API of drivers/xen/grants/.
 *
 * A grant reference names one entry of this domain's grant table; the
 * entry says which domain may map or copy which of our frames, and how.
 * Table layout, the publish/revoke ordering and what Xen reports back:
 * Documentation/xen/grants.rst.
 *
 * The rule that makes this safe against a backend that keeps a mapping
 * (the XSA-396 class): a page is reused or freed only after its grant
 * was revoked while Xen showed it unused.  xen_grant_end() does that and,
 * when the grantee still holds the page, keeps page and reference out of
 * circulation until it lets go; callers never free a granted page
 * themselves.
 *
 * All calls may be made from any context (hard IRQ included) unless
 * marked "may sleep".
 */
#ifndef _XEN_GRANT_H
#define _XEN_GRANT_H

#include <linux/list.h>
#include <linux/types.h>
#include <xen/interface/grant_table.h>

struct page;

/* True once the table is set up; every call below needs it. */
bool xen_grant_available(void);

/* References the table can hold in total (after the reserved ones). */
unsigned int xen_grant_max_refs(void);

/*
 * Grant @domid access to our frame @gfn (for a PV guest the machine
 * frame: use xen_page_to_gfn()).  Returns the reference (>= 0), or
 * -ENOSPC when no reference is free (-EINVAL for a frame or domain a
 * grant cannot name, -ENODEV without a table: both logged).
 */
int xen_grant_access(domid_t domid, unsigned long gfn, bool readonly);

/* Fill reference @ref (claimed from a reservation) the same way. */
void xen_grant_access_ref(grant_ref_t ref, domid_t domid, unsigned long gfn,
			  bool readonly);

/*
 * Revoke @ref if the grantee is not using it.  Returns true if the
 * entry is now invalid and unused (the page may be reused and @ref
 * granted again), false if the grantee still has it mapped or a copy is
 * in flight; the entry is then unchanged.
 */
bool xen_grant_try_revoke(grant_ref_t ref);

/*
 * End a grant for good: revoke @ref and free it, and put_page(@page)
 * (if not NULL) once nobody else can touch it.  If the grantee still
 * holds the page, both wait on a deferred list that is retried from a
 * timer; they are freed when it lets go, and a message names the
 * reference if that takes long.  Never blocks, never fails.
 */
void xen_grant_end(grant_ref_t ref, struct page *page);

/* Free a reference that is claimed but currently not granted. */
void xen_grant_free_ref(grant_ref_t ref);

/*
 * Reservations: a driver sets aside references up front (one request's
 * worth, say) so that filling them later cannot fail.  Claimed
 * references are ended with xen_grant_end() (or freed with
 * xen_grant_free_ref() if never granted) like any other; unclaimed ones
 * go back with xen_grant_unreserve().
 */
struct xen_grant_reservation {
	grant_ref_t head;	/* first reserved reference (a private chain) */
	unsigned int count;	/* references left in the chain */
};

/*
 * Reserve @count references.  0, or -ENOSPC with nothing reserved
 * (-ENODEV without a table).
 */
int xen_grant_reserve(unsigned int count, struct xen_grant_reservation *res);

/* Take one reference from @res; -ENOSPC if it is empty. */
int xen_grant_claim(struct xen_grant_reservation *res);

/* Return a claimed, currently not granted reference to @res. */
void xen_grant_unclaim(struct xen_grant_reservation *res, grant_ref_t ref);

/* Free every unclaimed reference of @res; @res is then empty. */
void xen_grant_unreserve(struct xen_grant_reservation *res);

/*
 * Waiting for references: when xen_grant_reserve() failed, a driver
 * queues a waiter; once @count references are free, @fn runs (once per
 * xen_grant_wait(), from the context that freed them: it must not
 * sleep) and the driver retries.  Queuing a queued waiter does nothing.
 */
struct xen_grant_waiter {
	struct list_head list;	/* in the service's queue, when queued */
	void (*fn)(struct xen_grant_waiter *w);
	unsigned int count;	/* references wanted */
	bool queued;		/* protected by the service's lock */
};

void xen_grant_wait(struct xen_grant_waiter *w, unsigned int count);

/*
 * Dequeue @w if queued; on return @fn is not called for it any more.
 * If @fn is running on another CPU this waits for it to return: do not
 * call it holding a lock that @fn takes.
 */
void xen_grant_cancel_wait(struct xen_grant_waiter *w);

/* Set up the table; called once during boot. */
int __init xen_grant_init(void);

#endif /* _XEN_GRANT_H */
