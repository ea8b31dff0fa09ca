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
 */
#include <linux/console.h>
#include <linux/init.h>
#include <linux/kernel.h>
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

/* How long to wait for a backend that does not drain the ring. */
#define BOOT_CONSOLE_MAX_YIELDS	2000

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
		boot_console_kick();
		if (++tries > BOOT_CONSOLE_MAX_YIELDS)
			return false;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	ring->out[MASK_XENCONS_IDX(prod, ring->out)] = c;
	/* The byte must be visible before the index that publishes it. */
	virt_wmb();
	ring->out_prod = prod + 1;
	return true;
}

void xen_boot_console_write(const char *s, unsigned int len)
{
	struct xencons_interface *ring = READ_ONCE(boot_ring);
	unsigned long flags;
	unsigned int i;

	if (!ring)
		return;
	raw_spin_lock_irqsave(&boot_ring_lock, flags);
	for (i = 0; i < len; i++) {
		if (s[i] == '\n' && !boot_console_put(ring, '\r'))
			break;
		if (!boot_console_put(ring, s[i]))
			break;
	}
	raw_spin_unlock_irqrestore(&boot_ring_lock, flags);
	boot_console_kick();
}

static void xenboot_write(struct console *con, const char *s, unsigned int len)
{
	xen_boot_console_write(s, len);
}

/*
 * A boot console: printk replays the log so far into it, and it steps
 * aside when the real console (hvc0) registers.  "earlyprintk=xen" names
 * the same console (arch/x86/kernel/early_printk.c).
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
