# shellcheck shell=bash
# features: pv-boot hvc smp
# timeout: 300
# The boot scenario again with 2 vCPUs: both must come online.
# shellcheck source=scripts/rig/scenarios/boot.sh
source /rig/scenarios/boot.sh
scenario_main() { boot_check 2; }
