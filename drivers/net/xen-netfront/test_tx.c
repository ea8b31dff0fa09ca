// SPDX-License-Identifier: GPL-2.0
/* KUnit suite xen_netfront_tx: the transmit side with malformed input.
 *
 * The pure checks (TX responses with unknown, idle, out-of-range ids,
 * bad statuses; slot arithmetic) need nothing.  The rest runs the real
 * transmit path on a queue built in memory: private pages as the
 * persistent buffers (fake grant references), a zeroed page as the
 * shared ring, a netdev that is never registered.  The data path makes
 * no grant operation, and the ring's req_event is kept far away so the
 * backend never "asks" for an event: no hypercall is made.  Responses
 * are written into the ring by the test, playing a backend that is
 * sometimes hostile.  Needs no Xen to run.
 *
 * This file also carries the module's MODULE_* lines for the whole
 * netfront_test module (test_rx.c and test_negotiate.c have none).
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/sch_generic.h>

#include "netfront.h"

MODULE_IMPORT_NS(XEN_NETFRONT_KUNIT);

/* ---- netfront_tx_check_response() ---- */

static int chk(const unsigned long *busy, u16 rid, s16 status, u16 *id)
{
	struct netif_tx_response rsp = { .id = rid, .status = status };
	const char *why = NULL;
	int ret = netfront_tx_check_response(&rsp, busy, id, &why);

	/* Every refusal explains itself. */
	if (ret < 0 && !why)
		return -EINVAL;
	return ret;
}

static void rsp_good(struct kunit *test)
{
	DECLARE_BITMAP(busy, NETFRONT_RING_SLOTS);
	u16 id;

	bitmap_zero(busy, NETFRONT_RING_SLOTS);
	__set_bit(0, busy);
	__set_bit(7, busy);
	__set_bit(NETFRONT_RING_SLOTS - 1, busy);

	KUNIT_EXPECT_EQ(test, chk(busy, 0, NETIF_RSP_OKAY, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0);
	KUNIT_EXPECT_EQ(test, chk(busy, 7, NETIF_RSP_ERROR, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 7);
	KUNIT_EXPECT_EQ(test, chk(busy, 255, NETIF_RSP_DROPPED, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 255);
	/* Checking does not consume: the caller clears the bit. */
	KUNIT_EXPECT_TRUE(test, test_bit(7, busy));
}

static void rsp_null(struct kunit *test)
{
	DECLARE_BITMAP(busy, NETFRONT_RING_SLOTS);
	u16 id = 3;

	bitmap_zero(busy, NETFRONT_RING_SLOTS);
	__set_bit(3, busy);
	/* The id of a NULL response overlays extra info: any value. */
	KUNIT_EXPECT_EQ(test, chk(busy, 0xffff, NETIF_RSP_NULL, &id), 1);
	KUNIT_EXPECT_EQ(test, id, NETFRONT_NO_ID);
	KUNIT_EXPECT_EQ(test, chk(busy, 3, NETIF_RSP_NULL, &id), 1);
	KUNIT_EXPECT_EQ(test, id, NETFRONT_NO_ID);
	KUNIT_EXPECT_EQ(test, chk(busy, 4, NETIF_RSP_NULL, &id), 1);
	/* ...and it completes nothing. */
	KUNIT_EXPECT_TRUE(test, test_bit(3, busy));
}

static void rsp_bad_id(struct kunit *test)
{
	DECLARE_BITMAP(busy, NETFRONT_RING_SLOTS);
	u16 id;

	/* All busy: only the range check can refuse. */
	bitmap_fill(busy, NETFRONT_RING_SLOTS);
	KUNIT_EXPECT_EQ(test, chk(busy, NETFRONT_RING_SLOTS, NETIF_RSP_OKAY, &id), -EIO);
	KUNIT_EXPECT_EQ(test, id, NETFRONT_NO_ID);
	KUNIT_EXPECT_EQ(test, chk(busy, 1000, NETIF_RSP_ERROR, &id), -EIO);
	KUNIT_EXPECT_EQ(test, chk(busy, 0x8000, NETIF_RSP_OKAY, &id), -EIO);
	KUNIT_EXPECT_EQ(test, chk(busy, NETFRONT_NO_ID, NETIF_RSP_OKAY, &id), -EIO);
	KUNIT_EXPECT_EQ(test, chk(busy, 0xffff, NETIF_RSP_DROPPED, &id), -EIO);
}

static void rsp_idle_id(struct kunit *test)
{
	DECLARE_BITMAP(busy, NETFRONT_RING_SLOTS);
	u16 id;

	bitmap_zero(busy, NETFRONT_RING_SLOTS);
	__set_bit(5, busy);
	/* Never sent, or answered already (a duplicate). */
	KUNIT_EXPECT_EQ(test, chk(busy, 4, NETIF_RSP_OKAY, &id), -EIO);
	KUNIT_EXPECT_EQ(test, chk(busy, 6, NETIF_RSP_ERROR, &id), -EIO);
	KUNIT_EXPECT_EQ(test, chk(busy, 0, NETIF_RSP_OKAY, &id), -EIO);
	KUNIT_EXPECT_EQ(test, chk(busy, 255, NETIF_RSP_OKAY, &id), -EIO);
	__clear_bit(5, busy);
	KUNIT_EXPECT_EQ(test, chk(busy, 5, NETIF_RSP_OKAY, &id), -EIO);
	KUNIT_EXPECT_EQ(test, id, NETFRONT_NO_ID);
}

static void rsp_bad_status(struct kunit *test)
{
	static const s16 bad[] = { 2, 3, 100, S16_MAX, -3, -100, S16_MIN };
	DECLARE_BITMAP(busy, NETFRONT_RING_SLOTS);
	unsigned int i;
	u16 id;

	bitmap_fill(busy, NETFRONT_RING_SLOTS);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, chk(busy, 1, bad[i], &id), -EIO,
				    "status %d", bad[i]);
		KUNIT_EXPECT_EQ(test, id, NETFRONT_NO_ID);
	}
}

static void rsp_missing(struct kunit *test)
{
	DECLARE_BITMAP(busy, NETFRONT_RING_SLOTS);
	const char *why = NULL;
	u16 id = 0;

	bitmap_fill(busy, NETFRONT_RING_SLOTS);
	KUNIT_EXPECT_EQ(test, netfront_tx_check_response(NULL, busy, &id, &why), -EIO);
	KUNIT_EXPECT_NOT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, id, NETFRONT_NO_ID);
}

