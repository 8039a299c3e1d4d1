// pip is the judge: the original file and both outputs are read by pip 23.2.1's own parser
// (parse_requirements with a PipSession and a PackageFinder, following -r and -c), and the
// requirements (name, specifier, extras, marker, url, hashes, editable, constraint) and the global
// options pip ends up with are compared. One python3 process reads every case.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DevTool } from '../../src/catalog/devtools.js';
import { planSplit, type SplitInput, type SplitPlan } from '../../src/fix/split.js';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

const TOOLS: Record<string, 'always' | 'usually'> = {
  pytest: 'always',
  'pytest-cov': 'always',
  black: 'always',
  mypy: 'always',
  'types-requests': 'always',
  ipython: 'usually',
};
function decide(key: string): DevTool | null {
  const certainty = TOOLS[key];
  return certainty ? { match: key, category: 'dev', certainty, rationale: 'test catalog', sources: [] } : null;
}

const AUX: Record<string, string> = {
  'base.txt': 'six==1.16.0\n',
  'constraints.txt': 'idna<4\n',
};

interface OracleCase {
  id: string;
  content: string;
  devContent?: string | null;
  link?: SplitInput['link'];
  include?: SplitInput['include'];
  /** Other files of the case (path -> content), instead of AUX; they are what -r/-c lines read. */
  files?: Record<string, string>;
}

interface PipRequirement {
  file: string;
  constraint: boolean;
  editable: boolean;
  hashes: string[];
  name: string | null;
  specifier: string | null;
  extras: string[];
  marker: string | null;
  url: string | null;
  raw: string | null;
}
type PipRoot = { requirements: PipRequirement[]; options: Record<string, unknown> } | { error: string };

const HANDWRITTEN: OracleCase[] = [
  { id: 'basic', content: 'flask==3.0.3\npytest==8.3.2\nrequests\n' },
  { id: 'crlf-bom', content: '\uFEFF# app\r\nflask\r\n# tests\r\npytest\r\npytest-cov>=5\r\n' },
  { id: 'no-final-newline', content: 'flask\npytest' },
  {
    id: 'hashes-continuations',
    content:
      '--require-hashes\nflask==3.0.3 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\npytest==8.3.2 \\\n    --hash=sha256:cccc  # tests\nrequests==2.32.3 --hash=sha256:dddd\n',
  },
  { id: 'markers-extras', content: 'uvloop==0.19 ; sys_platform != "win32"\npytest[testing]>=8 ; python_version >= "3.9"  # t\nflask[async]\n' },
  {
    id: 'options-includes',
    content:
      '--index-url https://pypi.example/simple\n--extra-index-url https://mirror.example/simple\n--trusted-host mirror.example\n--pre\n-r base.txt\n-c constraints.txt\n-e git+https://example.com/app.git#egg=app\nflask\nblack==24.8.0\nmypy\n',
  },
  { id: 'options-link-none', link: 'none', content: '--index-url https://pypi.example/simple\n--find-links https://wheels.example/\n--pre\n-c constraints.txt\n-r base.txt\npytest\nflask\n' },
  { id: 'link-constraint', link: 'constraint', content: '--extra-index-url https://mirror.example/simple\nflask==3.0.3\npytest==8.3.2\n' },
  { id: 'usually', include: 'usually', content: 'flask\nipython==8.26.0\n' },
  { id: 'merge', content: 'flask\npytest==8.3.2\nblack\n', devContent: '# dev\n-r requirements.txt\nipython\npytest==8.3.2\n' },
  { id: 'merge-no-link', content: 'flask\npytest\n', devContent: 'ipython\r\nblack' },
  { id: 'demo', content: readFileSync(new URL('../../fixtures/split-demo/requirements.txt', import.meta.url), 'utf8') },
  { id: 'pip-compile', content: readFileSync(new URL('../../fixtures/split-demo/pip-compile/requirements.txt', import.meta.url), 'utf8') },
  { id: 'uv', content: readFileSync(new URL('../../fixtures/split-demo/uv/requirements.txt', import.meta.url), 'utf8') },
];

