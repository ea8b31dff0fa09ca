# shellcheck shell=bash
# features: pv-boot hvc xenstore smp vcpu-hotplug
# timeout: 300
# xl vcpu-set 1 takes vCPU 1 away (the guest offlines it); xl vcpu-set 2
# gives it back (present again; the guest onlines it, as udev would).

scenario_main() {
	local name=vcpu-hotplug v
	guest_up "$name" 2 2 256 256 || return 0
	check_eq initial-online 0-1 "$(guest_info "$name" cpus_online)"

	xl_step vcpu-set-1 60 vcpu-set "$name" 1 || return 0
	v=$(wait_info "$name" cpus_online 0 60)
	check_eq unplug-online 0 "$v"
	check_eq unplug-nproc 1 "$(guest_info "$name" nproc)"
	v=$(xl vcpu-list "$name" | awk '$3 == 1 {print $5}')
	if [[ "$v" != *r* && "$v" != *b* ]]; then
		pass unplug-xen-vcpu-down
	else
		fail unplug-xen-vcpu-down "xl vcpu-list shows vCPU 1 state '$v'"
	fi

	xl_step vcpu-set-2 60 vcpu-set "$name" 2 || return 0
	v=$(wait_info "$name" cpus_present 0-1 60)
	check_eq replug-present 0-1 "$v"
	guest_run "$name" "$T_CMD" 'echo 1 >/sys/devices/system/cpu/cpu1/online' >/dev/null ||
		fail replug-online-write "onlining cpu1 failed in the guest"
	v=$(wait_info "$name" cpus_online 0-1 60)
	check_eq replug-online 0-1 "$v"
	check_eq replug-nproc 2 "$(guest_info "$name" nproc)"
	check_eq replug-work-on-cpu1 ok "$(guest_run "$name" "$T_CMD" 'taskset -c 1 echo ok')"
}