/* ---- netfront_tx_data_slots() ---- */

static void data_slots(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(0), 0U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(1), 1U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(ETH_HLEN), 1U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(PAGE_SIZE - 1), 1U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(PAGE_SIZE), 1U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(PAGE_SIZE + 1), 2U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(2 * PAGE_SIZE), 2U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(9000), 3U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(65535), 16U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(65536), 16U);
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(65537), 17U);
	/* No wrap-around near the top. */
	KUNIT_EXPECT_EQ(test, netfront_tx_data_slots(UINT_MAX),
			(unsigned int)(UINT_MAX / PAGE_SIZE + 1));
	/* A largest packet plus its GSO slot fits what backends accept. */
	KUNIT_EXPECT_LE(test, netfront_tx_data_slots(NETFRONT_MAX_PKT_LEN) + 1,
			(unsigned int)NETFRONT_MAX_PKT_SLOTS);
}

/* ---- a queue in memory ---- */

struct fake {
	struct net_device *dev;
	struct netfront_info *info;
	struct netfront_queue *q;
	struct netdev_queue *txq;
};

#define FAKE_GREF(id)	(0x4000 + (id))

static void fake_broken_work(struct work_struct *work)
{
}

static void fake_free(struct fake *f)
{
	struct netfront_queue *q = f->q;
	unsigned int i;

	if (f->info)
		cancel_work_sync(&f->info->broken_work);
	if (q) {
		if (q->tx_bufs)
			for (i = 0; i < NETFRONT_RING_SLOTS; i++)
				if (q->tx_bufs[i].page)
					__free_page(q->tx_bufs[i].page);
		kfree(q->tx_bufs);
		kfree(q->tx_free);
		bitmap_free(q->tx_busy);
		kfree(q->tx_pkt_len);
		free_page((unsigned long)q->tx_sring);
		kfree(q);
	}
	if (f->txq)
		RCU_INIT_POINTER(f->txq->qdisc, NULL);
	if (f->dev)
		free_netdev(f->dev);
}

static int fake_init(struct kunit *test)
{
	struct netfront_queue *q;
	struct fake *f;
	unsigned int i;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	test->priv = f;

	f->dev = alloc_etherdev_mq(sizeof(struct netfront_info), 1);
	if (!f->dev)
		return -ENOMEM;
	f->info = netdev_priv(f->dev);
	f->info->netdev = f->dev;
	INIT_WORK(&f->info->broken_work, fake_broken_work);
	f->txq = netdev_get_tx_queue(f->dev, 0);
	/* As dev_init_scheduler() would: a wake-up schedules the noop qdisc. */
	rcu_assign_pointer(f->txq->qdisc, &noop_qdisc);

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		goto nomem;
	f->q = q;
	q->info = f->info;
	spin_lock_init(&q->tx_lock);
	u64_stats_init(&q->tx_stats.syncp);
	q->tx_bufs = kcalloc(NETFRONT_RING_SLOTS, sizeof(*q->tx_bufs), GFP_KERNEL);
	q->tx_free = kcalloc(NETFRONT_RING_SLOTS, sizeof(*q->tx_free), GFP_KERNEL);
	q->tx_busy = bitmap_zalloc(NETFRONT_RING_SLOTS, GFP_KERNEL);
	q->tx_pkt_len = kcalloc(NETFRONT_RING_SLOTS, sizeof(*q->tx_pkt_len), GFP_KERNEL);
	q->tx_sring = (void *)get_zeroed_page(GFP_KERNEL);
	if (!q->tx_bufs || !q->tx_free || !q->tx_busy || !q->tx_pkt_len ||
	    !q->tx_sring)
		goto nomem;
	for (i = 0; i < NETFRONT_RING_SLOTS; i++) {
		q->tx_bufs[i].page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!q->tx_bufs[i].page)
			goto nomem;
		q->tx_bufs[i].gref = FAKE_GREF(i);
	}
	if (!xen_front_ring_init(&q->tx, q->tx_sring, PAGE_SIZE,
				 NETFRONT_TX_SLOT_SIZE) ||
	    q->tx.nr_ents != NETFRONT_RING_SLOTS)
		goto nomem;
	/* Never in the range a push publishes: no event, no hypercall. */
	q->tx.sring->req_event = 0x80000000;

	f->info->queues = q;
	f->info->nr_queues = 1;
	f->info->conn = NETFRONT_CONNECTED;
	netfront_tx_init(q);
	return 0;

