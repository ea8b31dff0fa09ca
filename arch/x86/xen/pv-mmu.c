// SPDX-License-Identifier: GPL-2.0
/*
 * Page-table operations of a PV guest (Documentation/xen/pv-mmu.rst).
 *
 * Xen validates every page table a PV guest uses: page-table pages are
 * mapped read-only and their entries hold machine frames.  The kernel
 * keeps building pseudo-physical entries; make_* and *_val translate at
 * the boundary (present entries only: a non-present entry keeps its PFN),
 * and set_* write through HYPERVISOR_mmu_update.  Single-entry writes the
 * generic code does with plain instructions on L1 tables (clearing or
 * testing a bit) are emulated by Xen's writable page-table assist.
 *
 * In lazy MMU mode, updates queue per CPU and go to Xen in one
 * mmu_update; leaving the mode (or a full queue) flushes them.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/pgtable.h>
#include <asm/fixmap.h>
#include <asm/paravirt.h>
#include <asm/sections.h>
#include <asm/tlbflush.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"
#include "pv-pte.h"

/* ---- frame translation of entry values ---- */

/* The pure translations (pv-pte.h), on the live tables. */
static __always_inline pteval_t xen_pfn_entry_to_mfn(pteval_t val)
{
	pteval_t mval = xen_pte_to_machine(val, xen_p2m_list, READ_ONCE(xen_p2m_size));

	/* Dropped: a present entry naming a pfn without memory. */
	if (unlikely(!mval && (val & _PAGE_PRESENT)))
		WARN_ONCE(1, "xenpv: page-table entry %#llx names a pfn without memory\n",
			  (u64)val);
	return mval;
}

static __always_inline pteval_t xen_mfn_entry_to_pfn(pteval_t val)
{
	return xen_pte_to_pseudo(val, xen_m2p, xen_m2p_entries, xen_p2m_list,
				 READ_ONCE(xen_p2m_size));
}

/*
 * One pair per level: xen_<lvl>_val() turns an entry read from a table
 * into the kernel's pseudo-physical view, xen_make_<lvl>() turns the
 * kernel's value into what Xen validates.  Both reach the paravirt call
 * sites through callee-save thunks.
 */
