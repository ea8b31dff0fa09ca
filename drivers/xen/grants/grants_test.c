// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "xen_grants": the grant service's pure logic on plain
 * memory, no Xen needed.  The reference allocator (free list order,
 * exhaustion, reservations, misuse, waiters, growth) and publishing and
 * revoking an entry, with every in-use state and malformed flags words.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "entry.h"
#include "pool.h"

#define CAP	64
#define FIRST	GNTTAB_NR_RESERVED_ENTRIES

static struct xen_grant_pool *new_pool(struct kunit *test, u32 nr_refs)
{
	struct xen_grant_pool *pool = kunit_kzalloc(test, sizeof(*pool), GFP_KERNEL);
	u32 *next = kunit_kcalloc(test, CAP, sizeof(*next), GFP_KERNEL);
	u8 *state = kunit_kcalloc(test, CAP, sizeof(*state), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pool);
	KUNIT_ASSERT_NOT_NULL(test, next);
	KUNIT_ASSERT_NOT_NULL(test, state);
	xen_grant_pool_init(pool, next, state, CAP, FIRST);
	KUNIT_ASSERT_EQ(test, xen_grant_pool_grow(pool, nr_refs), nr_refs);
	return pool;
}

/* Every reference is in exactly one state, and the free list is sound. */
static void check_pool(struct kunit *test, struct xen_grant_pool *pool)
{
	u32 sum = 0, n = 0, ref, last = XEN_GRANT_POOL_END;
	int s;

	for (s = 0; s < XEN_GREF_NR_STATES; s++)
		sum += pool->count[s];
	KUNIT_EXPECT_EQ(test, sum, pool->nr_refs);
	for (ref = pool->head; ref != XEN_GRANT_POOL_END; ref = pool->next[ref]) {
		KUNIT_ASSERT_LT(test, ref, pool->nr_refs);
		KUNIT_EXPECT_EQ(test, pool->state[ref], (u8)XEN_GREF_FREE);
		KUNIT_ASSERT_LE(test, ++n, pool->nr_refs);
		last = ref;
	}
	KUNIT_EXPECT_EQ(test, n, xen_grant_pool_nr_free(pool));
	KUNIT_EXPECT_EQ(test, last, pool->tail);
}

static void pool_grow_test(struct kunit *test)
{
	struct xen_grant_pool *pool = new_pool(test, 16);
	u32 ref;

	for (ref = 0; ref < FIRST; ref++)
		KUNIT_EXPECT_EQ(test, pool->state[ref], (u8)XEN_GREF_FIXED);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), 16u - FIRST);
	check_pool(test, pool);

	/* New references go behind the free ones. */
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), FIRST);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_grow(pool, 24), 24u);
	for (ref = FIRST + 1; ref < 24; ref++)
		KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), (int)ref);
	check_pool(test, pool);

	/* Never shrinks, never past the capacity. */
	KUNIT_EXPECT_EQ(test, xen_grant_pool_grow(pool, 10), 24u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_grow(pool, CAP + 100), (u32)CAP);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), CAP - 24u);
	check_pool(test, pool);
}

/* A table smaller than the fixed entries hands out nothing. */
static void pool_tiny_test(struct kunit *test)
{
	struct xen_grant_pool *pool = new_pool(test, 4);

	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), 0u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), -ENOSPC);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_grow(pool, FIRST + 1), FIRST + 1);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), FIRST);
	check_pool(test, pool);
}

static void pool_exhaust_test(struct kunit *test)
{
	struct xen_grant_pool *pool = new_pool(test, 16);
	int i;

	for (i = FIRST; i < 16; i++)
		KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), i);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), -ENOSPC);
	KUNIT_EXPECT_EQ(test, pool->head, XEN_GRANT_POOL_END);
	KUNIT_EXPECT_EQ(test, pool->tail, XEN_GRANT_POOL_END);
	KUNIT_EXPECT_EQ(test, pool->count[XEN_GREF_USED], 16u - FIRST);

	/* Freed references come back oldest first. */
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_put(pool, 12, XEN_GREF_USED));
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_put(pool, 9, XEN_GREF_USED));
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_put(pool, 15, XEN_GREF_USED));
	check_pool(test, pool);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), 12);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), 9);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), 15);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), -ENOSPC);
	check_pool(test, pool);
}

static bool to_ending(struct xen_grant_pool *pool, u32 ref)
{
	return xen_grant_pool_set_state(pool, ref, XEN_GREF_USED, XEN_GREF_ENDING);
}

