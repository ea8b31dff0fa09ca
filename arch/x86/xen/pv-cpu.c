// SPDX-License-Identifier: GPL-2.0
/*
 * Privileged CPU state of a PV guest.
 *
 * The kernel runs in ring 3: control registers, debug registers, MSRs,
 * descriptor tables and the kernel stack pointer all belong to Xen, which
 * either emulates the instruction (slowly, after a fault) or offers a
 * hypercall for it.  These pv_ops use the hypercall where one exists and
 * give the rest of the kernel the view a PV guest must have: cpuid with
 * the features a PV guest cannot use hidden (pv-cpuid.c), MSRs that
 * read as zero when Xen refuses them, CR4 that only Xen may change.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/io_bitmap.h>
#include <asm/msr.h>
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/interface.h>
#include <asm/xen/page.h>

#include "pv.h"
#include "pv-cpuid.h"

/* Xen traps this prefix and emulates the instruction after it. */
#define XEN_FORCED_EMULATION	".byte 0x0f,0x0b,0x78,0x65,0x6e; "

static void xen_cpuid(unsigned int *ax, unsigned int *bx, unsigned int *cx,
		      unsigned int *dx)
{
	unsigned int leaf = *ax, subleaf = *cx;

	asm volatile(XEN_FORCED_EMULATION "cpuid"
		     : "=a" (*ax), "=b" (*bx), "=c" (*cx), "=d" (*dx)
		     : "0" (*ax), "2" (*cx));
	xen_cpuid_mask(leaf, subleaf, ax, bx, cx, dx);
}

static unsigned long xen_get_debugreg(int reg)
{
	return HYPERVISOR_get_debugreg(reg);
}

static void xen_set_debugreg(int reg, unsigned long val)
{
	HYPERVISOR_set_debugreg(reg, val);
}

/* Of CR0 a PV guest controls only TS, through fpu_taskswitch. */
static void xen_write_cr0(unsigned long cr0)
{
	HYPERVISOR_fpu_taskswitch(!!(cr0 & X86_CR0_TS));
}

/*
 * Xen owns CR4 and sets the bits a PV kernel may rely on; it faults any
 * attempt to change them.  The kernel's shadow (cpu_tlbstate.cr4) keeps
 * what the kernel asked for; the features behind bits Xen would refuse
 * are hidden in cpuid above, so nothing depends on them.
 */
static void xen_write_cr4(unsigned long cr4)
{
}

static u64 xen_read_msr_safe(unsigned int msr, int *err)
{
	return native_read_msr_safe(msr, err);
}

/* An MSR Xen refuses reads as zero: Xen decides what a guest may see. */
static u64 xen_read_msr(unsigned int msr)
{
	int err;
	u64 val = xen_read_msr_safe(msr, &err);

	return err ? 0 : val;
}

/* Segment bases have hypercalls; every other MSR goes to Xen's emulator. */
static int xen_write_msr_safe(unsigned int msr, unsigned int low, unsigned int high)
{
	u64 val = ((u64)high << 32) | low;

	switch (msr) {
	case MSR_FS_BASE:
		return HYPERVISOR_set_segment_base(SEGBASE_FS, val) ? -EIO : 0;
	case MSR_KERNEL_GS_BASE:
		return HYPERVISOR_set_segment_base(SEGBASE_GS_USER, val) ? -EIO : 0;
	case MSR_GS_BASE:
		return HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, val) ? -EIO : 0;
	default:
		return native_write_msr_safe(msr, low, high);
	}
}

static void xen_write_msr(unsigned int msr, unsigned int low, unsigned int high)
{
	xen_write_msr_safe(msr, low, high);
}

/* The stack Xen switches to on entry from user mode, and the TSS copy. */
static void xen_load_sp0(unsigned long sp0)
{
	HYPERVISOR_stack_switch(__KERNEL_DS, sp0);
	this_cpu_write(cpu_tss_rw.x86_tss.sp0, sp0);
}

static void xen_load_gs_index(unsigned int idx)
{
	if (HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, idx))
		pr_warn_ratelimited("xenpv: Xen refused user %%gs selector %#x\n", idx);
}

/* Port 0x80 delays mean nothing without ISA hardware; a PV domU has none. */
static void xen_io_delay(void)
{
}

