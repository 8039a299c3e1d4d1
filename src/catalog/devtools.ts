// The development-tool catalog (data/dev-tools.json): which packages are dev-only, and how sure we are.
// The JSON is read once, on the first query; it is validated by the tests, not at run time.

import { readFileSync } from 'node:fs';
import { normalizeName } from './names.js';

/** 'always': never needed at run time. 'usually': dev-only in most projects, but some import it at run time. */
export type Certainty = 'always' | 'usually';

/** The closed list of categories, in the order data/README.md describes them (same as the schema's enum). */
export const DEV_TOOL_CATEGORIES = [
  'test-runner',
  'test-plugin',
  'test-data',
  'mocking',
  'coverage',
  'linter',
  'linter-plugin',
  'formatter',
  'type-checker',
  'type-stubs',
  'repl',
  'debugger',
  'profiler',
  'docs',
  'build-release',
  'task-runner',
  'debug-toolbar',
  'dev-server',
  'notebook',
  'editor-support',
  'security-scanner',
  'dependency-tools',
] as const;

export type DevToolCategory = (typeof DEV_TOOL_CATEGORIES)[number];

export interface DevTool {
  /** The catalog key (normalized name) or pattern (e.g. 'pytest-*') that matched. */
  match: string;
  /** One of DEV_TOOL_CATEGORIES for bundled entries; kept as string so configuration can add its own. */
  category: string;
  certainty: Certainty;
  rationale: string;
  sources: string[];
  /**
   * The modules code imports to use the package (top-level, dotted inside namespaces): the entry's
   * `importNames`, else the normalized name with '-' replaced by '_'. Run-time evidence is looked up by these.
   */
  importNames: string[];
  /** For 'usually' entries: why the package can be needed although nothing imports it (never promoted for lack of imports). */
  neededWithoutImport?: string;
}

/** One catalog entry as listed by `catalogEntries()`: a named package or a name pattern. */
export interface DevToolCatalogEntry {
  kind: 'name' | 'pattern';
  /** The normalized name, or the pattern. */
  key: string;
  category: DevToolCategory;
  certainty: Certainty;
  rationale: string;
  sources: string[];
  /** Names a pattern never matches; always empty for named entries. */
  exceptions: string[];
}

/** The bundled catalog file could not be read or has the wrong shape: a broken installation. */
export class DevToolCatalogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevToolCatalogError';
  }
}

interface RawEntry {
  category: DevToolCategory;
  certainty: Certainty;
  rationale: string;
  sources: string[];
  importNames?: string[];
  neededWithoutImport?: string;
}

interface RawPattern extends RawEntry {
  pattern: string;
  exceptions: string[];
}

interface RawCatalog {
  description: string;
  reviewed: string;
  packages: Record<string, RawEntry>;
  patterns: RawPattern[];
}

interface CompiledPattern {
  regex: RegExp;
  /** The same pattern with its '*' captured, for import names that depend on the matched part. */
  capture: RegExp;
  importNames: string[] | null;
  exceptions: ReadonlySet<string>;
  tool: DevTool;
  /** Number of literal (non-'*') characters: the more specific pattern wins when several match. */
  specificity: number;
}

interface LoadedCatalog {
  raw: RawCatalog;
  names: Map<string, DevTool>;
  patterns: CompiledPattern[];
  /** Answers already computed for keys that no named entry covers (pattern hits and misses). */
  patternCache: Map<string, DevTool | null>;
}

const CATALOG_URL = new URL('../../data/dev-tools.json', import.meta.url);

/** What '*' stands for: one or more characters of a normalized name, not starting or ending with '-'. */
const STAR = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';

/** Bounds the memo of pattern answers for long-lived processes that look up arbitrary names. */
const PATTERN_CACHE_LIMIT = 10_000;

let loaded: LoadedCatalog | null = null;

function freezeTool(tool: DevTool): DevTool {
  Object.freeze(tool.sources);
  Object.freeze(tool.importNames);
  return Object.freeze(tool);
}

/** The import name a package gets when its catalog entry names none: `pytest-django` -> `pytest_django`. */
export function defaultImportName(key: string): string {
  return normalizeName(key).replace(/-/g, '_');
}

/** Compiles a catalog pattern such as 'pytest-*' or '*-stubs' into an anchored regular expression. */
export function compileNamePattern(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(STAR);
  return new RegExp(`^${source}$`);
}

