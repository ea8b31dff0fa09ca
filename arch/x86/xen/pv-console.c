// SPDX-License-Identifier: GPL-2.0
/*
 * The boot console of a PV domU: the kernel log written straight into the
 * console ring start_info names (io/console.h, Documentation/xen/
 * console.rst), so output reaches `xl console` and xenconsoled's log from
 * the first printk, long before event channels or the hvc driver exist.
 *
 * Only the output half of the ring is used.  We own out_prod; the
 * backend (xenconsoled) owns out_cons and may write anything there, so
 * every value read from it is range-checked before use.
 *
 * When hvc0 (drivers/tty/hvc/hvc_xen.c) takes the ring over, it calls
 * xen_boot_console_handover() before its first write: from then on the
 * console stays silent, so no line reaches the ring twice, and out_prod
 * has one writer again.  Only xen_boot_fatal() still writes here.
 */
#include <linux/console.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kmsg_dump.h>
#include <linux/spinlock.h>
#include <xen/hvc-console.h>
#include <xen/interface/io/console.h>
#include <asm/xen/hypercall.h>

#include "pv.h"

/* The ring page (bootstrap mapping, later its direct-map alias). */
static struct xencons_interface *boot_ring;
static evtchn_port_t boot_port;
/* Serialises writers; the ring has one producer index. */
static DEFINE_RAW_SPINLOCK(boot_ring_lock);
/* Set once hvc0 owns the ring; under boot_ring_lock. */
static bool boot_console_retired;
/*
 * Output dropped because the backend did not drain, under boot_ring_lock:
 * how many bytes, and the printk records concerned, from the first one
 * cut short up to the hand-over, for the replay on hvc0 (below).
 */
static unsigned long boot_console_dropped;
static u64 boot_console_first_lost_seq = U64_MAX;
static u64 boot_console_handover_seq;

/*
 * Waiting for a backend that does not drain the ring.  xenconsoled in a
 * busy dom0 can take seconds to find a new domain, so the first wait may
 * last BOOT_CONSOLE_MAX_WAIT_NS by Xen's clock (before shared info is
 * mapped, when the clock cannot be read, BOOT_CONSOLE_MAX_YIELDS yields).
 * A wait kicks the backend on the first full ring and then every
 * BOOT_CONSOLE_KICK_GAP_NS (every BOOT_CONSOLE_KICK_EVERY yields without
 * a clock), which stays below xenconsoled's limit of 30 events per
 * 200 ms.  A wait that times out marks the backend stalled: output is
 * dropped (and replayed on hvc0, below), and while it stays stalled each
 * write waits only BOOT_CONSOLE_STALLED_NS, so that a dead backend costs
 * the boot seconds, not seconds per line.  All under boot_ring_lock.
 */
#define BOOT_CONSOLE_KICK_GAP_NS	(10 * NSEC_PER_MSEC)
#define BOOT_CONSOLE_MAX_WAIT_NS	(5 * NSEC_PER_SEC)
#define BOOT_CONSOLE_STALLED_NS		(50 * NSEC_PER_MSEC)
#define BOOT_CONSOLE_MAX_YIELDS		1000000
#define BOOT_CONSOLE_KICK_EVERY		1024

static bool boot_console_stalled;	/* the last wait timed out */
/* Kicks sent and refused by Xen, for the replay's report. */
static unsigned long boot_console_kicks, boot_console_kicks_failed;
static int boot_console_kick_error;	/* the last refusal's error */

/* Xen system time in ns, or 0 while it cannot be read yet. */
static u64 boot_console_now(void)
{
	if (!READ_ONCE(HYPERVISOR_shared_info))
		return 0;
	return xen_clock_ns();
}

void __init xen_boot_console_setup(const struct start_info *si, void *ring)
{
	boot_port = si->console.domU.evtchn;
	boot_ring = ring;
}

static void boot_console_kick(void)
{
	struct evtchn_send send = { .port = boot_port };

	int rc;

	boot_console_kicks++;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
	if (rc) {
		boot_console_kicks_failed++;
		boot_console_kick_error = rc;
	}
}

/*
 * Put one byte into the output ring, waiting for space (and kicking the
 * backend) as described above.  Returns false when the backend gives no
 * room in time or corrupted the ring.  Called with boot_ring_lock held.
 */
