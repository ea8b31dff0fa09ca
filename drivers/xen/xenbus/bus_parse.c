// SPDX-License-Identifier: GPL-2.0
/*
 * The xenbus frontend bus's checks on what it reads from xenstore:
 * device names, the backend's path, domain ids and state values
 * (Documentation/xen/xenbus.rst, "What is checked").  Everything here
 * comes from the toolstack or a backend, so nothing is trusted: each
 * function takes a NUL-terminated string and answers 0 or -EINVAL
 * (-ERANGE for a number out of range).  Pure functions, no state: the
 * KUnit suite xen_xenbus runs them on malformed input.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <xen/interface/xen.h>
#include <xen/xenstore.h>
#include "bus_internal.h"

/* The home of every domain; a backend lives in its domain's home. */
#define XENBUS_DOMAIN_PREFIX	"/local/domain/"

/*
 * A character of a device type or id: what xenstore allows, minus '@'.
 * ASCII only: the kernel's isalnum() also takes Latin-1 letters.
 */
static bool xenbus_name_char(char c)
{
	return isascii(c) && (isalnum(c) || c == '-' || c == '_');
}

/*
 * A device type or id: 1 to @size - 1 characters of [A-Za-z0-9_-].  No
 * '/', '.', spaces or control characters: the name ends up in sysfs
 * and in xenstore paths we build.
 */
int xenbus_check_name(const char *name, size_t size)
{
	size_t len = strnlen(name, size);

	if (!len || len >= size)
		return -EINVAL;
	while (len--)
		if (!xenbus_name_char(name[len]))
			return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbus_check_name);

/*
 * Numbers are xenstore_parse_u64()'s canonical decimal (digits only, no
 * sign, blanks or leading zeros); -ERANGE above the limits below.
 */

/* A domain id: a number below DOMID_FIRST_RESERVED. */
int xenbus_parse_domid(const char *s, domid_t *domid)
{
	u64 v;
	int err;

	err = xenstore_parse_u64(s, DOMID_FIRST_RESERVED - 1, &v);
	if (err)
		return err;
	*domid = v;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbus_parse_domid);

/* A state node's value: 0 (Unknown) to 8 (Reconfigured). */
int xenbus_parse_state(const char *s, enum xenbus_state *state)
{
	u64 v;
	int err;

	err = xenstore_parse_u64(s, XenbusStateReconfigured, &v);
	if (err)
		return err;
	*state = v;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbus_parse_state);

/*
 * The backend's directory, as device/<type>/<id>/backend names it:
 * "/local/domain/<domid>/backend/<one or more components>", where
 * <domid> is the backend-id we read, written without leading zeros.
 * Each component is a name as above; no empty components (no "//", no
 * trailing '/'), at most XENBUS_OTHEREND_MAX - 1 characters in all.
 * We read and watch nodes below it, so it must not point anywhere else:
 * not at our own home, not at the root, not at another domain.
 */
int xenbus_check_otherend(const char *path, domid_t domid)
{
	size_t len = strnlen(path, XENBUS_OTHEREND_MAX);
	char prefix[sizeof(XENBUS_DOMAIN_PREFIX "32767/backend/")];
	const char *p;
	int n;

	if (len >= XENBUS_OTHEREND_MAX)
		return -EINVAL;
	n = snprintf(prefix, sizeof(prefix), XENBUS_DOMAIN_PREFIX "%u/backend/", domid);
	if (strncmp(path, prefix, n))
		return -EINVAL;
	/* The rest: name ( '/' name )* */
	p = path + n;
	for (;;) {
		const char *start = p;

		while (xenbus_name_char(*p))
			p++;
		if (p == start)
			return -EINVAL;		/* empty component or bad character */
		if (!*p)
			return 0;
		if (*p != '/')
			return -EINVAL;
		p++;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xenbus_check_otherend);

/*
 * Take apart a path the watch on "device" reported: "device",
 * "device/<type>", "device/<type>/<id>" or a node below that.  Copies
 * <type> into @type (XENBUS_TYPE_MAX bytes) and <id> into @id
 * (XENBUS_ID_MAX bytes) as far as present, and returns the depth, or
 * -EINVAL for anything else (another path, a bad name, empty
 * components).
 */
int xenbus_split_device_path(const char *path, char *type, char *id)
{
	const char *p, *end;
	size_t len;

	if (strncmp(path, "device", 6))
		return -EINVAL;
	p = path + 6;
	if (!*p)
		return XENBUS_PATH_ROOT;
	if (*p++ != '/')
		return -EINVAL;

	end = strchrnul(p, '/');
	len = end - p;
	if (!len || len >= XENBUS_TYPE_MAX)
		return -EINVAL;
	memcpy(type, p, len);
	type[len] = '\0';
	if (xenbus_check_name(type, XENBUS_TYPE_MAX))
		return -EINVAL;
	if (!*end)
		return XENBUS_PATH_TYPE;

	p = end + 1;
	end = strchrnul(p, '/');
	len = end - p;
	if (!len || len >= XENBUS_ID_MAX)
		return -EINVAL;
	memcpy(id, p, len);
	id[len] = '\0';
	if (xenbus_check_name(id, XENBUS_ID_MAX))
		return -EINVAL;
	if (!*end)
		return XENBUS_PATH_DEVICE;
	/* Below the device: its own nodes are the driver's business. */
	return end[1] && end[1] != '/' ? XENBUS_PATH_INSIDE : -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(xenbus_split_device_path);

static const char *const xenbus_state_names[] = {
	[XenbusStateUnknown]		= "Unknown",
	[XenbusStateInitialising]	= "Initialising",
	[XenbusStateInitWait]		= "InitWait",
	[XenbusStateInitialised]	= "Initialised",
	[XenbusStateConnected]		= "Connected",
	[XenbusStateClosing]		= "Closing",
	[XenbusStateClosed]		= "Closed",
	[XenbusStateReconfiguring]	= "Reconfiguring",
	[XenbusStateReconfigured]	= "Reconfigured",
};

/* For messages and sysfs; "invalid" for a value outside the enum. */
const char *xenbus_state_name(enum xenbus_state state)
{
	if ((unsigned int)state >= ARRAY_SIZE(xenbus_state_names))
		return "invalid";
	return xenbus_state_names[state];
}
EXPORT_SYMBOL_IF_KUNIT(xenbus_state_name);
