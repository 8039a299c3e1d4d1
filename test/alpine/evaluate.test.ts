import { describe, expect, it } from 'vitest';
import type { MuslEntry } from '../../src/catalog/musl-types.js';
import {
  describeApk,
  evaluateAlpine,
  evaluateEntryForArch,
  keysMissingFromCatalog,
  pythonVersionOfImage,
  pythonVersionOfRequiresPython,
  type AlpinePackage,
} from '../../src/alpine/evaluate.js';
import type { OnlineLookup } from '../../src/alpine/online.js';
import { parseDockerfile } from '../../src/parse/dockerfile.js';
import { loadProject } from '../../src/load.js';
import { join } from 'node:path';
import type { Manifest, Project, Requirement } from '../../src/model.js';
import { requirementFrom } from '../support/requirement.js';

// ---- catalog entries built for the tests (shaped like data/musl-wheels.json) ----

function entry(key: string, over: Partial<MuslEntry> & { x86?: string | null; arm?: string | null; gaps?: string[] }): MuslEntry {
  const { x86 = null, arm = over.x86 ?? null, gaps, ...rest } = over;
  return {
    key,
    compiled: 'yes',
    sdist: true,
    musllinux: {
      x86_64: { since: x86, sources: ['https://example.test'], ...(gaps ? { gaps } : {}) },
      aarch64: { since: arm, sources: ['https://example.test'], ...(gaps ? { gaps } : {}) },
    },
    apt: [],
    apk: [],
    aptRuntime: [],
    apkRuntime: [],
    rationale: 'test',
    sources: ['https://example.test'],
    reviewed: '2024-06-01',
    ...rest,
  };
}

const CATALOG: Record<string, MuslEntry> = {
  numpy: entry('numpy', {
    x86: '1.25.0',
    arm: '1.26.2',
    apk: ['build-base', 'openblas-dev'],
    apkRuntime: ['openblas'],
    apt: ['g++', 'libopenblas-dev'],
    aptRuntime: ['libopenblas0'],
  }),
  psycopg2: entry('psycopg2', {
    apk: ['build-base', 'libpq-dev'],
    apkRuntime: ['libpq'],
    apt: ['gcc', 'libpq-dev'],
    aptRuntime: ['libpq5'],
    alternative: 'psycopg2-binary',
  }),
  'psycopg2-binary': entry('psycopg2-binary', { x86: '2.9.6', aptRuntime: [] }),
  psycopg: entry('psycopg', { compiled: 'no', pureWheel: true, extras: { binary: ['psycopg-binary'], c: ['psycopg-c'] } }),
  'psycopg-binary': entry('psycopg-binary', { x86: '3.1.0', arm: null }),
  uvicorn: entry('uvicorn', { compiled: 'no', pureWheel: true, extras: { standard: ['httptools', 'uvloop', 'watchfiles', 'websockets'] } }),
  uvloop: entry('uvloop', { x86: '0.17.0', arm: '0.17.0' }),
  httptools: entry('httptools', { x86: '0.6.0' }),
  websockets: entry('websockets', { compiled: 'optional', x86: '10.4', arm: '11.0' }),
  pyyaml: entry('pyyaml', { compiled: 'optional', x86: '6.0.1', arm: '6.0.2', apk: ['build-base', 'yaml-dev'] }),
  ujson: entry('ujson', { x86: '5.0.0', gaps: ['==5.2.0', '>=5.5,<5.7'] }),
  wheelonly: entry('wheelonly', { sdist: false }),
  speedups: entry('speedups', { compiled: 'optional', pureWheel: true }),
};
const lookup = (key: string): MuslEntry | null => CATALOG[key] ?? null;

// ---- a project built for the tests ----

let nextLine = 1;
function req(spec: string, over: Partial<Requirement> = {}): Requirement {
  return requirementFrom(spec, { ...over, line: over.line ?? nextLine++ });
}

