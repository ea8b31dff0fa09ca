// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront, receive side: requests, responses -> skbs, and the NAPI
 * poll of a queue (Documentation/xen/netif.rst, "Receive").
 *
 * Every RX id owns one page granted (writable) to the backend for as
 * long as the queue is connected, and ids are ring indices: the request
 * at free-running index i carries id i & (NETFRONT_RING_SLOTS - 1).
 * All NETFRONT_RING_SLOTS requests stay posted: each slot consumed
 * (data or extra info, good or bad) is posted again at once with the
 * same id, hence the same page, so refilling needs no memory and the
 * ring never runs dry.  A packet's data is copied out of the pages into
 * a new skb before its slots are posted again; memory shortage costs
 * that packet, never the ring.
 *
 * Context: the queue's NAPI poll alone, so nothing here locks for the
 * RX ring or rx_stats (queue.c sets up and tears down with NAPI
 * disabled).  TX completions run from the same poll (tx.c).
 */
#include <linux/build_bug.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/u64_stats_sync.h>
#include <xen/events.h>
#include <xen/ring.h>

#include "netfront.h"

#define NETFRONT_RX_MASK	(NETFRONT_RING_SLOTS - 1)

/* Frames up to this size (a full-sized frame of the default MTU with a
 * VLAN tag, with room to spare) are copied whole into the skb's linear
 * area.  Larger ones get NETFRONT_RX_HEAD_LEN bytes there, enough for
 * the usual headers (the stack pulls more if it needs to), and the rest
 * in whole pages.
 */
#define NETFRONT_RX_COPYBREAK	2048
#define NETFRONT_RX_HEAD_LEN	256

static_assert(NETFRONT_RX_POSTED == NETFRONT_RING_SLOTS);
/* The largest packet the parser accepts fits the frags of one skb. */
static_assert(DIV_ROUND_UP(NETFRONT_RX_MAX_LEN - NETFRONT_RX_HEAD_LEN,
			   PAGE_SIZE) <= MAX_SKB_FRAGS);
static_assert(NETFRONT_RX_COPYBREAK >= NETFRONT_RX_HEAD_LEN);
static_assert(NETFRONT_RX_HEAD_LEN >= ETH_HLEN);

/* netfront_rx_slot_fn for the parser: @ctx is the queue's RX ring. */
static const void *netfront_rx_slot(void *ctx, u32 idx)
{
	return xen_front_ring_slot(ctx, idx);
}

/* Fill the next request slot: its index's id and that id's page.  Seen
 * by the backend at the next push.  The slot is the one whose response
 * was consumed NETFRONT_RING_SLOTS indices earlier, parsed from our own
 * copy already.
 */
static void netfront_rx_post(struct netfront_queue *q)
{
	u16 id = q->rx.req_prod_pvt & NETFRONT_RX_MASK;
	struct netif_rx_request *req = xen_front_ring_next_req(&q->rx);

	req->id = id;
	req->pad = 0;
	req->gref = q->rx_bufs[id].gref;
}

void netfront_rx_init(struct netfront_queue *q)
{
	/* A fresh ring (all indices 0) of NETFRONT_RX_POSTED slots
	 * (queue.c checks its size): ids 0 .. NETFRONT_RX_POSTED - 1.
	 */
	while (xen_front_ring_free(&q->rx))
		netfront_rx_post(q);
	if (xen_front_ring_push(&q->rx))
		xen_evtchn_notify(q->rx_evtchn);
}

/* ---- building the skb ---- */

/* Where the copy out of the RX pages stands. */
struct rx_copy_pos {
	const struct netfront_queue *q;
	const struct netfront_rx_packet *pkt;
	u32 frag;			/* index in pkt->frags */
	u32 done;			/* bytes of that frag copied */
};

/* Copy the packet's next @len bytes to @to.  The caller copies exactly
 * pkt->len bytes in all, the sum of the checked frag sizes, so this
 * never goes past the last frag nor, by the parser's checks, past the
 * end of a page.
 */
static void rx_copy(struct rx_copy_pos *pos, u8 *to, unsigned int len)
{
	while (len) {
		const struct netfront_rx_frag *f = &pos->pkt->frags[pos->frag];
		struct page *page = pos->q->rx_bufs[f->idx & NETFRONT_RX_MASK].page;
		unsigned int n = min_t(unsigned int, len, f->size - pos->done);

		memcpy(to, page_address(page) + f->offset + pos->done, n);
		to += n;
		len -= n;
		pos->done += n;
		if (pos->done == f->size) {
			pos->frag++;
			pos->done = 0;
		}
	}
}

