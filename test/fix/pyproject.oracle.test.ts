// tomllib and pip are the judges of split and export on generated pyproject.toml layouts (issue 17
// items 3 and 4): PEP 621 dependencies with `extra == "..."` markers, optional dependencies, and PEP
// 735 groups that include each other. test/oracle/pyproject_check.py reads every layout with tomllib
// and pip's packaging (what `pip install .`, `.[extra]` and each group install) and every exported
// requirements file with pip 23's parser. One python3 process reads every case.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitPyproject } from '../../src/fix/split-pyproject.js';
import { exportRequirements } from '../../src/fix/export.js';
import { parsePyproject } from '../../src/parse/pyproject.js';
import { groupForDependencyGroup, groupForName } from '../../src/catalog/groups.js';
import type { Requirement } from '../../src/model.js';

const DEV_TOOLS = new Set(['pytest', 'black', 'mypy', 'ruff']);
// What `slimreq split` moves: production entries that the catalog calls dev tools.
const shouldMove = (r: Requirement): boolean => r.group === 'prod' && !r.constraintOnly && DEV_TOOLS.has(r.key);

const DEPENDENCIES = [
  '"flask>=3"',
  '"requests"',
  '"pytest>=8"',
  '"black"',
  `"mypy ; extra == 'typing'"`,
  `"ruff ; python_version >= '3.8' and extra == 'lint'"`,
  `"pytest-cov ; extra == 'test'"`,
  `"gunicorn ; extra == 'server'"`,
  `"uvloop ; sys_platform == 'linux'"`,
];
const EXTRAS = ['typing', 'server', 'test', 'postgres'];
const GROUPS = ['server', 'common', 'dev', 'test', 'lint'];
const PACKAGES = ['redis', 'pytest', 'gunicorn', 'black', 'celery', 'mypy'];

