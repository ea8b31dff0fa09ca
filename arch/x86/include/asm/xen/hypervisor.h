/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 side of xenpv's contract with the base kernel: the names that
 * <asm/hypervisor.h> and the x86 core code reach through this header
 * (Documentation/xen/contract.rst).
 */
#ifndef _ASM_X86_XEN_HYPERVISOR_H
#define _ASM_X86_XEN_HYPERVISOR_H

#include <linux/types.h>
#include <xen/xen.h>

struct pci_dev;

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
