/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included at the end of arch/x86/kernel/head_{32,64}.S in every
 * configuration: this is where a Xen-capable kernel places its PV entry
 * point and the ELF notes that tell Xen's domain builder how to load it
 * (Documentation/xen/contract.rst).
 *
 * xenpv's PV entry and ELF notes arrive with CONFIG_XEN_PV (issue "PV domU
 * early boot"); until that option exists this file contributes nothing,
 * and a kernel built from this tree carries no Xen ELF notes, so Xen's
 * domain builder refuses it instead of starting it half-supported.
 */
