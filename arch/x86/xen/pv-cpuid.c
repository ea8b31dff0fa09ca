// SPDX-License-Identifier: GPL-2.0
/*
 * The cpuid features a PV guest must not act on (Documentation/xen/
 * pv-cpu.rst, "cpuid"), cleared from what Xen's emulated cpuid reports.
 * pv-cpu.c issues the instruction; the table lives here, without
 * hypercalls, where KUnit (pv-cpuid_test.c) checks it.
 *
 * Hidden: hardware a ring-3 kernel cannot drive (APIC, MTRR, MCE,
 * monitor/mwait, virtualisation, thermal and power control), page-table
 * features Xen does not offer PV guests (large and global pages, PCID,
 * 5 levels), and CR4-controlled features only Xen may switch on (SMEP,
 * SMAP, UMIP, PKU, FSGSBASE, supervisor xsave states).
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/types.h>

#include "pv-cpuid.h"

struct xen_cpuid_mask {
	u32 leaf, subleaf;	/* subleaf ~0: any */
	u32 ecx, edx, ebx, eax;	/* bits to clear */
};

#define B(n)	BIT(n)

static const struct xen_cpuid_mask xen_cpuid_masks[] = {
	/*
	 * 1: MONITOR, DS-CPL, VMX, SMX, EST, TM2, PDCM, PCID, x2APIC, TSC
	 * deadline | PSE, MCE, APIC, MTRR, PGE, MCA, PSE36, DS, ACPI, TM, PBE
	 */
	{ 1, ~0u, (B(3) | B(4) | B(5) | B(6) | B(7) | B(8) | B(15) | B(17) | B(21) | B(24)),
	  (B(3) | B(7) | B(9) | B(12) | B(13) | B(14) | B(17) | B(21) | B(22) |
	   B(29) | B(31)), 0, 0 },
	/* 7.0: UMIP, PKU, OSPKE, WAITPKG, LA57 | - | FSGSBASE, SMEP, INVPCID, SMAP */
	{ 7, 0, (B(2) | B(3) | B(4) | B(5) | B(16)), 0, (B(0) | B(7) | B(10) | B(20)), 0 },
	/* 0xd.1: XSAVES (supervisor states need the XSS MSR) */
	{ 0xd, 1, 0, 0, 0, (B(3)) },
	/* 0x80000001: SVM, MWAITX | 1 GiB pages */
	{ 0x80000001, ~0u, (B(2) | B(29)), (B(26)), 0, 0 },
};

/**
 * xen_cpuid_mask() - hide what a PV guest must not use from a cpuid result
 * @leaf: the leaf asked for (eax on input)
 * @subleaf: the subleaf asked for (ecx on input; ignored by leaves without)
 * @ax: eax of the result, updated
 * @bx: ebx of the result, updated
 * @cx: ecx of the result, updated
 * @dx: edx of the result, updated
 */
void xen_cpuid_mask(unsigned int leaf, unsigned int subleaf, unsigned int *ax,
		    unsigned int *bx, unsigned int *cx, unsigned int *dx)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xen_cpuid_masks); i++) {
		const struct xen_cpuid_mask *m = &xen_cpuid_masks[i];

		if (m->leaf != leaf || (m->subleaf != ~0u && m->subleaf != subleaf))
			continue;
		*ax &= ~m->eax;
		*bx &= ~m->ebx;
		*cx &= ~m->ecx;
		*dx &= ~m->edx;
	}
}
