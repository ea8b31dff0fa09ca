// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the xenstore client's pure logic: ring index
 * arithmetic and byte I/O against a fake daemon (a ring page in ordinary
 * memory), message assembly, reply checks and error names, listings,
 * watch events, transaction ids, numbers in values and the checks on
 * what user space writes to /dev/xen/xenbus.  Runs anywhere: no Xen
 * needed.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenstore.h>

#include "xs_internal.h"

/*
 * A payload from a string literal, with its embedded and final NULs
 * (those written; not the compiler's).  "\000" is a NUL followed by a
 * digit: octal escapes take up to three digits.
 */
struct bytes {
	const char *s;
	unsigned int n;
};

#define BODY(lit)	{ .s = (lit), .n = sizeof(lit) - 1 }
#define B(lit)		((struct bytes)BODY(lit))

static int count_of(struct bytes b)
{
	return xs_count_strings(b.s, b.n);
}

static char **split_of(struct bytes b, unsigned int *num)
{
	return xs_split_strings(b.s, b.n, num);
}

static int event_of(struct bytes b, const char **path, const char **token)
{
	return xs_parse_watch_event(b.s, b.n, path, token);
}

static int txid_of(struct bytes b, u32 *tx)
{
	return xs_parse_tx_id(b.s, b.n, tx);
}

/* ---- a fake daemon on the other side of a ring in ordinary memory ---- */

static struct xs_ring *fake_ring(struct kunit *test, u32 req_idx, u32 rsp_idx)
{
	struct xenstore_domain_interface *intf;
	struct xs_ring *ring;

	intf = kunit_kzalloc(test, sizeof(*intf), GFP_KERNEL);
	ring = kunit_kzalloc(test, sizeof(*ring), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, intf);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ring);
	intf->req_prod = req_idx;
	intf->req_cons = req_idx;
	intf->rsp_prod = rsp_idx;
	intf->rsp_cons = rsp_idx;
	KUNIT_ASSERT_EQ(test, xs_ring_attach(ring, intf), 0);
	return ring;
}

/* The daemon queues up to @len bytes on rsp[]; returns how many fitted. */
static unsigned int daemon_put(struct xs_ring *ring, const void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = ring->intf;
	unsigned int i, room = XENSTORE_RING_SIZE - (intf->rsp_prod - intf->rsp_cons);

	len = min(len, room);
	for (i = 0; i < len; i++)
		intf->rsp[MASK_XENSTORE_IDX(intf->rsp_prod + i)] = ((const char *)data)[i];
	intf->rsp_prod += len;
	return len;
}

/* The daemon consumes up to @len bytes of req[]. */
static unsigned int daemon_get(struct xs_ring *ring, void *data, unsigned int len)
{
	struct xenstore_domain_interface *intf = ring->intf;
	unsigned int i;

	len = min(len, intf->req_prod - intf->req_cons);
	for (i = 0; i < len; i++)
		((char *)data)[i] = intf->req[MASK_XENSTORE_IDX(intf->req_cons + i)];
	intf->req_cons += len;
	return len;
}

static void fill_pattern(char *buf, unsigned int len, unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 7 + seed);
}

/* ---- ring index arithmetic ---- */

static void xs_test_ring_used(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xs_ring_used(0, 0), 0);
	KUNIT_EXPECT_EQ(test, xs_ring_used(1024, 0), 1024);
	KUNIT_EXPECT_EQ(test, xs_ring_used(1025, 0), -EIO);
	/* Free-running indices wrap at 2^32. */
	KUNIT_EXPECT_EQ(test, xs_ring_used(5, 0xfffffffe), 7);
	KUNIT_EXPECT_EQ(test, xs_ring_used(0x3ff, 0xffffffff), 1024);
	KUNIT_EXPECT_EQ(test, xs_ring_used(0x400, 0xffffffff), -EIO);
	/* A consumer ahead of its producer. */
	KUNIT_EXPECT_EQ(test, xs_ring_used(0, 1), -EIO);
	KUNIT_EXPECT_EQ(test, xs_ring_used(0x10, 0x20), -EIO);
	KUNIT_EXPECT_EQ(test, xs_ring_used(0x80000000, 0), -EIO);
}

