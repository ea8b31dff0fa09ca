/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI, core part: hypercall numbers, the pages Xen shares
 * with a guest (start info, shared info, vcpu_info) and the arguments
 * of the memory-management hypercalls a PV kernel needs from its first
 * instructions on.
 *
 * The numbers and layouts are the hypervisor's, taken from Xen's public
 * xen.h (Xen 4.17); the text is xenpv's own.  x86_64 only.
 * tests/abi/run checks every structure and constant here against Xen's
 * headers.
 */
#ifndef _XEN_INTERFACE_XEN_H
#define _XEN_INTERFACE_XEN_H

#include <asm/xen/interface.h>

/*
 * Hypercall numbers.  A PV guest calls hypercall N at offset N * 32 of
 * the hypercall page Xen fills in, with arguments in rdi, rsi, rdx,
 * r10 and r8 and the result in rax.  Gaps and the *_compat numbers are
 * retired interfaces that only old guests use.
 */
/* Memory management and descriptor tables. */
#define __HYPERVISOR_set_trap_table			0
#define __HYPERVISOR_mmu_update				1
#define __HYPERVISOR_set_gdt				2
#define __HYPERVISOR_stack_switch			3
#define __HYPERVISOR_set_callbacks			4
#define __HYPERVISOR_fpu_taskswitch			5
#define __HYPERVISOR_sched_op_compat			6
#define __HYPERVISOR_platform_op			7
#define __HYPERVISOR_set_debugreg			8
#define __HYPERVISOR_get_debugreg			9
#define __HYPERVISOR_update_descriptor			10
#define __HYPERVISOR_memory_op				12
#define __HYPERVISOR_multicall				13
#define __HYPERVISOR_update_va_mapping			14
#define __HYPERVISOR_set_timer_op			15
#define __HYPERVISOR_event_channel_op_compat		16
#define __HYPERVISOR_xen_version			17
#define __HYPERVISOR_console_io				18
#define __HYPERVISOR_physdev_op_compat			19
#define __HYPERVISOR_grant_table_op			20
#define __HYPERVISOR_vm_assist				21
#define __HYPERVISOR_update_va_mapping_otherdomain	22
#define __HYPERVISOR_iret				23
#define __HYPERVISOR_vcpu_op				24
#define __HYPERVISOR_set_segment_base			25
#define __HYPERVISOR_mmuext_op				26
#define __HYPERVISOR_xsm_op				27
#define __HYPERVISOR_nmi_op				28
#define __HYPERVISOR_sched_op				29
#define __HYPERVISOR_callback_op			30
#define __HYPERVISOR_xenoprof_op			31
#define __HYPERVISOR_event_channel_op			32
#define __HYPERVISOR_physdev_op				33
#define __HYPERVISOR_hvm_op				34
#define __HYPERVISOR_sysctl				35
#define __HYPERVISOR_domctl				36
#define __HYPERVISOR_kexec_op				37
#define __HYPERVISOR_tmem_op				38
#define __HYPERVISOR_argo_op				39
#define __HYPERVISOR_xenpmu_op				40
#define __HYPERVISOR_dm_op				41
#define __HYPERVISOR_hypfs_op				42
/* Numbers Xen leaves to each architecture. */
#define __HYPERVISOR_arch_0				48
#define __HYPERVISOR_arch_1				49
#define __HYPERVISOR_arch_2				50
#define __HYPERVISOR_arch_3				51
#define __HYPERVISOR_arch_4				52
#define __HYPERVISOR_arch_5				53
#define __HYPERVISOR_arch_6				54
#define __HYPERVISOR_arch_7				55

/*
 * Virtual interrupts.  A guest binds one to an event channel with
 * EVTCHNOP_bind_virq; per-vCPU VIRQs are bound once on every vCPU,
 * global ones once per domain (most of those only reach dom0).
 */
