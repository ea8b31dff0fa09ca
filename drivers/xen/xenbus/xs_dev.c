// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xen/xenbus: the xenstore wire protocol for user space
 * (Documentation/xen/xenstore.rst, "/dev/xen/xenbus").
 *
 * The xenstore tools write whole requests (header and payload, in as
 * many write() calls as they like) and read replies and watch events
 * back in the same format.  Each open file has its own state:
 *
 *  - requests pass through the kernel's connection (xs_talk()) under a
 *    req_id of the kernel's; the reply goes back with the caller's req_id;
 *  - transactions it started are remembered: only it may use their ids,
 *    and closing the file aborts those still open;
 *  - its watches become kernel watches whose callback queues an
 *    XS_WATCH_EVENT carrying the caller's token; closing removes them.
 *
 * Everything user space writes is checked before it goes to the daemon
 * (xs_user_check_*()): a bad message fails the write() that completes it
 * and is dropped, and the next byte starts a new message.
 */
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <xen/xen.h>
#include <xen/xenstore.h>

#include "xs_internal.h"

/*
 * Bytes of replies and events a file may have waiting to be read.  Past
 * it, watch events for the file are dropped and new requests refused
 * (-ENOBUFS) until the reader catches up; a well-behaved client reads
 * each reply before it writes the next request.
 */
#define XS_DEV_MAX_QUEUED	(64 * 1024)

/* A message waiting in a file's read queue. */
struct xs_dev_msg {
	struct list_head list;
	unsigned int len;		/* header + payload */
	unsigned int off;		/* bytes already read */
	char data[];			/* struct xsd_sockmsg, then the payload */
};

/* A transaction the file started and has not ended. */
struct xs_dev_tx {
	struct list_head list;
	u32 id;
};

struct xs_dev_watch {
	struct xenstore_watch watch;	/* watch.path points into buf */
	struct list_head list;		/* in the file's watches */
	struct xs_dev_file *file;
	const char *token;		/* the caller's token, into buf */
	char buf[];			/* path\0token\0 as the caller sent it */
};

struct xs_dev_file {
	/*
	 * Serialises writers: the message being assembled, the
	 * transactions and the watches.  Held while a request waits for
	 * its reply.
	 */
	struct mutex write_mutex;
	union {
		struct xsd_sockmsg hdr;
		char bytes[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	} in;
	unsigned int in_len;		/* bytes of in assembled so far */
	struct list_head transactions;
	struct list_head watches;