static void xs_test_ring_attach(struct kunit *test)
{
	struct xenstore_domain_interface *intf;
	struct xs_ring ring;

	intf = kunit_kzalloc(test, sizeof(*intf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, intf);

	/* Indices need not start at 0, queues need not be empty. */
	intf->req_cons = 0xfffffff0;
	intf->req_prod = 0x10;
	intf->rsp_cons = 0x1234;
	intf->rsp_prod = 0x1234 + 1024;
	KUNIT_EXPECT_EQ(test, xs_ring_attach(&ring, intf), 0);
	KUNIT_EXPECT_EQ(test, ring.req_prod, 0x10u);
	KUNIT_EXPECT_EQ(test, ring.rsp_cons, 0x1234u);

	intf->req_prod = intf->req_cons + 1025;
	KUNIT_EXPECT_EQ(test, xs_ring_attach(&ring, intf), -EIO);
	intf->req_prod = intf->req_cons;
	intf->rsp_prod = intf->rsp_cons - 1;
	KUNIT_EXPECT_EQ(test, xs_ring_attach(&ring, intf), -EIO);
}

/* ---- writing requests ---- */

static void xs_test_ring_write_wraps(struct kunit *test)
{
	/* 4 bytes before the end of the array, and 4 before 2^32. */
	static const u32 starts[] = { 1020, 0xfffffffc };
	char out[10], in[10];
	unsigned int i;

	fill_pattern(out, sizeof(out), 3);
	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		struct xs_ring *ring = fake_ring(test, starts[i], 0);

		KUNIT_EXPECT_EQ(test, xs_ring_write(ring, out, sizeof(out)), 10);
		KUNIT_EXPECT_EQ(test, ring->intf->req_prod, starts[i] + 10);
		KUNIT_EXPECT_EQ(test, ring->req_prod, starts[i] + 10);
		KUNIT_EXPECT_EQ(test, daemon_get(ring, in, sizeof(in)), 10u);
		KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(in)), 0);
		/* The split really happened at the end of the array. */
		KUNIT_EXPECT_EQ(test, ring->intf->req[1023], out[3]);
		KUNIT_EXPECT_EQ(test, ring->intf->req[0], out[4]);
	}
}

static void xs_test_ring_write_full(struct kunit *test)
{
	struct xs_ring *ring = fake_ring(test, 100, 0);
	char *buf = kunit_kzalloc(test, 2048, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	fill_pattern(buf, 2048, 1);
	KUNIT_EXPECT_TRUE(test, xs_ring_can_write(ring));
	/* Only a ring's worth fits. */
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, buf, 2048), 1024);
	KUNIT_EXPECT_FALSE(test, xs_ring_can_write(ring));
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, buf, 10), 0);
	/* The daemon makes room for 10. */
	KUNIT_EXPECT_EQ(test, daemon_get(ring, buf + 1024, 10), 10u);
	KUNIT_EXPECT_TRUE(test, xs_ring_can_write(ring));
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, buf, 2048), 10);
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, buf, 0), 0);
}

static void xs_test_ring_write_corrupt(struct kunit *test)
{
	struct xs_ring *ring = fake_ring(test, 500, 0);
	char b[4] = "abc";

	/* The daemon claims to have consumed bytes we never wrote. */
	ring->intf->req_cons = 501;
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, b, 4), -EIO);
	KUNIT_EXPECT_TRUE(test, xs_ring_can_write(ring));	/* so a writer wakes and sees it */
	/* ... or to be more than a ring behind. */
	ring->intf->req_cons = 500 - 1025;
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, b, 4), -EIO);
	/* Nothing was published. */
	KUNIT_EXPECT_EQ(test, ring->intf->req_prod, 500u);
}

static void xs_test_ring_write_own_index(struct kunit *test)
{
	struct xs_ring *ring = fake_ring(test, 0, 0);
	char in[4];

	/* The daemon scribbles on our producer index: we go on from our copy. */
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, "ab", 2), 2);
	ring->intf->req_prod = 0xdead;
	KUNIT_EXPECT_EQ(test, xs_ring_write(ring, "cd", 2), 2);
	KUNIT_EXPECT_EQ(test, ring->intf->req_prod, 4u);
	KUNIT_EXPECT_EQ(test, daemon_get(ring, in, 4), 4u);
	KUNIT_EXPECT_EQ(test, memcmp(in, "abcd", 4), 0);
}

/* ---- reading responses ---- */

