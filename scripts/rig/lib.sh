# shellcheck shell=bash
# Host-side helpers shared by the Xen test rig scripts (sourced, not run).
#
# Everything the rig needs from Debian is listed here so a fresh Debian 12
# machine can self-install; caches live under RIG_CACHE and are keyed by
# package versions so a new security upload rebuilds them automatically.

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# Host packages the rig needs (installed by rig_require_host_packages).
RIG_HOST_PACKAGES=(
	qemu-system-x86    # runs Xen + dom0 under TCG
	mmdebstrap         # builds the dom0 root filesystem
	busybox-static     # guest userland (and dom0 fallback tools)
	cpio               # packs initramfs archives
	gzip
	xz-utils           # bzImage payloads (Debian kernels are xz)
	zstd               # bzImage payloads (zstd kernels)
	lz4
	bzip2
	binutils           # readelf: Xen ELF note check
	gcc                # static guest helpers
	libc6-dev
	libxen-dev         # xs_wire.h: the xenstore protocol of guest/rig-xs.c
	kmod               # depmod/modinfo for module subsets
	coreutils
	tar
	shellcheck         # lint (used by scripts/rig/lint)
)

# Debian packages the rig consumes as payloads (downloaded, never installed).
# (Variables here are used by the scripts that source this file.)
# shellcheck disable=SC2034
RIG_XEN_HV_PKG=xen-hypervisor-4.17-amd64
# shellcheck disable=SC2034
RIG_XEN_UTILS_PKG=xen-utils-4.17
# shellcheck disable=SC2034
RIG_KERNEL_META_PKG=linux-image-amd64

# shellcheck disable=SC2034
RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RIG_CACHE=${RIG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xenpv/rig}
RIG_MIRROR=${RIG_MIRROR:-http://deb.debian.org/debian}
RIG_SECURITY_MIRROR=${RIG_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

rig_log() { printf 'rig: %s\n' "$*" >&2; }
rig_die() { printf 'rig: error: %s\n' "$*" >&2; exit 2; }

# apt-get update at most once a day: the lists feed version lookups, and a
# stale list would pin us to superseded security uploads forever.
rig_apt_update_once() {
	local stamp="$RIG_CACHE/apt-update.stamp"
	mkdir -p "$RIG_CACHE"
	if [[ -n "${RIG_APT_UPDATED:-}" ]]; then return 0; fi
	if [[ -f "$stamp" ]] && [[ -z "$(find "$stamp" -mmin +1440)" ]]; then
		RIG_APT_UPDATED=1
		return 0
	fi
	rig_log "apt-get update"
	apt-get update -qq >"$RIG_CACHE/apt-update.log" 2>&1 ||
		rig_die "apt-get update failed (see $RIG_CACHE/apt-update.log)"
	touch "$stamp"
	RIG_APT_UPDATED=1
}

# Install only the host packages that are missing (the project's
# installer, scripts/lib.sh).
rig_require_host_packages() {
	need_pkgs "${RIG_HOST_PACKAGES[@]}"
}

# Candidate version of a Debian package, from the apt lists.
rig_candidate_version() {
	local v
	v=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
	[[ -n "$v" && "$v" != "(none)" ]] || rig_die "no candidate version for $1 (apt lists?)"
	printf '%s\n' "$v"
}

# The versioned kernel image package behind linux-image-amd64.
rig_kernel_pkg() {
	local p
	p=$(apt-cache depends "$RIG_KERNEL_META_PKG" 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	[[ -n "$p" ]] || rig_die "cannot resolve $RIG_KERNEL_META_PKG"
	printf '%s\n' "$p"
}

# Path of a cached .deb for PKG at exactly VERSION (empty if absent).
rig_cached_deb() {
	local c
	for c in "$RIG_CACHE/debs/${1}"_*.deb; do
		[[ -f "$c" && "$(dpkg-deb -f "$c" Version)" == "$2" ]] && { printf '%s\n' "$c"; return 0; }
	done
	return 0
}

# Download PKG=VERSION into the deb cache; prints the .deb path.
rig_fetch_deb() {
	local pkg=$1 ver=$2 f
	mkdir -p "$RIG_CACHE/debs"
	f=$(rig_cached_deb "$pkg" "$ver")
	if [[ -z "$f" ]]; then
		rig_log "downloading $pkg=$ver"
		(cd "$RIG_CACHE/debs" && apt-get download -qq "$pkg=$ver" >/dev/null 2>&1) ||
			rig_die "apt-get download $pkg=$ver failed"
		f=$(rig_cached_deb "$pkg" "$ver")
		[[ -n "$f" ]] || rig_die "downloaded $pkg=$ver but cannot find the .deb"
	fi
	printf '%s\n' "$f"
}

# Short stable hash of files (cache keys include the scripts that build them).
rig_hash_files() { cat "$@" | sha256sum | cut -c1-12; }