#define VIRQ_TIMER		0	/* per vCPU: singleshot/periodic timer fired */
#define VIRQ_DEBUG		1	/* per vCPU: debug-key dump request */
#define VIRQ_CONSOLE		2	/* dom0: input on Xen's emergency console */
#define VIRQ_DOM_EXC		3	/* dom0: a domain crashed or shut down */
#define VIRQ_TBUF		4	/* dom0: trace buffers have records */
#define VIRQ_DEBUGGER		6	/* dom0: a domain paused for the debugger */
#define VIRQ_XENOPROF		7	/* per vCPU: profiling sample ready */
#define VIRQ_CON_RING		8	/* dom0: bytes in Xen's console ring */
#define VIRQ_PCPU_STATE		9	/* dom0: a physical CPU changed state */
#define VIRQ_MEM_EVENT		10	/* dom0: memory event for a domain */
#define VIRQ_ARGO		11	/* Argo message notification */
#define VIRQ_ENOMEM		12	/* dom0: Xen's heap runs low */
#define VIRQ_XENPMU		13	/* per vCPU: PMU interrupt */
#define VIRQ_ARCH_0		16
#define VIRQ_ARCH_1		17
#define VIRQ_ARCH_2		18
#define VIRQ_ARCH_3		19
#define VIRQ_ARCH_4		20
#define VIRQ_ARCH_5		21
#define VIRQ_ARCH_6		22
#define VIRQ_ARCH_7		23
#define NR_VIRQS		24

/*
 * HYPERVISOR_mmu_update: the low two bits of mmu_update.ptr select the
 * request, the rest is a machine address.  Xen validates every PTE
 * write against the page-type rules before it lands.
 */
#define MMU_NORMAL_PT_UPDATE		0	/* *ptr = val, val's frame translated */
#define MMU_MACHPHYS_UPDATE		1	/* m2p[ptr >> PAGE_SHIFT] = val */
#define MMU_PT_UPDATE_PRESERVE_AD	2	/* as NORMAL, keep Accessed/Dirty */
#define MMU_PT_UPDATE_NO_TRANSLATE	3	/* as NORMAL, val taken as is */

/* HYPERVISOR_mmuext_op commands (mmuext_op.cmd). */
#define MMUEXT_PIN_L1_TABLE		0	/* arg1.mfn: validate and pin */
#define MMUEXT_PIN_L2_TABLE		1
#define MMUEXT_PIN_L3_TABLE		2
#define MMUEXT_PIN_L4_TABLE		3
#define MMUEXT_UNPIN_TABLE		4	/* arg1.mfn */
#define MMUEXT_NEW_BASEPTR		5	/* arg1.mfn: new kernel L4 */
#define MMUEXT_TLB_FLUSH_LOCAL		6
#define MMUEXT_INVLPG_LOCAL		7	/* arg1.linear_addr */
#define MMUEXT_TLB_FLUSH_MULTI		8	/* arg2.vcpumask */
#define MMUEXT_INVLPG_MULTI		9	/* arg1.linear_addr, arg2.vcpumask */
#define MMUEXT_TLB_FLUSH_ALL		10
#define MMUEXT_INVLPG_ALL		11	/* arg1.linear_addr */
#define MMUEXT_FLUSH_CACHE		12
#define MMUEXT_SET_LDT			13	/* arg1.linear_addr, arg2.nr_ents */
#define MMUEXT_NEW_USER_BASEPTR		15	/* arg1.mfn: new user L4 */
#define MMUEXT_CLEAR_PAGE		16	/* arg1.mfn */
#define MMUEXT_COPY_PAGE		17	/* arg1.mfn <- arg2.src_mfn */
#define MMUEXT_FLUSH_CACHE_GLOBAL	18
#define MMUEXT_MARK_SUPER		19	/* arg1.mfn */
#define MMUEXT_UNMARK_SUPER		20	/* arg1.mfn */

