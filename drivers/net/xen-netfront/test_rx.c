// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "xen_netfront_rx": netfront_rx_parse() (rx_proto.c) on a
 * fake response ring in plain memory.  Well-formed packets (one slot,
 * several, extra-info slots and chains, across the 32-bit index wrap),
 * each kind of malformed packet with whether the error stays confined
 * to the packet, unpublished slots, and that every slot is read once.
 * Needs no Xen.
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "netfront.h"

#define RING_MASK	(NETFRONT_RING_SLOTS - 1)

/* A response ring as the backend fills it, counting the parser's reads. */
struct fake_ring {
	union {
		u64 raw;		/* 8-byte aligned like a real ring */
		struct netif_rx_response rsp;
		struct netif_extra_info extra;
	} slot[NETFRONT_RING_SLOTS];
	unsigned int reads[NETFRONT_RING_SLOTS];
};

static const void *fake_slot(void *ctx, u32 idx)
{
	struct fake_ring *r = ctx;

	r->reads[idx & RING_MASK]++;
	return &r->slot[idx & RING_MASK];
}

static struct fake_ring *fake_new(struct kunit *test)
{
	struct fake_ring *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	return r;
}

/* A data response at @idx with the id of the request posted there. */
static void put_data(struct fake_ring *r, u32 idx, u16 offset, s16 status,
		     u16 flags)
{
	r->slot[idx & RING_MASK].rsp = (struct netif_rx_response) {
		.id	= idx & RING_MASK,
		.offset	= offset,
		.flags	= flags,
		.status	= status,
	};
}

static void put_gso(struct fake_ring *r, u32 idx, u8 type, u16 size, u8 flags)
{
	struct netif_extra_info *ex = &r->slot[idx & RING_MASK].extra;

	memset(ex, 0, sizeof(*ex));
	ex->type = XEN_NETIF_EXTRA_TYPE_GSO;
	ex->flags = flags;
	ex->u.gso.type = type;
	ex->u.gso.size = size;
}

static void put_extra(struct fake_ring *r, u32 idx, u8 type, u8 flags)
{
	struct netif_extra_info *ex = &r->slot[idx & RING_MASK].extra;

	memset(ex, 0x5a, sizeof(*ex));	/* payload bytes: anything */
	ex->type = type;
	ex->flags = flags;
}

static void put_hash(struct fake_ring *r, u32 idx, u8 type, u32 value, u8 flags)
{
	struct netif_extra_info *ex = &r->slot[idx & RING_MASK].extra;

	memset(ex, 0, sizeof(*ex));
	ex->type = XEN_NETIF_EXTRA_TYPE_HASH;
	ex->flags = flags;
	ex->u.hash.type = type;
	ex->u.hash.algorithm = XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
	ex->u.hash.value[0] = value;
	ex->u.hash.value[1] = value >> 8;
	ex->u.hash.value[2] = value >> 16;
	ex->u.hash.value[3] = value >> 24;
}

static int parse(struct fake_ring *r, u32 cons, u32 prod,
		 struct netfront_rx_packet *pkt, const char **why)
{
	*why = NULL;
	memset(pkt, 0xa5, sizeof(*pkt));	/* the parser must set it all */
	return netfront_rx_parse(fake_slot, r, cons, prod, RING_MASK, pkt, why);
}

/* A packet refused but confined to its @slots slots. */
static void expect_confined(struct kunit *test, struct fake_ring *r, u32 cons,
			    u32 prod, u32 slots)
{
	struct netfront_rx_packet pkt;
	const char *why;

	KUNIT_EXPECT_EQ(test, parse(r, cons, prod, &pkt, &why), -EIO);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, slots);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, why);
}

/* A packet after which the ring cannot be trusted. */
static void expect_untrusted(struct kunit *test, struct fake_ring *r, u32 cons,
			     u32 prod)
{
	struct netfront_rx_packet pkt;
	const char *why;

	KUNIT_EXPECT_EQ(test, parse(r, cons, prod, &pkt, &why), -EIO);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 0u);
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, why);
}

static void expect_again(struct kunit *test, struct fake_ring *r, u32 cons,
			 u32 prod)
{
	struct netfront_rx_packet pkt;
	const char *why;

	KUNIT_EXPECT_EQ(test, parse(r, cons, prod, &pkt, &why), -EAGAIN);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 0u);
}

