/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA through a bounce buffer that is contiguous in machine memory, as
 * the x86 PCI DMA setup (arch/x86/kernel/pci-dma.c) installs it for a
 * PV control domain.  Part of the contract with the base kernel
 * (Documentation/xen/contract.rst).
 */
#ifndef _XEN_SWIOTLB_XEN_H
#define _XEN_SWIOTLB_XEN_H

#ifdef CONFIG_SWIOTLB_XEN
#include <linux/dma-map-ops.h>

/* Exchange a bounce-buffer area for machine-contiguous memory. */
int xen_swiotlb_fixup(void *buf, unsigned long nslabs);
extern const struct dma_map_ops xen_swiotlb_dma_ops;
#endif

#endif /* _XEN_SWIOTLB_XEN_H */
