/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI, x86 part: the word-sized types, the guest handle
 * convention and the x86 structures that Xen and a guest kernel both
 * read.  Everything here is 64-bit only; xenpv has no 32-bit PV guest.
 *
 * The numbers and layouts are facts of the hypervisor interface, taken
 * from Xen's public headers (arch-x86/xen.h, Xen 4.17).  tests/abi/run
 * compares every structure and constant below with those headers.
 */
#ifndef _ASM_X86_XEN_INTERFACE_H
#define _ASM_X86_XEN_INTERFACE_H

#include <linux/bits.h>

#ifndef __ASSEMBLY__
#include <linux/types.h>

/*
 * Guest handles.  A guest handle is a guest virtual address that Xen
 * dereferences, with the guest's own page tables, while it services the
 * hypercall carrying it; Xen keeps none after the hypercall returns
 * unless the command says so (runstate and time areas).  The ABI gives
 * it a 64-bit slot, which on x86_64 is exactly a pointer, so in these
 * headers a handle is a plain typed pointer, marked "guest handle".
 * set_xen_guest_handle() is kept for code written against Xen's names.
 */
#define set_xen_guest_handle(hnd, val)	((hnd) = (val))

/*
 * Xen's xen_pfn_t (frame numbers) and xen_ulong_t (bitmap words and
 * hypercall arguments) are both unsigned long on x86_64.  These headers
 * write unsigned long for both, so the kernel's bitops, pfn helpers and
 * format strings apply unchanged.
 */
#endif /* !__ASSEMBLY__ */

/*
 * Number of vcpu_info slots embedded in the shared info page.  vCPUs
 * beyond these must register a vcpu_info of their own placement with
 * VCPUOP_register_vcpu_info before events can reach them.
 */
#define XEN_LEGACY_MAX_VCPUS		32
#define MAX_VIRT_CPUS			XEN_LEGACY_MAX_VCPUS	/* xenpv-local: kernel name */

/*
 * The top of every PV guest's GDT belongs to Xen: frames from this one
 * on hold Xen's own descriptors and must not be handed to set_gdt.
 */
#define FIRST_RESERVED_GDT_PAGE		14
#define FIRST_RESERVED_GDT_BYTE		(FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY	(FIRST_RESERVED_GDT_BYTE / 8)

/*
 * Flags of vcpu_guest_context.flags, read by Xen when VCPUOP_initialise
 * brings a vCPU up.  _VGCF_x is the bit number, VGCF_x the mask.
 */
#define _VGCF_i387_valid		0
#define VGCF_i387_valid			BIT(_VGCF_i387_valid)
#define VGCF_I387_VALID			VGCF_i387_valid
#define _VGCF_in_kernel			2
#define VGCF_in_kernel			BIT(_VGCF_in_kernel)
#define VGCF_IN_KERNEL			VGCF_in_kernel
/* Xen masks events when it enters the failsafe or syscall callback. */
#define _VGCF_failsafe_disables_events	3
#define VGCF_failsafe_disables_events	BIT(_VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events	4
#define VGCF_syscall_disables_events	BIT(_VGCF_syscall_disables_events)
#define _VGCF_online			5
#define VGCF_online			BIT(_VGCF_online)

#include <asm/xen/interface_64.h>

#ifndef __ASSEMBLY__
/*
 * One entry of the virtual IDT given to HYPERVISOR_set_trap_table.  Xen
 * copies the table when the hypercall runs and uses its copy to bounce
 * exceptions to the guest; a zero address ends the table.  flags bits
 * 0-1 hold the lowest privilege level allowed to raise the vector with
 * a software interrupt, bit 2 asks Xen to mask events on delivery.
 */
struct trap_info {
	u8 vector;
	u8 flags;
	u16 cs;
	unsigned long address;
};

/* Reading and building trap_info.flags. */
#define TI_GET_DPL(ti)		((ti)->flags & 3)
#define TI_GET_IF(ti)		((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl)	((ti)->flags |= (dpl))
#define TI_SET_IF(ti, en)	((ti)->flags |= (!!(en) << 2))

/*
 * Complete state of a vCPU, handed to VCPUOP_initialise to start a
 * vCPU that has never run (Xen copies it during the call), and what
 * the toolstack reads back when it saves the domain.  Frames here
 * (gdt_frames, the cr3 values in ctrlreg) are machine frames.
 */
struct vcpu_guest_context {
	/* FXSAVE image; used only with VGCF_i387_valid. */
	struct { char x[512]; } fpu_ctxt;
	unsigned long flags;			/* VGCF_* */
	struct cpu_user_regs user_regs;		/* where the vCPU starts */
	struct trap_info trap_ctxt[256];	/* the virtual IDT, by vector */
	unsigned long ldt_base, ldt_ents;	/* linear address, entries */
	unsigned long gdt_frames[16], gdt_ents;	/* pages of the GDT, entries */
	/* Kernel stack Xen switches to when it leaves user mode. */
	unsigned long kernel_ss, kernel_sp;
	/*
	 * cr0-cr7.  ctrlreg[3] is the kernel's top page table and, for
	 * a 64-bit guest, ctrlreg[1] the user one (xen_pfn_to_cr3()).
	 */
	unsigned long ctrlreg[8];
	unsigned long debugreg[8];		/* db0-db7 */
	/* What CALLBACKOP_register would set, done in one go. */
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_eip;
	unsigned long syscall_callback_eip;
	unsigned long vm_assist;		/* bit n: VMASST_TYPE_n on */
	/* Segment bases the vCPU starts with. */
	u64 fs_base;
	u64 gs_base_kernel;
	u64 gs_base_user;
};

/*
 * x86 tail of the shared info page.  Xen only writes nmi_reason; the
 * other fields are written by the guest and read by the toolstack when
 * it saves, migrates or dumps the domain.
 */
struct arch_shared_info {
	/* Highest pseudo-physical frame the guest will use, plus one. */
	unsigned long max_pfn;
	/* MFN of the top page of the three-level p2m frame list. */
	unsigned long pfn_to_mfn_frame_list_list;
	/* Why the last virtual NMI was raised (XEN_NMIREASON_* bits). */
	unsigned long nmi_reason;
	/*
	 * Linear p2m list, when the guest publishes one: the cr3 of the
	 * address space that maps it (zero: the guest's own), its
	 * address, and a count the guest raises around every change.
	 */
	unsigned long p2m_cr3;
	unsigned long p2m_vaddr;
	unsigned long p2m_generation;
};
#endif /* !__ASSEMBLY__ */

#endif /* _ASM_X86_XEN_INTERFACE_H */
