import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parsePyproject, poetryConstraintToPep440 } from '../../src/parse/pyproject.js';
import type { Requirement } from '../../src/model.js';

const F = 'pyproject.toml';
const pick = (r: Requirement) => ({
  name: r.name,
  specifier: r.specifier,
  group: r.group,
  groupName: r.groupName,
  origin: r.origin,
  line: r.line,
  column: r.column,
});

describe('PEP 621', () => {
  const toml = [
    '[project]', // 1
    'name = "demo"', // 2
    'requires-python = ">=3.10"', // 3
    'dependencies = [', // 4
    '    "flask>=3.0,<4",', // 5
    "    'requests[socks] ; python_version < \"3.12\"',", // 6
    '    "pytest==8.3.2",  # slimreq: ignore[dev-tool-in-production]', // 7
    ']', // 8
    '', // 9
    '[project.optional-dependencies]', // 10
    'postgres = ["psycopg[binary]>=3.1"]', // 11
    'test = ["pytest-cov", "demo[postgres]"]', // 12
    '',
  ].join('\n');
  const r = parsePyproject(toml, F);

  it('reads dependencies with positions inside the quotes', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.requiresPython).toBe('>=3.10');
    expect(r.projectName).toBe('demo');
    expect(r.requirements.map(pick)).toEqual([
      { name: 'flask', specifier: '>=3.0,<4', group: 'prod', groupName: null, origin: 'pep621', line: 5, column: 6 },
      { name: 'requests', specifier: '', group: 'prod', groupName: null, origin: 'pep621', line: 6, column: 6 },
      { name: 'pytest', specifier: '==8.3.2', group: 'prod', groupName: null, origin: 'pep621', line: 7, column: 6 },
      { name: 'psycopg', specifier: '>=3.1', group: 'prod', groupName: 'postgres', origin: 'optional-dependencies', line: 11, column: 14 },
      { name: 'pytest-cov', specifier: '', group: 'dev', groupName: 'test', origin: 'optional-dependencies', line: 12, column: 10 },
      { name: 'demo', specifier: '', group: 'dev', groupName: 'test', origin: 'optional-dependencies', line: 12, column: 24 },
    ]);
  });

  it('fills every field', () => {
    const req = r.requirements[1];
    expect(req).toEqual({
      name: 'requests',
      key: 'requests',
      specifier: '',
      extras: ['socks'],
      marker: 'python_version < "3.12"',
      url: null,
      editable: false,
      hashes: [],
      file: F,
      line: 6,
      column: 6,
      endLine: 6,
      source: 'requests[socks] ; python_version < "3.12"',
      group: 'prod',
      groupName: null,
      origin: 'pep621',
      constraintOnly: false,
      ignores: [],
    });
    expect(r.requirements[2].ignores).toEqual(['dev-tool-in-production']);
  });

  it('reads a suppression comment on the line above', () => {
    const t = '[project]\ndependencies = [\n  # slimreq ignore=SR101,dev-tool-in-production\n  "black",\n  "ruff",\n]\n';
    const p = parsePyproject(t, F);
    expect(p.requirements.map((x) => [x.name, x.ignores])).toEqual([
      ['black', ['SR101', 'dev-tool-in-production']],
      ['ruff', []],
    ]);
  });

  it('reports an invalid dependency string at the failing character', () => {
    const p = parsePyproject('[project]\ndependencies = ["flask", "requests >= 2 <3", "ok"]\n', F);
    expect(p.requirements.map((x) => x.name)).toEqual(['flask', 'ok']);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({ rule: 'manifest-parse-error', line: 2 });
    expect(p.diagnostics[0].column).toBeGreaterThanOrEqual(27);
    expect(p.diagnostics[0].column).toBeLessThanOrEqual(43);
    expect(p.diagnostics[0].message).toContain('requests >= 2 <3');
  });

  it('reports non-string entries and wrong types', () => {
    const p = parsePyproject('[project]\ndependencies = ["a", 3]\noptional-dependencies = "x"\n', F);
    expect(p.requirements.map((x) => x.name)).toEqual(['a']);
    expect(p.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [2, 22],
      [3, 1],
    ]);
  });

  it('locates multi-line basic strings after the trimmed newline', () => {
    const p = parsePyproject('[project]\ndependencies = ["""\nflask"""]\n', F);
    expect(p.requirements.map((x) => [x.name, x.line, x.column, x.endLine])).toEqual([['flask', 3, 1, 3]]);
  });
});

