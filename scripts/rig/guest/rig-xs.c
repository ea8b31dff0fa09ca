/*
 * rig-xs: read and write xenstore keys from inside the guest through the
 * kernel's /dev/xen/xenbus device.  It speaks the xenstore wire protocol
 * itself (a struct xsd_sockmsg header from Xen's public io/xs_wire.h, then
 * the payload), so the guest needs no xen-utils and the test exercises
 * only the guest kernel's xenstore client and device:
 *
 *   rig-xs read PATH           print PATH's value and a newline
 *   rig-xs write PATH VALUE    set PATH to VALUE
 *
 * A relative PATH is relative to the guest's home, /local/domain/<domid>
 * (xenstored resolves it for the connection of the guest).
 *
 * Exit status: 0 done; 1 xenstore refused (its error, e.g. ENOENT, on
 * stderr); 2 usage error, no /dev/xen/xenbus, I/O error or a reply that
 * does not fit the protocol (each said on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xen/io/xs_wire.h>

#define XENBUS_DEV "/dev/xen/xenbus"
/* Any value: the daemon echoes it and we check the echo. */
#define RIG_REQ_ID 0x72696721u

/* One message as it travels on the device: header, then payload. */
struct xs_msg {
	struct xsd_sockmsg hdr;
	char body[XENSTORE_PAYLOAD_MAX + 1]; /* + 1: room for a NUL */
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EIO; /* the device never ends a reply early */
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Send one request (PATH, then VALUE for a write) and read its reply into
 * REPLY.  Returns 0 on success, 1 when xenstore answered XS_ERROR, 2 on
 * any other failure.
 */
static int xs_call(int fd, uint32_t type, const char *path, const char *value,
		   struct xs_msg *reply)
{
	struct xs_msg req;
	size_t plen = strlen(path) + 1;
	size_t vlen = value ? strlen(value) : 0;

	if (plen + vlen > XENSTORE_PAYLOAD_MAX) {
		fprintf(stderr, "rig-xs: request for %s is over %d bytes\n",
			path, XENSTORE_PAYLOAD_MAX);
		return 2;
	}
	memset(&req.hdr, 0, sizeof(req.hdr));
	req.hdr.type = type;
	req.hdr.req_id = RIG_REQ_ID;
	req.hdr.tx_id = 0;
	req.hdr.len = (uint32_t)(plen + vlen);
	memcpy(req.body, path, plen);
	if (vlen)
		memcpy(req.body + plen, value, vlen);
	if (write_all(fd, &req, sizeof(req.hdr) + req.hdr.len)) {
		fprintf(stderr, "rig-xs: writing to %s: %s\n", XENBUS_DEV,
			strerror(errno));
		return 2;
	}

	for (;;) {
		if (read_all(fd, &reply->hdr, sizeof(reply->hdr))) {
			fprintf(stderr, "rig-xs: reading reply header: %s\n",
				strerror(errno));
			return 2;
		}
		if (reply->hdr.len > XENSTORE_PAYLOAD_MAX) {
			fprintf(stderr, "rig-xs: reply claims %u payload bytes (max %d)\n",
				reply->hdr.len, XENSTORE_PAYLOAD_MAX);
			return 2;
		}
		if (read_all(fd, reply->body, reply->hdr.len)) {
			fprintf(stderr, "rig-xs: reading %u reply bytes: %s\n",
				reply->hdr.len, strerror(errno));
			return 2;
		}
		reply->body[reply->hdr.len] = '\0';
		/* We set no watches; a stray event is not our answer. */
		if (reply->hdr.type != XS_WATCH_EVENT)
			break;
	}
	if (reply->hdr.req_id != RIG_REQ_ID) {
		fprintf(stderr, "rig-xs: reply req_id %#x, sent %#x\n",
			reply->hdr.req_id, RIG_REQ_ID);
		return 2;
	}
	if (reply->hdr.type == XS_ERROR) {
		fprintf(stderr, "rig-xs: %s %s: %s\n",
			type == XS_READ ? "read" : "write", path, reply->body);
		return 1;
	}
	if (reply->hdr.type != type) {
		fprintf(stderr, "rig-xs: reply type %u to request type %u\n",
			reply->hdr.type, type);
		return 2;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: rig-xs read PATH | rig-xs write PATH VALUE\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct xs_msg reply;
	uint32_t type;
	int fd, rc;

	if (argc == 3 && !strcmp(argv[1], "read"))
		type = XS_READ;
	else if (argc == 4 && !strcmp(argv[1], "write"))
		type = XS_WRITE;
	else
		return usage();

	fd = open(XENBUS_DEV, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "rig-xs: cannot open %s: %s\n", XENBUS_DEV,
			strerror(errno));
		return 2;
	}
	rc = xs_call(fd, type, argv[2], type == XS_WRITE ? argv[3] : NULL,
		     &reply);
	close(fd);
	if (rc == 0 && type == XS_READ) {
		fwrite(reply.body, 1, reply.hdr.len, stdout);
		putchar('\n');
	}
	return rc;
}
