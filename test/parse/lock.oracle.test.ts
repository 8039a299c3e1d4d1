// Differential test: the lock readers and the Alpine class from wheel names against Python's own
// reading (test/oracle/lock_read.py: tomllib, json, and pip's vendored packaging for markers, wheel
// names and tags), on hand-written locks (test/parse/locks/) and on generated locks of every format.
// For each lock: the same packages (name, version, line), the same set (prod / dev / not on Linux),
// and, for production packages whose lock lists files, the same Alpine class on x86_64 and aarch64.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLock } from '../../src/parse/lock/index.js';
import type { ProjectDeclarations } from '../../src/parse/lock/types.js';
import { statusFromFiles } from '../../src/alpine/lock.js';
import type { LockOrigin } from '../../src/model.js';

interface Case {
  id: string;
  format: LockOrigin;
  content: string;
  decl: ProjectDeclarations | null;
}
interface PyPackage {
  key: string;
  version: string;
  line: number;
  group: 'prod' | 'dev' | null;
  status: { x86_64: string; aarch64: string } | null;
}
type PyResult = { id: string; ok: true; packages: PyPackage[] } | { id: string; ok: false; error: string };

const SCRIPT = fileURLToPath(new URL('../oracle/lock_read.py', import.meta.url));
const probe = spawnSync('python3', ['-c', 'import tomllib; from pip._vendor.packaging import tags'], { encoding: 'utf8' });
const unavailable = probe.status === 0 ? null : 'python3 >= 3.11 with pip is not installed';
if (unavailable) console.warn(`lock oracle test skipped: ${unavailable}`);

// ---- generated locks ----

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const MARKERS = [
  null,
  null,
  null,
  "sys_platform == 'win32'",
  "sys_platform == 'darwin' or platform_system == 'Windows'",
  "python_version < '3.8'",
  "python_version >= '3.10'",
  "platform_machine == 'aarch64'",
  "implementation_name == 'pypy'",
  "os_name == 'nt' and python_version >= '3.9'",
];
const WHEELS = [
  (n: string, v: string) => [`${n}-${v}-py3-none-any.whl`],
  (n: string, v: string) => [`${n}-${v}-cp312-cp312-musllinux_1_1_x86_64.whl`, `${n}-${v}-cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64.whl`, `${n}-${v}.tar.gz`],
  (n: string, v: string) => [`${n}-${v}-cp38-abi3-musllinux_1_2_x86_64.whl`, `${n}-${v}-cp38-abi3-musllinux_1_2_aarch64.whl`],
  (n: string, v: string) => [`${n}-${v}-cp312-cp312-manylinux_2_17_x86_64.whl`, `${n}-${v}-cp312-cp312-win_amd64.whl`],
  (n: string, v: string) => [`${n}-${v}.tar.gz`],
  (n: string, v: string) => [`${n}-${v}-cp311-cp311-musllinux_1_1_x86_64.whl`, `${n}-${v}-py2.py3-none-any.whl`],
  (n: string, v: string) => [`${n}-${v}-py3-none-musllinux_1_2_aarch64.whl`, `${n}-${v}.zip`],
  (n: string, v: string) => [`${n}-${v}-cp313-cp313-musllinux_1_2_x86_64.whl`, `${n}-${v}-pp310-pypy310_pp73-musllinux_1_1_x86_64.whl`],
];

interface GenPackage {
  name: string;
  version: string;
  deps: { i: number; marker: string | null; extras: string[] }[];
  extras: Record<string, { i: number; marker: string | null }[]>;
  files: string[];
}

