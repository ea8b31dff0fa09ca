/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: feature bits reported by XENVER_get_features, and
 * named by a kernel's XEN_ELFNOTE_FEATURES / SUPPORTED_FEATURES notes
 * to say what it can cope with.  Bit numbers follow Xen's public
 * features.h (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_FEATURES_H
#define _XEN_INTERFACE_FEATURES_H

/* PV memory management. */
#define XENFEAT_writable_page_tables		0	/* PTEs may be written directly */
#define XENFEAT_writable_descriptor_tables	1	/* GDT/LDT may be written directly */
#define XENFEAT_auto_translated_physmap		2	/* Xen translates guest frames */
#define XENFEAT_supervisor_mode_kernel		3	/* the kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb		4
#define XENFEAT_mmu_pt_update_preserve_ad	5	/* MMU_PT_UPDATE_PRESERVE_AD works */
#define XENFEAT_highmem_assist			6	/* MMUEXT_CLEAR/COPY_PAGE work */
#define XENFEAT_gnttab_map_avail_bits		7	/* grant maps take PTE avail bits */

/* HVM and PVH guests. */
#define XENFEAT_hvm_callback_vector		8
#define XENFEAT_hvm_safe_pvclock		9
#define XENFEAT_hvm_pirqs			10

/* Anything. */
#define XENFEAT_dom0				11	/* this Xen can run the guest as dom0 */
#define XENFEAT_memory_op_vnode_supported	13	/* XENMEMF_vnode is understood */
#define XENFEAT_ARM_SMCCC_supported		14
#define XENFEAT_linux_rsdp_unrestricted		15	/* PVH: RSDP may be anywhere */
/*
 * Whether guest frame == machine frame for this domain.  A Xen that
 * sets neither is old; x86 PV domains are then direct-mapped.
 */
#define XENFEAT_not_direct_mapped		16
#define XENFEAT_direct_mapped			17

/* Number of 32-bit submaps XENVER_get_features can return. */
#define XENFEAT_NR_SUBMAPS			1

#endif /* _XEN_INTERFACE_FEATURES_H */
