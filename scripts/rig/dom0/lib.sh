# shellcheck shell=bash
# shellcheck disable=SC2001 # sed is the clearest way to prefix lines
# dom0-side helpers for rig scenarios (sourced by scenario-runner.sh).
#
# Talking to guests: each guest runs /sbin/rig-agent on hvc0.  We write
# "<seq> <command>" into the guest console's pty (xenconsoled's end, path in
# xenstore), and read the framed output back from the console log that
# xenconsoled --log=guest keeps.  Only the PV console is needed, so this
# works for kernels that have no xenstore/netfront yet.

OUT=/rig/out
RESULTS=$OUT/results
GUEST_KERNEL=/rig/guest/kernel

# The label of the kernel under test (--name; "reference" for upstream's
# in tests/run): for the few checks of behaviour upstream lacks, which
# that lane reports as SKIP with the reason.
guest_kernel_label() {
	awk 'NR == 1 { print $1 }' /rig/guest/kernels.list 2>/dev/null
}
GUEST_INITRD=/rig/guest/initrd.cpio.gz
CONSOLE_DIR=/var/log/xen/console
CFG_DIR=$OUT/cfg
DIAG_DIR=$OUT/diag
IMG_DIR=/var/lib/rig-images
SCEN=${RIG_SCENARIO:?RIG_SCENARIO unset}
# Per-step timeouts (seconds), generous for TCG.
T_CREATE=${T_CREATE:-90}
T_BOOT=${T_BOOT:-180}
T_CMD=${T_CMD:-60}
AGENT_SEQ=$(($$ * 1000))
# Extra guest kernel parameters from the host (RIG_GUEST_CMDLINE).
GUEST_CMDLINE_EXTRA=$(cat /rig/guest/cmdline-extra 2>/dev/null)
# Kernel images besides GUEST_KERNEL (run ships them for scenarios with
# "# kernel-images: yes"); "missing" there lists "<image> <reason>" for
# those it could not ship.
# shellcheck disable=SC2034 # read by scenarios
IMAGES_DIR=/rig/guest/images
# This scenario's budget (driver.sh), for scenarios that pace themselves.
SCEN_BUDGET=${RIG_TIMEOUT:-300}

mkdir -p "$CFG_DIR" "$DIAG_DIR" "$IMG_DIR"

note() { echo "[$SCEN +${SECONDS}s] $*"; }

# One result line: kept in the results file and echoed with a marker so
# the host can still recover results from the serial log if the results
# disk never gets written.
result() {
	echo "$*" >>"$RESULTS"
	echo "@@RIG-RESULT $*"
}
pass() { result "PASS $SCEN/$1"; }
fail() { result "FAIL $SCEN/$1: $2"; }
skip() { result "SKIP $SCEN/$1: $2"; }

# Seconds left of this scenario's budget, keeping RESERVE (default 20)
# for cleanup.
time_left() { echo $((SCEN_BUDGET - SECONDS - ${1:-20})); }