nomem:
	fake_free(f);
	test->priv = NULL;
	return -ENOMEM;
}

static void fake_exit(struct kunit *test)
{
	if (test->priv)
		fake_free(test->priv);
}

/* Byte @off of every test packet. */
static u8 pattern(unsigned int off)
{
	return (u8)(off * 31 + (off >> 8) + 1);
}

/* An skb of @head linear bytes and @nr page fragments of @frags[i]
 * bytes each (placed at the end of their page), filled with pattern().
 */
static struct sk_buff *make_skb(struct kunit *test, unsigned int head,
				const unsigned int *frags, unsigned int nr)
{
	struct sk_buff *skb = alloc_skb(head, GFP_KERNEL);
	unsigned int i, j, off = 0;
	struct page *page;
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	p = skb_put(skb, head);
	for (j = 0; j < head; j++)
		p[j] = pattern(off++);
	for (i = 0; i < nr; i++) {
		KUNIT_ASSERT_LE(test, frags[i], (unsigned int)PAGE_SIZE);
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			kfree_skb(skb);
			KUNIT_ASSERT_NOT_NULL(test, page);
		}
		p = page_address(page) + PAGE_SIZE - frags[i];
		for (j = 0; j < frags[i]; j++)
			p[j] = pattern(off++);
		skb_fill_page_desc(skb, i, page, PAGE_SIZE - frags[i], frags[i]);
		skb->len += frags[i];
		skb->data_len += frags[i];
		skb->truesize += PAGE_SIZE;
	}
	return skb;
}

static const struct netif_tx_request *req_at(struct fake *f, u32 idx)
{
	return xen_front_ring_slot(&f->q->tx, idx);
}

static int fill(struct fake *f, struct sk_buff *skb)
{
	int ret;

	spin_lock_bh(&f->q->tx_lock);
	ret = netfront_tx_fill(f->q, skb);
	spin_unlock_bh(&f->q->tx_lock);
	return ret;
}

/* The data of a packet of @len bytes sits densely in these ids' pages. */
static void expect_data(struct kunit *test, struct fake *f, const u16 *ids,
			unsigned int nr, unsigned int len)
{
	unsigned int i, j, off = 0, bad = 0;
	const u8 *p;

	for (i = 0; i < nr; i++) {
		p = page_address(f->q->tx_bufs[ids[i]].page);
		for (j = 0; j < PAGE_SIZE && off < len; j++, off++)
			bad += p[j] != pattern(off);
	}
	KUNIT_EXPECT_EQ(test, off, len);
	KUNIT_EXPECT_EQ(test, bad, 0U);
}

/* Check the data slots of a packet from ring index @idx on: sizes,
 * flags, grant references, busy ids and the recorded length.  @extra:
 * an extra-info slot follows the first.  Fills @ids.
 */
static void expect_packet(struct kunit *test, struct fake *f, u32 idx,
			  unsigned int len, u16 first_flags, bool extra,
			  u16 *ids, unsigned int nr)
{
	const struct netif_tx_request *req;
	unsigned int i, size;
	u16 flags;

	for (i = 0; i < nr; i++) {
		req = req_at(f, idx);
		idx += (i == 0 && extra) ? 2 : 1;
		size = i == 0 ? len : min_t(unsigned int, PAGE_SIZE,
					    len - i * PAGE_SIZE);
		flags = i == 0 ? first_flags : 0;
		if (i < nr - 1)
			flags |= NETTXF_more_data;
		if (i == 0 && extra)
			flags |= NETTXF_extra_info;
		KUNIT_EXPECT_EQ_MSG(test, req->size, size, "slot %u", i);
		KUNIT_EXPECT_EQ_MSG(test, req->flags, flags, "slot %u", i);
		KUNIT_EXPECT_EQ_MSG(test, req->offset, 0, "slot %u", i);
		KUNIT_ASSERT_LT(test, req->id, NETFRONT_RING_SLOTS);
		KUNIT_EXPECT_EQ(test, req->gref, FAKE_GREF(req->id));
		KUNIT_EXPECT_TRUE(test, test_bit(req->id, f->q->tx_busy));
		KUNIT_EXPECT_EQ(test, f->q->tx_pkt_len[req->id], i ? 0 : len);
		ids[i] = req->id;
	}
	expect_data(test, f, ids, nr, len);
}

/* ---- netfront_tx_fill(): the slot layout ---- */

static void fill_linear(struct kunit *test)
{
	struct fake *f = test->priv;
	struct sk_buff *skb = make_skb(test, 100, NULL, 0);
	u16 ids[1];

	KUNIT_EXPECT_EQ(test, fill(f, skb), 1);
	KUNIT_EXPECT_EQ(test, f->q->tx.req_prod_pvt, 1U);
	KUNIT_EXPECT_EQ(test, f->q->tx_nr_free, NETFRONT_RING_SLOTS - 1);
	expect_packet(test, f, 0, 100, 0, false, ids, 1);
	/* Filled, not published. */
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, 0U);
	kfree_skb(skb);
}

