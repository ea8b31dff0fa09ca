// SPDX-License-Identifier: GPL-2.0
/*
 * The connection to the xenstore daemon: the ring page and event channel
 * start_info names, the receive thread, and requests matched to replies
 * (Documentation/xen/xenstore.rst, "The transport").
 *
 * One request is in flight at a time (request_mutex, held from writing
 * the request to taking its reply), and each carries a fresh req_id: a
 * reply whose req_id is not the one awaited (say, the late reply to a
 * request that timed out) is dropped, never handed to the wrong caller.
 *
 * The "xenstore" thread is the only reader of the response ring.  It
 * assembles messages, hands each reply to the waiting request and each
 * watch event to the watch thread (xs_watch.c).  The event channel
 * handler only wakes it and any writer waiting for room.
 *
 * Everything on the page comes from the daemon and is checked: indices
 * that are more than a ring apart, a payload length over
 * XENSTORE_PAYLOAD_MAX or the daemon's error flag break the connection:
 * it is declared broken, once, with the reason, and every request from
 * then on fails with -EIO.  A malformed message that does not derail
 * the byte stream only fails the request it answers.
 */
#include <linux/completion.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <xen/events.h>
#include <xen/xen.h>
#include <xen/xenstore.h>
#include <xen/interface/xen.h>
#include <asm/xen/hypervisor.h>
#include <asm/xen/page.h>

#include "xs_internal.h"

/*
 * How long a request may take, from queueing it to its reply, before the
 * caller gets -ETIMEDOUT.  Generous: xenstored serves all domains and
 * can be slow under load.  It bounds how long a caller (or a shutdown
 * path) can hang on a daemon that died; boot itself never waits for the
 * daemon (nothing at init sends a request).
 */
#define XS_REQUEST_TIMEOUT	(30 * HZ)

/*
 * Sleeping threads also look at the ring this often without an event,
 * so that a lost notification costs at most this much.
 */
#define XS_POLL_INTERVAL	HZ

/* The request waiting for its reply; on the requester's stack. */
struct xs_pending {
	u32 req_id;
	struct completion done;		/* completed by the rx thread */
	struct xs_msg *reply;		/* the reply, or NULL with err set */
	int err;
};

static struct {
	struct xs_ring ring;
	evtchn_port_t port;
	int irq;
	/*
	 * Woken by the event channel handler, and when the connection
	 * breaks or becomes usable: the rx thread waits here for bytes,
	 * writers for room.
	 */
	wait_queue_head_t ring_wq;
	/* One request in flight: held from queueing it to taking its reply. */
	struct mutex request_mutex;
	/* Protects pending between the requester and the rx thread. */
	spinlock_t pending_lock;
	struct xs_pending *pending;
	u32 last_req_id;		/* under request_mutex */
	/*
	 * The ring indices may be used.  False only while the daemon
	 * finishes a reconnection it (or someone before us) started; the
	 * rx thread then takes the ring over and sets it (release; readers
	 * acquire, as the tx side uses ring.req_prod after seeing it).
	 */
	bool synced;
	bool ready;			/* set once at the end of init */
	bool broken;			/* set once; never cleared */
	struct task_struct *rx_task;
	struct xs_rx rx;		/* rx thread only */
} xs_conn = {
	.ring_wq = __WAIT_QUEUE_HEAD_INITIALIZER(xs_conn.ring_wq),
	.request_mutex = __MUTEX_INITIALIZER(xs_conn.request_mutex),
	.pending_lock = __SPIN_LOCK_UNLOCKED(xs_conn.pending_lock),
};

/* True once start-up is complete; what it set up is then visible too. */
static bool xs_ready(void)
{
	/* Pairs with the release at the end of xs_init(). */
	return smp_load_acquire(&xs_conn.ready);
}

bool xenstore_available(void)
{
	return xs_ready() && !READ_ONCE(xs_conn.broken);
}
EXPORT_SYMBOL_GPL(xenstore_available);

/* Give up on the connection: fail the waiting request, wake everyone. */
static void xs_declare_broken(const char *why)
{
	struct xs_pending *p;

	if (xchg(&xs_conn.broken, true))
		return;
	pr_err("xenstore: %s; connection declared broken, requests now fail with -EIO\n", why);
	spin_lock(&xs_conn.pending_lock);
	p = xs_conn.pending;
	if (p) {
		xs_conn.pending = NULL;
		p->err = -EIO;
		complete(&p->done);
	}
	spin_unlock(&xs_conn.pending_lock);
	wake_up_all(&xs_conn.ring_wq);
}

static bool xs_is_broken(void)
{
	return READ_ONCE(xs_conn.broken);
}

