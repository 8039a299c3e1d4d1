import { existsSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type {
  DockerignoreFile,
  FileKind,
  Group,
  Include,
  Manifest,
  Project,
  ProjectFile,
} from './model.js';
import { walk, type WalkOptions } from './discover/walk.js';
import { classifyRequirementsPath, devDockerfileWord } from './discover/classify.js';
import { readText } from './io/read.js';
import { parseRequirements } from './parse/requirements.js';
import { viaParents } from './fix/pip-compile.js';
import { groupForName } from './catalog/groups.js';
import { markerExtras } from './parse/marker-eval.js';
import { parsePyproject } from './parse/pyproject.js';
import { parsePipfile } from './parse/pipfile.js';
import { parseSetupCfg } from './parse/setupcfg.js';
import { parseDockerfile, type DockerfileModel } from './parse/dockerfile.js';
import { LOCK_KINDS, declarationsOf, lockManifest, parseLock } from './parse/lock/index.js';
import type { LockOrigin } from './model.js';

export type LoadOptions = WalkOptions;

/** Thrown when the audited path itself is unusable; the CLI turns it into exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const REQUIREMENTS_KINDS: ReadonlySet<FileKind> = new Set(['requirements', 'constraints', 'pip-tools-in']);

interface IncludeEdge {
  from: string;
  to: string;
  include: Include;
}

/**
 * Builds the Project: discovers files under root, reads and parses each one, follows `-r`/`-c`
 * includes, and decides which requirements files are production and which development.
 * Never throws for bad file content: that becomes diagnostics. Throws InputError only when root
 * itself cannot be read.
 */
export function loadProject(root: string, options: LoadOptions = {}): Project {
  let rootStat;
  try {
    rootStat = statSync(root);
  } catch {
    throw new InputError(`cannot read ${root}: no such file or directory`);
  }
  if (!rootStat.isDirectory()) throw new InputError(`${root} is not a directory`);

  const { files, presentPaths } = walk(root, options);
  const project: Project = {
    root,
    files: [],
    manifests: [],
    dockerfiles: [],
    devDockerfiles: [],
    dockerignores: [],
    presentPaths,
    diagnostics: [],
  };

  const known = new Map<string, ProjectFile>(files.map((f) => [f.path, f]));
  const requirementsManifests = new Map<string, Manifest>();
  const edges: IncludeEdge[] = [];
  const queue: string[] = files.filter((f) => REQUIREMENTS_KINDS.has(f.kind)).map((f) => f.path);

  const read = (rel: string): string | null => {
    const result = readText(join(root, rel));
    if (result.ok) return result.content;
    project.diagnostics.push({ file: rel, rule: 'unreadable-manifest', message: result.message, line: result.line, column: result.column });
    return null;
  };

  // setup.cfg `file:` directives name requirements files; read those files like `-r` targets.
  const setupCfgs = new Map<string, { content: string | null; parsed: ReturnType<typeof parseSetupCfg> | null }>();
  for (const file of files) {
    if (file.kind !== 'setup-cfg') continue;
    const content = read(file.path)?.replace(/^\uFEFF/, '') ?? null;
    const parsed = content === null ? null : parseSetupCfg(content, file.path);
    setupCfgs.set(file.path, { content, parsed });
    for (const inc of parsed?.includes ?? []) {
      // setuptools resolves `file:` paths against the folder of setup.cfg.
      const target = resolveInclude(root, file.path, inc.target);
      if (target.kind !== 'local') continue;
      if (!target.exists) {
        parsed!.diagnostics.push({ rule: 'include-not-found', message: `file: ${inc.target}: no such file (looked for ${target.path})`, line: inc.line, column: inc.column });
        continue;
      }
      inc.resolved = target.path;
      edges.push({ from: file.path, to: target.path, include: inc });
      if (!known.has(target.path)) known.set(target.path, { path: target.path, kind: 'requirements' });
      queue.push(target.path);
    }
  }

  // Requirements files, following includes breadth-first; each file is read once.
  while (queue.length > 0) {
    const rel = queue.shift()!;
    if (requirementsManifests.has(rel)) continue;
    const kind = known.get(rel)?.kind ?? 'requirements';
    const manifest: Manifest = { path: rel, kind, group: null, groupReason: null, requirements: [], includes: [], diagnostics: [] };
    requirementsManifests.set(rel, manifest);
    const content = read(rel);
    if (content === null) continue;
    const parsed = parseRequirements(content);
    manifest.diagnostics.push(...parsed.diagnostics);
    const via = content.includes('# via') ? viaParents(content) : null;
    for (const line of parsed.lines) {
      if (line.requirement) {
        const r = line.requirement;
        manifest.requirements.push({
          name: r.name,
          key: r.key,
          specifier: r.specifier,
          extras: r.extras,
          marker: r.marker,
          url: r.url,
          editable: r.editable,
          hashes: r.hashes,
          file: rel,
          line: r.line,
          column: r.column,
          endLine: line.endLine,
          source: line.raw,
          group: 'prod',
          groupName: null,
          origin: 'requirements',
          constraintOnly: false,
          ignores: r.ignores,
          ...(via?.get(r.key) ? { neededBy: via.get(r.key) } : {}),
        });
      } else if (line.options) {
        const o = (manifest.indexOptions ??= { indexUrl: null, extraIndexUrls: [], noIndex: false });
        o.indexUrl = line.options['--index-url']?.at(-1) ?? o.indexUrl;
        o.extraIndexUrls.push(...(line.options['--extra-index-url'] ?? []));
        if (line.options['--no-index']) o.noIndex = true;
      } else if (line.include) {
        const inc = line.include;
        manifest.includes.push({ kind: inc.kind, target: inc.target, line: inc.line, column: inc.column });
        const target = resolveInclude(root, rel, inc.target);
        if (target.kind === 'remote' || target.kind === 'variable') continue;
        if (target.kind === 'outside') {
          manifest.diagnostics.push({
            rule: 'include-outside-repo',
            message: `${inc.kind === 'constraint' ? '-c' : '-r'} ${inc.target} points outside the audited directory; it was not read`,
            line: inc.line,
            column: inc.column,
          });
          continue;
        }
        if (!target.exists) {
          manifest.diagnostics.push({
            rule: 'include-not-found',
            message: `${inc.kind === 'constraint' ? '-c' : '-r'} ${inc.target}: no such file (looked for ${target.path})`,
            line: inc.line,
            column: inc.column,
          });
          continue;
        }
        manifest.includes[manifest.includes.length - 1].resolved = target.path;
        edges.push({ from: rel, to: target.path, include: inc });
        if (!known.has(target.path)) {
          const file: ProjectFile = { path: target.path, kind: inc.kind === 'constraint' ? 'constraints' : 'requirements' };
          known.set(target.path, file);
        }
        if (!requirementsManifests.has(target.path)) queue.push(target.path);
      }
    }
  }

  reportCycles(edges, requirementsManifests);

  const locks: ProjectFile[] = [];
  for (const file of known.values()) {
    if (REQUIREMENTS_KINDS.has(file.kind)) continue;
    // Locks are read against the pyproject.toml or Pipfile beside them: after those.
    if (LOCK_KINDS.has(file.kind)) {
      locks.push(file);
      continue;
    }
    // Only pip reads past a BOM; for the other formats it is noise the parsers need not see.
    if (file.kind === 'setup-cfg') {
      const cfg = setupCfgs.get(file.path);
      const manifest: Manifest = { path: file.path, kind: file.kind, group: null, groupReason: null, requirements: [], includes: [], diagnostics: [] };
      project.manifests.push(manifest);
      if (cfg?.parsed) {
        manifest.requirements = cfg.parsed.requirements;
        manifest.diagnostics = cfg.parsed.diagnostics;
        manifest.requiresPython = cfg.parsed.requiresPython;
        manifest.includes = cfg.parsed.includes;
      }
      const hosts = cfg?.content ? pluginHostsOf('setup-cfg', cfg.content) : [];
      if (hosts.length > 0) manifest.pluginHosts = hosts;
      continue;
    }
    const content = read(file.path)?.replace(/^\uFEFF/, '') ?? null;
    if (file.kind === 'dockerfile') {
      if (content !== null) {
        const model = parseDockerfile(content, file.path);
        (devDockerfileWord(file.path) ? project.devDockerfiles : project.dockerfiles).push(model);
      }
      continue;
    }
    if (file.kind === 'dockerignore') {
      if (content !== null) project.dockerignores.push(readDockerignore(file.path, content));
      continue;
    }
    const manifest: Manifest = { path: file.path, kind: file.kind, group: null, groupReason: null, requirements: [], includes: [], diagnostics: [] };
    project.manifests.push(manifest);
    if (content === null) continue;
    const parsed = file.kind === 'pyproject' ? parsePyproject(content, file.path) : parsePipfile(content, file.path);
    const hosts = pluginHostsOf(file.kind, content);
    if (hosts.length > 0) manifest.pluginHosts = hosts;
    manifest.requirements = parsed.requirements;
    manifest.diagnostics = parsed.diagnostics;
    manifest.requiresPython = parsed.requiresPython;
    if (file.kind === 'pyproject') manifest.projectName = (parsed as ReturnType<typeof parsePyproject>).projectName ?? null;
    const members = file.kind === 'pyproject' ? (parsed as ReturnType<typeof parsePyproject>).workspaceMembers : undefined;
    if (members?.length) manifest.workspaceMembers = members;
  }

  for (const file of locks) {
    const content = read(file.path);
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/') + 1) : '';
    const beside = `${dir}${file.kind === 'pipfile-lock' ? 'Pipfile' : 'pyproject.toml'}`;
    const decl = declarationsOf(project.manifests.find((m) => m.path === beside));
    const kind = file.kind as LockOrigin;
    const result = content === null ? { origin: kind, packages: [], diagnostics: [], requiresPython: null } : parseLock(kind, content, decl);
    project.manifests.push(lockManifest(file.path, kind, result));
  }

  const present = new Set(presentPaths.map((p) => p.replace(/\/$/, '')));
  for (const df of project.dockerfiles) df.contextDir = inferContextDir(df, present);
  classifyRequirements(requirementsManifests, edges, installedByDockerfiles(project.dockerfiles, requirementsManifests));

  project.manifests.push(...requirementsManifests.values());
  // `mypy ; extra == "typing"` in a production list is installed only with that extra.
  for (const m of project.manifests) {
    for (const r of m.requirements) {
      const extra = markerExtras(r.marker)[0];
      if (!extra || r.group !== 'prod') continue;
      r.group = groupForName(extra).group;
      r.groupName = extra;
    }
  }
  project.manifests.sort((a, b) => compare(a.path, b.path));
  project.files = [...known.values()].sort((a, b) => compare(a.path, b.path));
  project.dockerfiles.sort((a, b) => compare(a.path, b.path));
  project.dockerignores.sort((a, b) => compare(a.path, b.path));
  return project;
}

type ResolvedInclude =
  | { kind: 'remote' }
  | { kind: 'variable' }
  | { kind: 'outside'; path: string }
  | { kind: 'local'; path: string; exists: boolean };

function resolveInclude(root: string, from: string, target: string): ResolvedInclude {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    if (!/^file:/i.test(target)) return { kind: 'remote' };
  }
  if (target.includes('${')) return { kind: 'variable' };
  let t = target.replace(/^file:(\/\/)?/i, '');
  if (t.startsWith('/')) return { kind: 'outside', path: t };
  t = t.replace(/\\/g, '/');
  const path = posix.normalize(posix.join(posix.dirname(from), t));
  if (path === '..' || path.startsWith('../')) return { kind: 'outside', path };
  let exists = false;
  try {
    exists = existsSync(join(root, path)) && statSync(join(root, path)).isFile();
  } catch {
    exists = false;
  }
  return { kind: 'local', path, exists };
}

