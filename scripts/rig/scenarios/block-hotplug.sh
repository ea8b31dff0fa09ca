# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront
# timeout: 420
# Runtime block hotplug: xl block-attach of a 16 MiB file-backed disk as
# xvdc appears in the guest at the right size; a pseudo-random pattern
# written to it reads back intact after a page-cache drop; xl
# block-detach makes it disappear from the guest, from xl block-list and
# from xenstore (frontend and backend directories) and frees the loop
# device; the guest's interrupt lines and grants are back where they were
# before the attach; the kernel logged no warning in between; and the
# image holds the pattern.  (Network hotplug: scenario hotplug.)
# Before the detach, the guest unbinds its driver from xvdc (what rmmod
# does): both ends of the device must reach Closed, and binding again
# must reconnect it with the data intact.

SIZE=$((16 << 20))
IO_SIZE=$((4 << 20))

# unbind_rebind NAME DOMID SHA: the guest lets go of xvdc through its
# driver's sysfs unbind; both ends close (XenbusStateClosed = 6); a bind
# brings the disk back, still holding the pattern with sha SHA.  Fails
# (the scenario stops) if the disk does not come back.
unbind_rebind() {
	local name=$1 id=$2 want=$3 out states t
	# shellcheck disable=SC2016 # expanded by the guest's shell
	out=$(guest_run "$name" 60 'd=$(readlink -f /sys/bus/xen/devices/vbd-51744/driver) &&
		echo "$d" >/tmp/vbd-driver && echo vbd-51744 >"$d/unbind" && echo unbound') ||
		note "guest unbind failed (rc $?)"
	if [[ "$out" != *unbound* ]]; then
		fail unbind "could not unbind xvdc's driver: $(tail -n 1 <<<"$out")"
		return 0
	fi
	check_poll unbind-disk-gone "$name" 30 '! test -e /sys/block/xvdc' "xvdc still there after unbind"
	for ((t = 0; t < 40; t++)); do
		states=$(vbd_states "$id" xvdc)
		[[ "$states" == 6/6 ]] && break
		sleep 1
	done
	if [[ "$states" == 6/6 ]]; then
		pass unbind-both-ends-closed
	else
		fail unbind-both-ends-closed "after unbind: states backend/frontend $states; want 6/6 (Closed) for both"
	fi
	if [[ "$(guest_kernel_label)" == reference ]]; then
		skip rebind "upstream's xenbus leaves a device closed by an unbind closed: binding again does not reconnect it"
		return 0
	fi
	# shellcheck disable=SC2016 # expanded by the guest's shell
	guest_run "$name" 60 'echo vbd-51744 >"$(cat /tmp/vbd-driver)/bind"' >/dev/null ||
		note "guest bind failed (rc $?)"
	if ! check_poll rebind-disk-back "$name" 60 'test -b /dev/xvdc' "no /dev/xvdc after bind"; then
		guest_diag "$name"
		return 1
	fi
	out=$(guest_run "$name" 120 "echo 3 >/proc/sys/vm/drop_caches &&
		echo readback=\$(head -c $IO_SIZE /dev/xvdc | sha256sum)") || note "guest read failed (rc $?)"
	check_eq rebind-readback-sha "$want" "$(sed -n 's/^readback=\([0-9a-f]*\).*/\1/p' <<<"$out")"
}

scenario_main() {
	local name=block-hotplug img="$IMG_DIR/block-hotplug.img" id seed want out tok
	rm -f "$img"
	truncate -s "$SIZE" "$img"
	seed=$((RANDOM * 32768 + RANDOM))
	want=$(pattern_sha "$seed" "$IO_SIZE")
	guest_up "$name" 1 1 256 256 || return 0
	id=$(domid_of "$name")
	check_eq initial-no-xvdc - "$(guest_info "$name" blockdevs)"
	leak_snapshot "$name"
	tok="attach-$RANDOM"
	guest_kmsg_mark "$name" "$tok"

	xl_step block-attach 90 block-attach "$name" "$(disk_spec xvdc "$img")" || return 0
	if ! check_poll block-appears "$name" 60 'test -b /dev/xvdc' "no /dev/xvdc after block-attach"; then
		guest_diag "$name"
		return 0
	fi
	# shellcheck disable=SC2016 # expanded by the guest's shell
	check_eq block-size "$SIZE" \
		"$(guest_run "$name" "$T_CMD" 'echo $(($(cat /sys/block/xvdc/size) * 512))')"
	out=$(guest_run "$name" 120 "rig-pattern $seed $IO_SIZE >/dev/xvdc && sync &&
		echo 3 >/proc/sys/vm/drop_caches &&
		echo readback=\$(head -c $IO_SIZE /dev/xvdc | sha256sum)") ||
		note "guest I/O failed (rc $?)"
	check_eq block-io-readback-sha "$want" "$(sed -n 's/^readback=\([0-9a-f]*\).*/\1/p' <<<"$out")"
	# What the device holds while it is there, to see it released
	# (before the unbind: upstream's kernel stays unbound).
	LEAK_PEAK_IRQS=$(guest_irq_lines "$name") LEAK_PEAK_GRANTS=$(guest_grants "$name")
	note "with xvdc: grants held, bad: $LEAK_PEAK_GRANTS; interrupts: $(paste -sd, <<<"$LEAK_PEAK_IRQS")"

	unbind_rebind "$name" "$id" "$want" || return 0

	xl_step block-detach 90 block-detach "$name" xvdc || { guest_diag "$name"; return 0; }
	check_poll block-disappears "$name" 60 '! test -e /sys/block/xvdc' "xvdc still present after block-detach"
	if xl block-list "$name" | grep '^51744 ' >/dev/null; then
		fail block-detach-backend "xl block-list still lists xvdc"
	else
		pass block-detach-backend
	fi
	check_vbd_gone block-detach-xenstore "$id" xvdc "$img"
	check_released block "$name" 0
	check_no_kernel_warnings block-no-kernel-warnings "$name" "$tok" '' \
		"between block-attach and after block-detach"
	check_eq dom0-image-sha "$want" "$(head -c "$IO_SIZE" "$img" | sha256sum | cut -d' ' -f1)"
	rm -f "$img"
}
