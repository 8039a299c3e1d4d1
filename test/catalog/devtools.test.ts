import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import {
  DEV_TOOL_CATEGORIES,
  catalogEntries,
  compileNamePattern,
  devToolCatalogInfo,
  lookupDevTool,
} from '../../src/catalog/devtools.js';
import { normalizeName } from '../../src/catalog/names.js';

interface Entry {
  category: string;
  certainty: 'always' | 'usually';
  rationale: string;
  sources: string[];
  importNames?: string[];
  neededWithoutImport?: string;
}
interface PatternEntry extends Entry {
  pattern: string;
  exceptions: string[];
}
interface Catalog {
  $schema: string;
  description: string;
  reviewed: string;
  packages: Record<string, Entry>;
  patterns: PatternEntry[];
}

const readJson = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8'));
const catalog = readJson('dev-tools.json') as Catalog;
const schema = readJson('dev-tools.schema.json') as Record<string, unknown>;

function makeValidator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
const validate = makeValidator();
const clone = (): Catalog => structuredClone(catalog);

/** Packages that real applications import at run time: the catalog must never flag them. */
const RUNTIME_PACKAGES = [
  'aiohttp', 'alembic', 'asyncpg', 'attrs', 'beartype', 'boto3', 'botocore', 'celery', 'certifi', 'cffi',
  'charset-normalizer', 'click', 'cryptography', 'django', 'django-cors-headers', 'django-environ',
  'django-filter', 'django-redis', 'django-storages', 'django-stubs-ext', 'djangorestframework', 'fastapi',
  'flask', 'flask-cors', 'flask-login', 'flask-sqlalchemy', 'grpcio', 'gunicorn', 'httptools', 'httpx', 'idna',
  'importlib-metadata', 'itsdangerous', 'jinja2', 'lxml', 'markdown', 'markupsafe', 'marshmallow', 'msgpack',
  'mypy-extensions', 'numpy', 'orjson', 'packaging', 'pandas', 'pbr', 'pillow', 'protobuf', 'psycopg',
  'psycopg2', 'psycopg2-binary', 'pydantic', 'pydantic-settings', 'pygments', 'pyjwt', 'pymysql',
  'python-dateutil', 'python-dotenv', 'python-multipart', 'pytz', 'pyyaml', 'redis', 'requests', 'rich',
  's3transfer', 'sentry-sdk', 'six', 'sqlalchemy', 'starlette', 'structlog', 'tenacity', 'tomli', 'tqdm',
  'typeguard', 'typer', 'typing-extensions', 'typing-inspection', 'tzdata', 'ujson', 'urllib3', 'uvicorn',
  'uvloop', 'watchfiles', 'werkzeug', 'whitenoise', 'zipp', 'tox-block',
];

