import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as lib from '@renovatebot/pep440';
import {
  compareVersions,
  isValidSpecifier,
  isValidVersion,
  normalizeVersion,
  pickVersion,
  satisfies,
  specifierBounds,
} from '../../src/catalog/pep440.js';

describe('the four measured library bugs', () => {
  it('=== is string equality: 1.0+cpu does not satisfy ===1.0', () => {
    expect(satisfies('1.0+cpu', '===1.0')).toBe(false);
    expect(satisfies('1.0', '===1.0')).toBe(true);
    expect(satisfies('1.0+cpu', '===1.0+cpu')).toBe(true);
  });

  it('a local label in ==X+local must match exactly', () => {
    expect(satisfies('1.0+cu118.1', '==1.0+cpu')).toBe(false);
    expect(satisfies('1.0+cpu', '==1.0+cpu')).toBe(true);
    expect(satisfies('1.0+cpu', '==1.0')).toBe(true);
    expect(satisfies('1.0+cu118.1', '!=1.0+cpu')).toBe(true);
  });

  it('the epoch counts in exclusive comparisons: 2!1.0 satisfies >1.0', () => {
    expect(satisfies('2!1.0', '>1.0')).toBe(true);
    expect(satisfies('1.0', '<2!1.0')).toBe(true);
    expect(satisfies('2!1.0', '<1.0')).toBe(false);
  });

  it('1.0 satisfies <1.0.post1 (only pre-releases of V are excluded from <V)', () => {
    expect(satisfies('1.0', '<1.0.post1')).toBe(true);
    expect(satisfies('1.0rc1', '<1.0')).toBe(false);
    expect(satisfies('1.0rc1', '<1.0', { pre: true })).toBe(false);
    expect(satisfies('1.0.post1', '>1.0')).toBe(false);
    expect(satisfies('1.0.post2', '>1.0.post1')).toBe(true);
    expect(satisfies('1.0+local', '>1.0')).toBe(false);
  });

  // If one of these starts failing, the library fixed the bug and its workaround can go.
  it('the library still gets them wrong', () => {
    expect(lib.satisfies('1.0+cpu', '===1.0')).toBe(true);
    expect(lib.satisfies('1.0+cu118.1', '==1.0+cpu')).toBe(true);
    expect(lib.satisfies('2!1.0', '>1.0')).toBe(false);
    expect(lib.satisfies('1.0', '<1.0.post1')).toBe(false);
  });
});

describe('satisfies', () => {
  it.each([
    ['1.4.5', '~=1.4.2', true],
    ['1.5', '~=1.4.2', false],
    ['2.0', '~=1.4', false],
    ['1.9', '~=1.4', true],
    ['1.0', '==1.0.0', true],
    ['1.0.5', '==1.0.*', true],
    ['1.1', '==1.0.*', false],
    ['1', '==1.0.*', true],
    ['1.1', '!=1.0.*', true],
    ['1.24.4', '<1.25', true],
    ['1.25.0', '>=1.20,<1.25', false],
    ['2.0a1', '>=1.0', false],
    ['2.0a1', '>=2.0a1', true],
    ['v1.0', '==1.0', true],
    ['1.0-1', '==1.0.post1', true],
    ['1.0', '', true],
    ['1.0a1', '', false],
  ])('%s against %s -> %s', (version, spec, expected) => {
    expect(satisfies(version, spec)).toBe(expected);
  });

  it('admits pre-releases when asked', () => {
    expect(satisfies('2.0a1', '>=1.0', { pre: true })).toBe(true);
    expect(satisfies('2.0a1', '', { pre: true })).toBe(true);
  });

  it('admits nothing for an invalid specifier or version', () => {
    expect(satisfies('1.0', '>=1.0+local')).toBe(false);
    expect(satisfies('1.0', '~=1')).toBe(false);
    expect(satisfies('1.0', '>=1.0.*')).toBe(false);
    expect(satisfies('1.0', '=>1.0')).toBe(false);
    expect(satisfies('not a version', '>=1.0')).toBe(false);
  });
});

describe('pickVersion', () => {
  const numpy = ['1.24.4', '1.25.0', '1.26.4', '2.0.0rc1', '2.0.0', '2.1.0rc1'];

  it('picks the newest admitted final release', () => {
    expect(pickVersion(numpy, '')).toBe('2.0.0');
    expect(pickVersion(numpy, '<1.25')).toBe('1.24.4');
    expect(pickVersion(numpy, '>=1.25,<2')).toBe('1.26.4');
    expect(pickVersion(numpy, '==1.25.0')).toBe('1.25.0');
    expect(pickVersion(numpy, '>3')).toBeNull();
  });

  it('takes pre-releases only when asked or named', () => {
    expect(pickVersion(numpy, '', { pre: true })).toBe('2.1.0rc1');
    expect(pickVersion(numpy, '>=2.1.0rc1')).toBe('2.1.0rc1');
    expect(pickVersion(numpy, '>2.0.0')).toBeNull();
  });

  it('falls back to pre-releases without a specifier when nothing else exists, like pip', () => {
    expect(pickVersion(['1.0a1', '1.0b2'], '')).toBe('1.0b2');
  });

  it('returns null for an invalid specifier', () => {
    expect(pickVersion(numpy, '>=1.0+cpu')).toBeNull();
  });
});

