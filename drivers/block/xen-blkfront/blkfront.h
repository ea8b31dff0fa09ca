/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xen-blkfront: the frontend of Xen's virtual block device (vbd).
 *
 * The protocol as this driver speaks it (xenstore keys both ways, the
 * negotiation, operations and what is checked) is described in
 * Documentation/xen/blkif.rst; the ring format in
 * Documentation/xen/rings.rst.
 *
 * Files:
 *   main.c      module, xenbus driver and the connection state machine
 *   negotiate.c parsing and checking what the backend wrote in xenstore
 *   ring.c      ring setup, request submission and response handling
 *   pool.c      persistent grants: each queue's pool of granted pages
 *   disk.c      gendisk, vdev numbers and names, sysfs
 *   validate.c  pure checks of responses and segment arithmetic
 */
#ifndef _XEN_BLKFRONT_H
#define _XEN_BLKFRONT_H

#include <linux/blk-mq.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <xen/grant.h>
#include <xen/interface/io/blkif.h>
#include <xen/ring.h>
#include <xen/xenbus.h>

/* Largest ring we ever build: 2^4 = 16 pages per queue. */
#define BLKFRONT_MAX_RING_ORDER		4
#define BLKFRONT_MAX_RING_PAGES		BIT(BLKFRONT_MAX_RING_ORDER)
/* Most queues (rings) per device. */
#define BLKFRONT_MAX_QUEUES		16
/* Segment descriptors that fit one indirect page. */
#define BLKFRONT_SEGS_PER_INDIRECT_PAGE	\
	(PAGE_SIZE / sizeof(struct blkif_request_segment))
/*
 * Most segments per request we ever use with indirect descriptors: one
 * indirect page's worth keeps the per-request state small (256 pages =
 * 1 MiB per request is plenty); the protocol would allow 8 pages.
 */
#define BLKFRONT_MAX_INDIRECT_SEGS	256
/*
 * Most pages a queue's pool of persistent grants holds (4 MiB): below
 * what a backend usually keeps mapped per queue, so that every pool
 * page stays mapped there.  A request that finds the pool busy at its
 * cap waits for pages to come back.
 */
#define BLKFRONT_POOL_PAGES		1024
/* Sectors of the protocol: always 512 bytes (we never ask for more). */
#define BLKFRONT_SECTOR_SHIFT		9
#define BLKFRONT_SECT_PER_PAGE		(PAGE_SIZE >> BLKFRONT_SECTOR_SHIFT)

/* A ring slot holds any request or response: the largest is 112 bytes. */
#define BLKFRONT_SLOT_SIZE		sizeof(struct blkif_request)

/* Request ids: slot index in the low half, a generation in the high. */
#define BLKFRONT_ID_INDEX(id)		((u32)(id))
#define BLKFRONT_ID_GEN(id)		((u32)((id) >> 32))

/* ---- validate.c: pure checks, no state (KUnit: blkfront_test.c) ---- */

/* What we remember about a request on the ring, by slot index. */
struct blkfront_shadow {
	u64 id;			/* the full id we sent (index | gen << 32) */
	struct request *rq;	/* the block layer's request */
	u8 op;			/* the ring operation we sent */
	u8 data_op;		/* BLKIF_OP_INDIRECT: its READ/WRITE */
	bool in_flight;		/* sent, response not yet consumed */
};

/*
 * Check one response against the shadow table of @nr entries.  Returns
 * 0 and the slot index in *@index, or -EIO and a description in *@why.
 */
int blkfront_check_response(const struct blkfront_shadow *shadow,
			    unsigned int nr, const struct blkif_response *rsp,
			    unsigned int *index, const char **why);

/*
 * The protocol's first/last sector of a segment of @len bytes at
 * @offset within one page.  -EINVAL unless both are 512-byte aligned,
 * @len is not zero and the range stays inside the page.
 */
int blkfront_seg_sectors(unsigned int offset, unsigned int len,
			 u8 *first, u8 *last);

/* Indirect pages needed for @nsegs segments. */
unsigned int blkfront_indirect_pages(unsigned int nsegs);

/* ---- negotiate.c: what the backend offers ---- */

/* Transport parameters, read when the backend reaches InitWait. */
struct blkfront_transport {
	unsigned int max_ring_order;	/* backend's max-ring-page-order */
	unsigned int max_queues;	/* backend's multi-queue-max-queues */
};

