# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront smp
# timeout: 420
# Multi-queue vbd: a 2-vCPU guest with one 32 MiB file-backed disk
# (xvda), dom0's blkback offering multi-queue-max-queues = dom0's vCPU
# count (2 on the rig):
# - the frontend writes multi-queue-num-queues = 2 and, under queue-0/
#   and queue-1/ (not at the top of its directory), each ring's
#   references and event channel;
# - the guest's /sys/block/xvda/mq has 2 hardware queues;
# - O_DIRECT writes pinned to CPU 0 and to CPU 1 (taskset: blk-mq maps
#   each CPU to its own queue) read back intact, pinned to the other CPU,
#   and each ring's interrupt line (ours: xvda-<queue>, upstream's:
#   blkif) took interrupts meanwhile: both rings carried requests;
# - the image dom0 holds has both patterns; no kernel warning meanwhile.
# Both kernels (ours and upstream's) default to one queue per vCPU, up
# to 4, so no module parameter is needed.  The other blkfront features:
# scenario block-features.

SIZE=$((32 << 20))
IO_SIZE=$((1 << 20))
QUEUES=2

# Where each CPU's pattern goes on the disk (MiB).
OFF0=0
OFF1=8

# IRQS_CMD: guest shell command printing "irq=IRQ:NAME COUNT" for each
# interrupt line of the disk's rings (ours are named xvda-<queue>,
# upstream's blkif; xvda is the guest's only disk), COUNT summed over
# the CPUs.
# shellcheck disable=SC2016 # awk program for the guest
IRQS_CMD='awk '\''$NF ~ /^(xvda|blkif)/ {s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print "irq=" $1 $NF, s}'\'' /proc/interrupts'

# irqs TEXT: the "IRQ:NAME COUNT" lines of IRQS_CMD's output in TEXT.
irqs() { sed -n 's/^irq=\([0-9]*:[^ ]* [0-9]*\)$/\1/p' <<<"$1" | sort; }

