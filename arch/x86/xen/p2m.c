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
 *
 * In its own slot the table grows (xen_p2m_grow()): new pages of entries,
 * and the L1/L2 tables that map them, are written through a window page
 * of the image remapped to each new frame, linked with mmu_update and
 * only then counted in xen_p2m_size.  Documentation/xen/pv-mmu.rst.
 */
#include <linux/bvec.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <asm/pgtable.h>
#include <xen/xen.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"
#include "pv-pte.h"

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
		pr_info("xenpv: p2m in the bootstrap region (the domain builder ignored INIT_P2M); it cannot grow\n");
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
	return xen_m2p_lookup(xen_m2p, xen_m2p_entries, xen_p2m_list, READ_ONCE(xen_p2m_size), mfn);
}
EXPORT_SYMBOL_GPL(mfn_to_pfn);

/* ---- growing the table in its own slot ---- */

#define XEN_P2M_PER_PAGE	(PAGE_SIZE / sizeof(unsigned long))
/* The slot holds 2^36 entries; the 4-level direct map 2^34 pfns (64 TiB). */
#define XEN_P2M_MAX_ENTRIES	min(XEN_P2M_VIRT_SIZE / sizeof(unsigned long), \
				    1UL << (46 - PAGE_SHIFT))
/* What a new entry of the slot's tables and pages looks like. */
#define XEN_P2M_TABLE_FLAGS	_KERNPG_TABLE_NOENC
#define XEN_P2M_PAGE_FLAGS	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)

/*
 * Serialises growth, and with it the window and its saved entry.  Taken
 * with interrupts off: set_phys_to_machine() may grow from any context.
 */
static DEFINE_SPINLOCK(xen_p2m_grow_lock);

/*
 * A page of the image whose kernel-map entry growth points at a machine
 * frame for a moment, to fill a new frame or read a table Xen validated
 * (read-only then).  Only its kernel-map address is used; the direct-map
 * alias shares the bootstrap L1 entry and is never touched.
 */
static u8 xen_p2m_window[PAGE_SIZE] __page_aligned_bss;
/* The window's own entry (machine form) while it is lent out, restored after. */
static u64 xen_p2m_window_pte;

