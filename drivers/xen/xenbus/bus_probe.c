// SPDX-License-Identifier: GPL-2.0
/*
 * Frontend devices from xenstore: one struct xenbus_device per
 * device/<type>/<id> directory of our home, read at boot and kept in
 * step by a watch on "device" (Documentation/xen/xenbus.rst, "Devices
 * coming and going").
 *
 * The watch callback only decides whether an event may add or remove a
 * device; the scan itself runs from a work item.  Registering and
 * unregistering devices takes the driver core's device lock, and an
 * unbinding driver holds that lock while it waits for the xenwatch
 * thread (xenstore_watch_unregister()), so the xenwatch thread must
 * never wait for it.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <xen/xenbus.h>
#include <xen/xenstore.h>
#include "bus_internal.h"

/* Serialises scans, so that two never decide about the same device. */
static DEFINE_MUTEX(xenbus_scan_lock);

static void xenbus_device_release(struct device *_dev)
{
	struct xenbus_device *dev = to_xenbus_device(_dev);

	kfree(dev->nodename);
	kfree(dev->devicetype);
	kfree(dev);
}

static int xenbus_nodename_match(struct device *_dev, const void *nodename)
{
	return !strcmp(to_xenbus_device(_dev)->nodename, nodename);
}

/* The device for @nodename, with a reference (put_device() it), or NULL. */
static struct xenbus_device *xenbus_find(const char *nodename)
{
	struct device *_dev;

	_dev = bus_find_device(&xenbus_frontend_type, NULL, nodename, xenbus_nodename_match);
	return _dev ? to_xenbus_device(_dev) : NULL;
}

/*
 * 1 if the directory @path exists, 0 if xenstore says it does not, or
 * the error that kept us from knowing (then nothing is removed).
 */
static int xenbus_dir_present(const char *path)
{
	char *val = xenstore_read(XENSTORE_NO_TX, path, "", NULL);

	if (!IS_ERR(val)) {
		kfree(val);
		return 1;
	}
	return PTR_ERR(val) == -ENOENT ? 0 : PTR_ERR(val);
}

/*
 * Register device/@type/@id (both checked names) unless it is known.
 * A directory without "backend" yet is left for a later event: the
 * toolstack writes the whole directory in one transaction, so this is
 * a directory being taken down or made by someone else.
 */
static void xenbus_add_device(const char *type, const char *id)
{
	struct xenbus_device *dev, *known;
	char *nodename;
	int err;

	nodename = kasprintf(GFP_KERNEL, "device/%s/%s", type, id);
	if (!nodename)
		return;
	known = xenbus_find(nodename);
	if (known) {
		put_device(&known->dev);
		goto free_name;
	}
	if (!xenstore_exists(XENSTORE_NO_TX, nodename, "backend")) {
		pr_debug("xenbus: %s has no backend yet; not added\n", nodename);
		goto free_name;
	}

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		goto free_name;
	device_initialize(&dev->dev);
	dev->dev.bus = &xenbus_frontend_type;
	dev->dev.release = xenbus_device_release;
	/* From here, put_device() frees dev and what it points at. */
	dev->nodename = nodename;
	dev->devicetype = kstrdup(type, GFP_KERNEL);
	mutex_init(&dev->state_lock);
	init_completion(&dev->closed);
	dev->state = XenbusStateUnknown;
	dev->otherend_state = XenbusStateUnknown;
	if (!dev->devicetype) {
		err = -ENOMEM;
		goto put;
	}
	err = dev_set_name(&dev->dev, "%s-%s", type, id);
	if (err)
		goto put;
	err = device_add(&dev->dev);
	if (err)
		goto put;
	pr_info("xenbus: %s added for %s\n", dev_name(&dev->dev), nodename);
	xenbus_state_changed();
	return;

put:
	pr_err("xenbus: cannot add device %s/%s: %d\n", type, id, err);
	put_device(&dev->dev);
	return;
free_name:
	kfree(nodename);
}

