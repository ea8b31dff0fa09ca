/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI for x86_64 PV guests: the flat segments Xen installs,
 * the part of the address space Xen keeps, and the frames Xen builds
 * on the guest stack.  Included by <asm/xen/interface.h>.
 *
 * Values and layouts follow Xen's public arch-x86/xen-x86_64.h
 * (Xen 4.17); tests/abi/run checks them against it.
 */
#ifndef _ASM_X86_XEN_INTERFACE_64_H
#define _ASM_X86_XEN_INTERFACE_64_H

#include <linux/bits.h>
#include <linux/const.h>

/*
 * Selectors of the flat segments that Xen keeps in the reserved part
 * of every PV guest's GDT.  A 64-bit PV kernel runs in ring 3, so the
 * kernel and user selectors are the same ring-3 descriptors; Xen
 * tells the two apart by the guest's kernel/user mode, not by RPL.
 */
#define FLAT_RING3_CS32		0xe023	/* GDT entry 260 */
#define FLAT_RING3_CS64		0xe033	/* GDT entry 262 */
#define FLAT_RING3_DS32		0xe02b	/* GDT entry 261 */
#define FLAT_RING3_DS64		0x0000	/* null: 64-bit data needs none */
#define FLAT_RING3_SS32		0xe02b
#define FLAT_RING3_SS64		0xe02b

#define FLAT_KERNEL_CS64	FLAT_RING3_CS64
#define FLAT_KERNEL_CS32	FLAT_RING3_CS32
#define FLAT_KERNEL_CS		FLAT_KERNEL_CS64
#define FLAT_KERNEL_DS64	FLAT_RING3_DS64
#define FLAT_KERNEL_DS32	FLAT_RING3_DS32
#define FLAT_KERNEL_DS		FLAT_KERNEL_DS64
#define FLAT_KERNEL_SS64	FLAT_RING3_SS64
#define FLAT_KERNEL_SS32	FLAT_RING3_SS32
#define FLAT_KERNEL_SS		FLAT_KERNEL_SS64

#define FLAT_USER_CS64		FLAT_RING3_CS64
#define FLAT_USER_CS32		FLAT_RING3_CS32
#define FLAT_USER_CS		FLAT_USER_CS64
#define FLAT_USER_DS64		FLAT_RING3_DS64
#define FLAT_USER_DS32		FLAT_RING3_DS32
#define FLAT_USER_DS		FLAT_USER_DS64
#define FLAT_USER_SS64		FLAT_RING3_SS64
#define FLAT_USER_SS32		FLAT_RING3_SS32
#define FLAT_USER_SS		FLAT_USER_SS64

/*
 * Xen owns this slice of the upper canonical half in every PV address
 * space.  Its first 256 GiB hold the read-only machine-to-phys table:
 * one 8-byte entry per machine frame giving the guest frame that owns
 * it, kept current by Xen as pages change hands.
 */
#define HYPERVISOR_VIRT_START	_AC(0xFFFF800000000000, UL)
#define HYPERVISOR_VIRT_END	_AC(0xFFFF880000000000, UL)
#define MACH2PHYS_VIRT_START	_AC(0xFFFF800000000000, UL)
#define MACH2PHYS_VIRT_END	_AC(0xFFFF804000000000, UL)
#define MACH2PHYS_NR_ENTRIES	((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* Which base HYPERVISOR_set_segment_base loads. */
#define SEGBASE_FS		0
#define SEGBASE_GS_USER		1
#define SEGBASE_GS_KERNEL	2
#define SEGBASE_GS_USER_SEL	3	/* load the user %gs selector from base[15:0] */

/*
 * Set by Xen in iret_context.flags when it entered the guest through
 * the syscall callback: HYPERVISOR_iret may then return with sysret
 * semantics, leaving rcx and r11 as the saved frame says.
 */
#define _VGCF_in_syscall	8
#define VGCF_in_syscall		BIT(_VGCF_in_syscall)
#define VGCF_IN_SYSCALL		VGCF_in_syscall

#ifndef __ASSEMBLY__
/*
 * What HYPERVISOR_iret pops from the guest kernel stack, lowest address
 * first: the guest pushes this frame and makes the hypercall with rsp
 * pointing at rax; Xen restores rax, r11 and rcx (the hypercall page
 * clobbered them) and then returns to rip/cs/rflags/rsp/ss.
 */
struct iret_context {
	u64 rax;
	u64 r11;
	u64 rcx;
	u64 flags;	/* VGCF_in_syscall */
	u64 rip;
	u64 cs;
	u64 rflags;
	u64 rsp;
	u64 ss;
};

/*
 * General registers of a vCPU as Xen stores them: the user_regs of
 * vcpu_guest_context (VCPUOP_initialise loads a new vCPU from it) and
 * the frame Xen saves on every guest exit.  The eight legacy registers
 * and rip/rflags/rsp answer to their 64-bit name, to the e-name (the
 * same 64 bits) and to _e-name (the low 32 bits).  error_code and
 * entry_vector are Xen's own bookkeeping; a guest leaves them zero.
 */
struct cpu_user_regs {
	u64 r15;
	u64 r14;
	u64 r13;
	u64 r12;
	union { u64 rbp, ebp; u32 _ebp; };
	union { u64 rbx, ebx; u32 _ebx; };
	u64 r11;
	u64 r10;
	u64 r9;
	u64 r8;
	union { u64 rax, eax; u32 _eax; };
	union { u64 rcx, ecx; u32 _ecx; };
	union { u64 rdx, edx; u32 _edx; };
	union { u64 rsi, esi; u32 _esi; };
	union { u64 rdi, edi; u32 _edi; };
	u32 error_code;
	u32 entry_vector;
	union { u64 rip, eip; u32 _eip; };
	u16 cs, _pad0[1];
	/* Copy of evtchn_upcall_mask; rflags.IF reads as its inverse. */
	u8 saved_upcall_mask;
	u8 _pad1[3];
	union { u64 rflags, eflags; u32 _eflags; };
	union { u64 rsp, esp; u32 _esp; };
	u16 ss, _pad2[3];
	u16 es, _pad3[3];
	u16 ds, _pad4[3];
	u16 fs, _pad5[3];
	u16 gs, _pad6[3];
};

/*
 * The cr3 values Xen takes and returns (vcpu_guest_context.ctrlreg[1]
 * and [3], arch_shared_info.p2m_cr3) hold a machine frame number
 * shifted into place, with no flag bits.
 */
#define xen_pfn_to_cr3(pfn)	((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3)	((unsigned long)(cr3) >> 12)

/*
 * x86 part of each vcpu_info.  When Xen bounces a page fault to a PV
 * guest it stores the faulting address in cr2 before delivering the
 * exception, as the guest cannot read the real register.
 */
struct arch_vcpu_info {
	unsigned long cr2;
	unsigned long pad;	/* keeps vcpu_info at 64 bytes */
};
#endif /* !__ASSEMBLY__ */

#endif /* _ASM_X86_XEN_INTERFACE_64_H */
