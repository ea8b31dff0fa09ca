#!/bin/bash
# Build the guest (domU) initramfs: busybox-static, the rig's static C
# helpers (scripts/rig/guest/*.c), busybox init + the console command agent,
# and optionally the Xen frontend modules from a lib/modules/<ver> tree (for
# kernels such as Debian's where xen-blkfront/xen-netfront are modules).
#
# Usage: guest-initramfs.sh --out FILE.cpio.gz [--modules DIR] [--bindir DIR]
#   --bindir DIR   also leave the compiled helpers there (dom0 uses
#                  rig-pattern to compute expected checksums)
set -euo pipefail
# shellcheck source=scripts/rig/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GUEST_SRC="$RIG_DIR/guest"
# Frontend modules loaded when present in --modules (dependencies first).
GUEST_MODULES=(xen-blkfront xen-netfront)

OUT='' MODULES='' BINDIR=''

parse_args() {
	while (($#)); do
		case $1 in
		--out) OUT=$2; shift 2 ;;
		--modules) MODULES=$2; shift 2 ;;
		--bindir) BINDIR=$2; shift 2 ;;
		*) rig_die "guest-initramfs.sh: unknown argument $1" ;;
		esac
	done
	[[ -n "$OUT" ]] || rig_die "guest-initramfs.sh: --out is required"
	if [[ -n "$MODULES" ]]; then
		[[ -d "$MODULES/kernel" ]] || rig_die "--modules $MODULES: not a lib/modules/<version> tree (no kernel/ directory)"
	fi
}

install_busybox() {
	local root=$1 bb applet
	bb=$(command -v busybox) || rig_die "busybox not found (install busybox-static)"
	file_is_static "$bb" || rig_die "$bb is not static (install busybox-static)"
	mkdir -p "$root"/{bin,sbin,etc/rig,proc,sys,dev,tmp,run,root,lib/modules}
	cp "$bb" "$root/bin/busybox"
	for applet in $("$bb" --list); do
		[[ "$applet" == busybox ]] && continue
		ln -sf busybox "$root/bin/$applet"
	done
	# The kernel runs /init; busybox picks the init applet from argv[0].
	ln -sf bin/busybox "$root/init"
	# Paths the kernel's orderly poweroff and xl reboot expect.
	ln -sf ../bin/busybox "$root/sbin/poweroff"
	ln -sf ../bin/busybox "$root/sbin/reboot"
	ln -sf ../bin/busybox "$root/sbin/init"
}

file_is_static() { ! readelf -l "$1" 2>/dev/null | grep -q 'INTERP'; }

build_helpers() {
	local root=$1 src name
	for src in "$GUEST_SRC"/*.c; do
		name=$(basename "$src" .c)
		gcc -static -O2 -Wall -Wextra -Werror -o "$root/bin/$name" "$src" ||
			rig_die "compiling $src failed"
		strip "$root/bin/$name"
		if [[ -n "$BINDIR" ]]; then
			mkdir -p "$BINDIR"
			cp "$root/bin/$name" "$BINDIR/"
		fi
	done
}

install_scripts() {
	local root=$1
	install -m 0644 "$GUEST_SRC/inittab" "$root/etc/inittab"
	install -m 0755 "$GUEST_SRC/sysinit" "$root/etc/rig/sysinit"
	install -m 0755 "$GUEST_SRC/shutdown" "$root/etc/rig/shutdown"
	install -m 0755 "$GUEST_SRC/rig-agent" "$root/sbin/rig-agent"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
}

# Find a module file by name in $MODULES ('-' and '_' are interchangeable).
find_module() {
	local pat=${1//[-_]/[-_]}
	find "$MODULES/kernel" -name "$pat.ko*" -print -quit
}

# Emit modules in load order: dependencies (depth first) before the module.
module_closure() {
	local m=$1 f dep
	[[ " ${SEEN_MODULES:-} " == *" $m "* ]] && return 0
	SEEN_MODULES="${SEEN_MODULES:-} $m"
	f=$(find_module "$m")
	[[ -n "$f" ]] || return 0 # built in, or not in this tree
	for dep in $(modinfo -F depends "$f" | tr ',' ' '); do
		module_closure "$dep"
	done
	printf '%s\n' "$f"
}

install_modules() {
	local root=$1 m f
	[[ -n "$MODULES" ]] || return 0
	: >"$root/lib/modules/rig-load-order"
	for m in "${GUEST_MODULES[@]}"; do
		module_closure "$m"
	done | while read -r f; do
		case $f in
		*.ko) cp "$f" "$root/lib/modules/" ;;
		*.ko.xz) xz -dc "$f" >"$root/lib/modules/$(basename "$f" .xz)" ;;
		*.ko.zst) zstd -qdc "$f" >"$root/lib/modules/$(basename "$f" .zst)" ;;
		*.ko.gz) gzip -dc "$f" >"$root/lib/modules/$(basename "$f" .gz)" ;;
		*) rig_die "unsupported module file $f" ;;
		esac
		basename "${f%.ko*}.ko" >>"$root/lib/modules/rig-load-order"
	done
}

main() {
	parse_args "$@"
	STAGE=$(mktemp -d)
	trap 'rm -rf "$STAGE"' EXIT
	install_busybox "$STAGE"
	build_helpers "$STAGE"
	install_scripts "$STAGE"
	install_modules "$STAGE"
	(cd "$STAGE" && find . -print0 | cpio --null -o -H newc --quiet -R 0:0) |
		gzip -1 >"$OUT"
}

main "$@"
