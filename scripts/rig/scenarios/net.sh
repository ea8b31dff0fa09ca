# shellcheck shell=bash
# features: pv-boot hvc xenstore netfront
# timeout: 300
# A vif on dom0's bridge xenbr0 (10.99.0.1): static IP in the guest, ping
# both ways, and a file each way over TCP with busybox nc, checksummed.

GUEST_IP=10.99.0.2
DOM0_IP=10.99.0.1
SIZE=$((2 << 20))

scenario_main() {
	local name=net want got s1 s2
	guest_up "$name" 1 1 256 256 "vif = [ 'bridge=xenbr0, mac=00:16:3e:99:00:02' ]" || return 0
	if ! check_poll eth0-present "$name" 60 'test -e /sys/class/net/eth0' "no eth0 in the guest" netdevs; then
		guest_diag "$name"
		return 0
	fi
	check_eq eth0-mac 00:16:3e:99:00:02 "$(guest_run "$name" "$T_CMD" 'cat /sys/class/net/eth0/address')"
	guest_run "$name" "$T_CMD" "ip addr add $GUEST_IP/24 dev eth0 && ip link set eth0 up" >/dev/null ||
		fail guest-ip "could not configure $GUEST_IP on eth0"

	# The first packets can race the bridge port coming up; allow a few tries.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		busybox ping -c 1 -W 2 "$GUEST_IP" >/dev/null 2>&1 && break
		sleep 1
	done
	if busybox ping -c 3 -W 3 "$GUEST_IP" >/dev/null 2>&1; then
		pass ping-dom0-to-guest
	else
		fail ping-dom0-to-guest "no reply from $GUEST_IP"
	fi
	if guest_run "$name" "$T_CMD" "ping -c 3 -W 3 $DOM0_IP" >/dev/null; then
		pass ping-guest-to-dom0
	else
		fail ping-guest-to-dom0 "guest got no reply from $DOM0_IP"
	fi

	# dom0 -> guest: dom0 serves, the guest downloads.
	s1=$((RANDOM + 1))
	want=$(pattern_sha "$s1" "$SIZE")
	/rig/bin/rig-pattern "$s1" "$SIZE" >/tmp/net-send
	timeout 90 busybox nc -l -p 5001 -e cat /tmp/net-send >/dev/null 2>&1 &
	got=$(guest_run "$name" 90 "nc -w 10 $DOM0_IP 5001 </dev/null >/tmp/net-recv; sha256sum </tmp/net-recv" |
		grep -o '^[0-9a-f]\{64\}')
	check_eq transfer-dom0-to-guest-sha "$want" "$got"
	wait

	# guest -> dom0: the guest serves, dom0 downloads.
	s2=$((RANDOM + 40000))
	want=$(pattern_sha "$s2" "$SIZE")
	guest_run "$name" "$T_CMD" "rig-pattern $s2 $SIZE >/tmp/net-send &&
		(timeout 90 nc -l -p 5002 -e cat /tmp/net-send >/dev/null 2>&1 &)" >/dev/null
	got=''
	for _ in 1 2 3 4 5; do
		timeout 60 busybox nc -w 10 "$GUEST_IP" 5002 </dev/null >/tmp/net-recv 2>/dev/null
		got=$(sha256sum </tmp/net-recv | cut -d' ' -f1)
		[[ "$got" == "$want" ]] && break
		sleep 1
	done
	check_eq transfer-guest-to-dom0-sha "$want" "$got"
	check_eq guest-side-sha "$want" "$(guest_run "$name" "$T_CMD" 'sha256sum </tmp/net-send' | grep -o '^[0-9a-f]\{64\}')"
}
