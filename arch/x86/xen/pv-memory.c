// SPDX-License-Identifier: GPL-2.0
/*
 * The memory map of a PV domU (Documentation/xen/pv-mmu.rst).
 *
 * Xen gives the domain nr_pages pseudo-physical pages, 0..nr_pages-1,
 * and a memory map if the toolstack set one (XENMEM_memory_map; plain
 * domUs usually have none).  The kernel's e820 table is built from them
 * by pv-memmap.c: RAM never extends past the pages Xen populated, the
 * legacy ISA window is reserved as on any PC, and populated pages the map
 * says are not RAM go back to Xen here and are asked for again above the
 * end of RAM, so the domain keeps the memory it was given.  The p2m grows
 * to cover them, with frames taken from the holes.  The bootstrap
 * structures Xen placed after the kernel image are reserved in memblock.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <asm/e820/api.h>
#include <asm/sections.h>
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

/* Holes: at most one before each RAM entry and one after the last. */
#define XEN_HOLES_MAX	(XEN_E820_MAX + 2)
/* Where the pages given back come back: as many ranges as obstacles. */
#define XEN_PLAN_MAX	(XEN_E820_MAX + 2)
/* Frames asked of Xen per XENMEM_populate_physmap. */
#define XEN_POPULATE_BATCH	512

/*
 * The holes of one boot, and a cursor through them for the p2m's growth
 * (xen_take_hole_frame()).
 */
struct xen_holes {
	struct xen_memmap_range range[XEN_HOLES_MAX];
	unsigned int nr;
	unsigned long pages;		/* populated pages in them */
	unsigned long kept;		/* and pages kept (xen_hole_page_kept()) */
	unsigned int cur;		/* cursor: range, */
	unsigned long pfn;		/* and pfn in it */
	unsigned long taken;		/* frames handed to the p2m */
};

static struct xen_holes xen_holes __initdata;
static struct xen_memmap_range xen_plan[XEN_PLAN_MAX] __initdata;
/* The pfns of a populate call in, their machine frames out. */
static unsigned long xen_populate_buf[XEN_POPULATE_BATCH] __initdata;

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

/*
 * Hole pages Xen's bootstrap data may live in: the kernel image up to the
 * end of the bootstrap mapping, and the p2m's own frames.  They stay.
 */
