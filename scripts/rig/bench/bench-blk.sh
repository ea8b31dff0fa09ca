# shellcheck shell=bash
# features: pv-boot hvc xenstore blkfront
# timeout: 1800
# Block I/O benchmark, run by bench/blk (never part of "all").  Every
# guest kernel of the run (--kernel and each --extra-kernel, listed in
# /rig/guest/kernels.list) boots in turn, one guest at a time, with a
# fresh 256 MiB file-backed disk as xvdb that dom0 filled with data, and
# measures with rig-blkio (O_DIRECT, one request in flight, writes end
# with fdatasync):
#   seq-write   the 256 MiB in 1 MiB requests          MB/s
#   seq-read    the same                               MB/s
#   rand-write  4 KiB requests anywhere on it for 10 s  IOPS
#   rand-read   4 KiB requests anywhere on it for 10 s  IOPS
# The kernels take turns for RIG_BENCH_ROUNDS rounds (default 3), in the
# order A B, B A, A B ..., so that a slow spell of the host hits all.  Each
# figure goes to $OUT/bench/blk.tsv as "label round metric value unit";
# bench/blk compares them.  A boot that does not give all four figures
# is a FAIL; otherwise each boot is a PASS <label>-round<N>.

# RIG_BENCH_* from the host (scripts/rig/run writes them there).
# shellcheck disable=SC1091
[[ -f /rig/bench.env ]] && source /rig/bench.env

DISK_SIZE=$((256 << 20))
RAND_SECS=10
# metric:unit:rig-blkio arguments (after the device is substituted) and
# the output field that holds the figure.
METRICS=(
	"seq-write:MB/s:mbps:seqwrite /dev/xvdb 1048576 $DISK_SIZE"
	"seq-read:MB/s:mbps:seqread /dev/xvdb 1048576 $DISK_SIZE"
	"rand-write:IOPS:iops:randwrite /dev/xvdb 4096 $RAND_SECS"
	"rand-read:IOPS:iops:randread /dev/xvdb 4096 $RAND_SECS"
)

# bench_boot LABEL KERNEL ROUND: one guest of KERNEL through the metrics.
bench_boot() {
	local label=$1 kernel=$2 round=$3 name="$SCEN-$1-$3" img="$IMG_DIR/$SCEN.img" cfg
	local m metric unit field args out v figures='' ok=1
	rm -f "$img"
	# Data everywhere: reading a hole of the image file costs dom0 less.
	/rig/bin/rig-pattern "$round" "$DISK_SIZE" >"$img"
	cfg=$(CFG_KERNEL=$kernel guest_cfg "$name" 1 1 256 256 \
		"disk = [ '$(disk_spec xvdb "$img")' ]")
	guest_start "$name" "$cfg" || { rm -f "$img"; return 0; }
	if ! guest_poll "$name" 60 'test -b /dev/xvdb'; then
		fail "$label-round$round" "no /dev/xvdb in the guest: $(guest_info "$name" blockdevs)"
		guest_destroy "$name"
		rm -f "$img"
		return 0
	fi
	for m in "${METRICS[@]}"; do
		IFS=: read -r metric unit field args <<<"$m"
		out=$(guest_run "$name" 120 "rig-blkio $args")
		v=$(sed -n "s/.* $field=\([0-9.]*\).*/\1/p" <<<"$out")
		note "$label round $round $metric: $out"
		if [[ -z "$v" ]]; then
			ok=''
			figures+=" $metric=FAILED"
			continue
		fi
		printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$metric" "$v" "$unit" >>"$OUT/bench/blk.tsv"
		figures+=" $metric=$v"
	done
	guest_destroy "$name"
	rm -f "$img"
	if [[ -n "$ok" ]]; then
		pass "$label-round$round"
	else
		fail "$label-round$round" "rig-blkio did not give every figure:$figures"
	fi
}

scenario_main() {
	bench_rounds blk.tsv
}
