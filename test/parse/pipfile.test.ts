import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parsePipfile } from '../../src/parse/pipfile.js';

const F = 'Pipfile';
const PIPFILE = [
  '[[source]]', // 1
  'url = "https://pypi.org/simple"', // 2
  'verify_ssl = true', // 3
  'name = "pypi"', // 4
  '', // 5
  '[packages]', // 6
  'flask = "*"', // 7
  'gunicorn = "==22.0.0"', // 8
  'requests = {version = ">=2.31", extras = ["socks"]}', // 9
  'pywin32 = {version = "*", sys_platform = "== \'win32\'"}', // 10
  'mylib = {path = "./lib", editable = true}', // 11
  'tool = {git = "https://github.com/o/tool.git", ref = "v1.2"}', // 12
  'uvloop = {version = "0.19", markers = "sys_platform != \'win32\'"}', // 13
  'pytest = "*"  # slimreq: ignore[dev-tool-in-production]', // 14
  '"zope.interface" = ">=6"', // 15
  '', // 16
  '[dev-packages]', // 17
  'black = "==24.4.2"', // 18
  '', // 19
  '[docs]', // 20
  'sphinx = "*"', // 21
  '', // 22
  '[postgres]', // 23
  'psycopg = {version = ">=3", index = "pypi"}', // 24
  '', // 25
  '[requires]', // 26
  'python_version = "3.11"', // 27
  '',
].join('\n');

describe('parsePipfile', () => {
  const r = parsePipfile(PIPFILE, F);

  it('reads every category and form', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.requiresPython).toBe('==3.11.*');
    expect(r.requirements.map((x) => [x.name, x.specifier, x.extras, x.marker, x.url, x.editable, x.group, x.groupName, x.line, x.column])).toEqual([
      ['flask', '', [], null, null, false, 'prod', null, 7, 1],
      ['gunicorn', '==22.0.0', [], null, null, false, 'prod', null, 8, 1],
      ['requests', '>=2.31', ['socks'], null, null, false, 'prod', null, 9, 1],
      ['pywin32', '', [], "sys_platform == 'win32'", null, false, 'prod', null, 10, 1],
      ['mylib', '', [], null, './lib', true, 'prod', null, 11, 1],
      ['tool', '', [], null, 'git+https://github.com/o/tool.git@v1.2', false, 'prod', null, 12, 1],
      ['uvloop', '==0.19', [], "sys_platform != 'win32'", null, false, 'prod', null, 13, 1],
      ['pytest', '', [], null, null, false, 'prod', null, 14, 1],
      ['zope.interface', '>=6', [], null, null, false, 'prod', null, 15, 2],
      ['black', '==24.4.2', [], null, null, false, 'dev', 'dev-packages', 18, 1],
      ['sphinx', '', [], null, null, false, 'dev', 'docs', 21, 1],
      ['psycopg', '>=3', [], null, null, false, 'prod', 'postgres', 24, 1],
    ]);
  });

  it('fills origin, source, ignores', () => {
    const pytest = r.requirements.find((x) => x.name === 'pytest')!;
    expect(pytest).toMatchObject({ origin: 'pipfile', source: 'pytest', key: 'pytest', file: F, endLine: 14, constraintOnly: false, hashes: [] });
    expect(pytest.ignores).toEqual(['dev-tool-in-production']);
    expect(r.requirements.find((x) => x.name === 'zope.interface')!.key).toBe('zope-interface');
  });

  it('reads python_full_version', () => {
    expect(parsePipfile('[requires]\npython_full_version = "3.11.4"\n', F).requiresPython).toBe('==3.11.4');
  });

  it('reports bad entries at their key', () => {
    const p = parsePipfile('[packages]\nok = "*"\nbad = 3\nworse = ">=1 <<2"\n', F);
    expect(p.requirements.map((x) => x.name)).toEqual(['ok']);
    expect(p.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['manifest-parse-error', 3, 1],
      ['manifest-parse-error', 4, 1],
    ]);
  });

  it.each([
    ['unterminated string', '[packages]\nflask = "*\n', 2],
    ['duplicate keys', '[packages]\nflask = "*"\nflask = "==1"\n', 3],
    ['bad date', '[packages]\nflask = 2024-02-30T25:00:00\n', 2],
  ])('malformed TOML: %s', (_l, text, line) => {
    const p = parsePipfile(text, F);
    expect(p.requirements).toEqual([]);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({ rule: 'manifest-parse-error', line });
  });

  it('never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.tuple(fc.nat(), fc.nat(5), fc.string({ maxLength: 6 })).map(([at, del, ins]) => {
            const i = at % (PIPFILE.length + 1);
            return PIPFILE.slice(0, i) + ins + PIPFILE.slice(i + del);
          }),
        ),
        (s) => {
          const p = parsePipfile(s, F);
          for (const d of [...p.diagnostics, ...p.requirements]) expect(d.line).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('fixture pipenv-app', () => {
  it('finds the test runner in [packages]', () => {
    const text = readFileSync(new URL('../../fixtures/pipenv-app/Pipfile', import.meta.url), 'utf8');
    const p = parsePipfile(text, 'pipenv-app/Pipfile');
    expect(p.diagnostics).toEqual([]);
    expect(p.requiresPython).toBe('==3.12.*');
    expect(p.requirements.map((x) => `${x.group}:${x.name}${x.specifier}@${x.line}`)).toEqual([
      'prod:django==5.0.6@7',
      'prod:gunicorn==22.0.0@8',
      'prod:psycopg==3.1.19@9',
      'prod:pytest==8.2.2@10',
      'dev:pytest-django==4.8.0@13',
      'dev:black==24.4.2@14',
    ]);
  });
});