	/*
	 * The read queue: appended to by writers and by watch callbacks,
	 * emptied by readers.  read_lock protects the list and queued;
	 * read_mutex serialises readers, so the head message stays put
	 * while one copies from it.
	 */
	spinlock_t read_lock;
	struct list_head read_queue;
	unsigned int queued;
	/* Serialises readers; see above. */
	struct mutex read_mutex;
	wait_queue_head_t read_wq;
};

static bool xs_dev_queue_full(struct xs_dev_file *f)
{
	return READ_ONCE(f->queued) >= XS_DEV_MAX_QUEUED;
}

/* Queue a message for the reader; replies are never dropped. */
static int xs_dev_queue(struct xs_dev_file *f, u32 type, u32 req_id, u32 tx_id,
			const struct kvec *vec, unsigned int nvec, bool may_drop)
{
	struct xsd_sockmsg hdr = { .type = type, .req_id = req_id, .tx_id = tx_id };
	struct xs_dev_msg *m;
	unsigned int i, pos;
	size_t len = 0;

	for (i = 0; i < nvec; i++)
		len += vec[i].iov_len;
	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	hdr.len = len;

	m = kmalloc(struct_size(m, data, sizeof(hdr) + len), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->len = sizeof(hdr) + len;
	m->off = 0;
	memcpy(m->data, &hdr, sizeof(hdr));
	for (i = 0, pos = sizeof(hdr); i < nvec; i++) {
		memcpy(m->data + pos, vec[i].iov_base, vec[i].iov_len);
		pos += vec[i].iov_len;
	}

	spin_lock(&f->read_lock);
	if (may_drop && f->queued >= XS_DEV_MAX_QUEUED) {
		spin_unlock(&f->read_lock);
		kfree(m);
		return -ENOBUFS;
	}
	list_add_tail(&m->list, &f->read_queue);
	f->queued += m->len;
	spin_unlock(&f->read_lock);
	wake_up_interruptible(&f->read_wq);
	return 0;
}

/* A reply made up here: "OK", or the error's name as an XS_ERROR. */
static int xs_dev_reply_status(struct xs_dev_file *f, const struct xsd_sockmsg *req, int err)
{
	const char *text = err ? xs_errno_name(err) : "OK";
	struct kvec vec = { .iov_base = (void *)text, .iov_len = strlen(text) + 1 };

	return xs_dev_queue(f, err ? XS_ERROR : req->type, req->req_id, req->tx_id,
			    &vec, 1, false);
}

/* ---- watches ---- */

static void xs_dev_watch_fired(struct xenstore_watch *watch, const char *event_path)
{
	struct xs_dev_watch *dw = container_of(watch, struct xs_dev_watch, watch);
	struct kvec vec[2] = {
		{ .iov_base = (void *)event_path, .iov_len = strlen(event_path) + 1 },
		{ .iov_base = (void *)dw->token, .iov_len = strlen(dw->token) + 1 },
	};
	int err;

	err = xs_dev_queue(dw->file, XS_WATCH_EVENT, 0, 0, vec, 2, true);
	if (err)
		pr_warn_ratelimited("xenstore: watch event on %s for user space dropped: %d\n",
				    event_path, err);
}

/* Under write_mutex. */
static struct xs_dev_watch *xs_dev_find_watch(struct xs_dev_file *f, const char *path,
					      const char *token)
{
	struct xs_dev_watch *dw;

	list_for_each_entry(dw, &f->watches, list)
		if (!strcmp(dw->watch.path, path) && !strcmp(dw->token, token))
			return dw;
	return NULL;
}

/* XS_WATCH and XS_UNWATCH, under write_mutex; body checked: path\0token\0. */
static int xs_dev_watch_request(struct xs_dev_file *f, const struct xsd_sockmsg *hdr,
				const char *body)
{
	const char *path = body, *token = body + strlen(body) + 1;
	struct xs_dev_watch *dw;
	int err;

	dw = xs_dev_find_watch(f, path, token);
	if (hdr->type == XS_UNWATCH) {
		if (!dw)
			return xs_dev_reply_status(f, hdr, -ENOENT);
		list_del(&dw->list);
		xenstore_watch_unregister(&dw->watch);
		kfree(dw);
		return xs_dev_reply_status(f, hdr, 0);
	}

	if (dw)
		return xs_dev_reply_status(f, hdr, -EEXIST);
	dw = kzalloc(struct_size(dw, buf, hdr->len), GFP_KERNEL);
	if (!dw)
		return -ENOMEM;
	memcpy(dw->buf, body, hdr->len);
	dw->watch.path = dw->buf;
	dw->watch.callback = xs_dev_watch_fired;
	dw->token = dw->buf + (token - body);
	dw->file = f;
	err = xenstore_watch_register(&dw->watch);
	if (err) {
		kfree(dw);
		return xs_dev_reply_status(f, hdr, err);
	}
	list_add(&dw->list, &f->watches);
	return xs_dev_reply_status(f, hdr, 0);
}

/* ---- transactions ---- */

/* Under write_mutex. */
static struct xs_dev_tx *xs_dev_find_tx(struct xs_dev_file *f, u32 id)
{
	struct xs_dev_tx *t;

	list_for_each_entry(t, &f->transactions, list)
		if (t->id == id)
			return t;
	return NULL;
}

/* Keep track of the transactions the file starts and ends. */
static void xs_dev_track_tx(struct xs_dev_file *f, const struct xsd_sockmsg *req,
			    const struct xs_msg *reply)
{
	struct xs_dev_tx *t;
	u32 id;

	if (req->type == XS_TRANSACTION_END) {
		/* Committed, aborted or refused: the id is gone either way. */
		t = xs_dev_find_tx(f, req->tx_id);
		if (t) {
			list_del(&t->list);
			kfree(t);
		}
		return;
	}
	if (reply->hdr.type != XS_TRANSACTION_START)
		return;
	if (xs_parse_tx_id(reply->body, reply->hdr.len, &id)) {
		pr_err_ratelimited("xenstore: bad transaction id \"%*pE\" from the daemon\n",
				   min_t(int, reply->hdr.len, 32), reply->body);
		return;
	}
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		/* Not tracked: it will not be aborted on close.  The daemon times it out. */
		pr_warn_ratelimited("xenstore: out of memory tracking transaction %u\n", id);
		return;
	}
	t->id = id;
	list_add(&t->list, &f->transactions);
}

/* ---- writing requests ---- */

/* A complete, checked message in f->in: act on it.  Under write_mutex. */
static int xs_dev_request(struct xs_dev_file *f)
{
	const struct xsd_sockmsg *hdr = &f->in.hdr;
	const char *body = f->in.bytes + sizeof(*hdr);
	struct kvec vec = { .iov_base = (void *)body, .iov_len = hdr->len };
	struct xs_msg *reply;
	int err;

	if (xs_dev_queue_full(f))
		return -ENOBUFS;
	if (hdr->type == XS_WATCH || hdr->type == XS_UNWATCH)
		return xs_dev_watch_request(f, hdr, body);

	err = xs_talk(hdr->type, hdr->tx_id, &vec, 1, &reply);
	if (err)
		return err;
	if (hdr->type == XS_TRANSACTION_START || hdr->type == XS_TRANSACTION_END)
		xs_dev_track_tx(f, hdr, reply);

	/* The daemon's reply, under the caller's req_id. */
	vec.iov_base = reply->body;
	vec.iov_len = reply->hdr.len;
	err = xs_dev_queue(f, reply->hdr.type, hdr->req_id, reply->hdr.tx_id, &vec, 1, false);
	kfree(reply);
	return err;
}

/* Header complete: can it go on?  Under write_mutex. */
static int xs_dev_check_header(struct xs_dev_file *f)
{
	const struct xsd_sockmsg *hdr = &f->in.hdr;
	int err;

	err = xs_user_check_header(hdr);
	if (err)
		return err;
	/* Only the file's own transactions (the daemon ignores tx_id on watches). */
	if (hdr->tx_id && hdr->type != XS_WATCH && hdr->type != XS_UNWATCH &&
	    !xs_dev_find_tx(f, hdr->tx_id))
		return -EINVAL;
	return 0;
}

/* Append up to @max bytes of the user's buffer to the message being assembled. */
static int xs_dev_take(struct xs_dev_file *f, const char __user *ubuf, size_t max,
		       unsigned int upto, size_t *done)
{
	unsigned int n = min_t(size_t, max - *done, upto - f->in_len);

	if (copy_from_user(f->in.bytes + f->in_len, ubuf + *done, n))
		return -EFAULT;
	f->in_len += n;
	*done += n;
	return 0;
}

/*
 * Take the bytes of at most one message: a write() may hold part of one
 * or several; it returns at the end of the first message it completes,
 * and the caller writes the rest again (a short write).
 */
static ssize_t xs_dev_write(struct file *file, const char __user *ubuf, size_t count,
			    loff_t *ppos)
{
	struct xs_dev_file *f = file->private_data;
	const unsigned int hsz = sizeof(struct xsd_sockmsg);
	size_t done = 0;
	int err;

	if (!count)
		return 0;
	if (mutex_lock_interruptible(&f->write_mutex))
		return -EINTR;

	if (f->in_len < hsz) {
		err = xs_dev_take(f, ubuf, count, hsz, &done);
		if (err)
			goto out_unlock;
		if (f->in_len < hsz)
			goto out_unlock;
		err = xs_dev_check_header(f);
		if (err)
			goto out_drop;
	}

	err = xs_dev_take(f, ubuf, count, hsz + f->in.hdr.len, &done);
	if (err || f->in_len < hsz + f->in.hdr.len)
		goto out_unlock;

	/* A whole message. */
	err = xs_user_check_body(&f->in.hdr, f->in.bytes + hsz);
	if (!err)
		err = xs_dev_request(f);
out_drop:
	/* Done with this message, sent or refused: the next byte starts another. */
	f->in_len = 0;
out_unlock:
	mutex_unlock(&f->write_mutex);
	return err ? err : (ssize_t)done;
}

/* ---- reading replies and events ---- */

static bool xs_dev_has_data(struct xs_dev_file *f)
{
	bool ret;

	spin_lock(&f->read_lock);
	ret = !list_empty(&f->read_queue);
	spin_unlock(&f->read_lock);
	return ret;
}

static ssize_t xs_dev_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct xs_dev_file *f = file->private_data;
	struct xs_dev_msg *m;
	size_t done = 0;
	unsigned int n;
	int err;

