# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront
# timeout: 300
# A file-backed disk (loop via the block hotplug script) appears as xvdb; a
# pseudo-random pattern written by the guest survives a page-cache drop and
# lands byte-exact in the image dom0 holds.

scenario_main() {
	local name=block img="$IMG_DIR/block.img" size=$((8 << 20)) seed want out
	rm -f "$img"
	truncate -s 64M "$img"
	seed=$((RANDOM * 32768 + RANDOM))
	want=$(pattern_sha "$seed" "$size")
	guest_up "$name" 1 1 256 256 "disk = [ 'format=raw, vdev=xvdb, access=rw, target=$img' ]" ||
		return 0
	if ! check_poll xvdb-present "$name" 60 'test -b /dev/xvdb' "no /dev/xvdb in the guest" blockdevs; then
		guest_diag "$name"
		return 0
	fi
	# shellcheck disable=SC2016 # expanded by the guest's shell
	check_eq xvdb-size $((64 << 20)) \
		"$(guest_run "$name" "$T_CMD" 'echo $(($(cat /sys/block/xvdb/size) * 512))')"

	out=$(guest_run "$name" 120 "rig-pattern $seed $size >/dev/xvdb && sync &&
		echo written=\$(rig-pattern $seed $size | sha256sum) &&
		echo 3 >/proc/sys/vm/drop_caches &&
		echo readback=\$(head -c $size /dev/xvdb | sha256sum)") ||
		fail guest-io "guest write/read failed (rc $?): $(echo "$out" | tail -n 1)"
	note "$out"
	check_eq guest-written-sha "$want" "$(sed -n 's/^written=\([0-9a-f]*\).*/\1/p' <<<"$out")"
	check_eq guest-readback-sha "$want" "$(sed -n 's/^readback=\([0-9a-f]*\).*/\1/p' <<<"$out")"

	guest_destroy "$name"
	check_eq dom0-image-sha "$want" "$(head -c "$size" "$img" | sha256sum | cut -d' ' -f1)"
	rm -f "$img"
}
