// SPDX-License-Identifier: GPL-2.0
/*
 * The memory map of a PV domU (Documentation/xen/pv-mmu.rst).
 *
 * Xen gives the domain nr_pages pseudo-physical pages, 0..nr_pages-1,
 * and a memory map if the toolstack set one (XENMEM_memory_map; plain
 * domUs usually have none).  The kernel's e820 table is built from them
 * by pv-memmap.c: RAM never extends past the pages Xen populated, the
 * legacy ISA window is reserved as on any PC, and populated pages the map
 * says are not RAM go back to Xen here instead of being wasted.  The
 * bootstrap structures Xen placed after the kernel image are reserved in
 * memblock.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/e820/api.h>
#include <asm/setup.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"
#include "pv-memmap.h"

/* What XENMEM_memory_map returns when the toolstack set no map (Xen errno 38). */
#define XEN_NO_MEMORY_MAP	(-38)

/* Room for the map Xen may hand over; Xen truncates to what fits. */
#define XEN_E820_MAX	128

static struct e820_entry xen_e820_map[XEN_E820_MAX] __initdata;

/* Read Xen's map; fall back to "all populated pages are RAM". */
static unsigned int __init xen_read_memory_map(unsigned long nr_pages)
{
	struct xen_memory_map memmap = {
		.nr_entries = XEN_E820_MAX,
		.buffer = xen_e820_map,
	};
	int rc = HYPERVISOR_memory_op(XENMEM_memory_map, &memmap);

	if (rc == 0 && memmap.nr_entries > 0 && memmap.nr_entries <= XEN_E820_MAX)
		return memmap.nr_entries;
	if (rc != XEN_NO_MEMORY_MAP && rc != 0)
		pr_warn("xenpv: XENMEM_memory_map failed (%d); using %lu pages of RAM\n",
			rc, nr_pages);
	xen_e820_map[0].addr = 0;
	xen_e820_map[0].size = PFN_PHYS(nr_pages);
	xen_e820_map[0].type = E820_TYPE_RAM;
	return 1;
}

/* Give populated pages in [start, end) back to Xen; returns pages freed. */
static unsigned long __init xen_release_range(unsigned long start, unsigned long end)
{
	struct xen_memory_reservation res = {
		.nr_extents = 1,
		.extent_order = 0,
		.domid = DOMID_SELF,
	};
	unsigned long pfn, mfn, freed = 0;

	for (pfn = start; pfn < end; pfn++) {
		mfn = pfn_to_mfn(pfn);
		if (mfn == INVALID_P2M_ENTRY)
			continue;
		res.extent_start = &mfn;
		if (HYPERVISOR_memory_op(XENMEM_decrease_reservation, &res) != 1) {
			pr_warn("xenpv: Xen kept pfn %#lx (mfn %#lx) in a memory hole\n", pfn, mfn);
			continue;
		}
		set_phys_to_machine(pfn, INVALID_P2M_ENTRY);
		freed++;
	}
	return freed;
}

/* Reserve what Xen placed after the image: p2m, start_info, rings, tables. */
static void __init xen_reserve_bootstrap(void)
{
	struct start_info *si = xen_start_info;
	u64 start = __pa(si);
	u64 end = __pa(si) + PAGE_SIZE;

	end = max_t(u64, end, PFN_PHYS(PFN_DOWN(si->pt_base - __START_KERNEL_map) +
				       si->nr_pt_frames));
	memblock_reserve(start & PAGE_MASK, PAGE_ALIGN(end) - (start & PAGE_MASK));
	xen_p2m_reserve();
}

/* A xen_memmap_hole_fn: the hole's populated pages go back to Xen. */
static unsigned long __init xen_release_hole(unsigned long start, unsigned long end,
					     void *data)
{
	return xen_release_range(start, end);
}

static char *__init xen_memory_setup(void)
{
	unsigned long nr_pages = xen_start_info->nr_pages;
	unsigned long released;
	unsigned int n;

	n = xen_read_memory_map(nr_pages);
	xen_memmap_clip(xen_e820_map, n, nr_pages, e820_table);

	released = xen_memmap_holes(e820_table, nr_pages, xen_release_hole, NULL);
	if (released)
		pr_info("xenpv: gave %lu pages in memory-map holes back to Xen\n", released);

	xen_reserve_bootstrap();
	return "Xen";
}

void __init xen_pv_memory_init(void)
{
	x86_init.resources.memory_setup = xen_memory_setup;
}
