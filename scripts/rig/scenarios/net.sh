# shellcheck shell=bash
# features: pv-boot hvc xenstore netfront
# timeout: 600
# A vif on dom0's bridge xenbr0 (10.99.0.1), eth0 in the guest with a
# static address:
# - eth0 has the vif's MAC; ping both ways; a file each way over TCP with
#   busybox nc, 2 MiB and 16 MiB (the bulk ones are where TSO/GSO and
#   multi-slot packets happen), each checked with sha256;
# - MTU: dom0 moves the vif to a bridge of its own (so no other guest
#   sees the change) with MTU 9000 on it and on the vif, the guest sets
#   eth0's MTU to 9000: pings of full-size frames both ways cross without
#   IP fragmentation (the guest's Ip FragCreates/ReasmReqds stay put), and
#   a file each way matches.  (If dom0's vif refuses 9000 -- netback
#   allows more than 1500 only to a frontend with feature-sg -- the
#   jumbo check fails and the rest runs at 1400.)  Then everything goes
#   back to 1500 on xenbr0 and eth0 still answers;
# - xl network-detach of the vif: eth0 leaves the guest, the vif leaves
#   xenstore and dom0, and the guest's interrupt lines and grants held go
#   down (grants: our kernel only, see check_released);
# - the guest's kernel logs no warning from eth0's configuration to after
#   the detach, and no error about the network since boot.

GUEST_IP=10.99.0.2
MAC=00:16:3e:99:00:02
SIZE=$((2 << 20))
BULK=$((16 << 20))
# The MTU phase: dom0's bridge of its own and the addresses on it.
MTU_BR=rigmtu0
MTU_DOM0_IP=10.99.9.1
MTU_GUEST_IP=10.99.9.2
MTU_SIZE=$((4 << 20))

# guest_ip_frags NAME: "FragCreates ReasmReqds" of the guest's Ip counters.
guest_ip_frags() {
	guest_run "$1" "$T_CMD" 'cat /proc/net/snmp' |
		awk '$1 == "Ip:" && !h {for (i = 2; i <= NF; i++) c[$i] = i; h = 1; next}
			$1 == "Ip:" && h {print $c["FragCreates"], $c["ReasmReqds"]; exit}'
}

# guest_if_stats NAME IF: "rx_bytes rx_packets tx_bytes tx_packets".
guest_if_stats() {
	guest_run "$1" "$T_CMD" "cd /sys/class/net/$2/statistics && cat rx_bytes rx_packets tx_bytes tx_packets" |
		grep -E '^[0-9]+$' | paste -sd' '
}

# mtu_phase NAME DOMID: jumbo frames on a bridge of the vif's own, then
# back to xenbr0 at 1500.
mtu_phase() {
	local name=$1 id=$2 vif="vif$2.0" mtu=9000 f0 f1 out
	ip link del "$MTU_BR" >/dev/null 2>&1
	if ! ip link add "$MTU_BR" type bridge stp_state 0 forward_delay 0 ||
		! ip addr add "$MTU_DOM0_IP/24" dev "$MTU_BR"; then
		fail mtu-setup "could not make dom0's bridge $MTU_BR"
		return 0
	fi
	if out=$(ip link set "$vif" mtu 9000 2>&1); then
		pass mtu-9000-dom0-vif
	else
		fail mtu-9000-dom0-vif "dom0 could not set $vif's MTU to 9000 ($out); netback allows more than 1500 only if the frontend offers feature-sg=1 (offered: '$(xenstore-read "/local/domain/$id/device/vif/0/feature-sg" 2>&1)'); going on with 1400"
		mtu=1400
		ip link set "$vif" mtu "$mtu"
	fi
	if ! { ip link set "$vif" master "$MTU_BR" && ip link set "$MTU_BR" mtu "$mtu" && ip link set "$MTU_BR" up; }; then
		fail mtu-setup "could not move $vif to $MTU_BR"
		ip link set "$vif" mtu 1500
		ip link set "$vif" master xenbr0
		ip link del "$MTU_BR"
		return 0
	fi
	note "dom0: $(ip -o link show "$vif" | cut -c1-160); $(ip -o link show "$MTU_BR" | cut -c1-120)"
	out=$(guest_run "$name" "$T_CMD" "ip link set eth0 mtu $mtu && ip addr add $MTU_GUEST_IP/24 dev eth0 && cat /sys/class/net/eth0/mtu")
	check_eq "mtu-$mtu-guest" "$mtu" "$(grep -E '^[0-9]+$' <<<"$out" | tail -n 1)"
	f0=$(guest_ip_frags "$name")
	check_ping_guest_to "mtu-ping-guest-to-dom0" "$name" "$MTU_DOM0_IP" -s $((mtu - 28))
	check_ping_dom0_to "mtu-ping-dom0-to-guest" "$MTU_GUEST_IP" -s $((mtu - 28))
	f1=$(guest_ip_frags "$name")
	# A full-size frame that had to be cut up shows in either counter.
	if [[ -z "$f0" || -z "$f1" ]]; then
		fail mtu-unfragmented "could not read the guest's /proc/net/snmp"
	elif [[ "$f0" == "$f1" ]]; then
		pass mtu-unfragmented
	else
		fail mtu-unfragmented "the guest's Ip FragCreates ReasmReqds went from '$f0' to '$f1': $((mtu - 28))-byte pings did not cross at MTU $mtu in one frame"
	fi
	net_to_guest mtu-dom0-to-guest-sha "$name" "$MTU_DOM0_IP" 5005 "$MTU_SIZE"
	net_from_guest mtu-guest-to-dom0-sha "$name" "$MTU_GUEST_IP" 5006 "$MTU_SIZE"

	# Back as before, on xenbr0.
	guest_run "$name" "$T_CMD" "ip addr del $MTU_GUEST_IP/24 dev eth0; ip link set eth0 mtu 1500" >/dev/null
	ip link set "$vif" mtu 1500
	ip link set "$vif" master xenbr0
	ip link del "$MTU_BR"
	check_ping_guest_to mtu-back-to-1500-ping "$name" "$DOM0_IP"
}

