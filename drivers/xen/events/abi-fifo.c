// SPDX-License-Identifier: GPL-2.0
/*
 * The FIFO event channel ABI (Documentation/xen/events.rst, "The FIFO
 * ABI"): one 32-bit event word per port in pages the guest gives Xen
 * (EVTCHNOP_expand_array), and per vCPU a control block
 * (EVTCHNOP_init_control) with 16 priority queues that Xen links
 * pending events into.  The word and queue logic is fifo-word.h.
 *
 * Switching to FIFO cannot be undone without closing every port of the
 * domain (EVTCHNOP_reset), so everything the switch needs is allocated
 * before it, and a failure before the switch leaves the 2-level ABI.
 */
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <asm/xen/page.h>
#include <xen/events.h>
#include <xen/interface/xen.h>

#include "fifo-word.h"
#include "internal.h"

#define EVTCHN_FIFO_WORDS_PER_PAGE	(PAGE_SIZE / sizeof(event_word_t))
#define EVTCHN_FIFO_MAX_PAGES		(EVTCHN_FIFO_NR_CHANNELS / EVTCHN_FIFO_WORDS_PER_PAGE)
/* Attempts at clearing MASKED while Xen holds a word BUSY (fifo-word.h). */
#define EVTCHN_FIFO_BUSY_TRIES		100

/*
 * The event array: pages of event words, registered with Xen in order
 * and never given back (Xen keeps them mapped).  A page pointer is
 * published with a release store after Xen accepted the page; readers
 * (any context) load it with acquire.  Growing is serialised by
 * xen_evtchn_mutex (and happens before any port is bound at init).
 */
static event_word_t *evtchn_fifo_pages[EVTCHN_FIFO_MAX_PAGES];
static unsigned int evtchn_fifo_nr_pages;
static unsigned int evtchn_fifo_max_ports __read_mostly;

/* Per vCPU: the control block shared with Xen and our queue heads. */
struct evtchn_fifo_cpu {
	struct evtchn_fifo_control_block *cb;	/* Xen maps it for good */
	evtchn_port_t head[EVTCHN_FIFO_MAX_QUEUES];	/* upcall only */
};

static DEFINE_PER_CPU(struct evtchn_fifo_cpu, evtchn_fifo_cpu);

static event_word_t *evtchn_fifo_word(evtchn_port_t port, void *ctx)
{
	unsigned int page = port / EVTCHN_FIFO_WORDS_PER_PAGE;
	event_word_t *words;

	if (page >= EVTCHN_FIFO_MAX_PAGES)
		return NULL;
	/* Pairs with the release in evtchn_fifo_add_words(). */
	words = smp_load_acquire(&evtchn_fifo_pages[page]);
	return words ? words + port % EVTCHN_FIFO_WORDS_PER_PAGE : NULL;
}

/* The machine frame of a page of ours, for Xen; 0 if it has none. */
static u64 evtchn_fifo_frame(void *page)
{
	unsigned long mfn = pfn_to_mfn(PFN_DOWN(__pa(page)));

	return mfn == INVALID_P2M_ENTRY ? 0 : mfn;
}

/* A page of event words, every port in it masked. */
static event_word_t *evtchn_fifo_alloc_words(void)
{
	event_word_t *words = (event_word_t *)get_zeroed_page(GFP_KERNEL);
	unsigned int i;

	if (words)
		for (i = 0; i < EVTCHN_FIFO_WORDS_PER_PAGE; i++)
			words[i] = EVTCHN_FIFO_M;
	return words;
}

/* Hand @words to Xen as the next page of the event array, or free it. */
static int evtchn_fifo_add_words(event_word_t *words)
{
	unsigned int n = evtchn_fifo_nr_pages;
	struct evtchn_expand_array op;
	int rc = -ENOSPC;

	if (n < DIV_ROUND_UP(evtchn_fifo_max_ports, EVTCHN_FIFO_WORDS_PER_PAGE)) {
		op.array_gfn = evtchn_fifo_frame(words);
		rc = op.array_gfn ?
		     HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &op) : -EFAULT;
	}
	if (rc) {
		pr_warn("xen-evtchn: adding event array page %u failed: %d\n", n, rc);
		free_page((unsigned long)words);
		return rc;
	}
	/* Readers that find the page also see its words initialised. */
	smp_store_release(&evtchn_fifo_pages[n], words);
	evtchn_fifo_nr_pages = n + 1;
	return 0;
}

int xen_evtchn_fifo_setup_port(evtchn_port_t port)
{
	int rc;

	while (port / EVTCHN_FIFO_WORDS_PER_PAGE >= evtchn_fifo_nr_pages) {
		event_word_t *words = evtchn_fifo_alloc_words();

		if (!words)
			return -ENOMEM;
		rc = evtchn_fifo_add_words(words);
		if (rc)
			return rc;
	}
	return 0;
}

bool xen_evtchn_fifo_mask(evtchn_port_t port)
{
	event_word_t *w = evtchn_fifo_word(port, NULL);

	return !w || (evtchn_fifo_set(w, EVTCHN_FIFO_M) & EVTCHN_FIFO_M);
}

/*
 * Clear MASKED; a port that was pending meanwhile is not on any queue,
 * and EVTCHNOP_unmask makes Xen link it.  If Xen keeps the word BUSY,
 * the hypercall does the whole unmask instead.
 */
void xen_evtchn_fifo_unmask(evtchn_port_t port)
{
	event_word_t *w = evtchn_fifo_word(port, NULL);
	struct evtchn_unmask op = { .port = port };
	event_word_t was;
	int rc;

	if (!w)
		return;
	if (evtchn_fifo_clear_masked(w, EVTCHN_FIFO_BUSY_TRIES, &was) &&
	    !(was & EVTCHN_FIFO_P))
		return;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
	if (unlikely(rc))
		pr_warn_ratelimited("xen-evtchn: EVTCHNOP_unmask of port %u failed: %d\n",
				    port, rc);
}

