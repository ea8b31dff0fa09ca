// SPDX-License-Identifier: GPL-2.0
/*
 * From Xen's memory map to the kernel's e820 table, as pure functions
 * (Documentation/xen/pv-mmu.rst, "Memory map").  pv-memory.c reads the
 * map and gives the holes back to Xen; the rules live here, where KUnit
 * (pv-memmap_test.c) can check them against odd maps.
 *
 * Xen's map is untrusted input: entries may come in any order, overlap,
 * be empty, wrap around the address space or describe RAM that Xen never
 * populated.  Only pfns 0 .. nr_pages - 1 exist.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/pfn.h>
#include <asm/e820/api.h>
#include <asm/page.h>

#include "pv-memmap.h"

/* Append one entry; the caller keeps room (see xen_memmap_clip()). */
static void __init xen_memmap_add(struct e820_table *t, u64 addr, u64 size,
				  enum e820_type type)
{
	if (WARN_ON_ONCE(t->nr_entries >= ARRAY_SIZE(t->entries)))
		return;
	t->entries[t->nr_entries].addr = addr;
	t->entries[t->nr_entries].size = size;
	t->entries[t->nr_entries].type = type;
	t->nr_entries++;
}

/* Pages of RAM in a sanitised table: whole pages only, as memblock uses them. */
static unsigned long __init xen_memmap_ram_pages(const struct e820_table *t)
{
	unsigned long pages = 0;
	unsigned int i;

	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type == E820_TYPE_RAM && PFN_DOWN(e->addr + e->size) > PFN_UP(e->addr))
			pages += PFN_DOWN(e->addr + e->size) - PFN_UP(e->addr);
	}
	return pages;
}

/* @map clipped to the populated pages, plus the ISA window, sanitised. */
static void __init xen_memmap_build(const struct e820_entry *map, unsigned int n,
				    unsigned long nr_pages, struct e820_table *out)
{
	/* One slot stays free for the ISA window. */
	unsigned int room = ARRAY_SIZE(out->entries) - 1;
	unsigned int i;

	if (n > room) {
		pr_warn("xenpv: memory map has %u entries; using the first %u\n", n, room);
		n = room;
	}
	out->nr_entries = 0;
	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &map[i];
		u64 end = e->addr + e->size;

		if (end < e->addr) {
			pr_warn("xenpv: memory map entry %u (%#llx+%#llx) wraps; ignored\n",
				i, e->addr, e->size);
			continue;
		}
		if (e->type == E820_TYPE_RAM) {
			/* Only populated pages are RAM. */
			end = min_t(u64, end, PFN_PHYS(nr_pages));
			if (end <= e->addr)
				continue;
		}
		xen_memmap_add(out, e->addr, end - e->addr, e->type);
	}
	/* The legacy VGA/BIOS window, as every PC has. */
	xen_memmap_add(out, ISA_START_ADDRESS, ISA_END_ADDRESS - ISA_START_ADDRESS,
		       E820_TYPE_RESERVED);
	/* Sorts, merges and resolves overlaps: a reserved type beats RAM. */
	e820__update_table(out);
}

/**
 * xen_memmap_clip() - the kernel's e820 table from Xen's memory map
 * @map: Xen's entries, untrusted
 * @n: number of entries in @map
 * @nr_pages: pages Xen populated: pfns 0 .. @nr_pages - 1
 * @out: the table to fill; what it held is discarded
 *
 * RAM is clipped to the populated pages, entries that wrap are dropped,
 * the ISA window (640 KiB - 1 MiB) is reserved and the result is sorted
 * without overlaps.  A map that leaves no RAM at all is not believed:
 * every populated page becomes RAM, as when Xen has no map.
 *
 * Return: pages of RAM in @out.
 */
unsigned long __init xen_memmap_clip(const struct e820_entry *map, unsigned int n,
				     unsigned long nr_pages, struct e820_table *out)
{
	struct e820_entry all = {
		.addr = 0,
		.size = PFN_PHYS(nr_pages),
		.type = E820_TYPE_RAM,
	};
	unsigned long pages;

	xen_memmap_build(map, n, nr_pages, out);
	pages = xen_memmap_ram_pages(out);
	if (pages || !nr_pages)
		return pages;
	pr_err("xenpv: the memory map has no RAM in the %lu populated pages; using them all\n",
	       nr_pages);
	xen_memmap_build(&all, 1, nr_pages, out);
	return xen_memmap_ram_pages(out);
}