static bool xs_synced(void)
{
	/* Pairs with the release in xs_rx_poll(): the ring copy is loaded. */
	return smp_load_acquire(&xs_conn.synced);
}

/* Has the daemon set its error flag (if it offers one)?  Then give up. */
static bool xs_daemon_failed(void)
{
	struct xenstore_domain_interface *intf = xs_conn.ring.intf;
	u32 error;

	if (!(READ_ONCE(intf->server_features) & XENSTORE_SERVER_FEATURE_ERROR))
		return false;
	error = READ_ONCE(intf->error);
	if (error == XENSTORE_ERROR_NONE)
		return false;
	pr_err("xenstore: the daemon stopped serving our ring (error %u: %s)\n", error,
	       error == XENSTORE_ERROR_COMM ? "communication problem" :
	       error == XENSTORE_ERROR_RINGIDX ? "bad ring index" :
	       error == XENSTORE_ERROR_PROTO ? "protocol violation" : "unknown");
	xs_declare_broken("the daemon reported an error");
	return true;
}

/* Is a reconnection in progress?  Then nobody may touch the ring. */
static bool xs_reconnecting(struct xenstore_domain_interface *intf)
{
	return (READ_ONCE(intf->server_features) & XENSTORE_SERVER_FEATURE_RECONNECTION) &&
	       READ_ONCE(intf->connection) != XENSTORE_CONNECTED;
}

static irqreturn_t xs_interrupt(int irq, void *dev_id)
{
	wake_up_all(&xs_conn.ring_wq);
	return IRQ_HANDLED;
}

/* By port: the rx thread may signal before the port is bound to an IRQ. */
static void xs_notify(void)
{
	xen_evtchn_notify(xs_conn.port);
}

/* ---- receiving ---- */

/* A complete reply: hand it to the request that waits for it, if any. */
static void xs_deliver_reply(const struct xs_rx *rx)
{
	struct xs_msg *msg;
	struct xs_pending *p;
	bool taken = false;

	msg = kmalloc(struct_size(msg, body, rx->hdr.len + 1), GFP_KERNEL);
	if (msg) {
		msg->hdr = rx->hdr;
		memcpy(msg->body, rx->body, rx->hdr.len + 1);
	}

	spin_lock(&xs_conn.pending_lock);
	p = xs_conn.pending;
	if (p && p->req_id == rx->hdr.req_id) {
		xs_conn.pending = NULL;
		p->reply = msg;
		p->err = msg ? 0 : -ENOMEM;
		complete(&p->done);
		taken = true;
	}
	spin_unlock(&xs_conn.pending_lock);

	if (!taken) {
		pr_warn_ratelimited("xenstore: dropped a %s reply (req_id %u) that no request waits for\n",
				    xs_type_name(rx->hdr.type), rx->hdr.req_id);
		kfree(msg);
	}
}

/* Read and dispatch every complete message the ring holds. */
static void xs_rx_poll(void)
{
	struct xs_rx *rx = &xs_conn.rx;
	u32 cons;
	int ret;

	if (xs_is_broken() || xs_daemon_failed())
		return;
	if (!xs_synced()) {
		if (xs_reconnecting(xs_conn.ring.intf))
			return;
		if (xs_ring_attach(&xs_conn.ring, xs_conn.ring.intf)) {
			xs_declare_broken("ring indices inconsistent after reconnection");
			return;
		}
		pr_info("xenstore: the daemon finished reconnecting; ring in use\n");
		/* The indices just loaded, before the flag that lets writers use them. */
		smp_store_release(&xs_conn.synced, true);
		wake_up_all(&xs_conn.ring_wq);
	}

	cons = xs_conn.ring.rsp_cons;
	for (;;) {
		ret = xs_rx_pull(rx, &xs_conn.ring);
		if (ret == 0)
			break;
		if (ret == -EMSGSIZE) {
			pr_err("xenstore: %s message (req_id %u) announces %u bytes, more than %u\n",
			       xs_type_name(rx->hdr.type), rx->hdr.req_id, rx->hdr.len,
			       XENSTORE_PAYLOAD_MAX);
			xs_declare_broken("oversized message from the daemon");
			return;
		}
		if (ret < 0) {
			pr_err("xenstore: response ring indices corrupt (rsp_prod %#x, rsp_cons %#x)\n",
			       READ_ONCE(xs_conn.ring.intf->rsp_prod), xs_conn.ring.rsp_cons);
			xs_declare_broken("corrupt response ring");
			return;
		}
		if (rx->hdr.type == XS_WATCH_EVENT)
			xs_watch_event(rx->body, rx->hdr.len);
		else
			xs_deliver_reply(rx);
		xs_rx_reset(rx);
	}
	/* We freed room: the daemon may be waiting to write the rest. */
	if (xs_conn.ring.rsp_cons != cons)
		xs_notify();
}

