// What a split does with a file that pip-compile or `uv pip compile` generated: which pins leave
// with the dev tools that need them. Reading the file's header and `# via` annotations is parsing
// and lives in parse/pip-compile.ts; it is re-exported here for existing callers.
import type { LogicalLine } from '../parse/requirements-types.js';
import type { CompiledFile } from '../parse/pip-compile.js';

export { detectCompiled, sourceInOf, viaParents, type CompileTool, type CompiledFile, type ViaRef } from '../parse/pip-compile.js';

/**
 * The packages (names as written) that need the requirement at `index` and are not in `moving`
 * (normalized names of everything leaving the production file). Empty when every package parent
 * moves too, or the annotation names only sources (`-r requirements.in`, `-r dev.in`, a project
 * root): a tool the user declared directly is a real dev tool in production, whatever the source.
 */
export function stayingParents(compiled: CompiledFile, index: number, moving: Set<string>): string[] {
  const out: string[] = [];
  for (const ref of compiled.via.get(index) ?? []) {
    if (ref.kind === 'package' && !moving.has(ref.key) && !out.includes(ref.name)) out.push(ref.name);
  }
  return out;
}

/** A source file that only feeds development sets (`requirements-dev.in`, `test.in`, …). */
export function isDevSourceName(target: string): boolean {
  const base = target.split('/').pop() ?? target;
  return /(^|[-_.])(dev|develop|development|test|tests|testing|lint|linting|docs?|ci|typing|mypy|tox)([-_.]|$)/i.test(base.replace(/\.in$/, ''));
}

export interface TransitiveMove {
  /** Requirement line index. */
  index: number;
  key: string;
  /** The packages (moving) that the annotation says it is there for. */
  neededBy: string[];
}

/**
 * Follows the via graph to a fixpoint: a pinned package moves when every package or source that
 * needs it is moving (or is a development source file), and at least one of them is a package or
 * source. Anything needed by a staying package, a production source (`-r requirements.in`), the
 * project itself, an unknown package, or with no annotation at all stays.
 */
export function devOnlyTransitives(
  lines: LogicalLine[],
  compiled: CompiledFile,
  moving: Set<number>,
  pinned: Set<number>,
): TransitiveMove[] {
  const indexesByKey = new Map<string, number[]>();
  for (let i = 0; i < lines.length; i++) {
    const key = lines[i].kind === 'requirement' ? lines[i].requirement?.key : undefined;
    if (key) indexesByKey.set(key, [...(indexesByKey.get(key) ?? []), i]);
  }
  const extra = new Map<number, string[]>();
  const movingKeys = (): Set<string> => {
    const keys = new Set<string>();
    for (const [key, indexes] of indexesByKey) if (indexes.every((i) => moving.has(i) || extra.has(i))) keys.add(key);
    return keys;
  };
  let changed = true;
  while (changed) {
    changed = false;
    const keys = movingKeys();
    for (const [index, refs] of compiled.via) {
      if (moving.has(index) || extra.has(index) || pinned.has(index)) continue;
      const neededBy: string[] = [];
      let blocked = false;
      let needed = false;
      for (const ref of refs) {
        if (ref.kind === 'constraints') continue;
        if (ref.kind === 'package') {
          if (keys.has(ref.key)) {
            neededBy.push(ref.name);
            needed = true;
          } else blocked = true;
        } else if (ref.kind === 'requirements') {
          if (isDevSourceName(ref.target)) {
            neededBy.push(`-r ${ref.target}`);
            needed = true;
          } else blocked = true;
        } else blocked = true;
      }
      if (needed && !blocked) {
        extra.set(index, neededBy);
        changed = true;
      }
    }
  }
  return [...extra].map(([index, neededBy]) => ({ index, key: lines[index].requirement?.key ?? '', neededBy })).sort((a, b) => a.index - b.index);
}
