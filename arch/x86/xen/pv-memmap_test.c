// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: Xen's memory map turned into the kernel's e820 table, the holes
 * given back to Xen and where their pages come back (pv-memmap.c), with
 * the maps a toolstack or a broken hypervisor could hand over: unsorted,
 * overlapping, empty or wrapping entries, RAM past the populated pages,
 * more entries than the table holds, no RAM at all, reserved ranges
 * where the pages would come back.
 *
 * pv-memmap.c runs from setup_arch() and sanitises with the __init
 * e820__update_table(), so the suite is an init-section suite: KUnit runs
 * it from kernel_init before init memory is freed.  Pure: no hypercall,
 * so it runs natively and under Xen.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/pfn.h>
#include <linux/sizes.h>
#include <asm/e820/types.h>
#include <asm/page.h>

#include "pv-memmap.h"

#define RAM	E820_TYPE_RAM
#define RSV	E820_TYPE_RESERVED
#define ACPI	E820_TYPE_ACPI
#define ISA_LO	((u64)ISA_START_ADDRESS)
#define ISA_HI	((u64)ISA_END_ADDRESS)

#define E(a, s, t)	{ .addr = (a), .size = (s), .type = (t) }

static struct e820_table *__init new_table(struct kunit *test)
{
	struct e820_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	return t;
}

/* @t must hold exactly the @n entries of @want, in order. */
static void __init expect_table(struct kunit *test, const struct e820_table *t,
				const struct e820_entry *want, unsigned int n)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, t->nr_entries, n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, t->entries[i].addr, want[i].addr, "entry %u", i);
		KUNIT_EXPECT_EQ_MSG(test, t->entries[i].size, want[i].size, "entry %u", i);
		KUNIT_EXPECT_EQ_MSG(test, t->entries[i].type, want[i].type, "entry %u", i);
	}
}

#define EXPECT_TABLE(test, t, ...) do {						\
	static const struct e820_entry __want[] __initconst = { __VA_ARGS__ };	\
	expect_table(test, t, __want, ARRAY_SIZE(__want));			\
} while (0)

/* The holes xen_memmap_holes() reports, recorded in order. */
struct holes {
	unsigned int n;
	unsigned long start[8], end[8];
};

static unsigned long __init record_hole(unsigned long start, unsigned long end, void *data)
{
	struct holes *h = data;

	if (h->n < ARRAY_SIZE(h->start)) {
		h->start[h->n] = start;
		h->end[h->n] = end;
	}
	h->n++;
	return end - start;
}

static void __init expect_holes(struct kunit *test, const struct e820_table *t,
				unsigned long nr_pages, const unsigned long *want,
				unsigned int n)
{
	struct holes h = { };
	unsigned long total = 0, done;
	unsigned int i;

	done = xen_memmap_holes(t, nr_pages, record_hole, &h);
	KUNIT_ASSERT_EQ(test, h.n, n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, h.start[i], want[2 * i], "hole %u", i);
		KUNIT_EXPECT_EQ_MSG(test, h.end[i], want[2 * i + 1], "hole %u", i);
		KUNIT_EXPECT_LT_MSG(test, h.start[i], h.end[i], "hole %u is empty", i);
		KUNIT_EXPECT_LE_MSG(test, h.end[i], nr_pages, "hole %u past the pages", i);
		KUNIT_EXPECT_GE_MSG(test, h.start[i], PFN_DOWN(ISA_HI), "hole %u below 1 MiB", i);
		total += want[2 * i + 1] - want[2 * i];
	}
	KUNIT_EXPECT_EQ(test, done, total);
}

/* Pairs of pfns [start, end); none for no holes. */
#define EXPECT_HOLES(test, t, nr_pages, ...) do {				\
	static const unsigned long __want[] __initconst = { __VA_ARGS__ };	\
	expect_holes(test, t, nr_pages, __want, ARRAY_SIZE(__want) / 2);	\
} while (0)

#define MB(x)		((u64)(x) * SZ_1M)
#define PAGES(bytes)	PFN_DOWN(bytes)

