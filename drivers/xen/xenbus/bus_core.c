// SPDX-License-Identifier: GPL-2.0
/*
 * The "xen" bus: frontend devices as the driver core sees them
 * (Documentation/xen/xenbus.rst).  Matching by device type, the uevent
 * that lets udev load "xen:<type>" modules, sysfs attributes, binding
 * (probe and remove around the backend watch), driver registration and
 * the power-management hooks.  Devices themselves come from bus_probe.c.
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/pm.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include "bus_internal.h"

bool xenbus_bus_registered __ro_after_init;
DECLARE_WAIT_QUEUE_HEAD(xenbus_state_wq);
/* Bumped on every change xenbus_state_wq announces; see xenbus_state_changed(). */
static atomic_t xenbus_state_seq = ATOMIC_INIT(0);

/*
 * A device's or its backend's state changed, or a device went away:
 * wake whoever waits for devices to settle (bus_wait.c).  Waiters
 * compare xenbus_state_seq before and after, so no change is missed
 * between their look at the devices and their sleep.
 */
void xenbus_state_changed(void)
{
	atomic_inc(&xenbus_state_seq);
	wake_up_all(&xenbus_state_wq);
}

int xenbus_state_seq_read(void)
{
	return atomic_read(&xenbus_state_seq);
}

static const struct xenbus_device_id *
xenbus_match_id(const struct xenbus_device_id *ids, const char *type)
{
	if (!ids)
		return NULL;
	for (; ids->devicetype[0]; ids++)
		if (!strncmp(ids->devicetype, type, sizeof(ids->devicetype)))
			return ids;
	return NULL;
}

static int xenbus_bus_match(struct device *dev, struct device_driver *drv)
{
	return !!xenbus_match_id(to_xenbus_driver(drv)->ids,
				 to_xenbus_device(dev)->devicetype);
}

/* What udev and modprobe need to load the driver: the alias "xen:<type>". */
static int xenbus_bus_uevent(struct device *_dev, struct kobj_uevent_env *env)
{
	struct xenbus_device *dev = to_xenbus_device(_dev);

	if (add_uevent_var(env, "XENBUS_TYPE=%s", dev->devicetype) ||
	    add_uevent_var(env, "XENBUS_PATH=%s", dev->nodename) ||
	    add_uevent_var(env, "MODALIAS=xen:%s", dev->devicetype))
		return -ENOMEM;
	return 0;
}

/*
 * Bind: find out who the backend is, let the driver set up, then watch
 * the backend's state.  The watch comes last, so otherend_changed never
 * runs before probe has returned; it fires once at registration with
 * the state the backend is in by then.
 */
static int xenbus_bus_probe(struct device *_dev)
{
	struct xenbus_driver *drv = to_xenbus_driver(_dev->driver);
	struct xenbus_device *dev = to_xenbus_device(_dev);
	const struct xenbus_device_id *id;
	int err;

	id = xenbus_match_id(drv->ids, dev->devicetype);
	if (!id)
		return -ENODEV;
	err = xenbus_otherend_attach(dev);
	if (err)
		goto fail;
	WRITE_ONCE(dev->state, xenbus_read_own_state(dev));
	/*
	 * Left Closed by an earlier driver (an unbind or rmmod, see
	 * xenbus_close_for_unbind()): start over.  The backend, Closed
	 * too, moves to InitWait when it sees us Initialising.
	 */
	if (dev->state == XenbusStateClosed) {
		dev_info(_dev, "%s was closed; starting over\n", dev->nodename);
		err = xenbus_switch_state(dev, XenbusStateInitialising);
		if (err)
			goto fail_otherend;
	}

	err = drv->probe(dev, id);
	if (err)
		goto fail_otherend;
	err = xenbus_otherend_watch(dev);
	if (err) {
		dev_err(_dev, "cannot watch %s: %d\n", dev->otherend_watch.path, err);
		goto fail_remove;
	}
	xenbus_state_changed();
	return 0;

fail_remove:
	if (drv->remove)
		drv->remove(dev);
fail_otherend:
	xenbus_otherend_detach(dev);
fail:
	dev_err(_dev, "%s cannot drive this device: %d\n", drv->name, err);
	return err;
}

/*
 * Unbind.  A device still in xenstore is closed with its backend first
 * (bus_wait.c).  Then the watch goes: once it is unregistered, no
 * otherend_changed call is running or will run, and remove has the
 * device to itself.  The backend's path stays readable for remove.
 */
static void xenbus_bus_remove(struct device *_dev)
{
	struct xenbus_driver *drv = to_xenbus_driver(_dev->driver);
	struct xenbus_device *dev = to_xenbus_device(_dev);

	xenbus_close_for_unbind(dev);
	xenbus_otherend_unwatch(dev);
	if (drv->remove)
		drv->remove(dev);
	xenbus_otherend_detach(dev);
	xenbus_state_changed();
}

static void xenbus_bus_shutdown(struct device *_dev)
{
	xenbus_shutdown_device(to_xenbus_device(_dev));
}

/*
 * sysfs files of every device, all read by one function that looks at
 * the file's name: nodename and devtype (where the device lives in
 * xenstore), modalias (what udev loads a driver by), and state (ours as
 * we last wrote it: a snapshot, it may change any time).
 */
