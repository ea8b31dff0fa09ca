/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenbus frontend bus: the API of drivers/xen/xenbus/bus_*.c.
 *
 * The toolstack describes each virtual device of this domain under
 * device/<type>/<id> in xenstore, with "backend" and "backend-id" naming
 * the other end.  The bus turns each such directory into a struct
 * xenbus_device named "<type>-<id>" (vbd-51728), matches it to a driver
 * by <type>, and loads that driver's module by the alias "xen:<type>".
 * It watches device/ for devices that come and go at runtime, and the
 * backend's "state" node for each device, calling the driver when it
 * changes.  Handshake and xenstore layout: Documentation/xen/xenbus.rst.
 *
 * Everything the backend wrote (its path, id and state) is untrusted and
 * checked before use.  All calls may sleep.
 */
#ifndef _XEN_XENBUS_H
#define _XEN_XENBUS_H

#include <linux/compiler_attributes.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/io/xenbus.h>
#include <xen/xenstore.h>

/* Longest device type the bus accepts ("vbd", "vif", ...). */
#define XENBUS_TYPE_MAX		32

/* One entry of a driver's id table; the table ends with an empty type. */
struct xenbus_device_id {
	char devicetype[XENBUS_TYPE_MAX];
};

struct xenbus_device {
	const char *devicetype;		/* "vbd": the directory under device/ */
	const char *nodename;		/* "device/vbd/51728": our side */
	const char *otherend;		/* the backend's directory (checked) */
	domid_t otherend_id;		/* the backend's domain */
	enum xenbus_state state;	/* our state node as we last wrote it */
	struct device dev;

	/* private: the bus's */
	struct xenstore_watch otherend_watch;	/* on <otherend>/state */
	struct mutex state_lock;	/* serialises our state node writes */
	struct completion closed;	/* the backend reached Closed */
	bool gone;			/* removed from xenstore; under state_lock */
	/* Last passed to otherend_changed; the watch callback's alone. */
	enum xenbus_state otherend_state;
};

static inline struct xenbus_device *to_xenbus_device(struct device *dev)
{
	return container_of(dev, struct xenbus_device, dev);
}

struct xenbus_driver {
	const char *name;			/* module name, for sysfs */
	const struct xenbus_device_id *ids;

	/* Bind to a new device: publish rings, move to Initialised... */
	int (*probe)(struct xenbus_device *dev, const struct xenbus_device_id *id);
	/*
	 * The backend's state node changed to @state (already read and range
	 * checked).  Called from the xenwatch thread, one call at a time.
	 */
	void (*otherend_changed)(struct xenbus_device *dev, enum xenbus_state state);
	/* Unbind: the device is going away or the driver is unloading. */
	void (*remove)(struct xenbus_device *dev);
	/* Before save/migration and after resume (a new backend, maybe). */
	int (*suspend)(struct xenbus_device *dev);
	int (*resume)(struct xenbus_device *dev);

	struct device_driver driver;
};

static inline struct xenbus_driver *to_xenbus_driver(struct device_driver *drv)
{
	return container_of(drv, struct xenbus_driver, driver);
}

int __xenbus_register_frontend(struct xenbus_driver *drv, struct module *owner,
			       const char *mod_name);
#define xenbus_register_frontend(drv) \
	__xenbus_register_frontend(drv, THIS_MODULE, KBUILD_MODNAME)
void xenbus_unregister_driver(struct xenbus_driver *drv);

/*
 * Publish our state.  Writing the state we are already in does nothing.
 * Returns 0 or the xenstore error, which is also reported with
 * xenbus_dev_error().
 */
int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state state);

/* The backend's current state (XenbusStateUnknown if unreadable/bad). */
enum xenbus_state xenbus_read_otherend_state(struct xenbus_device *dev);

/*
 * Report a problem: log it and write it to error/<nodename>/error in
 * xenstore, where the toolstack shows it.  @err is a negative errno.
 */
__printf(3, 4)
void xenbus_dev_error(struct xenbus_device *dev, int err, const char *fmt, ...);

/* xenbus_dev_error(), then move to Closing: the device is given up. */
__printf(3, 4)
void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...);

/*
 * Grant the backend access to @nr_pages pages of ring memory at @vaddr
 * (kernel direct-map addresses, contiguous); references in @grefs.  On
 * failure nothing stays granted.  Undo with xenbus_ungrant_ring(), which
 * ends each grant with the deferred-free rule of <xen/grant.h> and takes
 * over freeing the pages: pass free_pages_exact()-able memory and do not
 * free it yourself.
 */
int xenbus_grant_ring(struct xenbus_device *dev, void *vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs);
void xenbus_ungrant_ring(void *vaddr, unsigned int nr_pages, grant_ref_t *grefs);

/* An unbound event channel port for the backend to connect to. */
int xenbus_alloc_evtchn(struct xenbus_device *dev, evtchn_port_t *port);

/*
 * Read <otherend>/<node> as an unsigned integer; @def if missing or not
 * a number (a bad value is logged).
 */
unsigned int xenbus_read_otherend_uint(struct xenbus_device *dev,
				       const char *node, unsigned int def);

#endif /* _XEN_XENBUS_H */