static void single_slot_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	struct netfront_rx_packet pkt;
	const char *why;

	put_data(r, 7, 64, 1514, NETRXF_data_validated);
	KUNIT_ASSERT_EQ(test, parse(r, 7, 8, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 1u);
	KUNIT_EXPECT_EQ(test, pkt.nr_frags, 1u);
	KUNIT_EXPECT_EQ(test, pkt.len, 1514u);
	KUNIT_EXPECT_EQ(test, pkt.flags, (u16)NETRXF_data_validated);
	KUNIT_EXPECT_EQ(test, pkt.frags[0].idx, 7u);
	KUNIT_EXPECT_EQ(test, pkt.frags[0].offset, (u16)64);
	KUNIT_EXPECT_EQ(test, pkt.frags[0].size, (u16)1514);
	KUNIT_EXPECT_EQ(test, pkt.gso.type, (u8)XEN_NETIF_GSO_TYPE_NONE);
	KUNIT_EXPECT_FALSE(test, pkt.has_hash);

	/* Responses published beyond the packet do not matter. */
	KUNIT_EXPECT_EQ(test, parse(r, 7, 7 + NETFRONT_RING_SLOTS, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 1u);

	/* Data up to the very end of the page, and the smallest frame. */
	put_data(r, 8, PAGE_SIZE - 100, 100, 0);
	KUNIT_EXPECT_EQ(test, parse(r, 8, 9, &pkt, &why), 0);
	put_data(r, 9, 0, ETH_HLEN, 0);
	KUNIT_EXPECT_EQ(test, parse(r, 9, 10, &pkt, &why), 0);
	put_data(r, 10, 0, PAGE_SIZE, 0);
	KUNIT_EXPECT_EQ(test, parse(r, 10, 11, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.len, (u32)PAGE_SIZE);
}

static void multi_slot_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	struct netfront_rx_packet pkt;
	const char *why;
	/* Across the wrap of the free-running index. */
	u32 cons = U32_MAX - 1;

	put_data(r, cons, 0, PAGE_SIZE, NETRXF_more_data | NETRXF_csum_blank);
	put_data(r, cons + 1, 0, PAGE_SIZE, NETRXF_more_data);
	put_data(r, cons + 2, 10, 300, 0);
	/* The next packet must not be taken in. */
	put_data(r, cons + 3, 0, 60, 0);

	KUNIT_ASSERT_EQ(test, parse(r, cons, cons + 4, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 3u);
	KUNIT_EXPECT_EQ(test, pkt.nr_frags, 3u);
	KUNIT_EXPECT_EQ(test, pkt.len, (u32)(2 * PAGE_SIZE + 300));
	KUNIT_EXPECT_EQ(test, pkt.flags,
			(u16)(NETRXF_more_data | NETRXF_csum_blank));
	KUNIT_EXPECT_EQ(test, pkt.frags[0].idx, cons);
	KUNIT_EXPECT_EQ(test, pkt.frags[1].idx, cons + 1);
	KUNIT_EXPECT_EQ(test, pkt.frags[2].idx, cons + 2);
	KUNIT_EXPECT_EQ(test, pkt.frags[2].idx, 0u);
	KUNIT_EXPECT_EQ(test, pkt.frags[2].offset, (u16)10);
	KUNIT_EXPECT_EQ(test, pkt.frags[2].size, (u16)300);

	/* Zero-length data slots place nothing and are skipped. */
	put_data(r, 20, 0, 100, NETRXF_more_data);
	put_data(r, 21, 0, 0, NETRXF_more_data);
	put_data(r, 22, 0, 50, 0);
	KUNIT_ASSERT_EQ(test, parse(r, 20, 23, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 3u);
	KUNIT_EXPECT_EQ(test, pkt.nr_frags, 2u);
	KUNIT_EXPECT_EQ(test, pkt.len, 150u);
	KUNIT_EXPECT_EQ(test, pkt.frags[1].idx, 22u);

	/* A first slot with no data but more to come. */
	put_data(r, 30, 0, 0, NETRXF_more_data);
	put_data(r, 31, 0, 64, 0);
	KUNIT_ASSERT_EQ(test, parse(r, 30, 32, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_frags, 1u);
	KUNIT_EXPECT_EQ(test, pkt.len, 64u);
}

static void extra_gso_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	struct netfront_rx_packet pkt;
	const char *why;

	put_data(r, 40, 0, PAGE_SIZE,
		 NETRXF_extra_info | NETRXF_more_data | NETRXF_csum_blank);
	put_gso(r, 41, XEN_NETIF_GSO_TYPE_TCPV4, 1448, 0);
	put_data(r, 42, 0, 2000, 0);

	KUNIT_ASSERT_EQ(test, parse(r, 40, 43, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 3u);
	KUNIT_EXPECT_EQ(test, pkt.nr_frags, 2u);
	KUNIT_EXPECT_EQ(test, pkt.len, (u32)PAGE_SIZE + 2000);
	KUNIT_EXPECT_EQ(test, pkt.gso.type, (u8)XEN_NETIF_GSO_TYPE_TCPV4);
	KUNIT_EXPECT_EQ(test, pkt.gso.size, (u16)1448);
	/* The extra slot is no frag. */
	KUNIT_EXPECT_EQ(test, pkt.frags[0].idx, 40u);
	KUNIT_EXPECT_EQ(test, pkt.frags[1].idx, 42u);

	/* TCPv6, and a single data slot after the extra. */
	put_data(r, 50, 0, 1000, NETRXF_extra_info);
	put_gso(r, 51, XEN_NETIF_GSO_TYPE_TCPV6, 1440, 0);
	KUNIT_ASSERT_EQ(test, parse(r, 50, 52, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 2u);
	KUNIT_EXPECT_EQ(test, pkt.nr_frags, 1u);
	KUNIT_EXPECT_EQ(test, pkt.gso.type, (u8)XEN_NETIF_GSO_TYPE_TCPV6);
	KUNIT_EXPECT_EQ(test, pkt.gso.size, (u16)1440);
}

static void extra_chain_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	struct netfront_rx_packet pkt;
	const char *why;

	put_data(r, 60, 0, 3000, NETRXF_extra_info | NETRXF_more_data);
	put_gso(r, 61, XEN_NETIF_GSO_TYPE_TCPV6, 1200, XEN_NETIF_EXTRA_FLAG_MORE);
	put_extra(r, 62, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, XEN_NETIF_EXTRA_FLAG_MORE);
	put_extra(r, 63, XEN_NETIF_EXTRA_TYPE_MCAST_DEL, XEN_NETIF_EXTRA_FLAG_MORE);
	put_hash(r, 64, _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP, 0x12345678, 0);
	put_data(r, 65, 0, 3000, 0);

	KUNIT_ASSERT_EQ(test, parse(r, 60, 66, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 6u);
	KUNIT_EXPECT_EQ(test, pkt.nr_frags, 2u);
	KUNIT_EXPECT_EQ(test, pkt.len, 6000u);
	KUNIT_EXPECT_EQ(test, pkt.gso.type, (u8)XEN_NETIF_GSO_TYPE_TCPV6);
	KUNIT_EXPECT_EQ(test, pkt.gso.size, (u16)1200);
	KUNIT_EXPECT_TRUE(test, pkt.has_hash);
	KUNIT_EXPECT_EQ(test, pkt.hash, 0x12345678u);
	KUNIT_EXPECT_EQ(test, pkt.frags[1].idx, 65u);

	/* The MORE flag of the last extra does not decide about data. */
	put_data(r, 70, 0, 100, NETRXF_extra_info);
	put_extra(r, 71, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0);
	put_data(r, 72, 0, 100, 0);	/* the next packet */
	KUNIT_ASSERT_EQ(test, parse(r, 70, 73, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 2u);
	KUNIT_EXPECT_EQ(test, pkt.len, 100u);
}

static void hash_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	struct netfront_rx_packet pkt;
	const char *why;

	put_data(r, 80, 0, 600, NETRXF_extra_info);
	put_hash(r, 81, _XEN_NETIF_CTRL_HASH_TYPE_IPV4, 0xdeadbeef, 0);
	KUNIT_ASSERT_EQ(test, parse(r, 80, 82, &pkt, &why), 0);
	KUNIT_EXPECT_TRUE(test, pkt.has_hash);
	/* Little endian on the wire. */
	KUNIT_EXPECT_EQ(test, pkt.hash, 0xdeadbeefu);
	KUNIT_EXPECT_EQ(test, pkt.hash_type, (u8)_XEN_NETIF_CTRL_HASH_TYPE_IPV4);
	KUNIT_EXPECT_EQ(test, pkt.gso.type, (u8)XEN_NETIF_GSO_TYPE_NONE);

	/* Two hash slots for one packet. */
	put_data(r, 90, 0, 600, NETRXF_extra_info);
	put_hash(r, 91, _XEN_NETIF_CTRL_HASH_TYPE_IPV4, 1, XEN_NETIF_EXTRA_FLAG_MORE);
	put_hash(r, 92, _XEN_NETIF_CTRL_HASH_TYPE_IPV4, 2, 0);
	expect_confined(test, r, 90, 93, 3);
}

static void bad_data_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);

	/* Beyond the end of the page, by one byte, in any slot. */
	put_data(r, 0, PAGE_SIZE - 99, 100, 0);
	expect_confined(test, r, 0, 1, 1);
	put_data(r, 0, 0, PAGE_SIZE + 1, 0);
	expect_confined(test, r, 0, 1, 1);
	put_data(r, 0, U16_MAX, 1, 0);
	expect_confined(test, r, 0, 1, 1);
	put_data(r, 0, 0, 100, NETRXF_more_data);
	put_data(r, 1, 4000, 200, NETRXF_more_data);
	put_data(r, 2, 0, 100, 0);
	expect_confined(test, r, 0, 3, 3);

	/* Error statuses: the packet still ends where more_data stops. */
	put_data(r, 0, 0, NETIF_RSP_ERROR, 0);
	expect_confined(test, r, 0, 1, 1);
	put_data(r, 0, 0, NETIF_RSP_DROPPED, NETRXF_more_data);
	put_data(r, 1, 0, 100, 0);
	expect_confined(test, r, 0, 5, 2);
	put_data(r, 0, 0, 100, NETRXF_more_data);
	put_data(r, 1, 0, S16_MIN, 0);
	expect_confined(test, r, 0, 2, 2);

	/* Nothing at all, or less than an Ethernet header. */
	put_data(r, 0, 0, 0, 0);
	expect_confined(test, r, 0, 1, 1);
	put_data(r, 0, 0, ETH_HLEN - 1, 0);
	expect_confined(test, r, 0, 1, 1);
	put_data(r, 0, 0, 0, NETRXF_more_data);
	put_data(r, 1, 0, 0, 0);
	expect_confined(test, r, 0, 2, 2);

	/* A GSO prefix we never asked for. */
	put_data(r, 0, 0, 100, NETRXF_gso_prefix | NETRXF_more_data);
	put_data(r, 1, 0, 100, 0);
	expect_confined(test, r, 0, 2, 2);
}

static void bad_id_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);

	/* In the first slot: even an error status must carry it. */
	put_data(r, 5, 0, 100, 0);
	r->slot[5].rsp.id = 6;
	expect_untrusted(test, r, 5, 6);
	r->slot[5].rsp.status = NETIF_RSP_ERROR;
	expect_untrusted(test, r, 5, 6);
	/* The unmasked index is no valid id either. */
	put_data(r, 300, 0, 100, 0);
	r->slot[300 & RING_MASK].rsp.id = 300;
	expect_untrusted(test, r, 300, 301);

	/* In a later slot, also after the packet was refused already. */
	put_data(r, 10, 0, 100, NETRXF_more_data);
	put_data(r, 11, 0, 100, 0);
	r->slot[11].rsp.id = 10;
	expect_untrusted(test, r, 10, 12);
	r->slot[10].rsp.status = NETIF_RSP_ERROR;
	expect_untrusted(test, r, 10, 12);

	/* After extras, whose id field is meaningless. */
	put_data(r, 20, 0, 100, NETRXF_extra_info | NETRXF_more_data);
	put_gso(r, 21, XEN_NETIF_GSO_TYPE_TCPV4, 1000, 0);
	put_data(r, 22, 0, 100, 0);
	r->slot[22].rsp.id = 21;
	expect_untrusted(test, r, 20, 23);
}

static void bad_extra_test(struct kunit *test)
{
	static const u8 types[] = {
		XEN_NETIF_EXTRA_TYPE_NONE, XEN_NETIF_EXTRA_TYPE_MAX, 6, 0xff,
	};
	struct fake_ring *r = fake_new(test);
	int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		put_data(r, 0, 0, 100, NETRXF_extra_info | NETRXF_more_data);
		put_extra(r, 1, types[i], XEN_NETIF_EXTRA_FLAG_MORE);
		put_extra(r, 2, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0);
		put_data(r, 3, 0, 100, 0);
		expect_confined(test, r, 0, 4, 4);
	}

	/* GSO: unknown type, none, size 0, twice. */
	put_data(r, 0, 0, 100, NETRXF_extra_info);
	put_gso(r, 1, 3, 1000, 0);
	expect_confined(test, r, 0, 2, 2);
	put_gso(r, 1, XEN_NETIF_GSO_TYPE_NONE, 1000, 0);
	expect_confined(test, r, 0, 2, 2);
	put_gso(r, 1, XEN_NETIF_GSO_TYPE_TCPV4, 0, 0);
	expect_confined(test, r, 0, 2, 2);
	put_gso(r, 1, XEN_NETIF_GSO_TYPE_TCPV4, 1000, XEN_NETIF_EXTRA_FLAG_MORE);
	put_gso(r, 2, XEN_NETIF_GSO_TYPE_TCPV6, 1000, 0);
	expect_confined(test, r, 0, 3, 3);
}

