// SPDX-License-Identifier: GPL-2.0
/*
 * xen-blkfront: module, xenbus driver and the connection state machine
 * (Documentation/xen/blkif.rst, "Connection").
 *
 *   backend InitWait   -> read transport offers, set up and publish the
 *                         rings, we go Initialised
 *   backend Connected  -> read the device's properties, create (or, on
 *                         a reconnection, update) the disk, we go
 *                         Connected, requeued requests go out again
 *   backend Closing/Closed -> remove the disk, free the rings, we go
 *                         Closed (xl block-detach)
 *   backend InitWait while we are connected (it restarted), or resume
 *                      -> the queue is quiesced, requests on the rings
 *                         are requeued, and we start over
 *
 * Everything runs under info->lock, from probe, remove and the xenwatch
 * thread (otherend_changed, the resize watch).
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/xenstore.h>

#include "blkfront.h"

unsigned int blkfront_max_queues = 4;
module_param_named(max_queues, blkfront_max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues, "Most queues (rings) per device (1-16; the backend may offer fewer)");

unsigned int blkfront_max_ring_order = 2;
module_param_named(max_ring_page_order, blkfront_max_ring_order, uint, 0444);
MODULE_PARM_DESC(max_ring_page_order, "Ring size: at most 2^order pages per queue (0-4)");

unsigned int blkfront_max_indirect = 32;
module_param_named(max_indirect_segments, blkfront_max_indirect, uint, 0444);
MODULE_PARM_DESC(max_indirect_segments, "Most segments (pages) per request with indirect descriptors (11-256; 0 or 11: none)");

bool blkfront_trusted = true;
module_param_named(trusted, blkfront_trusted, bool, 0444);
MODULE_PARM_DESC(trusted, "Grant the block layer's pages to backends (0: bounce all data through private pages)");

bool blkfront_persistent = true;
module_param_named(feature_persistent, blkfront_persistent, bool, 0444);
MODULE_PARM_DESC(feature_persistent, "Offer persistent grants: data goes through pages granted once per connection (default 1)");

/* ---- reading the backend's nodes ---- */

static char *read_backend(void *ctx, const char *node)
{
	struct blkfront_info *info = ctx;
	char *s = xenstore_read(XENSTORE_NO_TX, info->xbdev->otherend, node, NULL);

	if (IS_ERR(s) && PTR_ERR(s) == -ENOENT)
		return NULL;
	return s;
}

/* ---- the backend broke the protocol ---- */

void blkfront_mark_broken(struct blkfront_info *info, const char *why)
{
	if (xchg(&info->broken, true))
		return;
	info->broken_why = why;
	schedule_work(&info->broken_work);
}

static void broken_work(struct work_struct *work)
{
	struct blkfront_info *info = container_of(work, struct blkfront_info,
						  broken_work);
	struct request_queue *q = NULL;

	mutex_lock(&info->lock);
	/* queue_rq fails new requests from now on; none is half sent. */
	if (info->disk && !info->quiesced) {
		q = info->disk->queue;
		blk_mq_quiesce_queue(q);
	}
	blkfront_fail_inflight(info);
	if (q)
		blk_mq_unquiesce_queue(q);
	mutex_unlock(&info->lock);
	xenbus_dev_fatal(info->xbdev, -EIO, "backend broke the protocol: %s",
			 info->broken_why);
}

/* An EOPNOTSUPP response turned a feature off: tell the block layer. */
static void feature_work(struct work_struct *work)
{
	struct blkfront_info *info = container_of(work, struct blkfront_info,
						  feature_work);

	mutex_lock(&info->lock);
	if (info->disk)
		blkfront_apply_limits(info);
	mutex_unlock(&info->lock);
}

/* ---- online resize: a watch on <backend>/sectors ---- */

static void resize_changed(struct xenstore_watch *w, const char *path)
{
	struct blkfront_info *info = container_of(w, struct blkfront_info,
						  resize_watch);
	u64 sectors, mask;
	char *s;

	mutex_lock(&info->lock);
	if (info->conn != BLKFRONT_CONNECTED || !info->disk)
		goto out;
	s = read_backend(info, "sectors");
	if (IS_ERR_OR_NULL(s))
		goto out;
	if (xenstore_parse_u64(s, (u64)LLONG_MAX >> BLKFRONT_SECTOR_SHIFT, &sectors)) {
		pr_warn("%s: backend's new sectors \"%.32s\" is invalid; ignored\n",
			info->name, s);
	} else {
		mask = (info->params.sector_size >> BLKFRONT_SECTOR_SHIFT) - 1;
		info->params.sectors = sectors & ~mask;
		blkfront_update_capacity(info, info->params.sectors);
	}
	kfree(s);
out:
	mutex_unlock(&info->lock);
}

