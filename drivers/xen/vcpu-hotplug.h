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

/* Beyond any vCPU number Xen hands out; keeps the parse from overflowing. */
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
 * "cpu/<n>/availability", <n> decimal without sign or leading zeros.
 * Returns 0 and sets *@cpu, or -EINVAL for any other path ("cpu" itself,
 * as on the first event after registering, means "look at all").
 */
static inline int xen_vcpu_avail_path(const char *path, unsigned int *cpu)
{
	const char *p;
	unsigned int n = 0;

	if (strncmp(path, "cpu/", 4))
		return -EINVAL;
	p = path + 4;
	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (*p - '0');
		if (n >= XEN_VCPU_ID_LIMIT)
			return -EINVAL;
	}
	if (*p && strcmp(p, "/availability"))
		return -EINVAL;
	*cpu = n;
	return 0;
}

#endif /* _XEN_VCPU_HOTPLUG_H */
