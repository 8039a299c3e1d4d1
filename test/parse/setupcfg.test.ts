import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseSetupCfg, readIni } from '../../src/parse/setupcfg.js';

const F = 'setup.cfg';
const CFG = [
  '[metadata]', // 1
  'name = demo', // 2
  '', // 3
  '[options]', // 4
  'packages = find:', // 5
  'python_requires = >=3.9', // 6
  'install_requires =', // 7
  '    requests>=2.31', // 8
  '    # a comment line inside the value', // 9
  '    click ; python_version < "3.12"  # trailing note', // 10
  '', // 11
  '    pytest  # slimreq: ignore[SR101]', // 12
  '    ; semicolon comment', // 13
  '    # slimreq ignore=dev-tool-in-production', // 14
  '    black', // 15
  'tests_require = pytest-mock; coverage', // 16
  '', // 17
  '[options.extras_require]', // 18
  'postgres = psycopg2-binary>=2.9', // 19
  'Test =', // 20
  '  pytest-cov', // 21
  '', // 22
].join('\n');

describe('parseSetupCfg', () => {
  const r = parseSetupCfg(CFG, F);
  it('reads install_requires, tests_require, extras and python_requires', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.requiresPython).toBe('>=3.9');
    expect(r.requirements.map((x) => [x.name, x.specifier, x.marker, x.group, x.groupName, x.line, x.column, x.source])).toEqual([
      ['requests', '>=2.31', null, 'prod', null, 8, 5, 'requests>=2.31'],
      ['click', '', 'python_version < "3.12"', 'prod', null, 10, 5, 'click ; python_version < "3.12"'],
      ['pytest', '', null, 'prod', null, 12, 5, 'pytest'],
      ['black', '', null, 'prod', null, 15, 5, 'black'],
      ['pytest-mock', '', null, 'dev', 'tests_require', 16, 17, 'pytest-mock'],
      ['coverage', '', null, 'dev', 'tests_require', 16, 30, 'coverage'],
      ['psycopg2-binary', '>=2.9', null, 'prod', 'postgres', 19, 12, 'psycopg2-binary>=2.9'],
      ['pytest-cov', '', null, 'dev', 'Test', 21, 3, 'pytest-cov'],
    ]);
  });
  it('reads suppressions', () => {
    expect(r.requirements.find((x) => x.name === 'pytest')!.ignores).toEqual(['SR101']);
    expect(r.requirements.find((x) => x.name === 'black')!.ignores).toEqual(['dev-tool-in-production']);
    expect(r.requirements.every((x) => x.origin === 'setup-cfg' && x.file === F)).toBe(true);
  });

  it('splits a one-line value on ";" as setuptools does, so a marker becomes an error', () => {
    const p = parseSetupCfg('[options]\ninstall_requires = requests; python_version < "3.8"\n', F);
    expect(p.requirements.map((x) => x.name)).toEqual(['requests']);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({ rule: 'manifest-parse-error', line: 2, column: 30 });
    expect(p.diagnostics[0].message).toContain('environment marker');
  });

  it('reports file: directives as includes', () => {
    const p = parseSetupCfg('[options]\ninstall_requires = file: requirements.in, extra.in\n', F);
    expect(p.requirements).toEqual([]);
    expect(p.includes).toEqual([
      { kind: 'requirement', target: 'requirements.in', line: 2, column: 26, group: 'prod' },
      { kind: 'requirement', target: 'extra.in', line: 2, column: 43, group: 'prod' },
    ]);
  });

  it('accepts dashed option names', () => {
    const p = parseSetupCfg('[options]\ninstall-requires =\n  flask\n', F);
    expect(p.requirements.map((x) => x.name)).toEqual(['flask']);
  });

  it.each([
    ['missing section header', 'install_requires = flask\n', 1, 1],
    ['not an option', '[options]\nflask\n', 2, 1],
    ['duplicate option', '[options]\ninstall_requires = a\ninstall_requires = b\n', 3, 1],
    ['duplicate section', '[options]\n[metadata]\n[options]\n', 3, 1],
    ['invalid requirement', '[options]\ninstall_requires =\n    fla$k\n', 3, 8],
    ['lone percent', '[options]\ninstall_requires =\n    pkg @ https://x/a%zz.whl\n', 3, 5],
  ])('%s', (_l, text, line, column) => {
    const p = parseSetupCfg(text, F);
    expect(p.diagnostics[0]).toMatchObject({ rule: 'manifest-parse-error', line, column });
  });

  it('keeps configparser continuation semantics', () => {
    const ini = readIni('[a]\nk = 1\n  2\n\n  3\n# c\n  4\nj: x\n');
    expect(ini.sections.get('a')!.options.get('k')!.lines.map((l) => [l.text, l.line])).toEqual([
      ['1', 2],
      ['2', 3],
      ['3', 5],
      ['4', 7],
    ]);
    expect(ini.sections.get('a')!.options.get('j')!.lines[0]).toEqual({ text: 'x', line: 8, column: 4 });
  });

  it('never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.tuple(fc.nat(), fc.nat(5), fc.string({ maxLength: 6 })).map(([at, del, ins]) => {
            const i = at % (CFG.length + 1);
            return CFG.slice(0, i) + ins + CFG.slice(i + del);
          }),
        ),
        (s) => {
          const p = parseSetupCfg(s, F);
          for (const d of [...p.diagnostics, ...p.requirements]) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.column).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('fixture setupcfg-lib', () => {
  it('finds pytest in install_requires', () => {
    const text = readFileSync(new URL('../../fixtures/setupcfg-lib/setup.cfg', import.meta.url), 'utf8');
    const p = parseSetupCfg(text, 'setupcfg-lib/setup.cfg');
    expect(p.diagnostics).toEqual([]);
    expect(p.requiresPython).toBe('>=3.8');
    expect(p.requirements.map((x) => `${x.group}:${x.groupName ?? '-'}:${x.name}${x.specifier}@${x.line}:${x.column}`)).toEqual([
      'prod:-:click>=8.1@12:5',
      'prod:-:jinja2>=3.1@13:5',
      'prod:-:pytest>=7.4@14:5',
      'prod:xlsx:openpyxl>=3.1@20:8',
      'dev:dev:flake8>=7.0@22:5',
      'dev:dev:tox>=4.15@23:5',
    ]);
  });
});
