// SPDX-License-Identifier: GPL-2.0
/*
 * Secondary vCPUs of a PV guest: discovery, bring-up, offline and stop
 * (Documentation/xen/smp.rst).
 *
 * There are no APICs, MP tables or INIT/SIPI: Xen tells how many vCPUs
 * the domain has (VCPUOP_is_up answers for each that exists), and a
 * vCPU that has never run is given its whole initial state in one
 * VCPUOP_initialise -- GDT frames (read-only, as Xen requires), the
 * kernel's page tables, stacks, trap table, callbacks and %gs base --
 * then started with VCPUOP_up.  It runs xen_pv_secondary_start(), the
 * PV counterpart of start_secondary().
 *
 * Offline: the vCPU leaves its idle loop with VCPUOP_down.  Xen keeps
 * its state, and VCPUOP_up later resumes it right after that hypercall,
 * from where it starts over on a fresh stack.  VCPUOP_initialise is
 * thus done once per vCPU for the life of the domain.
 *
 * Per-vCPU event channels (timer, IPIs, spinlock kick) are bound before
 * the vCPU runs and closed after it is down, by the CPU hotplug state
 * "x86/xen/pv-smp:prepare" on the CPU driving the change.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/irq.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/hotplug.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/hw_irq.h>
#include <asm/mce.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/spec-ctrl.h>
#include <asm/x86_init.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>
#include <xen/interface/vcpu.h>

#include "pv.h"

/* How long a started vCPU may take to call in before we give up on it. */
#define XEN_CPU_CALLIN_TIMEOUT		(10 * HZ)
/* How long an offlined vCPU may take to be down in Xen. */
#define XEN_CPU_DOWN_TIMEOUT		(5 * HZ)

/*
 * VCPUOP_initialise done for this vCPU (Xen refuses a second one: the
 * state stays until the domain dies).  Written by the CPU bringing it up,
 * under the CPU hotplug lock.
 */
static DEFINE_PER_CPU(bool, xen_vcpu_initialised);

/*
 * x86_init.mpparse.get_smp_config: count the vCPUs Xen gave the domain.
 * They are numbered from 0 without gaps; VCPUOP_is_up fails (-ENOENT)
 * for the first number past the last.  Up or down does not matter here:
 * every one is possible and present, and xenstore says later which
 * the toolstack wants online (drivers/xen/vcpu-hotplug.c).
 */
static void __init xen_pv_get_smp_config(unsigned int early)
{
	/* What every vCPU's cpuid says: the same on all of them. */
	u16 apicid = (cpuid_ebx(1) >> 24) & 0xff;
	unsigned int cpu, n = 0;

	if (early)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (HYPERVISOR_vcpu_op(VCPUOP_is_up, cpu, NULL) < 0)
			break;
		/*
		 * Xen's cpuid gives every PV vCPU the same initial APIC id
		 * (there is no APIC); record it as the firmware's, or the
		 * kernel's consistency check calls each one a firmware bug.
		 */
		early_per_cpu(x86_cpu_to_apicid, cpu) = apicid;
		early_per_cpu(x86_bios_cpu_apicid, cpu) = apicid;
		n++;
	}
	/* The caller fills the possible map from num_processors. */
	num_processors = max(n, 1U);
	pr_info("xenpv: %u vCPU%s\n", num_processors, num_processors == 1 ? "" : "s");
}

static void __init xen_pv_smp_prepare_boot_cpu(void)
{
	native_smp_prepare_boot_cpu();
	xen_pv_spinlock_init();
}

/* Per-vCPU event channels, before the vCPU runs (CPU 0: at registration). */
static int xen_pv_cpu_prepare(unsigned int cpu)
{
	int rc;

	rc = xen_timer_bind(cpu);
	if (rc)
		return rc;
	rc = xen_pv_ipi_bind(cpu);
	if (rc)
		goto err_timer;
	rc = xen_pv_spinlock_cpu_prepare(cpu);
	if (rc)
		goto err_ipi;
	return 0;

err_ipi:
	xen_pv_ipi_unbind(cpu);
err_timer:
	if (cpu)
		xen_timer_teardown(cpu);
	return rc;
}

/* After the vCPU is down in Xen (or its bring-up failed); idempotent. */
static int xen_pv_cpu_dead(unsigned int cpu)
{
	xen_pv_spinlock_cpu_dead(cpu);
	xen_pv_ipi_unbind(cpu);
	xen_timer_teardown(cpu);
	return 0;
}

static void __init xen_pv_smp_prepare_cpus(unsigned int max_cpus)
{
	unsigned int cpu;
	int rc;

	smp_prepare_cpus_common();
	/* Binds CPU 0's IPIs (its timer is bound already), then every new CPU's. */
	rc = cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "x86/xen/pv-smp:prepare",
			       xen_pv_cpu_prepare, xen_pv_cpu_dead);
	if (rc < 0) {
		pr_err("xenpv: no event channels for IPIs (%d): running on vCPU 0 only\n", rc);
		return;
	}
	for_each_possible_cpu(cpu)
		set_cpu_present(cpu, true);
}

