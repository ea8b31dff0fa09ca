#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compute menuconfig menu paths of Kconfig symbols from a kernel tree.

Maintenance helper for scripts/config-requirements.tsv; the checker itself
never needs a kernel tree.  Needs kconfiglib (Debian: python3-kconfiglib),
so run it with the system python3, e.g.

  /usr/bin/python3 tests/checkconfig/menupaths.py TREE XEN HVC_XEN
  /usr/bin/python3 tests/checkconfig/menupaths.py TREE --check TABLE

The first form prints one line per symbol: name, type, menu path.  The
second compares the path column of every row of TABLE with the tree and
exits 1 on any difference.  Exit 3 means kconfiglib is not installed, so a
test runner can skip instead of failing.
"""

import argparse
import io
import os
import re
import sys

try:
    import kconfiglib
except ImportError:
    kconfiglib = None

# Kconfig's "make" variables that the x86 Kconfig files expand.  Their
# exact values only affect compiler-probe symbols, never the menu layout.
KCONFIG_ENV = {
    "ARCH": "x86", "SRCARCH": "x86", "KERNELVERSION": "6.1",
    "CC": "gcc", "LD": "ld", "HOSTCC": "gcc", "HOSTCXX": "g++",
    "RUSTC": "rustc", "BINDGEN": "bindgen", "CLANG_FLAGS": "",
}

# The bracketed tail of a promptless symbol's path ("[no prompt]" here,
# "[automatic: ...]" in the table) is prose, not something to compare.
ANNOTATION = re.compile(r"\s*(->\s*)?\[[^\]]*\]\s*$")


def load_tree(tree):
    """Parse TREE's top-level Kconfig as x86 does."""
    for key, value in KCONFIG_ENV.items():
        os.environ.setdefault(key, value)
    os.environ["srctree"] = tree

    class Kconfig61(kconfiglib.Kconfig):
        # kconfiglib 14 predates the bare "modules" keyword that 6.1 uses
        # for CONFIG_MODULES; feed it the older spelling it understands.
        def _open(self, filename, mode):
            handle = super()._open(filename, mode)
            if "r" not in mode:
                return handle
            with handle:
                text = handle.read()
            text = re.sub(r"(?m)^(\s+)modules\s*$", r"\1option modules",
                          text)
            return io.StringIO(text)

    return Kconfig61(os.path.join(tree, "Kconfig"), warn=False)


def opens_submenu(node):
    """True for entries that menuconfig shows as a menu of their own.

    A plain 'config' whose dependants are nested under it in kconfiglib's
    tree is only an indentation in menuconfig, not a level of the path.
    """
    item = node.item
    if item == kconfiglib.MENU or isinstance(item, kconfiglib.Choice):
        return True
    return isinstance(item, kconfiglib.Symbol) and node.is_menuconfig


def menu_path(kconf, node):
    """The ' -> '-joined prompts from the main menu down to NODE."""
    parts = [node.prompt[0]] if node.prompt else ["[no prompt]"]
    parent = node.parent
    while parent is not None and parent is not kconf.top_node:
        if opens_submenu(parent) and parent.prompt:
            parts.append(parent.prompt[0])
        parent = parent.parent
    return " -> ".join(reversed(parts))


def symbol_paths(kconf, name):
    """All menu paths of NAME (a symbol may be defined more than once)."""
    sym = kconf.syms.get(name)
    if sym is None or not sym.nodes:
        return []
    return [menu_path(kconf, node) for node in sym.nodes]


def strip_annotation(path):
    """Drop the hand-written '[...]' tail of a promptless row's path."""
    return ANNOTATION.sub("", path)


def check_table(kconf, table):
    """Compare the table's paths with the tree; return the mismatch count."""
    bad = 0
    with open(table, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            name, path = fields[0], fields[3]
            want = strip_annotation(path)
            found = [strip_annotation(p) for p in symbol_paths(kconf, name)]
            # A promptless symbol's tree path ends in "[no prompt]" and the
            # table's in "[automatic: ...]": both strip to the menu that
            # holds the symbol, which is what has to agree.
            if want not in found:
                bad += 1
                print(f"{table}:{lineno}: {name}: table says {want!r}, "
                      f"tree says {found or 'no such symbol'}")
    return bad


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", help="top of a Linux source tree")
    parser.add_argument("--check", metavar="TABLE",
                        help="verify the path column of TABLE")
    parser.add_argument("symbols", nargs="*", help="names without CONFIG_")
    args = parser.parse_args()
    if kconfiglib is None:
        print("menupaths: kconfiglib is not installed", file=sys.stderr)
        return 3
    kconf = load_tree(os.path.abspath(args.tree))
    if args.check:
        bad = check_table(kconf, args.check)
        print(f"menupaths: {bad} path(s) differ from {args.tree}")
        return 1 if bad else 0
    for name in args.symbols:
        paths = symbol_paths(kconf, name) or ["no such symbol"]
        for path in paths:
            print(f"{name}\t{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
