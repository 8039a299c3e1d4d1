// Run-time evidence: which third-party modules the repository's own code names, and where. The
// discover stage lists the run-time Python files, the parse stage reads each one's imports, settings
// strings and entry points; this module joins them into one index that the rules query by import name.

import { join } from 'node:path';
import type { ProjectFile, RuntimeEvidence, RuntimeImport } from '../model.js';
import { scanPythonImports, type ImportHit } from '../parse/python-imports.js';
import { entryPointModules } from '../parse/entry-points.js';
import { readSourceBytes } from '../io/read.js';
import { STDLIB_MODULES } from './stdlib.js';

/** Words that make a settings module a development one: `settings/local.py`, `settings_dev.py`, `config/settings/test.py`. */
const DEV_SETTINGS_WORDS = new Set(['local', 'dev', 'devel', 'develop', 'development', 'test', 'tests', 'testing', 'ci', 'debug']);

/**
 * Whether a Python file is a development settings module: a Django-style settings file whose name says
 * local, dev, test, ci or debug. What it adds to INSTALLED_APPS is the developer's, not the image's.
 * `local_settings.py` is left alone: projects use it for per-deployment (often production) overrides.
 */
export function isDevelopmentSettingsPath(relPath: string): boolean {
  const segments = relPath.split('/');
  const stem = segments[segments.length - 1].replace(/\.py$/, '').toLowerCase();
  const words = stem.split(/[^a-z0-9]+/).filter(Boolean);
  const inSettingsDir = segments.slice(0, -1).some((d) => /settings/i.test(d));
  const named = words.includes('settings');
  if (!inSettingsDir && !named) return false;
  if (named && words.length === 2 && words[0] === 'local') return false;
  return words.some((w) => DEV_SETTINGS_WORDS.has(w));
}

/** One scanned file's hits, for building evidence without touching the file system (tests). */
export interface ScannedFile {
  path: string;
  hits: ImportHit[];
}

/** Reads and scans the run-time Python files and the entry points of pyproject.toml / setup.cfg files. */
export function collectRuntimeEvidence(root: string, pythonFiles: readonly string[], manifests: readonly ProjectFile[]): RuntimeEvidence {
  const scanned: ScannedFile[] = [];
  // The standard library and the project's own modules are never evidence: drop them while scanning.
  const local = localModuleIndex(pythonFiles);
  const ignore = (module: string): boolean => {
    const dot = module.indexOf('.');
    const top = dot === -1 ? module : module.slice(0, dot);
    return STDLIB_MODULES.has(top) || isLocal(local, module);
  };
  for (const path of pythonFiles) {
    const bytes = readSourceBytes(join(root, path));
    if (bytes === null) continue;
    scanned.push({ path, hits: scanPythonImports(bytes, { ignore }) });
  }
  const entryPoints: RuntimeImport[] = [];
  for (const m of manifests) {
    if (m.kind !== 'pyproject' && m.kind !== 'setup-cfg') continue;
    const bytes = readSourceBytes(join(root, m.path));
    if (bytes === null) continue;
    for (const ep of entryPointModules(m.kind, bytes.toString('utf8'))) {
      entryPoints.push({ module: ep.module, file: m.path, line: ep.line, via: 'entry-point', context: 'runtime' });
    }
  }
  return buildRuntimeEvidence(scanned, entryPoints, pythonFiles);
}

/**
 * The evidence index from scanned files. `allPythonFiles` (every scanned path, including those that
 * named nothing) gives the project's own top-level modules: packages (folders with `__init__.py`
 * whose parent has none) and loose modules (files in folders without `__init__.py`).
 */
