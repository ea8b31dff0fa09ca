/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the rest of the kernel may ask about Xen: are we a Xen guest, of
 * which kind, and are we the control domain.
 *
 * This header is part of xenpv's contract with the base kernel
 * (Documentation/xen/contract.rst): files outside the Xen paths include
 * it and use these names, so they keep their meaning in every
 * configuration.  Without CONFIG_XEN every predicate is a constant false
 * and the compiler drops the Xen-only branches of its callers.
 */
#ifndef _XEN_XEN_H
#define _XEN_XEN_H

#include <linux/bits.h>
#include <linux/types.h>

struct bio_vec;
struct page;

/* The kind of domain this kernel runs in, decided once at early boot. */
enum xen_domain_type {
	XEN_NATIVE,		/* not on Xen at all */
	XEN_PV_DOMAIN,		/* paravirtualized: entered at xen_start_kernel */
	XEN_HVM_DOMAIN,		/* hardware-virtualized, including PVH */
};

#ifdef CONFIG_XEN
extern enum xen_domain_type xen_domain_type;
/* SIF_* flags of start_info (or of the PVH start info), e.g. SIF_INITDOMAIN. */
extern u32 xen_start_flags;
#else
#define xen_domain_type		XEN_NATIVE
#define xen_start_flags		0U
#endif

#define xen_domain()		(xen_domain_type != XEN_NATIVE)
#define xen_pv_domain()		(xen_domain_type == XEN_PV_DOMAIN)
#define xen_hvm_domain()	(xen_domain_type == XEN_HVM_DOMAIN)

#ifdef CONFIG_XEN_PVH
extern bool xen_pvh;
#define xen_pvh_domain()	(xen_hvm_domain() && xen_pvh)
#else
#define xen_pvh_domain()	0
#endif

#ifdef CONFIG_XEN_DOM0
/* Start-info flag bit that marks the control domain (Xen's SIF_INITDOMAIN). */
#define XEN_SIF_INITDOMAIN_BIT	BIT(1)
#define xen_initial_domain()	(xen_domain() && (xen_start_flags & XEN_SIF_INITDOMAIN_BIT))
#else
#define xen_initial_domain()	0
#endif

#ifdef CONFIG_XEN
/*
 * The block layer asks this before merging two bio segments: pages that
 * are adjacent in the guest's pseudo-physical space need not be adjacent
 * in machine memory, which is what a backend's DMA sees.
 */
bool xen_biovec_phys_mergeable(const struct bio_vec *vec1, const struct page *page);
#else
static inline bool xen_biovec_phys_mergeable(const struct bio_vec *vec1,
					     const struct page *page)
{
	return true;
}
#endif

#ifdef CONFIG_XEN_DOM0
/* ACPI processor code asks the control domain whether a CPU exists. */
bool xen_processor_present(uint32_t acpi_id);
#else
static inline bool xen_processor_present(uint32_t acpi_id)
{
	return false;
}
#endif

#endif /* _XEN_XEN_H */
