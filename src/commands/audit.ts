import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { audit } from '../audit.js';
import type { AuditResult, Severity } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { applyConfig, mergeCliOptions, type CliConfig, type FailOn } from '../config.js';
import { ConfigError, readConfig } from '../config-load.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { shouldColor } from '../report/color.js';
import { EXIT, UsageError, resolvePath, version, roleConfigOf } from './shared.js';
import { InputError } from '../errors.js';
import { applyBaseline, BaselineError, parseBaseline, renderBaseline } from '../findings/index.js';
import { sortFindings } from '../audit.js';
import { readText } from '../io/read.js';
import { writeFileAtomic } from '../io/write.js';
import { repositoryRoot } from '../io/repository.js';
import { findRule } from '../rules/index.js';
import { emit, type Io } from './output.js';

export const AUDIT_FORMATS = ['text', 'concise', 'json', 'sarif', 'github', 'gitlab'] as const;
export type Format = (typeof AUDIT_FORMATS)[number];

export interface AuditCliOptions {
  format: Format;
  failOn?: FailOn;
  minSeverity?: Severity;
  output?: string;
  config?: string;
  exclude?: string[];
  ignore?: string[];
  progress?: boolean;
  baseline?: string;
  writeBaseline?: string;
}

/** Where rule documentation lives, for SARIF help links. */
export const HELP_BASE = 'https://github.com/slimreq/slimreq/blob/main/docs/rules.md';

/** One audited PATH: a folder, or a file audited with its folder as the project. */
interface Target {
  root: string;
  /** Set when PATH named a file: only its findings are reported. */
  only: string | null;
}

function targetFor(path: string): Target {
  const absolute = resolvePath(path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    throw new InputError(`cannot read ${path}: no such file or directory`);
  }
  if (stat.isDirectory()) return { root: absolute, only: null };
  if (!stat.isFile()) throw new InputError(`${path} is neither a folder nor a file`);
  return { root: dirname(absolute), only: basename(absolute) };
}

export async function runAudit(paths: string | string[], opts: AuditCliOptions, io: Io): Promise<number> {
  const list = (Array.isArray(paths) ? paths : [paths]).filter(Boolean);
  const targets = (list.length > 0 ? list : ['.']).map(targetFor);
  if (opts.writeBaseline && opts.baseline) throw new UsageError('--write-baseline and --baseline cannot be used together: write the baseline first, then audit with it');
  const cli: CliConfig = {};
  if (opts.failOn) cli.failOn = opts.failOn;
  if (opts.exclude) cli.exclude = opts.exclude;
  if (opts.ignore) {
    const unknown = opts.ignore.filter((r) => !findRule(r));
    if (unknown.length > 0) throw new UsageError(`--ignore: unknown rule${unknown.length === 1 ? '' : 's'} ${unknown.map((r) => `"${r}"`).join(', ')}; run \`slimreq rules\` for the list`);
    cli.ignore = opts.ignore;
  }

  const showProgress = opts.progress !== false && Boolean(io.stderr.isTTY) && opts.format === 'text' && !opts.output;
  const progress = (text: string) => {
    if (showProgress) io.stderr.write(`\r\u001b[2K${text}`);
  };
  const results: AuditResult[] = [];
  let failOn: FailOn = 'warning';
  let configuredBaseline: string | null = null;
  const configFiles: string[] = [];
  for (const target of targets) {
    const { config: fileConfig, file: configFile, folder } = readConfig(target.root, opts.config ? resolvePath(opts.config) : undefined);
    const config = mergeCliOptions(fileConfig, cli);
    failOn = config.failOn;
    if (configFile && !configFiles.includes(configFile)) configFiles.push(configFile);
    if (config.baseline && !configuredBaseline) configuredBaseline = insideFolder(folder, config.baseline, configFile ?? 'configuration');
    progress('slimreq: reading manifests…');
    const raw = audit(target.root, {
      exclude: config.exclude,
      devPackages: config.devPackages,
      runtimePackages: config.runtimePackages,
      roles: roleConfigOf(config, configFile, target.root),
      onProgress: (phase, detail) => {
        if (phase === 'discover') progress(`slimreq: read ${detail}; checking…`);
      },
    });
    progress('');
    // Replace the findings in place: spreading would build the lazy requirements list.
    raw.findings = applyConfig(raw.findings, config, raw.rules);
    if (target.only) {
      raw.findings = raw.findings.filter((f) => f.file === target.only);
      raw.files = raw.files.filter((f) => f.path === target.only);
    }
    results.push(raw);
  }
  const result = results.length === 1 ? results[0] : mergeResults(results);
  result.configFiles = configFiles;
  const baselinePath = opts.baseline ? resolvePath(opts.baseline) : configuredBaseline;
  const baselineShown = opts.baseline ?? (configuredBaseline ? relative(process.cwd(), configuredBaseline) || configuredBaseline : null);

  if (opts.writeBaseline) {
    writeFileAtomic(resolvePath(opts.writeBaseline), renderBaseline(result.findings));
    io.stderr.write(`slimreq: wrote ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} to the baseline ${opts.writeBaseline}\n`);
    return EXIT.clean;
  }
  let baselineNote = '';
  if (baselinePath && baselineShown) {
    const read = readText(baselinePath);
    if (!read.ok) throw new BaselineError(`${baselineShown}: ${read.message}`);
    const outcome = applyBaseline(result.findings, parseBaseline(read.content, baselineShown));
    result.findings = outcome.findings;
    baselineNote =
      `slimreq: the baseline ${baselineShown} hid ${outcome.suppressed} known finding${outcome.suppressed === 1 ? '' : 's'}` +
      (outcome.stale.length > 0
        ? `; ${outcome.stale.length === 1 ? '1 entry no longer occurs' : `${outcome.stale.length} entries no longer occur`} (rewrite it with --write-baseline to prune): ${outcome.stale.map((e) => `${e.code} ${e.file}${e.package ? ` ${e.package}` : ''}`).join(', ')}`
        : '') +
      '\n';
  }

  const exitCode = exitCodeFor(result, failOn);
  if (opts.minSeverity) {
    const floor = SEVERITY_RANK[opts.minSeverity];
    result.findings = result.findings.filter((f) => SEVERITY_RANK[f.severity] >= floor);
  }
  const color = !opts.output && (opts.format === 'text' || opts.format === 'concise') && shouldColor(io.stdout);
  let rendered = await render(result, opts.format, { color, width: io.stdout.isTTY ? io.stdout.columns : undefined });
  if (opts.format === 'text' && nothingFound(result)) rendered = `slimreq: no manifests, Dockerfiles or .dockerignore found under ${list.length > 0 ? list.join(', ') : '.'}\n`;
  emit(rendered, opts.output, io);
  if (baselineNote) io.stderr.write(baselineNote);
  return exitCode;
}

