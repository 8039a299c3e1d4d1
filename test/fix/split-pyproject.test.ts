import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { splitPyproject } from '../../src/fix/split-pyproject.js';
import { parsePyproject } from '../../src/parse/pyproject.js';
import type { Requirement } from '../../src/model.js';

const DEV = new Set(['pytest', 'black', 'ruff', 'mypy', 'coverage', 'pytest-cov']);
const isDev = (r: Requirement) => DEV.has(r.key);
const lines = (...l: string[]) => l.join('\n');

function split(text: string, opts?: Parameters<typeof splitPyproject>[2]) {
  const r = splitPyproject(text, isDev, opts);
  expect(r.diagnostics).toEqual([]);
  // Idempotent: a second run changes nothing.
  const again = splitPyproject(r.content, isDev, opts);
  expect(again.content).toBe(r.content);
  expect(again.moved).toEqual([]);
  return r;
}

describe('splitPyproject: PEP 621 to PEP 735', () => {
  it('single-line array, middle element', () => {
    const r = split('[project]\nname = "x"\ndependencies = ["flask", "pytest>=8", "requests"]\n');
    expect(r.target).toBe('pep735');
    expect(r.moved.map((m) => m.name)).toEqual(['pytest']);
    expect(r.content).toBe(
      '[project]\nname = "x"\ndependencies = ["flask", "requests"]\n\n[dependency-groups]\ndev = [\n    "pytest>=8",\n]\n',
    );
  });

  it('single-line array, last element and sole element', () => {
    expect(split('[project]\ndependencies = ["flask", "pytest"]\n').content).toBe(
      '[project]\ndependencies = ["flask"]\n\n[dependency-groups]\ndev = [\n    "pytest",\n]\n',
    );
    expect(split('[project]\ndependencies = [ "pytest", ]\n').content).toBe(
      '[project]\ndependencies = [ ]\n\n[dependency-groups]\ndev = [\n    "pytest",\n]\n',
    );
    expect(split("[project]\ndependencies = ['black']").content).toBe(
      "[project]\ndependencies = []\n\n[dependency-groups]\ndev = [\n    'black',\n]\n",
    );
  });

  it('multi-line array with comments, trailing commas and an existing dev group', () => {
    const input = lines(
      '[project]',
      'name = "svc"',
      'dependencies = [',
      '    # web',
      '    "flask>=3",',
      '    "pytest>=8",  # tests',
      '    "black",',
      '    "requests",  # http',
      ']',
      '',
      '[dependency-groups]',
      'dev = [',
      '    "ruff",',
      ']',
      'docs = ["sphinx"]',
      '',
    );
    const r = split(input);
    expect(r.moved.map((m) => [m.name, m.line])).toEqual([
      ['pytest', 6],
      ['black', 7],
    ]);
    expect(r.content).toBe(
      lines(
        '[project]',
        'name = "svc"',
        'dependencies = [',
        '    # web',
        '    "flask>=3",',
        '    "requests",  # http',
        ']',
        '',
        '[dependency-groups]',
        'dev = [',
        '    "ruff",',
        '    "pytest>=8",  # tests',
        '    "black",',
        ']',
        'docs = ["sphinx"]',
        '',
      ),
    );
  });

  it('last element without a trailing comma, and an existing dev array without one', () => {
    const input = '[project]\ndependencies = [\n  "flask",\n  "mypy"\n]\n[dependency-groups]\ndev = [\n  "ruff"\n]\n';
    expect(split(input).content).toBe('[project]\ndependencies = [\n  "flask",\n]\n[dependency-groups]\ndev = [\n  "ruff",\n  "mypy",\n]\n');
  });

  it('element before the closing bracket on the same line', () => {
    expect(split('[project]\ndependencies = [\n  "flask", "pytest"]\n').content).toBe(
      '[project]\ndependencies = [\n  "flask"]\n\n[dependency-groups]\ndev = [\n    "pytest",\n]\n',
    );
  });

  it('empty result array on its own lines', () => {
    expect(split('[project]\ndependencies = [\n    "pytest",\n    "ruff",\n]\n').content).toBe(
      '[project]\ndependencies = [\n]\n\n[dependency-groups]\ndev = [\n    "pytest",\n    "ruff",\n]\n',
    );
  });

  it('keeps CRLF line endings', () => {
    const input = '[project]\r\ndependencies = [\r\n  "flask",\r\n  "pytest",  # t\r\n]\r\n';
    expect(split(input).content).toBe(
      '[project]\r\ndependencies = [\r\n  "flask",\r\n]\r\n\r\n[dependency-groups]\r\ndev = [\r\n    "pytest",  # t\r\n]\r\n',
    );
  });

  it('adds the group to an existing [dependency-groups] table, keeping a BOM', () => {
    const input = '\uFEFF[project]\ndependencies = ["coverage", "attrs"]\n\n[dependency-groups]\ntest = ["pytest"]\n\n[tool.x]\ny = 1\n';
    expect(split(input).content).toBe(
      '\uFEFF[project]\ndependencies = ["attrs"]\n\n[dependency-groups]\ntest = ["pytest"]\ndev = [\n    "coverage",\n]\n\n[tool.x]\ny = 1\n',
    );
  });

  it('does not duplicate an entry already in the dev group', () => {
    const input = '[project]\ndependencies = ["pytest>=8", "flask"]\n[dependency-groups]\ndev = ["pytest>=8"]\n';
    const r = splitPyproject(input, isDev);
    expect(r.content).toBe('[project]\ndependencies = ["flask"]\n[dependency-groups]\ndev = ["pytest>=8"]\n');
    expect(r.moved.map((m) => m.name)).toEqual(['pytest']);
    expect(r.already).toEqual([{ name: 'pytest', key: 'pytest', line: 2, where: 'the dev group' }]);
    expect(r.diagnostics).toEqual([
      { rule: 'split-duplicate', line: 2, column: 1, message: 'pytest is already in the dev group; removed from the production dependencies, not added again' },
    ]);
    expect(splitPyproject(r.content, isDev).content).toBe(r.content);
  });

  it('leaves a file with nothing to move untouched', () => {
    const input = '[project]\ndependencies = ["flask"]  # comment\n';
    const r = splitPyproject(input, isDev);
    expect(r).toEqual({ content: input, moved: [], already: [], target: 'pep735', diagnostics: [] });
  });

  it('refuses a production-named group and returns the original', () => {
    const input = '[project]\ndependencies = ["pytest"]\n';
    const r = splitPyproject(input, isDev, { group: 'server' });
    expect(r.content).toBe(input);
    expect(r.moved).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ rule: 'split-failed' });
  });

  it('returns malformed TOML untouched with the parse diagnostic', () => {
    const r = splitPyproject('[project\n', isDev);
    expect(r.content).toBe('[project\n');
    expect(r.diagnostics[0]).toMatchObject({ rule: 'manifest-parse-error', line: 1 });
  });
});

