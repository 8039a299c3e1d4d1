// Extras released in lockstep: psycopg[binary]==X pins psycopg-binary==X, so the pulled package is
// judged with the parent's specifier, not as "any release".
import { describe, expect, it } from 'vitest';
import type { MuslEntry } from '../../src/catalog/musl-types.js';
import { evaluateAlpine, type AlpineArch, type AlpineReport } from '../../src/alpine/evaluate.js';
import { renderAlpineJson, renderAlpineText } from '../../src/alpine/render.js';
import type { OnlineLookup } from '../../src/alpine/online.js';
import { parseDockerfile } from '../../src/parse/dockerfile.js';
import type { Project, Requirement } from '../../src/model.js';
import { requirementFrom } from '../support/requirement.js';

function req(spec: string, line = 1): Requirement {
  return requirementFrom(spec, { line });
}

function project(specs: string[], tag = '3.12'): Project {
  return {
    root: '/repo',
    files: [],
    manifests: [
      {
        path: 'requirements.txt',
        kind: 'requirements',
        group: 'prod',
        groupReason: 'file name',
        requirements: specs.map((s, i) => req(s, i + 1)),
        includes: [],
        diagnostics: [],
      },
    ],
    dockerfiles: [parseDockerfile(`FROM python:${tag}-alpine\nRUN pip install -r requirements.txt\n`, 'Dockerfile')],
    dockerignores: [],
    presentPaths: [],
    diagnostics: [],
  };
}

function evaluate(specs: string[], opts: { tag?: string; arch?: AlpineArch; lookup?: (k: string) => MuslEntry | null; online?: OnlineLookup } = {}): AlpineReport {
  return evaluateAlpine(project(specs, opts.tag), { arch: opts.arch ?? 'x86_64', lookup: opts.lookup, online: opts.online });
}

describe('psycopg[binary] (bundled catalog)', () => {
  it('3.0.1 predates psycopg-binary musl wheels (3.0.3) and psycopg-binary has no sdist: unavailable', () => {
    const report = evaluate(['psycopg[binary]==3.0.1']);
    expect(report.packages.map((p) => [p.name, p.specifier, p.status, p.via ?? null])).toEqual([
      ['psycopg', '==3.0.1', 'pure', null],
      ['psycopg-binary', '==3.0.1', 'unavailable', 'psycopg[binary]'],
    ]);
    expect(report.verdict).toBe('avoid');
    expect(report.packages[1].advice).toBe(
      'psycopg-binary==3.0.1 predates musllinux wheels (first in 3.0.3) and has no sdist: allow psycopg>=3.0.3 or use python:3.12-slim',
    );
  });

  it('3.1.18 installs psycopg-binary 3.1.18 from a wheel', () => {
    const report = evaluate(['psycopg[binary]==3.1.18']);
    expect(report.verdict).toBe('ok');
    expect(report.packages[1]).toMatchObject({ name: 'psycopg-binary', specifier: '==3.1.18', status: 'wheel', musllinuxSince: '3.0.3', via: 'psycopg[binary]' });
  });

  it('an open floor below the first musl wheel is flagged, and the advice names the parent', () => {
    const p = evaluate(['psycopg[binary]>=3.0']).packages[1];
    expect(p).toMatchObject({ specifier: '>=3.0', status: 'wheel', olderWithoutWheels: true });
    expect(p.advice).toMatch(/: require psycopg>=3\.0\.3$/);
    expect(evaluate(['psycopg[binary]>=3.1']).packages[1].olderWithoutWheels).toBeUndefined();
  });

  it('a cap below the first musl wheel makes it unavailable too', () => {
    expect(evaluate(['psycopg[binary]<3.0.3']).packages[1].status).toBe('unavailable');
    expect(evaluate(['psycopg[binary]~=3.0.0']).packages[1].status).toBe('wheel');
  });

  it('an unpinned parent leaves the pulled package unpinned, and a lock may still pin an old pair', () => {
    const p = evaluate(['psycopg[binary]']).packages[1];
    expect(p).toMatchObject({ specifier: '', status: 'wheel', olderWithoutWheels: true });
    expect(p.advice).toMatch(/require psycopg>=3\.0\.3$/);
  });

  it('the extra name is matched case-insensitively', () => {
    expect(evaluate(['psycopg[Binary]==3.0.1']).packages[1]).toMatchObject({ specifier: '==3.0.1', via: 'psycopg[Binary]' });
  });

  it('combines with the Python version: psycopg-binary 3.2.1 has no cp313 wheels', () => {
    const p = evaluate(['psycopg[binary]==3.2.1'], { tag: '3.13' }).packages[1];
    expect(p.status).toBe('unavailable');
    expect(p.advice).toBe(
      'psycopg-binary 3.2.1 has no wheels for Python 3.13; first in 3.2.2, and there is no sdist: pip cannot install it; allow psycopg>=3.2.2 or use an older Python',
    );
    expect(evaluate(['psycopg[binary]==3.2.2'], { tag: '3.13' }).packages[1].status).toBe('wheel');
  });

  it('psycopg[c] passes the specifier on too (psycopg-c always builds)', () => {
    const p = evaluate(['psycopg[c]==3.1.18']).packages[1];
    expect(p).toMatchObject({ name: 'psycopg-c', specifier: '==3.1.18', status: 'build', via: 'psycopg[c]' });
  });

  it('extras that are not in lockstep still pull "any release"', () => {
    const report = evaluate(['uvicorn[standard]==0.30.6']);
    expect(report.packages.filter((p) => p.via).map((p) => [p.name, p.specifier])).toEqual([
      ['httptools', ''],
      ['uvloop', ''],
      ['watchfiles', ''],
      ['websockets', ''],
    ]);
  });

  it('a package required directly is not repeated for the extra', () => {
    const report = evaluate(['psycopg[binary]==3.0.1', 'psycopg-binary==3.1.18']);
    expect(report.packages.map((p) => [p.name, p.specifier, p.via ?? null])).toEqual([
      ['psycopg', '==3.0.1', null],
      ['psycopg-binary', '==3.1.18', null],
    ]);
  });
});

