// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: one queue's rings, persistent buffers, event channels
 * and NAPI context, set up and torn down (Documentation/xen/netif.rst,
 * "Queues" and "Persistent buffers").
 *
 * Setup order: ring pages (granted by xenbus_grant_ring), buffer pages
 * (each granted, TX read-only), event channels bound to IRQs.  Teardown
 * undoes whatever was done, in reverse, and may run any number of
 * times: every step clears what it released.  Ending a grant the
 * backend still holds is deferred by the grant service (<xen/grant.h>),
 * which also frees the page then; we never free a granted page.
 */
#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/xen/page.h>
#include <xen/events.h>
#include <xen/grant.h>
#include <xen/xenbus.h>

#include "netfront.h"

/* Both directions share one channel, or TX has its own. */
static irqreturn_t netfront_interrupt(int irq, void *dev_id)
{
	struct netfront_queue *q = dev_id;

	/* The poll does all the work, TX completions included. */
	napi_schedule(&q->napi);
	return IRQ_HANDLED;
}

/* ---- persistent buffers ---- */

static int bufs_grant(struct netfront_queue *q, struct netfront_buf *bufs,
		      bool readonly)
{
	domid_t be = q->info->xbdev->otherend_id;
	unsigned int i;
	int ref;

	for (i = 0; i < NETFRONT_RING_SLOTS; i++) {
		bufs[i].page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!bufs[i].page)
			return -ENOMEM;
		ref = xen_grant_access(be, xen_page_to_gfn(bufs[i].page), readonly);
		if (ref < 0)
			return ref;
		bufs[i].gref = ref;
		bufs[i].granted = true;
	}
	return 0;
}

/* End every grant (the grant service frees the page once the backend
 * lets go) and free pages never granted.  Idempotent.
 */
static void bufs_release(struct netfront_buf *bufs)
{
	unsigned int i;

	if (!bufs)
		return;
	for (i = 0; i < NETFRONT_RING_SLOTS; i++) {
		if (bufs[i].granted)
			xen_grant_end(bufs[i].gref, bufs[i].page);
		else if (bufs[i].page)
			__free_page(bufs[i].page);
		bufs[i].granted = false;
		bufs[i].page = NULL;
	}
}

/* ---- rings ---- */