describe('splitPyproject: other targets', () => {
  it('uv dev-dependencies when the project uses them (single-line append)', () => {
    const r = split('[project]\ndependencies = ["httpx", "mypy"]\n\n[tool.uv]\ndev-dependencies = ["pytest"]\n');
    expect(r.target).toBe('uv');
    expect(r.content).toBe('[project]\ndependencies = ["httpx"]\n\n[tool.uv]\ndev-dependencies = ["pytest", "mypy"]\n');
  });

  it('uv creates the key in an existing [tool.uv] table when asked', () => {
    const r = split('[project]\ndependencies = ["httpx", "mypy"]\n\n[tool.uv]\npackage = true\n\n[tool.other]\n', { target: 'uv' });
    expect(r.content).toBe('[project]\ndependencies = ["httpx"]\n\n[tool.uv]\npackage = true\ndev-dependencies = [\n    "mypy",\n]\n\n[tool.other]\n');
  });

  it('PDM dev-dependencies', () => {
    const r = split('[project]\ndependencies = ["attrs", "coverage"]\n\n[tool.pdm.dev-dependencies]\ndev = []\ntest = ["pytest"]\n');
    expect(r.target).toBe('pdm');
    expect(r.content).toBe('[project]\ndependencies = ["attrs"]\n\n[tool.pdm.dev-dependencies]\ndev = ["coverage"]\ntest = ["pytest"]\n');
  });

  it('Poetry: main table entries move to the dev group with their comment', () => {
    const input = lines(
      '[tool.poetry]',
      'name = "app"',
      '',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'django = "^5.0"',
      'pytest = "^8.0"  # oops',
      'black = { version = "^24", extras = ["d"] }',
      'numpy = "^1.26"',
      '',
      '[tool.poetry.group.dev.dependencies]',
      'ruff = "^0.4"',
      '',
    );
    const r = split(input);
    expect(r.target).toBe('poetry');
    expect(r.content).toBe(
      lines(
        '[tool.poetry]',
        'name = "app"',
        '',
        '[tool.poetry.dependencies]',
        'python = "^3.11"',
        'django = "^5.0"',
        'numpy = "^1.26"',
        '',
        '[tool.poetry.group.dev.dependencies]',
        'ruff = "^0.4"',
        'pytest = "^8.0"  # oops',
        'black = { version = "^24", extras = ["d"] }',
        '',
      ),
    );
    const after = parsePyproject(r.content, 'pyproject.toml').requirements.find((x) => x.name === 'black')!;
    expect(after).toMatchObject({ group: 'dev', groupName: 'dev', specifier: '>=24,<25', extras: ['d'] });
  });

  it('Poetry: creates the group table; legacy dev-dependencies is used when present', () => {
    expect(split('[tool.poetry.dependencies]\npython = "^3.11"\npytest = "^8.0"\n').content).toBe(
      '[tool.poetry.dependencies]\npython = "^3.11"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8.0"\n',
    );
    expect(split('[tool.poetry.dependencies]\npytest = "^8.0"\nx = "1"\n[tool.poetry.dev-dependencies]\nruff = "*"\n').content).toBe(
      '[tool.poetry.dependencies]\nx = "1"\n[tool.poetry.dev-dependencies]\nruff = "*"\npytest = "^8.0"\n',
    );
  });

  it('Poetry: inline dependency table', () => {
    expect(split('[tool.poetry]\ndependencies = { flask = "^3", pytest = "^8" }\n').content).toBe(
      '[tool.poetry]\ndependencies = { flask = "^3" }\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n',
    );
  });

  it('Poetry: several constraint tables move together', () => {
    const input = '[tool.poetry.dependencies]\nmypy = [\n  { version = "^1.8", python = "<3.13" },\n  { version = "^1.11", python = ">=3.13" },\n]\nx = "1"\n';
    const r = split(input);
    expect(r.moved).toHaveLength(2);
    expect(r.content).toBe(
      '[tool.poetry.dependencies]\nx = "1"\n\n[tool.poetry.group.dev.dependencies]\nmypy = [\n  { version = "^1.8", python = "<3.13" },\n  { version = "^1.11", python = ">=3.13" },\n]\n',
    );
  });

  it('Poetry target for [project] dependencies converts to Poetry syntax', () => {
    const input = '[project]\ndependencies = ["flask", "pytest-cov[toml]>=5 ; python_version < \'3.13\'", "black==24.4.2"]\n[tool.poetry]\npackage-mode = false\n';
    const r = split(input);
    expect(r.target).toBe('poetry');
    expect(r.content).toBe(
      '[project]\ndependencies = ["flask"]\n[tool.poetry]\npackage-mode = false\n\n[tool.poetry.group.dev.dependencies]\npytest-cov = { version = ">=5", extras = ["toml"], markers = "python_version < \'3.13\'" }\nblack = "==24.4.2"\n',
    );
  });

  it('Poetry: a conflicting entry in the dev group fails safely', () => {
    const input = '[tool.poetry.dependencies]\npytest = "^8.0"\n[tool.poetry.group.dev.dependencies]\npytest = "^7.0"\n';
    const r = splitPyproject(input, isDev);
    expect(r.content).toBe(input);
    expect(r.moved).toEqual([]);
    expect(r.diagnostics[0].message).toContain('different constraint');
  });
});