static void xen_wbinvd(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_FLUSH_CACHE };

	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Xen keeps the task register; there is none to load or store. */
static void xen_load_tr_desc(void)
{
}

static unsigned long xen_store_tr(void)
{
	return 0;
}

#ifdef CONFIG_X86_IOPL_IOPERM
/* A task's I/O bitmap is Xen's to enforce (PHYSDEVOP_set_iobitmap). */
static void xen_invalidate_io_bitmap(void)
{
	struct physdev_set_iobitmap iobitmap = { .bitmap = NULL, .nr_ports = 0 };

	HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &iobitmap);
}

static void xen_update_io_bitmap(void)
{
	struct thread_struct *t = &current->thread;
	struct io_bitmap *iobm = t->io_bitmap;
	struct physdev_set_iobitmap iobitmap = { .bitmap = NULL, .nr_ports = 0 };

	if (iobm) {
		iobitmap.bitmap = (u8 *)iobm->bitmap;
		iobitmap.nr_ports = iobm->max * BITS_PER_BYTE;
	}
	HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &iobitmap);
}
#endif

/* MSRs: Xen's emulator decides; segment bases have hypercalls. */
static void __init xen_hook_msrs(struct pv_cpu_ops *cpu)
{
	cpu->write_msr_safe = xen_write_msr_safe;
	cpu->write_msr = xen_write_msr;
	cpu->read_msr_safe = xen_read_msr_safe;
	cpu->read_msr = xen_read_msr;
}

/* Stack, segment and I/O permission state that Xen keeps for us. */
static void __init xen_hook_task_state(struct pv_cpu_ops *cpu)
{
	cpu->load_sp0 = xen_load_sp0;
	cpu->load_gs_index = xen_load_gs_index;
	cpu->store_tr = xen_store_tr;
	cpu->load_tr_desc = xen_load_tr_desc;
#ifdef CONFIG_X86_IOPL_IOPERM
	cpu->update_io_bitmap = xen_update_io_bitmap;
	cpu->invalidate_io_bitmap = xen_invalidate_io_bitmap;
#endif
}

/* Control and debug registers, and instructions Xen stands in for. */
static void __init xen_hook_registers(struct pv_cpu_ops *cpu)
{
	cpu->write_cr4 = xen_write_cr4;
	cpu->write_cr0 = xen_write_cr0;
	cpu->set_debugreg = xen_set_debugreg;
	cpu->get_debugreg = xen_get_debugreg;
}

static void __init xen_hook_instructions(struct pv_cpu_ops *cpu)
{
	cpu->wbinvd = xen_wbinvd;
	cpu->io_delay = xen_io_delay;
	cpu->cpuid = xen_cpuid;
}

/*
 * Kernel I/O privilege, per vCPU: with a virtual IOPL of 1, port I/O in
 * kernel mode is emulated by Xen (reads of ports we have no access to
 * give all ones) and a bare cli or sti, which generic code still has in
 * a few places (this_cpu_cmpxchg16b_emu on CPUs without CX16), is
 * skipped instead of faulting.  It does not change the event mask.
 */
void xen_pv_cpu_iopl(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };

	if (HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl))
		pr_warn("xenpv: Xen refused kernel I/O privilege on vCPU %u\n",
			smp_processor_id());
}

/* The VMASST_TYPE_* assists turned on, as a mask (secondary vCPUs carry it). */
unsigned long xen_vm_assists __ro_after_init;

int __init xen_vm_assist_enable(unsigned int type)
{
	int rc = HYPERVISOR_vm_assist(VMASST_CMD_enable, type);

	if (!rc)
		xen_vm_assists |= BIT(type);
	return rc;
}

void __init xen_pv_cpu_init(void)
{
	xen_pv_cpu_iopl();

	pv_info.name = "Xen";
	pv_info.extra_user_64bit_cs = FLAT_USER_CS64;

	xen_hook_msrs(&pv_ops.cpu);
	xen_hook_task_state(&pv_ops.cpu);
	xen_hook_registers(&pv_ops.cpu);
	xen_hook_instructions(&pv_ops.cpu);
	xen_pv_desc_init();

	/* Entry code and alternatives take the PV paths from here on. */
	setup_force_cpu_cap(X86_FEATURE_XENPV);
}
