/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure part of a PV domU's memory map (pv-memmap.c): no hypercalls,
 * so that KUnit (pv-memmap_test.c) can feed it any map.
 */
#ifndef _ARCH_X86_XEN_PV_MEMMAP_H
#define _ARCH_X86_XEN_PV_MEMMAP_H

#include <linux/init.h>
#include <linux/types.h>
#include <asm/e820/types.h>

unsigned long __init xen_memmap_clip(const struct e820_entry *map, unsigned int n,
				     unsigned long nr_pages, struct e820_table *out);

/* Called for each hole [start, end) of pfns; returns the pages it handled. */
typedef unsigned long (*xen_memmap_hole_fn)(unsigned long start, unsigned long end,
					     void *data);

unsigned long __init xen_memmap_holes(const struct e820_table *map, unsigned long nr_pages,
				      xen_memmap_hole_fn fn, void *data);

/* A range of pfns [start, end). */
struct xen_memmap_range {
	unsigned long start;
	unsigned long end;
};

unsigned long __init xen_memmap_plan(const struct e820_table *map, unsigned long nr_pages,
				     unsigned long count, unsigned long limit,
				     struct xen_memmap_range *out, unsigned int max_out,
				     unsigned int *nr_out);

#endif /* _ARCH_X86_XEN_PV_MEMMAP_H */
