# shellcheck shell=bash
# features: pv-boot hvc
# timeout: 300
# A 1-vCPU PV guest boots to the rig's /init; the kernel knows it runs on
# Xen, and what the guest reports matches what dom0 configured.

# boot_check VCPUS [EXTRA]: boot a guest with VCPUS vCPUs and check it;
# EXTRA (a function) runs more checks as "EXTRA VCPUS NAME" before the
# guest is destroyed.
boot_check() {
	local vcpus=$1 extra=${2:-} name p cfg info boot_wait=${T_BOOT:-180}
	local -a xcfg=()
	name="$SCEN-${vcpus}vcpu" p="${vcpus}vcpu"
	if ((vcpus > 2)); then
		# More vCPUs than the machine's 2 CPUs: a guest busy on all of
		# them (upstream's kernel burned 230 s of CPU booting with 4)
		# starved dom0, and the other lane's xl create timed out in its
		# hotplug scripts.  A quarter of the default weight keeps dom0
		# and the other guests first; this one may take longer to boot.
		xcfg=("cpu_weight = 64")
		boot_wait=$((boot_wait * 2))
	fi
	cfg=$(guest_cfg "$name" "$vcpus" "$vcpus" 256 256 "${xcfg[@]}")
	T_BOOT=$boot_wait guest_start "$name" "$cfg" || return 0
	pass "$p-boot-to-init"

	# The boot log on the console must show the kernel took the Xen path.
	local xenline
	# (No grep -m1/-q on a pipe: pipefail would count the SIGPIPE.)
	if xenline=$(console_since "$name" "$GUEST_BOOT_OFFSET" |
		grep -E 'Booting (paravirtualized )?kernel on Xen|Xen version'); then
		pass "$p-kernel-log-mentions-xen"
		note "kernel: ${xenline%%$'\n'*}"
	else
		fail "$p-kernel-log-mentions-xen" "no 'Booting kernel on Xen'/'Xen version' on the guest console"
	fi

	info=$(guest_run "$name" "$T_CMD" rig-info) ||
		{ fail "$p-rig-info" "agent command failed: ${RUN_WHY:-rc $?}"; return 0; }
	check_eq "$p-hypervisor-type" xen "$(sed -n 's/^hv_type=//p' <<<"$info")"
	check_eq "$p-nproc" "$vcpus" "$(sed -n 's/^nproc=//p' <<<"$info")"
	local want
	want="$(xl info | awk '$1 == "xen_major" {print $3}')"
	check_eq "$p-hypervisor-version" "$want" "$(sed -n 's/^hv_version=//p' <<<"$info")"
	[[ -n "$extra" ]] && "$extra" "$vcpus" "$name"
	note "checks done"
	guest_destroy "$name"
	note "destroyed"
}

scenario_main() { boot_check 1; }