/* Device properties and features, read when the backend connects. */
struct blkfront_params {
	u64 sectors;			/* capacity in 512-byte sectors */
	unsigned int info;		/* VDISK_* bits */
	unsigned int sector_size;	/* logical block size, bytes */
	unsigned int physical_sector_size;
	bool readonly;			/* info or "mode" say so */
	bool flush;			/* feature-flush-cache */
	bool barrier;			/* feature-barrier */
	bool discard;			/* feature-discard */
	bool secure_discard;		/* discard-secure */
	unsigned int discard_granularity;	/* bytes */
	unsigned int discard_alignment;		/* bytes */
	unsigned int max_indirect;	/* feature-max-indirect-segments */
	bool persistent;		/* feature-persistent */
};

/*
 * Reads one backend node: a kmalloc()ed NUL-terminated string the
 * caller kfree()s, NULL if missing, or an ERR_PTR().
 */
typedef char *(*blkfront_read_fn)(void *ctx, const char *node);

int blkfront_read_transport(struct blkfront_transport *t,
			    blkfront_read_fn read, void *ctx, const char *name);
int blkfront_read_params(struct blkfront_params *p,
			 blkfront_read_fn read, void *ctx, const char *name);

/* Our choices given the backend's offer and our limits. */
unsigned int blkfront_pick_ring_order(unsigned int backend_max,
				      unsigned int our_max);
unsigned int blkfront_pick_queues(unsigned int backend_max,
				  unsigned int our_max);
unsigned int blkfront_pick_max_segs(unsigned int backend_indirect,
				    unsigned int our_max);

/* ---- disk.c: vdev numbers and names ---- */

struct blkfront_vdev {
	unsigned int disk;	/* disk number: xvda = 0 */
	unsigned int part;	/* partition, 0 = whole disk */
	bool ext;		/* the 1 << 28 encoding */
};

#define BLKFRONT_PARTS_SHIFT		4	/* 202 << 8 scheme: 16 minors */
#define BLKFRONT_EXT_PARTS_SHIFT	8	/* 1 << 28 scheme: 256 minors */
#define BLKFRONT_DISK_NAME_LEN		32

int blkfront_parse_vdev(u32 vdev, struct blkfront_vdev *v);
/* First minor of the device, and how many minors it takes. */
unsigned int blkfront_vdev_minor(const struct blkfront_vdev *v);
unsigned int blkfront_vdev_minors(const struct blkfront_vdev *v);
/* "xvda", "xvdb2", "xvdtq37": -ENAMETOOLONG if @len is too small. */
int blkfront_vdev_name(const struct blkfront_vdev *v, char *buf, size_t len);

/* ---- pool.c: persistent grants ---- */

struct blkfront_pool;

/* A pool of at most @cap pages for backend @domid; NULL without memory. */
struct blkfront_pool *blkfront_pool_create(domid_t domid, unsigned int cap);
/* Drop the creator's reference: pages are ended once all are back. */
void blkfront_pool_put(struct blkfront_pool *pool);
/*
 * Take @n pages with their references, growing the pool if needed; any
 * context.  0, -ENOSPC (the cap is reached: nothing taken), -EAGAIN (no
 * free grant reference) or -ENOMEM.  Each success holds the pool until
 * blkfront_pool_return() of the same pages.
 */
int blkfront_pool_get(struct blkfront_pool *pool, unsigned int n,
		      struct page **pages, grant_ref_t *grefs);
/* Give back @n pages of one blkfront_pool_get(); NULLs @pages. */
void blkfront_pool_return(struct blkfront_pool *pool, unsigned int n,
			  struct page **pages);
/* Pages granted so far. */
unsigned int blkfront_pool_size(struct blkfront_pool *pool);

/* ---- the device ---- */

struct blkfront_info;

