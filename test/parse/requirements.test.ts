import { describe, expect, it } from 'vitest';
import { parseRequirements } from '../../src/parse/requirements.js';
import type { LogicalLine, RequirementLine } from '../../src/parse/requirements-types.js';

const H1 = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const H2 = '486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7';

function reqs(content: string): RequirementLine[] {
  return parseRequirements(content).lines.flatMap((l) => (l.requirement ? [l.requirement] : []));
}

function only(content: string): RequirementLine {
  const all = reqs(content);
  expect(all).toHaveLength(1);
  return all[0];
}

function shape(lines: LogicalLine[]) {
  return lines.map((l) => [l.kind, l.startLine, l.endLine]);
}

describe('physical and logical lines', () => {
  it('reports BOM, dominant line ending and final newline', () => {
    expect(parseRequirements('\ufefffoo\r\nbar\r\nbaz\n')).toMatchObject({ bom: true, eol: '\r\n', finalNewline: true });
    expect(parseRequirements('foo\nbar')).toMatchObject({ bom: false, eol: '\n', finalNewline: false });
    expect(parseRequirements('')).toEqual({ lines: [], diagnostics: [], eol: '\n', bom: false, finalNewline: false, suppressions: [] });
  });

  it('does not let the BOM reach the first requirement', () => {
    expect(only('\ufefffoo==1.0\n')).toMatchObject({ name: 'foo', line: 1, column: 1 });
  });

  it('splits on LF, CRLF and lone CR', () => {
    const file = parseRequirements('a\r\nb\rc\nd');
    expect(file.lines.map((l) => [l.raw, l.startLine])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ]);
  });

  it('also ends lines where Python splitlines() does (form feed, U+2028), like pip', () => {
    expect(reqs('foo\fbar\u2028baz\n').map((r) => [r.name, r.line])).toEqual([
      ['foo', 1],
      ['bar', 2],
      ['baz', 3],
    ]);
  });

  it('classifies blank, comment, requirement, include, option lines', () => {
    const file = parseRequirements('\n   \n# hello\nfoo\n-r other.txt\n--pre\n');
    expect(shape(file.lines)).toEqual([
      ['blank', 1, 1],
      ['blank', 2, 2],
      ['comment', 3, 3],
      ['requirement', 4, 4],
      ['include', 5, 5],
      ['option', 6, 6],
    ]);
    expect(file.lines[2].comment).toBe(' hello');
  });

  it('joins backslash continuations, keeping raw text with the original line endings', () => {
    const file = parseRequirements(`foo==1.0 \\\r\n    --hash=sha256:${H1} \\\r\n    --hash=sha256:${H2}\r\nbar\r\n`);
    expect(shape(file.lines)).toEqual([
      ['requirement', 1, 3],
      ['requirement', 4, 4],
    ]);
    expect(file.lines[0].raw).toBe(`foo==1.0 \\\r\n    --hash=sha256:${H1} \\\r\n    --hash=sha256:${H2}`);
    expect(file.lines[0].requirement?.hashes).toEqual([`sha256:${H1}`, `sha256:${H2}`]);
  });

  it('joins a continuation at the end of the file', () => {
    const file = parseRequirements('foo==1.0 \\');
    expect(shape(file.lines)).toEqual([['requirement', 1, 1]]);
    expect(file.lines[0].requirement?.specifier).toBe('==1.0');
    expect(file.finalNewline).toBe(false);
  });

  it('glues continued lines without adding a space (pip strips the backslashes only)', () => {
    expect(only('fo\\\no==1.0\n')).toMatchObject({ name: 'foo', specifier: '==1.0' });
  });

  it('never continues a comment line, and a comment line ends a continuation', () => {
    const file = parseRequirements('# note \\\nfoo\nbar \\\n# trailing comment\nbaz\n');
    expect(shape(file.lines)).toEqual([
      ['comment', 1, 1],
      ['requirement', 2, 2],
      ['requirement', 3, 4],
      ['requirement', 5, 5],
    ]);
    expect(file.lines[2].comment).toBe(' trailing comment');
    expect(reqs('req1 \\\n# comment \\\nreq2\n').map((r) => r.name)).toEqual(['req1', 'req2']);
  });

  it('lets an inline comment swallow the continued line, as pip does', () => {
    const file = parseRequirements('foo # note \\\nbar\nbaz\n');
    expect(shape(file.lines)).toEqual([
      ['requirement', 1, 2],
      ['requirement', 3, 3],
    ]);
    expect(file.lines[0].requirement?.name).toBe('foo');
    expect(file.lines[0].comment).toBe(' note bar');
  });
});

