// SPDX-License-Identifier: GPL-2.0
/*
 * The C half of the PV entry: from Xen's start of day to start_kernel.
 *
 * startup_xen (xen-head.S) arrives here on the init stack with the
 * kernel %gs base set and everything else as Xen left it: Xen's page
 * tables, events masked, no IDT, no GDT of ours.  The order below is
 * forced by what each step needs (Documentation/xen/pv-boot.rst):
 *
 *   1. the virtual interrupt flag, because any C code may save/restore it;
 *   2. the p2m pointer and the console ring (found through the m2p), so
 *      every later failure can be reported;
 *   3. checks of start_info, which Xen's domain builder wrote;
 *   4. CPU and MMU operations, then the switch to the kernel's own page
 *      tables (making pages read-only walks them);
 *   5. GDT and trap table, so exceptions land in the kernel's handlers;
 *   6. shared info, memory map, platform hooks and boot parameters.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <xen/xen.h>
#include <asm/acpi.h>
#include <asm/bootparam.h>
#include <asm/cpufeature.h>
#include <asm/pci_x86.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/tlbflush.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "pv.h"

struct start_info *xen_start_info __read_mostly;

/* Magic prefix and platform Xen writes for a 64-bit PV guest. */
#define XEN_START_MAGIC		"xen-"
#define XEN_START_PLATFORM	"x86_64"
/* The most the 4-level direct map can hold: 64 TiB. */
#define XEN_MAX_PAGES		(1UL << (46 - PAGE_SHIFT))

void xen_boot_fatal(const char *fmt, ...)
{
	struct sched_shutdown shutdown = { .reason = SHUTDOWN_crash };
	static char msg[256];
	va_list args;
	int len;

	len = scnprintf(msg, sizeof(msg), "xenpv: cannot boot as a Xen PV guest: ");
	va_start(args, fmt);
	len += vscnprintf(msg + len, sizeof(msg) - len, fmt, args);
	va_end(args);

	xen_boot_console_write(msg, len);
	/* Also Xen's own console: a debug hypervisor prints it for domUs. */
	HYPERVISOR_console_io(CONSOLEIO_write, len, msg);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &shutdown);
}

/* The bootstrap mapping of pseudo-physical page pfn (Xen's layout rule). */
static void *__init bootstrap_va(unsigned long pfn)
{
	return (void *)(__START_KERNEL_map + PFN_PHYS(pfn));
}

/* Is the range [va, va + len) inside the bootstrap mapping Xen built? */
static bool __init in_bootstrap(unsigned long va, unsigned long len,
				unsigned long nr_pages)
{
	unsigned long end = __START_KERNEL_map + PFN_PHYS(nr_pages);

	return va >= __START_KERNEL_map && va < end && len <= end - va;
}

/* The console ring is named by MFN; find it through the m2p. */
static void __init xen_console_early_init(struct start_info *si)
{
	unsigned long pfn;

	/*
	 * Nothing is validated yet: only follow a p2m Xen could have built,
	 * in the bootstrap region or in its own slot (INIT_P2M).
	 */
	if (!si->nr_pages || si->nr_pages > XEN_MAX_PAGES ||
	    (si->mfn_list != XEN_P2M_VIRT_BASE &&
	     !in_bootstrap(si->mfn_list, si->nr_pages * sizeof(unsigned long), si->nr_pages)))
		return;
	pfn = mfn_to_pfn(si->console.domU.mfn);

	if (pfn == INVALID_P2M_ENTRY)
		return;		/* nothing to say it on: fail silently later */
	xen_boot_console_setup(si, bootstrap_va(pfn));
}

/*
 * The bootstrap alias of the ring goes with the kernel image trim.  Set
 * the console up in full again (ring and port): if the early lookup
 * found nothing, this is where it starts.
 */
static void __init xen_console_relocate(struct start_info *si)
{
	unsigned long pfn = mfn_to_pfn(si->console.domU.mfn);

	if (pfn != INVALID_P2M_ENTRY)
		xen_boot_console_setup(si, __va(PFN_PHYS(pfn)));
}