function project(requirements: Requirement[], extra: { dockerfile?: string; requiresPython?: string } = {}): Project {
  const manifest: Manifest = {
    path: 'requirements.txt',
    kind: 'requirements',
    group: 'prod',
    groupReason: 'file name',
    requirements,
    includes: [],
    diagnostics: [],
    ...(extra.requiresPython ? { requiresPython: extra.requiresPython } : {}),
  };
  return {
    root: '/repo',
    files: [],
    manifests: [manifest],
    dockerfiles: extra.dockerfile ? [parseDockerfile(extra.dockerfile, 'Dockerfile')] : [],
    dockerignores: [],
    presentPaths: [],
    diagnostics: [],
  };
}

function byName(packages: AlpinePackage[], name: string): AlpinePackage {
  const found = packages.find((p) => p.name === name);
  if (!found) throw new Error(`${name} not in report: ${packages.map((p) => p.name).join(', ')}`);
  return found;
}

describe('one catalog entry', () => {
  const numpy = CATALOG.numpy;
  it.each([
    ['==1.26.4', 'wheel', false],
    ['==1.24.4', 'build', false],
    ['<1.25', 'build', false],
    ['<=1.25.0', 'wheel', true],
    ['<1.25.0', 'build', false],
    ['>=1.20', 'wheel', true],
    ['>=1.25', 'wheel', false],
    ['~=1.26.0', 'wheel', false],
    ['~=1.24.0', 'build', false],
    ['', 'wheel', true],
  ])('numpy%s on x86_64 -> %s', (specifier, status, older) => {
    const result = evaluateEntryForArch(numpy, specifier, 'x86_64');
    expect(result.status).toBe(status);
    expect(result.olderWithoutWheels).toBe(older);
    expect(result.since).toBe('1.25.0');
  });

  it('uses the arch', () => {
    expect(evaluateEntryForArch(numpy, '==1.25.0', 'x86_64').status).toBe('wheel');
    expect(evaluateEntryForArch(numpy, '==1.25.0', 'aarch64').status).toBe('build');
  });

  it('honours gaps', () => {
    const ujson = CATALOG.ujson;
    expect(evaluateEntryForArch(ujson, '==5.2.0', 'x86_64')).toMatchObject({ status: 'build', gap: '==5.2.0' });
    expect(evaluateEntryForArch(ujson, '==5.3.0', 'x86_64').status).toBe('wheel');
    expect(evaluateEntryForArch(ujson, '>=5.5,<5.7', 'x86_64')).toMatchObject({ status: 'build', gap: '>=5.5,<5.7' });
    expect(evaluateEntryForArch(ujson, '<=5.2.0', 'x86_64').status).toBe('build');
    expect(evaluateEntryForArch(ujson, '>=5.5', 'x86_64').status).toBe('wheel');
  });

  it('tells build from unavailable, and pure fallbacks from both', () => {
    expect(evaluateEntryForArch(CATALOG.psycopg2, '==2.9.9', 'x86_64').status).toBe('build');
    expect(evaluateEntryForArch(CATALOG.wheelonly, '', 'x86_64').status).toBe('unavailable');
    expect(evaluateEntryForArch(CATALOG.speedups, '', 'x86_64').status).toBe('pure');
    expect(evaluateEntryForArch(CATALOG.uvicorn, '', 'x86_64')).toMatchObject({ status: 'pure', since: null });
  });

  it('does not guess for an invalid specifier', () => {
    expect(evaluateEntryForArch(numpy, '>=1.0+cpu', 'x86_64').status).toBe('unknown');
  });
});