describe('PEP 735 dependency groups', () => {
  const toml = [
    '[dependency-groups]', // 1
    'test = ["pytest>=8", "coverage"]', // 2
    'typing = ["mypy", {include-group = "test"}]', // 3
    'dev = [{include-group = "typing"}, "ruff"]', // 4
    'server = ["gunicorn"]', // 5
    'docs-extra = ["sphinx"]',
    'postgres = ["psycopg"]',
  ].join('\n');
  const r = parsePyproject(toml, F);

  it('reports each group at its own location, once', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.requirements.map((x) => [x.name, x.groupName, x.group, x.origin, x.line])).toEqual([
      ['pytest', 'test', 'dev', 'dependency-groups', 2],
      ['coverage', 'test', 'dev', 'dependency-groups', 2],
      ['mypy', 'typing', 'dev', 'dependency-groups', 3],
      ['ruff', 'dev', 'dev', 'dependency-groups', 4],
      ['gunicorn', 'server', 'prod', 'dependency-groups', 5],
      ['sphinx', 'docs-extra', 'dev', 'dependency-groups', 6],
      ['psycopg', 'postgres', 'dev', 'dependency-groups', 7],
    ]);
  });

  it('reports include cycles and unknown groups', () => {
    const p = parsePyproject(
      '[dependency-groups]\na = [{include-group = "b"}]\nb = ["x", {include-group = "a"}]\nc = [{include-group = "nope"}]\n',
      F,
    );
    expect(p.requirements.map((x) => x.name)).toEqual(['x']);
    expect(p.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 11, 'dependency groups include each other in a cycle: a -> b -> a'],
      [4, 6, 'include-group "nope" names no group in [dependency-groups] (from "c")'],
    ]);
  });

  it('reports groups whose names normalize to the same key', () => {
    const p = parsePyproject('[dependency-groups]\nTest = ["a"]\ntest = ["b"]\n', F);
    expect(p.diagnostics.map((d) => d.line)).toEqual([3]);
  });

  it('rejects entries that are neither strings nor includes', () => {
    const p = parsePyproject('[dependency-groups]\ndev = [{include-group = "x", extra = 1}, 5]\nx = []\n', F);
    expect(p.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [2, 8],
      [2, 42],
    ]);
  });
});

describe('Poetry version constraints', () => {
  it.each([
    ['^1.2.3', '>=1.2.3,<2.0.0'],
    ['^0.2.3', '>=0.2.3,<0.3.0'],
    ['^0.0.3', '>=0.0.3,<0.0.4'],
    ['^0.0', '>=0.0,<0.1'],
    ['^0', '>=0,<1'],
    ['^1.2', '>=1.2,<2.0'],
    ['^2', '>=2,<3'],
    ['~1.2', '>=1.2,<1.3'],
    ['~1.2.3', '>=1.2.3,<1.3.0'],
    ['~1', '>=1,<2'],
    ['~=1.2', '~=1.2'],
    ['*', ''],
    ['', ''],
    ['1.2.*', '==1.2.*'],
    ['==1.2.*', '==1.2.*'],
    ['!=1.3.*', '!=1.3.*'],
    ['>=1,<2', '>=1,<2'],
    ['>= 1.2, < 2.0', '>=1.2,<2.0'],
    ['>=1.2 <2.0', '>=1.2,<2.0'],
    ['==1.2', '==1.2'],
    ['=1.2', '==1.2'],
    ['1.2.3', '==1.2.3'],
    ['^1.2.3b1', '>=1.2.3b1,<2.0.0'],
    ['^1 || ^2', '>=1,<3'],
    ['^3.2 || ^4.0', '>=3.2,<5.0'],
    ['>=1,<2 || >=1.5,<1.8', '>=1,<2'],
  ])('%s -> %s', (input, expected) => {
    expect(poetryConstraintToPep440(input)).toEqual({ ok: true, specifier: expected });
  });
  it('a union with a gap has no exact form: any version, and why', () => {
    expect(poetryConstraintToPep440('^3.2 || ^4.2')).toEqual({
      ok: true,
      specifier: '',
      inexact: '"^3.2 || ^4.2" allows >=3.2,<4.0 or >=4.2,<5.0; one specifier set cannot say "one of these ranges" (>=3.2,<5.0 would also allow the versions between them)',
    });
  });
  it.each(['^', '^abc', '>=1.*', 'latest'])('%s is rejected', (input) => {
    expect(poetryConstraintToPep440(input).ok).toBe(false);
  });
});

