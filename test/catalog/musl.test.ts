import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { gt, satisfies, valid, validRange } from '@renovatebot/pep440';
import { lookupMusl, muslCatalogReviewed, muslEntries } from '../../src/catalog/musl.js';
import type { MuslEntry } from '../../src/catalog/musl-types.js';
import { evaluateEntryForArch } from '../../src/alpine/evaluate.js';

const dataUrl = new URL('../../data/musl-wheels.json', import.meta.url);
const schemaUrl = new URL('../../data/musl-wheels.schema.json', import.meta.url);
const raw = JSON.parse(readFileSync(dataUrl, 'utf8')) as { $schema: string; reviewed: string; packages: Record<string, unknown> };
const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as object;

const pep503 = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase();

function entry(key: string): MuslEntry {
  const found = lookupMusl(key);
  if (!found) throw new Error(`${key} is missing from the musl catalog`);
  return found;
}

/** Whether a musllinux wheel exists for `version` on `arch`, per the catalog's since + gaps. */
function hasMuslWheel(e: MuslEntry, arch: 'x86_64' | 'aarch64', version: string): boolean {
  const info = e.musllinux[arch];
  if (info.since === null) return false;
  if (!satisfies(version, `>=${info.since}`)) return false;
  return !(info.gaps ?? []).some((gap) => satisfies(version, gap));
}

describe('data/musl-wheels.json', () => {
  it('validates against its schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(raw);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(raw.$schema).toBe('./musl-wheels.schema.json');
  });

  it('has at least 80 entries under sorted PEP 503 keys', () => {
    const keys = Object.keys(raw.packages);
    expect(keys.length).toBeGreaterThanOrEqual(80);
    expect(keys).toEqual([...keys].sort());
    for (const key of keys) expect(pep503(key)).toBe(key);
  });

  it('gives every entry sources, a review date and a rationale', () => {
    for (const e of muslEntries()) {
      expect(e.sources.length, e.key).toBeGreaterThan(0);
      expect(e.reviewed, e.key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.rationale.length, e.key).toBeGreaterThan(20);
      for (const arch of ['x86_64', 'aarch64'] as const) {
        expect(e.musllinux[arch].sources.length, `${e.key} ${arch}`).toBeGreaterThan(0);
      }
    }
    expect(muslCatalogReviewed()).toBe('2026-11-27');
  });

  it('uses valid PEP 440 versions for since and valid specifiers for gaps, later than since', () => {
    for (const e of muslEntries()) {
      for (const arch of ['x86_64', 'aarch64'] as const) {
        const { since, gaps } = e.musllinux[arch];
        if (since !== null) expect(valid(since), `${e.key} ${arch} since=${since}`).not.toBeNull();
        for (const gap of gaps ?? []) {
          expect(validRange(gap), `${e.key} ${arch} gap ${gap}`).toBeTruthy();
          expect(since, `${e.key} ${arch}: a gap needs a since`).not.toBeNull();
          const pinned = gap.replace(/^==/, '');
          if (valid(pinned)) expect(gt(pinned, since as string), `${e.key} gap ${gap} after ${since}`).toBe(true);
        }
      }
    }
  });

  it('lists build packages whenever a compiled package can be built from an sdist', () => {
    for (const e of muslEntries()) {
      if (e.compiled === 'yes' && e.sdist) {
        expect(e.apt.length, `${e.key} apt`).toBeGreaterThan(0);
        expect(e.apk.length, `${e.key} apk`).toBeGreaterThan(0);
      }
    }
  });

  it('gives pure packages a pure wheel and no musl wheels to track', () => {
    for (const e of muslEntries().filter((x) => x.compiled === 'no')) {
      expect(e.pureWheel, e.key).toBe(true);
      expect(e.musllinux.x86_64.since, e.key).toBeNull();
      expect(e.musllinux.aarch64.since, e.key).toBeNull();
    }
  });

  it('points extras and alternatives at normalized names', () => {
    for (const e of muslEntries()) {
      for (const [extra, names] of Object.entries(e.extras ?? {})) {
        expect(pep503(extra)).toBe(extra);
        for (const n of names) expect(pep503(n), `${e.key}[${extra}]`).toBe(n);
      }
      if (e.alternative) expect(lookupMusl(e.alternative), `${e.key} -> ${e.alternative}`).not.toBeNull();
    }
  });
});

