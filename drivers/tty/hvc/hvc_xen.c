// SPDX-License-Identifier: GPL-2.0
/*
 * hvc0 on Xen: the primary console of a PV domain, as a backend of the
 * hvc framework (hvc_console.c).
 *
 * A domU talks to xenconsoled in dom0 through the console page and event
 * channel that start_info names; the ring protocol, who owns which index
 * and the hand-over from the boot console are described once, in
 * Documentation/xen/console.rst.  dom0 has no such page: it reads and
 * writes Xen's own console with HYPERVISOR_console_io, and Xen announces
 * input with VIRQ_CONSOLE.
 *
 * The console is registered at console_initcall time (hvc_instantiate),
 * so kernel messages reach hvc0 as soon as the printk core switches to
 * it; the tty (/dev/hvc0) comes at device_initcall time (hvc_alloc).  The
 * event channel is bound from the tty's first open to its last close (the
 * notifier hooks); console output never needs it.  One set of hv_ops
 * serves both kinds of domain, dispatching on xen_initial_domain().
 */
#include <linux/console.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sched/clock.h>
#include <linux/spinlock.h>
#include <xen/console-ring.h>
#include <xen/events.h>
#include <xen/hvc-console.h>
#include <xen/interface/io/console.h>
#include <xen/xen.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <asm/xen/page.h>

#include "hvc_console.h"

/* hvc's terminal number for our one console; it also becomes hvc0. */
#define XENCONS_VTERMNO		0
/* Bytes of tty output hvc buffers while the ring is full. */
#define XENCONS_OUTBUF_SIZE	PAGE_SIZE
/*
 * How long a kernel message waits, yielding the vCPU, for a backend that
 * drains nothing from a full ring, before kernel messages are dropped.
 * Generous: while Xen builds another domain, or under an emulated host,
 * xenconsoled may not run for more than a second (seen on the rig).
 */
#define XENCONS_STALL_NS	(5 * NSEC_PER_SEC)
/* The same bound in yields, in case the clock does not run yet. */
#define XENCONS_STALL_YIELDS	1000000
/* Notify the backend again every this many yields. */
#define XENCONS_KICK_EVERY	256

/*
 * Our side of the domU console page.  Of the shared fields we write only
 * out[], out_prod and in_cons; xenconsoled writes in[], in_prod and
 * out_cons, and may write anything anywhere in the page, so every index
 * read from it goes through the range checks of <xen/console-ring.h>.
 */
struct xencons {
	struct xencons_interface *intf;	/* the shared page (direct map) */
	evtchn_port_t port;		/* to xenconsoled, from start_info */
	/*
	 * Orders all our users of the page: hvc calls put_chars from tty
	 * writes (under hp->lock) and from kernel messages (under the
	 * console lock), and get_chars from its poll (under hp->lock), so
	 * no hvc lock covers them all.  Protects the fields below too.
	 */
	spinlock_t lock;
	bool broken;		/* the backend's indices made no sense: ring unused */
	bool stalled;		/* a full ring did not drain for XENCONS_STALL_NS */
	u32 stalled_cons;	/* out_cons when stalled was set; a change clears it */
	bool refused;		/* output was refused while stalled, not yet reported */
	bool took_over;		/* the boot console has been silenced */
	int irq;		/* the bound event channel while the tty is open */
};

static struct xencons xencons = {
	.lock = __SPIN_LOCK_UNLOCKED(xencons.lock),
};

/*
 * Kernel messages during an oops may come from a CPU that was stopped
 * holding the lock: then write without it rather than not at all.
 * Returns whether the lock is really held; for sparse it always is.
 */
static bool xencons_lock(struct xencons *xc, unsigned long *flags)
	__acquires(&xc->lock)
{
	local_irq_save(*flags);
	if (!oops_in_progress) {
		spin_lock(&xc->lock);
		return true;
	}
	if (spin_trylock(&xc->lock))
		return true;
	__acquire(&xc->lock);
	return false;
}

static void xencons_unlock(struct xencons *xc, bool locked, unsigned long flags)
	__releases(&xc->lock)
{
	if (locked)
		spin_unlock(&xc->lock);
	else
		__release(&xc->lock);
	local_irq_restore(flags);
}

static void xencons_report_broken(const char *ring, u32 prod, u32 cons, size_t size)
{
	pr_err("xen console: backend put the %s ring's indices %u apart (prod %u, cons %u; ring of %zu bytes); hvc0 stops using the console ring\n",
	       ring, prod - cons, prod, cons, size);
}

/*
 * domU output: copy what fits into out[] and publish it.  Returns the
 * number of bytes taken; -EAGAIN when the ring is full (hvc retries: a
 * tty write later, a kernel message after xencons_flush()); 0 when the
 * ring stays full after a bounded wait, so kernel messages are dropped
 * instead of hanging the kernel; -EIO once the ring is broken.
 */
