// SPDX-License-Identifier: GPL-2.0
/*
 * The rings of a vbd: setup and publication, turning block requests into
 * ring requests over granted pages, and consuming responses
 * (Documentation/xen/blkif.rst; ring format: Documentation/xen/rings.rst).
 *
 * Pages and grants.  Each request claims its grant references from a
 * reservation made for exactly what it needs (data segments plus
 * indirect pages); if the table is short, the hardware queue stops and a
 * grant waiter restarts it.  Once the response is in, every grant is
 * revoked before the request goes back to the block layer:
 *  - untrusted mode (and indirect pages): the backend only ever sees
 *    private pages; xen_grant_end() frees each once the backend lets
 *    go, and the data is copied between them and the request's pages.
 *  - trusted mode: the request's own pages are granted.  A page the
 *    backend still holds after answering cannot be given back (it could
 *    still change it), so the request waits on info->parked, retried
 *    from a delayed work, until every grant could be revoked.  We wait
 *    rather than bounce here because a well-behaved backend never holds
 *    a page past its response, and trusted mode exists to avoid copies.
 *  - persistent grants (either mode, pool.c): data and indirect pages
 *    come from the queue's pool, granted once per connection; nothing
 *    is reserved, revoked or freed per request.  When the pool is busy
 *    at its cap, the request waits for pages to come back.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/xenstore.h>
#include <asm/xen/page.h>

#include "blkfront.h"

/* How a ring slot is filled: any one of the request layouts. */
union blkfront_slot {
	struct blkif_request rw;
	struct blkif_request_discard discard;
	struct blkif_request_indirect indirect;
};

/* A data grant of a request that holds no reference (any more). */
#define BLKFRONT_NO_GREF	((grant_ref_t)~0U)

static struct blkfront_info *rq_info(struct request *rq)
{
	return rq->q->queuedata;
}

/* The ring of hardware queue @hctx: fewer rings than queues share. */
static struct blkfront_ring *hctx_ring(struct blkfront_info *info,
				       struct blk_mq_hw_ctx *hctx)
{
	return &info->rings[hctx->queue_num % info->nr_rings];
}

/* ---- grants of one request ---- */

/*
 * End the grants of @req.  Returns false if the backend still holds one
 * of the request's own pages (trusted mode): the request must wait.
 */
static bool release_grants(struct blkfront_req *req)
{
	bool held = false;
	unsigned int i;

	if (!req->granted)
		return true;
	/* Pool pages stay granted: back to the pool, reused as they are. */
	if (req->pool) {
		if (req->nr_ind)
			blkfront_pool_return(req->pool, req->nr_ind, req->ind_page);
		blkfront_pool_return(req->pool, req->nr_sg, req->bounce);
		for (i = 0; i < req->nr_sg; i++)
			req->grefs[i] = BLKFRONT_NO_GREF;
		for (i = 0; i < req->nr_ind; i++)
			req->ind_gref[i] = BLKFRONT_NO_GREF;
		req->pool = NULL;
		req->granted = false;
		return true;
	}
	/* Indirect pages are always ours: freed when the backend lets go. */
	for (i = 0; i < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; i++) {
		if (req->ind_gref[i] != BLKFRONT_NO_GREF) {
			xen_grant_end(req->ind_gref[i], req->ind_page[i]);
			req->ind_gref[i] = BLKFRONT_NO_GREF;
			req->ind_page[i] = NULL;
		}
	}
	for (i = 0; i < req->nr_sg; i++) {
		if (req->grefs[i] == BLKFRONT_NO_GREF)
			continue;
		if (req->bounced) {
			xen_grant_end(req->grefs[i], req->bounce[i]);
			req->bounce[i] = NULL;
		} else if (xen_grant_try_revoke(req->grefs[i])) {
			xen_grant_free_ref(req->grefs[i]);
		} else {
			held = true;
			continue;
		}
		req->grefs[i] = BLKFRONT_NO_GREF;
	}
	if (!held)
		req->granted = false;
	return !held;
}

/* Undo a request that never reached the ring: nothing was seen. */
static void unmap_unsent(struct blkfront_req *req,
			 struct xen_grant_reservation *res)
{
	unsigned int i;

