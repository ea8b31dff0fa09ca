# shellcheck shell=bash
# features: pv-boot hvc xenstore save-restore
# timeout: 420
# xl save + xl restore: the guest comes back with its tmpfs contents and a
# running process (rig-ticker) that kept its in-memory counter and pid.

scenario_main() {
	local name=save-restore chk="$IMG_DIR/save-restore.chk" token before after later
	token="tok$RANDOM$RANDOM"
	guest_up "$name" 1 1 192 192 || return 0
	guest_run "$name" "$T_CMD" "echo $token >/tmp/state && rig-ticker /tmp/tick $token && sleep 1" >/dev/null
	before=$(guest_run "$name" "$T_CMD" 'cat /tmp/tick')
	note "before save: $before"
	[[ "$before" == *" $token" ]] || { fail ticker-started "ticker not running: '$before'"; return 0; }

	rm -f "$chk"
	xl_step save 240 save "$name" "$chk" || { guest_diag "$name"; return 0; }
	pass save
	if domain_exists "$name"; then
		fail save-domain-gone "domain still running after xl save"
	else
		pass save-domain-gone
	fi
	xl_step restore 240 restore "$chk" || { guest_diag "$name"; return 0; }
	pass restore
	rm -f "$chk"

	check_eq tmpfs-state-preserved "$token" "$(guest_run "$name" 90 'cat /tmp/state')"
	after=$(guest_run "$name" "$T_CMD" 'cat /tmp/tick')
	sleep 2
	later=$(guest_run "$name" "$T_CMD" 'cat /tmp/tick')
	note "after restore: $after, then $later"
	local c0=${before%% *} c1=${after%% *} c2=${later%% *} p0 p1
	p0=$(cut -d' ' -f2 <<<"$before")
	p1=$(cut -d' ' -f2 <<<"$later")
	check_eq ticker-same-pid "$p0" "$p1"
	if [[ "$c1" =~ ^[0-9]+$ && "$c2" =~ ^[0-9]+$ ]] && ((c1 >= c0 && c2 > c1)); then
		pass ticker-counter-continues
	else
		fail ticker-counter-continues "counter before save $c0, after restore '$c1', 2 s later '$c2'"
	fi
}