function reportCycles(edges: IncludeEdge[], manifests: Map<string, Manifest>): void {
  const out = new Map<string, IncludeEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const edge of out.get(node) ?? []) {
      const s = state.get(edge.to);
      if (s === 'active') {
        const cycle = [...stack.slice(stack.indexOf(edge.to)), edge.to];
        manifests.get(edge.from)?.diagnostics.push({
          rule: 'include-cycle',
          message: `include cycle: ${cycle.join(' -> ')}`,
          line: edge.include.line,
          column: edge.include.column,
        });
      } else if (s === undefined) {
        visit(edge.to);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...manifests.keys()].sort(compare)) if (!state.has(node)) visit(node);
}

/**
 * Production or development for each requirements file. Named files decide for themselves; a
 * neutrally named file (base.txt, common.txt) takes the set of the files that include it,
 * production if any production file does. Constraint files only constrain: their requirements
 * are marked constraintOnly.
 */
function classifyRequirements(manifests: Map<string, Manifest>, edges: IncludeEdge[], installed: Map<string, string> = new Map()): void {
  const includers = new Map<string, IncludeEdge[]>();
  for (const e of edges) {
    const list = includers.get(e.to) ?? [];
    list.push(e);
    includers.set(e.to, list);
  }
  const verdicts = new Map([...manifests.keys()].map((p) => [p, classifyRequirementsPath(p)]));
  const resolved = new Map<string, { group: Group; reason: string }>();
  for (const [path, v] of verdicts) {
    if (v.group === 'dev') resolved.set(path, { group: 'dev', reason: `its path says "${v.word}"` });
    else if (v.group === 'prod') resolved.set(path, { group: 'prod', reason: 'file name' });
    // A neutrally named file that a production image installs with `pip install -r` is production.
    else if (installed.has(path)) resolved.set(path, { group: 'prod', reason: `installed by ${installed.get(path)}` });
  }
  // Neutral files: iterate to a fixpoint over the include graph.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [path, v] of verdicts) {
      if (v.group !== 'neutral' || resolved.has(path)) continue;
      const inc = (includers.get(path) ?? []).filter((e) => e.include.kind === 'requirement');
      const groupOf = (e: IncludeEdge) => e.include.group ?? resolved.get(e.from)?.group;
      if (inc.length === 0) {
        resolved.set(path, { group: 'prod', reason: 'not included by any file' });
        changed = true;
        continue;
      }
      const prodIncluder = inc.find((e) => groupOf(e) === 'prod');
      if (prodIncluder) {
        resolved.set(path, { group: 'prod', reason: `included by ${prodIncluder.from}` });
        changed = true;
      } else if (inc.every((e) => groupOf(e) === 'dev')) {
        resolved.set(path, { group: 'dev', reason: `included only by development files (${inc.map((e) => e.from).join(', ')})` });
        changed = true;
      }
    }
  }
  for (const [path, manifest] of manifests) {
    const r = resolved.get(path) ?? { group: 'prod' as Group, reason: 'included in an include cycle' };
    manifest.group = r.group;
    manifest.groupReason = r.reason;
    const inc = includers.get(path) ?? [];
    const constraintOnly =
      !installed.has(path) &&
      (manifest.kind === 'constraints'
        ? !inc.some((e) => e.include.kind === 'requirement')
        : inc.length > 0 && inc.every((e) => e.include.kind === 'constraint'));
    if (constraintOnly) manifest.kind = 'constraints';
    for (const req of manifest.requirements) {
      req.group = r.group;
      req.constraintOnly = constraintOnly;
      if (constraintOnly) req.origin = 'constraints';
    }
  }
}

