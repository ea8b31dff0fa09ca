/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HVM parameters, the per-domain values read and written
 * with HVMOP_get_param/HVMOP_set_param.  A PVH or HVM guest finds its
 * xenstore and console rings here (the toolstack stores them when it
 * builds the domain) and tells Xen how to deliver event upcalls.
 * Numbers follow Xen's public hvm/params.h (Xen 4.17); tests/abi/run
 * checks them.
 */
#ifndef _XEN_INTERFACE_HVM_PARAMS_H
#define _XEN_INTERFACE_HVM_PARAMS_H

#include <linux/const.h>
#include <xen/interface/hvm/hvm_op.h>

/*
 * How vCPU 0 is told about pending events.  Zero turns notification
 * off; otherwise bits 63-56 are the delivery type and the rest say
 * where:
 *  GSI:      bits 55-0 are the GSI (GSI 0 cannot be used).
 *  PCI_INTX: domain bits 47-32, bus 31-16, devfn 15-8, INTx pin 1-0.
 *  VECTOR:   bits 7-0 are an IDT vector; needs
 *            XENFEAT_hvm_callback_vector.
 */
#define HVM_PARAM_CALLBACK_IRQ			0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK	_AC(0xFF00000000000000, ULL)
#define HVM_PARAM_CALLBACK_TYPE_GSI		0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX	1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR		2

/*
 * The parameters.  Xen itself ignores the xenstore and console ones;
 * they are a mailbox from the toolstack to the guest.
 */
#define HVM_PARAM_STORE_PFN			1	/* xenstore ring frame */
#define HVM_PARAM_STORE_EVTCHN			2	/* its event channel */
#define HVM_PARAM_IOREQ_PFN			5
#define HVM_PARAM_BUFIOREQ_PFN			6
#define HVM_PARAM_VIRIDIAN			9	/* Hyper-V enlightenments */
#define HVM_PARAM_TIMER_MODE			10	/* HVMPTM_* */
#define HVM_PARAM_HPET_ENABLED			11
#define HVM_PARAM_IDENT_PT			12
#define HVM_PARAM_ACPI_S_STATE			14
#define HVM_PARAM_VM86_TSS			15
#define HVM_PARAM_VPT_ALIGN			16
#define HVM_PARAM_CONSOLE_PFN			17	/* console ring frame */
#define HVM_PARAM_CONSOLE_EVTCHN		18	/* its event channel */
#define HVM_PARAM_ACPI_IOPORTS_LOCATION		19
#define HVM_PARAM_PAGING_RING_PFN		27
#define HVM_PARAM_MONITOR_RING_PFN		28
#define HVM_PARAM_SHARING_RING_PFN		29
#define HVM_PARAM_TRIPLE_FAULT_REASON		31
#define HVM_PARAM_IOREQ_SERVER_PFN		32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES		33
#define HVM_PARAM_VM_GENERATION_ID_ADDR		34
#define HVM_PARAM_ALTP2M			35	/* XEN_ALTP2M_* */
#define HVM_PARAM_X87_FIP_WIDTH			36
#define HVM_PARAM_VM86_TSS_SIZED		37
#define HVM_PARAM_MCA_CAP			38	/* XEN_HVM_MCA_CAP_* */
#define HVM_NR_PARAMS				39

/* HVM_PARAM_TIMER_MODE: what happens to timer ticks a vCPU missed. */
#define HVMPTM_delay_for_missed_ticks		0
#define HVMPTM_no_delay_for_missed_ticks	1
#define HVMPTM_no_missed_ticks_pending		2
#define HVMPTM_one_missed_tick_pending		3

/* HVM_PARAM_ALTP2M modes. */
#define XEN_ALTP2M_disabled			0
#define XEN_ALTP2M_mixed			1
#define XEN_ALTP2M_external			2
#define XEN_ALTP2M_limited			3

/* HVM_PARAM_MCA_CAP bits. */
#define XEN_HVM_MCA_CAP_LMCE			BIT_ULL(0)
#define XEN_HVM_MCA_CAP_MASK			XEN_HVM_MCA_CAP_LMCE

#endif /* _XEN_INTERFACE_HVM_PARAMS_H */
