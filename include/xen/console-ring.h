/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Index arithmetic of the console page's two byte rings (layout in
 * <xen/interface/io/console.h>, protocol in Documentation/xen/console.rst).
 *
 * These helpers are pure: they work on a snapshot of the two indices that
 * the caller read from the shared page, copy bytes, and say how many.  The
 * caller owns the barriers and publishes the new index itself.  Indices
 * run freely and wrap at 2^32; a ring's size must be a power of two.
 *
 * The other side's index is untrusted: when the snapshot claims more
 * bytes queued than the ring holds, every helper returns -EIO and copies
 * nothing, so no index can make a copy leave the ring.
 *
 * KUnit: drivers/xen/console-ring_test.c.
 */
#ifndef _XEN_CONSOLE_RING_H
#define _XEN_CONSOLE_RING_H

#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/types.h>

/*
 * Bytes queued between consumer index @cons and producer index @prod in a
 * ring of @size bytes: 0 (empty) .. @size (full), or -EIO if the indices
 * are further apart than the ring is large.
 */
static inline int xencons_ring_queued(u32 prod, u32 cons, u32 size)
{
	u32 queued = prod - cons;

	return queued > size ? -EIO : (int)queued;
}

/*
 * Producer side: copy up to @len bytes from @src into @ring (@size bytes)
 * at producer index @prod, given the consumer's index @cons.  Returns the
 * number of bytes copied (0 when the ring is full), or -EIO.  The caller
 * then publishes @prod plus that number.
 */
static inline int xencons_ring_put(char *ring, u32 size, u32 prod, u32 cons,
				   const char *src, unsigned int len)
{
	int queued = xencons_ring_queued(prod, cons, size);
	u32 n, off, first;

	if (queued < 0)
		return queued;
	n = min_t(u32, len, size - queued);
	off = prod & (size - 1);
	/* From the slot of @prod to the end of the array, then from its start. */
	first = min(n, size - off);
	memcpy(ring + off, src, first);
	memcpy(ring, src + first, n - first);
	return n;
}

/*
 * Consumer side: copy up to @len bytes out of @ring (@size bytes) from
 * consumer index @cons, given the producer's index @prod.  Returns the
 * number of bytes copied (0 when the ring is empty), or -EIO.  The caller
 * then publishes @cons plus that number.
 */
static inline int xencons_ring_get(const char *ring, u32 size, u32 cons,
				   u32 prod, char *dst, unsigned int len)
{
	int queued = xencons_ring_queued(prod, cons, size);
	u32 n, off, first;

	if (queued < 0)
		return queued;
	n = min_t(u32, len, queued);
	off = cons & (size - 1);
	first = min(n, size - off);
	memcpy(dst, ring + off, first);
	memcpy(dst + first, ring, n - first);
	return n;
}

#endif /* _XEN_CONSOLE_RING_H */