	/* Granted entries are ended; pages not yet granted are ours. */
	release_grants(req);
	req->granted = false;
	for (i = 0; i < req->nr_sg; i++) {
		if (req->bounce[i]) {
			__free_page(req->bounce[i]);
			req->bounce[i] = NULL;
		}
	}
	for (i = 0; i < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; i++) {
		if (req->ind_page[i]) {
			__free_page(req->ind_page[i]);
			req->ind_page[i] = NULL;
		}
	}
	xen_grant_unreserve(res);
	req->nr_sg = 0;
	req->nr_ind = 0;
	req->granted = false;
}

static void park_request(struct blkfront_info *info, struct blkfront_req *req)
{
	unsigned long flags;

	spin_lock_irqsave(&info->park_lock, flags);
	if (list_empty(&info->parked))
		info->park_since = jiffies;
	list_add_tail(&req->parked, &info->parked);
	spin_unlock_irqrestore(&info->park_lock, flags);
	pr_warn_ratelimited("%s: backend still holds pages of a finished request; holding it back\n",
			    info->name);
	schedule_delayed_work(&info->park_work, HZ / 10);
}

/* The request is over: give it back once no grant is left. */
static void finish_request(struct blkfront_info *info, struct request *rq)
{
	struct blkfront_req *req = blk_mq_rq_to_pdu(rq);

	if (release_grants(req))
		blk_mq_end_request(rq, req->status);
	else
		park_request(info, req);
}

void blkfront_park_work(struct work_struct *work)
{
	struct blkfront_info *info = container_of(to_delayed_work(work),
						  struct blkfront_info, park_work);
	struct blkfront_req *req, *tmp;
	unsigned long flags;
	LIST_HEAD(done);
	bool more, late;

	spin_lock_irqsave(&info->park_lock, flags);
	list_for_each_entry_safe(req, tmp, &info->parked, parked) {
		if (release_grants(req))
			list_move_tail(&req->parked, &done);
	}
	more = !list_empty(&info->parked);
	late = more && time_after(jiffies, info->park_since + 30 * HZ);
	if (late)
		info->park_since = jiffies;
	spin_unlock_irqrestore(&info->park_lock, flags);

	list_for_each_entry_safe(req, tmp, &done, parked) {
		list_del_init(&req->parked);
		blk_mq_end_request(blk_mq_rq_from_pdu(req), req->status);
	}
	if (late)
		pr_warn("%s: backend has held pages of finished requests for 30s\n",
			info->name);
	if (more)
		schedule_delayed_work(&info->park_work, HZ / 10);
}

/* Run the parked list now (teardown); whatever is still held stays. */
void blkfront_release_parked(struct blkfront_info *info)
{
	mod_delayed_work(system_wq, &info->park_work, 0);
	flush_delayed_work(&info->park_work);
}

/* ---- submission ---- */

static void grant_waiter_fn(struct xen_grant_waiter *w)
{
	struct blkfront_ring *ring = container_of(w, struct blkfront_ring, waiter);
	struct gendisk *disk = READ_ONCE(ring->info->disk);

	if (disk)
		blk_mq_start_stopped_hw_queues(disk->queue, true);
}

/* Copy the data of a write into the bounce pages (untrusted mode). */
static void bounce_out(struct blkfront_req *req)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sg(req->sg, sg, req->nr_sg, i) {
		void *src = kmap_local_page(sg_page(sg));

		memcpy(page_address(req->bounce[i]) + sg->offset,
		       src + sg->offset, sg->length);
		kunmap_local(src);
	}
}

/* Copy the data of a read back from the bounce pages. */
static void bounce_in(struct blkfront_req *req)
{
	struct scatterlist *sg;
	unsigned int i;

	for_each_sg(req->sg, sg, req->nr_sg, i) {
		void *dst = kmap_local_page(sg_page(sg));

		memcpy(dst + sg->offset,
		       page_address(req->bounce[i]) + sg->offset, sg->length);
		kunmap_local(dst);
		flush_dcache_page(sg_page(sg));
	}
}

/* Descriptor @i of an indirect request, in its indirect pages. */
static struct blkif_request_segment *indirect_seg(struct blkfront_req *req,
						  unsigned int i)
{
	struct blkif_request_segment *segs;

	segs = page_address(req->ind_page[i / BLKFRONT_SEGS_PER_INDIRECT_PAGE]);
	return &segs[i % BLKFRONT_SEGS_PER_INDIRECT_PAGE];
}

/* Grant @page of a request to the backend on reserved reference. */
static grant_ref_t grant_one(struct xen_grant_reservation *res, domid_t domid,
			     struct page *page, bool readonly)
{
	grant_ref_t ref = xen_grant_claim(res);

