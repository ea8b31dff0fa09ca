// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore messages: checking and taking apart what the daemon sends and
 * what user space writes to /dev/xen/xenbus.  Pure functions over private
 * copies of the bytes, so that the KUnit suite (xenstore_test.c) can feed
 * them anything.  Payload formats: Documentation/xen/xenstore.rst.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <xen/xenstore.h>

#include "xs_internal.h"

static const char *const xs_type_names[XS_TYPE_COUNT] = {
	[XS_CONTROL] = "CONTROL",
	[XS_DIRECTORY] = "DIRECTORY",
	[XS_READ] = "READ",
	[XS_GET_PERMS] = "GET_PERMS",
	[XS_WATCH] = "WATCH",
	[XS_UNWATCH] = "UNWATCH",
	[XS_TRANSACTION_START] = "TRANSACTION_START",
	[XS_TRANSACTION_END] = "TRANSACTION_END",
	[XS_INTRODUCE] = "INTRODUCE",
	[XS_RELEASE] = "RELEASE",
	[XS_GET_DOMAIN_PATH] = "GET_DOMAIN_PATH",
	[XS_WRITE] = "WRITE",
	[XS_MKDIR] = "MKDIR",
	[XS_RM] = "RM",
	[XS_SET_PERMS] = "SET_PERMS",
	[XS_WATCH_EVENT] = "WATCH_EVENT",
	[XS_ERROR] = "ERROR",
	[XS_IS_DOMAIN_INTRODUCED] = "IS_DOMAIN_INTRODUCED",
	[XS_RESUME] = "RESUME",
	[XS_SET_TARGET] = "SET_TARGET",
	[XS_RESET_WATCHES] = "RESET_WATCHES",
	[XS_DIRECTORY_PART] = "DIRECTORY_PART",
};

/* A name for @type in log messages; "?" for numbers with no type. */
const char *xs_type_name(u32 type)
{
	if (type < XS_TYPE_COUNT && xs_type_names[type])
		return xs_type_names[type];
	return "?";
}
EXPORT_SYMBOL_IF_KUNIT(xs_type_name);

/*
 * The error names a daemon may send, by name: those io/xs_wire.h lists,
 * and EQUOTA, oxenstored's "this domain's quota is used up".  The
 * daemon's "ENOSYS" (no such operation) becomes -EOPNOTSUPP: in the
 * kernel, -ENOSYS means only "no such system call".
 */
static const struct {
	char name[12];
	int errnum;		/* positive */
} xs_errors[] = {
	{ "E2BIG", E2BIG },
	{ "EACCES", EACCES },
	{ "EAGAIN", EAGAIN },
	{ "EBUSY", EBUSY },
	{ "EEXIST", EEXIST },
	{ "EINVAL", EINVAL },
	{ "EIO", EIO },
	{ "EISCONN", EISCONN },
	{ "EISDIR", EISDIR },
	{ "ENOENT", ENOENT },
	{ "ENOMEM", ENOMEM },
	{ "ENOSPC", ENOSPC },
	{ "ENOSYS", EOPNOTSUPP },
	{ "ENOTEMPTY", ENOTEMPTY },
	{ "EPERM", EPERM },
	{ "EQUOTA", EDQUOT },
	{ "EROFS", EROFS },
};

/*
 * Map the payload of an XS_ERROR reply to -errno.  The payload is an
 * errno name, NUL-terminated; oxenstored may append detail after a
 * colon or a space ("EINVAL: ...").  The name is the leading run of
 * capitals and digits, and must be followed by the end of the payload,
 * a NUL, ':' or ' '.  Returns false (and *err = -EIO) for anything else.
 */
bool xs_error_lookup(const char *body, unsigned int len, int *err)
{
	unsigned int n = 0, i;

	*err = -EIO;
	while (n < len && ((body[n] >= 'A' && body[n] <= 'Z') ||
			   (body[n] >= '0' && body[n] <= '9')))
		n++;
	if (!n || (n < len && body[n] != '\0' && body[n] != ':' && body[n] != ' '))
		return false;
	for (i = 0; i < ARRAY_SIZE(xs_errors); i++) {
		if (strlen(xs_errors[i].name) == n && !memcmp(xs_errors[i].name, body, n)) {
			*err = -xs_errors[i].errnum;
			return true;
		}
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(xs_error_lookup);

/* The name to send back for -@err (replies made up for user space). */
const char *xs_errno_name(int err)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xs_errors); i++)
		if (xs_errors[i].errnum == -err)
			return xs_errors[i].name;
	return "EIO";
}
EXPORT_SYMBOL_IF_KUNIT(xs_errno_name);

/*
 * Is @hdr/@body a successful reply to a request of @type?  Returns 0, the
 * daemon's error as -errno, or -EIO (logged) when the reply is an
 * unknown error or of the wrong type.  The length was checked against
 * XENSTORE_PAYLOAD_MAX when the message was received.
 */
