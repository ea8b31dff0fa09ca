// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: module, xenbus driver, the connection state machine and
 * the network device (Documentation/xen/netif.rst, "Connection").
 *
 *   backend InitWait   -> read its offers, set up the queues, publish
 *                         them, we go Initialised
 *   backend Connected  -> offloads per the offer, carrier on, we go
 *                         Connected: packets flow
 *   backend Closing/Closed -> carrier off, queues torn down, we go Closed
 *                         (xl network-detach, or the backend went away)
 *   backend InitWait while we are connected (it restarted), or resume
 *                      -> queues torn down, and we start over
 *
 * Locking: info->lock serialises probe, remove and the state machine
 * (the xenwatch thread).  What the network stack reads without that lock
 * changes under rtnl as well (info->nr_queues, features, real queue
 * counts), with the netdev's TX queues disabled so that no transmit is
 * running: lock order info->lock, then rtnl.  ndo_open/ndo_stop run
 * under rtnl and never take info->lock.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <xen/xen.h>
#include <xen/xenbus.h>
#include <xen/xenstore.h>

#include "netfront.h"

unsigned int netfront_max_queues;
module_param_named(max_queues, netfront_max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues,
		 "Queues per device (1-8; the backend may offer fewer); 0: one per online CPU");

/* ---- the backend broke the protocol ---- */

void netfront_mark_broken(struct netfront_queue *q, const char *why)
{
	struct netfront_info *info = q->info;

	if (xchg(&q->broken, true))
		return;
	/* Nothing more goes out on this queue; its poll stops too. */
	netif_tx_stop_queue(netdev_get_tx_queue(info->netdev, q->index));
	if (!cmpxchg(&info->broken_why, NULL, why))
		schedule_work(&info->broken_work);
}

/* Give the device up: the toolstack sees the error and the backend
 * closes, which tears the queues down (netfront_close()).
 */
static void broken_work(struct work_struct *work)
{
	struct netfront_info *info = container_of(work, struct netfront_info,
						  broken_work);

	netif_carrier_off(info->netdev);
	xenbus_dev_fatal(info->xbdev, -EIO,
			 "backend broke the protocol: %s; the device is disconnected, detach and attach it again",
			 info->broken_why);
}

/* ---- NAPI and queues, under rtnl ---- */

static void napi_on(struct netfront_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_queues; i++) {
		napi_enable(&info->queues[i].napi);
		/* Pick up whatever arrived while it was off. */
		napi_schedule(&info->queues[i].napi);
	}
}

static void napi_off(struct netfront_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_queues; i++)
		napi_disable(&info->queues[i].napi);
}

/* Tear every queue down (info->lock held).  No transmit runs afterwards
 * and no poll: xmit sees a stopped queue, NAPI is disabled.  Idempotent.
 */
static void queues_down(struct netfront_info *info)
{
	struct net_device *netdev = info->netdev;
	unsigned int i;

	rtnl_lock();
	netif_carrier_off(netdev);
	/* Takes each TX queue's lock: waits for a transmit in progress. */
	netif_tx_disable(netdev);
	if (netif_running(netdev))
		napi_off(info);
	for (i = 0; i < info->nr_queues; i++)
		netfront_queue_teardown(&info->queues[i]);
	info->nr_queues = 0;
	rtnl_unlock();
}

/* ---- the state machine (info->lock held) ---- */

static int talk_to_backend(struct netfront_info *info)
{
	struct net_device *netdev = info->netdev;
	const char *name = dev_name(&info->xbdev->dev);
	unsigned int nr, cpus, i;
	int err;

	if (info->conn != NETFRONT_DISCONNECTED)
		return 0;
	/* Queues of a connection the backend closed without Closed. */
	queues_down(info);

	err = netfront_read_offer(&info->offer, netfront_read_backend, info, name);
	if (err) {
		xenbus_dev_fatal(info->xbdev, err, "reading the backend's features");
		return err;
	}
	if (!info->offer.rx_copy) {
		xenbus_dev_fatal(info->xbdev, -EOPNOTSUPP,
				 "the backend does not offer feature-rx-copy, which this driver needs");
		return -EOPNOTSUPP;
	}
	cpus = netfront_max_queues ? UINT_MAX : num_online_cpus();
	nr = netfront_pick_queues(&info->offer,
				  netfront_max_queues ?: NETFRONT_MAX_QUEUES, cpus);
	nr = clamp(nr, 1U, (unsigned int)NETFRONT_MAX_QUEUES);

	for (i = 0; i < nr; i++) {
		err = netfront_queue_setup(&info->queues[i]);
		if (err)
			goto out_queues;
	}

	rtnl_lock();
	info->nr_queues = nr;
	err = netif_set_real_num_tx_queues(netdev, nr);
	if (!err)
		err = netif_set_real_num_rx_queues(netdev, nr);
	if (err) {
		info->nr_queues = 0;
		rtnl_unlock();
		goto out_queues;
	}
	if (netif_running(netdev))
		napi_on(info);
	rtnl_unlock();

	err = netfront_publish(info);
	if (err)
		goto out_down;
	/* Our rings are published: we are ready.  Backends of the vif
	 * protocol connect when they see our Connected (netif.rst,
	 * "Connection"); Initialised alone leaves them waiting.  Packets
	 * flow once the backend says Connected too (connect()).
	 */
	err = xenbus_switch_state(info->xbdev, XenbusStateInitialised);
	if (!err)
		err = xenbus_switch_state(info->xbdev, XenbusStateConnected);
	if (err)
		goto out_down;
	WRITE_ONCE(info->conn, NETFRONT_INITIALISED);
	return 0;

out_down:
	queues_down(info);
	return err;
out_queues:
	while (i--)
		netfront_queue_teardown(&info->queues[i]);
	xenbus_dev_fatal(info->xbdev, err, "setting up %u queue(s)", nr);
	return err;
}

