# shellcheck shell=bash
# features: pv-boot hvc xenstore netfront
# timeout: 600
# Runtime network hotplug.  The guest boots with eth0 (a vif on xenbr0),
# which answers a ping; then eth0 goes down without an address, so that
# what follows can only use the new interface:
# - xl network-attach of a second vif (its own MAC) on xenbr0: eth1
#   appears with that MAC; with an address on eth1 only, ping both ways
#   and a file each way over TCP (sha256); eth1's rx and tx byte counters
#   grew by at least the file size;
# - xl network-detach of it: eth1 leaves the guest, xl network-list, and
#   xenstore (frontend and backend) and dom0 (vif<id>.1); the guest's
#   interrupt lines and grants held are back where they were before the
#   attach (grants: our kernel only, see check_released); no kernel
#   warning from before the attach to after the detach;
# - eth0, up again with its address, still answers.
# (Block hotplug: block-hotplug, a scenario of its own so that it runs as
# soon as blkfront works.)

ETH0_IP=10.99.0.12
ETH1_IP=10.99.0.13
MAC0=00:16:3e:99:01:02
MAC1=00:16:3e:99:01:03
SIZE=$((2 << 20))

scenario_main() {
	local name=hotplug id tok dev devid b0 b1 rx0 tx0 rx1 tx1
	guest_up "$name" 1 1 256 256 "vif = [ 'bridge=xenbr0, mac=$MAC0' ]" || return 0
	id=$(domid_of "$name")
	if ! check_poll eth0-present "$name" 60 'test -e /sys/class/net/eth0' "no eth0 in the guest" netdevs; then
		guest_diag "$name"
		return 0
	fi
	check_eq eth0-mac "$MAC0" "$(guest_run "$name" "$T_CMD" 'cat /sys/class/net/eth0/address')"
	guest_run "$name" "$T_CMD" "ip addr add $ETH0_IP/24 dev eth0 && ip link set eth0 up" >/dev/null ||
		fail eth0-ip "could not configure $ETH0_IP on eth0"
	check_ping_dom0_to eth0-ping-before "$ETH0_IP"
	# eth0 down: a Linux interface that is up answers ARP for every
	# address of the host, so eth1's traffic could come in over eth0.
	guest_run "$name" "$T_CMD" "ip addr flush dev eth0 && ip link set eth0 down" >/dev/null ||
		fail eth0-down "could not take eth0 down"

	leak_snapshot "$name"
	tok="attach-$RANDOM"
	guest_kmsg_mark "$name" "$tok"
	xl_step network-attach 90 network-attach "$name" bridge=xenbr0 "mac=$MAC1" || { guest_diag "$name"; return 0; }
	devid=$(vif_devid "$name" "$MAC1")
	check_eq network-attach-devid 1 "$devid"
	if ! check_poll eth1-appears "$name" 60 'test -e /sys/class/net/eth1' "no eth1 after network-attach" netdevs; then
		guest_diag "$name"
		return 0
	fi
	dev=$(guest_netdev_of "$name" "$MAC1")
	check_eq eth1-mac eth1 "$dev"
	guest_run "$name" "$T_CMD" "ip addr add $ETH1_IP/24 dev eth1 && ip link set eth1 up" >/dev/null ||
		fail eth1-ip "could not configure $ETH1_IP on eth1"
	b0=$(guest_if_bytes "$name" eth1)
	check_ping_dom0_to eth1-ping-dom0-to-guest "$ETH1_IP"
	check_ping_guest_to eth1-ping-guest-to-dom0 "$name" "$DOM0_IP"
	net_to_guest eth1-dom0-to-guest-sha "$name" "$DOM0_IP" 5011 "$SIZE"
	net_from_guest eth1-guest-to-dom0-sha "$name" "$ETH1_IP" 5012 "$SIZE"
	b1=$(guest_if_bytes "$name" eth1)
	if [[ "$b0" =~ ^[0-9]+\ [0-9]+$ && "$b1" =~ ^[0-9]+\ [0-9]+$ ]]; then
		read -r rx0 tx0 <<<"$b0"
		read -r rx1 tx1 <<<"$b1"
		if ((rx1 - rx0 >= SIZE && tx1 - tx0 >= SIZE)); then
			pass eth1-byte-counters
		else
			fail eth1-byte-counters "eth1 rx grew by $((rx1 - rx0)), tx by $((tx1 - tx0)) bytes; want at least $SIZE each"
		fi
	else
		fail eth1-byte-counters "could not read eth1's statistics (before '$b0', after '$b1')"
	fi
	# What the vif holds while it is there, to see it released.
	LEAK_PEAK_IRQS=$(guest_irq_lines "$name") LEAK_PEAK_GRANTS=$(guest_grants "$name")
	note "with eth1: grants held, bad: $LEAK_PEAK_GRANTS; interrupts: $(paste -sd, <<<"$LEAK_PEAK_IRQS")"

	xl_step network-detach 90 network-detach "$name" "${devid:-1}" || { guest_diag "$name"; return 0; }
	check_poll eth1-disappears "$name" 60 '! test -e /sys/class/net/eth1' "eth1 still present after network-detach" netdevs
	if [[ -n "$(vif_devid "$name" "$MAC1")" ]]; then
		fail network-detach-list "xl network-list still lists $MAC1"
	else
		pass network-detach-list
	fi
	check_vif_gone network-detach-xenstore "$id" "${devid:-1}"
	check_released net "$name" 0
	check_no_kernel_warnings net-no-kernel-warnings "$name" "$tok" '' \
		"between network-attach and after network-detach"

	guest_run "$name" "$T_CMD" "ip addr add $ETH0_IP/24 dev eth0 && ip link set eth0 up" >/dev/null ||
		fail eth0-ip-again "could not configure $ETH0_IP on eth0 again"
	check_ping_dom0_to eth0-ping-after "$ETH0_IP"
	check_ping_guest_to eth0-ping-guest-to-dom0-after "$name" "$DOM0_IP"
}
