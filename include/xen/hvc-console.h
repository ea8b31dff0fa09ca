/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen console as seen from outside its driver: the boot console a
 * PV guest writes from its first printk (arch/x86/xen/pv-console.c),
 * which arch/x86/kernel/early_printk.c also registers for
 * "earlyprintk=xen", and its hand-over to hvc0 (drivers/tty/hvc/hvc_xen.c).
 * Part of the contract with the base kernel (Documentation/xen/contract.rst).
 */
#ifndef _XEN_HVC_CONSOLE_H
#define _XEN_HVC_CONSOLE_H

#if defined(CONFIG_HVC_XEN) || defined(CONFIG_XEN_PV)
struct console;
extern struct console xenboot_console;
#endif

#ifdef CONFIG_XEN_PV
/*
 * hvc0 calls this before its first write into the console ring: the boot
 * console stops printing, so that no line appears twice and the ring's
 * producer index has one writer (Documentation/xen/console.rst).
 */
void xen_boot_console_handover(void);
#else
static inline void xen_boot_console_handover(void)
{
}
#endif

#endif /* _XEN_HVC_CONSOLE_H */
