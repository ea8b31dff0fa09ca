# shellcheck shell=bash
# features: pv-boot hvc smp
# timeout: 600
# The boot scenario again with 2 and with 4 vCPUs (more vCPUs than the
# rig's 2 physical CPUs: vCPUs are preempted, which PV spinlocks and the
# TLB shootdown hypercalls must live with): every vCPU comes online, is
# in /proc/cpuinfo and runs work, all of them at once.
# shellcheck source=scripts/rig/scenarios/boot.sh
source /rig/scenarios/boot.sh

# smp_check VCPUS: on the running guest of boot_check, each CPU listed
# in /proc/cpuinfo, and one busy job pinned to each, run in parallel,
# reporting the CPU it ran on (field 39 of /proc/self/stat).
smp_check() {
	local vcpus=$1 name=$2 p="${1}vcpu" cpus want got out
	cpus=$(seq -s ' ' 0 $((vcpus - 1)))
	out=$(guest_run "$name" "$T_CMD" "echo cpuinfo: \$(grep -c ^processor /proc/cpuinfo)")
	check_eq "$p-cpuinfo" "$vcpus" "$(sed -n 's/^cpuinfo: //p' <<<"$out")"
	want="ran-on: $cpus"
	out=$(guest_run "$name" "$T_CMD" "rm -f /tmp/par.*; for c in $cpus; do taskset -c \$c sh -c 'i=0; while [ \$i -lt 20000 ]; do i=\$((i+1)); done; cut -d\" \" -f39 /proc/self/stat' >/tmp/par.\$c & done; wait; echo ran-on: \$(cat /tmp/par.* | sort -n)")
	got=$(grep '^ran-on:' <<<"$out")
	check_eq "$p-parallel-work-on-each-cpu" "$want" "$got"
}

scenario_main() {
	boot_check 2 smp_check
	boot_check 4 smp_check
}