function readDockerignore(path: string, content: string): DockerignoreFile {
  const slash = path.lastIndexOf('/');
  const contextDir = slash === -1 ? '' : path.slice(0, slash);
  const patterns: { pattern: string; line: number }[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((text, i) => {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    patterns.push({ pattern: trimmed, line: i + 1 });
  });
  return { path, contextDir, content, patterns };
}

/**
 * Requirements files that production Dockerfiles install with `pip install -r` (or `uv pip install -r`):
 * repo path -> `Dockerfile:line`. The written path is matched against the files in the Dockerfile's
 * folder and its parents, then by a unique file name; words with unexpanded variables are skipped.
 */
function installedByDockerfiles(dockerfiles: DockerfileModel[], manifests: Map<string, Manifest>): Map<string, string> {
  const installed = new Map<string, string>();
  const byName = new Map<string, string[]>();
  for (const path of manifests.keys()) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  for (const df of dockerfiles) {
    const dir = df.path.includes('/') ? df.path.slice(0, df.path.lastIndexOf('/')) : '';
    for (const stage of df.stages) {
      for (const ins of stage.instructions) {
        for (const cmd of ins.run?.commands ?? []) {
          const tool = cmd.tool;
          if (!tool || (tool.tool !== 'pip' && tool.tool !== 'uv-pip') || tool.subcommand !== 'install') continue;
          for (const opt of tool.options) {
            if ((opt.name !== '-r' && opt.name !== '--requirement') || !opt.value || opt.value.includes('$')) continue;
            const written = opt.value.replace(/^\.\//, '').replace(/^\/+/, '');
            const candidates = [df.contextDir, dir, ''].map((d) => (d ? posix.normalize(`${d}/${written}`) : posix.normalize(written)));
            let hit = candidates.find((c) => manifests.has(c));
            if (!hit) {
              const same = byName.get(written.slice(written.lastIndexOf('/') + 1)) ?? [];
              if (same.length === 1) hit = same[0];
            }
            if (hit && !installed.has(hit)) installed.set(hit, `${df.path}:${cmd.line}`);
          }
        }
      }
    }
  }
  return installed;
}

/**
 * The build context a Dockerfile is most likely built with. Docker takes it from the command line
 * (`docker build -f compose/prod/Dockerfile .`) or a compose file, so it is inferred: the Dockerfile's
 * own folder when its COPY/ADD sources exist there, else the nearest ancestor folder where they all
 * exist (Django cookiecutter and many monorepos build from the repository root).
 */
export function inferContextDir(df: DockerfileModel, present: ReadonlySet<string>): string {
  const sources: string[] = [];
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      if (!ins.copy || ins.copy.from !== null) continue;
      for (const src of ins.copy.sources) {
        if (src.startsWith('<<') || /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.includes('$')) continue;
        const clean = posix.normalize(src.replace(/^\/+/, '')).replace(/\/+$/, '');
        if (clean === '.' || clean === '' || /[*?[]/.test(clean)) continue;
        sources.push(clean);
      }
    }
  }
  const own = df.contextDir;
  if (sources.length === 0) return own;
  const fits = (dir: string) => sources.every((src) => present.has(dir === '' ? src : `${dir}/${src}`));
  if (fits(own)) return own;
  const parts = own === '' ? [] : own.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const dir = parts.slice(0, i).join('/');
    if (fits(dir)) return dir;
  }
  return own;
}

