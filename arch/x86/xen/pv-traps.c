// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions and callbacks of a PV guest.
 *
 * A PV guest has no IDT of its own: it hands Xen a trap table (vector,
 * code selector, handler, DPL and whether to mask events) and Xen bounces
 * exceptions to those handlers with %rcx and %r11 pushed on top of the
 * usual frame.  The kernel keeps building its IDT as on bare metal; these
 * pv_ops translate each gate into a trap table entry whose handler is a
 * small trampoline (pv-entry.S) that pops the two registers and enters
 * the native handler.  Events arrive through the event callback, frames
 * Xen cannot return to through the failsafe callback (entry_64.S).
 * Documentation/xen/pv-cpu.rst.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <asm/desc.h>
#include <asm/idtentry.h>
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include <asm/xen/hypercall.h>

#include "pv.h"

/* Native entry point -> the trampoline Xen must bounce to instead. */
struct xen_trap_route {
	void (*native)(void);
	void (*xen)(void);
};

#define ROUTE(fn)		{ asm_##fn, xen_asm_##fn }
#define ROUTE_XENPV(fn)		{ asm_##fn, xen_asm_xenpv_##fn }

static const struct xen_trap_route xen_trap_routes[] = {
	ROUTE(exc_divide_error),
	ROUTE_XENPV(exc_debug),		/* no IST under Xen: the xenpv_ variants */
	ROUTE(exc_int3),
	ROUTE(exc_overflow),
	ROUTE(exc_bounds),
	ROUTE(exc_invalid_op),
	ROUTE(exc_device_not_available),
	ROUTE_XENPV(exc_double_fault),
	ROUTE(exc_coproc_segment_overrun),
	ROUTE(exc_invalid_tss),
	ROUTE(exc_segment_not_present),
	ROUTE(exc_stack_segment),
	ROUTE(exc_general_protection),
	ROUTE(exc_page_fault),
	ROUTE(exc_spurious_interrupt_bug),
	ROUTE(exc_coprocessor_error),
	ROUTE(exc_alignment_check),
#ifdef CONFIG_X86_MCE
	ROUTE_XENPV(exc_machine_check),
#endif
	ROUTE(exc_simd_coprocessor_error),
#ifdef CONFIG_X86_KERNEL_IBT
	ROUTE(exc_control_protection),
#endif
#ifdef CONFIG_IA32_EMULATION
	ROUTE(int80_emulation),		/* int $0x80 of 32-bit processes */
#endif
};

/*
 * Where Xen should deliver a vector whose gate points at addr; 0: nowhere.
 * The early handlers are init text, and only gates set while booting can
 * point there.
 */
static unsigned long __ref xen_trap_target(unsigned long addr)
{
	unsigned long early = (unsigned long)early_idt_handler_array;
	unsigned int i;

	if (system_state == SYSTEM_BOOTING &&
	    addr >= early && addr < early + sizeof(early_idt_handler_array)) {
		i = (addr - early) / EARLY_IDT_HANDLER_SIZE;
		return (unsigned long)xen_early_idt_handler_array[i];
	}
	for (i = 0; i < ARRAY_SIZE(xen_trap_routes); i++)
		if (addr == (unsigned long)xen_trap_routes[i].native)
			return (unsigned long)xen_trap_routes[i].xen;
	return 0;
}

/*
 * Fill one trap table entry from an IDT gate.  Interrupts are events and
 * NMIs have their own callback, so only exception vectors are routed, and
 * the one software interrupt user mode may raise (int $0x80).
 */
static bool xen_vector_is_routed(unsigned int vector)
{
	if (IS_ENABLED(CONFIG_IA32_EMULATION) && vector == IA32_SYSCALL_VECTOR)
		return true;
	return vector < FIRST_EXTERNAL_VECTOR && vector != X86_TRAP_NMI;
}

static bool xen_gate_to_trap(unsigned int vector, const gate_desc *g, struct trap_info *ti)
{
	unsigned long target;

	if (!xen_vector_is_routed(vector) || !g->bits.p)
		return false;
	target = xen_trap_target(gate_offset(g));
	if (!target)
		target = (unsigned long)xen_asm_exc_xen_unknown_trap;
	ti->vector = vector;
	ti->flags = 0;
	TI_SET_DPL(ti, g->bits.dpl);
	/* An interrupt gate masks events for the handler, as it clears IF. */
	TI_SET_IF(ti, g->bits.type == GATE_INTERRUPT);
	ti->cs = __KERNEL_CS;
	ti->address = target;
	return true;
}