describe('rendering a lockstep package', () => {
  it('the table shows the pulled package with the parent specifier', () => {
    const text = renderAlpineText(evaluate(['psycopg[binary]==3.0.1']), { color: false });
    const row = text.split('\n').find((l) => l.startsWith('psycopg-binary'))!;
    expect(row.split(/\s{2,}/).slice(0, 4)).toEqual(['psycopg-binary (via psycopg[binary])', '==3.0.1', 'unavailable', '3.0.3']);
  });

  it('the JSON keeps its shape: specifier and via', () => {
    const doc = JSON.parse(renderAlpineJson(evaluate(['psycopg[binary]==3.1.18']))) as { packages: Array<Record<string, unknown>> };
    expect(doc.packages[1]).toEqual({
      name: 'psycopg-binary',
      specifier: '==3.1.18',
      file: 'requirements.txt',
      line: 1,
      status: 'wheel',
      musllinuxSince: '3.0.3',
      apk: [],
      apt: [],
      advice: 'installs from a musllinux wheel (wheels since 3.0.3)',
      evidence: 'catalog',
      via: 'psycopg[binary]',
    });
  });
});

describe('lockstep with --online', () => {
  it('asks the index about the pulled package with the parent specifier', () => {
    const parent: MuslEntry = {
      key: 'acme',
      compiled: 'no',
      sdist: true,
      pureWheel: true,
      musllinux: { x86_64: { since: null, sources: ['https://example.test'] }, aarch64: { since: null, sources: ['https://example.test'] } },
      apt: [],
      apk: [],
      aptRuntime: [],
      apkRuntime: [],
      extras: { fast: ['acme-fast'], other: ['acme-other'] },
      extrasLockstep: ['fast'],
      rationale: 'a parent with a lockstep extra',
      sources: ['https://example.test'],
      reviewed: '2026-11-27',
    };
    const asked: string[] = [];
    const online: OnlineLookup = {
      evaluate(key, specifier, arch, python) {
        asked.push(`${key} '${specifier}' ${arch} ${python}`);
        return { status: 'wheel', version: '2.0', musllinuxSince: '1.5', olderWithoutWheels: true, found: true, foundOn: ['https://pypi.org/simple'] };
      },
    };
    const report = evaluate(['acme[fast,other]>=1'], { lookup: (k) => (k === 'acme' ? parent : null), online });
    expect(asked).toEqual(["acme-fast '>=1' x86_64 3.12", "acme-other '' x86_64 3.12"]);
    const fast = report.packages.find((p) => p.name === 'acme-fast')!;
    expect(fast).toMatchObject({ specifier: '>=1', olderWithoutWheels: true });
    expect(fast.advice).toMatch(/require acme>=1\.5$/);
    expect(report.packages.find((p) => p.name === 'acme-other')!.olderWithoutWheels).toBeUndefined();
  });
});