	xen_grant_access_ref(ref, domid, xen_page_to_gfn(page), readonly);
	return ref;
}

/*
 * Give the request pages of its own, granted for it alone: the block
 * layer's pages (trusted mode) or fresh bounce pages, and fresh
 * indirect pages.  A page the backend only reads is granted read-only,
 * unless the connection uses persistent grants: a backend then maps
 * every reference writable, to reuse it for reads, and a read-only one
 * would fail the request.  On error nothing is left granted or
 * allocated.
 */
static blk_status_t map_own(struct blkfront_info *info,
			    struct blk_mq_hw_ctx *hctx, struct blkfront_req *req,
			    bool write)
{
	struct blkfront_ring *ring = hctx_ring(info, hctx);
	bool persistent = info->persistent;
	domid_t domid = info->xbdev->otherend_id;
	struct xen_grant_reservation res = {};
	unsigned int i, need = req->nr_sg + req->nr_ind;
	struct scatterlist *sg;

	if (xen_grant_reserve(need, &res)) {
		/* Stop first, so that a waiter firing now restarts us. */
		blk_mq_stop_hw_queue(hctx);
		xen_grant_wait(&ring->waiter, need);
		if (xen_grant_reserve(need, &res))
			return BLK_STS_DEV_RESOURCE;
		xen_grant_cancel_wait(&ring->waiter);
		blk_mq_start_stopped_hw_queue(hctx, true);
	}

	req->granted = true;
	for (i = 0; i < req->nr_ind; i++) {
		req->ind_page[i] = alloc_page(GFP_ATOMIC | __GFP_ZERO);
		if (!req->ind_page[i])
			goto nomem;
	}
	if (req->bounced) {
		for (i = 0; i < req->nr_sg; i++) {
			/* Zeroed: the backend sees nothing else of ours. */
			req->bounce[i] = alloc_page(GFP_ATOMIC | __GFP_ZERO);
			if (!req->bounce[i])
				goto nomem;
		}
	}
	/* A write only needs the backend to read our pages. */
	for_each_sg(req->sg, sg, req->nr_sg, i)
		req->grefs[i] = grant_one(&res, domid,
					  req->bounced ? req->bounce[i] : sg_page(sg),
					  write && !persistent);
	/* Indirect pages: we fill them, the backend only reads them. */
	for (i = 0; i < req->nr_ind; i++)
		req->ind_gref[i] = grant_one(&res, domid, req->ind_page[i],
					     !persistent);
	xen_grant_unreserve(&res);
	return BLK_STS_OK;

nomem:
	unmap_unsent(req, &res);
	return BLK_STS_RESOURCE;
}

/*
 * Take the request's data and indirect pages from its queue's pool of
 * persistent grants.  0; -ENOSPC when the pool is at its cap and busy,
 * -EAGAIN or -ENOMEM when it could not grow: retry later.
 */
static int map_pooled(struct blkfront_pool *pool, struct blkfront_req *req)
{
	int err;

	err = blkfront_pool_get(pool, req->nr_sg, req->bounce, req->grefs);
	if (err)
		return err;
	if (req->nr_ind) {
		err = blkfront_pool_get(pool, req->nr_ind, req->ind_page,
					req->ind_gref);
		if (err) {
			blkfront_pool_return(pool, req->nr_sg, req->bounce);
			return err;
		}
	}
	req->pool = pool;
	req->granted = true;
	return 0;
}

/*
 * Map a read or write onto granted pages and fill @slot (all but the
 * id).  On error nothing is left granted or allocated.
 */
static blk_status_t map_rw(struct blkfront_info *info,
			   struct blk_mq_hw_ctx *hctx, struct request *rq,
			   union blkfront_slot *slot, u8 *op, u8 *data_op)
{
	struct blkfront_pool *pool = hctx_ring(info, hctx)->pool;
	struct blkfront_req *req = blk_mq_rq_to_pdu(rq);
	bool write = rq_data_dir(rq) == WRITE;
	struct blkif_request_segment *seg;
	struct scatterlist *sg;
	unsigned int i, nsg, nind;
	blk_status_t sts;
	u8 first, last;

