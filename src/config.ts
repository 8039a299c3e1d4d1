// slimreq configuration: `[tool.slimreq]` in pyproject.toml, or a `.slimreq.toml` file.
//
// In pyproject.toml the settings live under `[tool.slimreq]` (sub-tables `[tool.slimreq.alpine]`, …).
// In .slimreq.toml (or any file given with `--config` that is not named pyproject.toml) the same keys sit
// at the top level (`[alpine]`, `[split]`, …); a `[tool.slimreq]` table there is reported as an error,
// so one file never has two places for the same setting.
//
//   ignore = ["SR101", "include-cycle"]          # rule names or codes, everywhere
//   fail-on = "warning"                           # error | warning | info | never
//   exclude = ["legacy/", "vendor/**"]            # gitignore-style paths skipped by discovery
//   dev-packages = ["our-test-helpers", "acme-lint-*"]   # extra dev-only packages (certainty 'always')
//   runtime-packages = ["ipython"]               # never treated as dev tools
//   production = ["deploy/Dockerfile", "requirements/base.txt"]   # roles: these ship (globs; `path:set` for a set)
//   development = ["docker/ci/*", "pyproject.toml:docs"]          # roles: these never ship
//   baseline = ".slimreq-baseline.json"          # report only findings not recorded there
//   [per-file-ignores]                            # gitignore-style pattern -> rules
//   "tests/**" = ["dev-tool-in-production"]
//   [severity]                                    # rule -> error | warning | info | off
//   SR101 = "error"
//   [alpine]
//   arch = "aarch64"                              # x86_64 | aarch64 | all
//   [split]
//   dev-file = "requirements/dev.txt"
//   link = true                                   # write `-r requirements.txt` at the top of the dev file
//
// Parsing is pure: content in, configuration and errors (1-based line/column) out; never throws.
import { posix } from 'node:path';
import { getStaticTOMLValue, parseTOML, type AST } from 'toml-eslint-parser';
import ignore from 'ignore';
import type { Finding, RuleMeta, Severity } from './model.js';

export type FailOn = Severity | 'never';
export type SeverityOverride = Severity | 'off';
export type AlpineArch = 'x86_64' | 'aarch64' | 'all';

/** The configuration, with TOML's kebab-case keys in camelCase. */
export interface Config {
  /** `ignore`: rule names or codes never reported. */
  ignore: string[];
  /** `per-file-ignores`: gitignore-style pattern (relative to the audited root) -> rule names or codes. */
  perFileIgnores: Record<string, string[]>;
  /** `fail-on`: the lowest severity that makes the audit fail; 'never' always passes. */
  failOn: FailOn;
  /** `severity`: rule name or code -> severity override, or 'off' to disable the rule. */
  severity: Record<string, SeverityOverride>;
  /** `dev-packages`: extra development-only packages, names or `prefix-*` patterns (certainty 'always'). */
  devPackages: string[];
  /** `runtime-packages`: names never treated as development tools, even if the catalog lists them. */
  runtimePackages: string[];
  /** `exclude`: gitignore-style paths skipped by discovery. */
  exclude: string[];
  /** `production`: globs (or `path:set`) of files and sets that ship, overriding every other evidence. */
  production: string[];
  /** `development`: globs (or `path:set`) of files and sets that never ship. */
  development: string[];
  /** `[alpine]`: which architectures musl wheel availability is checked for. */
  alpine: { arch: AlpineArch };
  /** `[split]`: `dev-file` is the development requirements file to write; `link` adds `-r <prod file>` to it. */
  split: { devFile: string; link: boolean };
  /** `baseline`: a file written by `audit --write-baseline` (relative to the configuration's folder); null for none. */
  baseline: string | null;
}

export const defaultConfig: Readonly<Config> = Object.freeze({
  ignore: [],
  perFileIgnores: {},
  failOn: 'warning',
  severity: {},
  devPackages: [],
  runtimePackages: [],
  exclude: [],
  production: [],
  development: [],
  alpine: { arch: 'x86_64' },
  split: { devFile: 'requirements-dev.txt', link: true },
  baseline: null,
}) as Readonly<Config>;

/** What CLI flags may set: any top-level setting, and single fields of the `alpine` and `split` tables. */
export type CliConfig = Partial<Omit<Config, 'alpine' | 'split'>> & {
  alpine?: Partial<Config['alpine']>;
  split?: Partial<Config['split']>;
};

