# shellcheck shell=bash
# features: pv-boot hvc smp
# timeout: 2400
# Spinlock benchmark under vCPU overcommit, run by bench/lock (never part
# of "all").  Every guest kernel of the run (--kernel and each
# --extra-kernel, listed in /rig/guest/kernels.list) boots in turn, one
# guest at a time, with 4 vCPUs: the rig has 2 physical CPUs and dom0 2
# vCPUs, so Xen preempts the guest's vCPUs all the time.  The kernels
# named in RIG_BENCH_LOCK_NOPVSPIN (default: the --kernel's label) also
# boot a second time as "<label>-nopvspin", with xen_nopvspin on their
# command line (PV spinlocks off: the native slow path).  In each guest
# rig-lock takes RIG_BENCH_LOCK_HELD (default 1024) OFD read locks on a
# file, then runs 4 threads, one pinned to each vCPU, each taking and
# dropping a read lock of its own on that file for RIG_BENCH_LOCK_SECS
# seconds (default 20): every call walks the file's lock list under one
# kernel spinlock (file_lock_context.flc_lock), contended from every
# vCPU at once.
#   ofd-lock    lock+unlock pairs per second, summed over the threads
#   steal       share of the guest's CPU time Xen gave to others during
#               the run (/proc/stat), in %: shows the overcommit is real
# The variants take turns for RIG_BENCH_ROUNDS rounds (default 3), in the
# order A B C, C B A, ....  Each figure goes to $OUT/bench/lock.tsv as
# "label round metric value unit"; bench/lock compares them.  The
# guest's own word on its spinlocks (kernel log lines about them) is
# noted in the driver log.  A boot without an ofd-lock figure, or with
# fewer than 4 CPUs online, is a FAIL; otherwise each boot is a PASS
# <label>-round<N>.

# RIG_BENCH_* from the host (scripts/rig/run writes them there).
# shellcheck disable=SC1091
[[ -f /rig/bench.env ]] && source /rig/bench.env

VCPUS=4
THREADS=4

# lock_cmdline LABEL: the extra kernel parameters of a variant.
lock_cmdline() {
	case $1 in
	*-nopvspin) echo xen_nopvspin ;;
	esac
}

# cpu_times STAT_LINE: "total steal" jiffies of a /proc/stat "cpu" line.
cpu_times() {
	awk '{t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9}' <<<"$1"
}

# bench_boot LABEL KERNEL ROUND: one guest of KERNEL through the workload.
bench_boot() {
	local label=$1 kernel=$2 round=$3 name="$SCEN-$1-$3" cfg out v secs held s0 s1 steal
	secs=${RIG_BENCH_LOCK_SECS:-20} held=${RIG_BENCH_LOCK_HELD:-1024}
	cfg=$(CFG_KERNEL=$kernel CFG_CMDLINE=$(lock_cmdline "$label") guest_cfg "$name" "$VCPUS" "$VCPUS" 256 256)
	guest_start "$name" "$cfg" || return 0
	if ! guest_poll "$name" 60 "test \$(grep -c ^processor /proc/cpuinfo) = $VCPUS"; then
		fail "$label-round$round" "not $VCPUS CPUs online: $(guest_run "$name" "$T_CMD" 'grep -c ^processor /proc/cpuinfo')"
		guest_destroy "$name"
		return 0
	fi
	note "$label round $round: cmdline $(guest_run "$name" "$T_CMD" 'cat /proc/cmdline')"
	# Without PV spinlocks, the hypervisor flag makes the native slow path test-and-set.
	note "$label round $round: hypervisor flag on $(guest_run "$name" "$T_CMD" 'grep -c "^flags.* hypervisor" /proc/cpuinfo') of $VCPUS CPUs"
	note "$label round $round: $(guest_run "$name" "$T_CMD" 'dmesg | grep -i spinlock' | tr '\n' ' ')"
	out=$(guest_run "$name" $((secs + 120)) "head -n 1 /proc/stat; rig-lock $THREADS $secs $held; head -n 1 /proc/stat")
	note "$label round $round: $(grep '^threads=' <<<"$out")"
	v=$(sed -n 's/^threads=.* opsps=\([0-9.]*\) .*/\1/p' <<<"$out")
	s0=$(grep '^cpu ' <<<"$out" | head -n 1)
	s1=$(grep '^cpu ' <<<"$out" | tail -n 1)
	guest_destroy "$name"
	if [[ ! "$v" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
		fail "$label-round$round" "rig-lock gave no figure: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
		return 0
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$round" ofd-lock "$v" ops/s >>"$OUT/bench/lock.tsv"
	if [[ -n "$s0" && "$s0" != "$s1" ]]; then
		steal=$(awk -v a="$(cpu_times "$s0")" -v b="$(cpu_times "$s1")" 'BEGIN {
			split(a, x, " "); split(b, y, " ")
			if (y[1] > x[1]) printf "%.1f\n", 100 * (y[2] - x[2]) / (y[1] - x[1]) }')
		[[ -n "$steal" ]] &&
			printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$round" steal "$steal" % >>"$OUT/bench/lock.tsv"
	fi
	note "$label round $round: ofd-lock $v ops/s, steal ${steal:-?}%"
	pass "$label-round$round"
}

scenario_main() {
	local secs=${RIG_BENCH_LOCK_SECS:-20} list="$OUT/bench/lock-variants.list" label kernel
	local nopvspin=${RIG_BENCH_LOCK_NOPVSPIN-$(head -n 1 /rig/guest/kernels.list | cut -d' ' -f1)}
	[[ "$secs" =~ ^[1-9][0-9]{0,2}$ ]] || { fail duration "RIG_BENCH_LOCK_SECS wants 1..999, got '$secs'"; return 0; }
	[[ "${RIG_BENCH_LOCK_HELD:-1024}" =~ ^(0|[1-9][0-9]{0,4})$ ]] ||
		{ fail held "RIG_BENCH_LOCK_HELD wants 0..99999, got '$RIG_BENCH_LOCK_HELD'"; return 0; }
	mkdir -p "$OUT/bench"
	# Each kernel, then right after it its xen_nopvspin variant if asked.
	while read -r label kernel; do
		echo "$label $kernel"
		[[ " $nopvspin " != *" $label "* ]] || echo "$label-nopvspin $kernel"
	done </rig/guest/kernels.list >"$list"
	note "variants: $(cut -d' ' -f1 "$list" | tr '\n' ' ')"
	bench_rounds lock.tsv "$list"
}