/* Misuse is reported and ignored; the free list stays sound. */
static void pool_misuse_test(struct kunit *test)
{
	struct xen_grant_pool *pool = new_pool(test, 16);
	struct xen_grant_reservation res;
	int ref = xen_grant_pool_get(pool);

	KUNIT_ASSERT_EQ(test, ref, FIRST);
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_put(pool, ref, XEN_GREF_USED));
	/* Double free. */
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, ref, XEN_GREF_USED));
	/* A fixed entry, one out of the table, one never handed out. */
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, 1, XEN_GREF_USED));
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, 16, XEN_GREF_USED));
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, U32_MAX, XEN_GREF_USED));
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, 11, XEN_GREF_USED));
	/* Freeing a reference still in a reservation. */
	KUNIT_ASSERT_EQ(test, xen_grant_pool_reserve(pool, 2, &res), 0);
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, res.head, XEN_GREF_USED));
	/* Freeing an ending reference as if in use, and the other way. */
	ref = xen_grant_pool_get(pool);
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, ref, XEN_GREF_ENDING));
	KUNIT_EXPECT_TRUE(test, to_ending(pool, ref));
	KUNIT_EXPECT_FALSE(test, to_ending(pool, ref));
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_put(pool, ref, XEN_GREF_USED));
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_put(pool, ref, XEN_GREF_ENDING));
	/* Unclaiming what was never claimed. */
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_unclaim(pool, &res, 13));
	KUNIT_EXPECT_EQ(test, res.count, 2u);
	KUNIT_EXPECT_EQ(test, pool->misuse, 10ul);
	check_pool(test, pool);

	/* Every reference still comes out once. */
	xen_grant_pool_unreserve(pool, &res);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), 16u - FIRST);
	check_pool(test, pool);
}

static void pool_reserve_test(struct kunit *test)
{
	struct xen_grant_pool *pool = new_pool(test, 16);
	struct xen_grant_reservation res, res2;
	int a, b, c;

	KUNIT_ASSERT_EQ(test, xen_grant_pool_reserve(pool, 3, &res), 0);
	KUNIT_EXPECT_EQ(test, res.count, 3u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), 16u - FIRST - 3);
	KUNIT_EXPECT_EQ(test, pool->count[XEN_GREF_HELD], 3u);
	check_pool(test, pool);

	/* All or nothing. */
	KUNIT_EXPECT_EQ(test, xen_grant_pool_reserve(pool, 6, &res2), -ENOSPC);
	KUNIT_EXPECT_EQ(test, res2.count, 0u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), 5u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_reserve(pool, 0, &res2), 0);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_claim(pool, &res2), -ENOSPC);

	a = xen_grant_pool_claim(pool, &res);
	b = xen_grant_pool_claim(pool, &res);
	c = xen_grant_pool_claim(pool, &res);
	KUNIT_EXPECT_EQ(test, a, FIRST);
	KUNIT_EXPECT_EQ(test, b, FIRST + 1);
	KUNIT_EXPECT_EQ(test, c, FIRST + 2);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_claim(pool, &res), -ENOSPC);
	KUNIT_EXPECT_EQ(test, pool->count[XEN_GREF_USED], 3u);

	/* Unclaim puts back in front. */
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_unclaim(pool, &res, b));
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_unclaim(pool, &res, a));
	KUNIT_EXPECT_EQ(test, res.count, 2u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_claim(pool, &res), a);

	/* The rest goes back to the free list's end. */
	xen_grant_pool_unreserve(pool, &res);
	KUNIT_EXPECT_EQ(test, res.count, 0u);
	KUNIT_EXPECT_EQ(test, pool->count[XEN_GREF_HELD], 0u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), 6u);
	KUNIT_EXPECT_EQ(test, pool->tail, (u32)b);
	check_pool(test, pool);

	/* The whole free list in one reservation. */
	KUNIT_ASSERT_EQ(test, xen_grant_pool_reserve(pool, 6, &res2), 0);
	KUNIT_EXPECT_EQ(test, pool->head, XEN_GRANT_POOL_END);
	KUNIT_EXPECT_EQ(test, pool->tail, XEN_GRANT_POOL_END);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_get(pool), -ENOSPC);
	xen_grant_pool_unreserve(pool, &res2);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), 6u);
	check_pool(test, pool);
}

