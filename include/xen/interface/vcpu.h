/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_vcpu_op(cmd, vcpu_id, arg), the per-vCPU
 * hypercall for bring-up, timers, runstate accounting and placing the
 * vcpu_info and time areas.  Numbers and layouts follow Xen's public
 * vcpu.h (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_VCPU_H
#define _XEN_INTERFACE_VCPU_H

#include <xen/interface/xen.h>

/* Bring-up and teardown; arg is NULL except for VCPUOP_initialise. */
#define VCPUOP_initialise			0	/* arg: vcpu_guest_context */
#define VCPUOP_up				1
#define VCPUOP_down				2
#define VCPUOP_is_up				3	/* returns 1 or 0 */

/* Runstate accounting. */
#define VCPUOP_get_runstate_info		4
#define VCPUOP_register_runstate_memory_area	5

/* Timers, in Xen system time (nanoseconds since boot). */
#define VCPUOP_set_periodic_timer		6
#define VCPUOP_stop_periodic_timer		7
#define VCPUOP_set_singleshot_timer		8
#define VCPUOP_stop_singleshot_timer		9

/* Placement of the shared per-vCPU areas, and the rest. */
#define VCPUOP_register_vcpu_info		10
#define VCPUOP_send_nmi				11
#define VCPUOP_get_physid			12
#define VCPUOP_register_vcpu_time_memory_area	13

/* The states a vCPU is accounted in. */
#define RUNSTATE_running	0	/* on a physical CPU */
#define RUNSTATE_runnable	1	/* ready, waiting for a physical CPU */
#define RUNSTATE_blocked	2	/* waiting for an event */
#define RUNSTATE_offline	3	/* down, paused or otherwise not schedulable */

/*
 * Top bit of state_entry_time in a registered runstate area.  With
 * VMASST_TYPE_runstate_update_flag enabled, Xen sets it before it
 * rewrites the area and clears it afterwards; a reader seeing it set
 * must retry.
 */
#define XEN_RUNSTATE_UPDATE	(_AC(1, ULL) << 63)

/* vcpu_set_singleshot_timer.flags */
#define _VCPU_SSHOTTMR_future	0
#define VCPU_SSHOTTMR_future	BIT(_VCPU_SSHOTTMR_future)	/* fail if already past */

#ifndef __ASSEMBLY__
/*
 * Runstate of a vCPU: the current state, when it was entered, and the
 * total time spent in each state, all in ns of Xen system time.  Xen
 * returns it for VCPUOP_get_runstate_info, and rewrites a registered
 * copy every time the vCPU changes state.
 */
struct vcpu_runstate_info {
	int state;			/* RUNSTATE_* */
	u64 state_entry_time;		/* may carry XEN_RUNSTATE_UPDATE */
	u64 time[4];			/* indexed by RUNSTATE_* */
};

/*
 * VCPUOP_register_runstate_memory_area: where Xen keeps a copy of the
 * runstate up to date.  Xen stores the guest virtual address and
 * writes through it whenever the vCPU is descheduled or resumed, so it
 * must stay mapped for the life of the registration.
 */
struct vcpu_register_runstate_memory_area {
	union {
		struct vcpu_runstate_info *h;	/* guest handle */
		struct vcpu_runstate_info *v;
		u64 p;
	} addr;
};

/* VCPUOP_set_periodic_timer: fire VIRQ_TIMER every period_ns. */
struct vcpu_set_periodic_timer {
	u64 period_ns;
};

/* VCPUOP_set_singleshot_timer: fire VIRQ_TIMER once at timeout_abs_ns. */
struct vcpu_set_singleshot_timer {
	u64 timeout_abs_ns;
	u32 flags;			/* VCPU_SSHOTTMR_* */
};

/*
 * VCPUOP_register_vcpu_info: move this vCPU's vcpu_info to the given
 * machine frame and offset.  Xen maps the page for good; the area must
 * not cross a page boundary, and the call works once per vCPU.
 */
struct vcpu_register_vcpu_info {
	u64 mfn;
	u32 offset;
	u32 rsvd;			/* must be zero */
};

/*
 * VCPUOP_get_physid (dom0): the physical CPU the vCPU is pinned to, as
 * APIC ID in bits 0-31 and ACPI ID in bits 32-63.
 */
struct vcpu_get_physid {
	u64 phys_id;
};

/*
 * VCPUOP_register_vcpu_time_memory_area: a second copy of vcpu_info's
 * time record, which Xen keeps current at the given guest address and
 * which can be mapped to user space for a vDSO clock.
 */
struct vcpu_register_time_memory_area {
	union {
		struct pvclock_vcpu_time_info *h;	/* guest handle */
		struct pvclock_vcpu_time_info *v;
		u64 p;
	} addr;
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_VCPU_H */
