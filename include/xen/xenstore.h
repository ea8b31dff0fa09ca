/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xenstore client: the API of drivers/xen/xenbus/.
 *
 * xenstore is the key/value store the toolstack keeps for every domain
 * (Documentation/xen/xenstore.rst).  Paths are strings such as
 * "control/shutdown"; a path without a leading '/' is relative to the
 * domain's home, /local/domain/<domid>.  Each call below names a node as
 * @dir and @node, joined as "dir/node"; @node may be "" (or NULL) to name
 * @dir itself.
 *
 * Every call sleeps (it waits for the daemon's reply) and returns a
 * negative errno on failure:
 *   -ENOENT, -EACCES, -EEXIST, -EISDIR, -ENOSPC, -EAGAIN, -EINVAL, -E2BIG,
 *   -EROFS, -EBUSY, -EPERM, -ENOMEM, -ENOTEMPTY, -EISCONN, -EIO,
 *   -EOPNOTSUPP (the daemon's ENOSYS), -EDQUOT (its EQUOTA)
 *            the daemon's answer: its error names, mapped to errnos;
 *   -E2BIG   also: the request would not fit one message;
 *   -EIO     the daemon broke the protocol, or the connection is broken;
 *   -ETIMEDOUT  no reply within the request timeout (the late reply, if it
 *            ever comes, is dropped);
 *   -ENODEV  there is no xenstore (not a Xen guest, or it failed to start).
 * Nothing here may be called from atomic context.
 */
#ifndef _XEN_XENSTORE_H
#define _XEN_XENSTORE_H

#include <linux/compiler_attributes.h>
#include <linux/list.h>
#include <linux/types.h>

/* The transaction id meaning "no transaction": each request stands alone. */
#define XENSTORE_NO_TX		0U

/* True once the connection is up and not broken. */
bool xenstore_available(void);

/*
 * Read a node.  Returns its value, NUL-terminated (xenstore values are
 * byte strings and may themselves contain NULs; @len, if not NULL, gets
 * the length without the added NUL), or an ERR_PTR().  kfree() it.
 */
char *xenstore_read(u32 tx, const char *dir, const char *node, unsigned int *len);

/* Write the string @value to a node, creating it and missing parents. */
int xenstore_write(u32 tx, const char *dir, const char *node, const char *value);

/* xenstore_write() of a formatted value. */
__printf(4, 5)
int xenstore_printf(u32 tx, const char *dir, const char *node, const char *fmt, ...);

/*
 * Read a node and sscanf() it.  Returns the number of items converted
 * (0 when the value does not match @fmt, never -EIO for that) or -errno.
 */
__scanf(4, 5)
int xenstore_scanf(u32 tx, const char *dir, const char *node, const char *fmt, ...);

/*
 * A number as read from a node: the one parser for every user, so that
 * all agree on what a value means (Documentation/xen/xenstore.rst,
 * "Numbers").  @s must be the canonical unsigned decimal form that
 * printf's %u and %llu write: digits only, not empty, no sign, no
 * blanks or newline, no "0x", no leading zeros except "0" itself.
 * Returns 0 and sets *@out, or -EINVAL for any other form, or -ERANGE
 * for a well-formed number above @max (U64_MAX for no limit of one's
 * own); on error *@out is left alone.  Pure, any context.
 */
int xenstore_parse_u64(const char *s, u64 max, u64 *out);

/* True if the node exists (any error, not only -ENOENT, reads as false). */
bool xenstore_exists(u32 tx, const char *dir, const char *node);

/* Create a node (and its parents) if missing; an existing one is kept. */
int xenstore_mkdir(u32 tx, const char *dir, const char *node);

/* Remove a node and everything below it.  A missing node is not an error. */
int xenstore_rm(u32 tx, const char *dir, const char *node);

/*
 * List the children of a node: returns an array of *@num names (leaf
 * names only, without the parent's path), or an ERR_PTR().  The array
 * and the names are one allocation: kfree() the array once.  A listing
 * longer than one message (4 KiB) fails with -E2BIG.
 */
char **xenstore_directory(u32 tx, const char *dir, const char *node, unsigned int *num);

/*
 * Transactions.  Reads and writes made with the id that
 * xenstore_transaction_start() returns in *@tx see a private snapshot;
 * xenstore_transaction_end(tx, false) commits them all or none, and
 * returns -EAGAIN when another writer got in first: the changes are then
 * dropped and the caller starts over from xenstore_transaction_start().
 * xenstore_transaction_end(tx, true) aborts.  Every started transaction
 * must be ended, also on error paths (with abort == true).
 */
int xenstore_transaction_start(u32 *tx);
int xenstore_transaction_end(u32 tx, bool abort);

/*
 * A watch calls @callback for every change at or below @path (creation,
 * removal, value or permission change), and once right after
 * registration.  The callback runs in the "xenwatch" kernel thread, one
 * callback at a time, and may sleep and use this API; @event_path is the
 * node that changed (relative if @path is).  Events may be merged or
 * spurious: a callback reads the state it cares about, it does not count
 * events.
 *
 * The caller fills @path and @callback in a zeroed struct; the other
 * fields are private.  @path must stay valid while the watch is
 * registered.  Registering a registered watch fails with -EBUSY.
 */
#define XENSTORE_WATCH_TOKEN_LEN	20

struct xenstore_watch {
	const char *path;
	void (*callback)(struct xenstore_watch *watch, const char *event_path);
	/* private: the xenstore client's */
	struct list_head list;			/* in the client's list of watches */
	char token[XENSTORE_WATCH_TOKEN_LEN];	/* our name for it on the wire */
};

int xenstore_watch_register(struct xenstore_watch *watch);

/*
 * Remove a registered watch.  On return its callback is not running
 * (unless the caller is a callback itself) and will not run again, so
 * the watch may be freed or registered again.  Calling it for a watch
 * that is not registered does nothing.  It waits for a running
 * callback: do not call it holding a lock that callback takes.
 */
void xenstore_watch_unregister(struct xenstore_watch *watch);

#endif /* _XEN_XENSTORE_H */