/* A reservation whose head or links lead elsewhere is not followed. */
static void pool_corrupt_reservation_test(struct kunit *test)
{
	struct xen_grant_pool *pool = new_pool(test, 16);
	struct xen_grant_reservation res = { .head = 40, .count = 2 };
	u32 nr_free = xen_grant_pool_nr_free(pool);

	KUNIT_EXPECT_EQ(test, xen_grant_pool_claim(pool, &res), -EINVAL);
	KUNIT_EXPECT_EQ(test, res.count, 0u);

	/* Pointing at a free reference: claiming it would split the list. */
	res.head = pool->head;
	res.count = 1;
	KUNIT_EXPECT_EQ(test, xen_grant_pool_claim(pool, &res), -EINVAL);
	res.head = pool->head;
	res.count = 3;
	xen_grant_pool_unreserve(pool, &res);
	KUNIT_EXPECT_EQ(test, res.count, 0u);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), nr_free);
	check_pool(test, pool);

	/* A count larger than the chain: the walk stops at its end. */
	KUNIT_ASSERT_EQ(test, xen_grant_pool_reserve(pool, 2, &res), 0);
	res.count = 5;
	xen_grant_pool_unreserve(pool, &res);
	KUNIT_EXPECT_EQ(test, xen_grant_pool_nr_free(pool), nr_free);
	KUNIT_EXPECT_EQ(test, pool->count[XEN_GREF_HELD], 0u);
	check_pool(test, pool);
}

static void waiter_fn(struct xen_grant_waiter *w)
{
}

static void pool_waiters_test(struct kunit *test)
{
	struct xen_grant_pool *pool = new_pool(test, 16);
	struct xen_grant_waiter a = { .fn = waiter_fn }, b = { .fn = waiter_fn },
		c = { .fn = waiter_fn };
	int i;

	for (i = FIRST; i < 16; i++)
		xen_grant_pool_get(pool);
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_wait(pool, &a, 2));
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_wait(pool, &b, 5));
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_wait(pool, &c, 1));
	/* Queuing again changes nothing, not even the count. */
	KUNIT_EXPECT_FALSE(test, xen_grant_pool_wait(pool, &a, 1));
	KUNIT_EXPECT_EQ(test, a.count, 2u);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), NULL);

	/* One free: only c is met. */
	xen_grant_pool_put(pool, 8, XEN_GREF_USED);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), &c);
	KUNIT_EXPECT_FALSE(test, c.queued);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), NULL);

	/* Five free: a before b, in queue order. */
	for (i = 9; i < 13; i++)
		xen_grant_pool_put(pool, i, XEN_GREF_USED);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), &a);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), &b);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), NULL);
	KUNIT_EXPECT_TRUE(test, list_empty(&pool->waiters));

	/* Cancelled waiters are not run; cancelling twice is harmless. */
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_wait(pool, &a, 1));
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_wait(pool, &b, 1));
	xen_grant_pool_cancel(pool, &a);
	xen_grant_pool_cancel(pool, &a);
	KUNIT_EXPECT_FALSE(test, a.queued);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), &b);
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), NULL);

	/* A waiter for 0 is met at once. */
	KUNIT_EXPECT_TRUE(test, xen_grant_pool_wait(pool, &c, 0));
	KUNIT_EXPECT_PTR_EQ(test, xen_grant_pool_next_ready(pool), &c);
}

static void grow_target_test(struct kunit *test)
{
	/* Enough free: no growth. */
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(4, 64, 512, 10, 10), 4u);
	/* Short of one: the minimum step. */
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(4, 64, 512, 0, 1),
			4u + XEN_GRANT_GROW_FRAMES);
	/* Short of many: what they need. */
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(4, 64, 512, 100, 100 + 5 * 512 + 1),
			10u);
	/* Capped at the maximum; at the maximum already. */
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(62, 64, 512, 0, 1), 64u);
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(64, 64, 512, 0, 1), 64u);
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(4, 64, 512, 0, U32_MAX), 64u);
	/* Nonsense sizes do not divide by zero or wrap. */
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(4, 64, 0, 0, 1), 4u);
	KUNIT_EXPECT_EQ(test, xen_grant_grow_target(U32_MAX - 1, U32_MAX, 512, 0, U32_MAX),
			U32_MAX);
}

/* ---- entries ---- */

static void entry_fill_test(struct kunit *test)
{
	struct grant_entry_v1 e = { };

	xen_grant_entry_fill(&e, 5, 0x12345, false);
	KUNIT_EXPECT_EQ(test, e.flags, (u16)GTF_permit_access);
	KUNIT_EXPECT_EQ(test, e.domid, (domid_t)5);
	KUNIT_EXPECT_EQ(test, e.frame, 0x12345u);
	e.flags = 0;
	xen_grant_entry_fill(&e, 0, 0xffffffff, true);
	KUNIT_EXPECT_EQ(test, e.flags, (u16)(GTF_permit_access | GTF_readonly));
	KUNIT_EXPECT_EQ(test, e.frame, 0xffffffffu);
}

