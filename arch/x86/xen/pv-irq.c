// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupt flag of a PV guest.
 *
 * A PV kernel runs in ring 3 and cannot use cli/sti: its "interrupts" are
 * Xen's event upcalls, enabled and disabled with evtchn_upcall_mask in
 * the vCPU's vcpu_info (shared with Xen, Documentation/xen/events.rst).
 * Xen reads the mask only on the vCPU's own physical CPU when it is about
 * to deliver an upcall, so plain byte stores suffice; what needs care is
 * unmasking with an event already pending, which Xen will not deliver by
 * itself: any hypercall makes it look again.
 *
 * Also here: where each vCPU's vcpu_info lives, the upcall entry, and
 * interrupt setup, which is the event channel service
 * (drivers/xen/events/) rather than a PIC or APIC.
 */
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <asm/fixmap.h>
#include <asm/i8259.h>
#include <asm/idtentry.h>
#include <asm/irq_regs.h>
#include <asm/irq_stack.h>
#include <asm/paravirt.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>
#include <xen/events.h>
#include <xen/interface/vcpu.h>

#include "pv.h"

/*
 * Until the shared info page is mapped, vcpu_info lives here: masked,
 * so that nothing is delivered before the kernel can take it.
 */
static struct vcpu_info xen_boot_vcpu_info = { .evtchn_upcall_mask = 1 };

DEFINE_PER_CPU(struct vcpu_info *, xen_vcpu) = &xen_boot_vcpu_info;
struct shared_info *HYPERVISOR_shared_info __read_mostly;

/* Make Xen look at pending events: the cheapest hypercall will do. */
static noinstr void xen_force_evtchn_callback(void)
{
	(void)HYPERVISOR_xen_version(XENVER_version, NULL);
}

__visible noinstr unsigned long xen_save_fl(void)
{
	return this_cpu_read(xen_vcpu)->evtchn_upcall_mask ? 0 : X86_EFLAGS_IF;
}

__PV_CALLEE_SAVE_REGS_THUNK(xen_save_fl, ".noinstr.text");

/*
 * The vcpu_info pointer is per CPU: keep preemption off between reading
 * it and writing the mask, or we could mask another CPU's events.
 */
__visible noinstr void xen_irq_disable(void)
{
	preempt_disable_notrace();
	this_cpu_read(xen_vcpu)->evtchn_upcall_mask = 1;
	preempt_enable_no_resched_notrace();
}

__PV_CALLEE_SAVE_REGS_THUNK(xen_irq_disable, ".noinstr.text");

__visible noinstr void xen_irq_enable(void)
{
	struct vcpu_info *v;

	preempt_disable_notrace();
	v = this_cpu_read(xen_vcpu);
	v->evtchn_upcall_mask = 0;
	/* Unmask before looking at pending, or an event could be missed. */
	barrier();
	if (unlikely(v->evtchn_upcall_pending))
		xen_force_evtchn_callback();
	preempt_enable_no_resched_notrace();
}

__PV_CALLEE_SAVE_REGS_THUNK(xen_irq_enable, ".noinstr.text");

/* sti; hlt: SCHEDOP_block unmasks and sleeps until an event, atomically. */
static void xen_safe_halt(void)
{
	HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/*
 * hlt with interrupts off never wakes up.  With other vCPUs running,
 * take this one down so Xen can give its time to others.  On the last
 * one the guest is stuck for good: Xen would report taking it down as a
 * clean poweroff, so report a crash instead.
 */
static void xen_halt(void)
{
	struct sched_shutdown stuck = { .reason = SHUTDOWN_crash };

	if (!irqs_disabled())
		xen_safe_halt();
	else if (num_online_cpus() > 1)
		HYPERVISOR_vcpu_op(VCPUOP_down, smp_processor_id(), NULL);
	else
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &stuck);
}

/*
 * Each vCPU's own vcpu_info, once Xen agreed to use it.  64 bytes,
 * aligned to a cache line, so it never crosses a page as Xen requires.
 */
static DEFINE_PER_CPU_ALIGNED(struct vcpu_info, xen_vcpu_info);

/*
 * Move @cpu's vcpu_info from the shared info page into the per-CPU area
 * (VCPUOP_register_vcpu_info): the shared info page has slots for the
 * first 32 vCPUs only, and a per-CPU copy shares no cache line with
 * other vCPUs.  The per-CPU areas must be final (setup_per_cpu_areas):
 * Xen keeps the mapping for the life of the domain.  If Xen refuses,
 * the vCPU stays on its shared info slot.  Runs on @cpu, or before it
 * first runs.
 */
