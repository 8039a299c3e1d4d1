import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_INDEX_URL,
  OnlineError,
  createOnlineLookup,
  defaultCacheDir,
  evaluateAlpineOnline,
  evaluateIndexProject,
  fetchIndexProjects,
  parseDistributionFilename,
  resolveIndexSettings,
  unreachableMessage,
  wheelFitsPython,
  type IndexProject,
} from '../../src/alpine/online.js';
import type { Manifest, Project } from '../../src/model.js';

const INDEX_DIR = join(import.meta.dirname, 'index');
const PEP691 = 'application/vnd.pypi.simple.v1+json';

const HTML_PAGE = `<!DOCTYPE html>
<html>
  <head><meta name="pypi:repository-version" content="1.1"><title>Links for internal-tool</title></head>
  <body>
    <h1>Links for internal-tool</h1>
    <a href="../../files/internal_tool-1.2.0-cp311-cp311-musllinux_1_2_x86_64.whl#sha256=aa" data-requires-python="&gt;=3.9">internal_tool-1.2.0-cp311-cp311-musllinux_1_2_x86_64.whl</a><br />
    <a href="../../files/internal_tool-1.2.0.tar.gz#sha256=bb" data-requires-python="&gt;=3.9">internal_tool-1.2.0.tar.gz</a><br />
    <a href="../../files/internal_tool-1.3.0.tar.gz#sha256=cc" data-requires-python="&gt;=3.9" data-yanked="bad build">internal_tool-1.3.0.tar.gz</a><br />
  </body>
</html>
`;

let server: Server;
let base: string;
const hits = new Map<string, number>();
const authSeen: (string | undefined)[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const simple = /^\/simple\/([a-z0-9-]+)\/$/.exec(path);
  if (simple) {
    let body: string;
    try {
      body = readFileSync(join(INDEX_DIR, `${simple[1]}.json`), 'utf8');
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    expect(req.headers.accept).toContain(PEP691);
    res.writeHead(200, { 'Content-Type': PEP691 }).end(body);
    return;
  }
  if (path === '/html/internal-tool/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HTML_PAGE);
    return;
  }
  if (path.startsWith('/private/')) {
    authSeen.push(req.headers.authorization);
    if (req.headers.authorization !== `Basic ${Buffer.from('deploy:s3cret').toString('base64')}`) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic' }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': PEP691 }).end(readFileSync(join(INDEX_DIR, 'idna.json'), 'utf8'));
    return;
  }
  if (path.startsWith('/broken/')) {
    res.writeHead(500, 'Internal Server Error').end();
    return;
  }
  if (path.startsWith('/garbage/')) {
    res.writeHead(200, { 'Content-Type': PEP691 }).end('{"files": ');
    return;
  }
  if (path.startsWith('/slow/')) {
    // Never answers: the client's timeout must end the request.
    return;
  }
  res.writeHead(404).end();
}

