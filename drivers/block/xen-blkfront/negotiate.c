// SPDX-License-Identifier: GPL-2.0
/*
 * What the backend offers, read from its xenstore directory and checked
 * (Documentation/xen/blkif.rst, "Negotiation").  Every value is
 * untrusted: a malformed optional key is logged and replaced by its
 * default, a malformed key we cannot do without fails the connection.
 *
 * The nodes are read through a callback so that the same code runs on
 * xenstore (main.c) and on tables of malformed values (KUnit).
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenstore.h>

#include "blkfront.h"

/* What read_num() found. */
enum { NODE_MISSING, NODE_VALID, NODE_MALFORMED };

/*
 * Read @node as a number in [0, @max], in xenstore's canonical decimal
 * (xenstore_parse_u64(): no sign, blanks or leading zeros).  Missing (or
 * unreadable): @def.  Malformed or out of range: logged, @def.  *@state
 * (if not NULL) says which.
 */
static u64 read_num(blkfront_read_fn read, void *ctx, const char *name,
		    const char *node, u64 max, u64 def, int *state)
{
	char *s = read(ctx, node);
	int st = NODE_MISSING;
	u64 v = def;
	int err;

	if (!IS_ERR_OR_NULL(s)) {
		err = xenstore_parse_u64(s, max, &v);
		if (err) {
			pr_warn("%s: backend's %s \"%.32s\" is %s; using %llu\n",
				name, node, s,
				err == -ERANGE ? "out of range" : "not a number", def);
			v = def;
			st = NODE_MALFORMED;
		} else {
			st = NODE_VALID;
		}
		kfree(s);
	}
	if (state)
		*state = st;
	return v;
}

static bool read_bool(blkfront_read_fn read, void *ctx, const char *name,
		      const char *node)
{
	return read_num(read, ctx, name, node, 1, 0, NULL);
}

int blkfront_read_transport(struct blkfront_transport *t,
			    blkfront_read_fn read, void *ctx, const char *name)
{
	u64 order, pages, queues;
	int have_pages, have_queues;

	order = read_num(read, ctx, name, "max-ring-page-order", U32_MAX, 0, NULL);
	/* The older key counts pages; it must be a power of two. */
	pages = read_num(read, ctx, name, "max-ring-pages", U32_MAX, 1, &have_pages);
	if (have_pages == NODE_VALID) {
		if (pages && is_power_of_2(pages))
			order = max_t(u64, order, ilog2(pages));
		else
			pr_warn("%s: backend's max-ring-pages %llu is not a power of two; ignored\n",
				name, pages);
	}
	t->max_ring_order = order;

	queues = read_num(read, ctx, name, "multi-queue-max-queues", U32_MAX, 1,
			  &have_queues);
	if (have_queues == NODE_VALID && !queues) {
		pr_warn("%s: backend offers 0 queues; using 1\n", name);
		queues = 1;
	}
	t->max_queues = queues;
	return 0;
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_read_transport);

/* "mode": "r" or "w"; anything else is taken as read-only. */
static bool read_mode_ro(blkfront_read_fn read, void *ctx, const char *name)
{
	char *s = read(ctx, "mode");
	bool ro = false;

	if (IS_ERR_OR_NULL(s))
		return false;
	if (!strcmp(s, "r")) {
		ro = true;
	} else if (strcmp(s, "w")) {
		pr_warn("%s: backend's mode \"%.32s\" is neither r nor w; read-only\n",
			name, s);
		ro = true;
	}
	kfree(s);
	return ro;
}