static int xencons_ring_write(const char *buf, int count)
{
	struct xencons *xc = &xencons;
	struct xencons_interface *intf = xc->intf;
	unsigned long flags;
	bool locked, resumed = false;
	u32 prod, cons;
	int n;

	if (count <= 0)
		return 0;
	locked = xencons_lock(xc, &flags);
	if (xc->broken) {
		xencons_unlock(xc, locked, flags);
		return -EIO;
	}
	if (!xc->took_over) {
		xen_boot_console_handover();
		xc->took_over = true;
	}
	/*
	 * out_prod is ours, but re-read from the page: xen_boot_fatal() may
	 * still write a last message there (pv-console.c).
	 */
	prod = READ_ONCE(intf->out_prod);
	cons = READ_ONCE(intf->out_cons);
	/* Finish reading out_cons before storing into the space it frees. */
	virt_mb();
	n = xencons_ring_put(intf->out, sizeof(intf->out), prod, cons, buf, count);
	if (n > 0) {
		/* xenconsoled must see the bytes before the index that covers them. */
		virt_wmb();
		WRITE_ONCE(intf->out_prod, prod + n);
		resumed = xc->refused;
		xc->refused = false;
		xc->stalled = false;
	} else if (n == 0) {
		if (xc->stalled && cons != xc->stalled_cons)
			xc->stalled = false;	/* the backend drains again */
		n = xc->stalled ? 0 : -EAGAIN;
		xc->refused |= xc->stalled;
	} else {
		xc->broken = true;	/* reported below, outside the lock */
	}
	xencons_unlock(xc, locked, flags);

	if (n == -EIO) {
		xencons_report_broken("output", prod, cons, sizeof(intf->out));
		return n;
	}
	xen_evtchn_notify(xc->port);
	if (resumed)
		pr_warn("xen console: the backend drains the ring again; output was dropped while it did not\n");
	return n;
}

/*
 * hvc calls this with @wait false between attempts to place a kernel
 * message (and once after each), with @wait true between chunks of a
 * tty write.  Only a kernel message waits here: with interrupts possibly
 * off, it yields the vCPU so that xenconsoled can drain the ring, for a
 * bounded time without progress.  Then the console is marked stalled,
 * and put_chars drops kernel messages without waiting until the backend
 * moves out_cons again.
 */
static int xencons_flush(u32 vtermno, bool wait)
{
	struct xencons *xc = &xencons;
	struct xencons_interface *intf = xc->intf;
	unsigned long flags;
	unsigned int tries;
	u32 prod, cons;
	bool locked;
	u64 start;

	if (wait || xen_initial_domain())
		return 0;
	start = local_clock();
	for (tries = 0; ; tries++) {
		prod = READ_ONCE(intf->out_prod);
		cons = READ_ONCE(intf->out_cons);
		/* Room, or indices that put_chars will reject: done here. */
		if (prod - cons != sizeof(intf->out) ||
		    READ_ONCE(xc->broken) || READ_ONCE(xc->stalled))
			return 0;
		if (tries >= XENCONS_STALL_YIELDS || local_clock() - start > XENCONS_STALL_NS)
			break;
		if (tries % XENCONS_KICK_EVERY == 0)
			xen_evtchn_notify(xc->port);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}

	locked = xencons_lock(xc, &flags);
	xc->stalled = true;
	xc->stalled_cons = READ_ONCE(intf->out_cons);
	xencons_unlock(xc, locked, flags);
	pr_warn_ratelimited("xen console: the backend drains nothing from the output ring; dropping kernel messages until it does\n");
	return 0;
}

/* domU input: take what xenconsoled placed in in[], hand the space back. */
static int xencons_ring_read(char *buf, int count)
{
	struct xencons *xc = &xencons;
	struct xencons_interface *intf = xc->intf;
	unsigned long flags;
	u32 prod, cons;
	bool locked;
	int n;

	if (count <= 0)
		return 0;
	locked = xencons_lock(xc, &flags);
	if (xc->broken) {
		xencons_unlock(xc, locked, flags);
		return -EIO;
	}
	cons = READ_ONCE(intf->in_cons);
	prod = READ_ONCE(intf->in_prod);
	/* Read in_prod before the bytes it says are there. */
	virt_rmb();
	n = xencons_ring_get(intf->in, sizeof(intf->in), cons, prod, buf, count);
	if (n > 0) {
		/* Finish reading the bytes before xenconsoled may reuse their slots. */
		virt_mb();
		WRITE_ONCE(intf->in_cons, cons + n);
	} else if (n < 0) {
		xc->broken = true;	/* reported below, outside the lock */
	}
	xencons_unlock(xc, locked, flags);

	if (n < 0)
		xencons_report_broken("input", prod, cons, sizeof(intf->in));
	else if (n > 0)
		xen_evtchn_notify(xc->port);	/* there is room for more input */
	return n;
}

/*
 * dom0: Xen's console.  CONSOLEIO_write takes the whole buffer or fails;
 * any failure becomes -EIO, which hvc treats as "drop", never "retry".
 * CONSOLEIO_read returns the number of bytes it stored, at most @count.
 */
static int xencons_dom0_io(int cmd, const char *buf, int count)
{
	int rc = HYPERVISOR_console_io(cmd, count, buf);

	if (rc < 0 || rc > count)
		return -EIO;
	return cmd == CONSOLEIO_write ? count : rc;
}

