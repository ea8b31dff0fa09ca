// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "xen_events": the pure logic of the event channel service
 * on plain memory, no Xen needed.  The 2-level scan order and budget,
 * FIFO event word transitions and queue walks with malformed HEAD and
 * LINK values, and the storm detector's state machine.
 */
#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "fifo-word.h"
#include "scan-2l.h"
#include "storm.h"

/* ---- 2-level ---- */

#define SCAN_MAX_LOG	64

/* A fake shared info: active bits per word, and a log of handled ports. */
struct scan_ctx {
	unsigned long active[EVTCHN_2L_NR_WORDS];
	unsigned int log[SCAN_MAX_LOG];
	unsigned int n;
};

static unsigned long scan_active(unsigned int word, void *p)
{
	struct scan_ctx *ctx = p;

	return ctx->active[word];
}

/* Handling clears the port, as the chip's ack clears its pending bit. */
static void scan_handle(unsigned int port, void *p)
{
	struct scan_ctx *ctx = p;

	ctx->active[evtchn_2l_word(port)] &= ~BIT(evtchn_2l_bit(port));
	if (ctx->n < SCAN_MAX_LOG)
		ctx->log[ctx->n] = port;
	ctx->n++;
}

static void scan_raise(struct scan_ctx *ctx, unsigned long *sel, unsigned int port)
{
	ctx->active[evtchn_2l_word(port)] |= BIT(evtchn_2l_bit(port));
	*sel |= BIT(evtchn_2l_word(port));
}

static void evtchn_2l_math_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, EVTCHN_2L_NR_WORDS, 64);
	KUNIT_EXPECT_EQ(test, evtchn_2l_word(0), 0u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_bit(63), 63u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_word(64), 1u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_bit(64), 0u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_word(4095), 63u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_bit(4095), 63u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_port(63, 63), 4095u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_port(2, 5), 133u);
}

static void evtchn_2l_next_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(0, 0), (unsigned int)BITS_PER_LONG);
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(BIT(3) | BIT(40), 0), 3u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(BIT(3) | BIT(40), 3), 3u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(BIT(3) | BIT(40), 4), 40u);
	/* Wraps round to the lowest bit. */
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(BIT(3) | BIT(40), 41), 3u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(BIT(63), 63), 63u);
	/* An out-of-range start is taken as 0, never as a shift by 64. */
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(BIT(5), BITS_PER_LONG), 5u);
	KUNIT_EXPECT_EQ(test, evtchn_2l_next(BIT(5), 1000), 5u);
}

/* A full scan from the cursor at 0 goes in port order. */
static void evtchn_2l_scan_order_test(struct kunit *test)
{
	struct evtchn_2l_cursor cur = { 0, 0 };
	struct scan_ctx ctx = {};
	unsigned int budget = 100;
	unsigned long sel = 0;
	static const unsigned int ports[] = { 1, 2, 63, 64, 700, 4095 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ports); i++)
		scan_raise(&ctx, &sel, ports[i]);
	KUNIT_EXPECT_EQ(test, evtchn_2l_scan(sel, &cur, &budget, scan_active, scan_handle, &ctx),
			0ul);
	KUNIT_ASSERT_EQ(test, ctx.n, (unsigned int)ARRAY_SIZE(ports));
	for (i = 0; i < ARRAY_SIZE(ports); i++)
		KUNIT_EXPECT_EQ(test, ctx.log[i], ports[i]);
	KUNIT_EXPECT_EQ(test, budget, 100u - (unsigned int)ARRAY_SIZE(ports));
	/* The cursor wrapped past the last port. */
	KUNIT_EXPECT_EQ(test, cur.word, 0u);
	KUNIT_EXPECT_EQ(test, cur.bit, 0u);
}