# check_eq CHECK EXPECTED ACTUAL: pass iff they are equal strings.
check_eq() {
	if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

console_log() { echo "$CONSOLE_DIR/guest-$1.log"; }
log_size() { stat -c %s "$(console_log "$1")" 2>/dev/null || echo 0; }
domid_of() { xl domid "$1" 2>/dev/null; }
domain_exists() { xl list "$1" >/dev/null 2>&1; }

# Console text after byte OFFSET, carriage returns removed.
console_since() { tail -c +"$(($2 + 1))" "$(console_log "$1")" 2>/dev/null | tr -d '\r'; }

# console_has NAME OFFSET ERE: true if a console line after byte OFFSET
# matches ERE.  grep reads to the end on purpose: with `grep -q` the
# producers of the pipe can die of SIGPIPE, which pipefail (set in the
# scenario runner) turns into a false "no match".
console_has() { console_since "$1" "$2" | grep -E -- "$3" >/dev/null; }

# console_last_line NAME OFFSET: "; last console line: '...'" (or that
# there was none) after OFFSET, to end a FAIL reason with.
console_last_line() {
	local l
	l=$(console_since "$1" "$2" | grep -v '^[[:space:]]*$' | tail -n 1)
	if [[ -n "$l" ]]; then echo "; last console line: '${l:0:160}'"; else echo "; nothing on the console"; fi
}

# shutdown_reason NAME: the last shutdown the monitoring xl logged for
# NAME, e.g. "reason code 0 (poweroff)".
shutdown_reason() {
	local code
	code=$(sed -n 's/.*has shut down, reason code \([0-9]*\).*/\1/p' "/var/log/xen/xl-$1.log" 2>/dev/null | tail -n 1)
	[[ -n "$code" ]] || { echo "no shutdown logged"; return 0; }
	local names=(poweroff reboot suspend crash watchdog soft_reset)
	echo "reason code $code (${names[$code]:-unknown})"
}

# State letters from `xl list` (r b p s c d), e.g. "-b----".
domain_state() { xl list "$1" 2>/dev/null | awk 'NR == 2 {print $5}'; }

# guest_cfg NAME VCPUS MAXVCPUS MEM_MB MAXMEM_MB [extra xl.cfg lines...]
# Writes $CFG_DIR/NAME.cfg and prints its path.  CFG_KERNEL (a kernel
# image instead of GUEST_KERNEL), CFG_RAMDISK (another initramfs, or
# empty for none), CFG_CMDLINE (kernel parameters) and CFG_ON_POWEROFF
# (default destroy) may be set for the call: CFG_KERNEL=... guest_cfg ...
guest_cfg() {
	local name=$1 vcpus=$2 maxvcpus=$3 mem=$4 maxmem=$5 cfg="$CFG_DIR/$1.cfg"
	shift 5
	{
		echo "name = \"$name\""
		echo "type = \"pv\""
		echo "kernel = \"${CFG_KERNEL:-$GUEST_KERNEL}\""
		local ramdisk=${CFG_RAMDISK-$GUEST_INITRD}
		[[ -z "$ramdisk" ]] || echo "ramdisk = \"$ramdisk\""
		echo "extra = \"console=hvc0 loglevel=7 rig.name=$name ${CFG_CMDLINE:+$CFG_CMDLINE }$GUEST_CMDLINE_EXTRA\""
		echo "memory = $mem"
		echo "maxmem = $maxmem"
		echo "vcpus = $vcpus"
		echo "maxvcpus = $maxvcpus"
		echo "on_poweroff = \"${CFG_ON_POWEROFF:-destroy}\""
		echo "on_reboot = \"restart\""
		# Keep a crashed guest around so diagnostics (xenctx) can look at it.
		echo "on_crash = \"preserve\""
		local line
		for line in "$@"; do echo "$line"; done
	} >"$cfg"
	echo "$cfg"
}

# guest_diag NAME [CONSOLE_LINES]: collect what is needed to debug a
# guest: console tail (default 40 lines), xl state, Xen's log, vCPU
# contexts.  Written to $DIAG_DIR and echoed into the driver log.
guest_diag() {
	local name=$1 lines=${2:-40} f="$DIAG_DIR/$SCEN-$1.txt" id
	{
		echo "=== diagnostics for guest $name (scenario $SCEN) ==="
		echo "--- xl list ---"
		xl list 2>&1
		echo "--- guest console (last $lines lines) ---"
		tr -d '\r' <"$(console_log "$name")" 2>/dev/null | tail -n "$lines"
		echo "--- xl dmesg (last 30 lines) ---"
		xl dmesg 2>&1 | tail -n 30
		id=$(domid_of "$name")
		if [[ -n "$id" ]]; then
			echo "--- xenctx -C (domain $id) ---"
			timeout 20 xenctx -C "$id" 2>&1 | head -n 60
		fi
		echo "--- xl log ---"
		tail -n 20 "/var/log/xen/xl-$name.log" 2>/dev/null
		echo "=== end diagnostics for $name ==="
	} >"$f" 2>&1
	sed 's/^/  | /' "$f"
}

# wait_console NAME OFFSET REGEX TIMEOUT [may-die]
# Print the first console line after OFFSET matching REGEX.  Fails early if
# the domain crashed or vanished (unless may-die), or the kernel panicked.
# Process spawns are slow in an emulated dom0, so the (heavy) xl state
# check runs only every few polls.
wait_console() {
	local name=$1 off=$2 re=$3 t=$4 may_die=${5:-} deadline line st n=0
	local bad='Kernel panic|BUG: |Oops:'
	deadline=$((SECONDS + t))
	while ((SECONDS < deadline)); do
		# A log that shrank was recreated: read it from the start.
		(($(log_size "$name") < off)) && off=0
		line=$(tail -c +"$((off + 1))" "$(console_log "$name")" 2>/dev/null |
			awk -v re="$re" -v bad="$bad" '{sub(/\r$/, "")} $0 ~ re || $0 ~ bad {print; exit}')
		if [[ -n "$line" ]]; then
			if [[ "$line" =~ $re ]]; then
				echo "$line"
				return 0
			fi
			WAIT_WHY="guest kernel crashed: $line"
			return 1
		fi
		if [[ -z "$may_die" ]] && ((n++ % 6 == 5)); then
			st=$(domain_state "$name")
			if [[ -z "$st" ]]; then
				WAIT_WHY="domain $name is gone"
				return 1
			fi
			if [[ "$st" == *c* ]]; then
				WAIT_WHY="domain $name crashed (state $st)"
				return 1
			fi
		fi
		sleep 0.3
	done
	WAIT_WHY="timed out after ${t}s waiting for /$re/ on $name's console"
	return 1
}

# guest_create CHECK NAME CFG: xl create only, no waiting for the guest
# (xl create -p when GUEST_PAUSED_HOOK is set: see guest_start).
# On failure destroys what is left, sets CREATE_WHY (xl's first error line,
# else its last line) and returns 1; with a CHECK it also records FAIL
# CHECK and dumps diagnostics.  The driver destroys the domain after the
# scenario in any case.
guest_create() {
	local check=$1 name=$2 cfg=$3 out rc=0
	CREATE_WHY=''
	echo "$name" >>"/tmp/rig-domains-$SCEN"
	note "xl create $cfg"
	out=$(timeout "$T_CREATE" xl create ${GUEST_PAUSED_HOOK:+-p} "$cfg" 2>&1) || rc=$?
	((rc == 0)) && return 0
	sed 's/^/  xl: /' <<<"$out"
	CREATE_WHY=$(grep -m1 -i 'error' <<<"$out" || grep -v '^\s*$' <<<"$out" | tail -n 1)
	((rc == 124)) && CREATE_WHY="timed out after ${T_CREATE}s"
	CREATE_WHY="xl create failed: $CREATE_WHY"
	if [[ -n "$check" ]]; then
		fail "$check" "$CREATE_WHY"
		guest_diag "$name"
	fi
	guest_destroy "$name"
	return 1
}

# guest_start NAME CFG: xl create and wait for the agent.  On failure
# records FAIL NAME-create / NAME-boot with the reason and dumps diagnostics.
# With GUEST_PAUSED_HOOK=FUNCTION set for the call, the domain is created
# paused (its devices are in xenstore, nothing of the guest ran yet),
# FUNCTION NAME runs (e.g. to write frontend keys as a toolstack would),
# and then the domain is unpaused.
guest_start() {
	local name=$1 cfg=$2 off
	off=$(log_size "$name")
	guest_create "$name-create" "$name" "$cfg" || return 1
	if [[ -n "${GUEST_PAUSED_HOOK:-}" ]] && ! { "$GUEST_PAUSED_HOOK" "$name" && xl unpause "$name"; }; then
		fail "$name-create" "$GUEST_PAUSED_HOOK or xl unpause failed on the paused domain"
		guest_destroy "$name"
		return 1
	fi
	note "xl create done; waiting for the guest agent"
	if ! wait_console "$name" "$off" '^@@RIG-READY' "$T_BOOT" >/dev/null; then
		fail "$name-boot" "$WAIT_WHY"
		guest_diag "$name"
		guest_destroy "$name"
		return 1
	fi
	# For callers: where this boot's console output starts.
	# shellcheck disable=SC2034
	GUEST_BOOT_OFFSET=$off
	note "$name is up (domid $(domid_of "$name"))"
	return 0
}

# wait_milestones NAME OFFSET TIMEOUT REGEX...: follow NAME's console
# after byte OFFSET until lines matching the REGEXes (awk EREs) have
# appeared in this order, for guests that need not reach userspace.  Sets
# MILESTONES (the matching lines, in order; fewer than REGEXes unless all
# were reached) and MILESTONE_SECS (seconds after the call each came).
# Returns 0 when all were seen and nothing crashed before the last one;
# 1 when the guest crashed: a crash message on the console (Kernel panic,
# PANIC:, BUG:, Oops, general protection) before the last milestone, or
# Xen reports the domain crashed (state c), shut down (state s: a guest
# that halts with all vCPUs down is powered off), gone, or restarted as a
# new domain before it; 2 when TIMEOUT ran out.  WAIT_WHY says why for 1 and 2.  After
# a crash, milestones already on the console still count; no more are
# waited for.
wait_milestones() {
	local name=$1 off=$2 t=$3
	shift 3
	local bad='Kernel panic|PANIC:|BUG:|Oops|general protection'
	local start=$SECONDS deadline=$((SECONDS + t)) n=0 last=0 id0 id st out line crash
	local res
	res=$(printf '%s\n' "$@")
	MILESTONES=() MILESTONE_SECS=() WAIT_WHY=''
	id0=$(domid_of "$name")
	while :; do
		# Xen's verdict first, then one more look at the console: lines
		# written just before the end still count.
		if ((SECONDS >= deadline)); then
			last=2
		elif ((n++ % 4 == 3)); then
			read -r id st < <(xl list "$name" 2>/dev/null | awk 'NR == 2 {print $2, $5}')
			if [[ -z "$id" ]]; then
				WAIT_WHY="domain $name is gone (xl log: $(shutdown_reason "$name"))" last=1
			elif [[ -n "$id0" && "$id" != "$id0" ]]; then
				WAIT_WHY="domain $name was restarted (domid $id0 -> $id): the guest rebooted" last=1
			elif [[ "$st" == *c* ]]; then
				WAIT_WHY="Xen reports domain $name crashed (state $st)" last=1
			elif [[ "$st" == *s* ]]; then
				WAIT_WHY="domain $name shut down (state $st, $(shutdown_reason "$name"))" last=1
			fi
		fi
		out=$(console_since "$name" "$off" | RES=$res BAD=$bad awk '
			BEGIN { n = split(ENVIRON["RES"], re, "\n"); if (re[n] == "") n--; i = 1 }
			i <= n && $0 ~ re[i] { print "M " $0; if (++i > n) exit; next }
			!crashed && $0 ~ ENVIRON["BAD"] { print "X " $0; crashed = 1 }')
		MILESTONES=() crash=''
		while IFS= read -r line; do
			case $line in
			"M "*)
				MILESTONES+=("${line#M }")
				# First time seen: remember when.
				((${#MILESTONE_SECS[@]} < ${#MILESTONES[@]})) &&
					MILESTONE_SECS+=($((SECONDS - start)))
				;;
			"X "*) crash="guest kernel crashed: ${line#X }" ;;
			esac
		done <<<"$out"
		[[ -z "$crash" ]] || { WAIT_WHY=$crash; return 1; }
		((${#MILESTONES[@]} == $#)) && return 0
		if ((last == 2)); then
			WAIT_WHY="timed out after ${t}s waiting for /${*:${#MILESTONES[@]}+1:1}/ on $name's console"
			# A crash at the last moment is still a crash.
			read -r id st < <(xl list "$name" 2>/dev/null | awk 'NR == 2 {print $2, $5}')
			[[ "$st" == *c* ]] && { WAIT_WHY="Xen reports domain $name crashed (state $st)"; return 1; }
			return 2
		fi
		((last == 1)) && return 1
		sleep 0.5
	done
}

guest_destroy() {
	domain_exists "$1" && timeout 60 xl destroy "$1" >/dev/null 2>&1
	return 0
}

# guest_run NAME TIMEOUT COMMAND: run COMMAND in the guest's agent; prints
# its output, returns its exit status (124 on timeout, 125 if no console).
guest_run() {
	local name=$1 t=$2 cmd=$3 tty off seq line
	tty=$(console_tty "$name") || { RUN_WHY="no console pty for $name"; return 125; }
	seq=$((++AGENT_SEQ))
	# The agent reads one line per command: fold multi-line commands.
	cmd=${cmd//$'\n'/ }
	off=$(log_size "$name")
	printf '%s %s\n' "$seq" "$cmd" >"$tty"
	if ! line=$(wait_console "$name" "$off" "^@@RIG-END $seq rc=" "$t"); then
		# shellcheck disable=SC2034 # read by scenarios
		RUN_WHY="$WAIT_WHY"
		return 124
	fi
	console_since "$name" "$off" |
		awk -v b="@@RIG-BEGIN $seq" -v e="@@RIG-END $seq " \
			'index($0, e) == 1 {exit} on {print} $0 == b {on = 1}'
	return "${line##*rc=}"
}

# console_tty NAME: the dom0 end of NAME's console.  Cached in a file (most
# callers run in $(...) subshells) per domid; reboot and restore create a
# new domain, which the name check catches.
console_tty() {
	local name=$1 cache="/tmp/rig-tty-$1" id tty
	if read -r id tty 2>/dev/null <"$cache" &&
		[[ "$(xenstore-read "/local/domain/$id/name" 2>/dev/null)" == "$name" ]]; then
		echo "$tty"
		return 0
	fi
	id=$(domid_of "$name") || return 1
	tty=$(xenstore-read "/local/domain/$id/console/tty" 2>/dev/null) || return 1
	echo "$id $tty" >"$cache"
	echo "$tty"
}

# guest_info NAME KEY: one value from rig-info in the guest.
guest_info() {
	guest_run "$1" "$T_CMD" rig-info | awk -v k="$2=" 'index($0, k) == 1 && !n++ {print substr($0, length(k) + 1)}'
}

# wait_info NAME KEY VALUE TIMEOUT: poll rig-info until KEY == VALUE;
# prints the last value seen.
wait_info() {
	local name=$1 key=$2 want=$3 t=$4 deadline v=''
	deadline=$((SECONDS + t))
	while ((SECONDS < deadline)); do
		v=$(guest_info "$name" "$key")
		[[ "$v" == "$want" ]] && break
		sleep 1
	done
	echo "$v"
}

# guest_poll NAME TIMEOUT COMMAND: rerun COMMAND in the guest until it
# succeeds; returns 0 on success, 1 on timeout.
guest_poll() {
	local name=$1 t=$2 cmd=$3 deadline
	deadline=$((SECONDS + t))
	while ((SECONDS < deadline)); do
		guest_run "$name" "$T_CMD" "$cmd" >/dev/null && return 0
		sleep 1
	done
	return 1
}

# check_poll CHECK NAME TIMEOUT COMMAND WHY [INFO]: pass CHECK once
# COMMAND succeeds in guest NAME within TIMEOUT seconds, else fail it with
# WHY (followed by the guest's "guest_info INFO" answer, when INFO is
# given).  Returns 1 on failure, for scenarios that cannot go on.
check_poll() {
	local check=$1 name=$2 t=$3 cmd=$4 why=$5 info=${6:-}
	if guest_poll "$name" "$t" "$cmd"; then
		pass "$check"
		return 0
	fi
	[[ -z "$info" ]] || why+=": $(guest_info "$name" "$info")"
	fail "$check" "$why"
	return 1
}

# guest_up NAME VCPUS MAXVCPUS MEM MAXMEM [xl.cfg lines]: config + start.
guest_up() {
	local cfg
	cfg=$(guest_cfg "$@")
	guest_start "$1" "$cfg"
}

# xl_step CHECK TIMEOUT xl-args...: run an xl command; FAIL CHECK with its
# output if it fails.  Returns xl's status.
xl_step() {
	local check=$1 t=$2 out rc=0
	shift 2
	note "xl $*"
	out=$(timeout "$t" xl "$@" 2>&1) || rc=$?
	[[ -n "$out" ]] && sed 's/^/  xl: /' <<<"$out"
	if ((rc != 0)); then
		((rc == 124)) && out="timed out after ${t}s"
		fail "$check" "xl $1 failed (rc $rc): $(echo "$out" | grep -v '^\s*$' | tail -n 1)"
	fi
	return "$rc"
}

# kv KEY TEXT: the value of the last "KEY=value" line of TEXT.
kv() { sed -n "s/^$1=//p" <<<"$2" | tail -n 1; }

# Host-side expected checksum of the shared pseudo-random pattern.
pattern_sha() { /rig/bin/rig-pattern "$1" "$2" | sha256sum | cut -d' ' -f1; }

# ---- Block devices (block, block-hotplug, block-root) ------------------

# disk_spec VDEV IMAGE [ACCESS [OPTIONS]]: an xl disk specification of
# IMAGE (a file in dom0) as VDEV, read-write (or ACCESS: ro), with
# OPTIONS if given (xl-disk-configuration(5) keywords, e.g. "discard";
# Xen 4.17's xl does not parse "untrusted"), through the rig's hotplug
# script /rig/block-loop
# (dom0/block-loop) rather than Xen's "block": same loop device, same
# xenstore keys for blkback, but a handful of processes instead of ~40
# under a dom0-wide lock, which in the emulated dom0 took 15-40 s per disk
# and ran into libxl's 40 s limit when two disks were added at once.
disk_spec() { echo "format=raw, vdev=$1, access=${3:-rw}, ${4:+$4, }script=/rig/block-loop, target=$2"; }

# vbd_devid DISK: the xenstore device id of xvdX (xvda 51712, xvdb 51728
# ...), the key under the guest's device/vbd and dom0's backend/vbd.
vbd_devid() {
	[[ "$1" =~ ^xvd([a-p])$ ]] || return 1
	echo $((202 * 256 + ($(printf '%d' "'${BASH_REMATCH[1]}") - 97) * 16))
}

# vbd_states DOMID DISK: "backend/frontend" xenbus states of DISK ("-"
# for a missing node), e.g. 4/4 when connected.
vbd_states() {
	local dev
	dev=$(vbd_devid "$2")
	echo "$(xenstore-read "/local/domain/0/backend/vbd/$1/$dev/state" 2>/dev/null || echo -)/$(xenstore-read "/local/domain/$1/device/vbd/$dev/state" 2>/dev/null || echo -)"
}

# vbd_left DOMID DISK: DISK's frontend and backend directories still in
# xenstore, each with its state; empty once the toolstack removed both.
vbd_left() {
	local id=$1 dev p
	dev=$(vbd_devid "$2") || return 1
	for p in "/local/domain/$id/device/vbd/$dev" "/local/domain/0/backend/vbd/$id/$dev"; do
		xenstore-exists "$p" 2>/dev/null || continue
		printf '%s (state %s) ' "$p" "$(xenstore-read "$p/state" 2>/dev/null || echo none)"
	done
}

# check_vbd_gone CHECK DOMID DISK IMAGE: pass CHECK once DISK has left
# xenstore (frontend and backend) and no loop device holds IMAGE (within
# 30 s: the backend's hotplug script runs after the detach returns).
check_vbd_gone() {
	local check=$1 id=$2 disk=$3 img=$4 left loops t
	for ((t = 0; t < 30; t++)); do
		left=$(vbd_left "$id" "$disk") loops=$(losetup -j "$img" 2>/dev/null)
		[[ -z "$left$loops" ]] && { pass "$check"; return 0; }
		sleep 1
	done
	fail "$check" "30 s after the detach: ${left:+still in xenstore: $left}${loops:+loop device still holds the image: $loops}"
}

# guest_irq_lines NAME: "IRQ: name" for each numbered line of the guest's
# /proc/interrupts (name = its last column), sorted; fails without them.
guest_irq_lines() {
	local out
	out=$(guest_run "$1" "$T_CMD" 'cat /proc/interrupts') || return 1
	awk '$1 ~ /^[0-9]+:$/ {print $1, $NF}' <<<"$out" | sort | grep .
}

# lines_only_in A B: the lines of B that A lacks.
lines_only_in() { awk 'NR == FNR {a[$0]; next} NF && !($0 in a)' <(printf '%s\n' "$1") <(printf '%s\n' "$2"); }

# The guest's grant counters, when its kernel has them (ours, with
# CONFIG_DEBUG_FS; upstream's has no such file): "name: value" lines
# (Documentation/xen/grants.rst, "Counters").  References held =
# in_use + reserved + ending (handed out, set aside, or ended but not yet
# revoked, which includes those a backend still maps); misuse + leaked
# counts bad calls and references given up for good.
GRANTS_FILE=/sys/kernel/debug/xen/grants

# guest_grants NAME: "HELD BAD" from the guest's GRANTS_FILE (debugfs is
# mounted if need be); "none" if the kernel has no such file;
# "unparsed: <first line>" without an in_use line.  Fails if the agent
# does not answer.
guest_grants() {
	local out
	out=$(guest_run "$1" "$T_CMD" "test -d /sys/kernel/debug/xen ||
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null;
		cat $GRANTS_FILE 2>/dev/null || echo RIG-NO-GRANTS-FILE") || return 1
	[[ "$out" == *RIG-NO-GRANTS-FILE* ]] && { echo none; return 0; }
	awk -F ':[ \t]*' '$2 ~ /^[0-9]+$/ {v[$1] = $2}
		END {
			if (!("in_use" in v)) { print "unparsed: " first; exit }
			print v["in_use"] + v["reserved"] + v["ending"], v["misuse"] + v["leaked"]
		}
		NR == 1 {first = $0}' <<<"$out"
}

# guest_kmsg_mark NAME TOKEN: a marker in the guest's kernel log (level
# info, so it stays off the console) for guest_kernel_warnings.
guest_kmsg_mark() { guest_run "$1" "$T_CMD" "echo '<14>rig-mark $2' >/dev/kmsg" >/dev/null; }

# Kernel warnings that come from the emulator, not from the code under
# test: under TCG a vCPU can be descheduled between the two clock reads
# of the clocksource watchdog, which then reports a read-back delay or a
# skew and marks the TSC unstable.  Both kernels, ours and upstream's,
# print them at random, under load.  Lower case (matched against
# tolower of the message, after its <level> prefix).
KMSG_EMULATOR_NOISE="^clocksource: (timekeeping watchdog on cpu[0-9]+: |long readout interval, skipping watchdog|'[^']*' (wd_nsec|cs_nsec|is current clocksource|[(]not '[^']*'[)] is current)|no current clocksource)"

# guest_kernel_warnings NAME TOKEN [ERE]: the kernel's messages of level
# warning or worse (KMSG_LEVEL, default 4; a printk without a level is
# logged as a warning) after the marker TOKEN (the whole log if TOKEN is
# empty), only those matching ERE (case-insensitive) if given, without
# their prefix.  Messages matching KMSG_EMULATOR_NOISE come out as
# "rig-noise: MESSAGE".  Fails if the agent does not answer.
guest_kernel_warnings() {
	local out
	out=$(guest_run "$1" "$T_CMD" 'dmesg -r') || return 1
	awk -v mark="${2:+rig-mark $2}" -v re="${3:-}" -v max="${KMSG_LEVEL:-4}" \
		-v noise="$KMSG_EMULATOR_NOISE" '
		mark != "" && !on { if (index($0, mark)) on = 1; next }
		match($0, /^<[0-9]+>/) {
			p = substr($0, 2, RLENGTH - 2) + 0
			msg = substr($0, RLENGTH + 1)
			# Facility 0 (the kernel), level 0 (emerg) .. max.
			if (p > max || (re != "" && tolower($0) !~ re))
				next
			print (tolower(msg) ~ noise ? "rig-noise: " : "") msg
		}
		END { if (mark != "" && !on) print "(rig: marker " mark " not in the kernel log)" }' <<<"$out"
}

# check_no_kernel_warnings CHECK NAME TOKEN [ERE] [WHAT]: pass CHECK if
# guest_kernel_warnings finds nothing, else fail with the first few.
check_no_kernel_warnings() {
	local check=$1 name=$2 w line
	if ! w=$(guest_kernel_warnings "$name" "$3" "${4:-}"); then
		fail "$check" "could not read the guest's kernel log (dmesg -r)"
		return 1
	fi
	while IFS= read -r line; do
		if [[ "$line" == rig-noise:* ]]; then
			note "emulator timing, not counted: ${line#rig-noise: }"
		fi
	done <<<"$w"
	w=$(grep -v '^rig-noise: ' <<<"$w" || true)
	if [[ -z "$w" ]]; then
		pass "$check"
		return 0
	fi
	note "kernel warnings: $w"
	fail "$check" "$(wc -l <<<"$w") kernel message(s) of level ${KMSG_LEVEL:-4} or worse ${5:-}: $(head -n 3 <<<"$w" | cut -c1-200 | paste -sd'|' | sed 's/|/ | /g')"
	return 1
}

# Leak checks around devices coming and going: leak_snapshot NAME takes
# the guest's interrupt lines and grants (LEAK_IRQS, LEAK_GRANTS as
# guest_grants prints them);
# check_released PREFIX NAME GONE then compares, polling up to 30 s
# (a grant the backend still maps is freed later, from a timer, and
# interrupt lines go when the driver's remove has run):
#   GONE = 0: the devices came and went since the snapshot: the
#     interrupt lines and the grants held must be back where they were;
#   GONE = N: N devices that the snapshot had were removed: no new
#     interrupt line, at least N lines gone (an event channel each), and
#     at least N grants held fewer (a ring page each);
# and misuse + leaked never change.
# Checks PREFIX-irqs-released and PREFIX-grants-released; the latter is
# SKIPped for a kernel without GRANTS_FILE.  LEAK_PEAK_IRQS and
# LEAK_PEAK_GRANTS, if set (a snapshot taken while the devices were
# there, for GONE = 0), must show the devices: else the counters did not
# see them and "released" would prove nothing.
leak_snapshot() {
	LEAK_IRQS=$(guest_irq_lines "$1") || LEAK_IRQS=''
	LEAK_GRANTS=$(guest_grants "$1") || LEAK_GRANTS=''
	note "snapshot: grants held, bad: ${LEAK_GRANTS:-?}; interrupts: $(paste -sd, <<<"$LEAK_IRQS")"
}

check_released() {
	local p=$1 name=$2 gone=$3 deadline irqs='' new='' lost=0 g='' ok_i='' ok_g='' want_g
	deadline=$((SECONDS + 30))
	if ((gone == 0)); then want_g="== ${LEAK_GRANTS% *}"; else want_g="<= ${LEAK_GRANTS% *} - $gone"; fi
	while :; do
		if [[ -z "$ok_i" ]] && irqs=$(guest_irq_lines "$name"); then
			new=$(lines_only_in "$LEAK_IRQS" "$irqs")
			lost=$(lines_only_in "$irqs" "$LEAK_IRQS" | grep -c .)
			[[ -z "$new" ]] && ((lost >= gone)) && ok_i=1
		fi
		if [[ -z "$ok_g" ]] && g=$(guest_grants "$name"); then
			if [[ ! "$g" =~ ^[0-9]+\ [0-9]+$ || ! "$LEAK_GRANTS" =~ ^[0-9]+\ [0-9]+$ ]]; then
				ok_g=n/a
			elif ((gone == 0 ? ${g% *} == ${LEAK_GRANTS% *} : ${g% *} <= ${LEAK_GRANTS% *} - gone)); then
				ok_g=1
			fi
		fi
		[[ -n "$ok_i" && -n "$ok_g" ]] && break
		((SECONDS >= deadline)) && break
		sleep 2
	done
	note "after: grants held, bad: ${g:-?}; interrupt lines new: $(paste -sd, <<<"${new:-none}"), gone: $lost"

	local peak_new=''
	[[ -n "${LEAK_PEAK_IRQS:-}" ]] && peak_new=$(lines_only_in "$LEAK_IRQS" "$LEAK_PEAK_IRQS")
	if [[ -z "$LEAK_IRQS" || -z "$irqs" ]]; then
		fail "$p-irqs-released" "could not read the guest's /proc/interrupts"
	elif ((gone == 0)) && [[ -n "${LEAK_PEAK_IRQS:-}" && -z "$peak_new" ]]; then
		fail "$p-irqs-released" "no interrupt line appeared while the device was there: nothing to see released"
	elif [[ -n "$ok_i" ]]; then
		pass "$p-irqs-released"
	else
		fail "$p-irqs-released" "30 s after: interrupt lines not there before: $(paste -sd, <<<"${new:-none}"); $lost gone (want >= $gone)"
	fi

	if [[ "$g" == none || "$LEAK_GRANTS" == none ]]; then
		skip "$p-grants-released" "the kernel has no $GRANTS_FILE (upstream's has none)"
	elif [[ ! "$LEAK_GRANTS" =~ ^[0-9]+\ [0-9]+$ || ! "$g" =~ ^[0-9]+\ [0-9]+$ ]]; then
		fail "$p-grants-released" "no 'in_use: N' line read from $GRANTS_FILE (before: '$LEAK_GRANTS', after: '${g:-no answer}')"
	elif ((gone == 0)) && [[ "${LEAK_PEAK_GRANTS:-}" =~ ^[0-9]+\ [0-9]+$ ]] &&
		((${LEAK_PEAK_GRANTS% *} <= ${LEAK_GRANTS% *})); then
		fail "$p-grants-released" "grants held did not grow with the device (${LEAK_GRANTS% *} before, ${LEAK_PEAK_GRANTS% *} with it): the counters miss its grants"
	elif [[ "${g#* }" != "${LEAK_GRANTS#* }" ]]; then
		fail "$p-grants-released" "misuse + leaked went from ${LEAK_GRANTS#* } to ${g#* }: bad grant calls or references given up"
	elif [[ "$ok_g" == 1 ]]; then
		pass "$p-grants-released"
	else
		fail "$p-grants-released" "30 s after: ${g% *} grants held (in_use + reserved + ending), want $want_g"
	fi
}

# ---- Network (net, net-mq, hotplug, bench-net) -------------------------
#
# Guests' vifs go on dom0's bridge xenbr0, which holds dom0's address
# DOM0_IP (dom0/init).  Scenarios that can run at the same time (lanes)
# use their own guest addresses, MACs and TCP ports.  dom0 and the guests
# move data with busybox nc (TCP only: Debian's busybox nc has no -u).
# shellcheck disable=SC2034 # read by scenarios
DOM0_IP=10.99.0.1

# vif_left DOMID DEVID: what is left of a vif: its frontend and backend
# directories in xenstore (each with its state) and dom0's interface
# vif<DOMID>.<DEVID>; empty once all are gone.
vif_left() {
	local id=$1 dev=$2 p
	for p in "/local/domain/$id/device/vif/$dev" "/local/domain/0/backend/vif/$id/$dev"; do
		xenstore-exists "$p" 2>/dev/null || continue
		printf '%s (state %s) ' "$p" "$(xenstore-read "$p/state" 2>/dev/null || echo none)"
	done
	[[ ! -e "/sys/class/net/vif$id.$dev" ]] || printf 'dom0 interface vif%s.%s ' "$id" "$dev"
}

# check_vif_gone CHECK DOMID DEVID: pass CHECK once vif_left is empty
# (within 30 s: the backend's hotplug script runs after the detach).
check_vif_gone() {
	local check=$1 id=$2 dev=$3 left t
	for ((t = 0; t < 30; t++)); do
		left=$(vif_left "$id" "$dev")
		[[ -z "$left" ]] && { pass "$check"; return 0; }
		sleep 1
	done
	fail "$check" "30 s after the detach, still there: $left"
}

# vif_devid NAME MAC: the device id of NAME's vif with MAC (xl
# network-list: Idx BE Mac ...).
vif_devid() { xl network-list "$1" 2>/dev/null | awk -v m="${2,,}" 'NR > 1 && tolower($3) == m {print $1; exit}'; }

# guest_netdev_of NAME MAC: the guest's network interface with MAC.
guest_netdev_of() {
	guest_run "$1" "$T_CMD" "grep -l -i -x '$2' /sys/class/net/*/address" |
		sed -n 's#^/sys/class/net/\([^/]*\)/address$#\1#p' | head -n 1
}

# guest_if_bytes NAME IF: "RX TX", the byte counters of IF in the guest.
guest_if_bytes() {
	guest_run "$1" "$T_CMD" "cat /sys/class/net/$2/statistics/rx_bytes /sys/class/net/$2/statistics/tx_bytes" |
		grep -E '^[0-9]+$' | paste -sd' '
}

# check_ping_dom0_to CHECK IP [busybox ping options]: dom0 pings IP (a few
# single pings first: the first packets can race the bridge port coming
# up), then 3 must get an answer.
check_ping_dom0_to() {
	local check=$1 ip=$2
	shift 2
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		busybox ping -c 1 -W 2 "$@" "$ip" >/dev/null 2>&1 && break
		sleep 1
	done
	if busybox ping -c 3 -W 3 "$@" "$ip" >/dev/null 2>&1; then
		pass "$check"
	else
		fail "$check" "no reply from $ip${*:+ (ping $*)}"
	fi
}

# check_ping_guest_to CHECK NAME IP [ping options]: the guest pings IP.
check_ping_guest_to() {
	local check=$1 name=$2 ip=$3 out
	shift 3
	if out=$(guest_run "$name" "$T_CMD" "ping -c 3 -W 3 $* $ip"); then
		pass "$check"
	else
		fail "$check" "guest got no reply from $ip${*:+ (ping $*)}: $(tail -n 1 <<<"$out")"
	fi
}

# NET_SECS: seconds the last net_to_guest / net_from_guest transfer took
# (for the driver log).
NET_SECS=''

# check_transfer CHECK WANT_SHA SIZE OUTPUT: pass if OUTPUT holds the
# lines "bytes=N" and "sha=SHA" of the received data and SHA is WANT_SHA.
check_transfer() {
	local check=$1 want=$2 size=$3 bytes sha
	bytes=$(sed -n 's/^bytes=\([0-9]*\)$/\1/p' <<<"$4" | tail -n 1)
	sha=$(sed -n 's/^sha=\([0-9a-f]\{64\}\)$/\1/p' <<<"$4" | tail -n 1)
	if [[ "$sha" == "$want" ]]; then
		pass "$check"
	elif [[ -z "$bytes" ]]; then
		fail "$check" "nothing received: $(tail -n 2 <<<"$4" | paste -sd' ' | cut -c1-160)"
	else
		fail "$check" "received $bytes of $size bytes, sha256 ${sha:-none} instead of $want"
	fi
}

# net_to_guest CHECK NAME DOM0ADDR PORT SIZE: dom0 serves SIZE bytes of a
# fresh rig-pattern on TCP PORT; the guest fetches them from DOM0ADDR with
# nc (a few tries while dom0's nc is not listening yet); pass CHECK iff
# the guest has every byte (sha256).
net_to_guest() {
	local check=$1 name=$2 ip=$3 port=$4 size=$5 seed f="/tmp/net-$SCEN-$4" want pid out t0
	seed=$((RANDOM * 32768 + RANDOM))
	/rig/bin/rig-pattern "$seed" "$size" >"$f"
	want=$(sha256sum <"$f" | cut -d' ' -f1)
	timeout 200 busybox nc -l -p "$port" -e cat "$f" >/dev/null 2>&1 &
	pid=$!
	t0=$SECONDS
	out=$(guest_run "$name" 180 "i=0; until nc -w 10 $ip $port </dev/null >/tmp/net-$port; do
		i=\$((i + 1)); [ \$i -lt 5 ] || break; sleep 1; done;
		echo bytes=\$(wc -c </tmp/net-$port); echo sha=\$(sha256sum </tmp/net-$port | cut -d' ' -f1);
		rm -f /tmp/net-$port")
	NET_SECS=$((SECONDS - t0))
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$f"
	note "$check: $size bytes dom0 -> guest in about ${NET_SECS}s"
	check_transfer "$check" "$want" "$size" "$out"
}

# net_from_guest CHECK NAME GUESTADDR PORT SIZE: the guest serves SIZE
# bytes of a fresh rig-pattern on TCP PORT; dom0 fetches them from
# GUESTADDR; pass CHECK iff dom0 has every byte (sha256).
net_from_guest() {
	local check=$1 name=$2 ip=$3 port=$4 size=$5 seed f="/tmp/net-$SCEN-$4" want out=''
	seed=$((RANDOM * 32768 + RANDOM))
	want=$(pattern_sha "$seed" "$size")
	local rc=0
	RUN_WHY=""
	guest_run "$name" 120 "rig-pattern $seed $size >/tmp/net-$port &&
		( (timeout 200 nc -l -p $port -e cat /tmp/net-$port; rm -f /tmp/net-$port) >/dev/null 2>&1 & )" >/dev/null || rc=$?
	if ((rc != 0)); then
		fail "$check" "the guest could not serve the data (rc $rc${RUN_WHY:+: $RUN_WHY})"
		return 1
	fi
	rm -f "$f"
	local t0=$SECONDS
	for _ in 1 2 3 4 5; do
		timeout 180 busybox nc -w 10 "$ip" "$port" </dev/null >"$f" 2>/dev/null
		[[ -s "$f" ]] && break
		sleep 1
	done
	NET_SECS=$((SECONDS - t0))
	[[ ! -s "$f" ]] || out=$(printf 'bytes=%s\nsha=%s\n' "$(stat -c %s "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)")
	rm -f "$f"
	note "$check: $size bytes guest -> dom0 in about ${NET_SECS}s"
	check_transfer "$check" "$want" "$size" "${out:-nothing came from $ip:$port}"
}

# ---- benchmarks (scripts/rig/bench/) ----

# bench_rounds TSV [LIST]: call the benchmark's bench_boot LABEL KERNEL
# ROUND for every "LABEL KERNEL" line of LIST (default
# /rig/guest/kernels.list: every kernel of the run; a benchmark may list
# one kernel under several labels, e.g. with different parameters),
# RIG_BENCH_ROUNDS times (1..99, default 3), the kernels taking turns
# (A B, then B A, ...) so that neither always runs first; starts an
# empty $OUT/bench/TSV for bench_boot to append to.  A round that would
# overrun the scenario's budget fails instead of starting.
bench_rounds() {
	local tsv=$1 list=${2:-/rig/guest/kernels.list} rounds=${RIG_BENCH_ROUNDS:-3} r i n label kernel
	local -a labels=() kernels=() order
	if ! [[ "$rounds" =~ ^[1-9][0-9]?$ ]]; then
		fail rounds "RIG_BENCH_ROUNDS wants 1..99, got '$rounds'"
		return 0
	fi
	while read -r label kernel; do
		labels+=("$label") kernels+=("$kernel")
	done <"$list"
	n=${#labels[@]}
	mkdir -p "$OUT/bench"
	: >"$OUT/bench/$tsv"
	for ((r = 1; r <= rounds; r++)); do
		order=()
		for ((i = 0; i < n; i++)); do
			if ((r % 2)); then order+=("$i"); else order+=($((n - 1 - i))); fi
		done
		for i in "${order[@]}"; do
			if (($(time_left 30) < 150)); then
				fail "${labels[$i]}-round$r" "no time left in the scenario's budget (${SCEN_BUDGET}s)"
				continue
			fi
			bench_boot "${labels[$i]}" "${kernels[$i]}" "$r"
		done
	done
}