static bool boot_console_put(struct xencons_interface *ring, char c)
{
	unsigned int tries = 0;
	u64 start = 0, last_kick = 0, now, limit;
	u32 cons, prod;

	for (;;) {
		prod = ring->out_prod;
		cons = READ_ONCE(ring->out_cons);
		/* Read out_cons before trusting the space it frees. */
		virt_rmb();
		if (prod - cons > sizeof(ring->out)) {
			/* The backend wrote nonsense: stop feeding it. */
			return false;
		}
		if (prod - cons < sizeof(ring->out))
			break;
		now = boot_console_now();
		limit = boot_console_stalled ? BOOT_CONSOLE_STALLED_NS :
					       BOOT_CONSOLE_MAX_WAIT_NS;
		if (!tries) {
			start = now;
		} else if (start) {
			if (now - start > limit) {
				boot_console_stalled = true;
				return false;
			}
		} else if (tries > BOOT_CONSOLE_MAX_YIELDS) {
			boot_console_stalled = true;
			return false;
		}
		if (now ? now - last_kick >= BOOT_CONSOLE_KICK_GAP_NS :
			  tries % BOOT_CONSOLE_KICK_EVERY == 0) {
			boot_console_kick();
			last_kick = now;
		}
		tries++;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	/* The backend made room: it is alive. */
	if (tries)
		boot_console_stalled = false;
	ring->out[MASK_XENCONS_IDX(prod, ring->out)] = c;
	/* The byte must be visible before the index that publishes it. */
	virt_wmb();
	ring->out_prod = prod + 1;
	return true;
}

/* Write @s with boot_ring_lock held; stops early if the backend stalls. */
static void boot_console_write_locked(const char *s, unsigned int len)
{
	struct xencons_interface *ring = READ_ONCE(boot_ring);
	unsigned int i;

	if (!ring)
		return;
	for (i = 0; i < len; i++) {
		if (s[i] == '\n' && !boot_console_put(ring, '\r'))
			break;
		if (!boot_console_put(ring, s[i]))
			break;
	}
	if (i < len) {
		boot_console_dropped += len - i;
		/* During a console write, seq is the record being written. */
		if (boot_console_first_lost_seq == U64_MAX)
			boot_console_first_lost_seq = READ_ONCE(xenboot_console.seq);
	}
}

/*
 * The raw writer, for xen_boot_fatal(): it also works after the hand-over,
 * since a dying boot has nobody else to tell.  hvc0 does not take
 * boot_ring_lock, so such a last message may interleave with hvc0 output;
 * each side re-reads out_prod from the page, so nothing leaves the ring.
 */
void xen_boot_console_write(const char *s, unsigned int len)
{
	unsigned long flags;

	if (!READ_ONCE(boot_ring))
		return;
	raw_spin_lock_irqsave(&boot_ring_lock, flags);
	boot_console_write_locked(s, len);
	boot_console_kick();
	raw_spin_unlock_irqrestore(&boot_ring_lock, flags);
}

/* The printk console (and early_printk()): silent after the hand-over. */
static void xenboot_write(struct console *con, const char *s, unsigned int len)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&boot_ring_lock, flags);
	if (!boot_console_retired && boot_ring) {
		boot_console_write_locked(s, len);
		boot_console_kick();
	}
	raw_spin_unlock_irqrestore(&boot_ring_lock, flags);
}

/*
 * hvc0 is about to write its first bytes into the ring.  Taking the lock
 * waits for a boot console write in progress, so the two never fill the
 * ring at the same time.  The printk core unregisters the boot console
 * right after hvc0's "enabled" line; until then printk still calls it,
 * and it must drop those lines: hvc0, which printk lists first, has
 * already written them (Documentation/xen/console.rst, "Hand-over").
 */
void xen_boot_console_handover(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&boot_ring_lock, flags);
	boot_console_retired = true;
	/* Records from here on reach hvc0, which printk lists first. */
	boot_console_handover_seq = READ_ONCE(xenboot_console.seq);
	raw_spin_unlock_irqrestore(&boot_ring_lock, flags);
}

/*
 * A boot console: printk replays the log so far into it, and it steps
 * aside when the real console (hvc0) registers.  "earlyprintk=xen" names
 * this same console (arch/x86/kernel/early_printk.c, with HVC_XEN), but
 * xen_boot_console_register() runs before the command line is parsed and
 * sets early_console, and setup_early_printk() does nothing once that is
 * set: the console is never registered twice.
 */
struct console xenboot_console = {
	.name	= "xenboot",
	.write	= xenboot_write,
	.flags	= CON_PRINTBUFFER | CON_BOOT | CON_ANYTIME,
	.index	= -1,
};

void __init xen_boot_console_register(void)
{
	if (!boot_ring)
		return;
	/* early_printk() (early exception reports) writes here too. */
	early_console = &xenboot_console;
	register_console(&xenboot_console);
}

/*
 * Boot log the ring could not take (a backend that stalled for seconds)
 * is still in the kernel log: once the real console runs, print those
 * records again, so that the console shows the whole boot.  Not from the
 * hand-over itself: hvc0 holds its ring lock there, and printing could
 * re-enter it.
 */
static int __init xen_boot_console_replay(void)
{
	struct kmsg_dump_iter iter = { .cur_seq = boot_console_first_lost_seq };
	static char line[256] __initdata;
	size_t len;

	if (!boot_console_dropped || boot_console_first_lost_seq == U64_MAX)
		return 0;
	pr_warn("xenboot: %lu bytes of boot log did not reach the console (the backend did not drain the ring; %lu kicks on port %u, %lu refused by Xen, last with %d); again:\n",
		boot_console_dropped, boot_console_kicks, boot_port,
		boot_console_kicks_failed, boot_console_kick_error);
	while (iter.cur_seq < boot_console_handover_seq &&
	       kmsg_dump_get_line(&iter, false, line, sizeof(line), &len)) {
		/* The text is not NUL-terminated and ends in a newline. */
		if (len && line[len - 1] == '\n')
			len--;
		pr_info("xenboot: | %.*s\n", (int)len, line);
	}
	return 0;
}
late_initcall(xen_boot_console_replay);