static ssize_t xenbus_dev_show(struct device *_dev, struct device_attribute *attr,
			       char *buf)
{
	struct xenbus_device *dev = to_xenbus_device(_dev);
	const char *file = attr->attr.name;

	if (!strcmp(file, "nodename"))
		return sysfs_emit(buf, "%s\n", dev->nodename);
	if (!strcmp(file, "devtype"))
		return sysfs_emit(buf, "%s\n", dev->devicetype);
	if (!strcmp(file, "modalias"))
		return sysfs_emit(buf, "xen:%s\n", dev->devicetype);
	return sysfs_emit(buf, "%s\n", xenbus_state_name(READ_ONCE(dev->state)));
}

static struct device_attribute xenbus_dev_files[] = {
	__ATTR(nodename, 0444, xenbus_dev_show, NULL),
	__ATTR(devtype, 0444, xenbus_dev_show, NULL),
	__ATTR(modalias, 0444, xenbus_dev_show, NULL),
	__ATTR(state, 0444, xenbus_dev_show, NULL),
};

/* Filled from xenbus_dev_files before the bus registers; NULL-terminated. */
static struct attribute *xenbus_dev_attrs[ARRAY_SIZE(xenbus_dev_files) + 1];
ATTRIBUTE_GROUPS(xenbus_dev);

/*
 * Save and restore (xl save/restore, migration).  The bus only hands
 * over to the driver; after a restore the backend may be another one,
 * so its path and id are read again and the watch moves with them.
 */
static struct xenbus_driver *xenbus_bound_driver(struct device *_dev)
{
	return _dev->driver ? to_xenbus_driver(_dev->driver) : NULL;
}

static int xenbus_pm_freeze(struct device *_dev)
{
	struct xenbus_driver *drv = xenbus_bound_driver(_dev);

	if (!drv || !drv->suspend)
		return 0;
	return drv->suspend(to_xenbus_device(_dev));
}

/* The image was written (or the save failed): the same backend is still there. */
static int xenbus_pm_thaw(struct device *_dev)
{
	struct xenbus_driver *drv = xenbus_bound_driver(_dev);

	if (!drv || !drv->resume)
		return 0;
	return drv->resume(to_xenbus_device(_dev));
}

static int xenbus_pm_restore(struct device *_dev)
{
	struct xenbus_driver *drv = xenbus_bound_driver(_dev);
	struct xenbus_device *dev = to_xenbus_device(_dev);
	int err;

	if (!drv)
		return 0;
	xenbus_otherend_detach(dev);
	err = xenbus_otherend_attach(dev);
	if (err)
		return err;
	if (drv->resume) {
		err = drv->resume(dev);
		if (err)
			return err;
	}
	err = xenbus_otherend_watch(dev);
	if (err)
		dev_err(_dev, "cannot watch %s after restore: %d\n",
			dev->otherend_watch.path, err);
	return err;
}

static const struct dev_pm_ops xenbus_pm_ops = {
	.freeze		= xenbus_pm_freeze,
	.thaw		= xenbus_pm_thaw,
	.restore	= xenbus_pm_restore,
};

struct bus_type xenbus_frontend_type = {
	.name		= "xen",
	.dev_groups	= xenbus_dev_groups,
	.match		= xenbus_bus_match,
	.uevent		= xenbus_bus_uevent,
	.probe		= xenbus_bus_probe,
	.remove		= xenbus_bus_remove,
	.shutdown	= xenbus_bus_shutdown,
	.pm		= &xenbus_pm_ops,
};

int __xenbus_register_frontend(struct xenbus_driver *drv, struct module *owner,
			       const char *mod_name)
{
	struct device_driver *core = &drv->driver;

	if (!xenbus_bus_registered)
		return -ENODEV;
	if (!drv->name || !drv->ids || !drv->probe || !drv->otherend_changed) {
		pr_err("xenbus: driver %s needs a name, an id table, probe and otherend_changed\n",
		       mod_name);
		return -EINVAL;
	}
	/* The bus's callbacks do the rest; the driver fills none of these. */
	*core = (struct device_driver) {
		.name		= drv->name,
		.bus		= &xenbus_frontend_type,
		.owner		= owner,
		.mod_name	= mod_name,
	};
	return driver_register(core);
}
EXPORT_SYMBOL_GPL(__xenbus_register_frontend);

void xenbus_unregister_driver(struct xenbus_driver *drv)
{
	/* Unbinds (and so removes) every device the driver holds first. */
	if (drv->driver.bus == &xenbus_frontend_type)
		driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(xenbus_unregister_driver);

/*
 * Early, so that the bus exists before any driver registers (device
 * initcalls) and before the devices are read (bus_probe.c, once
 * xenstore is up).  Only a PV domU has a xenstore ring for now.
 */
static int __init xenbus_bus_init(void)
{
	unsigned int i;
	int err;

	if (!xen_pv_domain())
		return 0;
	for (i = 0; i < ARRAY_SIZE(xenbus_dev_files); i++)
		xenbus_dev_attrs[i] = &xenbus_dev_files[i].attr;
	err = bus_register(&xenbus_frontend_type);
	if (err) {
		pr_err("xenbus: cannot register the xen bus: %d\n", err);
		return err;
	}
	xenbus_bus_registered = true;
	return 0;
}
postcore_initcall(xenbus_bus_init);