#define XEN_ENTRY_TRANSLATORS(lvl)					\
__visible lvl##val_t xen_##lvl##_val(lvl##_t entry)			\
{									\
	return xen_mfn_entry_to_pfn(native_##lvl##_val(entry));		\
}									\
PV_CALLEE_SAVE_REGS_THUNK(xen_##lvl##_val);				\
__visible lvl##_t xen_make_##lvl(lvl##val_t val)			\
{									\
	return native_make_##lvl(xen_pfn_entry_to_mfn(val));		\
}									\
PV_CALLEE_SAVE_REGS_THUNK(xen_make_##lvl)

/* Leaf entries also keep private frames (the p2m's, p2m.c) read-only. */
__visible pteval_t xen_pte_val(pte_t entry)
{
	return xen_mfn_entry_to_pfn(native_pte_val(entry));
}

PV_CALLEE_SAVE_REGS_THUNK(xen_pte_val);

__visible pte_t xen_make_pte(pteval_t val)
{
	if ((val & (_PAGE_PRESENT | _PAGE_RW)) == (_PAGE_PRESENT | _PAGE_RW) &&
	    unlikely(xen_p2m_frame_is_private((val & PTE_PFN_MASK) >> PAGE_SHIFT)))
		val &= ~_PAGE_RW;
	return native_make_pte(xen_pfn_entry_to_mfn(val));
}

PV_CALLEE_SAVE_REGS_THUNK(xen_make_pte);

XEN_ENTRY_TRANSLATORS(pmd);
XEN_ENTRY_TRANSLATORS(pud);
XEN_ENTRY_TRANSLATORS(pgd);
#if CONFIG_PGTABLE_LEVELS >= 5
XEN_ENTRY_TRANSLATORS(p4d);
#endif

/* ---- where an entry lives in machine memory ---- */

u64 xen_virt_to_maddr(const void *va)
{
	unsigned long addr = (unsigned long)va;
	unsigned int level;
	pte_t *pte;

	if (addr >= __START_KERNEL_map && addr < __START_KERNEL_map + KERNEL_IMAGE_SIZE)
		return phys_to_machine(__pa_symbol(addr));
	if (virt_addr_valid(addr))
		return phys_to_machine(__pa(addr));
	/* vmalloc, fixmap: the leaf entry already holds the machine frame. */
	pte = lookup_address(addr, &level);
	if (WARN_ONCE(!pte || !(pte->pte & _PAGE_PRESENT),
		      "xenpv: no mapping for %#lx\n", addr))
		return 0;
	return (pte->pte & PTE_PFN_MASK & page_level_mask(level)) |
	       (addr & ~page_level_mask(level));
}

/* ---- updates, one at a time or queued in lazy MMU mode ---- */

#define XEN_MMU_QUEUE_LEN	32

struct xen_mmu_queue {
	struct mmu_update req[XEN_MMU_QUEUE_LEN];
	unsigned int nr;
};

static DEFINE_PER_CPU(struct xen_mmu_queue, xen_mmu_queue);

static void xen_mmu_submit(struct mmu_update *req, unsigned int nr)
{
	unsigned int done = 0;
	int rc = HYPERVISOR_mmu_update(req, nr, &done, DOMID_SELF);

	/* A refused update is a kernel bug; say which entry it was. */
	WARN(rc, "xenpv: mmu_update failed (%d) at entry %u of %u: ptr %#llx val %#llx\n",
	     rc, done, nr, req[done < nr ? done : 0].ptr, req[done < nr ? done : 0].val);
}

static void xen_mmu_flush_queue(void)
{
	struct xen_mmu_queue *q = this_cpu_ptr(&xen_mmu_queue);

	if (q->nr) {
		xen_mmu_submit(q->req, q->nr);
		q->nr = 0;
	}
}

static void xen_mmu_write(void *entry, u64 val, unsigned int type)
{
	struct mmu_update one;

	one.ptr = xen_virt_to_maddr(entry) | type;
	one.val = val;

	preempt_disable();
	if (paravirt_get_lazy_mode() == PARAVIRT_LAZY_MMU) {
		struct xen_mmu_queue *q = this_cpu_ptr(&xen_mmu_queue);

		q->req[q->nr++] = one;
		if (q->nr == XEN_MMU_QUEUE_LEN)
			xen_mmu_flush_queue();
	} else {
		xen_mmu_submit(&one, 1);
	}
	preempt_enable();
}

static void xen_set_pte(pte_t *ptep, pte_t pte)
{
	xen_mmu_write(ptep, pte.pte, MMU_NORMAL_PT_UPDATE);
}

static void xen_set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	xen_mmu_write(pmdp, pmd.pmd, MMU_NORMAL_PT_UPDATE);
}

static void xen_set_pud(pud_t *pudp, pud_t pud)
{
	xen_mmu_write(pudp, pud.pud, MMU_NORMAL_PT_UPDATE);
}

/* With 4-level paging a p4d entry is a top-level one: mirror the user half. */
static void xen_set_p4d(p4d_t *p4dp, p4d_t p4d)
{
	pgd_t *user = xen_user_l4_mirror(p4dp);

	xen_mmu_write(p4dp, native_p4d_val(p4d), MMU_NORMAL_PT_UPDATE);
	if (user)
		xen_mmu_write(user, native_p4d_val(p4d), MMU_NORMAL_PT_UPDATE);
}

#if CONFIG_PGTABLE_LEVELS >= 5
static void xen_set_pgd(pgd_t *pgdp, pgd_t pgd)
{
	xen_mmu_write(pgdp, pgd.pgd, MMU_NORMAL_PT_UPDATE);
}
#endif

/*
 * mprotect and friends: read the entry, then write it back keeping the
 * Accessed and Dirty bits the hardware may have set meanwhile.
 */
static pte_t xen_ptep_modify_prot_start(struct vm_area_struct *vma, unsigned long addr,
					pte_t *ptep)
{
	return *ptep;
}

static void xen_ptep_modify_prot_commit(struct vm_area_struct *vma, unsigned long addr,
					pte_t *ptep, pte_t pte)
{
	xen_mmu_write(ptep, pte.pte, MMU_PT_UPDATE_PRESERVE_AD);
}

static void xen_lazy_mmu_enter(void)
{
	paravirt_enter_lazy_mmu();
}

static void xen_lazy_mmu_leave(void)
{
	preempt_disable();
	xen_mmu_flush_queue();
	paravirt_leave_lazy_mmu();
	preempt_enable();
}

static void xen_lazy_mmu_flush(void)
{
	preempt_disable();
	if (paravirt_get_lazy_mode() == PARAVIRT_LAZY_MMU)
		xen_mmu_flush_queue();
	preempt_enable();
}

/* ---- page-table pages are read-only while Xen may use them ---- */

void xen_set_va_ro(unsigned long va, bool ro)
{
	unsigned int level;
	pte_t *ptep = lookup_address(va, &level);
	pteval_t val;
	int rc;

	if (!ptep || !(ptep->pte & _PAGE_PRESENT) || level != PG_LEVEL_4K)
		return;
	val = ro ? ptep->pte & ~_PAGE_RW : ptep->pte | _PAGE_RW;
	if (val == ptep->pte)
		return;
	rc = HYPERVISOR_update_va_mapping(va, val, UVMF_INVLPG | UVMF_LOCAL);
	WARN_ONCE(rc, "xenpv: cannot make %#lx %s: %d\n", va, ro ? "read-only" : "writable", rc);
}

/* Every kernel alias of pfn: the direct map and, inside the image, its map. */
void xen_set_page_ro(unsigned long pfn, bool ro)
{
	unsigned long kva = __START_KERNEL_map + PFN_PHYS(pfn);

	xen_set_va_ro((unsigned long)__va(PFN_PHYS(pfn)), ro);
	if (kva >= (unsigned long)_text && kva < (unsigned long)_end)
		xen_set_va_ro(kva, ro);
}

/*
 * A table joining a pinned tree (init_mm's always is) must be read-only
 * before it is linked, or Xen refuses to validate it.  A table of an
 * unpinned address space stays writable until the tree is pinned
 * (pv-pgd.c): generic code writes such tables directly, and Xen only
 * emulates direct writes to tables it validated.
 */
static void xen_alloc_ptpage(struct mm_struct *mm, unsigned long pfn)
{
	if (xen_mm_pinned(mm))
		xen_set_page_ro(pfn, true);
}

static void xen_release_ptpage(unsigned long pfn)
{
	xen_set_page_ro(pfn, false);
}

/* ---- CR2, CR3 and TLB ---- */

__visible unsigned long xen_read_cr2(void)
{
	return this_cpu_read(xen_vcpu)->arch.cr2;
}

PV_CALLEE_SAVE_REGS_THUNK(xen_read_cr2);

static void xen_write_cr2(unsigned long cr2)
{
	this_cpu_read(xen_vcpu)->arch.cr2 = cr2;
}

/* The pseudo-physical CR3 the kernel believes it loaded. */
DEFINE_PER_CPU(unsigned long, xen_cr3);

static unsigned long xen_read_cr3(void)
{
	return this_cpu_read(xen_cr3);
}

static void xen_mmuext(unsigned int cmd, unsigned long arg1)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = arg1 };
	int rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	WARN(rc, "xenpv: mmuext op %u (%#lx) failed: %d\n", cmd, arg1, rc);
}

