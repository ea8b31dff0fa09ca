// SPDX-License-Identifier: GPL-2.0
/*
 * The pseudo-physical to machine (p2m) table of a PV guest, and lookups
 * in Xen's machine to pseudo-physical (m2p) table.
 *
 * At boot the p2m is the array Xen built (start_info.mfn_list, one
 * unsigned long per PFN below nr_pages).  With XEN_ELFNOTE_INIT_P2M Xen
 * maps it at XEN_P2M_VIRT_BASE, in a top-level slot of its own, from
 * frames first_p2m_pfn.. (the array and the tables mapping it); the slot
 * is carried over into the kernel's page tables.  An older domain builder
 * puts it in the bootstrap region instead.  Only this kernel writes it;
 * the toolstack reads it when it saves the domain.
 * The m2p is Xen's: mapped read-only at the address XENMEM_machphys_mapping
 * reports, with holes where no host memory exists, so reads are guarded.
 * Documentation/xen/pv-mmu.rst.
 */
#include <linux/bvec.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <xen/xen.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"

unsigned long *xen_p2m_list __read_mostly;
EXPORT_SYMBOL_GPL(xen_p2m_list);
unsigned long xen_p2m_size __read_mostly;
EXPORT_SYMBOL_GPL(xen_p2m_size);

/* Frames of the p2m and of Xen's tables for its slot (INIT_P2M only). */
static unsigned long xen_p2m_first_pfn __read_mostly;
static unsigned long xen_p2m_nr_frames __read_mostly;

static bool xen_p2m_in_own_slot(void)
{
	return (unsigned long)xen_p2m_list == XEN_P2M_VIRT_BASE;
}

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
 * Check what start_info says of the p2m, once the console works.  In its
 * own slot the array is followed by unused entries up to the end of its
 * last page: they become "no memory" and the table may grow into them.
 */
void __init xen_p2m_check(struct start_info *si)
{
	unsigned long frames_needed = DIV_ROUND_UP(si->nr_pages, PAGE_SIZE / sizeof(unsigned long));
	unsigned long pfn;

	if (!xen_p2m_in_own_slot()) {
		pr_info("xenpv: p2m in the bootstrap region (the domain builder ignored INIT_P2M)\n");
		return;
	}
	pr_info("xenpv: p2m at %#lx, %lu frames from pfn %#lx\n",
		XEN_P2M_VIRT_BASE, si->nr_p2m_frames, si->first_p2m_pfn);
	if (si->nr_p2m_frames < frames_needed || si->first_p2m_pfn >= si->nr_pages ||
	    si->nr_p2m_frames > si->nr_pages - si->first_p2m_pfn)
		xen_boot_fatal("start_info's p2m frames (%lu from pfn %#lx) cannot hold %lu PFNs\n",
			       si->nr_p2m_frames, si->first_p2m_pfn, si->nr_pages);
	xen_p2m_first_pfn = si->first_p2m_pfn;
	xen_p2m_nr_frames = si->nr_p2m_frames;
	for (pfn = si->nr_pages; pfn < frames_needed * PAGE_SIZE / sizeof(unsigned long); pfn++)
		xen_p2m_list[pfn] = INVALID_P2M_ENTRY;
	xen_p2m_size = pfn;
}

/* The top-level entry that maps the p2m's slot in Xen's bootstrap L4. */
void __init xen_p2m_adopt_slot(pgd_t *kernel_l4, const pgd_t *xen_l4)
{
	unsigned int slot = pgd_index(XEN_P2M_VIRT_BASE);

	if (xen_p2m_in_own_slot())
		kernel_l4[slot] = xen_l4[slot];
}

/*
 * Frames of the p2m's own slot are mapped read-only anywhere else (the
 * direct map): some are page tables Xen validated, which it will not let
 * the guest map writable, and the rest is only written through the slot.
 */
bool xen_p2m_frame_is_private(unsigned long pfn)
{
	return pfn - xen_p2m_first_pfn < xen_p2m_nr_frames;
}

/* Keep the memory allocator off the p2m: reserve its frames in memblock. */
void __init xen_p2m_reserve(void)
{
	unsigned long start, end;

	if (xen_p2m_in_own_slot()) {
		memblock_reserve(PFN_PHYS(xen_p2m_first_pfn), PFN_PHYS(xen_p2m_nr_frames));
		return;
	}
	start = __pa(xen_p2m_list) & PAGE_MASK;
	end = PAGE_ALIGN(__pa(xen_p2m_list + xen_p2m_size));
	memblock_reserve(start, end - start);
}

/*
 * The bootstrap mapping of the p2m (at __START_KERNEL_map) goes away when
 * setup_arch trims the kernel image mapping; use its direct-map alias.
 * The p2m's own slot stays mapped for good.
 */
void __init xen_p2m_relocate(void)
{
	if (!xen_p2m_in_own_slot())
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
EXPORT_SYMBOL_GPL(mfn_to_pfn);

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
