// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers for frontend drivers (<xen/xenbus.h>): publishing our state,
 * reporting errors where the toolstack sees them, granting shared rings
 * and allocating the event channel the backend binds to
 * (Documentation/xen/xenbus.rst, "The frontend's side").
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/stdarg.h>
#include <asm/xen/page.h>
#include <xen/events.h>
#include <xen/grant.h>
#include <xen/xenbus.h>
#include <xen/xenstore.h>
#include "bus_internal.h"

/* Transaction conflicts tolerated while writing our state. */
#define XENBUS_STATE_RETRIES	8

/*
 * Write <nodename>/state in a transaction that first checks that our
 * directory still exists: after the toolstack removed it, a plain write
 * would create it again (xenstore makes missing parents), leaving a
 * device nobody cleans up.  -ENOENT then.
 */
static int xenbus_write_state(struct xenbus_device *dev, enum xenbus_state state)
{
	unsigned int tries;
	char *val;
	u32 tx;
	int err;

	for (tries = 0; tries < XENBUS_STATE_RETRIES; tries++) {
		err = xenstore_transaction_start(&tx);
		if (err)
			return err;
		val = xenstore_read(tx, dev->nodename, "", NULL);
		if (IS_ERR(val)) {
			xenstore_transaction_end(tx, true);
			return PTR_ERR(val);
		}
		kfree(val);
		err = xenstore_printf(tx, dev->nodename, "state", "%d", state);
		if (err) {
			xenstore_transaction_end(tx, true);
			return err;
		}
		err = xenstore_transaction_end(tx, false);
		if (err != -EAGAIN)
			return err;
	}
	return -EAGAIN;
}

int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state state)
{
	int err = 0;

	if ((unsigned int)state > XenbusStateReconfigured)
		return -EINVAL;
	mutex_lock(&dev->state_lock);
	if (state == dev->state) {
		mutex_unlock(&dev->state_lock);
		return 0;
	}
	/* Removed from xenstore: there is nobody left to tell. */
	if (!dev->gone)
		err = xenbus_write_state(dev, state);
	if (!err)
		WRITE_ONCE(dev->state, state);
	mutex_unlock(&dev->state_lock);

	if (!err) {
		dev_dbg(&dev->dev, "state %s\n", xenbus_state_name(state));
		xenbus_state_changed();
	} else if (err == -ENOENT) {
		dev_info(&dev->dev, "%s is gone; state %s not written\n",
			 dev->nodename, xenbus_state_name(state));
	} else {
		xenbus_dev_error(dev, err, "writing state %s", xenbus_state_name(state));
	}
	return err;
}
EXPORT_SYMBOL_GPL(xenbus_switch_state);

/*
 * Log the problem and leave it in error/<nodename>/error as
 * "<errno> <message>", where `xl` and the toolstack's logs show it.
 */
static __printf(3, 0)
void xenbus_report(struct xenbus_device *dev, int err, const char *fmt, va_list ap)
{
	char *msg, *dir;
	int werr;

	msg = kvasprintf(GFP_KERNEL, fmt, ap);
	dev_err(&dev->dev, "%s: %d\n", msg ?: fmt, err);
	if (!msg || READ_ONCE(dev->gone))
		goto free_msg;
	dir = kasprintf(GFP_KERNEL, "error/%s", dev->nodename);
	if (!dir)
		goto free_msg;
	werr = xenstore_printf(XENSTORE_NO_TX, dir, "error", "%d %s", -err, msg);
	if (werr)
		dev_dbg(&dev->dev, "cannot write %s/error: %d\n", dir, werr);
	kfree(dir);
free_msg:
	kfree(msg);
}

void xenbus_dev_error(struct xenbus_device *dev, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xenbus_report(dev, err, fmt, ap);
	va_end(ap);
}
EXPORT_SYMBOL_GPL(xenbus_dev_error);

void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xenbus_report(dev, err, fmt, ap);
	va_end(ap);
	xenbus_switch_state(dev, XenbusStateClosing);
}
EXPORT_SYMBOL_GPL(xenbus_dev_fatal);

/*
 * End the grants of @nr pages at @vaddr.  Each page goes to
 * xen_grant_end(), which puts it once the backend cannot touch it any
 * more (Documentation/xen/grants.rst): the caller's reference when
 * @extra is false, or one we take here when it is true, so that the
 * caller can free its own as usual.
 */
static void xenbus_end_grants(void *vaddr, unsigned int nr, grant_ref_t *grefs, bool extra)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct page *page = virt_to_page(vaddr + i * PAGE_SIZE);

		if (extra)
			get_page(page);
		xen_grant_end(grefs[i], page);
	}
}

int xenbus_grant_ring(struct xenbus_device *dev, void *vaddr,
		      unsigned int nr_pages, grant_ref_t *grefs)
{
	unsigned int i;
	int ref;

	if (!nr_pages || offset_in_page(vaddr) || !virt_addr_valid(vaddr))
		return -EINVAL;
	if (!xen_grant_available())
		return -ENODEV;
	for (i = 0; i < nr_pages; i++) {
		ref = xen_grant_access(dev->otherend_id,
				       xen_virt_to_gfn(vaddr + i * PAGE_SIZE), false);
		if (ref < 0)
			goto undo;
		grefs[i] = ref;
	}
	return 0;

undo:
	/*
	 * Not published yet, but references can be guessed: the pages stay
	 * the grant service's until the backend provably has none of them,
	 * and the caller frees its reference as if nothing had happened.
	 */
	xenbus_end_grants(vaddr, i, grefs, true);
	xenbus_dev_error(dev, ref, "granting %u ring pages", nr_pages);
	return ref;
}
EXPORT_SYMBOL_GPL(xenbus_grant_ring);

void xenbus_ungrant_ring(void *vaddr, unsigned int nr_pages, grant_ref_t *grefs)
{
	xenbus_end_grants(vaddr, nr_pages, grefs, false);
}
EXPORT_SYMBOL_GPL(xenbus_ungrant_ring);

int xenbus_alloc_evtchn(struct xenbus_device *dev, evtchn_port_t *port)
{
	int err;

	err = xen_evtchn_alloc_unbound(dev->otherend_id, port);
	if (err)
		xenbus_dev_error(dev, err, "allocating an event channel");
	return err;
}
EXPORT_SYMBOL_GPL(xenbus_alloc_evtchn);