export function buildRuntimeEvidence(scanned: readonly ScannedFile[], entryPoints: readonly RuntimeImport[], allPythonFiles: readonly string[]): RuntimeEvidence {
  const local = localModuleIndex(allPythonFiles);
  const localModules = local.tops;
  const byTopLevel = new Map<string, RuntimeImport[]>();
  const add = (hit: RuntimeImport): void => {
    const dot = hit.module.indexOf('.');
    const top = dot === -1 ? hit.module : hit.module.slice(0, dot);
    if (isLocal(local, hit.module)) return;
    let list = byTopLevel.get(top);
    if (!list) byTopLevel.set(top, (list = []));
    list.push(hit);
  };
  for (const file of scanned) {
    const dev = isDevelopmentSettingsPath(file.path);
    for (const h of file.hits) {
      const context = dev && (h.context === 'runtime' || h.context === 'conditional' || h.context === 'optional') ? 'development' : h.context;
      const hit: RuntimeImport = { module: h.module, file: file.path, line: h.line, via: h.via, context };
      if (h.names) hit.names = h.names;
      add(hit);
    }
  }
  for (const ep of entryPoints) add(ep);
  for (const list of byTopLevel.values()) list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const scannedDirs = new Set<string>(['']);
  for (const file of scanned) {
    for (let slash = file.path.indexOf('/'); slash !== -1; slash = file.path.indexOf('/', slash + 1)) scannedDirs.add(file.path.slice(0, slash));
  }
  return { scannedFiles: scanned.length, localModules, byTopLevel, scannedDirs };
}

/**
 * The folder whose code a manifest serves: its own folder, or the parent of a requirements folder
 * (`requirements/base.txt` serves the repository root). In a monorepo, `services/api/requirements.txt`
 * is judged by the code under `services/api/` only, when any was scanned there.
 */
export function codeScopeOf(evidence: RuntimeEvidence, manifestPath: string): string {
  const parts = manifestPath.split('/').slice(0, -1);
  while (parts.length > 0 && /^(requirements?|reqs)([-_.].*)?$/i.test(parts[parts.length - 1])) parts.pop();
  const dir = parts.join('/');
  return dir !== '' && evidence.scannedDirs?.has(dir) ? dir : '';
}

/** Only the hits inside `dir` ('' keeps them all). */
export function withinScope(ev: PackageEvidence, dir: string): PackageEvidence {
  if (dir === '') return ev;
  const inside = (h: RuntimeImport) => h.file.startsWith(`${dir}/`);
  return {
    runtime: ev.runtime.filter(inside),
    optional: ev.optional.filter(inside),
    conditional: ev.conditional.filter(inside),
    development: ev.development.filter(inside),
    typeChecking: ev.typeChecking.filter(inside),
  };
}

interface LocalModules {
  tops: Set<string>;
  /** `top.child` for every module and subpackage inside a local package. */
  children: Set<string>;
}

/**
 * Whether a module is the project's own: its top-level name is local and, when it names a child, the
 * child is one of the project's too. `poetry.core` stays third-party in a project whose own package is
 * `poetry` (a namespace shared with poetry-core).
 */
function isLocal(local: LocalModules, module: string): boolean {
  const dot = module.indexOf('.');
  const top = dot === -1 ? module : module.slice(0, dot);
  if (!local.tops.has(top)) return false;
  if (dot === -1) return true;
  const next = module.indexOf('.', dot + 1);
  return local.children.has(next === -1 ? module : module.slice(0, next));
}

function localModuleIndex(paths: readonly string[]): LocalModules {
  const tops = localTopLevelNames(paths);
  const children = new Set<string>();
  for (const p of paths) {
    const parts = p.replace(/\.py$/, '').split('/');
    for (let i = 0; i + 1 < parts.length; i++) {
      if (tops.has(parts[i])) children.add(`${parts[i]}.${parts[i + 1]}`);
    }
  }
  return { tops, children };
}

