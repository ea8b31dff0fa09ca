// SPDX-License-Identifier: GPL-2.0
/*
 * Power off, reboot, halt and crash of a PV guest.
 *
 * A PV guest has no firmware, ACPI or keyboard controller to reset
 * through: it asks Xen to end the domain with SCHEDOP_shutdown and a
 * reason, and the toolstack then acts on the domain's on_poweroff,
 * on_reboot or on_crash setting (xl.cfg).  The reason is what `xl` logs
 * as "shut down, reason code N".
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <asm/reboot.h>
#include <asm/xen/hypercall.h>

#include "pv.h"

/*
 * Does not return when Xen accepts; Xen refuses only a malformed
 * request, and then there is nothing left to do but wait.
 */
static void xen_shutdown_domain(unsigned int reason)
{
	struct sched_shutdown req = { .reason = reason };
	int rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &req);

	pr_emerg("xenpv: Xen refused to shut the domain down (reason %u): %d\n", reason, rc);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

static void xen_machine_restart(char *cmd)
{
	xen_shutdown_domain(SHUTDOWN_reboot);
}

/* "halt" under a hypervisor means the domain may go: same as poweroff. */
static void xen_machine_power_off(void)
{
	xen_shutdown_domain(SHUTDOWN_poweroff);
}

static void xen_machine_emergency_restart(void)
{
	xen_shutdown_domain(SHUTDOWN_reboot);
}

/*
 * A panicking guest reports a crash so the toolstack can apply on_crash
 * (restart, preserve for a dump, destroy).  Runs after the panic message
 * and kmsg dumpers, unless panic= asked for a timed reboot, which then
 * happens through machine_restart as a normal reboot.
 */
static int xen_panic_event(struct notifier_block *nb, unsigned long event, void *msg)
{
	if (!panic_timeout)
		xen_shutdown_domain(SHUTDOWN_crash);
	return NOTIFY_DONE;
}

static struct notifier_block xen_panic_block = {
	.notifier_call = xen_panic_event,
	/* After every other notifier has had its say. */
	.priority = INT_MIN,
};

void __init xen_pv_power_init(void)
{
	machine_ops.restart = xen_machine_restart;
	machine_ops.halt = xen_machine_power_off;
	machine_ops.power_off = xen_machine_power_off;
	machine_ops.emergency_restart = xen_machine_emergency_restart;
	atomic_notifier_chain_register(&panic_notifier_list, &xen_panic_block);
}
