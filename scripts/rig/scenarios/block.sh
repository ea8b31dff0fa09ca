# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront
# timeout: 540
# Two file-backed disks (loop devices, see disk_spec) from boot, of
# different sizes so that a mix-up shows: xvda (48 MiB) and xvdb (64 MiB).
# - xvda: the guest makes an ext2 filesystem (busybox mke2fs), mounts it
#   (ext4 driver), writes a tree of files, syncs, unmounts, drops the
#   caches, mounts it again and reads every file back: the sha256 of each
#   must be what dom0 computes from the same seeds.  After the guest is
#   gone dom0 checks the filesystem (e2fsck -fn) and reads the largest
#   file out of the image (debugfs).
# - xvdb: a pseudo-random pattern written raw survives a page-cache drop
#   and lands byte-exact in the image dom0 holds.
# - Both run with persistent grants (blkback's connect message says so).
# Then both disks are detached at runtime: they leave the guest and
# xenstore, their interrupt lines and grants are released, and the
# guest's kernel logs no warning meanwhile, nor an error about the
# disks since boot.

# Files the filesystem check writes: f1.. with these sizes (zero, odd,
# around a page, 5 MiB: past ext2's double-indirect blocks), and 24 small
# ones three directories deep.
FS_SIZES='0 1 511 4096 4097 65549 1048576 5242887'
FS_BIG=/f8
FS_MNT=/mnt/rig
# Disk names and sizes (bytes).
A_SIZE=$((48 << 20))
B_SIZE=$((64 << 20))
RAW_SIZE=$((4 << 20))

# fs_tree_cmd ROOT SEED: the sh commands that write the file tree under
# ROOT.  The guest runs them on the disk, dom0 in a scratch directory for
# the expected checksums.
fs_tree_cmd() {
	local root=$1 seed=$2
	echo "i=0; for s in $FS_SIZES; do i=\$((i + 1));
		rig-pattern \$(($seed + i)) \$s >$root/f\$i || exit 1; done;
		mkdir -p $root/d/e/f || exit 1;
		for i in \$(seq 1 24); do
		rig-pattern \$(($seed + 100 + i)) \$((i * 97)) >$root/d/e/f/s\$i || exit 1; done"
}

# "sha256  ./path" of every file under the current directory, sorted.
MANIFEST_CMD='find . -type f | LC_ALL=C sort | xargs sha256sum'

