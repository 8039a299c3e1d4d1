import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, slimreq } from './helpers.js';
import { closedPort, fixturesDir, hasStackTrace, lines, pep691File, slimreqAsync, startIndexServer, tempDir, text, type IndexServer } from './util.js';

const risky = join(fixturesDir, 'alpine-risky');
const ok = join(fixturesDir, 'alpine-ok');

/** The environment a user without pip configuration has; the cache never lands in the real home. */
function cleanEnv(): Record<string, string> {
  return { PIP_INDEX_URL: '', PIP_EXTRA_INDEX_URL: '', PIP_NO_INDEX: '', XDG_CACHE_HOME: tempDir('slimreq-xdg-') };
}

describe('slimreq alpine (catalog only)', () => {
  it('fixtures/alpine-risky: exit 1, the table and the verdict', () => {
    const r = slimreq(['alpine', risky], { env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      'Alpine (musl) check for x86_64, Python 3.11',
      '',
      'package   specifier  status  musl wheels since  apk packages                                        advice',
      'gunicorn  ==22.0.0   pure    -                  -                                                   pure Python: installs anywhere',
      'numpy     <1.25      build   1.25.0             build-base openblas-dev pkgconf openblas libstdc++  numpy<1.25 predates musllinux wheels (first in 1.25.0): pip compiles it on Alpine (C extensions and a BLAS/LAPACK to link), after `apk add build-base openblas-dev pkgconf`, runtime: openblas libstdc++; allow numpy>=1.25.0 or use python:3.11-slim',
      'psycopg2  ==2.9.9    build   -                  build-base libpq-dev libpq                          no musllinux wheels: pip compiles it on Alpine, after `apk add build-base libpq-dev`, runtime: libpq; use psycopg2-binary (musllinux wheels since 2.9.3) or python:3.11-slim',
      '',
      'Verdict: avoid: requirements cannot install on Alpine or need long, heavy source builds',
      'Recommended base image: python:3.11-slim',
    ]);
  });

  it('fixtures/alpine-ok: exit 0, verdict ok, extras expanded', () => {
    const r = slimreq(['alpine', ok], { env: cleanEnv() });
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe('Alpine (musl) check for x86_64, Python 3.12');
    expect(out.filter((l) => /^(numpy|psycopg|pyyaml|uvicorn|httptools|uvloop|watchfiles|websockets|psycopg-binary) /.test(l)).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['numpy', '==1.26.4', 'wheel'],
      ['psycopg', '==3.2.1', 'pure'],
      ['psycopg-binary (via psycopg[binary])', '==3.2.1', 'wheel'],
      ['pyyaml', '==6.0.2', 'wheel'],
      ['uvicorn', '==0.30.6', 'pure'],
      ['httptools (via uvicorn[standard])', '(any)', 'wheel'],
      ['uvloop (via uvicorn[standard])', '(any)', 'wheel'],
      ['watchfiles (via uvicorn[standard])', '(any)', 'wheel'],
      ['websockets (via uvicorn[standard])', '(any)', 'wheel'],
    ]);
    expect(out.slice(-2)).toEqual([
      'Verdict: ok: every production requirement installs on Alpine without compiling',
      'Recommended base image: python:3.12-slim (Alpine also works for these packages; -slim avoids musl surprises as the requirements grow)',
    ]);
  });

  it('--format json has the documented shape', () => {
    const r = slimreq(['alpine', risky, '--format', 'json'], { env: cleanEnv() });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['verdict', 'unknown', 'arch', 'pythonVersion', 'recommendedBase', 'packages']);
    expect(doc).toMatchObject({ verdict: 'avoid', unknown: 0, arch: 'x86_64', pythonVersion: '3.11', recommendedBase: 'python:3.11-slim' });
    for (const p of doc.packages) {
      expect(Object.keys(p)).toEqual(['name', 'specifier', 'file', 'line', 'status', 'musllinuxSince', 'apk', 'apt', 'advice', 'evidence']);
      expect(['pure', 'wheel', 'build', 'unavailable', 'unknown']).toContain(p.status);
    }
    expect(doc.packages.map((p: { name: string; line: number; status: string; musllinuxSince: string | null }) => [p.name, p.line, p.status, p.musllinuxSince])).toEqual([
      ['gunicorn', 2, 'pure', null],
      ['numpy', 3, 'build', '1.25.0'],
      ['psycopg2', 4, 'build', null],
    ]);
    expect(doc.packages[2]).toEqual({
      name: 'psycopg2',
      specifier: '==2.9.9',
      file: 'requirements.txt',
      line: 4,
      status: 'build',
      musllinuxSince: null,
      apk: ['build-base', 'libpq-dev', 'libpq'],
      apt: ['libpq5'],
      advice: 'no musllinux wheels: pip compiles it on Alpine, after `apk add build-base libpq-dev`, runtime: libpq; use psycopg2-binary (musllinux wheels since 2.9.3) or python:3.11-slim',
      evidence: 'catalog',
    });
    const okDoc = JSON.parse(slimreq(['alpine', ok, '--format', 'json'], { env: cleanEnv() }).stdout);
    expect(okDoc.verdict).toBe('ok');
  });

  it('fixtures/webapp: the common pure-Python packages are known; ok says what it rests on', () => {
    const webapp = join(fixturesDir, 'webapp');
    const r = slimreq(['alpine', webapp], { env: cleanEnv() });
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    const status = (name: string): string | undefined => out.find((l) => l.startsWith(`${name} `))?.split(/\s{2,}/)[2];
    for (const name of ['django', 'djangorestframework', 'django-storages', 'celery', 'whitenoise', 'requests', 'python-dateutil', 'sentry-sdk']) {
      expect(status(name), name).toBe('pure');
    }
    // black ships mypyc-compiled wheels whose musl coverage the curated catalog has not checked; Debian
    // builds it as Architecture: all, and PyPI has a py3-none-any wheel beside the compiled ones.
    expect(status('black')).toBe('pure (Debian)');
    expect(out.slice(-3)).toEqual([
      'Verdict: ok: every production requirement installs on Alpine without compiling',
      "15 known (1 from Debian's archive): Debian-derived answers are marked (Debian).",
      'Recommended base image: python:3.12-slim (Alpine also works for these packages; -slim avoids musl surprises as the requirements grow)',
    ]);
    const doc = JSON.parse(slimreq(['alpine', webapp, '--format', 'json'], { env: cleanEnv() }).stdout);
    expect(doc).toMatchObject({ verdict: 'ok', unknown: 0 });
    expect(doc.packages.find((p: { name: string }) => p.name === 'black')).toMatchObject({ status: 'pure', evidence: 'debian', debian: 'black 23.1.0-1, Architecture: all' });
  });

  it('without any Python version, recommends the same image as slimreq dockerfile', () => {
    const root = project({ 'requirements.txt': 'django==5.1.2\n' });
    const doc = JSON.parse(slimreq(['alpine', root, '--format', 'json'], { env: cleanEnv() }).stdout);
    expect(doc).toMatchObject({ verdict: 'ok', unknown: 0, pythonVersion: null, recommendedBase: 'python:3.12-slim' });
  });

  it('--arch aarch64 uses the aarch64 wheel history', () => {
    const r = slimreq(['alpine', risky, '--arch', 'aarch64', '--format', 'json'], { env: cleanEnv() });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.arch).toBe('aarch64');
    expect(doc.packages.find((p: { name: string }) => p.name === 'numpy').musllinuxSince).toBe('1.26.2');
    expect(lines(slimreq(['alpine', risky, '--arch', 'aarch64'], { env: cleanEnv() }).stdout)[0]).toBe('Alpine (musl) check for aarch64, Python 3.11');
    expect(lines(slimreq(['alpine', ok, '--arch', 'all'], { env: cleanEnv() }).stdout)[0]).toBe(
      'Alpine (musl) check for x86_64 and aarch64, Python 3.12',
    );
  });

  it('--arch with an unknown value is a usage error', () => {
    const r = slimreq(['alpine', risky, '--arch', 'riscv64']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown architecture "riscv64"');
  });

  it('alpine.arch from the configuration, and the flag wins over it', () => {
    const root = project({
      'requirements.txt': 'numpy==1.26.0\n',
      'pyproject.toml': '[tool.slimreq.alpine]\narch = "aarch64"\n',
    });
    const fromConfig = JSON.parse(slimreq(['alpine', root, '--format', 'json'], { env: cleanEnv() }).stdout);
    expect(fromConfig.arch).toBe('aarch64');
    // numpy 1.26.0: musllinux wheels for x86_64 (since 1.25.0), not yet for aarch64 (since 1.26.2)
    expect(fromConfig.packages[0].status).toBe('build');
    const fromFlag = slimreq(['alpine', root, '--format', 'json', '--arch', 'x86_64'], { env: cleanEnv() });
    expect(JSON.parse(fromFlag.stdout)).toMatchObject({ arch: 'x86_64', verdict: 'ok', packages: [{ status: 'wheel' }] });
    expect(fromFlag.code).toBe(0);
  });

  it('--output writes the report and prints nothing', () => {
    const dir = tempDir();
    const r = slimreq(['alpine', risky, '--output', join(dir, 'alpine.txt')], { env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(text(join(dir, 'alpine.txt'))).toBe(slimreq(['alpine', risky], { env: cleanEnv() }).stdout);
  });
});

describe('slimreq alpine --online (local index on 127.0.0.1)', () => {
  let server: IndexServer;
  const files = (name: string, list: string[]) => ({ meta: { 'api-version': '1.1' }, name, files: list.map((f) => pep691File(f)) });

  beforeAll(async () => {
    server = await startIndexServer({
      'acme-fastcalc': files('acme-fastcalc', [
        'acme_fastcalc-1.0.0.tar.gz',
        'acme_fastcalc-1.1.0.tar.gz',
        'acme_fastcalc-1.1.0-cp311-cp311-musllinux_1_1_x86_64.whl',
        'acme_fastcalc-1.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      ]),
      'acme-slowcalc': files('acme-slowcalc', ['acme_slowcalc-2.0.tar.gz', 'acme_slowcalc-2.0-cp311-cp311-manylinux_2_17_x86_64.whl']),
      'acme-purelib': files('acme-purelib', ['acme_purelib-0.3-py3-none-any.whl', 'acme_purelib-0.3.tar.gz']),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const REQS = {
    Dockerfile: 'FROM python:3.11-alpine\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
    // numpy is in the catalog: it must not be asked about.
    'requirements.txt': 'acme-fastcalc==1.1.0\nacme-slowcalc>=2\nacme-purelib\nnumpy==1.26.4\n',
  };

  it('derives the status from wheel tags; asks only about unknown packages; a second run uses the cache', async () => {
    const root = project(REQS);
    const cache = tempDir('slimreq-cache-');
    const args = ['alpine', root, '--online', '--index-url', server.url, '--cache-dir', cache, '--format', 'json'];
    const start = server.requests.length;
    const r = await slimreqAsync(args, { env: cleanEnv() });
    // Each index is named on stderr before it is asked (the Security section of the README).
    expect(r.stderr).toBe(`slimreq: asking ${server.url} about 3 packages the catalogs do not know\n`);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.verdict).toBe('risky');
    expect(doc.packages.map((p: { name: string; status: string; musllinuxSince: string | null }) => [p.name, p.status, p.musllinuxSince])).toEqual([
      ['acme-fastcalc', 'wheel', '1.1.0'],
      ['acme-slowcalc', 'build', null],
      ['acme-purelib', 'pure', null],
      ['numpy', 'wheel', '1.25.0'],
    ]);
    expect(doc.packages[0].advice).toBe(`installs 1.1.0 from a musllinux wheel (per ${server.url})`);
    expect(doc.packages[1].advice).toBe(`no musllinux wheels (per ${server.url}): pip compiles acme-slowcalc 2.0 on Alpine; use python:3.11-slim`);
    expect(server.requests.slice(start).sort()).toEqual(['/simple/acme-fastcalc/', '/simple/acme-purelib/', '/simple/acme-slowcalc/']);
    expect(readdirSync(join(cache, 'simple'))).toHaveLength(3);

    const again = await slimreqAsync(args, { env: cleanEnv() });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe(r.stdout);
    expect(server.requests.length).toBe(start + 3);
  });

  it('a package the index does not know stays unknown', async () => {
    const root = project({ ...REQS, 'requirements.txt': 'acme-nothere==1.0\n' });
    const r = await slimreqAsync(['alpine', root, '--online', '--index-url', server.url, '--cache-dir', tempDir(), '--format', 'json'], {
      env: cleanEnv(),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).packages).toMatchObject([
      { name: 'acme-nothere', status: 'unknown', advice: 'not found on the configured package indexes' },
    ]);
  });

  // Regression (fixed): after --online the text report still ends with "1 package not in the musl catalog (run with
  // --online to ask the index)." although the index was asked.
  it('the text report does not suggest --online when it was used', async () => {
    const root = project({ ...REQS, 'requirements.txt': 'acme-nothere==1.0\n' });
    const r = await slimreqAsync(['alpine', root, '--online', '--index-url', server.url, '--cache-dir', tempDir()], { env: cleanEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('run with --online');
  });

  it('without --online nothing is asked and the package is unknown', async () => {
    const root = project(REQS);
    const start = server.requests.length;
    const r = await slimreqAsync(['alpine', root, '--index-url', server.url, '--format', 'json'], { env: cleanEnv() });
    expect(JSON.parse(r.stdout).packages[0]).toMatchObject({ name: 'acme-fastcalc', status: 'unknown' });
    expect(server.requests.length).toBe(start);
  });

  it('an unreachable index: exit 2, a message naming the URL, no stack trace', async () => {
    const port = await closedPort();
    const root = project(REQS);
    const cache = tempDir();
    const url = `http://127.0.0.1:${port}/simple`;
    const r = await slimreqAsync(['alpine', root, '--online', '--index-url', url, '--cache-dir', cache], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(2);
    expect(lines(r.stderr)[0]).toBe(`slimreq: asking ${url} about 3 packages the catalogs do not know`);
    expect(r.stderr).toMatch(new RegExp(`\\nslimreq: cannot reach the package index at http://127\\.0\\.0\\.1:${port}/simple/acme-[a-z]+/ \\(ECONNREFUSED\\)\\n$`));
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(join(cache, 'simple')) ? readdirSync(join(cache, 'simple')) : []).toEqual([]);
  });

  it('an index host that does not resolve: says so and points at --index-url', async () => {
    const root = project(REQS);
    // .invalid never resolves (RFC 6761): the same answer as having no network or DNS.
    const r = await slimreqAsync(['alpine', root, '--online', '--index-url', 'http://slimreq-test.invalid/simple', '--cache-dir', tempDir()], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'slimreq: asking http://slimreq-test.invalid/simple about 3 packages the catalogs do not know\n' +
        'slimreq: could not resolve slimreq-test.invalid (no network or DNS); use --index-url to point at a reachable index\n',
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('--timeout must be positive', async () => {
    const root = project(REQS);
    const r = await slimreqAsync(['alpine', root, '--online', '--index-url', server.url, '--timeout', '0'], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('slimreq: --timeout must be a positive number of seconds, got "0"\n');
  });
});