/* A new skb holding a copy of @pkt's data, or NULL without memory. */
static struct sk_buff *netfront_rx_build(struct netfront_queue *q,
					 const struct netfront_rx_packet *pkt)
{
	struct rx_copy_pos pos = { .q = q, .pkt = pkt };
	unsigned int len = pkt->len;
	unsigned int head, off, n;
	struct sk_buff *skb;
	struct page *page;
	int i;

	head = len <= NETFRONT_RX_COPYBREAK ? len : NETFRONT_RX_HEAD_LEN;
	skb = napi_alloc_skb(&q->napi, head);
	if (!skb)
		return NULL;
	rx_copy(&pos, skb_put(skb, head), head);

	for (off = head, i = 0; off < len; off += n, i++) {
		n = min_t(unsigned int, len - off, PAGE_SIZE);
		page = dev_alloc_page();
		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		rx_copy(&pos, page_address(page), n);
		skb_add_rx_frag(skb, i, page, 0, n, PAGE_SIZE);
	}
	return skb;
}

/* Checksum state from the first response's flags.  NETRXF_csum_blank:
 * the L4 checksum field holds only the pseudo-header sum, so the packet
 * must go up as CHECKSUM_PARTIAL, whatever NETIF_F_RXCSUM says;
 * skb_checksum_setup() finds the checksum field (and refuses what is
 * not TCP or UDP over IP).  A GSO packet is set up the same way: the
 * stack resegments only CHECKSUM_PARTIAL skbs.  NETRXF_data_validated
 * is believed only when NETIF_F_RXCSUM is on.
 */
static int netfront_rx_csum(struct sk_buff *skb,
			    const struct netfront_rx_packet *pkt)
{
	if ((pkt->flags & NETRXF_csum_blank) ||
	    pkt->gso.type != XEN_NETIF_GSO_TYPE_NONE)
		return skb_checksum_setup(skb, true);
	if ((pkt->flags & NETRXF_data_validated) &&
	    (skb->dev->features & NETIF_F_RXCSUM))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	return 0;
}

/* GSO description, after the checksum setup (so the skb is TCP or UDP
 * over IPv4 or IPv6 with its headers in the linear area).  The type
 * must match what the packet is; SKB_GSO_DODGY makes the stack check
 * the rest and recount the segments.
 */
static int netfront_rx_gso(struct sk_buff *skb, const struct netfront_gso *gso)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int type;

	if (skb->csum_offset != offsetof(struct tcphdr, check))
		return -EPROTO;		/* UDP: not TCP segmentation */
	if (gso->type == XEN_NETIF_GSO_TYPE_TCPV4 &&
	    skb->protocol == htons(ETH_P_IP))
		type = SKB_GSO_TCPV4;
	else if (gso->type == XEN_NETIF_GSO_TYPE_TCPV6 &&
		 skb->protocol == htons(ETH_P_IPV6))
		type = SKB_GSO_TCPV6;
	else
		return -EPROTO;
	shinfo->gso_size = gso->size;
	shinfo->gso_type = type | SKB_GSO_DODGY;
	shinfo->gso_segs = 0;
	return 0;
}

/* The backend's receive hash, when the stack wants device hashes. */
static void netfront_rx_hash(struct sk_buff *skb,
			     const struct netfront_rx_packet *pkt)
{
	if (!(skb->dev->features & NETIF_F_RXHASH))
		return;
	switch (pkt->hash_type) {
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP:
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP:
		skb_set_hash(skb, pkt->hash, PKT_HASH_TYPE_L4);
		break;
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV4:
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV6:
		skb_set_hash(skb, pkt->hash, PKT_HASH_TYPE_L3);
		break;
	default:
		/* A kind we do not know: the stack hashes for itself. */
		break;
	}
}

static void netfront_rx_count_error(struct netfront_queue *q, bool no_memory)
{
	u64_stats_update_begin(&q->rx_stats.syncp);
	if (no_memory)
		q->rx_stats.dropped++;
	else
		q->rx_stats.errors++;
	u64_stats_update_end(&q->rx_stats.syncp);
}