static void fill_linear_pages(struct kunit *test)
{
	struct fake *f = test->priv;
	struct sk_buff *skb = make_skb(test, 9000, NULL, 0);
	u16 ids[3];

	KUNIT_EXPECT_EQ(test, fill(f, skb), 3);
	expect_packet(test, f, 0, 9000, 0, false, ids, 3);
	KUNIT_EXPECT_EQ(test, req_at(f, 2)->size, 9000 - 2 * PAGE_SIZE);
	/* Three different ids. */
	KUNIT_EXPECT_NE(test, ids[0], ids[1]);
	KUNIT_EXPECT_NE(test, ids[1], ids[2]);
	KUNIT_EXPECT_NE(test, ids[0], ids[2]);
	kfree_skb(skb);
}

static void fill_frags(struct kunit *test)
{
	static const unsigned int frags[] = { 3000, PAGE_SIZE, 10, 1 };
	struct fake *f = test->priv;
	struct sk_buff *skb = make_skb(test, 60, frags, ARRAY_SIZE(frags));
	unsigned int len = 60 + 3000 + PAGE_SIZE + 10 + 1;
	u16 ids[2];

	KUNIT_ASSERT_EQ(test, skb->len, len);
	KUNIT_EXPECT_EQ(test, fill(f, skb), 2);
	expect_packet(test, f, 0, len, 0, false, ids, 2);
	kfree_skb(skb);
}

static void fill_max(struct kunit *test)
{
	unsigned int frags[15];
	struct fake *f = test->priv;
	struct sk_buff *skb;
	unsigned int i;
	u16 ids[16];

	for (i = 0; i < ARRAY_SIZE(frags); i++)
		frags[i] = PAGE_SIZE;
	/* 65535 bytes: the largest the first slot's size can say. */
	skb = make_skb(test, NETFRONT_MAX_PKT_LEN - 15 * PAGE_SIZE, frags, 15);
	KUNIT_ASSERT_EQ(test, skb->len, NETFRONT_MAX_PKT_LEN);
	KUNIT_EXPECT_EQ(test, fill(f, skb), 16);
	expect_packet(test, f, 0, NETFRONT_MAX_PKT_LEN, 0, false, ids, 16);
	kfree_skb(skb);
}

static void fill_csum(struct kunit *test)
{
	static const unsigned int frags[] = { 2000 };
	struct fake *f = test->priv;
	struct sk_buff *skb = make_skb(test, 3000, frags, 1);
	u16 ids[2];

	skb->ip_summed = CHECKSUM_PARTIAL;
	KUNIT_EXPECT_EQ(test, fill(f, skb), 2);
	/* On the first slot only; later slots carry more_data alone. */
	expect_packet(test, f, 0, 5000,
		      NETTXF_csum_blank | NETTXF_data_validated, false, ids, 2);
	kfree_skb(skb);

	/* Not partial: no checksum flags. */
	skb = make_skb(test, 200, NULL, 0);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	KUNIT_EXPECT_EQ(test, fill(f, skb), 1);
	expect_packet(test, f, 2, 200, 0, false, ids, 1);
	kfree_skb(skb);
}

static void expect_gso_slot(struct kunit *test, struct fake *f, u32 idx,
			    u8 type, u16 mss)
{
	const u8 *raw = (const u8 *)req_at(f, idx);
	const struct netif_extra_info *x = (const void *)raw;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_GSO);
	KUNIT_EXPECT_EQ(test, x->flags, 0);
	KUNIT_EXPECT_EQ(test, x->u.gso.size, mss);
	KUNIT_EXPECT_EQ(test, x->u.gso.type, type);
	KUNIT_EXPECT_EQ(test, x->u.gso.pad, 0);
	KUNIT_EXPECT_EQ(test, x->u.gso.features, 0);
	/* The rest of the 12-byte slot is clean too. */
	for (i = sizeof(*x); i < NETFRONT_TX_SLOT_SIZE; i++)
		KUNIT_EXPECT_EQ(test, raw[i], 0);
}