static void xs_test_ring_read_wraps(struct kunit *test)
{
	static const u32 starts[] = { 1000, 0xffffffe0, 0 };
	char out[100], in[100];
	unsigned int i;

	fill_pattern(out, sizeof(out), 5);
	for (i = 0; i < ARRAY_SIZE(starts); i++) {
		struct xs_ring *ring = fake_ring(test, 0, starts[i]);

		KUNIT_EXPECT_FALSE(test, xs_ring_can_read(ring));
		KUNIT_EXPECT_EQ(test, xs_ring_read(ring, in, sizeof(in)), 0);
		KUNIT_EXPECT_EQ(test, daemon_put(ring, out, sizeof(out)), 100u);
		KUNIT_EXPECT_TRUE(test, xs_ring_can_read(ring));
		/* In two reads, the first short. */
		KUNIT_EXPECT_EQ(test, xs_ring_read(ring, in, 30), 30);
		KUNIT_EXPECT_EQ(test, xs_ring_read(ring, in + 30, 1000), 70);
		KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(in)), 0);
		KUNIT_EXPECT_EQ(test, ring->intf->rsp_cons, starts[i] + 100);
		KUNIT_EXPECT_FALSE(test, xs_ring_can_read(ring));
	}
}

static void xs_test_ring_read_corrupt(struct kunit *test)
{
	struct xs_ring *ring = fake_ring(test, 0, 42);
	char in[8];

	ring->intf->rsp_prod = 42 + 1025;
	KUNIT_EXPECT_TRUE(test, xs_ring_can_read(ring));
	KUNIT_EXPECT_EQ(test, xs_ring_read(ring, in, sizeof(in)), -EIO);
	ring->intf->rsp_prod = 41;
	KUNIT_EXPECT_EQ(test, xs_ring_read(ring, in, sizeof(in)), -EIO);
	/* Our consumer index did not move. */
	KUNIT_EXPECT_EQ(test, ring->intf->rsp_cons, 42u);
	/* A full ring is fine. */
	ring->intf->rsp_prod = 42 + 1024;
	KUNIT_EXPECT_EQ(test, xs_ring_read(ring, in, sizeof(in)), 8);
}

/* ---- assembling messages ---- */

static struct xs_rx *new_rx(struct kunit *test)
{
	struct xs_rx *rx = kunit_kzalloc(test, sizeof(*rx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, rx);
	xs_rx_reset(rx);
	return rx;
}

/* Header and payload as the daemon would send them. */
static char *make_msg(struct kunit *test, u32 type, u32 req_id, u32 len, unsigned int seed)
{
	struct xsd_sockmsg hdr = { .type = type, .req_id = req_id, .len = len };
	char *m = kunit_kzalloc(test, sizeof(hdr) + len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	memcpy(m, &hdr, sizeof(hdr));
	fill_pattern(m + sizeof(hdr), len, seed);
	return m;
}

static void xs_test_rx_longer_than_ring(struct kunit *test)
{
	const unsigned int len = XENSTORE_PAYLOAD_MAX, total = sizeof(struct xsd_sockmsg) + len;
	struct xs_ring *ring = fake_ring(test, 0, 0xfffff000);
	char *m = make_msg(test, XS_READ, 77, len, 9);
	struct xs_rx *rx = new_rx(test);
	unsigned int sent = 0, rounds = 0;
	int ret = 0;

	/* The daemon refills the ring each time we drain it. */
	while (sent < total && rounds++ < 100) {
		sent += daemon_put(ring, m + sent, total - sent);
		ret = xs_rx_pull(rx, ring);
		if (ret)
			break;
	}
	KUNIT_EXPECT_EQ(test, ret, 1);
	KUNIT_EXPECT_EQ(test, sent, total);
	KUNIT_EXPECT_GE(test, rounds, 5u);
	KUNIT_EXPECT_EQ(test, rx->hdr.type, (u32)XS_READ);
	KUNIT_EXPECT_EQ(test, rx->hdr.req_id, 77u);
	KUNIT_EXPECT_EQ(test, rx->hdr.len, len);
	KUNIT_EXPECT_EQ(test, memcmp(rx->body, m + sizeof(struct xsd_sockmsg), len), 0);
	KUNIT_EXPECT_EQ(test, rx->body[len], '\0');
}

static void xs_test_rx_split_header(struct kunit *test)
{
	struct xs_ring *ring = fake_ring(test, 0, 0);
	char *m = make_msg(test, XS_WRITE, 5, 3, 1);
	struct xs_rx *rx = new_rx(test);

	daemon_put(ring, m, 7);
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 0);
	daemon_put(ring, m + 7, 10);
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 0);
	daemon_put(ring, m + 17, 2);
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 1);
	KUNIT_EXPECT_EQ(test, rx->hdr.req_id, 5u);
	KUNIT_EXPECT_EQ(test, memcmp(rx->body, m + 16, 3), 0);
}

