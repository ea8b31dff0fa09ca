// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite xen_blkfront: the frontend's pure logic with malformed
 * input.  Responses with bad ids, stale or duplicate ids, wrong
 * operations and unknown status; the backend's xenstore values (huge
 * ring orders, zero queues, bad sector sizes, overflowing numbers);
 * virtual-device numbers to names and minors; segment arithmetic.
 * Needs no Xen to run.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "blkfront.h"

MODULE_IMPORT_NS(XEN_BLKFRONT_KUNIT);

/* ---- responses ---- */

#define NR_SLOTS 4

static void fill_shadow(struct blkfront_shadow *sh)
{
	memset(sh, 0, sizeof(*sh) * NR_SLOTS);
	sh[1] = (struct blkfront_shadow){ .id = 7ULL << 32 | 1,
					  .op = BLKIF_OP_WRITE,
					  .data_op = BLKIF_OP_WRITE,
					  .in_flight = true };
	sh[2] = (struct blkfront_shadow){ .id = 9ULL << 32 | 2,
					  .op = BLKIF_OP_INDIRECT,
					  .data_op = BLKIF_OP_READ,
					  .in_flight = true };
	/* Slot 3 was used and answered already. */
	sh[3] = (struct blkfront_shadow){ .id = 5ULL << 32 | 3,
					  .op = BLKIF_OP_READ };
}

static int check(struct blkfront_shadow *sh, u64 id, u8 op, s16 status,
		 unsigned int *idx)
{
	struct blkif_response rsp = { .id = id, .operation = op, .status = status };
	const char *why = NULL;
	int ret = blkfront_check_response(sh, NR_SLOTS, &rsp, idx, &why);

	/* Every refusal explains itself. */
	if (ret && !why)
		return -EINVAL;
	return ret;
}

static void rsp_good(struct kunit *test)
{
	struct blkfront_shadow sh[NR_SLOTS];
	unsigned int idx = ~0U;

	fill_shadow(sh);
	KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_WRITE,
				    BLKIF_RSP_OKAY, &idx), 0);
	KUNIT_EXPECT_EQ(test, idx, 1U);
	KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_WRITE,
				    BLKIF_RSP_ERROR, &idx), 0);
	KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_WRITE,
				    BLKIF_RSP_EOPNOTSUPP, &idx), 0);
	/* Indirect: either the indirect or the carried operation. */
	KUNIT_EXPECT_EQ(test, check(sh, 9ULL << 32 | 2, BLKIF_OP_INDIRECT,
				    BLKIF_RSP_OKAY, &idx), 0);
	KUNIT_EXPECT_EQ(test, idx, 2U);
	KUNIT_EXPECT_EQ(test, check(sh, 9ULL << 32 | 2, BLKIF_OP_READ,
				    BLKIF_RSP_OKAY, &idx), 0);
}

static void rsp_bad_id(struct kunit *test)
{
	struct blkfront_shadow sh[NR_SLOTS];
	unsigned int idx;

	fill_shadow(sh);
	/* Out of range, in the low and in the high half. */
	KUNIT_EXPECT_EQ(test, check(sh, NR_SLOTS, BLKIF_OP_READ, 0, &idx), -EIO);
	KUNIT_EXPECT_EQ(test, check(sh, 0xffffffffULL, BLKIF_OP_READ, 0, &idx), -EIO);
	KUNIT_EXPECT_EQ(test, check(sh, U64_MAX, BLKIF_OP_READ, 0, &idx), -EIO);
	/* Never used. */
	KUNIT_EXPECT_EQ(test, check(sh, 0, BLKIF_OP_READ, 0, &idx), -EIO);
	/* Right slot, wrong generation: an earlier request's id. */
	KUNIT_EXPECT_EQ(test, check(sh, 6ULL << 32 | 1, BLKIF_OP_WRITE, 0, &idx), -EIO);
	KUNIT_EXPECT_EQ(test, check(sh, 1, BLKIF_OP_WRITE, 0, &idx), -EIO);
}

static void rsp_duplicate(struct kunit *test)
{
	struct blkfront_shadow sh[NR_SLOTS];
	unsigned int idx;

	fill_shadow(sh);
	/* Already answered: a second response is refused. */
	KUNIT_EXPECT_EQ(test, check(sh, 5ULL << 32 | 3, BLKIF_OP_READ, 0, &idx), -EIO);
	/* As the driver does after the first one. */
	KUNIT_ASSERT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_WRITE, 0, &idx), 0);
	sh[idx].in_flight = false;
	KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_WRITE, 0, &idx), -EIO);
}