// Generated files: names mixing catalog dev tools and runtime packages, every construct pip reads.
const NAMES = ['flask', 'requests', 'django', 'pytest', 'pytest-cov', 'black', 'mypy', 'types-requests', 'ipython', 'gunicorn'];
const hexHash = fc.stringMatching(/^[0-9a-f]{8}$/).map((h) => `--hash=sha256:${h}`);
const requirementLine = fc
  .record({
    name: fc.constantFrom(...NAMES),
    spec: fc.constantFrom('', '==1.0', '>=2,<3', '~=1.4'),
    extras: fc.constantFrom('', '[extra]'),
    marker: fc.constantFrom('', ' ; python_version >= "3.8"', ' ; sys_platform == "linux"'),
    hashes: fc.array(hexHash, { maxLength: 2 }),
    comment: fc.constantFrom('', '  # note'),
    continued: fc.boolean(),
  })
  .map((r) => {
    const head = `${r.name}${r.extras}${r.spec}${r.marker}`;
    const hashes = r.hashes.length === 0 ? '' : r.continued ? ` \\\n    ${r.hashes.join(' \\\n    ')}` : ` ${r.hashes.join(' ')}`;
    return head + hashes + r.comment;
  });
const otherLine = fc.constantFrom(
  '',
  '# a comment',
  '# section',
  '--pre',
  '--index-url https://pypi.example/simple',
  '--extra-index-url https://mirror.example/simple',
  '-r base.txt',
  '-c constraints.txt',
  '-e git+https://example.com/tool.git#egg=tool',
  './wheels/local_pkg-1.0-py3-none-any.whl',
);
const generatedFile = fc.record({
  lines: fc.array(fc.oneof({ weight: 3, arbitrary: requirementLine }, { weight: 2, arbitrary: otherLine }), { minLength: 1, maxLength: 14 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  link: fc.constantFrom<SplitInput['link']>('requirement', 'constraint', 'none'),
  include: fc.constantFrom<SplitInput['include']>('always', 'usually'),
});
const GENERATED: OracleCase[] = fc.sample(generatedFile, { numRuns: 30, seed: 20240817 }).map((g, n) => ({
  id: `generated-${n}`,
  content: (g.bom ? '\uFEFF' : '') + g.lines.join('\n').replace(/\n/g, g.eol) + (g.finalNewline ? g.eol : ''),
  link: g.link,
  include: g.include,
}));

// Generated include graphs (issue 17 item 1): FILE, maybe an existing dev file, and two more files,
// with -r/-c lines between any of them, so FILE may include the dev file (directly or through
// another file) and loops may be there before the split. pip decides what each graph means.
const GRAPH_FILES = ['requirements.txt', 'requirements-dev.txt', 'common.txt', 'sub/pins.txt'];
const graphFile = fc.record({
  includes: fc.array(fc.record({ flag: fc.constantFrom('-r', '-c'), to: fc.constantFrom(...GRAPH_FILES) }), { maxLength: 2 }),
  names: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }),
});
const generatedGraph = fc.record({
  files: fc.tuple(graphFile, graphFile, graphFile, graphFile),
  devExists: fc.boolean(),
  link: fc.constantFrom<SplitInput['link']>('requirement', 'requirement', 'constraint', 'none'),
});
const ISSUE_REPRODUCTION: OracleCase[] = (['-r', '-c'] as const).map((flag) => ({
  id: `issue-17-item-1 ${flag}`,
  content: `${flag} requirements-dev.txt\nflask\npytest\n`,
  devContent: 'black\n',
  link: flag === '-r' ? 'requirement' : 'constraint',
  files: {},
}));
const GRAPHS: OracleCase[] = [...ISSUE_REPRODUCTION, ...fc.sample(generatedGraph, { numRuns: 80, seed: 20261203 }).map((g, n) => {
  const text = (path: string, f: { includes: { flag: string; to: string }[]; names: string[] }): string =>
    [...f.includes.filter((i) => i.to !== path).map((i) => `${i.flag} ${posix.relative(posix.dirname(path), i.to)}`), ...f.names].join('\n') + '\n';
  const [prod, dev, common, pins] = g.files;
  // FILE always holds a dev tool, so every case moves something unless it is refused.
  const content = text('requirements.txt', { ...prod, names: [...prod.names, 'pytest'] });
  return {
    id: `graph-${n}`,
    content,
    devContent: g.devExists ? text('requirements-dev.txt', dev) : null,
    link: g.link,
    files: { 'common.txt': text('common.txt', common), 'sub/pins.txt': text('sub/pins.txt', pins) },
  };
})];