	nsg = blk_rq_map_sg(rq->q, rq, req->sg);
	if (!nsg || nsg > info->max_segs) {
		pr_warn_ratelimited("%s: request of %u segments (max %u) refused\n",
				    info->name, nsg, info->max_segs);
		return BLK_STS_IOERR;
	}
	nind = nsg > BLKIF_MAX_SEGMENTS_PER_REQUEST ? blkfront_indirect_pages(nsg) : 0;
	if (nind > BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST)
		return BLK_STS_IOERR;
	for_each_sg(req->sg, sg, nsg, i) {
		if (blkfront_seg_sectors(sg->offset, sg->length, &first, &last)) {
			pr_warn_ratelimited("%s: segment %u+%u is not whole sectors\n",
					    info->name, sg->offset, sg->length);
			return BLK_STS_IOERR;
		}
	}

	req->nr_sg = nsg;
	req->nr_ind = nind;
	for (i = 0; i < nsg; i++) {
		req->grefs[i] = BLKFRONT_NO_GREF;
		req->bounce[i] = NULL;
	}
	for (i = 0; i < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; i++) {
		req->ind_gref[i] = BLKFRONT_NO_GREF;
		req->ind_page[i] = NULL;
	}

	if (pool) {
		if (map_pooled(pool, req)) {
			/*
			 * The pool is busy at its cap, or cannot grow (no
			 * memory or grant reference).  blk-mq retries when
			 * a request completes, or soon.  Not a grant waiter:
			 * pool references never come back while connected.
			 */
			req->nr_sg = 0;
			req->nr_ind = 0;
			return BLK_STS_RESOURCE;
		}
		req->bounced = true;
	} else {
		/*
		 * Persistent grants without a pool (no memory for it at
		 * connect): the backend may keep any page mapped, and the
		 * block layer's would never come back.
		 */
		if (info->persistent)
			req->bounced = true;
		sts = map_own(info, hctx, req, write);
		if (sts)
			return sts;
	}
	if (req->bounced && write)
		bounce_out(req);

	for_each_sg(req->sg, sg, nsg, i) {
		seg = nind ? indirect_seg(req, i) : &slot->rw.seg[i];
		/* Checked above. */
		blkfront_seg_sectors(sg->offset, sg->length, &first, &last);
		seg->gref = req->grefs[i];
		seg->first_sect = first;
		seg->last_sect = last;
	}

	if (nind) {
		*op = BLKIF_OP_INDIRECT;
		*data_op = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
		slot->indirect.operation = BLKIF_OP_INDIRECT;
		slot->indirect.indirect_op = *data_op;
		slot->indirect.nr_segments = nsg;
		slot->indirect.sector_number = blk_rq_pos(rq);
		slot->indirect.handle = (u16)info->vdevice;
		for (i = 0; i < nind; i++)
			slot->indirect.indirect_grefs[i] = req->ind_gref[i];
	} else {
		*op = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
		*data_op = *op;
		slot->rw.operation = *op;
		slot->rw.nr_segments = nsg;
		slot->rw.handle = (u16)info->vdevice;
		slot->rw.sector_number = blk_rq_pos(rq);
	}
	return BLK_STS_OK;
}

