// SPDX-License-Identifier: GPL-2.0
/*
 * The grant table's frames (Documentation/xen/grants.rst, "The table").
 *
 * Xen owns the frames; GNTTABOP_setup_table grows the table to a number
 * of frames and, for a PV guest, returns their machine frame numbers.
 * They are not in our p2m, so they are mapped with raw machine PTEs
 * (update_va_mapping) into a kernel VA range reserved at boot for the
 * largest table Xen allows, whose page tables exist from then on:
 * growing later needs only hypercalls, so it can happen wherever a
 * reference is allocated, in hard IRQ context included.
 */
#define pr_fmt(fmt) "xen grants: " fmt

#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/xen/hypercall.h>
#include <xen/interface/xen.h>

#include "internal.h"

/* Frames set up at boot; the table grows from there on demand. */
#define XEN_GRANT_INIT_FRAMES	4U

/* The mapped table, xen_grant_frames * XEN_GRANT_REFS_PER_FRAME entries. */
struct grant_entry_v1 *xen_grant_table;

static struct vm_struct *xen_grant_area;	/* VA for xen_grant_max_frames */
static u32 xen_grant_max_frames;
/* Frames mapped; changed under xen_grant_lock, read without it. */
static u32 xen_grant_frames;
/* Machine frames mapped so far, and the list setup_table fills in. */
static unsigned long *xen_grant_mfns;
static unsigned long *xen_grant_frame_list;

u32 xen_grant_table_nr_frames(void)
{
	return READ_ONCE(xen_grant_frames);
}

static unsigned long xen_grant_frame_va(u32 idx)
{
	return (unsigned long)xen_grant_table + (unsigned long)idx * PAGE_SIZE;
}

static int xen_grant_map_frame(u32 idx, unsigned long mfn)
{
	u64 pte;
	int rc;

	if (mfn > (PHYSICAL_PAGE_MASK >> PAGE_SHIFT)) {
		pr_err("Xen gave machine frame %#lx for table frame %u: out of range\n",
		       mfn, idx);
		return -EINVAL;
	}
	pte = ((u64)mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW |
	      _PAGE_ACCESSED | _PAGE_DIRTY | (_PAGE_NX & __supported_pte_mask);
	rc = HYPERVISOR_update_va_mapping(xen_grant_frame_va(idx), pte, UVMF_INVLPG);
	if (rc) {
		pr_err("cannot map table frame %u (machine frame %#lx): %d\n",
		       idx, mfn, rc);
		return rc;
	}
	xen_grant_mfns[idx] = mfn;
	return 0;
}

/*
 * Grow the table to @nr_frames frames (at most the maximum) and map the
 * new ones.  Returns the frames mapped now, which is fewer than asked
 * if Xen refused or a frame could not be mapped (reported).  Called
 * with xen_grant_lock held, or at init before anything else runs.
 */
u32 xen_grant_table_grow(u32 nr_frames)
{
	struct gnttab_setup_table st = {
		.dom = DOMID_SELF,
		.frame_list = xen_grant_frame_list,
	};
	u32 old = xen_grant_frames, i;
	int rc;

	nr_frames = min(nr_frames, xen_grant_max_frames);
	if (nr_frames <= old)
		return old;
	st.nr_frames = nr_frames;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
	if (rc || st.status != GNTST_okay) {
		pr_err_ratelimited("cannot grow the table to %u frames: error %d, status %d\n",
				   nr_frames, rc, st.status);
		return old;
	}
	/* Xen never moves a frame; if it did, our mapping would be stale. */
	for (i = 0; i < old; i++) {
		if (xen_grant_frame_list[i] != xen_grant_mfns[i]) {
			pr_err_ratelimited("Xen reports table frame %u at machine frame %#lx, mapped at %#lx: not growing\n",
					   i, xen_grant_frame_list[i], xen_grant_mfns[i]);
			return old;
		}
	}
	for (i = old; i < nr_frames; i++) {
		if (xen_grant_map_frame(i, xen_grant_frame_list[i]))
			break;
	}
	WRITE_ONCE(xen_grant_frames, i);
	if (old && i > old)
		pr_info("table grown to %u frames\n", i);
	return i;
}

/* apply_to_page_range() callback: only the page tables are wanted. */
static int xen_grant_pte_noop(pte_t *pte, unsigned long addr, void *data)
{
	return 0;
}

/*
 * Select v1 entries and ask Xen how large the table is (@cur frames)
 * and may grow (@limit frames, capped to XEN_GRANT_FRAMES_CAP).
 */
int __init xen_grant_table_query(u32 *cur, u32 *limit)
{
	struct gnttab_set_version ver = { .version = 1 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_query_size qs = { .dom = DOMID_SELF };
	int rc;

	/*
	 * v1 is the default of a new domain.  If Xen cannot switch (it
	 * predates v2, or entries are in use), the table is fine as long
	 * as it is v1, or Xen cannot even tell (then it knows only v1).
	 */
	rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &ver, 1);
	if (rc) {
		if (!HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1))
			ver.version = gv.version;
		else
			ver.version = 1;
	}
	if (ver.version != 1) {
		pr_err("the table is version %u and cannot be switched to 1 (error %d)\n",
		       ver.version, rc);
		return -EOPNOTSUPP;
	}

	rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &qs, 1);
	if (rc || qs.status != GNTST_okay) {
		pr_err("cannot query the table size: error %d, status %d\n",
		       rc, qs.status);
		return rc ?: -EIO;
	}
	if (!qs.max_nr_frames) {
		pr_err("Xen allows this domain no table frames\n");
		return -ENODEV;
	}
	*limit = qs.max_nr_frames;
	if (*limit > XEN_GRANT_FRAMES_CAP) {
		pr_info("Xen allows %u table frames; using at most %u\n",
			*limit, XEN_GRANT_FRAMES_CAP);
		*limit = XEN_GRANT_FRAMES_CAP;
	}
	*cur = qs.nr_frames;
	return 0;
}