describe('evaluateAlpine', () => {
  it('reports the risky fixture shape: numpy<1.25, psycopg2 and a pure package', () => {
    const report = evaluateAlpine(
      project([req('numpy<1.25', { line: 1 }), req('psycopg2==2.9.9', { line: 2 }), req('uvicorn==0.30.1', { line: 3 })]),
      { arch: 'x86_64', lookup, pythonVersion: '3.11' },
    );
    expect(report.verdict).toBe('avoid');
    expect(report.recommendedBase).toBe('python:3.11-slim');
    expect(report.packages.map((p) => [p.name, p.status, p.musllinuxSince, p.line])).toEqual([
      ['numpy', 'build', '1.25.0', 1],
      ['psycopg2', 'build', null, 2],
      ['uvicorn', 'pure', null, 3],
    ]);
    const numpy = byName(report.packages, 'numpy');
    expect(numpy.apk).toEqual(['build-base', 'openblas-dev', 'openblas']);
    expect(numpy.apt).toEqual(['libopenblas0']);
    expect(numpy.advice).toBe(
      'numpy<1.25 predates musllinux wheels (first in 1.25.0): pip compiles it on Alpine (C extensions and a BLAS/LAPACK to link), after `apk add build-base openblas-dev`, runtime: openblas; allow numpy>=1.25.0 or use python:3.11-slim',
    );
    expect(byName(report.packages, 'psycopg2').advice).toBe(
      'no musllinux wheels: pip compiles it on Alpine, after `apk add build-base libpq-dev`, runtime: libpq; use psycopg2-binary (musllinux wheels since 2.9.6) or python:3.11-slim',
    );
    expect(byName(report.packages, 'psycopg2')).toMatchObject({ apk: ['build-base', 'libpq-dev', 'libpq'], apkRuntime: ['libpq'] });
    expect(report.unknown).toBe(0);
    expect(byName(report.packages, 'uvicorn').advice).toBe('pure Python: installs anywhere');
  });

  it('is risky when only light builds remain, ok when everything has wheels', () => {
    expect(evaluateAlpine(project([req('psycopg2==2.9.9')]), { arch: 'x86_64', lookup }).verdict).toBe('risky');
    expect(evaluateAlpine(project([req('numpy==1.26.4'), req('uvicorn')]), { arch: 'x86_64', lookup }).verdict).toBe('ok');
    expect(evaluateAlpine(project([req('wheelonly')]), { arch: 'x86_64', lookup }).verdict).toBe('avoid');
  });

  it('says when older admitted releases lack wheels', () => {
    const report = evaluateAlpine(project([req('numpy>=1.20')]), { arch: 'x86_64', lookup, pythonVersion: null });
    const numpy = report.packages[0];
    expect(numpy.status).toBe('wheel');
    expect(numpy.olderWithoutWheels).toBe(true);
    expect(numpy.advice).toContain('require numpy>=1.25.0');
    // Without a version anywhere: the same default as `slimreq dockerfile` (DEFAULT_PYTHON).
    expect(report.recommendedBase).toBe('python:3.12-slim');
  });

  it('follows extras to the compiled packages they pull', () => {
    const report = evaluateAlpine(project([req('uvicorn[standard]==0.30.1'), req('psycopg[binary]>=3.1')]), { arch: 'x86_64', lookup });
    expect(report.packages.map((p) => [p.name, p.status, p.via ?? null])).toEqual([
      ['uvicorn', 'pure', null],
      ['httptools', 'wheel', 'uvicorn[standard]'],
      ['uvloop', 'wheel', 'uvicorn[standard]'],
      ['watchfiles', 'unknown', 'uvicorn[standard]'],
      ['websockets', 'wheel', 'uvicorn[standard]'],
      ['psycopg', 'pure', null],
      ['psycopg-binary', 'wheel', 'psycopg[binary]'],
    ]);
    expect(byName(report.packages, 'uvloop')).toMatchObject({ file: 'requirements.txt', line: report.packages[0].line, specifier: '' });
    // The parent's metadata picks the version of a pulled package: no "require >=" advice for it.
    expect(byName(report.packages, 'uvloop').olderWithoutWheels).toBeUndefined();
    expect(byName(report.packages, 'uvloop').advice).toBe('installs from a musllinux wheel (wheels since 0.17.0)');
  });

  it('takes the later release and the worse status over both arches', () => {
    const report = evaluateAlpine(project([req('pyyaml==6.0.1'), req('numpy')]), { arch: 'all', lookup });
    expect(report.arch).toBe('all');
    expect(byName(report.packages, 'pyyaml')).toMatchObject({ status: 'build', musllinuxSince: '6.0.2' });
    expect(byName(report.packages, 'numpy')).toMatchObject({ status: 'wheel', musllinuxSince: '1.26.2' });
    const psycopg2 = evaluateAlpine(project([req('psycopg2')]), { arch: 'all', lookup }).packages[0];
    expect(psycopg2.advice).toMatch(/^no musllinux wheels: .*use psycopg2-binary \(musllinux wheels since 2\.9\.6\)/);
    // psycopg-binary has x86_64 wheels only: the advice names the arch that lacks them.
    const binary = evaluateAlpine(project([req('psycopg-binary')]), { arch: 'all', lookup }).packages[0];
    expect(binary).toMatchObject({ status: 'build', musllinuxSince: null });
    expect(binary.advice).toMatch(/^no musllinux wheels for aarch64: pip compiles it on Alpine; use python:3\.12-slim$/);
  });

  it('looks only at production requirements that install, every line of them', () => {
    const report = evaluateAlpine(
      project([
        req('numpy==1.26.4'),
        req('numpy<1.25'),
        req('psycopg2', { group: 'dev' }),
        req('pyyaml<6', { constraintOnly: true }),
        req('pywin32-ctypes', { marker: 'sys_platform == "win32"' }),
        req('mylib', { url: 'https://example.test/mylib.tar.gz' }),
      ]),
      { arch: 'x86_64', lookup },
    );
    // A URL requirement is listed last as unknown (built from source, not checked). Two lines for one
    // package are both judged: which one pip gets is not slimreq's guess to make.
    expect(report.packages.map((p) => `${p.name} ${p.specifier} ${p.status}`)).toEqual([
      'numpy ==1.26.4 wheel',
      'numpy <1.25 build',
      'mylib https://example.test/mylib.tar.gz unknown',
    ]);
  });

  it('finds the Python version in the Dockerfile, then in requires-python', () => {
    const dockerfile = 'FROM python:3.12.4-alpine3.20 AS base\nRUN pip install -r requirements.txt\nFROM base\n';
    expect(evaluateAlpine(project([], { dockerfile, requiresPython: '>=3.9' }), { arch: 'x86_64', lookup }).pythonVersion).toBe('3.12');
    expect(evaluateAlpine(project([], { requiresPython: '>=3.10,<4' }), { arch: 'x86_64', lookup })).toMatchObject({
      pythonVersion: '3.10',
      recommendedBase: 'python:3.10-slim',
    });
    expect(evaluateAlpine(project([]), { arch: 'x86_64', lookup }).pythonVersion).toBeNull();
  });

  it('leaves unknown packages unknown without --online, and asks the index with it', () => {
    const offline = evaluateAlpine(project([req('fastlib>=2')]), { arch: 'x86_64', lookup });
    expect(offline.packages[0]).toMatchObject({ status: 'unknown', advice: 'not in the musl catalog: run with --online to ask the package index' });
    expect(offline.verdict).toBe('ok');
    expect(offline.unknown).toBe(1);

    const asked: string[] = [];
    const online: OnlineLookup = {
      evaluate(key, specifier, arch, pythonVersion) {
        asked.push(`${key} ${specifier} ${arch} ${pythonVersion}`);
        return {
          found: true,
          version: '2.1.0',
          status: arch === 'x86_64' ? 'wheel' : 'build',
          musllinuxSince: arch === 'x86_64' ? '2.0.0' : null,
          olderWithoutWheels: false,
          foundOn: ['https://pypi.org/simple'],
        };
      },
    };
    const x86 = evaluateAlpine(project([req('fastlib>=2')]), { arch: 'x86_64', lookup, online, pythonVersion: '3.11' });
    expect(x86.packages[0]).toMatchObject({ status: 'wheel', musllinuxSince: '2.0.0', advice: 'installs 2.1.0 from a musllinux wheel (per https://pypi.org/simple)' });
    expect(asked).toEqual(['fastlib >=2 x86_64 3.11']);
    const both = evaluateAlpine(project([req('fastlib>=2')]), { arch: 'all', lookup, online, pythonVersion: '3.11' });
    expect(both.packages[0]).toMatchObject({ status: 'build', musllinuxSince: null });
    expect(both.verdict).toBe('risky');
  });

  it('does not advise raising the floor when wheels stopped after an earlier release', () => {
    const online: OnlineLookup = {
      evaluate: () => ({ found: true, version: '2.0.0', status: 'build', musllinuxSince: '1.0', olderWithoutWheels: false, foundOn: ['https://pypi.org/simple'] }),
    };
    const r = evaluateAlpine(project([req('slowcalc>=2')]), { arch: 'x86_64', lookup, online, pythonVersion: '3.11' });
    expect(r.packages[0].advice).toBe(
      'slowcalc 2.0.0 has no musllinux wheel although 1.0 had one (per https://pypi.org/simple): pip compiles it on Alpine; pin a release with musllinux wheels or use python:3.11-slim',
    );
    expect(r.packages[0].advice).not.toContain('>=1.0');
  });

  it('lists the keys --online has to fetch', () => {
    const p = project([req('numpy'), req('fastlib'), req('uvicorn[standard]')]);
    expect(keysMissingFromCatalog(p, lookup)).toEqual(['fastlib', 'watchfiles']);
  });
});

