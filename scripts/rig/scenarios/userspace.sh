# shellcheck shell=bash
# features: pv-boot hvc xenstore
# timeout: 300
# A 1-vCPU PV guest in userspace: its console is hvc0 both ways (kernel
# log, tty and /dev/console output reach the xl console log; a line typed
# on `xl console` runs in a shell), a guest program reads and writes its
# own xenstore keys over /dev/xen/xenbus, sleeps take as long as they
# should, its wall clock agrees with dom0's, and `xl sysrq` is honoured.

# token: a fresh random word, so no check can match stale output.
token() { printf 'rig%08x' "$SRANDOM"; }

# in_range CHECK VALUE LOW HIGH UNIT WHAT: pass iff LOW <= VALUE <= HIGH.
in_range() {
	if [[ "$2" =~ ^-?[0-9]+$ ]] && (($3 <= $2 && $2 <= $4)); then
		pass "$1"
	else
		fail "$1" "$6: '$2' $5, expected $3..$4 $5"
	fi
}

# console_checks NAME: the kernel's console is hvc0 and what the guest
# writes, from the kernel or from userspace, reaches xenconsoled's log.
console_checks() {
	local name=$1 out line tok off

	# Without earlyprintk the first lines come from the log buffer when
	# hvc0 registers: none may be lost in the handover.
	if console_has "$name" "$GUEST_BOOT_OFFSET" 'Linux version'; then
		pass console-boot-log-from-first-line
	else
		fail console-boot-log-from-first-line "no 'Linux version' line on the console before the agent came up"
	fi

	out=$(guest_run "$name" "$T_CMD" 'cat /proc/consoles') ||
		{ fail console-hvc0-is-kernel-console "agent command failed: ${RUN_WHY:-rc $?}"; return 0; }
	line=$(grep -m1 '^hvc0 ' <<<"$out")
	note "/proc/consoles: $(tr '\n' ';' <<<"$out")"
	# Format "hvc0 -W- (EC p a) 229:0": E enabled, C the preferred console.
	if [[ -z "$line" ]]; then
		fail console-hvc0-is-kernel-console "no hvc0 in /proc/consoles: '$(tr '\n' ';' <<<"$out")'"
	elif [[ ! "$line" =~ \(([A-Za-z ]*)\) || "${BASH_REMATCH[1]}" != *E* || "${BASH_REMATCH[1]}" != *C* ]]; then
		fail console-hvc0-is-kernel-console "hvc0 is not the enabled preferred console (flags E and C): '$line'"
	else
		pass console-hvc0-is-kernel-console
	fi

	# printk -> hvc0: a critical message always reaches the console.
	tok=$(token) off=$(log_size "$name")
	guest_run "$name" "$T_CMD" "echo '<2>rig: kmsg $tok' >/dev/kmsg" >/dev/null
	if wait_console "$name" "$off" "rig: kmsg $tok" 20 >/dev/null; then
		pass console-printk-reaches-xl-log
	else
		fail console-printk-reaches-xl-log "a <2> line written to /dev/kmsg: $WAIT_WHY"
	fi

	# Userspace writes to /dev/hvc0 and to /dev/console (console=hvc0).
	local dev check
	for dev in hvc0 console; do
		check=console-dev-$dev-output
		tok=$(token) off=$(log_size "$name")
		out=$(guest_run "$name" "$T_CMD" "echo RIG-OUT-$dev-$tok >/dev/$dev") ||
			{ fail "$check" "echo >/dev/$dev failed: ${RUN_WHY:-$out}"; continue; }
		if console_has "$name" "$off" "^RIG-OUT-$dev-$tok\$"; then
			pass "$check"
		else
			fail "$check" "RIG-OUT-$dev-$tok written to /dev/$dev is not in the xl console log"
		fi
	done
}

# xs_value OUTPUT KEY: the value of "KEY=value" in OUTPUT.
xs_value() { sed -n "s|^$2=||p" <<<"$1" | head -n 1; }

