/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included at the end of arch/x86/kernel/head_{32,64}.S in every
 * configuration (Documentation/xen/contract.rst).  With CONFIG_XEN_PV it
 * holds what Xen's domain builder needs to start this kernel as a 64-bit
 * PV guest: the ELF notes describing the image, the PV entry point and
 * the page Xen fills with hypercall stubs.  Without it, it contributes
 * nothing and a kernel carries no Xen ELF notes, so Xen's domain builder
 * refuses it instead of starting it half-supported.
 *
 * The boot protocol is written down in Documentation/xen/pv-boot.rst.
 */
#ifdef CONFIG_XEN_PV

#include <linux/elfnote.h>
#include <linux/init.h>
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <asm/page_types.h>
#include <asm/unwind_hints.h>
#include <xen/interface/elfnote.h>
#include <xen/interface/features.h>
#include <xen/interface/xen.h>
#include <asm/xen/interface.h>
#include <asm/xen/page.h>

/*
 * The PV entry point.  Xen enters here in 64-bit mode on page tables it
 * built (mapping this image, the p2m list, start_info and the page
 * tables themselves at __START_KERNEL_map), with events masked, %rsi
 * pointing at start_info and %rsp at a small bootstrap stack.
 */
	__INIT
SYM_CODE_START(startup_xen)
	UNWIND_HINT_EMPTY
	ANNOTATE_NOENDBR
	cld

	/* Run on the init task's stack from here on, as native boot does. */
	movq	initial_stack(%rip), %rsp

	/*
	 * Per-cpu data (and the stack protector's canary at %gs:40) is
	 * reached through the kernel %gs base; a PV guest sets it by
	 * hypercall.  %rsi (start_info) must survive the call.
	 */
	movq	%rsi, %r15
	movl	$SEGBASE_GS_KERNEL, %edi
	movq	initial_gs(%rip), %rsi
	call	hypercall_page + __HYPERVISOR_set_segment_base * 32

	movq	%r15, %rdi
	/* Never returns: it ends in start_kernel. */
	call	xen_start_kernel
SYM_CODE_END(startup_xen)
	__FINIT

/*
 * Xen writes one 32-byte stub per hypercall number here when it builds
 * the domain (XEN_ELFNOTE_HYPERCALL_PAGE).  The placeholder contents
 * only serve objtool: each slot looks like a function that returns.
 */
	.pushsection .noinstr.text, "ax"
	.balign PAGE_SIZE
SYM_CODE_START(hypercall_page)
	.rept (PAGE_SIZE / 32)
		UNWIND_HINT_FUNC
		ANNOTATE_NOENDBR
		ANNOTATE_UNRET_SAFE
		ret
		.skip 31, 0xcc
	.endr
SYM_CODE_END(hypercall_page)
	.popsection

/*
 * The notes Xen's ELF loader reads (numbers from Xen's public elfnote.h).
 * Xen finds them in vmlinux, and in a bzImage by unpacking its payload.
 */
	ELFNOTE(Xen, XEN_ELFNOTE_GUEST_OS,       .asciz "linux")
	ELFNOTE(Xen, XEN_ELFNOTE_GUEST_VERSION,  .asciz "2.6")
	ELFNOTE(Xen, XEN_ELFNOTE_XEN_VERSION,    .asciz "xen-3.0")
	ELFNOTE(Xen, XEN_ELFNOTE_LOADER,         .asciz "generic")
	/* Pseudo-physical 0 sits at __START_KERNEL_map, like phys_base 0. */
	ELFNOTE(Xen, XEN_ELFNOTE_VIRT_BASE,      _ASM_PTR __START_KERNEL_map)
	ELFNOTE(Xen, XEN_ELFNOTE_PADDR_OFFSET,   _ASM_PTR 0)
	ELFNOTE(Xen, XEN_ELFNOTE_ENTRY,          _ASM_PTR startup_xen)
	ELFNOTE(Xen, XEN_ELFNOTE_HYPERCALL_PAGE, _ASM_PTR hypercall_page)
	/*
	 * Features this kernel supports ('!' would mark one as required; none
	 * is): its page tables may live anywhere in machine memory.  Both the
	 * string and the numeric form, for old and new domain builders.
	 */
	ELFNOTE(Xen, XEN_ELFNOTE_FEATURES,       .asciz "pae_pgdir_above_4gb")
	ELFNOTE(Xen, XEN_ELFNOTE_SUPPORTED_FEATURES, .long (1 << XENFEAT_pae_pgdir_above_4gb))
	/* Save/restore tools: an L1 entry holds an MFN iff it is present. */
	ELFNOTE(Xen, XEN_ELFNOTE_L1_MFN_VALID,   .quad _PAGE_PRESENT; .quad _PAGE_PRESENT)
	/* SCHEDOP_shutdown(suspend) may return 1: suspend was cancelled. */
	ELFNOTE(Xen, XEN_ELFNOTE_SUSPEND_CANCEL, .long 1)
	/* The initrd may be left unmapped and handed over as a PFN. */
	ELFNOTE(Xen, XEN_ELFNOTE_MOD_START_PFN,  .long 1)
	/*
	 * Map the initial p2m in its own top-level slot, outside the 1 GiB
	 * bootstrap region it would otherwise crowd (p2m.c).
	 */
	ELFNOTE(Xen, XEN_ELFNOTE_INIT_P2M,       .quad XEN_P2M_VIRT_BASE)

#endif /* CONFIG_XEN_PV */