/* The IDT each CPU has loaded, to know which gate writes to forward. */
static DEFINE_PER_CPU(unsigned long, xen_loaded_idt);
/* One table for building full trap tables, under its lock. */
static struct trap_info xen_trap_table[FIRST_EXTERNAL_VECTOR + 2];
static DEFINE_SPINLOCK(xen_trap_table_lock);

static void xen_load_idt(const struct desc_ptr *desc)
{
	const gate_desc *idt = (const gate_desc *)desc->address;
	unsigned int nr = (desc->size + 1) / sizeof(gate_desc);
	unsigned int v, n = 0;
	int rc;

	spin_lock(&xen_trap_table_lock);
	for (v = 0; v < min_t(unsigned int, nr, IDT_ENTRIES); v++)
		if (xen_gate_to_trap(v, &idt[v], &xen_trap_table[n]))
			n++;
	/* A zero address ends the table. */
	memset(&xen_trap_table[n], 0, sizeof(xen_trap_table[n]));
	/* Forget the previous table's vectors, then install this one. */
	rc = HYPERVISOR_set_trap_table(NULL);
	if (!rc)
		rc = HYPERVISOR_set_trap_table(xen_trap_table);
	spin_unlock(&xen_trap_table_lock);
	if (rc)
		panic("xenpv: Xen refused the trap table (%u vectors): %d\n", n, rc);
	this_cpu_write(xen_loaded_idt, desc->address);
}

static void xen_write_idt_entry(gate_desc *dt, int entry, const gate_desc *g)
{
	struct trap_info ti[2] = { };
	int rc;

	native_write_idt_entry(dt, entry, g);
	if ((unsigned long)dt != this_cpu_read(xen_loaded_idt))
		return;
	if (!xen_gate_to_trap(entry, g, &ti[0]))
		return;
	rc = HYPERVISOR_set_trap_table(ti);
	WARN_ONCE(rc, "xenpv: Xen refused trap vector %d: %d\n", entry, rc);
}

/* Kernel stack switch and return: iret is a hypercall (pv-entry.S). */
extern char early_xen_iret_patch[];

static void __init xen_patch_iret(void)
{
	/*
	 * entry_64.S returns to the kernel through a jmp at this label; aim
	 * it at xen_iret.  The kernel image is still writable here (Xen maps
	 * the bootstrap region read-write) and nothing has run the code yet.
	 */
	s32 *rel = (s32 *)(early_xen_iret_patch + 1);

	*rel = (long)xen_iret - ((long)early_xen_iret_patch + 5);
}

