// SPDX-License-Identifier: GPL-2.0
/*
 * The block device a vbd becomes: its name and numbers from the
 * "virtual-device" value (Xen's vbd interface: 202 << 8 | disk << 4 |
 * part for the first 16 disks, 1 << 28 | disk << 8 | part beyond), the
 * gendisk with its queue limits, and attributes under
 * /sys/block/<name>/xen/.
 */
#include <linux/blkdev.h>
#include <linux/hdreg.h>
#include <linux/kdev_t.h>
#include <linux/major.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "blkfront.h"

#define VDEV_EXT_FLAG		BIT(28)
#define VDEV_XVD_MAJOR_BASE	(XENVBD_MAJOR << 8)

int blkfront_parse_vdev(u32 vdev, struct blkfront_vdev *v)
{
	if (vdev >= (VDEV_EXT_FLAG << 1))
		return -EINVAL;		/* 2 << 28 onwards: reserved */
	if (vdev & VDEV_EXT_FLAG) {
		v->ext = true;
		v->disk = (vdev & ~VDEV_EXT_FLAG) >> BLKFRONT_EXT_PARTS_SHIFT;
		v->part = vdev & ((1U << BLKFRONT_EXT_PARTS_SHIFT) - 1);
	} else if ((vdev >> 8) == XENVBD_MAJOR) {
		v->ext = false;
		v->disk = (vdev & 0xff) >> BLKFRONT_PARTS_SHIFT;
		v->part = vdev & ((1U << BLKFRONT_PARTS_SHIFT) - 1);
	} else {
		/* hd and sd encodings, and the deprecated ones: not ours. */
		return -EOPNOTSUPP;
	}
	/* Linux minors have MINORBITS bits. */
	if (blkfront_vdev_minor(v) + blkfront_vdev_minors(v) > (1U << MINORBITS))
		return -ERANGE;
	return 0;
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_parse_vdev);

unsigned int blkfront_vdev_minor(const struct blkfront_vdev *v)
{
	unsigned int shift = v->ext ? BLKFRONT_EXT_PARTS_SHIFT : BLKFRONT_PARTS_SHIFT;

	/* Checked against MINORBITS by the caller; no overflow below 2^24. */
	if (v->disk >= (1U << (32 - shift)))
		return U32_MAX >> 1;
	return (v->disk << shift) | v->part;
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_vdev_minor);

unsigned int blkfront_vdev_minors(const struct blkfront_vdev *v)
{
	/* A partition of its own has no partitions. */
	if (v->part)
		return 1;
	return 1U << (v->ext ? BLKFRONT_EXT_PARTS_SHIFT : BLKFRONT_PARTS_SHIFT);
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_vdev_minors);

int blkfront_vdev_name(const struct blkfront_vdev *v, char *buf, size_t len)
{
	char letters[8];
	int i = 0, n;
	long x = v->disk;

	/* Like sd: a..z, then aa..zz, aaa...: disk 26 is "aa". */
	do {
		letters[i++] = 'a' + x % 26;
		x = x / 26 - 1;
	} while (x >= 0 && i < (int)sizeof(letters));
	if (x >= 0)
		return -ENAMETOOLONG;

	n = scnprintf(buf, len, "xvd");
	while (i > 0 && n < (int)len - 1)
		buf[n++] = letters[--i];
	if (i)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	if (v->part) {
		if (snprintf(buf + n, len - n, "%u", v->part) >= (int)(len - n))
			return -ENAMETOOLONG;
	}
	return 0;
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_vdev_name);

/*
 * Minor ranges in use: the two encodings can name the same minors
 * (1 << 28 | 0 << 8 | 20 and xvdb4), which the block layer would not
 * notice.  Protected by minors_lock.
 */
static LIST_HEAD(used_minors);
static DEFINE_MUTEX(minors_lock);

static int claim_minors(struct blkfront_info *info)
{
	unsigned int first = blkfront_vdev_minor(&info->vdev);
	unsigned int end = first + blkfront_vdev_minors(&info->vdev);
	struct blkfront_info *o;
	int err = 0;

	mutex_lock(&minors_lock);
	list_for_each_entry(o, &used_minors, minor_link) {
		unsigned int ofirst = blkfront_vdev_minor(&o->vdev);
		unsigned int oend = ofirst + blkfront_vdev_minors(&o->vdev);

		if (first < oend && ofirst < end) {
			pr_err("%s: minors %u-%u overlap those of %s\n",
			       info->name, first, end - 1, o->name);
			err = -EBUSY;
			break;
		}
	}
	if (!err)
		list_add(&info->minor_link, &used_minors);
	mutex_unlock(&minors_lock);
	return err;
}

