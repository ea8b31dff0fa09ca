// SPDX-License-Identifier: GPL-2.0
/*
 * Pure checks of what the backend puts on the ring, and the segment
 * arithmetic of requests (Documentation/xen/blkif.rst, "What is
 * validated").  No state, no locking: the caller holds the ring lock.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "blkfront.h"

int blkfront_check_response(const struct blkfront_shadow *shadow,
			    unsigned int nr, const struct blkif_response *rsp,
			    unsigned int *index, const char **why)
{
	u32 idx = BLKFRONT_ID_INDEX(rsp->id);
	const struct blkfront_shadow *s;

	if (idx >= nr) {
		*why = "response id out of range";
		return -EIO;
	}
	s = &shadow[idx];
	if (!s->in_flight) {
		*why = "response for a request not in flight";
		return -EIO;
	}
	/* A stale id of an earlier request in the same slot. */
	if (s->id != rsp->id) {
		*why = "response id of an earlier request (completed twice?)";
		return -EIO;
	}
	/*
	 * Backends echo the operation; for an indirect request some echo
	 * BLKIF_OP_INDIRECT and some the read or write it carried.
	 */
	if (rsp->operation != s->op &&
	    !(s->op == BLKIF_OP_INDIRECT && rsp->operation == s->data_op)) {
		*why = "response operation does not match the request";
		return -EIO;
	}
	switch (rsp->status) {
	case BLKIF_RSP_OKAY:
	case BLKIF_RSP_ERROR:
	case BLKIF_RSP_EOPNOTSUPP:
		break;
	default:
		*why = "unknown response status";
		return -EIO;
	}
	*index = idx;
	return 0;
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_check_response);

int blkfront_seg_sectors(unsigned int offset, unsigned int len,
			 u8 *first, u8 *last)
{
	unsigned int sect = 1U << BLKFRONT_SECTOR_SHIFT;

	if (!len || offset >= PAGE_SIZE || len > PAGE_SIZE - offset ||
	    offset % sect || len % sect)
		return -EINVAL;
	*first = offset >> BLKFRONT_SECTOR_SHIFT;
	*last = (offset + len - 1) >> BLKFRONT_SECTOR_SHIFT;
	return 0;
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_seg_sectors);

unsigned int blkfront_indirect_pages(unsigned int nsegs)
{
	return DIV_ROUND_UP(nsegs, BLKFRONT_SEGS_PER_INDIRECT_PAGE);
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_indirect_pages);