static bool __init xen_hole_page_kept(unsigned long pfn)
{
	return (pfn >= PFN_DOWN(__pa_symbol(_text)) && pfn < max_pfn_mapped) ||
	       xen_p2m_frame_is_private(pfn);
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
		if (mfn == INVALID_P2M_ENTRY || xen_hole_page_kept(pfn))
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

/* A xen_memmap_hole_fn: note the hole and count its populated pages. */
static unsigned long __init xen_note_hole(unsigned long start, unsigned long end, void *data)
{
	struct xen_holes *h = data;
	unsigned long pfn, n = 0;

	if (WARN_ON_ONCE(h->nr >= ARRAY_SIZE(h->range)))
		return 0;
	h->range[h->nr].start = start;
	h->range[h->nr].end = end;
	h->nr++;
	for (pfn = start; pfn < end; pfn++) {
		if (pfn_to_mfn(pfn) == INVALID_P2M_ENTRY)
			continue;
		if (xen_hole_page_kept(pfn))
			h->kept++;
		else
			n++;
	}
	return n;
}

/*
 * A xen_p2m_source: populated hole pages, taken before they would go back
 * to Xen.  Above the bootstrap mapping nothing maps them; their pfns lose
 * their frame (they are not RAM anyway).
 */
static unsigned long __init xen_take_hole_frame(struct xen_p2m_source *src)
{
	struct xen_holes *h = src->data;
	unsigned long pfn, mfn;

	for (; h->cur < h->nr; h->cur++, h->pfn = 0) {
		pfn = max3(h->pfn, h->range[h->cur].start, max_pfn_mapped);
		for (; pfn < h->range[h->cur].end; pfn++) {
			mfn = pfn_to_mfn(pfn);
			if (mfn == INVALID_P2M_ENTRY || xen_hole_page_kept(pfn))
				continue;
			h->pfn = pfn + 1;
			set_phys_to_machine(pfn, INVALID_P2M_ENTRY);
			h->taken++;
			return mfn;
		}
	}
	return INVALID_P2M_ENTRY;
}

/*
 * Ask Xen for pages at pfns [start, end), in order, and enter them in the
 * p2m (Xen enters them in the m2p).  Returns how many it gave: the pages
 * from @start on.
 */
static unsigned long __init xen_populate_range(unsigned long start, unsigned long end)
{
	struct xen_memory_reservation res = {
		.extent_start = xen_populate_buf,
		.extent_order = 0,
		.domid = DOMID_SELF,
	};
	unsigned long pfn = start, n, i;
	int rc;

	while (pfn < end) {
		n = min_t(unsigned long, end - pfn, XEN_POPULATE_BATCH);
		for (i = 0; i < n; i++)
			xen_populate_buf[i] = pfn + i;
		res.nr_extents = n;
		rc = HYPERVISOR_memory_op(XENMEM_populate_physmap, &res);
		if (rc < 0 || rc > n) {
			pr_warn("xenpv: XENMEM_populate_physmap for %lu pages at pfn %#lx: %d\n",
				n, pfn, rc);
			break;
		}
		for (i = 0; i < rc; i++) {
			/* Untrusted: a frame past the m2p cannot be ours. */
			if (xen_populate_buf[i] >= xen_m2p_entries) {
				pr_err("xenpv: Xen populated pfn %#lx with mfn %#lx, past the m2p\n",
				       pfn + i, xen_populate_buf[i]);
				return pfn + i - start;
			}
			set_phys_to_machine(pfn + i, xen_populate_buf[i]);
		}
		pfn += rc;
		if (rc < n)
			break;
	}
	return pfn - start;
}

/* Populate @count pages along the plan; each populated run becomes RAM. */
static unsigned long __init xen_repopulate(unsigned int nr_plan, unsigned long count)
{
	unsigned long done = 0, start, end, got;
	unsigned int i;

	for (i = 0; i < nr_plan && done < count; i++) {
		start = xen_plan[i].start;
		/* Only as far as the p2m reaches (it may not have grown enough). */
		end = min3(xen_plan[i].end, start + (count - done), xen_p2m_size);
		if (end <= start)
			break;
		got = xen_populate_range(start, end);
		if (got)
			e820__range_add(PFN_PHYS(start), PFN_PHYS(got), E820_TYPE_RAM);
		done += got;
		if (got < end - start)
			break;
	}
	e820__update_table(e820_table);
	return done;
}

/*
 * Populated pages in holes of the map go back to Xen and come back above
 * the end of RAM (pv-mmu.rst, "The memory map").  The p2m first grows
 * over the new pfns, with frames from the holes; the rest is given back;
 * as many pages are then asked for as were given back.
 */
static void __init xen_move_holes(unsigned long nr_pages)
{
	struct xen_holes *h = &xen_holes;
	struct xen_p2m_source src = { .take = xen_take_hole_frame, .data = h };
	unsigned long planned, released = 0, got;
	unsigned int i, nr_plan;

	h->pages = xen_memmap_holes(e820_table, nr_pages, xen_note_hole, h);
	if (h->kept)
		pr_warn("xenpv: the memory map has holes over %lu pages of the kernel or of Xen's bootstrap data; they stay in use\n",
			h->kept);
	if (!h->pages)
		return;
	planned = xen_memmap_plan(e820_table, nr_pages, h->pages, xen_p2m_limit(),
				  xen_plan, ARRAY_SIZE(xen_plan), &nr_plan);
	/* Failure is reported there; the plan is cut to what the p2m holds. */
	if (planned && xen_plan[nr_plan - 1].end > xen_p2m_size)
		xen_p2m_grow(xen_plan[nr_plan - 1].end, &src);
	for (i = 0; i < h->nr; i++)
		released += xen_release_range(h->range[i].start, h->range[i].end);
	got = xen_repopulate(nr_plan, released);
	pr_info("xenpv: %lu pages in memory-map holes: %lu gave room to the p2m, %lu given back to Xen, %lu re-populated above the end of RAM\n",
		h->pages, h->taken, released, got);
	if (got < released)
		pr_warn("xenpv: %lu pages not re-populated (%s); %lu KiB less memory\n",
			released - got, got < planned ? "refused by Xen, or the p2m did not grow" :
			"beyond what the p2m can reach", (released - got) << (PAGE_SHIFT - 10));
}

static char *__init xen_memory_setup(void)
{
	unsigned long nr_pages = xen_start_info->nr_pages;
	unsigned int n;

	n = xen_read_memory_map(nr_pages);
	xen_memmap_clip(xen_e820_map, n, nr_pages, e820_table);
	xen_move_holes(nr_pages);
	xen_reserve_bootstrap();
	return "Xen";
}

void __init xen_pv_memory_init(void)
{
	x86_init.resources.memory_setup = xen_memory_setup;
}
