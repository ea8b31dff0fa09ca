/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 side of xenpv's contract with the base kernel: the names that
 * <asm/hypervisor.h> and the x86 core code reach through this header
 * (Documentation/xen/contract.rst).
 */
#ifndef _ASM_X86_XEN_HYPERVISOR_H
#define _ASM_X86_XEN_HYPERVISOR_H

#include <linux/percpu-defs.h>
#include <linux/types.h>
#include <xen/xen.h>

struct pci_dev;
struct shared_info;
struct start_info;
struct vcpu_info;

#ifdef CONFIG_XEN_PV
/*
 * For the core services (drivers/xen/): start_info as Xen handed it over
 * (store and console ports and frames), the shared info page, and this
 * CPU's vcpu_info (event selector and upcall flags).  All three are set
 * up by xen_start_kernel before any service starts.
 */
extern struct start_info *xen_start_info;
extern struct shared_info *HYPERVISOR_shared_info;
DECLARE_PER_CPU(struct vcpu_info *, xen_vcpu);
#endif

#ifdef CONFIG_XEN_DOM0
/*
 * After a resume the PCI core asks whether it should rewrite a device's
 * MSI state itself.  The control domain must let Xen do it instead.
 */
bool xen_initdom_restore_msi(struct pci_dev *dev);
#else
static inline bool xen_initdom_restore_msi(struct pci_dev *dev)
{
	return true;	/* restore MSI state the bare-metal way */
}
#endif

#endif /* _ASM_X86_XEN_HYPERVISOR_H */