let cacheDir: string;

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'slimreq-online-'));
  hits.clear();
  authSeen.length = 0;
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('fetching from a PEP 691 index', () => {
  it('lists the files of known projects and maps unknown ones to null', async () => {
    const projects = await fetchIndexProjects(['numpy', 'psycopg2', 'no-such-project'], { indexUrl: `${base}/simple`, cacheDir });
    expect(projects.get('numpy')?.files.length).toBe(68);
    expect(projects.get('numpy')?.foundOn).toEqual([`${base}/simple`]);
    expect(projects.get('psycopg2')?.files.map((f) => f.kind)).toContain('sdist');
    expect(projects.get('no-such-project')).toBeNull();
    expect(hits.get('/simple/numpy/')).toBe(1);
    expect(hits.get('/simple/no-such-project/')).toBe(1);
  });

  it('answers from the cache until it expires', async () => {
    let clock = Date.parse('2024-06-01T00:00:00Z');
    const opts = { indexUrl: `${base}/simple/`, cacheDir, now: () => clock };
    await fetchIndexProjects(['numpy', 'no-such-project'], opts);
    await fetchIndexProjects(['numpy', 'no-such-project'], opts);
    expect(hits.get('/simple/numpy/')).toBe(1);
    expect(hits.get('/simple/no-such-project/')).toBe(1);
    expect(readdirSync(join(cacheDir, 'simple')).length).toBe(2);

    clock += 23 * 3600_000;
    await fetchIndexProjects(['numpy'], opts);
    expect(hits.get('/simple/numpy/')).toBe(1);

    clock += 2 * 3600_000;
    const again = await fetchIndexProjects(['numpy'], opts);
    expect(hits.get('/simple/numpy/')).toBe(2);
    expect(again.get('numpy')?.files.length).toBe(68);

    await fetchIndexProjects(['numpy'], { ...opts, maxAgeMs: 0 });
    expect(hits.get('/simple/numpy/')).toBe(3);
  });

  it('merges the primary and extra indexes', async () => {
    const projects = await fetchIndexProjects(['internal-tool', 'numpy'], {
      indexUrl: `${base}/simple`,
      extraIndexUrls: [`${base}/html`],
      cacheDir,
    });
    const tool = projects.get('internal-tool')!;
    expect(tool.foundOn).toEqual([`${base}/html`]);
    expect(tool.files.map((f) => [f.filename, f.requiresPython, f.yanked])).toEqual([
      ['internal_tool-1.2.0-cp311-cp311-musllinux_1_2_x86_64.whl', '>=3.9', false],
      ['internal_tool-1.2.0.tar.gz', '>=3.9', false],
      ['internal_tool-1.3.0.tar.gz', '>=3.9', true],
    ]);
    expect(hits.get('/simple/internal-tool/')).toBe(1);
  });

  it('sends credentials from the index URL as basic auth and keeps them out of messages', async () => {
    const ok = await fetchIndexProjects(['idna'], { indexUrl: `http://deploy:s3cret@127.0.0.1:${new URL(base).port}/private`, cacheDir });
    expect(ok.get('idna')?.foundOn).toEqual([`${base}/private`]);
    const error = await fetchIndexProjects(['idna'], {
      indexUrl: `http://deploy:wrong@127.0.0.1:${new URL(base).port}/private`,
      cacheDir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnlineError);
    expect((error as OnlineError).reason).toBe('http');
    expect((error as OnlineError).message).toContain('HTTP 401');
    expect((error as OnlineError).message).not.toContain('wrong');
    expect(authSeen).toHaveLength(2);
  });

  it('does nothing with --no-index', async () => {
    const projects = await fetchIndexProjects(['numpy'], { indexUrl: `${base}/simple`, cacheDir, noIndex: true });
    expect(projects.get('numpy')).toBeNull();
    expect(hits.size).toBe(0);
  });
});

describe('index failures', () => {
  it('names the URL when the index cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await fetchIndexProjects(['numpy'], { indexUrl: `http://127.0.0.1:${port}/simple`, cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnlineError);
    expect((error as OnlineError).name).toBe('OnlineError');
    expect((error as OnlineError).reason).toBe('unreachable');
    expect((error as OnlineError).url).toBe(`http://127.0.0.1:${port}/simple/numpy/`);
    expect((error as OnlineError).message).toContain(`http://127.0.0.1:${port}/simple/numpy/`);
    expect((error as OnlineError).message).toContain('ECONNREFUSED');
  });

  it('says the host could not be resolved when DNS fails, and how to point elsewhere', () => {
    const dnsError = (code: string): Error & { cause: { code: string; message: string } } =>
      Object.assign(new TypeError('fetch failed'), { cause: { code, message: `getaddrinfo ${code} pypi.org` } });
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      expect(unreachableMessage('https://pypi.org/simple/numpy/', 'pypi.org', dnsError(code))).toBe(
        'could not resolve pypi.org (no network or DNS); use --index-url to point at a reachable index',
      );
    }
    expect(unreachableMessage('http://127.0.0.1:9/simple/numpy/', '127.0.0.1', dnsError('ECONNREFUSED'))).toBe(
      'cannot reach the package index at http://127.0.0.1:9/simple/numpy/ (ECONNREFUSED)',
    );
    expect(unreachableMessage('http://h/simple/x/', 'h', new TypeError('fetch failed'))).toBe('cannot reach the package index at http://h/simple/x/ (fetch failed)');
  });

  it('gives up on an index that does not answer', async () => {
    const error = await fetchIndexProjects(['numpy'], { indexUrl: `${base}/slow`, cacheDir, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnlineError);
    expect((error as OnlineError).reason).toBe('timeout');
    expect((error as OnlineError).message).toContain(`${base}/slow/numpy/`);
    expect(hits.get('/slow/numpy/')).toBe(1);
  });

  it('reports server errors and malformed answers, and does not cache them', async () => {
    const broken = await fetchIndexProjects(['numpy'], { indexUrl: `${base}/broken`, cacheDir }).catch((e: unknown) => e);
    expect((broken as OnlineError).reason).toBe('http');
    expect((broken as OnlineError).message).toBe(`package index at ${base}/broken/numpy/ answered HTTP 500 Internal Server Error`);
    const garbage = await fetchIndexProjects(['numpy'], { indexUrl: `${base}/garbage`, cacheDir }).catch((e: unknown) => e);
    expect((garbage as OnlineError).reason).toBe('invalid-response');
    await fetchIndexProjects(['numpy'], { indexUrl: `${base}/garbage`, cacheDir }).catch(() => null);
    expect(hits.get('/garbage/numpy/')).toBe(2);
  });
});

