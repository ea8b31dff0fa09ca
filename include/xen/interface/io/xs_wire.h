/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: the xenstore wire protocol.  A guest talks to the
 * xenstore daemon through one shared page holding two byte rings
 * (xenstore_domain_interface) and an event channel, both given to it
 * at boot (start_info.store_mfn/store_evtchn, or the HVM_PARAM_STORE_*
 * parameters).  Every message is an xsd_sockmsg header followed by len
 * bytes of payload.  Numbers and layouts follow Xen's public
 * io/xs_wire.h (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_IO_XS_WIRE_H
#define _XEN_INTERFACE_IO_XS_WIRE_H

#include <linux/types.h>

/*
 * Message types.  The daemon answers a request with the same type, or
 * with XS_ERROR and an errno name as payload; XS_WATCH_EVENT arrives
 * unrequested when a watched node changes.
 */
enum xsd_sockmsg_type {
	XS_CONTROL = 0,			/* daemon-specific control string */
	XS_DIRECTORY = 1,		/* list children of a node */
	XS_READ = 2,
	XS_GET_PERMS = 3,
	XS_WATCH = 4,			/* path, token */
	XS_UNWATCH = 5,
	XS_TRANSACTION_START = 6,	/* reply: the new tx_id */
	XS_TRANSACTION_END = 7,		/* "T" commits, "F" aborts */
	XS_INTRODUCE = 8,		/* dom0: a new domain's ring */
	XS_RELEASE = 9,
	XS_GET_DOMAIN_PATH = 10,	/* "/local/domain/<id>" */
	XS_WRITE = 11,			/* path, then the value */
	XS_MKDIR = 12,
	XS_RM = 13,
	XS_SET_PERMS = 14,
	XS_WATCH_EVENT = 15,		/* daemon to guest only */
	XS_ERROR = 16,			/* daemon to guest only */
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME = 18,
	XS_SET_TARGET = 19,
	/* 20 is not used */
	XS_RESET_WATCHES = 21,		/* drop all of this guest's watches */
	XS_DIRECTORY_PART = 22,		/* XS_DIRECTORY in pieces */
	XS_TYPE_COUNT,			/* how many types there are */
	XS_INVALID = 0xffff		/* never a valid type */
};

#define XS_DEBUG		XS_CONTROL	/* the old name of XS_CONTROL */

/*
 * The payload of an XS_WATCH_EVENT is two NUL-terminated strings, in
 * this order: the path that changed and the token given with XS_WATCH.
 */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN
};

/*
 * An XS_ERROR reply carries the errno name as a string: "EINVAL",
 * "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC", "EIO",
 * "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY", "EAGAIN", "EISCONN",
 * "E2BIG" or "EPERM".  A table of xsd_errors, built with XSD_ERROR(),
 * turns it back into a number.
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};

#define XSD_ERROR(x)		{ x, #x }

/* Header of every message, in either direction. */
struct xsd_sockmsg {
	u32 type;			/* enum xsd_sockmsg_type */
	u32 req_id;			/* chosen by the guest, echoed back */
	u32 tx_id;			/* transaction, or 0 */
	u32 len;			/* payload bytes that follow */
};

/*
 * The shared page.  req carries guest-to-daemon bytes, rsp replies
 * and watch events.  Indices run freely and are reduced modulo the
 * ring size (MASK_XENSTORE_IDX()) only to address the array; each
 * side writes only its own index (the guest req_prod and rsp_cons)
 * and signals the event channel after moving it.
 */
#define XENSTORE_RING_SIZE	1024
#define MASK_XENSTORE_IDX(idx)	((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];
	char rsp[XENSTORE_RING_SIZE];
	u32 req_cons, req_prod;
	u32 rsp_cons, rsp_prod;
	/* XENSTORE_SERVER_FEATURE_*, set by the daemon. */
	u32 server_features;
	/*
	 * XENSTORE_CONNECTED or XENSTORE_RECONNECT.  With the
	 * reconnection feature a guest sets XENSTORE_RECONNECT and waits
	 * for the daemon to reset the rings and write CONNECTED back.
	 */
	u32 connection;
	/* XENSTORE_ERROR_*: why the daemon stopped serving the ring. */
	u32 error;
};

/* Largest payload of one message, and longest paths. */
#define XENSTORE_PAYLOAD_MAX	4096
#define XENSTORE_ABS_PATH_MAX	3072
#define XENSTORE_REL_PATH_MAX	2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION	1
#define XENSTORE_SERVER_FEATURE_ERROR		2

#define XENSTORE_CONNECTED	0
#define XENSTORE_RECONNECT	1

#define XENSTORE_ERROR_NONE	0
#define XENSTORE_ERROR_COMM	1	/* the ring could not be used */
#define XENSTORE_ERROR_RINGIDX	2	/* an index was out of range */
#define XENSTORE_ERROR_PROTO	3	/* a message broke the protocol */

#endif /* _XEN_INTERFACE_IO_XS_WIRE_H */