static void xs_test_rx_back_to_back(struct kunit *test)
{
	struct xs_ring *ring = fake_ring(test, 0, 1000);
	char *a = make_msg(test, XS_WATCH_EVENT, 0, 0, 0);
	char *b = make_msg(test, XS_DIRECTORY, 9, 40, 2);
	struct xs_rx *rx = new_rx(test);

	daemon_put(ring, a, 16);
	daemon_put(ring, b, 56);
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 1);
	KUNIT_EXPECT_EQ(test, rx->hdr.type, (u32)XS_WATCH_EVENT);
	KUNIT_EXPECT_EQ(test, rx->hdr.len, 0u);
	KUNIT_EXPECT_EQ(test, rx->body[0], '\0');
	/* Without a reset the message stays complete and nothing more is read. */
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 1);
	KUNIT_EXPECT_EQ(test, rx->hdr.type, (u32)XS_WATCH_EVENT);
	xs_rx_reset(rx);
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 1);
	KUNIT_EXPECT_EQ(test, rx->hdr.req_id, 9u);
	KUNIT_EXPECT_EQ(test, memcmp(rx->body, b + 16, 40), 0);
	xs_rx_reset(rx);
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 0);
}

static void xs_test_rx_bad_length(struct kunit *test)
{
	static const u32 lens[] = { XENSTORE_PAYLOAD_MAX + 1, 0x10000, 0xffffffff };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		struct xs_ring *ring = fake_ring(test, 0, 0);
		char *m = make_msg(test, XS_READ, 1, 0, 0);
		struct xs_rx *rx = new_rx(test);

		((struct xsd_sockmsg *)m)->len = lens[i];
		daemon_put(ring, m, 16);
		KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), -EMSGSIZE);
		/* And again: it stays refused. */
		KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), -EMSGSIZE);
	}
}

static void xs_test_rx_corrupt_ring(struct kunit *test)
{
	struct xs_ring *ring = fake_ring(test, 0, 0);
	char *m = make_msg(test, XS_READ, 1, 100, 0);
	struct xs_rx *rx = new_rx(test);

	daemon_put(ring, m, 50);
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), 0);
	ring->intf->rsp_prod += 5000;
	KUNIT_EXPECT_EQ(test, xs_rx_pull(rx, ring), -EIO);
}

/* ---- replies and errors ---- */

static void xs_test_error_lookup(struct kunit *test)
{
	static const struct {
		struct bytes body;
		bool known;
		int err;
	} cases[] = {
		{ BODY("ENOENT\0"), true, -ENOENT },
		{ BODY("EACCES\0"), true, -EACCES },
		{ BODY("EEXIST\0"), true, -EEXIST },
		{ BODY("EISDIR\0"), true, -EISDIR },
		{ BODY("ENOSPC\0"), true, -ENOSPC },
		{ BODY("EIO\0"), true, -EIO },
		{ BODY("EROFS\0"), true, -EROFS },
		{ BODY("EBUSY\0"), true, -EBUSY },
		{ BODY("EAGAIN\0"), true, -EAGAIN },
		{ BODY("EINVAL\0"), true, -EINVAL },
		{ BODY("E2BIG\0"), true, -E2BIG },
		{ BODY("ENOSYS\0"), true, -EOPNOTSUPP },
		{ BODY("ENOMEM\0"), true, -ENOMEM },
		{ BODY("ENOTEMPTY\0"), true, -ENOTEMPTY },
		{ BODY("EISCONN\0"), true, -EISCONN },
		{ BODY("EPERM\0"), true, -EPERM },
		{ BODY("EQUOTA\0"), true, -EDQUOT },
		/* No NUL at all: the end of the payload ends the name. */
		{ BODY("EACCES"), true, -EACCES },
		/* oxenstored's detail after the name. */
		{ BODY("EINVAL: Could not convert 'x' to int\0"), true, -EINVAL },
		{ BODY("EAGAIN more\0"), true, -EAGAIN },
		/* Not names we know. */
		{ BODY("ENOENTX\0"), false, -EIO },
		{ BODY("ENOEN\0"), false, -EIO },
		{ BODY("enoent\0"), false, -EIO },
		{ BODY("ENOENT-\0"), false, -EIO },
		{ BODY(" ENOENT\0"), false, -EIO },
		{ BODY("EWHATEVER\0"), false, -EIO },
		{ BODY("\0"), false, -EIO },
		{ BODY(""), false, -EIO },
		{ BODY("\xff\xfe\0"), false, -EIO },
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ_MSG(test, xs_error_lookup(cases[i].body.s, cases[i].body.n, &err),
				    cases[i].known, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, err, cases[i].err, "case %u", i);
	}
	/* The length bounds the name: "ENOENT" cut to "ENOE". */
	KUNIT_EXPECT_FALSE(test, xs_error_lookup("ENOENT", 4, &err));
	KUNIT_EXPECT_TRUE(test, xs_error_lookup("EIOxyz", 3, &err));
	KUNIT_EXPECT_EQ(test, err, -EIO);
}