static void rsp_wrong_op(struct kunit *test)
{
	struct blkfront_shadow sh[NR_SLOTS];
	unsigned int idx;

	fill_shadow(sh);
	KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_READ, 0, &idx), -EIO);
	KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_DISCARD, 0, &idx), -EIO);
	KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, 0xff, 0, &idx), -EIO);
	/* Indirect read answered as a write. */
	KUNIT_EXPECT_EQ(test, check(sh, 9ULL << 32 | 2, BLKIF_OP_WRITE, 0, &idx), -EIO);
}

static void rsp_bad_status(struct kunit *test)
{
	static const s16 bad[] = { 1, 2, -3, -100, S16_MAX, S16_MIN };
	struct blkfront_shadow sh[NR_SLOTS];
	unsigned int idx, i;

	fill_shadow(sh);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ(test, check(sh, 7ULL << 32 | 1, BLKIF_OP_WRITE,
					    bad[i], &idx), -EIO);
}

/* ---- xenstore values ---- */

struct kv {
	const char *key, *val;
};

/* Read callback over a table; "ERR" reads as a xenstore error. */
static char *table_read(void *ctx, const char *node)
{
	const struct kv *t = ctx;

	for (; t->key; t++) {
		if (strcmp(t->key, node))
			continue;
		if (!strcmp(t->val, "ERR"))
			return ERR_PTR(-EIO);
		return kstrdup(t->val, GFP_KERNEL);
	}
	return NULL;
}

static void transport_values(struct kunit *test)
{
	const struct kv none[] = { { NULL } };
	const struct kv huge[] = {
		{ "max-ring-page-order", "4294967295" },
		{ "multi-queue-max-queues", "99999999999999999999" },
		{ NULL } };
	const struct kv zero[] = {
		{ "max-ring-page-order", "banana" },
		{ "multi-queue-max-queues", "0" },
		{ NULL } };
	const struct kv pages[] = {
		{ "max-ring-pages", "8" },
		{ NULL } };
	const struct kv badpages[] = {
		{ "max-ring-pages", "6" },
		{ "max-ring-page-order", "ERR" },
		{ NULL } };
	struct blkfront_transport t;

	blkfront_read_transport(&t, table_read, (void *)none, "test");
	KUNIT_EXPECT_EQ(test, t.max_ring_order, 0U);
	KUNIT_EXPECT_EQ(test, t.max_queues, 1U);

	blkfront_read_transport(&t, table_read, (void *)huge, "test");
	KUNIT_EXPECT_EQ(test, blkfront_pick_ring_order(t.max_ring_order, 4), 4U);
	KUNIT_EXPECT_EQ(test, blkfront_pick_ring_order(t.max_ring_order, 100),
			(unsigned int)BLKFRONT_MAX_RING_ORDER);
	/* Overflowing value: the default, one queue. */
	KUNIT_EXPECT_EQ(test, t.max_queues, 1U);

	blkfront_read_transport(&t, table_read, (void *)zero, "test");
	KUNIT_EXPECT_EQ(test, t.max_ring_order, 0U);
	KUNIT_EXPECT_EQ(test, t.max_queues, 1U);
	KUNIT_EXPECT_EQ(test, blkfront_pick_queues(0, 4), 1U);
	KUNIT_EXPECT_EQ(test, blkfront_pick_queues(U32_MAX, U32_MAX),
			(unsigned int)BLKFRONT_MAX_QUEUES);
	KUNIT_EXPECT_EQ(test, blkfront_pick_queues(2, 4), 2U);

	blkfront_read_transport(&t, table_read, (void *)pages, "test");
	KUNIT_EXPECT_EQ(test, t.max_ring_order, 3U);
	blkfront_read_transport(&t, table_read, (void *)badpages, "test");
	KUNIT_EXPECT_EQ(test, t.max_ring_order, 0U);
}

static int params_of(const struct kv *t, struct blkfront_params *p)
{
	return blkfront_read_params(p, table_read, (void *)t, "test");
}

