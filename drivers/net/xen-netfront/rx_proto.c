// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront, receive side, pure part: one received packet from its
 * response slots (Documentation/xen/netif.rst, "Receive").  No Xen, no
 * skb, no state: the caller says how to find a slot and gets back a
 * checked description of the packet, or why it is refused.
 *
 * A packet is a data response, then extra-info slots if it has
 * NETRXF_extra_info (each but the last with XEN_NETIF_EXTRA_FLAG_MORE),
 * then more data responses while the previous data response has
 * NETRXF_more_data.  Every slot answers the request posted at the same
 * ring index, so a data response must echo that request's id; an
 * extra-info slot overlays the id and carries none.
 *
 * What we decided where the protocol leaves room:
 *  - The packet ends at the first data response without
 *    NETRXF_more_data, whatever its status: an error response is read
 *    like any other, so that the slots of a refused packet are known
 *    and only that packet is lost.
 *  - A data response of status 0 places no data: it is skipped (it
 *    still takes its slot).  The packet as a whole must hold at least
 *    an Ethernet header.
 *  - Flags other than NETRXF_more_data mean something on the first
 *    response only and are ignored on later ones.
 *  - At most NETFRONT_MAX_PKT_SLOTS slots, extras included, and at most
 *    NETFRONT_RX_MAX_LEN bytes (netfront.h).
 *  - Confined errors (the packet is dropped, its slots skipped): an
 *    error status, data beyond its page, a packet too long or too
 *    short, NETRXF_gso_prefix (we never ask for it), an extra-info slot
 *    of unknown type or with a bad GSO description, a second GSO or
 *    hash slot.  Multicast extras only make sense towards the backend
 *    and are ignored.
 *  - The ring cannot be trusted any more (nr_slots 0) when a data
 *    response does not carry its slot's id (then which page holds what
 *    is unknown) or a packet needs more than NETFRONT_MAX_PKT_SLOTS
 *    slots (then where the next packet starts is unknown).
 */
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "netfront.h"

/* One ring slot as read: a data response or an extra-info slot. */
union rx_slot {
	u64 raw;
	struct netif_rx_response rsp;
	struct netif_extra_info extra;
};

/* Where the walk over one packet's slots stands. */
struct rx_walk {
	netfront_rx_slot_fn slot;
	void *ctx;
	u32 cons;			/* ring index of the first slot */
	u32 avail;			/* slots published from cons on */
	u32 mask;
	struct netfront_rx_packet *pkt;
	const char *bad;		/* first confined error, or NULL */
};

/* Remember the first reason to refuse the packet; keep walking. */
static void rx_refuse(struct rx_walk *w, const char *why)
{
	if (!w->bad)
		w->bad = why;
}

/* Copy the packet's next slot into @s.  The backend may rewrite a slot
 * at any time, so each is loaded once, as one 8-byte word (ring slots
 * are 8 bytes and 8-byte aligned), and only the copy is looked at.
 * -EAGAIN if the slot is not published yet; -EIO if the packet would
 * take more slots than any packet may.
 */
static int rx_next(struct rx_walk *w, union rx_slot *s, const char **why)
{
	u32 n = w->pkt->nr_slots;

	BUILD_BUG_ON(sizeof(s->rsp) != sizeof(s->raw));
	BUILD_BUG_ON(sizeof(s->extra) != sizeof(s->raw));

	/* Checked first: a runaway packet is that even if unpublished. */
	if (n >= NETFRONT_MAX_PKT_SLOTS) {
		*why = "RX packet takes more slots than allowed";
		return -EIO;
	}
	if (n == w->avail)
		return -EAGAIN;
	s->raw = READ_ONCE(*(const u64 *)w->slot(w->ctx, w->cons + n));
	w->pkt->nr_slots = n + 1;
	return 0;
}

