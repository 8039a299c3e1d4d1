import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, slimreq } from './helpers.js';
import { fixtureCopy, runMain, snapshot, text } from './util.js';

const ADDED = [
  '',
  '# Added by slimreq: keep VCS data, virtualenvs, caches and secrets out of the build context',
  '.git',
  '.venv',
  'venv',
  '**/__pycache__',
  '**/*.pyc',
  '.env',
  '.pytest_cache',
  '.mypy_cache',
  '.tox',
  'node_modules',
];

/** What an existing .dockerignore gets: only the entries the audit reports (present and leaking). */
const ADDED_TO_EXISTING = ['', '# Added by slimreq: keep VCS data, virtualenvs, caches and secrets out of the build context', '.git', '.venv', '**/__pycache__', '.env'];

/** docker-before plus the things a real checkout has (.git, a virtualenv, bytecode caches). */
function dockerBefore(): string {
  const dir = fixtureCopy('docker-before');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git/HEAD'), 'ref: refs/heads/main\n');
  mkdirSync(join(dir, '.venv'));
  writeFileSync(join(dir, '.venv/pyvenv.cfg'), 'home = /usr/bin\n');
  mkdirSync(join(dir, 'app/__pycache__'));
  writeFileSync(join(dir, 'app/__pycache__/main.cpython-312.pyc'), Buffer.from([0x6f, 0x0d, 0x0d, 0x0a]));
  return dir;
}

