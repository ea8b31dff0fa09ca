/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layer 1: typed calls into the hypervisor for a 64-bit PV guest.
 *
 * Xen fills one 32-byte stub per hypercall number into hypercall_page
 * (XEN_ELFNOTE_HYPERCALL_PAGE, see arch/x86/xen/xen-head.S); calling the
 * stub enters Xen.  The register convention is Xen's
 * (xen/arch-x86/xen-x86_64.h): number in the stub, arguments in rdi, rsi,
 * rdx, r10 and r8, result in rax; the argument registers, rcx and r11 are
 * clobbered.  Documentation/xen/abi.rst lists the hypercalls xenpv uses.
 *
 * Every wrapper passes pointers to guest memory that Xen reads or writes
 * while the call runs, hence the "memory" clobber.
 */
#ifndef _ASM_X86_XEN_HYPERCALL_H
#define _ASM_X86_XEN_HYPERCALL_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/asm.h>

#include <xen/interface/xen.h>
#include <xen/interface/sched.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/version.h>
#include <xen/interface/memory.h>
#include <xen/interface/physdev.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/callback.h>
#include <xen/interface/nmi.h>
#include <asm/xen/interface.h>

/* One stub per hypercall number; Xen writes them when it builds us. */
struct xen_hypercall_stub {
	char code[32];
};

extern struct xen_hypercall_stub hypercall_page[];

#define __XEN_HCALL_ARGS0()						\
	register unsigned long __res asm("rax")
#define __XEN_HCALL_ARGS1(a1)						\
	__XEN_HCALL_ARGS0();						\
	register unsigned long __a1 asm("rdi") = (unsigned long)(a1)
#define __XEN_HCALL_ARGS2(a1, a2)					\
	__XEN_HCALL_ARGS1(a1);						\
	register unsigned long __a2 asm("rsi") = (unsigned long)(a2)
#define __XEN_HCALL_ARGS3(a1, a2, a3)					\
	__XEN_HCALL_ARGS2(a1, a2);					\
	register unsigned long __a3 asm("rdx") = (unsigned long)(a3)
#define __XEN_HCALL_ARGS4(a1, a2, a3, a4)				\
	__XEN_HCALL_ARGS3(a1, a2, a3);					\
	register unsigned long __a4 asm("r10") = (unsigned long)(a4)
#define __XEN_HCALL_ARGS5(a1, a2, a3, a4, a5)				\
	__XEN_HCALL_ARGS4(a1, a2, a3, a4);				\
	register unsigned long __a5 asm("r8") = (unsigned long)(a5)

/*
 * _xen_hypercallN(nr, args...): raw call, the result as a long.  The
 * argument registers a call does not use are listed as clobbered: Xen's
 * convention lets every hypercall change all five.
 */
#define __XEN_HCALL_STUB(nr)						\
	[stub] "i" ((nr) * sizeof(struct xen_hypercall_stub))

#define _xen_hypercall0(nr)						\
({									\
	__XEN_HCALL_ARGS0();						\
	asm volatile("call hypercall_page+%c[stub]"			\
		     : "=r" (__res), ASM_CALL_CONSTRAINT		\
		     : __XEN_HCALL_STUB(nr)				\
		     : "rdi", "rsi", "rdx", "r10", "r8", "rcx", "r11", "memory");	\
	(long)__res;							\
})

#define _xen_hypercall1(nr, a1)						\
({									\
	__XEN_HCALL_ARGS1(a1);						\
	asm volatile("call hypercall_page+%c[stub]"			\
		     : "=r" (__res), ASM_CALL_CONSTRAINT, "+r" (__a1)	\
		     : __XEN_HCALL_STUB(nr)				\
		     : "rsi", "rdx", "r10", "r8", "rcx", "r11", "memory");	\
	(long)__res;							\
})

#define _xen_hypercall2(nr, a1, a2)					\
({									\
	__XEN_HCALL_ARGS2(a1, a2);					\
	asm volatile("call hypercall_page+%c[stub]"			\
		     : "=r" (__res), ASM_CALL_CONSTRAINT, "+r" (__a1), "+r" (__a2)	\
		     : __XEN_HCALL_STUB(nr)				\
		     : "rdx", "r10", "r8", "rcx", "r11", "memory");	\
	(long)__res;							\
})

