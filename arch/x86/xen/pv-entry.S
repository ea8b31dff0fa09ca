/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assembly glue between Xen's exception and return conventions and the
 * kernel's native entry code (Documentation/xen/pv-cpu.rst).
 *
 * Xen bounces an exception to a PV kernel with %rcx and %r11 pushed on
 * top of the hardware-style frame (the syscall instruction it returned
 * with clobbers them).  Each trampoline restores the two registers and
 * continues in the native entry point, which then sees the frame it
 * expects.  Returning goes the other way: iret is a hypercall.
 */
#include <linux/linkage.h>
#include <linux/init.h>
#include <linux/objtool.h>
#include <asm/asm.h>
#include <asm/asm-offsets.h>
#include <asm/nospec-branch.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/unwind_hints.h>
#include <xen/interface/xen.h>

#include "../entry/calling.h"

/*
 * Return through Xen.  The stack holds a native iret frame (rip, cs,
 * rflags, rsp, ss); HYPERVISOR_iret wants a flags word below it (0: not
 * returning from a syscall) and pushes rcx, r11 and rax itself, in its
 * stub.  Xen takes the virtual interrupt flag from the frame's IF.
 */
SYM_CODE_START(xen_iret)
	UNWIND_HINT_EMPTY
	ANNOTATE_NOENDBR
	pushq	$0
	jmp	hypercall_page + __HYPERVISOR_iret * 32
SYM_CODE_END(xen_iret)

/* entry_64.S jumps here to return to user mode with pt_regs on the stack. */
SYM_CODE_START(xenpv_restore_regs_and_return_to_usermode)
	UNWIND_HINT_REGS
	POP_REGS
	/* Drop orig_ax; what is left is the iret frame. */
	addq	$8, %rsp
	UNWIND_HINT_IRET_REGS
	jmp	xen_iret
SYM_CODE_END(xenpv_restore_regs_and_return_to_usermode)

/*
 * Xen starts us on its own flat code segment; move to __KERNEL_CS by
 * returning to ourselves through Xen.  Called with events masked, and
 * the frame keeps them masked (IF clear).
 */
SYM_CODE_START(xen_reload_kernel_cs)
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR
	movq	%rsp, %rax
	pushq	$__KERNEL_DS
	pushq	%rax
	pushfq
	andq	$~X86_EFLAGS_IF, (%rsp)
	pushq	$__KERNEL_CS
	leaq	.Lreloaded(%rip), %rax
	pushq	%rax
	jmp	xen_iret
.Lreloaded:
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR
	RET
SYM_CODE_END(xen_reload_kernel_cs)

#ifdef CONFIG_XEN_PV_SMP
/*
 * A secondary vCPU starts here (VCPUOP_initialise in pv-smp.c) with
 * events masked, on the kernel's page tables, its own GDT, trap table
 * and kernel %gs base, and %rsp at the top of its idle task's stack.
 * The stack is the end of the line for the unwinder; C wants it 16-byte
 * aligned at the call.
 */
SYM_CODE_START(xen_pv_secondary_startup)
	UNWIND_HINT_EMPTY
	ANNOTATE_NOENDBR
	cld
	andq	$~15, %rsp
	call	xen_pv_secondary_start
	/* Not reached: the vCPU ends in its idle loop. */
	ud2
SYM_CODE_END(xen_pv_secondary_startup)

/*
 * An offlined vCPU that Xen brings up again returns from VCPUOP_down
 * deep in its old idle loop; it starts over on a fresh stack (%rdi).
 */
SYM_CODE_START(xen_pv_secondary_restart)
	UNWIND_HINT_FUNC
	ANNOTATE_NOENDBR
	movq	%rdi, %rsp
	UNWIND_HINT_EMPTY
	jmp	xen_pv_secondary_startup
SYM_CODE_END(xen_pv_secondary_restart)
#endif

.macro xen_pv_trampoline native
SYM_CODE_START(xen_\native)
	UNWIND_HINT_EMPTY
	ENDBR
	popq	%rcx
	popq	%r11
	jmp	\native
SYM_CODE_END(xen_\native)
_ASM_NOKPROBE(xen_\native)
.endm

