/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the x86 PV guest code (arch/x86/xen/).  Nothing
 * outside this directory includes it; the in-kernel contract lives in
 * <xen/xen.h> and <asm/xen/hypervisor.h>.
 *
 * Boot order and what each step may rely on: Documentation/xen/pv-boot.rst.
 */
#ifndef _ARCH_X86_XEN_PV_H
#define _ARCH_X86_XEN_PV_H

#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/percpu-defs.h>
#include <linux/types.h>
#include <asm/pgtable_types.h>
#include <xen/interface/xen.h>

struct cpumask;
struct mm_struct;
struct pt_regs;

/* start_info as Xen handed it over (bootstrap mapping, then direct map). */
extern struct start_info *xen_start_info;

/* Shared info page and this CPU's vcpu_info (early: a masked stand-in). */
extern struct shared_info *HYPERVISOR_shared_info;
DECLARE_PER_CPU(struct vcpu_info *, xen_vcpu);

/* pv-console.c: the domU console ring, usable from the first C line. */
void __init xen_boot_console_setup(const struct start_info *si, void *ring);
void xen_boot_console_write(const char *s, unsigned int len);
void __init xen_boot_console_register(void);

/*
 * pv-start.c: stop with a message on the console; never returns (not
 * marked __noreturn: objtool cannot see that across objects).
 */
void __printf(1, 2) xen_boot_fatal(const char *fmt, ...);

/* pv-irq.c: the virtual interrupt flag (vcpu_info's upcall mask). */
void __init xen_pv_irq_init(void);
void __init xen_pv_vcpu_info_init(void);
/* Per-CPU vcpu_info of @cpu (after setup_per_cpu_areas); 0 or -errno. */
int xen_pv_vcpu_info_register(unsigned int cpu);
/* Secondary @cpu, before it runs: registered copy or shared info slot. */
int xen_pv_vcpu_info_setup(unsigned int cpu);

/* pv-cpu.c: privileged CPU state through Xen. */
void __init xen_pv_cpu_init(void);
void xen_pv_cpu_iopl(void);
void __init xen_pv_desc_init(void);
/* VMASST_TYPE_* assists enabled (bit n: type n), and enabling one. */
extern unsigned long xen_vm_assists;
int __init xen_vm_assist_enable(unsigned int type);

/* pv-time.c: TSC rate and wall clock from shared info, timer hooks. */
unsigned long __init xen_tsc_khz(void);
void __init xen_pv_time_init(void);

/* pv-clock.c: Xen system time as clocksource, sched_clock, steal time. */
u64 xen_clock_ns(void);
void __init xen_pv_clock_early_init(void);
void __init xen_pv_clock_init(void);
void xen_runstate_register(unsigned int cpu);
bool xen_vcpu_runnable(unsigned int cpu);

/* pv-timer.c: the per-vCPU one-shot timer as clock event device. */
int xen_timer_setup(unsigned int cpu);
int xen_timer_bind(unsigned int cpu);
void xen_timer_register(void);
void xen_timer_teardown(unsigned int cpu);

/* pv-traps.c: trap table, callbacks and the return-to-guest patch. */
void __init xen_pv_traps_init(void);

#ifdef CONFIG_XEN_PV_SMP
struct vcpu_guest_context;
/* pv-traps.c, pv-desc.c: what a secondary vCPU starts with. */
void xen_pv_fill_entry_context(struct vcpu_guest_context *ctxt);
void xen_pv_traps_cpu_init(void);
unsigned long xen_pv_gdt_frame(unsigned int cpu);

/* pv-smp.c: secondary vCPUs; pv-ipi.c: IPIs as event channels. */
void __init xen_pv_smp_init(void);
int xen_pv_ipi_bind(unsigned int cpu);
void xen_pv_ipi_unbind(unsigned int cpu);
void xen_pv_send_reschedule(int cpu);
void xen_pv_send_call_func_ipi(const struct cpumask *mask);
void xen_pv_send_call_func_single_ipi(int cpu);
void xen_pv_send_stop(int cpu);
void xen_pv_stop_this_cpu(void);