static void runaway_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	u32 i, cons = 100;

	/* more_data forever, the whole ring published. */
	for (i = 0; i < NETFRONT_RING_SLOTS; i++)
		put_data(r, cons + i, 0, 100, NETRXF_more_data);
	expect_untrusted(test, r, cons, cons + NETFRONT_RING_SLOTS);
	/* Known to run away before the next slot is even published. */
	expect_untrusted(test, r, cons, cons + NETFRONT_MAX_PKT_SLOTS);
	/* One slot short of that: it may still end. */
	expect_again(test, r, cons, cons + NETFRONT_MAX_PKT_SLOTS - 1);

	/* An endless extra-info chain. */
	put_data(r, cons, 0, 100, NETRXF_extra_info);
	for (i = 1; i < NETFRONT_RING_SLOTS; i++)
		put_extra(r, cons + i, XEN_NETIF_EXTRA_TYPE_MCAST_ADD,
			  XEN_NETIF_EXTRA_FLAG_MORE);
	expect_untrusted(test, r, cons, cons + NETFRONT_RING_SLOTS);

	/* The largest packet allowed: NETFRONT_MAX_PKT_SLOTS, extra included. */
	put_data(r, cons, 0, 100, NETRXF_extra_info | NETRXF_more_data);
	put_gso(r, cons + 1, XEN_NETIF_GSO_TYPE_TCPV4, 1448, 0);
	for (i = 2; i < NETFRONT_MAX_PKT_SLOTS; i++)
		put_data(r, cons + i, 0, 100, NETRXF_more_data);
	put_data(r, cons + NETFRONT_MAX_PKT_SLOTS - 1, 0, 100, 0);
	{
		struct netfront_rx_packet pkt;
		const char *why;

		KUNIT_EXPECT_EQ(test, parse(r, cons, cons + NETFRONT_RING_SLOTS,
					    &pkt, &why), 0);
		KUNIT_EXPECT_EQ(test, pkt.nr_slots, (u32)NETFRONT_MAX_PKT_SLOTS);
		KUNIT_EXPECT_EQ(test, pkt.nr_frags, (u32)NETFRONT_MAX_PKT_SLOTS - 1);
	}
	/* One more data slot is too many. */
	put_data(r, cons + NETFRONT_MAX_PKT_SLOTS - 1, 0, 100, NETRXF_more_data);
	put_data(r, cons + NETFRONT_MAX_PKT_SLOTS, 0, 100, 0);
	expect_untrusted(test, r, cons, cons + NETFRONT_RING_SLOTS);
}

