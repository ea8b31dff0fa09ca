// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore watches and the "xenwatch" thread that runs their callbacks
 * (Documentation/xen/xenstore.rst, "Watches").
 *
 * Each registered watch gets a token of our own ("k" and a 64-bit
 * sequence number, never reused) that the daemon echoes in every
 * XS_WATCH_EVENT.  The rx thread queues each event, if its token names a
 * registered watch; the watch thread looks the token up again when it
 * gets to the event, so an event of a watch removed in between is
 * dropped rather than delivered to freed memory.
 */
#include <linux/atomic.h>
#include <linux/init.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <xen/xenstore.h>

#include "xs_internal.h"

/*
 * Events queued and not yet handled, at most.  A daemon (or a node that
 * changes in a tight loop) could otherwise make the queue grow without
 * bound while a callback sleeps; past this, events are dropped, which
 * watch users tolerate (they re-read state, events may be merged).
 */
#define XS_MAX_QUEUED_EVENTS	1024

struct xs_event {
	struct list_head list;
	const char *path;		/* into data[] */
	const char *token;		/* into data[] */
	char data[];			/* the event's payload */
};

/* Protects xs_watches, xs_events and xs_nr_events. */
static DEFINE_SPINLOCK(xs_watch_lock);
static LIST_HEAD(xs_watches);		/* registered watches */
static LIST_HEAD(xs_events);		/* events for the watch thread, oldest first */
static unsigned int xs_nr_events;
static DECLARE_WAIT_QUEUE_HEAD(xs_events_wq);

/*
 * Held by the watch thread while it runs a callback, so that
 * unregistering can wait for a running callback to finish.
 */
static DEFINE_MUTEX(xs_callback_mutex);
static struct task_struct *xs_watch_task;
static atomic64_t xs_watch_seq = ATOMIC64_INIT(0);

/* Under xs_watch_lock. */
static struct xenstore_watch *xs_find_watch(const char *token)
{
	struct xenstore_watch *w;

	list_for_each_entry(w, &xs_watches, list)
		if (!strcmp(w->token, token))
			return w;
	return NULL;
}

/* From the rx thread: a complete XS_WATCH_EVENT payload. */
void xs_watch_event(const char *body, unsigned int len)
{
	const char *path, *token;
	struct xs_event *ev;
	bool queued = false;

	if (xs_parse_watch_event(body, len, &path, &token)) {
		pr_err_ratelimited("xenstore: malformed watch event (%u bytes \"%*pE\") dropped\n",
				   len, min_t(int, len, 64), body);
		return;
	}
	ev = kmalloc(struct_size(ev, data, len), GFP_KERNEL);
	if (!ev)
		return;		/* the event is lost; watch users re-read state anyway */
	memcpy(ev->data, body, len);
	ev->path = ev->data;
	ev->token = ev->data + (token - body);

	spin_lock(&xs_watch_lock);
	/* Unknown tokens: events of a watch being removed. */
	if (xs_find_watch(ev->token) && xs_nr_events < XS_MAX_QUEUED_EVENTS) {
		list_add_tail(&ev->list, &xs_events);
		xs_nr_events++;
		queued = true;
	} else if (xs_nr_events >= XS_MAX_QUEUED_EVENTS) {
		pr_warn_ratelimited("xenstore: %u watch events pending; event on %s dropped\n",
				    xs_nr_events, path);
	}
	spin_unlock(&xs_watch_lock);

	if (queued)
		wake_up(&xs_events_wq);
	else
		kfree(ev);
}

static int xs_watch_thread(void *unused)
{
	struct xenstore_watch *w;
	struct xs_event *ev;

	for (;;) {
		wait_event_interruptible(xs_events_wq,
					 !list_empty(&xs_events) || kthread_should_stop());
		if (kthread_should_stop())
			break;

		mutex_lock(&xs_callback_mutex);
		spin_lock(&xs_watch_lock);
		ev = list_first_entry_or_null(&xs_events, struct xs_event, list);
		w = NULL;
		if (ev) {
			list_del(&ev->list);
			xs_nr_events--;
			w = xs_find_watch(ev->token);
		}
		spin_unlock(&xs_watch_lock);
		/* w cannot go away now: unregistering waits for xs_callback_mutex. */
		if (w)
			w->callback(w, ev->path);
		mutex_unlock(&xs_callback_mutex);

		kfree(ev);
		cond_resched();
	}
	return 0;
}

int __init xs_watch_start(void)
{
	struct task_struct *t;

	t = kthread_run(xs_watch_thread, NULL, "xenwatch");
	if (IS_ERR(t)) {
		pr_err("xenstore: cannot start the watch thread: %ld\n", PTR_ERR(t));
		return PTR_ERR(t);
	}
	xs_watch_task = t;
	return 0;
}

/* XS_WATCH or XS_UNWATCH for @watch: payload "path\0token\0". */
static int xs_watch_request(u32 type, struct xenstore_watch *watch)
{
	struct kvec vec[2] = {
		{ .iov_base = (void *)watch->path, .iov_len = strlen(watch->path) + 1 },
		{ .iov_base = watch->token, .iov_len = strlen(watch->token) + 1 },
	};
	struct xs_msg *reply;

	reply = xs_request(type, XENSTORE_NO_TX, vec, ARRAY_SIZE(vec));
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	kfree(reply);
	return 0;
}

/*
 * Under xs_watch_lock.  A watch that was never registered is all zeroes
 * (or fresh from unregistering: an empty list head).
 */
static bool xs_watch_listed(const struct xenstore_watch *watch)
{
	return watch->list.next && !list_empty(&watch->list);
}

/* Take @watch off the list; false if it was not on it. */
static bool xs_watch_forget(struct xenstore_watch *watch)
{
	bool was_on;

	spin_lock(&xs_watch_lock);
	was_on = xs_watch_listed(watch);
	if (was_on)
		list_del_init(&watch->list);
	spin_unlock(&xs_watch_lock);
	return was_on;
}

int xenstore_watch_register(struct xenstore_watch *watch)
{
	int err;

	if (!watch->path || !*watch->path || !watch->callback)
		return -EINVAL;
	if (!xenstore_available())
		return -ENODEV;

	/* Listed first: the daemon fires the watch once right away. */
	spin_lock(&xs_watch_lock);
	if (xs_watch_listed(watch)) {
		spin_unlock(&xs_watch_lock);
		return -EBUSY;
	}
	snprintf(watch->token, sizeof(watch->token), "k%llx",
		 (unsigned long long)atomic64_inc_return(&xs_watch_seq));
	list_add_tail(&watch->list, &xs_watches);
	spin_unlock(&xs_watch_lock);

	err = xs_watch_request(XS_WATCH, watch);
	if (err) {
		xs_watch_forget(watch);
		pr_debug("xenstore: watch on %s refused: %d\n", watch->path, err);
	}
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_watch_register);

void xenstore_watch_unregister(struct xenstore_watch *watch)
{
	int err;

	if (!xs_watch_forget(watch))
		return;

	/* Events still in flight for the token find no watch and are dropped. */
	err = xs_watch_request(XS_UNWATCH, watch);
	if (err && err != -ENOENT)
		pr_warn("xenstore: removing the watch on %s failed: %d\n", watch->path, err);

	/* Wait out a callback that found the watch before we took it off. */
	if (current != xs_watch_task) {
		mutex_lock(&xs_callback_mutex);
		mutex_unlock(&xs_callback_mutex);
	}
}
EXPORT_SYMBOL_GPL(xenstore_watch_unregister);
