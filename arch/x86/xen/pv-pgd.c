// SPDX-License-Identifier: GPL-2.0
/*
 * The two top-level page tables of a 64-bit PV address space
 * (Documentation/xen/pv-mmu.rst, "User page tables").
 *
 * A 64-bit PV kernel runs in ring 3 like its processes, so Xen keeps
 * them apart with two L4 tables per address space and switches between
 * them on every kernel/user transition: the kernel L4 (the pgd Linux
 * manages, MMUEXT_NEW_BASEPTR) maps everything, the user L4
 * (MMUEXT_NEW_USER_BASEPTR) only the user half.  Linux knows nothing of
 * the second table: every write of a user-half top-level entry is
 * mirrored into it here, so the two always agree on the user half.
 *
 * The user L4 of an mm is a page allocated with its pgd; the pgd page's
 * page->private points to it (pgd pages use lru and pt_mm, not private).
 * init_mm has none: kernel threads never run in user mode.
 *
 * Pinning: Xen validates a table tree when it is pinned and keeps it
 * typed while pinned, so later CR3 loads are cheap.  An mm's two L4s are
 * pinned the first time one of its CPUs loads them and unpinned when the
 * pgd is freed, once no CPU can have it loaded (the last lazy user of an
 * mm holds a reference to it; __mmdrop frees the pgd).  PG_pinned on the
 * pgd page records the state.  Tables of an unpinned address space are
 * ordinary writable pages (an exec that fails tears its new one down
 * without ever running on it); pinning makes them read-only.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <asm/paravirt.h>
#include <asm/pgalloc.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"

/* Top-level slots below this index map user addresses. */
#define XEN_USER_L4_SLOTS	(PTRS_PER_PGD / 2)

/* init_mm's pgd, reached through the direct map as CR3 values are. */
static bool xen_is_swapper_l4(pgd_t *pgd)
{
	return __pa(pgd) == __pa_symbol(swapper_pg_dir);
}

static pgd_t *xen_user_l4(pgd_t *kernel_l4)
{
	return (pgd_t *)page_private(virt_to_page(kernel_l4));
}

/*
 * The user L4 entry that mirrors the top-level entry at @entry, or NULL
 * when @entry is a kernel-half slot or its table has no user L4.
 * Only meaningful with 4-level paging, where p4d entries are the top.
 */
pgd_t *xen_user_l4_mirror(void *entry)
{
	unsigned long offset = (unsigned long)entry & ~PAGE_MASK;
	pgd_t *kernel_l4 = (pgd_t *)((unsigned long)entry & PAGE_MASK);
	pgd_t *user_l4;

	if (pgtable_l5_enabled() || offset / sizeof(pgd_t) >= XEN_USER_L4_SLOTS)
		return NULL;
	user_l4 = xen_user_l4(kernel_l4);
	return user_l4 ? user_l4 + offset / sizeof(pgd_t) : NULL;
}

static int xen_pgd_alloc(struct mm_struct *mm)
{
	struct page *user = alloc_page(GFP_PGTABLE_USER);

	if (!user)
		return -ENOMEM;
	set_page_private(virt_to_page(mm->pgd), (unsigned long)page_address(user));
	return 0;
}