int xen_pv_vcpu_info_register(unsigned int cpu)
{
	struct vcpu_info *v = per_cpu_ptr(&xen_vcpu_info, cpu);
	struct vcpu_register_vcpu_info reg = {};
	unsigned long flags;
	u64 maddr;
	int rc;

	BUILD_BUG_ON(sizeof(struct vcpu_info) > SMP_CACHE_BYTES);
	if (per_cpu(xen_vcpu, cpu) == v)
		return 0;
	maddr = xen_virt_to_maddr(v);
	if (!maddr || offset_in_page(v) + sizeof(*v) > PAGE_SIZE)
		return -EINVAL;
	reg.mfn = maddr >> PAGE_SHIFT;
	reg.offset = offset_in_page(maddr);

	/*
	 * With events masked, start the new copy as a copy of the old one
	 * (Xen copies it too), switch, and only then let the saved flag be
	 * restored, into the new copy.  Xen marks everything pending after
	 * the move, so no event is lost.
	 */
	local_irq_save(flags);
	memcpy(v, per_cpu(xen_vcpu, cpu), sizeof(*v));
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, &reg);
	if (!rc)
		per_cpu(xen_vcpu, cpu) = v;
	local_irq_restore(flags);
	return rc;
}

#ifdef CONFIG_XEN_PV_SMP
/*
 * Give secondary vCPU @cpu a vcpu_info before it first runs: its own
 * per-CPU copy, or else its shared info slot, which exists for the
 * first XEN_LEGACY_MAX_VCPUS only.  Either way it starts masked.
 */
int xen_pv_vcpu_info_setup(unsigned int cpu)
{
	struct vcpu_info *slot;
	int rc = xen_pv_vcpu_info_register(cpu);

	if (!rc)
		return 0;
	if (cpu >= XEN_LEGACY_MAX_VCPUS) {
		pr_err("xenpv: vCPU %u has no vcpu_info: Xen refused one (%d) and shared info has no slot for it\n",
		       cpu, rc);
		return rc;
	}
	pr_info("xenpv: vCPU %u keeps its vcpu_info in shared info (%d)\n", cpu, rc);
	slot = &HYPERVISOR_shared_info->vcpu_info[cpu];
	/* The vCPU is not running: nothing else writes its mask now. */
	WRITE_ONCE(slot->evtchn_upcall_mask, 1);
	per_cpu(xen_vcpu, cpu) = slot;
	return 0;
}
#endif

/*
 * x86_init.irqs.intr_init, from init_IRQ(): no PIC, APIC or IDT vectors;
 * interrupts are event channels.  The per-CPU areas exist by now.
 */
static void __init xen_pv_intr_init(void)
{
	int rc = xen_pv_vcpu_info_register(smp_processor_id());

	if (rc)
		pr_info("xenpv: vCPU %u keeps its vcpu_info in shared info (%d)\n",
			smp_processor_id(), rc);
	xen_evtchn_init();
}

void __init xen_pv_irq_init(void)
{
	pv_ops.irq.save_fl = PV_CALLEE_SAVE(xen_save_fl);
	pv_ops.irq.irq_disable = PV_CALLEE_SAVE(xen_irq_disable);
	pv_ops.irq.irq_enable = PV_CALLEE_SAVE(xen_irq_enable);
	pv_ops.irq.safe_halt = xen_safe_halt;
	pv_ops.irq.halt = xen_halt;

	/* No 8259: nr_legacy_irqs() is 0 and nothing probes its ports. */
	legacy_pic = &null_legacy_pic;
	x86_init.irqs.intr_init = xen_pv_intr_init;
}

/*
 * Map the shared info page (its machine address is in start_info) and
 * move vCPU 0 onto its real vcpu_info, keeping events masked.
 */
void __init xen_pv_vcpu_info_init(void)
{
	unsigned long va = fix_to_virt(FIX_PARAVIRT_BOOTMAP);
	u64 pte = (xen_start_info->shared_info & PAGE_MASK) |
		  _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX;
	struct vcpu_info *v;
	int rc;

	rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
	if (rc)
		xen_boot_fatal("mapping shared info (machine address %#lx) failed: %d\n",
			       xen_start_info->shared_info, rc);
	HYPERVISOR_shared_info = (struct shared_info *)va;

	v = &HYPERVISOR_shared_info->vcpu_info[0];
	v->evtchn_upcall_mask = xen_boot_vcpu_info.evtchn_upcall_mask;
	this_cpu_write(xen_vcpu, v);
}

/* On the IRQ stack, inside irq_enter_rcu()/irq_exit_rcu(). */
static void xen_pv_evtchn_upcall(struct pt_regs *regs)
{
	struct pt_regs *old_regs = set_irq_regs(regs);

	xen_evtchn_do_upcall();
	set_irq_regs(old_regs);
}

/*
 * Event upcall (entry_64.S: exc_xen_hypervisor_callback): the event
 * channel service dispatches every pending port to its IRQ, and masks
 * and reports events on ports nobody bound.
 */
__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	instrumentation_begin();
	run_sysvec_on_irqstack_cond(xen_pv_evtchn_upcall, regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
