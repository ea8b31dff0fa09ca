/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_sched_op(cmd, arg), through which a vCPU
 * gives up its physical CPU, waits for events, or shuts the domain
 * down.  Numbers and layouts follow Xen's public sched.h (Xen 4.17);
 * tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_SCHED_H
#define _XEN_INTERFACE_SCHED_H

#include <xen/interface/event_channel.h>

#define SCHEDOP_yield		0	/* arg NULL: let another vCPU run */
#define SCHEDOP_block		1	/* arg NULL: sleep until an event; unmasks upcalls */
#define SCHEDOP_shutdown	2	/* arg: sched_shutdown */
#define SCHEDOP_poll		3	/* arg: sched_poll */
#define SCHEDOP_remote_shutdown	4	/* arg: sched_remote_shutdown */
#define SCHEDOP_shutdown_code	5	/* arg: sched_shutdown, recorded only */
#define SCHEDOP_watchdog	6	/* arg: sched_watchdog */
#define SCHEDOP_pin_override	7	/* arg: sched_pin_override (dom0) */

/* Reasons given with SCHEDOP_shutdown, seen by the toolstack. */
#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_suspend	2	/* save state; the call returns on resume */
#define SHUTDOWN_crash		3
#define SHUTDOWN_watchdog	4	/* a watchdog ran out */
#define SHUTDOWN_soft_reset	5	/* reset and keep the domain's memory */
#define SHUTDOWN_MAX		5

#ifndef __ASSEMBLY__
struct sched_shutdown {
	unsigned int reason;		/* SHUTDOWN_* */
};

/*
 * Block until one of nr_ports ports in ports[] is pending, or until
 * Xen system time reaches timeout (ns; zero waits for ever).  Xen
 * reads the port list when the call starts.
 */
struct sched_poll {
	evtchn_port_t *ports;		/* guest handle */
	unsigned int nr_ports;
	u64 timeout;
};

/* Shut down another domain (privileged callers). */
struct sched_remote_shutdown {
	domid_t domain_id;
	unsigned int reason;		/* SHUTDOWN_* */
};

/*
 * Domain watchdog.  With id zero Xen creates a watchdog that shuts the
 * domain down after timeout seconds and returns its id; with a known
 * id, a non-zero timeout re-arms it and a zero timeout removes it.
 */
struct sched_watchdog {
	u32 id;
	u32 timeout;
};

/* Run this vCPU on physical CPU pcpu; a negative pcpu undoes that. */
struct sched_pin_override {
	s32 pcpu;
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_SCHED_H */
