// SPDX-License-Identifier: GPL-2.0
/* xen-netfront, transmit: an skb becomes ring slots, responses free the
 * slots again, and the netdev queue stops while a largest packet would
 * not fit (Documentation/xen/netif.rst, "Transmit").
 *
 * A packet is copied densely into the persistent pages of free TX ids:
 * the first id's page takes bytes [0, PAGE_SIZE), the next the following
 * page's worth, each page used from offset 0.  The skb is freed before
 * xmit returns, so completion only returns ids; BQL and the statistics
 * come from tx_pkt_len[], the length recorded under the packet's first
 * id.  The slots of one packet:
 *
 *   data    id A, size = whole packet length, NETTXF_* flags
 *  [extra   GSO info; a ring slot but no id, answered by NETIF_RSP_NULL]
 *  [data    id B, size = bytes in B's page, NETTXF_more_data if not last]
 *
 * Locking: q->tx_lock covers the request side of the ring, the id
 * stack, tx_busy, tx_pkt_len and tx_stopped (netfront.h), and the
 * response side: both netfront_start_xmit() and the completion take it.
 * A plain spin_lock() is enough because every taker already runs with
 * bottom halves disabled: the core calls ndo_start_xmit under
 * rcu_read_lock_bh() (netpoll with interrupts off), the completion runs
 * in the queue's NAPI poll (softirq, or netpoll's poll with interrupts
 * off), and no hard interrupt handler takes it (queue.c's handlers only
 * schedule NAPI).  So no CPU holding the lock is interrupted by another
 * taker.  Nothing is printed with the lock held: a netconsole on this
 * device would transmit from printk and take it again.
 */
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/highmem.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <xen/events.h>

#include "netfront.h"

/* Room for one more packet of the largest kind: ring slots and ids. */
static bool netfront_tx_room(const struct netfront_queue *q)
{
	return xen_front_ring_free(&q->tx) >= NETFRONT_MAX_PKT_SLOTS &&
	       q->tx_nr_free >= NETFRONT_MAX_PKT_SLOTS;
}

/* The XEN_NETIF_GSO_TYPE_* of a GSO skb, or -EOPNOTSUPP for one the
 * ring cannot carry.  Our features (NETIF_F_TSO, NETIF_F_TSO6) let the
 * stack hand us plain TCP segmentation only; DODGY just says that the
 * headers came from an untrusted source, and the backend checks them
 * anyway.  The backend fills in each segment's checksum, so the packet
 * must be CHECKSUM_PARTIAL.
 */
static int netfront_tx_gso_type(const struct sk_buff *skb)
{
	unsigned int type = skb_shinfo(skb)->gso_type & ~SKB_GSO_DODGY;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return -EOPNOTSUPP;
	if (type == SKB_GSO_TCPV4)
		return XEN_NETIF_GSO_TYPE_TCPV4;
	if (type == SKB_GSO_TCPV6)
		return XEN_NETIF_GSO_TYPE_TCPV6;
	return -EOPNOTSUPP;
}

/* ndo_features_check: a GSO packet the ring cannot carry (too long for
 * the first slot's 16-bit size, or of a kind we do not offer) is
 * segmented by the stack instead, so that xmit need not drop it.
 */
netdev_features_t netfront_features_check(struct sk_buff *skb,
					  struct net_device *dev,
					  netdev_features_t features)
{
	features = vlan_features_check(skb, features);
	if (skb_is_gso(skb) &&
	    (skb->len > NETFRONT_MAX_PKT_LEN || netfront_tx_gso_type(skb) < 0))
		features &= ~NETIF_F_GSO_MASK;
	return features;
}

void netfront_tx_init(struct netfront_queue *q)
{
	unsigned int i;

	/* Not transmitting yet (TX disabled), but keep the rule simple. */
	spin_lock_bh(&q->tx_lock);
	/* A stack of free ids; id 0 on top. */
	for (i = 0; i < NETFRONT_RING_SLOTS; i++)
		q->tx_free[i] = NETFRONT_RING_SLOTS - 1 - i;
	q->tx_nr_free = NETFRONT_RING_SLOTS;
	bitmap_zero(q->tx_busy, NETFRONT_RING_SLOTS);
	memset(q->tx_pkt_len, 0, NETFRONT_RING_SLOTS * sizeof(*q->tx_pkt_len));
	q->tx_stopped = false;
	spin_unlock_bh(&q->tx_lock);
	/* Packets of an earlier connection never complete: BQL starts over. */
	netdev_tx_reset_queue(netdev_get_tx_queue(q->info->netdev, q->index));
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_tx_init);

/* Write one slot of NETFRONT_TX_SLOT_SIZE bytes, built privately. */
static void netfront_tx_put_slot(struct netfront_queue *q, const void *slot)
{
	memcpy(xen_front_ring_next_req(&q->tx), slot, NETFRONT_TX_SLOT_SIZE);
}

static void netfront_tx_put_req(struct netfront_queue *q, u16 id, u16 flags,
				u16 size)
{
	struct netif_tx_request req = {
		.gref	= q->tx_bufs[id].gref,
		.offset	= 0,
		.flags	= flags,
		.id	= id,
		.size	= size,
	};

	netfront_tx_put_slot(q, &req);
}