static int xen_try_register_callback(u16 type, void (*entry)(void), u16 flags)
{
	struct callback_register cb = {
		.type = type,
		.flags = flags,
		.address = (unsigned long)entry,
	};

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

static void __init xen_register_callback(u16 type, void (*entry)(void), u16 flags)
{
	int rc = xen_try_register_callback(type, entry, flags);

	if (rc)
		xen_boot_fatal("Xen refused callback type %u at %ps: %d\n", type, entry, rc);
}

/*
 * Entry points of 32-bit system calls.  Xen offers them only where the
 * CPU supports the instruction in compatibility mode; without them,
 * 32-bit processes use int $0x80 (the vDSO picks what works).  Xen keeps
 * them per vCPU.
 */
static void xen_register_compat_syscalls(void)
{
#ifdef CONFIG_IA32_EMULATION
	if (xen_try_register_callback(CALLBACKTYPE_syscall32, xen_entry_SYSCALL_compat,
				      CALLBACKF_mask_events))
		setup_clear_cpu_cap(X86_FEATURE_SYSCALL32);
	if (xen_try_register_callback(CALLBACKTYPE_sysenter, xen_entry_SYSENTER_compat,
				      CALLBACKF_mask_events))
		setup_clear_cpu_cap(X86_FEATURE_SYSENTER32);
#endif
}

/* The 64-bit system call entry is required. */
static void __init xen_register_syscall_entries(void)
{
	xen_register_callback(CALLBACKTYPE_syscall, xen_entry_SYSCALL_64, CALLBACKF_mask_events);
	xen_register_compat_syscalls();
}

#ifdef CONFIG_XEN_PV_SMP
/*
 * Entries of a secondary vCPU before it first runs (VCPUOP_initialise):
 * its virtual IDT as the kernel's IDT stands (so exceptions land from
 * its first instruction) and the callbacks vcpu_guest_context carries.
 */
void xen_pv_fill_entry_context(struct vcpu_guest_context *ctxt)
{
	/* The kernel's one IDT, as the calling CPU loaded it. */
	const gate_desc *idt = (const gate_desc *)this_cpu_read(xen_loaded_idt);
	unsigned int v;

	BUILD_BUG_ON(ARRAY_SIZE(ctxt->trap_ctxt) != IDT_ENTRIES);
	for (v = 0; idt && v < IDT_ENTRIES; v++)
		if (!xen_gate_to_trap(v, &idt[v], &ctxt->trap_ctxt[v]))
			memset(&ctxt->trap_ctxt[v], 0, sizeof(ctxt->trap_ctxt[v]));
	ctxt->event_callback_eip = (unsigned long)xen_asm_exc_xen_hypervisor_callback;
	ctxt->failsafe_callback_eip = (unsigned long)xen_failsafe_callback;
	ctxt->syscall_callback_eip = (unsigned long)xen_entry_SYSCALL_64;
	/* As CALLBACKF_mask_events does for the boot vCPU. */
	ctxt->flags |= VGCF_failsafe_disables_events | VGCF_syscall_disables_events;
}

/*
 * The callbacks vcpu_guest_context has no room for, registered by a
 * secondary vCPU for itself once it runs.  Failures are not fatal: the
 * boot vCPU has the same ones, and a missing NMI callback only loses
 * virtual NMIs on this vCPU.
 */
void xen_pv_traps_cpu_init(void)
{
	int rc = xen_try_register_callback(CALLBACKTYPE_nmi, xen_asm_xenpv_exc_nmi, 0);

	if (rc)
		pr_warn("xenpv: vCPU %u: Xen refused the NMI callback: %d\n",
			smp_processor_id(), rc);
	xen_register_compat_syscalls();
}
#endif

void __init xen_pv_traps_init(void)
{
	pv_ops.cpu.load_idt = xen_load_idt;
	pv_ops.cpu.write_idt_entry = xen_write_idt_entry;

	xen_patch_iret();

	/* The boot GDT (per-cpu gdt_page of CPU 0), then its code segment. */
	load_direct_gdt(0);
	xen_reload_kernel_cs();

	/* Exceptions from here on reach the kernel's early handlers. */
	idt_setup_early_handler();

	xen_register_callback(CALLBACKTYPE_event, xen_asm_exc_xen_hypervisor_callback,
			      CALLBACKF_mask_events);
	xen_register_callback(CALLBACKTYPE_failsafe, xen_failsafe_callback,
			      CALLBACKF_mask_events);
	/* Xen blocks further virtual NMIs until the handler's iret. */
	xen_register_callback(CALLBACKTYPE_nmi, xen_asm_xenpv_exc_nmi, 0);
	xen_register_syscall_entries();
}

/*
 * Xen has no IST for PV guests: NMI, #DB, #DF and #MC arrive on the
 * kernel stack like any exception.  For #DB and #MC the native code has
 * a second entry for "came from user mode, not on an IST stack"; pick
 * by the interrupted mode.  NMI and #DF need no such split.
 */
enum xen_ist_kind { XEN_IST_DB, XEN_IST_MC };

static __always_inline void xen_ist_dispatch(enum xen_ist_kind kind, struct pt_regs *regs)
{
	bool from_user = user_mode(regs);

	switch (kind) {
	case XEN_IST_DB:
		from_user ? noist_exc_debug(regs) : exc_debug(regs);
		break;
	case XEN_IST_MC:
#ifdef CONFIG_X86_MCE
		from_user ? noist_exc_machine_check(regs) : exc_machine_check(regs);
#endif
		break;
	}
}

DEFINE_IDTENTRY_RAW(xenpv_exc_debug)
{
	xen_ist_dispatch(XEN_IST_DB, regs);
}

#ifdef CONFIG_X86_MCE
DEFINE_IDTENTRY_RAW(xenpv_exc_machine_check)
{
	xen_ist_dispatch(XEN_IST_MC, regs);
}
#endif

DEFINE_IDTENTRY_RAW_ERRORCODE(xenpv_exc_double_fault)
{
	/* Fatal either way; the native handler reports it. */
	exc_double_fault(regs, error_code);
}

DEFINE_IDTENTRY_RAW(xenpv_exc_nmi)
{
	/* Xen's NMI callback lands here; the native handler does the work. */
	exc_nmi(regs);
}

/* A vector the trap table never routed: a Xen or kernel bug, reported. */
DEFINE_IDTENTRY_RAW(exc_xen_unknown_trap)
{
	instrumentation_begin();
	pr_emerg("xenpv: Xen delivered a trap this kernel never installed, at %pS\n",
		 (void *)regs->ip);
	die("unexpected Xen trap", regs, 0);
	instrumentation_end();
}