xen_pv_trampoline asm_exc_divide_error
xen_pv_trampoline asm_xenpv_exc_debug
xen_pv_trampoline asm_exc_int3
xen_pv_trampoline asm_exc_overflow
xen_pv_trampoline asm_exc_bounds
xen_pv_trampoline asm_exc_invalid_op
xen_pv_trampoline asm_exc_device_not_available
xen_pv_trampoline asm_xenpv_exc_double_fault
xen_pv_trampoline asm_exc_coproc_segment_overrun
xen_pv_trampoline asm_exc_invalid_tss
xen_pv_trampoline asm_exc_segment_not_present
xen_pv_trampoline asm_exc_stack_segment
xen_pv_trampoline asm_exc_general_protection
xen_pv_trampoline asm_exc_page_fault
xen_pv_trampoline asm_exc_spurious_interrupt_bug
xen_pv_trampoline asm_exc_coprocessor_error
xen_pv_trampoline asm_exc_alignment_check
#ifdef CONFIG_X86_MCE
xen_pv_trampoline asm_xenpv_exc_machine_check
#endif
xen_pv_trampoline asm_exc_simd_coprocessor_error
#ifdef CONFIG_X86_KERNEL_IBT
xen_pv_trampoline asm_exc_control_protection
#endif
xen_pv_trampoline asm_exc_xen_unknown_trap
xen_pv_trampoline asm_exc_xen_hypervisor_callback
xen_pv_trampoline asm_xenpv_exc_nmi
#ifdef CONFIG_IA32_EMULATION
xen_pv_trampoline asm_int80_emulation
#endif

/*
 * SYSCALL from user mode.  Xen has switched to the kernel's page tables,
 * GS base and stack (stack_switch) and left the same frame as for an
 * exception: the user's %rcx and %r11 (return address and flags, as
 * SYSCALL set them) above an iret frame.  The native entry continues from
 * the point where it has built that frame itself; like the instruction,
 * force the selectors, whatever Xen recorded.  Events are masked
 * (registered with CALLBACKF_mask_events), as the native entry expects.
 */
.macro xen_syscall_entry name, native, cs, ss
SYM_CODE_START(\name)
	UNWIND_HINT_EMPTY
	ENDBR
	popq	%rcx
	popq	%r11
	movq	$\ss, 4*8(%rsp)
	movq	$\cs, 1*8(%rsp)
	jmp	\native
SYM_CODE_END(\name)
_ASM_NOKPROBE(\name)
.endm

xen_syscall_entry xen_entry_SYSCALL_64, entry_SYSCALL_64_after_hwframe, __USER_CS, __USER_DS
#ifdef CONFIG_IA32_EMULATION
xen_syscall_entry xen_entry_SYSCALL_compat, entry_SYSCALL_compat_after_hwframe, \
		  __USER32_CS, __USER32_DS
xen_syscall_entry xen_entry_SYSENTER_compat, entry_SYSENTER_compat_after_hwframe, \
		  __USER32_CS, __USER32_DS
#endif

/*
 * Early exceptions (before the kernel's IDT exists): one fixed-size
 * trampoline per vector into head_64.S's early_idt_handler_array, which
 * can apply exception table fixups and report the rest.  Entry n starts
 * at n * XEN_EARLY_IDT_HANDLER_SIZE (asm/segment.h); the jump is encoded
 * by hand so that it is always the 5-byte form and every entry has the
 * same length.
 */
.macro xen_early_trampoline vector
	.org	xen_early_idt_handler_array + \vector * XEN_EARLY_IDT_HANDLER_SIZE, 0xcc
	UNWIND_HINT_EMPTY
	ENDBR
	popq	%rcx
	popq	%r11
	.byte	0xe9	/* jmp rel32 */
	.long	early_idt_handler_array + \vector * EARLY_IDT_HANDLER_SIZE - (. + 4)
.endm

	__INIT
SYM_CODE_START(xen_early_idt_handler_array)
	.irp	v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		   16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	xen_early_trampoline \v
	.endr
	.org	xen_early_idt_handler_array +				\
		NUM_EXCEPTION_VECTORS * XEN_EARLY_IDT_HANDLER_SIZE, 0xcc
SYM_CODE_END(xen_early_idt_handler_array)
	__FINIT
