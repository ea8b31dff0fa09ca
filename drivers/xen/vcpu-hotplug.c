// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU hotplug requested by the toolstack (Documentation/xen/smp.rst,
 * "vCPU hotplug").
 *
 * `xl vcpu-set` writes "online" or "offline" to cpu/<n>/availability in
 * the domain's xenstore home and leaves the rest to the guest.  We watch
 * cpu/ and follow each value: "offline" takes the CPU down (it ends in
 * VCPUOP_down) and makes it not present, so that nothing in the guest
 * brings it back behind the toolstack's back; "online" makes it present
 * and brings it up.  Every possible CPU is a vCPU Xen created, so the
 * toolstack cannot hand us one we have no room for.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <xen/xen.h>
#include <xen/xenstore.h>

#include "vcpu-hotplug.h"

/* Make the kernel's view of @cpu follow cpu/<cpu>/availability. */
static void xen_vcpu_follow(unsigned int cpu)
{
	enum xen_vcpu_avail want;
	char dir[16];
	unsigned int len;
	char *val;
	int rc;

	snprintf(dir, sizeof(dir), "cpu/%u", cpu);
	val = xenstore_read(XENSTORE_NO_TX, dir, "availability", &len);
	if (IS_ERR(val)) {
		/* Not written (yet): nothing asked of this one. */
		if (PTR_ERR(val) != -ENOENT)
			pr_warn("xen vcpu: cannot read %s/availability: %ld\n", dir, PTR_ERR(val));
		return;
	}
	want = xen_vcpu_avail_parse(val, len);
	if (want == XEN_VCPU_AVAIL_BAD)
		pr_warn("xen vcpu: %s/availability is \"%*pE\", not online or offline; ignored\n",
			dir, min(len, 32U), val);
	kfree(val);

	switch (want) {
	case XEN_VCPU_AVAIL_ONLINE:
		if (!cpu_present(cpu)) {
			cpu_maps_update_begin();
			set_cpu_present(cpu, true);
			cpu_maps_update_done();
		}
		rc = add_cpu(cpu);
		if (rc < 0)
			pr_err("xen vcpu: the toolstack gave back vCPU %u; bringing it up failed: %d\n",
			       cpu, rc);
		break;
	case XEN_VCPU_AVAIL_OFFLINE:
		if (cpu == 0) {
			pr_warn("xen vcpu: the toolstack asks for vCPU 0 to go; it stays\n");
			break;
		}
		rc = remove_cpu(cpu);
		if (rc < 0 && cpu_online(cpu)) {
			pr_err("xen vcpu: the toolstack took vCPU %u away; taking it offline failed: %d\n",
			       cpu, rc);
			break;
		}
		cpu_maps_update_begin();
		/* Unless someone onlined it again meanwhile. */
		if (!cpu_online(cpu))
			set_cpu_present(cpu, false);
		cpu_maps_update_done();
		break;
	case XEN_VCPU_AVAIL_BAD:
		break;
	}
}

static void xen_vcpu_changed(struct xenstore_watch *watch, const char *event_path)
{
	unsigned int cpu;

	if (!xen_vcpu_avail_path(event_path, &cpu)) {
		if (cpu < nr_cpu_ids && cpu_possible(cpu))
			xen_vcpu_follow(cpu);
		else
			pr_warn_ratelimited("xen vcpu: %s is about vCPU %u, which this domain does not have\n",
					    event_path, cpu);
		return;
	}
	/* The first event, or one for the whole of cpu/: look at them all. */
	for_each_possible_cpu(cpu)
		xen_vcpu_follow(cpu);
}

static struct xenstore_watch xen_vcpu_watch = {
	.path = "cpu",
	.callback = xen_vcpu_changed,
};

/* From a work item, so that boot does not wait for the daemon. */
static void xen_vcpu_hotplug_setup(struct work_struct *work)
{
	int err = xenstore_watch_register(&xen_vcpu_watch);

	if (err)
		pr_err("xen vcpu: cannot watch cpu/: %d; xl vcpu-set will not work\n", err);
}

static DECLARE_WORK(xen_vcpu_hotplug_work, xen_vcpu_hotplug_setup);

static int __init xen_vcpu_hotplug_init(void)
{
	if (xen_pv_domain() && xenstore_available())
		schedule_work(&xen_vcpu_hotplug_work);
	return 0;
}

/* After smp_init() brought up every vCPU: the first event then takes some down. */
late_initcall(xen_vcpu_hotplug_init);