static void __init xen_check_start_info(struct start_info *si)
{
	size_t mlen = strlen(XEN_START_MAGIC);

	if (strncmp(si->magic, XEN_START_MAGIC, mlen) ||
	    !strnstr(si->magic, XEN_START_PLATFORM, sizeof(si->magic)))
		xen_boot_fatal("start_info magic '%.32s' is not a 64-bit PV start_info\n",
			       si->magic);
	if (!si->nr_pages || si->nr_pages > XEN_MAX_PAGES)
		xen_boot_fatal("start_info gives %lu pages; expected 1..%lu\n",
			       si->nr_pages, XEN_MAX_PAGES);
	/* In its own slot (INIT_P2M) xen_p2m_check() looks at it. */
	if (si->mfn_list != XEN_P2M_VIRT_BASE &&
	    !in_bootstrap(si->mfn_list, si->nr_pages * sizeof(unsigned long), si->nr_pages))
		xen_boot_fatal("p2m list at %#lx: neither at %#lx nor in the bootstrap region\n",
			       si->mfn_list, XEN_P2M_VIRT_BASE);
	if (!si->nr_pt_frames || si->nr_pt_frames > si->nr_pages || !PAGE_ALIGNED(si->pt_base) ||
	    !in_bootstrap(si->pt_base, si->nr_pt_frames * PAGE_SIZE, si->nr_pages))
		xen_boot_fatal("bootstrap page tables at %#lx (%lu frames) are malformed\n",
			       si->pt_base, si->nr_pt_frames);
	if (si->mod_len) {
		bool ok;

		if (si->flags & SIF_MOD_START_PFN)
			ok = si->mod_start < si->nr_pages &&
			     PFN_UP(si->mod_len) <= si->nr_pages - si->mod_start;
		else
			ok = in_bootstrap(si->mod_start, si->mod_len, si->nr_pages);
		if (!ok)
			xen_boot_fatal("the initrd (start %#lx, %lu bytes) is outside the domain\n",
				       si->mod_start, si->mod_len);
	}
}

/* Boot parameters a boot loader would have written for native boot. */
static void __init xen_fill_boot_params(struct start_info *si)
{
	u64 rd_start = 0;

	/* A non-zero version tells x86_64_start_reservations they are filled. */
	boot_params.hdr.version = 0x020f;
	boot_params.hdr.hardware_subarch = X86_SUBARCH_XEN;
	/* Xen's builder loaded us; 0xff marks "undefined boot loader". */
	boot_params.hdr.type_of_loader = 0xff;

	BUILD_BUG_ON(sizeof(si->cmd_line) > COMMAND_LINE_SIZE);
	strscpy(boot_command_line, (const char *)si->cmd_line,
		min_t(size_t, sizeof(si->cmd_line), COMMAND_LINE_SIZE));

	if (si->mod_len) {
		if (si->flags & SIF_MOD_START_PFN)
			rd_start = PFN_PHYS(si->mod_start);
		else
			rd_start = __pa(si->mod_start);
		boot_params.hdr.ramdisk_image = lower_32_bits(rd_start);
		boot_params.ext_ramdisk_image = upper_32_bits(rd_start);
		boot_params.hdr.ramdisk_size = lower_32_bits(si->mod_len);
		boot_params.ext_ramdisk_size = upper_32_bits(si->mod_len);
	}
}

/* Platform hooks for a machine with no firmware, BIOS or legacy devices. */
static void __init xen_pv_platform_init(void)
{
	x86_init.resources.probe_roms = x86_init_noop;
	x86_init.mpparse.find_smp_config = x86_init_noop;
	x86_init.mpparse.get_smp_config = x86_init_uint_noop;
	x86_platform.realmode_reserve = x86_init_noop;
	x86_platform.realmode_init = x86_init_noop;
	x86_platform.legacy.rtc = 0;
#ifdef CONFIG_PCI
	/*
	 * A domU has no PCI configuration ports: port I/O would fault.
	 * Devices come through pcifront, if at all.
	 */
	if (!xen_initial_domain())
		pci_probe = 0;
#endif
	/* No ACPI tables exist for a PV domU; don't scan memory for them. */
	if (!xen_initial_domain())
		disable_acpi();
}

asmlinkage __visible void __init xen_start_kernel(struct start_info *si)
{
	xen_start_info = si;
	xen_domain_type = XEN_PV_DOMAIN;
	xen_start_flags = si->flags;

	xen_pv_irq_init();
	/* Needed by mfn_to_pfn() for the console lookup just below. */
	xen_p2m_init(si);
	xen_console_early_init(si);
	xen_check_start_info(si);
	xen_p2m_check(si);

	xen_pv_cpu_init();
	cr4_init_shadow();
	xen_pv_mmu_init();
	xen_pv_pagetable_setup(si);
	/* The GDT must be read-only, and that walks the kernel's tables. */
	xen_pv_traps_init();
	/* From here on reach bootstrap data through the direct map. */
	si = __va(__pa(si));
	xen_start_info = si;
	xen_p2m_relocate();
	xen_console_relocate(si);
	xen_pv_vcpu_info_init();

	xen_pv_memory_init();
	xen_pv_platform_init();
	xen_pv_smp_init();
	xen_pv_time_init();
	xen_pv_power_init();
	xen_fill_boot_params(si);

	xen_boot_console_register();

	x86_64_start_reservations((char *)__pa_symbol(&boot_params));
}