static const struct {
	u16 flags;
	enum xen_grant_revoke_action action;
} revoke_cases[] = {
	{ 0, XEN_GRANT_REVOKE_IDLE },
	{ GTF_permit_access, XEN_GRANT_REVOKE_CLEAR },
	{ GTF_permit_access | GTF_readonly, XEN_GRANT_REVOKE_CLEAR },
	{ GTF_permit_access | GTF_reading, XEN_GRANT_REVOKE_BUSY },
	{ GTF_permit_access | GTF_writing, XEN_GRANT_REVOKE_BUSY },
	{ GTF_permit_access | GTF_reading | GTF_writing, XEN_GRANT_REVOKE_BUSY },
	{ GTF_permit_access | GTF_readonly | GTF_reading, XEN_GRANT_REVOKE_BUSY },
	/* Malformed: in use but invalid, a type we never write, stray bits. */
	{ GTF_reading, XEN_GRANT_REVOKE_BUSY },
	{ GTF_writing, XEN_GRANT_REVOKE_BUSY },
	{ GTF_readonly, XEN_GRANT_REVOKE_CLEAR },
	{ GTF_accept_transfer, XEN_GRANT_REVOKE_CLEAR },
	{ GTF_transitive, XEN_GRANT_REVOKE_CLEAR },
	{ GTF_transitive | GTF_writing, XEN_GRANT_REVOKE_BUSY },
	{ GTF_permit_access | GTF_PWT | GTF_PCD | GTF_PAT, XEN_GRANT_REVOKE_CLEAR },
	{ GTF_permit_access | GTF_sub_page, XEN_GRANT_REVOKE_CLEAR },
	{ 0xffe0, XEN_GRANT_REVOKE_CLEAR },
	{ 0xffff, XEN_GRANT_REVOKE_BUSY },
	{ 0xffe7, XEN_GRANT_REVOKE_CLEAR },
};

static void revoke_decide_test(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(revoke_cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xen_grant_revoke_decide(revoke_cases[i].flags),
				    revoke_cases[i].action, "flags %#x",
				    revoke_cases[i].flags);
}

/* On the word itself: busy words are left exactly as they were. */
static void revoke_word_test(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(revoke_cases); i++) {
		struct grant_entry_v1 e = {
			.flags = revoke_cases[i].flags, .domid = 3, .frame = 77,
		};
		bool busy = revoke_cases[i].action == XEN_GRANT_REVOKE_BUSY;

		KUNIT_EXPECT_EQ_MSG(test, xen_grant_flags_revoke(&e.flags), !busy,
				    "flags %#x", revoke_cases[i].flags);
		KUNIT_EXPECT_EQ_MSG(test, e.flags, busy ? revoke_cases[i].flags : 0,
				    "flags %#x", revoke_cases[i].flags);
		/* The neighbouring fields are never touched. */
		KUNIT_EXPECT_EQ(test, e.domid, (domid_t)3);
		KUNIT_EXPECT_EQ(test, e.frame, 77u);
	}
}

/* Publish, use, release, revoke: the life of one grant. */
static void revoke_cycle_test(struct kunit *test)
{
	struct grant_entry_v1 e = { };

	xen_grant_entry_fill(&e, 1, 42, false);
	/* Xen maps it for writing. */
	e.flags |= GTF_writing;
	KUNIT_EXPECT_FALSE(test, xen_grant_flags_revoke(&e.flags));
	KUNIT_EXPECT_FALSE(test, xen_grant_flags_revoke(&e.flags));
	KUNIT_EXPECT_EQ(test, e.flags, (u16)(GTF_permit_access | GTF_writing));
	/* The grantee unmaps. */
	e.flags &= ~GTF_writing;
	KUNIT_EXPECT_TRUE(test, xen_grant_flags_revoke(&e.flags));
	KUNIT_EXPECT_EQ(test, e.flags, 0);
	/* Revoking an invalid entry again is fine. */
	KUNIT_EXPECT_TRUE(test, xen_grant_flags_revoke(&e.flags));
}

static struct kunit_case xen_grants_cases[] = {
	KUNIT_CASE(pool_grow_test),
	KUNIT_CASE(pool_tiny_test),
	KUNIT_CASE(pool_exhaust_test),
	KUNIT_CASE(pool_misuse_test),
	KUNIT_CASE(pool_reserve_test),
	KUNIT_CASE(pool_corrupt_reservation_test),
	KUNIT_CASE(pool_waiters_test),
	KUNIT_CASE(grow_target_test),
	KUNIT_CASE(entry_fill_test),
	KUNIT_CASE(revoke_decide_test),
	KUNIT_CASE(revoke_word_test),
	KUNIT_CASE(revoke_cycle_test),
	{}
};

static struct kunit_suite xen_grants_suite = {
	.name = "xen_grants",
	.test_cases = xen_grants_cases,
};

kunit_test_suite(xen_grants_suite);
