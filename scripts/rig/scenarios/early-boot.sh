# shellcheck shell=bash
# features: pv-early
# timeout: 240
# Early PV boot, before userspace: a 1-vCPU guest's kernel log reaches the
# console from the first printk ("Linux version"), the memory manager
# comes up (mm_init's "Memory: ...K/...K available") and then slab
# ("SLUB: HWalign="), in this order, with no crash before the slab line.
# The guest agent is not waited for: whatever the guest does after the
# slab line (hang, crash, boot on) does not matter here, and the domain is
# destroyed either way.

# Milestones, in order: check name and console line (awk ERE).
EARLY_CHECKS=(console-first-printk mm-init slab-init)
EARLY_LINES=('Linux version ' 'Memory: [0-9]+K/[0-9]+K available' 'SLUB: HWalign=')
# Normally seconds even under TCG; generous for a busy machine.
EARLY_TIMEOUT=120

scenario_main() {
	local name=$SCEN cfg off rc i
	# earlyprintk=xen: the boot console on the PV console ring, so the log
	# shows up before the hvc driver (registered after mm_init) exists.
	# Preserve a powered-off guest too: an early kernel that halts with
	# all vCPUs down is powered off by Xen, and xenctx can still look at it.
	cfg=$(CFG_CMDLINE=earlyprintk=xen CFG_ON_POWEROFF=preserve guest_cfg "$name" 1 1 256 256)
	off=$(log_size "$name")
	if ! guest_create create "$name" "$cfg"; then
		for i in "${!EARLY_CHECKS[@]}"; do
			fail "${EARLY_CHECKS[$i]}" "not reached: xl create failed"
		done
		fail no-crash-before-slab "not reached: xl create failed"
		return 0
	fi
	note "xl create done; watching the console for the early boot lines"
	rc=0
	wait_milestones "$name" "$off" "$EARLY_TIMEOUT" "${EARLY_LINES[@]}" || rc=$?

	for i in "${!EARLY_CHECKS[@]}"; do
		if ((i < ${#MILESTONES[@]})); then
			note "+${MILESTONE_SECS[$i]}s: ${MILESTONES[$i]}"
			pass "${EARLY_CHECKS[$i]}"
		elif ((i == ${#MILESTONES[@]})); then
			fail "${EARLY_CHECKS[$i]}" "$WAIT_WHY$(console_last_line "$name" "$off")"
		else
			fail "${EARLY_CHECKS[$i]}" "not reached (stopped before /${EARLY_LINES[${#MILESTONES[@]}]}/)"
		fi
	done
	case $rc in
	0) pass no-crash-before-slab ;;
	1) fail no-crash-before-slab "$WAIT_WHY" ;;
	*) fail no-crash-before-slab "no crash reported, but no slab line within ${EARLY_TIMEOUT}s either (hang?)$(console_last_line "$name" "$off")" ;;
	esac
	((rc == 0)) || guest_diag "$name" 15
	guest_destroy "$name"
	note "destroyed"
}