function graph(seed: number): { pkgs: GenPackage[]; prod: { i: number; extras: string[] }[]; dev: { i: number; group: string }[] } {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const n = 4 + Math.floor(r() * 10);
  const pkgs: GenPackage[] = [];
  for (let i = 0; i < n; i++) {
    const name = `pkg${String.fromCharCode(97 + i)}${pick(['', '_core', '-x'])}`;
    const version = `${1 + Math.floor(r() * 3)}.${Math.floor(r() * 10)}`;
    pkgs.push({ name, version, deps: [], extras: {}, files: pick(WHEELS)(name.replace(/-/g, '_'), version) });
  }
  // Edges only to later packages: a DAG, as real locks mostly are (cycles are tested by hand).
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const roll = r();
      if (roll < 0.25) pkgs[i].deps.push({ i: j, marker: pick(MARKERS), extras: r() < 0.2 ? ['speed'] : [] });
      else if (roll < 0.33) (pkgs[i].extras.speed ??= []).push({ i: j, marker: pick(MARKERS) });
    }
  }
  const prod: { i: number; extras: string[] }[] = [];
  const dev: { i: number; group: string }[] = [];
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.3) prod.push({ i, extras: r() < 0.3 ? ['speed'] : [] });
    else if (roll < 0.45) dev.push({ i, group: pick(['dev', 'test', 'lint']) });
  }
  return { pkgs, prod, dev };
}

function reachable(g: ReturnType<typeof graph>, roots: { i: number; extras: string[] }[]): Set<number> {
  // Used only to write `groups` / `category` the way the tools would; the readers recompute them.
  const onLinux = (m: string | null) => m === null || !/win32|darwin|Windows|pypy|'nt'|< '3.8'/.test(m);
  const seen = new Set<number>();
  const queue = roots.map((x) => ({ ...x }));
  const extrasOf = new Map<number, Set<string>>();
  while (queue.length) {
    const { i, extras } = queue.shift()!;
    const have = extrasOf.get(i) ?? new Set();
    const fresh = extras.filter((e) => !have.has(e));
    if (seen.has(i) && fresh.length === 0) continue;
    seen.add(i);
    fresh.forEach((e) => have.add(e));
    extrasOf.set(i, have);
    for (const d of g.pkgs[i].deps) if (onLinux(d.marker)) queue.push({ i: d.i, extras: d.extras });
    for (const e of have) for (const d of g.pkgs[i].extras[e] ?? []) if (onLinux(d.marker)) queue.push({ i: d.i, extras: [] });
  }
  return seen;
}

const q = (s: string) => JSON.stringify(s);

function uvLock(g: ReturnType<typeof graph>): string {
  const out = ['version = 1', 'requires-python = ">=3.9"', ''];
  const edge = (d: { i: number; marker: string | null; extras?: string[] }) =>
    `{ name = ${q(g.pkgs[d.i].name)}${d.extras?.length ? `, extra = [${d.extras.map(q).join(', ')}]` : ''}${d.marker ? `, marker = ${q(d.marker)}` : ''} }`;
  out.push('[[package]]', 'name = "acme-app"', 'version = "0.1.0"', 'source = { editable = "." }');
  out.push(`dependencies = [${g.prod.map((p) => edge({ i: p.i, marker: null, extras: p.extras })).join(', ')}]`, '');
  out.push('[package.dev-dependencies]');
  for (const group of new Set(g.dev.map((d) => d.group))) out.push(`${group} = [${g.dev.filter((d) => d.group === group).map((d) => edge({ i: d.i, marker: null })).join(', ')}]`);
  out.push('');
  for (const p of g.pkgs) {
    out.push('[[package]]', `name = ${q(p.name)}`, `version = ${q(p.version)}`, 'source = { registry = "https://pypi.org/simple" }');
    if (p.deps.length) out.push('dependencies = [', ...p.deps.map((d) => `    ${edge(d)},`), ']');
    const sdist = p.files.find((f) => !f.endsWith('.whl'));
    if (sdist) out.push(`sdist = { url = "https://files.example/${sdist}", hash = "sha256:00", size = 1000 }`);
    const wheels = p.files.filter((f) => f.endsWith('.whl'));
    if (wheels.length) out.push('wheels = [', ...wheels.map((w) => `    { url = "https://files.example/${w}", hash = "sha256:00", size = 2000 },`), ']');
    if (Object.keys(p.extras).length) {
      out.push('', '[package.optional-dependencies]');
      for (const [e, list] of Object.entries(p.extras)) out.push(`${e} = [${list.map(edge).join(', ')}]`);
    }
    out.push('');
  }
  return out.join('\n');
}