/* A plain domU: no map from Xen, so pv-memory.c passes "all RAM". */
static void __init all_populated_pages_are_ram(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = { E(0, MB(512), RAM) };
	struct e820_table *t = new_table(test);

	KUNIT_EXPECT_EQ(test, xen_memmap_clip(map, 1, PAGES(MB(512)), t),
			PAGES(MB(512)) - PAGES(ISA_HI - ISA_LO));
	EXPECT_TABLE(test, t, E(0, ISA_LO, RAM), E(ISA_LO, ISA_HI - ISA_LO, RSV),
		     E(ISA_HI, MB(512) - ISA_HI, RAM));
	EXPECT_HOLES(test, t, PAGES(MB(512)));
}

static void __init ram_is_clipped_to_nr_pages(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(4096), RAM),
		E(MB(4096), MB(4096), RAM),	/* wholly past the pages: dropped */
		E(0xfee00000, SZ_4K, RSV),	/* not RAM: kept where it is */
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(64)), t);
	EXPECT_TABLE(test, t, E(0, ISA_LO, RAM), E(ISA_LO, ISA_HI - ISA_LO, RSV),
		     E(ISA_HI, MB(64) - ISA_HI, RAM), E(0xfee00000, SZ_4K, RSV));
	EXPECT_HOLES(test, t, PAGES(MB(64)));
}

static void __init unsorted_map_is_sorted(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(MB(32), MB(32), RAM),
		E(MB(16), MB(16), ACPI),
		E(0, MB(16), RAM),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(64)), t);
	EXPECT_TABLE(test, t, E(0, ISA_LO, RAM), E(ISA_LO, ISA_HI - ISA_LO, RSV),
		     E(ISA_HI, MB(16) - ISA_HI, RAM), E(MB(16), MB(16), ACPI),
		     E(MB(32), MB(32), RAM));
	EXPECT_HOLES(test, t, PAGES(MB(64)), PAGES(MB(16)), PAGES(MB(32)));
}

/* Overlaps: reserved types beat RAM; RAM over RAM merges. */
static void __init overlaps_resolve_to_reserved(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(40), RAM),
		E(MB(20), MB(44), RAM),
		E(MB(16), MB(1), RSV),
		E(MB(60), MB(8), RSV),	/* straddles the end of the pages */
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(64)), t);
	EXPECT_TABLE(test, t, E(0, ISA_LO, RAM), E(ISA_LO, ISA_HI - ISA_LO, RSV),
		     E(ISA_HI, MB(16) - ISA_HI, RAM), E(MB(16), MB(1), RSV),
		     E(MB(17), MB(43), RAM), E(MB(60), MB(8), RSV));
	EXPECT_HOLES(test, t, PAGES(MB(64)), PAGES(MB(16)), PAGES(MB(17)),
		     PAGES(MB(60)), PAGES(MB(64)));
}

static void __init empty_and_wrapping_entries_are_dropped(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(64), RAM),
		E(MB(8), 0, RSV),
		E(MB(70), 0, RAM),
		E(0xfffffffffffff000ULL, SZ_8K, RSV),	/* wraps */
		E(MB(32), ~0ULL, RSV),			/* wraps */
		E(~0ULL, 1, RAM),			/* ends exactly at 2^64 */
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(64)), t);
	EXPECT_TABLE(test, t, E(0, ISA_LO, RAM), E(ISA_LO, ISA_HI - ISA_LO, RSV),
		     E(ISA_HI, MB(64) - ISA_HI, RAM));
}

