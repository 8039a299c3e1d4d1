// The pipeline that builds a Project, one stage per folder:
//   discover/ (which files) -> parse/ (each file's contents) -> resolve/ (includes, build contexts,
//   what Dockerfiles install) -> roles/ (production or development, with the reason) -> rules/.
import { join } from 'node:path';
import type { Evidence, LockOrigin, Manifest, Project, ProjectFile } from './model.js';
import { discover, type DiscoverOptions } from './discover/index.js';
import { readText } from './io/read.js';
import { parseDockerfile, type DockerfileModel } from './parse/dockerfile.js';
import { LOCK_KINDS, declarationsOf, lockManifest, parseLock } from './parse/lock/index.js';
import { readDockerignore, setupCfgManifest, tomlManifest } from './parse/manifest.js';
import { REQUIREMENTS_KINDS, compare, resolveRequirements } from './resolve/includes.js';
import { inferContextDir, installedByDockerfiles } from './resolve/context.js';
import { collectRuntimeEvidence } from './resolve/runtime-evidence.js';
import { classifyLockPaths } from './roles/locks.js';
import { findReferences, isReferenceFile, type DockerfileReference } from './resolve/references.js';
import { applyExtraMarkers, classifyRequirements, decideManifestParts } from './roles/requirements.js';
import { decideDockerfileRoles } from './roles/dockerfiles.js';
import { templateEvidence } from './roles/templates.js';
import type { RoleConfig } from './roles/config.js';

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
  /** `production` / `development` globs from the configuration, which override every other evidence. */
  roles?: RoleConfig;
};

/** Folders whose files never build the project's images. */
const NOT_REFERENCES = /(^|\/)(node_modules|\.venv|venv|\.tox|\.nox|\.git|site-packages|dist|build)\//;

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
  // roles: templates are not manifests; they are skipped with a note.
  const templates: Evidence[] = [];
  const candidates = files.filter((f) => {
    const ev = templateEvidence(f.path, null);
    if (ev) templates.push(ev);
    return ev === null;
  });
  const known = new Map<string, ProjectFile>(candidates.map((f) => [f.path, f]));
  const contentOf = (rel: string): string | null => {
    const content = read(rel);
    if (content === null) return null;
    const ev = templateEvidence(rel, content);
    if (ev) {
      templates.push(ev);
      return null;
    }
    return content;
  };
  const requirements = resolveRequirements(root, candidates, known, contentOf);
  for (const t of templates) requirements.manifests.delete(t.file);

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
      if (templates.some((t) => t.file === file.path)) continue;
      const cfg = requirements.setupCfgs.get(file.path);
      otherManifests.push(setupCfgManifest(file.path, cfg?.content ?? null, cfg?.parsed ?? null));
      continue;
    }
    // Only pip reads past a BOM; for the other formats it is noise the parsers need not see.
    const raw = contentOf(file.path);
    if (templates.some((t) => t.file === file.path)) continue;
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

  // resolve: what builds each Dockerfile (compose, workflows, scripts, deploy configs) and its build context
  const dockerPaths = new Set(dockerfiles.map((d) => d.path));
  const references: DockerfileReference[] = [];
  if (dockerPaths.size > 0) {
    for (const p of presentPaths) {
      if (p.endsWith('/') || NOT_REFERENCES.test(p) || !isReferenceFile(p)) continue;
      const result = readText(join(root, p));
      if (result.ok && result.content.length < 1_000_000) references.push(...findReferences(p, result.content, dockerPaths));
    }
  }
  const present = new Set(presentPaths.map((p) => p.replace(/\/$/, '')));

  // roles: which images ship, with the build context and target their references state
  const config = options.roles ?? {};
  const dockerRoles = decideDockerfileRoles(dockerfiles, references, config);
  for (const df of dockerfiles) {
    const role = dockerRoles.get(df.path)!;
    (role.decision.role === 'development' ? project.devDockerfiles : project.dockerfiles).push(df);
    if (role.decision.role === 'development') continue;
    df.contextDir = role.context ?? inferContextDir(df, present);
    if (role.target) {
      const stage = df.stages.findIndex((s) => s.name === role.target!.toLowerCase());
      if (stage !== -1) df.finalStage = stage;
    }
  }
  project.dockerfileRoles = dockerRoles;
  const installed = installedByDockerfiles(project.dockerfiles, requirements.manifests);

  // roles: production or development for each requirements file, table, extra, group and section
  decideManifestParts(otherManifests, config, present);
  classifyRequirements(requirements.manifests, requirements.edges, installed, { config, all: [...otherManifests, ...requirements.manifests.values()], present });
  project.manifests = [...otherManifests, ...requirements.manifests.values()];
  applyExtraMarkers(project.manifests);
  classifyLockPaths(project.manifests, present);
  if (templates.length > 0) project.templates = templates.sort((a, b) => compare(a.file, b.file));

  // resolve: what the project's own run-time code imports
  if (options.scanImports !== false) project.runtimeEvidence = collectRuntimeEvidence(root, pythonFiles, files);

  project.manifests.sort((a, b) => compare(a.path, b.path));
  project.files = [...known.values()].sort((a, b) => compare(a.path, b.path));
  project.dockerfiles.sort((a, b) => compare(a.path, b.path));
  project.dockerignores.sort((a, b) => compare(a.path, b.path));
  return project;
}
