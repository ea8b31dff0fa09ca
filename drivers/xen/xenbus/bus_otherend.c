// SPDX-License-Identifier: GPL-2.0
/*
 * The other end of a frontend device: which backend it is (read and
 * checked at probe), the watch on its state node, and reading its
 * nodes for the driver (Documentation/xen/xenbus.rst, "The other end").
 *
 * Everything read here was written by the toolstack or the backend:
 * values with NULs inside, over-long values, paths that point elsewhere
 * and numbers out of range are refused with a message, never used.
 */
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenbus.h>
#include <xen/xenstore.h>
#include "bus_internal.h"

/* Longest number we read, plus its NUL: UINT_MAX has 10 digits. */
#define XENBUS_NUMBER_MAX	16

/*
 * Read <dir>/<node> as a C string of fewer than @size bytes.  Returns
 * it (kfree() it) or an ERR_PTR(): the xenstore error, or -EINVAL for a
 * value with a NUL inside or too long.
 */
char *xenbus_read_value(const char *dir, const char *node, size_t size)
{
	unsigned int len;
	char *val;

	val = xenstore_read(XENSTORE_NO_TX, dir, node, &len);
	if (IS_ERR(val))
		return val;
	if (len >= size || strlen(val) != len) {
		kfree(val);
		return ERR_PTR(-EINVAL);
	}
	return val;
}

/* Our own state node, as the toolstack created it (Unknown if unreadable). */
enum xenbus_state xenbus_read_own_state(struct xenbus_device *dev)
{
	enum xenbus_state state = XenbusStateUnknown;
	char *val;

	val = xenbus_read_value(dev->nodename, "state", XENBUS_NUMBER_MAX);
	if (IS_ERR(val))
		return XenbusStateUnknown;
	if (xenbus_parse_state(val, &state))
		dev_warn(&dev->dev, "%s/state \"%*pE\" is not a state; taken as Unknown\n",
			 dev->nodename, (int)strlen(val), val);
	kfree(val);
	return state;
}

enum xenbus_state xenbus_read_otherend_state(struct xenbus_device *dev)
{
	enum xenbus_state state = XenbusStateUnknown;
	char *val;

	if (!dev->otherend)
		return XenbusStateUnknown;
	val = xenbus_read_value(dev->otherend, "state", XENBUS_NUMBER_MAX);
	if (IS_ERR(val)) {
		/*
		 * A backend not there (yet or any more): -ENOENT, or -EACCES
		 * once the toolstack removed its directory, whose parent we
		 * may not read.
		 */
		if (PTR_ERR(val) != -ENOENT && PTR_ERR(val) != -EACCES)
			dev_warn_ratelimited(&dev->dev, "cannot read %s/state: %ld\n",
					     dev->otherend, PTR_ERR(val));
		return XenbusStateUnknown;
	}
	if (xenbus_parse_state(val, &state)) {
		dev_warn_ratelimited(&dev->dev,
				     "backend state \"%*pE\" in %s/state is not a state; taken as Unknown\n",
				     (int)strlen(val), val, dev->otherend);
		state = XenbusStateUnknown;
	}
	kfree(val);
	return state;
}
EXPORT_SYMBOL_GPL(xenbus_read_otherend_state);

unsigned int xenbus_read_otherend_uint(struct xenbus_device *dev,
				       const char *node, unsigned int def)
{
	u64 v;
	char *val;
	int err;

	if (!dev->otherend)
		return def;
	val = xenbus_read_value(dev->otherend, node, XENBUS_NUMBER_MAX);
	if (IS_ERR(val)) {
		err = PTR_ERR(val);
		if (err == -EINVAL)
			dev_warn(&dev->dev, "%s/%s is not a number; using %u\n",
				 dev->otherend, node, def);
		else if (err != -ENOENT)
			dev_warn(&dev->dev, "cannot read %s/%s: %d; using %u\n",
				 dev->otherend, node, err, def);
		return def;
	}
	err = xenstore_parse_u64(val, UINT_MAX, &v);
	if (err) {
		dev_warn(&dev->dev, "%s/%s \"%*pE\" is not a number; using %u\n",
			 dev->otherend, node, (int)strlen(val), val, def);
		v = def;
	}
	kfree(val);
	return v;
}
EXPORT_SYMBOL_GPL(xenbus_read_otherend_uint);

/*
 * The backend's state node changed (or the event is spurious: events
 * merge and repeat).  Runs in the xenwatch thread, one callback at a
 * time, and only while the watch is registered, that is while a driver
 * is bound (bus_core.c registers it after probe, unregisters it before
 * remove), so dev->dev.driver is stable here.
 */
