/* SPDX-License-Identifier: MIT */
/*
 * Xen ELF notes: the "Xen" notes a PV or PVH kernel image carries so
 * that the domain builder (libxenguest, or Xen itself for dom0) knows
 * how to load and enter it.  Numbers follow Xen's public elfnote.h
 * (Xen 4.17); tests/abi/run checks them.
 *
 * "str" notes hold a NUL-terminated string, "num" notes a number of
 * the note's own size (we emit 64-bit ones).  In XEN_ELFNOTE_FEATURES
 * a '!' before a feature name marks it as required.
 */
#ifndef _XEN_INTERFACE_ELFNOTE_H
#define _XEN_INTERFACE_ELFNOTE_H

/* How the builder loads and enters the kernel. */
#define XEN_ELFNOTE_INFO		0	/* str: NAME=VALUE */
#define XEN_ELFNOTE_ENTRY		1	/* num: PV entry, virtual address */
#define XEN_ELFNOTE_HYPERCALL_PAGE	2	/* num: page Xen fills with stubs */
#define XEN_ELFNOTE_VIRT_BASE		3	/* num: where the image is mapped */
#define XEN_ELFNOTE_PADDR_OFFSET	4	/* num: subtracted from p_paddr */
#define XEN_ELFNOTE_PHYS32_ENTRY	18	/* num: PVH 32-bit entry, paging off */

/* Who the kernel is and what it expects. */
#define XEN_ELFNOTE_XEN_VERSION		5	/* str: "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS		6	/* str: e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION	7	/* str */
#define XEN_ELFNOTE_LOADER		8	/* str: "generic" */
#define XEN_ELFNOTE_PAE_MODE		9	/* str: 32-bit only */
#define XEN_ELFNOTE_FEATURES		10	/* str: XENFEAT names, '|' between */
#define XEN_ELFNOTE_BSD_SYMTAB		11	/* str: "yes" to get the symbol table loaded */
#define XEN_ELFNOTE_SUPPORTED_FEATURES	17	/* num: XENFEAT_* bitmap */

/* Layout the kernel can cope with. */
#define XEN_ELFNOTE_HV_START_LOW	12	/* num: lowest start of Xen's hole */
#define XEN_ELFNOTE_L1_MFN_VALID	13	/* num pairs: mask/value of PTEs with valid MFNs */
#define XEN_ELFNOTE_SUSPEND_CANCEL	14	/* num: suspend may return "cancelled" */
#define XEN_ELFNOTE_INIT_P2M		15	/* num: where to put the initial p2m list */
#define XEN_ELFNOTE_MOD_START_PFN	16	/* num: initrd need not be mapped */

#define XEN_ELFNOTE_MAX			XEN_ELFNOTE_PHYS32_ENTRY

/* Notes Xen writes into crash and core dumps, not into kernels. */
#define XEN_ELFNOTE_CRASH_INFO			0x1000001
#define XEN_ELFNOTE_CRASH_REGS			0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE		0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER		0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION	0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION	0x2000003

#endif /* _XEN_INTERFACE_ELFNOTE_H */