/** Known development tools and how sure the catalog should be about each. */
const KNOWN_DEV_TOOLS: [name: string, certainty: 'always' | 'usually', match: string][] = [
  ['pytest', 'always', 'pytest'],
  ['pytest-cov', 'always', 'pytest-cov'],
  ['pytest-some-new-plugin', 'always', 'pytest-*'],
  ['black', 'always', 'black'],
  ['ruff', 'always', 'ruff'],
  ['mypy', 'always', 'mypy'],
  ['flake8', 'always', 'flake8'],
  ['flake8-bugbear', 'always', 'flake8-*'],
  ['isort', 'always', 'isort'],
  ['pylint', 'always', 'pylint'],
  ['pylint-django', 'always', 'pylint-django'],
  ['coverage', 'always', 'coverage'],
  ['tox', 'always', 'tox'],
  ['tox-gh-actions', 'always', 'tox-*'],
  ['nox', 'always', 'nox'],
  ['pre-commit', 'always', 'pre-commit'],
  ['sphinx', 'always', 'sphinx'],
  ['sphinx-rtd-theme', 'always', 'sphinx-rtd-theme'],
  ['sphinx-some-extension', 'always', 'sphinx-*'],
  ['sphinxcontrib-websupport', 'always', 'sphinxcontrib-*'],
  ['mkdocs', 'always', 'mkdocs'],
  ['mkdocs-some-plugin', 'always', 'mkdocs-*'],
  ['types-requests', 'always', 'types-requests'],
  ['types-some-library', 'always', 'types-*'],
  ['django-stubs', 'always', 'django-stubs'],
  ['some-library-stubs', 'always', '*-stubs'],
  ['mypy-boto3-sns', 'usually', 'mypy-boto3-*'],
  ['bandit', 'always', 'bandit'],
  ['pip-audit', 'always', 'pip-audit'],
  ['twine', 'always', 'twine'],
  ['hypothesis', 'always', 'hypothesis'],
  ['freezegun', 'always', 'freezegun'],
  ['responses', 'always', 'responses'],
  ['ipdb', 'always', 'ipdb'],
  ['pytest-runner', 'always', 'pytest-runner'],
  ['ipython', 'usually', 'ipython'],
  ['setuptools', 'usually', 'setuptools'],
  ['wheel', 'usually', 'wheel'],
  ['faker', 'usually', 'faker'],
  ['factory-boy', 'usually', 'factory-boy'],
  ['mock', 'usually', 'mock'],
  ['watchdog', 'usually', 'watchdog'],
  ['django-extensions', 'usually', 'django-extensions'],
  ['django-debug-toolbar', 'usually', 'django-debug-toolbar'],
  ['django-debug-toolbar-template-profiler', 'usually', 'django-debug-toolbar-*'],
  ['debugpy', 'usually', 'debugpy'],
  ['jupyterlab', 'usually', 'jupyterlab'],
  ['invoke', 'usually', 'invoke'],
  ['py-spy', 'usually', 'py-spy'],
];