static void xenbus_otherend_changed(struct xenstore_watch *watch, const char *event_path)
{
	struct xenbus_device *dev = container_of(watch, struct xenbus_device, otherend_watch);
	struct xenbus_driver *drv = to_xenbus_driver(dev->dev.driver);
	enum xenbus_state state = xenbus_read_otherend_state(dev);

	/* A backend that is gone counts as closed for the shutdown wait. */
	if (state == XenbusStateClosed || state == XenbusStateUnknown)
		complete_all(&dev->closed);
	else
		reinit_completion(&dev->closed);

	if (state == dev->otherend_state)
		return;
	dev_dbg(&dev->dev, "backend %s: %s -> %s\n", dev->otherend,
		xenbus_state_name(dev->otherend_state), xenbus_state_name(state));
	WRITE_ONCE(dev->otherend_state, state);	/* bus_wait.c reads it unlocked */
	xenbus_state_changed();
	/*
	 * We started over (bus_core.c) and the backend is still Closed
	 * from the earlier connection: it has not seen us yet.  Nothing
	 * for the driver to close.
	 */
	if (state == XenbusStateClosed && READ_ONCE(dev->state) == XenbusStateInitialising)
		return;
	drv->otherend_changed(dev, state);
}

/*
 * Read device/<type>/<id>/backend-id and .../backend and check them
 * (bus_parse.c): the backend must live in the home of the domain that
 * backend-id names.  Sets dev->otherend, otherend_id and the watch's
 * path; undone by xenbus_otherend_detach().
 */
int xenbus_otherend_attach(struct xenbus_device *dev)
{
	char *id, *path, *watch_path;
	domid_t domid;
	int err;

	id = xenbus_read_value(dev->nodename, "backend-id", XENBUS_NUMBER_MAX);
	if (IS_ERR(id)) {
		err = PTR_ERR(id);
		dev_err(&dev->dev, "cannot read %s/backend-id: %d\n", dev->nodename, err);
		return err;
	}
	err = xenbus_parse_domid(id, &domid);
	if (err) {
		dev_err(&dev->dev, "%s/backend-id \"%*pE\" is not a domain id\n",
			dev->nodename, (int)strlen(id), id);
		goto free_id;
	}

	path = xenbus_read_value(dev->nodename, "backend", XENBUS_OTHEREND_MAX);
	if (IS_ERR(path)) {
		err = PTR_ERR(path);
		dev_err(&dev->dev, "cannot read %s/backend%s: %d\n", dev->nodename,
			err == -EINVAL ? " (too long or NULs inside)" : "", err);
		goto free_id;
	}
	err = xenbus_check_otherend(path, domid);
	if (err) {
		dev_err(&dev->dev, "%s/backend \"%*pE\" is not a directory under /local/domain/%u/backend/\n",
			dev->nodename, (int)strlen(path), path, domid);
		goto free_path;
	}

	watch_path = kasprintf(GFP_KERNEL, "%s/state", path);
	if (!watch_path) {
		err = -ENOMEM;
		goto free_path;
	}
	memset(&dev->otherend_watch, 0, sizeof(dev->otherend_watch));
	dev->otherend_watch.path = watch_path;
	dev->otherend_watch.callback = xenbus_otherend_changed;
	dev->otherend = path;
	dev->otherend_id = domid;
	dev->otherend_state = XenbusStateUnknown;
	reinit_completion(&dev->closed);
	kfree(id);
	return 0;

free_path:
	kfree(path);
free_id:
	kfree(id);
	return err;
}

/* Start delivering the backend's state to the driver. */
int xenbus_otherend_watch(struct xenbus_device *dev)
{
	return xenstore_watch_register(&dev->otherend_watch);
}

/*
 * Stop it: on return the callback is not running and will not run again
 * (unless we are the callback's own thread, which is then not in it).
 * Idempotent.
 */
void xenbus_otherend_unwatch(struct xenbus_device *dev)
{
	if (dev->otherend_watch.path)
		xenstore_watch_unregister(&dev->otherend_watch);
}

/* Undo xenbus_otherend_attach() (and the watch).  Idempotent. */
void xenbus_otherend_detach(struct xenbus_device *dev)
{
	xenbus_otherend_unwatch(dev);
	kfree(dev->otherend_watch.path);
	dev->otherend_watch.path = NULL;
	kfree(dev->otherend);
	dev->otherend = NULL;
	dev->otherend_id = 0;
}
