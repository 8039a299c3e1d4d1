import { describe, expect, it } from 'vitest';
import type { AlpinePackage, AlpineReport } from '../../src/alpine/evaluate.js';
import { renderAlpineJson, renderAlpineText } from '../../src/alpine/render.js';

const REPORT: AlpineReport = {
  verdict: 'avoid',
  unknown: 1,
  arch: 'x86_64',
  pythonVersion: '3.11',
  recommendedBase: 'python:3.11-slim',
  packages: [
    {
      name: 'numpy',
      key: 'numpy',
      specifier: '<1.25',
      file: 'requirements.txt',
      line: 3,
      status: 'build',
      musllinuxSince: '1.25.0',
      apk: ['build-base', 'openblas-dev'],
      apt: ['libopenblas0'],
      advice: 'allow numpy>=1.25.0 or use python:3.11-slim',
      evidence: 'catalog',
    },
    {
      name: 'uvloop',
      key: 'uvloop',
      specifier: '',
      file: 'requirements.txt',
      line: 4,
      status: 'wheel',
      musllinuxSince: '0.17.0',
      apk: [],
      apt: [],
      advice: 'installs from a musllinux wheel (wheels since 0.17.0)',
      via: 'uvicorn[standard]',
      evidence: 'catalog',
    },
    {
      name: 'fastlib',
      key: 'fastlib',
      specifier: '>=2',
      file: 'requirements.txt',
      line: 5,
      status: 'unknown',
      musllinuxSince: null,
      apk: [],
      apt: [],
      advice: 'not in the musl catalog: run with --online to ask the package index',
      evidence: null,
    },
    {
      name: 'pyyaml',
      key: 'pyyaml',
      specifier: '>=5',
      file: 'requirements.txt',
      line: 6,
      status: 'wheel',
      musllinuxSince: '6.0.1',
      apk: [],
      apt: ['libyaml-0-2'],
      advice: 'require pyyaml>=6.0.1',
      olderWithoutWheels: true,
      evidence: 'catalog',
    },
  ],
};

describe('renderAlpineText', () => {
  it('prints a table, the verdict and the recommended base', () => {
    expect(renderAlpineText(REPORT, { color: false })).toBe(
      [
        'Alpine (musl) check for x86_64, Python 3.11',
        '',
        'package                         specifier  status   musl wheels since  apk packages             advice',
        'numpy                           <1.25      build    1.25.0             build-base openblas-dev  allow numpy>=1.25.0 or use python:3.11-slim',
        'uvloop (via uvicorn[standard])  (any)      wheel    0.17.0             -                        installs from a musllinux wheel (wheels since 0.17.0)',
        'fastlib                         >=2        unknown  -                  -                        not in the musl catalog: run with --online to ask the package index',
        'pyyaml                          >=5        wheel    6.0.1              -                        require pyyaml>=6.0.1',
        '',
        'Verdict: avoid: requirements cannot install on Alpine or need long, heavy source builds',
        '3 known, 1 unknown: it is not in the catalog (run with --online to ask the index).',
        'Recommended base image: python:3.11-slim',
        '',
      ].join('\n'),
    );
  });

  it('colours statuses and the verdict only when asked', () => {
    const colored = renderAlpineText(REPORT, { color: true });
    expect(colored).toContain('\u001b[33mbuild  \u001b[39m');
    expect(colored).toContain('Verdict: \u001b[31mavoid');
    expect(renderAlpineText(REPORT, { color: false })).not.toContain('\u001b[');
  });

  it('handles an empty report', () => {
    const text = renderAlpineText({ ...REPORT, verdict: 'ok', pythonVersion: null, unknown: 0, recommendedBase: 'python:3.12-slim', arch: 'all', packages: [] }, { color: false });
    expect(text).toBe(
      [
        'Alpine (musl) check for x86_64 and aarch64, Python version unknown',
        '',
        'No production requirements found.',
        '',
        'Verdict: ok: every production requirement installs on Alpine without compiling',
        'Recommended base image: python:3.12-slim (Alpine also works for these packages; -slim avoids musl surprises as the requirements grow)',
        '',
      ].join('\n'),
    );
  });
});

