// Lock readers: every locked package listed at its entry's line, in the right set, with its files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLock } from '../../src/parse/lock/index.js';
import { markerOnLinux } from '../../src/parse/lock/markers.js';
import { kindOfPath } from '../../src/discover/kinds.js';
import type { LockResult, ProjectDeclarations } from '../../src/parse/lock/types.js';

const read = (name: string) => readFileSync(new URL(`./locks/${name}`, import.meta.url), 'utf8');
const rows = (r: LockResult) => r.packages.map((p) => [p.key, p.version, p.line, p.group, p.groupName]);

describe('lock readers', () => {
  it('uv.lock: production follows the project dependencies with extras; dev groups are development; the project is not listed', () => {
    const r = parseLock('uv-lock', read('uv.lock'));
    expect(r.diagnostics).toEqual([]);
    expect(rows(r)).toEqual([
      ['colorama', '0.4.6', 21, null, null],
      ['django', '5.0.1', 27, 'prod', null],
      ['pytest', '8.3.2', 33, 'prod', null],
      ['pytest-django', '4.8.0', 40, 'prod', null],
      ['ruff', '0.6.0', 47, 'dev', 'dev'],
      ['uvicorn', '0.30.0', 54, 'prod', null],
      ['uvloop', '0.19.0', 63, 'prod', null],
    ]);
    const pytest = r.packages.find((p) => p.key === 'pytest')!;
    expect(pytest.chain).toEqual(['pytest', 'pytest-django', 'acme-app']);
    expect(pytest.direct).toBe(false);
    expect(r.packages.find((p) => p.key === 'pytest-django')!.direct).toBe(true);
    expect(r.packages.find((p) => p.key === 'uvloop')!.files).toEqual([
      { name: 'uvloop-0.19.0-cp312-cp312-musllinux_1_1_x86_64.whl', size: 3500000 },
      { name: 'uvloop-0.19.0-cp312-cp312-manylinux_2_17_aarch64.whl', size: 3500000 },
      { name: 'uvloop-0.19.0.tar.gz', size: 2300000 },
    ]);
  });

  it('poetry.lock 2.1: groups and per-group markers decide', () => {
    const r = parseLock('poetry-lock', read('poetry-2.1.lock'));
    expect(rows(r)).toEqual([
      ['asgiref', '3.8.1', 3, 'prod', null],
      ['colorama', '0.4.6', 15, null, null],
      ['django', '5.0.1', 27, 'prod', null],
      ['mypy', '1.11.1', 42, 'dev', 'dev'],
      ['psycopg2', '2.9.9', 54, 'prod', null],
    ]);
    expect(r.packages[3].files).toEqual([
      { name: 'mypy-1.11.1-cp312-cp312-musllinux_1_1_x86_64.whl', size: null },
      { name: 'mypy-1.11.1.tar.gz', size: null },
    ]);
  });

  it('poetry.lock 1.1: category decides, files come from [metadata.files], chains from the declarations', () => {
    const decl: ProjectDeclarations = { name: 'shop', prod: [{ key: 'django', extras: [] }], dev: [{ key: 'pytest', extras: [], group: 'dev' }] };
    const r = parseLock('poetry-lock', read('poetry-1.1.lock'), decl);
    expect(rows(r)).toEqual([
      ['django', '4.2.0', 1, 'prod', null],
      ['pytest', '7.4.0', 12, 'dev', 'dev'],
      ['sqlparse', '0.4.4', 20, 'prod', null],
    ]);
    expect(r.packages[2].chain).toEqual(['sqlparse', 'django', 'shop']);
    expect(r.packages[2].files).toEqual([{ name: 'sqlparse-0.4.4-py3-none-any.whl', size: null }]);
  });

  it('poetry.lock 2.0 without groups: reachability from the pyproject declarations; without them, nothing is assumed', () => {
    const text = read('poetry-1.1.lock').replace(/^category = .*\n/gm, '').replace('lock-version = "1.1"', 'lock-version = "2.0"');
    const decl: ProjectDeclarations = { name: 'shop', prod: [{ key: 'django', extras: [] }], dev: [{ key: 'pytest', extras: [], group: 'test' }] };
    expect(rows(parseLock('poetry-lock', text, decl))).toEqual([
      ['django', '4.2.0', 1, 'prod', null],
      ['pytest', '7.4.0', 11, 'dev', 'test'],
      ['sqlparse', '0.4.4', 18, 'prod', null],
    ]);
    expect(parseLock('poetry-lock', text).packages.map((p) => p.group)).toEqual([null, null, null]);
  });

  it('pdm.lock: `default` is production; an extras entry is the same package; a Windows-only package is not in the image', () => {
    const r = parseLock('pdm-lock', read('pdm.lock'));
    expect(rows(r)).toEqual([
      ['httptools', '0.6.1', 10, 'prod', null],
      ['pytest', '8.3.2', 21, 'dev', 'test'],
      ['pywin32', '306', 31, null, null],
      ['uvicorn', '0.30.0', 41, 'prod', null],
    ]);
  });

  it('pdm.lock: a lock group that is a dependency group of the pyproject is development, whatever its name', () => {
    const text = '[metadata]\ngroups = ["default", "workflow", "keyring"]\n\n[[package]]\nname = "twine"\nversion = "5.0"\ngroups = ["workflow"]\n\n[[package]]\nname = "keyring"\nversion = "25.0"\ngroups = ["keyring"]\n';
    const decl: ProjectDeclarations = { name: 'pdm', prod: [], dev: [{ key: 'twine', extras: [], group: 'workflow' }] };
    expect(rows(parseLock('pdm-lock', text, decl))).toEqual([
      ['twine', '5.0', 4, 'dev', 'workflow'],
      ['keyring', '25.0', 9, 'prod', 'keyring'],
    ]);
  });

  it('Pipfile.lock: default and develop, at the key, without file lists', () => {
    const r = parseLock('pipfile-lock', read('Pipfile.lock'));
    expect(r.packages.map((p) => [p.key, p.version, p.line, p.column, p.group, p.files])).toEqual([
      ['django', '5.0.1', 9, 10, 'prod', null],
      ['pywin32', '306', 15, 10, null, null],
      ['pytest', '8.3.2', 21, 10, 'dev', null],
    ]);
  });

  it('pylock.toml: dependency-group markers make development; other-OS markers leave the image', () => {
    const r = parseLock('pylock', read('pylock.toml'));
    expect(rows(r)).toEqual([
      ['django', '5.0.1', 8, 'prod', null],
      ['pytest', '8.3.2', 14, 'dev', 'dev'],
      ['pywin32', '306', 21, null, null],
    ]);
    expect(r.packages[1].files).toEqual([{ name: 'pytest-8.3.2-py3-none-any.whl', size: 341802 }]);
  });

  it.each([
    ['uv-lock', '[[package]]\nname = "a"\nversion = "1"\n[[package]\n', 4, 11],
    ['poetry-lock', '[[package]]\nname = "a"\nversion = "1.0\n', 3, 15],
    ['pdm-lock', '[metadata]\ngroups = ["default"\n', 2, 20],
    ['pylock', 'lock-version = "1.0"\n[[packages]]\nname = \n', 3, 8],
    ['pipfile-lock', '{\n  "default": {\n    "django": {"version": "==5.0"\n', 3, 34],
  ] as const)('%s: a truncated lock is a manifest-parse-error with line and column', (kind, text, line, column) => {
    const r = parseLock(kind, text);
    expect(r.packages).toEqual([]);
    expect(r.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['manifest-parse-error', line, column]]);
  });

  it('an entry without a name is reported, the rest is read', () => {
    const r = parseLock('uv-lock', '[[package]]\nversion = "1"\n\n[[package]]\nname = "b"\nversion = "2"\nsource = { registry = "x" }\n');
    expect(r.diagnostics.map((d) => [d.line, d.message])).toEqual([[1, '[[package]] entry 1 has no name']]);
    expect(r.packages.map((p) => p.key)).toEqual(['b']);
  });

  it('markers: excluded only when false on every Linux CPython image', () => {
    expect(markerOnLinux("sys_platform == 'win32'")).toBe(false);
    expect(markerOnLinux("sys_platform == 'win32' or platform_machine == 'aarch64'")).toBe(true);
    expect(markerOnLinux("platform_system == 'Darwin' and python_version >= '3.8'")).toBe(false);
    expect(markerOnLinux("python_version < '3.7'")).toBe(false);
    expect(markerOnLinux("python_full_version >= '3.12.0' and os_name != 'nt'")).toBe(true);
    expect(markerOnLinux("'dev' in dependency_groups")).toBe(false);
    expect(markerOnLinux("'dev' in dependency_groups", { groups: ['Dev'] })).toBe(true);
    expect(markerOnLinux('extra == "standard"', { extras: ['standard'] })).toBe(true);
    expect(markerOnLinux('not a marker (')).toBe(true);
  });

  it('discovery finds every lock format by name', () => {
    expect(['uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock', 'pylock.toml', 'sub/pylock.prod.toml', 'pylock.a.b.toml', 'requirements.lock'].map(kindOfPath)).toEqual([
      'uv-lock', 'poetry-lock', 'pdm-lock', 'pipfile-lock', 'pylock', 'pylock', null, 'requirements',
    ]);
  });
});