describe('comments', () => {
  it('starts a comment only at line start or after whitespace', () => {
    expect(only('https://example.com/foo.tar.gz#egg=wat\n')).toMatchObject({ name: 'wat', url: 'https://example.com/foo.tar.gz#egg=wat' });
    const file = parseRequirements('https://example.com/foo.tar.gz # Comment\n');
    expect(file.lines[0].comment).toBe(' Comment');
    expect(file.lines[0].requirement).toMatchObject({ name: '', url: 'https://example.com/foo.tar.gz', isUrlOrPath: true });
  });

  it('treats a tab before # as whitespace', () => {
    const file = parseRequirements('foo==1.0\t# pinned\n');
    expect(file.lines[0]).toMatchObject({ kind: 'requirement', comment: ' pinned' });
  });

  it('keeps ${VAR} references as written', () => {
    const file = parseRequirements('--extra-index-url https://${TOKEN}@pypi.example/simple\nfoo==${VERSION}\n');
    expect(file.lines[0].options).toEqual({ '--extra-index-url': ['https://${TOKEN}@pypi.example/simple'] });
    expect(file.lines[1].requirement?.specifier).toBe('==${VERSION}');
    expect(file.diagnostics).toEqual([]);
  });
});

describe('requirements', () => {
  it('reads name, extras, specifier, marker and the position of the first character', () => {
    expect(only("  Foo_Bar[Sec, test] >= 1.0 , <2 ; python_version < '3.12'  # why\n")).toEqual({
      name: 'Foo_Bar',
      key: 'foo-bar',
      extras: ['Sec', 'test'],
      specifier: '>=1.0,<2',
      url: null,
      marker: "python_version < '3.12'",
      line: 1,
      column: 3,
      editable: false,
      isUrlOrPath: false,
      hashes: [],
      perRequirementOptions: {},
      ignores: [],
    });
  });

  it('accepts an empty marker after ;', () => {
    expect(only('foo==1.0;\n')).toMatchObject({ specifier: '==1.0', marker: null });
  });

  it('reads name @ url with a marker after " ;" or ";"', () => {
    const url = 'https://example.com/foo-1.0.tar.gz';
    expect(only(`foo @ ${url} ; python_version >= '3.8'\n`)).toMatchObject({ name: 'foo', url, marker: "python_version >= '3.8'", isUrlOrPath: false });
    expect(only(`foo @ ${url};python_version >= '3.8'\n`)).toMatchObject({ url, marker: "python_version >= '3.8'" });
  });

  it('reads URL lines: VCS with #egg, subdirectory, unnamed, "; " markers', () => {
    expect(only('git+https://github.com/org/repo.git@v2#egg=sub-pkg&subdirectory=python\n')).toMatchObject({
      name: 'sub-pkg',
      key: 'sub-pkg',
      url: 'git+https://github.com/org/repo.git@v2#egg=sub-pkg&subdirectory=python',
      isUrlOrPath: true,
    });
    expect(only('git+https://github.com/org/repo.git\n')).toMatchObject({ name: '', key: '', isUrlOrPath: true });
    expect(only("https://e.com/f.tar.gz#egg=foo ; python_version < '3'\n")).toMatchObject({ name: 'foo', marker: "python_version < '3'" });
  });

  it('derives name and version from a wheel file name', () => {
    expect(only('https://example.com/packages/Some_Pkg-1.2.3-py3-none-any.whl\n')).toMatchObject({ name: 'Some-Pkg', key: 'some-pkg', specifier: '==1.2.3' });
    expect(only('./dist/my_pkg-0.1.0-py3-none-any.whl\n')).toMatchObject({ name: 'my-pkg', url: './dist/my_pkg-0.1.0-py3-none-any.whl', isUrlOrPath: true });
  });

  it('reads local paths and archives as unnamed path requirements', () => {
    expect(only('./vendor/pkg-1.0.tar.gz\n')).toMatchObject({ name: '', url: './vendor/pkg-1.0.tar.gz', isUrlOrPath: true });
    expect(only('./pkg[dev, test]\n')).toMatchObject({ name: '', url: './pkg', extras: ['dev', 'test'], isUrlOrPath: true });
    expect(only('.\n')).toMatchObject({ url: '.', isUrlOrPath: true });
  });

  it('reads editables (-e, --editable=, -eURL) with the column of the option', () => {
    expect(only('-e git+https://url#egg=SomeProject\n')).toMatchObject({ name: 'SomeProject', editable: true, column: 1, url: 'git+https://url#egg=SomeProject' });
    expect(only('  --editable=git+https://g/r.git#egg=Repo\n')).toMatchObject({ name: 'Repo', editable: true, column: 3 });
    expect(only('-egit+https://g/r.git#egg=r\n')).toMatchObject({ name: 'r', editable: true });
    expect(only('-e .[test]\n')).toMatchObject({ name: '', url: '.', extras: ['test'], editable: true, isUrlOrPath: true });
    expect(only('-e git://github.com/org/repo#egg=repo\n')).toMatchObject({ url: 'git+git://github.com/org/repo#egg=repo' });
  });

  it('collects per-requirement options, ignoring them on editables as pip does', () => {
    const r = only(`SomeProject --global-option="yo3" --global-option "yo4" -C k=v --config-settings=a=b --hash=sha384:abc\n`);
    expect(r.perRequirementOptions).toEqual({ '--global-option': ['yo3', 'yo4'], '--config-settings': ['k=v', 'a=b'] });
    expect(r.hashes).toEqual(['sha384:abc']);
    expect(only(`-e ./pkg --hash=sha256:${H1}\n`).hashes).toEqual([]);
  });

  it('ignores -r and global options written on a requirement line', () => {
    const file = parseRequirements('foo -r other.txt --pre\n');
    expect(file.lines[0]).toMatchObject({ kind: 'requirement' });
    expect(file.lines[0].include).toBeUndefined();
  });
});

