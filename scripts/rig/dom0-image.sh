#!/bin/bash
# Build (or reuse from cache) the pieces that never change between rig runs:
#   xen           - the Xen 4.17 hypervisor (32-bit multiboot ELF for qemu -kernel)
#   vmlinuz       - Debian's stock 6.1 kernel, used as dom0
#   modules/      - that kernel's full module tree (also usable as --modules)
#   base.cpio.gz  - dom0 root filesystem: xl, xenstored, xenconsoled, hotplug
#                   scripts, busybox and the backend modules, pruned.
# The per-run init/driver/scenarios come in a separate payload cpio that is
# concatenated after base.cpio.gz, so editing scenarios never rebuilds this.
#
# Usage: dom0-image.sh            prints the cache directory on stdout
set -euo pipefail
# shellcheck source=scripts/rig/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Kernel modules dom0 loads (dependencies are resolved with modprobe).
DOM0_MODULES=(xenfs xen-evtchn xen-gntdev xen-gntalloc xen-privcmd
	xen-blkback xen-netback bridge loop virtio_pci virtio_blk)

# Packages of the dom0 userland; everything else mmdebstrap pulls in as a
# dependency (python, perl, docs) is pruned afterwards.
# (e2fsprogs: scenarios make, check and read ext4 images of guest disks.)
DOM0_PACKAGES=(xenstore-utils busybox-static kmod iproute2 bridge-utils mount
	util-linux coreutils e2fsprogs)

resolve_versions() {
	rig_apt_update_once
	XEN_VERSION=$(rig_candidate_version "$RIG_XEN_HV_PKG")
	XEN_UTILS_VERSION=$(rig_candidate_version "$RIG_XEN_UTILS_PKG")
	[[ "$XEN_VERSION" == "$XEN_UTILS_VERSION" ]] ||
		rig_die "$RIG_XEN_HV_PKG $XEN_VERSION != $RIG_XEN_UTILS_PKG $XEN_UTILS_VERSION; xl would not match the hypervisor"
	KERNEL_PKG=$(rig_kernel_pkg)
	KERNEL_VERSION=$(rig_candidate_version "$KERNEL_PKG")
	local key
	key=$(printf '%s\n' "$XEN_VERSION" "$KERNEL_PKG" "$KERNEL_VERSION" "$RIG_MIRROR" \
		"${DOM0_MODULES[*]}" "${DOM0_PACKAGES[*]}" "$(rig_hash_files "${BASH_SOURCE[0]}")" |
		sha256sum | cut -c1-16)
	OUT="$RIG_CACHE/dom0-$key"
}

# Xen ships gzipped; qemu's multiboot loader wants the plain ELF.
build_xen() {
	local deb tmp
	deb=$(rig_fetch_deb "$RIG_XEN_HV_PKG" "$XEN_VERSION")
	tmp=$(mktemp -d "$OUT.xen.XXXX")
	dpkg-deb -x "$deb" "$tmp"
	gzip -dc "$tmp"/boot/xen-*.gz >"$OUT/xen"
	rm -rf "$tmp"
	file_is_elf "$OUT/xen" || rig_die "unpacked Xen is not an ELF"
}

file_is_elf() { [[ "$(head -c4 "$1" | od -An -c | tr -d ' ')" == '177ELF' ]]; }

# The stock kernel: dom0 image plus full module tree (for dom0 and for
# developing with the stock kernel as a domU).
build_kernel() {
	local deb
	deb=$(rig_fetch_deb "$KERNEL_PKG" "$KERNEL_VERSION")
	rm -rf "$OUT/kpkg"
	dpkg-deb -x "$deb" "$OUT/kpkg"
	KVER=$(basename "$(find "$OUT/kpkg/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n1)")
	cp "$OUT/kpkg/boot/vmlinuz-$KVER" "$OUT/vmlinuz"
	mv "$OUT/kpkg/lib/modules/$KVER" "$OUT/modules"
	rm -rf "$OUT/kpkg"
	# The .deb has no modules.dep (postinst makes it); build it in a throwaway
	# layout depmod understands.
	mkdir -p "$OUT/modroot/lib/modules"
	ln -s "$OUT/modules" "$OUT/modroot/lib/modules/$KVER"
	depmod -b "$OUT/modroot" "$KVER"
	echo "$KVER" >"$OUT/kver"
}

