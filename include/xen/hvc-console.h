/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Xen console as seen from outside its driver: the early console
 * that arch/x86/kernel/early_printk.c registers for "earlyprintk=xen".
 * Part of the contract with the base kernel (Documentation/xen/contract.rst).
 */
#ifndef _XEN_HVC_CONSOLE_H
#define _XEN_HVC_CONSOLE_H

#ifdef CONFIG_HVC_XEN
struct console;
extern struct console xenboot_console;
#endif

#endif /* _XEN_HVC_CONSOLE_H */