describe('the verdict when some packages are unknown', () => {
  const known = REPORT.packages.filter((p) => p.status !== 'unknown' && p.status !== 'build');
  const unknownPkg = REPORT.packages.find((p) => p.status === 'unknown')!;
  const verdictOf = (text: string): string[] => text.split('\n').filter((l) => /^Verdict: |not in the catalog/.test(l));

  it('says ok only for the packages slimreq knows, and how many it does not', () => {
    const two = [unknownPkg, { ...unknownPkg, name: 'otherlib', key: 'otherlib' }];
    const report: AlpineReport = { ...REPORT, verdict: 'ok', unknown: 2, packages: [...known, ...two] };
    expect(verdictOf(renderAlpineText(report, { color: false }))).toEqual([
      'Verdict: ok: 2 known, 2 unknown; the unknown ones are not in the catalog (run with --online to ask the index)',
    ]);
    expect(renderAlpineText(report, { color: false })).not.toContain('every production requirement');
    expect(verdictOf(renderAlpineText({ ...report, packages: [known[0], unknownPkg] }, { color: false, online: true }))).toEqual([
      'Verdict: ok: 1 known, 1 unknown; the unknown one is not in the catalog nor found on the package index',
    ]);
    // A partial ok is not painted green.
    expect(renderAlpineText(report, { color: true })).toContain('Verdict: \u001b[33mok: 2 known, 2 unknown');
  });

  it('does not call a report ok when it knows none of the packages', () => {
    const report: AlpineReport = { ...REPORT, verdict: 'ok', unknown: 1, packages: [unknownPkg] };
    expect(verdictOf(renderAlpineText(report, { color: false }))).toEqual([
      'Verdict: unknown: slimreq does not know the package; it is not in the catalog (run with --online to ask the index)',
    ]);
  });

  it('says so for several unknown packages too', () => {
    const report: AlpineReport = { ...REPORT, verdict: 'ok', unknown: 2, packages: [unknownPkg, { ...unknownPkg, name: 'b', key: 'b' }] };
    expect(verdictOf(renderAlpineText(report, { color: false, online: true }))).toEqual([
      'Verdict: unknown: slimreq knows none of the 2 packages; they are not in the catalog nor found on the package index',
    ]);
  });

  it('keeps a risky or avoid verdict and adds a line about the unknown packages', () => {
    expect(verdictOf(renderAlpineText(REPORT, { color: false }))).toEqual([
      'Verdict: avoid: requirements cannot install on Alpine or need long, heavy source builds',
      '3 known, 1 unknown: it is not in the catalog (run with --online to ask the index).',
    ]);
  });

  it('counts them in the JSON document', () => {
    const report: AlpineReport = { ...REPORT, verdict: 'ok', unknown: 1, packages: [...known, unknownPkg] };
    expect(JSON.parse(renderAlpineJson(report))).toMatchObject({ verdict: 'ok', unknown: 1 });
    expect(JSON.parse(renderAlpineJson({ ...report, unknown: 0, packages: known }))).toMatchObject({ verdict: 'ok', unknown: 0 });
  });
});

describe('renderAlpineJson', () => {
  it('uses the documented shape and key order', () => {
    const doc = JSON.parse(renderAlpineJson(REPORT));
    expect(Object.keys(doc)).toEqual(['verdict', 'unknown', 'arch', 'pythonVersion', 'recommendedBase', 'packages']);
    expect(doc.unknown).toBe(1);
    expect(Object.keys(doc.packages[0])).toEqual([
      'name',
      'specifier',
      'file',
      'line',
      'status',
      'musllinuxSince',
      'apk',
      'apt',
      'advice',
      'evidence',
    ]);
    expect(doc.packages[0]).toEqual({
      name: 'numpy',
      specifier: '<1.25',
      file: 'requirements.txt',
      line: 3,
      status: 'build',
      musllinuxSince: '1.25.0',
      apk: ['build-base', 'openblas-dev'],
      apt: ['libopenblas0'],
      advice: 'allow numpy>=1.25.0 or use python:3.11-slim',
      evidence: 'catalog',
    });
    expect(doc.packages[2].evidence).toBeNull();
    expect(doc.packages[1].via).toBe('uvicorn[standard]');
    expect(doc.packages[3].olderWithoutWheels).toBe(true);
    expect(doc.packages[2]).not.toHaveProperty('olderWithoutWheels');
    expect(renderAlpineJson(REPORT).endsWith('}\n')).toBe(true);
  });
});

describe('answers from Debian\'s archive', () => {
  const pyotp: AlpinePackage = {
    name: 'pyotp',
    key: 'pyotp',
    specifier: '==2.9.0',
    file: 'requirements.txt',
    line: 7,
    status: 'pure',
    musllinuxSince: null,
    apk: [],
    apt: [],
    advice: "pure Python per Debian's archive (python3-pyotp 2.6.0-3, Architecture: all): installs anywhere",
    evidence: 'debian',
    debian: 'python3-pyotp 2.6.0-3, Architecture: all',
  };
  const known = REPORT.packages.filter((p) => p.status === 'wheel');
  const unknownPkg = REPORT.packages.find((p) => p.status === 'unknown')!;

  it('marks them in the table and counts them in the verdict', () => {
    const text = renderAlpineText({ ...REPORT, verdict: 'ok', unknown: 1, packages: [...known, pyotp, unknownPkg] }, { color: false });
    expect(text).toContain('pyotp                           ==2.9.0    pure (Debian)  ');
    expect(text).toContain('Verdict: ok: 3 known (1 from Debian\'s archive), 1 unknown; the unknown one is not in the catalog');
  });

  it('says what a verdict without unknown packages rests on', () => {
    const text = renderAlpineText({ ...REPORT, verdict: 'ok', unknown: 0, packages: [...known, pyotp] }, { color: false });
    expect(text.split('\n').filter((l) => /^Verdict|known/.test(l))).toEqual([
      'Verdict: ok: every production requirement installs on Alpine without compiling',
      "3 known (1 from Debian's archive): Debian-derived answers are marked (Debian).",
    ]);
  });

  it('names the evidence and the Debian package in the JSON', () => {
    const doc = JSON.parse(renderAlpineJson({ ...REPORT, packages: [pyotp] }));
    expect(doc.packages[0]).toMatchObject({ status: 'pure', evidence: 'debian', debian: 'python3-pyotp 2.6.0-3, Architecture: all' });
  });
});