describe('lookupMusl', () => {
  it('normalizes the name it is given', () => {
    expect(lookupMusl('PyYAML')?.key).toBe('pyyaml');
    expect(lookupMusl('ruamel.yaml.clib')?.key).toBe('ruamel-yaml-clib');
    expect(lookupMusl('psycopg2_binary')?.key).toBe('psycopg2-binary');
    expect(lookupMusl('Argon2-CFFI-Bindings')?.key).toBe('argon2-cffi-bindings');
  });

  it('returns null for packages it does not know', () => {
    expect(lookupMusl('definitely-not-a-catalogued-package')).toBeNull();
    expect(lookupMusl('')).toBeNull();
  });

  it('returns the same frozen object on repeated calls', () => {
    const a = lookupMusl('numpy');
    expect(a).toBe(lookupMusl('NumPy'));
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('known traps', () => {
  it('numpy: x86_64 musl wheels from 1.25.0, aarch64 only from 1.26.2', () => {
    const numpy = entry('numpy');
    expect(numpy.musllinux.x86_64.since).toBe('1.25.0');
    expect(numpy.musllinux.aarch64.since).toBe('1.26.2');
    expect(hasMuslWheel(numpy, 'x86_64', '1.24.4')).toBe(false);
    expect(hasMuslWheel(numpy, 'x86_64', '1.25.0')).toBe(true);
    expect(hasMuslWheel(numpy, 'aarch64', '1.26.1')).toBe(false);
    expect(hasMuslWheel(numpy, 'aarch64', '2.1.0')).toBe(true);
  });

  it('psycopg2 has no Linux wheels at all; psycopg2-binary has musl wheels from 2.9.3', () => {
    const p2 = entry('psycopg2');
    expect(p2.musllinux.x86_64.since).toBeNull();
    expect(p2.musllinux.aarch64.since).toBeNull();
    expect(p2.sdist).toBe(true);
    expect(p2.alternative).toBe('psycopg2-binary');
    expect(p2.apt).toEqual(['gcc', 'libpq-dev']);
    expect(p2.aptRuntime).toEqual(['libpq5']);
    expect(p2.apkRuntime).toEqual(['libpq']);
    const bin = entry('psycopg2-binary');
    expect(bin.musllinux.x86_64.since).toBe('2.9.3');
    expect(hasMuslWheel(bin, 'x86_64', '2.9.2')).toBe(false);
    expect(hasMuslWheel(bin, 'x86_64', '2.9.10')).toBe(true);
  });

  it('psycopg (3) is pure and names its compiled extras', () => {
    const p3 = entry('psycopg');
    expect(p3.compiled).toBe('no');
    expect(p3.extras).toEqual({ binary: ['psycopg-binary'], c: ['psycopg-c'] });
    expect(entry('psycopg-binary').sdist).toBe(false);
    expect(entry('psycopg-binary').musllinux.x86_64.since).toBe('3.0.3');
    expect(entry('psycopg-c').musllinux.x86_64.since).toBeNull();
  });

  it('pyyaml: no musl wheels for 6.0, x86_64 from 6.0.1, aarch64 only from 6.0.2; optional libyaml, no pure wheel', () => {
    const y = entry('pyyaml');
    expect(y.compiled).toBe('optional');
    expect(y.pureWheel).toBe(false);
    expect(hasMuslWheel(y, 'x86_64', '6.0')).toBe(false);
    expect(hasMuslWheel(y, 'x86_64', '6.0.1')).toBe(true);
    expect(hasMuslWheel(y, 'aarch64', '6.0.1')).toBe(false);
    expect(hasMuslWheel(y, 'aarch64', '6.0.2')).toBe(true);
  });

  it('pandas 2.3.0 is a musllinux aarch64 gap', () => {
    const pd = entry('pandas');
    expect(pd.musllinux.aarch64.since).toBe('2.2.0');
    expect(pd.musllinux.aarch64.gaps).toEqual(['==2.3.0']);
    expect(hasMuslWheel(pd, 'aarch64', '2.2.3')).toBe(true);
    expect(hasMuslWheel(pd, 'aarch64', '2.3.0')).toBe(false);
    expect(hasMuslWheel(pd, 'aarch64', '2.3.1')).toBe(true);
    expect(hasMuslWheel(pd, 'x86_64', '2.3.0')).toBe(true);
  });

  it('tiktoken dropped musllinux aarch64 wheels for 0.8.0 and 0.9.0', () => {
    const t = entry('tiktoken');
    expect(hasMuslWheel(t, 'aarch64', '0.7.0')).toBe(true);
    expect(hasMuslWheel(t, 'aarch64', '0.8.0')).toBe(false);
    expect(hasMuslWheel(t, 'aarch64', '0.9.0')).toBe(false);
    expect(hasMuslWheel(t, 'x86_64', '0.9.0')).toBe(true);
  });

  it('aarch64 musl wheels arrived later than x86_64 for grpcio, pillow, lxml and cffi', () => {
    const later: Array<[string, string, string]> = [
      ['grpcio', '1.45.0', '1.71.0'],
      ['pillow', '9.1.0', '9.4.0'],
      ['lxml', '4.8.0', '4.9.0'],
      ['cffi', '1.15.1', '1.17.0'],
    ];
    for (const [key, x86, arm] of later) {
      const e = entry(key);
      expect(e.musllinux.x86_64.since, key).toBe(x86);
      expect(e.musllinux.aarch64.since, key).toBe(arm);
      expect(gt(arm, x86), key).toBe(true);
    }
  });

  it('regex and pycryptodome record wheels uploaded after the release', () => {
    expect(entry('regex').musllinux.x86_64.since).toBe('2021.11.10');
    const pc = entry('pycryptodome');
    expect(pc.musllinux.aarch64.since).toBe('3.15.0');
    expect(pc.musllinux.x86_64.since).toBe('3.16.0');
  });

  it('torch, tensorflow and onnxruntime cannot be installed on musl at all', () => {
    for (const key of ['torch', 'tensorflow', 'onnxruntime']) {
      const e = entry(key);
      expect(e.compiled, key).toBe('yes');
      expect(e.sdist, key).toBe(false);
      expect(e.musllinux.x86_64.since, key).toBeNull();
      expect(e.musllinux.aarch64.since, key).toBeNull();
    }
  });

  it('pure fallbacks: msgpack, simplejson, charset-normalizer and protobuf are optional builds', () => {
    expect(entry('msgpack').compiled).toBe('optional');
    const sj = entry('simplejson');
    expect(sj.compiled).toBe('optional');
    expect(sj.pureWheel).toBe(true);
    expect(sj.musllinux.aarch64.note).toMatch(/cp313/);
    expect(entry('charset-normalizer').pureWheel).toBe(true);
    expect(entry('protobuf').pureWheel).toBe(true);
  });

  it('uvicorn is pure but uvicorn[standard] pulls compiled packages, all catalogued', () => {
    const u = entry('uvicorn');
    expect(u.compiled).toBe('no');
    expect(u.extras?.standard).toEqual(['httptools', 'uvloop', 'watchfiles', 'websockets']);
    for (const dep of u.extras?.standard ?? []) expect(lookupMusl(dep), dep).not.toBeNull();
  });

  it('gunicorn answers "is it fine on Alpine": pure, with a pure wheel', () => {
    const g = entry('gunicorn');
    expect(g.compiled).toBe('no');
    expect(g.pureWheel).toBe(true);
  });

  // The pure-Python runtime packages of typical web, data and CLI apps: without them `slimreq alpine`
  // reported most of a Django or Flask project as unknown.
  const commonPure = [
    'alembic', 'amqp', 'annotated-types', 'anyio', 'asgiref', 'attrs', 'billiard', 'blinker', 'boto3', 'botocore',
    'cachetools', 'celery', 'certifi', 'click', 'deprecated', 'django', 'django-environ', 'django-storages',
    'djangorestframework', 'djangorestframework-simplejwt', 'et-xmlfile', 'fastapi', 'flask', 'google-auth', 'h11',
    'httpcore', 'httpx', 'idna', 'itsdangerous', 'jinja2', 'jmespath', 'kombu', 'loguru', 'markdown', 'oauthlib',
    'openpyxl', 'packaging', 'pydantic', 'pygments', 'pyjwt', 'python-dateutil', 'python-dotenv', 'pytz', 'redis',
    'requests', 'requests-oauthlib', 'rich', 's3transfer', 'sentry-sdk', 'six', 'sniffio', 'sqlparse', 'starlette',
    'structlog', 'tenacity', 'typer', 'typing-extensions', 'tzdata', 'urllib3', 'vine', 'werkzeug', 'whitenoise',
  ];

  it.each(commonPure)('%s is pure Python and evaluates to pure on both arches', (key) => {
    const e = entry(key);
    expect(e.compiled).toBe('no');
    expect(e.pureWheel).toBe(true);
    expect(e.sdist).toBe(true);
    expect([e.apt, e.apk, e.aptRuntime, e.apkRuntime]).toEqual([[], [], [], []]);
    expect(e.sources).toContain(`https://pypi.org/project/${key}/#files`);
    for (const arch of ['x86_64', 'aarch64'] as const) {
      expect(e.musllinux[arch].note).toMatch(/^pure-Python wheel \((py3|py2\.py3)-none-any\): installs on musl$/);
      expect(evaluateEntryForArch(e, '', arch).status).toBe('pure');
      expect(evaluateEntryForArch(e, '==1.0', arch).status).toBe('pure');
    }
  });

  it('leaves out packages whose compiled part is not settled (wrapt, black, tomli)', () => {
    for (const key of ['wrapt', 'black', 'tomli']) expect(lookupMusl(key), key).toBeNull();
  });

  it('pure packages whose extras pull compiled code name them, and every pulled package is catalogued', () => {
    expect(entry('django').extras).toEqual({ argon2: ['argon2-cffi', 'argon2-cffi-bindings'], bcrypt: ['bcrypt'] });
    expect(entry('redis').extras).toEqual({ hiredis: ['hiredis'] });
    expect(entry('pyjwt').extras).toEqual({ crypto: ['cryptography'] });
    expect(entry('fastapi').extras?.standard).toEqual(entry('uvicorn').extras?.standard);
    for (const e of muslEntries().filter((x) => x.compiled === 'no')) {
      for (const [extra, names] of Object.entries(e.extras ?? {})) {
        for (const n of names) expect(lookupMusl(n), `${e.key}[${extra}] -> ${n}`).not.toBeNull();
      }
    }
  });

  it('mysqlclient, python-ldap, uwsgi and psycopg-c always build from source', () => {
    for (const key of ['mysqlclient', 'python-ldap', 'uwsgi', 'psycopg-c']) {
      const e = entry(key);
      expect(e.sdist, key).toBe(true);
      expect(e.musllinux.x86_64.since, key).toBeNull();
      expect(e.apk, key).toContain('build-base');
    }
  });
});

describe('facts verified in the 2026-11-27 review', () => {
  // Each row was checked against a changelog, a maintainer's statement, a CI configuration or
  // published wheel file names; data/README.md (musl-wheels.json, Method) says which.
  const verified: Array<{ pkg: string; arch: 'x86_64' | 'aarch64'; since: string; before?: string }> = [
    { pkg: 'orjson', arch: 'x86_64', since: '3.6.7', before: '3.6.6' },
    { pkg: 'orjson', arch: 'aarch64', since: '3.7.3', before: '3.7.2' },
    { pkg: 'zstandard', arch: 'x86_64', since: '0.22.0', before: '0.21.0' },
    { pkg: 'zstandard', arch: 'aarch64', since: '0.22.0', before: '0.21.0' },
    { pkg: 'ujson', arch: 'x86_64', since: '4.2.0', before: '4.1.0' },
    { pkg: 'markupsafe', arch: 'x86_64', since: '2.1.1', before: '2.0.1' },
    { pkg: 'markupsafe', arch: 'aarch64', since: '2.1.1', before: '2.0.1' },
    { pkg: 'brotli', arch: 'x86_64', since: '1.1.0', before: '1.0.9' },
    { pkg: 'brotli', arch: 'aarch64', since: '1.1.0', before: '1.0.9' },
    { pkg: 'pynacl', arch: 'x86_64', since: '1.5.0', before: '1.4.0' },
    { pkg: 'pynacl', arch: 'aarch64', since: '1.5.0', before: '1.4.0' },
    { pkg: 'argon2-cffi-bindings', arch: 'aarch64', since: '21.2.0', before: '21.1.0' },
    { pkg: 'httptools', arch: 'aarch64', since: '0.5.0' },
    { pkg: 'charset-normalizer', arch: 'aarch64', since: '3.0.1' },
    { pkg: 'cffi', arch: 'x86_64', since: '1.15.1' },
    // Third pass: changelogs and release-workflow configuration (data/README.md, musl-wheels.json, Method).
    { pkg: 'psutil', arch: 'x86_64', since: '7.2.0', before: '7.1.3' },
    { pkg: 'cryptography', arch: 'x86_64', since: '35.0.0', before: '3.4.8' },
    { pkg: 'asyncpg', arch: 'aarch64', since: '0.27.0', before: '0.26.0' },
    { pkg: 'gevent', arch: 'x86_64', since: '21.12.0', before: '21.8.0' },
    { pkg: 'multidict', arch: 'x86_64', since: '5.2.0', before: '5.1.0' },
    { pkg: 'frozenlist', arch: 'x86_64', since: '1.2.0', before: '1.1.1' },
    { pkg: 'aiohttp', arch: 'x86_64', since: '3.8.0', before: '3.7.4' },
    { pkg: 'rapidfuzz', arch: 'x86_64', since: '2.1.4', before: '2.1.3' },
    { pkg: 'rapidfuzz', arch: 'aarch64', since: '2.1.4', before: '2.1.3' },
    { pkg: 'levenshtein', arch: 'x86_64', since: '0.19.3', before: '0.19.2' },
    { pkg: 'levenshtein', arch: 'aarch64', since: '0.19.3', before: '0.19.2' },
    { pkg: 'xxhash', arch: 'x86_64', since: '3.1.0', before: '3.0.0' },
    { pkg: 'xxhash', arch: 'aarch64', since: '3.1.0', before: '3.0.0' },
    { pkg: 'mmh3', arch: 'x86_64', since: '4.0.0', before: '3.1.0' },
    { pkg: 'mmh3', arch: 'aarch64', since: '4.0.0', before: '3.1.0' },
  ];

  it.each(verified)('$pkg $arch: musl wheels from $since', ({ pkg, arch, since, before }) => {
    const e = entry(pkg);
    expect(e.musllinux[arch].since).toBe(since);
    expect(hasMuslWheel(e, arch, since)).toBe(true);
    if (before) expect(hasMuslWheel(e, arch, before)).toBe(false);
  });

  it('orjson had x86_64 but not aarch64 musl wheels from 3.6.7 to 3.7.2', () => {
    const o = entry('orjson');
    expect(hasMuslWheel(o, 'x86_64', '3.7.0')).toBe(true);
    expect(hasMuslWheel(o, 'aarch64', '3.7.0')).toBe(false);
  });

  it('SQLAlchemy 1.4 and pyarrow up to 19 have no musl wheels', () => {
    for (const arch of ['x86_64', 'aarch64'] as const) {
      expect(hasMuslWheel(entry('sqlalchemy'), arch, '1.4.54')).toBe(false);
      expect(hasMuslWheel(entry('pyarrow'), arch, '19.0.1')).toBe(false);
    }
  });

  it('pyodbc has no musl wheels: its release workflow builds manylinux only', () => {
    const e = entry('pyodbc');
    for (const arch of ['x86_64', 'aarch64'] as const) {
      expect(e.musllinux[arch].since, arch).toBeNull();
      expect(hasMuslWheel(e, arch, '5.2.0'), arch).toBe(false);
      expect(e.musllinux[arch].sources.join(' '), arch).toMatch(/pyodbc\/blob\/[0-9a-f]{40}\/\.github\/workflows\/artifacts_build\.yml/);
    }
    expect(e.apk).toContain('unixodbc-dev');
  });

  it('third pass: corrected first releases cite a changelog pinned to a commit', () => {
    const pinned: Array<[string, RegExp]> = [
      ['rapidfuzz', /rapidfuzz\/RapidFuzz\/blob\/[0-9a-f]{40}\/CHANGELOG\.rst/],
      ['xxhash', /python-xxhash\/blob\/[0-9a-f]{40}\/CHANGELOG\.rst/],
      ['mmh3', /hajimes\/mmh3\/blob\/[0-9a-f]{40}\/CHANGELOG\.md/],
      ['psutil', /giampaolo\/psutil\/blob\/[0-9a-f]{40}\/docs\/changelog\.rst/],
      ['cryptography', /pyca\/cryptography\/blob\/[0-9a-f]{40}\/CHANGELOG\.rst/],
    ];
    for (const [key, re] of pinned) {
      expect(entry(key).musllinux.x86_64.sources.join(' '), key).toMatch(re);
    }
    for (const key of ['rapidfuzz', 'levenshtein', 'xxhash', 'mmh3']) {
      expect(entry(key).rationale, key).not.toMatch(/unverified/);
    }
  });

  it('cites a source for every corrected fact and drops the "unverified" note where fully checked', () => {
    expect(entry('orjson').musllinux.aarch64.sources.join(' ')).toMatch(/ijl\/orjson\/blob\/[0-9a-f]{40}\/CHANGELOG\.md/);
    expect(entry('zstandard').musllinux.x86_64.sources).toContain('https://github.com/indygreg/python-zstandard/issues/193');
    for (const key of ['orjson', 'zstandard', 'brotli', 'pynacl']) {
      expect(entry(key).rationale, key).not.toMatch(/unverified/);
    }
  });

  it("uses Alpine's libpq-dev (the client headers split out of postgresqlNN) for libpq builds", () => {
    for (const key of ['psycopg2', 'psycopg2-binary', 'psycopg-c']) {
      const e = entry(key);
      expect(e.apk, key).toContain('libpq-dev');
      expect(e.apk, key).not.toContain('postgresql-dev');
      expect(e.apkRuntime, key).toEqual(['libpq']);
      expect(e.sources.some((s) => s.includes('alpinelinux/aports')), key).toBe(true);
    }
  });
});

describe('per-Python wheel starts (pythonSince)', () => {
  const withPython = muslEntries().filter((e) => e.pythonSince);

  it('covers the packages with a well-known new-Python cliff', () => {
    expect(withPython.map((e) => e.key)).toEqual(
      expect.arrayContaining(['grpcio', 'lxml', 'numpy', 'orjson', 'pandas', 'pillow', 'psycopg2-binary', 'pydantic-core', 'scipy']),
    );
    expect(entry('numpy').pythonSince).toMatchObject({ '3.12': '1.26.0', '3.13': '2.1.0' });
    expect(entry('pandas').pythonSince?.['3.12']).toBe('2.1.1');
    expect(entry('psycopg2-binary').pythonSince).toEqual({ '3.11': '2.9.5', '3.12': '2.9.9', '3.13': '2.9.10', '3.14': '2.9.11' });
  });

  it('uses X.Y keys and valid PEP 440 releases that never go backwards for a later Python', () => {
    for (const e of withPython) {
      const rows = Object.entries(e.pythonSince ?? {}).sort(([a], [b]) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
      expect(rows.length, e.key).toBeGreaterThan(0);
      for (const [py, first] of rows) {
        expect(py, e.key).toMatch(/^3\.\d+$/);
        expect(valid(first), `${e.key} ${py}=${first}`).not.toBeNull();
      }
      for (let i = 1; i < rows.length; i++) {
        expect(gt(rows[i - 1][1], rows[i][1]), `${e.key}: ${rows[i][0]} starts before ${rows[i - 1][0]}`).toBe(false);
      }
    }
  });

  it('cites sources, and only compiled packages carry it (pure and abi3 packages need none)', () => {
    for (const e of withPython) {
      expect(e.compiled, e.key).not.toBe('no');
      expect(e.pythonSinceSources?.length, e.key).toBeGreaterThan(0);
      expect(e.rationale, e.key).toMatch(/Python|CPython/);
    }
    for (const key of ['cryptography', 'bcrypt', 'psycopg', 'django']) expect(entry(key).pythonSince, key).toBeUndefined();
  });

  it('the schema rejects pythonSince without sources or with a key that is not a Python version', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const numpy = (raw.packages as Record<string, Record<string, unknown>>).numpy;
    const withoutSources = { ...numpy };
    delete withoutSources.pythonSinceSources;
    expect(validate({ ...raw, packages: { numpy: withoutSources } })).toBe(false);
    expect(validate({ ...raw, packages: { numpy: { ...numpy, pythonSince: { cp312: '1.26.0' } } } })).toBe(false);
    expect(validate({ ...raw, packages: { numpy } })).toBe(true);
  });
});

describe('extras released in lockstep (extrasLockstep)', () => {
  it('psycopg pins both its extras to its own version', () => {
    expect(entry('psycopg').extrasLockstep).toEqual(['binary', 'c']);
    expect(entry('psycopg').sources.join(' ')).toMatch(/aws-advanced-python-wrapper\/pull\/970/);
  });

  it('names only extras the entry lists, and only psycopg uses it so far', () => {
    for (const e of muslEntries()) {
      for (const extra of e.extrasLockstep ?? []) expect(Object.keys(e.extras ?? {}), `${e.key}[${extra}]`).toContain(extra);
    }
    expect(muslEntries().filter((e) => e.extrasLockstep).map((e) => e.key)).toEqual(['psycopg']);
  });

  it('the schema requires extras next to extrasLockstep', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const { extras: _extras, ...noExtras } = (raw.packages as Record<string, Record<string, unknown>>).psycopg;
    expect(validate({ ...raw, packages: { psycopg: noExtras } })).toBe(false);
  });
});

