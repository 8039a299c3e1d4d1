import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { FileKind, ProjectFile } from '../model.js';
import { kindOfPath } from './kinds.js';
import { isRuntimePythonPath } from './python-files.js';

/** Directories never worth descending into: VCS data, environments, caches, build output. */
const SKIP_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  'site-packages',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.eggs',
  'build',
  'dist',
  '.cache',
  '.idea',
  '.vscode',
]);

/** How many present paths to remember for .dockerignore advice; enough for any real repo's top levels. */
const PRESENT_PATHS_CAP = 50_000;

export interface WalkOptions {
  /** gitignore-style patterns (relative to root) to leave out, from configuration. */
  exclude?: string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

export interface WalkResult {
  files: ProjectFile[];
  presentPaths: string[];
  /** The project's run-time Python files (see isRuntimePythonPath), sorted: what the import scan reads. */
  pythonFiles: string[];
}

interface IgnoreScope {
  /** Directory (relative, '' for root) the .gitignore lives in. */
  base: string;
  matcher: Ignore;
}

/**
 * Lists the manifests, Dockerfiles and .dockerignore files below root, in a stable order.
 * Skips environments and build output, honours .gitignore files at every level, and survives
 * symlink loops by visiting each real directory once.
 */
export function walk(root: string, options: WalkOptions = {}): WalkResult {
  const files: ProjectFile[] = [];
  const presentPaths: string[] = [];
  const pythonFiles: string[] = [];
  const seenReal = new Set<string>();
  const exclude = options.exclude?.length ? ignore().add(options.exclude) : null;
  const useGitignore = options.gitignore !== false;
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    return { files, presentPaths, pythonFiles };
  }

  // `real` is the directory's real path: derived by string concatenation while no symlink was
  // crossed, resolved with realpath only for linked directories (the only way to make a loop).
  const visit = (absDir: string, relDir: string, scopes: IgnoreScope[], real: string): void => {
    if (seenReal.has(real)) return;
    seenReal.add(real);

    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    let localScopes = scopes;
    if (useGitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      try {
        const text = readFileSync(join(absDir, '.gitignore'), 'utf8');
        localScopes = [...scopes, { base: relDir, matcher: ignore().add(text) }];
      } catch {
        // An unreadable .gitignore only means we look at more files.
      }
    }

    if (relDir !== '' && entries.some((e) => e.name === 'pyvenv.cfg')) return;

    for (const entry of entries) {
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      const abs = join(absDir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let childReal = join(real, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
          childReal = realpathSync(abs);
        } catch {
          continue; // dangling link
        }
        // A link out of the audited tree is not part of the repository (Docker does not follow one
        // out of the build context either): neither read nor walked.
        if (childReal !== rootReal && !childReal.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)) continue;
      }
      if (!isDir && !isFile) continue;

      if (presentPaths.length < PRESENT_PATHS_CAP) presentPaths.push(isDir ? `${rel}/` : rel);

      if (exclude && exclude.ignores(isDir ? `${rel}/` : rel)) continue;
      if (isIgnored(localScopes, rel, isDir)) continue;

      if (isDir) {
        if (SKIP_DIRS.has(entry.name) || entry.name.endsWith('.egg-info')) continue;
        if (isTestData(rel)) continue;
        visit(abs, rel, localScopes, childReal);
      } else {
        if (entry.name.endsWith('.py')) {
          if (isRuntimePythonPath(rel)) pythonFiles.push(rel);
          continue;
        }
        const kind: FileKind | null = kindOfPath(rel);
        if (kind) files.push({ path: rel, kind });
      }
    }
  };

  visit(root, '', [], rootReal);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  pythonFiles.sort();
  return { files, presentPaths, pythonFiles };
}

/**
 * A fixtures or test-data folder inside a test folder (`tests/fixtures/`, `test/data/broken-lock/`)
 * holds inputs to the project's own tests, often broken on purpose: never a manifest that ships.
 */
export function isTestData(rel: string): boolean {
  const segments = rel.split('/');
  const last = segments[segments.length - 1];
  if (!/^(?:fixtures?|testdata|test_data|test-data)$/i.test(last)) return false;
  return segments.slice(0, -1).some((s) => /^tests?$/i.test(s));
}

function isIgnored(scopes: IgnoreScope[], rel: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const sub = scope.base === '' ? rel : rel.startsWith(`${scope.base}/`) ? rel.slice(scope.base.length + 1) : null;
    if (sub === null || sub === '') continue;
    if (scope.matcher.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}
