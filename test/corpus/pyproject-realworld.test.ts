// pyproject.toml shapes seen in widely used public repositories (Poetry projects with PEP 440
// pre-release spellings in constraints, indented Poetry sub-tables, PDM dev groups, uv workspaces with
// PEP 735 groups), written small and synthetic.
import { describe, expect, it } from 'vitest';
import { parsePyproject, poetryConstraintToPep440 } from '../../src/parse/pyproject.js';

describe('Poetry constraints with PEP 440 spellings Poetry accepts', () => {
  it.each([
    ['^18.3-alpha.0', '>=18.3-alpha.0,<19.0'],
    ['>=2.0.0-beta.1', '>=2.0.0-beta.1'],
    ['1.0.0-rc.1', '==1.0.0-rc.1'],
    ['^1.0.0-1', '>=1.0.0-1,<2.0.0'],
    ['~1.4.0.post2', '>=1.4.0.post2,<1.5.0'],
    ['^2.0.0-dev.3', '>=2.0.0-dev.3,<3.0.0'],
    ['>=1.0a.1', '>=1.0a.1'],
    ['^1!2.0', '>=1!2.0,<1!3.0'],
  ])('%s -> %s', (input, expected) => {
    expect(poetryConstraintToPep440(input)).toEqual({ ok: true, specifier: expected });
  });

  it.each(['^1.0.0-', '1.0.0-alpha-beta', '^1.0.0+', '1.0.0.dev.dev'])('%s is still rejected', (input) => {
    expect(poetryConstraintToPep440(input).ok).toBe(false);
  });

  it('reads a dev dependency whose table form uses a dotted pre-release', () => {
    const toml = [
      '[tool.poetry]', // 1
      'name = "tool"', // 2
      '', // 3
      '[tool.poetry.dependencies]', // 4
      'python = "~2.7 || ^3.4"', // 5
      'requests = "^2.18"', // 6
      '', // 7
      '[tool.poetry.dev-dependencies]', // 8
      'pytest = "^3.4"', // 9
      'black = { version = "^18.3-alpha.0", python = "^3.6" }', // 10
      '',
    ].join('\n');
    const r = parsePyproject(toml, 'pyproject.toml');
    expect(r.diagnostics).toEqual([]);
    const black = r.requirements.find((q) => q.key === 'black');
    expect(black).toMatchObject({
      line: 10,
      column: 1,
      specifier: '>=18.3-alpha.0,<19.0',
      marker: 'python_version >= "3.6" and python_version < "4.0"',
      group: 'dev',
    });
  });
});

describe('indented Poetry tables and sub-tables per dependency', () => {
  it('reads [tool.poetry.dependencies.NAME] tables at the sub-table header position', () => {
    const toml = [
      '[tool.poetry]', // 1
      'name = "shop"', // 2
      '', // 3
      '  [tool.poetry.dependencies]', // 4
      '  python = "~3.9"', // 5
      '  django = {version = "^3.2.16", extras = ["bcrypt"]}', // 6
      '', // 7
      '    [tool.poetry.dependencies.celery]', // 8
      '    version = ">=4.4.5,<6.0.0"', // 9
      '    extras = [ "redis" ]', // 10
      '', // 11
      '    [tool.poetry.dependencies.python-magic-bin]', // 12
      '    version = "^0.4.14"', // 13
      '    platform = "win32"', // 14
      '', // 15
      '  [tool.poetry.dev-dependencies]', // 16
      '  pytest = "^7.0.1"', // 17
      '',
    ].join('\n');
    const r = parsePyproject(toml, 'pyproject.toml');
    expect(r.diagnostics).toEqual([]);
    expect(r.requiresPython).toBe('>=3.9,<3.10');
    const byKey = Object.fromEntries(r.requirements.map((q) => [q.key, q]));
    expect(byKey.django).toMatchObject({ line: 6, column: 3, extras: ['bcrypt'], group: 'prod' });
    expect(byKey.celery).toMatchObject({ specifier: '>=4.4.5,<6.0.0', extras: ['redis'], group: 'prod' });
    expect(byKey['python-magic-bin']).toMatchObject({ marker: 'sys_platform == "win32"', group: 'prod' });
    expect(byKey.pytest).toMatchObject({ line: 17, column: 3, group: 'dev' });
  });
});
