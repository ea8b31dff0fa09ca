# shellcheck shell=bash
# features: pv-boot hvc xenstore netfront
# timeout: 300
# Runtime network hotplug: network-attach/-detach; the guest sees the vif
# appear with its MAC and disappear.  (Block hotplug: block-hotplug, a
# scenario of its own so that it runs as soon as blkfront works.)

scenario_main() {
	local name=hotplug devid
	guest_up "$name" 1 1 256 256 || return 0

	if xl_step network-attach 90 network-attach "$name" bridge=xenbr0 mac=00:16:3e:99:00:03; then
		check_poll net-appears "$name" 60 'test -e /sys/class/net/eth0' "no eth0 after network-attach"
		check_eq net-mac 00:16:3e:99:00:03 \
			"$(guest_run "$name" "$T_CMD" 'cat /sys/class/net/eth0/address')"
		devid=$(xl network-list "$name" | awk 'NR == 2 {print $1}')
		if xl_step network-detach 90 network-detach "$name" "${devid:-0}"; then
			check_poll net-disappears "$name" 60 '! test -e /sys/class/net/eth0' "eth0 still present after network-detach"
		fi
	fi
}