/**
 * xen_memmap_holes() - populated pages the kernel will not use
 * @map: a table made by xen_memmap_clip(): sorted, without overlaps
 * @nr_pages: pages Xen populated
 * @fn: called for each hole, a range of pfns [start, end)
 * @data: passed to @fn
 *
 * A hole is a run of populated pfns from 1 MiB on that no RAM entry
 * covers, even partly: between RAM entries, in reserved ranges and after
 * the last RAM entry.  Below 1 MiB nothing is a hole (the ISA window and
 * the real-mode area stay as they are).
 *
 * Return: the sum of what @fn returned.
 */
unsigned long __init xen_memmap_holes(const struct e820_table *map, unsigned long nr_pages,
				      xen_memmap_hole_fn fn, void *data)
{
	unsigned long pfn = PFN_DOWN(ISA_END_ADDRESS), done = 0;
	unsigned int i;

	for (i = 0; i < map->nr_entries && pfn < nr_pages; i++) {
		const struct e820_entry *e = &map->entries[i];
		unsigned long first = PFN_DOWN(e->addr);

		if (e->type != E820_TYPE_RAM)
			continue;
		if (first > pfn)
			done += fn(pfn, min(first, nr_pages), data);
		pfn = max_t(unsigned long, pfn, PFN_UP(e->addr + e->size));
	}
	if (pfn < nr_pages)
		done += fn(pfn, nr_pages, data);
	return done;
}

/* Append [start, start + n) to @out unless it is full; returns pages added. */
static unsigned long __init xen_memmap_place(struct xen_memmap_range *out, unsigned int *nr,
					     unsigned int max_out, unsigned long start,
					     unsigned long n)
{
	if (!n || *nr >= max_out)
		return 0;
	out[*nr].start = start;
	out[*nr].end = start + n;
	(*nr)++;
	return n;
}

/**
 * xen_memmap_plan() - where pages given back from holes come back
 * @map: a table made by xen_memmap_clip(): sorted, without overlaps
 * @nr_pages: pages Xen populated: pfns 0 .. @nr_pages - 1
 * @count: pages to place
 * @limit: the first pfn that cannot be used (what the p2m can reach)
 * @out: the ranges, in ascending order
 * @max_out: room in @out
 * @nr_out: set to the number of ranges in @out
 *
 * The pages go above the end of RAM, from pfn @nr_pages up, around every
 * entry of @map that is not RAM (reserved, unusable, ACPI, ...: address
 * space the toolstack keeps for something else), even where such an
 * entry covers only part of a page.  RAM entries of @map there (clipped
 * away by xen_memmap_clip()) are free to use.
 *
 * Return: pages placed, less than @count if @limit or @max_out ran out.
 */
unsigned long __init xen_memmap_plan(const struct e820_table *map, unsigned long nr_pages,
				     unsigned long count, unsigned long limit,
				     struct xen_memmap_range *out, unsigned int max_out,
				     unsigned int *nr_out)
{
	unsigned long pfn = nr_pages, placed = 0;
	unsigned int i;

	*nr_out = 0;
	for (i = 0; i < map->nr_entries && placed < count && pfn < limit; i++) {
		const struct e820_entry *e = &map->entries[i];
		unsigned long first = PFN_DOWN(e->addr);
		unsigned long last = PFN_UP(e->addr + e->size);

		if (e->type == E820_TYPE_RAM || last <= pfn)
			continue;
		if (first > pfn)
			placed += xen_memmap_place(out, nr_out, max_out, pfn,
						   min3(first - pfn, count - placed, limit - pfn));
		pfn = max(pfn, last);
	}
	if (placed < count && pfn < limit)
		placed += xen_memmap_place(out, nr_out, max_out, pfn,
					   min(count - placed, limit - pfn));
	return placed;
}
