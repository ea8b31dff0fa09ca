# shellcheck shell=bash
# Common settings and helpers for xenpv's build scripts.  Sourced, not run.

set -euo pipefail

XENPV_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XENPV_CACHE=${XENPV_CACHE:-$HOME/.cache/xenpv}
XENPV_BUILD=${XENPV_BUILD:-$XENPV_TOP/build}
# The assembled kernel tree: pristine base + our patches + our owned paths.
XENPV_SRC=$XENPV_BUILD/src

# step "message": a progress line that stands out in long build logs.
step() { printf '==> %s\n' "$*" >&2; }
# die "message": an error that says what failed; exit status 1.
die() { printf 'xenpv: error: %s\n' "$*" >&2; exit 1; }

# owned_paths FILE: the non-comment lines of a path manifest.
manifest_paths() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

# owned_paths_regex: an extended regex alternation (no anchors) that
# matches an owned path of scripts/owned-paths: anything under an owned
# directory, and an owned file as source (.c), object (.o) or bare object
# name.  Callers anchor it: "^($(owned_paths_regex))" for tree paths,
# "(^|/)(...)" inside compiler messages.
owned_paths_regex() {
	manifest_paths "$XENPV_TOP/scripts/owned-paths" |
		sed -E 's#[.]#\\.#g; s#/$#(/|$)#; s#\\\.c$#(\\.[co]|$)#' | paste -sd'|'
}

# need_pkgs PKG...: install the Debian packages that are missing.  The
# project's scripts call this so that a fresh Debian 12 machine needs no
# manual setup.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	step "installing ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	if [ ! -f "$XENPV_CACHE/.apt-updated" ] ||
	   [ -n "$(find "$XENPV_CACHE/.apt-updated" -mmin +720 2>/dev/null)" ]; then
		$sudo apt-get update -q >&2 || die "apt-get update failed"
		mkdir -p "$XENPV_CACHE" && touch "$XENPV_CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >&2 ||
		die "could not install ${missing[*]}; install them by hand and re-run"
}

# The packages a kernel build needs on Debian 12.
BUILD_PKGS=(build-essential flex bison bc libelf-dev libssl-dev ccache kmod
	    cpio xz-utils rsync python3 libncurses-dev patch git)