/* Per-request state (the blk-mq PDU); arrays sized at tag-set time. */
struct blkfront_req {
	struct blkfront_ring *ring;	/* where it was sent */
	unsigned int nr_sg;		/* data segments mapped */
	unsigned int nr_ind;		/* indirect pages used */
	blk_status_t status;		/* from the response */
	bool bounced;			/* data went through bounce pages */
	bool granted;			/* grants below are live */
	/* Non-NULL: bounce[] and ind_page[] are this pool's (we hold it). */
	struct blkfront_pool *pool;
	struct list_head parked;	/* on info->parked while held */
	grant_ref_t ind_gref[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	struct page *ind_page[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	grant_ref_t *grefs;		/* nr_sg data grants */
	struct page **bounce;		/* nr_sg bounce pages, if bounced */
	struct scatterlist *sg;		/* max_segs entries */
};

/* One queue: a ring, its event channel and its requests in flight. */
struct blkfront_ring {
	struct blkfront_info *info;
	unsigned int index;		/* queue-<index> */
	char name[BLKFRONT_DISK_NAME_LEN + 8];	/* IRQ name */

	/*
	 * Protects fr, shadow, free_ids/nr_free, next_gen and stopped: the
	 * request side (queue_rq) and the response side (the IRQ handler).
	 */
	spinlock_t lock;
	struct xen_front_ring fr;	/* indices; the pages are shared */
	void *sring;			/* ring memory (alloc_pages_exact) */
	unsigned int nr_pages;
	grant_ref_t grefs[BLKFRONT_MAX_RING_PAGES];	/* of the ring pages */
	evtchn_port_t evtchn;		/* ours; the backend binds to it */
	int irq;			/* 0 when not bound */

	struct blkfront_shadow *shadow;	/* fr.nr_ents entries */
	u32 *free_ids;			/* stack of free slot indices */
	unsigned int nr_free;
	u32 next_gen;			/* generation for the next id */
	struct blk_mq_hw_ctx *hctx;	/* our hardware queue */
	bool stopped;			/* we stopped hctx: ring/ids full */

	struct xen_grant_waiter waiter;	/* restarts hctx when refs free */
	/* Persistent grants, this connection; NULL when not in use. */
	struct blkfront_pool *pool;
};

enum blkfront_conn {
	BLKFRONT_DISCONNECTED,	/* no rings */
	BLKFRONT_INITIALISED,	/* rings published, backend not connected */
	BLKFRONT_CONNECTED,	/* I/O flows */
};

struct blkfront_info {
	struct xenbus_device *xbdev;
	u32 vdevice;			/* our "virtual-device" */
	struct blkfront_vdev vdev;
	char name[BLKFRONT_DISK_NAME_LEN];	/* xvda */

	/* Serialises the state machine, probe, remove and resize. */
	struct mutex lock;
	enum blkfront_conn conn;
	bool trusted;			/* false: bounce every data page */
	bool broken;			/* READ_ONCE: backend misbehaved */

	struct blkfront_transport transport;	/* as offered */
	struct blkfront_params params;		/* as offered at connect */
	unsigned int ring_order;	/* in use */
	unsigned int nr_rings;		/* in use */
	struct blkfront_ring *rings;
	unsigned int max_segs;		/* per request, this connection */
	unsigned int pdu_segs;		/* per request, the PDU's arrays */
	bool persistent;		/* persistent grants, this connection */
	bool feature_flush;		/* still on: EOPNOTSUPP clears them */
	bool feature_barrier;

	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;		/* NULL until first connected */
	bool quiesced;			/* we quiesced disk->queue */
	bool dying;			/* READ_ONCE: fail all new I/O */
	struct list_head minor_link;	/* in disk.c's list of used minors */

	struct xenstore_watch resize_watch;	/* <otherend>/sectors */
	char *resize_path;

	struct work_struct broken_work;	/* fail I/O, tell the toolstack */
	const char *broken_why;		/* first reason, a string literal */
	struct work_struct feature_work;	/* apply feature changes */

	/* Requests whose pages the backend still holds (trusted mode). */
	spinlock_t park_lock;
	struct list_head parked;
	struct delayed_work park_work;
	unsigned long park_since;	/* jiffies: first parked */
};

/* main.c */
extern unsigned int blkfront_max_queues;
extern unsigned int blkfront_max_ring_order;
extern unsigned int blkfront_max_indirect;
extern bool blkfront_trusted;
extern bool blkfront_persistent;
void blkfront_mark_broken(struct blkfront_info *info, const char *why);

/* ring.c */
extern const struct blk_mq_ops blkfront_mq_ops;
int blkfront_setup_rings(struct blkfront_info *info);
void blkfront_free_rings(struct blkfront_info *info, bool requeue);
int blkfront_publish_rings(struct blkfront_info *info);
void blkfront_start_pools(struct blkfront_info *info);
void blkfront_fail_inflight(struct blkfront_info *info);
void blkfront_park_work(struct work_struct *work);
void blkfront_release_parked(struct blkfront_info *info);

/* disk.c */
int blkfront_alloc_disk(struct blkfront_info *info);
void blkfront_apply_limits(struct blkfront_info *info);
void blkfront_remove_disk(struct blkfront_info *info);
void blkfront_update_capacity(struct blkfront_info *info, u64 sectors);
int blkfront_disk_init(void);
void blkfront_disk_exit(void);

/* Exports of pure helpers for the KUnit module only. */
#if IS_ENABLED(CONFIG_XEN_BLKFRONT_KUNIT_TEST)
#define EXPORT_SYMBOL_IF_BLKFRONT_TEST(sym)	EXPORT_SYMBOL_NS_GPL(sym, XEN_BLKFRONT_KUNIT)
#else
#define EXPORT_SYMBOL_IF_BLKFRONT_TEST(sym)
#endif

#endif /* _XEN_BLKFRONT_H */
