// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: frame translation of page-table entries (pv-pte.h), the code
 * make_pte/pte_val and friends run, on p2m and m2p tables of the test's
 * own: present and non-present entries, flags that must survive (NX, PAT,
 * Global, software bits, protection keys), pfns without a frame, frames
 * of other domains, frames no entry can hold, an m2p with a hole, and the
 * edges of the p2m and of its growth (xen_p2m_growth_frames()).
 *
 * Pure: no hypercall, no Xen; the m2p "hole" is an address that faults,
 * read through the same fault-tolerant access as the live m2p.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <asm/pgtable_types.h>

#include "pv.h"
#include "pv-pte.h"

/* A small domain: 8 pfns; machine frames 0x100.. with a gap at pfn 3. */
#define NR_PFNS		8
#define NR_MFNS		0x200
#define NOPE		INVALID_P2M_ENTRY
/* A frame of another domain: the m2p names a pfn of theirs. */
#define FOREIGN_MFN	0x150

static const unsigned long p2m[NR_PFNS] = {
	0x100, 0x101, 0x1ff, NOPE, 0x104, 0x105, 0x106, 0x107,
};

static unsigned long m2p[NR_MFNS];

static int xen_pte_test_init(struct kunit *test)
{
	unsigned int pfn;

	memset(m2p, 0xff, sizeof(m2p));
	for (pfn = 0; pfn < NR_PFNS; pfn++)
		if (p2m[pfn] != NOPE)
			m2p[p2m[pfn]] = pfn;
	/* Another domain's frame, registered as its pfn 5 (ours maps 5 elsewhere). */
	m2p[FOREIGN_MFN] = 5;
	return 0;
}

static pteval_t to_machine(pteval_t val)
{
	return xen_pte_to_machine(val, p2m, NR_PFNS);
}

static pteval_t to_pseudo(pteval_t val)
{
	return xen_pte_to_pseudo(val, m2p, NR_MFNS, p2m, NR_PFNS);
}

#define PFN(n)		((pteval_t)(n) << PAGE_SHIFT)
#define KERNEL_RW	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

static void present_entries_translate(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, to_machine(PFN(1) | KERNEL_RW), PFN(0x101) | KERNEL_RW);
	KUNIT_EXPECT_EQ(test, to_machine(PFN(2) | _PAGE_PRESENT), PFN(0x1ff) | _PAGE_PRESENT);
	KUNIT_EXPECT_EQ(test, to_pseudo(PFN(0x101) | KERNEL_RW), PFN(1) | KERNEL_RW);
	KUNIT_EXPECT_EQ(test, to_pseudo(PFN(0x1ff) | _PAGE_PRESENT), PFN(2) | _PAGE_PRESENT);
	/* pfn 0 and mfn 0x100 are ordinary too. */
	KUNIT_EXPECT_EQ(test, to_pseudo(to_machine(PFN(0) | KERNEL_RW)), PFN(0) | KERNEL_RW);
}

static void round_trip_every_pfn(struct kunit *test)
{
	pteval_t v;
	unsigned int pfn;

	for (pfn = 0; pfn < NR_PFNS; pfn++) {
		if (p2m[pfn] == NOPE)
			continue;
		v = PFN(pfn) | KERNEL_RW | _PAGE_NX;
		KUNIT_EXPECT_EQ_MSG(test, to_pseudo(to_machine(v)), v, "pfn %u", pfn);
	}
}

static void flags_are_kept(struct kunit *test)
{
	const pteval_t flags[] = {
		_PAGE_NX, _PAGE_PAT, _PAGE_PAT_LARGE, _PAGE_GLOBAL, _PAGE_PWT | _PAGE_PCD,
		_PAGE_USER, _PAGE_SOFTW1, _PAGE_SOFTW2, _PAGE_SOFTW3, _PAGE_SPECIAL,
		_PAGE_DEVMAP, _PAGE_PKEY_BIT0 | _PAGE_PKEY_BIT3, _PAGE_PSE,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		pteval_t f = flags[i] | _PAGE_PRESENT;

		KUNIT_EXPECT_EQ_MSG(test, to_machine(PFN(4) | f), PFN(0x104) | f, "flags %#llx",
				    (u64)f);
		KUNIT_EXPECT_EQ_MSG(test, to_pseudo(PFN(0x104) | f), PFN(4) | f, "flags %#llx",
				    (u64)f);
	}
}