static void xs_test_errno_name(struct kunit *test)
{
	static const int errs[] = {
		-EINVAL, -EACCES, -EEXIST, -EISDIR, -ENOENT, -ENOMEM, -ENOSPC, -EIO,
		-ENOTEMPTY, -EOPNOTSUPP, -EROFS, -EBUSY, -EAGAIN, -EISCONN, -E2BIG, -EPERM,
		-EDQUOT,
	};
	unsigned int i;
	const char *name;
	int err;

	for (i = 0; i < ARRAY_SIZE(errs); i++) {
		name = xs_errno_name(errs[i]);
		KUNIT_EXPECT_TRUE(test, xs_error_lookup(name, strlen(name) + 1, &err));
		KUNIT_EXPECT_EQ(test, err, errs[i]);
	}
	KUNIT_EXPECT_STREQ(test, xs_errno_name(-ENOENT), "ENOENT");
	KUNIT_EXPECT_STREQ(test, xs_errno_name(-ETIMEDOUT), "EIO");
	KUNIT_EXPECT_STREQ(test, xs_errno_name(0), "EIO");
}

static void xs_test_reply_check(struct kunit *test)
{
	struct xsd_sockmsg hdr = { .type = XS_READ, .len = 3 };

	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "abc", XS_READ), 0);
	/* The wrong type. */
	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "abc", XS_WRITE), -EIO);
	hdr.type = XS_WATCH_EVENT;
	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "abc", XS_READ), -EIO);
	hdr.type = 0xffff;
	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "abc", XS_READ), -EIO);
	/* Errors. */
	hdr.type = XS_ERROR;
	hdr.len = 7;
	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "ENOENT", XS_READ), -ENOENT);
	hdr.len = 7;
	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "EAGAIN", XS_TRANSACTION_END), -EAGAIN);
	hdr.len = 5;
	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "EHUH", XS_READ), -EIO);
	hdr.len = 0;
	KUNIT_EXPECT_EQ(test, xs_reply_check(&hdr, "", XS_READ), -EIO);
}

static void xs_test_type_name(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xs_type_name(XS_READ), "READ");
	KUNIT_EXPECT_STREQ(test, xs_type_name(XS_DIRECTORY_PART), "DIRECTORY_PART");
	KUNIT_EXPECT_STREQ(test, xs_type_name(20), "?");
	KUNIT_EXPECT_STREQ(test, xs_type_name(XS_TYPE_COUNT), "?");
	KUNIT_EXPECT_STREQ(test, xs_type_name(0xffffffff), "?");
}

/* ---- listings, watch events, transaction ids ---- */

static void xs_test_count_strings(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, count_of(B("")), 0);
	KUNIT_EXPECT_EQ(test, count_of(B("\0")), 1);
	KUNIT_EXPECT_EQ(test, count_of(B("a\0bc\0")), 2);
	KUNIT_EXPECT_EQ(test, count_of(B("a\0bc")), -EINVAL);
	KUNIT_EXPECT_EQ(test, count_of(B("abc")), -EINVAL);
}