describe('Poetry tables', () => {
  const toml = [
    '[tool.poetry]', // 1
    'name = "app"', // 2
    '', // 3
    '[tool.poetry.dependencies]', // 4
    'python = "^3.11"', // 5
    'django = "^5.0.1"', // 6
    'celery = { version = "~5.3", extras = ["redis"], markers = "sys_platform != \'win32\'" }', // 7
    '"zope.interface" = "*"', // 8
    'numpy = [', // 9
    '    { version = "^1.26", python = "<3.13" },', // 10
    '    { version = "^2.1", python = ">=3.13" },', // 11
    ']', // 12
    'mylib = { path = "../mylib", develop = true }', // 13
    'tool = { git = "https://github.com/o/tool.git", tag = "v1.0" }', // 14
    'boto3 = { version = "^1.34", optional = true }', // 15
    'black = "^24.1"  # slimreq: ignore[SR101]', // 16
    '', // 17
    '[tool.poetry.extras]', // 18
    'aws = ["boto3"]', // 19
    '', // 20
    '[tool.poetry.group.dev.dependencies]', // 21
    'pytest = "^8.0"', // 22
    '', // 23
    '[tool.poetry.group.docs]', // 24
    'optional = true', // 25
    '[tool.poetry.group.docs.dependencies]', // 26
    'mkdocs = "1.5.3"', // 27
    '', // 28
    '[tool.poetry.dev-dependencies]', // 29
    'ipdb = ">=0.13"', // 30
    '',
  ].join('\n');
  const r = parsePyproject(toml, F);

  it('converts every form', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.tools).toMatchObject({ poetry: true, pdm: false, uv: false });
    expect(r.requiresPython).toBe('>=3.11,<4.0');
    expect(r.requirements.map((x) => [x.name, x.specifier, x.extras, x.marker, x.url, x.editable, x.group, x.groupName, x.line, x.column])).toEqual([
      ['django', '>=5.0.1,<6.0.0', [], null, null, false, 'prod', null, 6, 1],
      ['celery', '>=5.3,<5.4', ['redis'], "sys_platform != 'win32'", null, false, 'prod', null, 7, 1],
      ['zope.interface', '', [], null, null, false, 'prod', null, 8, 2],
      ['numpy', '>=1.26,<2.0', [], 'python_version < "3.13"', null, false, 'prod', null, 9, 1],
      ['numpy', '>=2.1,<3.0', [], 'python_version >= "3.13"', null, false, 'prod', null, 9, 1],
      ['mylib', '', [], null, '../mylib', true, 'prod', null, 13, 1],
      ['tool', '', [], null, 'git+https://github.com/o/tool.git@v1.0', false, 'prod', null, 14, 1],
      ['boto3', '>=1.34,<2.0', [], null, null, false, 'prod', 'aws', 15, 1],
      ['black', '>=24.1,<25.0', [], null, null, false, 'prod', null, 16, 1],
      ['pytest', '>=8.0,<9.0', [], null, null, false, 'dev', 'dev', 22, 1],
      ['mkdocs', '==1.5.3', [], null, null, false, 'dev', 'docs', 27, 1],
      ['ipdb', '>=0.13', [], null, null, false, 'dev', 'dev', 30, 1],
    ]);
  });

  it('uses the key as source and the key-value span for endLine', () => {
    const numpy = r.requirements.find((x) => x.name === 'numpy')!;
    expect(numpy).toMatchObject({ source: 'numpy', line: 9, endLine: 12, origin: 'poetry' });
    expect(r.requirements.find((x) => x.name === 'zope.interface')).toMatchObject({ source: 'zope.interface', key: 'zope-interface' });
    expect(r.requirements.find((x) => x.name === 'black')!.ignores).toEqual(['SR101']);
  });

  it('reports a bad constraint at the key', () => {
    const p = parsePyproject('[tool.poetry.dependencies]\npython = "^3.9"\nflask = "^abc"\nok = "1.0"\nbad = 3\n', F);
    expect(p.requirements.map((x) => x.name)).toEqual(['ok']);
    expect(p.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [3, 1],
      [5, 1],
    ]);
    expect(p.diagnostics[0].message).toContain('"abc" is not a version');
  });

  it('combines python and markers', () => {
    const p = parsePyproject('[tool.poetry.dependencies]\nx = { version = "1.0", python = ">=3.8,<3.11", markers = "os_name == \'nt\'" }\n', F);
    expect(p.requirements[0].marker).toBe('(python_version >= "3.8" and python_version < "3.11") and (os_name == \'nt\')');
  });
});