describe('versions', () => {
  it('validates and normalizes', () => {
    expect(isValidVersion('1.0.post1')).toBe(true);
    expect(isValidVersion(' v1.0 ')).toBe(true);
    expect(isValidVersion('1.0-foo')).toBe(false);
    expect(normalizeVersion('1.0-1')).toBe('1.0.post1');
    expect(normalizeVersion('1!1.0ALPHA1+Ubuntu-1')).toBe('1!1.0a1+ubuntu.1');
    expect(normalizeVersion('x')).toBeNull();
  });

  it('orders like PEP 440', () => {
    const sorted = ['1.0.post1', '1.0', '1.0.dev0', '1.0a1', '1.0rc1', '1!0.1', '1.0+local'].sort(compareVersions);
    expect(sorted).toEqual(['1.0.dev0', '1.0a1', '1.0rc1', '1.0', '1.0+local', '1.0.post1', '1!0.1']);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
  });

  it('validates specifiers', () => {
    expect(isValidSpecifier('>=1.0,<2')).toBe(true);
    expect(isValidSpecifier('')).toBe(true);
    expect(isValidSpecifier('===anything-goes')).toBe(true);
    expect(isValidSpecifier('>=1.0,')).toBe(false);
    expect(isValidSpecifier('==1.0.dev1.*')).toBe(false);
  });
});

describe('specifierBounds: != clauses at the top of the range', () => {
  it.each([
    ['>=1.20,!=1.26.*,<1.27', { version: '1.26', inclusive: false }],
    ['>=1.20,<1.27,!=1.26.*,!=1.25.*', { version: '1.25', inclusive: false }],
    ['<=2.0,!=2.0', { version: '2.0', inclusive: false }],
    ['<=2.0.5,!=2.0.*', { version: '2.0', inclusive: false }],
    ['~=1.26.0,!=1.26.*', { version: '1.26', inclusive: false }],
    ['<1.27,!=1.25.*', { version: '1.27', inclusive: false }],
    ['<2.0,!=2.0', { version: '2.0', inclusive: false }],
  ])('%s -> upper %j', (spec, upper) => {
    expect(specifierBounds(spec)?.upper).toEqual(upper);
  });
});

describe('specifierBounds', () => {
  it('states pins and bounds', () => {
    expect(specifierBounds('==1.26.4')).toEqual({
      pinned: '1.26.4',
      lower: { version: '1.26.4', inclusive: true },
      upper: { version: '1.26.4', inclusive: true },
    });
    expect(specifierBounds('>=1.20,<1.25,!=1.22')).toEqual({
      pinned: null,
      lower: { version: '1.20', inclusive: true },
      upper: { version: '1.25', inclusive: false },
    });
    expect(specifierBounds('~=2.9.1')?.upper).toEqual({ version: '2.10', inclusive: false });
    expect(specifierBounds('==1.4.*')?.upper).toEqual({ version: '1.5', inclusive: false });
    expect(specifierBounds('')).toEqual({ pinned: null, lower: null, upper: null });
    expect(specifierBounds('>=')).toBeNull();
  });
});