/* Swap entries, PROT_NONE and NUMA hints keep what the generic code stored. */
static void non_present_entries_are_untouched(struct kunit *test)
{
	const pteval_t vals[] = {
		0, PFN(1), PFN(1) | _PAGE_PROTNONE | _PAGE_ACCESSED,
		/* An L1TF-inverted PROT_NONE entry: the frame bits are all ones. */
		~(pteval_t)0 & ~_PAGE_PRESENT,
		/* A swap entry: type and offset where a frame would be. */
		(PFN(0x12345) << 1) | _PAGE_SOFTW1 | _PAGE_NX,
		PFN(3), PFN(NR_PFNS + 100),
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		KUNIT_EXPECT_EQ_MSG(test, to_machine(vals[i]), vals[i], "entry %u", i);
		KUNIT_EXPECT_EQ_MSG(test, to_pseudo(vals[i]), vals[i], "entry %u", i);
	}
}

/* A present entry for a pfn without a frame becomes "not present". */
static void pfn_without_frame_is_dropped(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, to_machine(PFN(3) | KERNEL_RW), 0);
	KUNIT_EXPECT_EQ(test, to_machine(PFN(NR_PFNS) | KERNEL_RW), 0);
	KUNIT_EXPECT_EQ(test, to_machine(PTE_PFN_MASK | _PAGE_PRESENT), 0);
}

/* An mfn that is not ours stays as it is (shared info, foreign, granted). */
static void foreign_frames_are_kept(struct kunit *test)
{
	/* The m2p names pfn 5, but our pfn 5 is another frame. */
	KUNIT_EXPECT_EQ(test, to_pseudo(PFN(FOREIGN_MFN) | KERNEL_RW),
			PFN(FOREIGN_MFN) | KERNEL_RW);
	KUNIT_EXPECT_EQ(test, xen_m2p_lookup(m2p, NR_MFNS, p2m, NR_PFNS, FOREIGN_MFN), NOPE);
	/* An m2p entry of "no owner", and one past our p2m. */
	KUNIT_EXPECT_EQ(test, to_pseudo(PFN(0x1a0) | _PAGE_PRESENT), PFN(0x1a0) | _PAGE_PRESENT);
	m2p[0x1a1] = NR_PFNS + 5;
	KUNIT_EXPECT_EQ(test, to_pseudo(PFN(0x1a1) | _PAGE_PRESENT), PFN(0x1a1) | _PAGE_PRESENT);
	/* An mfn past the m2p: Xen's or nobody's. */
	KUNIT_EXPECT_EQ(test, to_pseudo(PFN(NR_MFNS) | _PAGE_PRESENT),
			PFN(NR_MFNS) | _PAGE_PRESENT);
	KUNIT_EXPECT_EQ(test, xen_m2p_lookup(m2p, NR_MFNS, p2m, NR_PFNS, ~0UL), NOPE);
}

/* An unmapped part of the m2p reads as "no owner", without an oops. */
static void m2p_hole_reads_as_no_owner(struct kunit *test)
{
	/* The user half is not mapped in a kernel thread: address 0 faults. */
	const unsigned long *hole = NULL;

	KUNIT_EXPECT_EQ(test, xen_m2p_lookup(hole, NR_MFNS, p2m, NR_PFNS, 0x101), NOPE);
	KUNIT_EXPECT_EQ(test, xen_pte_to_pseudo(PFN(0x101) | _PAGE_PRESENT, hole, NR_MFNS,
						p2m, NR_PFNS),
			PFN(0x101) | _PAGE_PRESENT);
}

