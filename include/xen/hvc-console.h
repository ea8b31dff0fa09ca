/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen console as seen from outside its driver: the boot console a
 * PV guest writes from its first printk (arch/x86/xen/pv-console.c),
 * which arch/x86/kernel/early_printk.c also registers for
 * "earlyprintk=xen".
 * Part of the contract with the base kernel (Documentation/xen/contract.rst).
 */
#ifndef _XEN_HVC_CONSOLE_H
#define _XEN_HVC_CONSOLE_H

#if defined(CONFIG_HVC_XEN) || defined(CONFIG_XEN_PV)
struct console;
extern struct console xenboot_console;
#endif

#endif /* _XEN_HVC_CONSOLE_H */
