#!/bin/bash
# Runs one scenario (scenarios/NAME.sh defines scenario_main) in dom0.
set -uo pipefail
export PATH=/usr/lib/xen-4.17/bin:/usr/sbin:/usr/bin:/sbin:/bin
# shellcheck source=scripts/rig/dom0/lib.sh
source /rig/lib.sh
# shellcheck disable=SC1090
source "/rig/scenarios/$1.sh"
scenario_main
