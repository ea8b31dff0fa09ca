# shellcheck shell=bash
# features: pv-boot hvc xenstore
# timeout: 420
# xl reboot: the guest runs its shutdown path and comes back as a new boot.
# xl shutdown: the guest powers off gracefully and the domain goes away
# with shutdown reason poweroff.

scenario_main() {
	local name=lifecycle id0 boot0 off line
	guest_up "$name" 1 1 256 256 || return 0
	id0=$(domid_of "$name")
	boot0=$(guest_run "$name" "$T_CMD" 'cat /proc/sys/kernel/random/boot_id')

	off=$(log_size "$name")
	xl_step reboot-request 60 reboot "$name" || return 0
	if wait_console "$name" "$off" '^@@RIG-SHUTDOWN' 120 may-die >/dev/null; then
		pass reboot-graceful
	else
		fail reboot-graceful "guest did not run its shutdown path: $WAIT_WHY"
	fi
	if line=$(wait_console "$name" "$off" '^@@RIG-READY' "$T_BOOT" may-die); then
		pass reboot-comes-back
		if [[ "${line#*boot_id=}" != "$boot0" ]]; then
			pass reboot-new-boot-id
		else
			fail reboot-new-boot-id "boot_id unchanged ($boot0): guest did not really reboot"
		fi
		local id1
		id1=$(domid_of "$name")
		if [[ -n "$id1" && "$id1" != "$id0" ]]; then
			pass reboot-new-domain
		else
			fail reboot-new-domain "domid before $id0, after '${id1:-none}'"
		fi
	else
		fail reboot-comes-back "$WAIT_WHY"
		guest_diag "$name"
		return 0
	fi
	if grep -q 'shut down, reason code 1' "/var/log/xen/xl-$name.log"; then
		pass reboot-reason-logged
	else
		fail reboot-reason-logged "xl log has no 'shut down, reason code 1' (reboot)"
	fi

	off=$(log_size "$name")
	xl_step shutdown-request 150 shutdown -w "$name" || { guest_diag "$name"; return 0; }
	# -w returns once the guest has shut down; destroying it (on_poweroff)
	# is up to the monitoring xl, asynchronously, so give that a moment.
	local t
	for ((t = 0; t < 30; t++)); do
		domain_exists "$name" || break
		sleep 1
	done
	if domain_exists "$name"; then
		fail shutdown-domain-gone "domain still exists 30s after xl shutdown -w (state $(domain_state "$name"))"
	else
		pass shutdown-domain-gone
	fi
	if console_has "$name" "$off" '^@@RIG-SHUTDOWN'; then
		pass shutdown-graceful
	else
		fail shutdown-graceful "no shutdown marker on the console: the guest did not run its poweroff path"
	fi
	# The monitoring xl logs each shutdown; the last one must be poweroff (0).
	line=$(grep 'shut down, reason code' "/var/log/xen/xl-$name.log" | tail -n 1)
	if [[ "$line" == *"reason code 0 "* ]]; then
		pass shutdown-reason-poweroff
	else
		fail shutdown-reason-poweroff "last xl log shutdown line: '${line:-none}'"
	fi
}