/* The scan starts at the cursor: round robin, no starvation of high ports. */
static void evtchn_2l_scan_round_robin_test(struct kunit *test)
{
	struct evtchn_2l_cursor cur = { .word = 1, .bit = 10 };
	struct scan_ctx ctx = {};
	unsigned int budget = 100;
	unsigned long sel = 0;

	scan_raise(&ctx, &sel, 5);		/* word 0 */
	scan_raise(&ctx, &sel, 64 + 3);		/* word 1, below the cursor */
	scan_raise(&ctx, &sel, 64 + 20);	/* word 1, above the cursor */
	scan_raise(&ctx, &sel, 200);		/* word 3 */
	evtchn_2l_scan(sel, &cur, &budget, scan_active, scan_handle, &ctx);
	KUNIT_ASSERT_EQ(test, ctx.n, 4u);
	KUNIT_EXPECT_EQ(test, ctx.log[0], 84u);
	KUNIT_EXPECT_EQ(test, ctx.log[1], 67u);
	KUNIT_EXPECT_EQ(test, ctx.log[2], 200u);
	KUNIT_EXPECT_EQ(test, ctx.log[3], 5u);
}

/* Out of budget: the rest is returned, and the next scan resumes there. */
static void evtchn_2l_scan_budget_test(struct kunit *test)
{
	struct evtchn_2l_cursor cur = { 0, 0 };
	struct scan_ctx ctx = {};
	unsigned long sel = 0, left;
	unsigned int budget = 3, i;

	for (i = 0; i < 6; i++)
		scan_raise(&ctx, &sel, i * 70);	/* 0, 70, 140, 210, 280, 350 */
	left = evtchn_2l_scan(sel, &cur, &budget, scan_active, scan_handle, &ctx);
	KUNIT_EXPECT_EQ(test, ctx.n, 3u);
	KUNIT_EXPECT_EQ(test, budget, 0u);
	/* 210 (word 3) is next: words 3, 4 and 5 are left. */
	KUNIT_EXPECT_EQ(test, left, BIT(3) | BIT(4) | BIT(5));
	KUNIT_EXPECT_EQ(test, evtchn_2l_port(cur.word, cur.bit), 210u);

	budget = 10;
	left = evtchn_2l_scan(left, &cur, &budget, scan_active, scan_handle, &ctx);
	KUNIT_EXPECT_EQ(test, left, 0ul);
	KUNIT_ASSERT_EQ(test, ctx.n, 6u);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, ctx.log[i], i * 70);
}

/* Selector bits of words with nothing active, and a corrupt cursor. */
static void evtchn_2l_scan_noise_test(struct kunit *test)
{
	struct evtchn_2l_cursor cur = { .word = 999, .bit = 999 };
	struct scan_ctx ctx = {};
	unsigned int budget = 5;
	unsigned long sel = ~0UL;

	KUNIT_EXPECT_EQ(test, evtchn_2l_scan(sel, &cur, &budget, scan_active, scan_handle, &ctx),
			0ul);
	KUNIT_EXPECT_EQ(test, ctx.n, 0u);
	KUNIT_EXPECT_EQ(test, budget, 5u);
	KUNIT_EXPECT_LT(test, cur.word, (unsigned int)EVTCHN_2L_NR_WORDS);
	KUNIT_EXPECT_LT(test, cur.bit, (unsigned int)BITS_PER_LONG);

	/* Active ports in a word that is not selected wait for their selector. */
	ctx.active[7] = BIT(1);
	KUNIT_EXPECT_EQ(test, evtchn_2l_scan(BIT(6), &cur, &budget, scan_active, scan_handle,
					     &ctx), 0ul);
	KUNIT_EXPECT_EQ(test, ctx.n, 0u);
}

/* ---- FIFO ---- */

#define FIFO_PORTS	64

struct fifo_ctx {
	event_word_t words[FIFO_PORTS];
	unsigned int nr_words;	/* ports with a word: [0, nr_words) */
};

static event_word_t *fifo_word(evtchn_port_t port, void *p)
{
	struct fifo_ctx *ctx = p;

	return port < ctx->nr_words ? &ctx->words[port] : NULL;
}

/* Link ports[0..n) into one queue the way Xen does. */
static void fifo_link(struct fifo_ctx *ctx, const evtchn_port_t *ports, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		ctx->words[ports[i]] |= EVTCHN_FIFO_P | EVTCHN_FIFO_L;
		if (i + 1 < n)
			ctx->words[ports[i]] |= ports[i + 1];
	}
}

