// SPDX-License-Identifier: GPL-2.0
/*
 * Domain control through xenstore: the toolstack's shutdown and sysrq
 * requests (Documentation/xen/xenstore.rst, "Domain control").
 *
 * `xl shutdown/reboot` write "poweroff"/"reboot" to control/shutdown,
 * `xl sysrq` a key to control/sysrq.  We read each request and clear it
 * (write "") in one transaction, so it is acted on once even if the
 * watch fires several times, and the empty value is the acknowledgment
 * the toolstack waits for.  Shutting down itself is the reboot core's
 * job (orderly_poweroff()/orderly_reboot() run user space's poweroff or
 * reboot, and the architecture's machine_ops end the domain).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysrq.h>
#include <linux/workqueue.h>
#include <xen/xenstore.h>

/* Transaction conflicts tolerated while taking one request. */
#define XEN_CONTROL_RETRIES	8

/*
 * Read control/@key and clear it, in one transaction.  Returns the
 * request (kfree() it), or NULL when there is none (the key is absent or
 * empty, as after our own acknowledgment) or it could not be taken.
 */
static char *xen_control_take(const char *key)
{
	unsigned int tries;
	char *req;
	u32 tx;
	int err;

	for (tries = 0; tries < XEN_CONTROL_RETRIES; tries++) {
		err = xenstore_transaction_start(&tx);
		if (err)
			goto fail;
		req = xenstore_read(tx, "control", key, NULL);
		if (IS_ERR(req) || !*req) {
			xenstore_transaction_end(tx, true);
			err = PTR_ERR_OR_ZERO(req);
			if (!err)
				kfree(req);
			if (err && err != -ENOENT)
				goto fail;
			return NULL;
		}
		err = xenstore_write(tx, "control", key, "");
		if (err) {
			xenstore_transaction_end(tx, true);
			kfree(req);
			goto fail;
		}
		err = xenstore_transaction_end(tx, false);
		if (!err)
			return req;
		kfree(req);
		if (err != -EAGAIN)
			goto fail;
	}
	pr_err("xen control: control/%s kept changing under us; request not taken\n", key);
	return NULL;
fail:
	pr_err("xen control: cannot take the request in control/%s: %d\n", key, err);
	return NULL;
}

static void xen_shutdown_requested(struct xenstore_watch *watch, const char *event_path)
{
	char *req = xen_control_take("shutdown");

	if (!req)
		return;
	if (!strcmp(req, "poweroff")) {
		pr_info("xen control: the toolstack asks for poweroff\n");
		orderly_poweroff(true);
	} else if (!strcmp(req, "reboot")) {
		pr_info("xen control: the toolstack asks for reboot\n");
		orderly_reboot();
	} else if (!strcmp(req, "halt")) {
		/* A halted domain is no use to anyone: Xen ends it as for poweroff. */
		pr_info("xen control: the toolstack asks for halt; powering off\n");
		orderly_poweroff(true);
	} else if (!strcmp(req, "suspend")) {
		pr_warn("xen control: the toolstack asks for suspend, which this kernel does not support yet; request cleared, the domain keeps running and the toolstack will time out\n");
	} else {
		pr_warn("xen control: unknown shutdown request \"%*pE\" ignored\n",
			min_t(int, strlen(req), 32), req);
	}
	kfree(req);
}

static struct xenstore_watch xen_shutdown_watch = {
	.path = "control/shutdown",
	.callback = xen_shutdown_requested,
};

#ifdef CONFIG_MAGIC_SYSRQ
static void xen_sysrq_requested(struct xenstore_watch *watch, const char *event_path)
{
	char *req = xen_control_take("sysrq");

	if (!req)
		return;
	if (req[1])
		pr_warn("xen control: sysrq request \"%*pE\" is more than one key; using the first\n",
			min_t(int, strlen(req), 32), req);
	handle_sysrq(req[0]);
	kfree(req);
}

static struct xenstore_watch xen_sysrq_watch = {
	.path = "control/sysrq",
	.callback = xen_sysrq_requested,
};
#endif

/*
 * Tell the toolstack what we answer to.  control/ belongs to the
 * toolstack, which may not have made these keys writable for us: a
 * failure is reported, and the requests are served anyway.
 */
static void xen_control_advertise(const char *feature)
{
	int err = xenstore_write(XENSTORE_NO_TX, "control", feature, "1");

	if (err)
		pr_info("xen control: cannot advertise control/%s: %d\n", feature, err);
}

/*
 * From a work item, so that boot does not wait for the daemon.  No
 * feature-suspend: we cannot suspend yet, so we do not claim to.
 */
static void xen_control_setup(struct work_struct *work)
{
	int err;

	err = xenstore_watch_register(&xen_shutdown_watch);
	if (err) {
		pr_err("xen control: cannot watch control/shutdown: %d; xl shutdown will not work\n",
		       err);
		return;
	}
	xen_control_advertise("feature-poweroff");
	xen_control_advertise("feature-reboot");

#ifdef CONFIG_MAGIC_SYSRQ
	err = xenstore_watch_register(&xen_sysrq_watch);
	if (err)
		pr_err("xen control: cannot watch control/sysrq: %d\n", err);
	else
		xen_control_advertise("feature-sysrq");
#endif
}

static DECLARE_WORK(xen_control_work, xen_control_setup);

static int __init xen_control_init(void)
{
	if (xenstore_available())
		schedule_work(&xen_control_work);
	return 0;
}
device_initcall(xen_control_init);
