// SPDX-License-Identifier: GPL-2.0
/*
 * Negotiation with the backend (Documentation/xen/netif.rst,
 * "Negotiation"): what it offers, read from its xenstore directory and
 * checked; what we choose from that; and the keys we publish in ours.
 *
 * Every value the backend wrote is untrusted.  Unlike a missing key, a
 * malformed one fails the connection: a backend that writes "2" for a
 * boolean does not speak the protocol we know, and guessing could turn
 * on an offload it cannot do.
 *
 * The offer is read through a callback so that the same code runs on
 * xenstore (netfront_read_backend()) and on tables of malformed values
 * (KUnit, test_negotiate.c).
 */
#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenstore.h>

#include "netfront.h"

/* ---- reading the backend's nodes ---- */

char *netfront_read_backend(void *ctx, const char *node)
{
	struct netfront_info *info = ctx;
	unsigned int len;
	char *s;

	s = xenstore_read(XENSTORE_NO_TX, info->xbdev->otherend, node, &len);
	if (IS_ERR(s))
		return PTR_ERR(s) == -ENOENT ? NULL : s;
	/* A value with a NUL inside would be cut short by every string
	 * function ("1\0junk" reading as "1"): refuse it here, once.
	 */
	if (strlen(s) != len) {
		pr_err("%s: backend's %s has a NUL byte inside its value\n",
		       dev_name(&info->xbdev->dev), node);
		kfree(s);
		return ERR_PTR(-EIO);
	}
	return s;
}

/* Read @node as a number in [0, @max], in xenstore's canonical decimal
 * (xenstore_parse_u64(): digits only, no sign, blanks, "0x" or leading
 * zeros): 0 with *@out = @def when the node is missing, -EIO when
 * malformed or out of range, the read's error otherwise.  Each failure
 * is logged, naming the device.
 */
static int read_num(netfront_read_fn read, void *ctx, const char *name,
		    const char *node, unsigned int max, unsigned int def,
		    unsigned int *out)
{
	char *s = read(ctx, node);
	u64 v;
	int err;

	if (!s) {
		*out = def;
		return 0;
	}
	if (IS_ERR(s)) {
		pr_err("%s: cannot read the backend's %s: %ld\n",
		       name, node, PTR_ERR(s));
		return PTR_ERR(s);
	}
	err = xenstore_parse_u64(s, max, &v);
	if (err)
		pr_err("%s: backend's %s \"%*pE\" is not a number in [0, %u]\n",
		       name, node, (int)strnlen(s, 16), s, max);
	else
		*out = v;
	kfree(s);
	return err ? -EIO : 0;
}

static int read_bool(netfront_read_fn read, void *ctx, const char *name,
		     const char *node, bool *out)
{
	unsigned int v;
	int err = read_num(read, ctx, name, node, 1, 0, &v);

	if (!err)
		*out = v;
	return err;
}

int netfront_read_offer(struct netfront_offer *o, netfront_read_fn read,
			void *ctx, const char *name)
{
	struct netfront_offer new = {};
	const struct {
		const char *node;
		bool *out;
	} bools[] = {
		{ "feature-sg", &new.sg },
		{ "feature-gso-tcpv4", &new.gso_tcpv4 },
		{ "feature-gso-tcpv6", &new.gso_tcpv6 },
		{ "feature-ipv6-csum-offload", &new.ipv6_csum },
		{ "feature-no-csum-offload", &new.no_csum },
		{ "feature-rx-copy", &new.rx_copy },
		{ "feature-split-event-channels", &new.split_evtchn },
		{ "feature-ctrl-ring", &new.ctrl_ring },
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(bools); i++) {
		err = read_bool(read, ctx, name, bools[i].node, bools[i].out);
		if (err)
			return err;
	}

	/* Missing: a backend from before multi-queue, one queue. */
	err = read_num(read, ctx, name, "multi-queue-max-queues", U16_MAX, 1,
		       &new.max_queues);
	if (err)
		return err;
	if (!new.max_queues) {
		pr_err("%s: backend's multi-queue-max-queues is 0\n", name);
		return -EIO;
	}

	/* rx_copy may be false here: refusing such a backend is the
	 * caller's.  On error *@o is left as it was.
	 */
	*o = new;
	return 0;
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_read_offer);

/* ---- our choices ---- */

unsigned int netfront_pick_queues(const struct netfront_offer *o,
				  unsigned int our_max, unsigned int cpus)
{
	unsigned int n = min3(o->max_queues, our_max, cpus);

	/* NETFRONT_MAX_QUEUES bounds every per-device queue array. */
	return clamp(n, 1U, (unsigned int)NETFRONT_MAX_QUEUES);
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_pick_queues);

