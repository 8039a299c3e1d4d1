import type { Project } from '../../model.js';
import { defineRule } from '../types.js';
import {
  BuildEnvironment,
  cacheMountTargets,
  environmentAt,
  layerSteps,
  substitute,
  type DockerfileModel,
  type DockerInstruction,
  type DockerStage,
  type RunCommand,
} from '../../parse/dockerfile.js';
import { aptCleans, hasOption, optionValues, pipBoolean, uvTrue } from '../../parse/tools.js';
import { effectiveArgv } from '../../parse/shell.js';

/**
 * What a RUN leaves behind in its layer: package lists, download caches, installed packages.
 * `apk-package:<name>` and `apt-package:<name>` track packages (and apk virtual names) so that a
 * later `apk del` / `apt-get purge` can be matched with the RUN that installed them.
 */
export type Leftover = string;

export interface LeftoverEvent {
  kind: Leftover;
  command: RunCommand;
}

/** Folders whose removal the leftovers track, for globs (`/var/lib/apt/lists*`, `/var/cache/ap?`). */
const KNOWN_FOLDERS = ['/var/lib/apt/lists', '/var/cache/apt', '/var/cache/apk', '/var/cache/yum', '/var/cache/dnf', '/root/.cache', '/root/.cache/pip', '/root/.cache/uv'];

/** A path (`/var/lib/apt/lists/*`, `~/.cache/pip`) reduced to what it names, for matching. */
function cleanPath(path: string): string {
  return path
    .replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root')
    .replace(/(\/\*|\/\.|\/)+$/, '')
    .replace(/\/+/g, '/');
}

function pathKinds(path: string, env: Record<string, string | null>): Leftover[] {
  if (GLOB.test(path)) {
    // `rm -rf /var/lib/apt/lists*` removes the lists folder itself: a glob counts for each folder it matches.
    const pattern = globRegex(cleanPath(path));
    const matched = KNOWN_FOLDERS.filter((folder) => pattern.test(folder));
    if (matched.length > 0) return [...new Set(matched.flatMap((folder) => pathKinds(folder, env)))];
  }
  const p = cleanPath(path);
  const kinds: Leftover[] = [];
  if (/^\/var\/lib\/apt\/lists(\/|$)/.test(p) || p === '/var/lib/apt') kinds.push('apt-lists');
  if (/^\/var\/cache\/apt(\/|$)/.test(p) || p === '/var/cache') kinds.push('apt-cache');
  if (/^\/var\/cache\/apk(\/|$)/.test(p) || /^\/etc\/apk\/cache(\/|$)/.test(p) || p === '/var/cache') kinds.push('apk-cache');
  if (/^\/var\/cache\/(yum|dnf)(\/|$)/.test(p) || p === '/var/cache') kinds.push('yum-cache');
  if (/(^|\/)\.cache(\/pip)?$/.test(p) || (env.PIP_CACHE_DIR && cleanPath(env.PIP_CACHE_DIR) === p)) kinds.push('pip-cache');
  if (/(^|\/)\.cache(\/uv)?$/.test(p) || (env.UV_CACHE_DIR && cleanPath(env.UV_CACHE_DIR) === p)) kinds.push('uv-cache');
  return kinds;
}

function mounted(targets: string[], ...patterns: RegExp[]): boolean {
  return targets.some((t) => patterns.some((re) => re.test(cleanPath(t))));
}

/** True when a cache or tmpfs mount sits on the path or on a folder above it (`/var/lib/apt` holds the lists). */
export function mountCovers(targets: string[], path: string): boolean {
  const p = cleanPath(path);
  return targets.some((t) => {
    const m = cleanPath(t);
    return m === '' || m === p || p.startsWith(`${m}/`);
  });
}

/** A path word with `~` and build variables expanded (HOME is /root unless ENV says otherwise), or null when unknown. */
function expandPath(word: string, env: Record<string, string | null>): string | null {
  return substitute(word.replace(/^~(?=\/|$)/, '$HOME'), { HOME: '/root', ...env });
}

/** The folders a tool keeps its cache in, as the environment configures them. */
function cacheDirs(command: RunCommand, env: Record<string, string | null>, variable: string, sub: string): string[] {
  const t = command.tool!;
  const home = env.HOME ?? '/root';
  const dirs = [...optionValues(t, '--cache-dir').map((d) => expandPath(d, env)), env[variable] ?? null];
  dirs.push(env.XDG_CACHE_HOME ? `${env.XDG_CACHE_HOME}/${sub}` : `${home}/.cache/${sub}`);
  return dirs.filter((d): d is string => d !== null && d !== '');
}

/**
 * True when pip's download cache cannot end up in the layer of this RUN: `--no-cache-dir` by any
 * spelling pip's parser accepts (`--no-cache`), PIP_NO_CACHE_DIR set to any value pip accepts
 * (falsy ones too: pip disables the cache for all of them), or a cache/tmpfs mount over the cache.
 */