scenario_main() {
	local name=block-mq img="$IMG_DIR/block-mq.img" id fe be out q bad
	local seed0 seed1 want0 want1 before after grown tok hwq
	rm -f "$img"
	truncate -s "$SIZE" "$img"
	seed0=$((RANDOM * 32768 + RANDOM)) seed1=$((RANDOM * 32768 + RANDOM))
	want0=$(pattern_sha "$seed0" "$IO_SIZE")
	want1=$(pattern_sha "$seed1" "$IO_SIZE")
	guest_up "$name" 2 2 256 256 "disk = [ '$(disk_spec xvda "$img")' ]" || return 0
	id=$(domid_of "$name")
	fe="/local/domain/$id/device/vbd/$(vbd_devid xvda)" be="/local/domain/0/backend/vbd/$id/$(vbd_devid xvda)"
	if ! check_poll xvda-present "$name" 60 'test -b /dev/xvda' "no /dev/xvda in the guest" blockdevs; then
		guest_diag "$name"
		return 0
	fi
	# The guest's view in one go (each round trip is slow under TCG):
	# CPUs, hardware queues, the interrupt counts before the I/O below.
	tok="mq-$RANDOM"
	out=$(guest_run "$name" "$T_CMD" "echo '<14>rig-mark $tok' >/dev/kmsg; echo cpus=\$(cat /sys/devices/system/cpu/online);
		echo hwq=\$(ls /sys/block/xvda/mq | wc -l); $IRQS_CMD")
	before=$(irqs "$out") hwq=$(kv hwq "$out")
	note "guest CPUs online: $(kv cpus "$out"); dom0 vCPUs: $(nproc); ring interrupt lines before: $(paste -sd, <<<"${before:-none}")"

	# What blkback offers is dom0's business, but without 2 there is
	# nothing to test.
	out=$(xenstore-read "$be/multi-queue-max-queues" 2>/dev/null)
	if [[ "$out" =~ ^[0-9]+$ ]] && ((out >= QUEUES)); then
		pass backend-offers-queues
	else
		fail backend-offers-queues "dom0's blkback offers multi-queue-max-queues '${out:-none}' (dom0 has $(nproc) vCPUs), want >= $QUEUES"
	fi
	check_eq frontend-num-queues "$QUEUES" "$(xenstore-read "$fe/multi-queue-num-queues" 2>/dev/null)"
	bad=''
	for ((q = 0; q < QUEUES; q++)); do
		out=$(xenstore-read "$fe/queue-$q/event-channel" 2>/dev/null)
		[[ "$out" =~ ^[1-9][0-9]*$ ]] || bad+="queue-$q/event-channel '${out:-none}' "
		out=$(xenstore-read "$fe/queue-$q/ring-ref" 2>/dev/null || xenstore-read "$fe/queue-$q/ring-ref0" 2>/dev/null)
		[[ "$out" =~ ^[0-9]+$ ]] || bad+="queue-$q/ring-ref(0) '${out:-none}' "
	done
	for q in ring-ref ring-ref0 event-channel; do
		! xenstore-exists "$fe/$q" 2>/dev/null || bad+="top-level $q with multiple queues "
	done
	if [[ -z "$bad" ]]; then
		pass frontend-queue-keys
	else
		note "frontend directory: $(xenstore-ls "$fe" 2>&1 | paste -sd' ' | cut -c1-400)"
		fail frontend-queue-keys "$bad"
	fi
	check_eq guest-hw-queues "$QUEUES" "$hwq"

	# I/O from each CPU: blk-mq maps CPU N to hardware queue N.
	out=$(guest_run "$name" 120 "taskset -c 0 sh -c 'rig-pattern $seed0 $IO_SIZE |
		dd of=/dev/xvda bs=64k seek=$((OFF0 * 16)) iflag=fullblock oflag=direct 2>/dev/null' &&
		taskset -c 1 sh -c 'rig-pattern $seed1 $IO_SIZE |
		dd of=/dev/xvda bs=64k seek=$((OFF1 * 16)) iflag=fullblock oflag=direct 2>/dev/null' &&
		echo sha0=\$(taskset -c 1 dd if=/dev/xvda bs=64k skip=$((OFF0 * 16)) count=$((IO_SIZE >> 16)) iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1) &&
		echo sha1=\$(taskset -c 0 dd if=/dev/xvda bs=64k skip=$((OFF1 * 16)) count=$((IO_SIZE >> 16)) iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1);
		$IRQS_CMD") ||
		note "pinned I/O failed (rc $?): $(tail -n 2 <<<"$out" | paste -sd' ')"
	check_eq cpu0-io-readback-sha "$want0" "$(kv sha0 "$out")"
	check_eq cpu1-io-readback-sha "$want1" "$(kv sha1 "$out")"
	after=$(irqs "$out")
	note "ring interrupt lines after: $(paste -sd, <<<"${after:-none}")"
	# Lines that took interrupts during the pinned I/O.
	grown=$(awk 'NR == FNR {b[$1] = $2; next} ($1 in b) && $2 > b[$1] {n++} END {print n + 0}' \
		<(printf '%s\n' "$before") <(printf '%s\n' "$after"))
	if (($(grep -c . <<<"$after") < QUEUES)); then
		note "guest interrupts: $(guest_run "$name" "$T_CMD" 'cat /proc/interrupts' | awk '$1 ~ /^[0-9]+:$/ {print $1, $NF}' | paste -sd, | cut -c1-300)"
		fail io-on-both-queues "$(grep -c . <<<"$after") interrupt line(s) named xvda* or blkif in the guest, want $QUEUES (one per ring)"
	elif ((grown < QUEUES)); then
		fail io-on-both-queues "only $grown of the $(grep -c . <<<"$after") xvda*/blkif interrupt lines took interrupts during I/O pinned to CPU 0 and CPU 1"
	else
		pass io-on-both-queues
	fi
	check_no_kernel_warnings mq-no-kernel-warnings "$name" "$tok" '' "during the pinned I/O"
	KMSG_LEVEL=3 check_no_kernel_warnings no-kernel-errors-about-disks "$name" '' 'blk|xvd|vbd|xenbus|grant' \
		"about the disk (blk, xvd, vbd, xenbus, grant) since boot"

	guest_destroy "$name"
	check_eq dom0-image-sha "$want0 $want1" \
		"$(dd if="$img" bs=1M skip=$OFF0 count=$((IO_SIZE >> 20)) 2>/dev/null | sha256sum | cut -d' ' -f1) $(dd if="$img" bs=1M skip=$OFF1 count=$((IO_SIZE >> 20)) 2>/dev/null | sha256sum | cut -d' ' -f1)"
	rm -f "$img"
}