function poetryLock(g: ReturnType<typeof graph>, version: '1.1' | '2.0' | '2.1'): string {
  const prod = reachable(g, g.prod);
  const devByGroup = new Map<number, string>();
  for (const d of g.dev) for (const i of reachable(g, [{ i: d.i, extras: [] }])) if (!devByGroup.has(i)) devByGroup.set(i, d.group);
  const out: string[] = [];
  const files = (p: GenPackage) => p.files.map((f) => `    {file = ${q(f)}, hash = "sha256:00"},`);
  g.pkgs.forEach((p, i) => {
    out.push('[[package]]', `name = ${q(p.name)}`, `version = ${q(p.version)}`, 'description = ""', 'optional = false', 'python-versions = ">=3.8"');
    if (version === '1.1') out.push(`category = ${q(prod.has(i) ? 'main' : 'dev')}`);
    if (version === '2.1') {
      const groups = [...(prod.has(i) ? ['main'] : []), ...(devByGroup.has(i) ? [devByGroup.get(i)!] : [])];
      out.push(`groups = [${(groups.length ? groups : ['main']).map(q).join(', ')}]`);
      if (i % 5 === 4) out.push(`markers = ${q("sys_platform == \"win32\"")}`);
    }
    if (version !== '1.1') out.push('files = [', ...files(p), ']');
    if (p.deps.length || Object.keys(p.extras).length) {
      out.push('', '[package.dependencies]');
      const byName = new Map<string, string>();
      for (const d of p.deps) byName.set(g.pkgs[d.i].name, `{version = "*"${d.marker ? `, markers = ${q(d.marker)}` : ''}${d.extras.length ? `, extras = [${d.extras.map(q).join(', ')}]` : ''}}`);
      for (const list of Object.values(p.extras)) for (const d of list) if (!byName.has(g.pkgs[d.i].name)) byName.set(g.pkgs[d.i].name, '{version = "*", optional = true}');
      for (const [name, spec] of byName) out.push(`${name} = ${spec}`);
    }
    if (Object.keys(p.extras).length) {
      out.push('', '[package.extras]');
      for (const [e, list] of Object.entries(p.extras)) out.push(`${e} = [${list.map((d) => q(`${g.pkgs[d.i].name} (>=1.0)${d.marker ? ` ; ${d.marker}` : ''}`)).join(', ')}]`);
    }
    out.push('');
  });
  out.push('[metadata]', `lock-version = ${q(version)}`, 'python-versions = "^3.9"', 'content-hash = "00"');
  if (version === '1.1') {
    out.push('', '[metadata.files]');
    for (const p of g.pkgs) out.push(`${p.name} = [`, ...files(p), ']');
  }
  return out.join('\n') + '\n';
}

