// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite xen_netfront_negotiate: the backend's xenstore offers
 * read from tables of good and malformed values (booleans that are not
 * "0"/"1", queue counts out of range or not in canonical decimal, read
 * errors), the number of queues we pick, the features an offer allows,
 * and the parsing of our "mac" node.  Needs no Xen to run.  The module
 * boilerplate (licence, namespace import) is in test_tx.c.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "netfront.h"

/* ---- a fake backend directory ---- */

struct fake_node {
	const char *node;
	const char *value;		/* NULL: an error instead */
	int err;			/* returned as ERR_PTR() if value is NULL */
};

struct fake_dir {
	const struct fake_node *nodes;
	unsigned int nr;
	unsigned int reads;		/* calls, to see that reading stops */
};

static char *fake_read(void *ctx, const char *node)
{
	struct fake_dir *d = ctx;
	unsigned int i;
	char *s;

	d->reads++;
	for (i = 0; i < d->nr; i++) {
		if (strcmp(d->nodes[i].node, node))
			continue;
		if (!d->nodes[i].value)
			return ERR_PTR(d->nodes[i].err);
		s = kstrdup(d->nodes[i].value, GFP_KERNEL);
		return s ?: ERR_PTR(-ENOMEM);
	}
	return NULL;
}

static int read_table(const struct fake_node *nodes, unsigned int nr,
		      struct netfront_offer *o)
{
	struct fake_dir d = { .nodes = nodes, .nr = nr };

	return netfront_read_offer(o, fake_read, &d, "vif-test");
}

/* ---- netfront_read_offer ---- */

static void offer_all_absent(struct kunit *test)
{
	struct fake_dir d = {};
	struct netfront_offer o;

	memset(&o, 0xff, sizeof(o));
	KUNIT_ASSERT_EQ(test, netfront_read_offer(&o, fake_read, &d, "vif-test"), 0);
	KUNIT_EXPECT_FALSE(test, o.sg);
	KUNIT_EXPECT_FALSE(test, o.gso_tcpv4);
	KUNIT_EXPECT_FALSE(test, o.gso_tcpv6);
	KUNIT_EXPECT_FALSE(test, o.ipv6_csum);
	KUNIT_EXPECT_FALSE(test, o.no_csum);
	KUNIT_EXPECT_FALSE(test, o.rx_copy);
	KUNIT_EXPECT_FALSE(test, o.split_evtchn);
	KUNIT_EXPECT_FALSE(test, o.ctrl_ring);
	KUNIT_EXPECT_EQ(test, o.max_queues, 1U);
	/* Eight booleans and the queue count. */
	KUNIT_EXPECT_EQ(test, d.reads, 9U);
}

static const struct fake_node all_on[] = {
	{ "feature-sg", "1" },
	{ "feature-gso-tcpv4", "1" },
	{ "feature-gso-tcpv6", "1" },
	{ "feature-ipv6-csum-offload", "1" },
	{ "feature-no-csum-offload", "1" },
	{ "feature-rx-copy", "1" },
	{ "feature-split-event-channels", "1" },
	{ "feature-ctrl-ring", "1" },
	{ "multi-queue-max-queues", "4" },
};