/* Large frame numbers: up to what an entry holds, and not past it. */
static void large_frames(struct kunit *test)
{
	const unsigned long max_frame = PTE_PFN_MASK >> PAGE_SHIFT;
	unsigned long big[2] = { max_frame, max_frame + 1 };

	KUNIT_EXPECT_EQ(test, xen_pte_to_machine(PFN(0) | _PAGE_PRESENT | _PAGE_NX, big, 2),
			PFN(max_frame) | _PAGE_PRESENT | _PAGE_NX);
	/* A frame beyond the entry's field would spill into NX and the flags. */
	KUNIT_EXPECT_EQ(test, xen_pte_to_machine(PFN(1) | _PAGE_PRESENT, big, 2), 0);
	/* The largest pfn an entry holds, with no p2m that large. */
	KUNIT_EXPECT_EQ(test, to_machine(PFN(max_frame) | _PAGE_PRESENT), 0);
	KUNIT_EXPECT_EQ(test, __pfn_to_mfn(p2m, NR_PFNS, ~0UL), NOPE);
}

/* The p2m's last entry and the one after; growth to exactly a page. */
static void p2m_edges(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, __pfn_to_mfn(p2m, NR_PFNS, NR_PFNS - 1), 0x107UL);
	KUNIT_EXPECT_EQ(test, __pfn_to_mfn(p2m, NR_PFNS, NR_PFNS), NOPE);
	KUNIT_EXPECT_EQ(test, __pfn_to_mfn(p2m, NR_PFNS - 1, NR_PFNS - 1), NOPE);
	/* A frame is ours only while the p2m holds its pfn. */
	KUNIT_EXPECT_EQ(test, xen_m2p_lookup(m2p, NR_MFNS, p2m, NR_PFNS, 0x107), 7UL);
	KUNIT_EXPECT_EQ(test, xen_m2p_lookup(m2p, NR_MFNS, p2m, NR_PFNS - 1, 0x107), NOPE);
}

#define PER_PAGE	(PAGE_SIZE / sizeof(unsigned long))
#define PER_L1		(PER_PAGE * PTRS_PER_PTE)
#define PER_L2		(PER_L1 * PTRS_PER_PMD)

/* Frames growth may take: pages of entries, plus an L1 and an L2 bound. */
static void growth_frames(struct kunit *test)
{
	/* No growth, or growth within the last page. */
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(PER_PAGE, PER_PAGE), 0UL);
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(PER_PAGE, 1), 0UL);
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(PER_PAGE - 3, PER_PAGE), 0UL);
	/* One entry more: one page, under one L1 and one L2. */
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(PER_PAGE, PER_PAGE + 1), 3UL);
	/* Up to the end of the first L1: 511 pages. */
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(PER_PAGE, PER_L1), PTRS_PER_PTE - 1 + 2UL);
	/* Across an L1 boundary: a second L1. */
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(PER_L1 - PER_PAGE, PER_L1 + 1), 2 + 2 + 1UL);
	/* Across an L2 boundary: a second L1 and a second L2. */
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(PER_L2 - PER_PAGE, PER_L2 + 1), 2 + 2 + 2UL);
	/* From nothing. */
	KUNIT_EXPECT_EQ(test, xen_p2m_growth_frames(0, 1), 3UL);
}

static struct kunit_case xen_pte_cases[] = {
	KUNIT_CASE(present_entries_translate),
	KUNIT_CASE(round_trip_every_pfn),
	KUNIT_CASE(flags_are_kept),
	KUNIT_CASE(non_present_entries_are_untouched),
	KUNIT_CASE(pfn_without_frame_is_dropped),
	KUNIT_CASE(foreign_frames_are_kept),
	KUNIT_CASE(m2p_hole_reads_as_no_owner),
	KUNIT_CASE(large_frames),
	KUNIT_CASE(p2m_edges),
	KUNIT_CASE(growth_frames),
	{}
};

static struct kunit_suite xen_pte_suite = {
	.name = "xen_pv_pte",
	.init = xen_pte_test_init,
	.test_cases = xen_pte_cases,
};

kunit_test_suite(xen_pte_suite);

MODULE_LICENSE("GPL");