# xenstore_checks NAME: rig-xs in the guest reads its name and domid,
# reads a key dom0 wrote for it, writes a scratch key dom0 reads back,
# and gets ENOENT for a key that does not exist.
xenstore_checks() {
	local name=$1 id home out v tok_in tok_out dom0_ok=1
	id=$(domid_of "$name")
	home="/local/domain/$id"
	out=$(guest_run "$name" "$T_CMD" 'if [ -c /dev/xen/xenbus ]; then echo present; else ls -l /dev/xen 2>&1; fi')
	if [[ "$out" != present ]]; then
		fail xenstore-dev-xenbus "no character device /dev/xen/xenbus in the guest (ls -l /dev/xen: '$(tr '\n' ';' <<<"$out")'): nothing to reach xenstore through"
		return 0
	fi
	pass xenstore-dev-xenbus

	tok_in=$(token) tok_out=$(token)
	# dom0 owns the key, the guest may read it.
	if ! xenstore-write "$home/data/rig-from-dom0" "$tok_in" ||
		! xenstore-chmod "$home/data/rig-from-dom0" n0 "r$id"; then
		dom0_ok=0
	fi
	# One agent round trip: "<key>=<value or rig-xs's error>" per line.
	# shellcheck disable=SC2016 # $k and $? are the guest shell's
	out=$(guest_run "$name" "$T_CMD" \
		'for k in domid name '"$home"'/name data/rig-from-dom0 data/rig-no-such-key; do
			printf "%s=" "$k"; rig-xs read "$k" 2>&1; done;
		rig-xs write data/rig-scratch '"$tok_out"' 2>&1; echo "write-rc=$?"') ||
		{ fail xenstore-read-domid "agent command failed: ${RUN_WHY:-rc $?}"; return 0; }
	note "rig-xs: $(tr '\n' ';' <<<"$out")"
	check_eq xenstore-read-domid "$id" "$(xs_value "$out" domid)"
	check_eq xenstore-read-name "$name" "$(xs_value "$out" name)"
	check_eq xenstore-read-absolute-path "$name" "$(xs_value "$out" "$home/name")"
	if ((dom0_ok)); then
		check_eq xenstore-read-dom0-key "$tok_in" "$(xs_value "$out" data/rig-from-dom0)"
	else
		fail xenstore-read-dom0-key "dom0 could not write and chmod $home/data/rig-from-dom0"
	fi
	v=$(xs_value "$out" data/rig-no-such-key)
	if [[ "$v" == *ENOENT* ]]; then
		pass xenstore-read-missing-enoent
	else
		fail xenstore-read-missing-enoent "reading data/rig-no-such-key gave '$v', expected the error ENOENT"
	fi
	v=$(xs_value "$out" write-rc)
	if [[ "$v" != 0 ]]; then
		fail xenstore-write-scratch "rig-xs write data/rig-scratch failed (rc ${v:-?}): $(grep -m1 '^rig-xs' <<<"$out")"
	else
		check_eq xenstore-write-scratch "$tok_out" "$(xenstore-read "$home/data/rig-scratch" 2>&1)"
	fi
}

# stamp_console NAME OFFSET FILE: until stamp_stop, write "<dom0 time in
# us> <line>" to FILE for each line of NAME's console after byte OFFSET,
# as it arrives (tail -f follows the log with inotify, so the stamp is
# close to when xenconsoled wrote the line).
stamp_console() {
	sleep 600 &
	STAMP_HOLDER=$!
	tail -c +"$(($2 + 1))" -f --pid="$STAMP_HOLDER" "$(console_log "$1")" 2>/dev/null |
		while IFS= read -r l; do echo "${EPOCHREALTIME/[.,]/} ${l%$'\r'}"; done >"$3" &
	STAMP_READER=$!
}
stamp_stop() {
	kill "$STAMP_HOLDER" 2>/dev/null
	wait "$STAMP_READER" 2>/dev/null
}
# stamp_of FILE WORD: dom0's time (us) of the first line whose first word
# is WORD.
stamp_of() { awk -v w="$2" '$2 == w {print $1; exit}' "$1"; }

# time_checks NAME: a 2 s sleep lasts about 2 s by the guest's clock and
# by dom0's, and the guest's wall clock is dom0's.
time_checks() {
	local name=$1 out tok f t0 t1
	if out=$(guest_run "$name" "$T_CMD" 'rig-sleep 2 2>&1'); then
		note "rig-sleep 2: $(tr '\n' ' ' <<<"$out")"
		in_range time-nanosleep-2s-guest-clock "$(sed -n 's/^mono_ms=//p' <<<"$out")" 1900 2500 ms \
			"nanosleep(2 s) by CLOCK_MONOTONIC"
	else
		fail time-nanosleep-2s-guest-clock "rig-sleep 2 failed: ${RUN_WHY:-$out}"
	fi

	# dom0's clock on the guest's 'sleep 2': the times at which lines
	# printed just before and just after it reach the console log.  (The
	# agent's own round trip is too slow and uneven under TCG to time.)
	# Both lines carry the guest's wall clock (ash's EPOCHREALTIME,
	# CLOCK_REALTIME like date +%s): read after dom0 sent the command and
	# before dom0 got its output back, give or take the clocks' offset.
	# The guest takes Xen's wall clock, which was seen over a second
	# behind dom0's on a busy host (the reference guest's too), hence
	# the 10 s allowance; a guest that ignores it is years off.  (Not the lines' arrival
	# times: on a busy host xenconsoled can be seconds behind the guest.)
	local tb ta g0 g1 rc=0 slack=10000000
	tok=$(token) f="/tmp/rig-stamps-$SCEN"
	stamp_console "$name" "$(log_size "$name")" "$f"
	tb=${EPOCHREALTIME/[.,]/}
	# shellcheck disable=SC2016 # EPOCHREALTIME is the guest shell's
	out=$(guest_run "$name" "$T_CMD" \
		"echo RIG-T0-$tok"' $EPOCHREALTIME; sleep 2; echo '"RIG-T1-$tok"' $EPOCHREALTIME') || rc=$?
	ta=${EPOCHREALTIME/[.,]/}
	sleep 1 # let the reader catch up
	stamp_stop
	t0=$(stamp_of "$f" "RIG-T0-$tok") t1=$(stamp_of "$f" "RIG-T1-$tok")
	if ((rc != 0)) || [[ -z "$t0" || -z "$t1" ]]; then
		fail time-sleep-2s-dom0-clock "no RIG-T0/RIG-T1 lines around 'sleep 2' on the console (agent rc $rc${RUN_WHY:+: $RUN_WHY})"
	else
		note "'sleep 2' by dom0's clock: $(((t1 - t0) / 1000)) ms"
		in_range time-sleep-2s-dom0-clock $(((t1 - t0) / 1000)) 1800 4000 ms "'sleep 2' in the guest by dom0's clock"
	fi
	g0=$(sed -n "s/^RIG-T0-$tok \([0-9]*\)[.,]\([0-9]*\)\$/\1\2/p" <<<"$out")
	g1=$(sed -n "s/^RIG-T1-$tok \([0-9]*\)[.,]\([0-9]*\)\$/\1\2/p" <<<"$out")
	if [[ ! "$g0" =~ ^[0-9]{16,}$ || ! "$g1" =~ ^[0-9]{16,}$ ]]; then
		fail time-wallclock-matches-dom0 "no guest wall clock on the RIG-T0/RIG-T1 lines (got '$(grep "^RIG-T" <<<"$out" | tr '\n' ';')')"
	else
		note "wall clock: the guest's read $(((g0 - tb) / 1000)) ms after dom0 sent the command and $(((ta - g1) / 1000)) ms before its output was back (dom0 took $(((ta - tb) / 1000)) ms in all)"
		if ((tb - slack <= g0 && g1 <= ta + slack)); then
			pass time-wallclock-matches-dom0
		else
			fail time-wallclock-matches-dom0 "the guest's clock said $((g0 / 1000000))..$((g1 / 1000000)) s, dom0's went from $((tb / 1000000)) to $((ta / 1000000)) s around the command (+-$((slack / 1000000)) s)"
		fi
	fi
	rm -f "$f"
}

# sysrq_check NAME: xl sysrq NAME s makes the guest run the emergency sync
# (drivers/tty/sysrq.c prints "sysrq: Emergency Sync", fs/sync.c then
# "Emergency Sync complete").
sysrq_check() {
	local name=$1 off
	off=$(log_size "$name")
	xl_step sysrq-s-request 30 sysrq "$name" s || return 0
	if wait_console "$name" "$off" 'sysrq: .*Emergency Sync' 30 >/dev/null; then
		pass sysrq-s-handled
	else
		fail sysrq-s-handled "no 'sysrq: Emergency Sync' on the console after xl sysrq $name s: $WAIT_WHY"
		return 0
	fi
	if wait_console "$name" "$off" '^(\[[ 0-9.]*\] )?Emergency Sync complete' 30 >/dev/null; then
		pass sysrq-s-sync-complete
	else
		fail sysrq-s-sync-complete "no 'Emergency Sync complete' after the sysrq: $WAIT_WHY"
	fi
}

# xenconsole_pid DOMID: the pid of the `xl console` client (xenconsole)
# attached to DOMID.  Builtins only: spawning processes for each /proc
# entry is slow in an emulated dom0.
xenconsole_pid() {
	local p comm args
	for p in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$p/comm" || continue
		[[ "$comm" == xenconsole ]] || continue
		mapfile -d '' args 2>/dev/null <"$p/cmdline" || continue
		[[ " ${args[*]} " == *" $1 "* ]] || continue
		echo "${p#/proc/}"
		return 0
	done
	return 1
}

# xenconsole_raw DOMID: succeeds once DOMID's xenconsole has put its
# terminal in raw mode, i.e. it reads what we type (it may discard input
# typed before that).
xenconsole_raw() {
	local pid
	pid=$(xenconsole_pid "$1") || return 1
	stty -F "/proc/$pid/fd/0" -a 2>/dev/null | grep -w -- -icanon >/dev/null
}

# typing_check NAME: `xl console NAME` (under script(1), which gives it a
# terminal) types a command into an interactive shell on hvc0 and exits
# with ctrl-].  The agent starts the shell on the console and goes back to
# reading commands once it exits.
typing_check() {
	local name=$1 id tty seq off tok xo rc=0 i
	id=$(domid_of "$name")
	tty=$(console_tty "$name") || { fail console-typing-reaches-shell "no console pty for $name"; return 0; }
	tok=$(token) xo="$OUT/$SCEN-xl-console.out"
	# guest_run numbers its commands in subshells, so AGENT_SEQ here may
	# repeat one already used: take a number of our own.
	seq=$((SRANDOM % 900000000 + 100000000)) off=$(log_size "$name")
	printf '%s %s\n' "$seq" 'PS1="RIG-SHELL# " sh -i +m </dev/hvc0 >/dev/hvc0 2>&1' >"$tty"
	if ! wait_console "$name" "$off" 'RIG-SHELL# ' 30 >/dev/null; then
		fail console-typing-reaches-shell "the guest shell gave no prompt: $WAIT_WHY"
		return 0
	fi
	note "shell prompt seen; xl console $name, typing"
	{
		local deadline=$((SECONDS + 20))
		until xenconsole_raw "$id" || ((SECONDS > deadline)); do sleep 0.2; done
		# $((6*7)) is worked out by the shell: its output differs from
		# the typed text, whether or not the input is echoed.
		# shellcheck disable=SC2016
		printf 'echo RIG-TYPED-$((6*7))-%s | tee /tmp/rig-typed\n' "$tok"
		wait_console "$name" "$off" "RIG-TYPED-42-$tok" 30 >/dev/null &&
			sleep 1 # for xl console to pass it on too
		printf 'exit\n'
		wait_console "$name" "$off" "@@RIG-END $seq rc=" 30 >/dev/null
		printf '\035' # ctrl-]: xl console's escape, it detaches
		# Keep our end open until it has: an EOF now would make script(1)
		# type ctrl-D, and xl console read both bytes as one input.
		for ((i = 0; i < 50; i++)); do
			xenconsole_pid "$id" >/dev/null || break
			sleep 0.2
		done
	} | timeout 90 script -qfec "xl console $name" /dev/null >"$xo" 2>&1 || rc=$?
	note "xl console exited with status $rc"
	local xl_why=''
	((rc == 0)) ||
		xl_why="; xl console exited with status $rc: '$(tr -d '\r' <"$xo" | grep -v '^\s*$' | tail -n 1 | cut -c1-160)'"
	if console_has "$name" "$off" "RIG-TYPED-42-$tok"; then
		pass console-typing-reaches-shell
	else
		fail console-typing-reaches-shell "typed 'echo RIG-TYPED-\$((6*7))-$tok' on xl console; no RIG-TYPED-42-$tok on the guest console$(console_last_line "$name" "$off")$xl_why"
	fi
	if grep -F -- "RIG-TYPED-42-$tok" "$xo" >/dev/null; then
		pass console-xl-console-shows-output
	else
		fail console-xl-console-shows-output "xl console did not show RIG-TYPED-42-$tok: it printed $(wc -c <"$xo") bytes$xl_why"
	fi
	if wait_console "$name" "$off" "@@RIG-END $seq rc=" 30 >/dev/null; then
		check_eq console-typed-command-ran "RIG-TYPED-42-$tok" \
			"$(guest_run "$name" "$T_CMD" 'cat /tmp/rig-typed 2>&1')"
	else
		fail console-typed-command-ran "typed 'exit' did not end the guest shell: $WAIT_WHY"
	fi
}

scenario_main() {
	local name=userspace
	guest_up "$name" 1 1 256 256 || return 0
	console_checks "$name"
	xenstore_checks "$name"
	time_checks "$name"
	sysrq_check "$name"
	typing_check "$name"
	guest_destroy "$name"
}