static void netfront_tx_put_gso(struct netfront_queue *q, u8 type, u16 mss)
{
	union {
		struct netif_tx_request req;
		struct netif_extra_info extra;
	} slot;

	BUILD_BUG_ON(sizeof(slot) != NETFRONT_TX_SLOT_SIZE);
	/* The slot's last bytes and the pad/features fields are zero. */
	memset(&slot, 0, sizeof(slot));
	slot.extra.type = XEN_NETIF_EXTRA_TYPE_GSO;
	slot.extra.u.gso.size = mss;
	slot.extra.u.gso.type = type;
	netfront_tx_put_slot(q, &slot);
}

int netfront_tx_fill(struct netfront_queue *q, struct sk_buff *skb)
{
	unsigned int len = skb->len, nr, i, off, chunk;
	u16 ids[NETFRONT_MAX_PKT_SLOTS];
	int gso = XEN_NETIF_GSO_TYPE_NONE;
	u16 flags = 0;
	void *dst;
	int err;

	lockdep_assert_held(&q->tx_lock);
	if (len < ETH_HLEN || len > NETFRONT_MAX_PKT_LEN)
		return -EMSGSIZE;
	if (skb_is_gso(skb)) {
		gso = netfront_tx_gso_type(skb);
		if (gso < 0)
			return gso;
	}
	nr = netfront_tx_data_slots(len);
	BUILD_BUG_ON(DIV_ROUND_UP(NETFRONT_MAX_PKT_LEN, PAGE_SIZE) + 1 >
		     NETFRONT_MAX_PKT_SLOTS);
	if (nr + (gso ? 1 : 0) > xen_front_ring_free(&q->tx) ||
	    nr > q->tx_nr_free)
		return -ENOSPC;

	/* Copy into the pages of the ids on top of the stack before taking
	 * them, so a failure leaves everything as it was.  A free id's page
	 * is ours: the backend answered its last use.
	 */
	for (i = 0, off = 0; i < nr; i++, off += chunk) {
		chunk = min_t(unsigned int, len - off, PAGE_SIZE);
		ids[i] = q->tx_free[q->tx_nr_free - 1 - i];
		dst = kmap_local_page(q->tx_bufs[ids[i]].page);
		err = skb_copy_bits(skb, off, dst, chunk);
		kunmap_local(dst);
		if (err)
			return err;
	}
	q->tx_nr_free -= nr;
	for (i = 0; i < nr; i++) {
		__set_bit(ids[i], q->tx_busy);
		q->tx_pkt_len[ids[i]] = 0;
	}
	/* Counted for BQL and statistics when the first id completes. */
	q->tx_pkt_len[ids[0]] = len;

	if (skb->ip_summed == CHECKSUM_PARTIAL)
		flags |= NETTXF_csum_blank | NETTXF_data_validated;
	if (gso)
		flags |= NETTXF_extra_info;
	if (nr > 1)
		flags |= NETTXF_more_data;
	/* The first slot's size is the whole packet (netif.rst). */
	netfront_tx_put_req(q, ids[0], flags, len);
	if (gso)
		netfront_tx_put_gso(q, gso, skb_shinfo(skb)->gso_size);
	for (i = 1; i < nr; i++) {
		chunk = i < nr - 1 ? PAGE_SIZE : len - i * PAGE_SIZE;
		netfront_tx_put_req(q, ids[i], i < nr - 1 ? NETTXF_more_data : 0,
				    chunk);
	}
	return nr + (gso ? 1 : 0);
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_tx_fill);

/* Why netfront_tx_fill() refused a packet. */
static const char *netfront_tx_drop_why(int err)
{
	switch (err) {
	case -EMSGSIZE:
		return "shorter than an Ethernet header or longer than the ring allows";
	case -EOPNOTSUPP:
		/* netfront_features_check() keeps these away. */
		return "a GSO kind the ring cannot carry";
	case -ENOSPC:
		return "no room on the ring although the queue was awake";
	default:
		return "copying it failed";
	}
}

/* A packet we do not send; tx_lock held (the counters' writer lock). */
static void netfront_tx_count_drop(struct netfront_queue *q)
{
	u64_stats_update_begin(&q->tx_stats.syncp);
	q->tx_stats.dropped++;
	u64_stats_update_end(&q->tx_stats.syncp);
}

