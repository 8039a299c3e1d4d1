import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MuslEntry } from '../../../src/catalog/musl-types.js';
import { lookupMusl } from '../../../src/catalog/musl.js';
import rule, { archOfPlatform, checkAlpineSourceBuild, isAlpineImage } from '../../../src/rules/alpine/alpine-source-build.js';
import { alpineRules } from '../../../src/rules/alpine/index.js';
import type { ReportInput } from '../../../src/rules/types.js';
import { parseDockerfile } from '../../../src/parse/dockerfile.js';
import { loadProject } from '../../../src/load.js';
import { runRules } from '../../../src/audit.js';
import type { Project, Requirement } from '../../../src/model.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures');

function entry(key: string, x86: string | null, arm: string | null, over: Partial<MuslEntry> = {}): MuslEntry {
  return {
    key,
    compiled: 'yes',
    sdist: true,
    musllinux: { x86_64: { since: x86, sources: [] }, aarch64: { since: arm, sources: [] } },
    apt: [],
    apk: [],
    aptRuntime: [],
    apkRuntime: [],
    rationale: 'test',
    sources: [],
    reviewed: '2024-06-01',
    ...over,
  };
}

const CATALOG: Record<string, MuslEntry> = {
  numpy: entry('numpy', '1.25.0', '1.26.2', { apk: ['build-base', 'openblas-dev'] }),
  psycopg2: entry('psycopg2', null, null, { apk: ['build-base', 'libpq-dev'], apkRuntime: ['libpq'], alternative: 'psycopg2-binary' }),
  torch: entry('torch', null, null, { sdist: false }),
  pyyaml: entry('pyyaml', '6.0.1', '6.0.2', { compiled: 'optional', apk: ['build-base', 'yaml-dev'] }),
  gunicorn: entry('gunicorn', null, null, { compiled: 'no', pureWheel: true }),
};
const lookup = (key: string): MuslEntry | null => CATALOG[key] ?? null;

function req(name: string, specifier: string, line: number, over: Partial<Requirement> = {}): Requirement {
  return {
    name,
    key: name.toLowerCase(),
    specifier,
    extras: [],
    marker: null,
    url: null,
    editable: false,
    hashes: [],
    file: 'requirements.txt',
    line,
    column: 1,
    endLine: line,
    source: `${name}${specifier}`,
    group: 'prod',
    groupName: null,
    origin: 'requirements',
    constraintOnly: false,
    ignores: [],
    ...over,
  };
}

function project(dockerfile: string, requirements: Requirement[]): Project {
  return {
    root: '/repo',
    files: [],
    manifests: [{ path: 'requirements.txt', kind: 'requirements', group: 'prod', groupReason: null, requirements, includes: [], diagnostics: [] }],
    dockerfiles: [parseDockerfile(dockerfile, 'Dockerfile')],
    dockerignores: [],
    presentPaths: [],
    diagnostics: [],
  };
}

function check(dockerfile: string, requirements: Requirement[]): ReportInput[] {
  const found: ReportInput[] = [];
  checkAlpineSourceBuild(
    { project: project(dockerfile, requirements), catalog: { devTool: () => null }, report: (f) => found.push(f) },
    lookup,
  );
  return found;
}

const RISKY = [req('gunicorn', '==22.0.0', 1), req('numpy', '<1.25', 2), req('psycopg2', '==2.9.9', 3)];

