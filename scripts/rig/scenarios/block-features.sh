# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront
# timeout: 600
# blkfront's optional capabilities, on one 1-vCPU guest with three
# file-backed disks (loop devices on a tmpfs of this scenario's own, which
# punches holes for loop's discard):
# - flush (xvda): blkback offers feature-flush-cache, the guest's queue
#   is "write back", and an fsync reaches blkback (its f_req grows);
# - untrusted (xvdb: dom0 writes trusted = 0 in the frontend's directory
#   while the domain is created paused, as a toolstack would): a pattern
#   round-trips (page cache dropped, and O_DIRECT), the kernel log says
#   untrusted for xvdb (ours "untrusted", upstream's "bounce buffer:
#   enabled") and not for xvda (trusted-disk-not-untrusted), and our
#   /sys/block/*/xen/trusted agrees where the kernel has it.  The guest
#   boots with xen_blkfront.feature_persistent=0 (both kernels have the
#   parameter): with persistent grants upstream's kernel copies all data
#   and logs "bounce buffer: enabled" for every disk, trusted or not
#   (scenario block covers persistent grants);
# - discard (xvda, xl's "discard"): blkback offers feature-discard, the
#   guest's queue has discard limits, blkdiscard over a written range
#   frees the image's blocks in dom0 and blkback counts it (ds_req);
# - online resize (xvda): dom0 grows the image and its loop device
#   (losetup -c), blkback publishes the new "sectors" (on the rig at
#   once; if not within 4 s, the guest reads a block, handing blkback a
#   request); the guest's disk follows with a kernel message, and I/O
#   past the old end round-trips;
# - read-only (xvdc, access=ro): ro = 1 in the guest, what dom0 wrote
#   reads back, a write fails (and the image is unchanged);
# - backend restart (xvda): dom0 unbinds blkback from the vbd and binds
#   it again (blkback allows a rebind: it comes back in InitWait while
#   the frontend is connected, and reconnects); the frontend follows, the
#   same disk (diskseq unchanged) reads what was written before and takes
#   new writes, with no kernel warning;
# and nothing of level error or worse about the disks since boot; the
# images hold what the guest wrote.  Multi-queue: scenario block-mq.

# xvda: 32 MiB, grown to 48 MiB; its layout (MiB): a pattern at 0 (the
# flush check, read again after the restart), the discarded range at 8,
# a pattern at 16 after the restart, one at 32 (past the old end).
A_SIZE=$((32 << 20))
A_NEW_SIZE=$((48 << 20))
A_DISCARD_OFF=8
A_RESTART_OFF=16
B_SIZE=$((16 << 20))
C_SIZE=$((8 << 20))
IO_SIZE=$((1 << 20))
DISCARD_SIZE=$((2 << 20))

# How the kernel log says that a disk's backend is not trusted: ours
# "untrusted", upstream's "bounce buffer: enabled".
UNTRUSTED_RE='untrusted|bounce buffer: enabled'

FEAT_DIR=$IMG_DIR/block-features
FEAT_NAME=block-features

# be_stat DOMID DISK COUNTER: one of blkback's statistics for DISK.
be_stat() { cat "/sys/bus/xen-backend/devices/vbd-$1-$(vbd_devid "$2")/statistics/$3" 2>/dev/null; }

# blocks FILE: the 512-byte blocks FILE has allocated.
blocks() { stat -c %b "$1"; }

# Guest shell commands: sha_cmd KEY DISK OFFSET_MIB SIZE prints
# "KEY=<sha256>" of SIZE bytes of DISK at OFFSET_MIB read with O_DIRECT;
# write_cmd DISK OFFSET_MIB SEED SIZE writes a rig-pattern there
# (O_DIRECT, then fsync), printing dd's complaint if it fails.
sha_cmd() {
	echo "echo $1=\$(dd if=/dev/$2 bs=1M skip=$3 count=$(($4 >> 20)) iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1)"
}
write_cmd() {
	echo "rig-pattern $3 $4 >/tmp/pat && { dd if=/tmp/pat of=/dev/$1 bs=1M seek=$2 oflag=direct conv=fsync,notrunc 2>/tmp/dd.err ||
		grep -v records /tmp/dd.err; }; rm -f /tmp/pat"
}

