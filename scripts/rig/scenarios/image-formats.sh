# shellcheck shell=bash
# features: pv-early
# timeout: 480
# kernel-images: yes
# xl create builds the domain from each kernel image format a farm ships:
# the bzImage itself and with an xz payload, and the vmlinux stripped
# (objcopy --strip-all), plain and compressed with gzip and with xz
# (scripts/rig/run makes them; the vmlinux ones from --vmlinux).  Each
# passes once its early boot shows "Linux version" and mm_init's "Memory:
# ...K/...K available" on the console; the guest is destroyed right after.
# An image the host could not ship (no --vmlinux, or an ELF given as
# --kernel) is a SKIP with the reason, never a PASS.  So is an xz vmlinux
# when xl says it has no loader for it: Xen 4.17's domain builder
# decompresses a plain kernel only if it is gzip (xz, bzip2, lzma, lzo,
# lz4 and zstd only as a bzImage payload), which bzImage-xz covers.

# check name, file in IMAGES_DIR.
IMAGE_FORMATS=(bzImage:bzImage bzImage-xz:bzImage-xz vmlinux-stripped:vmlinux-stripped
	vmlinux-gz:vmlinux.gz vmlinux-xz:vmlinux.xz)
# Normally a few seconds each (plus up to ~20 s in xl create to unpack a
# bzImage); bounded so that five hanging guests still fit the budget.
IMAGE_TIMEOUT=80

scenario_main() {
	local entry check file why
	for entry in "${IMAGE_FORMATS[@]}"; do
		check=${entry%%:*} file=${entry#*:}
		if [[ ! -f "$IMAGES_DIR/$file" ]]; then
			why=$(awk -v f="$file" '$1 == f {sub(/^[^ ]+ +/, ""); print; exit}' "$IMAGES_DIR/missing" 2>/dev/null)
			skip "$check" "${why:-not shipped by the host}"
			continue
		fi
		boot_image "$check" "$IMAGES_DIR/$file"
	done
}

# boot_image CHECK IMAGE: create a guest from IMAGE, pass CHECK once its
# console shows the first printk and mm_init, destroy it.
boot_image() {
	local check=$1 image=$2 name="$SCEN-$1" cfg off t rc=0
	t=$(time_left 30)
	if ((t < 20)); then
		fail "$check" "no time left in the scenario's budget (${SCEN_BUDGET}s)"
		return 0
	fi
	((t > IMAGE_TIMEOUT)) && t=$IMAGE_TIMEOUT
	cfg=$(CFG_KERNEL=$image CFG_CMDLINE=earlyprintk=xen CFG_ON_POWEROFF=preserve \
		guest_cfg "$name" 1 1 256 256)
	off=$(log_size "$name")
	note "$check: $(($(stat -c %s "$image") / 1024)) KiB"
	if ! guest_create '' "$name" "$cfg"; then
		if [[ "$check" == vmlinux-xz && "$CREATE_WHY" == *"no loader found"* ]]; then
			skip "$check" "this Xen's xl takes a plain vmlinux uncompressed or gzip only, xz only as a bzImage payload (bzImage-xz); ${CREATE_WHY#xl create failed: }"
		else
			fail "$check" "$CREATE_WHY"
			guest_diag "$name" 15
		fi
		return 0
	fi
	note "xl create done; watching the console"
	wait_milestones "$name" "$off" "$t" 'Linux version ' 'Memory: [0-9]+K/[0-9]+K available' || rc=$?
	if ((rc == 0)); then
		note "+${MILESTONE_SECS[1]}s: ${MILESTONES[1]}"
		pass "$check"
	else
		fail "$check" "booting $(basename "$image"): $WAIT_WHY$(console_last_line "$name" "$off")"
		guest_diag "$name" 15
	fi
	guest_destroy "$name"
}
