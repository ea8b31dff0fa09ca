# gdb script: print the flattened layout of the structures and typedefs
# named in $ABI_NAMES (one "struct NAME", "union NAME", "enum NAME" or
# "typedef NAME" per line).
# Output lines:  KIND NAME PATH OFFSET SIZE TYPEKIND   or   KIND NAME MISSING
# An enum's "fields" are its enumerators: PATH is the enumerator, OFFSET its
# value, SIZE 0 and TYPEKIND "enumval".
import os
import gdb

STRUCTISH = (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION)


def kind(t):
    """A coarse type class: signedness and width, pointer, aggregate."""
    if str(t).startswith('__guest_handle'):
        return 'ptr'
    s = t.strip_typedefs()
    if s.code == gdb.TYPE_CODE_PTR:
        return 'ptr'
    if s.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_CHAR, gdb.TYPE_CODE_BOOL):
        return ('s' if s.is_signed else 'u') + str(s.sizeof * 8)
    if s.code == gdb.TYPE_CODE_ARRAY:
        return kind(s.target()) + '[]'
    if s.code == gdb.TYPE_CODE_STRUCT:
        return 'struct'
    if s.code == gdb.TYPE_CODE_UNION:
        return 'union'
    if s.code == gdb.TYPE_CODE_ENUM:
        return 'enum%d' % (s.sizeof * 8)
    return 'code%d' % s.code


def flatten(t, prefix, base, out):
    for f in t.fields():
        off = base + f.bitpos // 8
        st = f.type.strip_typedefs()
        if not f.name:                  # anonymous struct/union member
            flatten(st, prefix, off, out)
            continue
        path = prefix + f.name
        out.append((path, off, st.sizeof, kind(f.type)))
        if str(f.type).startswith('__guest_handle'):
            continue                    # Xen's handle wrapper: a pointer
        if st.code in STRUCTISH:
            flatten(st, path + '.', off, out)
        elif st.code == gdb.TYPE_CODE_ARRAY:
            el = st.target().strip_typedefs()
            if el.code in STRUCTISH:
                flatten(el, path + '[0].', off, out)


for line in open(os.environ['ABI_NAMES']):
    what, name = line.split()
    try:
        if what == 'enum':
            t = gdb.parse_and_eval('(enum %s *)0' % name).type.target()
            if t.code != gdb.TYPE_CODE_ENUM or not t.fields():
                raise gdb.error('incomplete')
            print('enum %s <size> 0 %d enum' % (name, t.sizeof))
            for f in t.fields():
                print('enum %s %s %d 0 enumval' % (name, f.name, f.enumval))
        elif what in ('struct', 'union'):
            t = gdb.parse_and_eval('(%s %s *)0' % (what, name)).type.target()
            if not t.fields():
                raise gdb.error('incomplete')
            print('%s %s <size> 0 %d %s' % (what, name, t.sizeof, what))
            rows = []
            flatten(t, '', 0, rows)
            for path, off, size, k in rows:
                print('%s %s %s %d %d %s' % (what, name, path, off, size, k))
        else:
            t = gdb.lookup_type(name)
            print('typedef %s <size> 0 %d %s' % (name, t.sizeof, kind(t)))
    except (gdb.error, RuntimeError):
        print('%s %s MISSING' % (what, name))
