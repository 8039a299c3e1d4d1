// Per-Python wheel coverage: a release with musllinux wheels can still compile on Alpine when it has
// no wheels for the image's CPython (numpy 1.25.x and Python 3.12).
import { describe, expect, it } from 'vitest';
import type { MuslEntry } from '../../src/catalog/musl-types.js';
import { lookupMusl } from '../../src/catalog/musl.js';
import { evaluateAlpine, evaluateEntryForArch, pythonSinceFor, type AlpineArch, type AlpinePackage } from '../../src/alpine/evaluate.js';
import { parseDockerfile } from '../../src/parse/dockerfile.js';
import type { Manifest, Project, Requirement } from '../../src/model.js';
import { requirementFrom } from '../support/requirement.js';

function req(spec: string, line = 1): Requirement {
  return requirementFrom(spec, { line });
}

function project(specs: string[], extra: { dockerfile?: string; requiresPython?: string } = {}): Project {
  const manifest: Manifest = {
    path: 'requirements.txt',
    kind: 'requirements',
    group: 'prod',
    groupReason: 'file name',
    requirements: specs.map((s, i) => req(s, i + 1)),
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

const alpine = (tag: string): string => `FROM python:${tag}-alpine\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n`;

/** The one package of a one-requirement project, judged with the bundled catalog. */
function one(spec: string, tag: string, arch: AlpineArch = 'x86_64'): AlpinePackage {
  const report = evaluateAlpine(project([spec], { dockerfile: alpine(tag) }), { arch });
  expect(report.packages).toHaveLength(1);
  return report.packages[0];
}

function entry(key: string, over: Partial<MuslEntry>): MuslEntry {
  return {
    key,
    compiled: 'yes',
    sdist: true,
    musllinux: { x86_64: { since: '1.0', sources: ['https://example.test'] }, aarch64: { since: '1.0', sources: ['https://example.test'] } },
    apt: ['gcc'],
    apk: ['build-base'],
    aptRuntime: [],
    apkRuntime: [],
    rationale: 'a test entry with per-Python wheels',
    sources: ['https://example.test'],
    reviewed: '2026-11-27',
    ...over,
  };
}

describe('numpy and the Python of the image (bundled catalog)', () => {
  it('numpy==1.25.2 on python:3.12-alpine compiles: 1.25.x has no cp312 wheels at all', () => {
    const report = evaluateAlpine(project(['numpy==1.25.2'], { dockerfile: alpine('3.12') }), { arch: 'x86_64' });
    expect(report.pythonVersion).toBe('3.12');
    expect(report.verdict).toBe('avoid');
    const p = report.packages[0];
    expect(p).toMatchObject({ name: 'numpy', specifier: '==1.25.2', status: 'build', musllinuxSince: '1.26.0' });
    expect(p.advice).toBe(
      'numpy 1.25.2 has no wheels for Python 3.12; first in 1.26.0: pip compiles it on Alpine (C extensions and a BLAS/LAPACK to link), after `apk add build-base openblas-dev pkgconf`, runtime: openblas libstdc++ (a -slim image would compile it too); allow numpy>=1.26.0 or use an older Python',
    );
    expect(p.apk).toEqual(['build-base', 'openblas-dev', 'pkgconf', 'openblas', 'libstdc++']);
  });

  it('numpy<1.26 on python:3.12-alpine compiles, and the advice names the cap', () => {
    const p = one('numpy<1.26', '3.12');
    expect(p.status).toBe('build');
    expect(p.advice).toMatch(/^numpy<1\.26 admits no release with wheels for Python 3\.12; first in 1\.26\.0: pip compiles it/);
    expect(one('numpy<=1.25.2', '3.12').status).toBe('build');
    expect(one('numpy~=1.25.0', '3.12').status).toBe('build');
  });

  it('numpy==1.26.4 on python:3.12-alpine installs from a wheel', () => {
    const p = one('numpy==1.26.4', '3.12');
    expect(p).toMatchObject({ status: 'wheel', musllinuxSince: '1.26.0', apk: [] });
    expect(p.advice).toBe('installs from a musllinux wheel (wheels for Python 3.12 since 1.26.0)');
  });

  it('numpy==1.25.2 on python:3.11-alpine installs from a wheel (musl since 1.25.0, cp311 since 1.23.2)', () => {
    const p = one('numpy==1.25.2', '3.11');
    expect(p).toMatchObject({ status: 'wheel', musllinuxSince: '1.25.0' });
    expect(p.advice).toBe('installs from a musllinux wheel (wheels since 1.25.0)');
  });

  it('a release before musl wheels and before the Python says both, and asks for the later release', () => {
    const p = one('numpy==1.24.4', '3.12');
    expect(p.status).toBe('build');
    expect(p.advice).toMatch(
      /^numpy==1\.24\.4 predates musllinux wheels and wheels for Python 3\.12 \(first in 1\.26\.0\): pip compiles it .*; allow numpy>=1\.26\.0 or use python:3\.12-slim$/,
    );
    // On 3.11 only musl matters.
    expect(one('numpy==1.24.4', '3.11').advice).toMatch(/^numpy==1\.24\.4 predates musllinux wheels \(first in 1\.25\.0\)/);
  });

  it('an open floor below the Python cliff is a wheel that a lock may pin below it', () => {
    const p = one('numpy>=1.25', '3.12');
    expect(p).toMatchObject({ status: 'wheel', olderWithoutWheels: true, musllinuxSince: '1.26.0' });
    expect(p.advice).toBe(
      'musllinux wheels for Python 3.12 since 1.26.0, but older releases the specifier admits have none and a lock may pin one: require numpy>=1.26.0',
    );
    expect(one('numpy>=1.26', '3.12').olderWithoutWheels).toBeUndefined();
  });

  it('later Pythons: 3.13 from 2.1.0, 3.14 from 2.3.2', () => {
    expect(one('numpy==2.0.2', '3.13').status).toBe('build');
    expect(one('numpy==2.1.0', '3.13').status).toBe('wheel');
    expect(one('numpy==2.2.6', '3.14').advice).toMatch(/^numpy 2\.2\.6 has no wheels for Python 3\.14; first in 2\.3\.2:/);
    expect(one('numpy==2.3.2', '3.14').status).toBe('wheel');
    // A Python newer than the catalog knows keeps the latest known bar.
    expect(one('numpy==2.3.1', '3.15').status).toBe('build');
  });

  it('on aarch64 the later musl start wins over the Python start', () => {
    const p = one('numpy==1.26.1', '3.12', 'aarch64');
    expect(p).toMatchObject({ status: 'build', musllinuxSince: '1.26.2' });
    expect(p.advice).toMatch(/^numpy==1\.26\.1 predates musllinux wheels \(first in 1\.26\.2\)/);
    const both = evaluateAlpine(project(['numpy==1.25.2'], { dockerfile: alpine('3.12') }), { arch: 'all' }).packages[0];
    expect(both).toMatchObject({ status: 'build', musllinuxSince: '1.26.2' });
    expect(both.advice).toMatch(/allow numpy>=1\.26\.2 /);
  });

  it('without a known Python the per-Python data is not used', () => {
    const p = evaluateAlpine(project(['numpy==1.25.2']), { arch: 'x86_64' }).packages[0];
    expect(p).toMatchObject({ status: 'wheel', musllinuxSince: '1.25.0' });
  });

  it('takes the Python from requires-python when no Dockerfile names it, and from the option first', () => {
    const fromPyproject = evaluateAlpine(project(['numpy==1.25.2'], { requiresPython: '>=3.12' }), { arch: 'x86_64' });
    expect(fromPyproject.pythonVersion).toBe('3.12');
    expect(fromPyproject.packages[0].status).toBe('build');
    const forced = evaluateAlpine(project(['numpy==1.25.2'], { dockerfile: alpine('3.12') }), { arch: 'x86_64', pythonVersion: '3.11' });
    expect(forced.packages[0].status).toBe('wheel');
  });

  it('pandas 2.1.0 (musl wheels, no cp312) compiles on 3.12; 2.1.1 does not', () => {
    expect(one('pandas==2.1.0', '3.12').advice).toMatch(/^pandas 2\.1\.0 has no wheels for Python 3\.12; first in 2\.1\.1:/);
    expect(one('pandas==2.1.1', '3.12').status).toBe('wheel');
    expect(one('pandas==2.2.2', '3.13').status).toBe('build');
    expect(one('pandas==2.2.3', '3.13').status).toBe('wheel');
  });

  it('orjson got musllinux wheels for 3.11 only in 3.8.10', () => {
    expect(one('orjson==3.8.9', '3.11').status).toBe('build');
    expect(one('orjson==3.8.9', '3.10').status).toBe('wheel');
    expect(one('orjson==3.8.10', '3.11').status).toBe('wheel');
  });

  it('psycopg2-binary follows its release notes per Python', () => {
    expect(one('psycopg2-binary==2.9.8', '3.12').status).toBe('build');
    expect(one('psycopg2-binary==2.9.9', '3.12').status).toBe('wheel');
    expect(one('psycopg2-binary==2.9.9', '3.13').status).toBe('build');
    expect(one('psycopg2-binary==2.9.10', '3.13').status).toBe('wheel');
  });
});

describe('pythonSinceFor', () => {
  const numpy = lookupMusl('numpy')!;

  it('takes the latest start at or below the Python version', () => {
    expect(pythonSinceFor(numpy, '3.12')).toBe('1.26.0');
    expect(pythonSinceFor(numpy, '3.13')).toBe('2.1.0');
    expect(pythonSinceFor(numpy, '3.20')).toBe('2.3.2');
  });

  it('is null below the first listed version, for an unknown Python, and for entries without data', () => {
    expect(pythonSinceFor(numpy, '3.10')).toBeNull();
    expect(pythonSinceFor(numpy, '3.9')).toBeNull();
    expect(pythonSinceFor(numpy, null)).toBeNull();
    expect(pythonSinceFor(numpy, undefined)).toBeNull();
    expect(pythonSinceFor(lookupMusl('cryptography')!, '3.13')).toBeNull();
  });

  it('compares Python versions numerically (3.9 < 3.10)', () => {
    const e = entry('x', { pythonSince: { '3.9': '1.0', '3.10': '2.0' } });
    expect(pythonSinceFor(e, '3.9')).toBe('1.0');
    expect(pythonSinceFor(e, '3.10')).toBe('2.0');
    expect(pythonSinceFor(e, '3.11')).toBe('2.0');
  });
});

describe('evaluateEntryForArch with a Python version', () => {
  const fast = entry('fastlib', { pythonSince: { '3.12': '2.0' } });

  it('pinned releases between the musl start and the Python start are before-python', () => {
    expect(evaluateEntryForArch(fast, '==1.5', 'x86_64', '3.12')).toMatchObject({
      status: 'build',
      why: 'before-python',
      since: '2.0',
      pinned: '1.5',
      python: { version: '3.12', since: '2.0' },
    });
    expect(evaluateEntryForArch(fast, '==1.5', 'x86_64', '3.11')).toMatchObject({ status: 'wheel', since: '1.0' });
    expect(evaluateEntryForArch(fast, '==1.5', 'x86_64')).toMatchObject({ status: 'wheel', since: '1.0' });
  });

  it('a Python start at or below the musl start changes nothing', () => {
    const early = entry('early', { pythonSince: { '3.12': '0.5' } });
    const r = evaluateEntryForArch(early, '==1.0', 'x86_64', '3.12');
    expect(r).toMatchObject({ status: 'wheel', since: '1.0' });
    expect(r.python).toBeUndefined();
  });

  it('no musl wheels stays no-wheels whatever the Python', () => {
    const none = entry('none', { musllinux: { x86_64: { since: null, sources: ['https://example.test'] }, aarch64: { since: null, sources: ['https://example.test'] } }, pythonSince: { '3.12': '2.0' } });
    expect(evaluateEntryForArch(none, '==3.0', 'x86_64', '3.12')).toMatchObject({ status: 'build', why: 'no-wheels', since: null });
  });

  it('a pure-Python wheel still installs when the compiled wheel misses the Python', () => {
    const speedups = entry('speedups', { compiled: 'optional', pureWheel: true, pythonSince: { '3.12': '2.0' } });
    expect(evaluateEntryForArch(speedups, '==1.5', 'x86_64', '3.12')).toMatchObject({ status: 'pure', why: 'pure-wheel' });
  });

  it('without an sdist a release missing the Python cannot install, and the advice says so', () => {
    const wheelonly = entry('wheelonly', { sdist: false, pythonSince: { '3.12': '2.0' } });
    expect(evaluateEntryForArch(wheelonly, '==1.5', 'x86_64', '3.12').status).toBe('unavailable');
    const p = evaluateAlpine(project(['wheelonly==1.5'], { dockerfile: alpine('3.12') }), {
      arch: 'x86_64',
      lookup: (k) => (k === 'wheelonly' ? wheelonly : null),
    }).packages[0];
    expect(p.status).toBe('unavailable');
    expect(p.advice).toBe(
      'wheelonly 1.5 has no wheels for Python 3.12; first in 2.0, and there is no sdist: pip cannot install it; allow wheelonly>=2.0 or use an older Python',
    );
    expect(p.advice).not.toMatch(/compil/);
  });

  it('gaps still apply at or after the Python start', () => {
    const gapped = entry('gapped', { musllinux: { x86_64: { since: '1.0', gaps: ['==2.1'], sources: ['https://example.test'] }, aarch64: { since: '1.0', sources: ['https://example.test'] } }, pythonSince: { '3.12': '2.0' } });
    expect(evaluateEntryForArch(gapped, '==2.1', 'x86_64', '3.12')).toMatchObject({ status: 'build', why: 'gap', gap: '==2.1' });
    expect(evaluateEntryForArch(gapped, '==2.2', 'x86_64', '3.12').status).toBe('wheel');
  });
});