/* More entries than the table holds: the first ones count, nothing overflows. */
static void __init too_many_entries_are_cut(struct kunit *test)
{
	unsigned int cap = E820_MAX_ENTRIES;
	unsigned int n = cap + 20, i;
	struct e820_entry *map = kunit_kcalloc(test, n, sizeof(*map), GFP_KERNEL);
	struct e820_table *t = new_table(test);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map);
	/* One page of RAM every other page from 16 MiB: nothing merges. */
	for (i = 0; i < n; i++) {
		map[i].addr = MB(16) + (u64)i * SZ_8K;
		map[i].size = SZ_4K;
		map[i].type = RAM;
	}
	KUNIT_EXPECT_EQ(test, xen_memmap_clip(map, n, PAGES(MB(64)), t), cap - 1);
	KUNIT_ASSERT_EQ(test, t->nr_entries, cap);
	/* The ISA window always fits: one slot is kept for it. */
	KUNIT_EXPECT_EQ(test, t->entries[0].addr, ISA_LO);
	KUNIT_EXPECT_EQ(test, t->entries[0].type, RSV);
	KUNIT_EXPECT_EQ(test, t->entries[cap - 1].addr, MB(16) + (u64)(cap - 2) * SZ_8K);

	/* Holes: 1 MiB to the first page, every other page, the tail. */
	{
		struct holes h = { };
		unsigned long done = xen_memmap_holes(t, PAGES(MB(64)), record_hole, &h);

		KUNIT_EXPECT_EQ(test, h.n, cap);
		KUNIT_EXPECT_EQ(test, h.start[0], PAGES(ISA_HI));
		KUNIT_EXPECT_EQ(test, h.end[0], PAGES(MB(16)));
		KUNIT_EXPECT_EQ(test, done, PAGES(MB(64)) - PAGES(ISA_HI) - (cap - 1));
	}
}

/* Maps without RAM are not believed: all populated pages become RAM. */
static void __init no_ram_falls_back_to_all_pages(struct kunit *test)
{
	static const struct e820_entry reserved_only[] __initconst = {
		E(0, MB(64), RSV),
	};
	static const struct e820_entry ram_past_pages[] __initconst = {
		E(MB(128), MB(128), RAM), E(0, SZ_4K, ACPI),
	};
	static const struct e820_entry partial_page[] __initconst = {
		E(MB(2) + 16, 100, RAM),	/* RAM, but not one whole page */
	};
	struct e820_table *t = new_table(test);
	unsigned long want = PAGES(MB(64)) - PAGES(ISA_HI - ISA_LO);

	KUNIT_EXPECT_EQ(test, xen_memmap_clip(reserved_only, 1, PAGES(MB(64)), t), want);
	EXPECT_TABLE(test, t, E(0, ISA_LO, RAM), E(ISA_LO, ISA_HI - ISA_LO, RSV),
		     E(ISA_HI, MB(64) - ISA_HI, RAM));
	KUNIT_EXPECT_EQ(test, xen_memmap_clip(ram_past_pages, 2, PAGES(MB(64)), t), want);
	KUNIT_EXPECT_EQ(test, xen_memmap_clip(partial_page, 1, PAGES(MB(64)), t), want);
	KUNIT_EXPECT_EQ(test, xen_memmap_clip(NULL, 0, PAGES(MB(64)), t), want);
	EXPECT_HOLES(test, t, PAGES(MB(64)));
}

/* No pages at all: nothing to use, nothing to give back, no fallback loop. */
static void __init zero_pages(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = { E(0, MB(64), RAM) };
	struct e820_table *t = new_table(test);

	KUNIT_EXPECT_EQ(test, xen_memmap_clip(map, 1, 0, t), 0UL);
	EXPECT_TABLE(test, t, E(ISA_LO, ISA_HI - ISA_LO, RSV));
	EXPECT_HOLES(test, t, 0);
}

/* A hole that starts below 1 MiB is given back from 1 MiB on. */
static void __init hole_across_1mib(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, 0x9f000, RAM), E(MB(16), MB(48), RAM),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(64)), t);
	EXPECT_HOLES(test, t, PAGES(MB(64)), PAGES(ISA_HI), PAGES(MB(16)));
}

/* Populated pages after the last RAM entry go back too. */
static void __init tail_after_last_ram(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(32), RAM), E(MB(40), MB(4), RSV),
	};
	struct e820_table *t = new_table(test);

	KUNIT_EXPECT_EQ(test, xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(64)), t),
			PAGES(MB(32)) - PAGES(ISA_HI - ISA_LO));
	EXPECT_HOLES(test, t, PAGES(MB(64)), PAGES(MB(32)), PAGES(MB(64)));
}