const layout = fc.record({
  deps: fc.subarray(DEPENDENCIES, { minLength: 1 }),
  extras: fc.array(fc.record({ name: fc.constantFrom(...EXTRAS), items: fc.subarray(PACKAGES, { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }),
  groups: fc.array(
    fc.record({ items: fc.subarray(PACKAGES, { maxLength: 2 }), includes: fc.subarray([1, 2, 3, 4], { maxLength: 2 }) }),
    { minLength: 0, maxLength: 5 },
  ),
  multiline: fc.boolean(),
});

function render(l: typeof layout extends fc.Arbitrary<infer T> ? T : never): string {
  const out = ['[project]', 'name = "app"', 'version = "1"'];
  out.push(l.multiline ? `dependencies = [\n${l.deps.map((d) => `    ${d},`).join('\n')}\n]` : `dependencies = [${l.deps.join(', ')}]`);
  const extras = new Map<string, string[]>();
  for (const e of l.extras) extras.set(e.name, e.items);
  if (extras.size > 0) {
    out.push('', '[project.optional-dependencies]');
    for (const [name, items] of extras) out.push(`${name} = [${items.map((i) => `"${i}"`).join(', ')}]`);
  }
  if (l.groups.length > 0) {
    out.push('', '[dependency-groups]');
    l.groups.forEach((g, i) => {
      // A group includes only groups after it: no cycles, which PEP 735 forbids.
      const includes = g.includes.map((d) => i + d).filter((j) => j < l.groups.length);
      const items = [...g.items.map((x) => `"${x}"`), ...includes.map((j) => `{include-group = "${GROUPS[j]}"}`)];
      out.push(`${GROUPS[i]} = [${items.join(', ')}]`);
    });
  }
  return out.join('\n') + '\n';
}

const HANDWRITTEN = [
  // The reproductions of issue 17 items 3 and 4.
  `[project]\nname = "app"\nversion = "1"\ndependencies = ["flask", "mypy ; extra == 'typing'", "pytest"]\n`,
  '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n[dependency-groups]\nserver = [{include-group = "common"}, "gunicorn"]\ncommon = ["redis"]\ndev = ["pytest", {include-group = "common"}]\n',
];
const TEXTS = [...HANDWRITTEN, ...fc.sample(layout, { numRuns: 120, seed: 17031 }).map(render)];

interface Reading {
  base: string[];
  extras: Record<string, string[]>;
  groups: Record<string, string[]>;
}
type Result = { pyproject: Record<string, Reading | { error: string }>; requirements: Record<string, string[] | { error: string }> };
let results: Record<string, Result> = {};
const splits = TEXTS.map((t) => splitPyproject(t, shouldMove));
const exports = TEXTS.map((t) => exportRequirements(parsePyproject(t, 'pyproject.toml')));

beforeAll(() => {
  const cases = TEXTS.map((text, i) => ({
    id: String(i),
    pyproject: { before: text, after: splits[i].content },
    requirements: { 'requirements.txt': exports[i].prod, 'requirements-dev.txt': exports[i].dev },
  }));
  const script = fileURLToPath(new URL('../oracle/pyproject_check.py', import.meta.url));
  const run = spawnSync('python3', [script], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`tomllib/pip oracle failed: ${run.stderr}`);
  results = JSON.parse(run.stdout);
}, 300_000);

/** Whether a production-named group includes `group`, directly or through others (read from the text). */
function includedByProduction(text: string, group: string): boolean {
  const edges = new Map<string, string[]>();
  for (const m of text.matchAll(/^([a-z]+) = \[(.*)\]$/gm)) edges.set(m[1], [...m[2].matchAll(/include-group = "([a-z]+)"/g)].map((x) => x[1]));
  const seen = new Set<string>();
  const walk = (g: string): void => {
    for (const to of edges.get(g) ?? []) if (!seen.has(to)) (seen.add(to), walk(to));
  };
  for (const g of edges.keys()) if (text.includes('[dependency-groups]') && groupForDependencyGroup(g).group === 'prod') walk(g);
  return seen.has(group);
}

function reading(r: Reading | { error: string } | undefined): Reading {
  if (!r || 'error' in r) throw new Error(`tomllib could not read it: ${r ? r.error : 'missing'}`);
  return r;
}
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const bare = (ids: string[]): string[] => ids.map((x) => x.replace(/\[.*?\]|[<>=!~].*$/g, ''));

describe('pyproject split, read by tomllib (issue 17 item 3)', () => {
  it('generates layouts where something moves and extras are written as markers', () => {
    expect(splits.filter((s) => s.moved.length > 0).length).toBeGreaterThanOrEqual(40);
    expect(TEXTS.filter((t) => t.includes("extra == 'typing'")).length).toBeGreaterThanOrEqual(30);
  });

  it.each(TEXTS.map((t, i) => [i, t] as const))('layout %i', (i) => {
    const split = splits[i];
    const before = reading(results[String(i)].pyproject.before);
    const failed = split.diagnostics.filter((d) => d.rule !== 'split-duplicate');
    // A dev group that a production group includes is installed in production: nothing may move there.
    const devIsProduction = includedByProduction(TEXTS[i], 'dev');
    if (failed.length > 0 && devIsProduction) {
      expect(failed.map((d) => d.message)).toEqual([expect.stringContaining('"dev" is included by a production group')]);
      expect(split.content).toBe(TEXTS[i]);
      return;
    }
    expect(failed).toEqual([]);
    const after = reading(results[String(i)].pyproject.after);
    // Every extra installs exactly what it did: nothing gated on an extra leaves [project].
    expect(after.extras).toEqual(before.extras);
    // `pip install .` loses exactly the moved tools, and they arrive in a development group.
    const moved = new Set(split.moved.map((r) => r.key));
    expect(after.base).toEqual(before.base.filter((x) => !moved.has(bare([x])[0])));
    const devAfter = new Set(
      bare([
        ...Object.entries(after.groups).filter(([g]) => groupForDependencyGroup(g).group === 'dev').flatMap(([, v]) => v),
        ...Object.entries(after.extras).filter(([x]) => groupForName(x).group === 'dev').flatMap(([, v]) => v),
      ]),
    );
    for (const key of moved) expect(devAfter).toContain(key);
  });
});

describe('pyproject export, read by tomllib and pip (issue 17 items 3 and 4)', () => {
  it('generates layouts with production groups that include other groups', () => {
    const including = TEXTS.filter((t) => /^(server|common) = \[.*include-group/m.test(t));
    expect(including.length).toBeGreaterThanOrEqual(20);
  });

  it.each(TEXTS.map((t, i) => [i, t] as const))('layout %i', (i) => {
    expect(exports[i].problems).toEqual([]);
    const before = reading(results[String(i)].pyproject.before);
    const prod = results[String(i)].requirements['requirements.txt'];
    const dev = results[String(i)].requirements['requirements-dev.txt'];
    if (!Array.isArray(prod) || !Array.isArray(dev)) throw new Error(`pip could not read the export: ${JSON.stringify([prod, dev])}`);
    // Production: `pip install .`, every production-named extra, every production group (with the
    // groups it includes, resolved as PEP 735 does); roles of names are slimreq's, passed in.
    const expectedProd = [
      ...before.base,
      ...Object.entries(before.extras).filter(([x]) => groupForName(x).group === 'prod').flatMap(([, v]) => v),
      ...Object.entries(before.groups).filter(([g]) => groupForDependencyGroup(g).group === 'prod').flatMap(([, v]) => v),
    ];
    expect(sorted(prod)).toEqual(sorted(expectedProd));
    // Development: everything else, through `-r requirements.txt` plus its own lines.
    const everything = [...expectedProd, ...Object.values(before.extras).flat(), ...Object.values(before.groups).flat()];
    expect(sorted(dev)).toEqual(sorted(everything));
  });
});
