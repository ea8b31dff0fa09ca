// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the console ring index arithmetic (<xen/console-ring.h>):
 * empty and full rings, wrap of the array and of the 32-bit indices, and
 * indices a hostile backend might write.  Needs no Xen.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <xen/console-ring.h>
#include <xen/interface/io/console.h>

#define RING_SIZE	16

/* A ring with a guard byte on each side to catch stray stores. */
struct guarded_ring {
	char before;
	char ring[RING_SIZE];
	char after;
};

static void init_ring(struct guarded_ring *g)
{
	memset(g, '.', sizeof(*g));
}

/* KUnit of Linux 6.1 has no memory comparison; show both sides on failure. */
static void expect_bytes(struct kunit *test, const char *got, const char *want, int len)
{
	KUNIT_EXPECT_TRUE_MSG(test, !memcmp(got, want, len), "got \"%.*s\", want \"%.*s\"",
			      len, got, len, want);
}

static void expect_guards(struct kunit *test, const struct guarded_ring *g)
{
	KUNIT_EXPECT_EQ(test, g->before, '.');
	KUNIT_EXPECT_EQ(test, g->after, '.');
}

static void queued_counts(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(0, 0, RING_SIZE), 0);
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(5, 2, RING_SIZE), 3);
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(16, 0, RING_SIZE), RING_SIZE);
	/* Across the 2^32 wrap of the free-running indices. */
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(3, 0xfffffffeU, RING_SIZE), 5);
}

static void queued_rejects_corrupt(struct kunit *test)
{
	/* One past full. */
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(17, 0, RING_SIZE), -EIO);
	/* Consumer ahead of producer: a huge unsigned distance. */
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(0, 1, RING_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(0x80000000U, 0, RING_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(0, 0xfffff000U, 2048), -EIO);
	/* One byte queued across the wrap is fine, though. */
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(0, 0xffffffffU, 2048), 1);
}

static void put_into_empty(struct kunit *test)
{
	struct guarded_ring g;

	init_ring(&g);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 0, 0, "hello", 5), 5);
	expect_bytes(test, g.ring, "hello", 5);
	KUNIT_EXPECT_EQ(test, g.ring[5], '.');
	expect_guards(test, &g);
}

static void put_limited_by_space(struct kunit *test)
{
	struct guarded_ring g;

	init_ring(&g);
	/* 12 queued, 4 free: only "abcd" fits, at slots 12..15. */
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 12, 0, "abcdefgh", 8), 4);
	expect_bytes(test, g.ring + 12, "abcd", 4);
	KUNIT_EXPECT_EQ(test, g.ring[0], '.');
	expect_guards(test, &g);
}

static void put_into_full(struct kunit *test)
{
	struct guarded_ring g;

	init_ring(&g);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 20, 4, "x", 1), 0);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 4, 4, "x", 0), 0);
	expect_bytes(test, g.ring, "................", RING_SIZE);
	expect_guards(test, &g);
}

static void put_wraps_array(struct kunit *test)
{
	struct guarded_ring g;

	init_ring(&g);
	/* Producer at slot 14, ring empty: "ab" at 14..15, "cdef" at 0..3. */
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 30, 30, "abcdef", 6), 6);
	expect_bytes(test, g.ring + 14, "ab", 2);
	expect_bytes(test, g.ring, "cdef", 4);
	KUNIT_EXPECT_EQ(test, g.ring[4], '.');
	expect_guards(test, &g);
}

static void put_wraps_index(struct kunit *test)
{
	struct guarded_ring g;
	u32 prod = 0xfffffffeU;

	init_ring(&g);
	/* Slots 14, 15, then 0 after the index wraps to 0. */
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, prod, prod, "xyz", 3), 3);
	expect_bytes(test, g.ring + 14, "xy", 2);
	KUNIT_EXPECT_EQ(test, g.ring[0], 'z');
	KUNIT_EXPECT_EQ(test, xencons_ring_queued(prod + 3, prod, RING_SIZE), 3);
	expect_guards(test, &g);
}

static void put_rejects_corrupt(struct kunit *test)
{
	struct guarded_ring g;

	init_ring(&g);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 0, 1, "x", 1), -EIO);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 100, 0, "x", 1), -EIO);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(g.ring, RING_SIZE, 0, 0x7fffffffU, "x", 1), -EIO);
	expect_bytes(test, g.ring, "................", RING_SIZE);
	expect_guards(test, &g);
}