static void xs_test_split_strings(struct kunit *test)
{
	unsigned int num = 99;
	char **names;

	names = split_of(B(""), &num);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, names);
	KUNIT_EXPECT_EQ(test, num, 0u);
	kfree(names);

	names = split_of(B("0\0vbd\0console\0"), &num);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, names);
	KUNIT_EXPECT_EQ(test, num, 3u);
	KUNIT_EXPECT_STREQ(test, names[0], "0");
	KUNIT_EXPECT_STREQ(test, names[1], "vbd");
	KUNIT_EXPECT_STREQ(test, names[2], "console");
	kfree(names);

	/* Malformed: unterminated, empty names. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(split_of(B("a\0b"), &num)), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(split_of(B("a"), &num)), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(split_of(B("\0"), &num)), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(split_of(B("a\0\0b\0"), &num)), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(split_of(B("a\0\0"), &num)), -EIO);
}

static void xs_test_split_strings_max(struct kunit *test)
{
	/* The largest listing: 2048 one-letter names. */
	char *body = kunit_kzalloc(test, XENSTORE_PAYLOAD_MAX, GFP_KERNEL);
	unsigned int i, num = 0;
	char **names;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, body);
	for (i = 0; i < XENSTORE_PAYLOAD_MAX; i += 2)
		body[i] = 'a' + (i / 2) % 26;
	names = xs_split_strings(body, XENSTORE_PAYLOAD_MAX, &num);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, names);
	KUNIT_EXPECT_EQ(test, num, XENSTORE_PAYLOAD_MAX / 2u);
	KUNIT_EXPECT_STREQ(test, names[2047], "t");
	kfree(names);
}

static void xs_test_watch_event(struct kunit *test)
{
	static const struct bytes bad[] = {
		BODY(""),
		BODY("\0"),
		BODY("path\0"),		/* no token */
		BODY("path\0token"),		/* token unterminated */
		BODY("path"),
		BODY("\0token\0"),		/* empty path */
		BODY("path\0\0"),		/* empty token */
		BODY("path\0token\0extra\0"),	/* three strings */
	};
	const char *path, *token;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, event_of(B("control/shutdown\0k1f\0"), &path, &token), 0);
	KUNIT_EXPECT_STREQ(test, path, "control/shutdown");
	KUNIT_EXPECT_STREQ(test, token, "k1f");

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xs_parse_watch_event(bad[i].s, bad[i].n,
							       &path, &token),
				    -EINVAL, "case %u", i);
}

static void xs_test_tx_id(struct kunit *test)
{
	static const struct bytes bad[] = {
		BODY("0\0"),
		BODY("4294967296\0"),
		BODY("-1\0"),
		BODY("12a\0"),
		BODY(" 12\0"),
		BODY("12"),
		BODY(""),
		BODY("\0"),
		BODY("1\0002\0"),
		/* Not canonical: no sign, leading zero or newline. */
		BODY("+1\0"),
		BODY("01\0"),
		BODY("1\n\0"),
	};
	unsigned int i;
	u32 tx = 0;

	KUNIT_EXPECT_EQ(test, txid_of(B("1\0"), &tx), 0);
	KUNIT_EXPECT_EQ(test, tx, 1u);
	KUNIT_EXPECT_EQ(test, txid_of(B("4294967295\0"), &tx), 0);
	KUNIT_EXPECT_EQ(test, tx, 4294967295u);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		tx = 7;
		KUNIT_EXPECT_EQ_MSG(test, xs_parse_tx_id(bad[i].s, bad[i].n, &tx), -EINVAL,
				    "case %u", i);
		KUNIT_EXPECT_EQ(test, tx, 7u);
	}
}

/* ---- numbers in values (xs_parse.c) ---- */