/*
 * HYPERVISOR_update_va_mapping flags: the flush type in bits 0-1, and
 * which vCPUs to flush in the bits above (or a pointer to a vCPU
 * bitmap, which is how UVMF_MULTI is used).
 */
#define UVMF_NONE		_AC(0, UL)
#define UVMF_TLB_FLUSH		_AC(1, UL)
#define UVMF_INVLPG		_AC(2, UL)
#define UVMF_FLUSHTYPE_MASK	_AC(3, UL)
#define UVMF_MULTI		_AC(0, UL)
#define UVMF_LOCAL		_AC(0, UL)
#define UVMF_ALL		_AC(4, UL)

/* HYPERVISOR_console_io commands. */
#define CONSOLEIO_write		0
#define CONSOLEIO_read		1

/* HYPERVISOR_vm_assist: commands, then the assists a guest can ask for. */
#define VMASST_CMD_enable			0
#define VMASST_CMD_disable			1
#define VMASST_TYPE_4gb_segments		0
#define VMASST_TYPE_4gb_segments_notify		1
#define VMASST_TYPE_writable_pagetables		2
#define VMASST_TYPE_pae_extended_cr3		3
#define VMASST_TYPE_architectural_iopl		4
#define VMASST_TYPE_runstate_update_flag	5
#define VMASST_TYPE_m2p_strict			32

/*
 * Domain IDs from DOMID_FIRST_RESERVED up never name a real domain;
 * Xen reads them as the pseudo-domains below.
 */
#define DOMID_FIRST_RESERVED	0x7FF0
#define DOMID_SELF		0x7FF0	/* the calling domain */
#define DOMID_IO		0x7FF1	/* owner of I/O memory */
#define DOMID_XEN		0x7FF2	/* owner of Xen's own pages */
#define DOMID_COW		0x7FF3	/* owner of shared copy-on-write pages */
#define DOMID_INVALID		0x7FF4
#define DOMID_IDLE		0x7FFF
#define DOMID_MASK		0x7FFF

/*
 * vcpu_time_info.flags bits (the kernel's pvclock_vcpu_time_info
 * carries this structure in vcpu_info.time).
 */
#define XEN_PVCLOCK_TSC_STABLE_BIT	BIT(0)
#define XEN_PVCLOCK_GUEST_STOPPED	BIT(1)

/* start_info.flags. */
#define SIF_PRIVILEGED		BIT(0)	/* domain may use privileged hypercalls */
#define SIF_INITDOMAIN		BIT(1)	/* this is the initial domain (dom0) */
#define SIF_MULTIBOOT_MOD	BIT(2)	/* mod_start is a xen_multiboot_mod_list */
#define SIF_MOD_START_PFN	BIT(3)	/* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS	BIT(4)	/* tools accept a linear p2m list */
#define SIF_PM_MASK		(0xFF << 8)	/* reserved for power management */

#define MAX_GUEST_CMDLINE	1024

#ifndef __ASSEMBLY__
#include <asm/pvclock-abi.h>

typedef u16 domid_t;

/*
 * The 16 bytes the toolstack gives each domain to identify it, usually
 * its UUID; XENVER_guest_handle reads this domain's.
 */
typedef u8 xen_domain_handle_t[16];

/*
 * One HYPERVISOR_mmu_update request: ptr is the machine address of the
 * entry to write, with the request type (MMU_*) in its low two bits.
 */
struct mmu_update {
	u64 ptr;
	u64 val;
};

/* One HYPERVISOR_mmuext_op request; see MMUEXT_* for which args apply. */
struct mmuext_op {
	unsigned int cmd;
	union {
		unsigned long mfn;
		unsigned long linear_addr;
	} arg1;
	union {
		unsigned int nr_ents;
		const void *vcpumask;	/* guest handle */
		unsigned long src_mfn;
	} arg2;
};

/*
 * One entry of a HYPERVISOR_multicall batch.  Xen runs the entries in
 * order and writes each hypercall's return value into result; the
 * batch does not stop at a failing entry.
 */
