# shellcheck shell=bash
# features: pv-boot hvc xenstore balloon
# timeout: 300
# xl mem-set down and up: the balloon driver's target follows exactly and
# the guest's MemTotal shrinks/grows by (most of) the difference.

scenario_main() {
	local name=balloon mt0 mt1 mt2 v
	guest_up "$name" 1 1 256 384 || return 0
	check_eq initial-target-kb 262144 "$(guest_info "$name" balloon_target_kb)"
	mt0=$(guest_info "$name" memtotal_kb)

	xl_step mem-set-down 60 mem-set "$name" 160m || return 0
	check_eq down-target-kb 163840 "$(wait_info "$name" balloon_target_kb 163840 60)"
	mt1=$(balloon_wait_memtotal "$name" lt $((mt0 - 96 * 1024 * 8 / 10)))
	note "MemTotal $mt0 -> $mt1 kB"
	if ((mt1 <= mt0 - 96 * 1024 * 8 / 10)); then
		pass down-memtotal-shrinks
	else
		fail down-memtotal-shrinks "MemTotal $mt0 -> $mt1 kB, expected a drop of >= 80% of 96 MiB"
	fi
	v=$(xl list "$name" | awk 'NR == 2 {print $3}')
	if ((v <= 161)); then
		pass down-xl-list-memory
	else
		fail down-xl-list-memory "xl list says ${v} MiB"
	fi

	# Above the boot allocation (up to maxmem=384).
	xl_step mem-set-up 60 mem-set "$name" 320m || return 0
	check_eq up-target-kb 327680 "$(wait_info "$name" balloon_target_kb 327680 60)"
	mt2=$(balloon_wait_memtotal "$name" ge $((mt1 + 160 * 1024 * 8 / 10)))
	note "MemTotal $mt1 -> $mt2 kB"
	if ((mt2 >= mt1 + 160 * 1024 * 8 / 10)); then
		pass up-memtotal-grows
	else
		fail up-memtotal-grows "MemTotal $mt1 -> $mt2 kB, expected a rise of >= 80% of 160 MiB"
	fi
}

# balloon_wait_memtotal NAME lt|ge LIMIT: poll MemTotal (the balloon works
# in steps) until it crosses LIMIT or 60 s pass; prints the last value.
balloon_wait_memtotal() {
	local name=$1 op=$2 limit=$3 v deadline=$((SECONDS + 60))
	while :; do
		v=$(guest_info "$name" memtotal_kb)
		[[ "$v" =~ ^[0-9]+$ ]] || v=0
		if [[ $op == lt ]]; then ((v <= limit)) && break; else ((v >= limit)) && break; fi
		((SECONDS < deadline)) || break
		sleep 2
	done
	echo "$v"
}