describe('includes and options', () => {
  it('reads every -r/-c spelling with the position of the target', () => {
    const file = parseRequirements('-r a.txt\n-rb.txt\n--requirement=c.txt\n  --requirement d.txt\n-c e.txt\n--constraint=f.txt\n--requirem g.txt\n');
    expect(file.lines.map((l) => l.include)).toEqual([
      { kind: 'requirement', target: 'a.txt', line: 1, column: 4 },
      { kind: 'requirement', target: 'b.txt', line: 2, column: 3 },
      { kind: 'requirement', target: 'c.txt', line: 3, column: 15 },
      { kind: 'requirement', target: 'd.txt', line: 4, column: 17 },
      { kind: 'constraint', target: 'e.txt', line: 5, column: 4 },
      { kind: 'constraint', target: 'f.txt', line: 6, column: 14 },
      { kind: 'requirement', target: 'g.txt', line: 7, column: 12 },
    ]);
  });

  it('records global options under their long names', () => {
    const file = parseRequirements(
      '-i https://a/simple\n--extra-index-url https://b/simple\n--no-index\n-f ./wheels\n--trusted-host h\n--pre --prefer-binary\n--only-binary :all:\n--no-binary lxml\n--use-feature truststore\n--require-hashes\n--pypi-url https://p\n',
    );
    expect(file.diagnostics).toEqual([]);
    expect(file.lines.map((l) => l.options)).toEqual([
      { '--index-url': ['https://a/simple'] },
      { '--extra-index-url': ['https://b/simple'] },
      { '--no-index': [] },
      { '--find-links': ['./wheels'] },
      { '--trusted-host': ['h'] },
      { '--pre': [], '--prefer-binary': [] },
      { '--only-binary': [':all:'] },
      { '--no-binary': ['lxml'] },
      { '--use-feature': ['truststore'] },
      { '--require-hashes': [] },
      { '--index-url': ['https://p'] },
    ]);
  });

  it('reads a quoted option value like a shell', () => {
    expect(only(`foo --global-option "a b" --config-settings 'k=v w'\n`).perRequirementOptions).toEqual({
      '--global-option': ['a b'],
      '--config-settings': ['k=v w'],
    });
  });
});

