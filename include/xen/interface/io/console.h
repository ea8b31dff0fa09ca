/* SPDX-License-Identifier: MIT */
/*
 * Xen guest ABI: the PV console page.  The console backend (xenconsoled
 * in dom0) and the guest share one page with an input and an output
 * byte ring, plus an event channel; a PV guest gets both from
 * start_info.console.domU, a PVH/HVM guest from HVM_PARAM_CONSOLE_*.
 * Layout follows Xen's public io/console.h (Xen 4.17); tests/abi/run
 * checks it.
 */
#ifndef _XEN_INTERFACE_IO_CONSOLE_H
#define _XEN_INTERFACE_IO_CONSOLE_H

#include <linux/types.h>

/*
 * Ring index to array offset; both rings are a power of two in size.
 * Indices run freely and each side writes only its own: the guest
 * writes out_prod and in_cons, the backend out_cons and in_prod.
 */
#define MASK_XENCONS_IDX(idx, ring)	((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];			/* keyboard input to the guest */
	char out[2048];			/* guest output */
	u32 in_cons, in_prod;
	u32 out_cons, out_prod;
};

#endif /* _XEN_INTERFACE_IO_CONSOLE_H */