/* The initial state of vCPU @cpu, which has never run. */
static int xen_pv_vcpu_initialise(unsigned int cpu, struct task_struct *idle)
{
	struct vcpu_guest_context *ctxt;
	unsigned long gdt_mfn;
	int rc;

	gdt_mfn = xen_pv_gdt_frame(cpu);
	if (!gdt_mfn)
		return -EFAULT;
	/* Too big for the stack (5 KiB): mostly the 256-entry trap table. */
	ctxt = kzalloc(sizeof(*ctxt), GFP_KERNEL);
	if (!ctxt)
		return -ENOMEM;

	/* In kernel mode, events masked (its vcpu_info says so). */
	ctxt->flags = VGCF_in_kernel;
	ctxt->user_regs.rip = (unsigned long)xen_pv_secondary_startup;
	ctxt->user_regs.rsp = (unsigned long)task_pt_regs(idle);
	ctxt->user_regs.cs = __KERNEL_CS;
	ctxt->user_regs.ss = __KERNEL_DS;
	ctxt->user_regs.rflags = X86_EFLAGS_FIXED;
	/* Trap table and callbacks (sets more flags). */
	xen_pv_fill_entry_context(ctxt);

	ctxt->gdt_frames[0] = gdt_mfn;
	ctxt->gdt_ents = GDT_ENTRIES;
	/* Until cpu_init() points it at the entry stack. */
	ctxt->kernel_ss = __KERNEL_DS;
	ctxt->kernel_sp = task_top_of_stack(idle);
	/* init_mm's tables, pinned since boot; no user page table. */
	ctxt->ctrlreg[3] = xen_pfn_to_cr3(pfn_to_mfn(PFN_DOWN(__pa_symbol(swapper_pg_dir))));
	/* Xen may take the domain's assists from here: the ones in force. */
	ctxt->vm_assist = xen_vm_assists;
	/* Per-CPU data, and the stack protector's canary, from the first line. */
	ctxt->gs_base_kernel = per_cpu_offset(cpu);

	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, cpu, ctxt);
	kfree(ctxt);
	if (rc)
		pr_err("xenpv: Xen refused the initial state of vCPU %u: %d\n", cpu, rc);
	return rc;
}

/* smp_ops.cpu_up: called with the CPU hotplug lock and sparse IRQ lock held. */
static int xen_pv_cpu_up(unsigned int cpu, struct task_struct *idle)
{
	unsigned long deadline;
	int rc;

	rc = common_cpu_up(cpu, idle);
	if (rc)
		return rc;
	rc = xen_pv_vcpu_info_setup(cpu);
	if (rc)
		return rc;
	/* What initialize_tlbstate_and_flush() expects to find loaded. */
	per_cpu(xen_cr3, cpu) = __pa_symbol(swapper_pg_dir);
	/* cpu_init() on the new CPU waits for this. */
	cpumask_set_cpu(cpu, cpu_callout_mask);

	if (!per_cpu(xen_vcpu_initialised, cpu)) {
		rc = xen_pv_vcpu_initialise(cpu, idle);
		if (rc)
			goto err_callout;
		per_cpu(xen_vcpu_initialised, cpu) = true;
	}
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
	if (rc) {
		pr_err("xenpv: Xen refused to start vCPU %u: %d\n", cpu, rc);
		goto err_callout;
	}

	deadline = jiffies + XEN_CPU_CALLIN_TIMEOUT;
	while (!cpumask_test_cpu(cpu, cpu_callin_mask)) {
		if (time_after(jiffies, deadline)) {
			pr_err("xenpv: vCPU %u was started but never called in; stopping it\n",
			       cpu);
			HYPERVISOR_vcpu_op(VCPUOP_down, cpu, NULL);
			rc = -EIO;
			goto err_callout;
		}
		schedule_timeout_uninterruptible(1);
	}
	/* It sets itself online right after calling in, with nothing to wait for. */
	while (!cpu_online(cpu))
		cpu_relax();
	return 0;

err_callout:
	cpumask_clear_cpu(cpu, cpu_callout_mask);
	return rc;
}

/*
 * The PV start_secondary(): on the new vCPU, events masked, on the idle
 * task's stack (pv-entry.S), with per-CPU data reachable.
 */