static void release_minors(struct blkfront_info *info)
{
	mutex_lock(&minors_lock);
	list_del_init(&info->minor_link);
	mutex_unlock(&minors_lock);
}

static int blkfront_getgeo(struct block_device *bdev, struct hd_geometry *geo)
{
	sector_t cap = get_capacity(bdev->bd_disk);
	sector_t cyl = cap;

	/* A made-up geometry for partitioning tools; only LBA matters. */
	geo->heads = 255;
	geo->sectors = 63;
	sector_div(cyl, 255 * 63);
	geo->cylinders = cyl > 0xffff ? 0xffff : cyl;
	return 0;
}

static const struct block_device_operations blkfront_fops = {
	.owner = THIS_MODULE,
	.getgeo = blkfront_getgeo,
};

/* ---- /sys/block/<name>/xen/ ---- */

static struct blkfront_info *dev_info_of(struct device *dev)
{
	return dev_to_disk(dev)->private_data;
}

static ssize_t nr_queues_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_info_of(dev)->nr_rings);
}
static DEVICE_ATTR_RO(nr_queues);

static ssize_t ring_pages_show(struct device *dev, struct device_attribute *attr,
			       char *buf)
{
	return sysfs_emit(buf, "%u\n", 1U << dev_info_of(dev)->ring_order);
}
static DEVICE_ATTR_RO(ring_pages);

static ssize_t max_segments_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_info_of(dev)->max_segs);
}
static DEVICE_ATTR_RO(max_segments);

static ssize_t trusted_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_info_of(dev)->trusted);
}
static DEVICE_ATTR_RO(trusted);

/* Pages granted persistently over all queues (0: not in use). */
static ssize_t persistent_pages_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct blkfront_info *info = dev_info_of(dev);
	unsigned int i, n = 0;

	/* The rings change only under info->lock. */
	mutex_lock(&info->lock);
	for (i = 0; info->rings && i < info->nr_rings; i++)
		if (info->rings[i].pool)
			n += blkfront_pool_size(info->rings[i].pool);
	mutex_unlock(&info->lock);
	return sysfs_emit(buf, "%u\n", n);
}
static DEVICE_ATTR_RO(persistent_pages);

static ssize_t broken_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_info_of(dev)->broken));
}
static DEVICE_ATTR_RO(broken);

static ssize_t features_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct blkfront_info *info = dev_info_of(dev);
	const struct blkfront_params *p = &info->params;

	return sysfs_emit(buf, "%s%s%s%s%s%s%s\n",
			  info->feature_flush ? "flush " : "",
			  info->feature_barrier ? "barrier " : "",
			  p->discard ? "discard " : "",
			  p->secure_discard ? "secure-discard " : "",
			  info->max_segs > BLKIF_MAX_SEGMENTS_PER_REQUEST ?
			  "indirect " : "",
			  info->persistent ? "persistent " : "",
			  p->readonly ? "ro" : "rw");
}
static DEVICE_ATTR_RO(features);

static struct attribute *blkfront_attrs[] = {
	&dev_attr_nr_queues.attr,
	&dev_attr_ring_pages.attr,
	&dev_attr_max_segments.attr,
	&dev_attr_trusted.attr,
	&dev_attr_persistent_pages.attr,
	&dev_attr_broken.attr,
	&dev_attr_features.attr,
	NULL,
};

static const struct attribute_group blkfront_attr_group = {
	.name = "xen",
	.attrs = blkfront_attrs,
};

static const struct attribute_group *blkfront_attr_groups[] = {
	&blkfront_attr_group,
	NULL,
};

/* ---- the gendisk ---- */