describe('python versions', () => {
  it.each([
    ['python:3.11-alpine', '3.11'],
    ['python:3.12.4-slim-bookworm', '3.12'],
    ['docker.io/library/python:3.10', '3.10'],
    ['python:3-alpine', null],
    ['python:alpine', null],
    ['alpine:3.20', null],
    ['mycorp/python-base:3.11', null],
  ])('%s -> %s', (image, expected) => {
    expect(pythonVersionOfImage(image)).toBe(expected);
  });

  it.each([
    ['>=3.9', '3.9'],
    ['>=3.10, <4', '3.10'],
    ['^3.11', '3.11'],
    ['~3.12', '3.12'],
    ['<4', null],
  ])('requires-python %s -> %s', (spec, expected) => {
    expect(pythonVersionOfRequiresPython(spec)).toBe(expected);
  });
});

describe('with the bundled catalog', () => {
  const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

  it('alpine-risky compiles numpy<1.25 and psycopg2', () => {
    const report = evaluateAlpine(loadProject(join(FIXTURES, 'alpine-risky')), { arch: 'x86_64' });
    expect(report).toMatchObject({ verdict: 'avoid', pythonVersion: '3.11', recommendedBase: 'python:3.11-slim' });
    expect(report.packages.map((p) => [p.name, p.specifier, p.line, p.status, p.musllinuxSince])).toEqual([
      ['gunicorn', '==22.0.0', 2, 'pure', null],
      ['numpy', '<1.25', 3, 'build', '1.25.0'],
      ['psycopg2', '==2.9.9', 4, 'build', null],
    ]);
    expect(byName(report.packages, 'psycopg2').advice).toContain('use psycopg2-binary');
    expect(byName(report.packages, 'psycopg2').apt).toContain('libpq5');
  });

  it('alpine-ok installs from wheels on both arches', () => {
    const report = evaluateAlpine(loadProject(join(FIXTURES, 'alpine-ok')), { arch: 'all' });
    expect(report.verdict).toBe('ok');
    expect(report.pythonVersion).toBe('3.12');
    expect(report.packages.filter((p) => p.status !== 'pure' && p.status !== 'wheel')).toEqual([]);
    expect(report.packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['numpy', 'psycopg', 'psycopg-binary', 'pyyaml', 'uvicorn', 'uvloop', 'httptools']),
    );
    expect(byName(report.packages, 'psycopg-binary').via).toBe('psycopg[binary]');
  });

  it('pyyaml 6.0.1 has x86_64 musl wheels but not aarch64 ones', () => {
    const p = project([req('PyYAML==6.0.1', { key: 'pyyaml' })]);
    expect(evaluateAlpine(p, { arch: 'x86_64' }).packages[0].status).toBe('wheel');
    expect(evaluateAlpine(p, { arch: 'aarch64' }).packages[0].status).toBe('build');
  });
});

