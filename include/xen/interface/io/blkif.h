/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: the block device ring (blkfront/blkback).  The
 * frontend puts requests on a shared ring whose slots hold any of the
 * request structures below (all fit in a struct blkif_request), the
 * backend answers each with a blkif_response carrying the request's
 * id.  Data pages are passed as grant references.  Only the fixed
 * layouts and numbers are here; the ring itself is built elsewhere.
 *
 * Layouts and numbers follow Xen's public io/blkif.h (Xen 4.17) for
 * x86_64, where every request structure has its natural alignment;
 * tests/abi/run checks them.  Sector numbers count 512-byte units
 * unless the frontend negotiated "feature-large-sector-size".
 */
#ifndef _XEN_INTERFACE_IO_BLKIF_H
#define _XEN_INTERFACE_IO_BLKIF_H

#include <xen/interface/grant_table.h>

/* blkif_request.operation. */
#define BLKIF_OP_READ			0
#define BLKIF_OP_WRITE			1
/* Writes before it complete first, writes after it start after it. */
#define BLKIF_OP_WRITE_BARRIER		2	/* "feature-barrier" */
/* Make the device's volatile write cache durable. */
#define BLKIF_OP_FLUSH_DISKCACHE	3	/* "feature-flush-cache" */
#define BLKIF_OP_RESERVED_1		4	/* never sent */
/* The sectors are unused: blkif_request_discard. */
#define BLKIF_OP_DISCARD		5	/* "feature-discard" */
/* Segments live in granted pages: blkif_request_indirect. */
#define BLKIF_OP_INDIRECT		6	/* "feature-max-indirect-segments" */

/*
 * Segments carried in a request itself; with the ring indices in the
 * same page this is what lets a 112-byte request fill the ring page.
 */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST		11
/* Pages of segment descriptors one indirect request may name. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST	8

/* blkif_request_discard.flag: the data must be made unrecoverable. */
#define BLKIF_DISCARD_SECURE		BIT(0)	/* needs "discard-secure" */

/* blkif_response.status. */
#define BLKIF_RSP_EOPNOTSUPP		(-2)	/* operation not supported */
#define BLKIF_RSP_ERROR			(-1)
#define BLKIF_RSP_OKAY			0

/* Bits of the backend's "info" node. */
#define VDISK_CDROM			0x1
#define VDISK_REMOVABLE			0x2
#define VDISK_READONLY			0x4

#ifndef __ASSEMBLY__
/*
 * One granted page of a transfer: sectors first_sect..last_sect
 * (inclusive) of the page named by gref.
 */
struct blkif_request_segment {
	grant_ref_t gref;
	u8 first_sect, last_sect;
};

/* Read, write, barrier and flush requests. */
struct blkif_request {
	u8 operation;			/* BLKIF_OP_* */
	u8 nr_segments;			/* entries of seg[] in use */
	u16 handle;			/* the virtual device */
	u64 id;				/* the frontend's, echoed in the response */
	u64 sector_number;		/* first sector on the device */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/* BLKIF_OP_DISCARD: forget nr_sectors sectors from sector_number. */
struct blkif_request_discard {
	u8 operation;
	u8 flag;			/* BLKIF_DISCARD_* */
	u16 handle;
	u64 id;
	u64 sector_number;
	u64 nr_sectors;
};

/*
 * BLKIF_OP_INDIRECT: a read or write (indirect_op) of nr_segments
 * segments, whose blkif_request_segment descriptors fill the pages
 * granted in indirect_grefs (as many pages as the segments need).
 * Note handle comes after sector_number here.
 */
struct blkif_request_indirect {
	u8 operation;
	u8 indirect_op;			/* BLKIF_OP_READ or BLKIF_OP_WRITE */
	u16 nr_segments;
	u64 id;
	u64 sector_number;
	u16 handle;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};

struct blkif_response {
	u64 id;				/* the request's id */
	u8 operation;			/* the request's operation */
	s16 status;			/* BLKIF_RSP_* */
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_IO_BLKIF_H */
