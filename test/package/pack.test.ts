// The npm package is real: pack it, install the tarball in an empty directory, run the binary.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let installDir = '';
let packedFiles: string[] = [];

describe('npm package', () => {
  beforeAll(() => {
    const packDir = mkdtempSync(join(tmpdir(), 'slimreq-pack-'));
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', packDir, '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    const info = JSON.parse(out)[0] as { filename: string; files: { path: string }[] };
    packedFiles = info.files.map((f) => f.path);
    installDir = mkdtempSync(join(tmpdir(), 'slimreq-install-'));
    writeFileSync(join(installDir, 'package.json'), '{"name":"consumer","private":true}\n');
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(packDir, info.filename)], { cwd: installDir, encoding: 'utf8' });
  }, 300_000);

  it('ships only what runs', () => {
    expect(packedFiles).toContain('bin/slimreq.js');
    expect(packedFiles).toContain('dist/cli.js');
    expect(packedFiles).toContain('data/dev-tools.json');
    expect(packedFiles).toContain('package.json');
    expect(packedFiles.filter((f) => /^(src|test|bench|fixtures|node_modules)\//.test(f))).toEqual([]);
  });

  it('npx slimreq --version and an audit work from the installed tarball', () => {
    const version = spawnSync(npm, ['exec', '--', 'slimreq', '--version'], { cwd: installDir, encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);

    const proj = join(installDir, 'proj');
    mkdirSync(proj);
    writeFileSync(join(proj, 'requirements.txt'), 'flask==3.0.3\npytest==8.3.2\n');
    const audit = spawnSync(npm, ['exec', '--', 'slimreq', 'audit', 'proj', '--format', 'json'], { cwd: installDir, encoding: 'utf8' });
    expect(audit.status).toBe(1);
    const doc = JSON.parse(audit.stdout);
    expect(doc.findings.map((f: { package: string }) => f.package)).toEqual(['pytest']);
  });

  it('publint reports nothing', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'publint', 'src', 'cli.js'), '--strict'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stdout + r.stderr).not.toMatch(/error|warning|suggestion/i);
    expect(r.status).toBe(0);
    void readdirSync;
  });
});
