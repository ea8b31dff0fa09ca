// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "xen_ring": the frontend side of the split-driver rings
 * (<xen/ring.h>, Documentation/xen/rings.rst) on plain memory: slot
 * counts, the notification rule across 32-bit index wraparound, a
 * backend whose rsp_prod runs ahead of what we pushed or goes back, and
 * the final check that closes the race with a late response.  Needs no
 * Xen.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/ring.h>

/* The blkif slot: the larger of its request and response. */
#define BLKIF_SLOT	112

static void nr_slots_test(struct kunit *test)
{
	static const struct {
		size_t pages, slot;
		u32 want;
	} cases[] = {
		/* blkif: 36 fit in one page, a power of two is 32. */
		{ 1, BLKIF_SLOT, 32 }, { 2, BLKIF_SLOT, 64 },
		{ 4, BLKIF_SLOT, 128 }, { 8, BLKIF_SLOT, 256 },
		{ 16, BLKIF_SLOT, 512 },
		/* 63 slots of 64 bytes fit after the header: 32. */
		{ 1, 64, 32 }, { 2, 64, 64 }, { 16, 64, 512 },
		{ 1, 8, 256 }, { 1, 1, 2048 }, { 4, 1, 8192 },
		/* netif's 12-byte slots. */
		{ 1, 12, 256 }, { 16, 12, 4096 },
		/* One slot of (nearly) a page, and one byte too many. */
		{ 1, PAGE_SIZE - 64, 1 }, { 1, PAGE_SIZE - 63, 0 },
		{ 2, PAGE_SIZE, 1 }, { 1, 0, 0 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t bytes = cases[i].pages * PAGE_SIZE;
		u32 n = xen_ring_nr_slots(bytes, cases[i].slot);

		KUNIT_EXPECT_EQ_MSG(test, n, cases[i].want, "%zu pages, slot %zu",
				    cases[i].pages, cases[i].slot);
		/* The slots always fit after the header. */
		KUNIT_EXPECT_LE(test, sizeof(struct xen_sring) + (size_t)n * cases[i].slot,
				bytes);
		KUNIT_EXPECT_TRUE(test, !n || is_power_of_2(n));
	}
	/* No room after the header; absurd sizes stay within u32 halves. */
	KUNIT_EXPECT_EQ(test, xen_ring_nr_slots(0, 8), 0u);
	KUNIT_EXPECT_EQ(test, xen_ring_nr_slots(64, 8), 0u);
	KUNIT_EXPECT_EQ(test, xen_ring_nr_slots(72, 8), 1u);
	KUNIT_EXPECT_EQ(test, xen_ring_nr_slots(SIZE_MAX, 1), 1u << 31);
	KUNIT_EXPECT_EQ(test, xen_ring_nr_slots(100, SIZE_MAX), 0u);
}

static struct xen_front_ring *new_ring(struct kunit *test, size_t pages,
				       size_t slot)
{
	struct xen_front_ring *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct xen_sring *s = kunit_kzalloc(test, pages * PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_TRUE(test, xen_front_ring_init(r, s, pages * PAGE_SIZE, slot));
	return r;
}

/* Move every index of a fresh ring to @start, as after 2^32 - x requests. */
static void ring_at(struct xen_front_ring *r, u32 start)
{
	r->req_prod_pvt = start;
	r->req_pushed = start;
	r->rsp_cons = start;
	r->sring->req_prod = start;
	r->sring->rsp_prod = start;
}

static void init_test(struct kunit *test)
{
	struct xen_front_ring r;
	struct xen_sring *s = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u8 *slot0, *slot31;

	KUNIT_ASSERT_NOT_NULL(test, s);
	memset(s, 0xaa, sizeof(*s));
	KUNIT_ASSERT_TRUE(test, xen_front_ring_init(&r, s, PAGE_SIZE, BLKIF_SLOT));
	KUNIT_EXPECT_EQ(test, r.nr_ents, 32u);
	KUNIT_EXPECT_EQ(test, s->req_prod, 0u);
	KUNIT_EXPECT_EQ(test, s->rsp_prod, 0u);
	KUNIT_EXPECT_EQ(test, s->req_event, 1u);
	KUNIT_EXPECT_EQ(test, s->rsp_event, 1u);
	KUNIT_EXPECT_EQ(test, xen_front_ring_free(&r), 32u);
	KUNIT_EXPECT_EQ(test, xen_front_ring_in_flight(&r), 0u);

	/* Slots start after the 64-byte header and wrap at nr_ents. */
	slot0 = xen_front_ring_slot(&r, 0);
	slot31 = xen_front_ring_slot(&r, 31);
	KUNIT_EXPECT_PTR_EQ(test, slot0, (u8 *)s + 64);
	KUNIT_EXPECT_PTR_EQ(test, slot31, (u8 *)s + 64 + 31 * BLKIF_SLOT);
	KUNIT_EXPECT_PTR_EQ(test, xen_front_ring_slot(&r, 32), (void *)slot0);
	KUNIT_EXPECT_PTR_EQ(test, xen_front_ring_slot(&r, U32_MAX), (void *)slot31);
	KUNIT_EXPECT_LE(test, (size_t)(slot31 + BLKIF_SLOT - (u8 *)s), PAGE_SIZE);

	/* Not one slot fits: refused. */
	KUNIT_EXPECT_FALSE(test, xen_front_ring_init(&r, s, 64, 8));
	KUNIT_EXPECT_FALSE(test, xen_front_ring_init(&r, s, PAGE_SIZE, PAGE_SIZE));
}

/* The backend asks for a notification once req_prod passes req_event. */
static void push_notify_test(struct kunit *test)
{
	static const u32 starts[] = { 0, 100, U32_MAX - 1, U32_MAX, 0x80000000 - 2 };
	struct xen_front_ring *r = new_ring(test, 1, BLKIF_SLOT);
	int i, j;

	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		u32 start = starts[i];
		static const struct {
			s32 event;	/* req_event relative to the old req_prod */
			bool notify;
		} ev[] = {
			{ 1, true }, { 2, true }, { 4, true },	/* in (old, new] */
			{ 5, false }, { 100, false },		/* not reached yet */
			{ 0, false }, { -1, false }, { -1000, false },	/* passed */
		};

		for (j = 0; j < ARRAY_SIZE(ev); j++) {
			ring_at(r, start);
			r->sring->req_event = start + ev[j].event;
			xen_front_ring_next_req(r);
			xen_front_ring_next_req(r);
			xen_front_ring_next_req(r);
			xen_front_ring_next_req(r);
			KUNIT_EXPECT_EQ_MSG(test, xen_front_ring_push(r), ev[j].notify,
					    "start %#x, event +%d", start, ev[j].event);
			KUNIT_EXPECT_EQ(test, r->sring->req_prod, start + 4);
			KUNIT_EXPECT_EQ(test, r->req_pushed, start + 4);
			KUNIT_EXPECT_EQ(test, xen_front_ring_in_flight(r), 4u);
			KUNIT_EXPECT_EQ(test, xen_front_ring_free(r), 28u);
		}

		/* A push with nothing new never notifies. */
		ring_at(r, start);
		r->sring->req_event = start;
		KUNIT_EXPECT_FALSE(test, xen_front_ring_push(r));
		r->sring->req_event = start + 1;
		KUNIT_EXPECT_FALSE(test, xen_front_ring_push(r));

		/* Pushing in two steps: each step judged on its own range. */
		ring_at(r, start);
		r->sring->req_event = start + 3;
		xen_front_ring_next_req(r);
		xen_front_ring_next_req(r);
		KUNIT_EXPECT_FALSE(test, xen_front_ring_push(r));
		xen_front_ring_next_req(r);
		KUNIT_EXPECT_TRUE(test, xen_front_ring_push(r));
	}
}

/* A full ring: every slot in flight, then all answered across the wrap. */
static void full_ring_test(struct kunit *test)
{
	struct xen_front_ring *r = new_ring(test, 1, BLKIF_SLOT);
	u32 start = U32_MAX - 9, prod;
	int i;

	ring_at(r, start);
	for (i = 0; i < 32; i++)
		xen_front_ring_next_req(r);
	KUNIT_EXPECT_EQ(test, xen_front_ring_free(r), 0u);
	xen_front_ring_push(r);
	r->sring->rsp_prod = start + 32;
	KUNIT_ASSERT_EQ(test, xen_front_ring_responses(r, &prod), 0);
	KUNIT_EXPECT_EQ(test, prod, start + 32);
	r->rsp_cons = prod;
	KUNIT_EXPECT_EQ(test, xen_front_ring_free(r), 32u);
	KUNIT_EXPECT_FALSE(test, xen_front_ring_final_check(r));
}

/* rsp_prod is the backend's: only [rsp_cons, req_pushed] is believable. */
static void responses_test(struct kunit *test)
{
	static const u32 starts[] = { 0, U32_MAX - 1, U32_MAX, 0x7fffffff };
	struct xen_front_ring *r = new_ring(test, 1, BLKIF_SLOT);
	u32 prod;
	int i, k;

	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		u32 start = starts[i];

		ring_at(r, start);
		for (k = 0; k < 4; k++)
			xen_front_ring_next_req(r);
		xen_front_ring_push(r);
		/* Filled but not pushed: no response may exist for these. */
		xen_front_ring_next_req(r);
		xen_front_ring_next_req(r);

		for (k = 0; k <= 4; k++) {
			prod = 0xdead;
			r->sring->rsp_prod = start + k;
			KUNIT_EXPECT_EQ(test, xen_front_ring_responses(r, &prod), 0);
			KUNIT_EXPECT_EQ(test, prod, start + k);
		}
		/* Ahead of what was pushed, far ahead, and backwards. */
		for (k = 5; k <= 7; k++) {
			r->sring->rsp_prod = start + k;
			prod = 0xdead;
			KUNIT_EXPECT_EQ(test, xen_front_ring_responses(r, &prod), -EIO);
			KUNIT_EXPECT_EQ(test, prod, 0xdeadu);
		}
		r->sring->rsp_prod = start + 0x80000000u;
		KUNIT_EXPECT_EQ(test, xen_front_ring_responses(r, &prod), -EIO);
		r->sring->rsp_prod = start - 1;
		KUNIT_EXPECT_EQ(test, xen_front_ring_responses(r, &prod), -EIO);

		/* After consuming two, rsp_prod behind them is refused too. */
		r->rsp_cons = start + 2;
		r->sring->rsp_prod = start + 1;
		KUNIT_EXPECT_EQ(test, xen_front_ring_responses(r, &prod), -EIO);
		r->sring->rsp_prod = start + 3;
		KUNIT_EXPECT_EQ(test, xen_front_ring_responses(r, &prod), 0);
	}
}