function localTopLevelNames(paths: readonly string[]): Set<string> {
  const packages = new Set<string>();
  for (const p of paths) if (p === '__init__.py' || p.endsWith('/__init__.py')) packages.add(p.slice(0, Math.max(p.length - 12, 0)));
  const names = new Set<string>();
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    const dir = slash === -1 ? '' : p.slice(0, slash);
    if (dir !== '' && packages.has(dir)) {
      // Climb to the outermost package folder.
      let top = dir;
      for (;;) {
        const up = top.lastIndexOf('/');
        if (up === -1 || !packages.has(top.slice(0, up))) break;
        top = top.slice(0, up);
      }
      names.add(top.slice(top.lastIndexOf('/') + 1));
    } else {
      const stem = p.slice(slash + 1).replace(/\.py$/, '');
      if (stem !== '__init__' && stem !== '__main__') names.add(stem);
    }
  }
  return names;
}

/** What the evidence says about one package: its run-time uses, and the uses that do not count (and why). */
export interface PackageEvidence {
  /** Unconditional imports, settings strings and entry points outside tests: the package is needed. */
  runtime: RuntimeImport[];
  /** Imports inside try/except ImportError (the code runs without it) or under a feature condition. */
  optional: RuntimeImport[];
  conditional: RuntimeImport[];
  /** Under `if DEBUG:`, in development settings, or only for type checkers. */
  development: RuntimeImport[];
  typeChecking: RuntimeImport[];
}

/**
 * Where the project's code names a package with the given import names (`debug_toolbar`,
 * `sphinxcontrib.napoleon`). A hit counts when its module is the import name or inside it, or when
 * `from parent import child` spells it.
 */
export function evidenceFor(evidence: RuntimeEvidence, importNames: readonly string[]): PackageEvidence {
  const out: PackageEvidence = { runtime: [], optional: [], conditional: [], development: [], typeChecking: [] };
  const seen = new Set<RuntimeImport>();
  for (const name of importNames) {
    const dot = name.indexOf('.');
    const top = dot === -1 ? name : name.slice(0, dot);
    for (const hit of evidence.byTopLevel.get(top) ?? []) {
      if (seen.has(hit) || !names(hit, name)) continue;
      seen.add(hit);
      const bucket = hit.context === 'type-checking' ? out.typeChecking : out[hit.context];
      bucket.push(hit);
    }
  }
  if (importNames.length > 1) {
    const byPlace = (a: RuntimeImport, b: RuntimeImport) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
    for (const list of Object.values(out)) list.sort(byPlace);
  }
  return out;
}

function names(hit: RuntimeImport, importName: string): boolean {
  const m = hit.module;
  if (m === importName || (m.length > importName.length && m.startsWith(importName) && m.charCodeAt(importName.length) === 46)) return true;
  if (hit.names && importName.length > m.length && importName.startsWith(m) && importName.charCodeAt(m.length) === 46) {
    const child = importName.slice(m.length + 1).split('.')[0];
    return hit.names.includes(child);
  }
  return false;
}

/** `src/app/x.py:12`, for messages. */
export function where(hit: RuntimeImport): string {
  return `${hit.file}:${hit.line}`;
}

/** How each kind of hit reads in a message: "imported at run time by src/app/x.py:12". */
export function describeHit(hit: RuntimeImport): string {
  const at = where(hit);
  switch (hit.via) {
    case 'installed-apps':
      return `listed in INSTALLED_APPS at ${at}`;
    case 'middleware':
      return `listed in MIDDLEWARE at ${at}`;
    case 'url-include':
      return `mounted in a URLconf at ${at}`;
    case 'pytest-plugins':
      return `loaded through pytest_plugins at ${at}`;
    case 'entry-point':
      return `named by the entry point at ${at}`;
    default:
      return `imported at run time by ${at}`;
  }
}

/** "a.py:3" or "a.py:3 and 4 more places". */
export function describeHits(hits: readonly RuntimeImport[], describe: (h: RuntimeImport) => string = where): string {
  if (hits.length === 0) return '';
  const more = hits.length - 1;
  return more === 0 ? describe(hits[0]) : `${describe(hits[0])} and ${more} more place${more === 1 ? '' : 's'}`;
}