static int xen_l4_op(unsigned int cmd, pgd_t *l4)
{
	struct mmuext_op op = {
		.cmd = cmd,
		.arg1.mfn = pfn_to_mfn(PFN_DOWN(__pa(l4))),
	};

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Read-only and pinned, or left as it was with the reason logged. */
static int xen_l4_pin(pgd_t *l4)
{
	int rc;

	xen_set_va_ro((unsigned long)l4, true);
	rc = xen_l4_op(MMUEXT_PIN_L4_TABLE, l4);
	if (rc) {
		xen_set_va_ro((unsigned long)l4, false);
		pr_err("xenpv: Xen refused to pin the L4 table in pfn %#lx: %d\n",
		       PFN_DOWN(__pa(l4)), rc);
	}
	return rc;
}

static void xen_l4_unpin(pgd_t *l4)
{
	int rc = xen_l4_op(MMUEXT_UNPIN_TABLE, l4);

	if (rc) {
		/* Still typed: leave it read-only and never hand it back. */
		pr_err("xenpv: Xen refused to unpin the L4 table in pfn %#lx: %d; leaking it\n",
		       PFN_DOWN(__pa(l4)), rc);
		return;
	}
	xen_set_va_ro((unsigned long)l4, false);
}

/* Whether the tables of @mm are pinned (so read-only) in Xen. */
bool xen_mm_pinned(struct mm_struct *mm)
{
	return mm == &init_mm || PagePinned(virt_to_page(mm->pgd));
}

/* Every table below the user half of @pgd, read-only or writable again. */
static void xen_user_tables_set_ro(pgd_t *pgd, bool ro)
{
	unsigned int i, j, k;

	for (i = 0; i < XEN_USER_L4_SLOTS; i++) {
		p4d_t *p4d = (p4d_t *)(pgd + i);
		pud_t *pud;

		if (p4d_none(*p4d))
			continue;
		pud = p4d_pgtable(*p4d);
		xen_set_va_ro((unsigned long)pud, ro);
		for (j = 0; j < PTRS_PER_PUD; j++) {
			pmd_t *pmd;

			if (pud_none(pud[j]))
				continue;
			pmd = pud_pgtable(pud[j]);
			xen_set_va_ro((unsigned long)pmd, ro);
			for (k = 0; k < PTRS_PER_PMD; k++)
				if (!pmd_none(pmd[k]))
					xen_set_va_ro((unsigned long)pmd_page_vaddr(pmd[k]), ro);
		}
	}
}

/*
 * Pin both L4s of the address space whose kernel L4 is @pgd, if not yet:
 * first every table of its user half becomes read-only (the kernel half
 * is init_mm's, read-only already), then Xen validates the whole tree.
 * Called before the first CR3 load of it, with preemption off.  Nothing
 * else adds tables to an address space before it first runs: exec fills
 * the new one from the exec'ing task, fork the child's before it is woken.
 */
int xen_pgd_pin(pgd_t *pgd)
{
	struct page *page;
	pgd_t *user_l4;
	int rc;

	/* Pinned since boot; and early CR3 loads come before struct pages. */
	if (xen_is_swapper_l4(pgd))
		return 0;
	page = virt_to_page(pgd);
	if (PagePinned(page))
		return 0;
	user_l4 = xen_user_l4(pgd);
	xen_user_tables_set_ro(pgd, true);
	rc = xen_l4_pin(pgd);
	if (rc)
		goto err_writable;
	if (user_l4) {
		rc = xen_l4_pin(user_l4);
		if (rc)
			goto err_unpin_kernel;
	}
	SetPagePinned(page);
	return 0;

err_unpin_kernel:
	xen_l4_unpin(pgd);
err_writable:
	xen_user_tables_set_ro(pgd, false);
	return rc;
}

static void xen_pgd_free(struct mm_struct *mm, pgd_t *pgd)
{
	struct page *page = virt_to_page(pgd);
	pgd_t *user_l4 = xen_user_l4(pgd);

	if (TestClearPagePinned(page)) {
		WARN_ONCE(this_cpu_read(xen_cr3) == __pa(pgd),
			  "xenpv: freeing the page tables this CPU runs on\n");
		xen_l4_unpin(pgd);
		if (user_l4)
			xen_l4_unpin(user_l4);
		/* Normally empty by now: exit_mmap freed the user half. */
		xen_user_tables_set_ro(pgd, false);
	}
	if (user_l4) {
		set_page_private(page, 0);
		free_page((unsigned long)user_l4);
	}
}

/*
 * Load @cr3 (kernel L4) and its user L4 in one batch.  Returns the
 * error of the pin, if the tables could not be validated: the caller
 * stays on its old tables then.
 */
int xen_load_l4_pair(unsigned long cr3)
{
	pgd_t *pgd = __va(cr3 & CR3_ADDR_MASK);
	pgd_t *user_l4 = xen_is_swapper_l4(pgd) ? NULL : xen_user_l4(pgd);
	struct mmuext_op ops[2] = {
		{ .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = pfn_to_mfn(PFN_DOWN(__pa(pgd))) },
		/* mfn 0: no user page table (kernel-only address space). */
		{ .cmd = MMUEXT_NEW_USER_BASEPTR,
		  .arg1.mfn = user_l4 ? pfn_to_mfn(PFN_DOWN(__pa(user_l4))) : 0 },
	};
	int rc = xen_pgd_pin(pgd);

	if (rc)
		return rc;
	return HYPERVISOR_mmuext_op(ops, ARRAY_SIZE(ops), NULL, DOMID_SELF);
}

void __init xen_pv_pgd_init(struct pv_mmu_ops *mmu)
{
	mmu->pgd_alloc = xen_pgd_alloc;
	mmu->pgd_free = xen_pgd_free;
}
