// The resolve stage, part one: follow `-r`/`-c` includes and setup.cfg `file:` directives from file to
// file, read each requirements file once, and report includes that point nowhere, outside the tree,
// or round in a cycle.
import { existsSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { FileKind, Include, Manifest, ProjectFile } from '../model.js';
import { emptyManifest, parseRequirementsManifest, type ParsedSetupCfg } from '../parse/manifest.js';
import { parseSetupCfg } from '../parse/setupcfg.js';

export const REQUIREMENTS_KINDS: ReadonlySet<FileKind> = new Set(['requirements', 'constraints', 'pip-tools-in']);

export interface IncludeEdge {
  from: string;
  to: string;
  include: Include;
}

/** Reads a repo-relative file; null (with a diagnostic recorded by the caller) when it cannot be read. */
export type Reader = (rel: string) => string | null;

export interface ResolvedRequirements {
  /** Every requirements file reached, by path, in the order it was read. */
  manifests: Map<string, Manifest>;
  edges: IncludeEdge[];
  /** setup.cfg files, read and parsed (their `file:` targets are among the requirements files). */
  setupCfgs: Map<string, { content: string | null; parsed: ParsedSetupCfg | null }>;
}

/**
 * Reads setup.cfg files and every requirements file, following includes breadth-first; files reached
 * only through an include are added to `known` (repo path -> file).
 */
export function resolveRequirements(root: string, files: ProjectFile[], known: Map<string, ProjectFile>, read: Reader): ResolvedRequirements {
  const manifests = new Map<string, Manifest>();
  const edges: IncludeEdge[] = [];
  const queue: string[] = files.filter((f) => REQUIREMENTS_KINDS.has(f.kind)).map((f) => f.path);

  // setup.cfg `file:` directives name requirements files; read those files like `-r` targets.
  const setupCfgs = new Map<string, { content: string | null; parsed: ParsedSetupCfg | null }>();
  for (const file of files) {
    if (file.kind !== 'setup-cfg') continue;
    // Only pip reads past a BOM; for the other formats it is noise the parsers need not see.
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
    if (manifests.has(rel)) continue;
    const kind = known.get(rel)?.kind ?? 'requirements';
    manifests.set(rel, emptyManifest(rel, kind));
    const content = read(rel);
    if (content === null) continue;
    const { manifest, includes } = parseRequirementsManifest(rel, kind, content);
    manifests.set(rel, manifest);
    for (const { include: inc, index } of includes) {
      const target = resolveInclude(root, rel, inc.target);
      if (target.kind === 'remote' || target.kind === 'variable') continue;
      const flag = inc.kind === 'constraint' ? '-c' : '-r';
      if (target.kind === 'outside') {
        manifest.diagnostics.push({
          rule: 'include-outside-repo',
          message: `${flag} ${inc.target} points outside the audited directory; it was not read`,
          line: inc.line,
          column: inc.column,
        });
        continue;
      }
      if (!target.exists) {
        manifest.diagnostics.push({
          rule: 'include-not-found',
          message: `${flag} ${inc.target}: no such file (looked for ${target.path})`,
          line: inc.line,
          column: inc.column,
        });
        continue;
      }
      manifest.includes[index].resolved = target.path;
      edges.push({ from: rel, to: target.path, include: inc });
      if (!known.has(target.path)) {
        known.set(target.path, { path: target.path, kind: inc.kind === 'constraint' ? 'constraints' : 'requirements' });
      }
      if (!manifests.has(target.path)) queue.push(target.path);
    }
  }

  reportCycles(edges, manifests);
  return { manifests, edges, setupCfgs };
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

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
