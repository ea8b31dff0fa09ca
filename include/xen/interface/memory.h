/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_memory_op(cmd, arg).  A PV guest uses it to
 * give pages back to Xen and take them again (ballooning), to swap
 * frames for ones below an address limit, to find the machine-to-phys
 * table, to read its memory map, and to place Xen-owned pages (shared
 * info, grant frames) in its physical address space.
 *
 * Numbers and layouts follow Xen's public memory.h (Xen 4.17);
 * tests/abi/run checks them.  Commands Xen offers only to its
 * toolstack (claims, paging, sharing, access) are left out.
 */
#ifndef _XEN_INTERFACE_MEMORY_H
#define _XEN_INTERFACE_MEMORY_H

#include <xen/interface/xen.h>

/*
 * Commands, in cmd's low bits.  Xen keeps its own continuation point
 * in the high bits of cmd when it preempts a long request, so a guest
 * passes only the number.
 */
#define XENMEM_increase_reservation	0	/* xen_memory_reservation */
#define XENMEM_decrease_reservation	1	/* xen_memory_reservation */
#define XENMEM_maximum_ram_page		2	/* NULL: highest machine frame */
#define XENMEM_current_reservation	3	/* domid_t: pages the domain has */
#define XENMEM_maximum_reservation	4	/* domid_t: its page limit */
#define XENMEM_machphys_mfn_list	5	/* xen_machphys_mfn_list */
#define XENMEM_populate_physmap		6	/* xen_memory_reservation */
#define XENMEM_add_to_physmap		7	/* xen_add_to_physmap */
#define XENMEM_memory_map		9	/* xen_memory_map: own map */
#define XENMEM_machine_memory_map	10	/* xen_memory_map: host's (dom0) */
#define XENMEM_exchange			11	/* xen_memory_exchange */
#define XENMEM_machphys_mapping		12	/* xen_machphys_mapping */
#define XENMEM_set_memory_map		13	/* xen_foreign_memory_map (tools) */
#define XENMEM_maximum_gpfn		14	/* domid_t: highest guest frame */
#define XENMEM_remove_from_physmap	15	/* xen_remove_from_physmap */
#define XENMEM_set_pod_target		16	/* xen_pod_target */
#define XENMEM_get_pod_target		17	/* xen_pod_target */
#define XENMEM_add_to_physmap_batch	23	/* xen_add_to_physmap_batch */
#define XENMEM_machphys_compat_mfn_list	25	/* xen_machphys_mfn_list, 32-bit m2p */
#define XENMEM_get_vnumainfo		26	/* xen_vnuma_topology_info */
#define XENMEM_acquire_resource		28	/* xen_mem_acquire_resource */

/*
 * xen_memory_reservation.mem_flags: bits 0-7 limit the machine
 * address width of the frames Xen hands out (zero: no limit), bits
 * 8-15 hold a NUMA node plus one, and the bits below refine that.
 */
#define XENMEMF_address_bits(x)		(x)
#define XENMEMF_get_address_bits(x)	((x) & 0xffu)
#define XENMEMF_node(x)			(((x) + 1) << 8)
#define XENMEMF_get_node(x)		((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand	BIT(16)	/* HVM: back the frames lazily */
#define XENMEMF_exact_node_request	BIT(17)	/* fail rather than use another node */
#define XENMEMF_exact_node(n)		(XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode			BIT(18)	/* the node is a virtual one */

/*
 * What xen_add_to_physmap.space names, and so what idx means: the
 * shared info page (idx 0), grant-table frame idx (with
 * XENMAPIDX_grant_table_status: status frame idx), or an existing
 * guest frame to move.
 */
#define XENMAPSPACE_shared_info		0
#define XENMAPSPACE_grant_table		1
#define XENMAPSPACE_gmfn		2	/* move guest frame idx to gpfn */
#define XENMAPSPACE_gmfn_range		3	/* the same for size frames */
#define XENMAPSPACE_gmfn_foreign	4	/* another domain's frame (batch only) */
#define XENMAPSPACE_dev_mmio		5	/* device MMIO (Arm only) */
#define XENMAPIDX_grant_table_status	0x80000000

/* xen_mem_acquire_resource.type, and the ids and frames within them. */
#define XENMEM_resource_ioreq_server			0
#define XENMEM_resource_grant_table			1
#define XENMEM_resource_vmtrace_buf			2
#define XENMEM_resource_grant_table_id_shared		0
#define XENMEM_resource_grant_table_id_status		1
#define XENMEM_resource_ioreq_server_frame_bufioreq	0
#define XENMEM_resource_ioreq_server_frame_ioreq(n)	(1 + (n))

#ifndef __ASSEMBLY__
/*
 * Balloon requests.  Xen walks extent_start[0..nr_extents) and stops
 * early only on failure; the call returns how many extents it
 * completed.  Each extent is 2^extent_order pages, aligned to its size.
 *  increase_reservation: OUT: machine frames Xen allocated.
 *  decrease_reservation: IN: guest frames to give back.
 *  populate_physmap:     IN: guest frames to back with memory;
 *                        Xen also updates the machine-to-phys table.
 */