static blk_status_t blkfront_queue_rq(struct blk_mq_hw_ctx *hctx,
				      const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;
	struct blkfront_info *info = rq_info(rq);
	struct blkfront_req *req = blk_mq_rq_to_pdu(rq);
	struct blkfront_ring *ring;
	struct blkfront_shadow *s;
	union blkfront_slot slot;
	unsigned long flags;
	u8 op = 0, data_op = 0;
	blk_status_t sts;
	bool notify;
	u32 idx;

	if (READ_ONCE(info->broken) || READ_ONCE(info->dying))
		return BLK_STS_IOERR;
	ring = hctx_ring(info, hctx);

	memset(&slot, 0, sizeof(slot));
	req->ring = ring;
	req->nr_sg = 0;
	req->nr_ind = 0;
	req->granted = false;
	req->pool = NULL;
	req->bounced = !info->trusted;
	req->status = BLK_STS_OK;
	INIT_LIST_HEAD(&req->parked);

	switch (req_op(rq)) {
	case REQ_OP_FLUSH:
		if (info->feature_flush)
			op = BLKIF_OP_FLUSH_DISKCACHE;
		else if (info->feature_barrier)
			op = BLKIF_OP_WRITE_BARRIER;	/* with no data */
		else
			return BLK_STS_NOTSUPP;
		slot.rw.operation = op;
		slot.rw.handle = (u16)info->vdevice;
		break;
	case REQ_OP_DISCARD:
	case REQ_OP_SECURE_ERASE:
		if (!info->params.discard ||
		    (req_op(rq) == REQ_OP_SECURE_ERASE && !info->params.secure_discard))
			return BLK_STS_NOTSUPP;
		op = BLKIF_OP_DISCARD;
		slot.discard.operation = op;
		slot.discard.flag = req_op(rq) == REQ_OP_SECURE_ERASE ?
			BLKIF_DISCARD_SECURE : 0;
		slot.discard.handle = (u16)info->vdevice;
		slot.discard.sector_number = blk_rq_pos(rq);
		slot.discard.nr_sectors = blk_rq_sectors(rq);
		break;
	case REQ_OP_READ:
	case REQ_OP_WRITE:
		if (req_op(rq) == REQ_OP_WRITE && info->params.readonly)
			return BLK_STS_IOERR;
		sts = map_rw(info, hctx, rq, &slot, &op, &data_op);
		if (sts)
			return sts;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	/* Only indirect requests carry a second operation. */
	if (op != BLKIF_OP_INDIRECT)
		data_op = op;

	blk_mq_start_request(rq);

	spin_lock_irqsave(&ring->lock, flags);
	if (!ring->nr_free || !xen_front_ring_free(&ring->fr)) {
		/* The response that frees a slot restarts the queue. */
		ring->stopped = true;
		blk_mq_stop_hw_queue(hctx);
		spin_unlock_irqrestore(&ring->lock, flags);
		release_grants(req);
		return BLK_STS_DEV_RESOURCE;
	}
	idx = ring->free_ids[--ring->nr_free];
	s = &ring->shadow[idx];
	s->id = (u64)ring->next_gen++ << 32 | idx;
	s->rq = rq;
	s->op = op;
	s->data_op = data_op;
	s->in_flight = true;
	/* id sits at the same offset in every request layout. */
	slot.rw.id = s->id;
	/* Built privately, copied once: we never read the slot back. */
	memcpy(xen_front_ring_next_req(&ring->fr), &slot, sizeof(slot));
	notify = xen_front_ring_push(&ring->fr);
	spin_unlock_irqrestore(&ring->lock, flags);

	if (notify)
		xen_evtchn_notify(ring->evtchn);
	return BLK_STS_OK;
}

/* ---- responses ---- */

static blk_status_t response_status(struct blkfront_info *info, u8 op, s16 status)
{
	if (status == BLKIF_RSP_OKAY)
		return BLK_STS_OK;
	if (status == BLKIF_RSP_EOPNOTSUPP &&
	    (op == BLKIF_OP_FLUSH_DISKCACHE || op == BLKIF_OP_WRITE_BARRIER ||
	     op == BLKIF_OP_DISCARD)) {
		pr_warn_ratelimited("%s: backend does not support operation %u after all; turning it off\n",
				    info->name, op);
		if (op == BLKIF_OP_DISCARD)
			WRITE_ONCE(info->params.discard, false);
		else if (op == BLKIF_OP_FLUSH_DISKCACHE)
			WRITE_ONCE(info->feature_flush, false);
		else
			WRITE_ONCE(info->feature_barrier, false);
		schedule_work(&info->feature_work);
		return BLK_STS_NOTSUPP;
	}
	pr_warn_ratelimited("%s: backend failed operation %u (status %d)\n",
			    info->name, op, status);
	return BLK_STS_IOERR;
}

static irqreturn_t blkfront_interrupt(int irq, void *dev_id)
{
	struct blkfront_ring *ring = dev_id;
	struct blkfront_info *info = ring->info;
	struct blkif_response rsp;
	struct blkfront_shadow *s;
	struct request *rq;
	unsigned long flags;
	unsigned int idx;
	const char *why;
	u32 prod;

	spin_lock_irqsave(&ring->lock, flags);
	if (READ_ONCE(info->broken))
		goto out;
	do {
		if (xen_front_ring_responses(&ring->fr, &prod)) {
			pr_err("%s: queue %u: backend's response index %u is ahead of our requests\n",
			       info->name, ring->index, READ_ONCE(ring->fr.sring->rsp_prod));
			blkfront_mark_broken(info, "response index ahead of requests");
			goto out;
		}
		while (ring->fr.rsp_cons != prod) {
			/* One private copy: the backend may change the slot. */
			memcpy(&rsp, xen_front_ring_slot(&ring->fr, ring->fr.rsp_cons),
			       sizeof(rsp));
			ring->fr.rsp_cons++;
			if (blkfront_check_response(ring->shadow, ring->fr.nr_ents,
						    &rsp, &idx, &why)) {
				pr_err("%s: queue %u: %s (id %#llx, operation %u, status %d)\n",
				       info->name, ring->index, why, rsp.id,
				       rsp.operation, rsp.status);
				blkfront_mark_broken(info, why);
				goto out;
			}
			s = &ring->shadow[idx];
			rq = s->rq;
			s->in_flight = false;
			s->rq = NULL;
			ring->free_ids[ring->nr_free++] = idx;
			((struct blkfront_req *)blk_mq_rq_to_pdu(rq))->status =
				response_status(info, s->op, rsp.status);
			/* ->complete takes park_lock, never ring->lock. */
			blk_mq_complete_request(rq);
		}
	} while (xen_front_ring_final_check(&ring->fr));

	if (ring->stopped && info->disk) {
		ring->stopped = false;
		blk_mq_start_stopped_hw_queues(info->disk->queue, true);
	}
out:
	spin_unlock_irqrestore(&ring->lock, flags);
	return IRQ_HANDLED;
}

static void blkfront_complete(struct request *rq)
{
	struct blkfront_req *req = blk_mq_rq_to_pdu(rq);

	if (req->bounced && req->status == BLK_STS_OK && req_op(rq) == REQ_OP_READ)
		bounce_in(req);
	finish_request(rq_info(rq), rq);
}

/* The backend is slow; we cannot take a request back from the ring. */
static enum blk_eh_timer_return blkfront_timeout(struct request *rq)
{
	pr_warn_ratelimited("%s: request waiting for the backend for long\n",
			    rq_info(rq)->name);
	return BLK_EH_RESET_TIMER;
}

static int blkfront_init_request(struct blk_mq_tag_set *set, struct request *rq,
				 unsigned int hctx_idx, unsigned int numa_node)
{
	struct blkfront_info *info = set->driver_data;
	struct blkfront_req *req = blk_mq_rq_to_pdu(rq);
	unsigned int n = info->pdu_segs;

	/* The PDU: the struct, then sg[n], grefs[n], bounce[n]. */
	req->sg = (struct scatterlist *)(req + 1);
	req->grefs = (grant_ref_t *)(req->sg + n);
	req->bounce = (struct page **)PTR_ALIGN(req->grefs + n, sizeof(void *));
	sg_init_table(req->sg, n);
	INIT_LIST_HEAD(&req->parked);
	req->granted = false;
	req->pool = NULL;
	for (n = 0; n < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; n++) {
		req->ind_gref[n] = BLKFRONT_NO_GREF;
		req->ind_page[n] = NULL;
	}
	return 0;
}

const struct blk_mq_ops blkfront_mq_ops = {
	.queue_rq = blkfront_queue_rq,
	.complete = blkfront_complete,
	.timeout = blkfront_timeout,
	.init_request = blkfront_init_request,
};

/* ---- ring setup and teardown ---- */

static int setup_ring(struct blkfront_info *info, struct blkfront_ring *ring)
{
	size_t size = PAGE_SIZE << info->ring_order;
	unsigned int i;
	int err;

	ring->nr_pages = 1U << info->ring_order;
	ring->sring = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);
	if (!ring->sring)
		return -ENOMEM;
	if (!xen_front_ring_init(&ring->fr, ring->sring, size, BLKFRONT_SLOT_SIZE)) {
		err = -EINVAL;
		goto out_pages;
	}
	ring->shadow = kcalloc(ring->fr.nr_ents, sizeof(*ring->shadow), GFP_KERNEL);
	ring->free_ids = kcalloc(ring->fr.nr_ents, sizeof(*ring->free_ids), GFP_KERNEL);
	if (!ring->shadow || !ring->free_ids) {
		err = -ENOMEM;
		goto out_pages;
	}
	for (i = 0; i < ring->fr.nr_ents; i++)
		ring->free_ids[i] = ring->fr.nr_ents - 1 - i;
	ring->nr_free = ring->fr.nr_ents;

	err = xenbus_grant_ring(info->xbdev, ring->sring, ring->nr_pages, ring->grefs);
	if (err)
		goto out_pages;
	/* From here the pages belong to xenbus_ungrant_ring(). */

	err = xenbus_alloc_evtchn(info->xbdev, &ring->evtchn);
	if (err) {
		ring->evtchn = 0;
		return err;
	}
	err = xen_evtchn_bind_port(ring->evtchn, blkfront_interrupt, 0,
				   ring->name, ring);
	if (err < 0)
		return err;
	ring->irq = err;
	return 0;

out_pages:
	free_pages_exact(ring->sring, size);
	ring->sring = NULL;
	return err;
}

