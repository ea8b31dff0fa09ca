/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pending scan of the 2-level ABI, as pure logic: no shared memory,
 * no hypercalls, so that the KUnit suite runs it natively.  abi-2l.c
 * feeds it the real bitmaps (Documentation/xen/events.rst, "The 2-level
 * ABI").
 *
 * A port is bit (port % BITS_PER_LONG) of word (port / BITS_PER_LONG) of
 * the shared bitmaps; bit w of a vCPU's selector says "look at word w".
 * The scan is round robin: a per-vCPU cursor remembers the port after
 * the last one handled, and the next scan starts there, so that a busy
 * low port cannot starve the ports above it.
 */
#ifndef _XEN_EVENTS_SCAN_2L_H
#define _XEN_EVENTS_SCAN_2L_H

#include <linux/bitops.h>
#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <linux/types.h>
#include <xen/interface/event_channel.h>

/* Words of each bitmap: one selector bit each, so every selector bit counts. */
#define EVTCHN_2L_NR_WORDS	(EVTCHN_2L_NR_CHANNELS / BITS_PER_LONG)
static_assert(EVTCHN_2L_NR_WORDS == BITS_PER_LONG);

/* Where the next scan of a vCPU starts: both fields always in range. */
struct evtchn_2l_cursor {
	unsigned int word;	/* < EVTCHN_2L_NR_WORDS */
	unsigned int bit;	/* < BITS_PER_LONG */
};

static inline unsigned int evtchn_2l_word(unsigned int port)
{
	return port / BITS_PER_LONG;
}

static inline unsigned int evtchn_2l_bit(unsigned int port)
{
	return port % BITS_PER_LONG;
}

static inline unsigned int evtchn_2l_port(unsigned int word, unsigned int bit)
{
	return word * BITS_PER_LONG + bit;
}

/*
 * The first set bit of @bits at or after @from, wrapping round to the
 * bits below it; BITS_PER_LONG if @bits is empty.  Serves both to pick
 * the next selected word and the next bit inside a word.
 */
static inline unsigned int evtchn_2l_next(unsigned long bits, unsigned int from)
{
	unsigned long above;

	if (!bits)
		return BITS_PER_LONG;
	if (from >= BITS_PER_LONG)
		from = 0;
	above = bits & (~0UL << from);
	return __ffs(above ? above : bits);
}

/* Move @cur to the port after (@word, @bit), wrapping at the last port. */
static inline void evtchn_2l_advance(struct evtchn_2l_cursor *cur,
				     unsigned int word, unsigned int bit)
{
	if (bit + 1 < BITS_PER_LONG) {
		cur->word = word;
		cur->bit = bit + 1;
	} else {
		cur->word = (word + 1) % EVTCHN_2L_NR_WORDS;
		cur->bit = 0;
	}
}

/*
 * Scan the words selected in @sel, starting at @cur, handing every port
 * set in @active(word) to @handle, at most *@budget of them.  @active is
 * read once per word, when the scan reaches it (the caller returns the
 * pending, unmasked ports of this vCPU); ports raised later set the
 * selector again and are found by the next scan.
 *
 * Returns the selector bits not finished because the budget ran out
 * (the caller must set them again for the next upcall), or 0.
 *
 * __always_inline so that the kernel's callbacks are direct calls.
 */
static __always_inline unsigned long
evtchn_2l_scan(unsigned long sel, struct evtchn_2l_cursor *cur,
	       unsigned int *budget,
	       unsigned long (*active)(unsigned int word, void *ctx),
	       void (*handle)(unsigned int port, void *ctx), void *ctx)
{
	if (cur->word >= EVTCHN_2L_NR_WORDS || cur->bit >= BITS_PER_LONG)
		*cur = (struct evtchn_2l_cursor){ 0, 0 };
	while (sel) {
		unsigned int word = evtchn_2l_next(sel, cur->word);
		unsigned int from = word == cur->word ? cur->bit : 0;
		unsigned long bits = active(word, ctx);

		while (bits) {
			unsigned int bit = evtchn_2l_next(bits, from);

			if (!*budget) {
				cur->word = word;
				cur->bit = bit;
				return sel;
			}
			(*budget)--;
			bits &= ~BIT(bit);
			evtchn_2l_advance(cur, word, bit);
			handle(evtchn_2l_port(word, bit), ctx);
			from = bit + 1;
		}
		sel &= ~BIT(word);
	}
	return 0;
}

#endif /* _XEN_EVENTS_SCAN_2L_H */
