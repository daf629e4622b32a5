#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check netlink/kclick.yaml against the uAPI header and kmod/netlink.c.

    scripts/nlspec-check.py [--spec S] [--header H] [--netlink C]
                            [--schema genetlink-legacy.yaml]

Compares, both ways, so neither side can grow alone:
  - family name, version and multicast group names (header defines, the
    genl_family and mcgrp tables in netlink.c);
  - every enum in the header (commands, attribute sets, events) with the
    spec's operations, attribute sets and enum definitions: names, values,
    the __*_MAX / *_MAX names;
  - constants and flag bits (#define) with the spec's const and flags
    definitions, and *_ALL masks with the OR of the flags;
  - each attribute's type with the type word that starts its comment in the
    header;
  - every op in netlink.c's genl_ops: do/dump, admin flags, the attributes
    its policy accepts (= the spec's request attributes), maxattr;
  - every policy entry (nested policies too): type, length, flags mask,
    nested policy = the spec's nested-attributes; attributes that no
    policy accepts must say "Reply only." in the spec, and only those.
Prints one line per mismatch and exits 1 if there is any.
"""
import argparse
import re
import sys

import yaml

errors = []


def err(msg):
    errors.append(msg)


def c_upper(name):
    return name.upper().replace('-', '_')


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', lambda m: ' ' * len(m.group(0)), text,
                  flags=re.S)


class Header:
    def __init__(self, path):
        text = open(path).read()
        self.defines = {}
        for m in re.finditer(r'^#define[ \t]+(\w+)[ \t]+(.+?)\s*(?:/\*.*)?$', text,
                             re.M):
            self.defines[m.group(1)] = m.group(2)
        self.enums = {}		# name -> [(entry, value, comment)]
        for m in re.finditer(r'enum\s+(\w+)\s*\{(.*?)\};', text, re.S):
            entries = []
            val = -1
            for line in m.group(2).split('\n'):
                em = re.match(r'\s*(\w+)\s*(?:=\s*([^,/]+?))?\s*,?\s*'
                              r'(?:/\*\s*(.*?)\s*(?:\*/)?)?$', line)
                if not em or not em.group(1):
                    continue
                name, expr, comment = em.groups()
                if expr is not None:
                    val = self.eval(expr, {e[0]: e[1] for e in entries})
                else:
                    val += 1
                entries.append((name, val, comment or ''))
            self.enums[m.group(1)] = entries

    def eval(self, expr, extra=None):
        """Value of a C constant expression over the header's names."""
        names = dict(extra or {})
        sm = re.match(r'^\s*"([^"]*)"\s*$', expr)
        if sm:
            return sm.group(1)
        expr = re.sub(r'\b(\d+)[uU][lL]*\b', r'\1', expr)

        def sub(m):
            n = m.group(0)
            if n in names:
                return str(names[n])
            if n in self.defines:
                return '(%s)' % self.eval(self.defines[n], names)
            raise KeyError(n)
        try:
            py = re.sub(r'\b[A-Za-z_]\w*\b', sub, expr)
            return eval(py, {'__builtins__': {}})
        except (KeyError, SyntaxError) as e:
            raise ValueError('cannot evaluate %r (%s)' % (expr, e))

    def value(self, name):
        return self.eval(self.defines[name])


def split_top(body):
    """Split at commas outside braces and parentheses."""
    out, depth, cur = [], 0, ''
    for ch in body:
        if ch in '({':
            depth += 1
        elif ch in ')}':
            depth -= 1
        if ch == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


class Netlink:
    def __init__(self, path):
        text = strip_comments(open(path).read())
        # Object-like macros for policy entries, e.g. GRAPH_NAME_POLICY.
        for m in re.finditer(r'^#define[ \t]+(\w+)[ \t]+(\{.*?\})\s*$', text, re.M):
            text = re.sub(r'\b%s\b' % m.group(1), m.group(2),
                          text[:m.start()] + text[m.end():])
        self.policies = {}	# name -> (maxname, {attr: entry})
        for m in re.finditer(r'struct nla_policy\s+(\w+)\[(\w+)\s*\+\s*1\]'
                             r'\s*=\s*\{(.*?)\n\};', text, re.S):
            entries = {}
            for item in split_top(m.group(3)):
                im = re.match(r'\[(\w+)\]\s*=\s*(.*)$', item, re.S)
                if not im:
                    err('netlink.c: %s: cannot read entry %r' %
                        (m.group(1), item))
                    continue
                entries[im.group(1)] = self.entry(m.group(1), im.group(1),
                                                  im.group(2))
            self.policies[m.group(1)] = (m.group(2), entries)
        self.ops = []
        om = re.search(r'struct genl_ops\s+\w+\[\]\s*=\s*\{(.*?)\n\};', text,
                       re.S)
        for item in split_top(om.group(1)) if om else []:
            fields = {}
            for f in split_top(item.strip().strip('{}')):
                fm = re.match(r'\.(\w+)\s*=\s*(.*)$', f, re.S)
                if fm:
                    fields[fm.group(1)] = fm.group(2).strip()
            self.ops.append(fields)
        mm = re.search(r'struct genl_multicast_group\s+\w+\[\]\s*=\s*\{(.*?)'
                       r'\n\};', text, re.S)
        self.mcgrps = re.findall(r'\.name\s*=\s*(\w+)', mm.group(1)) \
            if mm else []
        fm = re.search(r'struct genl_family\s+\w+[^=]*=\s*\{(.*?)\n\};', text,
                       re.S)
        self.family = {}
        for f in split_top(fm.group(1)) if fm else []:
            m2 = re.match(r'\.(\w+)\s*=\s*(.*)$', f, re.S)
            if m2:
                self.family[m2.group(1)] = m2.group(2).strip()

    @staticmethod
    def entry(pol, attr, v):
        v = ' '.join(v.split())
        m = re.match(r'NLA_POLICY_NESTED\((\w+)\)$', v)
        if m:
            return {'type': 'NLA_NESTED', 'nested': m.group(1)}
        m = re.match(r'NLA_POLICY_MASK\((\w+),\s*(.+)\)$', v)
        if m:
            return {'type': m.group(1), 'mask': m.group(2)}
        m = re.match(r'\{(.*)\}$', v)
        if m:
            e = {}
            for f in split_top(m.group(1)):
                fm = re.match(r'\.(\w+)\s*=\s*(.+)$', f)
                if fm:
                    e[fm.group(1)] = fm.group(2).strip()
            if 'type' in e:
                return e
        err('netlink.c: %s[%s]: policy form %r is not understood (teach '
            'scripts/nlspec-check.py)' % (pol, attr, v))
        return {'type': '?'}


NLA_TYPE = {'NLA_NUL_STRING': 'string', 'NLA_U8': 'u8', 'NLA_U16': 'u16',
            'NLA_U32': 'u32', 'NLA_U64': 'u64', 'NLA_S32': 's32',
            'NLA_S64': 's64', 'NLA_BINARY': 'binary', 'NLA_FLAG': 'flag',
            'NLA_NESTED': 'nest'}
COMMENT_TYPES = set(NLA_TYPE.values())
OP_FLAGS = {'GENL_ADMIN_PERM': 'admin-perm',
            'GENL_UNS_ADMIN_PERM': 'uns-admin-perm'}


def reply_only(attr):
    return 'reply only' in (attr.get('doc') or '').lower()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--spec', default='netlink/kclick.yaml')
    ap.add_argument('--header', default='include/uapi/linux/kclick.h')
    ap.add_argument('--netlink', default='kmod/netlink.c')
    ap.add_argument('--schema', help="the kernel's Documentation/netlink/"
                    'genetlink-legacy.yaml: validate the spec against it too '
                    '(needs python3-jsonschema)')
    args = ap.parse_args()

    spec = yaml.safe_load(open(args.spec))
    if args.schema:
        import jsonschema
        try:
            jsonschema.validate(spec, yaml.safe_load(open(args.schema)))
        except jsonschema.ValidationError as e:
            err('schema %s: %s at %s' % (args.schema, e.message,
                                         '/'.join(map(str, e.path))))
    hdr = Header(args.header)
    nl = Netlink(args.netlink)
    fam = spec['name']

    def hval(name, what):
        if name not in hdr.defines:
            err('%s: %s is not defined in the header' % (what, name))
            return None
        return hdr.value(name)

    def spec_len(v):
        return v if isinstance(v, int) else hdr.eval(v)

    # Family, version, multicast groups.
    for key, want, nlkey in (('c-family-name', fam, 'name'),
                             ('c-version-name', spec.get('version', 1),
                              'version')):
        cname = c_upper(spec[key])
        got = hval(cname, key)
        if got is not None and got != want:
            err('%s: header %s is %r, spec says %r' % (key, cname, got, want))
        if nl.family.get(nlkey) != cname:
            err('netlink.c: genl_family .%s is %s, spec says %s' %
                (nlkey, nl.family.get(nlkey), cname))
    groups = [g['name'] for g in spec.get('mcast-groups', {}).get('list', [])]
    nlgroups = []
    for g in nl.mcgrps:
        v = hval(g, 'netlink.c multicast group')
        nlgroups.append(v)
    if groups != nlgroups:
        err('multicast groups: spec %s, netlink.c %s' % (groups, nlgroups))
    hgroups = sorted(hdr.value(d) for d in hdr.defines
                     if d.startswith('KCLICK_MCGRP_'))
    if sorted(groups) != hgroups:
        err('multicast groups: spec %s, header KCLICK_MCGRP_* %s' %
            (groups, hgroups))

    # Definitions: consts, flags, enums.
    defs = {d['name']: d for d in spec.get('definitions', [])}
    described_enums = set()
    flag_defines = set()
    for d in spec.get('definitions', []):
        if d['type'] == 'const':
            cname = c_upper('%s-%s' % (fam, d['name']))
            got = hval(cname, 'const ' + d['name'])
            if got is not None and got != spec_len(d['value']):
                err('const %s: header %s = %s, spec %s' %
                    (d['name'], cname, got, d['value']))
        elif d['type'] == 'flags':
            prefix = d.get('name-prefix', '%s-%s-' % (fam, d['name']))
            for i, e in enumerate(d['entries']):
                ename = e if isinstance(e, str) else e['name']
                cname = c_upper(prefix + ename)
                flag_defines.add(cname)
                got = hval(cname, 'flags %s' % d['name'])
                if got is not None and got != 1 << i:
                    err('flags %s: header %s = %#x, spec bit %d' %
                        (d['name'], cname, got, i))
            # Every define with the prefix is a flag or the _ALL mask.
            for name in hdr.defines:
                if name.startswith(c_upper(prefix)) and \
                        name not in flag_defines:
                    if name.endswith('_ALL'):
                        want = (1 << len(d['entries'])) - 1
                        if hdr.value(name) != want:
                            err('flags %s: header %s = %#x, the spec\'s '
                                'flags OR to %#x' % (d['name'], name,
                                                     hdr.value(name), want))
                    else:
                        err('flags %s: header %s is not in the spec' %
                            (d['name'], name))
        elif d['type'] == 'enum':
            ename = d.get('enum-name') or '%s-%s' % (fam, d['name'])
            ename = ename.replace('-', '_')
            described_enums.add(ename)
            prefix = d.get('name-prefix', '%s-%s-' % (fam, d['name']))
            want = [(c_upper(prefix + (e if isinstance(e, str)
                                       else e['name'])), i)
                    for i, e in enumerate(d['entries'])]
            compare_enum('enum ' + d['name'], ename, want, hdr, None, None)

    # Constants in the header that look like limits must be in the spec.
    consts = {c_upper('%s-%s' % (fam, d['name']))
              for d in spec.get('definitions', []) if d['type'] == 'const'}
    for name in hdr.defines:
        if name.endswith('_MAX') and name not in consts and \
                not name.startswith('__') and \
                not any(name == c_upper(s.get('attr-max-name', ''))
                        for s in spec['attribute-sets']):
            err('header limit %s is not a const in the spec' % name)

    # Attribute sets.
    sets = {s['name']: s for s in spec['attribute-sets']}
    for s in spec['attribute-sets']:
        ename = s['enum-name']
        described_enums.add(ename)
        want, v = [], -1
        for a in s['attributes']:
            v = a.get('value', v + 1)
            want.append((c_upper(s['name-prefix'] + a['name']), v))
        entries = compare_enum('attribute-set ' + s['name'], ename, want, hdr,
                               c_upper(s.get('attr-cnt-name', '')),
                               c_upper(s.get('attr-max-name', '')))
        comments = {n: c for n, _, c in entries}
        for a in s['attributes']:
            cname = c_upper(s['name-prefix'] + a['name'])
            word = (comments.get(cname) or '').split(':')[0].split(',')[0]
            word = word.split()[0] if word.split() else ''
            if word in COMMENT_TYPES and word != a['type']:
                err('%s: type %s in the spec, the header comment says %s' %
                    (cname, a['type'], word))
            if a.get('nested-attributes') and \
                    a['nested-attributes'] not in sets:
                err('%s: nested-attributes %s is no attribute set' %
                    (cname, a['nested-attributes']))
            for key in ('enum',):
                if a.get(key) and a[key] not in defs:
                    err('%s: enum %s is not a definition' % (cname, a[key]))

    # Operations.
    ops = spec['operations']
    described_enums.add(ops['enum-name'])
    want, v = [], -1
    for o in ops['list']:
        v = o.get('value', v + 1)
        want.append((c_upper(ops['name-prefix'] + o['name']), v))
    compare_enum('operations', ops['enum-name'], want, hdr,
                 '__' + c_upper(ops['name-prefix']) + 'MAX',
                 c_upper(ops['name-prefix']) + 'MAX')
    for e in hdr.enums:
        if e not in described_enums:
            err('header enum %s is described nowhere in the spec' % e)

    # netlink.c: ops and policies.
    by_cmd = {c_upper(ops['name-prefix'] + o['name']): o for o in ops['list']}
    seen_ops = set()
    accepted = {}	# set name -> attribute names some policy accepts
    checked_policies = set()

    def check_policy(pname, sname, where):
        if pname not in nl.policies:
            err('%s: policy %s not found in netlink.c' % (where, pname))
            return set()
        maxname, entries = nl.policies[pname]
        s = sets[sname]
        if maxname != c_upper(s.get('attr-max-name', '')):
            err('%s: policy %s is sized by %s, set %s ends at %s' %
                (where, pname, maxname, sname,
                 c_upper(s.get('attr-max-name', ''))))
        attrs = {c_upper(s['name-prefix'] + a['name']): a
                 for a in s['attributes']}
        names = set()
        for cname, e in entries.items():
            a = attrs.get(cname)
            if not a:
                err('%s: policy %s accepts %s, not in attribute set %s' %
                    (where, pname, cname, sname))
                continue
            names.add(a['name'])
            accepted.setdefault(sname, set()).add(a['name'])
            t = NLA_TYPE.get(e['type'], e['type'])
            if t != a['type']:
                err('%s: %s is %s in policy %s, %s in the spec' %
                    (where, cname, e['type'], pname, a['type']))
            checks = a.get('checks', {})
            plen = hdr.eval(e['len']) if 'len' in e else None
            slen = spec_len(checks['max-len']) if 'max-len' in checks \
                else None
            if plen != slen:
                err('%s: %s: policy %s .len = %s, spec max-len %s' %
                    (where, cname, pname, plen, slen))
            pmask = hdr.eval(e['mask']) if 'mask' in e else None
            smask = None
            if 'flags-mask' in checks:
                fd = defs[checks['flags-mask']]
                smask = (1 << len(fd['entries'])) - 1
            if pmask != smask:
                err('%s: %s: policy %s mask %s, spec flags-mask %s' %
                    (where, cname, pname, pmask, smask))
            for key in ('min', 'max', 'min-len', 'exact-len'):
                if key in checks:
                    err('%s: %s: spec check %s has no counterpart in the '
                        'policy' % (where, cname, key))
            if t == 'nest':
                sub = a.get('nested-attributes')
                if not sub:
                    err('%s: %s is a nested policy, the spec names no '
                        'nested-attributes' % (where, cname))
                elif (e['nested'], sub) not in checked_policies:
                    checked_policies.add((e['nested'], sub))
                    check_policy(e['nested'], sub, '%s -> %s' % (where, sub))
        return names

    for op in nl.ops:
        cmd = op.get('cmd')
        o = by_cmd.get(cmd)
        if not o:
            err('netlink.c: op %s is not in the spec' % cmd)
            continue
        seen_ops.add(cmd)
        for kind, fn in (('do', 'doit'), ('dump', 'dumpit')):
            if (kind in o) != (fn in op):
                err('%s: spec %s a %s, netlink.c %s .%s' %
                    (cmd, 'has' if kind in o else 'has no', kind,
                     'has' if fn in op else 'has no', fn))
        flags = sorted(OP_FLAGS.get(f.strip(), f.strip())
                       for f in op.get('flags', '').split('|') if f.strip())
        if flags != sorted(o.get('flags', [])):
            err('%s: flags %s in netlink.c, %s in the spec' %
                (cmd, flags, sorted(o.get('flags', []))))
        req = set()
        for kind in ('do', 'dump'):
            req |= set(((o.get(kind) or {}).get('request') or {})
                       .get('attributes', []))
        if 'policy' in op:
            got = check_policy(op['policy'], o['attribute-set'], cmd)
            if op.get('maxattr') != \
                    c_upper(sets[o['attribute-set']]['attr-max-name']):
                err('%s: maxattr %s' % (cmd, op.get('maxattr')))
        else:
            got = set()
        if got != req:
            err('%s: netlink.c policy accepts %s, spec requests %s' %
                (cmd, sorted(got), sorted(req)))
    for cmd, o in by_cmd.items():
        if ('do' in o or 'dump' in o) and cmd not in seen_ops:
            err('%s: the spec has a do/dump, netlink.c has no such op' % cmd)
        if ('do' not in o and 'dump' not in o) and cmd in seen_ops:
            err('%s: netlink.c handles it, the spec has no do/dump' % cmd)
        if o.get('mcgrp') and o['mcgrp'] not in groups:
            err('%s: mcgrp %s is not a multicast group' % (cmd, o['mcgrp']))

    # Reply-only attributes: exactly those no policy accepts.
    for s in spec['attribute-sets']:
        for a in s['attributes']:
            if a['type'] in ('unused', 'pad'):
                continue
            acc = a['name'] in accepted.get(s['name'], set())
            if acc and reply_only(a):
                err('%s %s: says "Reply only." but a policy accepts it' %
                    (s['name'], a['name']))
            if not acc and not reply_only(a):
                err('%s %s: no policy accepts it; its doc must say '
                    '"Reply only."' % (s['name'], a['name']))

    for e in errors:
        print('nlspec: ' + e)
    return 1 if errors else 0


def compare_enum(what, ename, want, hdr, cnt_name, max_name):
    entries = hdr.enums.get(ename)
    if entries is None:
        err('%s: enum %s not in the header' % (what, ename))
        return []
    real = [(n, v) for n, v, _ in entries
            if n not in (cnt_name, max_name)]
    if real != want:
        hn = [x for x in real if x not in want]
        sn = [x for x in want if x not in real]
        err('%s: enum %s differs: header only %s, spec only %s%s' %
            (what, ename, hn, sn,
             '' if hn or sn else ' (order)'))
    names = [n for n, _, _ in entries]
    if cnt_name and max_name and (cnt_name not in names or
                                  max_name not in names):
        err('%s: enum %s lacks %s or %s' % (what, ename, cnt_name, max_name))
    return entries


if __name__ == '__main__':
    try:
        sys.exit(main())
    except (KeyError, TypeError, AttributeError, ValueError, OSError,
            yaml.YAMLError) as e:
        for m in errors:
            print('nlspec: ' + m)
        print('nlspec: cannot read the files as expected: %s: %s' %
              (type(e).__name__, e))
        sys.exit(1)