function pdmLock(g: ReturnType<typeof graph>, withGroups: boolean): string {
  const prod = reachable(g, g.prod);
  const devByGroup = new Map<number, string>();
  for (const d of g.dev) for (const i of reachable(g, [{ i: d.i, extras: [] }])) if (!devByGroup.has(i)) devByGroup.set(i, d.group);
  const out = ['# This file is @generated by PDM.', '', '[metadata]', 'groups = ["default", "dev", "test", "lint"]', 'lock_version = "4.4.1"', 'content_hash = "sha256:00"', ''];
  const dep = (d: { i: number; marker: string | null; extras?: string[] }) =>
    q(`${g.pkgs[d.i].name}${d.extras?.length ? `[${d.extras.join(',')}]` : ''}>=1.0${d.marker ? `; ${d.marker}` : ''}`);
  g.pkgs.forEach((p, i) => {
    const groups = [...(prod.has(i) ? ['default'] : []), ...(devByGroup.has(i) ? [devByGroup.get(i)!] : [])];
    const head = ['[[package]]', `name = ${q(p.name)}`, `version = ${q(p.version)}`, 'summary = ""'];
    if (withGroups) head.push(`groups = [${(groups.length ? groups : ['default']).map(q).join(', ')}]`);
    if (withGroups && i % 6 === 5) head.push(`marker = ${q("sys_platform == 'win32'")}`);
    const files = ['files = [', ...p.files.map((f) => `    {file = ${q(f)}, hash = "sha256:00"},`), ']'];
    out.push(...head, `dependencies = [${p.deps.map(dep).join(', ')}]`, ...files, '');
    for (const [e, list] of Object.entries(p.extras)) {
      out.push(...head.slice(0, 3), `extras = [${q(e)}]`, ...head.slice(3), `dependencies = [${[q(`${p.name}==${p.version}`), ...list.map(dep)].join(', ')}]`, ...files, '');
    }
  });
  return out.join('\n');
}

function pylock(g: ReturnType<typeof graph>): string {
  const prod = reachable(g, g.prod);
  const devByGroup = new Map<number, string>();
  for (const d of g.dev) for (const i of reachable(g, [{ i: d.i, extras: [] }])) if (!devByGroup.has(i)) devByGroup.set(i, d.group);
  const out = ['lock-version = "1.0"', 'requires-python = ">=3.9"', 'extras = ["postgres"]', 'dependency-groups = ["dev", "test", "lint"]', 'default-groups = ["dev"]', 'created-by = "slimreq-tests"', ''];
  g.pkgs.forEach((p, i) => {
    out.push('[[packages]]', `name = ${q(p.name)}`, `version = ${q(p.version)}`);
    const platform = i % 5 === 4 ? " and sys_platform == 'win32'" : '';
    if (!prod.has(i) && devByGroup.has(i)) out.push(`marker = ${q(`'${devByGroup.get(i)}' in dependency_groups${platform}`)}`);
    else if (!prod.has(i)) out.push(`marker = ${q(`'postgres' in extras${platform}`)}`);
    else if (platform) out.push(`marker = ${q(platform.slice(5))}`);
    const sdist = p.files.find((f) => !f.endsWith('.whl'));
    const wheels = p.files.filter((f) => f.endsWith('.whl'));
    if (wheels.length) out.push(`wheels = [${wheels.map((w) => `{ name = ${q(w)}, url = "https://files.example/${w}", size = 10, hashes = { sha256 = "00" } }`).join(', ')}]`);
    if (sdist) out.push(`sdist = { url = "https://files.example/${sdist}", size = 10, hashes = { sha256 = "00" } }`);
    out.push('');
  });
  return out.join('\n');
}

function pipfileLock(g: ReturnType<typeof graph>): string {
  const prod = reachable(g, g.prod);
  const doc: Record<string, Record<string, unknown>> = { _meta: { 'pipfile-spec': 6 }, default: {}, develop: {} };
  g.pkgs.forEach((p, i) => {
    const section = prod.has(i) ? 'default' : 'develop';
    doc[section][p.name] = { hashes: ['sha256:00'], version: `==${p.version}`, ...(i % 4 === 3 ? { markers: "sys_platform == 'win32'" } : {}) };
  });
  return JSON.stringify(doc, null, 4) + '\n';
}

function declarations(g: ReturnType<typeof graph>): ProjectDeclarations {
  return {
    name: 'acme-app',
    prod: g.prod.map((p) => ({ key: g.pkgs[p.i].name.replace(/[-_.]+/g, '-').toLowerCase(), extras: p.extras })),
    dev: g.dev.map((d) => ({ key: g.pkgs[d.i].name.replace(/[-_.]+/g, '-').toLowerCase(), extras: [], group: d.group })),
  };
}

