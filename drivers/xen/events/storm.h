/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event storm detector, as pure logic: time comes in as an
 * argument, so that the KUnit suite drives it natively.
 *
 * Another domain can raise its end of a port as fast as it likes (the
 * XSA-391 class of problems): each event costs this guest an upcall and
 * a handler run, and a flood would keep a vCPU in interrupt context for
 * good.  The policy (Documentation/xen/events.rst, "Event storms"):
 *
 * - Events of a port are counted in windows of EVTCHN_STORM_WINDOW_NS.
 *   A window with EVTCHN_STORM_MAX_EVENTS events (100,000 a second), or
 *   with EVTCHN_STORM_MAX_UNHANDLED whose handler returned IRQ_NONE
 *   (10,000 a second), is a storm.
 * - A storm masks the port for a backoff: 10 ms for the first strike,
 *   doubled for each further strike, at most 1 s.
 * - A window that ends calm (under a quarter of both limits) takes one
 *   strike away; a port quiet for EVTCHN_STORM_FORGET_NS loses them all.
 *
 * Per-vCPU VIRQs come from Xen itself and are not watched.
 */
#ifndef _XEN_EVENTS_STORM_H
#define _XEN_EVENTS_STORM_H

#include <linux/minmax.h>
#include <linux/time64.h>
#include <linux/types.h>

#define EVTCHN_STORM_WINDOW_NS		(10 * NSEC_PER_MSEC)
#define EVTCHN_STORM_MAX_EVENTS		1000
#define EVTCHN_STORM_MAX_UNHANDLED	100
#define EVTCHN_STORM_BACKOFF_MIN_NS	(10 * NSEC_PER_MSEC)
#define EVTCHN_STORM_BACKOFF_MAX_NS	NSEC_PER_SEC
/* Strikes past this one all get the longest backoff (10 ms << 7 > 1 s). */
#define EVTCHN_STORM_MAX_STRIKES	8
#define EVTCHN_STORM_FORGET_NS		(10 * NSEC_PER_SEC)

/*
 * State of one port.  Only the port's handler path touches it, and the
 * irq core never runs a handler on two CPUs at once: no lock.
 */
struct evtchn_storm {
	u64 window_start;	/* ns; may lie ahead while backing off */
	u32 events;		/* events in the current window */
	u32 unhandled;		/* of which IRQ_NONE */
	u32 strikes;		/* storms not yet forgiven */
	u32 last_events;	/* counts of the window that last stormed */
	u32 last_unhandled;
};

/* Close the window that started at s->window_start; @now is past it. */
static inline void evtchn_storm_close_window(struct evtchn_storm *s, u64 now)
{
	if (now - s->window_start >= EVTCHN_STORM_FORGET_NS)
		s->strikes = 0;
	else if (s->strikes && s->events < EVTCHN_STORM_MAX_EVENTS / 4 &&
		 s->unhandled < EVTCHN_STORM_MAX_UNHANDLED / 4)
		s->strikes--;
	s->window_start = now;
	s->events = 0;
	s->unhandled = 0;
}

/*
 * Account one event at @now (ns, monotonic) whose handler returned
 * @handled.  Returns 0, or how long (ns) to keep the port masked.
 */
static inline u64 evtchn_storm_note(struct evtchn_storm *s, u64 now, bool handled)
{
	s64 age = (s64)(now - s->window_start);
	u64 backoff;

	/* A negative age is an event inside a backoff: count it there. */
	if (age >= (s64)EVTCHN_STORM_WINDOW_NS)
		evtchn_storm_close_window(s, now);
	s->events++;
	if (!handled)
		s->unhandled++;
	if (s->events < EVTCHN_STORM_MAX_EVENTS &&
	    s->unhandled < EVTCHN_STORM_MAX_UNHANDLED)
		return 0;

	if (s->strikes < EVTCHN_STORM_MAX_STRIKES)
		s->strikes++;
	backoff = min_t(u64, EVTCHN_STORM_BACKOFF_MIN_NS << (s->strikes - 1),
			EVTCHN_STORM_BACKOFF_MAX_NS);
	s->last_events = s->events;
	s->last_unhandled = s->unhandled;
	/* The next window starts when the port is unmasked again. */
	s->window_start = now + backoff;
	s->events = 0;
	s->unhandled = 0;
	return backoff;
}

#endif /* _XEN_EVENTS_STORM_H */
