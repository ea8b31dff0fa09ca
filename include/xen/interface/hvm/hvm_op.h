/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_hvm_op(cmd, arg), the calls a guest with
 * translated memory (PVH, HVM) makes about its own container: reading
 * and setting HVM parameters (hvm/params.h), picking the vector events
 * arrive on, and small services.  Numbers and layouts follow Xen's
 * public hvm/hvm_op.h (Xen 4.17); tests/abi/run checks them.  The
 * altp2m and device-model commands are for tools and are left out.
 */
#ifndef _XEN_INTERFACE_HVM_HVM_OP_H
#define _XEN_INTERFACE_HVM_HVM_OP_H

#include <xen/interface/xen.h>

#define HVMOP_set_param			0	/* xen_hvm_param */
#define HVMOP_get_param			1	/* xen_hvm_param */
#define HVMOP_flush_tlbs		5	/* NULL: flush every vCPU's TLB */
#define HVMOP_pagetable_dying		9	/* xen_hvm_pagetable_dying */
#define HVMOP_get_time			10	/* xen_hvm_get_time */
#define HVMOP_get_mem_type		15	/* xen_hvm_get_mem_type */
#define HVMOP_set_evtchn_upcall_vector	23	/* xen_hvm_evtchn_upcall_vector */
#define HVMOP_guest_request_vm_event	24	/* NULL: raise a vm_event */

#ifndef __ASSEMBLY__
/*
 * Read or write parameter index (HVM_PARAM_*) of domid.  A guest may
 * read its own xenstore and console parameters and set its callback
 * IRQ; most others belong to the toolstack.
 */
struct xen_hvm_param {
	domid_t domid;
	u16 pad;
	u32 index;
	u64 value;			/* IN for set, OUT for get */
};

/*
 * The page table at guest-physical address gpa is about to be freed,
 * so Xen may drop its shadow of it.
 */
struct xen_hvm_pagetable_dying {
	domid_t domid;
	u16 pad[3];
	u64 gpa;
};

/* Xen's system time in ns (OUT). */
struct xen_hvm_get_time {
	u64 now;
};

/* Type of guest frame pfn in domid (OUT: mem_type, Xen's HVMMEM_*). */
struct xen_hvm_get_mem_type {
	domid_t domid;
	u16 mem_type;
	u16 pad[2];
	u64 pfn;
};

/*
 * Deliver event upcalls of vCPU vcpu as a local APIC vector, the
 * per-vCPU alternative to HVM_PARAM_CALLBACK_IRQ's vector type.
 */
struct xen_hvm_evtchn_upcall_vector {
	u32 vcpu;
	u8 vector;
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_HVM_HVM_OP_H */
