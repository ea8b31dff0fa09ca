#!/usr/bin/env python3
"""Turn the KTAP output of a KUnit boot into xenpv result lines.

usage: ktap.py CONSOLE_LOG QEMU_STATUS [EXPECTED_SUITES]

CONSOLE_LOG is the kernel's serial console; QEMU_STATUS says how the
boot ended: "exit" (QEMU exited, normally by kunit_shutdown=poweroff or
a panic with panic=-1) or "timeout:SECONDS".  EXPECTED_SUITES, when
given, is the number of suites built into the kernel: the kernel's KTAP
plan must announce that many.

Prints one line per test case, "PASS kunit/<suite>/<case>", "FAIL
kunit/<suite>/<case>: <message>" or "SKIP kunit/<suite>/<case>: <why>",
a FAIL for a suite that failed outside its cases (initialisation,
crash, timeout, kernel WARNING while it ran) and a last "kunit: ..."
summary line.  Exit status 1 if anything failed.

The format is what lib/kunit/test.c of Linux 6.1 prints: a top-level
"KTAP version 1" and "1..N"; per suite, indented by four spaces, a
"# Subtest: <suite>" header, its plan and one "ok/not ok <n> <case>"
line per case (parameterised cases add their parameters' results,
indented by eight); then "ok/not ok <n> <suite>" unindented.  A failed
expectation is printed before its case's result line.
"""
import re
import sys

TIMESTAMP = re.compile(r'^\[\s*\d+\.\d+\]\s?')
TOP_RESULT = re.compile(r'^(ok|not ok) (\d+) (\S+)(?: # SKIP ?(.*))?$')
CASE_RESULT = re.compile(r'^ {4}(ok|not ok) (\d+) (\S+)(?: # SKIP ?(.*))?$')
PARAM_RESULT = re.compile(r'^ {8}(ok|not ok) (\d+) (.*)$')
SUBTEST = re.compile(r'^ {4}# Subtest: (\S+)$')
PARAM_SUBTEST = re.compile(r'^ {8}# Subtest: ')
PLAN = re.compile(r'^1\.\.(\d+)$')
STRUCTURE = re.compile(r'^\s*(KTAP version \d+|1\.\.\d+|# \S+: pass:\d+ fail:\d+ skip:\d+ total:\d+'
                       r'|# Totals: .*)$')
CRASH = re.compile(r'Kernel panic|BUG: |Oops|general protection fault|'
                   r'PANIC: early exception|kernel BUG at')
WARNING = re.compile(r'WARNING: (CPU: |at )')
MAX_MESSAGE = 400

failed = 0


def say(kind, name, why=None):
    global failed
    if kind == 'FAIL':
        failed += 1
    print(f'{kind} kunit/{name}' + (f': {why}' if why else ''))


def ending(status):
    """How the boot ended, in words."""
    if status.startswith('timeout:'):
        return f'QEMU stopped after the {status[8:]}s time limit'
    return 'QEMU exited' if status == 'exit' else f'QEMU {status}'


def message(lines, case):
    """The failure text of a case: from its first "# <case>:" line on."""
    for i, line in enumerate(lines):
        if line.lstrip().startswith(f'# {case}:'):
            lines = lines[i:]
            break
    text = ' '.join(l.strip() for l in lines if l.strip())
    text = re.sub(rf'# {re.escape(case)}: ', '', text, count=1)
    text = re.sub(r'\s+', ' ', text)
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE] + '...'
    return text


