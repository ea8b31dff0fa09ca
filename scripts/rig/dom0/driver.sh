#!/bin/bash
# Scenario driver inside dom0: runs the scenarios listed in
# /rig/scenarios.list, each in its own process under a hard timeout, so a
# hung scenario costs only its own budget.  Scenarios run in $RIG_LANES
# parallel lanes (default 2): most of a scenario is a guest kernel booting
# on its own vCPU, and the emulated machine has two CPUs.
set -uo pipefail
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin

OUT=/rig/out
RESULTS=$OUT/results
QUEUE=/tmp/rig-queue
LANES=$(cat /rig/lanes 2>/dev/null || echo 2)
: >"$RESULTS"

result() {
	echo "$*" >>"$RESULTS"
	echo "@@RIG-RESULT $*"
}

# Destroy the domains a scenario created (guest_start records them), so the
# next scenario starts clean without touching the other lane's guests.
destroy_scenario_guests() {
	local d
	[[ -f "/tmp/rig-domains-$1" ]] || return 0
	sort -u "/tmp/rig-domains-$1" | while read -r d; do
		xl domid "$d" >/dev/null 2>&1 || continue
		echo "[$1] destroying leftover domain $d"
		timeout 60 xl destroy "$d" >/dev/null 2>&1
	done
}

# Results of scenario $1 so far (lines are appended atomically by lanes).
count_results() { grep -c -E "^(PASS|FAIL|SKIP) $1[/:]" "$RESULTS"; }

run_one() {
	local s=$1 t=$2 rc start
	start=$SECONDS
	echo "@@RIG-SCENARIO-START $s"
	RIG_SCENARIO=$s RIG_TIMEOUT=$t timeout -k 10 "$t" bash /rig/scenario-runner.sh "$s"
	rc=$?
	if ((rc == 124 || rc == 137)); then
		result "FAIL $s/timeout: scenario did not finish within ${t}s"
	elif (($(count_results "$s") == 0)); then
		result "FAIL $s/runner: scenario exited with status $rc and reported no checks"
	fi
	destroy_scenario_guests "$s"
	echo "@@RIG-SCENARIO-END $s $((SECONDS - start))s"
}

# Pop the next "name timeout" line off the shared queue.
next_scenario() {
	(
		flock 9
		head -n 1 "$QUEUE"
		sed -i 1d "$QUEUE"
	) 9>"$QUEUE.lock"
}

lane() {
	local line
	while line=$(next_scenario) && [[ -n "$line" ]]; do
		# shellcheck disable=SC2086 # "name timeout"
		run_one $line
	done
}

cp /rig/scenarios.list "$QUEUE"
for ((i = 0; i < LANES; i++)); do
	lane &
	sleep 2 # stagger: both lanes' first xl create would just contend
done
wait
echo "@@RIG-DRIVER-DONE"