/* The backend's feature-* keys say what it accepts from us, so they
 * bound what we may transmit: checksum-blank packets (IPv4 unless
 * feature-no-csum-offload, IPv6 with feature-ipv6-csum-offload),
 * packets in more than one slot (feature-sg) and GSO packets.  A GSO
 * packet is always checksum-blank and may take up to 64 KiB, more than
 * one slot, so TSO needs scatter-gather and the checksum offload of its
 * IP version (the stack too drops TSO without SG).  What we receive we
 * check ourselves, so NETIF_F_RXCSUM needs no offer.
 */
netdev_features_t netfront_offer_features(const struct netfront_offer *o)
{
	netdev_features_t f = NETIF_F_RXCSUM;

	if (o->sg)
		f |= NETIF_F_SG;
	if (!o->no_csum) {
		f |= NETIF_F_IP_CSUM;
		if (o->ipv6_csum)
			f |= NETIF_F_IPV6_CSUM;
	}
	if (o->gso_tcpv4 && (f & NETIF_F_SG) && (f & NETIF_F_IP_CSUM))
		f |= NETIF_F_TSO;
	if (o->gso_tcpv6 && (f & NETIF_F_SG) && (f & NETIF_F_IPV6_CSUM))
		f |= NETIF_F_TSO6;
	return f;
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_offer_features);

/* "aa:bb:cc:dd:ee:ff": the form the toolstack writes in our "mac". */
#define MAC_STR_LEN	(ETH_ALEN * 3 - 1)