function load(): LoadedCatalog {
  if (loaded) return loaded;
  let raw: RawCatalog;
  try {
    raw = JSON.parse(readFileSync(CATALOG_URL, 'utf8')) as RawCatalog;
  } catch (error) {
    throw new DevToolCatalogError(`cannot read the development-tool catalog at ${CATALOG_URL.pathname}`, {
      cause: error,
    });
  }
  if (raw === null || typeof raw !== 'object' || typeof raw.packages !== 'object' || !Array.isArray(raw.patterns)) {
    throw new DevToolCatalogError(`the development-tool catalog at ${CATALOG_URL.pathname} has no packages or patterns`);
  }

  const names = new Map<string, DevTool>();
  for (const [key, entry] of Object.entries(raw.packages)) {
    names.set(
      key,
      freezeTool({
        match: key,
        category: entry.category,
        certainty: entry.certainty,
        rationale: entry.rationale,
        sources: [...entry.sources],
        importNames: entry.importNames ? [...entry.importNames] : [defaultImportName(key)],
        ...(entry.neededWithoutImport ? { neededWithoutImport: entry.neededWithoutImport } : {}),
      }),
    );
  }

  const patterns = raw.patterns
    .map((entry, index) => ({
      index,
      compiled: {
        regex: compileNamePattern(entry.pattern),
        capture: new RegExp(compileNamePattern(entry.pattern).source.replace(STAR, `(${STAR})`)),
        importNames: entry.importNames ?? null,
        exceptions: new Set(entry.exceptions),
        specificity: entry.pattern.replaceAll('*', '').length,
        tool: freezeTool({
          match: entry.pattern,
          category: entry.category,
          certainty: entry.certainty,
          rationale: entry.rationale,
          sources: [...entry.sources],
          importNames: [],
          ...(entry.neededWithoutImport ? { neededWithoutImport: entry.neededWithoutImport } : {}),
        }),
      },
    }))
    // Most specific first; equal specificity keeps file order, so the answer never depends on sort stability.
    .sort((a, b) => b.compiled.specificity - a.compiled.specificity || a.index - b.index)
    .map(({ compiled }) => compiled);

  loaded = { raw, names, patterns, patternCache: new Map() };
  return loaded;
}

/**
 * The catalog entry for a package, or null when it is not a known development tool.
 * `key` should be a PEP 503 normalized name; other spellings are normalized first.
 * A named entry wins over patterns; among patterns the one with the most literal characters wins.
 * The returned object is shared and frozen.
 */
export function lookupDevTool(key: string): DevTool | null {
  const catalog = load();
  const name = normalizeName(key.trim());
  if (name === '') return null;
  const named = catalog.names.get(name);
  if (named) return named;

  const cached = catalog.patternCache.get(name);
  if (cached !== undefined) return cached;
  let found: DevTool | null = null;
  for (const pattern of catalog.patterns) {
    if (pattern.regex.test(name) && !pattern.exceptions.has(name)) {
      // Import names depend on the matched name: one frozen answer per name, cached below.
      const star = pattern.capture.exec(name)?.[1] ?? '';
      const importNames = pattern.importNames
        ? pattern.importNames.map((n) => n.replace('*', star.replace(/-/g, '_')))
        : [defaultImportName(name)];
      found = freezeTool({ ...pattern.tool, sources: [...pattern.tool.sources], importNames });
      break;
    }
  }
  if (catalog.patternCache.size >= PATTERN_CACHE_LIMIT) catalog.patternCache.clear();
  catalog.patternCache.set(name, found);
  return found;
}

/** Every named entry (sorted by name) followed by every pattern (sorted by pattern), with their sources. */
export function catalogEntries(): DevToolCatalogEntry[] {
  const { raw } = load();
  const named: DevToolCatalogEntry[] = Object.keys(raw.packages)
    .sort()
    .map((key) => {
      const entry = raw.packages[key];
      return {
        kind: 'name',
        key,
        category: entry.category,
        certainty: entry.certainty,
        rationale: entry.rationale,
        sources: [...entry.sources],
        exceptions: [],
      };
    });
  const patterns: DevToolCatalogEntry[] = [...raw.patterns]
    .sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0))
    .map((entry) => ({
      kind: 'pattern',
      key: entry.pattern,
      category: entry.category,
      certainty: entry.certainty,
      rationale: entry.rationale,
      sources: [...entry.sources],
      exceptions: [...entry.exceptions],
    }));
  return [...named, ...patterns];
}

/** The catalog's own description and review date, for `slimreq catalog` and generated docs. */
export function devToolCatalogInfo(): { description: string; reviewed: string; names: number; patterns: number } {
  const { raw } = load();
  return {
    description: raw.description,
    reviewed: raw.reviewed,
    names: Object.keys(raw.packages).length,
    patterns: raw.patterns.length,
  };
}
