# shellcheck shell=bash
# features: pv-boot hvc xenstore netfront
# timeout: 1800
# Network benchmark, run by bench/net (never part of "all").  Every guest
# kernel of the run (--kernel and each --extra-kernel, listed in
# /rig/guest/kernels.list) boots in turn, one guest at a time, 1 vCPU,
# with one vif on xenbr0, and moves RIG_BENCH_NET_MB MiB (default 32)
# over one TCP connection with busybox nc, zeros from dd in the sender,
# counted with wc -c in the receiver:
#   tcp-to-guest    dom0 sends, the guest receives (netfront RX); timed
#                   in the guest (/proc/uptime)          MB/s
#   tcp-from-guest  the guest sends, dom0 receives (netfront TX); timed
#                   in dom0 (date +%s.%N)                 MB/s
# Only the first byte to the last is timed: from the connection being
# set up (the receiver connects) to end of file.  A transfer that falls
# short of the full size gives no figure.  The kernels take turns for
# RIG_BENCH_ROUNDS rounds (default 3), in the order A B, B A, A B ....
# Each figure goes to $OUT/bench/net.tsv as "label round metric value
# unit"; bench/net compares them.  A boot that does not give both
# figures is a FAIL; otherwise each boot is a PASS <label>-round<N>.

# RIG_BENCH_* from the host (scripts/rig/run writes them there).
# shellcheck disable=SC1091
[[ -f /rig/bench.env ]] && source /rig/bench.env

GUEST_IP=10.99.0.32
MAC=00:16:3e:99:03:02
PORT_TO=5031
PORT_FROM=5032
BS=65536

# to_guest NAME BYTES: prints MB/s of dom0 -> guest, or nothing.
to_guest() {
	local name=$1 bytes=$2 pid out n t
	timeout 300 busybox nc -l -p "$PORT_TO" -e dd if=/dev/zero bs=$BS count=$((bytes / BS)) >/dev/null 2>&1 &
	pid=$!
	sleep 1
	# shellcheck disable=SC2016 # expanded by the guest's shell
	out=$(guest_run "$name" 300 "for i in 1 2 3 4 5; do
		t0=\$(cut -d' ' -f1 /proc/uptime); n=\$(nc -w 10 $DOM0_IP $PORT_TO </dev/null | wc -c);
		t1=\$(cut -d' ' -f1 /proc/uptime); [ \$n -gt 0 ] && break; sleep 1; done;
		echo n=\$n t0=\$t0 t1=\$t1")
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	note "to-guest: $(tail -n 1 <<<"$out")" >&2
	n=$(sed -n 's/^n=\([0-9]*\) .*/\1/p' <<<"$out")
	t=$(sed -n 's/.* t0=\([0-9.]*\) t1=\([0-9.]*\)$/\1 \2/p' <<<"$out")
	[[ "$n" == "$bytes" && -n "$t" ]] || return 0
	awk -v n="$n" -v t="$t" 'BEGIN {split(t, a, " "); d = a[2] - a[1]; if (d > 0) printf "%.3f\n", n / d / 1e6}'
}

# from_guest NAME BYTES: prints MB/s of guest -> dom0, or nothing.
from_guest() {
	local name=$1 bytes=$2 n='' t0 t1
	guest_run "$name" "$T_CMD" "(timeout 300 nc -l -p $PORT_FROM -e dd if=/dev/zero bs=$BS count=$((bytes / BS)) >/dev/null 2>&1 &)" >/dev/null
	for _ in 1 2 3 4 5; do
		t0=$(date +%s.%N)
		n=$(timeout 300 busybox nc -w 10 "$GUEST_IP" "$PORT_FROM" </dev/null | wc -c)
		t1=$(date +%s.%N)
		((n > 0)) && break
		sleep 1
	done
	note "from-guest: n=$n t0=$t0 t1=$t1" >&2
	[[ "$n" == "$bytes" ]] || return 0
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {d = b - a; if (d > 0) printf "%.3f\n", n / d / 1e6}'
}

# bench_boot LABEL KERNEL ROUND: one guest of KERNEL through the metrics.
bench_boot() {
	local label=$1 kernel=$2 round=$3 name="$SCEN-$1-$3" cfg bytes v m figures='' ok=1
	bytes=$((${RIG_BENCH_NET_MB:-32} << 20))
	cfg=$(CFG_KERNEL=$kernel guest_cfg "$name" 1 1 256 256 "vif = [ 'bridge=xenbr0, mac=$MAC' ]")
	guest_start "$name" "$cfg" || return 0
	if ! guest_poll "$name" 60 'test -e /sys/class/net/eth0' ||
		! guest_run "$name" "$T_CMD" "ip addr add $GUEST_IP/24 dev eth0 && ip link set eth0 up" >/dev/null ||
		! guest_poll "$name" 30 "ping -c 1 -W 2 $DOM0_IP"; then
		fail "$label-round$round" "eth0 did not come up or reach dom0: $(guest_info "$name" netdevs)"
		guest_destroy "$name"
		return 0
	fi
	for m in tcp-to-guest tcp-from-guest; do
		if [[ $m == tcp-to-guest ]]; then v=$(to_guest "$name" "$bytes"); else v=$(from_guest "$name" "$bytes"); fi
		note "$label round $round $m: ${v:-FAILED} MB/s"
		if [[ ! "$v" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
			ok=''
			figures+=" $m=FAILED"
			continue
		fi
		printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$m" "$v" MB/s >>"$OUT/bench/net.tsv"
		figures+=" $m=$v"
	done
	guest_destroy "$name"
	if [[ -n "$ok" ]]; then
		pass "$label-round$round"
	else
		fail "$label-round$round" "not every figure (a transfer fell short of $bytes bytes):$figures"
	fi
}

scenario_main() {
	local mb=${RIG_BENCH_NET_MB:-32}
	[[ "$mb" =~ ^[1-9][0-9]{0,3}$ ]] || { fail size "RIG_BENCH_NET_MB wants 1..9999, got '$mb'"; return 0; }
	bench_rounds net.tsv
}