/*
 * Numbers are xenstore_parse_u64()'s canonical decimal (its own cases
 * are in the xen_xenstore suite); here, that blkfront goes through it:
 * what kstrtoull() would take ("007", "+4", "4\n") is malformed, so an
 * optional key falls back to its default and "sectors" fails.
 */
static void values_canonical(struct kunit *test)
{
	static const char *const bad[] = {
		"007", "04", "00", "+4", "-0", "4\n", " 4", "4 ", "0x4", "",
		"18446744073709551616",
	};
	struct blkfront_transport t;
	struct blkfront_params p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const struct kv queues[] = {
			{ "multi-queue-max-queues", bad[i] },
			{ "max-ring-page-order", bad[i] },
			{ NULL } };
		const struct kv sectors[] = { { "sectors", bad[i] }, { NULL } };
		const struct kv ssize[] = {
			{ "sectors", "8" }, { "sector-size", bad[i] }, { NULL } };
		const struct kv flags[] = {
			{ "sectors", "8" }, { "info", bad[i] },
			{ "feature-flush-cache", bad[i] }, { NULL } };

		blkfront_read_transport(&t, table_read, (void *)queues, "test");
		KUNIT_EXPECT_EQ_MSG(test, t.max_queues, 1U, "\"%s\"", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, t.max_ring_order, 0U, "\"%s\"", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, params_of(sectors, &p), -EINVAL, "\"%s\"", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, params_of(ssize, &p), -EINVAL, "\"%s\"", bad[i]);
		KUNIT_ASSERT_EQ(test, params_of(flags, &p), 0);
		KUNIT_EXPECT_EQ_MSG(test, p.info, 0U, "\"%s\"", bad[i]);
		KUNIT_EXPECT_FALSE_MSG(test, p.flush, "\"%s\"", bad[i]);
	}
}

static void params_good(struct kunit *test)
{
	const struct kv t[] = {
		{ "sectors", "131072" }, { "info", "0" }, { "sector-size", "512" },
		{ "physical-sector-size", "4096" }, { "mode", "w" },
		{ "feature-flush-cache", "1" }, { "feature-discard", "1" },
		{ "discard-granularity", "4096" }, { "discard-alignment", "1024" },
		{ "discard-secure", "1" }, { "feature-max-indirect-segments", "256" },
		{ NULL } };
	struct blkfront_params p;

	KUNIT_ASSERT_EQ(test, params_of(t, &p), 0);
	KUNIT_EXPECT_EQ(test, p.sectors, 131072ULL);
	KUNIT_EXPECT_EQ(test, p.sector_size, 512U);
	KUNIT_EXPECT_EQ(test, p.physical_sector_size, 4096U);
	KUNIT_EXPECT_FALSE(test, p.readonly);
	KUNIT_EXPECT_TRUE(test, p.flush);
	KUNIT_EXPECT_FALSE(test, p.barrier);
	KUNIT_EXPECT_TRUE(test, p.discard);
	KUNIT_EXPECT_TRUE(test, p.secure_discard);
	KUNIT_EXPECT_EQ(test, p.discard_granularity, 4096U);
	KUNIT_EXPECT_EQ(test, p.discard_alignment, 1024U);
	KUNIT_EXPECT_EQ(test, blkfront_pick_max_segs(p.max_indirect, 32), 32U);
}