void blkfront_apply_limits(struct blkfront_info *info)
{
	const struct blkfront_params *p = &info->params;
	struct request_queue *q = info->disk->queue;

	blk_queue_logical_block_size(q, p->sector_size);
	blk_queue_physical_block_size(q, p->physical_sector_size);
	/* Each segment is (part of) one granted page. */
	blk_queue_max_segments(q, info->max_segs);
	blk_queue_max_segment_size(q, PAGE_SIZE);
	blk_queue_segment_boundary(q, PAGE_SIZE - 1);
	blk_queue_max_hw_sectors(q, info->max_segs * BLKFRONT_SECT_PER_PAGE);
	/* Segments are whole 512-byte sectors of a page. */
	blk_queue_dma_alignment(q, (1U << BLKFRONT_SECTOR_SHIFT) - 1);
	/*
	 * A volatile cache to flush if the backend can flush (or order
	 * with a barrier); FUA is left to the block layer's post-flush.
	 */
	blk_queue_write_cache(q, info->feature_flush || info->feature_barrier,
			      false);

	if (p->discard) {
		q->limits.discard_granularity = p->discard_granularity;
		q->limits.discard_alignment = p->discard_alignment;
		blk_queue_max_discard_sectors(q, UINT_MAX >> BLKFRONT_SECTOR_SHIFT);
		blk_queue_max_secure_erase_sectors(q, p->secure_discard ?
						   UINT_MAX >> BLKFRONT_SECTOR_SHIFT : 0);
	} else {
		blk_queue_max_discard_sectors(q, 0);
		blk_queue_max_secure_erase_sectors(q, 0);
	}
}

int blkfront_alloc_disk(struct blkfront_info *info)
{
	struct blk_mq_tag_set *set = &info->tag_set;
	struct gendisk *disk;
	int err;

	err = claim_minors(info);
	if (err)
		return err;

	memset(set, 0, sizeof(*set));
	set->ops = &blkfront_mq_ops;
	set->nr_hw_queues = info->nr_rings;
	/* One ring slot per request (indirect requests too). */
	set->queue_depth = min_t(unsigned int, info->rings[0].fr.nr_ents,
				 BLK_MQ_MAX_DEPTH);
	set->numa_node = NUMA_NO_NODE;
	set->cmd_size = sizeof(struct blkfront_req) +
		info->pdu_segs * (sizeof(struct scatterlist) +
				  sizeof(grant_ref_t) + sizeof(struct page *));
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	set->driver_data = info;
	err = blk_mq_alloc_tag_set(set);
	if (err)
		goto out_minors;

	disk = blk_mq_alloc_disk(set, info);
	if (IS_ERR(disk)) {
		err = PTR_ERR(disk);
		goto out_tags;
	}
	info->disk = disk;
	disk->major = XENVBD_MAJOR;
	disk->first_minor = blkfront_vdev_minor(&info->vdev);
	disk->minors = blkfront_vdev_minors(&info->vdev);
	disk->fops = &blkfront_fops;
	disk->private_data = info;
	strscpy(disk->disk_name, info->name, sizeof(disk->disk_name));
	if (info->vdev.part)
		disk->flags |= GENHD_FL_NO_PART;
	if (info->params.info & (VDISK_REMOVABLE | VDISK_CDROM))
		disk->flags |= GENHD_FL_REMOVABLE;
	blk_queue_flag_set(QUEUE_FLAG_VIRT, disk->queue);

	blkfront_apply_limits(info);
	set_capacity(disk, info->params.sectors);
	set_disk_ro(disk, info->params.readonly);

	err = device_add_disk(&info->xbdev->dev, disk, blkfront_attr_groups);
	if (err)
		goto out_disk;
	return 0;

out_disk:
	put_disk(disk);
	info->disk = NULL;
out_tags:
	blk_mq_free_tag_set(set);
out_minors:
	release_minors(info);
	return err;
}

/*
 * Take the disk away.  The caller made sure every request can finish:
 * the rings are still up, or queue_rq fails new ones (info->dying).
 */
void blkfront_remove_disk(struct blkfront_info *info)
{
	struct gendisk *disk = info->disk;

	if (!disk)
		return;
	del_gendisk(disk);
	blk_mq_free_tag_set(&info->tag_set);
	put_disk(disk);
	info->disk = NULL;
	release_minors(info);
}

void blkfront_update_capacity(struct blkfront_info *info, u64 sectors)
{
	if (!info->disk || get_capacity(info->disk) == sectors)
		return;
	pr_info("%s: capacity changed from %llu to %llu sectors\n", info->name,
		(unsigned long long)get_capacity(info->disk), sectors);
	set_capacity_and_notify(info->disk, sectors);
}

int blkfront_disk_init(void)
{
	int err = register_blkdev(XENVBD_MAJOR, "xvd");

	if (err)
		pr_err("xen-blkfront: major %d is taken: %d\n", XENVBD_MAJOR, err);
	return err;
}

void blkfront_disk_exit(void)
{
	unregister_blkdev(XENVBD_MAJOR, "xvd");
}
