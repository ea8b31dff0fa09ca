/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the xenbus frontend bus (drivers/xen/xenbus/bus_*.c): how its
 * files see each other.  Layout and handshake: Documentation/xen/xenbus.rst.
 */
#ifndef _XEN_XENBUS_BUS_INTERNAL_H
#define _XEN_XENBUS_BUS_INTERNAL_H

#include <linux/types.h>
#include <linux/wait.h>
#include <xen/xenbus.h>

/* ---- names and values from xenstore (bus_parse.c): pure functions ---- */

/* Longest device id (the <id> of device/<type>/<id>) plus its NUL. */
#define XENBUS_ID_MAX		32
/* Longest backend path we accept, plus its NUL. */
#define XENBUS_OTHEREND_MAX	256

/* What xenbus_split_device_path() found. */
enum xenbus_path_depth {
	XENBUS_PATH_ROOT,	/* "device" itself */
	XENBUS_PATH_TYPE,	/* "device/<type>" */
	XENBUS_PATH_DEVICE,	/* "device/<type>/<id>" */
	XENBUS_PATH_INSIDE,	/* a node below "device/<type>/<id>" */
};

int xenbus_check_name(const char *name, size_t size);
int xenbus_parse_domid(const char *s, domid_t *domid);
int xenbus_parse_state(const char *s, enum xenbus_state *state);
int xenbus_check_otherend(const char *path, domid_t domid);
int xenbus_split_device_path(const char *path, char *type, char *id);
const char *xenbus_state_name(enum xenbus_state state);

/* ---- the bus (bus_core.c) ---- */

extern struct bus_type xenbus_frontend_type;
/* True once xenbus_frontend_type is registered (PV domU only, for now). */
extern bool xenbus_bus_registered;
/*
 * Woken, with the sequence number bumped, whenever a device's state or
 * its backend's changes or a device comes or goes: the boot and
 * shutdown waits (bus_wait.c) sleep on it.
 */
extern wait_queue_head_t xenbus_state_wq;
void xenbus_state_changed(void);
int xenbus_state_seq_read(void);

/* ---- the other end (bus_otherend.c) ---- */

char *xenbus_read_value(const char *dir, const char *node, size_t size);
enum xenbus_state xenbus_read_own_state(struct xenbus_device *dev);
int xenbus_otherend_attach(struct xenbus_device *dev);
int xenbus_otherend_watch(struct xenbus_device *dev);
void xenbus_otherend_unwatch(struct xenbus_device *dev);
void xenbus_otherend_detach(struct xenbus_device *dev);

/* ---- waits (bus_wait.c) ---- */

void xenbus_shutdown_device(struct xenbus_device *dev);
void xenbus_close_for_unbind(struct xenbus_device *dev);

#endif /* _XEN_XENBUS_BUS_INTERNAL_H */