/* One ring page, initialised and granted; *@sring stays NULL on error. */
static int ring_setup(struct netfront_queue *q, struct xen_front_ring *fr,
		      void **sring, grant_ref_t *ref, size_t slot_size)
{
	void *page = alloc_pages_exact(PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	int err;

	if (!page)
		return -ENOMEM;
	if (!xen_front_ring_init(fr, page, PAGE_SIZE, slot_size) ||
	    fr->nr_ents != NETFRONT_RING_SLOTS) {
		/* A layout error of ours, not the backend's. */
		free_pages_exact(page, PAGE_SIZE);
		return -EINVAL;
	}
	err = xenbus_grant_ring(q->info->xbdev, page, 1, ref);
	if (err) {
		free_pages_exact(page, PAGE_SIZE);
		return err;
	}
	/* From here the page belongs to xenbus_ungrant_ring(). */
	*sring = page;
	return 0;
}

static void ring_release(void **sring, grant_ref_t *ref)
{
	if (!*sring)
		return;
	xenbus_ungrant_ring(*sring, 1, ref);
	*sring = NULL;
}

/* ---- event channels ---- */

static int channels_setup(struct netfront_queue *q)
{
	struct netfront_info *info = q->info;
	const char *ifname = netdev_name(info->netdev);
	int err;

	err = xenbus_alloc_evtchn(info->xbdev, &q->tx_evtchn);
	if (err) {
		q->tx_evtchn = 0;
		return err;
	}
	if (!info->offer.split_evtchn) {
		snprintf(q->tx_irq_name, sizeof(q->tx_irq_name), "%s-q%u",
			 ifname, q->index);
		err = xen_evtchn_bind_port(q->tx_evtchn, netfront_interrupt, 0,
					   q->tx_irq_name, q);
		if (err < 0)
			return err;
		q->tx_irq = err;
		q->rx_evtchn = q->tx_evtchn;
		q->rx_irq = q->tx_irq;
		return 0;
	}

	snprintf(q->tx_irq_name, sizeof(q->tx_irq_name), "%s-q%u-tx", ifname, q->index);
	snprintf(q->rx_irq_name, sizeof(q->rx_irq_name), "%s-q%u-rx", ifname, q->index);
	err = xen_evtchn_bind_port(q->tx_evtchn, netfront_interrupt, 0,
				   q->tx_irq_name, q);
	if (err < 0)
		return err;
	q->tx_irq = err;
	err = xenbus_alloc_evtchn(info->xbdev, &q->rx_evtchn);
	if (err) {
		q->rx_evtchn = 0;
		return err;
	}
	err = xen_evtchn_bind_port(q->rx_evtchn, netfront_interrupt, 0,
				   q->rx_irq_name, q);
	if (err < 0)
		return err;
	q->rx_irq = err;
	return 0;
}

/* Unbind and close; each port once even when shared.  Idempotent. */
static void channels_release(struct netfront_queue *q)
{
	bool shared = q->rx_evtchn == q->tx_evtchn;

	if (q->rx_irq && !shared)
		xen_evtchn_unbind(q->rx_irq, q);
	if (q->rx_evtchn && !shared)
		xen_evtchn_close(q->rx_evtchn);
	if (q->tx_irq)
		xen_evtchn_unbind(q->tx_irq, q);
	if (q->tx_evtchn)
		xen_evtchn_close(q->tx_evtchn);
	q->rx_irq = 0;
	q->rx_evtchn = 0;
	q->tx_irq = 0;
	q->tx_evtchn = 0;
}

/* ---- a queue ---- */

int netfront_queue_setup(struct netfront_queue *q)
{
	int err;

	err = ring_setup(q, &q->tx, &q->tx_sring, &q->tx_ring_ref,
			 NETFRONT_TX_SLOT_SIZE);
	if (err)
		goto fail;
	err = ring_setup(q, &q->rx, &q->rx_sring, &q->rx_ring_ref,
			 NETFRONT_RX_SLOT_SIZE);
	if (err)
		goto fail;
	err = bufs_grant(q, q->tx_bufs, true);
	if (err)
		goto fail;
	err = bufs_grant(q, q->rx_bufs, false);
	if (err)
		goto fail;
	err = channels_setup(q);
	if (err)
		goto fail;

	WRITE_ONCE(q->broken, false);
	netfront_tx_init(q);
	netfront_rx_init(q);
	return 0;

fail:
	netdev_err(q->info->netdev, "queue %u: setup failed (%d)\n", q->index, err);
	netfront_queue_teardown(q);
	return err;
}

void netfront_queue_teardown(struct netfront_queue *q)
{
	/* No more events: nothing schedules the (disabled) poll. */
	channels_release(q);
	bufs_release(q->rx_bufs);
	bufs_release(q->tx_bufs);
	ring_release(&q->rx_sring, &q->rx_ring_ref);
	ring_release(&q->tx_sring, &q->tx_ring_ref);
	memset(&q->tx, 0, sizeof(q->tx));
	memset(&q->rx, 0, sizeof(q->rx));
}

/* ---- the queue array ---- */

static void queue_free_arrays(struct netfront_queue *q)
{
	kfree(q->tx_bufs);
	kfree(q->rx_bufs);
	kfree(q->tx_free);
	bitmap_free(q->tx_busy);
	kfree(q->tx_pkt_len);
	q->tx_bufs = NULL;
	q->rx_bufs = NULL;
	q->tx_free = NULL;
	q->tx_busy = NULL;
	q->tx_pkt_len = NULL;
}

static int queue_alloc_arrays(struct netfront_queue *q)
{
	q->tx_bufs = kcalloc(NETFRONT_RING_SLOTS, sizeof(*q->tx_bufs), GFP_KERNEL);
	q->rx_bufs = kcalloc(NETFRONT_RING_SLOTS, sizeof(*q->rx_bufs), GFP_KERNEL);
	q->tx_free = kcalloc(NETFRONT_RING_SLOTS, sizeof(*q->tx_free), GFP_KERNEL);
	q->tx_busy = bitmap_zalloc(NETFRONT_RING_SLOTS, GFP_KERNEL);
	q->tx_pkt_len = kcalloc(NETFRONT_RING_SLOTS, sizeof(*q->tx_pkt_len), GFP_KERNEL);
	if (!q->tx_bufs || !q->rx_bufs || !q->tx_free || !q->tx_busy ||
	    !q->tx_pkt_len) {
		queue_free_arrays(q);
		return -ENOMEM;
	}
	return 0;
}

int netfront_queues_alloc(struct netfront_info *info)
{
	struct netfront_queue *queues;
	unsigned int i;
	int err;

	queues = kcalloc(NETFRONT_MAX_QUEUES, sizeof(*queues), GFP_KERNEL);
	if (!queues)
		return -ENOMEM;
	for (i = 0; i < NETFRONT_MAX_QUEUES; i++) {
		struct netfront_queue *q = &queues[i];

		q->info = info;
		q->index = i;
		spin_lock_init(&q->tx_lock);
		u64_stats_init(&q->tx_stats.syncp);
		u64_stats_init(&q->rx_stats.syncp);
		err = queue_alloc_arrays(q);
		if (err)
			goto out_free;
		netif_napi_add(info->netdev, &q->napi, netfront_poll);
	}
	info->queues = queues;
	info->nr_queues = 0;
	return 0;

out_free:
	queue_free_arrays(&queues[i]);
	while (i--) {
		netif_napi_del(&queues[i].napi);
		queue_free_arrays(&queues[i]);
	}
	kfree(queues);
	return err;
}

void netfront_queues_free(struct netfront_info *info)
{
	unsigned int i;

	if (!info->queues)
		return;
	for (i = 0; i < NETFRONT_MAX_QUEUES; i++) {
		struct netfront_queue *q = &info->queues[i];

		netfront_queue_teardown(q);
		netif_napi_del(&q->napi);
		queue_free_arrays(q);
	}
	kfree(info->queues);
	info->queues = NULL;
	info->nr_queues = 0;
}
