/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: the network device rings (netfront/netback).  A
 * frontend has a transmit ring (packets out, as granted fragments) and
 * a receive ring (empty granted pages offered to the backend, which
 * fills them), plus an optional control ring for receive hashing.
 * Only the fixed layouts and numbers are here; the rings themselves
 * are built elsewhere.
 *
 * Layouts and numbers follow Xen's public io/netif.h (Xen 4.17);
 * tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_IO_NETIF_H
#define _XEN_INTERFACE_IO_NETIF_H

#include <xen/interface/grant_table.h>

/*
 * Fewest slots a backend must accept for one packet; a frontend that
 * needs more must coalesce.
 */
#define XEN_NETIF_NR_SLOTS_MIN		18
/* Largest size of one packet on the transmit ring. */
#define XEN_NETIF_MAX_TX_SIZE		0xFFFF

/* netif_tx_request.flags. */
#define _NETTXF_csum_blank		0	/* checksum still to be filled */
#define NETTXF_csum_blank		BIT(_NETTXF_csum_blank)
#define _NETTXF_data_validated		1	/* checksum already verified */
#define NETTXF_data_validated		BIT(_NETTXF_data_validated)
#define _NETTXF_more_data		2	/* the packet goes on in the next slot */
#define NETTXF_more_data		BIT(_NETTXF_more_data)
#define _NETTXF_extra_info		3	/* a netif_extra_info slot follows */
#define NETTXF_extra_info		BIT(_NETTXF_extra_info)

/* netif_rx_response.flags. */
#define _NETRXF_data_validated		0
#define NETRXF_data_validated		BIT(_NETRXF_data_validated)
#define _NETRXF_csum_blank		1
#define NETRXF_csum_blank		BIT(_NETRXF_csum_blank)
#define _NETRXF_more_data		2
#define NETRXF_more_data		BIT(_NETRXF_more_data)
#define _NETRXF_extra_info		3
#define NETRXF_extra_info		BIT(_NETRXF_extra_info)
#define _NETRXF_gso_prefix		4	/* a GSO prefix slot comes first */
#define NETRXF_gso_prefix		BIT(_NETRXF_gso_prefix)

/* netif_extra_info.type, and which member of u it uses. */
#define XEN_NETIF_EXTRA_TYPE_NONE	0	/* never sent */
#define XEN_NETIF_EXTRA_TYPE_GSO	1	/* u.gso */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD	2	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL	3	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_HASH	4	/* u.hash */
#define XEN_NETIF_EXTRA_TYPE_MAX	5

/* netif_extra_info.flags: another extra-info slot follows this one. */
#define _XEN_NETIF_EXTRA_FLAG_MORE	0
#define XEN_NETIF_EXTRA_FLAG_MORE	BIT(_XEN_NETIF_EXTRA_FLAG_MORE)

/* netif_extra_info.u.gso.type. */
#define XEN_NETIF_GSO_TYPE_NONE		0
#define XEN_NETIF_GSO_TYPE_TCPV4	1
#define XEN_NETIF_GSO_TYPE_TCPV6	2

/* Status of netif_tx_response and netif_rx_response. */
#define NETIF_RSP_DROPPED		(-2)
#define NETIF_RSP_ERROR			(-1)
#define NETIF_RSP_OKAY			0
#define NETIF_RSP_NULL			1	/* tx: answers an extra-info slot */

/* Control ring: receive hash types (bits) and algorithms. */
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4		0
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4		BIT(_XEN_NETIF_CTRL_HASH_TYPE_IPV4)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP	1
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP	BIT(_XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6		2
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6		BIT(_XEN_NETIF_CTRL_HASH_TYPE_IPV6)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP	3
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP	BIT(_XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)
#define XEN_NETIF_CTRL_HASH_ALGORITHM_NONE	0
#define XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ	1

/* xen_netif_ctrl_request.type. */
#define XEN_NETIF_CTRL_TYPE_INVALID			0
#define XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS		1
#define XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS		2
#define XEN_NETIF_CTRL_TYPE_SET_HASH_KEY		3
#define XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE	4
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE	5
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING		6
#define XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM		7
#define XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE	8
#define XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING		9
#define XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING		10

/* xen_netif_ctrl_response.status. */
#define XEN_NETIF_CTRL_STATUS_SUCCESS			0
#define XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED		1
#define XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER		2
#define XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW		3

/* xen_netif_gref.flags. */
#define _XEN_NETIF_CTRLF_GREF_readonly	0
#define XEN_NETIF_CTRLF_GREF_readonly	BIT(_XEN_NETIF_CTRLF_GREF_readonly)

#ifndef __ASSEMBLY__
/*
 * One slot of an outgoing packet: size bytes at offset in the page
 * granted by gref.  In a packet's first slot size is the length of
 * the whole packet.
 */
struct netif_tx_request {
	grant_ref_t gref;
	u16 offset;
	u16 flags;			/* NETTXF_* */
	u16 id;				/* echoed in the response */
	u16 size;
};

/*
 * A slot of extra information about the packet, following a slot with
 * NETTXF_extra_info (or, on receive, NETRXF_extra_info).
 */
struct netif_extra_info {
	u8 type;			/* XEN_NETIF_EXTRA_TYPE_* */
	u8 flags;			/* XEN_NETIF_EXTRA_FLAG_* */
	union {
		/* Segmentation offload: size is the MSS. */
		struct {
			u16 size;
			u8 type;	/* XEN_NETIF_GSO_TYPE_* */
			u8 pad;
			u16 features;	/* must be zero */
		} gso;
		/* Multicast address to add to or drop from the filter. */
		struct {
			u8 addr[6];
		} mcast;
		/* The packet's receive hash. */
		struct {
			u8 type;	/* _XEN_NETIF_CTRL_HASH_TYPE_* */
			u8 algorithm;	/* XEN_NETIF_CTRL_HASH_ALGORITHM_* */
			u8 value[4];
		} hash;
		u16 pad[3];
	} u;
};

struct netif_tx_response {
	u16 id;
	s16 status;			/* NETIF_RSP_* */
};

/* An empty page, granted by gref, offered for received data. */
struct netif_rx_request {
	u16 id;				/* echoed in the response */
	u16 pad;
	grant_ref_t gref;
};

/*
 * Data placed in the page of request id: at offset, status bytes long
 * (status is a NETIF_RSP_* error when negative).
 */
struct netif_rx_response {
	u16 id;
	u16 offset;
	u16 flags;			/* NETRXF_* */
	s16 status;
};

/* Control ring request: type and up to three words of argument. */
struct xen_netif_ctrl_request {
	u16 id;
	u16 type;			/* XEN_NETIF_CTRL_TYPE_* */
	u32 data[3];
};

struct xen_netif_ctrl_response {
	u16 id;
	u16 type;
	u32 status;			/* XEN_NETIF_CTRL_STATUS_* */
	u32 data;
};

/* An entry of the page ADD/DEL_GREF_MAPPING take. */
struct xen_netif_gref {
	grant_ref_t ref;
	u16 flags;			/* XEN_NETIF_CTRLF_GREF_* */
	u16 status;			/* XEN_NETIF_CTRL_STATUS_* (OUT) */
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_IO_NETIF_H */
