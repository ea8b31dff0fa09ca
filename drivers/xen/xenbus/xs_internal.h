/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the xenstore client (drivers/xen/xenbus/): the ring, message
 * parsing, the transport and the watch machinery as they see each other.
 * Documentation/xen/xenstore.rst describes the protocol and the design.
 */
#ifndef _XEN_XENBUS_XS_INTERNAL_H
#define _XEN_XENBUS_XS_INTERNAL_H

#include <linux/types.h>
#include <linux/uio.h>
#include <xen/interface/io/xs_wire.h>

/* ---- the shared ring (xs_ring.c) ---- */

/*
 * Our view of the shared page.  We produce on req[] and consume rsp[];
 * the daemon does the opposite.  Our own two indices are kept here and
 * only ever written to the page, never read back from it: the daemon can
 * scribble on the whole page, so what it could change under us we do not
 * rely on.  The tx side (the request_mutex holder) uses req_prod, the rx
 * thread rsp_cons.
 */
struct xs_ring {
	struct xenstore_domain_interface *intf;
	u32 req_prod;		/* next request byte we write */
	u32 rsp_cons;		/* next response byte we read */
};

int xs_ring_used(u32 prod, u32 cons);
int xs_ring_attach(struct xs_ring *ring, struct xenstore_domain_interface *intf);
int xs_ring_write(struct xs_ring *ring, const void *data, unsigned int len);
int xs_ring_read(struct xs_ring *ring, void *data, unsigned int len);
bool xs_ring_can_write(const struct xs_ring *ring);
bool xs_ring_can_read(const struct xs_ring *ring);

/*
 * A message being assembled from the response ring.  A message can be
 * longer than the ring (4 KiB of payload against 1 KiB), so it arrives
 * in pieces; got counts header and payload bytes received so far.  The
 * header is validated once, in this private copy.  body[] has room for a
 * NUL after the longest payload.
 */
struct xs_rx {
	struct xsd_sockmsg hdr;
	unsigned int got;
	char body[XENSTORE_PAYLOAD_MAX + 1];
};

void xs_rx_reset(struct xs_rx *rx);
int xs_rx_pull(struct xs_rx *rx, struct xs_ring *ring);

/* ---- messages (xs_msg.c): pure functions, no state ---- */

/* A reply as the transport hands it over: body[hdr.len] is an added NUL. */
struct xs_msg {
	struct xsd_sockmsg hdr;
	char body[];
};

const char *xs_type_name(u32 type);
bool xs_error_lookup(const char *body, unsigned int len, int *err);
const char *xs_errno_name(int err);
int xs_reply_check(const struct xsd_sockmsg *hdr, const char *body, u32 type);
int xs_count_strings(const char *body, unsigned int len);
char **xs_split_strings(const char *body, unsigned int len, unsigned int *num);
int xs_parse_watch_event(const char *body, unsigned int len,
			 const char **path, const char **token);
int xs_parse_tx_id(const char *body, unsigned int len, u32 *tx);
int xs_user_check_header(const struct xsd_sockmsg *hdr);
int xs_user_check_body(const struct xsd_sockmsg *hdr, const char *body);

/* ---- the transport (xs_comms.c) ---- */

int xs_talk(u32 type, u32 tx, const struct kvec *vec, unsigned int nvec,
	    struct xs_msg **reply);
struct xs_msg *xs_request(u32 type, u32 tx, const struct kvec *vec, unsigned int nvec);

/* ---- watches (xs_watch.c) ---- */

int xs_watch_start(void);
void xs_watch_event(const char *body, unsigned int len);

#endif /* _XEN_XENBUS_XS_INTERNAL_H */