scenario_main() {
	local name=net id tok s0 s1
	guest_up "$name" 1 1 256 256 "vif = [ 'bridge=xenbr0, mac=$MAC' ]" || return 0
	id=$(domid_of "$name")
	if ! check_poll eth0-present "$name" 60 'test -e /sys/class/net/eth0' "no eth0 in the guest" netdevs; then
		guest_diag "$name"
		return 0
	fi
	check_eq eth0-mac "$MAC" "$(guest_run "$name" "$T_CMD" 'cat /sys/class/net/eth0/address')"
	note "frontend: $(xenstore-ls "/local/domain/$id/device/vif/0" 2>&1 | paste -sd' ' | cut -c1-600)"
	tok="net-$RANDOM"
	guest_kmsg_mark "$name" "$tok"
	guest_run "$name" "$T_CMD" "ip addr add $GUEST_IP/24 dev eth0 && ip link set eth0 up" >/dev/null ||
		fail guest-ip "could not configure $GUEST_IP on eth0"

	check_ping_dom0_to ping-dom0-to-guest "$GUEST_IP"
	check_ping_guest_to ping-guest-to-dom0 "$name" "$DOM0_IP"
	net_to_guest transfer-dom0-to-guest-sha "$name" "$DOM0_IP" 5001 "$SIZE"
	net_from_guest transfer-guest-to-dom0-sha "$name" "$GUEST_IP" 5002 "$SIZE"

	# The bulk transfers; the packet counts show whether large (GSO)
	# packets crossed the rings (for the log only: both are correct).
	s0=$(guest_if_stats "$name" eth0)
	net_to_guest bulk-dom0-to-guest-sha "$name" "$DOM0_IP" 5003 "$BULK"
	net_from_guest bulk-guest-to-dom0-sha "$name" "$GUEST_IP" 5004 "$BULK"
	s1=$(guest_if_stats "$name" eth0)
	if [[ "$s0" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ && "$s1" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]]; then
		read -r a b c d <<<"$s0"
		read -r e f g h <<<"$s1"
		note "bulk: eth0 rx $((e - a)) bytes in $((f - b)) packets, tx $((g - c)) bytes in $((h - d)) packets (average rx $(((e - a) / (f - b + 1))), tx $(((g - c) / (h - d + 1))) bytes)"
	fi

	mtu_phase "$name" "$id"

	# The vif away at runtime; nothing of it may stay behind.
	leak_snapshot "$name"
	if xl_step detach 90 network-detach "$name" 0; then
		check_poll eth0-disappears "$name" 60 '! test -e /sys/class/net/eth0' \
			"eth0 still in /sys/class/net after network-detach" netdevs
		check_vif_gone detach-xenstore "$id" 0
		check_released detach "$name" 1
	fi
	check_no_kernel_warnings no-kernel-warnings "$name" "$tok" '' \
		"from eth0's configuration to after its detach"
	# Since boot, errors only (upstream logs plain printk()s, level
	# warning, at boot).
	KMSG_LEVEL=3 check_no_kernel_warnings no-kernel-errors-about-net "$name" '' 'net|vif|eth[0-9]|xenbus|grant' \
		"about the network (net, vif, eth, xenbus, grant) since boot"
}