static void fill_gso(struct kunit *test)
{
	static const unsigned int frags[] = { PAGE_SIZE, PAGE_SIZE, 500 };
	struct fake *f = test->priv;
	unsigned int len = 1000 + 2 * PAGE_SIZE + 500;
	struct sk_buff *skb;
	u16 ids[3];

	skb = make_skb(test, 1000, frags, ARRAY_SIZE(frags));
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 1448;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	/* Three data slots and the extra-info slot, which takes no id. */
	KUNIT_EXPECT_EQ(test, fill(f, skb), 4);
	KUNIT_EXPECT_EQ(test, f->q->tx.req_prod_pvt, 4U);
	KUNIT_EXPECT_EQ(test, f->q->tx_nr_free, NETFRONT_RING_SLOTS - 3);
	expect_packet(test, f, 0, len,
		      NETTXF_csum_blank | NETTXF_data_validated, true, ids, 3);
	expect_gso_slot(test, f, 1, XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	kfree_skb(skb);

	/* IPv6, one data slot, from an untrusted source (DODGY). */
	skb = make_skb(test, 1500, NULL, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 1220;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV6 | SKB_GSO_DODGY;
	KUNIT_EXPECT_EQ(test, fill(f, skb), 2);
	expect_packet(test, f, 4, 1500,
		      NETTXF_csum_blank | NETTXF_data_validated, true, ids, 1);
	expect_gso_slot(test, f, 5, XEN_NETIF_GSO_TYPE_TCPV6, 1220);
	kfree_skb(skb);
}

/* Refused: nothing taken, nothing written. */
static void expect_untouched(struct kunit *test, struct fake *f, u32 prod,
			     unsigned int nr_free)
{
	KUNIT_EXPECT_EQ(test, f->q->tx.req_prod_pvt, prod);
	KUNIT_EXPECT_EQ(test, f->q->tx_nr_free, nr_free);
	KUNIT_EXPECT_EQ(test, bitmap_weight(f->q->tx_busy, NETFRONT_RING_SLOTS),
			NETFRONT_RING_SLOTS - nr_free);
}

static void fill_bad(struct kunit *test)
{
	unsigned int frags[16];
	struct fake *f = test->priv;
	struct sk_buff *skb;
	unsigned int i;

	/* Shorter than an Ethernet header, or empty. */
	skb = make_skb(test, ETH_HLEN - 1, NULL, 0);
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EMSGSIZE);
	kfree_skb(skb);
	skb = make_skb(test, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EMSGSIZE);
	kfree_skb(skb);

	/* One byte more than the first slot's size can say. */
	for (i = 0; i < ARRAY_SIZE(frags); i++)
		frags[i] = PAGE_SIZE;
	skb = make_skb(test, 0, frags, 16);
	KUNIT_ASSERT_EQ(test, skb->len, NETFRONT_MAX_PKT_LEN + 1);
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EMSGSIZE);
	kfree_skb(skb);

	/* GSO kinds the ring cannot carry. */
	skb = make_skb(test, 3000, NULL, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 1400;
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EOPNOTSUPP);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4 | SKB_GSO_TCP_ECN;
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EOPNOTSUPP);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4 | SKB_GSO_TCPV6;
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EOPNOTSUPP);
	skb_shinfo(skb)->gso_type = 0;
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EOPNOTSUPP);
	/* TSO whose checksums the backend could not fill in. */
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb->ip_summed = CHECKSUM_NONE;
	KUNIT_EXPECT_EQ(test, fill(f, skb), -EOPNOTSUPP);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);

	expect_untouched(test, f, 0, NETFRONT_RING_SLOTS);
}

static void fill_no_ids(struct kunit *test)
{
	struct fake *f = test->priv;
	DECLARE_BITMAP(seen, NETFRONT_RING_SLOTS);
	struct sk_buff *skb = make_skb(test, 64, NULL, 0);
	unsigned int i;

	/* Every id once, then none left. */
	bitmap_zero(seen, NETFRONT_RING_SLOTS);
	for (i = 0; i < NETFRONT_RING_SLOTS; i++) {
		KUNIT_ASSERT_EQ(test, fill(f, skb), 1);
		__set_bit(req_at(f, i)->id, seen);
	}
	KUNIT_EXPECT_TRUE(test, bitmap_full(seen, NETFRONT_RING_SLOTS));
	KUNIT_EXPECT_EQ(test, fill(f, skb), -ENOSPC);
	expect_untouched(test, f, NETFRONT_RING_SLOTS, 0);
	kfree_skb(skb);
}

static void fill_no_slots(struct kunit *test)
{
	struct fake *f = test->priv;
	struct sk_buff *skb = make_skb(test, 1500, NULL, 0);
	unsigned int i;

	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	/* Two ring slots but one id each: the ring fills first. */
	for (i = 0; i < NETFRONT_RING_SLOTS / 2; i++)
		KUNIT_ASSERT_EQ(test, fill(f, skb), 2);
	KUNIT_EXPECT_EQ(test, fill(f, skb), -ENOSPC);
	expect_untouched(test, f, NETFRONT_RING_SLOTS, NETFRONT_RING_SLOTS / 2);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);
}

/* ---- netfront_tx_reap(): responses, some malformed ---- */

/* The backend answers at ring index @idx. */
static void respond(struct fake *f, u32 idx, u16 id, s16 status)
{
	struct netif_tx_response *rsp = (void *)xen_front_ring_slot(&f->q->tx, idx);

	rsp->id = id;
	rsp->status = status;
}

static void publish(struct fake *f, u32 prod)
{
	WRITE_ONCE(f->q->tx.sring->rsp_prod, prod);
}

static int reap(struct fake *f, unsigned int *pkts, unsigned int *bytes,
		const char **why)
{
	int ret;

	*why = NULL;
	spin_lock_bh(&f->q->tx_lock);
	ret = netfront_tx_reap(f->q, pkts, bytes, why);
	spin_unlock_bh(&f->q->tx_lock);
	return ret;
}