// ---- Differential test against pip's own implementation (pip._vendor.packaging) ----

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number): boolean => r() < p;

  interface Parts {
    epoch: number;
    release: number[];
    pre: string | null;
    post: string | null;
    dev: string | null;
    local: string | null;
  }

  const randomParts = (): Parts => ({
    epoch: chance(0.08) ? pick([1, 2]) : 0,
    release: Array.from({ length: pick([1, 2, 2, 3, 3, 4]) }, () => pick([0, 0, 1, 1, 2, 3, 10])),
    pre: chance(0.25) ? pick(['a', 'b', 'rc', 'alpha', 'c', '-beta', '.rc']) + pick(['0', '1', '2', '']) : null,
    post: chance(0.2) ? pick(['.post1', '.post0', '-1', '.post2', 'post1', '.rev3']) : null,
    dev: chance(0.15) ? pick(['.dev0', '.dev1', 'dev2']) : null,
    local: chance(0.15) ? pick(['+cpu', '+cu118.1', '+ubuntu-1', '+1', '+abc.5']) : null,
  });

  const text = (p: Parts): string =>
    (p.epoch ? `${p.epoch}!` : '') +
    p.release.join('.') +
    (p.pre ?? '') +
    (p.post ?? '') +
    (p.dev ?? '') +
    (p.local ?? '');

  // A version near the specifier's, so that matches and near misses both happen often.
  const near = (p: Parts): Parts => {
    const q: Parts = { ...p, release: [...p.release] };
    switch (pick(['same', 'bump', 'drop', 'extend', 'pre', 'post', 'dev', 'local', 'epoch', 'strip', 'random'])) {
      case 'bump': {
        const i = Math.floor(r() * q.release.length);
        q.release[i] = Math.max(0, q.release[i] + pick([-1, 1]));
        break;
      }
      case 'drop':
        if (q.release.length > 1) q.release.pop();
        break;
      case 'extend':
        q.release.push(pick([0, 1, 5]));
        break;
      case 'pre':
        q.pre = pick(['a1', 'rc1', 'b0']);
        break;
      case 'post':
        q.post = pick(['.post1', '.post2']);
        break;
      case 'dev':
        q.dev = '.dev0';
        break;
      case 'local':
        q.local = pick(['+cpu', '+cu118.1', '+1']);
        break;
      case 'epoch':
        q.epoch = q.epoch ? 0 : 2;
        break;
      case 'strip':
        q.pre = null;
        q.post = null;
        q.dev = null;
        q.local = null;
        break;
      case 'random':
        return randomParts();
    }
    return q;
  };

  const clause = (): { spec: string; parts: Parts } => {
    const op = pick(['==', '==', '!=', '>=', '<=', '<', '>', '<', '>', '~=', '===', '==*', '!=*']);
    const p = randomParts();
    if (op === '===') return { spec: `===${text(near(p))}`, parts: p };
    if (op === '==*' || op === '!=*') {
      p.dev = null;
      p.local = null;
      return { spec: `${op.slice(0, 2)}${text(p)}.*`, parts: p };
    }
    if (op !== '==' && op !== '!=') p.local = null;
    if (op === '~=' && p.release.length < 2) p.release.push(pick([0, 2]));
    return { spec: `${op}${text(p)}`, parts: p };
  };

  return {
    pair(): [string, string] {
      const first = clause();
      const specs = [first.spec];
      if (chance(0.3)) specs.push(clause().spec);
      return [text(near(first.parts)), specs.join(',')];
    },
    versionList(): string[] {
      const base = randomParts();
      return Array.from({ length: 2 + Math.floor(r() * 6) }, () => text(near(base)));
    },
    clause,
  };
}

const ORACLE = String.raw`
import json, sys
from pip._vendor.packaging.specifiers import Specifier, SpecifierSet, InvalidSpecifier
from pip._vendor.packaging.version import Version, InvalidVersion

def strict_set(spec):
    # Only PEP 440 specifiers: packaging 21.3 would otherwise fall back to legacy ones.
    if spec.strip() == '':
        return SpecifierSet('')
    for part in spec.split(','):
        Specifier(part)
    return SpecifierSet(spec)

job = json.load(sys.stdin)
out = {'contains': [], 'pick': []}
for version, spec in job['pairs']:
    try:
        s = strict_set(spec)
    except InvalidSpecifier:
        out['contains'].append('invalid-spec')
        continue
    try:
        Version(version)
    except InvalidVersion:
        out['contains'].append('invalid-version')
        continue
    out['contains'].append(s.contains(version))
for versions, spec in job['picks']:
    s = strict_set(spec)
    admitted = list(s.filter(versions))
    out['pick'].append(str(max(admitted, key=Version)) if admitted else None)
json.dump(out, sys.stdout)
`;

describe('differential test against pip._vendor.packaging', () => {
  it('agrees on 1000 generated (version, specifier) pairs and 300 picks', () => {
    const gen = generator(20240611);
    const pairs = Array.from({ length: 1000 }, () => gen.pair());
    const picks: [string[], string][] = Array.from({ length: 300 }, () => {
      const versions = gen.versionList();
      return [versions, gen.clause().spec.replace(/^===.*/, '>=0')];
    });
    const raw = execFileSync('python3', ['-c', ORACLE], {
      input: JSON.stringify({ pairs, picks }),
      encoding: 'utf8',
    });
    const oracle = JSON.parse(raw) as { contains: (boolean | string)[]; pick: (string | null)[] };

    const disagreements: string[] = [];
    let compared = 0;
    let matched = 0;
    pairs.forEach(([version, spec], i) => {
      const expected = oracle.contains[i];
      if (expected === 'invalid-spec') {
        if (isValidSpecifier(spec)) disagreements.push(`${spec} should be invalid`);
        return;
      }
      if (expected === 'invalid-version') {
        if (isValidVersion(version)) disagreements.push(`${version} should be invalid`);
        return;
      }
      compared++;
      if (expected === true) matched++;
      const actual = satisfies(version, spec);
      if (actual !== expected) disagreements.push(`${version} ${spec}: pip says ${expected}, we say ${actual}`);
    });
    picks.forEach(([versions, spec], i) => {
      const actual = pickVersion(versions, spec);
      const expected = oracle.pick[i];
      const same = actual === null || expected === null ? actual === expected : compareVersions(actual, expected) === 0;
      if (!same) disagreements.push(`pick ${JSON.stringify(versions)} ${spec}: pip ${expected}, we ${actual}`);
    });

    expect(disagreements).toEqual([]);
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(compared).toBeGreaterThanOrEqual(500);
    expect(matched).toBeGreaterThan(compared * 0.2);
    expect(compared - matched).toBeGreaterThan(compared * 0.2);
  });
});