const handWritten: Case[] = [
  ['uv.lock', 'uv-lock', null],
  ['poetry-2.1.lock', 'poetry-lock', null],
  ['poetry-1.1.lock', 'poetry-lock', { name: 'shop', prod: [{ key: 'django', extras: [] }], dev: [{ key: 'pytest', extras: [], group: 'dev' }] }],
  ['pdm.lock', 'pdm-lock', null],
  ['Pipfile.lock', 'pipfile-lock', null],
  ['pylock.toml', 'pylock', null],
].map(([file, format, decl]) => ({
  id: `hand-written ${file as string}`,
  format: format as LockOrigin,
  content: readFileSync(new URL(`./locks/${file as string}`, import.meta.url), 'utf8'),
  decl: decl as ProjectDeclarations | null,
}));

const SEEDS = 25;
const generated: Case[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  const g = graph(seed);
  const decl = declarations(g);
  generated.push(
    { id: `generated uv.lock #${seed}`, format: 'uv-lock', content: uvLock(g), decl: null },
    { id: `generated poetry.lock 1.1 #${seed}`, format: 'poetry-lock', content: poetryLock(g, '1.1'), decl },
    { id: `generated poetry.lock 2.0 #${seed}`, format: 'poetry-lock', content: poetryLock(g, '2.0'), decl },
    { id: `generated poetry.lock 2.1 #${seed}`, format: 'poetry-lock', content: poetryLock(g, '2.1'), decl },
    { id: `generated pdm.lock #${seed}`, format: 'pdm-lock', content: pdmLock(g, true), decl },
    { id: `generated pdm.lock without groups #${seed}`, format: 'pdm-lock', content: pdmLock(g, false), decl },
    { id: `generated pylock.toml #${seed}`, format: 'pylock', content: pylock(g), decl },
    { id: `generated Pipfile.lock #${seed}`, format: 'pipfile-lock', content: pipfileLock(g), decl: null },
  );
}
const cases = [...handWritten, ...generated];

function ours(c: Case): PyPackage[] {
  const r = parseLock(c.format, c.content, c.decl);
  return r.packages.map((p) => ({
    key: p.key,
    version: p.version,
    line: p.line,
    group: p.group,
    status:
      p.files === null || p.files.length === 0 || p.group !== 'prod'
        ? null
        : { x86_64: statusFromFiles(p.files, '3.12', 'x86_64').status, aarch64: statusFromFiles(p.files, '3.12', 'aarch64').status },
  }));
}

describe.skipIf(unavailable !== null)('lock readers agree with tomllib and packaging', () => {
  let python: PyResult[] = [];
  beforeAll(() => {
    const run = spawnSync('python3', [SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(`lock oracle failed: ${run.stderr}`);
    python = JSON.parse(run.stdout) as PyResult[];
  });

  it('reads every case, with production, development, off-Linux packages and every Alpine class among them', () => {
    expect(python.filter((r) => !r.ok)).toEqual([]);
    const all = python.flatMap((r) => (r.ok ? r.packages : []));
    expect(new Set(all.map((p) => p.group))).toEqual(new Set(['prod', 'dev', null]));
    expect(new Set(all.flatMap((p) => (p.status ? [p.status.x86_64, p.status.aarch64] : [])))).toEqual(new Set(['wheel', 'pure', 'build', 'unavailable']));
  });

  it.each(cases.map((c, i) => [c.id, i] as const))('%s', (_id, i) => {
    const py = python[i];
    expect(py.ok).toBe(true);
    if (py.ok) expect(ours(cases[i])).toEqual(py.packages);
  });

  it('agrees on every package of every case', () => {
    let packages = 0;
    let agree = 0;
    for (let i = 0; i < cases.length; i++) {
      const py = python[i];
      if (!py.ok) continue;
      const mine = ours(cases[i]);
      packages += py.packages.length;
      agree += py.packages.filter((p, k) => JSON.stringify(p) === JSON.stringify(mine[k])).length;
    }
    console.info(`lock oracle: ${agree}/${packages} packages agree over ${cases.length} locks`);
    expect(agree).toBe(packages);
  });
});