static void incomplete_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);

	/* Nothing published. */
	expect_again(test, r, 0, 0);
	expect_again(test, r, U32_MAX, U32_MAX);

	/* The data goes on beyond prod. */
	put_data(r, 0, 0, 100, NETRXF_more_data);
	put_data(r, 1, 0, 100, NETRXF_more_data);
	put_data(r, 2, 0, 100, 0);
	expect_again(test, r, 0, 1);
	expect_again(test, r, 0, 2);

	/* The extras go on beyond prod. */
	put_data(r, 10, 0, 100, NETRXF_extra_info | NETRXF_more_data);
	put_gso(r, 11, XEN_NETIF_GSO_TYPE_TCPV4, 1000, XEN_NETIF_EXTRA_FLAG_MORE);
	expect_again(test, r, 10, 11);
	expect_again(test, r, 10, 12);

	/* A refused packet is skipped only once its end is known. */
	put_data(r, 20, 0, NETIF_RSP_ERROR, NETRXF_more_data);
	expect_again(test, r, 20, 21);
	put_data(r, 21, 0, 100, 0);
	expect_confined(test, r, 20, 22, 2);
}

static void too_long_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	u32 i, full = NETFRONT_RX_MAX_LEN / PAGE_SIZE;
	u32 rest = NETFRONT_RX_MAX_LEN % PAGE_SIZE;
	struct netfront_rx_packet pkt;
	const char *why;

	KUNIT_ASSERT_LT(test, full + 1, (u32)NETFRONT_MAX_PKT_SLOTS);
	for (i = 0; i < full; i++)
		put_data(r, i, 0, PAGE_SIZE, NETRXF_more_data);

	/* Exactly the limit. */
	put_data(r, full, 0, rest, 0);
	KUNIT_ASSERT_EQ(test, parse(r, 0, full + 1, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.len, (u32)NETFRONT_RX_MAX_LEN);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, full + 1);

	/* One byte more. */
	put_data(r, full, 0, rest + 1, 0);
	expect_confined(test, r, 0, full + 1, full + 1);

	/* Full pages in every slot a packet may take. */
	for (i = 0; i < NETFRONT_MAX_PKT_SLOTS; i++)
		put_data(r, i, 0, PAGE_SIZE, NETRXF_more_data);
	put_data(r, NETFRONT_MAX_PKT_SLOTS - 1, 0, PAGE_SIZE, 0);
	expect_confined(test, r, 0, NETFRONT_MAX_PKT_SLOTS, NETFRONT_MAX_PKT_SLOTS);
}