// ---- property: generated pyprojects ---------------------------------------------------------------

const NAMES = ['flask', 'requests', 'pytest', 'black', 'ruff', 'attrs', 'mypy', 'httpx', 'coverage', 'django'];
const depArb = fc.record({
  name: fc.constantFrom(...NAMES),
  spec: fc.constantFrom('', '>=1.0', '==2.3.4', '>=1,<2', '~=3.1'),
  extras: fc.constantFrom('', '[a]'),
  marker: fc.constantFrom('', ' ; python_version < "3.12"', " ; sys_platform == 'linux'"),
  quote: fc.constantFrom('"', "'"),
  comment: fc.constantFrom('', '  # note', '  # slimreq: ignore[x]'),
});
const docArb = fc.record({
  deps: fc.array(depArb, { maxLength: 7 }),
  multiLine: fc.boolean(),
  trailingComma: fc.boolean(),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  leadingComment: fc.boolean(),
  existing: fc.constantFrom('none', 'pep735-empty', 'pep735-multi', 'pep735-single', 'other-group', 'uv', 'pdm'),
  tail: fc.constantFrom('', '[tool.black]\nline-length = 100\n'),
});

function render(d: fc.RecordValue<typeof docArb> extends infer T ? T : never): string {
  // A marker's quotes are the other kind than the TOML string's.
  const items = d.deps.map((x) => {
    const marker = x.quote === '"' ? x.marker.replace(/"/g, "'") : x.marker.replace(/'/g, '"');
    return `${x.quote}${x.name}${x.extras}${x.spec}${marker}${x.quote}`;
  });
  let arr: string;
  if (d.multiLine) {
    const body = items.map((it, i) => {
      const comma = i < items.length - 1 || d.trailingComma ? ',' : '';
      return `    ${it}${comma}${d.deps[i].comment}\n`;
    });
    arr = `[\n${d.leadingComment ? '    # runtime\n' : ''}${body.join('')}]`;
  } else {
    arr = `[${items.join(', ')}${d.trailingComma && items.length > 0 ? ',' : ''}]`;
  }
  let out = `[project]\nname = "gen"\ndependencies = ${arr}\n`;
  const existing: Record<string, string> = {
    none: '',
    'pep735-empty': '\n[dependency-groups]\ndev = []\n',
    'pep735-multi': '\n[dependency-groups]\ndev = [\n    "pre-commit",\n]\n',
    'pep735-single': '\n[dependency-groups]\ndev = ["pre-commit"]\ntest = ["hypothesis"]\n',
    'other-group': '\n[dependency-groups]\ntest = ["hypothesis"]\n',
    uv: '\n[tool.uv]\ndev-dependencies = ["pre-commit"]\n',
    pdm: '\n[tool.pdm.dev-dependencies]\nlint = ["pre-commit"]\n',
  };
  out += existing[d.existing];
  if (d.tail) out += '\n' + d.tail;
  if (!d.finalNewline) out = out.replace(/\n$/, '');
  return d.crlf ? out.replace(/\n/g, '\r\n') : out;
}

