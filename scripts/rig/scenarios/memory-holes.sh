# shellcheck shell=bash
# features: pv-early pv-boot hvc
# timeout: 600
# A PV guest whose memory map has holes inside its populated pages keeps
# all its memory: the pages in the holes are given back to Xen and as
# many are populated again above the end of RAM (issue 4).
#
# How the map is made: xl gives a PV guest a map only with e820_host=1,
# and then it copies the host's holes.  The rig's host is QEMU with 3 GiB
# all below 4 GiB, so the first host hole is at ~3 GiB, far above any
# guest here (e820_host=1 for 256 MiB gives one RAM entry 0-256 MiB).
# So the guest is created paused and rig-memmap sets its map with
# XENMEM_set_memory_map, the call libxl makes for e820_host, before it
# first runs:
#
#   0       - 128 MiB  RAM  (from 0, as libxl's maps start; the kernel
#                             reserves the ISA window itself)
#   128 MiB - 160 MiB  reserved   <- 32 MiB of populated pages in a hole
#   160 MiB - 272 MiB  RAM
#   272 MiB - 276 MiB  reserved   <- not to be used for the pages moved up
#   276 MiB - 300 MiB  RAM
#
# and a second guest ("far-" checks) gets a map that sends the pages far
# up, past 1 GiB, so that the p2m must grow across a new L1 table:
#
#   0       - 128 MiB  RAM
#   128 MiB - 136 MiB  reserved   <- 8 MiB of populated pages in a hole
#   136 MiB - 256 MiB  RAM
#   256 MiB - 1 GiB    reserved   <- the pages come back above this
#   1 GiB   - 1088 MiB RAM
#
# The same kernel also boots without a map; checks are on effects, the
# same for any kernel: Xen's count of the domain's pages (xl list) is
# unchanged, MemTotal matches the guest without holes within a
# tolerance, no RAM in the holes, RAM above 256 MiB.  Our kernel also
# logs its counts ("xenpv: N pages in memory-map holes: ..."); when that
# line is there (our kernel only), its counts must add up.

MH_MEM=256
MIB=$((1024 * 1024))
# START END TYPE (bytes, END exclusive; 1 RAM, 2 reserved).
MH_MAP=(0 $((128 * MIB)) 1
	$((128 * MIB)) $((160 * MIB)) 2
	$((160 * MIB)) $((272 * MIB)) 1
	$((272 * MIB)) $((276 * MIB)) 2
	$((276 * MIB)) $((300 * MIB)) 1)
MH_FAR_MAP=(0 $((128 * MIB)) 1
	$((128 * MIB)) $((136 * MIB)) 2
	$((136 * MIB)) $((256 * MIB)) 1
	$((256 * MIB)) $((1024 * MIB)) 2
	$((1024 * MIB)) $((1088 * MIB)) 1)
# Allowed MemTotal shortfall against the guest without holes, in KiB:
# the p2m grows by a page per 2 MiB of new pfns (~150 KiB here), the RAM
# moved to 256-292 MiB opens a 128 MiB memory section whose struct pages
# take 2 MiB, and the direct map of the new range ~100 KiB of page
# tables.  4 MiB covers that; losing the hole would cost 32 MiB.
MH_TOLERANCE_KB=4096
# The far map: the p2m also spans 256 MiB - 1 GiB, a page per 2 MiB
# (our kernel's dense growth, ~1.5 MiB), and the 8 MiB come back in a
# section of their own (2 MiB of struct pages).
MH_FAR_TOLERANCE_KB=6144
# A kernel warning, bug or crash in the guest's log.
MH_BAD='WARNING:|BUG:|Oops|general protection|Kernel panic'

# The memory map of the next mh_boot: START END TYPE triples.
MH_NEXT_MAP=()

# mh_set_map NAME: a GUEST_PAUSED_HOOK: MH_NEXT_MAP for the paused domain.
mh_set_map() {
	local out
	if ! out=$(/rig/bin/rig-memmap "$(domid_of "$1")" "${MH_NEXT_MAP[@]}" 2>&1); then
		note "rig-memmap failed: $out"
		return 1
	fi
	note "$out"
}