describe('what pip refuses', () => {
  it.each([
    ['--bogus\n', 1, 1, 'no such option: --bogus'],
    ['foo --install-option=x\n', 1, 5, 'no such option: --install-option'],
    ['--req a.txt\n', 1, 1, 'ambiguous option: --req'],
    ['-r\n', 1, 1, '-r option requires 1 argument'],
    ['--pre=yes\n', 1, 1, '--pre option does not take a value'],
    ['-x foo\n', 1, 1, 'no such option: -x'],
    ['pkg==1.0.0 --hash=somehash\n', 1, 19, 'must be a hash name followed by a value'],
    ['foo==1.0 --hash=md5:abcd\n', 1, 17, 'allowed hash algorithms'],
    ['SomeProject --config-settings=novalue\n', 1, 31, 'KEY=VAL'],
    ['--use-feature=nope\n', 1, 15, 'invalid choice'],
    ["foo --global-option='open\n", 1, 21, 'unclosed single quote'],
    ['my-package=1.0\n', 1, 11, "did you mean '=='"],
    ['req1 req2\n', 1, 6, 'invalid requirement'],
    ['foo>=1.0[bar]\n', 1, 1, 'extras after the version'],
    ["foo; python_version => '3'\n", 1, 21, 'invalid marker'],
    ['-e git+https://github.com/org/repo.git\n', 1, 4, 'add #egg=name'],
    ['-e https://example.com/foo.zip\n', 1, 4, 'not a valid editable requirement'],
    ['https://example.com/notawheel.whl\n', 1, 1, 'not a valid wheel filename'],
    ['gopher://example.com/foo\n', 1, 1, "unsupported URL scheme 'gopher:'"],
    ['name @ gopher:/foo/com\n', 1, 8, 'Invalid URL'],
  ])('%j -> line %i, column %i', (content, line, column, message) => {
    const file = parseRequirements(content);
    expect(file.lines[0].kind).toBe('invalid');
    expect(file.lines[0].requirement).toBeUndefined();
    expect(file.diagnostics).toHaveLength(1);
    expect(file.diagnostics[0]).toMatchObject({ rule: 'manifest-parse-error', line, column });
    expect(file.diagnostics[0].message).toContain(message);
  });

  it('places a diagnostic on the physical line of a continued logical line', () => {
    const file = parseRequirements('ok\nfoo==1.0 \\\n    --hash=md5:x\n');
    expect(file.lines[1]).toMatchObject({ kind: 'invalid', startLine: 2, endLine: 3 });
    expect(file.diagnostics).toEqual([
      { rule: 'manifest-parse-error', message: expect.stringContaining('allowed hash algorithms') as string, line: 3, column: 12, endLine: 3 },
    ]);
  });

  it('keeps reading after an invalid line', () => {
    const file = parseRequirements('foo=1\nbar==2\n');
    expect(file.lines.map((l) => l.kind)).toEqual(['invalid', 'requirement']);
  });

  it('accepts what pip accepts even when odd', () => {
    // a stray word after options is ignored by pip's option parser
    expect(parseRequirements('--pre foo\n').lines[0]).toMatchObject({ kind: 'option', options: { '--pre': [] } });
    // a hash with no requirement is ignored with a warning
    expect(parseRequirements(`--hash=sha256:${H1}\n`).diagnostics).toEqual([]);
    // packaging 21.3 legacy versions
    expect(only('foo>=abc\n').specifier).toBe('>=abc');
  });
});

describe('inline suppressions', () => {
  it('reads # slimreq: ignore[...] on the line and # slimreq ignore=... directly above', () => {
    const file = parseRequirements('# slimreq ignore=dev-tool-in-production,SR102\npytest==8.0  # slimreq: ignore[SR101, other]\nblack\n');
    const [pytest, black] = file.lines.flatMap((l) => (l.requirement ? [l.requirement] : []));
    expect(pytest.ignores).toEqual(['dev-tool-in-production', 'SR102', 'SR101', 'other']);
    expect(black.ignores).toEqual([]);
  });

  it('does not apply an above-comment across a blank line', () => {
    expect(only('# slimreq ignore=SR101\n\npytest\n').ignores).toEqual([]);
  });

  it('applies an above-comment to a continued requirement', () => {
    expect(only(`# slimreq ignore=SR101\npytest==8.0 \\\n  --hash=sha256:${H1}\n`).ignores).toEqual(['SR101']);
  });
});

describe('robustness', () => {
  it.each(['\\', '\\\\\n\\', '#', ' # \\', '"', "'", '-', '--', '-e', '[', '@', ';', 'a;', '\r\r\n\n', '\ufeff', '\u2029\u2028', 'a @ ', '-r "x'])(
    'never throws on %j',
    (content) => {
      expect(() => parseRequirements(content)).not.toThrow();
    },
  );
});

describe('suppression comments on the line above', () => {
  it('accepts both the ignore= and the ignore[...] forms', () => {
    const p = parseRequirements('# slimreq: ignore[dev-tool-in-production]\ntox==4.0\n# slimreq ignore=SR101\nblack\n# unrelated\nruff\n');
    const reqs = p.lines.filter((l) => l.requirement).map((l) => [l.requirement!.name, l.requirement!.ignores]);
    expect(reqs).toEqual([
      ['tox', ['dev-tool-in-production']],
      ['black', ['SR101']],
      ['ruff', []],
    ]);
  });
});