static void watch_resize(struct blkfront_info *info)
{
	if (info->resize_path)
		return;
	info->resize_path = kasprintf(GFP_KERNEL, "%s/sectors", info->xbdev->otherend);
	if (!info->resize_path)
		return;
	info->resize_watch.path = info->resize_path;
	info->resize_watch.callback = resize_changed;
	if (xenstore_watch_register(&info->resize_watch)) {
		pr_warn("%s: cannot watch for resizes\n", info->name);
		kfree(info->resize_path);
		info->resize_path = NULL;
	}
}

/* Not under info->lock: the callback takes it. */
static void unwatch_resize(struct blkfront_info *info)
{
	if (!info->resize_path)
		return;
	xenstore_watch_unregister(&info->resize_watch);
	kfree(info->resize_path);
	info->resize_path = NULL;
}

/* ---- the state machine (info->lock held) ---- */

static int talk_to_backend(struct blkfront_info *info)
{
	unsigned int nr;
	int err;

	if (info->conn != BLKFRONT_DISCONNECTED)
		return 0;
	/* Rings of a connection the backend closed without Closed. */
	blkfront_free_rings(info, !!info->disk);
	WRITE_ONCE(info->dying, false);
	blkfront_read_transport(&info->transport, read_backend, info, info->name);
	info->ring_order = blkfront_pick_ring_order(info->transport.max_ring_order,
						    blkfront_max_ring_order);
	nr = blkfront_pick_queues(info->transport.max_queues, blkfront_max_queues);
	/* A disk keeps its hardware queues; extra ones share rings. */
	if (info->disk)
		nr = min(nr, info->tag_set.nr_hw_queues);
	info->nr_rings = nr;

	err = blkfront_setup_rings(info);
	if (err)
		return err;
	err = blkfront_publish_rings(info);
	if (err)
		goto out_rings;
	err = xenbus_switch_state(info->xbdev, XenbusStateInitialised);
	if (err)
		goto out_rings;
	info->conn = BLKFRONT_INITIALISED;
	return 0;

out_rings:
	blkfront_free_rings(info, !!info->disk);
	return err;
}

static void connect(struct blkfront_info *info)
{
	struct blkfront_params params;
	struct request_queue *q;
	int err;

	if (info->conn == BLKFRONT_DISCONNECTED) {
		/* Connected without our rings: publish them first. */
		talk_to_backend(info);
		return;
	}
	if (info->conn == BLKFRONT_CONNECTED)
		return;

	err = blkfront_read_params(&params, read_backend, info, info->name);
	if (err) {
		xenbus_dev_fatal(info->xbdev, err, "reading the backend's device properties");
		return;
	}
	info->params = params;
	info->feature_flush = params.flush;
	info->feature_barrier = params.barrier;
	blkfront_start_pools(info);
	info->max_segs = min(blkfront_pick_max_segs(params.max_indirect,
						    blkfront_max_indirect),
			     info->pdu_segs);

	if (!info->disk) {
		err = blkfront_alloc_disk(info);
		if (err) {
			xenbus_dev_fatal(info->xbdev, err, "creating disk %s", info->name);
			return;
		}
	} else {
		blkfront_apply_limits(info);
		blkfront_update_capacity(info, params.sectors);
		set_disk_ro(info->disk, params.readonly);
	}
	info->conn = BLKFRONT_CONNECTED;
	watch_resize(info);
	xenbus_switch_state(info->xbdev, XenbusStateConnected);

	q = info->disk->queue;
	if (info->quiesced) {
		info->quiesced = false;
		blk_mq_unquiesce_queue(q);
	}
	/* Requests requeued from the old rings go out now. */
	blk_mq_start_stopped_hw_queues(q, true);
	blk_mq_kick_requeue_list(q);
	pr_info("%s: connected: %llu sectors of %u bytes, %u queue(s) of %u page(s), %u segments per request%s%s%s%s\n",
		info->name, params.sectors, params.sector_size, info->nr_rings,
		1U << info->ring_order, info->max_segs,
		params.readonly ? ", read-only" : "",
		params.discard ? ", discard" : "",
		info->persistent ? ", persistent grants" : "",
		info->trusted ? "" : ", untrusted");
}

/*
 * Drop the rings but keep the disk: requests on them are requeued and
 * go out again once connected to the (new) backend.
 */
static void disconnect_for_reconnect(struct blkfront_info *info)
{
	if (info->disk && !info->quiesced) {
		blk_mq_quiesce_queue(info->disk->queue);
		info->quiesced = true;
	}
	blkfront_free_rings(info, true);
	info->conn = BLKFRONT_DISCONNECTED;
}