export interface ConfigError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

export interface ParseConfigOptions {
  /** 'tool.slimreq' for pyproject.toml, 'root' for .slimreq.toml. */
  section: 'tool.slimreq' | 'root';
  /** Rules that `ignore`, `per-file-ignores` and `severity` may name; when absent, names are not checked. */
  knownRules?: readonly { code: string; name: string }[];
}

export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'info', 'never'];
export const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['error', 'warning', 'info', 'off'];
export const ALPINE_ARCHES: readonly AlpineArch[] = ['x86_64', 'aarch64', 'all'];

const TOP_KEYS = [
  'alpine',
  'baseline',
  'dev-packages',
  'development',
  'exclude',
  'fail-on',
  'ignore',
  'per-file-ignores',
  'production',
  'runtime-packages',
  'severity',
  'split',
] as const;
const ALPINE_KEYS = ['arch'] as const;
const SPLIT_KEYS = ['dev-file', 'link'] as const;

/** Which section a configuration file keeps its settings in, from its file name. */
export function configSection(file: string): ParseConfigOptions['section'] {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? file;
  return base === 'pyproject.toml' ? 'tool.slimreq' : 'root';
}

type Path = (string | number)[];
type Loc = { line: number; column: number };

/** Source positions of keys and values, by path from the document root. */
class Locations {
  private readonly keys = new Map<string, Loc>();
  private readonly values = new Map<string, Loc>();

  constructor(program: AST.TOMLProgram) {
    for (const node of program.body[0].body) {
      if (node.type === 'TOMLKeyValue') {
        this.keyValue(node, []);
      } else {
        const path = node.resolvedKey;
        for (let n = 1; n <= path.length; n++) this.setOnce(this.keys, path.slice(0, n), node.key.loc.start);
        this.setOnce(this.values, path, node.loc.start);
        for (const kv of node.body) this.keyValue(kv, path);
      }
    }
  }

  key(path: Path): Loc {
    return this.lookup(this.keys, path);
  }

  value(path: Path): Loc {
    return this.lookup(this.values, path);
  }

  private keyValue(kv: AST.TOMLKeyValue, prefix: Path): void {
    const parts = kv.key.keys;
    for (let i = 0; i < parts.length; i++) {
      const path = [...prefix, ...parts.slice(0, i + 1).map(keyName)];
      this.setOnce(this.keys, path, parts[i].loc.start);
      if (i < parts.length - 1) this.setOnce(this.values, path, parts[i].loc.start);
    }
    const path = [...prefix, ...parts.map(keyName)];
    this.setOnce(this.values, path, kv.value.loc.start);
    this.content(kv.value, path);
  }

  private content(node: AST.TOMLContentNode, path: Path): void {
    if (node.type === 'TOMLArray') {
      node.elements.forEach((element, index) => {
        this.setOnce(this.keys, [...path, index], element.loc.start);
        this.setOnce(this.values, [...path, index], element.loc.start);
        this.content(element, [...path, index]);
      });
    } else if (node.type === 'TOMLInlineTable') {
      for (const kv of node.body) this.keyValue(kv, path);
    }
  }

  private setOnce(map: Map<string, Loc>, path: Path, pos: AST.Position): void {
    const id = JSON.stringify(path);
    if (!map.has(id)) map.set(id, { line: pos.line, column: pos.column + 1 });
  }