/* A page that is RAM only in part is kept, neither RAM nor a hole. */
static void __init partial_pages_are_kept(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(5) + 0x800, RAM), E(MB(6) + 0x800, MB(2) - 0x800, RAM),
	};
	struct e820_table *t = new_table(test);

	KUNIT_EXPECT_EQ(test, xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(8)), t),
			PAGES(MB(5)) + PAGES(MB(2) - SZ_4K) - PAGES(ISA_HI - ISA_LO));
	EXPECT_HOLES(test, t, PAGES(MB(8)), PAGES(MB(5)) + 1, PAGES(MB(6)));
}

/* Holes never reach past the populated pages, whatever the table says. */
static void __init holes_stop_at_nr_pages(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(16), RAM), E(MB(16), MB(16), RSV), E(MB(48), MB(16), RAM),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(24)), t);
	EXPECT_HOLES(test, t, PAGES(MB(24)), PAGES(MB(16)), PAGES(MB(24)));
	/* RAM past the pages in a table built elsewhere does not matter. */
	EXPECT_HOLES(test, t, PAGES(MB(8)));
}

/* Where xen_memmap_plan() puts @count pages: pairs of pfns [start, end). */
static void __init expect_plan(struct kunit *test, const struct e820_table *t,
			       unsigned long nr_pages, unsigned long count, unsigned long limit,
			       unsigned long placed, const unsigned long *want, unsigned int n)
{
	struct xen_memmap_range out[4];
	unsigned int nr, i;

	KUNIT_EXPECT_EQ(test, xen_memmap_plan(t, nr_pages, count, limit, out, ARRAY_SIZE(out),
					      &nr), placed);
	KUNIT_ASSERT_EQ(test, nr, n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, out[i].start, want[2 * i], "range %u", i);
		KUNIT_EXPECT_EQ_MSG(test, out[i].end, want[2 * i + 1], "range %u", i);
		KUNIT_EXPECT_GE_MSG(test, out[i].start, nr_pages, "range %u in RAM", i);
		KUNIT_EXPECT_LE_MSG(test, out[i].end, limit, "range %u past the limit", i);
	}
}

#define EXPECT_PLAN(test, t, nr_pages, count, limit, placed, ...) do {		\
	static const unsigned long __want[] __initconst = { __VA_ARGS__ };	\
	expect_plan(test, t, nr_pages, count, limit, placed, __want,		\
		    ARRAY_SIZE(__want) / 2);					\
} while (0)

#define NO_LIMIT	PAGES(MB(1) * 1024 * 1024)

/* The rig's memory-holes map: the pages come back around a reserved range. */
static void __init plan_goes_around_reserved(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(128), RAM), E(MB(128), MB(32), RSV),
		E(MB(160), MB(112), RAM), E(MB(272), MB(4), RSV), E(MB(276), MB(24), RAM),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(256)), t);
	EXPECT_HOLES(test, t, PAGES(MB(256)), PAGES(MB(128)), PAGES(MB(160)));
	EXPECT_PLAN(test, t, PAGES(MB(256)), PAGES(MB(32)), NO_LIMIT, PAGES(MB(32)),
		    PAGES(MB(256)), PAGES(MB(272)), PAGES(MB(276)), PAGES(MB(292)));
}

/* A map without anything above the pages: one range right after them. */
static void __init plan_right_after_ram(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(64), RAM), E(MB(64), MB(8), RSV), E(MB(72), MB(64), RAM),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(128)), t);
	EXPECT_PLAN(test, t, PAGES(MB(128)), PAGES(MB(8)), NO_LIMIT, PAGES(MB(8)),
		    PAGES(MB(128)), PAGES(MB(136)));
	/* Nothing to place. */
	EXPECT_PLAN(test, t, PAGES(MB(128)), 0, NO_LIMIT, 0);
}

