/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_physdev_op(cmd, arg), a guest's say over
 * physical devices: I/O port access, physical IRQs (PIRQs) routed to it
 * through event channels, and (for dom0) telling Xen about PCI devices
 * and MSI vectors.  Numbers and layouts follow Xen's public physdev.h
 * (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_PHYSDEV_H
#define _XEN_INTERFACE_PHYSDEV_H

#include <xen/interface/xen.h>

/* Commands, with the argument each takes. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY	4	/* NULL; retired, use PHYSDEVOP_eoi */
#define PHYSDEVOP_irq_status_query	5	/* physdev_irq_status_query */
#define PHYSDEVOP_set_iopl		6	/* physdev_set_iopl */
#define PHYSDEVOP_set_iobitmap		7	/* physdev_set_iobitmap */
#define PHYSDEVOP_apic_read		8	/* physdev_apic */
#define PHYSDEVOP_apic_write		9	/* physdev_apic */
#define PHYSDEVOP_alloc_irq_vector	10	/* physdev_irq */
#define PHYSDEVOP_free_irq_vector	11	/* physdev_irq */
#define PHYSDEVOP_eoi			12	/* physdev_eoi */
#define PHYSDEVOP_map_pirq		13	/* physdev_map_pirq */
#define PHYSDEVOP_unmap_pirq		14	/* physdev_unmap_pirq */
#define PHYSDEVOP_manage_pci_add	15	/* physdev_manage_pci */
#define PHYSDEVOP_manage_pci_remove	16	/* physdev_manage_pci */
#define PHYSDEVOP_pirq_eoi_gmfn_v1	17	/* physdev_pirq_eoi_gmfn */
#define PHYSDEVOP_restore_msi		19	/* physdev_restore_msi */
#define PHYSDEVOP_manage_pci_add_ext	20	/* physdev_manage_pci_ext */
#define PHYSDEVOP_setup_gsi		21	/* physdev_setup_gsi */
#define PHYSDEVOP_get_free_pirq		23	/* physdev_get_free_pirq */
#define PHYSDEVOP_pci_mmcfg_reserved	24	/* physdev_pci_mmcfg_reserved */
#define PHYSDEVOP_pci_device_add	25	/* physdev_pci_device_add */
#define PHYSDEVOP_pci_device_remove	26	/* physdev_pci_device */
#define PHYSDEVOP_restore_msi_ext	27	/* physdev_pci_device */
#define PHYSDEVOP_pirq_eoi_gmfn_v2	28	/* physdev_pirq_eoi_gmfn */
#define PHYSDEVOP_dbgp_op		29	/* physdev_dbgp_op */
#define PHYSDEVOP_prepare_msix		30	/* physdev_pci_device */
#define PHYSDEVOP_release_msix		31	/* physdev_pci_device */
/*
 * After v1, PHYSDEVOP_eoi also unmasks the PIRQ's event channel; v2
 * leaves PHYSDEVOP_eoi as it was.  Current guests use v2.
 */
#define PHYSDEVOP_pirq_eoi_gmfn		PHYSDEVOP_pirq_eoi_gmfn_v2

/* physdev_irq_status_query.flags (OUT). */
#define _XENIRQSTAT_needs_eoi		0	/* guest must PHYSDEVOP_eoi */
#define XENIRQSTAT_needs_eoi		BIT(_XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared		1	/* other domains share the IRQ */
#define XENIRQSTAT_shared		BIT(_XENIRQSTAT_shared)

/* physdev_map_pirq.type: what index names. */
#define MAP_PIRQ_TYPE_MSI		0x0
#define MAP_PIRQ_TYPE_GSI		0x1
#define MAP_PIRQ_TYPE_UNKNOWN		0x2
#define MAP_PIRQ_TYPE_MSI_SEG		0x3	/* bus carries the segment too */
#define MAP_PIRQ_TYPE_MULTI_MSI		0x4	/* entry_nr vectors at once */

/* physdev_pci_mmcfg_reserved.flags. */
#define XEN_PCI_MMCFG_RESERVED		0x1

/* physdev_pci_device_add.flags. */
#define XEN_PCI_DEV_EXTFN		0x1
#define XEN_PCI_DEV_VIRTFN		0x2	/* physfn names the parent */
#define XEN_PCI_DEV_PXM			0x4	/* optarr[0] is the proximity */

/* physdev_dbgp_op.op and .bus. */
#define PHYSDEVOP_DBGP_RESET_PREPARE	1
#define PHYSDEVOP_DBGP_RESET_DONE	2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN	0
#define PHYSDEVOP_DBGP_BUS_PCI		1

#ifndef __ASSEMBLY__
/*
 * Tell Xen the guest has handled physical IRQ irq (a PIRQ number), so
 * Xen may unmask or EOI the line.
 */
struct physdev_eoi {
	u32 irq;
};

/*
 * Register a guest page as the PIRQ EOI bitmap: from then on a PIRQ
 * needs PHYSDEVOP_eoi only while its bit is set in that page, which Xen
 * keeps up to date.
 */
struct physdev_pirq_eoi_gmfn {
	unsigned long gmfn;
};

/* What Xen wants the guest to do for PIRQ irq.  OUT: flags. */
struct physdev_irq_status_query {
	u32 irq;
	u32 flags;			/* XENIRQSTAT_* */
};

/*
 * I/O privilege level of the calling vCPU: port instructions issued
 * in guest kernel mode succeed when iopl allows them.
 */
struct physdev_set_iopl {
	u32 iopl;			/* 0-3 */
};

/*
 * Per-vCPU I/O permission bitmap, in TSS format (a set bit denies
 * access), covering ports 0..nr_ports-1.  Xen reads the bitmap from
 * guest memory whenever it checks a port access, so it must stay
 * mapped.
 */
struct physdev_set_iobitmap {
	u8 *bitmap;			/* guest handle */
	u32 nr_ports;
};

/* Read or write register reg of the IO-APIC at apic_physbase (dom0). */
struct physdev_apic {
	unsigned long apic_physbase;
	u32 reg;
	u32 value;
};

/* Give IRQ irq a vector, or free it (OUT: vector). */
struct physdev_irq {
	u32 irq;
	u32 vector;
};

/*
 * Route a physical interrupt to domid as PIRQ pirq.  index is a GSI for
 * MAP_PIRQ_TYPE_GSI; for MSI it names the vector and bus/devfn/entry_nr
 * and table_base say which device and MSI-X entry.  pirq is IN (wanted
 * number, or -1 for any) and OUT (the one Xen chose).
 */
struct physdev_map_pirq {
	domid_t domid;
	int type;			/* MAP_PIRQ_TYPE_* */
	int index;
	int pirq;
	int bus;
	int devfn;
	int entry_nr;
	u64 table_base;
};

/* Undo a physdev_map_pirq. */
struct physdev_unmap_pirq {
	domid_t domid;
	int pirq;
};

/* Add or remove a PCI device on segment 0 (dom0). */
struct physdev_manage_pci {
	u8 bus;
	u8 devfn;
};

/* Reprogram a device's MSI after dom0 reset it. */
struct physdev_restore_msi {
	u8 bus;
	u8 devfn;
};

/* As physdev_manage_pci, for extended or virtual functions. */
struct physdev_manage_pci_ext {
	u8 bus;
	u8 devfn;
	u32 is_extfn;
	u32 is_virtfn;
	struct {
		u8 bus;
		u8 devfn;
	} physfn;			/* the parent, with is_virtfn */
};

/* Set trigger mode (0 edge, 1 level) and polarity (0 high, 1 low). */
struct physdev_setup_gsi {
	int gsi;
	u8 triggering;
	u8 polarity;
};

/* A PIRQ number not yet in use, for type.  OUT: pirq. */
struct physdev_get_free_pirq {
	int type;			/* MAP_PIRQ_TYPE_* */
	u32 pirq;
};

/* dom0 found an MMCONFIG area the firmware reserved. */
struct physdev_pci_mmcfg_reserved {
	u64 address;
	u16 segment;
	u8 start_bus;
	u8 end_bus;
	u32 flags;			/* XEN_PCI_MMCFG_* */
};

/* Add a PCI device on any segment; optarr's length depends on flags. */
struct physdev_pci_device_add {
	u16 seg;
	u8 bus;
	u8 devfn;
	u32 flags;			/* XEN_PCI_DEV_* */
	struct {
		u8 bus;
		u8 devfn;
	} physfn;
	u32 optarr[];
};

/* Names a PCI device for the commands that need nothing else. */
struct physdev_pci_device {
	u16 seg;
	u8 bus;
	u8 devfn;
};

/* dom0 resets or has reset a USB debug port Xen may use. */
struct physdev_dbgp_op {
	u8 op;				/* PHYSDEVOP_DBGP_RESET_* */
	u8 bus;				/* PHYSDEVOP_DBGP_BUS_* */
	union {
		struct physdev_pci_device pci;
	} u;
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_PHYSDEV_H */
