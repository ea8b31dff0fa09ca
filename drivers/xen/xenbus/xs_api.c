// SPDX-License-Identifier: GPL-2.0
/*
 * The xenstore API of <xen/xenstore.h>: node reads and writes, listings
 * and transactions, each one request through xs_request() (xs_comms.c).
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenstore.h>

#include "xs_internal.h"

/* "dir/node", or "dir" when node is empty. */
static char *xs_join(const char *dir, const char *node)
{
	if (!node || !*node)
		return kstrdup(dir, GFP_KERNEL);
	return kasprintf(GFP_KERNEL, "%s/%s", dir, node);
}

/*
 * A request whose payload is the node's path, NUL-terminated, optionally
 * followed by @value_len bytes of @value.
 */
static struct xs_msg *xs_node_request(u32 type, u32 tx, const char *dir, const char *node,
				      const void *value, unsigned int value_len)
{
	struct kvec vec[2];
	struct xs_msg *reply;
	char *path;

	path = xs_join(dir, node);
	if (!path)
		return ERR_PTR(-ENOMEM);
	vec[0].iov_base = path;
	vec[0].iov_len = strlen(path) + 1;
	vec[1].iov_base = (void *)value;
	vec[1].iov_len = value_len;
	reply = xs_request(type, tx, vec, value ? 2 : 1);
	kfree(path);
	return reply;
}

char *xenstore_read(u32 tx, const char *dir, const char *node, unsigned int *len)
{
	struct xs_msg *reply;
	char *value;

	reply = xs_node_request(XS_READ, tx, dir, node, NULL, 0);
	if (IS_ERR(reply))
		return ERR_CAST(reply);
	/* body[] carries an added NUL after the value. */
	value = kmemdup(reply->body, reply->hdr.len + 1, GFP_KERNEL);
	if (value && len)
		*len = reply->hdr.len;
	kfree(reply);
	return value ?: ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_GPL(xenstore_read);

/* For requests whose successful reply carries nothing we need ("OK"). */
static int xs_node_op(u32 type, u32 tx, const char *dir, const char *node,
		      const void *value, unsigned int value_len)
{
	struct xs_msg *reply;

	reply = xs_node_request(type, tx, dir, node, value, value_len);
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	kfree(reply);
	return 0;
}

int xenstore_write(u32 tx, const char *dir, const char *node, const char *value)
{
	/* The value goes without its NUL: xenstore values are byte strings. */
	return xs_node_op(XS_WRITE, tx, dir, node, value, strlen(value));
}
EXPORT_SYMBOL_GPL(xenstore_write);

int xenstore_printf(u32 tx, const char *dir, const char *node, const char *fmt, ...)
{
	va_list ap;
	char *value;
	int err;

	va_start(ap, fmt);
	value = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	if (!value)
		return -ENOMEM;
	err = xenstore_write(tx, dir, node, value);
	kfree(value);
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_printf);

int xenstore_scanf(u32 tx, const char *dir, const char *node, const char *fmt, ...)
{
	va_list ap;
	char *value;
	int n;

	value = xenstore_read(tx, dir, node, NULL);
	if (IS_ERR(value))
		return PTR_ERR(value);
	va_start(ap, fmt);
	n = vsscanf(value, fmt, ap);
	va_end(ap);
	kfree(value);
	return n;
}
EXPORT_SYMBOL_GPL(xenstore_scanf);

bool xenstore_exists(u32 tx, const char *dir, const char *node)
{
	char *value = xenstore_read(tx, dir, node, NULL);

	if (IS_ERR(value))
		return false;
	kfree(value);
	return true;
}
EXPORT_SYMBOL_GPL(xenstore_exists);

int xenstore_mkdir(u32 tx, const char *dir, const char *node)
{
	return xs_node_op(XS_MKDIR, tx, dir, node, NULL, 0);
}
EXPORT_SYMBOL_GPL(xenstore_mkdir);

int xenstore_rm(u32 tx, const char *dir, const char *node)
{
	return xs_node_op(XS_RM, tx, dir, node, NULL, 0);
}
EXPORT_SYMBOL_GPL(xenstore_rm);

char **xenstore_directory(u32 tx, const char *dir, const char *node, unsigned int *num)
{
	struct xs_msg *reply;
	char **names;

	reply = xs_node_request(XS_DIRECTORY, tx, dir, node, NULL, 0);
	if (IS_ERR(reply))
		return ERR_CAST(reply);
	names = xs_split_strings(reply->body, reply->hdr.len, num);
	if (IS_ERR(names) && PTR_ERR(names) == -EIO)
		pr_err_ratelimited("xenstore: malformed listing of %s/%s (%u bytes)\n",
				   dir, node ?: "", reply->hdr.len);
	kfree(reply);
	return names;
}
EXPORT_SYMBOL_GPL(xenstore_directory);

int xenstore_transaction_start(u32 *tx)
{
	/* The payload is an empty string. */
	struct kvec vec = { .iov_base = "", .iov_len = 1 };
	struct xs_msg *reply;
	int err;

	reply = xs_request(XS_TRANSACTION_START, XENSTORE_NO_TX, &vec, 1);
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	err = xs_parse_tx_id(reply->body, reply->hdr.len, tx);
	if (err) {
		pr_err_ratelimited("xenstore: bad transaction id \"%*pE\" from the daemon\n",
				   min_t(int, reply->hdr.len, 32), reply->body);
		err = -EIO;
	}
	kfree(reply);
	return err;
}
EXPORT_SYMBOL_GPL(xenstore_transaction_start);

int xenstore_transaction_end(u32 tx, bool abort)
{
	struct kvec vec = { .iov_base = abort ? "F" : "T", .iov_len = 2 };
	struct xs_msg *reply;

	if (tx == XENSTORE_NO_TX)
		return -EINVAL;
	reply = xs_request(XS_TRANSACTION_END, tx, &vec, 1);
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	kfree(reply);
	return 0;
}
EXPORT_SYMBOL_GPL(xenstore_transaction_end);