/* The response-side final check, with and without a racing response. */
static void final_check_test(struct kunit *test)
{
	static const u32 starts[] = { 0, U32_MAX - 3, U32_MAX };
	struct xen_front_ring *r = new_ring(test, 2, BLKIF_SLOT);
	u32 prod;
	int i, k;

	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		u32 start = starts[i];

		ring_at(r, start);
		for (k = 0; k < 3; k++)
			xen_front_ring_next_req(r);
		xen_front_ring_push(r);

		/* Nothing answered: ask for an event at the first response. */
		KUNIT_EXPECT_FALSE(test, xen_front_ring_final_check(r));
		KUNIT_EXPECT_EQ(test, r->sring->rsp_event, start + 1);

		/* Two answered and consumed; the third not yet. */
		r->sring->rsp_prod = start + 2;
		KUNIT_ASSERT_EQ(test, xen_front_ring_responses(r, &prod), 0);
		r->rsp_cons = prod;
		KUNIT_EXPECT_FALSE(test, xen_front_ring_final_check(r));
		KUNIT_EXPECT_EQ(test, r->sring->rsp_event, start + 3);

		/* The third raced in before the check: consume it now. */
		r->sring->rsp_prod = start + 3;
		KUNIT_EXPECT_TRUE(test, xen_front_ring_final_check(r));
		KUNIT_ASSERT_EQ(test, xen_front_ring_responses(r, &prod), 0);
		r->rsp_cons = prod;
		KUNIT_EXPECT_FALSE(test, xen_front_ring_final_check(r));
		KUNIT_EXPECT_EQ(test, r->sring->rsp_event, start + 4);

		/* A corrupt rsp_prod: "look again", and the look fails. */
		r->sring->rsp_prod = start + 10;
		KUNIT_EXPECT_TRUE(test, xen_front_ring_final_check(r));
		KUNIT_EXPECT_EQ(test, xen_front_ring_responses(r, &prod), -EIO);
	}
}

static struct kunit_case xen_ring_cases[] = {
	KUNIT_CASE(nr_slots_test),
	KUNIT_CASE(init_test),
	KUNIT_CASE(push_notify_test),
	KUNIT_CASE(full_ring_test),
	KUNIT_CASE(responses_test),
	KUNIT_CASE(final_check_test),
	{}
};

static struct kunit_suite xen_ring_suite = {
	.name = "xen_ring",
	.test_cases = xen_ring_cases,
};

kunit_test_suite(xen_ring_suite);

MODULE_LICENSE("GPL");
