// SPDX-License-Identifier: GPL-2.0
/*
 * The pseudo-physical to machine (p2m) table of a PV guest, and lookups
 * in Xen's machine to pseudo-physical (m2p) table.
 *
 * At boot the p2m is the array Xen built in the bootstrap region
 * (start_info.mfn_list, one unsigned long per PFN below nr_pages).  Only
 * this kernel writes it; the toolstack reads it when it saves the domain.
 * The m2p is Xen's: mapped read-only at the address XENMEM_machphys_mapping
 * reports, with holes where no host memory exists, so reads are guarded.
 * Documentation/xen/pv-mmu.rst.
 */
#include <linux/bvec.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <xen/xen.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"

unsigned long *xen_p2m_list __read_mostly;
unsigned long xen_p2m_size __read_mostly;
const unsigned long *xen_m2p __read_mostly = (const unsigned long *)MACH2PHYS_VIRT_START;
unsigned long xen_m2p_entries __read_mostly = MACH2PHYS_NR_ENTRIES;

void __init xen_p2m_init(struct start_info *si)
{
	struct xen_machphys_mapping mapping;

	xen_p2m_list = (unsigned long *)si->mfn_list;
	xen_p2m_size = si->nr_pages;

	/* Xen may place the m2p elsewhere than the ABI default; ask. */
	if (HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mapping) == 0 &&
	    mapping.v_start < mapping.v_end) {
		xen_m2p = (const unsigned long *)mapping.v_start;
		xen_m2p_entries = min_t(unsigned long, mapping.max_mfn + 1,
					(mapping.v_end - mapping.v_start) / sizeof(unsigned long));
	}
}

/*
 * The bootstrap mapping of the p2m (at __START_KERNEL_map) goes away when
 * setup_arch trims the kernel image mapping; use its direct-map alias.
 */
void __init xen_p2m_relocate(void)
{
	xen_p2m_list = __va(__pa(xen_p2m_list));
}

unsigned long mfn_to_pfn(unsigned long mfn)
{
	unsigned long pfn;

	if (unlikely(mfn >= xen_m2p_entries))
		return INVALID_P2M_ENTRY;
	/* Holes in the m2p fault; the fixup makes them "no owner". */
	__get_kernel_nofault(&pfn, &xen_m2p[mfn], unsigned long, unmapped);
	/* The m2p says what the frame's owner registered: check it is us. */
	if (pfn_to_mfn(pfn) != mfn)
		return INVALID_P2M_ENTRY;
	return pfn;
unmapped:
	return INVALID_P2M_ENTRY;
}

bool set_phys_to_machine(unsigned long pfn, unsigned long mfn)
{
	if (WARN_ONCE(pfn >= xen_p2m_size,
		      "xenpv: p2m update for pfn %#lx beyond the table (%#lx entries)\n",
		      pfn, xen_p2m_size))
		return false;
	WRITE_ONCE(xen_p2m_list[pfn], mfn);
	return true;
}

/*
 * Pages adjacent in pseudo-physical space need not be adjacent in machine
 * memory, which is what a backend's DMA sees: only merge bio segments
 * whose machine frames follow each other.
 */
bool xen_biovec_phys_mergeable(const struct bio_vec *vec1, const struct page *page)
{
	unsigned long last;

	if (!xen_pv_domain())
		return true;
	last = page_to_pfn(vec1->bv_page) + PFN_DOWN(vec1->bv_offset + vec1->bv_len - 1);
	return pfn_to_mfn(last) + 1 == pfn_to_mfn(page_to_pfn(page));
}