	if (mutex_lock_interruptible(&f->read_mutex))
		return -EINTR;

	while (!xs_dev_has_data(f)) {
		if (file->f_flags & O_NONBLOCK) {
			err = -EAGAIN;
			goto out_err;
		}
		mutex_unlock(&f->read_mutex);
		if (wait_event_interruptible(f->read_wq, xs_dev_has_data(f)))
			return -EINTR;
		if (mutex_lock_interruptible(&f->read_mutex))
			return -EINTR;
	}

	while (done < count) {
		spin_lock(&f->read_lock);
		m = list_first_entry_or_null(&f->read_queue, struct xs_dev_msg, list);
		spin_unlock(&f->read_lock);
		if (!m)
			break;
		/* Only readers remove messages, and we hold read_mutex. */
		n = min_t(size_t, count - done, m->len - m->off);
		if (copy_to_user(ubuf + done, m->data + m->off, n)) {
			err = -EFAULT;
			goto out_err;
		}
		done += n;
		m->off += n;
		if (m->off < m->len)
			break;
		spin_lock(&f->read_lock);
		list_del(&m->list);
		f->queued -= m->len;
		spin_unlock(&f->read_lock);
		kfree(m);
	}
	mutex_unlock(&f->read_mutex);
	return done;

out_err:
	mutex_unlock(&f->read_mutex);
	return done ?: err;
}