static void get_from_empty(struct kunit *test)
{
	char out[4];

	memset(out, '.', sizeof(out));
	KUNIT_EXPECT_EQ(test, xencons_ring_get("0123456789abcdef", RING_SIZE, 7, 7, out, 4), 0);
	expect_bytes(test, out, "....", 4);
}

static void get_limited_by_len(struct kunit *test)
{
	char out[4];

	memset(out, '.', sizeof(out));
	/* 10 bytes queued from slot 2; only 3 asked for. */
	KUNIT_EXPECT_EQ(test, xencons_ring_get("0123456789abcdef", RING_SIZE, 2, 12, out, 3), 3);
	expect_bytes(test, out, "234.", 4);
}

static void get_wraps(struct kunit *test)
{
	u32 cons = 0xfffffffdU;	/* slot 13 */
	char out[8];

	memset(out, '.', sizeof(out));
	/* 6 queued: slots 13, 14, 15, then 0, 1, 2 after both wraps. */
	KUNIT_EXPECT_EQ(test, xencons_ring_get("0123456789abcdef", RING_SIZE, cons, cons + 6,
					       out, sizeof(out)), 6);
	expect_bytes(test, out, "def012..", 8);
}

static void get_full_ring(struct kunit *test)
{
	char out[RING_SIZE + 4];

	memset(out, '.', sizeof(out));
	KUNIT_EXPECT_EQ(test, xencons_ring_get("0123456789abcdef", RING_SIZE, 8, 24,
					       out, sizeof(out)), RING_SIZE);
	expect_bytes(test, out, "89abcdef01234567....", sizeof(out));
}

static void get_rejects_corrupt(struct kunit *test)
{
	char out[4];

	memset(out, '.', sizeof(out));
	KUNIT_EXPECT_EQ(test, xencons_ring_get("0123456789abcdef", RING_SIZE, 0, 17, out, 4), -EIO);
	KUNIT_EXPECT_EQ(test, xencons_ring_get("0123456789abcdef", RING_SIZE, 5, 4, out, 4), -EIO);
	expect_bytes(test, out, "....", 4);
}

/* The real page: a full output ring and a wrapped input ring. */
static void real_page_sizes(struct kunit *test)
{
	struct xencons_interface *intf;
	char buf[8];

	intf = kunit_kzalloc(test, sizeof(*intf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, intf);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(intf->out, sizeof(intf->out), 2048, 0,
					       "x", 1), 0);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(intf->out, sizeof(intf->out), 2049, 0,
					       "x", 1), -EIO);
	KUNIT_EXPECT_EQ(test, xencons_ring_put(intf->out, sizeof(intf->out), 2047, 0,
					       "yz", 2), 1);
	KUNIT_EXPECT_EQ(test, intf->out[2047], 'y');
	KUNIT_EXPECT_EQ(test, intf->in_cons, 0U);	/* nothing beyond out[] */

	intf->in[1023] = 'a';
	intf->in[0] = 'b';
	KUNIT_EXPECT_EQ(test, xencons_ring_get(intf->in, sizeof(intf->in), 1023, 1025,
					       buf, sizeof(buf)), 2);
	expect_bytes(test, buf, "ab", 2);
	KUNIT_EXPECT_EQ(test, xencons_ring_get(intf->in, sizeof(intf->in), 0, 1025,
					       buf, sizeof(buf)), -EIO);
}

static struct kunit_case xen_console_ring_cases[] = {
	KUNIT_CASE(queued_counts),
	KUNIT_CASE(queued_rejects_corrupt),
	KUNIT_CASE(put_into_empty),
	KUNIT_CASE(put_limited_by_space),
	KUNIT_CASE(put_into_full),
	KUNIT_CASE(put_wraps_array),
	KUNIT_CASE(put_wraps_index),
	KUNIT_CASE(put_rejects_corrupt),
	KUNIT_CASE(get_from_empty),
	KUNIT_CASE(get_limited_by_len),
	KUNIT_CASE(get_wraps),
	KUNIT_CASE(get_full_ring),
	KUNIT_CASE(get_rejects_corrupt),
	KUNIT_CASE(real_page_sizes),
	{}
};

static struct kunit_suite xen_console_ring_suite = {
	.name = "xen_console_ring",
	.test_cases = xen_console_ring_cases,
};

kunit_test_suite(xen_console_ring_suite);

MODULE_DESCRIPTION("KUnit tests of the Xen console ring index arithmetic");
MODULE_LICENSE("GPL");