describe('describeApk', () => {
  it('lists build packages, then the runtime libraries that are not build packages', () => {
    expect(describeApk(['build-base', 'libpq-dev'], ['libpq'])).toBe('`apk add build-base libpq-dev`, runtime: libpq');
    expect(describeApk(['build-base', 'build-base'], [])).toBe('`apk add build-base`');
    expect(describeApk([], ['libpq', 'libpq'])).toBe('runtime: libpq');
    expect(describeApk(['build-base', 'yaml'], ['yaml'])).toBe('`apk add build-base yaml`');
    expect(describeApk([], [])).toBe('');
  });
});

describe('packages without musllinux wheel and without sdist', () => {
  it('never say pip compiles them, even for a release in a gap', () => {
    const gapped = entry('wheelgap', { sdist: false, x86: '1.0', gaps: ['==1.5'] });
    const only = (key: string): MuslEntry | null => (key === 'wheelgap' ? gapped : null);
    const p = evaluateAlpine(project([req('wheelgap==1.5')]), { arch: 'x86_64', lookup: only, pythonVersion: '3.12' }).packages[0];
    expect(p.status).toBe('unavailable');
    expect(p.advice).toBe(
      'the release wheelgap==1.5 selects has no musllinux wheel (gap ==1.5) and no sdist: pip cannot install it on Alpine; pick another release or use python:3.12-slim',
    );
    const none = evaluateAlpine(project([req('wheelonly')]), { arch: 'x86_64', lookup, pythonVersion: '3.12' }).packages[0];
    expect(none.advice).toBe('no musllinux wheels and no sdist: pip cannot install it on Alpine; use python:3.12-slim');
    expect(none.advice).not.toMatch(/compiles/);
  });
});

