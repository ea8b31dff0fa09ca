/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cpuid features a PV guest must not use (pv-cpuid.c): a pure
 * function, so that KUnit (pv-cpuid_test.c) can check it natively.
 */
#ifndef _ARCH_X86_XEN_PV_CPUID_H
#define _ARCH_X86_XEN_PV_CPUID_H

void xen_cpuid_mask(unsigned int leaf, unsigned int subleaf, unsigned int *ax,
		    unsigned int *bx, unsigned int *cx, unsigned int *dx);

#endif /* _ARCH_X86_XEN_PV_CPUID_H */
