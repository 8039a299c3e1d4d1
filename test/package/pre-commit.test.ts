// The pre-commit hooks, run by the real pre-commit (Debian package) in a throwaway git repository,
// with the machine's Node.js (pre-commit picks the system node when node and npm are on PATH).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/helpers.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const cacheHome = mkdtempSync(join(tmpdir(), 'slimreq-pre-commit-home-'));

function gitRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'slimreq-pre-commit-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q');
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  git('add', '.');
  git('-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', 'commit', '-qm', 'init');
  return dir;
}

function tryRepo(dir: string) {
  const r = spawnSync('pre-commit', ['try-repo', repoRoot, '--all-files'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: cacheHome, NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' },
    timeout: 600_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.runIf(hasPreCommit || process.env.CI)('pre-commit hooks', () => {
  it('pre-commit is installed (CI installs the Debian package)', () => {
    expect(hasPreCommit).toBe(true);
  });

  it('both hooks fail on a requirements.txt with dev tools, and say where', () => {
    const dir = gitRepo({ 'requirements.txt': 'flask==3.0.3\npytest==8.3.2\n' });
    const r = tryRepo(dir);
    expect(r.out).toMatch(/slimreq audit\.+Failed/);
    expect(r.out).toMatch(/slimreq split --check\.+Failed/);
    expect(r.out).toContain('2:1  warning  pytest is a development tool');
    expect(r.code).toBe(1);
  }, 600_000);

  it('both hooks pass on a clean project', () => {
    const dir = gitRepo({ 'requirements.txt': 'flask==3.0.3\n', 'requirements-dev.txt': '-r requirements.txt\npytest==8.3.2\n' });
    const r = tryRepo(dir);
    expect(r.out).toMatch(/slimreq audit\.+Passed/);
    expect(r.out).toMatch(/slimreq split --check\.+Passed/);
    expect(r.code).toBe(0);
  }, 600_000);
});