def main():
    log, status = sys.argv[1], sys.argv[2]
    expected = int(sys.argv[3]) if len(sys.argv) > 3 else None
    with open(log, errors='replace') as f:
        lines = [TIMESTAMP.sub('', l.rstrip('\r\n').replace('\r', '')) for l in f]

    start = next((i for i, l in enumerate(lines) if l == 'KTAP version 1'), None)
    if start is None:
        why = 'KUnit is disabled (kunit.enable)' if 'kunit: disabled' in lines else \
            'no KTAP output on the console'
        crash = next((l for l in lines if CRASH.search(l)), None)
        last = crash or next((l for l in reversed(lines) if l.strip()), '(empty console)')
        say('FAIL', 'boot', f'{why}; {ending(status)}; last line: {last.strip()}')
        return 1
    plan = next((int(m.group(1)) for l in lines[start + 1:start + 3] if (m := PLAN.match(l))), None)
    if plan is None:
        say('FAIL', 'boot', 'KTAP output without a plan line')
        return 1
    if plan == 0:
        print('SKIP kunit: the kernel ran no suite (does kunit.filter_glob match one?)')
        return 0
    if expected is not None and plan != expected:
        say('FAIL', 'plan', f'the kernel runs {plan} suites, its vmlinux has {expected}')

    suite = None          # suite whose header we saw and whose result we did not
    pending = []          # lines since the last case or suite result
    param_fails = []      # failed parameters of the case in progress
    warned = None         # first kernel WARNING in the suite in progress
    crash = None
    suites = cases = suite_cases = 0
    last_case = None

    for line in lines[start + 2:]:
        if (m := SUBTEST.match(line)):
            suite, pending, param_fails, warned, last_case = m.group(1), [], [], None, None
            suite_cases = 0
            continue
        if (m := CASE_RESULT.match(line)) and suite:
            ok, case, skip = m.group(1) == 'ok', m.group(3), m.group(4)
            cases += 1
            suite_cases += 1
            last_case = case
            name = f'{suite}/{case}'
            if skip is not None and ok:
                say('SKIP', name, skip or 'skipped')
            elif ok:
                say('PASS', name)
            else:
                why = message(pending, case) or 'failed without a message'
                if param_fails:
                    why += f" [failed parameters: {', '.join(param_fails)}]"
                say('FAIL', name, why)
            pending, param_fails = [], []
            continue
        if (m := PARAM_RESULT.match(line)):
            if m.group(1) == 'not ok':
                param_fails.append(m.group(3).strip())
            continue
        if (m := TOP_RESULT.match(line)):
            ok, name, skip = m.group(1) == 'ok', m.group(3), m.group(4)
            suites += 1
            if name != suite:
                # A suite that failed to initialise prints no header
                # or cases, only its result.
                if ok and skip is not None:
                    say('SKIP', name, skip or 'skipped')
                elif not ok:
                    say('FAIL', name, message(pending, name) or 'failed before its first case')
            elif not ok and skip is None and not suite_cases:
                say('FAIL', name, message(pending, name) or 'failed')
            if warned:
                say('FAIL', f'{name}/no-kernel-warning', warned)
            suite, pending, warned = None, [], None
            if suites == plan:
                break
            continue
        if PARAM_SUBTEST.match(line) or STRUCTURE.match(line):
            continue
        if CRASH.search(line):
            crash = line.strip()
            break
        if WARNING.search(line) and warned is None:
            warned = f'the kernel warned while the suite ran: {line.strip()}'
        pending.append(line)

    if suites < plan:
        after = f' after case {last_case}' if suite and last_case else ''
        if crash:
            why = f'the kernel crashed{after}: {crash}'
        elif status.startswith('timeout'):
            why = f'timed out{after} ({ending(status)})'
        else:
            why = f'the console ended{after} ({ending(status)})'
        if suite:
            say('FAIL', suite, why)
        if plan - suites > (1 if suite else 0):
            left = plan - suites - (1 if suite else 0)
            say('FAIL', 'suites-run', f'{left} of {plan} suites never ran' +
                ('' if suite else f': {why}'))
    elif status != 'exit':
        say('FAIL', 'shutdown',
            f'every suite finished but the kernel did not power off ({ending(status)})')
    print(f'kunit: {suites} of {plan} suites, {cases} cases reported')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
