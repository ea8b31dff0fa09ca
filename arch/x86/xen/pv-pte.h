/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Frame translation of page-table entry values (Documentation/xen/
 * pv-mmu.rst, "Page-table entries"), as inline functions of the tables
 * they read.  pv-mmu.c and p2m.c call them with the live p2m and m2p;
 * KUnit (pv-pte_test.c) calls them with tables of its own.  Inlined with
 * the globals as arguments they compile to the same loads as before: no
 * indirection is added on the page-table hot path.
 */
#ifndef _ARCH_X86_XEN_PV_PTE_H
#define _ARCH_X86_XEN_PV_PTE_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <asm/pgtable_types.h>
#include <asm/xen/page.h>

/**
 * xen_m2p_lookup() - the pfn of machine frame @mfn, if it is ours
 * @m2p: Xen's machine-to-pseudo-physical table, @m2p_size entries; parts
 *	of it may be unmapped (no host memory there)
 * @m2p_size: entries in @m2p
 * @p2m: our pseudo-physical-to-machine table, @p2m_size entries
 * @p2m_size: entries in @p2m
 * @mfn: the machine frame
 *
 * The m2p says what the frame's owner registered, which for a frame of
 * another domain or of Xen is a pfn of theirs: only a pfn our p2m maps
 * back to @mfn is believed.
 *
 * Return: the pfn, or INVALID_P2M_ENTRY for a frame that is not ours.
 */
static __always_inline unsigned long xen_m2p_lookup(const unsigned long *m2p,
						    unsigned long m2p_size,
						    const unsigned long *p2m,
						    unsigned long p2m_size, unsigned long mfn)
{
	unsigned long pfn;

	if (unlikely(mfn >= m2p_size))
		return INVALID_P2M_ENTRY;
	/* Holes in the m2p fault; the fixup makes them "no owner". */
	__get_kernel_nofault(&pfn, &m2p[mfn], unsigned long, unmapped);
	if (__pfn_to_mfn(p2m, p2m_size, pfn) != mfn)
		return INVALID_P2M_ENTRY;
	return pfn;
unmapped:
	return INVALID_P2M_ENTRY;
}

/**
 * xen_pte_to_machine() - an entry as the kernel built it, as Xen wants it
 * @val: the entry, any level, with a pfn
 * @p2m: the p2m, @p2m_size entries
 * @p2m_size: entries in @p2m
 *
 * A present entry gets the machine frame of its pfn; every other bit (NX,
 * PAT, the software bits) is kept.  A non-present entry is not touched:
 * swap entries and PROT_NONE keep what the generic code stored.
 *
 * Return: the machine-form entry, or 0 (not present) for a present entry
 * whose pfn has no machine frame (or one no entry can hold): an entry must
 * never point at a frame that is not ours.
 */
static __always_inline pteval_t xen_pte_to_machine(pteval_t val, const unsigned long *p2m,
						   unsigned long p2m_size)
{
	unsigned long mfn;

	if (!(val & _PAGE_PRESENT))
		return val;
	mfn = __pfn_to_mfn(p2m, p2m_size, (val & PTE_PFN_MASK) >> PAGE_SHIFT);
	/* INVALID_P2M_ENTRY, and any frame an entry cannot hold. */
	if (unlikely(mfn > PTE_PFN_MASK >> PAGE_SHIFT))
		return 0;
	return (val & ~PTE_PFN_MASK) | ((pteval_t)mfn << PAGE_SHIFT);
}

/**
 * xen_pte_to_pseudo() - an entry read from a table, as the kernel sees it
 * @val: the entry, any level, with a machine frame
 * @m2p: Xen's m2p, @m2p_size entries
 * @m2p_size: entries in @m2p
 * @p2m: the p2m, @p2m_size entries
 * @p2m_size: entries in @p2m
 *
 * A present entry naming one of our frames gets its pfn.  A present entry
 * naming a frame that is not ours (shared info, foreign or granted
 * frames) and every non-present entry are returned as they are.
 *
 * Return: the pseudo-physical entry.
 */
static __always_inline pteval_t xen_pte_to_pseudo(pteval_t val, const unsigned long *m2p,
						  unsigned long m2p_size, const unsigned long *p2m,
						  unsigned long p2m_size)
{
	unsigned long pfn;

	if (!(val & _PAGE_PRESENT))
		return val;
	pfn = xen_m2p_lookup(m2p, m2p_size, p2m, p2m_size, (val & PTE_PFN_MASK) >> PAGE_SHIFT);
	if (pfn == INVALID_P2M_ENTRY)
		return val;
	return (val & ~PTE_PFN_MASK) | (((pteval_t)pfn << PAGE_SHIFT) & PTE_PFN_MASK);
}

#endif /* _ARCH_X86_XEN_PV_PTE_H */