/*
 * Take down one ring.  The queue is quiesced (or the disk gone), so
 * nothing submits; after the unbind nothing consumes responses.
 * Requests still on the ring are requeued (@requeue) or failed.
 */
static void teardown_ring(struct blkfront_info *info, struct blkfront_ring *ring,
			  bool requeue)
{
	unsigned int i;

	if (ring->irq > 0)
		xen_evtchn_unbind(ring->irq, ring);
	ring->irq = 0;
	if (ring->evtchn)
		xen_evtchn_close(ring->evtchn);
	ring->evtchn = 0;
	xen_grant_cancel_wait(&ring->waiter);

	/* Requests give pool pages back here, before the pool goes. */
	for (i = 0; ring->shadow && i < ring->fr.nr_ents; i++) {
		struct blkfront_shadow *s = &ring->shadow[i];
		struct blkfront_req *req;

		if (!s->in_flight)
			continue;
		s->in_flight = false;
		req = blk_mq_rq_to_pdu(s->rq);
		if (release_grants(req) && requeue) {
			blk_mq_requeue_request(s->rq, false);
		} else {
			req->status = BLK_STS_IOERR;
			finish_request(info, s->rq);
		}
		s->rq = NULL;
	}
	/* Its grants end once requests still completing give pages back. */
	blkfront_pool_put(ring->pool);
	ring->pool = NULL;

	if (ring->sring)
		xenbus_ungrant_ring(ring->sring, ring->nr_pages, ring->grefs);
	ring->sring = NULL;
	kfree(ring->shadow);
	ring->shadow = NULL;
	kfree(ring->free_ids);
	ring->free_ids = NULL;
}

