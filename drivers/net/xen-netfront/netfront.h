/* SPDX-License-Identifier: GPL-2.0 */
/* xen-netfront: the frontend of Xen's virtual network interface (vif).
 *
 * The protocol as this driver speaks it (xenstore keys both ways, the
 * negotiation, the slot formats and what is checked) is described in
 * Documentation/xen/netif.rst; the ring indices in
 * Documentation/xen/rings.rst.
 *
 * Design in one paragraph: every queue owns two one-page rings (TX and
 * RX) and, for each ring slot id, one private page that is granted to
 * the backend once, when the queue connects, and stays granted until it
 * disconnects ("persistent buffers").  Transmit copies the packet into
 * the pages of free TX ids and frees the skb at once; receive copies
 * the data out of the RX pages into a fresh skb and offers the same
 * pages again.  So no page of the network stack is ever shown to the
 * backend (nothing else in such a page leaks), the data path makes no
 * grant operation, and RX refill never allocates: memory pressure can
 * drop a packet but never stall the ring.
 *
 * Files:
 *   main.c       module, xenbus driver, connection state machine, netdev
 *   queue.c      per-queue rings, buffers, event channels, NAPI, teardown
 *   negotiate.c  the backend's offers, our choices, publishing our keys
 *   tx.c         transmit: skb -> slots, completions, stop/wake
 *   tx_proto.c   pure: TX response checks, slot arithmetic
 *   rx.c         receive: responses -> skb, reposting, NAPI poll
 *   rx_proto.c   pure: parsing a received packet from its slots
 *   ethtool.c    ethtool: driver info, link, statistics, channels
 *   test_*.c     KUnit suites xen_netfront_{tx,rx,negotiate} (module
 *                netfront_test)
 */
#ifndef _XEN_NETFRONT_H
#define _XEN_NETFRONT_H

#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <xen/grant.h>
#include <xen/interface/io/netif.h>
#include <xen/ring.h>
#include <xen/xenbus.h>

/* Most queues per device (the backend may offer fewer). */
#define NETFRONT_MAX_QUEUES		8

/* Ring slots: the larger of request and response.  TX requests are 12
 * bytes (an extra-info slot, 8 bytes, fits), RX requests and responses
 * 8 bytes.  Both rings are one page: 256 slots each.
 */
#define NETFRONT_TX_SLOT_SIZE		sizeof(struct netif_tx_request)
#define NETFRONT_RX_SLOT_SIZE		sizeof(struct netif_rx_response)
#define NETFRONT_RING_SLOTS		256
/* Ids are slot indices below NETFRONT_RING_SLOTS. */
#define NETFRONT_NO_ID			0xffff

/* Most slots one packet may take on either ring: one per page of data
 * (a 64 KiB packet copied densely takes 17) plus one extra-info slot.
 * The protocol guarantees a backend accepts XEN_NETIF_NR_SLOTS_MIN.
 */
#define NETFRONT_MAX_PKT_SLOTS		XEN_NETIF_NR_SLOTS_MIN
/* Largest packet on the wire, Ethernet header included. */
#define NETFRONT_MAX_PKT_LEN		XEN_NETIF_MAX_TX_SIZE
/* Largest MTU with and without scatter-gather. */
#define NETFRONT_MAX_MTU		(NETFRONT_MAX_PKT_LEN - VLAN_ETH_HLEN)
#define NETFRONT_MAX_MTU_NO_SG		ETH_DATA_LEN

/* Largest packet we accept on the receive ring: a GSO packet whose IP
 * datagram the backend's stack built or merged up to 64 KiB, plus an
 * Ethernet header with a VLAN tag.  Longer: dropped as malformed.
 */
#define NETFRONT_RX_MAX_LEN		(65536 + VLAN_ETH_HLEN)

/* RX: slots kept posted; refill never needs memory, so always all. */
#define NETFRONT_RX_POSTED		NETFRONT_RING_SLOTS

/* ---- tx_proto.c, rx_proto.c: pure, no state (KUnit: test_*.c) ---- */

/* Check a TX response against the ids in flight (@busy: one bit per
 * id, NETFRONT_RING_SLOTS bits).  Returns 0 with the id in *@id for
 * the answer to a data slot; 1 for NETIF_RSP_NULL, the answer to an
 * extra-info slot, which carries no id (it overlays the request's id
 * field) and completes nothing; -EIO with a description in *@why for
 * an unknown or idle id or a status out of range.
 */