static void params_bad(struct kunit *test)
{
	const struct kv nosectors[] = { { "sector-size", "512" }, { NULL } };
	const struct kv badsectors[] = { { "sectors", "-5" }, { NULL } };
	const struct kv hugesectors[] = { { "sectors", "18446744073709551615" }, { NULL } };
	const struct kv ss_small[] = { { "sectors", "8" }, { "sector-size", "256" }, { NULL } };
	const struct kv ss_npow2[] = { { "sectors", "8" }, { "sector-size", "1536" }, { NULL } };
	const struct kv ss_huge[] = { { "sectors", "8" }, { "sector-size", "1048576" }, { NULL } };
	const struct kv ss_zero[] = { { "sectors", "8" }, { "sector-size", "0" }, { NULL } };
	const struct kv ss_over[] = {
		{ "sectors", "8" }, { "sector-size", "4294967808" }, { NULL } };
	struct blkfront_params p;

	KUNIT_EXPECT_EQ(test, params_of(nosectors, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, params_of(badsectors, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, params_of(hugesectors, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, params_of(ss_small, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, params_of(ss_npow2, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, params_of(ss_huge, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, params_of(ss_zero, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, params_of(ss_over, &p), -EINVAL);
}

static void params_fixed_up(struct kunit *test)
{
	const struct kv t[] = {
		{ "sectors", "1001" }, { "sector-size", "4096" },
		{ "physical-sector-size", "6144" }, { "mode", "x" },
		{ "feature-flush-cache", "2" }, { "feature-barrier", "yes" },
		{ "feature-discard", "1" }, { "discard-granularity", "100" },
		{ "discard-alignment", "513" }, { "info", "ERR" },
		{ "feature-max-indirect-segments", "4" },
		{ NULL } };
	const struct kv ro[] = {
		{ "sectors", "8" }, { "info", "4" }, { "mode", "w" }, { NULL } };
	const struct kv align[] = {
		{ "sectors", "8" }, { "feature-discard", "1" },
		{ "discard-granularity", "4096" }, { "discard-alignment", "8192" },
		{ NULL } };
	struct blkfront_params p;

	KUNIT_ASSERT_EQ(test, params_of(t, &p), 0);
	/* Whole 4 KiB blocks only: 1001 -> 1000 sectors. */
	KUNIT_EXPECT_EQ(test, p.sectors, 1000ULL);
	KUNIT_EXPECT_EQ(test, p.physical_sector_size, 4096U);
	/* Neither r nor w: the safe choice. */
	KUNIT_EXPECT_TRUE(test, p.readonly);
	KUNIT_EXPECT_FALSE(test, p.flush);
	KUNIT_EXPECT_FALSE(test, p.barrier);
	KUNIT_EXPECT_EQ(test, p.discard_granularity, 4096U);
	KUNIT_EXPECT_EQ(test, p.discard_alignment, 0U);
	KUNIT_EXPECT_EQ(test, p.info, 0U);
	/* Fewer than a plain request carries: no indirect requests. */
	KUNIT_EXPECT_EQ(test, blkfront_pick_max_segs(p.max_indirect, 32),
			(unsigned int)BLKIF_MAX_SEGMENTS_PER_REQUEST);
	KUNIT_EXPECT_EQ(test, blkfront_pick_max_segs(U32_MAX, U32_MAX),
			(unsigned int)BLKFRONT_MAX_INDIRECT_SEGS);
	KUNIT_EXPECT_EQ(test, blkfront_pick_max_segs(256, 0),
			(unsigned int)BLKIF_MAX_SEGMENTS_PER_REQUEST);

	KUNIT_ASSERT_EQ(test, params_of(ro, &p), 0);
	KUNIT_EXPECT_TRUE(test, p.readonly);

	KUNIT_ASSERT_EQ(test, params_of(align, &p), 0);
	KUNIT_EXPECT_EQ(test, p.discard_alignment, 0U);
}

/* ---- vdev numbers ---- */

static void vdev_check(struct kunit *test, u32 vdev, const char *name,
		       unsigned int minor, unsigned int minors)
{
	struct blkfront_vdev v;
	char buf[BLKFRONT_DISK_NAME_LEN];

	KUNIT_ASSERT_EQ_MSG(test, blkfront_parse_vdev(vdev, &v), 0, "vdev %u", vdev);
	KUNIT_ASSERT_EQ(test, blkfront_vdev_name(&v, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, name);
	KUNIT_EXPECT_EQ(test, blkfront_vdev_minor(&v), minor);
	KUNIT_EXPECT_EQ(test, blkfront_vdev_minors(&v), minors);
}

static void vdev_names(struct kunit *test)
{
	vdev_check(test, 51712, "xvda", 0, 16);
	vdev_check(test, 51728, "xvdb", 16, 16);
	vdev_check(test, 51730, "xvdb2", 18, 1);
	vdev_check(test, 51744, "xvdc", 32, 16);
	vdev_check(test, 51952, "xvdp", 240, 16);
	/* The extended scheme: disk 16 = xvdq, 26 = xvdaa. */
	vdev_check(test, (1U << 28) | (16 << 8), "xvdq", 16 << 8, 256);
	vdev_check(test, (1U << 28) | (26 << 8) | 3, "xvdaa3", (26 << 8) | 3, 1);
	vdev_check(test, (1U << 28) | (536 << 8) | 37, "xvdtq37", (536 << 8) | 37, 1);
	vdev_check(test, (1U << 28) | (701 << 8), "xvdzz", 701 << 8, 256);
	vdev_check(test, (1U << 28) | (702 << 8), "xvdaaa", 702 << 8, 256);
}

static void vdev_bad(struct kunit *test)
{
	struct blkfront_vdev v;
	char small[5];

	/* hd and sd encodings, unknown majors, the reserved range. */
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev(768, &v), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev(2048, &v), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev(0, &v), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev(51712 + 256, &v), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev(2U << 28, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev(U32_MAX, &v), -EINVAL);
	/* Beyond Linux's 20-bit minors. */
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev((1U << 28) | (4096 << 8), &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev((1U << 28) | 0xfffffff, &v), -ERANGE);
	KUNIT_EXPECT_EQ(test, blkfront_parse_vdev((1U << 28) | (4095 << 8), &v), 0);

	/* A name that does not fit. */
	KUNIT_ASSERT_EQ(test, blkfront_parse_vdev(51730, &v), 0);
	KUNIT_EXPECT_EQ(test, blkfront_vdev_name(&v, small, sizeof(small)), -ENAMETOOLONG);
	v.disk = U32_MAX;
	v.part = 0;
	KUNIT_EXPECT_EQ(test, blkfront_vdev_name(&v, small, sizeof(small)), -ENAMETOOLONG);
}

/* ---- segments ---- */

static void segments(struct kunit *test)
{
	u8 first = 0xaa, last = 0xaa;

	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(0, PAGE_SIZE, &first, &last), 0);
	KUNIT_EXPECT_EQ(test, first, 0);
	KUNIT_EXPECT_EQ(test, last, (u8)(BLKFRONT_SECT_PER_PAGE - 1));
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(512, 1024, &first, &last), 0);
	KUNIT_EXPECT_EQ(test, first, 1);
	KUNIT_EXPECT_EQ(test, last, 2);
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(PAGE_SIZE - 512, 512, &first, &last), 0);
	KUNIT_EXPECT_EQ(test, first, last);

	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(0, 0, &first, &last), -EINVAL);
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(1, 512, &first, &last), -EINVAL);
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(0, 511, &first, &last), -EINVAL);
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(512, PAGE_SIZE, &first, &last), -EINVAL);
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(PAGE_SIZE, 512, &first, &last), -EINVAL);
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(U32_MAX & ~511U, 1024, &first, &last),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, blkfront_seg_sectors(512, U32_MAX & ~511U, &first, &last),
			-EINVAL);

	KUNIT_EXPECT_EQ(test, blkfront_indirect_pages(0), 0U);
	KUNIT_EXPECT_EQ(test, blkfront_indirect_pages(12), 1U);
	KUNIT_EXPECT_EQ(test, blkfront_indirect_pages(BLKFRONT_SEGS_PER_INDIRECT_PAGE), 1U);
	KUNIT_EXPECT_EQ(test, blkfront_indirect_pages(BLKFRONT_SEGS_PER_INDIRECT_PAGE + 1), 2U);
	/* Our cap fits the protocol's indirect pages. */
	KUNIT_EXPECT_LE(test, blkfront_indirect_pages(BLKFRONT_MAX_INDIRECT_SEGS),
			(unsigned int)BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST);
}

static struct kunit_case blkfront_cases[] = {
	KUNIT_CASE(rsp_good),
	KUNIT_CASE(rsp_bad_id),
	KUNIT_CASE(rsp_duplicate),
	KUNIT_CASE(rsp_wrong_op),
	KUNIT_CASE(rsp_bad_status),
	KUNIT_CASE(transport_values),
	KUNIT_CASE(params_good),
	KUNIT_CASE(params_bad),
	KUNIT_CASE(values_canonical),
	KUNIT_CASE(params_fixed_up),
	KUNIT_CASE(vdev_names),
	KUNIT_CASE(vdev_bad),
	KUNIT_CASE(segments),
	{}
};

static struct kunit_suite blkfront_suite = {
	.name = "xen_blkfront",
	.test_cases = blkfront_cases,
};

kunit_test_suite(blkfront_suite);

MODULE_DESCRIPTION("KUnit tests of the Xen block frontend");
MODULE_LICENSE("GPL");