/* Add every device of device/@type not known yet. */
static void xenbus_scan_type(const char *type)
{
	unsigned int i, num;
	char **ids;

	ids = xenstore_directory(XENSTORE_NO_TX, "device", type, &num);
	if (IS_ERR(ids)) {
		if (PTR_ERR(ids) != -ENOENT)
			pr_err("xenbus: cannot list device/%s: %ld\n", type, PTR_ERR(ids));
		return;
	}
	for (i = 0; i < num; i++) {
		if (xenbus_check_name(ids[i], XENBUS_ID_MAX)) {
			pr_warn_ratelimited("xenbus: ignoring device/%s/%*pE: not a valid device id\n",
					    type, (int)strnlen(ids[i], 64), ids[i]);
			continue;
		}
		xenbus_add_device(type, ids[i]);
	}
	kfree(ids);
}

/*
 * A device whose directory is gone: the toolstack detached it (after
 * the handshake, normally) or destroyed it.  Marked gone first, so
 * that nothing writes our state node any more (a write would create
 * the directory again), then unregistered: the driver is unbound.
 */
static int xenbus_remove_if_gone(struct device *_dev, void *unused)
{
	struct xenbus_device *dev = to_xenbus_device(_dev);
	int present = xenbus_dir_present(dev->nodename);

	if (present)
		return 0;	/* there, or we could not tell: keep it */
	dev_info(_dev, "%s is gone from xenstore; removing the device\n", dev->nodename);
	mutex_lock(&dev->state_lock);
	dev->gone = true;
	mutex_unlock(&dev->state_lock);
	device_unregister(_dev);
	xenbus_state_changed();
	return 0;
}

/* Bring the bus in line with device/: add new devices, remove vanished ones. */
static void xenbus_scan(void)
{
	unsigned int i, num;
	char **types;

	mutex_lock(&xenbus_scan_lock);
	types = xenstore_directory(XENSTORE_NO_TX, "device", "", &num);
	if (IS_ERR(types)) {
		/* No device/ at all is a domain without devices. */
		if (PTR_ERR(types) != -ENOENT)
			pr_err("xenbus: cannot list device/: %ld\n", PTR_ERR(types));
		num = 0;
		types = NULL;
	}
	for (i = 0; i < num; i++) {
		if (xenbus_check_name(types[i], XENBUS_TYPE_MAX)) {
			pr_warn_ratelimited("xenbus: ignoring device/%*pE: not a valid device type\n",
					    (int)strnlen(types[i], 64), types[i]);
			continue;
		}
		xenbus_scan_type(types[i]);
	}
	kfree(types);
	bus_for_each_dev(&xenbus_frontend_type, NULL, NULL, xenbus_remove_if_gone);
	mutex_unlock(&xenbus_scan_lock);
}

static void xenbus_scan_work_fn(struct work_struct *work)
{
	xenbus_scan();
}

static DECLARE_WORK(xenbus_scan_work, xenbus_scan_work_fn);

/*
 * Something under device/ changed.  Nodes inside a known device are
 * its driver's (our own state writes land there too) and need no scan;
 * anything else may add or remove a device.  A scan queued during a
 * scan runs after it, so no event is lost.
 */
static void xenbus_device_event(struct xenstore_watch *watch, const char *event_path)
{
	char type[XENBUS_TYPE_MAX], id[XENBUS_ID_MAX];
	struct xenbus_device *dev;
	char *nodename;
	int depth;

	depth = xenbus_split_device_path(event_path, type, id);
	if (depth < 0)
		return;		/* not a device path we could act on */
	if (depth == XENBUS_PATH_INSIDE) {
		nodename = kasprintf(GFP_KERNEL, "device/%s/%s", type, id);
		if (!nodename)
			return;
		dev = xenbus_find(nodename);
		kfree(nodename);
		if (dev) {
			put_device(&dev->dev);
			return;
		}
	}
	schedule_work(&xenbus_scan_work);
}

static struct xenstore_watch xenbus_device_watch = {
	.path = "device",
	.callback = xenbus_device_event,
};

/*
 * After xenstore's subsys initcall.  The boot scan is synchronous, so
 * the devices exist when built-in drivers register (device initcalls)
 * and bus_wait.c can wait for them before root is mounted.  A device
 * added between the scan and the watch is found by the scan the watch
 * triggers when it is registered.
 */
static int __init xenbus_probe_init(void)
{
	int err;

	if (!xenbus_bus_registered || !xenstore_available())
		return 0;
	xenbus_scan();
	err = xenstore_watch_register(&xenbus_device_watch);
	if (err)
		pr_err("xenbus: cannot watch device/: %d; devices attached later will not appear\n",
		       err);
	return 0;
}
subsys_initcall_sync(xenbus_probe_init);
