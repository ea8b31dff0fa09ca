/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_callback_op(cmd, arg), which tells Xen
 * where a PV kernel wants to be entered for events, for faults Xen hit
 * while returning to it, for system calls and for NMIs.  Numbers and
 * layouts follow Xen's public callback.h (Xen 4.17); tests/abi/run
 * checks them.
 */
#ifndef _XEN_INTERFACE_CALLBACK_H
#define _XEN_INTERFACE_CALLBACK_H

#include <xen/interface/xen.h>

/*
 * Entry points, selected by callback_register.type.  Xen jumps to the
 * address in guest kernel mode with a bounce frame on the kernel stack.
 */
#define CALLBACKTYPE_event			0	/* upcall: events are pending */
#define CALLBACKTYPE_failsafe			1	/* Xen could not load the return frame */
#define CALLBACKTYPE_syscall			2	/* 64-bit SYSCALL from user mode */
#define CALLBACKTYPE_sysenter_deprecated	3	/* retired number of sysenter */
#define CALLBACKTYPE_nmi			4	/* virtual NMI */
#define CALLBACKTYPE_sysenter			5	/* SYSENTER from 32-bit user mode */
#define CALLBACKTYPE_syscall32			7	/* SYSCALL from 32-bit user mode */

/*
 * callback_register.flags: Xen sets evtchn_upcall_mask of the vCPU
 * before it enters the callback, as an interrupt gate clears IF.
 */
#define _CALLBACKF_mask_events			0
#define CALLBACKF_mask_events			BIT(_CALLBACKF_mask_events)

/* Commands. */
#define CALLBACKOP_register			0	/* arg: callback_register */
#define CALLBACKOP_unregister			1	/* arg: callback_unregister */

#ifndef __ASSEMBLY__
/*
 * Install (or replace) the entry point of one type.  Xen remembers the
 * address until it is replaced or unregistered; for x86_64 it is a
 * plain virtual address in the guest kernel.
 */
struct callback_register {
	u16 type;			/* CALLBACKTYPE_* */
	u16 flags;			/* CALLBACKF_* */
	unsigned long address;
};

/*
 * Forget the entry point of one type.  Types a PV guest cannot run
 * without are refused with -EINVAL; on x86_64 that is all but the NMI.
 */
struct callback_unregister {
	u16 type;			/* CALLBACKTYPE_* */
	u16 _unused;
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_CALLBACK_H */