const CASES = [...HANDWRITTEN, ...GENERATED];
const plans = new Map<string, SplitPlan>();
let results: Record<string, Record<string, PipRoot>> = {};

function planFor(c: OracleCase): SplitPlan {
  return planSplit({
    content: c.content,
    devContent: c.devContent ?? null,
    fileName: 'requirements.txt',
    devFileName: 'requirements-dev.txt',
    link: c.link ?? 'requirement',
    include: c.include ?? 'always',
    keep: [],
    move: [],
    decide,
    readFile: (path) => (c.files ?? AUX)[path] ?? null,
  });
}

beforeAll(() => {
  const request = { cases: [] as { id: string; files: Record<string, string>; roots: string[] }[] };
  for (const c of [...CASES, ...GRAPHS]) {
    const p = planFor(c);
    plans.set(c.id, p);
    const aux = c.files ?? AUX;
    const before: Record<string, string> = { ...aux, 'requirements.txt': c.content };
    const roots = ['requirements.txt'];
    if (c.devContent != null) {
      before['requirements-dev.txt'] = c.devContent;
      roots.push('requirements-dev.txt');
    }
    request.cases.push({ id: `${c.id}:before`, files: before, roots });
    // The dev file exists after any split: a loop through it counts even while it is absent.
    if (c.devContent == null && c.files) request.cases.push({ id: `${c.id}:before-dev-empty`, files: { ...before, 'requirements-dev.txt': '' }, roots });
    request.cases.push({
      id: `${c.id}:after`,
      files: { ...aux, 'requirements.txt': p.prod, 'requirements-dev.txt': p.dev },
      roots: ['requirements.txt', 'requirements-dev.txt'],
    });
  }
  const script = fileURLToPath(new URL('../oracle/pip_split_check.py', import.meta.url));
  const run = spawnSync('python3', [script], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pip oracle failed: ${run.stderr}`);
  results = JSON.parse(run.stdout).results;
});

function ok(root: PipRoot | undefined): { requirements: PipRequirement[]; options: Record<string, unknown> } {
  expect(root).toBeDefined();
  if (!root || 'error' in root) throw new Error(`pip could not read the file: ${root && 'error' in root ? root.error : 'missing'}`);
  return root;
}

/** A requirement as pip sees it, without where it came from. */
function what(r: PipRequirement): string {
  const { file: _file, ...rest } = r;
  return JSON.stringify(rest);
}
const sorted = (xs: string[]): string[] => [...xs].sort();
const own = (rs: PipRequirement[], file: string): PipRequirement[] => rs.filter((r) => r.file === file);
const hashMode = (root: { requirements: PipRequirement[]; options: Record<string, unknown> }): boolean =>
  root.options.require_hashes === true || root.requirements.some((r) => r.hashes.length > 0);

describe('split outputs, read by pip', () => {
  it('covers many cases, most of which move something', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    const moving = CASES.filter((c) => (plans.get(c.id)?.moved.length ?? 0) > 0).length;
    expect(moving).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const p = plans.get(c.id)!;
    expect(p.diagnostics.map((d) => d.rule)).not.toContain('split-verification-failed');
    const before = ok(results[`${c.id}:before`]['requirements.txt']);
    const prod = ok(results[`${c.id}:after`]['requirements.txt']);
    const dev = ok(results[`${c.id}:after`]['requirements-dev.txt']);
    const link = c.link ?? 'requirement';

    // Production keeps its global options exactly.
    expect(prod.options).toEqual(before.options);

    // Nothing lost, nothing duplicated: FILE now + what the dev file itself lists = FILE before + the old dev file.
    const oldDevOwn = c.devContent != null ? own(ok(results[`${c.id}:before`]['requirements-dev.txt']).requirements, 'requirements-dev.txt') : [];
    const nowAll = [...prod.requirements, ...own(dev.requirements, 'requirements-dev.txt')].map(what);
    const thenAll = [...before.requirements, ...oldDevOwn].map(what);
    if (c.devContent != null) expect([...new Set(nowAll)].sort()).toEqual([...new Set(thenAll)].sort());
    else expect(sorted(nowAll)).toEqual(sorted(thenAll));

    // Moved tools are gone from what the production file installs.
    const movedKeys = new Set(p.moved.map((m) => m.key));
    const stillThere = own(prod.requirements, 'requirements.txt').filter((r) => r.name && movedKeys.has(r.name));
    const stayedOnPurpose = p.review.length + p.diagnostics.filter((d) => d.rule === 'split-conflict').length;
    if (stayedOnPurpose === 0) expect(stillThere).toEqual([]);

    if (p.moved.length === 0) return;
    if (link === 'requirement') {
      // Installing the dev file installs exactly the original set plus the dev file's own lines, with the same options.
      if (c.devContent == null) expect(sorted(dev.requirements.map(what))).toEqual(sorted(before.requirements.map(what)));
      expect(dev.options).toEqual(before.options);
    } else if (link === 'constraint') {
      for (const r of own(dev.requirements, 'requirements.txt')) expect(r.constraint).toBe(true);
      expect(dev.options).toEqual(before.options);
    } else {
      expect(dev.options).toEqual(before.options);
    }
    // Hash-checking mode survives: a file that pip would install with hashes still installs with hashes.
    const fullyHashed = before.options.require_hashes === true || (before.requirements.length > 0 && before.requirements.every((r) => r.hashes.length > 0));
    if (fullyHashed) expect(hashMode(dev)).toBe(true);
  });
});

describe('split with include graphs, read by pip (issue 17 item 1)', () => {
  const loopBefore = (c: OracleCase): boolean =>
    [results[`${c.id}:before`], results[`${c.id}:before-dev-empty`] ?? {}].some((rs) =>
      Object.values(rs).some((r) => 'error' in r && r.error.startsWith('RecursionError')),
    );
  const installs = (root: PipRoot | undefined): Set<string> =>
    new Set(root && !('error' in root) ? root.requirements.filter((r) => !r.constraint).map(what) : []);

  it('generates graphs of every kind: loops before, FILE reaching the dev file, plain links', () => {
    expect(GRAPHS.filter(loopBefore).length).toBeGreaterThanOrEqual(10);
    const skipped = GRAPHS.filter((c) => plans.get(c.id)!.diagnostics.some((d) => d.rule === 'split-link-skipped'));
    expect(skipped.length).toBeGreaterThanOrEqual(5);
    const moved = GRAPHS.filter((c) => plans.get(c.id)!.moved.length > 0 && !loopBefore(c));
    expect(moved.length).toBeGreaterThanOrEqual(25);
  });

  it.each(GRAPHS.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const p = plans.get(c.id)!;
    const rules = p.diagnostics.map((d) => d.rule);
    // Refused exactly when pip cannot read the files before the split.
    expect(rules.includes('split-include-loop')).toBe(loopBefore(c));
    if (loopBefore(c)) {
      expect(p.unchanged).toBe(true);
      return;
    }
    expect(rules).not.toContain('split-verification-failed');
    const after = results[`${c.id}:after`];
    // pip reads both outputs: never a loop, and no error pip did not have before.
    for (const root of ['requirements.txt', 'requirements-dev.txt']) {
      const r = after[root];
      if ('error' in r) {
        expect(r.error).not.toMatch(/^RecursionError/);
        expect('error' in results[`${c.id}:before`]['requirements.txt']).toBe(true);
      }
    }
    const before = results[`${c.id}:before`];
    if ('error' in before['requirements.txt'] || 'error' in after['requirements.txt'] || 'error' in after['requirements-dev.txt']) return;
    // Production installs nothing new; both files together install what they did before.
    const prodBefore = installs(before['requirements.txt']);
    for (const r of installs(after['requirements.txt'])) expect(prodBefore).toContain(r);
    const then = new Set([...prodBefore, ...installs(before['requirements-dev.txt'])]);
    const now = new Set([...installs(after['requirements.txt']), ...installs(after['requirements-dev.txt'])]);
    expect([...now].sort()).toEqual([...then].sort());
  });
});
