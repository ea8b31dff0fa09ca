// SPDX-License-Identifier: GPL-2.0
/*
 * GDT, LDT and TLS descriptors of a PV guest.
 *
 * Xen validates every descriptor a PV guest can load: descriptor table
 * pages must be mapped read-only everywhere (Xen holds a "segment
 * descriptor page" type on them while they are in use), the GDT is
 * installed with HYPERVISOR_set_gdt, single descriptors are replaced with
 * HYPERVISOR_update_descriptor and the LDT with MMUEXT_SET_LDT.  System
 * descriptors (TSS, LDT) are Xen's own: writes of them are dropped.
 * Documentation/xen/pv-cpu.rst.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <asm/desc.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"

/* Enough frames for the largest GDT Xen accepts. */
#define XEN_GDT_MAX_FRAMES	DIV_ROUND_UP(FIRST_RESERVED_GDT_BYTE, PAGE_SIZE)

/* The frames of the GDT this CPU runs on, to make them writable again. */
struct xen_gdt_frames {
	unsigned long mfn[XEN_GDT_MAX_FRAMES];
	unsigned int nr;
};

static DEFINE_PER_CPU(struct xen_gdt_frames, xen_gdt_in_use);

static void xen_desc_page_ro(const void *va, bool ro)
{
	unsigned long pfn = mfn_to_pfn(xen_virt_to_maddr(va) >> PAGE_SHIFT);

	if (WARN_ONCE(pfn == INVALID_P2M_ENTRY,
		      "xenpv: descriptor table at %p is not in our memory\n", va))
		return;
	xen_set_page_ro(pfn, ro);
	/* A vmalloc'ed LDT has one more alias: the address it was given at. */
	if (is_vmalloc_addr(va))
		xen_set_va_ro((unsigned long)va, ro);
}

static void xen_load_gdt(const struct desc_ptr *dtr)
{
	struct xen_gdt_frames *in_use = this_cpu_ptr(&xen_gdt_in_use);
	unsigned long va = dtr->address & PAGE_MASK;
	unsigned int size = dtr->size + 1;
	struct xen_gdt_frames next = { };
	unsigned int i, j;
	int rc;

	if (WARN_ON_ONCE(size > FIRST_RESERVED_GDT_BYTE || offset_in_page(dtr->address)))
		return;
	next.nr = DIV_ROUND_UP(size, PAGE_SIZE);
	for (i = 0; i < next.nr; i++, va += PAGE_SIZE) {
		next.mfn[i] = xen_virt_to_maddr((void *)va) >> PAGE_SHIFT;
		xen_desc_page_ro((void *)va, true);
	}

	rc = HYPERVISOR_set_gdt(next.mfn, size / sizeof(struct desc_struct));
	if (rc) {
		/* The kernel cannot run on without a GDT it controls. */
		panic("xenpv: Xen refused the GDT at %#lx (%u bytes): %d\n",
		      dtr->address, size, rc);
	}

	/* The previous GDT's frames are ordinary memory again. */
	for (i = 0; i < in_use->nr; i++) {
		for (j = 0; j < next.nr && next.mfn[j] != in_use->mfn[i]; j++)
			;
		if (j == next.nr) {
			unsigned long pfn = mfn_to_pfn(in_use->mfn[i]);

			if (pfn != INVALID_P2M_ENTRY)
				xen_set_page_ro(pfn, false);
		}
	}
	*in_use = next;
}

#ifdef CONFIG_XEN_PV_SMP
/*
 * The GDT vCPU @cpu starts on (VCPUOP_initialise): its per-CPU GDT page,
 * made read-only and recorded as the one @cpu has loaded, so that the
 * same table loaded again on @cpu changes nothing.  Returns its machine
 * frame, 0 if it has none.  @cpu is not running.
 */
unsigned long xen_pv_gdt_frame(unsigned int cpu)
{
	struct xen_gdt_frames *in_use = per_cpu_ptr(&xen_gdt_in_use, cpu);
	void *gdt = get_cpu_gdt_rw(cpu);
	unsigned long mfn;

	BUILD_BUG_ON(GDT_SIZE > PAGE_SIZE);
	if (WARN_ON_ONCE(offset_in_page(gdt)))
		return 0;
	mfn = xen_virt_to_maddr(gdt) >> PAGE_SHIFT;
	if (!mfn)
		return 0;
	xen_desc_page_ro(gdt, true);
	in_use->mfn[0] = mfn;
	in_use->nr = 1;
	return mfn;
}
#endif

static void xen_update_descriptor(const void *slot, u64 desc)
{
	int rc = HYPERVISOR_update_descriptor(xen_virt_to_maddr(slot), desc);

	WARN_ONCE(rc, "xenpv: Xen refused descriptor %#llx at %p: %d\n", desc, slot, rc);
}

static void xen_write_gdt_entry(struct desc_struct *dt, int entry, const void *desc,
				int type)
{
	/* TSS and LDT descriptors are Xen's: it keeps its own. */
	if (type == DESC_TSS || type == DESC_LDT)
		return;
	xen_update_descriptor(&dt[entry], *(const u64 *)desc);
}

static void xen_write_ldt_entry(struct desc_struct *ldt, int entry, const void *desc)
{
	xen_update_descriptor(&ldt[entry], *(const u64 *)desc);
}

static void xen_load_tls(struct thread_struct *t, unsigned int cpu)
{
	struct desc_struct *gdt = get_cpu_gdt_rw(cpu);
	unsigned int i;

	for (i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		xen_update_descriptor(&gdt[GDT_ENTRY_TLS_MIN + i],
				      *(const u64 *)&t->tls_array[i]);
}

/* LDT pages are read-only while they may be loaded, like the GDT's. */
static void xen_ldt_pages_ro(struct desc_struct *ldt, unsigned int entries, bool ro)
{
	unsigned long va = (unsigned long)ldt & PAGE_MASK;
	unsigned long end = (unsigned long)ldt + entries * LDT_ENTRY_SIZE;

	for (; va < end; va += PAGE_SIZE)
		xen_desc_page_ro((void *)va, ro);
}

static void xen_alloc_ldt(struct desc_struct *ldt, unsigned int entries)
{
	xen_ldt_pages_ro(ldt, entries, true);
}

static void xen_free_ldt(struct desc_struct *ldt, unsigned int entries)
{
	xen_ldt_pages_ro(ldt, entries, false);
}

static void xen_set_ldt(const void *addr, unsigned int entries)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1.linear_addr = entries ? (unsigned long)addr : 0,
		.arg2.nr_ents = entries,
	};
	int rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);

	WARN_ONCE(rc, "xenpv: Xen refused the LDT at %p (%u entries): %d\n", addr, entries, rc);
}

/* The LDT: read-only pages while loadable, loaded by MMUEXT_SET_LDT. */
static void __init xen_hook_ldt(struct pv_cpu_ops *cpu)
{
	cpu->alloc_ldt = xen_alloc_ldt;
	cpu->free_ldt = xen_free_ldt;
	cpu->write_ldt_entry = xen_write_ldt_entry;
	cpu->set_ldt = xen_set_ldt;
}

void __init xen_pv_desc_init(void)
{
	/* GDT and TLS slots: whole table by frames, single entries by address. */
	pv_ops.cpu.load_gdt = xen_load_gdt;
	pv_ops.cpu.load_tls = xen_load_tls;
	pv_ops.cpu.write_gdt_entry = xen_write_gdt_entry;
	xen_hook_ldt(&pv_ops.cpu);
}
