// Precedence of the Alpine answers: the curated catalog, then Debian's archive (pure packages only),
// then --online, then unknown. A package compiled in Debian answers nothing by itself.
import { describe, expect, it } from 'vitest';
import type { MuslEntry } from '../../src/catalog/musl-types.js';
import type { DebianEntry } from '../../src/catalog/musl-debian.js';
import { lookupDebian } from '../../src/catalog/musl-debian.js';
import { lookupMusl } from '../../src/catalog/musl.js';
import { evaluateAlpine, keysMissingFromCatalog, type AlpinePackage } from '../../src/alpine/evaluate.js';
import type { OnlineEvaluation, OnlineLookup } from '../../src/alpine/online.js';
import type { Project } from '../../src/model.js';
import { requirementFrom } from '../support/requirement.js';

function project(specs: string[]): Project {
  return {
    root: '/repo',
    files: [],
    manifests: [
      {
        path: 'requirements.txt',
        kind: 'requirements',
        group: 'prod',
        groupReason: 'file name',
        requirements: specs.map((s, i) => requirementFrom(s, { line: i + 1 })),
        includes: [],
        diagnostics: [],
      },
    ],
    dockerfiles: [],
    dockerignores: [],
    presentPaths: [],
    diagnostics: [],
  };
}

function debianEntry(key: string, over: Partial<DebianEntry>): DebianEntry {
  const architecture = over.architecture ?? 'all';
  const debian = over.debian ?? `python3-${key}`;
  return {
    key,
    kind: 'pure',
    debian,
    version: '1.0-1',
    upstreamVersion: '1.0',
    architecture,
    source: `python-${key}`,
    mappedBy: ['dist-info', 'binary-name'],
    evidence: `debian: ${debian} ${over.version ?? '1.0-1'}, Architecture: ${architecture}`,
    ...over,
  };
}

// Synthetic: a renamed pure package, an accelerator Debian builds apart, an arch-specific package that
// PyPI also ships as pure, and a name the curated catalog knows too.
const DEBIAN: Record<string, DebianEntry> = {
  'acme-otp': debianEntry('acme-otp', { debian: 'python3-acmeotp', version: '2.6.0-3' }),
  'acme-orm': debianEntry('acme-orm', {
    kind: 'compiled',
    compiledIn: 'python3-acme-orm-ext',
    evidence: 'debian: python3-acme-orm 1.0-1, Architecture: all (compiled part in python3-acme-orm-ext, Architecture: amd64)',
  }),
  'acme-pack': debianEntry('acme-pack', { kind: 'compiled', architecture: 'amd64' }),
  'acme-pg': debianEntry('acme-pg', { libraries: ['libpq5'] }),
  'acme-curated': debianEntry('acme-curated', {}),
};

const CURATED: Record<string, MuslEntry> = {
  'acme-curated': {
    key: 'acme-curated',
    compiled: 'yes',
    sdist: true,
    musllinux: { x86_64: { since: null, sources: ['https://example.org'] }, aarch64: { since: null, sources: ['https://example.org'] } },
    apt: ['gcc'],
    apk: ['build-base'],
    aptRuntime: [],
    apkRuntime: [],
    rationale: 'synthetic compiled package without musl wheels',
    sources: ['https://example.org'],
    reviewed: '2026-11-27',
  },
};

const lookup = (k: string): MuslEntry | null => CURATED[k] ?? null;
const debian = (k: string): DebianEntry | null => DEBIAN[k] ?? null;

function byName(packages: AlpinePackage[]): Record<string, AlpinePackage> {
  return Object.fromEntries(packages.map((p) => [p.name, p]));
}

const online: OnlineLookup = {
  evaluate(key): OnlineEvaluation {
    return { found: true, version: '3.0', status: key === 'acme-pack' ? 'wheel' : 'pure', musllinuxSince: key === 'acme-pack' ? '2.0' : null, olderWithoutWheels: false, foundOn: ['https://index.example/simple'] };
  },
};