/* A data response (copied) found at ring index @idx. */
static int rx_data(struct rx_walk *w, const struct netif_rx_response *rsp,
		   u32 idx, const char **why)
{
	struct netfront_rx_packet *pkt = w->pkt;
	u32 size;

	if (rsp->id != (idx & w->mask)) {
		*why = "RX response id is not its slot's";
		return -EIO;
	}
	if (w->bad)
		return 0;	/* refused already: only its end is wanted */
	if (rsp->status < 0) {
		rx_refuse(w, "RX error status from the backend");
		return 0;
	}
	size = rsp->status;
	if (!size)
		return 0;
	if (rsp->offset + size > PAGE_SIZE) {
		rx_refuse(w, "RX data beyond the end of its page");
		return 0;
	}
	if (pkt->len + size > NETFRONT_RX_MAX_LEN) {
		rx_refuse(w, "RX packet too long");
		return 0;
	}
	/* One frag per slot at most, and nr_slots is bounded: it fits. */
	pkt->frags[pkt->nr_frags++] = (struct netfront_rx_frag) {
		.idx	= idx,
		.offset	= rsp->offset,
		.size	= size,
	};
	pkt->len += size;
	return 0;
}

/* An extra-info slot (copied). */
static void rx_extra(struct rx_walk *w, const struct netif_extra_info *ex)
{
	struct netfront_rx_packet *pkt = w->pkt;

	if (w->bad)
		return;
	switch (ex->type) {
	case XEN_NETIF_EXTRA_TYPE_GSO:
		if (pkt->gso.type != XEN_NETIF_GSO_TYPE_NONE)
			rx_refuse(w, "RX packet with two GSO extras");
		else if (ex->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4 &&
			 ex->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV6)
			rx_refuse(w, "RX GSO type unknown");
		else if (!ex->u.gso.size)
			rx_refuse(w, "RX GSO size 0");
		else
			pkt->gso = (struct netfront_gso) {
				.type = ex->u.gso.type,
				.size = ex->u.gso.size,
			};
		break;
	case XEN_NETIF_EXTRA_TYPE_MCAST_ADD:
	case XEN_NETIF_EXTRA_TYPE_MCAST_DEL:
		/* Filter changes are the frontend's to ask for: ignored. */
		break;
	case XEN_NETIF_EXTRA_TYPE_HASH:
		if (pkt->has_hash) {
			rx_refuse(w, "RX packet with two hash extras");
			break;
		}
		/* The type is the stack's business (rx.c): recorded as is. */
		pkt->has_hash = true;
		pkt->hash_type = ex->u.hash.type;
		pkt->hash = get_unaligned_le32(ex->u.hash.value);
		break;
	default:
		/* XEN_NETIF_EXTRA_TYPE_NONE and anything unknown. */
		rx_refuse(w, "RX extra-info type unknown");
		break;
	}
}

int netfront_rx_parse(netfront_rx_slot_fn slot, void *ctx, u32 cons,
		      u32 prod, u32 mask, struct netfront_rx_packet *pkt,
		      const char **why)
{
	struct rx_walk w = {
		.slot	= slot,
		.ctx	= ctx,
		.cons	= cons,
		.avail	= prod - cons,
		.mask	= mask,
		.pkt	= pkt,
	};
	bool more_extra, more_data;
	union rx_slot s;
	int err;

	memset(pkt, 0, sizeof(*pkt));

	err = rx_next(&w, &s, why);
	if (err)
		goto out;
	err = rx_data(&w, &s.rsp, cons, why);
	if (err)
		goto out;
	pkt->flags = s.rsp.flags;
	if (pkt->flags & NETRXF_gso_prefix)
		rx_refuse(&w, "RX GSO prefix slot, never asked for");
	more_extra = pkt->flags & NETRXF_extra_info;
	more_data = pkt->flags & NETRXF_more_data;

	while (more_extra) {
		err = rx_next(&w, &s, why);
		if (err)
			goto out;
		more_extra = s.extra.flags & XEN_NETIF_EXTRA_FLAG_MORE;
		rx_extra(&w, &s.extra);
	}

	while (more_data) {
		u32 idx = cons + pkt->nr_slots;

		err = rx_next(&w, &s, why);
		if (err)
			goto out;
		err = rx_data(&w, &s.rsp, idx, why);
		if (err)
			goto out;
		more_data = s.rsp.flags & NETRXF_more_data;
	}

	if (pkt->len < ETH_HLEN)
		rx_refuse(&w, "RX packet shorter than an Ethernet header");
	if (w.bad) {
		/* pkt->nr_slots: the slots to skip. */
		*why = w.bad;
		return -EIO;
	}
	return 0;

out:
	/* -EAGAIN: nothing to consume; -EIO: the ring is not trusted. */
	pkt->nr_slots = 0;
	return err;
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_rx_parse);