asmlinkage __visible void notrace xen_pv_secondary_start(void)
{
	unsigned int cpu = smp_processor_id();

	cr4_init();
	xen_pv_cpu_iopl();
	/* IDT (as trap table), GDT, TSS stack, TLB state, FPU. */
	cpu_init_secondary();
	/* After the trap table: loading one forgets the NMI callback. */
	xen_pv_traps_cpu_init();
	rcu_cpu_starting(cpu);
	x86_cpuinit.early_percpu_clock_init();

	smp_store_cpu_info(cpu);
	set_cpu_sibling_map(cpu);
	/*
	 * The same physical CPUs and TSC rate as the boot vCPU: its delay
	 * loop calibration holds.  Measuring again on a vCPU that Xen may
	 * preempt at any time only gives a worse one, slowly.
	 */
	cpu_data(cpu).loops_per_jiffy = loops_per_jiffy;

	xen_runstate_register(cpu);
	xen_timer_register();
	notify_cpu_starting(cpu);
	/* Lets xen_pv_cpu_up() go on. */
	cpumask_set_cpu(cpu, cpu_callin_mask);
	speculative_store_bypass_ht_init();

	/* Online with the vector lock held, like native (cpu_disable_common()). */
	lock_vector_lock();
	set_cpu_online(cpu, true);
	lapic_online();
	unlock_vector_lock();
	cpu_set_state_online(cpu);

	local_irq_enable();
	cpu_startup_entry(CPUHP_AP_ONLINE_IDLE);
}

/* smp_ops.cpu_disable: on the CPU going offline, from stop_machine. */
static int xen_pv_cpu_disable(void)
{
	/* CPU 0 has the boot-time services (and is never hotpluggable here). */
	if (smp_processor_id() == 0)
		return -EBUSY;
	/* Out of the maps; IRQs that followed it move elsewhere (our irq_chip). */
	cpu_disable_common();
	return 0;
}

/* smp_ops.cpu_die: on the CPU that takes @cpu down, after it stopped. */
static void xen_pv_cpu_die(unsigned int cpu)
{
	unsigned long deadline = jiffies + XEN_CPU_DOWN_TIMEOUT;

	if (common_cpu_die(cpu))
		return;
	/*
	 * It reports its death just before VCPUOP_down.  Wait for Xen to
	 * have it down: a VCPUOP_up before that would be lost, and its
	 * event channels are closed after this returns.
	 */
	while (HYPERVISOR_vcpu_op(VCPUOP_is_up, cpu, NULL) > 0) {
		if (time_after(jiffies, deadline)) {
			pr_err("xenpv: vCPU %u went offline but Xen still has it up\n", cpu);
			return;
		}
		schedule_timeout_uninterruptible(1);
	}
}

/* smp_ops.play_dead: the idle loop of an offline CPU ends here. */
static void xen_pv_play_dead(void)
{
	unsigned int cpu = smp_processor_id();

	/* Off the last mm, death reported, events masked. */
	play_dead_common();
	HYPERVISOR_vcpu_op(VCPUOP_down, cpu, NULL);
	/* Xen brought it up again (xen_pv_cpu_up()): start over. */
	xen_pv_secondary_restart((unsigned long)task_pt_regs(current));
}

/* The stop IPI: this CPU is done for (panic, reboot, poweroff). */
void xen_pv_stop_this_cpu(void)
{
	unsigned int cpu = smp_processor_id();

	local_irq_disable();
	set_cpu_online(cpu, false);
	for (;;)
		HYPERVISOR_vcpu_op(VCPUOP_down, cpu, NULL);
}

/*
 * smp_ops.stop_other_cpus (smp_send_stop()): ask every other online
 * CPU to stop and give them a second, or as long as it takes if
 * @wait.  Safe in panic: only hypercalls, no locks.
 */
static void xen_pv_stop_other_cpus(int wait)
{
	unsigned int self = raw_smp_processor_id();
	unsigned long timeout = USEC_PER_SEC;
	unsigned int cpu;

	if (num_online_cpus() == 1)
		return;
	for_each_online_cpu(cpu)
		if (cpu != self)
			xen_pv_send_stop(cpu);
	while (num_online_cpus() > 1 && (wait || timeout--))
		udelay(1);
	if (num_online_cpus() > 1)
		pr_emerg("xenpv: %u CPUs did not stop\n", num_online_cpus() - 1);
}

void __init xen_pv_smp_init(void)
{
	x86_init.mpparse.get_smp_config = xen_pv_get_smp_config;

	smp_ops.smp_prepare_boot_cpu = xen_pv_smp_prepare_boot_cpu;
	smp_ops.smp_prepare_cpus = xen_pv_smp_prepare_cpus;
	smp_ops.smp_cpus_done = native_smp_cpus_done;
	smp_ops.cpu_up = xen_pv_cpu_up;
	smp_ops.cpu_disable = xen_pv_cpu_disable;
	smp_ops.cpu_die = xen_pv_cpu_die;
	smp_ops.play_dead = xen_pv_play_dead;
	smp_ops.stop_other_cpus = xen_pv_stop_other_cpus;
	/* No NMI shootdown: panic's smp_send_stop() is ours. */
	smp_ops.crash_stop_other_cpus = NULL;
	smp_ops.smp_send_reschedule = xen_pv_send_reschedule;
	smp_ops.send_call_func_ipi = xen_pv_send_call_func_ipi;
	smp_ops.send_call_func_single_ipi = xen_pv_send_call_func_single_ipi;
}