# check_manifest CHECK EXPECTED ACTUAL: pass if the manifests agree, else
# name the first files that differ.
check_manifest() {
	local diff
	if [[ "$2" == "$3" ]]; then
		pass "$1"
		return 0
	fi
	diff=$(awk 'NR == FNR {if (NF == 2) want[$2] = $1; next}
		NF == 2 {got[$2] = $1}
		function add(s) {if (n++ < 5) out = out (n > 1 ? ", " : "") s}
		END {
			for (f in want) if (!(f in got)) add(f " (missing)"); else if (got[f] != want[f]) add(f " (wrong data)")
			for (f in got) if (!(f in want)) add(f " (extra)")
			if (n > 5) out = out sprintf(" and %d more", n - 5)
			print out
		}' <(printf '%s\n' "$2") <(printf '%s\n' "$3"))
	[[ -n "$diff" ]] || diff="unreadable output: $(head -c 200 <<<"$3" | paste -sd' ')"
	fail "$1" "files differ from what dom0 expects: $diff"
}

scenario_main() {
	local name=block imga="$IMG_DIR/block-a.img" imgb="$IMG_DIR/block-b.img"
	local seed fseed want out expect got id tok exp_pid fs=''
	rm -rf "$imga" "$imgb" /tmp/block-expect
	truncate -s "$A_SIZE" "$imga"
	truncate -s "$B_SIZE" "$imgb"
	seed=$((RANDOM * 32768 + RANDOM)) fseed=$((RANDOM * 32768 + RANDOM))
	want=$(pattern_sha "$seed" "$RAW_SIZE")
	# The files dom0 expects, made while the guest boots.
	mkdir -p /tmp/block-expect
	(PATH=/rig/bin:$PATH sh -c "$(fs_tree_cmd /tmp/block-expect "$fseed")" &&
		cd /tmp/block-expect && eval "$MANIFEST_CMD" >/tmp/block-expect.list) &
	exp_pid=$!
	guest_up "$name" 1 1 256 256 "disk = [ '$(disk_spec xvda "$imga")', '$(disk_spec xvdb "$imgb")' ]" ||
		return 0
	id=$(domid_of "$name")
	check_poll xvda-present "$name" 60 'test -b /dev/xvda' "no /dev/xvda in the guest" blockdevs
	if ! check_poll xvdb-present "$name" 60 'test -b /dev/xvdb' "no /dev/xvdb in the guest" blockdevs; then
		guest_diag "$name"
		return 0
	fi
	# shellcheck disable=SC2016 # expanded by the guest's shell
	out=$(guest_run "$name" "$T_CMD" 'for d in xvda xvdb; do echo $d=$(($(cat /sys/block/$d/size) * 512)); done')
	check_eq xvda-size "$A_SIZE" "$(sed -n 's/^xvda=//p' <<<"$out")"
	check_eq xvdb-size "$B_SIZE" "$(sed -n 's/^xvdb=//p' <<<"$out")"
	# Both ends agreed on persistent grants: blkback says so as it connects.
	out=$(dmesg | grep "backend/vbd/$id/51712: " | tail -n 1)
	if [[ "$out" == *"persistent grants"* ]]; then
		pass xvda-persistent-grants
	else
		fail xvda-persistent-grants "blkback did not connect xvda with persistent grants: '${out:-no message}'"
	fi

	# A filesystem on xvda, written, then read back from the disk.
	out=$(guest_run "$name" 120 "mke2fs -F -b 4096 -I 256 -L rigfs /dev/xvda >/tmp/mke2fs.out 2>&1 ||
		{ tail -n 3 /tmp/mke2fs.out; exit 1; };
		mkdir -p $FS_MNT && mount -t ext4 /dev/xvda $FS_MNT && grep ' $FS_MNT ' /proc/mounts")
	# (Kernel warnings reach the console too: look for the line.)
	if grep -E "^/dev/xvda $FS_MNT ext4 rw[, ]" <<<"$out" >/dev/null; then
		pass fs-mkfs-mount
		fs=1
		got=$(guest_run "$name" 240 "($(fs_tree_cmd $FS_MNT "$fseed")) && sync && echo RIG-WRITTEN &&
			umount $FS_MNT && echo 3 >/proc/sys/vm/drop_caches &&
			mount -t ext4 -o ro /dev/xvda $FS_MNT && cd $FS_MNT && $MANIFEST_CMD")
		if [[ "$got" == *RIG-WRITTEN* ]]; then
			pass fs-write
		else
			fail fs-write "writing the files failed: $(tail -n 2 <<<"$got" | paste -sd' ')"
		fi
		wait "$exp_pid"
		expect=$(cat /tmp/block-expect.list)
		check_manifest fs-readback-sha "$expect" "$(awk 'on; /^RIG-WRITTEN$/ {on = 1}' <<<"$got" | grep -E '^[0-9a-f]{64}  ')"
	else
		fail fs-mkfs-mount "mke2fs + mount -t ext4 /dev/xvda: '$(tail -n 3 <<<"$out" | paste -sd' ')'"
	fi

	# The raw pattern on xvdb (after xvda is unmounted for the detach).
	out=$(guest_run "$name" 120 "umount $FS_MNT 2>/dev/null; ! grep -q ' $FS_MNT ' /proc/mounts || echo RIG-STILL-MOUNTED;
		rig-pattern $seed $RAW_SIZE >/dev/xvdb && sync &&
		echo written=\$(rig-pattern $seed $RAW_SIZE | sha256sum) &&
		echo 3 >/proc/sys/vm/drop_caches &&
		echo readback=\$(head -c $RAW_SIZE /dev/xvdb | sha256sum)") ||
		fail guest-io "guest write/read failed (rc $?): $(echo "$out" | tail -n 1)"
	[[ "$out" != *RIG-STILL-MOUNTED* ]] || fail fs-umount "umount $FS_MNT failed"
	check_eq guest-written-sha "$want" "$(sed -n 's/^written=\([0-9a-f]*\).*/\1/p' <<<"$out")"
	check_eq guest-readback-sha "$want" "$(sed -n 's/^readback=\([0-9a-f]*\).*/\1/p' <<<"$out")"

	# Both disks away at runtime; nothing of them may stay behind.
	leak_snapshot "$name"
	tok="detach-$RANDOM"
	guest_kmsg_mark "$name" "$tok"
	if xl_step detach-xvda 90 block-detach "$name" xvda && xl_step detach-xvdb 90 block-detach "$name" xvdb; then
		check_poll detach-disks-disappear "$name" 60 '! test -e /sys/block/xvda && ! test -e /sys/block/xvdb' \
			"xvda or xvdb still in /sys/block after block-detach" blockdevs
		check_vbd_gone detach-xvda-xenstore "$id" xvda "$imga"
		check_vbd_gone detach-xvdb-xenstore "$id" xvdb "$imgb"
		check_released detach "$name" 2
		check_no_kernel_warnings detach-no-kernel-warnings "$name" "$tok" '' "while the disks were detached"
	fi
	# Since boot, errors only: upstream logs some plain printk()s (level
	# warning) at boot, such as "Grant table initialized".
	KMSG_LEVEL=3 check_no_kernel_warnings no-kernel-errors-about-disks "$name" '' 'blk|xvd|vbd|xenbus|grant' \
		"about the disks (blk, xvd, vbd, xenbus, grant) since boot"

	guest_destroy "$name"
	check_eq dom0-image-sha "$want" "$(head -c "$RAW_SIZE" "$imgb" | sha256sum | cut -d' ' -f1)"
	if [[ -n "$fs" ]]; then
		if out=$(e2fsck -fn "$imga" 2>&1); then
			pass dom0-fs-clean
		else
			fail dom0-fs-clean "e2fsck -fn of xvda's image: $(grep -v '^Pass \|^e2fsck ' <<<"$out" | head -n 3 | paste -sd' ')"
		fi
		check_eq dom0-fs-file-sha "$(sha256sum </tmp/block-expect$FS_BIG | cut -d' ' -f1)" \
			"$(debugfs -R "cat $FS_BIG" "$imga" 2>/dev/null | sha256sum | cut -d' ' -f1)"
	fi
	wait
	rm -rf "$imga" "$imgb" /tmp/block-expect /tmp/block-expect.list
}
