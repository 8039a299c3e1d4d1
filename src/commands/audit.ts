import { relative, sep } from 'node:path';
import { audit } from '../audit.js';
import type { AuditResult, Severity } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { applyConfig, mergeCliOptions, type CliConfig, type FailOn } from '../config.js';
import { readConfig } from '../config-load.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { shouldColor } from '../report/color.js';
import { EXIT, UsageError, resolvePath, version } from './shared.js';
import { findRule } from '../rules/index.js';
import { emit, type Io } from './output.js';

export type Format = 'text' | 'json' | 'sarif' | 'github';

export interface AuditCliOptions {
  format: Format;
  failOn?: FailOn;
  output?: string;
  config?: string;
  exclude?: string[];
  ignore?: string[];
  progress?: boolean;
}

/** Where rule documentation lives, for SARIF help links. */
export const HELP_BASE = 'https://github.com/slimreq/slimreq/blob/main/docs/rules.md';

export async function runAudit(path: string, opts: AuditCliOptions, io: Io): Promise<number> {
  const root = resolvePath(path);
  const cli: CliConfig = {};
  if (opts.failOn) cli.failOn = opts.failOn;
  if (opts.exclude) cli.exclude = opts.exclude;
  if (opts.ignore) {
    const unknown = opts.ignore.filter((r) => !findRule(r));
    if (unknown.length > 0) throw new UsageError(`--ignore: unknown rule${unknown.length === 1 ? '' : 's'} ${unknown.map((r) => `"${r}"`).join(', ')}; run \`slimreq rules\` for the list`);
    cli.ignore = opts.ignore;
  }
  const { config: fileConfig } = readConfig(root, opts.config ? resolvePath(opts.config) : undefined);
  const config = mergeCliOptions(fileConfig, cli);

  const showProgress = opts.progress !== false && Boolean(io.stderr.isTTY) && opts.format === 'text' && !opts.output;
  const progress = (text: string) => {
    if (showProgress) io.stderr.write(`\r\u001b[2K${text}`);
  };
  progress('slimreq: reading manifests…');
  const raw = audit(root, {
    exclude: config.exclude,
    devPackages: config.devPackages,
    runtimePackages: config.runtimePackages,
    onProgress: (phase, detail) => {
      if (phase === 'discover') progress(`slimreq: read ${detail}; checking…`);
    },
  });
  progress('');
  // Replace the findings in place: spreading would build the lazy requirements list.
  const result: AuditResult = raw;
  result.findings = applyConfig(raw.findings, config, raw.rules);
  const rendered = await render(result, opts.format, { color: !opts.output && opts.format === 'text' && shouldColor(io.stdout) });
  emit(rendered, opts.output, io);
  return exitCodeFor(result, config.failOn);
}

async function render(result: AuditResult, format: Format, opts: { color: boolean }): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'sarif': {
      const { renderSarif } = await import('../report/sarif.js');
      return renderSarif(result, { toolVersion: version(), helpBaseUri: HELP_BASE });
    }
    case 'github': {
      // Annotations need paths from the repository root (GITHUB_WORKSPACE), not from the audited folder.
      const { renderGithub } = await import('../report/github.js');
      const base = process.env.GITHUB_WORKSPACE || process.cwd();
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