/* Each slot of the packet read exactly once, no other slot at all. */
static void expect_read_once(struct kunit *test, struct fake_ring *r,
			     u32 first, u32 slots)
{
	u32 i;

	for (i = 0; i < NETFRONT_RING_SLOTS; i++) {
		bool in = ((i - first) & RING_MASK) < slots;

		KUNIT_EXPECT_EQ_MSG(test, r->reads[i], in ? 1u : 0u, "slot %u", i);
	}
	memset(r->reads, 0, sizeof(r->reads));
}

static void read_once_test(struct kunit *test)
{
	struct fake_ring *r = fake_new(test);
	struct netfront_rx_packet pkt;
	const char *why;
	u32 cons = 250;

	/* Data, three extras, data, data; then a packet not looked at. */
	put_data(r, cons, 0, 1000, NETRXF_extra_info | NETRXF_more_data);
	put_gso(r, cons + 1, XEN_NETIF_GSO_TYPE_TCPV4, 1448, XEN_NETIF_EXTRA_FLAG_MORE);
	put_extra(r, cons + 2, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, XEN_NETIF_EXTRA_FLAG_MORE);
	put_hash(r, cons + 3, _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP, 9, 0);
	put_data(r, cons + 4, 0, 1000, NETRXF_more_data);
	put_data(r, cons + 5, 0, 1000, 0);
	put_data(r, cons + 6, 0, 1000, 0);
	KUNIT_ASSERT_EQ(test, parse(r, cons, cons + 7, &pkt, &why), 0);
	KUNIT_EXPECT_EQ(test, pkt.nr_slots, 6u);
	expect_read_once(test, r, cons, 6);

	/* Refused packets: still once each. */
	r->slot[(cons + 1) & RING_MASK].extra.type = XEN_NETIF_EXTRA_TYPE_NONE;
	expect_confined(test, r, cons, cons + 7, 6);
	expect_read_once(test, r, cons, 6);
	r->slot[(cons + 4) & RING_MASK].rsp.id++;
	expect_untrusted(test, r, cons, cons + 7);
	expect_read_once(test, r, cons, 5);

	/* Unpublished: what is published is read once, nothing beyond. */
	r->slot[(cons + 4) & RING_MASK].rsp.id--;
	expect_again(test, r, cons + 4, cons + 5);
	expect_read_once(test, r, cons + 4, 1);
}

static struct kunit_case xen_netfront_rx_cases[] = {
	KUNIT_CASE(single_slot_test),
	KUNIT_CASE(multi_slot_test),
	KUNIT_CASE(extra_gso_test),
	KUNIT_CASE(extra_chain_test),
	KUNIT_CASE(hash_test),
	KUNIT_CASE(bad_data_test),
	KUNIT_CASE(bad_id_test),
	KUNIT_CASE(bad_extra_test),
	KUNIT_CASE(runaway_test),
	KUNIT_CASE(incomplete_test),
	KUNIT_CASE(too_long_test),
	KUNIT_CASE(read_once_test),
	{}
};

static struct kunit_suite xen_netfront_rx_suite = {
	.name = "xen_netfront_rx",
	.test_cases = xen_netfront_rx_cases,
};

kunit_test_suite(xen_netfront_rx_suite);