const ident = (r: Requirement) => JSON.stringify([r.key, r.specifier, r.marker, r.extras]);

describe('splitPyproject property', () => {
  it('moves exactly the dev tools, keeps everything else, and is idempotent', () => {
    fc.assert(
      fc.property(docArb, (d) => {
        const text = render(d);
        const before = parsePyproject(text, 'pyproject.toml');
        expect(before.diagnostics).toEqual([]);
        const r = splitPyproject(text, isDev);
        expect(r.diagnostics).toEqual([]);
        const after = parsePyproject(r.content, 'pyproject.toml');
        expect(after.diagnostics).toEqual([]);
        const prodBefore = before.requirements.filter((x) => x.origin === 'pep621');
        const prodAfter = after.requirements.filter((x) => x.origin === 'pep621');
        expect(prodAfter.map(ident)).toEqual(prodBefore.filter((x) => !isDev(x)).map(ident));
        expect(r.moved.map(ident)).toEqual(prodBefore.filter(isDev).map(ident));
        const devAfter = new Set(after.requirements.filter((x) => x.group === 'dev').map(ident));
        for (const m of r.moved) expect(devAfter.has(ident(m))).toBe(true);
        expect(new Set(after.requirements.map(ident))).toEqual(new Set(before.requirements.map(ident)));
        // Line endings kept: no bare LF in a CRLF file and vice versa.
        if (d.crlf) expect(/(^|[^\r])\n/.test(r.content)).toBe(false);
        else expect(r.content.includes('\r')).toBe(false);
        // Every line of the original that holds no moved entry survives, in order (except a
        // one-line destination array, which grows).
        const out = r.content.split(/\r?\n/);
        let at = 0;
        for (const line of text.split(/\r?\n/)) {
          if (r.moved.some((m) => line.includes(m.source)) || line.trim() === '') continue;
          if (r.moved.length > 0 && /^(dev|dev-dependencies) = \[.*\]$/.test(line)) continue;
          const found = out.indexOf(line, at);
          expect(found, `line ${JSON.stringify(line)} lost in\n${r.content}`).toBeGreaterThanOrEqual(0);
          at = found + 1;
        }
        const again = splitPyproject(r.content, isDev);
        expect(again.content).toBe(r.content);
        expect(again.moved).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('fixtures', () => {
  const read = (p: string) => readFileSync(new URL(`../../fixtures/${p}`, import.meta.url), 'utf8');

  it('poetry-app: pytest moves to the dev group', () => {
    const text = read('poetry-app/pyproject.toml');
    const r = split(text);
    expect(r.moved.map((m) => m.name)).toEqual(['pytest']);
    expect(r.content).toBe(
      text
        .replace('pytest = "^8.2.2"  # added here by mistake; belongs to the dev group\n', '')
        .replace('mypy = "^1.10.0"\n', 'mypy = "^1.10.0"\npytest = "^8.2.2"  # added here by mistake; belongs to the dev group\n'),
    );
  });

  it('uv-workspace member: pytest-asyncio moves to a new dev group', () => {
    const text = read('uv-workspace/packages/api/pyproject.toml');
    const r = splitPyproject(text, (q) => q.key === 'pytest-asyncio');
    expect(r.diagnostics).toEqual([]);
    expect(r.target).toBe('pep735');
    expect(r.content).toBe(
      text.replace('    "pytest-asyncio>=0.23",  # dev tool in the runtime set\n', '') +
        '\n[dependency-groups]\ndev = [\n    "pytest-asyncio>=0.23",  # dev tool in the runtime set\n]\n',
    );
  });
});

const poetryEntryArb = fc.record({
  name: fc.constantFrom(...NAMES),
  form: fc.constantFrom('"^1.2"', '"*"', '">=2,<3"', '{ version = "^0.4", extras = ["x"] }', '{ version = "~1.1", markers = "sys_platform == \'linux\'" }'),
  comment: fc.constantFrom('', '  # why'),
});
const poetryDocArb = fc.record({
  entries: fc.uniqueArray(poetryEntryArb, { selector: (e) => e.name, maxLength: 7 }),
  dev: fc.constantFrom('none', 'group', 'legacy', 'group-with-pre-commit'),
  crlf: fc.boolean(),
});

describe('splitPyproject property, Poetry', () => {
  it('moves exactly the dev tools to a Poetry group and is idempotent', () => {
    fc.assert(
      fc.property(poetryDocArb, (d) => {
        let text = '[tool.poetry]\nname = "gen"\n\n[tool.poetry.dependencies]\npython = "^3.11"\n';
        text += d.entries.map((e) => `${e.name} = ${e.form}${e.comment}\n`).join('');
        if (d.dev === 'group') text += '\n[tool.poetry.group.dev.dependencies]\n';
        if (d.dev === 'group-with-pre-commit') text += '\n[tool.poetry.group.dev.dependencies]\npre-commit = "^3"\n';
        if (d.dev === 'legacy') text += '\n[tool.poetry.dev-dependencies]\npre-commit = "^3"\n';
        if (d.crlf) text = text.replace(/\n/g, '\r\n');
        const before = parsePyproject(text, 'pyproject.toml');
        expect(before.diagnostics).toEqual([]);
        const r = splitPyproject(text, isDev);
        expect(r.diagnostics).toEqual([]);
        const after = parsePyproject(r.content, 'pyproject.toml');
        const main = (x: typeof after) => x.requirements.filter((q) => q.groupName === null).map(ident);
        expect(main(after)).toEqual(before.requirements.filter((q) => q.groupName === null && !isDev(q)).map(ident));
        expect(after.requirements.filter((q) => q.group === 'dev' && isDev(q)).map(ident)).toEqual(
          before.requirements.filter((q) => isDev(q)).map(ident),
        );
        expect(after.requiresPython).toBe(before.requiresPython);
        if (d.crlf) expect(/(^|[^\r])\n/.test(r.content)).toBe(false);
        expect(splitPyproject(r.content, isDev).content).toBe(r.content);
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitPyproject: comments of moved entries', () => {
  it('a one-line destination array stays one line; the comment goes on a line above it', () => {
    const input = lines(
      '[project]',
      'name = "svc"',
      'dependencies = [',
      '    "django>=5.0",',
      '    "black>=24.0",  # formats generated migrations',
      ']',
      '',
      '[dependency-groups]',
      'dev = ["ruff>=0.7", "mypy>=1.13", {include-group = "test"}]',
      'test = ["pytest>=8"]',
      '',
    );
    const r = split(input);
    expect(r.moved.map((m) => m.name)).toEqual(['black']);
    expect(r.content).toBe(
      lines(
        '[project]',
        'name = "svc"',
        'dependencies = [',
        '    "django>=5.0",',
        ']',
        '',
        '[dependency-groups]',
        '# black>=24.0: formats generated migrations',
        'dev = ["ruff>=0.7", "mypy>=1.13", {include-group = "test"}, "black>=24.0"]',
        'test = ["pytest>=8"]',
        '',
      ),
    );
  });

  it('several comments, an empty one-line array, CRLF', () => {
    const input = '[project]\r\ndependencies = [\r\n  "mypy",  # types\r\n  "attrs",\r\n  "coverage",\r\n  "ruff",  #lint\r\n]\r\n[dependency-groups]\r\ndev = []\r\n';
    expect(split(input).content).toBe(
      '[project]\r\ndependencies = [\r\n  "attrs",\r\n]\r\n[dependency-groups]\r\n# mypy: types\r\n# ruff: lint\r\ndev = ["mypy", "coverage", "ruff"]\r\n',
    );
  });

  it('uv one-line dev-dependencies and a Poetry inline table keep the comment the same way', () => {
    expect(split('[project]\ndependencies = [\n    "httpx",\n    "mypy>=1",  # strict\n]\n\n[tool.uv]\ndev-dependencies = ["pytest"]\n').content).toBe(
      '[project]\ndependencies = [\n    "httpx",\n]\n\n[tool.uv]\n# mypy>=1: strict\ndev-dependencies = ["pytest", "mypy>=1"]\n',
    );
    expect(split('[tool.poetry.dependencies]\nflask = "^3"\npytest = "^8.0"  # oops\n\n[tool.poetry.group.dev]\ndependencies = { ruff = "^0.4" }\n').content).toBe(
      '[tool.poetry.dependencies]\nflask = "^3"\n\n[tool.poetry.group.dev]\n# pytest: oops\ndependencies = { ruff = "^0.4", pytest = "^8.0" }\n',
    );
  });
});

describe('splitPyproject: entries a development set already has', () => {
  const withAsyncio = (r: Requirement) => isDev(r) || r.key === 'pytest-asyncio';

  it('removes the production entry, adds nothing to dev, and keeps its comment above the covering entry', () => {
    const input = lines(
      '[project]',
      'dependencies = [',
      '    "fastapi>=0.110",',
      '    "pytest-asyncio",  # async tests',
      ']',
      '',
      '[dependency-groups]',
      'dev = ["ruff", {include-group = "test"}]',
      'test = ["pytest", "pytest-asyncio"]',
      '',
    );
    const r = splitPyproject(input, withAsyncio);
    expect(r.content).toBe(
      lines(
        '[project]',
        'dependencies = [',
        '    "fastapi>=0.110",',
        ']',
        '',
        '[dependency-groups]',
        'dev = ["ruff", {include-group = "test"}]',
        '# pytest-asyncio: async tests',
        'test = ["pytest", "pytest-asyncio"]',
        '',
      ),
    );
    expect(r.moved.map((m) => [m.name, m.line])).toEqual([['pytest-asyncio', 4]]);
    expect(r.already).toEqual([{ name: 'pytest-asyncio', key: 'pytest-asyncio', line: 4, where: 'the test group' }]);
    expect(r.diagnostics).toEqual([
      {
        rule: 'split-duplicate',
        line: 4,
        column: 1,
        message: 'pytest-asyncio is already in the test group; removed from the production dependencies, not added again',
      },
    ]);
    expect(splitPyproject(r.content, withAsyncio).content).toBe(r.content);
  });

  it('a multi-line group gets the comment right above the entry; other tools still go to dev', () => {
    const input = '[project]\ndependencies = ["flask", "pytest-asyncio>=0.23", "black"]\n\n[dependency-groups]\ntest = [\n    "pytest",\n    "pytest-asyncio>=0.23",\n]\n';
    const r = splitPyproject(input, withAsyncio);
    expect(r.content).toBe(
      '[project]\ndependencies = ["flask"]\n\n[dependency-groups]\ntest = [\n    "pytest",\n    "pytest-asyncio>=0.23",\n]\ndev = [\n    "black",\n]\n',
    );
    expect(r.already.map((a) => a.name)).toEqual(['pytest-asyncio']);
    expect(r.moved.map((m) => m.name)).toEqual(['pytest-asyncio', 'black']);
  });

  it('a production entry that asks for more than the dev one still moves to dev', () => {
    const input = '[project]\ndependencies = ["flask", "pytest-asyncio==0.21"]\n\n[dependency-groups]\ntest = ["pytest-asyncio"]\n';
    const r = splitPyproject(input, withAsyncio);
    expect(r.content).toBe('[project]\ndependencies = ["flask"]\n\n[dependency-groups]\ntest = ["pytest-asyncio"]\ndev = [\n    "pytest-asyncio==0.21",\n]\n');
    expect(r.already).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it('names an extra and a Poetry group', () => {
    const extra = splitPyproject('[project]\ndependencies = ["flask", "pytest"]\n\n[project.optional-dependencies]\ntest = ["pytest"]\n', isDev);
    expect(extra.content).toBe('[project]\ndependencies = ["flask"]\n\n[project.optional-dependencies]\ntest = ["pytest"]\n');
    expect(extra.already.map((a) => a.where)).toEqual(['the test extra']);
    const poetry = splitPyproject('[tool.poetry.dependencies]\npytest = "^8.0"  # why\nx = "1"\n\n[tool.poetry.group.test.dependencies]\npytest = "^8.0"\n', isDev);
    expect(poetry.content).toBe('[tool.poetry.dependencies]\nx = "1"\n\n[tool.poetry.group.test.dependencies]\n# pytest: why\npytest = "^8.0"\n');
    expect(poetry.already.map((a) => a.where)).toEqual(['the Poetry test group']);
  });
});

describe('splitPyproject: extras written as markers (issue 17 item 3)', () => {
  it(`leaves "mypy ; extra == 'typing'" in [project] dependencies: it is the typing extra`, () => {
    const text = `[project]\nname = "app"\ndependencies = ["flask", "mypy ; extra == 'typing'", "pytest"]\n`;
    const r = split(text);
    expect(r.moved.map((m) => m.key)).toEqual(['pytest']);
    expect(r.content).toBe(`[project]\nname = "app"\ndependencies = ["flask", "mypy ; extra == 'typing'"]\n\n[dependency-groups]\ndev = [\n    "pytest",\n]\n`);
    // The audit's model: the entry belongs to the typing extra, a development set.
    const mypy = parsePyproject(text, 'pyproject.toml').requirements.find((q) => q.key === 'mypy')!;
    expect([mypy.group, mypy.groupName]).toEqual(['dev', 'typing']);
  });
});

describe('splitPyproject: Poetry layouts it cannot edit (issue 17 item 14)', () => {
  it('says which layout it cannot edit instead of failing with a TypeError', () => {
    const dotted = '[tool.poetry]\nname = "app"\n[tool.poetry.dependencies]\npython = "^3.11"\nflask = "^3"\npytest.version = "^8"\npytest.extras = ["testing"]\n';
    const r = splitPyproject(dotted, isDev);
    expect(r.content).toBe(dotted);
    expect(r.diagnostics).toEqual([
      {
        rule: 'split-failed',
        line: 6,
        column: 1,
        message: '"pytest" in [tool.poetry.dependencies] is written with dotted keys (pytest.version = …, line 6); split edits only one-line entries such as pytest = { version = "…" }: rewrite it that way, or move it by hand',
      },
    ]);
    const table = '[tool.poetry.dependencies]\nflask = "^3"\n[tool.poetry.dependencies.pytest]\nversion = "^8"\n';
    const t = splitPyproject(table, isDev);
    expect(t.content).toBe(table);
    expect(t.diagnostics[0].message).toContain('is its own table ([tool.poetry.dependencies.pytest], line 3)');
    expect(t.diagnostics[0].message).not.toMatch(/TypeError/);
  });
});