static void *xen_p2m_window_map(unsigned long mfn, bool writable)
{
	u64 pte = ((u64)mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX;
	unsigned int level;

	/* Read each time: whatever changed the image's mapping since stays. */
	xen_p2m_window_pte = lookup_address((unsigned long)xen_p2m_window, &level)->pte;
	if (writable)
		pte |= _PAGE_RW | _PAGE_DIRTY;
	if (HYPERVISOR_update_va_mapping((unsigned long)xen_p2m_window, pte,
					 UVMF_INVLPG | UVMF_LOCAL))
		return NULL;
	return xen_p2m_window;
}

static void xen_p2m_window_unmap(void)
{
	int rc = HYPERVISOR_update_va_mapping((unsigned long)xen_p2m_window, xen_p2m_window_pte,
					      UVMF_INVLPG | UVMF_LOCAL);

	WARN_ONCE(rc, "xenpv: cannot restore the p2m window: %d\n", rc);
}

/* Read entry @idx of the table in machine frame @mfn into @e; 0 or -EFAULT. */
static int xen_p2m_table_read(unsigned long mfn, unsigned int idx, u64 *e)
{
	const u64 *table = xen_p2m_window_map(mfn, false);

	if (!table)
		return -EFAULT;
	*e = READ_ONCE(table[idx]);
	xen_p2m_window_unmap();
	return 0;
}

/* Entry @idx of the table in machine frame @mfn becomes @val (validated by Xen). */
static int xen_p2m_table_write(unsigned long mfn, unsigned int idx, u64 val)
{
	struct mmu_update req = {
		.ptr = (PFN_PHYS(mfn) + idx * sizeof(u64)) | MMU_NORMAL_PT_UPDATE,
		.val = val,
	};

	return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

/*
 * A frame from @src filled with @fill: zeroes for a table, "no memory"
 * for a page of entries.  After the window moves on, nothing maps it
 * writable (a source's frames have no other writable alias), so Xen may
 * take it as a page table.
 */
static unsigned long xen_p2m_new_frame(struct xen_p2m_source *src, unsigned long fill)
{
	unsigned long mfn = src->take(src);
	unsigned long *page;
	unsigned int i;

	if (mfn == INVALID_P2M_ENTRY || mfn >= xen_m2p_entries)
		return INVALID_P2M_ENTRY;
	page = xen_p2m_window_map(mfn, true);
	if (!page)
		return INVALID_P2M_ENTRY;
	for (i = 0; i < XEN_P2M_PER_PAGE; i++)
		page[i] = fill;
	xen_p2m_window_unmap();
	return mfn;
}

/*
 * The table entry for @va one level down from the table in @mfn, index
 * @idx: present, or made present with a new zeroed table.  Returns the
 * entry, 0 on failure.
 */
static u64 xen_p2m_table_get(unsigned long mfn, unsigned int idx, struct xen_p2m_source *src,
			     const char **why)
{
	unsigned long table;
	u64 e;

	/* An entry that cannot be read must not be taken for an empty one. */
	if (xen_p2m_table_read(mfn, idx, &e)) {
		*why = "a page table cannot be read";
		return 0;
	}
	if (e & _PAGE_PRESENT)
		return e;
	table = xen_p2m_new_frame(src, 0);
	if (table == INVALID_P2M_ENTRY) {
		*why = "no frame for a page table";
		return 0;
	}
	e = ((u64)table << PAGE_SHIFT) | XEN_P2M_TABLE_FLAGS;
	if (xen_p2m_table_write(mfn, idx, e)) {
		*why = "Xen refused a new page table";
		return 0;
	}
	return e;
}

/*
 * Map page @k of the table (entries k * XEN_P2M_PER_PAGE ...) with every
 * entry "no memory".  Xen's own mapping may already cover it (a large
 * page, or an L1 entry past the entries it filled): then its entries are
 * overwritten through the slot.
 */
static int xen_p2m_map_page(unsigned long k, struct xen_p2m_source *src, const char **why)
{
	unsigned long va = XEN_P2M_VIRT_BASE + k * PAGE_SIZE;
	unsigned long *entries = (unsigned long *)va;
	u64 e = init_top_pgt[pgd_index(va)].pgd;
	unsigned long data, l1;
	unsigned int i;

	if (!(e & _PAGE_PRESENT)) {
		*why = "its top-level slot is gone";
		return -ENOENT;
	}
	e = xen_p2m_table_get((e & PTE_PFN_MASK) >> PAGE_SHIFT, pud_index(va), src, why);
	if (!e)
		return -ENOMEM;
	if (e & _PAGE_PSE)
		goto mapped;
	e = xen_p2m_table_get((e & PTE_PFN_MASK) >> PAGE_SHIFT, pmd_index(va), src, why);
	if (!e)
		return -ENOMEM;
	if (e & _PAGE_PSE)
		goto mapped;
	l1 = (e & PTE_PFN_MASK) >> PAGE_SHIFT;
	if (xen_p2m_table_read(l1, pte_index(va), &e)) {
		*why = "a page table cannot be read";
		return -EFAULT;
	}
	if (e & _PAGE_PRESENT)
		goto mapped;
	data = xen_p2m_new_frame(src, INVALID_P2M_ENTRY);
	if (data == INVALID_P2M_ENTRY) {
		*why = "no frame for entries";
		return -ENOMEM;
	}
	e = ((u64)data << PAGE_SHIFT) | XEN_P2M_PAGE_FLAGS;
	if (xen_p2m_table_write(l1, pte_index(va), e)) {
		*why = "Xen refused to map a page of entries";
		return -EINVAL;
	}
	return 0;
mapped:
	for (i = 0; i < XEN_P2M_PER_PAGE; i++)
		WRITE_ONCE(entries[i], INVALID_P2M_ENTRY);
	return 0;
}

/**
 * xen_p2m_growth_frames() - frames growing the table may take
 * @size: entries now
 * @new_size: entries wanted
 *
 * An upper bound: a frame per new page of entries, plus one per L1 and
 * one per L2 table the new pages fall under (which may exist already).
 *
 * Return: the number of frames.
 */
unsigned long xen_p2m_growth_frames(unsigned long size, unsigned long new_size)
{
	unsigned long first = DIV_ROUND_UP(size, XEN_P2M_PER_PAGE);
	unsigned long last = DIV_ROUND_UP(new_size, XEN_P2M_PER_PAGE);

	if (new_size <= size || last <= first)
		return 0;
	/* Pages first .. last - 1; an L1 maps PTRS_PER_PTE of them, an L2 PTRS_PER_PMD L1s. */
	return (last - first) +
	       ((last - 1) / PTRS_PER_PTE - first / PTRS_PER_PTE + 1) +
	       ((last - 1) / (PTRS_PER_PTE * PTRS_PER_PMD) -
		first / (PTRS_PER_PTE * PTRS_PER_PMD) + 1);
}

/* The most entries the table may ever have (its own slot), or have now. */
unsigned long xen_p2m_limit(void)
{
	return xen_p2m_in_own_slot() ? XEN_P2M_MAX_ENTRIES : xen_p2m_size;
}

static bool xen_p2m_grow_locked(unsigned long new_size, struct xen_p2m_source *src)
{
	const char *why = NULL;
	unsigned long k;

	if (!xen_p2m_in_own_slot()) {
		pr_err_once("xenpv: the p2m is in the bootstrap region (no INIT_P2M) and cannot grow past %#lx entries\n",
			    xen_p2m_size);
		return false;
	}
	if (new_size > XEN_P2M_MAX_ENTRIES) {
		pr_err("xenpv: p2m growth to %#lx entries refused: the limit is %#lx\n",
		       new_size, XEN_P2M_MAX_ENTRIES);
		return false;
	}
	while (xen_p2m_size < new_size) {
		/* In its own slot the size is always whole pages. */
		k = xen_p2m_size / XEN_P2M_PER_PAGE;
		if (xen_p2m_map_page(k, src, &why)) {
			pr_err("xenpv: p2m cannot grow past %#lx entries: %s\n", xen_p2m_size, why);
			return false;
		}
		/* Entries are mapped and filled before the size says so (page.h). */
		smp_wmb();
		WRITE_ONCE(xen_p2m_size, (k + 1) * XEN_P2M_PER_PAGE);
	}
	return true;
}

/**
 * xen_p2m_grow() - make the table hold at least @new_size entries
 * @new_size: entries wanted
 * @src: where the frames for new pages and tables come from
 *
 * New entries say "no memory".  Fails with a message in the bootstrap
 * region, past XEN_P2M_MAX_ENTRIES, or when @src runs dry or Xen refuses
 * a table; what was added by then stays.
 *
 * Return: true if the table now holds @new_size entries.
 */
bool xen_p2m_grow(unsigned long new_size, struct xen_p2m_source *src)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&xen_p2m_grow_lock, flags);
	ok = xen_p2m_grow_locked(new_size, src);
	spin_unlock_irqrestore(&xen_p2m_grow_lock, flags);
	return ok;
}

/*
 * After boot, growth takes pages from the page allocator, read-only in
 * the direct map from the start (a table must have no writable alias).
 * They belong to the p2m for good.
 */
static unsigned long xen_p2m_take_page(struct xen_p2m_source *src)
{
	struct page *page = alloc_page(GFP_ATOMIC | __GFP_NOWARN);

	if (!page)
		return INVALID_P2M_ENTRY;
	xen_set_page_ro(page_to_pfn(page), true);
	return pfn_to_mfn(page_to_pfn(page));
}

bool set_phys_to_machine(unsigned long pfn, unsigned long mfn)
{
	struct xen_p2m_source src = { .take = xen_p2m_take_page };

	if (unlikely(pfn >= READ_ONCE(xen_p2m_size))) {
		/* Past the table every pfn has no memory already. */
		if (mfn == INVALID_P2M_ENTRY)
			return true;
		if (!slab_is_available()) {
			pr_err("xenpv: p2m update for pfn %#lx beyond the table (%#lx entries) before the page allocator runs\n",
			       pfn, xen_p2m_size);
			return false;
		}
		if (pfn >= XEN_P2M_MAX_ENTRIES || !xen_p2m_grow(pfn + 1, &src))
			return false;
	}
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