void blkfront_free_rings(struct blkfront_info *info, bool requeue)
{
	unsigned int i;

	if (!info->rings)
		return;
	for (i = 0; i < info->nr_rings; i++)
		teardown_ring(info, &info->rings[i], requeue);
	kfree(info->rings);
	info->rings = NULL;
}

int blkfront_setup_rings(struct blkfront_info *info)
{
	unsigned int i;
	int err;

	BUILD_BUG_ON(sizeof(union blkfront_slot) != BLKFRONT_SLOT_SIZE);
	BUILD_BUG_ON(sizeof(struct blkif_response) > BLKFRONT_SLOT_SIZE);
	/* queue_rq sets the id through the rw layout for all of them. */
	BUILD_BUG_ON(offsetof(struct blkif_request_discard, id) !=
		     offsetof(struct blkif_request, id));
	BUILD_BUG_ON(offsetof(struct blkif_request_indirect, id) !=
		     offsetof(struct blkif_request, id));

	info->rings = kcalloc(info->nr_rings, sizeof(*info->rings), GFP_KERNEL);
	if (!info->rings)
		return -ENOMEM;
	for (i = 0; i < info->nr_rings; i++) {
		struct blkfront_ring *ring = &info->rings[i];

		ring->info = info;
		ring->index = i;
		spin_lock_init(&ring->lock);
		ring->waiter.fn = grant_waiter_fn;
		INIT_LIST_HEAD(&ring->waiter.list);
		snprintf(ring->name, sizeof(ring->name), "%s-%u", info->name, i);
	}
	for (i = 0; i < info->nr_rings; i++) {
		err = setup_ring(info, &info->rings[i]);
		if (err) {
			xenbus_dev_fatal(info->xbdev, err, "setting up ring %u", i);
			blkfront_free_rings(info, false);
			return err;
		}
	}
	return 0;
}

/*
 * At connect: a pool of persistent grants per queue if both sides want
 * them.  Without memory for one, that queue grants per request.
 */
void blkfront_start_pools(struct blkfront_info *info)
{
	unsigned int i;

	info->persistent = blkfront_persistent && info->params.persistent;
	for (i = 0; info->persistent && i < info->nr_rings; i++) {
		info->rings[i].pool = blkfront_pool_create(info->xbdev->otherend_id,
							   BLKFRONT_POOL_PAGES);
		if (!info->rings[i].pool)
			pr_warn("%s: no memory for queue %u's persistent grants; granting per request\n",
				info->name, i);
	}
}