int netfront_parse_mac(const char *s, u8 *mac)
{
	u8 m[ETH_ALEN];
	unsigned int i;
	int hi, lo;

	if (strnlen(s, MAC_STR_LEN + 1) != MAC_STR_LEN)
		return -EINVAL;
	for (i = 0; i < ETH_ALEN; i++) {
		const char *p = s + i * 3;

		hi = hex_to_bin(p[0]);
		lo = hex_to_bin(p[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < ETH_ALEN - 1 && p[2] != ':')
			return -EINVAL;
		m[i] = hi << 4 | lo;
	}
	/* A station address: unicast (broadcast is multicast too), not 0. */
	if (is_multicast_ether_addr(m) || is_zero_ether_addr(m))
		return -EINVAL;
	memcpy(mac, m, ETH_ALEN);
	return 0;
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_parse_mac);

/* ---- publishing our keys ---- */

/* Times we start over when another xenstore writer got in first. */
#define PUBLISH_TRIES		16

/* Our keys of one queue, top-level (1 queue) or under queue-<i>/. */
static const char * const queue_keys[] = {
	"tx-ring-ref", "rx-ring-ref",
	"event-channel", "event-channel-tx", "event-channel-rx",
};

/* Keys an earlier connection (ours, or another kernel's before a kexec
 * or restore) may have left that this one does not write: a stale
 * queue count, a control ring the backend would try to map, a
 * request-multicast-control that would make it drop multicast we never
 * subscribed to (IPv6 neighbour discovery included), a GSO prefix
 * request that would change the receive format.
 */
static const char * const stale_keys[] = {
	"multi-queue-num-queues",
	"ctrl-ring-ref", "event-channel-ctrl",
	"request-multicast-control",
	"feature-gso-tcpv4-prefix", "feature-gso-tcpv6-prefix",
};

/* What we accept on receive (Documentation/xen/netif.rst, "Keys we
 * write").  request-rx-copy: the backend copies into our pages (no page
 * flipping); feature-rx-notify: we notify it of new RX requests,
 * without which it may not queue packets for us;
 * feature-no-csum-offload = 0 is the default when missing, written to
 * override a stale value.
 */
static const struct {
	const char *node;
	const char *value;
} our_features[] = {
	{ "request-rx-copy", "1" },
	{ "feature-rx-notify", "1" },
	{ "feature-sg", "1" },
	{ "feature-gso-tcpv4", "1" },
	{ "feature-gso-tcpv6", "1" },
	{ "feature-ipv6-csum-offload", "1" },
	{ "feature-no-csum-offload", "0" },
};

/* One publication attempt: the transaction, and what failed. */
struct publish {
	u32 tx;
	const char *dir;		/* our directory, xbdev->nodename */
	char what[64];			/* the step a failure happened in */
};

static int pub_write(struct publish *p, const char *prefix, const char *key,
		     const char *value)
{
	char node[48];			/* prefix + key */

	snprintf(node, sizeof(node), "%s%s", prefix, key);
	snprintf(p->what, sizeof(p->what), "writing %s", node);
	return xenstore_write(p->tx, p->dir, node, value);
}

static int pub_uint(struct publish *p, const char *prefix, const char *key,
		    unsigned int value)
{
	char buf[12];

	snprintf(buf, sizeof(buf), "%u", value);
	return pub_write(p, prefix, key, buf);
}

static int pub_rm(struct publish *p, const char *node)
{
	snprintf(p->what, sizeof(p->what), "removing %s", node);
	return xenstore_rm(p->tx, p->dir, node);
}

/* Remove every queue key of an earlier connection. */
static int remove_stale(struct publish *p)
{
	unsigned int i, num;
	char **names;
	int err;

	for (i = 0; i < ARRAY_SIZE(queue_keys); i++) {
		err = pub_rm(p, queue_keys[i]);
		if (err)
			return err;
	}
	for (i = 0; i < ARRAY_SIZE(stale_keys); i++) {
		err = pub_rm(p, stale_keys[i]);
		if (err)
			return err;
	}

	/* queue-<i>/ directories: listed rather than counted up to
	 * NETFRONT_MAX_QUEUES, as another kernel may have used more.
	 */
	strscpy(p->what, "listing our directory", sizeof(p->what));
	names = xenstore_directory(p->tx, p->dir, "", &num);
	if (IS_ERR(names))
		return PTR_ERR(names);
	err = 0;
	for (i = 0; i < num && !err; i++) {
		if (!strncmp(names[i], "queue-", 6))
			err = pub_rm(p, names[i]);
	}
	kfree(names);
	return err;
}

static int write_queue(struct publish *p, const char *prefix,
		       const struct netfront_queue *q)
{
	int err;

	err = pub_uint(p, prefix, "tx-ring-ref", q->tx_ring_ref);
	if (!err)
		err = pub_uint(p, prefix, "rx-ring-ref", q->rx_ring_ref);
	if (err)
		return err;
	/* One channel for both directions, or one each (split). */
	if (q->tx_evtchn == q->rx_evtchn)
		return pub_uint(p, prefix, "event-channel", q->tx_evtchn);
	err = pub_uint(p, prefix, "event-channel-tx", q->tx_evtchn);
	if (!err)
		err = pub_uint(p, prefix, "event-channel-rx", q->rx_evtchn);
	return err;
}

static int write_all(struct netfront_info *info, struct publish *p)
{
	char prefix[24];		/* "queue-<u32>/" */
	unsigned int i;
	int err;

	err = remove_stale(p);
	if (err)
		return err;

	/* One queue: the keys at the top, as a backend without multi-queue
	 * expects.  More: multi-queue-num-queues and the keys under
	 * queue-<i>/ only (Xen's io/netif.h forbids the top-level ones
	 * then).
	 */
	if (info->nr_queues == 1) {
		err = write_queue(p, "", &info->queues[0]);
		if (err)
			return err;
	} else {
		err = pub_uint(p, "", "multi-queue-num-queues", info->nr_queues);
		if (err)
			return err;
		for (i = 0; i < info->nr_queues; i++) {
			snprintf(prefix, sizeof(prefix), "queue-%u/", i);
			err = write_queue(p, prefix, &info->queues[i]);
			if (err)
				return err;
		}
	}

	for (i = 0; i < ARRAY_SIZE(our_features); i++) {
		err = pub_write(p, "", our_features[i].node,
				our_features[i].value);
		if (err)
			return err;
	}
	return 0;
}

int netfront_publish(struct netfront_info *info)
{
	struct xenbus_device *dev = info->xbdev;
	struct publish p = { .dir = dev->nodename };
	unsigned int try;
	int err;

	if (!info->queues || !info->nr_queues ||
	    info->nr_queues > NETFRONT_MAX_QUEUES) {
		xenbus_dev_fatal(dev, -EINVAL, "publishing %u queues",
				 info->nr_queues);
		return -EINVAL;
	}

	for (try = 0; try < PUBLISH_TRIES; try++) {
		err = xenstore_transaction_start(&p.tx);
		if (err) {
			xenbus_dev_fatal(dev, err, "starting a transaction to publish rings");
			return err;
		}
		err = write_all(info, &p);
		if (err) {
			xenstore_transaction_end(p.tx, true);
			xenbus_dev_fatal(dev, err, "publishing rings: %s", p.what);
			return err;
		}
		err = xenstore_transaction_end(p.tx, false);
		if (err != -EAGAIN)
			break;
	}
	if (err == -EAGAIN)
		xenbus_dev_fatal(dev, err,
				 "publishing rings: transaction still conflicting after %u tries",
				 PUBLISH_TRIES);
	else if (err)
		xenbus_dev_fatal(dev, err, "publishing rings: committing");
	return err;
}
