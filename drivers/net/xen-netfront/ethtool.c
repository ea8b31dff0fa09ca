// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool for xen-netfront: driver information, link, channels and the
 * per-queue counters of struct netfront_{tx,rx}_stats (ethtool -S; the
 * names are listed in Documentation/xen/netif.rst, "Statistics").
 *
 * Locking: the ethtool core calls every operation here with RTNL held
 * (the ioctl and the netlink paths alike).  main.c allocates
 * info->queues before it registers the netdev and frees it after
 * unregistering it, and changes info->nr_queues only holding RTNL (and
 * info->lock).  So both are stable during one call, and between the
 * get_sset_count() and the get_strings() or get_ethtool_stats() of one
 * request: the count we report is the count we fill.  The counters
 * themselves are read under their u64_stats_sync.
 *
 * Per queue, the queues of the current connection are reported (none
 * while disconnected).  The totals, like ndo_get_stats64 in main.c, sum
 * every entry of the queue array: each counts from probe to remove,
 * across reconnections, also when a later connection uses fewer queues.
 */
#include <linux/ethtool.h>
#include <linux/minmax.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/u64_stats_sync.h>

#include "netfront.h"

struct netfront_stat {
	const char *name;
	size_t offset;			/* of the u64 in its stats struct */
};

#define TX_STAT(f)	{ #f, offsetof(struct netfront_tx_stats, f) }
#define RX_STAT(f)	{ #f, offsetof(struct netfront_rx_stats, f) }

/* "linearized" is left out: with copying it never moves from 0. */
static const struct netfront_stat tx_stats[] = {
	TX_STAT(packets),
	TX_STAT(bytes),
	TX_STAT(dropped),
	TX_STAT(errors),
	TX_STAT(stopped),
};

static const struct netfront_stat rx_stats[] = {
	RX_STAT(packets),
	RX_STAT(bytes),
	RX_STAT(dropped),
	RX_STAT(errors),
	RX_STAT(csum_fixed),
	RX_STAT(gso),
};

#define NR_TX_STATS	ARRAY_SIZE(tx_stats)
#define NR_RX_STATS	ARRAY_SIZE(rx_stats)
#define NR_Q_STATS	(NR_TX_STATS + NR_RX_STATS)

/* The queues to report one by one: those of the current connection,
 * none while disconnected (nr_queues is 0 then).  RTNL keeps the answer
 * valid until the caller's ethtool call returns.
 */
static unsigned int stat_queues(const struct netfront_info *info)
{
	ASSERT_RTNL();
	if (!info->queues)
		return 0;
	return min_t(unsigned int, info->nr_queues, NETFRONT_MAX_QUEUES);
}

static void netfront_get_drvinfo(struct net_device *dev,
				 struct ethtool_drvinfo *drvinfo)
{
	struct netfront_info *info = netdev_priv(dev);

	strscpy(drvinfo->driver, "xen-netfront", sizeof(drvinfo->driver));
	strscpy(drvinfo->bus_info, dev_name(&info->xbdev->dev),
		sizeof(drvinfo->bus_info));
}

static int netfront_get_sset_count(struct net_device *dev, int sset)
{
	struct netfront_info *info = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	/* Device-wide totals, then each queue's own. */
	return NR_Q_STATS * (1 + stat_queues(info));
}

static void netfront_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	struct netfront_info *info = netdev_priv(dev);
	unsigned int nq, q, i;

	if (sset != ETH_SS_STATS)
		return;
	nq = stat_queues(info);

	for (i = 0; i < NR_TX_STATS; i++)
		ethtool_sprintf(&data, "tx_%s", tx_stats[i].name);
	for (i = 0; i < NR_RX_STATS; i++)
		ethtool_sprintf(&data, "rx_%s", rx_stats[i].name);
	for (q = 0; q < nq; q++) {
		for (i = 0; i < NR_TX_STATS; i++)
			ethtool_sprintf(&data, "tx_queue_%u_%s", q,
					tx_stats[i].name);
		for (i = 0; i < NR_RX_STATS; i++)
			ethtool_sprintf(&data, "rx_queue_%u_%s", q,
					rx_stats[i].name);
	}
}

static u64 stat_at(const void *stats, const struct netfront_stat *s)
{
	return *(const u64 *)((const u8 *)stats + s->offset);
}

/* One queue's TX counters into @v[NR_TX_STATS], a consistent snapshot. */
static void read_tx_stats(const struct netfront_tx_stats *st, u64 *v)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&st->syncp);
		for (i = 0; i < NR_TX_STATS; i++)
			v[i] = stat_at(st, &tx_stats[i]);
	} while (u64_stats_fetch_retry(&st->syncp, start));
}

static void read_rx_stats(const struct netfront_rx_stats *st, u64 *v)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&st->syncp);
		for (i = 0; i < NR_RX_STATS; i++)
			v[i] = stat_at(st, &rx_stats[i]);
	} while (u64_stats_fetch_retry(&st->syncp, start));
}

static void netfront_get_ethtool_stats(struct net_device *dev,
				       struct ethtool_stats *stats, u64 *data)
{
	struct netfront_info *info = netdev_priv(dev);
	unsigned int nq = stat_queues(info);
	u64 v[NR_Q_STATS];
	unsigned int q, i;

	/* Layout as netfront_get_strings(): totals, then per queue. */
	memset(data, 0, NR_Q_STATS * (1 + nq) * sizeof(*data));
	if (!info->queues)
		return;
	for (q = 0; q < NETFRONT_MAX_QUEUES; q++) {
		const struct netfront_queue *queue = &info->queues[q];

		read_tx_stats(&queue->tx_stats, v);
		read_rx_stats(&queue->rx_stats, v + NR_TX_STATS);
		for (i = 0; i < NR_Q_STATS; i++)
			data[i] += v[i];
		if (q < nq)
			memcpy(data + NR_Q_STATS * (1 + q), v, sizeof(v));
	}
}

static void netfront_get_channels(struct net_device *dev,
				  struct ethtool_channels *ch)
{
	struct netfront_info *info = netdev_priv(dev);
	/* Set at the backend's InitWait, maybe without RTNL: one read. */
	unsigned int offer = READ_ONCE(info->offer.max_queues);
	unsigned int nq = stat_queues(info);
	unsigned int top = NETFRONT_MAX_QUEUES;

	/* The backend's offer bounds us once we have read it. */
	if (offer)
		top = min(top, offer);
	ch->max_combined = max(top, nq);
	ch->combined_count = nq;
}

const struct ethtool_ops netfront_ethtool_ops = {
	.get_drvinfo		= netfront_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= netfront_get_sset_count,
	.get_strings		= netfront_get_strings,
	.get_ethtool_stats	= netfront_get_ethtool_stats,
	.get_channels		= netfront_get_channels,
};