describe('status from wheel tags', () => {
  let numpy: IndexProject;
  let psycopg2: IndexProject;
  let idna: IndexProject;

  beforeEach(async () => {
    const projects = await fetchIndexProjects(['numpy', 'psycopg2', 'idna'], { indexUrl: `${base}/simple`, cacheDir });
    numpy = projects.get('numpy')!;
    psycopg2 = projects.get('psycopg2')!;
    idna = projects.get('idna')!;
  });

  it('picks the newest final release with a musllinux wheel', () => {
    expect(evaluateIndexProject(numpy, '', 'x86_64', '3.11')).toMatchObject({
      found: true,
      version: '1.26.4',
      status: 'wheel',
      musllinuxSince: '1.25.0',
      olderWithoutWheels: true,
    });
    expect(evaluateIndexProject(numpy, '>=1.25', 'x86_64', '3.11')).toMatchObject({ status: 'wheel', olderWithoutWheels: false });
  });

  it('knows which arch and Python the wheels are for', () => {
    expect(evaluateIndexProject(numpy, '', 'aarch64', '3.11')).toMatchObject({ version: '1.26.4', musllinuxSince: '1.26.4' });
    expect(evaluateIndexProject(numpy, '==1.25.0', 'aarch64', '3.11')).toMatchObject({ status: 'build' });
    // 1.25.0 has no cp312 wheels at all: for Python 3.12, wheels start with 1.26.4.
    expect(evaluateIndexProject(numpy, '', 'x86_64', '3.12').musllinuxSince).toBe('1.26.4');
    // 1.26.4 requires Python <3.13 and 2.0.0rc1 is a pre-release: on 3.13 pip falls back to building 1.25.0's sdist.
    expect(evaluateIndexProject(numpy, '', 'x86_64', '3.13')).toMatchObject({ version: '1.25.0', status: 'build' });
  });

  it('reports a build for a capped specifier', () => {
    expect(evaluateIndexProject(numpy, '<1.25', 'x86_64', '3.11')).toMatchObject({
      version: '1.24.4',
      status: 'build',
      musllinuxSince: '1.25.0',
    });
  });

  it('takes pre-releases only when the specifier names one', () => {
    expect(evaluateIndexProject(numpy, '>=2.0.0rc1', 'x86_64', '3.11')).toMatchObject({ version: '2.0.0rc1', status: 'wheel' });
  });

  it('reports sdist-only projects as builds', () => {
    expect(evaluateIndexProject(psycopg2, '', 'x86_64', '3.11')).toMatchObject({ version: '2.9.9', status: 'build', musllinuxSince: null });
  });

  it('reports pure wheels and skips yanked releases unless pinned', () => {
    expect(evaluateIndexProject(idna, '', 'aarch64', null)).toMatchObject({ version: '3.7', status: 'pure' });
    expect(evaluateIndexProject(idna, '==3.8', 'aarch64', null)).toMatchObject({ version: '3.8', status: 'pure' });
  });

  it('reports unavailable when nothing installs on Alpine', () => {
    const manylinuxOnly: IndexProject = {
      key: 'fastlib',
      foundOn: ['https://example.invalid/simple'],
      files: [
        {
          filename: 'fastlib-1.0-cp311-cp311-manylinux_2_28_x86_64.whl',
          version: '1.0',
          kind: 'wheel',
          python: ['cp311'],
          abi: ['cp311'],
          platform: ['manylinux_2_28_x86_64'],
          requiresPython: null,
          yanked: false,
        },
      ],
    };
    expect(evaluateIndexProject(manylinuxOnly, '', 'x86_64', '3.11')).toMatchObject({ version: null, status: 'unavailable' });
  });

  it('answers through a lookup, unknown for keys never fetched', async () => {
    const lookup = await createOnlineLookup(['psycopg2', 'no-such-project'], { indexUrl: `${base}/simple`, cacheDir });
    expect(lookup.evaluate('psycopg2', '==2.9.8', 'x86_64', '3.11')).toMatchObject({ status: 'build', version: '2.9.8' });
    expect(lookup.evaluate('no-such-project', '', 'x86_64', '3.11')).toMatchObject({ found: false, status: 'unknown' });
    expect(lookup.evaluate('never-asked', '', 'x86_64', '3.11')).toMatchObject({ found: false, status: 'unknown' });
  });
});