netdev_tx_t netfront_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netfront_info *info = netdev_priv(dev);
	unsigned int qi = skb_get_queue_mapping(skb);
	unsigned int len = skb->len;
	bool more = netdev_xmit_more();
	struct netdev_queue *txq;
	struct netfront_queue *q;
	evtchn_port_t port = 0;
	bool kick = false;
	bool notify = false;
	int slots;

	/* The core keeps the mapping below real_num_tx_queues, which main.c
	 * sets to nr_queues with transmission disabled; check anyway.
	 */
	if (unlikely(!info->queues || qi >= info->nr_queues)) {
		dev_core_stats_tx_dropped_inc(dev);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	q = &info->queues[qi];
	txq = netdev_get_tx_queue(dev, qi);

	spin_lock(&q->tx_lock);
	/* Not connected yet or any more, or broken: do not touch the ring. */
	if (unlikely(!netfront_queue_usable(q))) {
		netfront_tx_count_drop(q);
		spin_unlock(&q->tx_lock);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}

	slots = netfront_tx_fill(q, skb);
	if (unlikely(slots < 0)) {
		netfront_tx_count_drop(q);
		/* Publish what earlier packets of this batch left. */
		kick = !more || netif_xmit_stopped(txq);
	} else {
		if (unlikely(!netfront_tx_room(q))) {
			/* The completion frees room and wakes the queue
			 * under tx_lock, which we hold from the room check
			 * to here: it cannot free room between the two and
			 * miss the stop, so nothing needs checking again.
			 */
			netif_tx_stop_queue(txq);
			q->tx_stopped = true;
			u64_stats_update_begin(&q->tx_stats.syncp);
			q->tx_stats.stopped++;
			u64_stats_update_end(&q->tx_stats.syncp);
		}
		/* True unless more packets follow for an awake queue. */
		kick = __netdev_tx_sent_queue(txq, len, more);
	}
	if (kick && q->tx.req_pushed != q->tx.req_prod_pvt &&
	    xen_front_ring_push(&q->tx)) {
		/* The backend asked for an event; sent unlocked. */
		notify = true;
		port = q->tx_evtchn;
	}
	spin_unlock(&q->tx_lock);

	if (notify)
		xen_evtchn_notify(port);
	if (unlikely(slots < 0)) {
		if (net_ratelimit())
			netdev_warn(dev, "TX packet of %u bytes dropped: %s\n",
				    len, netfront_tx_drop_why(slots));
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	skb_tx_timestamp(skb);
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_start_xmit);

int netfront_tx_reap(struct netfront_queue *q, unsigned int *pkts,
		     unsigned int *bytes, const char **why)
{
	const struct netif_tx_response *slot;
	struct netif_tx_response rsp;
	u64 ok_pkts = 0, ok_bytes = 0, errors = 0;
	u32 prod, len;
	int ret = 0;
	u16 id;

	lockdep_assert_held(&q->tx_lock);
	*pkts = 0;
	*bytes = 0;
	if (xen_front_ring_responses(&q->tx, &prod)) {
		*why = "TX response index ahead of the requests";
		return -EIO;
	}
	while (q->tx.rsp_cons != prod) {
		/* Read the slot once; the backend may still be writing it. */
		slot = xen_front_ring_slot(&q->tx, q->tx.rsp_cons);
		rsp.id = READ_ONCE(slot->id);
		rsp.status = READ_ONCE(slot->status);

		ret = netfront_tx_check_response(&rsp, q->tx_busy, &id, why);
		if (ret < 0)
			break;
		if (ret > 0) {
			/* NULL answers an extra-info slot.  Slots in flight
			 * are busy ids plus extra-info slots, so one is
			 * outstanding only if slots exceed busy ids.
			 */
			if (xen_front_ring_in_flight(&q->tx) <=
			    NETFRONT_RING_SLOTS - q->tx_nr_free) {
				*why = "TX NULL response with no extra-info slot in flight";
				ret = -EIO;
				break;
			}
		} else {
			__clear_bit(id, q->tx_busy);
			q->tx_free[q->tx_nr_free++] = id;
			if (rsp.status != NETIF_RSP_OKAY)
				errors++;
			len = q->tx_pkt_len[id];
			if (len) {
				/* The packet's first id: it is done with. */
				q->tx_pkt_len[id] = 0;
				(*pkts)++;
				*bytes += len;
				if (rsp.status == NETIF_RSP_OKAY) {
					ok_pkts++;
					ok_bytes += len;
				}
			}
		}
		q->tx.rsp_cons++;
	}
	if (ok_pkts || errors) {
		u64_stats_update_begin(&q->tx_stats.syncp);
		q->tx_stats.packets += ok_pkts;
		q->tx_stats.bytes += ok_bytes;
		q->tx_stats.errors += errors;
		u64_stats_update_end(&q->tx_stats.syncp);
	}
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_tx_reap);

void netfront_tx_complete(struct netfront_queue *q)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->info->netdev, q->index);
	unsigned int pkts = 0, bytes = 0;
	const char *why = NULL;
	int err = 0;

	spin_lock(&q->tx_lock);
	/* Broken: stop touching the ring.  Not connected: nothing to do. */
	if (netfront_queue_usable(q)) {
		err = netfront_tx_reap(q, &pkts, &bytes, &why);
		/* Every packet counted here was counted as sent before. */
		netdev_tx_completed_queue(txq, pkts, bytes);
		/* Wake only what we stopped, not a queue main.c disabled. */
		if (!err && q->tx_stopped && netfront_tx_room(q)) {
			q->tx_stopped = false;
			netif_tx_wake_queue(txq);
		}
	}
	spin_unlock(&q->tx_lock);

	if (err)
		netfront_mark_broken(q, why);
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_tx_complete);