describe('answers from Debian\'s archive', () => {
  const specs = ['acme-otp==2.9.0', 'acme-orm>=1.4', 'acme-pack', 'acme-pg', 'acme-curated', 'acme-nowhere'];
  const report = evaluateAlpine(project(specs), { arch: 'x86_64', lookup, debian });
  const p = byName(report.packages);

  it('an Architecture: all package is pure, and says which Debian package shows it', () => {
    expect(p['acme-otp']).toMatchObject({ status: 'pure', evidence: 'debian', debian: 'python3-acmeotp 2.6.0-3, Architecture: all' });
    expect(p['acme-otp'].advice).toBe("pure Python per Debian's archive (python3-acmeotp 2.6.0-3, Architecture: all): installs anywhere");
  });

  it('an optional accelerator Debian builds apart is not "build": unknown, with what Debian knows', () => {
    expect(p['acme-orm']).toMatchObject({ status: 'unknown', evidence: null });
    expect(p['acme-orm'].advice).toContain('compiled in Debian (python3-acme-orm 1.0-1, Architecture: all (compiled part in python3-acme-orm-ext');
  });

  it('an architecture-specific package is not "build" either', () => {
    expect(p['acme-pack']).toMatchObject({ status: 'unknown', evidence: null, debian: 'python3-acme-pack 1.0-1, Architecture: amd64' });
    expect(p['acme-pack'].advice).toMatch(/run with --online/);
  });

  it('names the shared libraries a pure package loads', () => {
    expect(p['acme-pg'].advice).toContain('it loads shared libraries at run time (Debian: libpq5)');
  });

  it('the curated catalog wins over Debian', () => {
    expect(p['acme-curated']).toMatchObject({ status: 'build', evidence: 'catalog' });
    expect(p['acme-curated']).not.toHaveProperty('debian');
  });

  it('what nobody knows stays unknown', () => {
    expect(p['acme-nowhere']).toMatchObject({ status: 'unknown', evidence: null });
    expect(report.unknown).toBe(3);
  });

  it('--online answers after Debian: only for what Debian does not settle', () => {
    const withIndex = byName(evaluateAlpine(project(specs), { arch: 'x86_64', lookup, debian, online }).packages);
    expect(withIndex['acme-otp']).toMatchObject({ status: 'pure', evidence: 'debian' });
    expect(withIndex['acme-pack']).toMatchObject({ status: 'wheel', evidence: 'index', debian: 'python3-acme-pack 1.0-1, Architecture: amd64' });
    expect(withIndex['acme-nowhere']).toMatchObject({ status: 'pure', evidence: 'index' });
    expect(keysMissingFromCatalog(project(specs), lookup, { debian }).sort()).toEqual(['acme-nowhere', 'acme-orm', 'acme-pack']);
  });

  it('a custom catalog lookup leaves the bundled Debian entries out unless they are passed', () => {
    const plain = byName(evaluateAlpine(project(['pyotp==2.9.0']), { arch: 'x86_64', lookup }).packages);
    expect(plain.pyotp).toMatchObject({ status: 'unknown', evidence: null });
    const bundled = byName(evaluateAlpine(project(['pyotp==2.9.0']), { arch: 'x86_64' }).packages);
    expect(bundled.pyotp).toMatchObject({ status: 'pure', evidence: 'debian' });
    expect(bundled.pyotp.debian).toMatch(/^python3-pyotp \S+, Architecture: all$/);
  });
});

describe('the bundled Debian entries', () => {
  it('answer for real names, the curated catalog first', () => {
    expect(lookupDebian('PyOTP')).toMatchObject({ key: 'pyotp', kind: 'pure', debian: 'python3-pyotp' });
    expect(lookupDebian('beautifulsoup4')).toMatchObject({ kind: 'pure', debian: 'python3-bs4' });
    expect(lookupDebian('msgpack')).toMatchObject({ kind: 'compiled' });
    expect(lookupMusl('msgpack')).not.toBeNull();
    const report = evaluateAlpine(project(['msgpack==1.1.0']), { arch: 'x86_64' });
    expect(report.packages[0].evidence).toBe('catalog');
  });
});