static __poll_t xs_dev_poll(struct file *file, poll_table *wait)
{
	struct xs_dev_file *f = file->private_data;

	poll_wait(file, &f->read_wq, wait);
	if (xs_dev_has_data(f))
		return EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM;
	return EPOLLOUT | EPOLLWRNORM;
}

/* ---- open and close ---- */

static int xs_dev_open(struct inode *inode, struct file *file)
{
	struct xs_dev_file *f;

	if (!xenstore_available())
		return -ENODEV;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->write_mutex);
	INIT_LIST_HEAD(&f->transactions);
	INIT_LIST_HEAD(&f->watches);
	spin_lock_init(&f->read_lock);
	INIT_LIST_HEAD(&f->read_queue);
	mutex_init(&f->read_mutex);
	init_waitqueue_head(&f->read_wq);
	file->private_data = f;
	return stream_open(inode, file);
}

static int xs_dev_release(struct inode *inode, struct file *file)
{
	struct xs_dev_file *f = file->private_data;
	struct xs_dev_watch *dw, *dw_next;
	struct xs_dev_tx *t, *t_next;
	struct xs_dev_msg *m, *m_next;
	int err;

	/* Watches first: after this no callback touches f. */
	list_for_each_entry_safe(dw, dw_next, &f->watches, list) {
		xenstore_watch_unregister(&dw->watch);
		kfree(dw);
	}
	list_for_each_entry_safe(t, t_next, &f->transactions, list) {
		err = xenstore_transaction_end(t->id, true);
		if (err)
			pr_debug("xenstore: aborting transaction %u of a closed file: %d\n",
				 t->id, err);
		kfree(t);
	}
	list_for_each_entry_safe(m, m_next, &f->read_queue, list)
		kfree(m);
	kfree(f);
	return 0;
}

static const struct file_operations xs_dev_fops = {
	.owner = THIS_MODULE,
	.open = xs_dev_open,
	.release = xs_dev_release,
	.read = xs_dev_read,
	.write = xs_dev_write,
	.poll = xs_dev_poll,
	.llseek = no_llseek,
};

static struct miscdevice xs_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xen/xenbus",
	.fops = &xs_dev_fops,
};

static int __init xs_dev_init(void)
{
	int err;

	if (!xenstore_available())
		return 0;
	err = misc_register(&xs_dev);
	if (err)
		pr_err("xenstore: cannot register /dev/xen/xenbus: %d\n", err);
	return err;
}
device_initcall(xs_dev_init);