static void offer_all_present(struct kunit *test)
{
	static const struct fake_node all_off[] = {
		{ "feature-sg", "0" },
		{ "feature-gso-tcpv4", "0" },
		{ "feature-gso-tcpv6", "0" },
		{ "feature-ipv6-csum-offload", "0" },
		{ "feature-no-csum-offload", "0" },
		{ "feature-rx-copy", "0" },
		{ "feature-split-event-channels", "0" },
		{ "feature-ctrl-ring", "0" },
		{ "multi-queue-max-queues", "1" },
	};
	struct netfront_offer o;

	KUNIT_ASSERT_EQ(test, read_table(all_on, ARRAY_SIZE(all_on), &o), 0);
	KUNIT_EXPECT_TRUE(test, o.sg);
	KUNIT_EXPECT_TRUE(test, o.gso_tcpv4);
	KUNIT_EXPECT_TRUE(test, o.gso_tcpv6);
	KUNIT_EXPECT_TRUE(test, o.ipv6_csum);
	KUNIT_EXPECT_TRUE(test, o.no_csum);
	KUNIT_EXPECT_TRUE(test, o.rx_copy);
	KUNIT_EXPECT_TRUE(test, o.split_evtchn);
	KUNIT_EXPECT_TRUE(test, o.ctrl_ring);
	KUNIT_EXPECT_EQ(test, o.max_queues, 4U);

	KUNIT_ASSERT_EQ(test, read_table(all_off, ARRAY_SIZE(all_off), &o), 0);
	KUNIT_EXPECT_FALSE(test, o.sg);
	KUNIT_EXPECT_FALSE(test, o.gso_tcpv4);
	KUNIT_EXPECT_FALSE(test, o.gso_tcpv6);
	KUNIT_EXPECT_FALSE(test, o.ipv6_csum);
	KUNIT_EXPECT_FALSE(test, o.no_csum);
	KUNIT_EXPECT_FALSE(test, o.rx_copy);
	KUNIT_EXPECT_FALSE(test, o.split_evtchn);
	KUNIT_EXPECT_FALSE(test, o.ctrl_ring);
	KUNIT_EXPECT_EQ(test, o.max_queues, 1U);
}

static void offer_bad_bool(struct kunit *test)
{
	static const char * const bad[] = {
		"2", "", "1x", " 1", "1 ", "01", "00", "+1", "-1", "true",
		"1\n", "0x1", "10", "99999999999999999999",
	};
	static const char * const nodes[] = {
		"feature-sg", "feature-rx-copy", "feature-ctrl-ring",
		"feature-no-csum-offload",
	};
	struct netfront_offer o, before;
	unsigned int i, j;

	for (j = 0; j < ARRAY_SIZE(nodes); j++) {
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			/* The first match wins: the bad value comes first. */
			const struct fake_node t[] = {
				{ nodes[j], bad[i] },
				{ "feature-rx-copy", "1" },
			};

			memset(&o, 0x5a, sizeof(o));
			memcpy(&before, &o, sizeof(o));
			KUNIT_EXPECT_EQ_MSG(test, read_table(t, ARRAY_SIZE(t), &o), -EIO,
					    "%s = \"%s\"", nodes[j], bad[i]);
			/* Nothing half-filled on error. */
			KUNIT_EXPECT_EQ(test, memcmp(&o, &before, sizeof(o)), 0);
		}
	}
}

static void offer_queues(struct kunit *test)
{
	static const struct {
		const char *value;
		int ret;
		unsigned int queues;
	} cases[] = {
		{ "1", 0, 1 },
		{ "2", 0, 2 },
		{ "8", 0, 8 },
		{ "10", 0, 10 },
		{ "65535", 0, 65535 },
		{ "0", -EIO, 0 },
		{ "65536", -EIO, 0 },
		{ "007", -EIO, 0 },
		{ "-1", -EIO, 0 },
		{ "+4", -EIO, 0 },
		{ "4294967295", -EIO, 0 },
		{ "4294967296", -EIO, 0 },
		{ "18446744073709551617", -EIO, 0 },
		{ "99999999999999999999999999999999999999", -EIO, 0 },
		{ "", -EIO, 0 },
		{ " 4", -EIO, 0 },
		{ "4 ", -EIO, 0 },
		{ "4\n", -EIO, 0 },
		{ "0x4", -EIO, 0 },
		{ "four", -EIO, 0 },
	};
	struct netfront_offer o;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct fake_node t[] = {
			{ "multi-queue-max-queues", cases[i].value },
		};

		o.max_queues = 12345;
		KUNIT_EXPECT_EQ_MSG(test, read_table(t, ARRAY_SIZE(t), &o), cases[i].ret,
				    "max-queues \"%s\"", cases[i].value);
		if (!cases[i].ret)
			KUNIT_EXPECT_EQ_MSG(test, o.max_queues, cases[i].queues,
					    "max-queues \"%s\"", cases[i].value);
		else
			KUNIT_EXPECT_EQ(test, o.max_queues, 12345U);
	}
}

