// SPDX-License-Identifier: GPL-2.0
/*
 * What kind of Xen domain this kernel runs in (<xen/xen.h>), and the
 * hypervisor descriptor the x86 platform code detects Xen PV with.
 */
#include <linux/init.h>
#include <linux/export.h>
#include <xen/xen.h>
#include <asm/hypervisor.h>

#ifdef CONFIG_XEN_PV
#include "pv.h"
#endif

/* Set once, before start_kernel, by the PV entry (pv-start.c). */
enum xen_domain_type xen_domain_type __read_mostly = XEN_NATIVE;
EXPORT_SYMBOL_GPL(xen_domain_type);

/* start_info.flags (SIF_*), kept for xen_initial_domain() and friends. */
u32 xen_start_flags __read_mostly;
EXPORT_SYMBOL(xen_start_flags);

static u32 __init xen_pv_detect(void)
{
	/* Only the PV entry point sets this; a PV guest cannot be missed. */
	return xen_pv_domain() ? UINT_MAX : 0;
}

const __initconst struct hypervisor_x86 x86_hyper_xen_pv = {
	.name		= "Xen PV",
	.detect		= xen_pv_detect,
	.type		= X86_HYPER_XEN_PV,
	/* "nopv" cannot turn PV off: this kernel already runs on its hooks. */
	.ignore_nopv	= true,
#ifdef CONFIG_XEN_PV
	/* In setup_arch, once static calls work. */
	.init.init_platform = xen_pv_clock_early_init,
#endif
};