/* Fail every request on the rings: the backend broke the protocol. */
void blkfront_fail_inflight(struct blkfront_info *info)
{
	unsigned int r, i;

	for (r = 0; info->rings && r < info->nr_rings; r++) {
		struct blkfront_ring *ring = &info->rings[r];

		for (i = 0; ring->shadow && i < ring->fr.nr_ents; i++) {
			struct blkfront_shadow *s = &ring->shadow[i];
			struct request *rq = NULL;
			unsigned long flags;

			spin_lock_irqsave(&ring->lock, flags);
			if (s->in_flight) {
				s->in_flight = false;
				rq = s->rq;
				s->rq = NULL;
			}
			spin_unlock_irqrestore(&ring->lock, flags);
			if (!rq)
				continue;
			/*
			 * The backend may still hold its pages: ->complete
			 * parks the request until they are revoked.
			 */
			((struct blkfront_req *)blk_mq_rq_to_pdu(rq))->status =
				BLK_STS_IOERR;
			blk_mq_complete_request(rq);
		}
	}
}

/* ---- publishing the rings in xenstore ---- */

static int write_ring(u32 tx, const char *dir, const struct blkfront_ring *ring)
{
	char node[16];
	unsigned int i;
	int err;

	if (ring->nr_pages == 1) {
		err = xenstore_printf(tx, dir, "ring-ref", "%u", ring->grefs[0]);
		if (err)
			return err;
	} else {
		for (i = 0; i < ring->nr_pages; i++) {
			snprintf(node, sizeof(node), "ring-ref%u", i);
			err = xenstore_printf(tx, dir, node, "%u", ring->grefs[i]);
			if (err)
				return err;
		}
	}
	return xenstore_printf(tx, dir, "event-channel", "%u", ring->evtchn);
}

static int write_all(struct blkfront_info *info, u32 tx)
{
	const char *dir = info->xbdev->nodename;
	unsigned int i;
	int err;

	/* Keys of an earlier connection that no longer apply. */
	if (!info->ring_order) {
		xenstore_rm(tx, dir, "ring-page-order");
		xenstore_rm(tx, dir, "num-ring-pages");
	} else {
		xenstore_rm(tx, dir, "ring-ref");
		err = xenstore_printf(tx, dir, "ring-page-order", "%u", info->ring_order);
		if (!err)
			err = xenstore_printf(tx, dir, "num-ring-pages", "%u",
					      1U << info->ring_order);
		if (err)
			return err;
	}

	if (info->nr_rings == 1) {
		xenstore_rm(tx, dir, "multi-queue-num-queues");
		err = write_ring(tx, dir, &info->rings[0]);
		if (err)
			return err;
	} else {
		err = xenstore_printf(tx, dir, "multi-queue-num-queues", "%u",
				      info->nr_rings);
		if (err)
			return err;
		for (i = 0; i < info->nr_rings; i++) {
			char *qdir = kasprintf(GFP_KERNEL, "%s/queue-%u", dir, i);

			if (!qdir)
				return -ENOMEM;
			err = write_ring(tx, qdir, &info->rings[i]);
			kfree(qdir);
			if (err)
				return err;
		}
	}
	/* The 64-bit x86 layout of Xen's io/blkif.h (protocols.h name). */
	err = xenstore_write(tx, dir, "protocol", "x86_64-abi");
	if (!err)
		err = xenstore_write(tx, dir, "feature-persistent",
				     blkfront_persistent ? "1" : "0");
	return err;
}

int blkfront_publish_rings(struct blkfront_info *info)
{
	u32 tx;
	int err;

	for (;;) {
		err = xenstore_transaction_start(&tx);
		if (err) {
			xenbus_dev_fatal(info->xbdev, err, "starting transaction");
			return err;
		}
		err = write_all(info, tx);
		if (err) {
			xenstore_transaction_end(tx, true);
			xenbus_dev_fatal(info->xbdev, err, "writing ring details");
			return err;
		}
		err = xenstore_transaction_end(tx, false);
		if (err != -EAGAIN)
			break;
	}
	if (err)
		xenbus_dev_fatal(info->xbdev, err, "committing ring details");
	return err;
}