static void fifo_word_ops_test(struct kunit *test)
{
	event_word_t w = EVTCHN_FIFO_P | EVTCHN_FIFO_L | 1234;
	event_word_t was;

	KUNIT_EXPECT_EQ(test, evtchn_fifo_link(w), 1234u);
	KUNIT_EXPECT_EQ(test, evtchn_fifo_link(~0u), (u32)EVTCHN_FIFO_LINK_MASK);
	KUNIT_EXPECT_TRUE(test, evtchn_fifo_deliverable(w));

	KUNIT_EXPECT_EQ(test, evtchn_fifo_set(&w, EVTCHN_FIFO_M) & EVTCHN_FIFO_M, 0u);
	KUNIT_EXPECT_FALSE(test, evtchn_fifo_deliverable(w));
	KUNIT_EXPECT_EQ(test, evtchn_fifo_set(&w, EVTCHN_FIFO_M) & EVTCHN_FIFO_M, EVTCHN_FIFO_M);

	/* Unmask leaves PENDING, LINKED and the link alone. */
	KUNIT_EXPECT_TRUE(test, evtchn_fifo_clear_masked(&w, 1, &was));
	KUNIT_EXPECT_EQ(test, was & EVTCHN_FIFO_M, EVTCHN_FIFO_M);
	KUNIT_EXPECT_EQ(test, w, EVTCHN_FIFO_P | EVTCHN_FIFO_L | 1234);

	evtchn_fifo_clear(&w, EVTCHN_FIFO_P);
	KUNIT_EXPECT_FALSE(test, evtchn_fifo_deliverable(w));
	KUNIT_EXPECT_EQ(test, w, EVTCHN_FIFO_L | 1234);
}

/* While Xen holds the word BUSY, MASKED stays set; the attempts are bounded. */
static void fifo_busy_test(struct kunit *test)
{
	event_word_t w = EVTCHN_FIFO_M | EVTCHN_FIFO_B | EVTCHN_FIFO_P;
	event_word_t was = 0;

	KUNIT_EXPECT_FALSE(test, evtchn_fifo_clear_masked(&w, 50, &was));
	KUNIT_EXPECT_EQ(test, w, EVTCHN_FIFO_M | EVTCHN_FIFO_B | EVTCHN_FIFO_P);
	KUNIT_EXPECT_FALSE(test, evtchn_fifo_clear_masked(&w, 0, &was));

	w &= ~EVTCHN_FIFO_B;
	KUNIT_EXPECT_TRUE(test, evtchn_fifo_clear_masked(&w, 1, &was));
	KUNIT_EXPECT_EQ(test, w, EVTCHN_FIFO_P);
	KUNIT_EXPECT_EQ(test, was, EVTCHN_FIFO_M | EVTCHN_FIFO_P);
}

static void fifo_unlink_test(struct kunit *test)
{
	event_word_t w = EVTCHN_FIFO_P | EVTCHN_FIFO_L | 42;

	KUNIT_EXPECT_EQ(test, evtchn_fifo_unlink(&w), 42u);
	/* LINKED and the link go; PENDING stays for the handler. */
	KUNIT_EXPECT_EQ(test, w, EVTCHN_FIFO_P);
	KUNIT_EXPECT_EQ(test, evtchn_fifo_unlink(&w), 0u);
}