static void offer_read_errors(struct kunit *test)
{
	static const int errs[] = { -EACCES, -EIO, -ETIMEDOUT, -ENOMEM };
	static const char * const nodes[] = {
		"feature-sg", "feature-ctrl-ring", "multi-queue-max-queues",
	};
	struct netfront_offer o;
	unsigned int i, j;

	for (j = 0; j < ARRAY_SIZE(nodes); j++) {
		for (i = 0; i < ARRAY_SIZE(errs); i++) {
			const struct fake_node t[] = {
				{ nodes[j], NULL, errs[i] },
			};

			KUNIT_EXPECT_EQ_MSG(test, read_table(t, ARRAY_SIZE(t), &o), errs[i],
					    "%s: %d", nodes[j], errs[i]);
		}
	}
}

/* ---- netfront_pick_queues ---- */

static unsigned int pick(unsigned int offer, unsigned int our_max,
			 unsigned int cpus)
{
	struct netfront_offer o = { .max_queues = offer };

	return netfront_pick_queues(&o, our_max, cpus);
}

static void pick_queues(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pick(1, 8, 4), 1U);
	KUNIT_EXPECT_EQ(test, pick(4, 8, 2), 2U);
	KUNIT_EXPECT_EQ(test, pick(4, 2, 8), 2U);
	KUNIT_EXPECT_EQ(test, pick(3, 8, 8), 3U);
	/* Never 0, whoever says 0. */
	KUNIT_EXPECT_EQ(test, pick(0, 8, 8), 1U);
	KUNIT_EXPECT_EQ(test, pick(8, 0, 8), 1U);
	KUNIT_EXPECT_EQ(test, pick(8, 8, 0), 1U);
	/* Never more than the queue arrays hold. */
	KUNIT_EXPECT_EQ(test, pick(65535, UINT_MAX, UINT_MAX),
			(unsigned int)NETFRONT_MAX_QUEUES);
	KUNIT_EXPECT_EQ(test, pick(NETFRONT_MAX_QUEUES + 1, UINT_MAX, 64),
			(unsigned int)NETFRONT_MAX_QUEUES);
	KUNIT_EXPECT_EQ(test, pick(UINT_MAX, UINT_MAX, UINT_MAX),
			(unsigned int)NETFRONT_MAX_QUEUES);
}

/* ---- netfront_offer_features ---- */

static netdev_features_t features(bool sg, bool v4, bool v6, bool csum6,
				  bool no_csum)
{
	struct netfront_offer o = {
		.sg = sg, .gso_tcpv4 = v4, .gso_tcpv6 = v6,
		.ipv6_csum = csum6, .no_csum = no_csum, .rx_copy = true,
		.max_queues = 1,
	};

	return netfront_offer_features(&o);
}

static void offer_features(struct kunit *test)
{
	const netdev_features_t all = NETFRONT_FEATURES;
	unsigned int bits;

	/* A backend offering nothing: IPv4 checksums (default on), RX. */
	KUNIT_EXPECT_EQ(test, features(false, false, false, false, false),
			NETIF_F_IP_CSUM | NETIF_F_RXCSUM);
	KUNIT_EXPECT_EQ(test, features(true, true, true, true, false), all);
	/* No checksum offload: no TSO of either kind, RX stays. */
	KUNIT_EXPECT_EQ(test, features(true, true, true, true, true),
			NETIF_F_SG | NETIF_F_RXCSUM);
	/* GSO without SG is useless. */
	KUNIT_EXPECT_EQ(test, features(false, true, true, true, false),
			NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM | NETIF_F_RXCSUM);
	/* TSO6 needs the IPv6 checksum offload. */
	KUNIT_EXPECT_EQ(test, features(true, true, true, false, false),
			NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO |
			NETIF_F_RXCSUM);
	KUNIT_EXPECT_EQ(test, features(true, false, true, true, false),
			NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
			NETIF_F_TSO6 | NETIF_F_RXCSUM);

	/* Every combination: a subset, and the rules hold. */
	for (bits = 0; bits < 32; bits++) {
		netdev_features_t f = features(bits & 1, bits & 2, bits & 4,
					       bits & 8, bits & 16);

		KUNIT_EXPECT_EQ(test, f & ~all, (netdev_features_t)0);
		KUNIT_EXPECT_TRUE(test, f & NETIF_F_RXCSUM);
		KUNIT_EXPECT_EQ(test, !!(f & NETIF_F_SG), !!(bits & 1));
		KUNIT_EXPECT_EQ(test, !!(f & NETIF_F_IP_CSUM), !(bits & 16));
		if (f & NETIF_F_IPV6_CSUM)
			KUNIT_EXPECT_TRUE(test, (bits & 8) && !(bits & 16));
		if (f & NETIF_F_TSO)
			KUNIT_EXPECT_TRUE(test, (bits & 2) &&
					  (f & NETIF_F_SG) && (f & NETIF_F_IP_CSUM));
		if (f & NETIF_F_TSO6)
			KUNIT_EXPECT_TRUE(test, (bits & 4) &&
					  (f & NETIF_F_SG) && (f & NETIF_F_IPV6_CSUM));
	}
}

