/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_nmi_op(cmd, arg) and the reasons Xen gives
 * for a virtual NMI.  Numbers and layouts follow Xen's public nmi.h
 * (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_NMI_H
#define _XEN_INTERFACE_NMI_H

#include <xen/interface/xen.h>

/*
 * Bits Xen sets in arch_shared_info.nmi_reason before it delivers an
 * NMI to dom0, for dom0's NMI handler to read.
 */
#define _XEN_NMIREASON_io_error		0	/* I/O check (port 0x61 bit 6) */
#define XEN_NMIREASON_io_error		BIT(_XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr		1	/* PCI SERR (port 0x61 bit 7) */
#define XEN_NMIREASON_pci_serr		BIT(_XEN_NMIREASON_pci_serr)
#define _XEN_NMIREASON_unknown		2	/* no source could be found */
#define XEN_NMIREASON_unknown		BIT(_XEN_NMIREASON_unknown)

/*
 * Commands.  The handler is entered like the CALLBACKTYPE_nmi callback
 * of callback.h, which is the newer way to ask for the same thing.
 */
#define XENNMI_register_callback	0	/* arg: xennmi_callback */
#define XENNMI_unregister_callback	1	/* arg: NULL */

#ifndef __ASSEMBLY__
struct xennmi_callback {
	unsigned long handler_address;
	unsigned long pad;		/* must be zero */
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_NMI_H */