describe('file names and tags', () => {
  it('parses wheels, sdists and old hyphenated sdists', () => {
    expect(parseDistributionFilename('numpy', 'numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).toEqual({
      version: '1.26.4',
      kind: 'wheel',
      python: ['cp311'],
      abi: ['cp311'],
      platform: ['manylinux_2_17_x86_64', 'manylinux2014_x86_64'],
    });
    expect(parseDistributionFilename('python-dateutil', 'python-dateutil-2.8.2.tar.gz')?.version).toBe('2.8.2');
    expect(parseDistributionFilename('pyyaml', 'PyYAML-6.0.1.tar.gz')?.version).toBe('6.0.1');
    expect(parseDistributionFilename('numpy', 'numpy-1.0-1-cp311-cp311-any.whl')?.version).toBe('1.0');
    expect(parseDistributionFilename('numpy', 'numpy-1.0.exe')).toBeNull();
    expect(parseDistributionFilename('numpy', 'scipy-1.0.tar.gz')).toBeNull();
  });

  it('matches python tags like pip', () => {
    const tags = (python: string, abi: string) => ({ python: python.split('.'), abi: abi.split('.') });
    expect(wheelFitsPython(tags('cp311', 'cp311'), '3.11')).toBe(true);
    expect(wheelFitsPython(tags('cp311', 'cp311'), '3.12')).toBe(false);
    expect(wheelFitsPython(tags('cp38', 'abi3'), '3.12')).toBe(true);
    expect(wheelFitsPython(tags('cp313', 'abi3'), '3.12')).toBe(false);
    expect(wheelFitsPython(tags('py2.py3', 'none'), '3.12')).toBe(true);
    expect(wheelFitsPython(tags('pp310', 'pypy310_pp73'), '3.10')).toBe(false);
    expect(wheelFitsPython(tags('cp39', 'cp39'), null)).toBe(true);
  });
});