/** Entry-point groups that make a package a plugin of a development tool, and that tool's name. */
const PLUGIN_GROUPS: [RegExp, string][] = [
  [/^pytest11$/, 'pytest'],
  [/^flake8\.(extension|report)$/, 'flake8'],
  [/^mkdocs\.(plugins|themes)$/, 'mkdocs'],
  [/^sphinx[._]/, 'sphinx'],
  [/^pylint[._]/, 'pylint'],
  [/^tox$/, 'tox'],
  [/^hypothesis$/, 'hypothesis'],
  [/^coverage[._]/, 'coverage'],
];

/**
 * The tools a manifest's package plugs into, from its entry-point groups: `[project.entry-points.pytest11]`,
 * `[tool.poetry.plugins."pytest11"]`, or setup.cfg's `[options.entry_points]` `pytest11 =`.
 */
export function pluginHostsOf(kind: FileKind, content: string): string[] {
  const groups = new Set<string>();
  if (kind === 'pyproject') {
    for (const m of content.matchAll(/^\s*\[\s*(?:project\s*\.\s*entry-points|tool\s*\.\s*poetry\s*\.\s*plugins)\s*\.\s*"?([A-Za-z0-9_.-]+)"?\s*\]/gm)) groups.add(m[1]);
  } else if (kind === 'setup-cfg') {
    const section = /^\[options\.entry_points\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(content)?.[1] ?? '';
    for (const m of section.matchAll(/^([A-Za-z0-9_.-]+)\s*=/gm)) groups.add(m[1]);
  }
  const hosts = new Set<string>();
  for (const g of groups) for (const [re, tool] of PLUGIN_GROUPS) if (re.test(g)) hosts.add(tool);
  return [...hosts].sort();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

