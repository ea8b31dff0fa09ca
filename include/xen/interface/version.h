/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: HYPERVISOR_xen_version(cmd, arg), which reports the
 * hypervisor's version, build and feature bits.  Numbers and layouts
 * follow Xen's public version.h (Xen 4.17); tests/abi/run checks them.
 */
#ifndef _XEN_INTERFACE_VERSION_H
#define _XEN_INTERFACE_VERSION_H

#include <xen/interface/xen.h>

/* Returns (major << 16) | minor; arg is NULL. */
#define XENVER_version			0

/* Each of these fills a NUL-terminated string buffer of the given size. */
#define XENVER_extraversion		1
#define XEN_EXTRAVERSION_LEN		16
#define XENVER_capabilities		3
#define XEN_CAPABILITIES_INFO_LEN	1024
#define XENVER_changeset		4
#define XEN_CHANGESET_INFO_LEN		64
#define XENVER_commandline		9	/* Xen's command line, 1024 bytes */

#define XENVER_compile_info		2	/* arg: xen_compile_info */
#define XENVER_platform_parameters	5	/* arg: xen_platform_parameters */
#define XENVER_get_features		6	/* arg: xen_feature_info */
#define XENVER_pagesize			7	/* returns the page size */
#define XENVER_guest_handle		8	/* arg: xen_domain_handle_t */
#define XENVER_build_id			10	/* arg: xen_build_id */

#ifndef __ASSEMBLY__
/* XENVER_compile_info: who built this Xen, and where and when. */
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};

/* XENVER_platform_parameters: start of the area Xen reserves for itself. */
struct xen_platform_parameters {
	unsigned long virt_start;
};

/*
 * XENVER_get_features: the guest names a 32-bit slice of the XENFEAT_*
 * bitmap in submap_idx; Xen fills submap with it.
 */
struct xen_feature_info {
	unsigned int submap_idx;
	u32 submap;
};

/*
 * XENVER_build_id: the guest sets len to the size of buf; Xen writes
 * the build ID there and returns the number of bytes written.  A NULL
 * arg asks only for that size.
 */
struct xen_build_id {
	u32 len;
	unsigned char buf[];
};
#endif /* !__ASSEMBLY__ */

#endif /* _XEN_INTERFACE_VERSION_H */