describe('PDM and uv', () => {
  it('reads PDM dev-dependencies, including editables', () => {
    const t = [
      '[project]',
      'name = "lib"',
      'dependencies = ["attrs"]',
      '[tool.pdm.dev-dependencies]',
      'test = ["pytest>=8"]',
      'lint = ["ruff", "-e file:///${PROJECT_ROOT}/plugins/local#egg=local-plugin"]',
    ].join('\n');
    const p = parsePyproject(t, F);
    expect(p.diagnostics).toEqual([]);
    expect(p.tools).toMatchObject({ pdm: true, poetry: false, uv: false });
    expect(p.requirements.map((x) => [x.name, x.group, x.groupName, x.origin, x.editable, x.line, x.column])).toEqual([
      ['attrs', 'prod', null, 'pep621', false, 3, 18],
      ['pytest', 'dev', 'test', 'pdm', false, 5, 10],
      ['ruff', 'dev', 'lint', 'pdm', false, 6, 10],
      ['local-plugin', 'dev', 'lint', 'pdm', true, 6, 18],
    ]);
  });

  it('reads uv dev, constraint and override dependencies and workspace members', () => {
    const t = [
      '[project]',
      'name = "root"',
      'dependencies = ["httpx"]',
      '[tool.uv]',
      'dev-dependencies = ["pytest"]',
      'constraint-dependencies = ["urllib3<2"]',
      'override-dependencies = ["idna==3.7"]',
      '[tool.uv.workspace]',
      'members = ["packages/*"]',
    ].join('\n');
    const p = parsePyproject(t, F);
    expect(p.diagnostics).toEqual([]);
    expect(p.tools).toMatchObject({ uv: true });
    expect(p.workspaceMembers).toEqual(['packages/*']);
    expect(p.requirements.map((x) => [x.name, x.group, x.groupName, x.origin, x.constraintOnly])).toEqual([
      ['httpx', 'prod', null, 'pep621', false],
      ['pytest', 'dev', 'dev', 'uv', false],
      ['urllib3', 'prod', 'constraint-dependencies', 'uv', true],
      ['idna', 'prod', 'override-dependencies', 'uv', true],
    ]);
  });

  it('notices hatch', () => {
    expect(parsePyproject('[tool.hatch.envs.default]\ndependencies = ["pytest"]\n', F).tools.hatch).toBe(true);
  });
});

describe('malformed TOML', () => {
  it.each([
    ['unterminated string', '[project]\nname = "x\ndependencies = []\n', 2],
    ['duplicate keys', '[project]\nname = "a"\nname = "b"\n', 3],
    ['duplicate tables', '[project]\nname = "a"\n[project]\n', 3],
    ['bad date', '[project]\nname = "a"\nreleased = 2024-13-45\n', 3],
    ['missing value', '[project]\n\n\ndependencies =\n', 4],
    ['missing value, no final newline', '[project]\ndependencies =', 2],
    ['unterminated array', '[project]\ndependencies = [\n  "a",\n', 3],
  ])('%s', (_label, text, line) => {
    const p = parsePyproject(text, F);
    expect(p.requirements).toEqual([]);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({ rule: 'manifest-parse-error', line });
    expect(p.diagnostics[0].column).toBeGreaterThanOrEqual(1);
  });

  it('accepts a BOM and CRLF', () => {
    const p = parsePyproject('\uFEFF[project]\r\ndependencies = [\r\n  "a",\r\n]\r\n', F);
    expect(p.diagnostics).toEqual([]);
    expect(p.requirements.map((x) => [x.name, x.line, x.column])).toEqual([['a', 3, 4]]);
  });
});