build_rootfs() {
	local root="$OUT/root" incl
	incl="$RIG_XEN_UTILS_PKG=$XEN_UTILS_VERSION,$(
		IFS=,
		echo "${DOM0_PACKAGES[*]}"
	)"
	rm -rf "$root"
	rig_log "mmdebstrap dom0 rootfs (about a minute)"
	mmdebstrap --variant=essential --mode=root --include="$incl" \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		bookworm "$root" \
		"deb $RIG_MIRROR bookworm main" \
		"deb $RIG_SECURITY_MIRROR bookworm-security main" \
		>"$OUT/mmdebstrap.log" 2>&1 ||
		rig_die "mmdebstrap failed (see $OUT/mmdebstrap.log)"
	local got
	# shellcheck disable=SC2016 # dpkg-query's own format syntax
	got=$(chroot "$root" dpkg-query -W -f='${Version}' "$RIG_XEN_UTILS_PKG")
	[[ "$got" == "$XEN_VERSION" ]] || rig_die "dom0 got $RIG_XEN_UTILS_PKG $got, hypervisor is $XEN_VERSION"
	echo "$got" >"$OUT/xen-utils-version"
	prune_rootfs "$root"
	install_dom0_modules "$root"
}

# Drop what a test dom0 never runs; keeps the initramfs ~60 MB.
prune_rootfs() {
	local root=$1
	rm -rf "$root"/usr/lib/python3* "$root"/usr/bin/python3* \
		"$root"/usr/share/perl "$root"/usr/lib/x86_64-linux-gnu/perl* \
		"$root"/usr/bin/perl* "$root"/usr/lib/x86_64-linux-gnu/gconv \
		"$root"/usr/lib/udev "$root"/usr/bin/udevadm \
		"$root"/var/cache/* "$root"/var/lib/apt/lists/* \
		"$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/info \
		"$root"/usr/share/locale "$root"/usr/share/zoneinfo \
		"$root"/usr/share/i18n "$root"/usr/share/common-licenses \
		"$root"/usr/lib/xen-4.17/boot "$root"/usr/share/qemu* \
		"$root"/usr/lib/x86_64-linux-gnu/security
	# pygrub and friends need python; xl itself does not.
	rm -f "$root"/usr/lib/xen-4.17/bin/pygrub "$root"/usr/lib/xen-4.17/bin/xenpvnetboot
}

install_dom0_modules() {
	local root=$1 m f rel
	mkdir -p "$root/lib/modules/$KVER"
	for m in "${DOM0_MODULES[@]}"; do
		modprobe -d "$OUT/modroot" -S "$KVER" --show-depends "$m" |
			awk '$1 == "insmod" {print $2}'
	done | sort -u | while read -r f; do
		rel=${f#"$OUT/modroot/lib/modules/$KVER/"}
		mkdir -p "$root/lib/modules/$KVER/$(dirname "$rel")"
		cp "$OUT/modules/$rel" "$root/lib/modules/$KVER/$rel"
	done
	cp "$OUT/modules"/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$KVER/"
	depmod -b "$root" "$KVER"
}

pack_rootfs() {
	(cd "$OUT/root" && find . -print0 | cpio --null -o -H newc --quiet) |
		gzip -1 >"$OUT/base.cpio.gz.tmp"
	mv "$OUT/base.cpio.gz.tmp" "$OUT/base.cpio.gz"
	rm -rf "$OUT/root"
}

main() {
	rig_require_host_packages
	resolve_versions
	# One builder at a time: runs started together would otherwise build
	# (and rm -rf) the same directory under each other.
	mkdir -p "$RIG_CACHE"
	exec 9>"$RIG_CACHE/dom0-image.lock"
	flock 9
	if [[ -f "$OUT/complete" ]]; then
		printf '%s\n' "$OUT"
		return 0
	fi
	[[ $(id -u) -eq 0 ]] || rig_die "building the dom0 image needs root (mmdebstrap --mode=root)"
	rig_log "building dom0 image in $OUT (xen $XEN_VERSION, $KERNEL_PKG $KERNEL_VERSION)"
	rm -rf "$OUT"
	mkdir -p "$OUT"
	build_xen
	build_kernel
	build_rootfs
	pack_rootfs
	cat >"$OUT/versions" <<-EOF
		xen=$XEN_VERSION
		xen_utils=$XEN_UTILS_VERSION
		dom0_kernel=$KERNEL_PKG $KERNEL_VERSION ($KVER)
	EOF
	touch "$OUT/complete"
	# Older images (other package versions or build script) are dead weight.
	find "$RIG_CACHE" -maxdepth 1 -name 'dom0-*' ! -path "$OUT" -exec rm -rf {} +
	printf '%s\n' "$OUT"
}

main "$@"