/*
 * Reserve and prepare the VA range for @limit frames, then set up and map
 * the first ones: what Xen has already (@cur), at least
 * XEN_GRANT_INIT_FRAMES.  Returns 0, or an error with everything undone.
 */
int __init xen_grant_table_setup(u32 cur, u32 limit)
{
	unsigned long size = (unsigned long)limit * PAGE_SIZE;
	u32 i;
	int rc = -ENOMEM;

	xen_grant_mfns = kcalloc(limit, sizeof(*xen_grant_mfns), GFP_KERNEL);
	xen_grant_frame_list = kcalloc(limit, sizeof(*xen_grant_frame_list),
				       GFP_KERNEL);
	if (!xen_grant_mfns || !xen_grant_frame_list)
		goto err_free;

	xen_grant_area = get_vm_area(size, VM_IOREMAP);
	if (!xen_grant_area) {
		pr_err("no kernel address space for %u table frames\n", limit);
		goto err_free;
	}
	rc = apply_to_page_range(&init_mm, (unsigned long)xen_grant_area->addr,
				 size, xen_grant_pte_noop, NULL);
	if (rc) {
		pr_err("cannot allocate page tables for the table: %d\n", rc);
		goto err_area;
	}
	xen_grant_table = xen_grant_area->addr;
	xen_grant_max_frames = limit;

	if (!xen_grant_table_grow(min(max(cur, XEN_GRANT_INIT_FRAMES), limit))) {
		rc = -EIO;
		goto err_unmap;
	}
	return 0;

err_unmap:
	for (i = 0; i < xen_grant_frames; i++)
		HYPERVISOR_update_va_mapping(xen_grant_frame_va(i), 0, UVMF_INVLPG);
	xen_grant_frames = 0;
	xen_grant_max_frames = 0;
	xen_grant_table = NULL;
err_area:
	free_vm_area(xen_grant_area);
	xen_grant_area = NULL;
err_free:
	kfree(xen_grant_frame_list);
	kfree(xen_grant_mfns);
	xen_grant_frame_list = NULL;
	xen_grant_mfns = NULL;
	return rc;
}