/* pv-spinlock.c: paravirt qspinlock on SCHEDOP_poll. */
#ifdef CONFIG_PARAVIRT_SPINLOCKS
void __init xen_pv_spinlock_init(void);
int xen_pv_spinlock_cpu_prepare(unsigned int cpu);
void xen_pv_spinlock_cpu_dead(unsigned int cpu);
/* Behind a callee-save thunk (pv_ops.lock.vcpu_is_preempted). */
bool xen_vcpu_is_preempted(long cpu);
#else
static inline void xen_pv_spinlock_init(void) { }
static inline int xen_pv_spinlock_cpu_prepare(unsigned int cpu) { return 0; }
static inline void xen_pv_spinlock_cpu_dead(unsigned int cpu) { }
#endif

/* pv-entry.S: where a secondary vCPU starts, and starts again. */
void xen_pv_secondary_startup(void);
void xen_pv_secondary_restart(unsigned long sp);
asmlinkage void xen_pv_secondary_start(void);
#else
static inline void xen_pv_smp_init(void) { }
#endif

/* pv-mmu.c: page-table operations; pv-pagetable.c: the boot switch. */
void __init xen_pv_mmu_init(void);
void __init xen_pv_pagetable_setup(struct start_info *si);
void xen_set_page_ro(unsigned long pfn, bool ro);
void xen_set_va_ro(unsigned long va, bool ro);
u64 xen_virt_to_maddr(const void *va);

/* pv-pgd.c: the kernel and user L4 of each address space. */
struct pv_mmu_ops;
void __init xen_pv_pgd_init(struct pv_mmu_ops *mmu);
pgd_t *xen_user_l4_mirror(void *entry);
int xen_pgd_pin(pgd_t *pgd);
bool xen_mm_pinned(struct mm_struct *mm);
int xen_load_l4_pair(unsigned long cr3);

/* pv-power.c: poweroff, reboot and crash through SCHEDOP_shutdown. */
void __init xen_pv_power_init(void);

/* pv-memory.c: the memory map and what Xen placed in it. */
void __init xen_pv_memory_init(void);

/* p2m.c */
void __init xen_p2m_init(struct start_info *si);
void __init xen_p2m_check(struct start_info *si);
void __init xen_p2m_adopt_slot(pgd_t *kernel_l4, const pgd_t *xen_l4);
bool xen_p2m_frame_is_private(unsigned long pfn);
void __init xen_p2m_reserve(void);
void __init xen_p2m_relocate(void);

/*
 * Where growing p2m takes machine frames from: take() returns a frame
 * nothing maps writable (or INVALID_P2M_ENTRY when there are no more); it
 * belongs to the p2m from then on.
 */
struct xen_p2m_source {
	unsigned long (*take)(struct xen_p2m_source *src);
	void *data;		/* the source's own state */
};

bool xen_p2m_grow(unsigned long new_size, struct xen_p2m_source *src);
unsigned long xen_p2m_growth_frames(unsigned long size, unsigned long new_size);
unsigned long xen_p2m_limit(void);

/* Called from assembly (xen-head.S, PV callee-save thunks, entry_64.S). */
asmlinkage void __init xen_start_kernel(struct start_info *si);
unsigned long xen_save_fl(void);
void xen_irq_disable(void);
void xen_irq_enable(void);
void xen_pv_evtchn_do_upcall(struct pt_regs *regs);
unsigned long xen_read_cr2(void);
pteval_t xen_pte_val(pte_t pte);
pte_t xen_make_pte(pteval_t val);
pmdval_t xen_pmd_val(pmd_t pmd);
pmd_t xen_make_pmd(pmdval_t val);
pudval_t xen_pud_val(pud_t pud);
pud_t xen_make_pud(pudval_t val);
pgdval_t xen_pgd_val(pgd_t pgd);
pgd_t xen_make_pgd(pgdval_t val);
#if CONFIG_PGTABLE_LEVELS >= 5
p4dval_t xen_p4d_val(p4d_t p4d);
p4d_t xen_make_p4d(p4dval_t val);
#endif

/* pv-mmu.c: the pseudo-physical CR3 each CPU believes it loaded. */
DECLARE_PER_CPU(unsigned long, xen_cr3);

/* Assembly entry points (pv-entry.S). */
void xen_iret(void);
void xen_reload_kernel_cs(void);
void xen_failsafe_callback(void);
void xen_entry_SYSCALL_64(void);
void xen_entry_SYSCALL_compat(void);
void xen_entry_SYSENTER_compat(void);

#endif /* _ARCH_X86_XEN_PV_H */
