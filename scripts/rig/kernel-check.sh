#!/bin/bash
# Decide up front whether a kernel image can boot as a Xen PV guest, so a
# wrong kernel fails in a second with a clear message instead of after a
# multi-minute Xen boot.
#
# A PV-bootable kernel carries Xen ELF notes including XEN_ELFNOTE_ENTRY
# (type 1, the PV entry point; a PVH-only kernel has just type 18).  For a
# bzImage the ELF is the compressed payload described by the x86 boot
# protocol header (payload_offset/payload_length, protocol >= 2.08).
#
# Usage: kernel-check.sh KERNEL [ELF-OUT]
#   exit 0 = PV-bootable, 1 = not, 2 = error.  With ELF-OUT, also write the
#   uncompressed ELF there: the rig hands that to xl, because decompressing
#   a bzImage inside an emulated dom0 costs ~20 s per guest boot.
set -euo pipefail

die() { echo "kernel-check: $*" >&2; exit 2; }
no() { echo "kernel-check: $*" >&2; exit 1; }

# Little-endian unsigned integer of WIDTH bytes at OFFSET.
read_le() { od -An -t"u$3" -j "$2" -N "$3" "$1" | tr -d ' \n'; }

is_elf() { [[ "$(head -c4 "$1" | od -An -tx1 | tr -d ' \n')" == 7f454c46 ]]; }

# Write the ELF inside bzImage $1 to $2.
extract_bzimage_elf() {
	local img=$1 out=$2 setup_sects off len magic
	[[ "$(head -c 4 <(tail -c +515 "$img"))" == HdrS ]] || return 1
	setup_sects=$(read_le "$img" $((0x1f1)) 1)
	((setup_sects == 0)) && setup_sects=4
	off=$(read_le "$img" $((0x248)) 4)
	len=$(read_le "$img" $((0x24c)) 4)
	off=$(((setup_sects + 1) * 512 + off))
	magic=$(tail -c +$((off + 1)) "$img" | head -c 6 | od -An -tx1 | tr -d ' \n')
	local dec
	case $magic in
	1f8b*) dec='gzip -dc' ;;
	fd377a585a00) dec='xz -dc' ;;
	28b52ffd*) dec='zstd -qdc' ;;
	425a68*) dec='bzip2 -dc' ;;
	5d0000*) dec='xz -dc --format=lzma' ;;
	02214c18*) dec='lz4 -dc' ;;
	7f454c46*) dec='cat' ;;
	*) echo "kernel-check: unknown bzImage payload format (magic $magic)" >&2; return 1 ;;
	esac
	# Decompressors complain about the trailing size word; the ELF is complete.
	tail -c +$((off + 1)) "$img" | head -c "$len" | $dec >"$out" 2>/dev/null || true
	is_elf "$out"
}

main() {
	local k=${1:-} elf_out=${2:-}
	[[ -n "$k" ]] || die "usage: kernel-check.sh KERNEL [ELF-OUT]"
	[[ -e "$k" ]] || die "kernel '$k' does not exist"
	[[ -f "$k" && -r "$k" ]] || die "kernel '$k' is not a readable file"
	command -v readelf >/dev/null || die "readelf missing (apt-get install binutils)"
	local elf=$k
	if ! is_elf "$k"; then
		TMP_ELF=$(mktemp)
		trap 'rm -f "$TMP_ELF"' EXIT
		extract_bzimage_elf "$k" "$TMP_ELF" ||
			no "'$k' is neither an ELF vmlinux nor a bzImage with an ELF payload"
		elf=$TMP_ELF
	fi
	local notes
	notes=$(readelf -nW "$elf" 2>/dev/null | awk '$1 == "Xen"') || true
	[[ -n "$notes" ]] || no "'$k' has no Xen ELF notes: not built with CONFIG_XEN_PV"
	# readelf names note type 1 "NT_VERSION" (it does not know Xen's types).
	if ! grep -qE 'NT_VERSION|\(0x0+1\)' <<<"$notes"; then
		no "'$k' has Xen notes but no PV entry point (XEN_ELFNOTE_ENTRY); PVH-only kernels cannot boot as PV"
	fi
	[[ -z "$elf_out" ]] || cp "$elf" "$elf_out"
	echo "kernel-check: '$k' has a Xen PV entry point"
}

main "$@"
