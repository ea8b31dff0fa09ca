// SPDX-License-Identifier: GPL-2.0
/* xen-netfront, transmit side, pure part: what a TX response may say
 * and how many slots a packet takes (Documentation/xen/netif.rst,
 * "Transmit").  No state, no locking: the caller holds the queue's
 * tx_lock and passes its own copy of the response.
 */
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "netfront.h"

int netfront_tx_check_response(const struct netif_tx_response *rsp,
			       const unsigned long *busy, u16 *id,
			       const char **why)
{
	*id = NETFRONT_NO_ID;
	if (!rsp) {
		*why = "no TX response";
		return -EIO;
	}
	switch (rsp->status) {
	case NETIF_RSP_OKAY:
	case NETIF_RSP_ERROR:
	case NETIF_RSP_DROPPED:
		break;
	case NETIF_RSP_NULL:
		/* The answer to an extra-info slot: its id field overlays
		 * the extra info we wrote, so it means nothing.  Whether
		 * an extra-info slot is in fact outstanding is the
		 * caller's check (it knows the ring and the ids).
		 */
		return 1;
	default:
		*why = "TX response status out of range";
		return -EIO;
	}
	if (rsp->id >= NETFRONT_RING_SLOTS) {
		*why = "TX response id out of range";
		return -EIO;
	}
	/* Not sent, or answered already: a duplicate or invented id. */
	if (!test_bit(rsp->id, busy)) {
		*why = "TX response for an id not in flight";
		return -EIO;
	}
	*id = rsp->id;
	return 0;
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_tx_check_response);

unsigned int netfront_tx_data_slots(unsigned int len)
{
	/* Dense copy: every slot but the last holds a full page.  (No
	 * DIV_ROUND_UP: len + PAGE_SIZE - 1 may wrap.)
	 */
	return len / PAGE_SIZE + (len % PAGE_SIZE ? 1 : 0);
}
EXPORT_SYMBOL_IF_NETFRONT_TEST(netfront_tx_data_slots);