int netfront_tx_check_response(const struct netif_tx_response *rsp,
			       const unsigned long *busy, u16 *id,
			       const char **why);

/* Slots a packet of @len bytes takes when copied densely into pages. */
unsigned int netfront_tx_data_slots(unsigned int len);

/* GSO description of a TX packet, or of a received one. */
struct netfront_gso {
	u8 type;			/* XEN_NETIF_GSO_TYPE_*; NONE: no GSO */
	u16 size;			/* MSS, > 0 when type is set */
};

/* Read one RX ring slot: returns the address of slot @idx (a free
 * running index, masked by the caller's ring) in memory the backend may
 * still write, so the parser copies each slot once before checking it.
 */
typedef const void *(*netfront_rx_slot_fn)(void *ctx, u32 idx);

/* One data slot of a received packet. */
struct netfront_rx_frag {
	u32 idx;			/* ring index (id = idx & mask) */
	u16 offset;			/* in the id's page */
	u16 size;			/* bytes; > 0 */
};

/* A received packet as parsed from its response slots. */
struct netfront_rx_packet {
	u32 nr_slots;			/* ring slots it took, extras included */
	u32 nr_frags;			/* data slots in frags[] */
	u32 len;			/* sum of frags[].size */
	u16 flags;			/* NETRXF_* of the first slot */
	struct netfront_gso gso;	/* from a GSO extra-info slot */
	bool has_hash;			/* a HASH extra-info slot came */
	u32 hash;			/* its value (little endian on the wire) */
	u8 hash_type;			/* its _XEN_NETIF_CTRL_HASH_TYPE_* bit */
	struct netfront_rx_frag frags[NETFRONT_MAX_PKT_SLOTS];
};

/* Parse the packet whose first response is at ring index @cons, with
 * responses published up to @prod (free running; prod - cons <= the
 * ring size is the caller's check).  @mask is the ring size - 1: a data
 * response must carry id == idx & mask, the id of the request posted
 * at that index.
 *
 * Returns 0 with *@pkt filled; -EAGAIN if the packet's last slot is
 * not published yet (nothing consumed; call again later); -EIO with a
 * description in *@why for a malformed packet.  On -EIO pkt->nr_slots
 * says how many slots to skip when the error is confined to the packet
 * (an error status, a bad size): 0 means the ring itself cannot be
 * trusted any more (id mismatch, runaway packet).
 */
int netfront_rx_parse(netfront_rx_slot_fn slot, void *ctx, u32 cons,
		      u32 prod, u32 mask, struct netfront_rx_packet *pkt,
		      const char **why);

/* ---- negotiate.c: what the backend offers, what we choose ---- */

/* The backend's offers, read when it reaches InitWait. */
struct netfront_offer {
	bool sg;			/* feature-sg */
	bool gso_tcpv4;			/* feature-gso-tcpv4 */
	bool gso_tcpv6;			/* feature-gso-tcpv6 */
	bool ipv6_csum;			/* feature-ipv6-csum-offload */
	bool no_csum;			/* feature-no-csum-offload */
	bool rx_copy;			/* feature-rx-copy: required */
	bool split_evtchn;		/* feature-split-event-channels */
	bool ctrl_ring;			/* feature-ctrl-ring */
	unsigned int max_queues;	/* multi-queue-max-queues; 1 if absent */
};

/* Reads one backend node: a kmalloc()ed NUL-terminated string the
 * caller kfree()s, NULL if missing, or an ERR_PTR().
 */
typedef char *(*netfront_read_fn)(void *ctx, const char *node);

/* Fill @o; -EIO (logged, naming @name) for a malformed value. */
int netfront_read_offer(struct netfront_offer *o, netfront_read_fn read,
			void *ctx, const char *name);
/* Queues to use: min(offer, @our_max, @cpus), at least 1. */
unsigned int netfront_pick_queues(const struct netfront_offer *o,
				  unsigned int our_max, unsigned int cpus);
/* The netdev features the offer allows (a subset of NETFRONT_FEATURES). */
netdev_features_t netfront_offer_features(const struct netfront_offer *o);
/* Parse "aa:bb:cc:dd:ee:ff" (our "mac" node); -EINVAL if malformed. */
int netfront_parse_mac(const char *s, u8 *mac);

