/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: grant tables and HYPERVISOR_grant_table_op(cmd, args,
 * count).  A domain shares one of its pages with another by filling an
 * entry of its grant table (pages Xen reads directly); the grantee then
 * maps or copies the page by naming the granter and the entry's index,
 * the grant reference.  Xen checks the entry on every use and marks it
 * busy while the page is mapped.
 *
 * Numbers and layouts follow Xen's public grant_table.h (Xen 4.17);
 * tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_GRANT_TABLE_H
#define _XEN_INTERFACE_GRANT_TABLE_H

#include <xen/interface/xen.h>

/*
 * The first entries of a guest's table are set up by the toolstack
 * for the console and xenstore pages; a guest allocates from
 * GNTTAB_NR_RESERVED_ENTRIES on.
 */
#define GNTTAB_NR_RESERVED_ENTRIES	8
#define GNTTAB_RESERVED_CONSOLE		0
#define GNTTAB_RESERVED_XENSTORE	1

/*
 * Entry flags.  The low two bits are the entry's type, written last by
 * the granter (with a write barrier before) to publish the entry and
 * first to revoke it.  Xen sets GTF_reading/GTF_writing while the
 * grantee has the page mapped or a copy is in flight; the granter may
 * only reuse the page once both are clear.
 */
#define GTF_invalid		0U	/* not in use */
#define GTF_permit_access	1U	/* frame may be mapped/copied by domid */
#define GTF_accept_transfer	2U	/* domid may transfer a page here */
#define GTF_transitive		3U	/* v2: reference to another grant */
#define GTF_type_mask		3U
#define _GTF_readonly		2	/* the grantee may only read */
#define GTF_readonly		BIT(_GTF_readonly)
#define _GTF_reading		3	/* set by Xen: in use for reading */
#define GTF_reading		BIT(_GTF_reading)
#define _GTF_writing		4	/* set by Xen: in use for writing */
#define GTF_writing		BIT(_GTF_writing)
#define _GTF_PWT		5	/* cache attributes of the mapping */
#define GTF_PWT			BIT(_GTF_PWT)
#define _GTF_PCD		6
#define GTF_PCD			BIT(_GTF_PCD)
#define _GTF_PAT		7
#define GTF_PAT			BIT(_GTF_PAT)
#define _GTF_sub_page		8	/* v2: only page_off/length are granted */
#define GTF_sub_page		BIT(_GTF_sub_page)
/* On a GTF_accept_transfer entry: Xen's progress with the transfer. */
#define _GTF_transfer_committed	2
#define GTF_transfer_committed	BIT(_GTF_transfer_committed)
#define _GTF_transfer_completed	3
#define GTF_transfer_completed	BIT(_GTF_transfer_completed)

/* Commands; each takes an array of count structures of its name. */
#define GNTTABOP_map_grant_ref		0	/* gnttab_map_grant_ref */
#define GNTTABOP_unmap_grant_ref	1	/* gnttab_unmap_grant_ref */
#define GNTTABOP_setup_table		2	/* gnttab_setup_table */
#define GNTTABOP_dump_table		3	/* gnttab_dump_table */
#define GNTTABOP_transfer		4	/* gnttab_transfer */
#define GNTTABOP_copy			5	/* gnttab_copy */
#define GNTTABOP_query_size		6	/* gnttab_query_size */
#define GNTTABOP_unmap_and_replace	7	/* gnttab_unmap_and_replace */
#define GNTTABOP_set_version		8	/* gnttab_set_version */
#define GNTTABOP_get_status_frames	9	/* gnttab_get_status_frames */
#define GNTTABOP_get_version		10	/* gnttab_get_version */
#define GNTTABOP_swap_grant_ref		11	/* gnttab_swap_grant_ref */
#define GNTTABOP_cache_flush		12	/* gnttab_cache_flush */

/* gnttab_copy.flags: which side is named by grant reference. */
#define _GNTCOPY_source_gref	0
#define GNTCOPY_source_gref	BIT(_GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref	1
#define GNTCOPY_dest_gref	BIT(_GNTCOPY_dest_gref)

/* gnttab_cache_flush.op. */
#define GNTTAB_CACHE_CLEAN		BIT(0)
#define GNTTAB_CACHE_INVAL		BIT(1)
#define GNTTAB_CACHE_SOURCE_GREF	BIT(31)	/* a.ref names the page */

/* gnttab_map_grant_ref.flags: how the grantee wants the page. */
#define _GNTMAP_device_map	0	/* for DMA: dev_bus_addr (OUT) */
#define GNTMAP_device_map	BIT(_GNTMAP_device_map)
#define _GNTMAP_host_map	1	/* in the grantee's address space */
#define GNTMAP_host_map		BIT(_GNTMAP_host_map)
#define _GNTMAP_readonly	2
#define GNTMAP_readonly		BIT(_GNTMAP_readonly)
/* With host_map: a user-accessible mapping. */
#define _GNTMAP_application_map	3
#define GNTMAP_application_map	BIT(_GNTMAP_application_map)
/* With host_map: host_addr is the machine address of the PTE to write. */
#define _GNTMAP_contains_pte	4
#define GNTMAP_contains_pte	BIT(_GNTMAP_contains_pte)
/* Bits Xen ignores and leaves to the guest. */
#define _GNTMAP_guest_avail0	16
#define GNTMAP_guest_avail_mask	(~0U << _GNTMAP_guest_avail0)

