# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront
# timeout: 300
# Root filesystem on a PV disk, no initramfs: dom0 makes an ext4 image
# (mke2fs -d) of the guest initramfs' files plus a token, and boots the
# guest from it with no ramdisk and root=/dev/xvda rw, so the kernel must
# find xvda by itself before it mounts root.  The agent must come up from
# that disk (it reads the token back); / must be the ext4 filesystem on
# xvda (mountinfo's device number is /sys/block/xvda/dev, /proc/mounts
# says ext4, rw); a file the guest writes on / (synced, then / remounted
# read-only) must be in the image when dom0 reads it with debugfs after
# the guest powered off; and the image must be clean (e2fsck -fn).

ROOT_SIZE=$((64 << 20))
FILE_SIZE=$((1 << 20))
FILE=/rig-root-file

scenario_main() {
	local name=block-root img="$IMG_DIR/block-root.img" stage=/tmp/block-root-stage
	local tok seed want cfg out id line t dev
	rm -rf "$img" "$stage"
	mkdir -p "$stage"
	if ! (cd "$stage" && gzip -dc "$GUEST_INITRD" | busybox cpio -i -d -m 2>/dev/null); then
		fail root-image "cannot unpack $GUEST_INITRD"
		return 0
	fi
	# A kernel with its frontends as modules (Debian's) needs an initramfs
	# to mount a root on xvda.
	if grep -i 'blkfront' "$stage/lib/modules/rig-load-order" >/dev/null 2>&1; then
		skip root-on-xvda "blkfront is a module of this kernel: a root on xvda needs an initramfs"
		rm -rf "$stage"
		return 0
	fi
	tok="root-$RANDOM$RANDOM" seed=$((RANDOM * 32768 + RANDOM))
	want=$(pattern_sha "$seed" "$FILE_SIZE")
	echo "$tok" >"$stage/etc/rig/root-token"
	truncate -s "$ROOT_SIZE" "$img"
	if ! out=$(mke2fs -q -F -t ext4 -L rigroot -d "$stage" "$img" 2>&1); then
		fail root-image "mke2fs -t ext4 -d of the guest files: $out"
		return 0
	fi
	rm -rf "$stage"
	note "root image: $(du -k "$img" | cut -f1) KiB used of $((ROOT_SIZE >> 10)) KiB"

	cfg=$(CFG_RAMDISK='' CFG_CMDLINE='root=/dev/xvda rw' guest_cfg "$name" 1 1 256 256 \
		"disk = [ '$(disk_spec xvda "$img")' ]")
	guest_start "$name" "$cfg" || return 0
	pass boot-from-xvda
	id=$(domid_of "$name")
	check_eq root-token "$tok" "$(guest_run "$name" "$T_CMD" 'cat /etc/rig/root-token')"
	# Field 3 of mountinfo is the mounted device's major:minor.
	dev=$(guest_run "$name" "$T_CMD" 'cat /sys/block/xvda/dev')
	if [[ -z "$dev" ]]; then
		fail root-device-is-xvda "no /sys/block/xvda/dev in the guest"
	else
		check_eq root-device-is-xvda "$dev" \
			"$(guest_run "$name" "$T_CMD" "awk '\$5 == \"/\" {print \$3}' /proc/self/mountinfo")"
	fi
	line=$(guest_run "$name" "$T_CMD" "awk '\$2 == \"/\"' /proc/mounts")
	if [[ "$line" =~ ^[^\ ]+\ /\ ext4\ rw[,\ ] ]]; then
		pass root-ext4-rw
	else
		fail root-ext4-rw "/proc/mounts for /: '$line'"
	fi

	out=$(guest_run "$name" 120 "rig-pattern $seed $FILE_SIZE >$FILE && sync &&
		echo written=\$(sha256sum <$FILE) && mount -o remount,ro / && awk '\$2 == \"/\"' /proc/mounts")
	check_eq root-file-written "$want" "$(sed -n 's/^written=\([0-9a-f]*\).*/\1/p' <<<"$out")"
	if [[ "$out" =~ \ /\ ext4\ ro[,\ ] ]]; then
		pass root-remount-ro
	else
		fail root-remount-ro "mount -o remount,ro / failed: '$(tail -n 1 <<<"$out")'"
	fi

	xl_step shutdown 150 shutdown -w "$name" || { guest_diag "$name"; return 0; }
	for ((t = 0; t < 30; t++)); do
		domain_exists "$name" || break
		sleep 1
	done
	check_vbd_gone root-disk-released "$id" xvda "$img"
	if out=$(e2fsck -fn "$img" 2>&1); then
		pass dom0-root-fs-clean
	else
		fail dom0-root-fs-clean "e2fsck -fn: $(grep -v '^Pass \|^e2fsck ' <<<"$out" | head -n 3 | paste -sd' ')"
	fi
	check_eq dom0-root-file-sha "$want" \
		"$(debugfs -R "cat $FILE" "$img" 2>/dev/null | sha256sum | cut -d' ' -f1)"
	rm -f "$img"
}