/*
 * The backend is going away (Documentation/xen/xenbus.rst,
 * "Disconnecting"): on its Closing we take the disk down, letting the
 * backend finish what is in flight, and go Closed; on its Closed (or
 * when it vanished) we also end the ring grants and close the event
 * channels, which it no longer uses.
 */
static void blkfront_close(struct blkfront_info *info, bool backend_closed)
{
	struct xenbus_device *dev = info->xbdev;

	/* Outside the lock: both take it. */
	unwatch_resize(info);
	flush_work(&info->broken_work);

	mutex_lock(&info->lock);
	if (dev->state != XenbusStateClosed) {
		WRITE_ONCE(info->dying, true);
		if (info->disk) {
			if (info->quiesced) {
				info->quiesced = false;
				blk_mq_unquiesce_queue(info->disk->queue);
			}
			/* Nobody will answer what is on the rings. */
			if (backend_closed || info->conn != BLKFRONT_CONNECTED)
				blkfront_fail_inflight(info);
			blk_mq_kick_requeue_list(info->disk->queue);
			/* Waits for requests in flight: the backend answers. */
			blkfront_remove_disk(info);
		}
		info->conn = BLKFRONT_DISCONNECTED;
		xenbus_switch_state(dev, XenbusStateClosed);
	}
	if (backend_closed) {
		blkfront_free_rings(info, false);
		blkfront_release_parked(info);
		/* A later connection starts afresh. */
		WRITE_ONCE(info->dying, false);
		WRITE_ONCE(info->broken, false);
	}
	mutex_unlock(&info->lock);
}

static void blkfront_otherend_changed(struct xenbus_device *dev,
				      enum xenbus_state state)
{
	struct blkfront_info *info = dev_get_drvdata(&dev->dev);

	switch (state) {
	case XenbusStateInitWait:
	case XenbusStateInitialised:
		mutex_lock(&info->lock);
		/*
		 * The backend restarted in place (its driver was rebound):
		 * we are still Connected, so it reads our ring keys again
		 * and attaches to the same rings, which stay granted.  Ending
		 * them now would fail its mapping (Documentation/xen/blkif.rst,
		 * "Reconnection").
		 */
		if (info->conn == BLKFRONT_CONNECTED) {
			if (state == XenbusStateInitWait)
				pr_info("%s: backend restarted; keeping our rings for it\n",
					info->name);
		} else if (!READ_ONCE(info->broken)) {
			talk_to_backend(info);
		}
		mutex_unlock(&info->lock);
		break;
	case XenbusStateConnected:
		mutex_lock(&info->lock);
		if (!READ_ONCE(info->broken))
			connect(info);
		mutex_unlock(&info->lock);
		break;
	case XenbusStateClosing:
		blkfront_close(info, false);
		break;
	case XenbusStateClosed:
	case XenbusStateUnknown:
		blkfront_close(info, true);
		break;
	default:
		break;
	}
}

/* ---- xenbus driver ---- */

static int read_vdevice(struct xenbus_device *dev, u32 *vdevice)
{
	char *s = xenstore_read(XENSTORE_NO_TX, dev->nodename, "virtual-device", NULL);
	u64 v;
	int err;

	if (IS_ERR(s))
		return PTR_ERR(s);
	err = xenstore_parse_u64(s, U32_MAX, &v);
	kfree(s);
	if (!err)
		*vdevice = v;
	return err;
}

/* The toolstack may tell us not to trust this backend. */
static bool read_trusted(struct xenbus_device *dev)
{
	char *s = xenstore_read(XENSTORE_NO_TX, dev->nodename, "trusted", NULL);
	bool trusted = true;

	if (IS_ERR(s))
		return true;
	if (strcmp(s, "1"))
		trusted = false;
	kfree(s);
	return trusted;
}