struct multicall_entry {
	unsigned long op;
	unsigned long result;
	unsigned long args[6];
};

/*
 * Per-vCPU state shared with Xen: 64 bytes, either in the shared info
 * page or wherever VCPUOP_register_vcpu_info placed it.
 *
 * Event delivery: when a port becomes pending while unmasked, Xen sets
 * the port's word bit in evtchn_pending_sel and then sets
 * evtchn_upcall_pending; unless evtchn_upcall_mask is non-zero it then
 * enters the guest's event callback.  The guest clears
 * evtchn_upcall_pending before scanning, so nothing raised meanwhile
 * is lost.  The mask is the PV guest's interrupt flag; Xen reads it
 * only on the vCPU's own physical CPU, so plain stores suffice.
 *
 * Between the two bytes and evtchn_pending_sel lies implicit padding,
 * exactly as in Xen's definition.
 */
struct vcpu_info {
	u8 evtchn_upcall_pending;
	u8 evtchn_upcall_mask;
	unsigned long evtchn_pending_sel;
	struct arch_vcpu_info arch;
	/* Xen's vcpu_time_info; Xen bumps version around every update. */
	struct pvclock_vcpu_time_info time;
};

/*
 * The shared info page: Xen maps it where the guest asks (its machine
 * address is in start_info.shared_info) and keeps writing it while the
 * domain lives.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	/*
	 * 2-level event channels, one bit per port.  Xen sets pending bits;
	 * the guest clears them after handling.  Only the guest writes
	 * mask bits; Xen raises no upcall for a masked port, so on unmask
	 * the guest must look at the pending bit itself.
	 */
	unsigned long evtchn_pending[64];
	unsigned long evtchn_mask[64];
	/*
	 * Wall-clock time at system time zero (Xen's wc_version, wc_sec
	 * and wc_nsec), plus the upper half of the seconds.
	 */
	struct pvclock_wall_clock wc;
	u32 wc_sec_hi;
	struct arch_shared_info arch;
};

/*
 * The start info page: built by the domain builder and handed over in
 * rsi at the PV entry point.  The first block is rewritten on every
 * resume; the rest is only valid at first boot.
 */
struct start_info {
	char magic[32];			/* "xen-<version>-<platform>" */
	unsigned long nr_pages;		/* pages given to the domain */
	unsigned long shared_info;	/* machine address of shared_info */
	u32 flags;			/* SIF_* */
	unsigned long store_mfn;		/* xenstore ring page (MFN) */
	u32 store_evtchn;		/* xenstore event channel */
	union {
		struct {
			unsigned long mfn;	/* console ring page (MFN) */
			u32 evtchn;	/* console event channel */
		} domU;
		struct {
			u32 info_off;	/* where dom0's console info starts */
			u32 info_size;	/* and how long it is */
		} dom0;
	} console;
	/* From here on: first boot only. */
	unsigned long pt_base;		/* virtual address of the initial L4 */
	unsigned long nr_pt_frames;	/* frames of initial page tables */
	unsigned long mfn_list;		/* virtual address of the p2m list */
	unsigned long mod_start;	/* initrd: address, or PFN with SIF_MOD_START_PFN */
	unsigned long mod_len;		/* initrd size in bytes */
	s8 cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn;	/* first PFN of the initial p2m list */
	unsigned long nr_p2m_frames;	/* its length in frames */
};

/*
 * With SIF_MULTIBOOT_MOD the module at mod_start is a package that
 * begins with an array of these descriptors; the first one whose
 * mod_start is zero ends the array.  All addresses count from the
 * start of the package, so the guest rebases them itself.
 */
struct xen_multiboot_mod_list {
	u32 mod_start;	/* first byte of the module */
	u32 mod_end;	/* last byte of the module, inclusive */
	u32 cmdline;	/* its NUL-terminated command line */
	u32 pad;	/* must be zero */
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_XEN_H */