/* Fill and push: (1 page), (GSO, 2 pages), (1 page).  Slots 0..4. */
static void send_three(struct kunit *test, struct fake *f, u16 *ids)
{
	static const unsigned int frags[] = { 1000 };
	struct sk_buff *skb;
	bool notify;

	skb = make_skb(test, 100, NULL, 0);
	KUNIT_ASSERT_EQ(test, fill(f, skb), 1);
	kfree_skb(skb);
	skb = make_skb(test, PAGE_SIZE, frags, 1);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 536;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	KUNIT_ASSERT_EQ(test, fill(f, skb), 3);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);
	skb = make_skb(test, 60, NULL, 0);
	KUNIT_ASSERT_EQ(test, fill(f, skb), 1);
	kfree_skb(skb);

	ids[0] = req_at(f, 0)->id;
	ids[1] = req_at(f, 1)->id;	/* slot 2 is the GSO info */
	ids[2] = req_at(f, 3)->id;
	ids[3] = req_at(f, 4)->id;
	spin_lock_bh(&f->q->tx_lock);
	notify = xen_front_ring_push(&f->q->tx);
	spin_unlock_bh(&f->q->tx_lock);
	KUNIT_EXPECT_FALSE(test, notify);
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, 5U);
}

static u64 tx_stat(const u64 *field)
{
	return READ_ONCE(*field);
}

static void reap_good(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int pkts, bytes;
	const char *why;
	u16 ids[4];

	send_three(test, f, ids);
	/* Out of order, the NULL anywhere: backends may complete so. */
	respond(f, 0, ids[3], NETIF_RSP_OKAY);
	respond(f, 1, ids[2], NETIF_RSP_OKAY);
	respond(f, 2, 0xabcd, NETIF_RSP_NULL);
	respond(f, 3, ids[1], NETIF_RSP_OKAY);
	respond(f, 4, ids[0], NETIF_RSP_OKAY);
	publish(f, 5);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), 0);
	KUNIT_EXPECT_EQ(test, pkts, 3U);
	KUNIT_EXPECT_EQ(test, bytes, 100 + PAGE_SIZE + 1000 + 60);
	KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 5U);
	expect_untouched(test, f, 5, NETFRONT_RING_SLOTS);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.packets), 3ULL);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.bytes),
			(u64)(100 + PAGE_SIZE + 1000 + 60));
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.errors), 0ULL);
	/* Nothing more published: nothing more done. */
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), 0);
	KUNIT_EXPECT_EQ(test, pkts, 0U);
}

static void reap_partial(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int pkts, bytes;
	const char *why;
	u16 ids[4];

	send_three(test, f, ids);
	/* The GSO packet's second page first: its first id is pending. */
	respond(f, 0, ids[2], NETIF_RSP_OKAY);
	respond(f, 1, ids[3], NETIF_RSP_OKAY);
	publish(f, 2);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), 0);
	KUNIT_EXPECT_EQ(test, pkts, 1U);
	KUNIT_EXPECT_EQ(test, bytes, 60U);
	KUNIT_EXPECT_EQ(test, f->q->tx_nr_free, NETFRONT_RING_SLOTS - 2);
	KUNIT_EXPECT_FALSE(test, test_bit(ids[2], f->q->tx_busy));
	KUNIT_EXPECT_TRUE(test, test_bit(ids[1], f->q->tx_busy));
}

static void reap_errors(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int pkts, bytes;
	const char *why;
	u16 ids[4];

	send_three(test, f, ids);
	respond(f, 0, ids[0], NETIF_RSP_ERROR);
	respond(f, 1, ids[1], NETIF_RSP_DROPPED);
	respond(f, 2, 0, NETIF_RSP_NULL);
	respond(f, 3, ids[2], NETIF_RSP_ERROR);
	respond(f, 4, ids[3], NETIF_RSP_OKAY);
	publish(f, 5);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), 0);
	/* BQL hears of all three; only one went out. */
	KUNIT_EXPECT_EQ(test, pkts, 3U);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.packets), 1ULL);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.bytes), 60ULL);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.errors), 3ULL);
	expect_untouched(test, f, 5, NETFRONT_RING_SLOTS);
}

static void reap_runaway(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int pkts, bytes;
	const char *why;
	u16 ids[4];

	send_three(test, f, ids);
	respond(f, 0, ids[0], NETIF_RSP_OKAY);
	/* More responses than requests pushed: nothing is consumed. */
	publish(f, 6);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
	KUNIT_EXPECT_NOT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 0U);
	KUNIT_EXPECT_EQ(test, pkts, 0U);
	publish(f, 0x80000000);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
	publish(f, (u32)-1);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
	KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 0U);
}

static void reap_duplicate(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int pkts, bytes;
	const char *why;
	u16 ids[4];

	send_three(test, f, ids);
	respond(f, 0, ids[0], NETIF_RSP_OKAY);
	respond(f, 1, ids[0], NETIF_RSP_OKAY);
	publish(f, 2);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
	KUNIT_EXPECT_NOT_NULL(test, why);
	/* The first was good and is counted; the copy stopped the loop. */
	KUNIT_EXPECT_EQ(test, pkts, 1U);
	KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 1U);
	/* The id is on the free stack once. */
	KUNIT_EXPECT_EQ(test, f->q->tx_nr_free, NETFRONT_RING_SLOTS - 3);
}

