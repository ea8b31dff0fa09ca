/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure logic of vCPU hotplug requests (vcpu-hotplug.c): what the
 * toolstack wrote, and which vCPU a watch event is about.  Both come
 * from xenstore, so both are checked strictly.  No Xen, no locks:
 * vcpu-hotplug_test.c tests them natively.
 */
#ifndef _XEN_VCPU_HOTPLUG_H
#define _XEN_VCPU_HOTPLUG_H

#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#include <xen/xenstore.h>

/* Beyond any vCPU number Xen hands out. */
#define XEN_VCPU_ID_LIMIT	65536U

enum xen_vcpu_avail {
	XEN_VCPU_AVAIL_BAD,	/* anything else: ignored, with a warning */
	XEN_VCPU_AVAIL_ONLINE,
	XEN_VCPU_AVAIL_OFFLINE,
};

/* The value of cpu/<n>/availability, @len bytes (it may hold NULs). */
static inline enum xen_vcpu_avail xen_vcpu_avail_parse(const char *val, unsigned int len)
{
	if (len == strlen("online") && !memcmp(val, "online", len))
		return XEN_VCPU_AVAIL_ONLINE;
	if (len == strlen("offline") && !memcmp(val, "offline", len))
		return XEN_VCPU_AVAIL_OFFLINE;
	return XEN_VCPU_AVAIL_BAD;
}

/*
 * The vCPU number of a watch event under "cpu": "cpu/<n>" or
 * "cpu/<n>/availability", <n> a number in xenstore's canonical decimal
 * (xenstore_parse_u64(): no sign or leading zeros) below
 * XEN_VCPU_ID_LIMIT.  Returns 0 and sets *@cpu, or -EINVAL for any other
 * path ("cpu" itself, as on the first event after registering, means
 * "look at all").
 */
static inline int xen_vcpu_avail_path(const char *path, unsigned int *cpu)
{
	/* Room for XEN_VCPU_ID_LIMIT - 1: anything longer is bad anyway. */
	char num[sizeof("65535")];
	const char *p, *end;
	size_t len;
	u64 n;

	if (strncmp(path, "cpu/", 4))
		return -EINVAL;
	p = path + 4;
	end = strchrnul(p, '/');
	len = end - p;
	if (len >= sizeof(num))
		return -EINVAL;
	memcpy(num, p, len);
	num[len] = '\0';
	if (xenstore_parse_u64(num, XEN_VCPU_ID_LIMIT - 1, &n))
		return -EINVAL;
	if (*end && strcmp(end, "/availability"))
		return -EINVAL;
	*cpu = n;
	return 0;
}

#endif /* _XEN_VCPU_HOTPLUG_H */
