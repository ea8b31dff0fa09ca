#!/usr/bin/env python3
"""Compare layouts and constants dumped from our headers and Xen's.

usage: compare.py OURS XEN ALIASES CONSTFILES
Prints PASS/FAIL lines per structure, typedef and constant group and a
final "N passed, N failed" line; exits 1 if anything failed.
"""
import re
import sys


def load(path):
    layouts, consts = {}, {}
    for line in open(path):
        w = line.split()
        if not w:
            continue
        if w[0] == 'const':
            consts[w[1]] = w[2]
        else:
            d = layouts.setdefault((w[0], w[1]), {})
            if w[2] == 'MISSING':
                layouts[(w[0], w[1])] = None
            elif d is not None:
                d[w[2]] = tuple(w[3:])
    return layouts, consts


def load_aliases(path):
    rules = []
    for line in open(path):
        line = line.split('#', 1)[0].strip()
        if line:
            st, rx, rep = line.split()
            rules.append((st, re.compile(rx), rep))
    return rules


def rename(rules, struct, p):
    for st, rx, rep in rules:
        if st in ('*', struct) and rx.fullmatch(p):
            return None if rep == '-' else rx.sub(rep, p)
    return p


ours_l, ours_c = load(sys.argv[1])
xen_l, xen_c = load(sys.argv[2])
rules = load_aliases(sys.argv[3])
groups = {}                     # header file -> [constant names]
for line in open(sys.argv[4]):
    hdr, name = line.split()
    groups.setdefault(hdr, []).append(name)

passed = failed = 0


def report(thing, problems):
    global passed, failed
    if problems:
        failed += 1
        print('FAIL abi/%s: %s' % (thing, '; '.join(problems)))
    else:
        passed += 1
        print('PASS abi/%s' % thing)


for (what, name), ours in sorted(ours_l.items()):
    thing = '%s/%s' % (what, name)
    xen = xen_l.get((what, name))
    if ours is None:
        report(thing, ['not defined by our headers'])
        continue
    if xen is None:
        report(thing, ['%s %s is not in Xen\'s public headers' % (what, name)])
        continue
    problems, seen = [], set()
    for path, v in ours.items():
        xp = rename(rules, name, path)
        if xp is None:
            continue
        seen.add(xp)
        if xp not in xen:
            problems.append('field %s: not in Xen\'s %s' % (path, name))
        elif xen[xp] != v:
            problems.append('field %s: ours offset %s size %s %s, Xen\'s %s '
                            'offset %s size %s %s' % ((path,) + v + (xp,) + xen[xp]))
    for xp in xen:
        if xp not in seen:
            problems.append('Xen field %s missing from ours' % xp)
    report(thing, problems)

for hdr in sorted(groups):
    problems = []
    for name in groups[hdr]:
        o, x = ours_c.get(name), xen_c.get(name)
        if x is None or x == 'MISSING':
            problems.append('%s not defined in Xen\'s headers' % name)
        elif o != x:
            problems.append('%s = %s, Xen has %s' % (name, o, x))
    report('const/%s(%d)' % (hdr, len(groups[hdr])), problems)

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