static void reap_bad_ids(struct kunit *test)
{
	static const u16 bad[] = { NETFRONT_RING_SLOTS, 0x1234, 0xffff };
	struct fake *f = test->priv;
	unsigned int pkts, bytes, i;
	const char *why;
	u16 ids[4], idle;

	send_three(test, f, ids);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		respond(f, 0, bad[i], NETIF_RSP_OKAY);
		publish(f, 1);
		KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
		KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 0U);
	}
	/* An id that was never sent: the next one on the free stack. */
	idle = f->q->tx_free[f->q->tx_nr_free - 1];
	respond(f, 0, idle, NETIF_RSP_OKAY);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
	/* A status out of range for a busy id. */
	respond(f, 0, ids[0], 7);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
	expect_untouched(test, f, 5, NETFRONT_RING_SLOTS - 4);
}

static void reap_stray_null(struct kunit *test)
{
	struct fake *f = test->priv;
	unsigned int pkts, bytes;
	const char *why;
	u16 ids[4];

	send_three(test, f, ids);
	/* One extra-info slot is in flight: one NULL is fine... */
	respond(f, 0, 0, NETIF_RSP_NULL);
	/* ...a second one answers nothing we sent. */
	respond(f, 1, 0, NETIF_RSP_NULL);
	publish(f, 2);
	KUNIT_EXPECT_EQ(test, reap(f, &pkts, &bytes, &why), -EIO);
	KUNIT_EXPECT_NOT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 1U);
	expect_untouched(test, f, 5, NETFRONT_RING_SLOTS - 4);
}

/* ---- the whole path: netfront_start_xmit(), netfront_tx_complete() ---- */

static netdev_tx_t xmit(struct fake *f, struct sk_buff *skb, bool more)
{
	netdev_tx_t ret;

	/* As the core calls it: bottom halves off. */
	local_bh_disable();
	__this_cpu_write(softnet_data.xmit.more, more);
	ret = netfront_start_xmit(skb, f->dev);
	__this_cpu_write(softnet_data.xmit.more, 0);
	local_bh_enable();
	return ret;
}

static void complete_bh(struct fake *f)
{
	local_bh_disable();
	netfront_tx_complete(f->q);
	local_bh_enable();
}

static void xmit_linear(struct kunit *test)
{
	struct fake *f = test->priv;
	u16 ids[1];

	KUNIT_EXPECT_EQ(test, xmit(f, make_skb(test, 1514, NULL, 0), false),
			NETDEV_TX_OK);
	/* Published. */
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, 1U);
	expect_packet(test, f, 0, 1514, 0, false, ids, 1);
	KUNIT_EXPECT_EQ(test, f->txq->dql.num_queued, 1514U);

	respond(f, 0, ids[0], NETIF_RSP_OKAY);
	publish(f, 1);
	complete_bh(f);
	KUNIT_EXPECT_EQ(test, f->txq->dql.num_completed, 1514U);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.packets), 1ULL);
	expect_untouched(test, f, 1, NETFRONT_RING_SLOTS);
}

static void xmit_more(struct kunit *test)
{
	struct fake *f = test->priv;

	/* More packets follow: filled, published with the last one. */
	xmit(f, make_skb(test, 100, NULL, 0), true);
	xmit(f, make_skb(test, 100, NULL, 0), true);
	KUNIT_EXPECT_EQ(test, f->q->tx.req_prod_pvt, 2U);
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, 0U);
	/* A dropped last packet still publishes the batch. */
	xmit(f, make_skb(test, 5, NULL, 0), false);
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, 2U);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.dropped), 1ULL);
	xmit(f, make_skb(test, 100, NULL, 0), false);
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, 3U);
}

static void xmit_drops(struct kunit *test)
{
	unsigned int frags[16], i;
	struct fake *f = test->priv;
	struct sk_buff *skb;
	u64 core = 0;
	int cpu;

	for (i = 0; i < ARRAY_SIZE(frags); i++)
		frags[i] = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, xmit(f, make_skb(test, 0, frags, 16), false),
			NETDEV_TX_OK);

	WRITE_ONCE(f->info->conn, NETFRONT_INITIALISED);
	KUNIT_EXPECT_EQ(test, xmit(f, make_skb(test, 100, NULL, 0), false),
			NETDEV_TX_OK);
	WRITE_ONCE(f->info->conn, NETFRONT_CONNECTED);
	WRITE_ONCE(f->q->broken, true);
	KUNIT_EXPECT_EQ(test, xmit(f, make_skb(test, 100, NULL, 0), false),
			NETDEV_TX_OK);
	WRITE_ONCE(f->q->broken, false);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.dropped), 3ULL);

	/* A queue mapping past the queues in use. */
	skb = make_skb(test, 100, NULL, 0);
	skb_set_queue_mapping(skb, 1);
	KUNIT_EXPECT_EQ(test, xmit(f, skb, false), NETDEV_TX_OK);
	if (f->dev->core_stats)
		for_each_possible_cpu(cpu)
			core += per_cpu_ptr(f->dev->core_stats, cpu)->tx_dropped;
	KUNIT_EXPECT_EQ(test, core, 1ULL);

	/* None of it reached the ring or BQL. */
	expect_untouched(test, f, 0, NETFRONT_RING_SLOTS);
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, 0U);
	KUNIT_EXPECT_EQ(test, f->txq->dql.num_queued, 0U);
}