describe('the repository\'s own packages', () => {
  it('workspace members and the project itself are not looked up', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadProject } = await import('../../src/load.js');
    const root = mkdtempSync(join(tmpdir(), 'slimreq-ws-'));
    mkdirSync(join(root, 'packages/core'), { recursive: true });
    writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "acme"\nversion = "1"\ndependencies = ["acme-core", "flask"]\n\n[tool.uv.sources]\nacme-core = { workspace = true }\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n');
    writeFileSync(join(root, 'packages/core/pyproject.toml'), '[project]\nname = "acme-core"\nversion = "1"\ndependencies = ["requests"]\n');
    const report = evaluateAlpine(loadProject(root), { arch: 'x86_64' });
    expect(report.packages.map((p) => p.key).sort()).toEqual(['flask', 'requests']);
  });
});

describe('URL, VCS and path requirements', () => {
  it('are listed as unknown (built from source, not checked) instead of being left out', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadProject } = await import('../../src/load.js');
    const root = mkdtempSync(join(tmpdir(), 'slimreq-url-'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'requirements.txt'), 'flask==3.0.3\nprivate @ git+https://github.com/acme/private.git@v1.2\n');
    const report = evaluateAlpine(loadProject(root), { arch: 'x86_64' });
    expect(report.packages.map((p) => [p.name, p.status])).toEqual([
      ['flask', 'pure'],
      ['private', 'unknown'],
    ]);
    expect(report.unknown).toBe(1);
    expect(report.packages[1].advice).toBe('installed from a URL, VCS or local path: pip builds it from source; not checked');
  });
});