export function pipCacheAvoided(command: RunCommand, env: Record<string, string | null>, mounts: string[]): boolean {
  const t = command.tool!;
  const seen = { ...env, ...command.env };
  if (hasOption(t, '--no-cache-dir')) return true;
  if (pipBoolean(seen.PIP_NO_CACHE_DIR)) return true;
  if (cacheDirs(command, seen, 'PIP_CACHE_DIR', 'pip').some((d) => mountCovers(mounts, d))) return true;
  return mounted(mounts, /(^|\/)\.cache(\/pip)?$/);
}

function flagOn(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && /^(1|true|yes|on|y|t)$/i.test(value.trim());
}

/**
 * True when `pip install` downloads nothing and keeps nothing it builds: `--no-index` (or
 * PIP_NO_INDEX) with only local `--find-links`, and operands that are requirement names or wheel
 * files. pip then makes no HTTP request, so its HTTP cache stays empty (pip 23.2.1 installing local
 * wheels this way does not even create the cache folder). Anything pip has to build is different:
 * it keeps the wheel built from a local sdist (`demo-1.0.tar.gz`) in its wheel cache
 * (~/.cache/pip/wheels), and likewise for a local folder whose absolute path contains a
 * `name-version` part (pip's egg-info test on the link: `/src/demo2-1.0` is cached, `/app` is not),
 * so those keep the finding. A wheelhouse made with `pip wheel -w` holds only wheels; what a
 * find-links folder or a `-r` file holds is not known here and is taken to be wheels.
 */