static void xmit_stop_wake(struct kunit *test)
{
	unsigned int sent = 0, i;
	struct fake *f = test->priv;
	const struct netif_tx_request *req;

	/* One-slot packets until a largest packet would not fit. */
	while (!netif_tx_queue_stopped(f->txq) && sent < NETFRONT_RING_SLOTS) {
		xmit(f, make_skb(test, 60, NULL, 0), false);
		sent++;
	}
	KUNIT_EXPECT_EQ(test, sent, NETFRONT_RING_SLOTS - NETFRONT_MAX_PKT_SLOTS + 1);
	KUNIT_EXPECT_TRUE(test, f->q->tx_stopped);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.stopped), 1ULL);
	/* The stop published everything. */
	KUNIT_EXPECT_EQ(test, f->q->tx.sring->req_prod, sent);

	for (i = 0; i < sent; i++) {
		req = req_at(f, i);
		respond(f, i, req->id, NETIF_RSP_OKAY);
	}
	/* An event with nothing new: still no room. */
	complete_bh(f);
	KUNIT_EXPECT_TRUE(test, netif_tx_queue_stopped(f->txq));
	/* One completion is just enough room. */
	publish(f, 1);
	complete_bh(f);
	KUNIT_EXPECT_FALSE(test, netif_tx_queue_stopped(f->txq));
	KUNIT_EXPECT_FALSE(test, f->q->tx_stopped);
	publish(f, sent);
	complete_bh(f);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.packets), (u64)sent);
	KUNIT_EXPECT_EQ(test, f->txq->dql.num_completed, 60 * sent);
}

static void complete_broken(struct kunit *test)
{
	struct fake *f = test->priv;
	u16 ids[4];

	send_three(test, f, ids);
	/* A response index far ahead of the requests. */
	publish(f, 1000);
	complete_bh(f);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(f->q->broken));
	KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 0U);
	/* Broken: the completion and xmit leave the ring alone. */
	publish(f, 1);
	respond(f, 0, ids[0], NETIF_RSP_OKAY);
	complete_bh(f);
	KUNIT_EXPECT_EQ(test, f->q->tx.rsp_cons, 0U);
	xmit(f, make_skb(test, 100, NULL, 0), false);
	KUNIT_EXPECT_EQ(test, f->q->tx.req_prod_pvt, 5U);
	KUNIT_EXPECT_EQ(test, tx_stat(&f->q->tx_stats.dropped), 1ULL);
}

static void features_check(struct kunit *test)
{
	netdev_features_t all = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO |
				NETIF_F_TSO6;
	struct fake *f = test->priv;
	unsigned int frags[16], i;
	struct sk_buff *skb;

	skb = make_skb(test, 1500, NULL, 0);
	KUNIT_EXPECT_EQ(test, netfront_features_check(skb, f->dev, all), all);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV6;
	KUNIT_EXPECT_EQ(test, netfront_features_check(skb, f->dev, all), all);
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	KUNIT_EXPECT_EQ(test, netfront_features_check(skb, f->dev, all),
			all & ~NETIF_F_GSO_MASK);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);

	/* Too long for the first slot: the stack segments it. */
	for (i = 0; i < ARRAY_SIZE(frags); i++)
		frags[i] = PAGE_SIZE;
	skb = make_skb(test, 100, frags, 16);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 1448;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	KUNIT_EXPECT_EQ(test, netfront_features_check(skb, f->dev, all),
			all & ~NETIF_F_GSO_MASK);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);
}

static struct kunit_case xen_netfront_tx_cases[] = {
	KUNIT_CASE(rsp_good),
	KUNIT_CASE(rsp_null),
	KUNIT_CASE(rsp_bad_id),
	KUNIT_CASE(rsp_idle_id),
	KUNIT_CASE(rsp_bad_status),
	KUNIT_CASE(rsp_missing),
	KUNIT_CASE(data_slots),
	KUNIT_CASE(fill_linear),
	KUNIT_CASE(fill_linear_pages),
	KUNIT_CASE(fill_frags),
	KUNIT_CASE(fill_max),
	KUNIT_CASE(fill_csum),
	KUNIT_CASE(fill_gso),
	KUNIT_CASE(fill_bad),
	KUNIT_CASE(fill_no_ids),
	KUNIT_CASE(fill_no_slots),
	KUNIT_CASE(reap_good),
	KUNIT_CASE(reap_partial),
	KUNIT_CASE(reap_errors),
	KUNIT_CASE(reap_runaway),
	KUNIT_CASE(reap_duplicate),
	KUNIT_CASE(reap_bad_ids),
	KUNIT_CASE(reap_stray_null),
	KUNIT_CASE(xmit_linear),
	KUNIT_CASE(xmit_more),
	KUNIT_CASE(xmit_drops),
	KUNIT_CASE(xmit_stop_wake),
	KUNIT_CASE(complete_broken),
	KUNIT_CASE(features_check),
	{}
};

static struct kunit_suite xen_netfront_tx_suite = {
	.name = "xen_netfront_tx",
	.init = fake_init,
	.exit = fake_exit,
	.test_cases = xen_netfront_tx_cases,
};

kunit_test_suite(xen_netfront_tx_suite);

MODULE_DESCRIPTION("KUnit tests of the Xen network frontend");
MODULE_LICENSE("GPL");