describe('data/dev-tools.json against its schema', () => {
  it('is valid', () => {
    const ok = validate(catalog);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('points at its schema and carries a description and review date', () => {
    expect(catalog.$schema).toBe('./dev-tools.schema.json');
    expect(catalog.description.length).toBeGreaterThan(20);
    expect(catalog.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('rejects an entry without sources', () => {
    const bad = clone();
    bad.packages.pytest.sources = [];
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/packages/pytest/sources')).toBe(true);
  });

  it('rejects an unknown category and an unknown certainty', () => {
    const bad = clone();
    bad.packages.pytest.category = 'testing';
    expect(validate(bad)).toBe(false);
    const bad2 = clone();
    (bad2.packages.pytest as { certainty: string }).certainty = 'sometimes';
    expect(validate(bad2)).toBe(false);
  });

  it('rejects keys that are not PEP 503 normalized', () => {
    const bad = clone();
    bad.packages['Pytest_Cov'] = bad.packages['pytest-cov'];
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'pattern' && e.instancePath === '/packages')).toBe(true);
  });

  it('rejects a usually entry with only one source', () => {
    const bad = clone();
    bad.packages.ipython.sources = bad.packages.ipython.sources.slice(0, 1);
    expect(validate(bad)).toBe(false);
  });

  it('rejects malformed patterns and multi-line rationales', () => {
    for (const pattern of ['pytest-', 'pytest*', 'Pytest-*', 'pytest']) {
      const bad = clone();
      bad.patterns[0].pattern = pattern;
      expect(validate(bad), pattern).toBe(false);
    }
    const bad = clone();
    bad.packages.pytest.rationale = 'first line\nsecond line';
    expect(validate(bad)).toBe(false);
  });

  it('rejects http sources and extra fields', () => {
    const bad = clone();
    bad.packages.pytest.sources = ['http://pytest.org/'];
    expect(validate(bad)).toBe(false);
    const bad2 = clone();
    (bad2.packages.pytest as unknown as Record<string, unknown>).notes = 'x';
    expect(validate(bad2)).toBe(false);
  });

  it('lists the same categories as the code', () => {
    const defs = schema.definitions as { category: { enum: string[] } };
    expect(defs.category.enum).toEqual([...DEV_TOOL_CATEGORIES]);
  });
});

describe('catalog conventions', () => {
  const keys = Object.keys(catalog.packages);

  it('has at least 250 named entries', () => {
    expect(keys.length).toBeGreaterThanOrEqual(250);
  });

  it('keeps keys normalized and sorted', () => {
    expect(keys.filter((k) => normalizeName(k) !== k)).toEqual([]);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps patterns sorted and unique', () => {
    const names = catalog.patterns.map((p) => p.pattern);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every entry a one-line rationale and at least one https source', () => {
    const all: [string, Entry][] = [
      ...Object.entries(catalog.packages),
      ...catalog.patterns.map((p): [string, Entry] => [p.pattern, p]),
    ];
    for (const [key, entry] of all) {
      expect(entry.rationale.trim().length, key).toBeGreaterThan(10);
      expect(entry.rationale, key).not.toMatch(/\n/);
      expect(entry.sources.length, key).toBeGreaterThanOrEqual(1);
      for (const source of entry.sources) {
        expect(new URL(source).protocol, `${key}: ${source}`).toBe('https:');
      }
    }
  });

  it('backs every usually entry with evidence beyond its own PyPI page', () => {
    const thin = Object.entries(catalog.packages)
      .filter(([, e]) => e.certainty === 'usually')
      .filter(([key, e]) => e.sources.every((s) => s === `https://pypi.org/project/${key}/`))
      .map(([key]) => key);
    expect(thin).toEqual([]);
  });

  it('never lets a pattern contradict a named entry it also matches', () => {
    const conflicts: string[] = [];
    for (const pattern of catalog.patterns) {
      const regex = compileNamePattern(pattern.pattern);
      for (const [key, entry] of Object.entries(catalog.packages)) {
        if (!regex.test(key) || pattern.exceptions.includes(key)) continue;
        if (entry.category !== pattern.category || entry.certainty !== pattern.certainty) {
          conflicts.push(`${key} vs ${pattern.pattern}`);
        }
      }
    }
    expect(conflicts).toEqual([]);
  });

  it('only lists exceptions that the pattern would otherwise match', () => {
    for (const pattern of catalog.patterns) {
      const regex = compileNamePattern(pattern.pattern);
      for (const exception of pattern.exceptions) {
        expect(regex.test(exception), `${exception} in ${pattern.pattern}`).toBe(true);
      }
    }
  });

  it('has no pattern broad enough to catch a whole framework family', () => {
    const patterns = catalog.patterns.map((p) => p.pattern);
    for (const broad of ['django-*', 'flask-*', 'mypy-*', '*', 'py*', 'types*']) {
      expect(patterns).not.toContain(broad);
    }
  });
});

describe('lookupDevTool', () => {
  it('never flags runtime packages', () => {
    expect(RUNTIME_PACKAGES.length).toBeGreaterThanOrEqual(40);
    const flagged = RUNTIME_PACKAGES.filter((name) => lookupDevTool(name) !== null).map(
      (name) => `${name} -> ${lookupDevTool(name)?.match}`,
    );
    expect(flagged).toEqual([]);
  });

  it('finds known development tools with the expected certainty', () => {
    for (const [name, certainty, match] of KNOWN_DEV_TOOLS) {
      const tool = lookupDevTool(name);
      expect(tool, name).not.toBeNull();
      expect({ name, certainty: tool?.certainty, match: tool?.match }).toEqual({ name, certainty, match });
    }
  });

  it('returns the named entry over a pattern that also matches', () => {
    const tool = lookupDevTool('pytest-runner');
    expect(tool).toMatchObject({ match: 'pytest-runner', category: 'build-release', certainty: 'always' });
  });

  it('respects pattern exceptions', () => {
    expect(compileNamePattern('tox-*').test('tox-block')).toBe(true);
    expect(lookupDevTool('tox-block')).toBeNull();
    expect(lookupDevTool('tox-uv')).toMatchObject({ match: 'tox-*', category: 'task-runner' });
  });

  it('copies the entry fields from the catalog', () => {
    const tool = lookupDevTool('pytest');
    expect(tool).toEqual({
      match: 'pytest',
      category: catalog.packages.pytest.category,
      certainty: catalog.packages.pytest.certainty,
      rationale: catalog.packages.pytest.rationale,
      sources: catalog.packages.pytest.sources,
      importNames: ['_pytest', 'pytest'],
    });
    const pattern = catalog.patterns.find((p) => p.pattern === 'flake8-*');
    expect(lookupDevTool('flake8-docstrings')).toEqual({
      match: 'flake8-*',
      category: pattern?.category,
      certainty: pattern?.certainty,
      rationale: pattern?.rationale,
      sources: pattern?.sources,
      importNames: ['flake8_docstrings'],
    });
  });

  it('normalizes names it is given', () => {
    expect(lookupDevTool('Pytest_Cov')?.match).toBe('pytest-cov');
    expect(lookupDevTool('types.PyYAML')?.match).toBe('types-pyyaml');
    expect(lookupDevTool('Flake8_Bugbear')?.match).toBe('flake8-*');
  });

  it('needs at least one character where a pattern has *', () => {
    for (const name of ['pytest-', '-stubs', 'types-', 'sphinxcontrib', 'stubs', '']) {
      expect(lookupDevTool(name), JSON.stringify(name)).toBeNull();
    }
    expect(lookupDevTool('a-stubs')?.match).toBe('*-stubs');
  });

  it('matches a pattern only as a whole name', () => {
    expect(lookupDevTool('my-pytest-helper')).toBeNull();
    expect(lookupDevTool('django-stubs-ext')).toBeNull();
    expect(lookupDevTool('sphinxsearch')).toBeNull();
  });

  it('prefers the more specific pattern when two match', () => {
    // 'django-debug-toolbar-*' (20 literal characters) beats '*-stubs' (6).
    expect(lookupDevTool('django-debug-toolbar-stubs')?.match).toBe('django-debug-toolbar-*');
    // 'mypy-boto3-*' and '*-stubs' agree anyway; the longer literal wins.
    expect(lookupDevTool('mypy-boto3-foo-stubs')?.match).toBe('mypy-boto3-*');
  });

  it('returns the same frozen object on repeated lookups', () => {
    const first = lookupDevTool('pytest-xyz');
    expect(lookupDevTool('pytest-xyz')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.sources)).toBe(true);
  });
});

describe('compileNamePattern', () => {
  it('anchors both ends and treats * as a run of name characters', () => {
    const regex = compileNamePattern('pytest-*');
    expect(regex.test('pytest-cov')).toBe(true);
    expect(regex.test('pytest-django-queries')).toBe(true);
    expect(regex.test('xpytest-cov')).toBe(false);
    expect(regex.test('pytest--cov')).toBe(false);
    expect(regex.test('pytest-cov-')).toBe(false);
  });
});

describe('catalogEntries', () => {
  const entries = catalogEntries();

  it('lists every name, then every pattern, with sources', () => {
    const names = entries.filter((e) => e.kind === 'name');
    const patterns = entries.filter((e) => e.kind === 'pattern');
    expect(names.length).toBe(Object.keys(catalog.packages).length);
    expect(patterns.length).toBe(catalog.patterns.length);
    expect(entries.length).toBe(names.length + patterns.length);
    expect(entries.findIndex((e) => e.kind === 'pattern')).toBe(names.length);
    expect(names.map((e) => e.key)).toEqual(Object.keys(catalog.packages));
    expect(entries.every((e) => e.sources.length >= 1)).toBe(true);
  });

  it('carries pattern exceptions and leaves them empty for names', () => {
    expect(entries.find((e) => e.key === 'tox-*')).toMatchObject({ kind: 'pattern', exceptions: ['tox-block'] });
    expect(entries.find((e) => e.key === 'pytest')).toMatchObject({ kind: 'name', exceptions: [] });
  });

  it('returns copies that callers may change without touching lookups', () => {
    const copy = catalogEntries();
    copy[0].sources.push('https://example.invalid/');
    expect(lookupDevTool(copy[0].key)?.sources).not.toContain('https://example.invalid/');
  });
});

describe('devToolCatalogInfo', () => {
  it('reports the description, review date and counts', () => {
    expect(devToolCatalogInfo()).toEqual({
      description: catalog.description,
      reviewed: catalog.reviewed,
      names: Object.keys(catalog.packages).length,
      patterns: catalog.patterns.length,
    });
  });
});

describe('import names', () => {
  it('default to the normalized name with - replaced by _', () => {
    expect(lookupDevTool('pytest-django')?.importNames).toEqual(['pytest_django']);
    expect(lookupDevTool('django-extensions')?.importNames).toEqual(['django_extensions']);
    expect(lookupDevTool('pytest-some-new-plugin')?.importNames).toEqual(['pytest_some_new_plugin']);
  });

  it('are listed where the module differs from the package name', () => {
    expect(lookupDevTool('setuptools')?.importNames).toEqual(['pkg_resources', 'setuptools']);
    expect(lookupDevTool('django-debug-toolbar')?.importNames).toEqual(['debug_toolbar']);
    expect(lookupDevTool('django-silk')?.importNames).toEqual(['silk']);
    expect(lookupDevTool('factory-boy')?.importNames).toEqual(['factory']);
    expect(lookupDevTool('ipython')?.importNames).toEqual(['IPython']);
    expect(lookupDevTool('pytest-xdist')?.importNames).toEqual(['xdist']);
    expect(lookupDevTool('vcrpy')?.importNames).toEqual(['vcr']);
  });

  it("fill a pattern's * with the matched part", () => {
    expect(lookupDevTool('sphinxcontrib-jquery')?.importNames).toEqual(['sphinxcontrib.jquery']);
    expect(lookupDevTool('sphinxcontrib-napoleon')?.importNames).toEqual(['sphinxcontrib.napoleon']);
  });

  it('are only listed when they differ from the default, sorted and unique', () => {
    const all: [string, string[] | undefined][] = [
      ...Object.entries(catalog.packages).map(([k, e]) => [k, e.importNames] as [string, string[] | undefined]),
      ...catalog.patterns.map((p) => [p.pattern, (p as PatternEntry & Entry).importNames] as [string, string[] | undefined]),
    ];
    for (const [key, names] of all) {
      if (!names) continue;
      expect(names, key).not.toEqual([key.replace(/-/g, '_')]);
      expect(names, key).toEqual([...new Set(names)].sort());
    }
  });

  it('are dotted Python identifiers (the schema rejects anything else)', () => {
    const bad = clone();
    bad.packages.pytest.importNames = ['py-test'];
    expect(validate(bad)).toBe(false);
    const dotted = clone();
    dotted.packages.pytest.importNames = ['_pytest', 'pytest.main'];
    expect(validate(dotted)).toBe(true);
  });

  it('neededWithoutImport qualifies usually entries only', () => {
    const bad = clone();
    bad.packages.pytest.neededWithoutImport = 'Run as a program by the image.';
    expect(validate(bad)).toBe(false);
    for (const [key, e] of Object.entries(catalog.packages)) {
      if (e.neededWithoutImport) expect(e.certainty, key).toBe('usually');
    }
    expect(lookupDevTool('setuptools')?.neededWithoutImport).toMatch(/pkg_resources/);
    expect(lookupDevTool('faker')?.neededWithoutImport).toBeUndefined();
  });
});