static bool xs_rx_wanted(void)
{
	if (xs_is_broken())
		return false;
	if (!xs_synced())
		return !xs_reconnecting(xs_conn.ring.intf);
	return xs_ring_can_read(&xs_conn.ring);
}

static int xs_rx_thread(void *unused)
{
	while (!kthread_should_stop()) {
		wait_event_interruptible_timeout(xs_conn.ring_wq,
						 xs_rx_wanted() || kthread_should_stop(),
						 XS_POLL_INTERVAL);
		xs_rx_poll();
	}
	return 0;
}

/* ---- sending ---- */

static bool xs_tx_ready(void)
{
	return xs_is_broken() ||
	       (xs_synced() && xs_ring_can_write(&xs_conn.ring));
}

/*
 * Queue @len bytes on the request ring by @deadline.  *@started records
 * that part of the request is out: from then on the request cannot be
 * abandoned without leaving half a message in the stream, so running out
 * of time breaks the connection.
 */
static int xs_send(const void *data, unsigned int len, unsigned long deadline,
		   bool *started)
{
	long left;
	int n;

	while (len) {
		if (xs_is_broken())
			return -EIO;
		if (xs_synced()) {
			n = xs_ring_write(&xs_conn.ring, data, len);
			if (n < 0) {
				pr_err("xenstore: request ring indices corrupt (req_cons %#x, req_prod %#x)\n",
				       READ_ONCE(xs_conn.ring.intf->req_cons),
				       xs_conn.ring.req_prod);
				xs_declare_broken("corrupt request ring");
				return -EIO;
			}
			if (n) {
				xs_notify();
				*started = true;
				data = (const char *)data + n;
				len -= n;
				continue;
			}
		}
		left = (long)(deadline - jiffies);
		if (left <= 0) {
			if (!*started)
				return -ETIMEDOUT;
			xs_declare_broken("the daemon stopped reading in the middle of a request");
			return -EIO;
		}
		wait_event_timeout(xs_conn.ring_wq, xs_tx_ready(),
				   min_t(long, left, XS_POLL_INTERVAL));
	}
	return 0;
}

/*
 * Send one request (a header made here, @vec as the payload) and wait
 * for its reply.  On success *@reply is the reply, which may be an
 * XS_ERROR or of any type: xs_request() checks it, /dev/xen/xenbus
 * passes it on.  kfree() it.
 */
int xs_talk(u32 type, u32 tx, const struct kvec *vec, unsigned int nvec,
	    struct xs_msg **reply)
{
	unsigned long deadline = jiffies + XS_REQUEST_TIMEOUT;
	struct xsd_sockmsg hdr = { .type = type, .tx_id = tx };
	struct xs_pending p = { .err = 0 };
	bool started = false, sent = false, answered = false;
	unsigned int i;
	size_t len = 0;
	long left;
	int err;

	if (!xs_ready())
		return -ENODEV;
	for (i = 0; i < nvec; i++)
		len += vec[i].iov_len;
	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	hdr.len = len;

	if (mutex_lock_killable(&xs_conn.request_mutex))
		return -EINTR;
	if (xs_is_broken()) {
		err = -EIO;
		goto out_unlock;
	}

	hdr.req_id = ++xs_conn.last_req_id;
	p.req_id = hdr.req_id;
	init_completion(&p.done);
	spin_lock(&xs_conn.pending_lock);
	xs_conn.pending = &p;
	spin_unlock(&xs_conn.pending_lock);

	err = xs_send(&hdr, sizeof(hdr), deadline, &started);
	for (i = 0; !err && i < nvec; i++)
		err = xs_send(vec[i].iov_base, vec[i].iov_len, deadline, &started);
	if (err)
		goto out_unpend;
	sent = true;

	left = (long)(deadline - jiffies);
	if (left > 0)
		left = wait_for_completion_killable_timeout(&p.done, left);
	/* A successful wait consumed the completion: remember it. */
	answered = left > 0;
	if (left < 0)
		err = -EINTR;
	else if (!left)
		err = -ETIMEDOUT;

out_unpend:
	/* After this the rx thread cannot reach p: it completes under this lock. */
	spin_lock(&xs_conn.pending_lock);
	if (xs_conn.pending == &p)
		xs_conn.pending = NULL;
	spin_unlock(&xs_conn.pending_lock);
	if (answered || try_wait_for_completion(&p.done)) {
		/*
		 * Answered, or failed by a broken ring, possibly while we
		 * were giving up.  A "reply" to a request that never fully
		 * went out is a daemon guessing req_ids: not ours to take.
		 */
		if (sent) {
			err = p.err;
			if (!err)
				*reply = p.reply;
		} else {
			kfree(p.reply);
			err = err ?: -EIO;
		}
	} else if (err == -ETIMEDOUT) {
		pr_warn_ratelimited("xenstore: no reply to %s request %u within %u s\n",
				    xs_type_name(type), hdr.req_id, XS_REQUEST_TIMEOUT / HZ);
	}
out_unlock:
	mutex_unlock(&xs_conn.request_mutex);
	return err;
}