void xen_evtchn_fifo_set_pending(evtchn_port_t port, bool pending)
{
	event_word_t *w = evtchn_fifo_word(port, NULL);

	if (!w)
		return;
	if (pending)
		evtchn_fifo_set(w, EVTCHN_FIFO_P);
	else
		evtchn_fifo_clear(w, EVTCHN_FIFO_P);
}

static void evtchn_fifo_report(const struct evtchn_fifo_step *st, unsigned int q)
{
	pr_warn_ratelimited("xen-evtchn: FIFO queue %u of vCPU %u: %s %u names no event word; rest of queue dropped\n",
			    q, smp_processor_id(),
			    st->fault == EVTCHN_FIFO_BAD_HEAD ? "HEAD" : "LINK", st->value);
}

/*
 * Take events off this vCPU's queues, highest priority (lowest number)
 * first, one at a time, so that a newly ready higher-priority queue is
 * served next.
 */
void xen_evtchn_fifo_handle_events(unsigned int *budget)
{
	struct evtchn_fifo_cpu *fc = this_cpu_ptr(&evtchn_fifo_cpu);
	struct evtchn_fifo_control_block *cb = fc->cb;
	struct vcpu_info *v = this_cpu_read(xen_vcpu);
	struct evtchn_fifo_step st;
	event_word_t *w;
	unsigned int q;
	u32 ready;

	do {
		/* As for 2-level: clear the flag, then take READY (a full barrier). */
		WRITE_ONCE(v->evtchn_upcall_pending, 0);
		if (unlikely(!cb))
			return;		/* no queues: Xen cannot link events here */
		ready = xchg(&cb->ready, 0) & EVTCHN_FIFO_READY_MASK;
		while (ready) {
			if (!*budget) {
				/* Hand the queues left to the next upcall. */
				u32 old = READ_ONCE(cb->ready);

				while (!try_cmpxchg(&cb->ready, &old, old | ready))
					;
				WRITE_ONCE(v->evtchn_upcall_pending, 1);
				return;
			}
			(*budget)--;
			q = __ffs(ready);
			st = evtchn_fifo_take(cb, q, &fc->head[q], &ready,
					      evtchn_fifo_max_ports, evtchn_fifo_word, NULL);
			if (unlikely(st.fault != EVTCHN_FIFO_OK))
				evtchn_fifo_report(&st, q);
			if (!st.port)
				continue;
			w = evtchn_fifo_word(st.port, NULL);
			if (evtchn_fifo_deliverable(READ_ONCE(*w)))
				xen_evtchn_handle_port(st.port);
		}
	} while (*budget && READ_ONCE(v->evtchn_upcall_pending));
}

/* Give vCPU @cpu its control block; returns Xen's link_bits in *@bits. */
static int evtchn_fifo_init_cpu(unsigned int cpu, u8 *bits)
{
	struct evtchn_fifo_cpu *fc = per_cpu_ptr(&evtchn_fifo_cpu, cpu);
	struct evtchn_init_control op = { .offset = 0, .vcpu = cpu };
	void *page;
	int rc;

	page = (void *)get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	op.control_gfn = evtchn_fifo_frame(page);
	rc = op.control_gfn ? HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &op) : -EFAULT;
	if (rc) {
		free_page((unsigned long)page);
		return rc;
	}
	memset(fc->head, 0, sizeof(fc->head));
	WRITE_ONCE(fc->cb, page);
	if (bits)
		*bits = op.link_bits;
	return 0;
}

/* CPU hotplug, before a vCPU first runs: its queues. */
static int evtchn_fifo_cpu_prepare(unsigned int cpu)
{
	int rc;

	if (per_cpu(evtchn_fifo_cpu, cpu).cb)
		return 0;	/* Xen keeps a control block for the domain's life */
	rc = evtchn_fifo_init_cpu(cpu, NULL);
	if (rc)
		pr_err("xen-evtchn: FIFO control block for vCPU %u: %d\n", cpu, rc);
	return rc;
}

unsigned int __init xen_evtchn_fifo_init(void)
{
	unsigned int cpu = smp_processor_id();
	event_word_t *words;
	u8 link_bits = 0;
	int rc;

	/* The first page of words holds the ports the domain builder made. */
	words = evtchn_fifo_alloc_words();
	if (!words)
		return 0;
	rc = evtchn_fifo_init_cpu(cpu, &link_bits);
	if (rc) {
		/* -ENOSYS: Xen without FIFO.  Still on 2-level either way. */
		pr_info("xen-evtchn: FIFO ABI not available (%d)\n", rc);
		free_page((unsigned long)words);
		return 0;
	}
	/* Switched: from here on there is no way back. */
	if (!link_bits || link_bits > EVTCHN_FIFO_LINK_BITS) {
		pr_warn("xen-evtchn: Xen reports %u link bits; using %u\n",
			link_bits, EVTCHN_FIFO_LINK_BITS);
		link_bits = EVTCHN_FIFO_LINK_BITS;
	}
	evtchn_fifo_max_ports = 1U << link_bits;

	if (evtchn_fifo_add_words(words))
		pr_err("xen-evtchn: no event array: events cannot be delivered\n");

	rc = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "xen/evtchn-fifo:prepare",
				       evtchn_fifo_cpu_prepare, NULL);
	if (rc < 0)
		pr_err("xen-evtchn: no FIFO queues for further vCPUs: %d\n", rc);
	return evtchn_fifo_max_ports;
}
