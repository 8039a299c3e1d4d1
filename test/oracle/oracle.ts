// Runs pip 23.2.1's own requirements-file parser (test/oracle/pip_parse.py) on a batch of cases and
// compares its result with parseRequirements(), following -r/-c includes the way pip does.
import { spawnSync } from 'node:child_process';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRequirements } from '../../src/parse/requirements.js';
import { normalizeMarker } from '../../src/parse/pep508.js';

export interface OracleCase {
  id: string;
  source?: string;
  /** Path of the file pip is pointed at, relative to the case directory. */
  main: string;
  /** Files of the case (relative path -> text); a path ending in '/' is an empty directory. */
  files: Record<string, string>;
}

export interface PipRequirement {
  name: string | null;
  key: string | null;
  extras: string[];
  specifier: string[];
  marker: string | null;
  url: string | null;
  file_url: boolean;
  editable: boolean;
  hashes: string[];
  constraint: boolean;
}

export type PipResult = { id: string; ok: true; requirements: PipRequirement[] } | { id: string; ok: false; error: string };

const SCRIPT = fileURLToPath(new URL('./pip_parse.py', import.meta.url));

/** Why the oracle cannot run here, or null when python3 with pip 23.2.1 is available. */
export function oracleUnavailable(): string | null {
  const probe = spawnSync('python3', ['-c', 'import pip; print(pip.__version__)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'python3 with pip is not installed';
  const version = probe.stdout.trim();
  if (version !== '23.2.1') return `pip ${version} found; the oracle reproduces pip 23.2.1`;
  return null;
}

/** One python3 process for the whole batch. */
export function runOracle(cases: OracleCase[]): PipResult[] {
  const run = spawnSync('python3', [SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error || run.status !== 0) throw new Error(`pip oracle failed: ${run.error?.message ?? run.stderr}`);
  return JSON.parse(run.stdout) as PipResult[];
}

/** Our reading of the case as pip would install it: requirements in order, includes expanded in place. */
export interface OurRequirement {
  name: string | null;
  extras: string[];
  specifier: string;
  marker: string | null;
  url: string | null;
  isUrlOrPath: boolean;
  editable: boolean;
  hashes: string[];
  constraint: boolean;
}

export type OurResult = { ok: true; requirements: OurRequirement[] } | { ok: false; error: string };

export function readCase(c: OracleCase): OurResult {
  const out: OurRequirement[] = [];
  const visit = (path: string, constraint: boolean, depth: number): string | null => {
    const content = c.files[path];
    if (content === undefined) return `could not open requirements file ${path}`;
    if (depth > 20) return 'include depth';
    const parsed = parseRequirements(content);
    if (parsed.diagnostics.length > 0) {
      const d = parsed.diagnostics[0];
      return `${path}:${d.line}:${d.column}: ${d.message}`;
    }
    for (const line of parsed.lines) {
      if (line.requirement) {
        const r = line.requirement;
        out.push({
          name: r.name === '' ? null : r.name,
          extras: r.extras,
          specifier: r.specifier,
          marker: r.marker,
          url: r.url,
          isUrlOrPath: r.isUrlOrPath,
          editable: r.editable,
          hashes: r.hashes,
          constraint,
        });
      } else if (line.include) {
        const target = posix.normalize(posix.join(posix.dirname(path), line.include.target));
        const problem = visit(target, line.include.kind === 'constraint', depth + 1);
        if (problem) return problem;
      }
    }
    return null;
  };
  const problem = visit(c.main, false, 0);
  return problem ? { ok: false, error: problem } : { ok: true, requirements: out };
}

const sortedSet = (items: string[]): string[] => [...new Set(items)].sort();

/**
 * The comparison, field by field:
 * - name exactly (null for unnamed URL/path requirements); extras as lowercase sets (pip lowercases
 *   extras given after a path); specifiers as sets of clauses (pip keeps a SpecifierSet);
 * - marker: ours is the text as written, pip prints str(Marker); ours goes through normalizeMarker(),
 *   which rebuilds packaging's str() from our own parse tree, so a wrong parse shows up as a difference;
 * - url: equal when pip's link is the URL as written; for local paths pip holds an absolute file: URL
 *   built from the file system, so we only require that ours is a path requirement with a url;
 * - editable, hashes as sets of "algo:digest", constraint exactly.
 * Returns the differences (empty when the two agree).
 */
export function compareCase(ours: OurResult, pip: PipResult): string[] {
  if (ours.ok !== pip.ok) {
    return [ours.ok ? `pip refuses (${(pip as { error: string }).error.split('\n')[0]}), we accept` : `pip accepts, we refuse: ${ours.error}`];
  }
  if (!ours.ok || !pip.ok) return [];
  const diffs: string[] = [];
  if (ours.requirements.length !== pip.requirements.length) {
    return [`${ours.requirements.length} requirements, pip has ${pip.requirements.length}`];
  }
  ours.requirements.forEach((o, i) => {
    const p = pip.requirements[i];
    const field = (label: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`#${i} ${label}: ours ${JSON.stringify(a)}, pip ${JSON.stringify(b)}`);
    };
    field('name', o.name, p.name);
    field('extras', sortedSet(o.extras.map((e) => e.toLowerCase())), sortedSet(p.extras.map((e) => e.toLowerCase())));
    field('specifier', sortedSet(o.specifier === '' ? [] : o.specifier.split(',')), sortedSet(p.specifier));
    field('marker', o.marker === null ? null : normalizeMarker(o.marker), p.marker);
    if (p.file_url && o.isUrlOrPath && o.url !== null && !/^file:/i.test(o.url)) {
      // a local path: pip made it absolute
    } else {
      field('url', o.url, p.url);
    }
    field('editable', o.editable, p.editable);
    field('hashes', sortedSet(o.hashes), sortedSet(p.hashes));
    field('constraint', o.constraint, p.constraint);
  });
  return diffs;
}