/* A queue of three, walked from Xen's HEAD, then empty. */
static void fifo_walk_test(struct kunit *test)
{
	static const evtchn_port_t ports[] = { 5, 9, 3 };
	struct evtchn_fifo_control_block cb = {};
	struct fifo_ctx ctx = { .nr_words = FIFO_PORTS };
	struct evtchn_fifo_step st;
	evtchn_port_t head = 0;
	u32 ready = BIT(7) | BIT(2);
	unsigned int i;

	fifo_link(&ctx, ports, ARRAY_SIZE(ports));
	cb.head[7] = ports[0];
	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		KUNIT_EXPECT_TRUE(test, ready & BIT(7));
		st = evtchn_fifo_take(&cb, 7, &head, &ready, FIFO_PORTS, fifo_word, &ctx);
		KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_OK);
		KUNIT_EXPECT_EQ(test, st.port, ports[i]);
		KUNIT_EXPECT_EQ(test, ctx.words[ports[i]], EVTCHN_FIFO_P);
	}
	/* Drained: the queue's READY bit is gone, the others are not. */
	KUNIT_EXPECT_EQ(test, ready, (u32)BIT(2));
	KUNIT_EXPECT_EQ(test, head, 0u);

	/* HEAD 0 (an empty queue) is no fault. */
	ready = BIT(4);
	st = evtchn_fifo_take(&cb, 4, &head, &ready, FIFO_PORTS, fifo_word, &ctx);
	KUNIT_EXPECT_EQ(test, st.port, 0u);
	KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_OK);
	KUNIT_EXPECT_EQ(test, ready, 0u);
}

/* The local head wins over Xen's HEAD until the queue drains. */
static void fifo_local_head_test(struct kunit *test)
{
	static const evtchn_port_t ports[] = { 10, 11 };
	struct evtchn_fifo_control_block cb = {};
	struct fifo_ctx ctx = { .nr_words = FIFO_PORTS };
	struct evtchn_fifo_step st;
	evtchn_port_t head = 11;
	u32 ready = BIT(0);

	fifo_link(&ctx, ports, ARRAY_SIZE(ports));
	cb.head[0] = 10;	/* stale: already taken */
	st = evtchn_fifo_take(&cb, 0, &head, &ready, FIFO_PORTS, fifo_word, &ctx);
	KUNIT_EXPECT_EQ(test, st.port, 11u);
	KUNIT_EXPECT_EQ(test, ready, 0u);
}

/* Malformed LINK values end the queue with a fault, never an access. */
static void fifo_bad_link_test(struct kunit *test)
{
	struct evtchn_fifo_control_block cb = {};
	struct fifo_ctx ctx = { .nr_words = 32 };
	struct evtchn_fifo_step st;
	evtchn_port_t head = 0;
	u32 ready;

	/* link >= max ports */
	ctx.words[4] = EVTCHN_FIFO_P | EVTCHN_FIFO_L | 40;
	cb.head[1] = 4;
	ready = BIT(1);
	st = evtchn_fifo_take(&cb, 1, &head, &ready, FIFO_PORTS / 2, fifo_word, &ctx);
	KUNIT_EXPECT_EQ(test, st.port, 4u);
	KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_BAD_LINK);
	KUNIT_EXPECT_EQ(test, st.value, 40u);
	KUNIT_EXPECT_EQ(test, head, 0u);
	KUNIT_EXPECT_EQ(test, ready, 0u);

	/* link below max ports, but no word behind it */
	ctx.words[4] = EVTCHN_FIFO_P | EVTCHN_FIFO_L | 33;
	ready = BIT(1);
	st = evtchn_fifo_take(&cb, 1, &head, &ready, FIFO_PORTS, fifo_word, &ctx);
	KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_BAD_LINK);
	KUNIT_EXPECT_EQ(test, st.value, 33u);
	KUNIT_EXPECT_EQ(test, head, 0u);

	/* the largest link the field can hold */
	ctx.words[4] = EVTCHN_FIFO_P | EVTCHN_FIFO_L | EVTCHN_FIFO_LINK_MASK;
	ready = BIT(1);
	st = evtchn_fifo_take(&cb, 1, &head, &ready, EVTCHN_FIFO_NR_CHANNELS, fifo_word, &ctx);
	KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_BAD_LINK);
	KUNIT_EXPECT_EQ(test, head, 0u);
}