/**
 * A path the configuration names, resolved from the configuration's folder; links are followed, and the
 * real file must stay inside that folder (a repository must not make slimreq read files elsewhere).
 */
function insideFolder(folder: string, path: string, configFile: string): string {
  const target = resolve(folder, path);
  let real = target;
  try {
    real = realpathSync(target);
  } catch {
    return target; // missing: reading it reports that
  }
  const fromFolder = relative(realpathSync(folder), real);
  if (fromFolder.startsWith('..') || isAbsolute(fromFolder)) {
    throw new ConfigError(`${configFile}: 'baseline' = "${path}" leads outside the project (to ${real}); to read a baseline there, name it with --baseline`);
  }
  return target;
}

function nothingFound(result: AuditResult): boolean {
  return result.files.length === 0 && result.findings.length === 0;
}

/** Several PATHs: one result whose paths are relative to the folder that holds them all. */
function mergeResults(results: AuditResult[]): AuditResult {
  const base = commonFolder(results.map((r) => r.root));
  const rebase = (root: string, file: string) => {
    const prefix = relative(base, root).split(sep).join('/');
    return prefix ? `${prefix}/${file}` : file;
  };
  const findings = sortFindings(
    results.flatMap((r) =>
      r.findings.map((f) => ({
        ...f,
        file: rebase(r.root, f.file),
        ...(f.related ? { related: f.related.map((x) => ({ ...x, file: rebase(r.root, x.file) })) } : {}),
      })),
    ),
  );
  const seen = new Set<string>();
  const files = results
    .flatMap((r) => r.files.map((f) => ({ ...f, path: rebase(r.root, f.path) })))
    .filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
  return {
    version: 1,
    root: base,
    files,
    findings,
    rules: results[0].rules,
    requirementCount: results.reduce((n, r) => n + r.requirementCount, 0),
    requirements: results.flatMap((r) => r.requirements.map((q) => ({ ...q, file: rebase(r.root, q.file) }))),
  };
}

function commonFolder(paths: string[]): string {
  let common = paths[0];
  for (const path of paths.slice(1)) {
    while (common !== dirname(common) && relative(common, path).startsWith('..')) common = dirname(common);
  }
  return common;
}

/** Where the audited root sits in its repository ('' at the top or outside any repository). */
function repositoryPrefix(root: string): { repository: string | null; prefix: string } {
  const repository = repositoryRoot(root);
  if (!repository) return { repository: null, prefix: '' };
  return { repository, prefix: relative(repository, root).split(sep).join('/') };
}

async function render(result: AuditResult, format: Format, opts: { color: boolean; width?: number }): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'concise': {
      const { renderConcise } = await import('../report/concise.js');
      // Paths a terminal or editor can open from where the command ran.
      const fromHere = relative(process.cwd(), result.root).split(sep).join('/');
      return renderConcise(result, { pathPrefix: fromHere.startsWith('..') ? result.root.split(sep).join('/') : fromHere });
    }
    case 'sarif': {
      const { renderSarif } = await import('../report/sarif.js');
      const { repository } = repositoryPrefix(result.root);
      return renderSarif(result, { toolVersion: version(), helpBaseUri: HELP_BASE, ...(repository ? { repositoryRoot: repository } : {}) });
    }
    case 'gitlab': {
      const { renderGitlab } = await import('../report/gitlab.js');
      return renderGitlab(result, { pathPrefix: repositoryPrefix(result.root).prefix });
    }
    case 'github': {
      // Annotations need paths from the repository root (GITHUB_WORKSPACE), not from the audited folder.
      const { renderGithub } = await import('../report/github.js');
      const base = process.env.GITHUB_WORKSPACE || repositoryRoot(result.root) || process.cwd();
      const prefix = relative(base, result.root).split(sep).join('/');
      return renderGithub(result, prefix && !prefix.startsWith('..') ? { pathPrefix: prefix } : {});
    }
    default:
      return renderText(result, opts);
  }
}

export function exitCodeFor(result: AuditResult, failOn: Severity | 'never'): number {
  if (failOn === 'never') return EXIT.clean;
  const threshold = SEVERITY_RANK[failOn];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT.findings : EXIT.clean;
}