export function pipDownloadsNothing(command: RunCommand, env: Record<string, string | null>, workdirOf: () => string | null = () => '/'): boolean {
  const t = command.tool!;
  const seen = { ...env, ...command.env };
  const assigned = (name: string): string | undefined => seen[name] ?? undefined;
  const noIndex = hasOption(t, '--no-index') || flagOn(assigned('PIP_NO_INDEX'));
  if (!noIndex) return false;
  const links = [...optionValues(t, '-f', '--find-links').map((l) => expandPath(l, env)), ...(assigned('PIP_FIND_LINKS') ?? env.PIP_FIND_LINKS ?? '').split(/\s+/).filter((l) => l !== '')];
  const remote = (word: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(word) && !/^file:\/\//i.test(word);
  if (links.some((l) => l === null || remote(l))) return false;
  return t.operands.every((written) => {
    const o = expandPath(written, env);
    if (o === null || /:\/\//.test(o.replace(/^file:\/\//i, '')) || /^(git|hg|svn|bzr)\+/.test(o) || o.includes('@')) return false;
    if (/\.whl$/i.test(o)) return true;
    if (/\.(tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i.test(o)) return false;
    if (!/^[./~]|\//.test(o)) return true; // a requirement name, found in the local links
    const workdir = o.startsWith('/') ? '/' : workdirOf();
    if (workdir === null) return false;
    const dir = absolutePath(workdir, o.replace(/\[[^\]]*\]$/, ''));
    return !/[a-z0-9_.]+-[a-z0-9_.!+-]+/i.test(dir);
  });
}

/** The WORKDIR an instruction runs in, with variables expanded; null when it depends on an unknown value. */
function workdirAt(model: DockerfileModel, stage: DockerStage, instruction: DockerInstruction): string | null {
  const env = new BuildEnvironment(model);
  let dir: string | null = '/';
  for (const { instruction: ins } of layerSteps(model, stage)) {
    if (ins === instruction) break;
    if (ins.keyword === 'WORKDIR') {
      const value = env.expand(ins.args.trim() || '/');
      dir = value === null ? null : value.startsWith('/') ? absolutePath('/', value) : dir === null ? null : absolutePath(dir, value);
    }
    env.apply(ins);
  }
  return dir;
}

/** True when uv's cache cannot end up in the layer of this RUN. */
export function uvCacheAvoided(command: RunCommand, env: Record<string, string | null>, mounts: string[]): boolean {
  const t = command.tool!;
  const seen = { ...env, ...command.env };
  if (hasOption(t, '--no-cache')) return true;
  if (uvTrue(seen.UV_NO_CACHE)) return true;
  if (cacheDirs(command, seen, 'UV_CACHE_DIR', 'uv').some((d) => mountCovers(mounts, d))) return true;
  return mounted(mounts, /(^|\/)\.cache(\/uv)?$/);
}

export function isPipInstall(command: RunCommand): boolean {
  return command.tool?.tool === 'pip' && command.tool.subcommand === 'install';
}

export function isUvInstall(command: RunCommand): boolean {
  const t = command.tool;
  if (!t) return false;
  if (t.tool === 'uv-pip') return t.subcommand === 'install' || t.subcommand === 'sync';
  return t.tool === 'uv' && (t.subcommand === 'sync' || t.subcommand === 'add');
}

/** What one RUN creates and cleans, in command order. */
export function runLeftovers(
  model: DockerfileModel,
  stage: DockerStage,
  instruction: DockerInstruction,
): { created: LeftoverEvent[]; cleaned: LeftoverEvent[] } {
  const created: LeftoverEvent[] = [];
  const cleaned: LeftoverEvent[] = [];
  if (!instruction.run) return { created, cleaned };
  const env = environmentAt(model, stage, instruction);
  const mounts = cacheMountTargets(instruction);
  const commands = instruction.run.commands;
  commands.forEach((command, index) => {
    const t = command.tool;
    const add = (list: LeftoverEvent[], kind: Leftover): void => {
      list.push({ kind, command });
    };
    const removal = removedPaths(commands, index);
    if (removal) {
      for (const word of removal.paths) {
        const path = expandPath(word, env);
        if (path === null) continue;
        for (const kind of pathKinds(path, env)) add(cleaned, kind);
      }
      return;
    }
    if (!t) return;
    switch (t.tool) {
      case 'apt-get':
      case 'apt':
      case 'aptitude':
        if (t.subcommand === 'update' && !mountCovers(mounts, '/var/lib/apt/lists')) add(created, 'apt-lists');
        if (t.subcommand === 'install') {
          if (!mountCovers(mounts, '/var/cache/apt/archives')) add(created, 'apt-cache');
          for (const p of t.operands) add(created, `apt-package:${p.split('=')[0]}`);
        }
        for (const kind of aptCleans(t)) add(cleaned, kind);
        if (t.subcommand === 'purge' || t.subcommand === 'remove') for (const p of t.operands) add(cleaned, `apt-package:${p}`);
        break;
      case 'apk':
        // `--no-cache` keeps no index; `--no-network` fetches none (the official images' run-time
        // dependencies, `apk add --no-network --virtual .python-rundeps`).
        if ((t.subcommand === 'add' || t.subcommand === 'update') && !hasOption(t, '--no-cache', '--no-network') && !mountCovers(mounts, '/var/cache/apk') && !mountCovers(mounts, '/etc/apk/cache')) {
          add(created, 'apk-cache');
        }
        if (t.subcommand === 'add') {
          for (const v of optionValues(t, '--virtual', '-t')) add(created, `apk-package:${v}`);
          for (const p of t.operands) add(created, `apk-package:${p.split(/[=~<>]/)[0]}`);
        }
        if (t.subcommand === 'del') for (const p of t.operands) add(cleaned, `apk-package:${p}`);
        if (t.subcommand === 'cache' && (t.operands[0] === 'clean' || t.operands[0] === 'purge')) add(cleaned, 'apk-cache');
        break;
      case 'yum':
      case 'dnf':
      case 'microdnf':
        if (t.subcommand === 'install' && !mounted(mounts, /^\/var\/cache\/(yum|dnf)$/)) add(created, 'yum-cache');
        if (t.subcommand === 'clean') add(cleaned, 'yum-cache');
        break;
      case 'pip':
        if (t.subcommand === 'install' && !pipCacheAvoided(command, env, mounts) && !pipDownloadsNothing(command, env, () => workdirAt(model, stage, instruction))) add(created, 'pip-cache');
        if (t.subcommand === 'cache' && (t.operands[0] === 'purge' || t.operands[0] === 'remove')) add(cleaned, 'pip-cache');
        break;
      case 'uv-pip':
      case 'uv':
        if (isUvInstall(command) && !uvCacheAvoided(command, env, mounts)) add(created, 'uv-cache');
        if (t.tool === 'uv' && t.subcommand === 'cache' && t.operands[0] === 'clean') add(cleaned, 'uv-cache');
        break;
      default:
        break;
    }
  });
  return { created, cleaned };
}

/**
 * The paths a command deletes: `rm -rf a b` (also behind `sudo`/`xargs`), `find DIR -name X -delete`,
 * `find DIR -name X -exec rm -rf {} +`, and `find DIR -name X | xargs rm -rf` (the pipe's rm takes
 * find's paths). Without `-name`, find removes what is below DIR (`DIR/*`). Null for other commands.
 */
export function removedPaths(commands: readonly RunCommand[], index: number): { paths: string[]; recursive: boolean } | null {
  const command = commands[index];
  const a = effectiveArgv(command.args);
  if (a[0] === 'rm') {
    const flags = a.slice(1).filter((w) => /^-/.test(w));
    const recursive = flags.some((f) => f === '--recursive' || (/^-[a-zA-Z]+$/.test(f) && /[rR]/.test(f)));
    const paths = a.slice(1).filter((w) => !w.startsWith('-') && w !== '{}');
    if (paths.length === 0 && command.operator === '|' && index > 0) {
      const found = findTargets(effectiveArgv(commands[index - 1].args));
      if (found) return { paths: found, recursive };
    }
    return { paths, recursive };
  }
  if (a[0] === 'find') {
    const deletes = a.includes('-delete') || a.some((w, k) => w === '-exec' && /(^|\/)rm$/.test(a[k + 1] ?? ''));
    const found = deletes ? findTargets(a) : null;
    return found ? { paths: found, recursive: true } : null;
  }
  return null;
}

function findTargets(a: readonly string[]): string[] | null {
  if (a[0] !== 'find') return null;
  const dirs: string[] = [];
  let k = 1;
  while (k < a.length && !/^[-(!]/.test(a[k])) dirs.push(a[k++]);
  if (dirs.length === 0) dirs.push('.');
  const names: string[] = [];
  for (; k < a.length; k++) if ((a[k] === '-name' || a[k] === '-iname') && a[k + 1] !== undefined) names.push(a[++k]);
  if (a.includes('-path') || a.includes('-regex') || a.includes('-o')) return names.length === 0 ? null : dirs.flatMap((d) => names.map((n) => `${d.replace(/\/+$/, '')}/${n}`));
  return dirs.flatMap((d) => (names.length === 0 ? [`${d.replace(/\/+$/, '')}/*`] : names.map((n) => `${d.replace(/\/+$/, '')}/${n}`)));
}

const APT_TOOLS = new Set(['apt-get', 'apt', 'aptitude']);

function isAptCommand(command: RunCommand, ...subcommands: string[]): boolean {
  return command.tool !== null && APT_TOOLS.has(command.tool.tool) && subcommands.includes(command.tool.subcommand ?? '');
}

function isApkCommand(command: RunCommand, ...subcommands: string[]): boolean {
  return command.tool !== null && command.tool.tool === 'apk' && subcommands.includes(command.tool.subcommand ?? '');
}

/** `apt-get install -y gcc` as it should read in a merged RUN: with `-y` and `--no-install-recommends`. */
function aptInstallText(command: RunCommand): string {
  const t = command.tool!;
  const options = t.options.map((o) => (o.value === null ? o.name : `${o.name}=${o.value}`));
  const yes = options.some((o) => /^(-[a-z]*y[a-z]*|--yes|--assume-yes)$/.test(o)) ? [] : ['-y'];
  const norec = options.includes('--no-install-recommends') || options.some((o) => /Install-Recommends=(false|0)/i.test(o)) ? [] : ['--no-install-recommends'];
  return ['apt-get', 'install', ...options, ...yes, ...norec, ...t.operands].join(' ');
}

/** `apk add gcc` with `--no-cache`, which fetches a fresh index and keeps none. */
function apkAddText(command: RunCommand): string {
  const t = command.tool!;
  const options = t.options.map((o) => (o.value === null ? o.name : `${o.name} ${o.value}`));
  return ['apk', 'add', ...(options.includes('--no-cache') ? [] : ['--no-cache']), ...options, ...t.operands].join(' ');
}

/**
 * The one RUN that replaces a package-manager update, install and cleanup spread over several RUNs.
 * Appending the cleanup to a lone `apt-get update` would delete the lists the next RUN's install
 * needs; the fix that builds is one RUN: update, install, remove the lists. For apk, `apk add
 * --no-cache` needs neither `apk update` nor a cleanup. Null when the update and install already
 * share a RUN (appending the cleanup to it is then the fix).
 */
export function mergedPackageRun(
  kind: Leftover,
  span: DockerInstruction[],
  cleanup: DockerInstruction,
): { run: string; lines: number[]; advice: string } | null {
  const apt = kind === 'apt-lists' || kind === 'apt-cache';
  if (!apt && kind !== 'apk-cache') return null;
  const involved = span.filter((ins) =>
    (ins.run?.commands ?? []).some((c) => (apt ? isAptCommand(c, 'update', 'install') : isApkCommand(c, 'update', 'add'))),
  );
  if (involved.length === 0) return null;
  if (apt && involved.length === 1 && involved[0] !== cleanup) return null;
  if (apt && !involved.some((ins) => ins.run!.commands.some((c) => isAptCommand(c, 'install')))) return null;
  const runs = involved.includes(cleanup) ? involved : [...involved, cleanup];
  const words: string[] = apt ? ['apt-get update'] : [];
  for (const ins of runs) {
    for (const c of ins.run!.commands) {
      if (apt) {
        if (isAptCommand(c, 'update')) continue;
        words.push(isAptCommand(c, 'install') ? aptInstallText(c) : commandText(c));
      } else {
        if (isApkCommand(c, 'update', 'cache')) continue; // `apk cache clean` fails when there is no cache
        const rmOnlyCache = c.argv[0] === 'rm' && c.argv.slice(1).filter((w) => !w.startsWith('-')).every((w) => pathKinds(w, {}).includes('apk-cache'));
        if (rmOnlyCache) continue;
        words.push(isApkCommand(c, 'add') ? apkAddText(c) : commandText(c));
      }
    }
  }
  if (apt && !words.some((w) => /^rm .*\/var\/lib\/apt\/lists/.test(w))) words.push('rm -rf /var/lib/apt/lists/*');
  if (words.length === 0) return null;
  return {
    run: `RUN ${words.join(' && ')}`,
    lines: runs.map((ins) => ins.line),
    advice: apt ? 'update, install and clean up' : 'use `apk add --no-cache`, which needs neither `apk update` nor a cleanup,',
  };
}

const DESCRIBE: Record<string, string> = {
  'apt-lists': 'the apt package lists',
  'apt-cache': 'the apt download cache',
  'apk-cache': 'the apk cache',
  'yum-cache': 'the yum/dnf cache',
  'pip-cache': "pip's download cache",
  'uv-cache': "uv's cache",
};

function describe(kind: Leftover): string {
  if (DESCRIBE[kind]) return DESCRIBE[kind];
  const name = kind.slice(kind.indexOf(':') + 1);
  return `the package \`${name}\``;
}

function shown(command: RunCommand): string {
  const words = command.argv.slice(0, 4).join(' ');
  return command.argv.length > 4 ? `${words} …` : words;
}

/** `/a/./b/../c` -> `/a/c`, relative paths resolved against `cwd`. */
function absolutePath(cwd: string, path: string): string {
  const out: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

const GLOB = /[*?[]/;

function globRegex(pattern: string): RegExp {
  let re = '';
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern[k];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', k + 2);
      if (close === -1) re += '\\[';
      else {
        re += `[${pattern.slice(k + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        k = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Files a COPY/ADD put in its layer: everything at or below `path`, or the entries of `path` whose names match `names`. */
interface CopiedRoot {
  path: string;
  names: RegExp | null;
  /** The source word (variables expanded) and the context-relative path it names, for advice. */
  source: string;
  contextPath: string | null;
  /** The root is one entry of a context directory copied wholesale (`COPY . /app`). */
  fromContextDir: boolean;
  url: boolean;
}

interface RunRecord {
  instruction: DockerInstruction;
  /** WORKDIR at the RUN, null when unknown. */
  cwd: string | null;
  vars: Record<string, string | null>;
}

interface CopyRecord {
  instruction: DockerInstruction;
  roots: CopiedRoot[];
}

const presentSets = new WeakMap<Project, Set<string>>();

function presentSet(project: Project): Set<string> {
  let set = presentSets.get(project);
  if (!set) presentSets.set(project, (set = new Set(project.presentPaths)));
  return set;
}

const childrenByDir = new WeakMap<Project, Map<string, Set<string>>>();

/**
 * Top-level entries of a context directory, from the project's present paths. The folder -> entries
 * index is built once per project: monorepos have a Dockerfile per service.
 */
function contextEntries(project: Project, dir: string): string[] {
  let index = childrenByDir.get(project);
  if (!index) {
    index = new Map();
    for (const raw of project.presentPaths) {
      const p = raw.endsWith('/') ? raw.slice(0, -1) : raw;
      const slash = p.lastIndexOf('/');
      const parent = slash === -1 ? '' : p.slice(0, slash);
      let names = index.get(parent);
      if (!names) index.set(parent, (names = new Set()));
      names.add(p.slice(slash + 1));
    }
    childrenByDir.set(project, index);
  }
  return [...(index.get(dir) ?? [])];
}

function copiedRoots(project: Project, df: DockerfileModel, instruction: DockerInstruction, workdir: string, env: BuildEnvironment): CopiedRoot[] {
  const copy = instruction.copy!;
  if (copy.dest === null) return [];
  const destWord = env.expand(copy.dest);
  if (destWord === null) return [];
  const dest = absolutePath(workdir, destWord);
  const intoDir = /\/$|^\.\/?$/.test(destWord) || copy.sources.length > 1;
  const present = presentSet(project);
  const roots: CopiedRoot[] = [];
  for (const written of copy.sources) {
    if (written.startsWith('<<')) continue;
    const source = env.expand(written);
    if (source === null) continue;
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
    const base = source.replace(/\/+$/, '').replace(/.*\//, '');
    const fromContext = copy.from === null && !url;
    const contextPath = fromContext ? absolutePath('/', `${df.contextDir}/${source}`).slice(1) : null;
    const base0 = { source, contextPath, fromContextDir: false, url };
    if (!intoDir) {
      roots.push({ ...base0, path: dest, names: null });
      continue;
    }
    if (url) {
      roots.push({ ...base0, path: absolutePath(dest, base || 'index.html'), names: null });
      continue;
    }
    if (GLOB.test(base)) {
      roots.push({ ...base0, path: dest, names: globRegex(base) });
      continue;
    }
    const isDir = /\/$|^\.?$/.test(source) || base === '.' || (contextPath !== null ? present.has(`${contextPath}/`) || contextPath === '' : !base.includes('.'));
    if (!isDir) {
      roots.push({ ...base0, path: absolutePath(dest, base), names: null });
    } else if (contextPath !== null) {
      // The directory's contents land in the destination: one root per entry, so that removing
      // something the COPY did not bring stays quiet.
      for (const name of contextEntries(project, contextPath)) {
        roots.push({ ...base0, contextPath: contextPath === '' ? name : `${contextPath}/${name}`, path: absolutePath(dest, name), names: null, fromContextDir: true });
      }
    } else roots.push({ ...base0, path: dest, names: null });
  }
  return roots;
}

/** How an `rm` word relates to a copied root: 'whole' when it removes the root, 'inside' when it removes part of it. */
function removes(root: CopiedRoot, word: string, recursive: boolean): { how: 'whole' | 'inside'; path: string } | null {
  const segments = word.split('/');
  const firstGlob = segments.findIndex((s) => GLOB.test(s));
  const staticPath = firstGlob === -1 ? word : segments.slice(0, firstGlob).join('/') || '/';
  const pattern = firstGlob === -1 ? null : globRegex(word);
  const matches = (path: string): boolean => (pattern ? pattern.test(path) : path === word);
  const below = (path: string, dir: string): boolean => path.startsWith(dir === '/' ? '/' : `${dir}/`);
  if (root.names === null) {
    if (matches(root.path)) return { how: 'whole', path: root.path };
    if (recursive) {
      for (let up = root.path.slice(0, root.path.lastIndexOf('/')); up !== ''; up = up.slice(0, up.lastIndexOf('/'))) {
        if (matches(up)) return { how: 'whole', path: root.path };
      }
    }
    if (below(staticPath, root.path) || (pattern !== null && staticPath === root.path)) return { how: 'inside', path: word };
    return null;
  }
  // Entries of root.path named like the COPY's glob: only words that name such an entry (or below).
  if (pattern !== null && !below(staticPath, root.path)) {
    return recursive && (below(root.path, staticPath) || staticPath === root.path) && [root.path, ...ancestors(root.path)].some((p) => pattern.test(p)) ? { how: 'whole', path: root.path } : null;
  }
  if (!below(staticPath, root.path)) {
    return recursive && (below(root.path, word) || root.path === word) ? { how: 'whole', path: root.path } : null;
  }
  const entry = staticPath.slice(root.path === '/' ? 1 : root.path.length + 1).split('/')[0];
  const entryPath = `${root.path === '/' ? '' : root.path}/${entry}`;
  return root.names.test(entry) ? { how: staticPath === entryPath ? 'whole' : 'inside', path: entryPath } : null;
}

/** True when a path below a root copied from the build context names something the repository holds. */
function inContext(project: Project, root: CopiedRoot, word: string): boolean {
  const rel = word.slice(root.path === '/' ? 1 : root.path.length + 1);
  const base = root.contextPath === '' ? rel : `${root.contextPath}/${rel}`;
  const present = presentSet(project);
  if (!GLOB.test(base)) return present.has(base) || present.has(`${base}/`);
  const pattern = globRegex(base);
  return project.presentPaths.some((p) => pattern.test(p.replace(/\/$/, '')));
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let up = path.slice(0, path.lastIndexOf('/')); up !== ''; up = up.slice(0, up.lastIndexOf('/'))) out.push(up);
  return out;
}

/** True when a command names a path at or below the copied root (`pip install /wheels/*.whl`, `--find-links=/wheels`). */
function usesRoot(command: RunCommand, root: CopiedRoot, cwd: string, vars: Record<string, string | null>): boolean {
  if (effectiveArgv(command.args)[0] === 'rm') return false;
  return command.argv.slice(1).some((word) => {
    const value = substitute(word.replace(/^[^=]*=(?=\/)/, ''), vars);
    if (value === null || !/^[./~]|\//.test(value)) return false;
    const path = absolutePath(cwd, value);
    return path === root.path || path.startsWith(`${root.path}/`);
  });
}

/** A command as it reads in a suggestion: whole when short, else cut after a few words. */
function commandText(command: RunCommand): string {
  const full = command.argv.join(' ');
  return full.length <= 80 ? full : shown(command);
}

function advice(copy: DockerInstruction, root: CopiedRoot, user: RunCommand | null, removed: string): string {
  const run = user ? commandText(user) : '…';
  if (root.url) return `download it in the RUN that uses it and delete it there (\`RUN curl -fsSL ${root.source} -o ${root.path} && ${run} && rm ${root.path}\`)`;
  if (root.fromContextDir && root.contextPath !== null) {
    const inContext = root.contextPath + removed.slice(root.path.length);
    return `keep \`${inContext}\` out of the image with a .dockerignore entry (or copy only what the image needs)`;
  }
  const from = copy.copy!.from !== null ? `from=${copy.copy!.from},` : '';
  let source = root.source;
  let target = root.path;
  if (root.names !== null) {
    // `COPY requirements*.txt /tmp/`: mount the one file that was removed, or the folder the glob reads.
    const dir = root.source.includes('/') ? root.source.slice(0, root.source.lastIndexOf('/') + 1) : '';
    if (removed !== root.path) {
      source = dir + removed.slice(removed.lastIndexOf('/') + 1);
      target = removed;
    } else source = dir === '' ? '.' : dir;
  }
  return `bind-mount them for the RUN that needs them instead of copying them: \`RUN --mount=type=bind,${from}source=${source},target=${target} ${run}\``;
}

export default defineRule({
  code: 'SR303',
  name: 'cleanup-in-separate-layer',
  severity: 'warning',
  docs: {
    what:
      'Flags cleanup (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`, `apk del`, `pip cache purge`, `rm -rf /root/.cache`, `yum clean all`) that runs in a later RUN than the one that created the files, in a stage whose layers ship. It also flags `rm` of files that an earlier COPY or ADD brought in (`COPY --from=wheelbuilder /wheels /wheels` … `RUN rm -rf /wheels`): a COPY is a layer of its own, so no RUN can take its files back out. Paths are read with ARG defaults and ENV values expanded; paths that depend on a build argument without default are skipped.',
    why:
      'Each RUN is a layer, and layers only add. Deleting files in a later layer hides them from the container but the earlier layer still carries them, so the image is just as large. The cleanup has to happen in the same RUN that created the files.',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*',
    fix: 'Move the cleanup into the RUN that created the files, joined with `&&`. For files a COPY brought in only to be installed, bind-mount them for that RUN instead (`RUN --mount=type=bind,from=wheelbuilder,source=/wheels,target=/wheels pip install --no-cache-dir /wheels/*.whl`); for context files the image should not have, add them to .dockerignore.',
    references: [
      'https://docs.docker.com/build/building/best-practices/#apt-get',
      'https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/',
      'https://docs.docker.com/reference/dockerfile/#run---mounttypebind',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      const seen = new Set<DockerInstruction>();
      for (const stage of df.stages) {
        if (stage.imageRole !== 'layers') continue;
        const outstanding = new Map<Leftover, { command: RunCommand; line: number; last: RunCommand; first: DockerInstruction }>();
        const steps = layerSteps(df, stage);
        for (const step of steps) {
          if (!step.instruction.run) continue;
          const { created, cleaned } = runLeftovers(df, step.stage, step.instruction);
          const createdHere = new Set(created.map((e) => e.kind));
          // Packages removed by one command and installed by one earlier command make one finding.
          const packages = new Map<string, { names: string[]; event: LeftoverEvent; origin: NonNullable<ReturnType<typeof outstanding.get>> }>();
          for (const event of cleaned) {
            if (createdHere.has(event.kind)) continue;
            const origin = outstanding.get(event.kind);
            if (!origin) continue;
            outstanding.delete(event.kind);
            if (seen.has(step.instruction)) continue;
            if (/^(apt|apk)-package:/.test(event.kind)) {
              const key = `${event.command.line}:${event.command.column}:${origin.line}:${origin.command.column}`;
              const group = packages.get(key) ?? { names: [], event, origin };
              group.names.push(event.kind.slice(event.kind.indexOf(':') + 1));
              packages.set(key, group);
              continue;
            }
            const span = steps.slice(steps.findIndex((s) => s.instruction === origin.first), steps.indexOf(step) + 1).map((s) => s.instruction);
            const merged = mergedPackageRun(event.kind, span, step.instruction);
            const head = `\`${shown(event.command)}\` removes ${describe(event.kind)} in a separate layer from \`${shown(origin.command)}\` (line ${origin.line}), which still ships them; `;
            report({
              file: df.path,
              line: event.command.line,
              column: event.command.column,
              message: merged
                ? `${head}${merged.advice} in one RUN that replaces the RUNs at lines ${merged.lines.join(', ')}: \`${merged.run}\``
                : `${head}end that RUN with the cleanup: \`${origin.last === origin.command ? '' : '… && '}${commandText(origin.last)} && ${commandText(event.command)}\``,
            });
          }
          for (const { names, event, origin } of packages.values()) {
            const what = names.length === 1 ? `the package \`${names[0]}\`` : `the packages ${names.map((n) => `\`${n}\``).join(', ')}`;
            const head = `\`${shown(event.command)}\` removes ${what} in a separate layer from \`${shown(origin.command)}\` (line ${origin.line}), which still ships ${names.length === 1 ? 'it' : 'them'}; `;
            // RUNs between the install and the removal may need the packages (a compiler for a later
            // pip install, wget for later downloads): moving the removal up would break them.
            const from = steps.findIndex((s) => s.instruction.line === origin.line && s.instruction.run?.commands.includes(origin.command));
            const between = steps.slice(from + 1, steps.indexOf(step)).filter((s) => s.instruction.run !== null).map((s) => s.instruction.line);
            report({
              file: df.path,
              line: event.command.line,
              column: event.command.column,
              message:
                between.length === 0
                  ? `${head}end that RUN with the cleanup: \`${origin.last === origin.command ? '' : '… && '}${commandText(origin.last)} && ${commandText(event.command)}\``
                  : `${head}the RUN${between.length === 1 ? '' : 's'} at line${between.length === 1 ? '' : 's'} ${between.join(', ')} may still need ${names.length === 1 ? 'it' : 'them'}, so install, use and remove ${names.length === 1 ? 'it' : 'them'} in one RUN, or install ${names.length === 1 ? 'it' : 'them'} in a builder stage and \`COPY --from\` the result`,
            });
          }
          const cleanedHere = new Set(cleaned.map((e) => e.kind));
          for (const event of created) {
            if (cleanedHere.has(event.kind)) continue;
            const first = outstanding.get(event.kind)?.first ?? step.instruction;
            outstanding.set(event.kind, { command: event.command, line: event.command.line, last: step.instruction.run.commands[step.instruction.run.commands.length - 1], first });
          }
        }
        for (const step of layerSteps(df, stage)) seen.add(step.instruction);
      }
      reportCopiedThenRemoved(project, df, report);
    }
  },
});

/** `COPY --from=wheels /wheels /wheels` … `RUN rm -rf /wheels`: the COPY layer still carries the files. */
function reportCopiedThenRemoved(project: Project, df: DockerfileModel, report: (finding: { file: string; line: number; column: number; message: string }) => void): void {
  const reported = new Set<string>();
  for (const stage of df.stages) {
    if (stage.imageRole !== 'layers') continue;
    const env = new BuildEnvironment(df);
    let workdir: string | null = '/';
    const copies: CopyRecord[] = [];
    const runs: RunRecord[] = [];
    for (const { instruction } of layerSteps(df, stage)) {
      if (instruction.keyword === 'WORKDIR') {
        const dir = env.expand(instruction.args.trim() || '/');
        workdir = dir === null || workdir === null ? (dir?.startsWith('/') ? absolutePath('/', dir) : null) : absolutePath(workdir, dir);
      }
      env.apply(instruction);
      if (instruction.copy && workdir !== null) {
        const roots = copiedRoots(project, df, instruction, workdir, env);
        if (roots.length > 0) copies.push({ instruction, roots });
      }
      if (!instruction.run) continue;
      runs.push({ instruction, cwd: workdir, vars: { ...env.values } });
      const mountTargets = instruction.run.mounts.map((m) => m.target ?? m.dst ?? m.destination ?? null).filter((t): t is string => t !== null);
      let cwd = workdir;
      const commands = instruction.run.commands;
      for (const [index, command] of commands.entries()) {
        if (command.args[0] === 'cd') cwd = null; // relative paths after a cd are not followed
        const removal = removedPaths(commands, index);
        if (!removal) continue;
        const recursive = removal.recursive;
        for (const written of removal.paths) {
          const value = expandPath(written, env.values);
          if (value === null || (!value.startsWith('/') && cwd === null)) continue;
          const word = absolutePath(cwd ?? '/', value.replace(/\/+$/, ''));
          if (mountTargets.some((t) => word === absolutePath(workdir ?? '/', t) || word.startsWith(`${absolutePath(workdir ?? '/', t)}/`))) continue;
          for (let k = copies.length - 1; k >= 0; k--) {
            const record = copies[k];
            const hit = record.roots.map((root) => ({ root, hit: removes(root, word, recursive) })).find((r) => r.hit !== null);
            if (!hit || !hit.hit) continue;
            // `rm -f hc/local_settings.py` after `COPY . .`: a file the repository does not hold (it is
            // git-ignored, or made later) was never in the COPY layer; the rm is a precaution.
            if (hit.hit.how === 'inside' && hit.root.contextPath !== null && !inContext(project, hit.root, word)) continue;
            const key = `${command.line}:${command.column}:${record.instruction.line}`;
            if (reported.has(key)) break;
            reported.add(key);
            const user = findUser(runs, record.instruction, command, hit.root);
            const copyText = `${record.instruction.keyword} ${record.instruction.flags.filter((f) => f.name === 'from').map((f) => `--from=${f.value} `).join('')}${record.instruction.args}`.replace(/\s+/g, ' ').trim();
            report({
              file: df.path,
              line: command.line,
              column: command.column,
              message: `\`${shown(command)}\` deletes files that \`${copyText}\` (line ${record.instruction.line}) added in its own layer, so the image still carries them; ${advice(record.instruction, hit.root, user, hit.hit.path)}`,
            });
            break;
          }
        }
      }
    }
  }
}

/** The last command before the `rm` (after the COPY) that reads the copied files: what the bind mount should serve. */
function findUser(
  runs: RunRecord[],
  copy: DockerInstruction,
  rm: RunCommand,
  root: CopiedRoot,
): RunCommand | null {
  let found: RunCommand | null = null;
  for (const { instruction, cwd, vars } of runs) {
    if (instruction.line < copy.line) continue;
    for (const command of instruction.run!.commands) {
      if (command === rm) return found;
      if (cwd !== null && usesRoot(command, root, cwd, vars)) found = command;
    }
  }
  return found;
}