#define _xen_hypercall3(nr, a1, a2, a3)					\
({									\
	__XEN_HCALL_ARGS3(a1, a2, a3);					\
	asm volatile("call hypercall_page+%c[stub]"			\
		     : "=r" (__res), ASM_CALL_CONSTRAINT, "+r" (__a1), "+r" (__a2), "+r" (__a3)	\
		     : __XEN_HCALL_STUB(nr)				\
		     : "r10", "r8", "rcx", "r11", "memory");		\
	(long)__res;							\
})

#define _xen_hypercall4(nr, a1, a2, a3, a4)				\
({									\
	__XEN_HCALL_ARGS4(a1, a2, a3, a4);				\
	asm volatile("call hypercall_page+%c[stub]"			\
		     : "=r" (__res), ASM_CALL_CONSTRAINT, "+r" (__a1),	\
		       "+r" (__a2), "+r" (__a3), "+r" (__a4)		\
		     : __XEN_HCALL_STUB(nr)				\
		     : "r8", "rcx", "r11", "memory");			\
	(long)__res;							\
})

#define _xen_hypercall5(nr, a1, a2, a3, a4, a5)				\
({									\
	__XEN_HCALL_ARGS5(a1, a2, a3, a4, a5);				\
	asm volatile("call hypercall_page+%c[stub]"			\
		     : "=r" (__res), ASM_CALL_CONSTRAINT, "+r" (__a1),	\
		       "+r" (__a2), "+r" (__a3), "+r" (__a4), "+r" (__a5)	\
		     : __XEN_HCALL_STUB(nr)				\
		     : "rcx", "r11", "memory");				\
	(long)__res;							\
})

/* The typed wrappers.  Xen returns 0 or a negative Xen errno value. */

static inline int HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return _xen_hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline int HYPERVISOR_mmu_update(struct mmu_update *req, unsigned int count,
					unsigned int *done, domid_t domid)
{
	return _xen_hypercall4(__HYPERVISOR_mmu_update, req, count, done, domid);
}

static inline int HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned int count,
				       unsigned int *done, domid_t domid)
{
	return _xen_hypercall4(__HYPERVISOR_mmuext_op, op, count, done, domid);
}

/* frames: machine frame numbers of the GDT pages; entries: descriptors. */
static inline int HYPERVISOR_set_gdt(const unsigned long *frames, unsigned int entries)
{
	return _xen_hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

/* The kernel stack Xen switches to when the guest enters kernel mode. */
static inline int HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
	return _xen_hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

static inline int HYPERVISOR_fpu_taskswitch(int set)
{
	return _xen_hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline int HYPERVISOR_set_debugreg(int reg, unsigned long value)
{
	return _xen_hypercall2(__HYPERVISOR_set_debugreg, reg, value);
}

static inline unsigned long HYPERVISOR_get_debugreg(int reg)
{
	return _xen_hypercall1(__HYPERVISOR_get_debugreg, reg);
}

/* maddr: machine address of the 8-byte descriptor to replace. */
static inline int HYPERVISOR_update_descriptor(u64 maddr, u64 desc)
{
	return _xen_hypercall2(__HYPERVISOR_update_descriptor, maddr, desc);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline int HYPERVISOR_multicall(struct multicall_entry *calls, unsigned int count)
{
	return _xen_hypercall2(__HYPERVISOR_multicall, calls, count);
}

/* Replace the PTE mapping va in the current address space (UVMF_* flags). */
static inline int HYPERVISOR_update_va_mapping(unsigned long va, u64 pte,
					       unsigned long flags)
{
	return _xen_hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline int HYPERVISOR_xen_version(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline int HYPERVISOR_console_io(int cmd, int count, const char *str)
{
	return _xen_hypercall3(__HYPERVISOR_console_io, cmd, count, str);
}

static inline int HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return _xen_hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline int HYPERVISOR_vcpu_op(int cmd, int vcpu, void *arg)
{
	return _xen_hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline int HYPERVISOR_set_segment_base(int reg, unsigned long value)
{
	return _xen_hypercall2(__HYPERVISOR_set_segment_base, reg, value);
}

static inline int HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline int HYPERVISOR_callback_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline int HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline int HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline int HYPERVISOR_nmi_op(unsigned long op, void *arg)
{
	return _xen_hypercall2(__HYPERVISOR_nmi_op, op, arg);
}

static inline long HYPERVISOR_set_timer_op(u64 timeout)
{
	return _xen_hypercall1(__HYPERVISOR_set_timer_op, timeout);
}

static inline int HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
	return _xen_hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

#endif /* _ASM_X86_XEN_HYPERCALL_H */