static void xs_test_parse_u64(struct kunit *test)
{
	static const struct {
		const char *s;
		u64 max;
		u64 val;
	} good[] = {
		{ "0", 0, 0 },
		{ "0", U64_MAX, 0 },
		{ "1", 1, 1 },
		{ "7", 7, 7 },
		{ "10", 10, 10 },
		{ "51728", U32_MAX, 51728 },
		{ "4294967295", U32_MAX, U32_MAX },
		{ "4294967296", U64_MAX, 4294967296ULL },
		{ "18446744073709551614", U64_MAX, U64_MAX - 1 },
		{ "18446744073709551615", U64_MAX, U64_MAX },
	};
	static const struct {
		const char *s;
		u64 max;
	} range[] = {
		{ "1", 0 },
		{ "2", 1 },
		{ "11", 10 },
		{ "20", 19 },
		{ "65536", 65535 },
		{ "4294967296", U32_MAX },
		{ "18446744073709551615", U64_MAX - 1 },
		/* Past U64_MAX: by one, in the last digit, by length. */
		{ "18446744073709551616", U64_MAX },
		{ "18446744073709551620", U64_MAX },
		{ "18446744073709551700", U64_MAX },
		{ "99999999999999999999", U64_MAX },
		{ "100000000000000000000", U64_MAX },
		{ "999999999999999999999999999999999999999", U64_MAX },
	};
	static const char *const bad[] = {
		"", "00", "01", "007", "0000000000000000000001", "+1", "-1", "-0", "+0",
		" 1", "1 ", "1\n", "\n", " ", "1\t", "0x10", "0X10", "1e3", "1.0",
		"1,000", "12abc", "a", "-", "\xb9", "\x81",
		/* Malformed and too large: the form is checked first. */
		"99999999999999999999x", "099999999999999999999",
	};
	unsigned int i;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		v = 7;
		KUNIT_EXPECT_EQ_MSG(test, xenstore_parse_u64(good[i].s, good[i].max, &v), 0,
				    "\"%s\" max %llu", good[i].s, good[i].max);
		KUNIT_EXPECT_EQ_MSG(test, v, good[i].val, "\"%s\"", good[i].s);
	}
	for (i = 0; i < ARRAY_SIZE(range); i++) {
		v = 7;
		KUNIT_EXPECT_EQ_MSG(test, xenstore_parse_u64(range[i].s, range[i].max, &v),
				    -ERANGE, "\"%s\" max %llu", range[i].s, range[i].max);
		/* Failures leave the output alone. */
		KUNIT_EXPECT_EQ(test, v, 7ULL);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 7;
		KUNIT_EXPECT_EQ_MSG(test, xenstore_parse_u64(bad[i], U64_MAX, &v), -EINVAL,
				    "\"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, v, 7ULL);
	}
}

/* ---- what user space writes ---- */

static void xs_test_user_header(struct kunit *test)
{
	static const struct {
		u32 type, tx_id, len;
		int err;
	} cases[] = {
		{ XS_READ, 0, 10, 0 },
		{ XS_READ, 3, XENSTORE_PAYLOAD_MAX, 0 },
		{ XS_READ, 0, XENSTORE_PAYLOAD_MAX + 1, -E2BIG },
		{ XS_WRITE, 0, 0xffffffff, -E2BIG },
		{ XS_CONTROL, 0, 5, 0 },
		{ XS_DIRECTORY_PART, 0, 5, 0 },
		{ XS_TRANSACTION_START, 0, 1, 0 },
		{ XS_TRANSACTION_START, 4, 1, -EINVAL },
		{ XS_WATCH_EVENT, 0, 10, -EINVAL },
		{ XS_ERROR, 0, 10, -EINVAL },
		{ XS_RESET_WATCHES, 0, 1, -EPERM },
		{ 20, 0, 1, -EINVAL },
		{ XS_TYPE_COUNT, 0, 1, -EINVAL },
		{ XS_INVALID, 0, 1, -EINVAL },
		{ 0xffffffff, 0, 1, -EINVAL },
	};
	struct xsd_sockmsg hdr = { };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		hdr.type = cases[i].type;
		hdr.tx_id = cases[i].tx_id;
		hdr.len = cases[i].len;
		KUNIT_EXPECT_EQ_MSG(test, xs_user_check_header(&hdr), cases[i].err,
				    "case %u", i);
	}
}

