/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pseudo-physical and machine frames of a PV guest.
 *
 * A PV guest sees its memory as pseudo-physical frames (PFNs) 0..n; the
 * page tables Xen validates hold machine frames (MFNs).  The p2m table
 * (ours, arch/x86/xen/p2m.c) maps PFN to MFN; Xen's read-only m2p table
 * maps MFN back to the PFN its owner registered.  Documentation/xen/
 * pv-mmu.rst describes both and who writes them.
 */
#ifndef _ASM_X86_XEN_PAGE_H
#define _ASM_X86_XEN_PAGE_H

#include <linux/const.h>

/*
 * Where Xen maps the initial p2m (XEN_ELFNOTE_INIT_P2M): the unused
 * 512 GiB top-level slot between the direct map and vmalloc space of the
 * 4-level layout (Documentation/x86/x86_64/mm.rst), room for 2^36 PFNs.
 */
#define XEN_P2M_VIRT_BASE	_AC(0xffffc88000000000, UL)
#define XEN_P2M_VIRT_SIZE	(_AC(1, UL) << 39)

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <linux/pfn.h>
#include <asm/page.h>

/* A p2m entry for a PFN that has no machine frame behind it. */
#define INVALID_P2M_ENTRY	(~0UL)

#ifdef CONFIG_XEN_PV
/* The p2m: xen_p2m_list[pfn] for pfn < xen_p2m_size. */
extern unsigned long *xen_p2m_list;
extern unsigned long xen_p2m_size;
/* Xen's m2p, mapped read-only by Xen in every guest address space. */
extern const unsigned long *xen_m2p;
extern unsigned long xen_m2p_entries;

/*
 * The machine frame of @pfn in a p2m of @size entries.  A table that grows
 * (arch/x86/xen/p2m.c) maps and fills its new entries before it publishes
 * the larger size, and loads are not reordered with loads on x86: whoever
 * sees the new size sees the entries.
 */
static __always_inline unsigned long __pfn_to_mfn(const unsigned long *p2m, unsigned long size,
						  unsigned long pfn)
{
	if (likely(pfn < size))
		return READ_ONCE(p2m[pfn]);
	return INVALID_P2M_ENTRY;
}

static inline unsigned long pfn_to_mfn(unsigned long pfn)
{
	return __pfn_to_mfn(xen_p2m_list, READ_ONCE(xen_p2m_size), pfn);
}

/* Returns INVALID_P2M_ENTRY unless this domain's p2m maps pfn back to mfn. */
unsigned long mfn_to_pfn(unsigned long mfn);

bool set_phys_to_machine(unsigned long pfn, unsigned long mfn);

static inline u64 phys_to_machine(phys_addr_t phys)
{
	return ((u64)pfn_to_mfn(PFN_DOWN(phys)) << PAGE_SHIFT) | (phys & ~PAGE_MASK);
}

/*
 * The frame number to put in a grant entry or hand to a backend: for a
 * PV guest, the machine frame.  INVALID_P2M_ENTRY for a page that has
 * none (ballooned out); <xen/grant.h> refuses to grant that.  A macro:
 * page_to_pfn() needs <linux/mm.h>, which this header cannot include.
 */
#define xen_page_to_gfn(page)	pfn_to_mfn(page_to_pfn(page))

/* The same for the page holding kernel direct-map address @addr. */
static inline unsigned long xen_virt_to_gfn(const void *addr)
{
	return pfn_to_mfn(PFN_DOWN(__pa(addr)));
}
#endif /* CONFIG_XEN_PV */
#endif /* !__ASSEMBLY__ */

#endif /* _ASM_X86_XEN_PAGE_H */