describe('alpine-source-build', () => {
  it('reports at FROM and at each requirement that compiles', () => {
    const findings = check('FROM python:3.11-alpine\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', RISKY);
    expect(findings.map((f) => [f.file, f.line, f.column, f.package ?? null])).toEqual([
      ['Dockerfile', 1, 1, null],
      ['requirements.txt', 2, 1, 'numpy'],
      ['requirements.txt', 3, 1, 'psycopg2'],
    ]);
    expect(findings[0].message).toBe(
      'python:3.11-alpine has no musllinux wheels for numpy<1.25, psycopg2==2.9.9 on x86_64: pip compiles them from source (needs `apk add build-base openblas-dev libpq-dev`, runtime: libpq)',
    );
    expect(findings[0].severity).toBeUndefined();
    expect(findings[0].fix).toBe('use python:3.11-slim, or move to versions with musllinux wheels');
    expect(findings[1].message).toBe('numpy<1.25 compiles from source on Alpine (python:3.11-alpine in Dockerfile:1)');
    expect(findings[1].fix).toMatch(/^numpy<1\.25 predates musllinux wheels \(first in 1\.25\.0\).*allow numpy>=1\.25\.0 or use python:3\.11-slim$/);
    expect(findings[2].fix).toContain('use psycopg2-binary');
    // The requirement's advice words the apk packages as the FROM finding does.
    expect(findings[2].fix).toContain('after `apk add build-base libpq-dev`, runtime: libpq;');
  });

  it('reports a package that cannot install at all as an error, without saying pip compiles it', () => {
    const findings = check('FROM python:3.12-alpine\nRUN pip install -r requirements.txt\n', [req('torch', '==2.4.0', 1)]);
    expect(findings).toEqual([
      {
        file: 'Dockerfile',
        line: 1,
        column: 1,
        message: 'python:3.12-alpine cannot install torch==2.4.0 on x86_64: no musllinux wheel and no sdist',
        fix: 'use python:3.12-slim, or move to versions with musllinux wheels',
        severity: 'error',
      },
      {
        file: 'requirements.txt',
        line: 1,
        column: 1,
        message: 'torch==2.4.0 cannot be installed on Alpine: no musllinux wheel and no sdist (python:3.12-alpine in Dockerfile:1)',
        package: 'torch',
        fix: 'no musllinux wheels and no sdist: pip cannot install it on Alpine; use python:3.12-slim',
        severity: 'error',
      },
    ]);
    for (const f of findings) expect(`${f.message} ${f.fix}`).not.toMatch(/compil/);
  });

  it('lists packages that cannot install apart from those pip compiles', () => {
    const findings = check('FROM python:3.11-alpine\nRUN pip install -r requirements.txt\n', [...RISKY, req('torch', '', 4)]);
    expect(findings.map((f) => [f.line, f.package ?? null, f.severity ?? 'warning'])).toEqual([
      [1, null, 'error'],
      [2, 'numpy', 'warning'],
      [3, 'psycopg2', 'warning'],
      [4, 'torch', 'error'],
    ]);
    expect(findings[0].message).toBe(
      'python:3.11-alpine has no musllinux wheels for numpy<1.25, psycopg2==2.9.9 on x86_64: pip compiles them from source (needs `apk add build-base openblas-dev libpq-dev`, runtime: libpq); torch cannot be installed at all (no musllinux wheel and no sdist)',
    );
  });

  it.each([
    ['FROM python:3.11-slim\nRUN pip install -r requirements.txt\n', 'a Debian base'],
    ['FROM python:3.11-alpine\nRUN apk add --no-cache curl\n', 'no Python install'],
    ['FROM python:3.11-alpine AS build\nRUN pip wheel -r requirements.txt -w /wheels\n', 'pip wheel, not install'],
  ])('stays quiet for %j (%s)', (dockerfile) => {
    expect(check(dockerfile, RISKY)).toEqual([]);
  });

  it('stays quiet when everything installs from wheels', () => {
    const fine = [req('gunicorn', '', 1), req('numpy', '==1.26.4', 2), req('pyyaml', '>=6.0.2', 3)];
    expect(check('FROM python:3.12-alpine\nRUN pip install -r requirements.txt\n', fine)).toEqual([]);
  });

  it('uses the stage platform: arm64 lacks pyyaml 6.0.1 wheels', () => {
    const reqs = [req('pyyaml', '==6.0.1', 1)];
    expect(check('FROM python:3.12-alpine\nRUN pip install pyyaml==6.0.1\n', reqs)).toEqual([]);
    const arm = check('FROM --platform=linux/arm64 python:3.12-alpine\nRUN pip install -r requirements.txt\n', reqs);
    expect(arm.map((f) => f.line)).toEqual([1, 1]);
    expect(arm[0].message).toContain('on aarch64');
  });

  it('follows stages built on an Alpine stage, and other installers', () => {
    const dockerfile = [
      'FROM alpine:3.20 AS base',
      'RUN apk add --no-cache python3 py3-pip',
      'FROM base AS app',
      'RUN uv pip install --system -r requirements.txt',
    ].join('\n');
    const findings = check(dockerfile, RISKY);
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(['Dockerfile:3', 'requirements.txt:2', 'requirements.txt:3']);
    expect(findings[0].message).toMatch(/^alpine:3\.20 has no musllinux wheels/);
  });

  it('reports each requirement once across several Alpine stages', () => {
    const dockerfile = 'FROM python:3.11-alpine AS test\nRUN pip install -r requirements.txt\nFROM python:3.11-alpine\nRUN pip install -r requirements.txt\n';
    expect(check(dockerfile, RISKY).map((f) => `${f.file}:${f.line}`)).toEqual([
      'Dockerfile:1',
      'requirements.txt:2',
      'requirements.txt:3',
      'Dockerfile:3',
    ]);
  });

  it('recognizes Alpine images and platforms', () => {
    expect(isAlpineImage('python:3.12-alpine3.20')).toBe(true);
    expect(isAlpineImage('docker.io/library/alpine:3.20')).toBe(true);
    expect(isAlpineImage('python:alpine')).toBe(true);
    expect(isAlpineImage('python:3.12-slim')).toBe(false);
    expect(isAlpineImage('ghcr.io/acme/alpine-tools-debian:1')).toBe(false);
    expect(archOfPlatform('linux/arm64/v8')).toBe('aarch64');
    expect(archOfPlatform('linux/amd64')).toBe('x86_64');
    expect(archOfPlatform('$BUILDPLATFORM')).toBe('x86_64');
    expect(archOfPlatform(null)).toBe('x86_64');
  });

  it('is registered and documented', () => {
    expect(alpineRules).toEqual([rule]);
    expect(rule).toMatchObject({ code: 'SR201', name: 'alpine-source-build', severity: 'warning' });
    for (const section of ['what', 'why', 'bad', 'good', 'fix'] as const) expect(rule.docs[section].length).toBeGreaterThan(20);
    expect(rule.docs.references?.length).toBeGreaterThan(0);
  });
});

