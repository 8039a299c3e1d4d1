// The pipeline that builds a Project, one stage per folder:
//   discover/ (which files) -> parse/ (each file's contents) -> resolve/ (includes, build contexts,
//   what Dockerfiles install) -> roles/ (production or development, with the reason) -> rules/.
import { join } from 'node:path';
import type { LockOrigin, Manifest, Project, ProjectFile } from './model.js';
import { discover, type DiscoverOptions } from './discover/index.js';
import { readText } from './io/read.js';
import { parseDockerfile, type DockerfileModel } from './parse/dockerfile.js';
import { LOCK_KINDS, declarationsOf, lockManifest, parseLock } from './parse/lock/index.js';
import { readDockerignore, setupCfgManifest, tomlManifest } from './parse/manifest.js';
import { REQUIREMENTS_KINDS, compare, resolveRequirements } from './resolve/includes.js';
import { inferContextDir, installedByDockerfiles } from './resolve/context.js';
import { collectRuntimeEvidence } from './resolve/runtime-evidence.js';
import { applyExtraMarkers, classifyRequirements } from './roles/requirements.js';
import { classifyLockPaths } from './roles/locks.js';
import { splitDockerfiles } from './roles/dockerfiles.js';

export { InputError } from './errors.js';
export { inferContextDir } from './resolve/context.js';
export { pluginHostsOf } from './parse/manifest.js';

const BOM_IN_PYPROJECT = {
  rule: 'manifest-parse-error',
  line: 1,
  column: 1,
  message:
    'pyproject.toml starts with a UTF-8 byte order mark: Python\'s tomllib (pip, build, setuptools) rejects it with "Invalid statement (at line 1, column 1)"; save the file as UTF-8 without a BOM',
};

export type LoadOptions = DiscoverOptions & {
  /** Read the project's run-time Python files for imports (default true): evidence for the dev-tool rules. */
  scanImports?: boolean;
};

/**
 * Builds the Project: discovers files under root, reads and parses each one, follows `-r`/`-c`
 * includes, and decides which requirements files are production and which development.
 * Never throws for bad file content: that becomes diagnostics. Throws InputError only when root
 * itself cannot be read.
 */
export function loadProject(root: string, options: LoadOptions = {}): Project {
  // discover
  const { files, presentPaths, pythonFiles } = discover(root, options);
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
  const read = (rel: string): string | null => {
    const result = readText(join(root, rel));
    if (result.ok) return result.content;
    project.diagnostics.push({ file: rel, rule: 'unreadable-manifest', message: result.message, line: result.line, column: result.column });
    return null;
  };

  // parse + resolve includes: requirements files are reached through each other, so they are read together.
  const known = new Map<string, ProjectFile>(files.map((f) => [f.path, f]));
  const requirements = resolveRequirements(root, files, known, read);

  // parse the other files
  const dockerfiles: DockerfileModel[] = [];
  const otherManifests: Manifest[] = [];
  const locks: ProjectFile[] = [];
  for (const file of known.values()) {
    if (REQUIREMENTS_KINDS.has(file.kind)) continue;
    // Locks are read against the pyproject.toml or Pipfile beside them: after those.
    if (LOCK_KINDS.has(file.kind)) {
      locks.push(file);
      continue;
    }
    if (file.kind === 'setup-cfg') {
      const cfg = requirements.setupCfgs.get(file.path);
      otherManifests.push(setupCfgManifest(file.path, cfg?.content ?? null, cfg?.parsed ?? null));
      continue;
    }
    // Only pip reads past a BOM; for the other formats it is noise the parsers need not see.
    const raw = read(file.path);
    const content = raw?.replace(/^\uFEFF/, '') ?? null;
    if (file.kind === 'dockerfile') {
      if (content !== null) dockerfiles.push(parseDockerfile(content, file.path));
    } else if (file.kind === 'dockerignore') {
      if (content !== null) project.dockerignores.push(readDockerignore(file.path, content));
    } else if (file.kind === 'pyproject' || file.kind === 'pipfile') {
      const manifest = tomlManifest(file.path, file.kind, content);
      // tomllib (pip, build, setuptools, uv's Python side) refuses a BOM: `Invalid statement (at line 1, column 1)`.
      if (file.kind === 'pyproject' && raw?.startsWith('\uFEFF')) manifest.diagnostics.unshift({ ...BOM_IN_PYPROJECT });
      otherManifests.push(manifest);
    }
  }

  for (const file of locks) {
    const content = read(file.path);
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/') + 1) : '';
    const beside = `${dir}${file.kind === 'pipfile-lock' ? 'Pipfile' : 'pyproject.toml'}`;
    const decl = declarationsOf(otherManifests.find((m) => m.path === beside));
    const kind = file.kind as LockOrigin;
    const result = content === null ? { origin: kind, packages: [], diagnostics: [], requiresPython: null } : parseLock(kind, content, decl);
    otherManifests.push(lockManifest(file.path, kind, result));
  }

  // roles: which images ship; resolve: the build context of each and what it installs
  const images = splitDockerfiles(dockerfiles);
  project.dockerfiles = images.production;
  project.devDockerfiles = images.development;
  const present = new Set(presentPaths.map((p) => p.replace(/\/$/, '')));
  for (const df of project.dockerfiles) df.contextDir = inferContextDir(df, present);
  const installed = installedByDockerfiles(project.dockerfiles, requirements.manifests);

  // roles: production or development for each requirements file and extra
  classifyRequirements(requirements.manifests, requirements.edges, installed);
  project.manifests = [...otherManifests, ...requirements.manifests.values()];
  applyExtraMarkers(project.manifests);
  classifyLockPaths(project.manifests);

  // resolve: what the project's own run-time code imports
  if (options.scanImports !== false) project.runtimeEvidence = collectRuntimeEvidence(root, pythonFiles, files);

  project.manifests.sort((a, b) => compare(a.path, b.path));
  project.files = [...known.values()].sort((a, b) => compare(a.path, b.path));
  project.dockerfiles.sort((a, b) => compare(a.path, b.path));
  project.dockerignores.sort((a, b) => compare(a.path, b.path));
  return project;
}