  private lookup(map: Map<string, Loc>, path: Path): Loc {
    for (let n = path.length; n > 0; n--) {
      const found = map.get(JSON.stringify(path.slice(0, n))) ?? this.keys.get(JSON.stringify(path.slice(0, n)));
      if (found) return found;
    }
    return { line: 1, column: 1 };
  }
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

export function parseConfig(
  content: string,
  file: string,
  opts: ParseConfigOptions,
): { config: Config; errors: ConfigError[] } {
  const config = cloneConfig(defaultConfig);
  const errors: ConfigError[] = [];

  let program: AST.TOMLProgram;
  try {
    program = parseTOML(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    const e = error as { message?: string; lineNumber?: number; column?: number };
    errors.push({
      file,
      line: typeof e.lineNumber === 'number' ? e.lineNumber : 1,
      column: typeof e.column === 'number' ? e.column + 1 : 1,
      message: `Invalid TOML: ${e.message ?? String(error)}`,
    });
    return { config, errors };
  }

  const locations = new Locations(program);
  const base: Path = opts.section === 'root' ? [] : ['tool', 'slimreq'];
  const label = (sub: string[]): string => {
    const parts = [...(base as string[]), ...sub];
    return parts.length === 0 ? '' : `[${parts.map(tomlKey).join('.')}]`;
  };
  const report = (loc: Loc, message: string) => errors.push({ file, line: loc.line, column: loc.column, message });
  const atKey = (path: Path, message: string) => report(locations.key([...base, ...path]), message);
  const atValue = (path: Path, message: string) => report(locations.value([...base, ...path]), message);

  let section: unknown = getStaticTOMLValue(program);
  for (const part of base) section = isTable(section) ? section[part as string] : undefined;
  if (section === undefined) return { config, errors };
  if (!isTable(section)) {
    atValue([], `${label([])} must be a table, got ${describe(section)}`);
    return { config, errors };
  }

  const rules = new RuleNames(opts.knownRules);

  const unknownKey = (path: Path, key: string, table: string[], known: readonly string[]) => {
    const where = label(table);
    const suggestion = closest(key, known);
    const hint = suggestion ? `; did you mean '${suggestion}'?` : `; known keys: ${known.join(', ')}`;
    atKey([...path, key], `Unknown key '${key}'${where ? ` in ${where}` : ''}${hint}`);
  };

  const stringList = (key: string, value: unknown, what = 'strings'): string[] | null => {
    if (!Array.isArray(value)) {
      atValue([key], `'${key}' must be an array of ${what}, got ${describe(value)}`);
      return null;
    }
    const out: string[] = [];
    value.forEach((item, index) => {
      if (typeof item !== 'string') atValue([key, index], `'${key}' entries must be strings, got ${describe(item)}`);
      else if (item.trim() === '') atValue([key, index], `'${key}' entries must not be empty`);
      else out.push(item.trim());
    });
    return out;
  };

  const ruleList = (path: Path, where: string, value: unknown): string[] | null => {
    const shown = path.length === 1 ? `'${path[0]}'` : `'${path[0]}' entry ${JSON.stringify(path[1])}`;
    if (!Array.isArray(value)) {
      atValue(path, `${shown} must be an array of rule names or codes, got ${describe(value)}`);
      return null;
    }
    const out: string[] = [];
    value.forEach((item, index) => {
      if (typeof item !== 'string') {
        atValue([...path, index], `'${where}' entries must be rule names or codes, got ${describe(item)}`);
      } else if (!rules.check(item.trim())) {
        atValue([...path, index], rules.unknown(item.trim(), where));
      } else {
        out.push(item.trim());
      }
    });
    return out;
  };

  const packageList = (key: 'dev-packages' | 'runtime-packages', value: unknown): string[] | null => {
    const names = stringList(key, value, 'package names');
    if (!names) return null;
    const valid: string[] = [];
    (value as unknown[]).forEach((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') return;
      const name = item.trim();
      if (isPackageEntry(name)) valid.push(name);
      else
        atValue(
          [key, index],
          `Invalid package name '${name}' in '${key}'; expected a name such as 'pytest' or a prefix pattern such as 'pytest-*'`,
        );
    });
    return valid;
  };

  for (const [key, value] of Object.entries(section)) {
    switch (key) {
      case 'ignore': {
        const list = ruleList(['ignore'], 'ignore', value);
        if (list) config.ignore = list;
        break;
      }
      case 'per-file-ignores': {
        if (!isTable(value)) {
          atValue([key], `'per-file-ignores' must be a table of pattern = [rules], got ${describe(value)}`);
          break;
        }
        const table: Record<string, string[]> = {};
        for (const [pattern, rulesForPattern] of Object.entries(value)) {
          if (pattern.trim() === '') {
            atKey([key, pattern], `'per-file-ignores' patterns must not be empty`);
            continue;
          }
          const list = ruleList([key, pattern], 'per-file-ignores', rulesForPattern);
          const normalised = normalisePathPattern(pattern);
          if (list) table[normalised] = [...(table[normalised] ?? []), ...list];
        }
        config.perFileIgnores = table;
        break;
      }
      case 'baseline': {
        if (typeof value !== 'string') atValue([key], `'baseline' must be a string, got ${describe(value)}`);
        else if (value.trim() === '') atValue([key], `'baseline' must not be empty`);
        else if (/^(?:\/|\\|[A-Za-z]:[\\/])/.test(value))
          atValue([key], `'baseline' must be a path relative to the configuration's folder, got '${value}'`);
        else if (/^\.\.(?:\/|$)/.test(posix.normalize(value.trim().replace(/\\/g, '/'))))
          atValue([key], `'baseline' must stay inside the project, got '${value}'; to read a baseline elsewhere, name it with --baseline`);
        else config.baseline = value.trim().replace(/\\/g, '/');
        break;
      }
      case 'fail-on': {
        if (typeof value !== 'string') atValue([key], `'fail-on' must be a string, got ${describe(value)}`);
        else if (!(FAIL_ON_VALUES as readonly string[]).includes(value))
          atValue([key], `Invalid value '${value}' for 'fail-on'; expected one of: ${FAIL_ON_VALUES.join(', ')}`);
        else config.failOn = value as FailOn;
        break;
      }
      case 'severity': {
        if (!isTable(value)) {
          atValue([key], `'severity' must be a table of rule = severity, got ${describe(value)}`);
          break;
        }
        const table: Record<string, SeverityOverride> = {};
        for (const [rule, level] of Object.entries(value)) {
          if (!rules.check(rule)) {
            atKey([key, rule], rules.unknown(rule, 'severity'));
          } else if (typeof level !== 'string' || !(SEVERITY_OVERRIDES as readonly string[]).includes(level)) {
            const shown = typeof level === 'string' ? `'${level}'` : describe(level);
            atValue(
              [key, rule],
              `Invalid severity ${shown} for '${rule}' in 'severity'; expected one of: ${SEVERITY_OVERRIDES.join(', ')}`,
            );
          } else {
            table[rule] = level as SeverityOverride;
          }
        }
        config.severity = table;
        break;
      }
      case 'dev-packages':
      case 'runtime-packages': {
        const list = packageList(key, value);
        if (list) config[key === 'dev-packages' ? 'devPackages' : 'runtimePackages'] = list;
        break;
      }
      case 'exclude': {
        const list = stringList(key, value, 'paths');
        if (list) config.exclude = list.map(normalisePathPattern);
        break;
      }
      case 'production':
      case 'development': {
        const list = stringList(key, value, 'paths');
        if (list) config[key] = list;
        break;
      }
      case 'alpine': {
        if (!isTable(value)) {
          atValue([key], `'alpine' must be a table, got ${describe(value)}`);
          break;
        }
        for (const [sub, subValue] of Object.entries(value)) {
          if (sub !== 'arch') unknownKey([key], sub, ['alpine'], ALPINE_KEYS);
          else if (typeof subValue !== 'string')
            atValue([key, sub], `'alpine.arch' must be a string, got ${describe(subValue)}`);
          else if (!(ALPINE_ARCHES as readonly string[]).includes(subValue))
            atValue(
              [key, sub],
              `Invalid value '${subValue}' for 'alpine.arch'; expected one of: ${ALPINE_ARCHES.join(', ')}`,
            );
          else config.alpine.arch = subValue as AlpineArch;
        }
        break;
      }
      case 'split': {
        if (!isTable(value)) {
          atValue([key], `'split' must be a table, got ${describe(value)}`);
          break;
        }
        for (const [sub, subValue] of Object.entries(value)) {
          if (sub === 'dev-file') {
            if (typeof subValue !== 'string')
              atValue([key, sub], `'split.dev-file' must be a string, got ${describe(subValue)}`);
            else if (subValue.trim() === '') atValue([key, sub], `'split.dev-file' must not be empty`);
            else if (/^(?:\/|\\|[A-Za-z]:[\\/])/.test(subValue))
              atValue([key, sub], `'split.dev-file' must be a path relative to the project root, got '${subValue}'`);
            else if (/^\.\.(?:\/|$)/.test(posix.normalize(subValue.trim().replace(/\\/g, '/'))))
              atValue([key, sub], `'split.dev-file' must stay inside the project root, got '${subValue}'; to write elsewhere, name the file with --dev-file`);
            else config.split.devFile = subValue.trim().replace(/\\/g, '/');
          } else if (sub === 'link') {
            if (typeof subValue !== 'boolean')
              atValue([key, sub], `'split.link' must be a boolean, got ${describe(subValue)}`);
            else config.split.link = subValue;
          } else {
            unknownKey([key], sub, ['split'], SPLIT_KEYS);
          }
        }
        break;
      }
      default: {
        if (opts.section === 'root' && key === 'tool' && isTable(value) && 'slimreq' in value) {
          atKey(
            ['tool', 'slimreq'],
            `[tool.slimreq] is read from pyproject.toml only; in ${basename(file)} write the settings at the top level`,
          );
        } else {
          unknownKey([], key, [], TOP_KEYS);
        }
      }
    }
  }

  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { config, errors };
}

/** Validates rule names and codes against the registry, with suggestions. */
class RuleNames {
  private readonly codes: Map<string, string>;
  private readonly names: Set<string>;
  private readonly all: string[];

  constructor(private readonly known: readonly { code: string; name: string }[] | undefined) {
    this.codes = new Map((known ?? []).map((r) => [r.code.toUpperCase(), r.code]));
    this.names = new Set((known ?? []).map((r) => r.name));
    this.all = (known ?? []).flatMap((r) => [r.code, r.name]);
  }

  check(nameOrCode: string): boolean {
    if (!this.known) return nameOrCode !== '';
    return this.codes.has(nameOrCode.toUpperCase()) || this.names.has(nameOrCode.toLowerCase());
  }

  unknown(nameOrCode: string, where: string): string {
    const suggestion = closest(nameOrCode, this.all);
    return `Unknown rule '${nameOrCode}' in '${where}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`;
  }
}

/**
 * Drops findings of ignored rules (by name or code), findings whose file matches a `per-file-ignores`
 * pattern for their rule (gitignore semantics, via the `ignore` package), and rules set to 'off';
 * applies the other severity overrides. Returns new findings; the input is not modified.
 */
export function applyConfig(findings: readonly Finding[], config: Config, rules: readonly RuleMeta[]): Finding[] {
  const codeOf = new Map<string, string>();
  for (const rule of rules) {
    codeOf.set(rule.code.toUpperCase(), rule.code);
    codeOf.set(rule.name.toLowerCase(), rule.code);
  }
  const selects = (selector: string, finding: Finding): boolean => {
    const resolved = codeOf.get(selector.toUpperCase()) ?? codeOf.get(selector.toLowerCase());
    if (resolved !== undefined) return resolved === finding.code;
    return selector.toUpperCase() === finding.code.toUpperCase() || selector.toLowerCase() === finding.rule;
  };

  const perFile = Object.entries(config.perFileIgnores).map(([pattern, selectors]) => ({
    matcher: ignore().add(pattern),
    selectors,
  }));
  const fileMatches = (matcher: ReturnType<typeof ignore>, file: string): boolean => {
    const path = file.replace(/\\/g, '/').replace(/^\.\/+/, '');
    if (path === '' || path.startsWith('/') || path.startsWith('../')) return false;
    try {
      return matcher.ignores(path);
    } catch {
      return false;
    }
  };
  const overrides = Object.entries(config.severity);

  const out: Finding[] = [];
  for (const finding of findings) {
    if (config.ignore.some((selector) => selects(selector, finding))) continue;
    if (
      perFile.some(
        ({ matcher, selectors }) =>
          selectors.some((selector) => selects(selector, finding)) && fileMatches(matcher, finding.file),
      )
    ) {
      continue;
    }
    const override = overrides.find(([selector]) => selects(selector, finding))?.[1];
    if (override === 'off') continue;
    out.push(override ? { ...finding, severity: override } : { ...finding });
  }
  return out;
}

/**
 * Layers CLI flags over a configuration: a flag that is set replaces the configured value (lists
 * included: `--ignore X` replaces `ignore`); the `severity` and `per-file-ignores` tables are merged
 * key by key, and single fields of `alpine` and `split` replace just that field.
 */
export function mergeCliOptions(config: Config, cli: CliConfig): Config {
  const merged = cloneConfig(config);
  if (cli.ignore !== undefined) merged.ignore = [...cli.ignore];
  if (cli.failOn !== undefined) merged.failOn = cli.failOn;
  if (cli.devPackages !== undefined) merged.devPackages = [...cli.devPackages];
  if (cli.runtimePackages !== undefined) merged.runtimePackages = [...cli.runtimePackages];
  if (cli.exclude !== undefined) merged.exclude = cli.exclude.map(normalisePathPattern);
  if (cli.severity !== undefined) merged.severity = { ...merged.severity, ...cli.severity };
  if (cli.perFileIgnores !== undefined) {
    for (const [pattern, rules] of Object.entries(cli.perFileIgnores)) merged.perFileIgnores[pattern] = [...rules];
  }
  if (cli.alpine?.arch !== undefined) merged.alpine.arch = cli.alpine.arch;
  if (cli.split?.devFile !== undefined) merged.split.devFile = cli.split.devFile;
  if (cli.split?.link !== undefined) merged.split.link = cli.split.link;
  return merged;
}

function cloneConfig(config: Readonly<Config>): Config {
  return {
    ignore: [...config.ignore],
    perFileIgnores: Object.fromEntries(Object.entries(config.perFileIgnores).map(([k, v]) => [k, [...v]])),
    failOn: config.failOn,
    severity: { ...config.severity },
    devPackages: [...config.devPackages],
    runtimePackages: [...config.runtimePackages],
    exclude: [...config.exclude],
    production: [...config.production],
    development: [...config.development],
    alpine: { ...config.alpine },
    split: { ...config.split },
    baseline: config.baseline,
  };
}

/**
 * A configuration found in a folder above the audited one (the repository root's, say) has its path
 * patterns (`exclude`, `per-file-ignores`, `production`, `development`) relative to its own folder.
 * Rebases them onto the audited folder `prefix` (the audited
 * folder relative to the configuration's, '/'-separated): anchored patterns under the prefix lose it,
 * anchored patterns elsewhere cannot match and are dropped, unanchored ones (`*.pyc`, `legacy/`) apply
 * at every level and stay.
 */
export function rebaseConfig(config: Config, prefix: string): Config {
  if (!prefix) return config;
  const rebased = cloneConfig(config);
  const rebase = (pattern: string): string | null => {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    const trimmed = body.replace(/\/+$/, '');
    const anchored = trimmed.includes('/');
    if (!anchored) return pattern;
    const path = trimmed.replace(/^\//, '');
    if (path.startsWith('**/')) return pattern;
    const rest = path === prefix ? '' : path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : null;
    if (rest === null || rest === '') return null;
    return `${negated ? '!' : ''}/${rest}${body.endsWith('/') ? '/' : ''}`;
  };
  rebased.exclude = config.exclude.map(rebase).filter((p): p is string => p !== null);
  // Role globs may name one part of a manifest: `pyproject.toml:docs`; only the path part moves.
  const rebaseRole = (glob: string): string | null => {
    const colon = glob.lastIndexOf(':');
    if (colon <= 0) return rebase(glob);
    const path = rebase(glob.slice(0, colon));
    return path === null ? null : `${path}${glob.slice(colon)}`;
  };
  rebased.production = config.production.map(rebaseRole).filter((p): p is string => p !== null);
  rebased.development = config.development.map(rebaseRole).filter((p): p is string => p !== null);
  rebased.perFileIgnores = {};
  for (const [pattern, rules] of Object.entries(config.perFileIgnores)) {
    const moved = rebase(pattern);
    if (moved !== null) rebased.perFileIgnores[moved] = [...rules];
  }
  return rebased;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a float';
  if (typeof value === 'bigint') return 'an integer';
  if (value instanceof Date) return 'a date-time';
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  return typeof value;
}

/** A PEP 508 name, or a pattern with `*` wildcards such as `pytest-*`. */
/**
 * A gitignore-style pattern as the user meant it: `./legacy/` is `legacy/` at the root (`/legacy/`),
 * since the `ignore` package, like git, never matches a `./` prefix. Backslashes become `/`.
 */
export function normalisePathPattern(pattern: string): string {
  const p = pattern.replace(/\\/g, '/');
  if (!p.startsWith('./')) return p;
  const rest = p.replace(/^(?:\.\/+)+/, '');
  return rest === '' ? '/' : `/${rest}`;
}

function isPackageEntry(entry: string): boolean {
  if (entry.includes('*')) return /^[A-Za-z0-9._*-]+$/.test(entry) && /[A-Za-z0-9]/.test(entry);
  return /^(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/.test(entry);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function basename(file: string): string {
  return file.replace(/\\/g, '/').split('/').pop() || file;
}

/** The candidate nearest to `word` (case-insensitive optimal string alignment distance), if near enough. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(w.length, 3) / 3));
  return best !== null && bestDistance <= limit ? best : null;
}

function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}