/* ---- netfront_parse_mac ---- */

static void mac_good(struct kunit *test)
{
	static const u8 want[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0x0a, 0xbc, 0xff };
	static const u8 local[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	u8 mac[ETH_ALEN];

	KUNIT_ASSERT_EQ(test, netfront_parse_mac("00:16:3e:0a:bc:ff", mac), 0);
	KUNIT_EXPECT_EQ(test, memcmp(mac, want, ETH_ALEN), 0);
	KUNIT_ASSERT_EQ(test, netfront_parse_mac("00:16:3E:0A:BC:FF", mac), 0);
	KUNIT_EXPECT_EQ(test, memcmp(mac, want, ETH_ALEN), 0);
	KUNIT_ASSERT_EQ(test, netfront_parse_mac("02:00:00:00:00:01", mac), 0);
	KUNIT_EXPECT_EQ(test, memcmp(mac, local, ETH_ALEN), 0);
}

static void mac_bad(struct kunit *test)
{
	static const char * const bad[] = {
		"",
		"00:16:3e:0a:bc",		/* short */
		"00:16:3e:0a:bc:f",
		"00:16:3e:0a:bc:ff:",		/* long */
		"00:16:3e:0a:bc:ff:00",
		"00:16:3e:0a:bc:ff\n",
		" 00:16:3e:0a:bc:ff",
		"00:16:3e:0a:bc:fg",		/* bad hex */
		"0x:16:3e:0a:bc:ff",
		"00:16:3e:0a:b :ff",
		"00:16:3e:0a:-c:ff",
		"00-16-3e-0a-bc-ff",		/* separators */
		"00:16:3e-0a:bc:ff",
		"00.16.3e.0a.bc.ff",
		"0016:3e:0a:bc:ff:",
		"001:6:3e:0a:bc:ff",
		"01:00:5e:00:00:01",		/* multicast */
		"33:33:00:00:00:01",
		"ff:ff:ff:ff:ff:ff",		/* broadcast */
		"00:00:00:00:00:00",		/* zero */
	};
	u8 mac[ETH_ALEN], before[ETH_ALEN];
	unsigned int i;

	memset(before, 0xa5, sizeof(before));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(mac, before, sizeof(mac));
		KUNIT_EXPECT_EQ_MSG(test, netfront_parse_mac(bad[i], mac), -EINVAL,
				    "\"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, memcmp(mac, before, ETH_ALEN), 0);
	}
}

static struct kunit_case netfront_negotiate_cases[] = {
	KUNIT_CASE(offer_all_absent),
	KUNIT_CASE(offer_all_present),
	KUNIT_CASE(offer_bad_bool),
	KUNIT_CASE(offer_queues),
	KUNIT_CASE(offer_read_errors),
	KUNIT_CASE(pick_queues),
	KUNIT_CASE(offer_features),
	KUNIT_CASE(mac_good),
	KUNIT_CASE(mac_bad),
	{}
};

static struct kunit_suite netfront_negotiate_suite = {
	.name = "xen_netfront_negotiate",
	.test_cases = netfront_negotiate_cases,
};

kunit_test_suite(netfront_negotiate_suite);