/* Everything we can offer the stack when the backend allows it. */
#define NETFRONT_FEATURES	(NETIF_F_SG | NETIF_F_IP_CSUM |		\
				 NETIF_F_IPV6_CSUM | NETIF_F_TSO |	\
				 NETIF_F_TSO6 | NETIF_F_RXCSUM)

/* ---- the device ---- */

struct netfront_info;

/* A persistent buffer: one page, granted while the queue is connected. */
struct netfront_buf {
	struct page *page;
	grant_ref_t gref;		/* valid when granted */
	bool granted;
};

/* Per-queue counters (ethtool -S).  Updated by the queue's TX path
 * (tx_*) under tx_lock, and by its NAPI poll (rx_*); readers use the
 * syncp of the matching side.
 */
struct netfront_tx_stats {
	u64 packets;
	u64 bytes;
	u64 dropped;		/* too big, ring broken or not connected */
	u64 errors;		/* NETIF_RSP_ERROR/DROPPED from the backend */
	u64 stopped;		/* times the queue stopped: ring full */
	u64 linearized;		/* not used with copying; kept at 0 */
	struct u64_stats_sync syncp;
};

struct netfront_rx_stats {
	u64 packets;
	u64 bytes;
	u64 dropped;		/* no memory for the skb: packet dropped */
	u64 errors;		/* error status or malformed packet */
	u64 csum_fixed;		/* csum_blank packets set up for the stack */
	u64 gso;		/* packets that came with GSO info */
	struct u64_stats_sync syncp;
};

/* One queue: a TX and an RX ring, their buffers, events and NAPI. */
struct netfront_queue {
	struct netfront_info *info;
	unsigned int index;		/* queue-<index> in xenstore */
	char tx_irq_name[IFNAMSIZ + 16];	/* "eth0-q0-tx" */
	char rx_irq_name[IFNAMSIZ + 16];

	/* TX side.  tx_lock protects tx, tx_free/tx_nr_free, tx_busy,
	 * tx_pkt_len and tx_stopped: xmit (any CPU, BH off) and completion
	 * (this queue's NAPI poll) both take it.  An id names a data slot
	 * and its page (always used from offset 0); an extra-info slot
	 * takes a ring slot but no id.
	 */
	spinlock_t tx_lock;
	struct xen_front_ring tx;	/* indices; the page is shared */
	void *tx_sring;			/* ring page (alloc_pages_exact) */
	grant_ref_t tx_ring_ref;	/* of the ring page */
	struct netfront_buf *tx_bufs;	/* NETFRONT_RING_SLOTS */
	u16 *tx_free;			/* stack of free ids */
	unsigned int tx_nr_free;
	unsigned long *tx_busy;		/* ids sent, response not yet seen */
	/* For BQL and statistics: bytes of the packet whose first slot is
	 * id (0 for other ids), counted when that id completes.
	 */
	u32 *tx_pkt_len;
	bool tx_stopped;		/* we stopped the netdev queue */

	/* RX side: the NAPI poll alone touches rx and rx_bufs once the
	 * queue is connected (setup and teardown run with NAPI disabled).
	 * Ids are ring indices: the request at index i carries id
	 * i & (NETFRONT_RING_SLOTS - 1) and that id's page.
	 */
	struct xen_front_ring rx;
	void *rx_sring;
	grant_ref_t rx_ring_ref;
	struct netfront_buf *rx_bufs;	/* NETFRONT_RING_SLOTS */
	struct napi_struct napi;	/* TX completions and RX */

	/* Event channels: one per direction, or one shared (tx == rx). */
	evtchn_port_t tx_evtchn;
	evtchn_port_t rx_evtchn;
	int tx_irq;			/* 0 when not bound */
	int rx_irq;			/* 0 when not bound; == tx_irq if shared */

	struct netfront_tx_stats tx_stats;
	struct netfront_rx_stats rx_stats;

	/* READ_ONCE: the backend broke the protocol on this queue. */
	bool broken;
	bool connected;			/* rings live; under info->lock */
};

enum netfront_conn {
	NETFRONT_DISCONNECTED,	/* no rings */
	NETFRONT_INITIALISED,	/* rings published, backend not connected */
	NETFRONT_CONNECTED,	/* packets flow */
};

struct netfront_info {
	struct xenbus_device *xbdev;
	struct net_device *netdev;
	u8 mac[ETH_ALEN];		/* from our "mac" node */

