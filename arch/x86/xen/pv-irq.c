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
 */
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <asm/idtentry.h>
#include <asm/irq_regs.h>
#include <asm/fixmap.h>
#include <asm/paravirt.h>
#include <asm/sync_bitops.h>
#include <asm/xen/hypercall.h>

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

void __init xen_pv_irq_init(void)
{
	pv_ops.irq.save_fl = PV_CALLEE_SAVE(xen_save_fl);
	pv_ops.irq.irq_disable = PV_CALLEE_SAVE(xen_irq_disable);
	pv_ops.irq.irq_enable = PV_CALLEE_SAVE(xen_irq_enable);
	pv_ops.irq.safe_halt = xen_safe_halt;
	pv_ops.irq.halt = xen_halt;
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

/*
 * Event upcall (entry_64.S: exc_xen_hypervisor_callback).  Event channel
 * ports get bound from issue 5 on (Documentation/xen/events.rst); until a
 * port has a handler, an event on it is masked so it cannot storm, and
 * reported.
 */
static void xen_evtchn_handle_unbound(void)
{
	struct vcpu_info *v = this_cpu_read(xen_vcpu);
	struct shared_info *s = HYPERVISOR_shared_info;
	unsigned long sel, pending;
	unsigned int word, bit;

	if (!s)
		return;
	v->evtchn_upcall_pending = 0;
	sel = xchg(&v->evtchn_pending_sel, 0);
	while (sel) {
		word = __ffs(sel);
		sel &= ~BIT(word);
		pending = READ_ONCE(s->evtchn_pending[word]) & ~READ_ONCE(s->evtchn_mask[word]);
		while (pending) {
			bit = __ffs(pending);
			pending &= ~BIT(bit);
			sync_set_bit(bit, &s->evtchn_mask[word]);
			sync_clear_bit(bit, &s->evtchn_pending[word]);
			pr_warn_ratelimited("xenpv: event on port %u, which has no handler; masked it\n",
					    word * BITS_PER_LONG + bit);
		}
	}
}

__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);
	struct pt_regs *old_regs;

	instrumentation_begin();
	old_regs = set_irq_regs(regs);
	xen_evtchn_handle_unbound();
	set_irq_regs(old_regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}
