import { describe, expect, it } from 'vitest';
import { normalizeMarker, parseMarker, parsePep508, isValidSpecifierClause } from '../../src/parse/pep508.js';

function ok(text: string) {
  const r = parsePep508(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${r.error} at ${r.column}`);
  return r.value;
}

describe('parsePep508: names and extras', () => {
  it.each([
    ['A', 'A', 'a'],
    ['A.B-C_D', 'A.B-C_D', 'a-b-c-d'],
    ['Django_REST.framework', 'Django_REST.framework', 'django-rest-framework'],
    ['zope.interface', 'zope.interface', 'zope-interface'],
    ['1password', '1password', '1password'],
  ])('%s', (text, name, key) => {
    expect(ok(text)).toEqual({ name, key, extras: [], specifier: '', url: null, marker: null });
  });

  it('reads extras, with or without spaces, and an empty list', () => {
    expect(ok('foo[bar, baz]').extras).toEqual(['bar', 'baz']);
    expect(ok('foo [ bar ]').extras).toEqual(['bar']);
    expect(ok('foo[]').extras).toEqual([]);
  });

  it.each([
    ['-foo', 1],
    ['foo-', 4],
    ['foo!', 4],
    ['foo[a,]', 7],
    ['foo[a b]', 7],
    ['foo bar', 5],
    ['', 1],
  ])('refuses %j at column %i', (text, column) => {
    const r = parsePep508(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.column).toBe(column);
  });
});

describe('parsePep508: version specifiers', () => {
  it.each([
    ['foo==1.0', '==1.0'],
    ['foo >= 1.0 , < 2', '>=1.0,<2'],
    ['foo (>=1, <2)', '>=1,<2'],
    ['foo( >= 1 )', '>=1'],
    ['foo~=1.4.2', '~=1.4.2'],
    ['foo===1.0-weird+x', '===1.0-weird+x'],
    ['foo==1.*', '==1.*'],
    ['foo!=2.1.*', '!=2.1.*'],
    ['foo<=1', '<=1'],
    ['foo>1,<2,!=1.5', '>1,<2,!=1.5'],
    ['foo== 1.0', '==1.0'],
    ['foo\t>=\t1', '>=1'],
    ['foo==1.0+local.7', '==1.0+local.7'],
    ['foo>=1!2.0', '>=1!2.0'],
    // packaging 21.3 (pip 23.2.1) accepts "legacy" versions
    ['foo>=abc', '>=abc'],
  ])('%s -> %s', (text, specifier) => {
    expect(ok(text).specifier).toBe(specifier);
  });

  it('keeps clauses in written order', () => {
    expect(ok('foo<2,>=1').specifier).toBe('<2,>=1');
  });

  it.each(['foo~=1', 'foo>=1.0,', 'foo >= 1.0 <2', 'foo==1.0 bar', 'foo()', 'foo (>=1'])('refuses %j', (text) => {
    expect(parsePep508(text).ok).toBe(false);
  });

  it('strict mode accepts PEP 440 clauses only', () => {
    expect(parsePep508('foo>=abc', { strict: true }).ok).toBe(false);
    expect(parsePep508('foo>=1.0', { strict: true }).ok).toBe(true);
    expect(isValidSpecifierClause('>=abc')).toBe(true);
    expect(isValidSpecifierClause('>=abc', true)).toBe(false);
    expect(isValidSpecifierClause('~=1')).toBe(false);
  });

  it('hints at == when a single = is used', () => {
    const r = parsePep508('my-package=1.0');
    expect(r).toMatchObject({ ok: false, column: 11 });
    if (!r.ok) expect(r.error).toContain("did you mean '=='");
  });
});

describe('parsePep508: URLs and markers', () => {
  it('reads name @ url and name[extras] @ url ; marker', () => {
    expect(ok('name @ http://foo.com')).toMatchObject({ name: 'name', url: 'http://foo.com', marker: null, specifier: '' });
    expect(ok("name [fred,bar] @ http://foo.com ; python_version=='2.7'")).toMatchObject({
      extras: ['fred', 'bar'],
      url: 'http://foo.com',
      marker: "python_version=='2.7'",
    });
  });

  it('keeps a ; glued to the URL inside the URL (a marker needs a space before ;)', () => {
    expect(ok("foo @ https://x.org/a.whl;python_version<'3'")).toMatchObject({ url: "https://x.org/a.whl;python_version<'3'", marker: null });
    expect(parsePep508("foo @ https://x.org/a.whl; python_version<'3'").ok).toBe(false);
  });

  it('checks URLs like packaging: a host is needed, file URLs must round-trip', () => {
    expect(ok('name @ file:///absolute/path').url).toBe('file:///absolute/path');
    expect(parsePep508('name @ gopher:/foo/com')).toMatchObject({ ok: false, column: 8 });
    expect(parsePep508('name @ file:.').ok).toBe(false);
    expect(parsePep508('name @ ').ok).toBe(false);
  });

  it('returns the marker trimmed, as written', () => {
    expect(ok("foo >= 1.0 ;  python_version < '3' and os_name == 'nt'  ").marker).toBe("python_version < '3' and os_name == 'nt'");
  });

  it.each([
    ['foo; python_version<"3" and', 28],
    ["foo; foobar=='x'", 6],
    ["foo; python_version => '3'", 21],
    ["foo; python_version < '3", 23],
    ["foo; (python_version < '3'", 27],
    ['foo;', 5],
  ])('refuses marker %j at column %i', (text, column) => {
    expect(parsePep508(text)).toMatchObject({ ok: false, column });
  });
});

describe('parseMarker / normalizeMarker', () => {
  it.each([
    ["python_version<'3'", 'python_version < "3"'],
    ["os.name=='posix' or sys.platform=='linux'", 'os_name == "posix" or sys_platform == "linux"'],
    ["python_implementation=='x'", 'platform_python_implementation == "x"'],
    ['"3" < python_version', '"3" < python_version'],
    ["'linux' in sys_platform and platform_machine not in 'arm64'", '"linux" in sys_platform and platform_machine not in "arm64"'],
    ["extra == 'test'", 'extra == "test"'],
    ["(python_version<'3')", 'python_version < "3"'],
    ["os_name=='a' and (os_name=='b' or os_name=='c')", 'os_name == "a" and (os_name == "b" or os_name == "c")'],
    ["python_version>'3'and os_name=='posix'", 'python_version > "3" and os_name == "posix"'],
    // packaging 21.3 drops the parentheses of a group that holds a single group
    ["os_name=='x' and ((os_name=='a' or os_name=='b'))", 'os_name == "x" and os_name == "a" or os_name == "b"'],
  ])('%s', (text, normalized) => {
    expect(normalizeMarker(text)).toBe(normalized);
  });

  it('returns the packaging parse shape', () => {
    const r = parseMarker("python_version < '3' or (os_name == 'nt')");
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.tree).toEqual([
        { kind: 'item', left: { kind: 'variable', name: 'python_version' }, op: '<', right: { kind: 'value', value: '3' } },
        'or',
        [{ kind: 'item', left: { kind: 'variable', name: 'os_name' }, op: '==', right: { kind: 'value', value: 'nt' } }],
      ]);
    }
  });

  it('refuses unknown variables and dangling operators', () => {
    expect(normalizeMarker("foobar == 'x'")).toBeNull();
    expect(normalizeMarker("python_version < '3' or")).toBeNull();
    expect(parseMarker('python_version not  in "x"')).toMatchObject({ ok: false });
  });
});
