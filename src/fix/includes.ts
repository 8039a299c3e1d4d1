// Follows `-r`/`-c` lines the way pip 23 does (pip/_internal/req/req_file.py, RequirementsFileParser
// ._parse_and_recurse), for the split emitter's checks. Pure: files come from a reader function.
//
// pip's rules, reproduced here:
// - a nested path is joined to the directory of the file that names it (unless either is a URL);
// - lines of a file reached through `-c` are constraints; a `-r` inside such a file gives requirements
//   again (pip sets nested_constraint from the option, not from the parent);
// - there is no guard against loops: a file that includes itself, directly or through others, makes
//   pip recurse until Python raises RecursionError, whichever file the loop is entered from.
// URLs (`-r https://…`) and paths with `${VAR}` cannot be followed here; they are left as leaves.
import { posix } from 'node:path';
import type { LogicalLine, RequirementLine } from '../parse/requirements-types.js';
import { parseRequirements } from '../parse/requirements.js';

/** Content of a requirements file by its path (in the caller's terms, '/'-separated), or null when absent. */
export type ReadRequirementsFile = (path: string) => string | null;

export interface ReachedRequirement {
  /** The file the line is in. */
  file: string;
  line: LogicalLine;
  requirement: RequirementLine;
  constraint: boolean;
}

export type IncludeWalk =
  /** `files`: every file pip opens, or tries to open (a file absent now may be written later). */
  | { ok: true; requirements: ReachedRequirement[]; files: string[] }
  /** `loop` is the chain of files from the first one that comes back to itself, e.g. [a, b, a]. */
  | { ok: false; loop: string[] };

export function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/** Where pip looks for the file an include line names, or null when it is not a local file. */
export function includeTarget(fromFile: string, target: string): string | null {
  if (target.includes('${')) return null;
  let t = toPosix(target);
  if (/^file:/i.test(t)) t = t.replace(/^file:(\/\/)?/i, '');
  else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(t)) return null;
  return posix.normalize(posix.isAbsolute(t) ? t : posix.join(posix.dirname(fromFile), t));
}

/** Every requirement pip reads from `root`, following includes, or the loop that makes pip fail. */
export function walkIncludes(root: string, read: ReadRequirementsFile): IncludeWalk {
  const parsed = new Map<string, LogicalLine[] | null>();
  const linesOf = (path: string): LogicalLine[] | null => {
    if (!parsed.has(path)) {
      const content = read(path);
      parsed.set(path, content === null ? null : parseRequirements(content).lines);
    }
    return parsed.get(path)!;
  };
  const requirements: ReachedRequirement[] = [];
  const files = new Set<string>();
  const stack: string[] = [];
  // Reading the same file twice along one path is a loop; along different paths it is just read twice.
  const visit = (path: string, constraint: boolean): string[] | null => {
    if (stack.includes(path)) return [...stack.slice(stack.indexOf(path)), path];
    files.add(path);
    const lines = linesOf(path);
    if (lines === null) return null;
    stack.push(path);
    for (const line of lines) {
      if (line.kind === 'requirement' && line.requirement) {
        requirements.push({ file: path, line, requirement: line.requirement, constraint });
      } else if (line.kind === 'include' && line.include) {
        const next = includeTarget(path, line.include.target);
        if (next === null) continue;
        const loop = visit(next, line.include.kind === 'constraint');
        if (loop) return loop;
      }
    }
    stack.pop();
    return null;
  };
  const loop = visit(posix.normalize(toPosix(root)), false);
  return loop ? { ok: false, loop } : { ok: true, requirements, files: [...files] };
}

/** True when reading `from` makes pip read `to` (directly or through other files). */
export function reaches(from: string, to: string, read: ReadRequirementsFile): boolean {
  const walk = walkIncludes(from, read);
  const target = posix.normalize(toPosix(to));
  return walk.ok ? walk.files.includes(target) : walk.loop.includes(target);
}

/** A reader that sees `overlay` (path -> content, null for absent) before the files behind `read`. */
export function overlayReader(read: ReadRequirementsFile | undefined, overlay: Record<string, string | null>): ReadRequirementsFile {
  const normalized = new Map(Object.entries(overlay).map(([k, v]) => [posix.normalize(toPosix(k)), v]));
  return (path) => {
    const key = posix.normalize(toPosix(path));
    if (normalized.has(key)) return normalized.get(key)!;
    return read ? read(key) : null;
  };
}

/** `a -> b -> a`, for messages. */
export function describeLoop(loop: string[]): string {
  return loop.join(' -> ');
}