static void xs_test_user_body(struct kunit *test)
{
	static const struct {
		u32 type;
		struct bytes body;
		int err;
	} cases[] = {
		{ XS_READ, BODY("domid\0"), 0 },
		{ XS_READ, BODY("domid"), -EINVAL },		/* no NUL */
		{ XS_READ, BODY("dom\0id\0"), -EINVAL },	/* embedded NUL */
		{ XS_READ, BODY("\0"), -EINVAL },		/* empty path */
		{ XS_READ, BODY(""), -EINVAL },
		{ XS_RM, BODY("data/x\0"), 0 },
		{ XS_MKDIR, BODY("data/x"), -EINVAL },
		{ XS_DIRECTORY, BODY("device\0"), 0 },
		{ XS_GET_PERMS, BODY("name\0"), 0 },
		{ XS_GET_DOMAIN_PATH, BODY("3\0"), 0 },
		{ XS_WRITE, BODY("data/x\0value"), 0 },
		{ XS_WRITE, BODY("data/x\0"), 0 },		/* empty value */
		{ XS_WRITE, BODY("data/x\0va\0lue\0"), 0 },	/* values may hold NULs */
		{ XS_WRITE, BODY("data/x"), -EINVAL },		/* path unterminated */
		{ XS_WRITE, BODY("\0value"), -EINVAL },
		{ XS_WRITE, BODY(""), -EINVAL },
		{ XS_WATCH, BODY("data\0tok\0"), 0 },
		{ XS_WATCH, BODY("data\0"), -EINVAL },
		{ XS_WATCH, BODY("data\0tok"), -EINVAL },
		{ XS_WATCH, BODY("data\0\0"), -EINVAL },
		{ XS_WATCH, BODY("\0tok\0"), -EINVAL },
		{ XS_UNWATCH, BODY("data\0tok\0x\0"), -EINVAL },
		{ XS_TRANSACTION_START, BODY("\0"), 0 },
		{ XS_TRANSACTION_START, BODY(""), 0 },
		{ XS_TRANSACTION_START, BODY("x"), -EINVAL },
		{ XS_TRANSACTION_END, BODY("T\0"), 0 },
		{ XS_TRANSACTION_END, BODY("F\0"), 0 },
		{ XS_TRANSACTION_END, BODY("X\0"), -EINVAL },
		{ XS_TRANSACTION_END, BODY("T"), -EINVAL },
		{ XS_TRANSACTION_END, BODY("TF\0"), -EINVAL },
		{ XS_TRANSACTION_END, BODY(""), -EINVAL },
		{ XS_SET_PERMS, BODY("data\0n0\0r1\0"), 0 },
		{ XS_SET_PERMS, BODY("data\0"), -EINVAL },
		{ XS_DIRECTORY_PART, BODY("device\0000\0"), 0 },
		{ XS_DIRECTORY_PART, BODY("device\0"), -EINVAL },
		{ XS_INTRODUCE, BODY("3\0001234\0005\0"), 0 },
		{ XS_INTRODUCE, BODY("3\0001234\0"), -EINVAL },
		{ XS_SET_TARGET, BODY("3\0004\0"), 0 },
		{ XS_CONTROL, BODY("print\0hello\0"), 0 },
		{ XS_CONTROL, BODY("print"), -EINVAL },
	};
	struct xsd_sockmsg hdr = { };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		hdr.type = cases[i].type;
		hdr.len = cases[i].body.n;
		KUNIT_EXPECT_EQ_MSG(test, xs_user_check_body(&hdr, cases[i].body.s), cases[i].err,
				    "case %u (%s)", i, xs_type_name(cases[i].type));
	}
}

static struct kunit_case xs_test_cases[] = {
	KUNIT_CASE(xs_test_ring_used),
	KUNIT_CASE(xs_test_ring_attach),
	KUNIT_CASE(xs_test_ring_write_wraps),
	KUNIT_CASE(xs_test_ring_write_full),
	KUNIT_CASE(xs_test_ring_write_corrupt),
	KUNIT_CASE(xs_test_ring_write_own_index),
	KUNIT_CASE(xs_test_ring_read_wraps),
	KUNIT_CASE(xs_test_ring_read_corrupt),
	KUNIT_CASE(xs_test_rx_longer_than_ring),
	KUNIT_CASE(xs_test_rx_split_header),
	KUNIT_CASE(xs_test_rx_back_to_back),
	KUNIT_CASE(xs_test_rx_bad_length),
	KUNIT_CASE(xs_test_rx_corrupt_ring),
	KUNIT_CASE(xs_test_error_lookup),
	KUNIT_CASE(xs_test_errno_name),
	KUNIT_CASE(xs_test_reply_check),
	KUNIT_CASE(xs_test_type_name),
	KUNIT_CASE(xs_test_count_strings),
	KUNIT_CASE(xs_test_split_strings),
	KUNIT_CASE(xs_test_split_strings_max),
	KUNIT_CASE(xs_test_watch_event),
	KUNIT_CASE(xs_test_tx_id),
	KUNIT_CASE(xs_test_parse_u64),
	KUNIT_CASE(xs_test_user_header),
	KUNIT_CASE(xs_test_user_body),
	{}
};

static struct kunit_suite xs_test_suite = {
	.name = "xen_xenstore",
	.test_cases = xs_test_cases,
};

kunit_test_suite(xs_test_suite);

MODULE_DESCRIPTION("KUnit tests for the xenstore client");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