int xs_reply_check(const struct xsd_sockmsg *hdr, const char *body, u32 type)
{
	int err, shown;

	if (hdr->type == XS_ERROR) {
		if (xs_error_lookup(body, hdr->len, &err))
			return err;
		shown = strnlen(body, min(hdr->len, 32U));
		pr_err_ratelimited("xenstore: %s request failed with an unknown error \"%*pE\"\n",
				   xs_type_name(type), shown, body);
		return -EIO;
	}
	if (hdr->type != type) {
		pr_err_ratelimited("xenstore: %s request answered with type %u (%s)\n",
				   xs_type_name(type), hdr->type, xs_type_name(hdr->type));
		return -EIO;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xs_reply_check);

/*
 * How many NUL-terminated strings @body holds: 0 for an empty payload,
 * -EINVAL when the last byte is not a NUL (a string runs off the end).
 */
int xs_count_strings(const char *body, unsigned int len)
{
	unsigned int i;
	int n = 0;

	if (!len)
		return 0;
	if (body[len - 1] != '\0')
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!body[i])
			n++;
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(xs_count_strings);

/*
 * Split a XS_DIRECTORY reply ("name\0name\0...") into an array of *@num
 * names.  The array is followed by a copy of the names in the same
 * allocation: one kfree() frees all.  An unterminated or empty name is a
 * malformed reply: ERR_PTR(-EIO).
 */
char **xs_split_strings(const char *body, unsigned int len, unsigned int *num)
{
	unsigned int i, pos;
	char **names, *copy;
	int n;

	n = xs_count_strings(body, len);
	if (n < 0)
		return ERR_PTR(-EIO);
	for (i = 0; i < len; i++)
		if (!body[i] && (i == 0 || !body[i - 1]))
			return ERR_PTR(-EIO);

	/* One extra byte so that an empty listing is not a zero-size allocation. */
	names = kmalloc(n * sizeof(*names) + len + 1, GFP_KERNEL);
	if (!names)
		return ERR_PTR(-ENOMEM);
	copy = (char *)(names + n);
	memcpy(copy, body, len);
	copy[len] = '\0';
	for (i = 0, pos = 0; i < n; i++) {
		names[i] = copy + pos;
		pos += strlen(copy + pos) + 1;
	}
	*num = n;
	return names;
}
EXPORT_SYMBOL_IF_KUNIT(xs_split_strings);

/*
 * Take apart an XS_WATCH_EVENT payload: exactly two non-empty strings,
 * the path that changed and the watch's token.  The pointers point into
 * @body.  Returns -EINVAL for anything else.
 */
int xs_parse_watch_event(const char *body, unsigned int len,
			 const char **path, const char **token)
{
	const char *t;

	if (xs_count_strings(body, len) != 2 || !body[0])
		return -EINVAL;
	t = body + strlen(body) + 1;
	if (!*t)
		return -EINVAL;
	*path = body;
	*token = t;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xs_parse_watch_event);

/*
 * The transaction id in a XS_TRANSACTION_START reply: one string, a
 * number in canonical form (xenstore_parse_u64()) that fits 32 bits and
 * is not 0 (which means "no transaction").
 */
int xs_parse_tx_id(const char *body, unsigned int len, u32 *tx)
{
	u64 id;

	if (xs_count_strings(body, len) != 1 ||
	    xenstore_parse_u64(body, U32_MAX, &id) || !id)
		return -EINVAL;
	*tx = id;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(xs_parse_tx_id);

/*
 * First look at a message user space writes to /dev/xen/xenbus, from its
 * header alone: -E2BIG for a payload over XENSTORE_PAYLOAD_MAX, -EINVAL
 * for a type that is not a request (or a transaction start inside a
 * transaction), -EPERM for XS_RESET_WATCHES, which would drop the
 * kernel's own watches with the user's.
 */
int xs_user_check_header(const struct xsd_sockmsg *hdr)
{
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	switch (hdr->type) {
	case XS_TRANSACTION_START:
		return hdr->tx_id ? -EINVAL : 0;
	case XS_RESET_WATCHES:
		return -EPERM;
	case XS_WATCH_EVENT:
	case XS_ERROR:
		return -EINVAL;
	default:
		return hdr->type < XS_TYPE_COUNT && xs_type_names[hdr->type] ? 0 : -EINVAL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xs_user_check_header);

/*
 * The payload of a user request whose header passed the check above:
 * every string the request type takes must be NUL-terminated inside the
 * payload, and paths must not be empty.  Returns 0 or -EINVAL.
 */
int xs_user_check_body(const struct xsd_sockmsg *hdr, const char *body)
{
	unsigned int len = hdr->len;
	int n;

	if (hdr->type == XS_WRITE) {
		/* A path, then the value: any bytes, NULs included. */
		const char *nul = memchr(body, '\0', len);

		return nul && nul != body ? 0 : -EINVAL;
	}

	n = xs_count_strings(body, len);
	if (n < 0)
		return -EINVAL;

	switch (hdr->type) {
	case XS_TRANSACTION_START:
		/* An empty string, by convention; nothing at all is fine too. */
		return n <= 1 ? 0 : -EINVAL;
	case XS_TRANSACTION_END:
		return len == 2 && (body[0] == 'T' || body[0] == 'F') ? 0 : -EINVAL;
	case XS_CONTROL:
		/* A command, then its parameters. */
		return n >= 1 ? 0 : -EINVAL;
	default:
		break;
	}

	/* Everything else starts with a path (or a domain id): non-empty. */
	if (n < 1 || !body[0])
		return -EINVAL;

	switch (hdr->type) {
	case XS_READ:
	case XS_GET_PERMS:
	case XS_MKDIR:
	case XS_RM:
	case XS_DIRECTORY:
	case XS_GET_DOMAIN_PATH:
	case XS_IS_DOMAIN_INTRODUCED:
	case XS_RELEASE:
	case XS_RESUME:
		return n == 1 ? 0 : -EINVAL;
	case XS_WATCH:
	case XS_UNWATCH:
		/* Path and token, both non-empty. */
		return n == 2 && body[strlen(body) + 1] ? 0 : -EINVAL;
	case XS_DIRECTORY_PART:		/* path, offset */
	case XS_SET_TARGET:		/* domid, target domid */
		return n == 2 ? 0 : -EINVAL;
	case XS_SET_PERMS:		/* path, one or more permissions */
		return n >= 2 ? 0 : -EINVAL;
	case XS_INTRODUCE:		/* domid, mfn, port */
		return n >= 3 ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(xs_user_check_body);