	/* Serialises probe, remove and the state machine (xenwatch). */
	struct mutex lock;
	enum netfront_conn conn;	/* WRITE_ONCE under lock; read anywhere */

	struct netfront_offer offer;	/* as read at InitWait */
	netdev_features_t allowed;	/* features the offer permits */
	/* NETFRONT_MAX_QUEUES entries, allocated at probe and freed at
	 * remove, so that statistics readers (any context) may always walk
	 * all of them; the first nr_queues are in use this connection.
	 * nr_queues changes under both lock and rtnl, with the netdev's TX
	 * queues disabled: xmit, ethtool and ndo ops read it safely.
	 */
	unsigned int nr_queues;
	struct netfront_queue *queues;

	struct work_struct broken_work;	/* tell the toolstack, shut down */
	const char *broken_why;		/* first reason, a string literal */
};

/* main.c */
extern unsigned int netfront_max_queues;
/* The backend broke the protocol on @q: stop using the queue (its TX
 * stops, its poll does nothing more) and report @why (a string
 * literal) from a work item.  Any context.
 */
void netfront_mark_broken(struct netfront_queue *q, const char *why);
/* True if @q may move packets (connected and not broken). */
static inline bool netfront_queue_usable(const struct netfront_queue *q)
{
	return READ_ONCE(q->info->conn) == NETFRONT_CONNECTED &&
	       !READ_ONCE(q->broken);
}

/* queue.c */
/* The NETFRONT_MAX_QUEUES queue structures, at probe; none set up. */
int netfront_queues_alloc(struct netfront_info *info);
/* Tear down every queue and free them, at remove; NAPI disabled. */
void netfront_queues_free(struct netfront_info *info);
/* Rings, buffers (granted), event channels and IRQs of one queue. */
int netfront_queue_setup(struct netfront_queue *q);
/* Undo netfront_queue_setup(); idempotent; NAPI must be disabled. */
void netfront_queue_teardown(struct netfront_queue *q);

/* negotiate.c */
/* Write our keys (rings, channels, features) in one transaction. */
int netfront_publish(struct netfront_info *info);
char *netfront_read_backend(void *ctx, const char *node);

/* tx.c */
/* Reset the TX side of a freshly set up queue: all ids free. */
void netfront_tx_init(struct netfront_queue *q);
netdev_tx_t netfront_start_xmit(struct sk_buff *skb, struct net_device *dev);
/* Consume TX responses; from the poll.  Wakes the netdev queue. */
void netfront_tx_complete(struct netfront_queue *q);
/* ndo_features_check: GSO the ring cannot carry is segmented by the stack. */
netdev_features_t netfront_features_check(struct sk_buff *skb,
					  struct net_device *dev,
					  netdev_features_t features);
/* The two halves of the above, tx_lock held (exported for KUnit).
 * netfront_tx_fill() writes @skb's requests, not pushed: returns the
 * ring slots taken, or -EMSGSIZE, -EOPNOTSUPP (a GSO kind we do not
 * offer), -ENOSPC, with nothing taken.  netfront_tx_reap() consumes the
 * published responses and counts for BQL the packets (and bytes) whose
 * first id completed; -EIO with *@why if the backend broke the protocol.
 */
int netfront_tx_fill(struct netfront_queue *q, struct sk_buff *skb);
int netfront_tx_reap(struct netfront_queue *q, unsigned int *pkts,
		     unsigned int *bytes, const char **why);

/* rx.c */
/* Post a request for every RX id of a freshly set up queue. */
void netfront_rx_init(struct netfront_queue *q);
/* Consume up to @budget packets; from the poll.  Returns packets done. */
int netfront_rx_poll(struct netfront_queue *q, int budget);
/* The NAPI poll: TX completions, then RX, then re-arm the events. */
int netfront_poll(struct napi_struct *napi, int budget);

/* ethtool.c */
extern const struct ethtool_ops netfront_ethtool_ops;

/* Exports of pure helpers for the KUnit module only. */
#if IS_ENABLED(CONFIG_XEN_NETFRONT_KUNIT_TEST)
#define EXPORT_SYMBOL_IF_NETFRONT_TEST(sym)	EXPORT_SYMBOL_NS_GPL(sym, XEN_NETFRONT_KUNIT)
#else
#define EXPORT_SYMBOL_IF_NETFRONT_TEST(sym)
#endif

#endif /* _XEN_NETFRONT_H */