static void connect(struct netfront_info *info)
{
	struct net_device *netdev = info->netdev;
	unsigned int i;

	if (info->conn == NETFRONT_DISCONNECTED) {
		/* Connected without our rings: publish them first. */
		talk_to_backend(info);
		return;
	}
	if (info->conn == NETFRONT_CONNECTED)
		return;

	rtnl_lock();
	/* fix_features masks what the user wants with this. */
	info->allowed = netfront_offer_features(&info->offer);
	netdev_update_features(netdev);
	/* Without scatter-gather no packet may need more than a page. */
	netdev->max_mtu = (info->allowed & NETIF_F_SG) ? NETFRONT_MAX_MTU :
				NETFRONT_MAX_MTU_NO_SG;
	if (netdev->mtu > netdev->max_mtu) {
		netdev_warn(netdev, "the backend offers no scatter-gather: MTU %u lowered to %u\n",
			    netdev->mtu, netdev->max_mtu);
		dev_set_mtu(netdev, netdev->max_mtu);
	}
	WRITE_ONCE(info->conn, NETFRONT_CONNECTED);
	netif_carrier_on(netdev);
	if (netif_running(netdev)) {
		netif_tx_wake_all_queues(netdev);
		/* Responses that came before we were connected were left. */
		for (i = 0; i < info->nr_queues; i++)
			napi_schedule(&info->queues[i].napi);
	}
	rtnl_unlock();

	xenbus_switch_state(info->xbdev, XenbusStateConnected);
	netdev_info(netdev, "connected to domain %u: %u queue(s), %s event channels, features %pNF\n",
		    info->xbdev->otherend_id, info->nr_queues,
		    info->offer.split_evtchn ? "split" : "shared", &netdev->features);
}

/* The backend is going away or restarting: carrier off, queues torn
 * down (grants the backend still holds are ended later by the grant
 * service), and we go Closed unless @restart.
 */
static void netfront_close(struct netfront_info *info, bool restart)
{
	/* Outside the lock: it may be about to report. */
	flush_work(&info->broken_work);

	mutex_lock(&info->lock);
	WRITE_ONCE(info->conn, NETFRONT_DISCONNECTED);
	queues_down(info);
	info->broken_why = NULL;
	if (!restart)
		xenbus_switch_state(info->xbdev, XenbusStateClosed);
	mutex_unlock(&info->lock);
}

static void netfront_otherend_changed(struct xenbus_device *dev,
				      enum xenbus_state state)
{
	struct netfront_info *info = dev_get_drvdata(&dev->dev);

	switch (state) {
	case XenbusStateInitWait:
	case XenbusStateInitialised:
		/* A backend that starts over after we connected restarted.
		 * (Before that, InitWait may just be the first watch event
		 * after probe already published our queues.)
		 */
		if (state == XenbusStateInitWait &&
		    READ_ONCE(info->conn) == NETFRONT_CONNECTED) {
			netdev_info(info->netdev, "backend restarted; reconnecting\n");
			netfront_close(info, true);
		}
		mutex_lock(&info->lock);
		if (!READ_ONCE(info->broken_why))
			talk_to_backend(info);
		mutex_unlock(&info->lock);
		break;
	case XenbusStateConnected:
		mutex_lock(&info->lock);
		if (!READ_ONCE(info->broken_why))
			connect(info);
		mutex_unlock(&info->lock);
		break;
	case XenbusStateClosing:
	case XenbusStateClosed:
	case XenbusStateUnknown:
		netfront_close(info, false);
		break;
	default:
		break;
	}
}