/* Hand a parsed, checked packet to the stack; its slots stay ours. */
static void netfront_rx_deliver(struct netfront_queue *q,
				const struct netfront_rx_packet *pkt)
{
	struct net_device *dev = q->info->netdev;
	bool gso = pkt->gso.type != XEN_NETIF_GSO_TYPE_NONE;
	struct sk_buff *skb;

	skb = netfront_rx_build(q, pkt);
	if (!skb) {
		netfront_rx_count_error(q, true);
		return;
	}
	skb->protocol = eth_type_trans(skb, dev);
	/* skb_checksum_setup() finds the IP header here. */
	skb_reset_network_header(skb);

	if (netfront_rx_csum(skb, pkt) || (gso && netfront_rx_gso(skb, &pkt->gso))) {
		if (net_ratelimit())
			netdev_warn(dev, "queue %u: RX offload flags do not fit the packet, dropped\n",
				    q->index);
		kfree_skb(skb);
		netfront_rx_count_error(q, false);
		return;
	}
	if (pkt->has_hash)
		netfront_rx_hash(skb, pkt);
	skb_record_rx_queue(skb, q->index);

	u64_stats_update_begin(&q->rx_stats.syncp);
	q->rx_stats.packets++;
	q->rx_stats.bytes += pkt->len;
	if (pkt->flags & NETRXF_csum_blank)
		q->rx_stats.csum_fixed++;
	if (gso)
		q->rx_stats.gso++;
	u64_stats_update_end(&q->rx_stats.syncp);

	napi_gro_receive(&q->napi, skb);
}

/* ---- the ring ---- */

/* Consume up to @budget packets.  If it stops at a packet whose last
 * slot is not published yet, *@partial is set with the response
 * producer it saw in *@seen: an event for responses up to there would
 * not help (netfront_rx_final_check()).
 */
static int netfront_rx_consume(struct netfront_queue *q, int budget,
			       bool *partial, u32 *seen)
{
	struct net_device *dev = q->info->netdev;
	struct netfront_rx_packet pkt;
	bool posted = false;
	const char *why;
	int done = 0;
	u32 prod, i;
	int err;

	*partial = false;
	if (budget <= 0 || !netfront_queue_usable(q))
		return 0;
	if (xen_front_ring_responses(&q->rx, &prod)) {
		netfront_mark_broken(q, "RX responses beyond our requests");
		return 0;
	}

	while (done < budget && q->rx.rsp_cons != prod) {
		err = netfront_rx_parse(netfront_rx_slot, &q->rx, q->rx.rsp_cons,
					prod, NETFRONT_RX_MASK, &pkt, &why);
		if (err == -EAGAIN) {
			/* Stays where it is until its end is published. */
			*partial = true;
			*seen = prod;
			break;
		}
		if (err && !pkt.nr_slots) {
			/* Which slot is what is lost: touch the ring no more. */
			netfront_mark_broken(q, why);
			return done;
		}
		if (err) {
			if (net_ratelimit())
				netdev_warn(dev, "queue %u: RX packet dropped: %s\n",
					    q->index, why);
			netfront_rx_count_error(q, false);
		} else {
			netfront_rx_deliver(q, &pkt);
		}

		/* The packet's data is copied (or dropped): offer its pages
		 * again.  req_prod_pvt stays rsp_cons + NETFRONT_RING_SLOTS,
		 * so the ids posted are exactly those consumed.
		 */
		for (i = 0; i < pkt.nr_slots; i++)
			netfront_rx_post(q);
		q->rx.rsp_cons += pkt.nr_slots;
		posted = true;
		done++;
	}

	if (posted && xen_front_ring_push(&q->rx))
		xen_evtchn_notify(q->rx_evtchn);
	return done;
}

int netfront_rx_poll(struct netfront_queue *q, int budget)
{
	bool partial;
	u32 seen;

	return netfront_rx_consume(q, budget, &partial, &seen);
}

/* Re-arm the RX event after the poll completed: true if there is work
 * already.  Normally an event for the response after the last consumed.
 * When the poll left a packet whose end is not published, that would
 * fire at once and forever: ask instead for an event once the backend
 * publishes beyond what we saw, @seen.
 */
static bool netfront_rx_final_check(struct netfront_queue *q, bool partial,
				    u32 seen)
{
	if (!partial)
		return xen_front_ring_final_check(&q->rx);
	return xen_front_ring_final_check_at(&q->rx, seen);
}

int netfront_poll(struct napi_struct *napi, int budget)
{
	struct netfront_queue *q = container_of(napi, struct netfront_queue, napi);
	bool partial = false, more;
	u32 seen = 0;
	int done = 0;

	if (netfront_queue_usable(q)) {
		netfront_tx_complete(q);
		done = netfront_rx_consume(q, budget, &partial, &seen);
	}
	/* Budget used up (or 0, netpoll): stay scheduled, no re-arming. */
	if (done >= budget)
		return budget;
	if (!napi_complete_done(napi, done) || !netfront_queue_usable(q))
		return done;

	/* tx_lock: TX ring indices are shared with xmit (netfront.h). */
	spin_lock(&q->tx_lock);
	more = xen_front_ring_final_check(&q->tx);
	spin_unlock(&q->tx_lock);
	/* Both checks run: each re-arms its own event. */
	if (netfront_rx_final_check(q, partial, seen))
		more = true;
	if (more)
		napi_schedule(napi);
	return done;
}
