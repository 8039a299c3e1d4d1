// Lock file readers: one per format, all returning the same LockResult. Pure; never throw.
import type { LockOrigin, Manifest, Requirement } from '../../model.js';
import { parsePdmLock } from './pdm.js';
import { parsePipfileLock } from './pipfile-lock.js';
import { parsePoetryLock } from './poetry.js';
import { parsePylock } from './pylock.js';
import { lockRequirement, type LockResult, type ProjectDeclarations } from './types.js';
import { parseUvLock } from './uv.js';

export type { LockResult, LockedPackage, LockedFile, ProjectDeclarations } from './types.js';
export { markerOnLinux } from './markers.js';

export const LOCK_KINDS: ReadonlySet<string> = new Set<LockOrigin>(['uv-lock', 'poetry-lock', 'pdm-lock', 'pipfile-lock', 'pylock']);

export function parseLock(kind: LockOrigin, content: string, decl: ProjectDeclarations | null = null): LockResult {
  switch (kind) {
    case 'uv-lock':
      return parseUvLock(content);
    case 'poetry-lock':
      return parsePoetryLock(content, decl);
    case 'pdm-lock':
      return parsePdmLock(content, decl);
    case 'pipfile-lock':
      return parsePipfileLock(content, decl);
    case 'pylock':
      return parsePylock(content, decl);
  }
}

/** The declarations a lock is read against: the project's production and development requirements. */
export function declarationsOf(manifest: Manifest | undefined): ProjectDeclarations | null {
  if (!manifest) return null;
  const usable = (r: Requirement) => !r.constraintOnly && r.key !== '';
  return {
    name: manifest.projectName ?? null,
    prod: manifest.requirements.filter((r) => usable(r) && r.group === 'prod').map((r) => ({ key: r.key, extras: r.extras })),
    dev: manifest.requirements
      .filter((r) => usable(r) && r.group === 'dev')
      .map((r) => ({ key: r.key, extras: r.extras, group: r.groupName ?? 'dev' })),
  };
}

/** A lock file as a manifest: one requirement per locked package. */
export function lockManifest(path: string, kind: LockOrigin, result: LockResult): Manifest {
  return {
    path,
    kind,
    group: null,
    groupReason: null,
    requirements: result.packages.map((p) => lockRequirement(p, path, kind)),
    includes: [],
    diagnostics: result.diagnostics,
    requiresPython: result.requiresPython,
    lockPackages: result.packages,
  };
}