/* ---- the network device ---- */

static int netfront_open(struct net_device *netdev)
{
	struct netfront_info *info = netdev_priv(netdev);

	/* rtnl held: nr_queues cannot change under us. */
	napi_on(info);
	if (READ_ONCE(info->conn) == NETFRONT_CONNECTED)
		netif_tx_start_all_queues(netdev);
	return 0;
}

static int netfront_stop(struct net_device *netdev)
{
	struct netfront_info *info = netdev_priv(netdev);

	netif_tx_disable(netdev);
	napi_off(info);
	return 0;
}

static int netfront_change_mtu(struct net_device *netdev, int mtu)
{
	/* The core checked min_mtu/max_mtu; the backend follows its own. */
	netdev->mtu = mtu;
	/* Above a page, scatter-gather must be on (fix_features). */
	netdev_update_features(netdev);
	return 0;
}

static netdev_features_t netfront_fix_features(struct net_device *netdev,
					       netdev_features_t features)
{
	struct netfront_info *info = netdev_priv(netdev);

	features &= info->allowed;
	/* A packet bigger than a page needs scatter-gather. */
	if (netdev->mtu > NETFRONT_MAX_MTU_NO_SG)
		features |= info->allowed & NETIF_F_SG;
	/* Segmentation needs scatter-gather and the matching checksum. */
	if (!(features & NETIF_F_SG) || !(features & NETIF_F_IP_CSUM))
		features &= ~NETIF_F_TSO;
	if (!(features & NETIF_F_SG) || !(features & NETIF_F_IPV6_CSUM))
		features &= ~NETIF_F_TSO6;
	return features;
}

static void netfront_get_stats64(struct net_device *netdev,
				 struct rtnl_link_stats64 *tot)
{
	struct netfront_info *info = netdev_priv(netdev);
	unsigned int i, start;

	/* All entries: they live from probe to remove and keep counting. */
	for (i = 0; i < NETFRONT_MAX_QUEUES; i++) {
		const struct netfront_queue *q = &info->queues[i];
		u64 tp, tb, td, te, rp, rb, rd, re;

		do {
			start = u64_stats_fetch_begin(&q->tx_stats.syncp);
			tp = q->tx_stats.packets;
			tb = q->tx_stats.bytes;
			td = q->tx_stats.dropped;
			te = q->tx_stats.errors;
		} while (u64_stats_fetch_retry(&q->tx_stats.syncp, start));
		do {
			start = u64_stats_fetch_begin(&q->rx_stats.syncp);
			rp = q->rx_stats.packets;
			rb = q->rx_stats.bytes;
			rd = q->rx_stats.dropped;
			re = q->rx_stats.errors;
		} while (u64_stats_fetch_retry(&q->rx_stats.syncp, start));
		tot->tx_packets += tp;
		tot->tx_bytes += tb;
		tot->tx_dropped += td;
		tot->tx_errors += te;
		tot->rx_packets += rp;
		tot->rx_bytes += rb;
		tot->rx_dropped += rd;
		tot->rx_errors += re;
	}
}