describe('slimreq fix dockerignore', () => {
  it('dry run prints the diff of an existing .dockerignore and writes nothing', () => {
    const dir = dockerBefore();
    writeFileSync(join(dir, '.dockerignore'), 'secrets/\n# mine\n');
    const before = snapshot(dir);
    const r = slimreq(['fix', 'dockerignore'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      ['--- a/.dockerignore', '+++ b/.dockerignore', '@@ -1,2 +1,8 @@', ' secrets/', ' # mine', ...ADDED_TO_EXISTING.map((l) => `+${l}`), ''].join('\n'),
    );
    expect(r.stderr).toBe('dry run: nothing written; run again with --write to apply\n');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--write keeps existing lines first, in order; a second run has nothing to do', () => {
    const dir = dockerBefore();
    writeFileSync(join(dir, '.dockerignore'), 'secrets/\n# mine\n');
    const r = slimreq(['fix', 'dockerignore', '--write'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('updated .dockerignore\n');
    expect(text(join(dir, '.dockerignore'))).toBe(['secrets/', '# mine', ...ADDED_TO_EXISTING, ''].join('\n'));

    const after = snapshot(dir);
    for (const args of [['fix', 'dockerignore', '--write'], ['fix', 'dockerignore']]) {
      const again = slimreq(args, { cwd: dir });
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('');
      expect(again.stderr).toBe('.dockerignore already excludes everything on the checklist\n');
    }
    expect(snapshot(dir)).toEqual(after);
  });

  it('creates .dockerignore when there is none (PATH argument)', () => {
    const dir = dockerBefore();
    const r = slimreq(['fix', 'dockerignore', dir, '--write']);
    expect(r.code).toBe(0);
    expect(text(join(dir, '.dockerignore'))).toBe([...ADDED.slice(1), ''].join('\n'));
  });

  it('entries already present are not repeated', () => {
    const dir = dockerBefore();
    writeFileSync(join(dir, '.dockerignore'), '.git\n.venv\n**/__pycache__\n');
    expect(slimreq(['fix', 'dockerignore', '--write'], { cwd: dir }).code).toBe(0);
    const out = text(join(dir, '.dockerignore'));
    expect(out.startsWith('.git\n.venv\n**/__pycache__\n')).toBe(true);
    expect(out.split('\n').filter((l) => l === '.git')).toHaveLength(1);
    expect(out.split('\n').filter((l) => l === '.venv')).toHaveLength(1);
    expect(out.split('\n').filter((l) => l === '**/__pycache__')).toHaveLength(1);
  });

  it('after the fix the audit reports no .dockerignore findings', async () => {
    const dir = dockerBefore();
    const before = JSON.parse((await runMain(['audit', '.', '--format', 'json'], { cwd: dir })).stdout);
    const rulesBefore = new Set(before.findings.map((f: { rule: string }) => f.rule));
    expect(rulesBefore.has('missing-dockerignore')).toBe(true);
    expect(slimreq(['fix', 'dockerignore', '--write'], { cwd: dir }).code).toBe(0);
    const after = JSON.parse(slimreq(['audit', '.', '--format', 'json'], { cwd: dir }).stdout);
    const docker = after.findings.filter((f: { rule: string }) => f.rule === 'missing-dockerignore' || f.rule === 'dockerignore-missing-entry');
    expect(docker).toEqual([]);
  });
});

describe('slimreq dockerfile', () => {
  const REQS = { 'requirements.txt': 'flask==3.0.3\ngunicorn==22.0.0\npsycopg2==2.9.9\n', 'requirements-dev.txt': '-r requirements.txt\npytest\n' };

  it('prints a multi-stage slim Dockerfile and writes nothing', () => {
    const root = project({ ...REQS, 'app/main.py': '' });
    const before = snapshot(root);
    const r = slimreq(['dockerfile', '--python', '3.12'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    expect(out.split('\n').filter((l) => l.startsWith('FROM '))).toEqual(['FROM python:3.12-slim AS builder', 'FROM python:3.12-slim']);
    expect(out).toContain('RUN pip install --no-cache-dir -r requirements.txt\n');
    expect(out).toContain('apt-get install -y --no-install-recommends gcc libpq-dev');
    expect(out).toContain('apt-get install -y --no-install-recommends libpq5');
    expect(out).toContain('COPY --from=builder /opt/venv /opt/venv\n');
    expect(out).toMatch(/^USER app$/m);
    expect(out).not.toContain('requirements-dev.txt');
    // manifests are copied before the code
    expect(out.indexOf('COPY requirements.txt')).toBeGreaterThan(-1);
    expect(out.indexOf('COPY requirements.txt')).toBeLessThan(out.indexOf('COPY --chown=app:app . .'));
    expect(snapshot(root)).toEqual(before);
  });

  it('--python must look like 3.12', () => {
    const root = project(REQS);
    const r = slimreq(['dockerfile', '--python', 'three'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('slimreq: --python must look like 3.12, got "three"\n');
  });

  it('--write refuses when a Dockerfile exists: exit 2, untouched', () => {
    const dir = dockerBefore();
    const before = snapshot(dir);
    const r = slimreq(['dockerfile', '--write'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'slimreq: Dockerfile already exists; slimreq never overwrites a Dockerfile (print it with `slimreq dockerfile` and compare, or use --output)\n',
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('--output refuses an existing file and writes a new one', async () => {
    const root = project({ ...REQS, 'taken.Dockerfile': 'FROM scratch\n' });
    const refused = slimreq(['dockerfile', '--output', 'taken.Dockerfile'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('slimreq: taken.Dockerfile already exists; choose another --output\n');
    expect(text(join(root, 'taken.Dockerfile'))).toBe('FROM scratch\n');
    const printed = (await runMain(['dockerfile'], { cwd: root })).stdout;
    const r = slimreq(['dockerfile', '--output', 'new.Dockerfile'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(text(join(root, 'new.Dockerfile'))).toBe(printed);
  });

  it('--write writes PATH/Dockerfile (the printed one) when none exists', async () => {
    const root = project({ ...REQS, 'app/main.py': '' });
    const printed = (await runMain(['dockerfile'], { cwd: root })).stdout;
    const r = slimreq(['dockerfile', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wrote Dockerfile\n');
    expect(text(join(root, 'Dockerfile'))).toBe(printed);
    expect(readdirSync(root).sort()).toEqual(['Dockerfile', 'app', 'requirements-dev.txt', 'requirements.txt']);
  });

  it('the generated Dockerfile with the fixed .dockerignore audits clean', async () => {
    const root = project({ ...REQS, 'app/main.py': '', '.env': 'SECRET=1\n', '.git/HEAD': 'ref\n', '.venv/pyvenv.cfg': 'home = /usr\n' });
    expect(slimreq(['dockerfile', '--write'], { cwd: root }).code).toBe(0);
    // Without a .dockerignore the Dockerfile's `COPY . .` is flagged ...
    const first = JSON.parse((await runMain(['audit', '.', '--format', 'json'], { cwd: root })).stdout);
    expect(first.findings.map((f: { rule: string }) => f.rule)).toContain('missing-dockerignore');
    // ... and after fix dockerignore nothing about the Dockerfile or .dockerignore is left.
    expect(slimreq(['fix', 'dockerignore', '--write'], { cwd: root }).code).toBe(0);
    const r = slimreq(['audit', '.', '--format', 'json', '--fail-on', 'info'], { cwd: root });
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.filter((f: { file: string }) => f.file === 'Dockerfile' || f.file === '.dockerignore')).toEqual([]);
    expect(doc.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('docker-before: once split, the generated Dockerfile and .dockerignore leave no Dockerfile findings', async () => {
    const dir = dockerBefore();
    const root = project({
      'requirements.txt': text(join(dir, 'requirements.txt')),
      'requirements-dev.txt': text(join(dir, 'requirements-dev.txt')),
      'app/main.py': '',
    });
    // requirements.txt still lists pytest and black: a Dockerfile installing it puts them in the image.
    expect(slimreq(['dockerfile', '--write'], { cwd: root }).code).toBe(0);
    expect(slimreq(['fix', 'dockerignore', '--write'], { cwd: root }).code).toBe(0);
    const unsplit = JSON.parse((await runMain(['audit', '.', '--format', 'json'], { cwd: root })).stdout);
    expect(unsplit.findings.filter((f: { file: string }) => f.file === 'Dockerfile').map((f: { rule: string }) => f.rule)).toEqual([
      'dev-dependencies-in-image',
    ]);
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    const r = slimreq(['audit', '.', '--format', 'json', '--fail-on', 'info'], { cwd: root });
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.filter((f: { file: string }) => f.file === 'Dockerfile' || f.file === '.dockerignore')).toEqual([]);
  });
});

describe('dockerfile: dev tools in the production set', () => {
  it('warns on stderr that the image would install them', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\npytest==8.3.2\n' });
    const r = slimreq(['dockerfile', root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: the production set lists development tools (pytest) in requirements.txt');
    expect(r.stdout).toContain('FROM python:');
  });
  it('says nothing when the production set is clean', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\n' });
    expect(slimreq(['dockerfile', root]).stderr).toBe('');
  });
});

describe('dockerfile with nothing to install', () => {
  it('notes that the Dockerfile installs nothing', () => {
    const root = project({ 'app.py': 'print(1)\n' });
    const r = slimreq(['dockerfile', root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: no production requirements or pyproject.toml found');
  });
});