/* hvc's put_chars: the ring in a domU, Xen's console in dom0. */
static int xencons_put_chars(u32 vtermno, const char *buf, int count)
{
	if (xen_initial_domain())
		return xencons_dom0_io(CONSOLEIO_write, buf, count);
	return xencons_ring_write(buf, count);
}

/* hvc's get_chars, likewise. */
static int xencons_get_chars(u32 vtermno, char *buf, int count)
{
	if (xen_initial_domain())
		return xencons_dom0_io(CONSOLEIO_read, buf, count);
	return xencons_ring_read(buf, count);
}

/* The event channel: xenconsoled placed input or drained output. */
static irqreturn_t xencons_interrupt(int irq, void *dev_id)
{
	struct hvc_struct *hp = dev_id;

	/* As hvc_irq.c does: poll now, let khvcd finish a long read. */
	if (hvc_poll(hp))
		hvc_kick();
	return IRQ_HANDLED;
}

/*
 * First open of the tty: bind the event channel (hvc_open).  Without it
 * the tty still works: hvc's thread then polls for input.
 */
static int xencons_notifier_add(struct hvc_struct *hp, int data)
{
	int irq;

	if (hp->irq_requested)
		return 0;	/* still bound since a hangup */
	if (xen_initial_domain())
		irq = xen_evtchn_bind_virq(VIRQ_CONSOLE, 0, xencons_interrupt, 0,
					   "hvc_console", hp);
	else
		irq = xen_evtchn_bind_port(xencons.port, xencons_interrupt, 0,
					   "hvc_console", hp);
	if (irq < 0) {
		pr_warn("xen console: cannot bind the console event channel (%d); polling hvc0 instead\n",
			irq);
		hp->irq_requested = 0;
		return 0;
	}
	xencons.irq = irq;
	/* khvcd need not poll for input: the interrupt says when. */
	hp->irq_requested = 1;
	return 0;
}

/* Last close: unbind again (idempotent). */
static void xencons_notifier_del(struct hvc_struct *hp, int data)
{
	if (!hp->irq_requested)
		return;
	hp->irq_requested = 0;
	xen_evtchn_unbind(xencons.irq, hp);
	xencons.irq = 0;
}

/*
 * A hangup needs no hook of its own: it leaves the channel bound, the
 * next open finds it bound (xencons_notifier_add), and the handler copes
 * with a port that has no tty.
 */
static const struct hv_ops xencons_ops = {
	.get_chars = xencons_get_chars,
	.put_chars = xencons_put_chars,
	.flush = xencons_flush,
	.notifier_add = xencons_notifier_add,
	.notifier_del = xencons_notifier_del,
};

/* Whether this domain has a Xen console for hvc0 (set at console init). */
static bool xencons_found;

/* domU: find the page start_info names; it must be one of our frames. */
static int __init xencons_domu_setup(struct xencons *xc)
{
	unsigned long mfn = xen_start_info->console.domU.mfn;
	evtchn_port_t port = xen_start_info->console.domU.evtchn;
	unsigned long pfn = mfn_to_pfn(mfn);

	if (pfn == INVALID_P2M_ENTRY || !pfn_valid(pfn)) {
		pr_err("xen console: start_info's console frame %#lx is not ours; no hvc0\n",
		       mfn);
		return -ENODEV;
	}
	if (!port) {
		pr_err("xen console: start_info names no console event channel; no hvc0\n");
		return -ENODEV;
	}
	xc->intf = pfn_to_kaddr(pfn);
	xc->port = port;
	return 0;
}

/* Console initcalls: make hvc0 a kernel console before the tty exists. */
static int __init xencons_console_init(void)
{
	int rc;

	/* <xen/console-ring.h> masks indices: both rings are powers of two. */
	BUILD_BUG_ON_NOT_POWER_OF_2(sizeof_field(struct xencons_interface, in));
	BUILD_BUG_ON_NOT_POWER_OF_2(sizeof_field(struct xencons_interface, out));

	if (!xen_pv_domain())
		return 0;
	if (!xen_initial_domain()) {
		rc = xencons_domu_setup(&xencons);
		if (rc)
			return rc;
	}
	if (hvc_instantiate(XENCONS_VTERMNO, 0, &xencons_ops)) {
		pr_err("xen console: hvc0 is taken; not registering the Xen console\n");
		return -EBUSY;
	}
	xencons_found = true;
	return 0;
}
console_initcall(xencons_console_init);

/* Device initcalls: the tty /dev/hvc0 on the same console. */
static int __init xencons_tty_init(void)
{
	struct hvc_struct *hp;

	if (!xencons_found)
		return 0;
	hp = hvc_alloc(XENCONS_VTERMNO, 0, &xencons_ops, XENCONS_OUTBUF_SIZE);
	if (IS_ERR(hp)) {
		pr_err("xen console: cannot create the hvc0 tty: %ld\n", PTR_ERR(hp));
		return PTR_ERR(hp);
	}
	return 0;
}
device_initcall(xencons_tty_init);
