// Which dev file `slimreq split` writes to when --dev-file is not given.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, slimreq } from './helpers.js';

describe('split: choosing the dev file', () => {
  it('uses an existing development file that already includes FILE', () => {
    const root = project({
      'requirements/base.txt': 'django==5.1\npytest==8.3.3\n',
      'requirements/local.txt': '-r base.txt\nblack==24.10.0\n',
      'requirements/production.txt': '-r base.txt\ngunicorn==23.0.0\n',
    });
    const r = slimreq(['split', 'requirements/base.txt', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dev file: requirements/local.txt (it already includes base.txt)');
    expect(readFileSync(join(root, 'requirements/base.txt'), 'utf8')).toBe('django==5.1\n');
    expect(readFileSync(join(root, 'requirements/local.txt'), 'utf8')).toBe('-r base.txt\nblack==24.10.0\n\npytest==8.3.3\n');
    expect(existsSync(join(root, 'requirements/requirements-dev.txt'))).toBe(false);
  });

  it('names a new file dev.txt inside a requirements/ folder, requirements-dev.txt elsewhere', () => {
    const root = project({ 'requirements/base.txt': 'django==5.1\npytest==8.3.3\n', 'requirements.txt': 'flask\nruff\n' });
    slimreq(['split', 'requirements/base.txt', '--write'], { cwd: root });
    expect(readFileSync(join(root, 'requirements/dev.txt'), 'utf8')).toBe('-r base.txt\n\npytest==8.3.3\n');
    slimreq(['split', 'requirements.txt', '--write'], { cwd: root });
    expect(readFileSync(join(root, 'requirements-dev.txt'), 'utf8')).toBe('-r requirements.txt\n\nruff\n');
  });

  it('a pip-tools .in file gets a .in dev file', () => {
    const root = project({ 'requirements.in': 'flask\npytest\n' });
    slimreq(['split', 'requirements.in', '--write'], { cwd: root });
    expect(readFileSync(join(root, 'requirements-dev.in'), 'utf8')).toBe('-r requirements.in\n\npytest\n');
    expect(existsSync(join(root, 'requirements-dev.txt'))).toBe(false);
  });

  it('split.dev-file from the configuration is relative to the project root, not to FILE', () => {
    const root = project({
      'pyproject.toml': '[tool.slimreq.split]\ndev-file = "requirements/local.txt"\n',
      'requirements/base.txt': 'django==5.1\npytest==8.3.3\n',
      'requirements/local.txt': '-r base.txt\n',
    });
    const r = slimreq(['split', 'requirements/base.txt', '--write'], { cwd: root });
    expect(r.stderr).not.toContain('does not exist');
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, 'requirements/local.txt'), 'utf8')).toBe('-r base.txt\n\npytest==8.3.3\n');
  });

  it('repeatable options do not swallow the FILE argument', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\nblack\n' });
    const r = slimreq(['split', '--keep', 'black', 'requirements.txt', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).moved.map((m: { key: string }) => m.key)).toEqual(['pytest']);
  });
});

describe('audit: repeatable options', () => {
  it('--exclude and --ignore take one value each, repeatable or comma-separated, and leave PATH alone', () => {
    const root = project({ 'requirements.txt': 'pytest\n', 'legacy/requirements.txt': 'black\n' });
    const r = slimreq(['audit', '--exclude', 'legacy/', root, '--format', 'json']);
    expect(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['requirements.txt']);
    const all = slimreq(['audit', '--ignore', 'SR311,full-base-image', '--ignore', 'dev-tool-in-production', root]);
    expect(all.code).toBe(0);
  });
});

describe('split pyproject.toml: entries a dev group already has', () => {
  it('says where the package already is, and reports it in JSON', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "x"\nversion = "1"\ndependencies = [\n  "flask",\n  "pytest-asyncio",\n]\n\n[dependency-groups]\ntest = ["pytest-asyncio"]\n',
    });
    const r = slimreq(['split', 'pyproject.toml'], { cwd: root });
    expect(r.stderr).toContain('move   pyproject.toml:6 pytest-asyncio: already in the test group; removed from production');
    const json = JSON.parse(slimreq(['split', 'pyproject.toml', '--format', 'json'], { cwd: root }).stdout);
    expect(json.already).toEqual([{ name: 'pytest-asyncio', key: 'pytest-asyncio', line: 6, where: 'the test group' }]);
  });
});

describe('split with several files (pre-commit passes the changed ones)', () => {
  it('checks each production file, skips files named for development, exits with the worst code', () => {
    const root = project({
      'svc/requirements.txt': 'flask\npytest\n',
      'api/requirements.txt': 'fastapi\n',
      'requirements-dev.txt': 'pytest\nblack\n',
    });
    const r = slimreq(['split', '--check', 'svc/requirements.txt', 'api/requirements.txt', 'requirements-dev.txt'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('svc/requirements.txt would change');
    expect(r.stderr).toContain('api/requirements.txt: nothing to move');
    expect(r.stderr).not.toContain('requirements-dev.txt would change');
    const devOnly = slimreq(['split', '--check', 'requirements-dev.txt'], { cwd: root });
    expect(devOnly.code).toBe(0);
    expect(devOnly.stderr).toBe('');
  });
});

describe('split with several files, without --check (issue 17, "Also")', () => {
  it('skips files named for development or constraints too, and says so', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n', 'requirements-dev.txt': 'black\n', 'constraints.txt': 'pytest<9\n' });
    const r = slimreq(['split', 'requirements.txt', 'requirements-dev.txt', 'constraints.txt'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('requirements-dev.txt: skipped, its name says it holds development requirements; name it alone to split it');
    expect(r.stderr).toContain('constraints.txt: skipped, its name says it holds constraints; name it alone to split it');
    expect(r.stdout).toContain('-pytest');
  });
});