struct xen_memory_reservation {
	unsigned long *extent_start;	/* guest handle */
	unsigned long nr_extents;
	unsigned int extent_order;
	unsigned int mem_flags;		/* XENMEMF_* */
	domid_t domid;			/* DOMID_SELF, or a domain the caller controls */
};

/*
 * Trade frames for others with different properties (typically ones
 * under an address limit) in one call: in lists frames to give up,
 * out receives their replacements.  Both sides must cover the same
 * number of pages.  nr_exchanged (OUT) counts input extents done,
 * and must be zero on entry.
 */
struct xen_memory_exchange {
	struct xen_memory_reservation in;
	struct xen_memory_reservation out;
	unsigned long nr_exchanged;
};

/* For the commands that only name a domain. */
struct xen_memory_domain {
	domid_t domid;
};

/*
 * Frames of the machine-to-phys table, one per 2 MiB of it: Xen fills
 * extent_start with at most max_extents and sets nr_extents (OUT).
 */
struct xen_machphys_mfn_list {
	unsigned int max_extents;
	unsigned long *extent_start;	/* guest handle */
	unsigned int nr_extents;
};

/*
 * Where the read-only machine-to-phys table is mapped in the guest,
 * and the highest machine frame that has an entry.
 */
struct xen_machphys_mapping {
	unsigned long v_start, v_end;
	unsigned long max_mfn;
};

/*
 * Map one page of a space at guest frame gpfn.  Used by guests with
 * translated physical memory (PVH/HVM); a PV guest maps these pages
 * with page-table updates instead.  size is used by gmfn_range only.
 */
struct xen_add_to_physmap {
	domid_t domid;
	u16 size;
	unsigned int space;		/* XENMAPSPACE_* */
	unsigned long idx;
	unsigned long gpfn;
};

/*
 * As xen_add_to_physmap, for size pages at once: errs (OUT) gets one
 * status per page.  foreign_domid names the domain owning the frames
 * for XENMAPSPACE_gmfn_foreign and is zero otherwise.
 */
struct xen_add_to_physmap_batch {
	domid_t domid;
	u16 space;			/* XENMAPSPACE_* */
	u16 size;
	union xen_add_to_physmap_batch_extra {
		domid_t foreign_domid;
		u16 res0;
	} u;
	unsigned long *idxs;		/* guest handle */
	unsigned long *gpfns;		/* guest handle */
	int *errs;			/* guest handle */
};

/* Unmap whatever sits at guest frame gpfn of a translated guest. */
struct xen_remove_from_physmap {
	domid_t domid;
	unsigned long gpfn;
};

/*
 * A memory map in e820 layout: buffer holds up to nr_entries of the
 * 20-byte packed entries of <asm/e820/types.h> (struct e820_entry).
 * Xen writes the map and sets nr_entries to the count it wrote.
 */
struct xen_memory_map {
	unsigned int nr_entries;
	void *buffer;			/* guest handle */
};

/* XENMEM_set_memory_map: the toolstack sets a domain's map. */
struct xen_foreign_memory_map {
	domid_t domid;
	struct xen_memory_map map;
};

/* Populate-on-demand target of an HVM domain, and Xen's accounting. */
struct xen_pod_target {
	u64 target_pages;		/* IN (set) */
	u64 tot_pages;			/* OUT */
	u64 pod_cache_pages;		/* OUT */
	u64 pod_entries;		/* OUT */
	domid_t domid;
};

/*
 * Map frames of a resource Xen owns for domid (a grant table, an
 * ioreq server's pages).  With nr_frames zero Xen only reports in
 * nr_frames how many the resource has; otherwise it fills frame_list
 * with nr_frames frames starting at frame.
 */
struct xen_mem_acquire_resource {
	domid_t domid;
	u16 type;			/* XENMEM_resource_* */
	u32 id;
	u32 nr_frames;
	u32 pad;			/* must be zero */
	u64 frame;
	unsigned long *frame_list;	/* guest handle */
};

/* One range of guest memory belonging to virtual NUMA node nid. */
struct xen_vmemrange {
	u64 start, end;
	unsigned int flags;
	unsigned int nid;
};

/*
 * XENMEM_get_vnumainfo.  The guest says how many nodes, vCPUs and
 * ranges its arrays hold; Xen fills them (distances as a node-by-node
 * matrix) and writes back the real counts.  If an array is too small
 * the call fails and the counts written back tell what is needed.
 */
struct xen_vnuma_topology_info {
	domid_t domid;
	u16 pad;
	unsigned int nr_vnodes;
	unsigned int nr_vcpus;
	unsigned int nr_vmemranges;
	union {
		unsigned int *h;	/* guest handle */
		u64 pad;
	} vdistance;
	union {
		unsigned int *h;	/* guest handle */
		u64 pad;
	} vcpu_to_vnode;
	union {
		struct xen_vmemrange *h;	/* guest handle */
		u64 pad;
	} vmemrange;
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_MEMORY_H */