describe('fixtures, with the bundled catalog', () => {
  it('alpine-risky: FROM and both compiling requirements', () => {
    const project = loadProject(join(FIXTURES, 'alpine-risky'));
    const findings = runRules(project, { rules: alpineRules });
    expect(findings.map((f) => [f.code, f.file, f.line, f.package])).toEqual([
      ['SR201', 'Dockerfile', 1, null],
      ['SR201', 'requirements.txt', 3, 'numpy'],
      ['SR201', 'requirements.txt', 4, 'psycopg2'],
    ]);
    // Build packages first, then the runtime libraries, in the same words at FROM and at each requirement.
    expect(findings[0].message).toContain('(needs `apk add build-base openblas-dev pkgconf libpq-dev`, runtime: openblas libstdc++ libpq)');
    expect(findings[2].fix).toContain('after `apk add build-base libpq-dev`, runtime: libpq;');
  });

  it('alpine-ok: nothing to report', () => {
    const project = loadProject(join(FIXTURES, 'alpine-ok'));
    expect(runRules(project, { rules: alpineRules })).toEqual([]);
  });
});

describe('alpine-source-build and the Python of the image (bundled catalog)', () => {
  function checkBundled(dockerfile: string, requirements: Requirement[]): ReportInput[] {
    const found: ReportInput[] = [];
    checkAlpineSourceBuild(
      { project: project(dockerfile, requirements), catalog: { devTool: () => null }, report: (f) => found.push(f) },
      lookupMusl,
    );
    return found;
  }

  it('numpy==1.25.2 compiles on python:3.12-alpine (no cp312 wheels) but not on python:3.11-alpine', () => {
    const on312 = checkBundled('FROM python:3.12-alpine\nRUN pip install -r requirements.txt\n', [req('numpy', '==1.25.2', 1)]);
    expect(on312.map((f) => [f.file, f.line, f.package ?? null])).toEqual([
      ['Dockerfile', 1, null],
      ['requirements.txt', 1, 'numpy'],
    ]);
    expect(on312[1].message).toBe('numpy==1.25.2 compiles from source on Alpine (python:3.12-alpine in Dockerfile:1)');
    expect(on312[1].fix).toMatch(/^numpy 1\.25\.2 has no wheels for Python 3\.12; first in 1\.26\.0: /);
    expect(checkBundled('FROM python:3.11-alpine\nRUN pip install -r requirements.txt\n', [req('numpy', '==1.25.2', 1)])).toEqual([]);
  });

  it('psycopg[binary]==3.0.1 cannot install: psycopg-binary 3.0.1 has no musl wheel and no sdist', () => {
    const findings = checkBundled('FROM python:3.12-alpine\nRUN pip install -r requirements.txt\n', [
      req('psycopg', '==3.0.1', 1, { extras: ['binary'] }),
    ]);
    expect(findings.map((f) => [f.line, f.package ?? null, f.severity ?? 'warning'])).toEqual([
      [1, null, 'error'],
      [1, 'psycopg-binary', 'error'],
    ]);
    expect(findings[1].message).toContain('psycopg-binary==3.0.1 (via psycopg[binary])');
    expect(checkBundled('FROM python:3.12-alpine\n', [req('psycopg', '==3.1.18', 1, { extras: ['binary'] })])).toEqual([]);
  });
});

describe('only what the image can install', () => {
  const write = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'slimreq-alpine-ctx-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  };

  it("another service's manifests, outside the Alpine image's build context, are not its packages", () => {
    const root = write({
      'api/requirements.txt': 'psycopg2==2.9.9\n',
      'mcp/requirements.txt': 'httpx==0.27.0\n',
      'mcp/Dockerfile': 'FROM python:3.12-alpine\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
    });
    const findings = runRules(loadProject(root)).filter((f) => f.rule === 'alpine-source-build');
    expect(findings).toEqual([]);
  });

  it('a requirements file the image does not install is left out when the image names the ones it installs', () => {
    const root = write({
      'requirements-full.txt': 'psycopg2==2.9.9\n',
      'requirements.txt': 'httpx==0.27.0\n',
      Dockerfile: 'FROM python:3.12-alpine\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n',
    });
    expect(runRules(loadProject(root)).filter((f) => f.rule === 'alpine-source-build')).toEqual([]);
    const installsBoth = write({
      'requirements-full.txt': 'psycopg2==2.9.9\n',
      'requirements.txt': 'httpx==0.27.0\n',
      Dockerfile: 'FROM python:3.12-alpine\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt -r requirements-full.txt\n',
    });
    expect(runRules(loadProject(installsBoth)).filter((f) => f.rule === 'alpine-source-build').map((f) => f.file)).toContain('requirements-full.txt');
  });
});
