// SPDX-License-Identifier: GPL-2.0
/*
 * Moving from the page tables Xen built to the kernel's own.
 *
 * Xen's bootstrap tables map the bootstrap region (this image, the p2m
 * list, start_info, the tables themselves) at __START_KERNEL_map with 4k
 * pages, pseudo-physical page n at __START_KERNEL_map + n * 4k.  The
 * kernel wants swapper_pg_dir (init_top_pgt), whose static tables in
 * head_64.S hold pseudo-physical entries and large pages Xen does not
 * allow a PV guest.  So, still on Xen's tables:
 *
 *   - level2_kernel_pgt takes over Xen's L2 for the kernel map, and
 *     level2_ident_pgt gets the same entries, so the same L1 tables also
 *     map the bootstrap region at PAGE_OFFSET: __va() works for it before
 *     init_mem_mapping() builds the rest of the direct map;
 *   - the fixmap chain and the upper levels get machine addresses;
 *   - all of these pages become read-only, init_top_pgt is pinned as an
 *     L4 and becomes the base pointer, and Xen's L4 is unpinned.
 *
 * Documentation/xen/pv-mmu.rst has the picture.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"

/* The machine frame behind a kernel-image address (p2m of __pa). */
static unsigned long __init image_mfn(const void *va)
{
	return pfn_to_mfn(PFN_DOWN(__pa_symbol(va)));
}

/* A table entry pointing at a kernel-image page table, machine form. */
static u64 __init image_table_entry(const void *table, u64 flags)
{
	return ((u64)image_mfn(table) << PAGE_SHIFT) | flags;
}

/* Xen's table an entry points at, through its bootstrap mapping. */
static void *__init bootstrap_table(u64 entry, const char *what)
{
	unsigned long pfn;

	if (!(entry & _PAGE_PRESENT))
		xen_boot_fatal("Xen's bootstrap %s is missing\n", what);
	pfn = mfn_to_pfn((entry & PTE_PFN_MASK) >> PAGE_SHIFT);
	if (pfn == INVALID_P2M_ENTRY || pfn >= xen_start_info->nr_pages)
		xen_boot_fatal("Xen's bootstrap %s (entry %#llx) is not in our memory\n",
			       what, entry);
	return (void *)(__START_KERNEL_map + PFN_PHYS(pfn));
}

/* Make a page of the image read-only in Xen's bootstrap mapping. */
static void __init bootstrap_set_ro(void *va)
{
	u64 pte = ((u64)image_mfn(va) << PAGE_SHIFT) |
		  _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX;
	int rc = HYPERVISOR_update_va_mapping((unsigned long)va, pte, UVMF_INVLPG);

	if (rc)
		xen_boot_fatal("cannot make page table %p read-only: %d\n", va, rc);
}

/* How many leading entries of a bootstrap L1 table are present. */
static unsigned int __init bootstrap_l1_used(u64 l2_entry)
{
	pte_t *l1 = bootstrap_table(l2_entry, "last L1 of the kernel map");
	unsigned int n = 0;

	while (n < PTRS_PER_PTE && (l1[n].pte & _PAGE_PRESENT))
		n++;
	return n;
}

static void __init pin_or_die(unsigned int cmd, unsigned long mfn, const char *what)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };
	int rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	if (rc)
		xen_boot_fatal("%s (mfn %#lx) failed: %d\n", what, mfn, rc);
}

void __init xen_pv_pagetable_setup(struct start_info *si)
{
	pgd_t *xen_l4 = (pgd_t *)si->pt_base;
	pud_t *xen_l3;
	pmd_t *xen_l2;
	unsigned int i, last = 0;

	xen_l3 = bootstrap_table(xen_l4[pgd_index(__START_KERNEL_map)].pgd, "L3 of the kernel map");
	xen_l2 = bootstrap_table(xen_l3[pud_index(__START_KERNEL_map)].pud, "L2 of the kernel map");
	if (xen_l3[pud_index(__START_KERNEL_map) + 1].pud & _PAGE_PRESENT)
		xen_boot_fatal("the bootstrap region is larger than 1 GiB; %s\n",
			       "use a smaller initrd or let Xen leave it unmapped");

	/* Kernel map and the bootstrap part of the direct map: Xen's L1s. */
	for (i = 0; i < PTRS_PER_PMD; i++) {
		level2_kernel_pgt[i] = xen_l2[i];
		level2_ident_pgt[i] = xen_l2[i];
		if (xen_l2[i].pmd & _PAGE_PRESENT)
			last = i;
	}

	/* The fixmap's L2 points at level1_fixmap_pgt by pseudo-physical address. */
	for (i = 0; i < PTRS_PER_PMD; i++) {
		u64 e = level2_fixmap_pgt[i].pmd;

		if (!(e & _PAGE_PRESENT))
			continue;
		level2_fixmap_pgt[i].pmd = (e & ~PTE_PFN_MASK) |
			((u64)pfn_to_mfn((e & PTE_PFN_MASK) >> PAGE_SHIFT) << PAGE_SHIFT);
	}

	memset(level3_kernel_pgt, 0, PAGE_SIZE);
	level3_kernel_pgt[pud_index(__START_KERNEL_map)].pud =
		image_table_entry(level2_kernel_pgt, _KERNPG_TABLE_NOENC);
	level3_kernel_pgt[pud_index(__START_KERNEL_map) + 1].pud =
		image_table_entry(level2_fixmap_pgt, _PAGE_TABLE_NOENC);

	memset(level3_ident_pgt, 0, PAGE_SIZE);
	level3_ident_pgt[0].pud = image_table_entry(level2_ident_pgt, _KERNPG_TABLE_NOENC);

	/* No identity map at 0: the low half of the address space is user space. */
	memset(init_top_pgt, 0, PAGE_SIZE);
	init_top_pgt[pgd_index(__PAGE_OFFSET)].pgd =
		image_table_entry(level3_ident_pgt, _KERNPG_TABLE_NOENC);
	init_top_pgt[pgd_index(__START_KERNEL_map)].pgd =
		image_table_entry(level3_kernel_pgt, _PAGE_TABLE_NOENC);
	/* The p2m, if Xen mapped it in a slot of its own (INIT_P2M). */
	xen_p2m_adopt_slot(init_top_pgt, xen_l4);

	/* Xen validates only tables nobody can write. */
	bootstrap_set_ro(init_top_pgt);
	bootstrap_set_ro(level3_ident_pgt);
	bootstrap_set_ro(level3_kernel_pgt);
	bootstrap_set_ro(level2_ident_pgt);
	bootstrap_set_ro(level2_kernel_pgt);
	bootstrap_set_ro(level2_fixmap_pgt);
	for (i = 0; i < FIXMAP_PMD_NUM; i++)
		bootstrap_set_ro(level1_fixmap_pgt + i * PTRS_PER_PTE);

	pin_or_die(MMUEXT_PIN_L4_TABLE, image_mfn(init_top_pgt), "pinning init_top_pgt");
	pin_or_die(MMUEXT_NEW_BASEPTR, image_mfn(init_top_pgt), "switching to init_top_pgt");
	this_cpu_write(xen_cr3, __pa_symbol(init_top_pgt));
	pin_or_die(MMUEXT_UNPIN_TABLE, image_mfn(xen_l4), "unpinning Xen's bootstrap L4");

	/*
	 * What the bootstrap L1s map is mapped now; init_mem_mapping() and
	 * cleanup_highmap() start from here.
	 */
	max_pfn_mapped = last * PTRS_PER_PTE + bootstrap_l1_used(xen_l2[last].pmd);
}
