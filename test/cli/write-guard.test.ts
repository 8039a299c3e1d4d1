// Writes stay inside the audited folder unless the command line names the path (issue 16).
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slimreq } from './helpers.js';
import { snapshot, tempDir } from './util.js';

/** A repository folder inside a parent folder that also holds a file the repository must not touch. */
function setup(files: Record<string, string>): { parent: string; repo: string; victim: string } {
  const parent = tempDir('slimreq-guard-');
  const repo = join(parent, 'repo');
  mkdirSync(repo);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  const victim = join(parent, 'victim.rc');
  writeFileSync(victim, 'export SECRET=1\n');
  return { parent, repo, victim };
}

const MIXED = 'flask==3.0.3\npytest==8.3.2\n';

describe('refused: the repository points a write outside itself', () => {
  it('split.dev-file with .. is a configuration error with file:line:column; nothing is written', () => {
    const { parent, repo } = setup({ 'requirements.txt': MIXED, 'pyproject.toml': '[tool.slimreq.split]\ndev-file = "../outside/x.txt"\n' });
    mkdirSync(join(parent, 'outside'));
    const before = snapshot(parent);
    const r = slimreq(['split', '--write'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("pyproject.toml:2:12: 'split.dev-file' must stay inside the project root, got '../outside/x.txt'");
    expect(r.stderr).toContain('--dev-file');
    expect(existsSync(join(parent, 'outside', 'x.txt'))).toBe(false);
    expect(snapshot(parent)).toEqual(before);
  });

  it('an absolute split.dev-file is a configuration error too', () => {
    const { parent, repo } = setup({ 'requirements.txt': MIXED, '.slimreq.toml': `[split]\ndev-file = "${join(tempDir(), 'x.txt')}"\n` });
    const before = snapshot(parent);
    const r = slimreq(['split', '--write'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.slimreq\.toml:2:12: 'split\.dev-file' must be a path relative to the project root/);
    expect(snapshot(parent)).toEqual(before);
  });

  it('a committed symlink requirements-dev.txt -> ../victim.rc: exit 2, path, reason and flag named, every file byte-identical', () => {
    const { parent, repo, victim } = setup({ 'requirements.txt': MIXED });
    symlinkSync('../victim.rc', join(repo, 'requirements-dev.txt'));
    const before = snapshot(parent);
    const r = slimreq(['split', '--write'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write');
    expect(r.stderr).toContain('requirements-dev.txt');
    expect(r.stderr).toContain(`through a symbolic link, to ${victim}`);
    expect(r.stderr).toContain('--dev-file');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(snapshot(parent)).toEqual(before);
    expect(readFileSync(victim, 'utf8')).toBe('export SECRET=1\n');
  });

  it('fix dockerignore --write with .dockerignore -> ../victim.rc: exit 2, nothing written', () => {
    const { parent, repo, victim } = setup({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .\n', '.env': 'X=1\n' });
    mkdirSync(join(repo, '.git'));
    symlinkSync('../victim.rc', join(repo, '.dockerignore'));
    const before = snapshot(parent);
    const r = slimreq(['fix', 'dockerignore', repo, '--write']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`through a symbolic link, to ${victim}`);
    expect(snapshot(parent)).toEqual(before);
  });

  it('export --write with a committed requirements.txt link outside: exit 2, neither file written', () => {
    const { parent, repo } = setup({ 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n' });
    symlinkSync('../victim.rc', join(repo, 'requirements.txt'));
    const before = snapshot(parent);
    const r = slimreq(['export', 'pyproject.toml', '--write', '--force'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out-dir');
    expect(snapshot(parent)).toEqual(before);
    expect(existsSync(join(repo, 'requirements-dev.txt'))).toBe(false);
  });
});

describe('allowed', () => {
  it('a symlink chain that ends inside the repository: the target gets the lines, the links stay links', () => {
    const { repo } = setup({ 'requirements.txt': MIXED, 'reqs/dev-real.txt': '-r ../requirements.txt\n' });
    symlinkSync('reqs/dev-link.txt', join(repo, 'requirements-dev.txt'));
    symlinkSync('dev-real.txt', join(repo, 'reqs', 'dev-link.txt'));
    const r = slimreq(['split', '--write'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(lstatSync(join(repo, 'requirements-dev.txt')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(repo, 'requirements-dev.txt'))).toBe('reqs/dev-link.txt');
    expect(readFileSync(join(repo, 'reqs', 'dev-real.txt'), 'utf8')).toContain('pytest==8.3.2');
    expect(readFileSync(join(repo, 'requirements.txt'), 'utf8')).toBe('flask==3.0.3\n');
  });

  it('the same outside link named on the command line with --dev-file is written', () => {
    const { repo, victim } = setup({ 'requirements.txt': MIXED });
    symlinkSync('../victim.rc', join(repo, 'requirements-dev.txt'));
    const r = slimreq(['split', 'requirements.txt', '--write', '--dev-file', 'requirements-dev.txt'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toContain('pytest==8.3.2');
  });

  it('export --out-dir outside the repository is the user\'s choice', () => {
    const { parent, repo } = setup({ 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n' });
    mkdirSync(join(parent, 'out'));
    const r = slimreq(['export', 'pyproject.toml', '--write', '--out-dir', '../out'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(readFileSync(join(parent, 'out', 'requirements.txt'), 'utf8')).toContain('flask');
  });
});

describe('split of a FILE named outside the working folder', () => {
  it('writes the default dev file beside it (its folder is the project)', () => {
    const { repo } = setup({ 'requirements.txt': MIXED });
    const r = slimreq(['split', join(repo, 'requirements.txt'), '--write'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(readFileSync(join(repo, 'requirements-dev.txt'), 'utf8')).toContain('pytest==8.3.2');
  });
});
