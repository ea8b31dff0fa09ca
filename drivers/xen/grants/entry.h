/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Publishing and revoking one v1 grant entry (Documentation/xen/
 * grants.rst, "Publish and revoke").  Pure memory operations, so that
 * KUnit can run them on an entry in plain memory.
 *
 * The entry is shared with Xen, which reads domid and frame and sets
 * GTF_reading/GTF_writing in the same 16-bit flags word (v1 has no
 * separate status frames) with atomic operations while the grantee
 * maps or copies the page.  So the flags word is written with a plain
 * store only when the entry is invalid and unused (Xen then leaves it
 * alone), and otherwise only changed with cmpxchg.
 */
#ifndef _XEN_GRANTS_ENTRY_H
#define _XEN_GRANTS_ENTRY_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <xen/interface/grant_table.h>

/*
 * Fill an invalid, unused entry and publish it: Xen must see domid and
 * frame before the type that makes the entry valid.
 */
static inline void xen_grant_entry_fill(struct grant_entry_v1 *e, domid_t domid,
					u32 frame, bool readonly)
{
	WRITE_ONCE(e->domid, domid);
	WRITE_ONCE(e->frame, frame);
	/* Pairs with Xen reading the type before domid and frame. */
	virt_wmb();
	WRITE_ONCE(e->flags, GTF_permit_access | (readonly ? GTF_readonly : 0));
}

enum xen_grant_revoke_action {
	XEN_GRANT_REVOKE_IDLE,	/* invalid and unused already: nothing to do */
	XEN_GRANT_REVOKE_CLEAR,	/* not in use: clear the word */
	XEN_GRANT_REVOKE_BUSY,	/* Xen says the grantee uses it: keep it */
};

/*
 * What to do with flags word @flags to revoke its entry.  Only the
 * in-use bits decide: whatever else is set (a type we never write,
 * cache bits, v2-only bits) is Xen's or a corruption, and clearing the
 * word while neither GTF_reading nor GTF_writing is set is safe; an
 * in-use bit on an entry we think invalid is still honoured.
 */
static inline enum xen_grant_revoke_action xen_grant_revoke_decide(u16 flags)
{
	if (flags & (GTF_reading | GTF_writing))
		return XEN_GRANT_REVOKE_BUSY;
	if (!flags)
		return XEN_GRANT_REVOKE_IDLE;
	return XEN_GRANT_REVOKE_CLEAR;
}

/*
 * Xen changes the word only when the grantee maps, unmaps or copies, so
 * the cmpxchg below fails only a few times in a row; past this many the
 * entry counts as busy and is retried later.
 */
#define XEN_GRANT_REVOKE_TRIES	16

/*
 * Revoke the entry whose flags word is @flags if the grantee is not
 * using it.  True if it is now invalid and unused, and then any later
 * access of ours to the page comes after Xen's last use of it.
 */
static inline bool xen_grant_flags_revoke(u16 *flags)
{
	u16 old = READ_ONCE(*flags), seen;
	unsigned int i;

	for (i = 0; i < XEN_GRANT_REVOKE_TRIES; i++) {
		switch (xen_grant_revoke_decide(old)) {
		case XEN_GRANT_REVOKE_BUSY:
			return false;
		case XEN_GRANT_REVOKE_IDLE:
			/* Our later use of the page after the load that saw it unused. */
			virt_mb();
			return true;
		case XEN_GRANT_REVOKE_CLEAR:
			break;
		}
		/* A full barrier, and atomic against Xen setting an in-use bit. */
		seen = cmpxchg(flags, old, 0);
		if (seen == old)
			return true;
		old = seen;
	}
	return false;
}

#endif /* _XEN_GRANTS_ENTRY_H */