/*
 * xs_talk() for kernel callers: the reply is returned only if it is of
 * the request's type; an XS_ERROR becomes its -errno (ERR_PTR()).
 */
struct xs_msg *xs_request(u32 type, u32 tx, const struct kvec *vec, unsigned int nvec)
{
	struct xs_msg *reply;
	int err;

	err = xs_talk(type, tx, vec, nvec, &reply);
	if (err)
		return ERR_PTR(err);
	err = xs_reply_check(&reply->hdr, reply->body, type);
	if (err) {
		kfree(reply);
		return ERR_PTR(err);
	}
	return reply;
}

/* ---- start-up ---- */

/* Where the ring page and its event channel are, for this kind of guest. */
static int __init xs_locate(unsigned long *mfn, unsigned long *pfn, evtchn_port_t *port)
{
#ifdef CONFIG_XEN_PV
	if (xen_pv_domain()) {
		*mfn = xen_start_info->store_mfn;
		*port = xen_start_info->store_evtchn;
		*pfn = mfn_to_pfn(*mfn);
		if (*pfn == INVALID_P2M_ENTRY || !pfn_valid(*pfn)) {
			pr_err("xenstore: start_info's ring frame (mfn %#lx) is not ours\n", *mfn);
			return -EINVAL;
		}
		return 0;
	}
#endif
	return -ENODEV;
}

/*
 * A subsys initcall: after the event channel service, which the
 * architecture sets up with its interrupts, and before the users of
 * xenstore (device initcalls).  It sends no request, so a dead daemon
 * cannot hold up boot here.
 */
static int __init xs_init(void)
{
	struct xenstore_domain_interface *intf;
	unsigned long mfn, pfn;
	evtchn_port_t port;
	int err;

	if (!xen_pv_domain() || xen_initial_domain())
		return 0;	/* dom0's xenstore comes with dom0 support */

	err = xs_locate(&mfn, &pfn, &port);
	if (err)
		return err;
	if (!port || port >= xen_evtchn_max_ports()) {
		pr_err("xenstore: start_info's event channel %u is not one of the %u ports\n",
		       port, xen_evtchn_max_ports());
		return -EINVAL;
	}
	intf = __va(PFN_PHYS(pfn));
	xs_conn.ring.intf = intf;
	xs_conn.port = port;

	if (xs_reconnecting(intf)) {
		pr_info("xenstore: the daemon is reconnecting our ring; waiting for it\n");
	} else {
		if (xs_ring_attach(&xs_conn.ring, intf)) {
			pr_err("xenstore: ring indices inconsistent at start (req %#x/%#x, rsp %#x/%#x)\n",
			       READ_ONCE(intf->req_prod), READ_ONCE(intf->req_cons),
			       READ_ONCE(intf->rsp_prod), READ_ONCE(intf->rsp_cons));
			return -EIO;
		}
		/* No thread runs yet: nothing to order against. */
		xs_conn.synced = true;
	}

	err = xs_watch_start();
	if (err)
		return err;

	xs_conn.rx_task = kthread_run(xs_rx_thread, NULL, "xenstore");
	if (IS_ERR(xs_conn.rx_task)) {
		err = PTR_ERR(xs_conn.rx_task);
		pr_err("xenstore: cannot start the receive thread: %d\n", err);
		goto err_no_rx;
	}

	err = xen_evtchn_bind_port(port, xs_interrupt, 0, "xenstore", &xs_conn);
	if (err < 0) {
		pr_err("xenstore: cannot bind event channel %u: %d\n", port, err);
		goto err_no_irq;
	}
	xs_conn.irq = err;

	/* Everything above (ring, port, irq) before the flag that publishes it. */
	smp_store_release(&xs_conn.ready, true);
	pr_info("xenstore: connected (ring at mfn %#lx pfn %#lx, port %u)\n", mfn, pfn, port);
	return 0;

err_no_irq:
	kthread_stop(xs_conn.rx_task);
err_no_rx:
	/* The watch thread stays, idle: no watch can be registered. */
	return err;
}
subsys_initcall(xs_init);