static int blkfront_probe(struct xenbus_device *dev,
			  const struct xenbus_device_id *id)
{
	struct blkfront_info *info;
	enum xenbus_state be;
	int err;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->xbdev = dev;
	mutex_init(&info->lock);
	spin_lock_init(&info->park_lock);
	INIT_LIST_HEAD(&info->parked);
	INIT_LIST_HEAD(&info->minor_link);
	INIT_WORK(&info->broken_work, broken_work);
	INIT_WORK(&info->feature_work, feature_work);
	INIT_DELAYED_WORK(&info->park_work, blkfront_park_work);

	err = read_vdevice(dev, &info->vdevice);
	if (err) {
		xenbus_dev_fatal(dev, err, "reading virtual-device");
		goto out_free;
	}
	err = blkfront_parse_vdev(info->vdevice, &info->vdev);
	if (!err)
		err = blkfront_vdev_name(&info->vdev, info->name, sizeof(info->name));
	if (err) {
		xenbus_dev_fatal(dev, err, "virtual-device %u is not an xvd number we support",
				 info->vdevice);
		goto out_free;
	}
	info->trusted = blkfront_trusted && read_trusted(dev);
	info->pdu_segs = blkfront_pick_max_segs(U32_MAX, blkfront_max_indirect);
	dev_set_drvdata(&dev->dev, info);

	/* If the backend is already waiting, go ahead now. */
	be = xenbus_read_otherend_state(dev);
	if (be == XenbusStateInitWait || be == XenbusStateInitialised ||
	    be == XenbusStateConnected) {
		mutex_lock(&info->lock);
		talk_to_backend(info);
		mutex_unlock(&info->lock);
	}
	return 0;

out_free:
	kfree(info);
	return err;
}

static void blkfront_remove(struct xenbus_device *dev)
{
	struct blkfront_info *info = dev_get_drvdata(&dev->dev);

	unwatch_resize(info);
	cancel_work_sync(&info->broken_work);
	cancel_work_sync(&info->feature_work);

	mutex_lock(&info->lock);
	WRITE_ONCE(info->dying, true);
	if (info->disk) {
		if (info->quiesced) {
			info->quiesced = false;
			blk_mq_unquiesce_queue(info->disk->queue);
		}
		if (info->conn != BLKFRONT_CONNECTED || READ_ONCE(info->broken))
			blkfront_fail_inflight(info);
		blk_mq_kick_requeue_list(info->disk->queue);
		blkfront_remove_disk(info);
	}
	blkfront_free_rings(info, false);
	mutex_unlock(&info->lock);

	/* del_gendisk waited for every request, parked ones too. */
	cancel_delayed_work_sync(&info->park_work);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(info);
}

static int blkfront_suspend(struct xenbus_device *dev)
{
	struct blkfront_info *info = dev_get_drvdata(&dev->dev);

	mutex_lock(&info->lock);
	if (info->disk && !info->quiesced) {
		blk_mq_quiesce_queue(info->disk->queue);
		info->quiesced = true;
	}
	mutex_unlock(&info->lock);
	return 0;
}

/* A new backend (after save/restore or migration): start over. */
static int blkfront_resume(struct xenbus_device *dev)
{
	struct blkfront_info *info = dev_get_drvdata(&dev->dev);
	enum xenbus_state be;
	int err = 0;

	mutex_lock(&info->lock);
	be = xenbus_read_otherend_state(dev);
	if (be == XenbusStateConnected && info->conn == BLKFRONT_CONNECTED &&
	    !READ_ONCE(info->broken)) {
		/* The save was cancelled: same backend, same rings. */
		if (info->quiesced) {
			info->quiesced = false;
			blk_mq_unquiesce_queue(info->disk->queue);
		}
		goto out;
	}
	disconnect_for_reconnect(info);
	WRITE_ONCE(info->broken, false);
	if (be == XenbusStateInitWait || be == XenbusStateInitialised)
		err = talk_to_backend(info);
out:
	mutex_unlock(&info->lock);
	return err;
}

static const struct xenbus_device_id blkfront_ids[] = {
	{ "vbd" },
	{ "" }
};

static struct xenbus_driver blkfront_driver = {
	.name = KBUILD_MODNAME,
	.ids = blkfront_ids,
	.probe = blkfront_probe,
	.otherend_changed = blkfront_otherend_changed,
	.remove = blkfront_remove,
	.suspend = blkfront_suspend,
	.resume = blkfront_resume,
};

static int __init blkfront_init(void)
{
	int err;

	if (!xen_pv_domain())
		return -ENODEV;

	blkfront_max_queues = clamp(blkfront_max_queues, 1U, (unsigned int)BLKFRONT_MAX_QUEUES);
	blkfront_max_queues = min(blkfront_max_queues, num_possible_cpus());
	blkfront_max_ring_order = min_t(unsigned int, blkfront_max_ring_order,
					BLKFRONT_MAX_RING_ORDER);

	err = blkfront_disk_init();
	if (err)
		return err;
	err = xenbus_register_frontend(&blkfront_driver);
	if (err)
		blkfront_disk_exit();
	return err;
}
module_init(blkfront_init);

static void __exit blkfront_exit(void)
{
	xenbus_unregister_driver(&blkfront_driver);
	blkfront_disk_exit();
}
module_exit(blkfront_exit);

MODULE_DESCRIPTION("Xen virtual block device frontend (xvd)");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen:vbd");
MODULE_ALIAS_BLOCKDEV_MAJOR(XENVBD_MAJOR);
