// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/xen/grants: the service's counters, one "name: value"
 * a line (Documentation/xen/grants.rst, "Counters").  Tests compare
 * in_use, reserved and ending before and after a device comes and goes
 * to find leaked grants.
 */
#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/seq_file.h>
#include <xen/xen.h>

#include "internal.h"

static int xen_grant_counters_show(struct seq_file *m, void *unused)
{
	struct xen_grant_stats st;

	xen_grant_get_stats(&st);
	seq_printf(m, "available: %d\n", xen_grant_available());
	seq_printf(m, "frames: %u\n", st.frames);
	seq_printf(m, "max_frames: %u\n", st.max_frames);
	seq_printf(m, "refs: %u\n", st.refs);
	seq_printf(m, "free: %u\n", st.free);
	seq_printf(m, "reserved: %u\n", st.reserved);
	seq_printf(m, "in_use: %u\n", st.in_use);
	seq_printf(m, "ending: %u\n", st.ending);
	seq_printf(m, "deferred: %lu\n", st.deferred);
	seq_printf(m, "leaked: %lu\n", st.leaked);
	seq_printf(m, "misuse: %lu\n", st.misuse);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xen_grant_counters);

static int __init xen_grant_debugfs_init(void)
{
	struct dentry *dir;

	if (!xen_pv_domain())
		return 0;
	/* The "xen" directory may be another service's already. */
	dir = debugfs_lookup("xen", NULL);
	if (!dir)
		dir = debugfs_create_dir("xen", NULL);
	debugfs_create_file("grants", 0444, dir, NULL, &xen_grant_counters_fops);
	return 0;
}
device_initcall(xen_grant_debugfs_init);