describe('index settings', () => {
  const manifest = (path: string, group: 'prod' | 'dev', indexOptions?: Manifest['indexOptions']): Manifest => ({
    path,
    kind: 'requirements',
    group,
    groupReason: null,
    requirements: [],
    includes: [],
    diagnostics: [],
    indexOptions,
  });
  const project = (manifests: Manifest[]): Project =>
    ({ root: '/r', files: [], manifests, dockerfiles: [], dockerignores: [], presentPaths: [], diagnostics: [] }) as Project;

  it('defaults to PyPI', () => {
    expect(resolveIndexSettings(project([]), {})).toEqual({ indexUrl: DEFAULT_INDEX_URL, extraIndexUrls: [], noIndex: false });
  });

  it('reads PIP_INDEX_URL and PIP_EXTRA_INDEX_URL, then the production requirements files', () => {
    const env = { PIP_INDEX_URL: 'https://mirror.example/simple', PIP_EXTRA_INDEX_URL: 'https://a.example/simple https://b.example/simple' };
    expect(resolveIndexSettings(project([]), env)).toEqual({
      indexUrl: 'https://mirror.example/simple',
      extraIndexUrls: ['https://a.example/simple', 'https://b.example/simple'],
      noIndex: false,
    });
    const files = [
      manifest('requirements.txt', 'prod', { indexUrl: 'https://corp.example/simple', extraIndexUrls: ['https://c.example/simple'], noIndex: false }),
      manifest('requirements-dev.txt', 'dev', { indexUrl: 'https://dev-only.example/simple', extraIndexUrls: [], noIndex: true }),
    ];
    expect(resolveIndexSettings(project(files), env)).toEqual({
      indexUrl: 'https://corp.example/simple',
      extraIndexUrls: ['https://a.example/simple', 'https://b.example/simple', 'https://c.example/simple'],
      noIndex: false,
    });
  });

  it('puts the cache under XDG_CACHE_HOME', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/tmp/xdg' })).toBe('/tmp/xdg/slimreq');
    expect(defaultCacheDir({})).toMatch(/\.cache\/slimreq$/);
  });
});

describe('evaluateAlpineOnline', () => {
  it('asks the index from the requirements file about packages the catalog lacks', async () => {
    const requirement = (name: string, specifier: string, line: number) => ({
      name, key: name, specifier, extras: [], marker: null, url: null, editable: false, hashes: [],
      file: 'requirements.txt', line, column: 1, endLine: line, source: `${name}${specifier}`,
      group: 'prod' as const, groupName: null, origin: 'requirements' as const, constraintOnly: false, ignores: [],
    });
    const project = {
      root: '/r', files: [], dockerfiles: [], dockerignores: [], presentPaths: [], diagnostics: [],
      manifests: [{
        path: 'requirements.txt', kind: 'requirements', group: 'prod', groupReason: null, includes: [], diagnostics: [],
        requirements: [requirement('numpy', '<1.25', 2), requirement('psycopg2', '', 3), requirement('idna', '', 4)],
        indexOptions: { indexUrl: `${base}/simple`, extraIndexUrls: [], noIndex: false },
      }],
    } as Project;
    const report = await evaluateAlpineOnline(project, {
      arch: 'x86_64',
      lookup: () => null,
      pythonVersion: '3.11',
      env: { PIP_INDEX_URL: 'http://127.0.0.1:9/never-used' },
      index: { cacheDir },
    });
    expect(report.packages.map((p) => [p.name, p.status, p.musllinuxSince])).toEqual([
      ['numpy', 'build', '1.25.0'],
      ['psycopg2', 'build', null],
      ['idna', 'pure', null],
    ]);
    expect(report.packages[0].advice).toBe(
      `numpy 1.24.4 has no musllinux wheel (first in 1.25.0, per ${base}/simple): pip compiles it on Alpine; allow numpy>=1.25.0 or use python:3.11-slim`,
    );
    expect(report.verdict).toBe('avoid');
    expect([...hits.keys()].sort()).toEqual(['/simple/idna/', '/simple/numpy/', '/simple/psycopg2/']);
  });
});