# mh_boot NAME [MAP...]: start a guest, with the memory map MAP (START
# END TYPE triples; created paused, map set, unpaused) if given, and wait
# for its agent.  Returns 1 (FAIL recorded) if it does not come up.
mh_boot() {
	local name=$1 cfg
	shift
	# earlyprintk=xen: a kernel that dies before hvc0 still says why.
	cfg=$(CFG_CMDLINE=earlyprintk=xen guest_cfg "$name" 1 1 "$MH_MEM" "$MH_MEM")
	if (($# == 0)); then
		guest_start "$name" "$cfg"
		return
	fi
	MH_NEXT_MAP=("$@")
	GUEST_PAUSED_HOOK=mh_set_map guest_start "$name" "$cfg"
}

# xl_mem NAME: the domain's memory in MiB as xl list reports it (Xen's
# count of its pages).
xl_mem() { xl list "$1" 2>/dev/null | awk 'NR == 2 {print $3}'; }

# mh_iomem_checks NAME: the holes are not RAM, the pages came back above.
mh_iomem_checks() {
	local name=$1 iomem line s e bad='' above=0 lo=$((256 * MIB))
	iomem=$(guest_run "$name" "$T_CMD" 'cat /proc/iomem') ||
		{ fail iomem "agent command failed: ${RUN_WHY:-rc $?}"; return 0; }
	# Top-level "start-end : System RAM" lines (end inclusive, hex).
	while IFS= read -r line; do
		[[ "$line" =~ ^([0-9a-f]+)-([0-9a-f]+)\ :\ System\ RAM ]] || continue
		s=$((16#${BASH_REMATCH[1]})) e=$((16#${BASH_REMATCH[2]} + 1))
		if ((s < 160 * MIB && e > 128 * MIB || s < 276 * MIB && e > 272 * MIB)); then
			bad+="${line%% *} "
		fi
		((e > lo)) && above=$((above + (e - (s > lo ? s : lo)) / 1024))
	done <<<"$iomem"
	note "System RAM above 256 MiB: ${above} KiB"
	if [[ -z "$bad" ]]; then
		pass no-ram-in-holes
	else
		fail no-ram-in-holes "System RAM overlaps a reserved range: $bad"
	fi
	# Most of the 32 MiB must be back above the populated pages.
	if ((above >= 30 * 1024)); then
		pass ram-above-populated-pages
	else
		fail ram-above-populated-pages "only ${above} KiB of System RAM above 256 MiB, expected ~32 MiB"
	fi
}

# mh_log_checks NAME PREFIX PAGES: our kernel's own count line, when it
# is there: PAGES in holes, all either holding the p2m or given back, and
# as many re-populated as given back.
mh_log_checks() {
	local name=$1 c=$2log-counts want=$3 line n taken gave got
	line=$(console_since "$name" "$GUEST_BOOT_OFFSET" | grep -E 'xenpv: [0-9]+ pages in memory-map holes' | head -n 1)
	if [[ -z "$line" ]]; then
		if console_has "$name" "$GUEST_BOOT_OFFSET" 'xenpv: '; then
			fail "$c" "our kernel logged no 'pages in memory-map holes' line"
		else
			skip "$c" "not our kernel (no xenpv: lines)"
		fi
		return 0
	fi
	note "kernel: $line"
	read -r n taken gave got < <(sed -E 's/.*xenpv: ([0-9]+) pages in memory-map holes: ([0-9]+) gave room to the p2m, ([0-9]+) given back to Xen, ([0-9]+) re-populated.*/\1 \2 \3 \4/' <<<"$line")
	if [[ "$n" == "$want" && $((taken + gave)) == "$n" && "$got" == "$gave" ]]; then
		pass "$c"
	else
		fail "$c" "expected $want pages = p2m + given back, and re-populated = given back: '$line'"
	fi
}

# mh_memory_checks NAME PREFIX TOLERANCE_KB: after a boot with holes, no
# warnings, Xen's page count and MemTotal as without holes.
mh_memory_checks() {
	local name=$1 p=$2 tol=$3 mt mem
	mt=$(guest_info "$name" memtotal_kb)
	mem=$(xl_mem "$name")
	note "$name: MemTotal $mt kB, xl list $mem MiB"
	# Not "Call Trace" alone: upstream's kernel traces an unchecked MSR read
	# on this host in every boot, holes or not.
	if console_has "$name" "$GUEST_BOOT_OFFSET" "$MH_BAD"; then
		fail "${p}no-warnings" "$(console_since "$name" "$GUEST_BOOT_OFFSET" | grep -m1 -E "$MH_BAD")"
	else
		pass "${p}no-warnings"
	fi
	# Released pages that never came back would show as less memory here.
	check_eq "${p}xl-memory-kept" "$MH_FLAT_MEM" "$mem"
	if [[ "$MH_FLAT_MT" =~ ^[0-9]+$ && "$mt" =~ ^[0-9]+$ ]] &&
		((mt <= MH_FLAT_MT && MH_FLAT_MT - mt <= tol ||
		  mt > MH_FLAT_MT && mt - MH_FLAT_MT <= tol)); then
		pass "${p}memtotal-kept"
	else
		fail "${p}memtotal-kept" "MemTotal $mt kB with holes, $MH_FLAT_MT kB without: more than $tol kB apart"
	fi
}

scenario_main() {
	local flat=mh-flat holes=mh-holes far=mh-far
	mh_boot "$flat" || return 0
	MH_FLAT_MT=$(guest_info "$flat" memtotal_kb)
	MH_FLAT_MEM=$(xl_mem "$flat")
	note "without holes: MemTotal $MH_FLAT_MT kB, xl list $MH_FLAT_MEM MiB"
	guest_destroy "$flat"

	if mh_boot "$holes" "${MH_MAP[@]}"; then
		pass boots-with-holes
		mh_memory_checks "$holes" "" "$MH_TOLERANCE_KB"
		mh_iomem_checks "$holes"
		mh_log_checks "$holes" "" $((32 * 256))
		guest_destroy "$holes"
		note "destroyed $holes"
	fi

	mh_boot "$far" "${MH_FAR_MAP[@]}" || return 0
	pass far-boots-with-holes
	mh_memory_checks "$far" far- "$MH_FAR_TOLERANCE_KB"
	mh_log_checks "$far" far- $((8 * 256))
	guest_destroy "$far"
	note "destroyed $far"
}