int blkfront_read_params(struct blkfront_params *p,
			 blkfront_read_fn read, void *ctx, const char *name)
{
	int have;
	u64 v;

	memset(p, 0, sizeof(*p));

	/*
	 * "sectors" counts 512-byte units: we do not write
	 * feature-large-sector-size.  The byte size must fit a loff_t.
	 */
	p->sectors = read_num(read, ctx, name, "sectors",
			      (u64)LLONG_MAX >> BLKFRONT_SECTOR_SHIFT, 0, &have);
	if (have != NODE_VALID) {
		pr_err("%s: backend's sectors is missing or invalid\n", name);
		return -EINVAL;
	}

	v = read_num(read, ctx, name, "sector-size", U32_MAX, 512, &have);
	if (have == NODE_MALFORMED || v < 512 || v > PAGE_SIZE || !is_power_of_2(v)) {
		pr_err("%s: backend's sector-size %llu is not a power of two in [512, %lu]\n",
		       name, v, PAGE_SIZE);
		return -EINVAL;
	}
	p->sector_size = v;

	v = read_num(read, ctx, name, "physical-sector-size", U32_MAX,
		     p->sector_size, NULL);
	if (v < p->sector_size || !is_power_of_2(v)) {
		pr_warn("%s: backend's physical-sector-size %llu is not a power-of-two multiple of sector-size %u; using that\n",
			name, v, p->sector_size);
		v = p->sector_size;
	}
	p->physical_sector_size = v;

	/* Whole logical blocks only: a partial last block is unusable. */
	v = p->sectors & ~((u64)(p->sector_size >> BLKFRONT_SECTOR_SHIFT) - 1);
	if (v != p->sectors) {
		pr_warn("%s: %llu sectors is not a whole number of %u-byte blocks; using %llu\n",
			name, p->sectors, p->sector_size, v);
		p->sectors = v;
	}

	p->info = read_num(read, ctx, name, "info", U32_MAX, 0, NULL);
	p->readonly = (p->info & VDISK_READONLY) || read_mode_ro(read, ctx, name);

	p->flush = read_bool(read, ctx, name, "feature-flush-cache");
	p->barrier = read_bool(read, ctx, name, "feature-barrier");
	p->persistent = read_bool(read, ctx, name, "feature-persistent");
	p->max_indirect = read_num(read, ctx, name, "feature-max-indirect-segments",
				   U32_MAX, 0, NULL);

	p->discard = read_bool(read, ctx, name, "feature-discard");
	if (p->discard) {
		p->secure_discard = read_bool(read, ctx, name, "discard-secure");
		v = read_num(read, ctx, name, "discard-granularity", U32_MAX,
			     p->sector_size, NULL);
		if (!v || v % p->sector_size) {
			pr_warn("%s: backend's discard-granularity %llu is not a multiple of %u; using that\n",
				name, v, p->sector_size);
			v = p->sector_size;
		}
		p->discard_granularity = v;
		v = read_num(read, ctx, name, "discard-alignment", U32_MAX, 0, NULL);
		if (v % p->sector_size) {
			pr_warn("%s: backend's discard-alignment %llu is not a multiple of %u; using 0\n",
				name, v, p->sector_size);
			v = 0;
		}
		p->discard_alignment = v % p->discard_granularity;
	}
	return 0;
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_read_params);

unsigned int blkfront_pick_ring_order(unsigned int backend_max,
				      unsigned int our_max)
{
	return min3(backend_max, our_max, (unsigned int)BLKFRONT_MAX_RING_ORDER);
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_pick_ring_order);

unsigned int blkfront_pick_queues(unsigned int backend_max, unsigned int our_max)
{
	return clamp(min(backend_max, our_max), 1U, (unsigned int)BLKFRONT_MAX_QUEUES);
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_pick_queues);

unsigned int blkfront_pick_max_segs(unsigned int backend_indirect,
				    unsigned int our_max)
{
	unsigned int n = min3(backend_indirect, our_max,
			      (unsigned int)BLKFRONT_MAX_INDIRECT_SEGS);

	/* Indirect requests only pay off beyond what a plain one carries. */
	return max_t(unsigned int, n, BLKIF_MAX_SEGMENTS_PER_REQUEST);
}
EXPORT_SYMBOL_IF_BLKFRONT_TEST(blkfront_pick_max_segs);
