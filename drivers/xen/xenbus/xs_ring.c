// SPDX-License-Identifier: GPL-2.0
/*
 * Byte I/O on the xenstore ring page (Documentation/xen/xenstore.rst,
 * "The ring").
 *
 * Two byte queues of XENSTORE_RING_SIZE bytes, each with a producer and
 * a consumer index that run freely (modulo 2^32); the byte for index i
 * is at [MASK_XENSTORE_IDX(i)].  prod - cons is the number of bytes
 * queued and can never exceed the ring size; if it does, the other side
 * has written garbage into its index and the ring cannot be trusted
 * again (-EIO).
 *
 * Who writes what:  req[] and req_prod: us;   req_cons: the daemon.
 *                   rsp[] and rsp_prod: daemon; rsp_cons: us.
 *
 * No locking here: one caller at a time per direction (xs_comms.c).
 * These functions only move bytes; the caller signals the event channel
 * after any call that moved some.
 */
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/barrier.h>
#include <kunit/visibility.h>

#include "xs_internal.h"

/* Bytes queued between @cons and @prod, or -EIO if they are too far apart. */
int xs_ring_used(u32 prod, u32 cons)
{
	u32 used = prod - cons;

	if (used > XENSTORE_RING_SIZE)
		return -EIO;
	return used;
}
EXPORT_SYMBOL_IF_KUNIT(xs_ring_used);

/*
 * Take over the page as the daemon left it.  The indices need not start
 * at zero and the queues need not be empty (a previous kernel may have
 * left bytes behind), but they must be consistent.
 */
int xs_ring_attach(struct xs_ring *ring, struct xenstore_domain_interface *intf)
{
	u32 req_prod = READ_ONCE(intf->req_prod);
	u32 rsp_cons = READ_ONCE(intf->rsp_cons);

	if (xs_ring_used(req_prod, READ_ONCE(intf->req_cons)) < 0 ||
	    xs_ring_used(READ_ONCE(intf->rsp_prod), rsp_cons) < 0)
		return -EIO;
	ring->intf = intf;
	ring->req_prod = req_prod;
	ring->rsp_cons = rsp_cons;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xs_ring_attach);

/*
 * Queue up to @len bytes of @data on the request ring.  Returns how many
 * fitted (0 when the ring is full) or -EIO when req_cons is corrupt.
 */
int xs_ring_write(struct xs_ring *ring, const void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = ring->intf;
	u32 prod = ring->req_prod;
	unsigned int off, first, n;
	int used;

	used = xs_ring_used(prod, READ_ONCE(intf->req_cons));
	if (used < 0)
		return -EIO;
	n = min_t(unsigned int, len, XENSTORE_RING_SIZE - used);
	if (!n)
		return 0;

	/*
	 * req_cons was read before we overwrite the bytes it gave back:
	 * the daemon has finished reading them (it moves req_cons only
	 * after, with a full barrier of its own).
	 */
	virt_mb();

	off = MASK_XENSTORE_IDX(prod);
	first = min_t(unsigned int, n, XENSTORE_RING_SIZE - off);
	memcpy(intf->req + off, data, first);
	memcpy(intf->req, (const char *)data + first, n - first);

	/* The bytes must be visible before the index that covers them. */
	virt_wmb();
	prod += n;
	WRITE_ONCE(intf->req_prod, prod);
	ring->req_prod = prod;
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xs_ring_write);

/*
 * Take up to @len bytes from the response ring into @data (private
 * memory: nothing is parsed in the shared page, where the daemon could
 * change it between check and use).  Returns how many were there (0 when
 * the ring is empty) or -EIO when rsp_prod is corrupt.
 */
int xs_ring_read(struct xs_ring *ring, void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = ring->intf;
	u32 cons = ring->rsp_cons;
	unsigned int off, first, n;
	int avail;

	avail = xs_ring_used(READ_ONCE(intf->rsp_prod), cons);
	if (avail < 0)
		return -EIO;
	n = min_t(unsigned int, len, avail);
	if (!n)
		return 0;

	/* rsp_prod was read before the bytes it covers. */
	virt_rmb();

	off = MASK_XENSTORE_IDX(cons);
	first = min_t(unsigned int, n, XENSTORE_RING_SIZE - off);
	memcpy(data, intf->rsp + off, first);
	memcpy((char *)data + first, intf->rsp, n - first);

	/*
	 * Done reading the bytes before their space is handed back: once
	 * rsp_cons moves the daemon may overwrite them.
	 */
	virt_mb();
	cons += n;
	WRITE_ONCE(intf->rsp_cons, cons);
	ring->rsp_cons = cons;
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xs_ring_read);

/* True when a write would make progress, or would find the ring corrupt. */
bool xs_ring_can_write(const struct xs_ring *ring)
{
	return xs_ring_used(ring->req_prod, READ_ONCE(ring->intf->req_cons)) !=
	       XENSTORE_RING_SIZE;
}
EXPORT_SYMBOL_IF_KUNIT(xs_ring_can_write);

/* True when a read would return bytes, or would find the ring corrupt. */
bool xs_ring_can_read(const struct xs_ring *ring)
{
	return READ_ONCE(ring->intf->rsp_prod) != ring->rsp_cons;
}
EXPORT_SYMBOL_IF_KUNIT(xs_ring_can_read);

void xs_rx_reset(struct xs_rx *rx)
{
	rx->got = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xs_rx_reset);

/*
 * Move what the ring holds into the message being assembled.  Returns 1
 * when @rx holds a complete message (body NUL-terminated after hdr.len
 * bytes), 0 when the ring ran dry first, -EIO when the ring is corrupt
 * and -EMSGSIZE when the header announces more than XENSTORE_PAYLOAD_MAX
 * bytes (the stream cannot be followed past such a header).
 */
int xs_rx_pull(struct xs_rx *rx, struct xs_ring *ring)
{
	const unsigned int hsz = sizeof(rx->hdr);
	unsigned int want;
	int n;

	if (rx->got < hsz) {
		n = xs_ring_read(ring, (char *)&rx->hdr + rx->got, hsz - rx->got);
		if (n < 0)
			return n;
		rx->got += n;
		if (rx->got < hsz)
			return 0;
	}
	if (rx->hdr.len > XENSTORE_PAYLOAD_MAX)
		return -EMSGSIZE;

	want = hsz + rx->hdr.len;
	if (rx->got < want) {
		n = xs_ring_read(ring, rx->body + (rx->got - hsz), want - rx->got);
		if (n < 0)
			return n;
		rx->got += n;
		if (rx->got < want)
			return 0;
	}
	rx->body[rx->hdr.len] = '\0';
	return 1;
}
EXPORT_SYMBOL_IF_KUNIT(xs_rx_pull);
