# shellcheck shell=bash
# features: pv-boot hvc xenstore netfront
# timeout: 540
# Multi-queue vif: a 1-vCPU guest with xen_netfront.max_queues=2 on its
# command line, dom0's netback offering 2 queues (one per dom0 vCPU):
# - dom0's backend offers multi-queue-max-queues >= 2; the frontend
#   writes multi-queue-num-queues = 2 and a queue-0 and queue-1 directory
#   with their rings and event channels;
# - the guest's eth0 has 2 TX and 2 RX queues (/sys/class/net/eth0/queues);
# - ping and a file each way (sha256), then four small ones on other
#   ports: the flows spread over the queues by their hash (the guest
#   picks the TX queue, dom0's netback the RX queue), so with six
#   connections both queues carry traffic unless the hashes all agree
#   (chance below 1 in 1000): each queue's interrupt lines (names ending
#   in -q<N>, -q<N>-tx or -q<N>-rx) took interrupts.
# Upstream's netfront takes max_queues as given, above the vCPU count.

GUEST_IP=10.99.0.22
MAC=00:16:3e:99:02:02
SIZE=$((8 << 20))
QUEUES=2

scenario_main() {
	local name=net-mq id fe be out
	CFG_CMDLINE="xen_netfront.max_queues=$QUEUES" guest_up "$name" 1 1 256 256 \
		"vif = [ 'bridge=xenbr0, mac=$MAC' ]" || return 0
	id=$(domid_of "$name")
	fe="/local/domain/$id/device/vif/0" be="/local/domain/0/backend/vif/$id/0"
	if ! check_poll eth0-present "$name" 60 'test -e /sys/class/net/eth0' "no eth0 in the guest" netdevs; then
		guest_diag "$name"
		return 0
	fi
	out=$(guest_run "$name" "$T_CMD" 'nproc; cat /sys/module/xen_netfront/parameters/max_queues; ls /sys/class/net/eth0/queues')
	note "guest: $(paste -sd' ' <<<"$out")"
	note "frontend: $(xenstore-ls "$fe" 2>&1 | paste -sd' ' | cut -c1-800)"
	out=$(xenstore-read "$be/multi-queue-max-queues" 2>&1)
	if [[ "$out" =~ ^[0-9]+$ ]] && ((out >= QUEUES)); then
		pass mq-backend-offers
	else
		fail mq-backend-offers "dom0's backend offers multi-queue-max-queues '$out', want >= $QUEUES"
	fi
	check_eq mq-num-queues "$QUEUES" "$(xenstore-read "$fe/multi-queue-num-queues" 2>&1)"
	if xenstore-exists "$fe/queue-0/tx-ring-ref" && xenstore-exists "$fe/queue-1/rx-ring-ref"; then
		pass mq-queue-dirs
	else
		fail mq-queue-dirs "no $fe/queue-0/tx-ring-ref or queue-1/rx-ring-ref"
	fi
	check_eq mq-guest-queues "rx-0 rx-1 tx-0 tx-1" \
		"$(guest_run "$name" "$T_CMD" 'ls -1 /sys/class/net/eth0/queues' | grep -E '^[rt]x-[0-9]+$' | sort | paste -sd' ')"

	guest_run "$name" "$T_CMD" "ip addr add $GUEST_IP/24 dev eth0 && ip link set eth0 up" >/dev/null ||
		fail guest-ip "could not configure $GUEST_IP on eth0"
	check_ping_dom0_to ping-dom0-to-guest "$GUEST_IP"
	check_ping_guest_to ping-guest-to-dom0 "$name" "$DOM0_IP"
	net_to_guest transfer-dom0-to-guest-sha "$name" "$DOM0_IP" 5021 "$SIZE"
	net_from_guest transfer-guest-to-dom0-sha "$name" "$GUEST_IP" 5022 "$SIZE"
	net_to_guest small-1-sha "$name" "$DOM0_IP" 5023 $((256 << 10))
	net_from_guest small-2-sha "$name" "$GUEST_IP" 5024 $((256 << 10))
	net_to_guest small-3-sha "$name" "$DOM0_IP" 5025 $((256 << 10))
	net_from_guest small-4-sha "$name" "$GUEST_IP" 5026 $((256 << 10))
	check_queues_used "$name"
}

# check_queues_used NAME: interrupts per queue from the guest's
# /proc/interrupts, summed over the lines of each queue (first column
# with a count per CPU, last the name); queues 0..QUEUES-1 all > 0.
check_queues_used() {
	local out per q miss=''
	out=$(guest_run "$1" "$T_CMD" 'cat /proc/interrupts')
	per=$(awk '$1 ~ /^[0-9]+:$/ && match($NF, /-q[0-9]+(-[rt]x)?$/) {
			q = substr($NF, RSTART + 2); sub(/-.*/, "", q)
			for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n[q] += $i
			seen[q] = 1
		}
		END {for (q in seen) print q, n[q]}' <<<"$out" | sort -n)
	note "interrupts per queue: $(paste -sd, <<<"$per"); lines: $(grep -E -- '-q[0-9]+(-[rt]x)?[[:space:]]*$' <<<"$out" | tr -s ' ' | paste -sd'|')"
	for ((q = 0; q < QUEUES; q++)); do
		awk -v q="$q" '$1 == q && $2 > 0 {f = 1} END {exit !f}' <<<"$per" || miss+=" $q"
	done
	if [[ -z "$per" ]]; then
		fail mq-queues-used "no interrupt line named like <dev>-q<N>[-tx|-rx] in the guest's /proc/interrupts"
	elif [[ -n "$miss" ]]; then
		fail mq-queues-used "no interrupts on queue(s)$miss after 6 connections (per queue: $(paste -sd, <<<"$per"))"
	else
		pass mq-queues-used
	fi
}
