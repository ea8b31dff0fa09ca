/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event words and queues of the FIFO ABI, as pure logic: operations on
 * one 32-bit word and the step that takes the head off a queue.  No
 * hypercalls, so that the KUnit suite runs them natively on plain
 * memory; abi-fifo.c applies them to the pages shared with Xen.
 *
 * Who writes what (Documentation/xen/events.rst, "The FIFO ABI"):
 * - PENDING: Xen sets it, the guest clears it when it takes the event.
 * - MASKED: the guest sets and clears it; while Xen holds the word BUSY
 *   (linking it into a queue) the guest must not clear it.
 * - LINKED and LINK: Xen sets LINKED when it puts the event on a queue
 *   and writes the LINK of the previous tail to point at it, but only
 *   while that tail is still LINKED.  The guest clears LINKED when it
 *   takes the event off the head.
 * Every update is an atomic read-modify-write of the whole word.
 */
#ifndef _XEN_EVENTS_FIFO_WORD_H
#define _XEN_EVENTS_FIFO_WORD_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/processor.h>
#include <linux/types.h>
#include <xen/interface/event_channel.h>

#define EVTCHN_FIFO_P		((event_word_t)BIT(EVTCHN_FIFO_PENDING))
#define EVTCHN_FIFO_M		((event_word_t)BIT(EVTCHN_FIFO_MASKED))
#define EVTCHN_FIFO_L		((event_word_t)BIT(EVTCHN_FIFO_LINKED))
#define EVTCHN_FIFO_B		((event_word_t)BIT(EVTCHN_FIFO_BUSY))

/* Queue bits of READY that can be valid; others are Xen's noise. */
#define EVTCHN_FIFO_READY_MASK	((u32)BIT(EVTCHN_FIFO_MAX_QUEUES) - 1)

static inline evtchn_port_t evtchn_fifo_link(event_word_t w)
{
	return w & EVTCHN_FIFO_LINK_MASK;
}

/* Set @bits; returns the word as it was. */
static inline event_word_t evtchn_fifo_set(event_word_t *w, event_word_t bits)
{
	event_word_t old = READ_ONCE(*w);

	while (!try_cmpxchg(w, &old, old | bits))
		;
	return old;
}

/* Clear @bits; returns the word as it was. */
static inline event_word_t evtchn_fifo_clear(event_word_t *w, event_word_t bits)
{
	event_word_t old = READ_ONCE(*w);

	while (!try_cmpxchg(w, &old, old & ~bits))
		;
	return old;
}

/*
 * Clear MASKED, waiting while Xen holds the word BUSY, at most @tries
 * attempts (Xen holds BUSY only for the few instructions of a link; a
 * word that stays BUSY is not worth spinning on forever).  On success
 * returns true with the previous word in *@was.
 */
static inline bool evtchn_fifo_clear_masked(event_word_t *w, unsigned int tries,
					    event_word_t *was)
{
	event_word_t old = READ_ONCE(*w) & ~EVTCHN_FIFO_B;

	while (tries--) {
		/* Expecting BUSY clear: the exchange fails while it is set. */
		event_word_t cur = cmpxchg(w, old, old & ~EVTCHN_FIFO_M);

		if (cur == old) {
			*was = old;
			return true;
		}
		old = cur & ~EVTCHN_FIFO_B;
		cpu_relax();
	}
	return false;
}

/*
 * Take the event off the head of its queue: clear LINKED (and the now
 * meaningless LINK) and return the LINK Xen had written, in one atomic
 * step.  Xen appends behind a word only while it is LINKED, so the link
 * returned is final: an event raised afterwards starts a new HEAD.
 */
static inline evtchn_port_t evtchn_fifo_unlink(event_word_t *w)
{
	event_word_t old = READ_ONCE(*w);

	while (!try_cmpxchg(w, &old, old & ~(EVTCHN_FIFO_L | EVTCHN_FIFO_LINK_MASK)))
		;
	return evtchn_fifo_link(old);
}

/* What went wrong in a queue step: the values come from Xen. */
enum evtchn_fifo_fault {
	EVTCHN_FIFO_OK,
	EVTCHN_FIFO_BAD_HEAD,	/* HEAD names a port without an event word */
	EVTCHN_FIFO_BAD_LINK,	/* LINK names a port without an event word */
};

struct evtchn_fifo_step {
	evtchn_port_t port;		/* the event taken; 0 if none */
	enum evtchn_fifo_fault fault;
	u32 value;			/* the offending HEAD or LINK */
};

/*
 * Take the next event of queue @q of one vCPU.  *@head is the vCPU's
 * own copy of the queue head: 0 means "start from Xen's HEAD[q]", which
 * Xen writes before it sets the queue's READY bit (the caller fetched
 * READY with an exchange, a full barrier, before calling).  @ready is
 * the caller's copy of READY; bit @q is cleared when the queue drains.
 * @word returns the event word of a port, or NULL if there is none.
 *
 * A HEAD or LINK outside [1, @max_ports) or without a word ends the
 * queue and is reported in the fault fields; the caller decides whether
 * the port taken, if any, is pending and unmasked.
 */
static __always_inline struct evtchn_fifo_step
evtchn_fifo_take(const struct evtchn_fifo_control_block *cb, unsigned int q,
		 evtchn_port_t *head, u32 *ready, unsigned int max_ports,
		 event_word_t *(*word)(evtchn_port_t port, void *ctx), void *ctx)
{
	struct evtchn_fifo_step st = { .fault = EVTCHN_FIFO_OK };
	evtchn_port_t port = *head, next;
	event_word_t *w = NULL;

	if (!port)
		port = READ_ONCE(cb->head[q]);
	if (port && port < max_ports)
		w = word(port, ctx);
	if (!w) {
		if (port) {
			st.fault = EVTCHN_FIFO_BAD_HEAD;
			st.value = port;
		}
		*head = 0;
		*ready &= ~BIT(q);
		return st;
	}

	next = evtchn_fifo_unlink(w);
	if (next && (next >= max_ports || !word(next, ctx))) {
		st.fault = EVTCHN_FIFO_BAD_LINK;
		st.value = next;
		next = 0;
	}
	*head = next;
	if (!next)
		*ready &= ~BIT(q);
	st.port = port;
	return st;
}

/* Should the event in @w be handled now: pending and not masked? */
static inline bool evtchn_fifo_deliverable(event_word_t w)
{
	return (w & (EVTCHN_FIFO_P | EVTCHN_FIFO_M)) == EVTCHN_FIFO_P;
}

#endif /* _XEN_EVENTS_FIFO_WORD_H */