/* e820_host-like: unusable up to a PCI hole, reserved up to 4 GiB. */
static void __init plan_skips_unusable_and_pci_hole(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(3000), RAM), E(MB(3000), MB(72), E820_TYPE_UNUSABLE),
		E(MB(3072), MB(1024), RSV),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(3000)), t);
	EXPECT_PLAN(test, t, PAGES(MB(3000)), PAGES(MB(16)), NO_LIMIT, PAGES(MB(16)),
		    PAGES(MB(4096)), PAGES(MB(4112)));
}

/* A reserved range that covers part of a page takes the whole page. */
static void __init plan_avoids_partial_pages(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(16), RAM), E(MB(16) + 100, 200, RSV),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(16)), t);
	EXPECT_PLAN(test, t, PAGES(MB(16)), 4, NO_LIMIT, 4,
		    PAGES(MB(16)) + 1, PAGES(MB(16)) + 5);
}

/* The limit (what the p2m can reach) and the room for ranges cut the plan. */
static void __init plan_is_bounded(struct kunit *test)
{
	static const struct e820_entry map[] __initconst = {
		E(0, MB(16), RAM), E(MB(17), MB(1), RSV), E(MB(19), MB(1), RSV),
		E(MB(21), MB(1), RSV), E(MB(23), MB(1), RSV), E(MB(25), MB(1), RSV),
	};
	struct e820_table *t = new_table(test);

	xen_memmap_clip(map, ARRAY_SIZE(map), PAGES(MB(16)), t);
	/* Limit inside the first gap. */
	EXPECT_PLAN(test, t, PAGES(MB(16)), PAGES(MB(8)), PAGES(MB(16)) + 10, 10,
		    PAGES(MB(16)), PAGES(MB(16)) + 10);
	/* Limit at the pages: no room at all (a p2m that cannot grow). */
	EXPECT_PLAN(test, t, PAGES(MB(16)), PAGES(MB(8)), PAGES(MB(16)), 0);
	/* Limit inside a reserved range. */
	EXPECT_PLAN(test, t, PAGES(MB(16)), PAGES(MB(8)), PAGES(MB(17)) + 3, PAGES(MB(1)),
		    PAGES(MB(16)), PAGES(MB(17)));
	/* 1 MiB gaps between reserved ranges, and room for four ranges. */
	EXPECT_PLAN(test, t, PAGES(MB(16)), PAGES(MB(8)), NO_LIMIT, PAGES(MB(4)),
		    PAGES(MB(16)), PAGES(MB(17)), PAGES(MB(18)), PAGES(MB(19)),
		    PAGES(MB(20)), PAGES(MB(21)), PAGES(MB(22)), PAGES(MB(23)));
}

static struct kunit_case xen_memmap_cases[] __initdata = {
	KUNIT_CASE(all_populated_pages_are_ram),
	KUNIT_CASE(ram_is_clipped_to_nr_pages),
	KUNIT_CASE(unsorted_map_is_sorted),
	KUNIT_CASE(overlaps_resolve_to_reserved),
	KUNIT_CASE(empty_and_wrapping_entries_are_dropped),
	KUNIT_CASE(too_many_entries_are_cut),
	KUNIT_CASE(no_ram_falls_back_to_all_pages),
	KUNIT_CASE(zero_pages),
	KUNIT_CASE(hole_across_1mib),
	KUNIT_CASE(tail_after_last_ram),
	KUNIT_CASE(partial_pages_are_kept),
	KUNIT_CASE(holes_stop_at_nr_pages),
	KUNIT_CASE(plan_goes_around_reserved),
	KUNIT_CASE(plan_right_after_ram),
	KUNIT_CASE(plan_skips_unusable_and_pci_hole),
	KUNIT_CASE(plan_avoids_partial_pages),
	KUNIT_CASE(plan_is_bounded),
	{}
};

static struct kunit_suite xen_memmap_suite __initdata = {
	.name = "xen_pv_memmap",
	.test_cases = xen_memmap_cases,
};

kunit_test_init_section_suite(xen_memmap_suite);

MODULE_LICENSE("GPL");
