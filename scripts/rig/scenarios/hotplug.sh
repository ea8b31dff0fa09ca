# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront netfront
# timeout: 360
# Runtime device hotplug: block-attach/-detach and network-attach/-detach;
# the guest sees each device appear and disappear.

scenario_main() {
	local name=hotplug img="$IMG_DIR/hotplug.img" devid
	rm -f "$img"
	truncate -s 16M "$img"
	guest_up "$name" 1 1 256 256 || return 0
	check_eq initial-no-xvdc - "$(guest_info "$name" blockdevs)"

	if xl_step block-attach 90 block-attach "$name" "format=raw, vdev=xvdc, access=rw, target=$img"; then
		check_poll block-appears "$name" 60 'test -b /dev/xvdc' "no /dev/xvdc after block-attach"
		# shellcheck disable=SC2016 # expanded by the guest's shell
		check_eq block-size $((16 << 20)) \
			"$(guest_run "$name" "$T_CMD" 'echo $(($(cat /sys/block/xvdc/size) * 512))')"
		if xl_step block-detach 90 block-detach "$name" xvdc; then
			check_poll block-disappears "$name" 60 '! test -e /sys/block/xvdc' "xvdc still present after block-detach"
			if xl block-list "$name" | grep '^51744 ' >/dev/null; then
				fail block-detach-backend "xl block-list still lists xvdc"
			else
				pass block-detach-backend
			fi
		fi
	fi

	if xl_step network-attach 90 network-attach "$name" bridge=xenbr0 mac=00:16:3e:99:00:03; then
		check_poll net-appears "$name" 60 'test -e /sys/class/net/eth0' "no eth0 after network-attach"
		check_eq net-mac 00:16:3e:99:00:03 \
			"$(guest_run "$name" "$T_CMD" 'cat /sys/class/net/eth0/address')"
		devid=$(xl network-list "$name" | awk 'NR == 2 {print $1}')
		if xl_step network-detach 90 network-detach "$name" "${devid:-0}"; then
			check_poll net-disappears "$name" 60 '! test -e /sys/class/net/eth0' "eth0 still present after network-detach"
		fi
	fi
	rm -f "$img"
}