static void fifo_bad_head_test(struct kunit *test)
{
	struct evtchn_fifo_control_block cb = {};
	struct fifo_ctx ctx = { .nr_words = 16 };
	struct evtchn_fifo_step st;
	evtchn_port_t head = 0;
	u32 ready = BIT(15);

	cb.head[15] = 0xffffffff;
	st = evtchn_fifo_take(&cb, 15, &head, &ready, FIFO_PORTS, fifo_word, &ctx);
	KUNIT_EXPECT_EQ(test, st.port, 0u);
	KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_BAD_HEAD);
	KUNIT_EXPECT_EQ(test, st.value, 0xffffffffu);
	KUNIT_EXPECT_EQ(test, ready, 0u);

	/* in range of the ABI, but beyond the pages given to Xen */
	cb.head[15] = 20;
	ready = BIT(15);
	st = evtchn_fifo_take(&cb, 15, &head, &ready, FIFO_PORTS, fifo_word, &ctx);
	KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_BAD_HEAD);
	KUNIT_EXPECT_EQ(test, ready, 0u);
}

/* A cycle in the links ends: each take clears the link it follows. */
static void fifo_cycle_test(struct kunit *test)
{
	struct evtchn_fifo_control_block cb = {};
	struct fifo_ctx ctx = { .nr_words = FIFO_PORTS };
	struct evtchn_fifo_step st;
	evtchn_port_t head = 0;
	unsigned int steps = 0;
	u32 ready = BIT(3);

	ctx.words[6] = EVTCHN_FIFO_P | EVTCHN_FIFO_L | 8;
	ctx.words[8] = EVTCHN_FIFO_P | EVTCHN_FIFO_L | 6;
	cb.head[3] = 6;
	while (ready & BIT(3) && steps < 10) {
		st = evtchn_fifo_take(&cb, 3, &head, &ready, FIFO_PORTS, fifo_word, &ctx);
		KUNIT_EXPECT_EQ(test, st.fault, EVTCHN_FIFO_OK);
		steps++;
	}
	KUNIT_EXPECT_EQ(test, steps, 3u);
	KUNIT_EXPECT_EQ(test, ready, 0u);
}

/* ---- storm detector ---- */

#define MS(n)	((u64)(n) * NSEC_PER_MSEC)

static u64 storm_feed(struct evtchn_storm *s, u64 *now, u64 step, unsigned int n, bool handled)
{
	u64 backoff = 0;

	while (n-- && !backoff) {
		backoff = evtchn_storm_note(s, *now, handled);
		*now += step;
	}
	return backoff;
}

static void storm_quiet_test(struct kunit *test)
{
	struct evtchn_storm s = {};
	u64 now = MS(1000);

	/* 50,000 events a second, all handled: busy, not a storm. */
	KUNIT_EXPECT_EQ(test, storm_feed(&s, &now, 20000, 50000, true), 0ull);
	KUNIT_EXPECT_EQ(test, s.strikes, 0u);
	/* A handful of IRQ_NONE among them is fine too. */
	KUNIT_EXPECT_EQ(test, storm_feed(&s, &now, 20000, 50, false), 0ull);
}

static void storm_rate_test(struct kunit *test)
{
	struct evtchn_storm s = {};
	u64 now = MS(1000), backoff;

	/* An event every microsecond: 1,000 in a millisecond. */
	backoff = storm_feed(&s, &now, 1000, 5000, true);
	KUNIT_EXPECT_EQ(test, backoff, EVTCHN_STORM_BACKOFF_MIN_NS);
	KUNIT_EXPECT_EQ(test, s.strikes, 1u);
	KUNIT_EXPECT_EQ(test, s.last_events, (u32)EVTCHN_STORM_MAX_EVENTS);
	KUNIT_EXPECT_EQ(test, s.last_unhandled, 0u);
}

static void storm_unhandled_test(struct kunit *test)
{
	struct evtchn_storm s = {};
	u64 now = MS(1000), backoff;

	/* IRQ_NONE every 50 us: 200 in 10 ms, twice the limit. */
	backoff = storm_feed(&s, &now, 50000, 1000, false);
	KUNIT_EXPECT_EQ(test, backoff, EVTCHN_STORM_BACKOFF_MIN_NS);
	KUNIT_EXPECT_EQ(test, s.last_unhandled, (u32)EVTCHN_STORM_MAX_UNHANDLED);
}