static const struct net_device_ops netfront_netdev_ops = {
	.ndo_open		= netfront_open,
	.ndo_stop		= netfront_stop,
	.ndo_start_xmit		= netfront_start_xmit,
	.ndo_features_check	= netfront_features_check,
	.ndo_change_mtu		= netfront_change_mtu,
	.ndo_fix_features	= netfront_fix_features,
	.ndo_get_stats64	= netfront_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

/* ---- xenbus driver ---- */

static int read_mac(struct xenbus_device *dev, u8 *mac)
{
	char *s = xenstore_read(XENSTORE_NO_TX, dev->nodename, "mac", NULL);
	int err;

	if (IS_ERR(s))
		return PTR_ERR(s);
	err = netfront_parse_mac(s, mac);
	kfree(s);
	return err;
}

static int netfront_probe(struct xenbus_device *dev,
			  const struct xenbus_device_id *id)
{
	struct netfront_info *info;
	struct net_device *netdev;
	enum xenbus_state be;
	int err;

	netdev = alloc_etherdev_mq(sizeof(*info), NETFRONT_MAX_QUEUES);
	if (!netdev)
		return -ENOMEM;
	info = netdev_priv(netdev);
	info->xbdev = dev;
	info->netdev = netdev;
	mutex_init(&info->lock);
	INIT_WORK(&info->broken_work, broken_work);

	err = read_mac(dev, info->mac);
	if (err) {
		xenbus_dev_fatal(dev, err, "reading a unicast address from %s/mac",
				 dev->nodename);
		goto out_free;
	}
	err = netfront_queues_alloc(info);
	if (err)
		goto out_free;

	eth_hw_addr_set(netdev, info->mac);
	netdev->netdev_ops = &netfront_netdev_ops;
	netdev->ethtool_ops = &netfront_ethtool_ops;
	/* Everything is wanted; fix_features limits it to the backend's
	 * offer (none before the first connection).
	 */
	netdev->hw_features = NETFRONT_FEATURES;
	netdev->features = NETFRONT_FEATURES;
	/* Settable before the first connection; connect() may lower it. */
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = NETFRONT_MAX_MTU;
	/* TSO packets are copied whole: 64 KiB fits the 18 slots. */
	netif_set_tso_max_size(netdev, NETFRONT_MAX_PKT_LEN - VLAN_ETH_HLEN);
	netif_set_tso_max_segs(netdev, NETFRONT_MAX_PKT_LEN / ETH_MIN_MTU);
	SET_NETDEV_DEV(netdev, &dev->dev);
	netif_carrier_off(netdev);
	/* One queue until the backend's offer says more. */
	netif_set_real_num_tx_queues(netdev, 1);
	netif_set_real_num_rx_queues(netdev, 1);
	dev_set_drvdata(&dev->dev, info);

	err = register_netdev(netdev);
	if (err) {
		xenbus_dev_fatal(dev, err, "registering the network device");
		goto out_queues;
	}
	netdev_info(netdev, "Xen virtual interface %s, address %pM\n",
		    dev_name(&dev->dev), info->mac);

	/* If the backend is already waiting, go ahead now. */
	be = xenbus_read_otherend_state(dev);
	if (be == XenbusStateInitWait || be == XenbusStateInitialised ||
	    be == XenbusStateConnected) {
		mutex_lock(&info->lock);
		talk_to_backend(info);
		mutex_unlock(&info->lock);
	}
	return 0;

out_queues:
	dev_set_drvdata(&dev->dev, NULL);
	netfront_queues_free(info);
out_free:
	free_netdev(netdev);
	return err;
}

static void netfront_remove(struct xenbus_device *dev)
{
	struct netfront_info *info = dev_get_drvdata(&dev->dev);
	struct net_device *netdev = info->netdev;

	cancel_work_sync(&info->broken_work);
	mutex_lock(&info->lock);
	WRITE_ONCE(info->conn, NETFRONT_DISCONNECTED);
	queues_down(info);
	/* A no-op once the toolstack removed our directory. */
	xenbus_switch_state(dev, XenbusStateClosed);
	mutex_unlock(&info->lock);

	/* ndo_stop runs here: NAPI off (nothing left to disable). */
	unregister_netdev(netdev);
	netfront_queues_free(info);
	dev_set_drvdata(&dev->dev, NULL);
	free_netdev(netdev);
}

static int netfront_suspend(struct xenbus_device *dev)
{
	struct netfront_info *info = dev_get_drvdata(&dev->dev);

	netif_device_detach(info->netdev);
	return 0;
}

/* A new backend (after save/restore or migration): start over. */
static int netfront_resume(struct xenbus_device *dev)
{
	struct netfront_info *info = dev_get_drvdata(&dev->dev);
	enum xenbus_state be;
	int err = 0;

	netfront_close(info, true);
	mutex_lock(&info->lock);
	be = xenbus_read_otherend_state(dev);
	if (be == XenbusStateInitWait || be == XenbusStateInitialised)
		err = talk_to_backend(info);
	mutex_unlock(&info->lock);
	netif_device_attach(info->netdev);
	return err;
}

static const struct xenbus_device_id netfront_ids[] = {
	{ "vif" },
	{ "" }
};

static struct xenbus_driver netfront_driver = {
	.name = KBUILD_MODNAME,
	.ids = netfront_ids,
	.probe = netfront_probe,
	.otherend_changed = netfront_otherend_changed,
	.remove = netfront_remove,
	.suspend = netfront_suspend,
	.resume = netfront_resume,
};

static int __init netfront_init(void)
{
	if (!xen_pv_domain())
		return -ENODEV;
	if (netfront_max_queues > NETFRONT_MAX_QUEUES) {
		pr_warn("xen-netfront: max_queues=%u is more than %u; using %u\n",
			netfront_max_queues, NETFRONT_MAX_QUEUES, NETFRONT_MAX_QUEUES);
		netfront_max_queues = NETFRONT_MAX_QUEUES;
	}
	return xenbus_register_frontend(&netfront_driver);
}
module_init(netfront_init);

static void __exit netfront_exit(void)
{
	xenbus_unregister_driver(&netfront_driver);
}
module_exit(netfront_exit);

MODULE_DESCRIPTION("Xen virtual network interface frontend (vif)");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen:vif");