/* Per-operation status (the status field of each structure). */
#define GNTST_okay		0
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)	/* no such domain */
#define GNTST_bad_gntref	(-3)	/* reference out of range or unusable */
#define GNTST_bad_handle	(-4)	/* no mapping with that handle */
#define GNTST_bad_virt_addr	(-5)	/* host_addr cannot be used */
#define GNTST_bad_dev_addr	(-6)	/* dev_bus_addr does not match */
#define GNTST_no_device_space	(-7)	/* IOMMU has no room */
#define GNTST_permission_denied	(-8)
#define GNTST_bad_page		(-9)	/* the frame is not the caller's */
#define GNTST_bad_copy_arg	(-10)	/* a copy crosses a page boundary */
#define GNTST_address_too_big	(-11)	/* transferred page is too high */
#define GNTST_eagain		(-12)	/* busy; retry the operation */
#define GNTST_no_space		(-13)	/* out of handles or similar */

#ifndef __ASSEMBLY__
typedef u32 grant_ref_t;
typedef u32 grant_handle_t;	/* names one mapping made by map_grant_ref */
typedef u16 grant_status_t;	/* v2: GTF_reading/GTF_writing, kept apart */

/*
 * Version 1 table entry, 8 bytes.  The granter fills domid (who may use
 * it) and frame (its own frame number, or for GTF_accept_transfer the
 * frame Xen writes back), then flags.
 */
struct grant_entry_v1 {
	u16 flags;			/* GTF_* */
	domid_t domid;
	u32 frame;
};

/*
 * Version 2 table entries are 16 bytes and start with this header; in
 * v2 Xen reports GTF_reading/GTF_writing in separate status frames
 * (grant_status_t) instead of in flags.
 */
struct grant_entry_header {
	u16 flags;
	domid_t domid;
};

union grant_entry_v2 {
	struct grant_entry_header hdr;
	/* GTF_permit_access or GTF_accept_transfer: a whole frame. */
	struct {
		struct grant_entry_header hdr;
		u32 pad0;
		u64 frame;
	} full_page;
	/* GTF_permit_access | GTF_sub_page: length bytes at page_off. */
	struct {
		struct grant_entry_header hdr;
		u16 page_off;
		u16 length;
		u64 frame;
	} sub_page;
	/* GTF_transitive: whatever grant gref of trans_domid grants. */
	struct {
		struct grant_entry_header hdr;
		domid_t trans_domid;
		u16 pad0;
		grant_ref_t gref;
	} transitive;
	u32 __spacer[4];
};

/*
 * Map the page granted by dom under ref.  host_addr is a guest virtual
 * address (or PTE address with GNTMAP_contains_pte).  OUT: status,
 * handle for the unmap, and dev_bus_addr with GNTMAP_device_map.
 */
struct gnttab_map_grant_ref {
	u64 host_addr;
	u32 flags;			/* GNTMAP_* */
	grant_ref_t ref;
	domid_t dom;
	s16 status;			/* GNTST_* */
	grant_handle_t handle;
	u64 dev_bus_addr;
};

/* Undo a map: give back handle and the addresses it was mapped at. */
struct gnttab_unmap_grant_ref {
	u64 host_addr;
	u64 dev_bus_addr;
	grant_handle_t handle;
	s16 status;
};

/*
 * Grow dom's grant table to nr_frames frames and return the frames in
 * frame_list, which a PV guest then maps.
 */
struct gnttab_setup_table {
	domid_t dom;
	u32 nr_frames;
	s16 status;
	unsigned long *frame_list;	/* guest handle */
};

/* Print dom's table on Xen's console (debugging). */
struct gnttab_dump_table {
	domid_t dom;
	s16 status;
};

/* Hand page mfn over to domid, into its GTF_accept_transfer entry ref. */
struct gnttab_transfer {
	unsigned long mfn;
	domid_t domid;
	grant_ref_t ref;
	s16 status;
};

/*
 * Copy len bytes without mapping anything: each side is a grant ref of
 * domid (with its GNTCOPY_*_gref flag) or one of the caller's own
 * frames.  The copy must stay within one page on either side.
 */
struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;
			unsigned long gmfn;
		} u;
		domid_t domid;
		u16 offset;
	} source, dest;
	u16 len;
	u16 flags;			/* GNTCOPY_* */
	s16 status;
};

/* Current and largest possible table size of dom, in frames (OUT). */
struct gnttab_query_size {
	domid_t dom;
	u32 nr_frames;
	u32 max_nr_frames;
	s16 status;
};

/*
 * Unmap handle at host_addr and move the mapping that new_addr held
 * there, clearing new_addr.
 */
struct gnttab_unmap_and_replace {
	u64 host_addr;
	u64 new_addr;
	grant_handle_t handle;
	s16 status;
};

/*
 * Pick table format 1 or 2 before any grant is in use.  OUT: the
 * version in force.
 */
struct gnttab_set_version {
	u32 version;
};

/* v2: frame numbers of the first nr_frames status frames of dom. */
struct gnttab_get_status_frames {
	u32 nr_frames;
	domid_t dom;
	s16 status;
	u64 *frame_list;		/* guest handle */
};

struct gnttab_get_version {
	domid_t dom;
	u16 pad;
	u32 version;			/* OUT */
};

/* Swap the contents of two of the caller's own entries. */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;
	grant_ref_t ref_b;
	s16 status;
};

/* Clean or invalidate the cache for part of a granted page (Arm). */
struct gnttab_cache_flush {
	union {
		u64 dev_bus_addr;
		grant_ref_t ref;
	} a;
	u16 offset;
	u16 length;
	u32 op;				/* GNTTAB_CACHE_* */
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_GRANT_TABLE_H */