/* A storm that keeps coming back backs off longer each time, up to the cap. */
static void storm_backoff_test(struct kunit *test)
{
	struct evtchn_storm s = {};
	u64 now = MS(1000), backoff, expect = EVTCHN_STORM_BACKOFF_MIN_NS;
	unsigned int round;

	for (round = 0; round < 12; round++) {
		backoff = storm_feed(&s, &now, 1000, 5000, true);
		KUNIT_EXPECT_EQ(test, backoff, expect);
		/* Masked for the backoff: the next events come after it. */
		now += backoff;
		expect = min_t(u64, expect * 2, EVTCHN_STORM_BACKOFF_MAX_NS);
	}
	KUNIT_EXPECT_EQ(test, s.strikes, (u32)EVTCHN_STORM_MAX_STRIKES);
	KUNIT_EXPECT_EQ(test, backoff, EVTCHN_STORM_BACKOFF_MAX_NS);
}

/* Calm windows take strikes away one by one; a long silence forgets all. */
static void storm_decay_test(struct kunit *test)
{
	struct evtchn_storm s = {};
	u64 now = MS(1000);

	storm_feed(&s, &now, 1000, 5000, true);
	now += MS(10);
	storm_feed(&s, &now, 1000, 5000, true);
	now += MS(20);
	KUNIT_ASSERT_EQ(test, s.strikes, 2u);

	/* One event per window, windows apart: each closes a calm window. */
	storm_feed(&s, &now, MS(11), 1, true);
	storm_feed(&s, &now, MS(11), 1, true);
	KUNIT_EXPECT_EQ(test, s.strikes, 1u);
	storm_feed(&s, &now, MS(11), 1, true);
	KUNIT_EXPECT_EQ(test, s.strikes, 0u);

	storm_feed(&s, &now, 1000, 5000, true);
	KUNIT_ASSERT_EQ(test, s.strikes, 1u);
	now += EVTCHN_STORM_FORGET_NS + MS(20);
	storm_feed(&s, &now, 1000, 1, true);
	KUNIT_EXPECT_EQ(test, s.strikes, 0u);
	KUNIT_EXPECT_EQ(test, s.events, 1u);
}

/* An event inside the backoff (the lazy mask) counts into the next window. */
static void storm_inside_backoff_test(struct kunit *test)
{
	struct evtchn_storm s = {};
	u64 now = MS(1000), backoff;

	backoff = storm_feed(&s, &now, 1000, 5000, true);
	KUNIT_ASSERT_NE(test, backoff, 0ull);
	KUNIT_EXPECT_EQ(test, evtchn_storm_note(&s, now, true), 0ull);
	KUNIT_EXPECT_EQ(test, s.events, 1u);
	KUNIT_EXPECT_EQ(test, s.strikes, 1u);
}

static struct kunit_case xen_events_cases[] = {
	KUNIT_CASE(evtchn_2l_math_test),
	KUNIT_CASE(evtchn_2l_next_test),
	KUNIT_CASE(evtchn_2l_scan_order_test),
	KUNIT_CASE(evtchn_2l_scan_round_robin_test),
	KUNIT_CASE(evtchn_2l_scan_budget_test),
	KUNIT_CASE(evtchn_2l_scan_noise_test),
	KUNIT_CASE(fifo_word_ops_test),
	KUNIT_CASE(fifo_busy_test),
	KUNIT_CASE(fifo_unlink_test),
	KUNIT_CASE(fifo_walk_test),
	KUNIT_CASE(fifo_local_head_test),
	KUNIT_CASE(fifo_bad_link_test),
	KUNIT_CASE(fifo_bad_head_test),
	KUNIT_CASE(fifo_cycle_test),
	KUNIT_CASE(storm_quiet_test),
	KUNIT_CASE(storm_rate_test),
	KUNIT_CASE(storm_unhandled_test),
	KUNIT_CASE(storm_backoff_test),
	KUNIT_CASE(storm_decay_test),
	KUNIT_CASE(storm_inside_backoff_test),
	{}
};

static struct kunit_suite xen_events_suite = {
	.name = "xen_events",
	.test_cases = xen_events_cases,
};

kunit_test_suite(xen_events_suite);

MODULE_DESCRIPTION("KUnit tests for the Xen event channel logic");
MODULE_LICENSE("GPL");
