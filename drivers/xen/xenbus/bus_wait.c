// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded waits for frontend devices (Documentation/xen/xenbus.rst,
 * "Waiting at boot and shutdown"):
 *
 * - at boot, before the kernel mounts root, for the devices that
 *   built-in drivers drive to connect, so that root=/dev/xvda needs no
 *   rootwait;
 * - at poweroff and reboot, for each connected device's backend to
 *   close after we moved to Closing, so that it has finished its I/O.
 *
 * Neither waits forever on a backend that does not answer.
 */
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/wait.h>
#include <xen/xenbus.h>
#include "bus_internal.h"

/* The longest boot waits for devices to connect, in all. */
#define XENBUS_BOOT_WAIT_SECS		30
/* How often a boot still waiting says so. */
#define XENBUS_BOOT_NOTE_SECS		5
/* The longest poweroff or reboot waits for backends to close, in all. */
#define XENBUS_SHUTDOWN_WAIT_SECS	10
/* The longest an unbinding driver waits for its backend to close. */
#define XENBUS_UNBIND_WAIT_SECS		10

/*
 * Still to connect: bound to a built-in driver (modules load later, from
 * user space) and neither connected nor given up by either end.
 */
static bool xenbus_boot_pending(struct xenbus_device *dev)
{
	struct device_driver *drv = READ_ONCE(dev->dev.driver);
	enum xenbus_state state = READ_ONCE(dev->state);

	if (!drv || drv->owner || READ_ONCE(dev->gone))
		return false;
	if (state >= XenbusStateConnected)
		return false;
	return READ_ONCE(dev->otherend_state) < XenbusStateClosing;
}

static int xenbus_count_pending(struct device *_dev, void *count)
{
	if (xenbus_boot_pending(to_xenbus_device(_dev)))
		(*(unsigned int *)count)++;
	return 0;
}

static unsigned int xenbus_nr_pending(void)
{
	unsigned int count = 0;

	bus_for_each_dev(&xenbus_frontend_type, NULL, &count, xenbus_count_pending);
	return count;
}

static int xenbus_report_pending(struct device *_dev, void *unused)
{
	struct xenbus_device *dev = to_xenbus_device(_dev);

	if (xenbus_boot_pending(dev))
		dev_warn(_dev, "not connected after %u s (ours %s, backend %s %s); booting on without it\n",
			 XENBUS_BOOT_WAIT_SECS, xenbus_state_name(READ_ONCE(dev->state)),
			 dev->otherend ?: "(none)",
			 xenbus_state_name(READ_ONCE(dev->otherend_state)));
	return 0;
}

/*
 * A late initcall: after every built-in driver registered (and probed
 * the devices bus_probe.c found), before prepare_namespace() mounts
 * root.  Every state change wakes us (xenbus_state_changed()); the
 * sequence number closes the gap between counting and sleeping.
 */
static int __init xenbus_boot_wait(void)
{
	unsigned long deadline = jiffies + XENBUS_BOOT_WAIT_SECS * HZ;
	unsigned long note = jiffies + XENBUS_BOOT_NOTE_SECS * HZ;
	unsigned int pending;
	int seq;

	if (!xenbus_bus_registered)
		return 0;
	for (;;) {
		seq = xenbus_state_seq_read();
		pending = xenbus_nr_pending();
		if (!pending)
			return 0;
		if (time_after_eq(jiffies, deadline))
			break;
		if (time_after_eq(jiffies, note)) {
			pr_info("xenbus: waiting for %u device(s) to connect\n", pending);
			note += XENBUS_BOOT_NOTE_SECS * HZ;
		}
		wait_event_timeout(xenbus_state_wq, xenbus_state_seq_read() != seq,
				   min(deadline, note) - jiffies);
	}
	bus_for_each_dev(&xenbus_frontend_type, NULL, NULL, xenbus_report_pending);
	return 0;
}
late_initcall(xenbus_boot_wait);

/*
 * Move @dev to Closing and wait up to @timeout jiffies for the backend's
 * Closed: the driver finishes the handshake in otherend_changed, on the
 * xenwatch thread.  A backend that does not answer gets a warning saying
 * what happens instead (@then).
 */
static void xenbus_close_and_wait(struct xenbus_device *dev, long timeout,
				  const char *then)
{
	if (xenbus_switch_state(dev, XenbusStateClosing))
		return;
	if (!wait_for_completion_timeout(&dev->closed, timeout))
		dev_warn(&dev->dev, "backend %s did not close in time; %s\n",
			 dev->otherend, then);
}

/*
 * The bus's .shutdown, for each device in turn (device_shutdown() runs
 * them one at a time, so the shared deadline needs no lock).  A
 * connected device moves to Closing; its driver finishes the handshake
 * in otherend_changed (backend Closing -> us Closed -> backend Closed)
 * on the xenwatch thread, which still runs, and we wait for the
 * backend's Closed, all devices together at most
 * XENBUS_SHUTDOWN_WAIT_SECS.
 */
void xenbus_shutdown_device(struct xenbus_device *dev)
{
	static unsigned long deadline;
	static bool started;
	long left;

	if (!dev->dev.driver || READ_ONCE(dev->gone) ||
	    READ_ONCE(dev->state) != XenbusStateConnected)
		return;
	if (!started) {
		deadline = jiffies + XENBUS_SHUTDOWN_WAIT_SECS * HZ;
		started = true;
	}
	left = time_before(jiffies, deadline) ? deadline - jiffies : 1;
	xenbus_close_and_wait(dev, left, "going down anyway");
}

/*
 * A driver lets go of a device that is still in xenstore (rmmod, or an
 * unbind through sysfs).  Called before the backend watch goes, so
 * that the driver still sees the backend's states: the device moves to
 * Closing and the driver finishes the handshake as at shutdown.  The
 * backend then has completed our I/O and let go of the rings, and is
 * ready for the next driver to connect; without this it would stay
 * Connected to rings nobody serves.  Waits at most
 * XENBUS_UNBIND_WAIT_SECS.  Never called on the xenwatch thread, which
 * must run the handshake (bus_probe.c removes devices from a work item).
 */
void xenbus_close_for_unbind(struct xenbus_device *dev)
{
	enum xenbus_state state = READ_ONCE(dev->state);

	/* Before Initialised the backend has nothing of ours. */
	if (READ_ONCE(dev->gone) || state < XenbusStateInitialised ||
	    state >= XenbusStateClosing)
		return;
	xenbus_close_and_wait(dev, XENBUS_UNBIND_WAIT_SECS * HZ, "unbinding anyway");
}
