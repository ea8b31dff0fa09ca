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
 * How long to wait for a backend that does not drain the ring before
 * dropping output.  xenconsoled in a busy dom0 can take seconds to get
 * round to a booting guest, so wait by Xen's clock once it can be read;
 * before shared info is mapped, count yields instead (a yield with
 * nothing else to run costs microseconds).  Kick the backend on the
 * first full ring and now and then after, not on every retry: xenconsoled
 * rate-limits a domain that notifies too often.
 */
#define BOOT_CONSOLE_MAX_WAIT_NS	(5 * NSEC_PER_SEC)
#define BOOT_CONSOLE_MAX_YIELDS		1000000
#define BOOT_CONSOLE_KICK_EVERY		1024

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

void xen_boot_console_relocate(void *ring)
{
	boot_ring = ring;
}

static void boot_console_kick(void)
{
	struct evtchn_send send = { .port = boot_port };

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

/*
 * Put one byte into the output ring, waiting (a bounded number of
 * yields) for space.  Returns false when the backend gives no room.
 */
static bool boot_console_put(struct xencons_interface *ring, char c)
{
	unsigned int tries = 0;
	u64 start = 0;
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
		if (!tries) {
			start = boot_console_now();
		} else if (start) {
			if (boot_console_now() - start > BOOT_CONSOLE_MAX_WAIT_NS)
				return false;
		} else if (tries > BOOT_CONSOLE_MAX_YIELDS) {
			return false;
		}
		if (tries++ % BOOT_CONSOLE_KICK_EVERY == 0)
			boot_console_kick();
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
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
	raw_spin_unlock_irqrestore(&boot_ring_lock, flags);
	boot_console_kick();
}

/* The printk console (and early_printk()): silent after the hand-over. */
static void xenboot_write(struct console *con, const char *s, unsigned int len)
{
	unsigned long flags;
	bool wrote = false;

	raw_spin_lock_irqsave(&boot_ring_lock, flags);
	if (!boot_console_retired && boot_ring) {
		boot_console_write_locked(s, len);
		wrote = true;
	}
	raw_spin_unlock_irqrestore(&boot_ring_lock, flags);
	if (wrote)
		boot_console_kick();
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
	pr_warn("xenboot: %lu bytes of boot log did not reach the console (the backend did not drain the ring); again:\n",
		boot_console_dropped);
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