/*
 * Loading CR3 loads the address space's kernel L4 and its user L4
 * (pv-pgd.c).  Tables Xen will not validate mean corrupt page tables:
 * running on would use the wrong address space, so stop.
 */
static void xen_write_cr3(unsigned long cr3)
{
	int rc;

	preempt_disable();
	xen_mmu_flush_queue();
	rc = xen_load_l4_pair(cr3);
	if (rc)
		panic("xenpv: Xen refused page tables at %#lx as CR3: %d\n", cr3, rc);
	this_cpu_write(xen_cr3, cr3 & PAGE_MASK);
	preempt_enable();
}

static void xen_flush_tlb(void)
{
	xen_mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

static void xen_flush_tlb_one_user(unsigned long addr)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = addr };

	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void xen_flush_tlb_multi(const struct cpumask *cpus, const struct flush_tlb_info *info)
{
	/* One vCPU per CPU: the cpumask is the vCPU mask Xen wants. */
	struct mmuext_op op = { .arg2.vcpumask = cpumask_bits(cpus) };
	unsigned long addr;

	if (info->end != TLB_FLUSH_ALL &&
	    (info->end - info->start) >> info->stride_shift <= 32) {
		op.cmd = MMUEXT_INVLPG_MULTI;
		for (addr = info->start; addr < info->end; addr += 1UL << info->stride_shift) {
			op.arg1.linear_addr = addr;
			HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
		}
		return;
	}
	op.cmd = MMUEXT_TLB_FLUSH_MULTI;
	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/*
 * Fixmap slots: RAM by pseudo-physical address, translated like any
 * entry.  The shared info page is mapped by machine address directly
 * (pv-irq.c); device slots (local APIC, I/O APIC) have no device behind
 * them in a PV domU and get nothing.
 */
static bool xen_fixmap_is_device(unsigned int idx)
{
#ifdef CONFIG_X86_LOCAL_APIC
	if (idx == FIX_APIC_BASE)
		return true;
#endif
#ifdef CONFIG_X86_IO_APIC
	if (idx >= FIX_IO_APIC_BASE_0 && idx <= FIX_IO_APIC_BASE_END)
		return true;
#endif
	return false;
}

static void xen_set_fixmap(unsigned int idx, phys_addr_t phys, pgprot_t prot)
{
	unsigned long va = __fix_to_virt(idx);
	pte_t pte;

	if (xen_fixmap_is_device(idx))
		return;
	if (pfn_to_mfn(PFN_DOWN(phys)) == INVALID_P2M_ENTRY) {
		pr_warn("xenpv: fixmap slot %u: %pa is not guest memory; left unmapped\n",
			idx, &phys);
		return;
	}
	pte = pfn_pte(PFN_DOWN(phys), prot);
	if (HYPERVISOR_update_va_mapping(va, pte.pte, UVMF_INVLPG | UVMF_LOCAL))
		pr_warn("xenpv: fixmap slot %u for %pa refused\n", idx, &phys);
}

/* Page-table pages change protection when they join or leave a table. */
static void __init xen_hook_ptpage_lifecycle(struct pv_mmu_ops *mmu)
{
	void (**join[])(struct mm_struct *, unsigned long) = {
		&mmu->alloc_pte, &mmu->alloc_pmd, &mmu->alloc_pud, &mmu->alloc_p4d,
	};
	void (**leave[])(unsigned long) = {
		&mmu->release_pte, &mmu->release_pmd, &mmu->release_pud, &mmu->release_p4d,
	};
	unsigned int level;

	for (level = 0; level < ARRAY_SIZE(join); level++) {
		*join[level] = xen_alloc_ptpage;
		*leave[level] = xen_release_ptpage;
	}
}

/* Entry values cross the pseudo-physical/machine boundary here. */
static void __init xen_hook_entry_translation(struct pv_mmu_ops *mmu)
{
	mmu->pte_val = PV_CALLEE_SAVE(xen_pte_val);
	mmu->make_pte = PV_CALLEE_SAVE(xen_make_pte);
	mmu->pmd_val = PV_CALLEE_SAVE(xen_pmd_val);
	mmu->make_pmd = PV_CALLEE_SAVE(xen_make_pmd);
}

static void __init xen_hook_upper_translation(struct pv_mmu_ops *mmu)
{
	mmu->pud_val = PV_CALLEE_SAVE(xen_pud_val);
	mmu->make_pud = PV_CALLEE_SAVE(xen_make_pud);
	mmu->pgd_val = PV_CALLEE_SAVE(xen_pgd_val);
	mmu->make_pgd = PV_CALLEE_SAVE(xen_make_pgd);
#if CONFIG_PGTABLE_LEVELS >= 5
	mmu->p4d_val = PV_CALLEE_SAVE(xen_p4d_val);
	mmu->make_p4d = PV_CALLEE_SAVE(xen_make_p4d);
#endif
}

/* Writes of entries: one hypercall each, or queued in lazy mode. */
static void __init xen_hook_entry_writes(struct pv_mmu_ops *mmu)
{
	mmu->set_pte = xen_set_pte;
	mmu->set_pmd = xen_set_pmd;
	mmu->set_pud = xen_set_pud;
	mmu->set_p4d = xen_set_p4d;
#if CONFIG_PGTABLE_LEVELS >= 5
	mmu->set_pgd = xen_set_pgd;
#endif
}

static void __init xen_hook_batching(struct pv_mmu_ops *mmu)
{
	mmu->ptep_modify_prot_start = xen_ptep_modify_prot_start;
	mmu->ptep_modify_prot_commit = xen_ptep_modify_prot_commit;
	mmu->lazy_mode.enter = xen_lazy_mmu_enter;
	mmu->lazy_mode.leave = xen_lazy_mmu_leave;
	mmu->lazy_mode.flush = xen_lazy_mmu_flush;
}

/* CR3 and TLB flushes are hypercalls; CR2 lives in vcpu_info. */
static void __init xen_hook_address_space(struct pv_mmu_ops *mmu)
{
	mmu->write_cr3 = xen_write_cr3;
	mmu->read_cr3 = xen_read_cr3;
	mmu->read_cr2 = PV_CALLEE_SAVE(xen_read_cr2);
	mmu->write_cr2 = xen_write_cr2;
}

static void __init xen_hook_tlb(struct pv_mmu_ops *mmu)
{
	mmu->flush_tlb_user = xen_flush_tlb;
	mmu->flush_tlb_kernel = xen_flush_tlb;
	mmu->flush_tlb_one_user = xen_flush_tlb_one_user;
	mmu->flush_tlb_multi = xen_flush_tlb_multi;
	mmu->set_fixmap = xen_set_fixmap;
}

void __init xen_pv_mmu_init(void)
{
	/*
	 * Generic code clears and tests bits of L1 entries with plain
	 * instructions (ptep_get_and_clear, ptep_set_wrprotect, ...); Xen
	 * emulates such writes to read-only L1 pages once this assist is on.
	 */
	if (xen_vm_assist_enable(VMASST_TYPE_writable_pagetables))
		xen_boot_fatal("Xen refused the writable page-table assist\n");

	xen_hook_entry_translation(&pv_ops.mmu);
	xen_hook_upper_translation(&pv_ops.mmu);
	xen_hook_entry_writes(&pv_ops.mmu);
	xen_hook_batching(&pv_ops.mmu);
	xen_hook_ptpage_lifecycle(&pv_ops.mmu);
	xen_hook_address_space(&pv_ops.mmu);
	xen_hook_tlb(&pv_ops.mmu);
	xen_pv_pgd_init(&pv_ops.mmu);
}
