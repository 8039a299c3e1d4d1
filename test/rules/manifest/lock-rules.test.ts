// dev-tool-in-production on locked closures, and lock-out-of-date, through the real loader.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/load.js';
import { runRules } from '../../../src/audit.js';
import devTool from '../../../src/rules/manifest/dev-tool-in-production.js';
import lockOutOfDate from '../../../src/rules/manifest/lock-out-of-date.js';
import type { Rule } from '../../../src/rules/types.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function audit(files: Record<string, string>, rule: Rule) {
  const root = mkdtempSync(join(tmpdir(), 'slimreq-lock-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return runRules(loadProject(root), { rules: [rule] }).map((f) => [f.file, f.line, f.severity, f.message]);
}

const pyproject = (deps: string[], dev: string[] = []) =>
  `[project]\nname = "acme-app"\nversion = "0.1.0"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n\n[dependency-groups]\ndev = [${dev.map((d) => JSON.stringify(d)).join(', ')}]\n`;

const uvPackage = (name: string, deps: string[] = [], extra = '') =>
  `[[package]]\nname = "${name}"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [${deps.join(', ')}]\n${extra}\n`;

const uvLock = (root: string[], dev: string[], packages: string) =>
  `version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "acme-app"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [${root.map((n) => `{ name = "${n}" }`).join(', ')}]\n\n[package.dev-dependencies]\ndev = [${dev.map((n) => `{ name = "${n}" }`).join(', ')}]\n\n${packages}`;

describe('dev-tool-in-production (SR101) on lock files', () => {
  it('catches a dev tool in a production pylock.toml (no graph: no chain)', () => {
    expect(audit({ 'pylock.toml': 'lock-version = "1.0"\n\n[[packages]]\nname = "pytest"\nversion = "8.0"\n' }, devTool)).toEqual([
      ['pylock.toml', 3, 'info', 'pytest is a development tool (test runner) that the lock installs in production'],
    ]);
  });

  it('catches a dev tool that production pulls in transitively: info, with the chain', () => {
    const found = audit(
      {
        'pyproject.toml': pyproject(['django', 'acme-testkit'], ['pytest']),
        'uv.lock': uvLock(['django', 'acme-testkit'], ['pytest'], uvPackage('acme-testkit', ['{ name = "pytest" }']) + uvPackage('django') + uvPackage('pytest')),
      },
      devTool,
    );
    expect(found).toEqual([
      ['uv.lock', 25, 'info', 'pytest is a development tool (test runner) that production installs through its dependencies: pytest <- acme-testkit <- acme-app'],
    ]);
  });

  it('reports a directly declared tool once, at its declaration, not again at its lock entry', () => {
    const found = audit(
      { 'pyproject.toml': pyproject(['django', 'black']), 'uv.lock': uvLock(['django', 'black'], [], uvPackage('black') + uvPackage('django')) },
      devTool,
    );
    expect(found.map((f) => [f[0], f[1], f[2]])).toEqual([['pyproject.toml', 4, 'warning']]);
  });

  it.each([
    ['a dev tool only in a dev group', { 'pyproject.toml': pyproject(['django'], ['pytest']), 'uv.lock': uvLock(['django'], ['pytest'], uvPackage('django') + uvPackage('pytest')) }],
    [
      'a dev tool reached only through a Windows marker',
      {
        'pyproject.toml': pyproject(['acme-win']),
        'uv.lock': uvLock(['acme-win'], [], uvPackage('acme-win', [`{ name = "pytest", marker = "sys_platform == 'win32'" }`]) + uvPackage('pytest')),
      },
    ],
    [
      'a lock under .github/ (CI tooling)',
      { '.github/tools/pylock.toml': 'lock-version = "1.0"\n\n[[packages]]\nname = "pytest"\nversion = "8.0"\n' },
    ],
    ['a pylock.dev.toml', { 'pylock.dev.toml': 'lock-version = "1.0"\n\n[[packages]]\nname = "pytest"\nversion = "8.0"\n' }],
    ['a Pipfile.lock develop entry', { Pipfile: '[packages]\ndjango = "*"\n[dev-packages]\npytest = "*"\n', 'Pipfile.lock': '{"default": {"django": {"version": "==5.0"}}, "develop": {"pytest": {"version": "==8.0"}}}' }],
  ])('stays quiet for %s', (_name, files) => {
    expect(audit(files, devTool)).toEqual([]);
  });
});

describe('lock-out-of-date (SR103)', () => {
  it('catches a production dependency the lock beside the pyproject does not list', () => {
    const found = audit({ 'pyproject.toml': pyproject(['django', 'redis']), 'uv.lock': uvLock(['django'], [], uvPackage('django')) }, lockOutOfDate);
    expect(found).toEqual([['pyproject.toml', 4, 'info', 'redis is declared here but uv.lock does not lock it: an install from the lock leaves it out']]);
  });

  it('catches a Pipfile package missing from Pipfile.lock', () => {
    const found = audit({ Pipfile: '[packages]\ndjango = "*"\nredis = "*"\n', 'Pipfile.lock': '{"default": {"django": {"version": "==5.0"}}, "develop": {}}' }, lockOutOfDate);
    expect(found.map((f) => [f[0], f[1]])).toEqual([['Pipfile', 3]]);
  });

  it.each([
    ['a lock that lists everything', { 'pyproject.toml': pyproject(['django']), 'uv.lock': uvLock(['django'], [], uvPackage('django')) }],
    ['a Windows-only declaration', { 'pyproject.toml': pyproject(['django', "pywin32 ; sys_platform == 'win32'"]), 'uv.lock': uvLock(['django'], [], uvPackage('django')) }],
    ['a broken lock (reported as a parse error instead)', { 'pyproject.toml': pyproject(['django']), 'uv.lock': '[[package]\n' }],
    ['a lock in another folder', { 'pyproject.toml': pyproject(['django']), 'sub/uv.lock': uvLock([], [], '') }],
  ])('stays quiet for %s', (_name, files) => {
    expect(audit(files, lockOutOfDate)).toEqual([]);
  });
});