# img_sha IMAGE OFFSET_MIB SIZE: sha256 of part of an image in dom0.
img_sha() { dd if="$1" bs=1M skip="$2" count=$(($3 >> 20)) 2>/dev/null | sha256sum | cut -d' ' -f1; }

check_flush() {
	local name=$1 id=$2 seed=$3 want=$4 be before after out
	be="/local/domain/0/backend/vbd/$id/$(vbd_devid xvda)"
	note "flush (xvda)"
	check_eq flush-offered 1 "$(xenstore-read "$be/feature-flush-cache" 2>/dev/null)"
	before=$(be_stat "$id" xvda f_req)
	out=$(guest_run "$name" 120 "echo cache=\$(cat /sys/block/xvda/queue/write_cache);
		rig-pattern $seed $IO_SIZE >/tmp/pat && dd if=/tmp/pat of=/dev/xvda bs=64k conv=fsync 2>/tmp/dd.err &&
		echo RIG-SYNCED || grep -v records /tmp/dd.err; rm -f /tmp/pat; $(sha_cmd sha xvda 0 "$IO_SIZE")")
	after=$(be_stat "$id" xvda f_req)
	check_eq flush-write-back "write back" "$(kv cache "$out")"
	note "blkback f_req of xvda: ${before:-?} before the write + fsync, ${after:-?} after"
	if [[ ! "$before" =~ ^[0-9]+$ || ! "$after" =~ ^[0-9]+$ ]]; then
		fail flush-reaches-backend "no blkback statistics for vbd-$id-$(vbd_devid xvda) (f_req '$before', '$after')"
	elif ((after > before)) && [[ "$out" == *RIG-SYNCED* ]]; then
		pass flush-reaches-backend
	else
		fail flush-reaches-backend "blkback's f_req went from $before to $after over a write + fsync: $(grep -v '=' <<<"$out" | tail -n 1)"
	fi
	check_eq flush-readback-sha "$want" "$(kv sha "$out")"
}

check_untrusted() {
	local name=$1 id=$2 seed=$3 want=$4 out lines bad=''
	note "untrusted (xvdb)"
	check_eq untrusted-xenstore 0 "$(xenstore-read "/local/domain/$id/device/vbd/$(vbd_devid xvdb)/trusted" 2>/dev/null)"
	# The kernel log first: the pattern's 1 MiB would push it out of
	# the output's tail on a noisy console.
	# shellcheck disable=SC2016 # expanded by the guest's shell
	out=$(guest_run "$name" 120 'dmesg | grep -E "xvd[ab]" | sed "s/^/log: /";
		echo sysfs=$(cat /sys/block/xvda/xen/trusted /sys/block/xvdb/xen/trusted 2>/dev/null);'"
		rig-pattern $seed $IO_SIZE >/dev/xvdb && sync && echo 3 >/proc/sys/vm/drop_caches &&
		echo cached=\$(head -c $IO_SIZE /dev/xvdb | sha256sum | cut -d' ' -f1); $(sha_cmd direct xvdb 0 "$IO_SIZE")")
	check_eq untrusted-readback-sha "$want" "$(kv cached "$out")"
	check_eq untrusted-direct-readback-sha "$want" "$(kv direct "$out")"
	# What each kernel says when it does not trust a backend.
	lines=$(sed -n 's/^log: //p' <<<"$out")
	if grep xvdb <<<"$lines" | grep -E -i "$UNTRUSTED_RE" >/dev/null; then
		pass untrusted-logged
	else
		fail untrusted-logged "no kernel line about xvdb says untrusted (or bounce buffer: enabled): $(grep xvdb <<<"$lines" | paste -sd'|' | cut -c1-300)"
	fi
	# ... and not for the disk it trusts.  Ours also has the setting in
	# sysfs (upstream's has no such file).
	if grep xvda <<<"$lines" | grep -E -i "$UNTRUSTED_RE" >/dev/null; then
		bad+="the kernel says it for xvda (trusted) too: '$(grep xvda <<<"$lines" | grep -E -i "$UNTRUSTED_RE" | head -n 1 | cut -c1-200)'; "
	fi
	out=$(kv sysfs "$out")
	[[ -z "$out" || "$out" == "1 0" ]] || bad+="/sys/block/{xvda,xvdb}/xen/trusted say '$out', want '1 0'; "
	if [[ -z "$bad" ]]; then pass trusted-disk-not-untrusted; else fail trusted-disk-not-untrusted "${bad%; }"; fi
}

check_discard() {
	local name=$1 id=$2 img=$3 seed=$4 be out b1 b2 d1 d2 t want=$((DISCARD_SIZE * 9 / 5120))
	be="/local/domain/0/backend/vbd/$id/$(vbd_devid xvda)"
	note "discard (xvda)"
	out=$(xenstore-read "$be/feature-discard" 2>/dev/null)
	check_eq discard-offered 1 "$out"
	[[ "$out" == 1 ]] || note "images on $(stat -f -c %T "$FEAT_DIR"); loop $(xenstore-read "$be/node" 2>/dev/null)"
	out=$(guest_run "$name" 120 "cd /sys/block/xvda/queue && echo limits=\$(cat discard_max_bytes discard_granularity);
		$(write_cmd xvda "$A_DISCARD_OFF" "$seed" "$DISCARD_SIZE")")
	if [[ "$(kv limits "$out")" =~ ^([0-9]+)\ ([0-9]+)$ ]] && ((BASH_REMATCH[1] > 0 && BASH_REMATCH[2] > 0)); then
		pass discard-limits
	else
		fail discard-limits "xvda's queue/discard_max_bytes, discard_granularity: '$(kv limits "$out")', want both > 0"
	fi
	b1=$(blocks "$img") d1=$(be_stat "$id" xvda ds_req)
	out=$(guest_run "$name" 120 "blkdiscard -o $((A_DISCARD_OFF << 20)) -l $DISCARD_SIZE /dev/xvda 2>&1 && echo RIG-DISCARDED")
	[[ "$out" == *RIG-DISCARDED* ]] || note "blkdiscard failed: $(tail -n 2 <<<"$out" | paste -sd' ')"
	for ((t = 0; t < 10; t++)); do
		b2=$(blocks "$img")
		((b1 - b2 >= want)) && break
		sleep 1
	done
	d2=$(be_stat "$id" xvda ds_req)
	note "xvda's image: $b1 blocks allocated before blkdiscard, $b2 after; blkback ds_req $d1 -> $d2"
	if ((b1 < DISCARD_SIZE / 512)); then
		fail discard-frees-blocks "the image had only $b1 blocks allocated after a $DISCARD_SIZE-byte write: nothing to free"
	elif ((b1 - b2 >= want)); then
		pass discard-frees-blocks
	else
		fail discard-frees-blocks "the image's allocated 512-byte blocks went from $b1 to $b2 after blkdiscard of $DISCARD_SIZE bytes${out:+ ($(tail -n 1 <<<"$out"))}"
	fi
	if [[ "$d1" =~ ^[0-9]+$ && "$d2" =~ ^[0-9]+$ ]] && ((d2 > d1)); then
		pass discard-counted
	else
		fail discard-counted "blkback's ds_req went from '${d1:-none}' to '${d2:-none}'"
	fi
}

check_resize() {
	local name=$1 id=$2 img=$3 seed=$4 want=$5 be loop s='' t how='' out
	be="/local/domain/0/backend/vbd/$id/$(vbd_devid xvda)"
	loop=$(xenstore-read "$be/node" 2>/dev/null)
	note "online resize (xvda)"
	truncate -s "$A_NEW_SIZE" "$img"
	if ! [[ "$loop" == /dev/loop* ]] || ! losetup -c "$loop"; then
		fail resize-backend "could not grow the loop device '$loop' of xvda (losetup -c)"
		return 0
	fi
	note "grew the image and $loop to $A_NEW_SIZE bytes ($(blockdev --getsize64 "$loop") now)"
	# blkback noticed at once on the rig; should it wait for a request,
	# the guest reads a block after 4 s.
	for ((t = 0; t < 25; t++)); do
		s=$(xenstore-read "$be/sectors" 2>/dev/null)
		if [[ "$s" =~ ^[0-9]+$ ]] && ((s * 512 == A_NEW_SIZE)); then
			how=${how:-"by itself within ${t}s"}
			break
		fi
		if ((t == 4)); then
			how="after the guest read a block"
			guest_run "$name" "$T_CMD" 'dd if=/dev/xvda of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null' >/dev/null
		fi
		sleep 1
	done
	if [[ "$s" =~ ^[0-9]+$ ]] && ((s * 512 == A_NEW_SIZE)); then
		note "blkback published the new size $how"
		pass resize-backend
	else
		fail resize-backend "blkback's sectors is '$s' 25 s after the loop device grew to $A_NEW_SIZE bytes (and a guest read)"
		return 0
	fi
	# The guest's size follows (within 30 s), the kernel said so, and
	# I/O past the old end works: one round trip.
	out=$(guest_run "$name" 120 "i=0; while [ \$((\$(cat /sys/block/xvda/size) * 512)) != $A_NEW_SIZE ] && [ \$i -lt 30 ]; do
		sleep 1; i=\$((i + 1)); done; echo size=\$((\$(cat /sys/block/xvda/size) * 512));
		dmesg | grep 'xvda.*capacity' | sed 's/^/log: /';
		$(write_cmd xvda $((A_SIZE >> 20)) "$seed" "$IO_SIZE"); $(sha_cmd sha xvda $((A_SIZE >> 20)) "$IO_SIZE")")
	check_eq resize-guest-size "$A_NEW_SIZE" "$(kv size "$out")"
	s=$(sed -n 's/^log: //p' <<<"$out")
	if grep -E "$((A_SIZE / 512))[^0-9].*$((A_NEW_SIZE / 512))" <<<"$s" >/dev/null; then
		pass resize-kernel-message
	else
		fail resize-kernel-message "no kernel message about xvda's capacity going from $((A_SIZE / 512)) to $((A_NEW_SIZE / 512)) sectors${s:+ (got: $(head -n 1 <<<"$s"))}"
	fi
	[[ -n "$(kv sha "$out")" ]] || note "I/O past the old end: $(tail -n 2 <<<"$out" | paste -sd' ')"
	check_eq resize-io-beyond-old-end "$want" "$(kv sha "$out")"
}

check_readonly() {
	local name=$1 id=$2 want=$3 out
	note "read-only (xvdc)"
	check_eq ro-backend-mode r "$(xenstore-read "/local/domain/0/backend/vbd/$id/$(vbd_devid xvdc)/mode" 2>/dev/null)"
	out=$(guest_run "$name" 60 "echo ro=\$(cat /sys/block/xvdc/ro); $(sha_cmd sha xvdc 0 "$IO_SIZE");
		rig-pattern 1 65536 >/tmp/pat; dd if=/tmp/pat of=/dev/xvdc bs=64k oflag=direct conv=fsync,notrunc 2>/tmp/dd.err;
		echo rc=\$?; grep -v records /tmp/dd.err; rm -f /tmp/pat")
	check_eq ro-flag 1 "$(kv ro "$out")"
	check_eq ro-read-sha "$want" "$(kv sha "$out")"
	note "write to xvdc: $(grep -v '^ro=\|^sha=' <<<"$out" | paste -sd' ' | cut -c1-200)"
	if [[ "$(kv rc "$out")" =~ ^[1-9][0-9]*$ ]]; then
		pass ro-write-refused
	else
		fail ro-write-refused "a write to read-only xvdc did not fail: $(paste -sd' ' <<<"$out" | cut -c1-200)"
	fi
}

# trail_states DOMID DISK SECONDS [PID]: follow the vbd's states every
# half second for up to SECONDS (until process PID ends, if given; until
# both are Connected otherwise), appending each change to TRAIL; leaves
# the last in STATES.
trail_states() {
	local id=$1 disk=$2 end=$((SECONDS + $3)) pid=${4:-}
	while ((SECONDS < end)); do
		STATES=$(vbd_states "$id" "$disk")
		[[ " $TRAIL" == *" $STATES " ]] || TRAIL+="$STATES "
		if [[ -n "$pid" ]]; then
			kill -0 "$pid" 2>/dev/null || return 0
		elif [[ "$STATES" == 4/4 ]]; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

check_restart() {
	local name=$1 id=$2 want1=$3 seed2=$4 want2=$5 dev drv seq1 t0 pid tok out conns
	dev="vbd-$id-$(vbd_devid xvda)"
	note "backend restart (xvda)"
	tok="restart-$RANDOM"
	# The kernel log marker (guest_kmsg_mark) and the disk's sequence.
	out=$(guest_run "$name" "$T_CMD" "echo '<14>rig-mark $tok' >/dev/kmsg; echo seq=\$(cat /sys/block/xvda/diskseq)")
	seq1=$(kv seq "$out")
	drv=$(readlink -f "/sys/bus/xen-backend/devices/$dev/driver")
	if [[ ! -w "$drv/unbind" ]]; then
		fail restart-unbind "no blkback driver bound to $dev in dom0 sysfs"
		return 0
	fi
	# blkback logs each connection: a new one shows that it restarted.
	conns=$(dmesg | grep -c "backend/vbd/$id/$(vbd_devid xvda): using")
	TRAIL="$(vbd_states "$id" xvda) (unbind) "
	t0=$SECONDS
	echo "$dev" >"$drv/unbind" &
	pid=$!
	if ! trail_states "$id" xvda 90 "$pid"; then
		fail restart-unbind "echo $dev > $drv/unbind still blocked after 90 s (states backend/frontend: $TRAIL)"
		return 0
	fi
	if ! wait "$pid"; then
		fail restart-unbind "echo $dev > $drv/unbind failed (states backend/frontend: $TRAIL)"
		return 0
	fi
	note "the unbind took $((SECONDS - t0))s"
	pass restart-unbind
	# Away for a moment, as a restarting backend would be.
	trail_states "$id" xvda 2 "$$"
	TRAIL+="(bind) "
	if ! echo "$dev" >"$drv/bind"; then
		fail restart-bind "echo $dev > $drv/bind failed (states: $TRAIL)"
		return 0
	fi
	trail_states "$id" xvda 30
	note "states backend/frontend over unbind and bind: $TRAIL"
	if [[ "$STATES" != 4/4 ]]; then
		note "guest kernel since: $(KMSG_LEVEL=7 guest_kernel_warnings "$name" "$tok" 'xvd|blk|vbd' | paste -sd'|' | cut -c1-600)"
		note "dom0 kernel: $(dmesg | grep -E "blkback|$dev" | tail -n 4 | paste -sd'|' | cut -c1-400)"
		fail restart-reconnected "backend/frontend states $STATES 30 s after the rebind (seen: $TRAIL)"
		return 0
	fi
	t0=$(dmesg | grep -c "backend/vbd/$id/$(vbd_devid xvda): using")
	if ((t0 <= conns)); then
		fail restart-reconnected "the states are back to 4/4 (seen: $TRAIL) but blkback logged no new connection ($conns before, $t0 after): it did not restart"
		return 0
	fi
	pass restart-reconnected
	out=$(guest_run "$name" 120 "$(sha_cmd old xvda 0 "$IO_SIZE"); $(write_cmd xvda "$A_RESTART_OFF" "$seed2" "$IO_SIZE");
		$(sha_cmd new xvda "$A_RESTART_OFF" "$IO_SIZE"); echo seq=\$(cat /sys/block/xvda/diskseq)") ||
		note "I/O after the restart: rc $? $(tail -n 2 <<<"$out" | paste -sd' ')"
	check_eq restart-data-intact "$want1" "$(kv old "$out")"
	check_eq restart-new-io-sha "$want2" "$(kv new "$out")"
	if [[ "$seq1" =~ ^[0-9]+$ && "$seq1" == "$(kv seq "$out")" ]]; then
		pass restart-same-disk
	else
		fail restart-same-disk "xvda's diskseq went from '$seq1' to '$(kv seq "$out")': the disk was removed and made again"
	fi
	check_no_kernel_warnings restart-no-kernel-warnings "$name" "$tok" '' "over the backend's unbind and rebind"
}

# untrust_xvdb NAME: as a toolstack does for a backend the guest should
# not trust, trusted = 0 in xvdb's frontend directory, while the domain
# is paused (xl's disk option "untrusted" is documented for Xen 4.17, but
# its xl does not parse it).
untrust_xvdb() {
	local fe
	fe="/local/domain/$(domid_of "$1")/device/vbd/$(vbd_devid xvdb)"
	note "toolstack's $fe/trusted: '$(xenstore-read "$fe/trusted" 2>/dev/null || echo none)'; writing 0"
	xenstore-exists "$fe" && xenstore-write "$fe/trusted" 0
}

features_run() {
	local name=$FEAT_NAME id disks i
	local imga=$FEAT_DIR/a.img imgb=$FEAT_DIR/b.img imgc=$FEAT_DIR/c.img
	local -a seed want
	# 0: flush, 1: untrusted, 2: discard, 3: past the old end,
	# 4: read-only, 5: after the restart.  The checksums are made while
	# the guest boots.
	for i in 0 1 2 3 4 5; do seed[i]=$((RANDOM * 32768 + RANDOM)); done
	for i in 0 1 2 3 4 5; do pattern_sha "${seed[i]}" "$IO_SIZE"; done >"$FEAT_DIR/want" &
	i=$!
	truncate -s "$A_SIZE" "$imga"
	truncate -s "$B_SIZE" "$imgb"
	/rig/bin/rig-pattern "${seed[4]}" "$IO_SIZE" >"$imgc"
	truncate -s "$C_SIZE" "$imgc"
	disks="'$(disk_spec xvda "$imga" rw discard)', '$(disk_spec xvdb "$imgb")', '$(disk_spec xvdc "$imgc" ro)'"
	GUEST_PAUSED_HOOK=untrust_xvdb CFG_CMDLINE=xen_blkfront.feature_persistent=0 guest_up "$name" 1 1 256 256 "disk = [ $disks ]" || return 0
	id=$(domid_of "$name")
	if ! check_poll disks-present "$name" 60 'test -b /dev/xvda && test -b /dev/xvdb && test -b /dev/xvdc' \
		"not all of xvda, xvdb, xvdc in the guest" blockdevs; then
		guest_diag "$name"
		return 0
	fi
	wait "$i"
	mapfile -t want <"$FEAT_DIR/want"
	check_flush "$name" "$id" "${seed[0]}" "${want[0]}"
	check_untrusted "$name" "$id" "${seed[1]}" "${want[1]}"
	check_discard "$name" "$id" "$imga" "${seed[2]}"
	check_resize "$name" "$id" "$imga" "${seed[3]}" "${want[3]}"
	check_readonly "$name" "$id" "${want[4]}"
	check_restart "$name" "$id" "${want[0]}" "${seed[5]}" "${want[5]}"
	KMSG_LEVEL=3 check_no_kernel_warnings no-kernel-errors-about-disks "$name" '' 'blk|xvd|vbd|xenbus|grant' \
		"about the disks (blk, xvd, vbd, xenbus, grant) since boot"

	guest_destroy "$name"
	check_eq dom0-images-sha "${want[0]} ${want[3]} ${want[5]} ${want[1]} ${want[4]}" \
		"$(img_sha "$imga" 0 "$IO_SIZE") $(img_sha "$imga" $((A_SIZE >> 20)) "$IO_SIZE") $(img_sha "$imga" "$A_RESTART_OFF" "$IO_SIZE") $(img_sha "$imgb" 0 "$IO_SIZE") $(img_sha "$imgc" 0 "$IO_SIZE")"
}

scenario_main() {
	local img t
	mkdir -p "$FEAT_DIR"
	# Our own tmpfs: it punches holes (loop's discard), whatever dom0's
	# root is.
	if ! mount -t tmpfs -o size=256m rig-block-features "$FEAT_DIR"; then
		fail images "mount -t tmpfs on $FEAT_DIR failed"
		return 0
	fi
	features_run
	guest_destroy "$FEAT_NAME"
	# The hotplug script frees the loop devices after the domain is gone.
	for ((t = 0; t < 30; t++)); do
		[[ -z "$(for img in "$FEAT_DIR"/*.img; do losetup -j "$img"; done)" ]] && break
		sleep 1
	done
	umount "$FEAT_DIR" || umount -l "$FEAT_DIR"
}