describe('never throws', () => {
  const valid = [
    '[project]\nname = "x"\ndependencies = ["a>=1", "b[c] ; python_version < \'3.9\'"]\n[project.optional-dependencies]\ntest = ["pytest"]\n',
    '[tool.poetry.dependencies]\npython = "^3.9"\nx = { version = "^1", extras = ["y"] }\n[tool.poetry.group.dev.dependencies]\nz = "*"\n',
    '[dependency-groups]\ndev = ["a", {include-group = "t"}]\nt = ["b"]\n[tool.uv]\ndev-dependencies = ["c"]\n',
  ];
  it('for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parsePyproject(s, F);
        for (const d of r.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
  it('for mutated valid files', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.string({ maxLength: 6 })), { maxLength: 4 }),
        (base, edits) => {
          let s = base;
          for (const [at, del, ins] of edits) {
            const i = at % (s.length + 1);
            s = s.slice(0, i) + ins + s.slice(i + del);
          }
          const r = parsePyproject(s, F);
          for (const d of [...r.diagnostics, ...r.requirements]) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.column).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('fixtures', () => {
  const read = (p: string) => readFileSync(new URL(`../../fixtures/${p}`, import.meta.url), 'utf8');
  const summary = (p: string) =>
    parsePyproject(read(p), p).requirements.map((x) => `${x.group}:${x.groupName ?? '-'}:${x.name}${x.specifier}@${x.line}:${x.column}`);

  it('poetry-app', () => {
    const r = parsePyproject(read('poetry-app/pyproject.toml'), 'poetry-app/pyproject.toml');
    expect(r.diagnostics).toEqual([]);
    expect(r.requiresPython).toBe('>=3.11,<4.0');
    expect(summary('poetry-app/pyproject.toml')).toEqual([
      'prod:-:fastapi>=0.111.0,<0.112.0@10:1',
      'prod:-:uvicorn>=0.30.1,<0.31.0@11:1',
      'prod:-:sqlalchemy>=2.0.30,<2.1.0@12:1',
      'prod:-:pytest>=8.2.2,<9.0.0@13:1',
      'dev:dev:ruff>=0.4.10,<0.5.0@16:1',
      'dev:dev:mypy>=1.10.0,<2.0.0@17:1',
      'dev:docs:mkdocs-material>=9.5.27,<10.0.0@23:1',
    ]);
  });

  it('uv-workspace', () => {
    const root = parsePyproject(read('uv-workspace/pyproject.toml'), 'uv-workspace/pyproject.toml');
    expect(root.workspaceMembers).toEqual(['packages/*']);
    expect(root.tools.uv).toBe(true);
    expect(summary('uv-workspace/pyproject.toml')).toEqual(['dev:dev:pytest>=8.2@9:6', 'dev:dev:ruff>=0.5@10:6']);
    expect(summary('uv-workspace/packages/api/pyproject.toml')).toEqual([
      'prod:-:shop-core@6:6',
      'prod:-:litestar>=2.9@7:6',
      'prod:-:pytest-asyncio>=0.23@8:6',
    ]);
    expect(summary('uv-workspace/packages/core/pyproject.toml')).toEqual(['prod:-:pydantic>=2.7@6:6']);
  });

  it('pdm-lib', () => {
    expect(summary('pdm-lib/pyproject.toml')).toEqual([
      'prod:-:attrs>=23.2@7:6',
      'prod:-:typing-extensions>=4.12@8:6',
      'prod:async:anyio>=4.4@12:11',
      'dev:test:pytest>=8.2@13:10',
      'dev:test:pytest-cov>=5.0@13:25',
      'dev:lint:ruff>=0.5@16:10',
      'dev:lint:mypy>=1.10@16:23',
      'dev:docs:mkdocs>=1.6@17:10',
    ]);
  });
});
