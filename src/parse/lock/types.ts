// What every lock reader returns: the locked packages with their place in the file, the set each one
// belongs to, and the files (wheels, sdists) the lock lists for it. Pure data.
import type { Diagnostic, Group, LockOrigin, Requirement } from '../../model.js';
import { normalizeName } from '../../catalog/names.js';

export interface LockedFile {
  /** File name (`pydantic_core-2.27.2-cp312-cp312-musllinux_1_1_x86_64.whl`). */
  name: string;
  /** Bytes, when the lock records them (uv.lock, pylock.toml). */
  size: number | null;
}

export interface LockedPackage {
  name: string;
  key: string;
  version: string;
  line: number;
  column: number;
  endLine: number;
  /**
   * prod: installed by a production install; dev: only by a development install; null: neither on
   * Linux (reached only through markers that exclude it, or not reached at all).
   */
  group: Group | null;
  /** The dev group / category it comes from, for dev packages. */
  groupName: string | null;
  /** URL, VCS or local path the package is built from; null for a registry package. */
  url: string | null;
  /** The files the lock lists for this version; null when the lock lists none (Pipfile.lock). */
  files: LockedFile[] | null;
  /**
   * For production packages, the way in: this package, then what requires it, up to the project
   * (`['pytest', 'pytest-django', 'acme-app']`; `['django', 'acme-app']` for a direct dependency; the
   * project is left out when the lock does not name it). Empty for other packages.
   */
  chain: string[];
  /** Declared by the project itself as a production dependency (a direct dependency of a root). */
  direct: boolean;
  /**
   * Keys of the locked production packages that require this one (every one, not only the chain's);
   * absent when the lock records no dependency graph (Pipfile.lock, pylock.toml).
   */
  parents?: string[];
}

export interface LockResult {
  origin: LockOrigin;
  packages: LockedPackage[];
  diagnostics: Diagnostic[];
  /** The lock's own record of what the project declares, when it has one (uv.lock, poetry 1.x categories). */
  requiresPython: string | null;
}

/** Direct dependencies of the project, from its pyproject.toml, for locks that do not record groups. */
export interface ProjectDeclarations {
  /** Keys of production dependencies, with the extras asked for. */
  prod: { key: string; extras: string[] }[];
  /** Keys of development dependencies, by group name. */
  dev: { key: string; extras: string[]; group: string }[];
  /** The project's own name (not a package to audit). */
  name: string | null;
}

export function emptyLock(origin: LockOrigin): LockResult {
  return { origin, packages: [], diagnostics: [], requiresPython: null };
}

export function lockRequirement(pkg: LockedPackage, file: string, origin: LockOrigin): Requirement {
  return {
    name: pkg.name,
    key: pkg.key,
    specifier: pkg.url ? '' : `==${pkg.version}`,
    extras: [],
    marker: null,
    url: pkg.url,
    editable: false,
    hashes: [],
    file,
    line: pkg.line,
    column: pkg.column,
    endLine: pkg.endLine,
    source: pkg.url ? `${pkg.name} @ ${pkg.url}` : `${pkg.name}==${pkg.version}`,
    group: pkg.group ?? 'dev',
    groupName: pkg.group === 'prod' ? null : (pkg.groupName ?? (pkg.group === null ? 'not installed on Linux' : null)),
    origin,
    constraintOnly: false,
    ignores: [],
    lock: { inImage: pkg.group === 'prod', chain: pkg.chain, direct: pkg.direct, files: pkg.files },
  };
}

/**
 * Reachability over a lock's dependency graph. `edges(node)` lists what a node requires (with the
 * extras asked for, and whether the marker lets it onto Linux); roots are the project's declarations.
 * Returns, per node id, the chain it was first reached by (breadth-first: the shortest way in).
 */
export function reach<N>(
  roots: { id: N; extras: string[]; parent: string | null }[],
  edges: (id: N, extras: string[]) => { id: N; extras: string[] }[],
  label: (id: N) => string,
  parents?: Map<N, Set<N>>,
): Map<N, string[]> {
  const chains = new Map<N, string[]>();
  const extrasSeen = new Map<N, Set<string>>();
  const queue: { id: N; extras: string[]; chain: string[] }[] = [];
  const push = (id: N, extras: string[], chain: string[]) => {
    const seen = extrasSeen.get(id) ?? new Set<string>();
    const fresh = extras.map(normalizeName).filter((e) => !seen.has(e));
    if (chains.has(id) && fresh.length === 0) return;
    if (!chains.has(id)) chains.set(id, chain);
    for (const e of fresh) seen.add(e);
    extrasSeen.set(id, seen);
    queue.push({ id, extras: [...seen], chain: chains.get(id)! });
  };
  for (const r of roots) push(r.id, r.extras, r.parent ? [label(r.id), r.parent] : [label(r.id)]);
  while (queue.length > 0) {
    const { id, extras, chain } = queue.shift()!;
    for (const next of edges(id, extras)) {
      if (parents && next.id !== id) parents.set(next.id, (parents.get(next.id) ?? new Set()).add(id));
      push(next.id, next.extras, [label(next.id), ...chain]);
    }
  }
  return chains;
}

/** The keys of a node's production parents, from reach()'s parent ids. */
export function parentKeys<N>(parents: Map<N, Set<N>>, id: N, byId: Map<N, { key: string }>): string[] {
  return [...new Set([...(parents.get(id) ?? [])].map((p) => byId.get(p)!.key))].sort();
}
