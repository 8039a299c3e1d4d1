// GitHub Actions workflow commands: one annotation per finding, then a plain summary line.
// Escaping follows the runner's parser as implemented by @actions/core (packages/core/src/command.ts):
// command data escapes '%', CR and LF; property values additionally escape ':' and ','.
import type { AuditResult, Finding, Severity } from '../model.js';
import { sortFindings } from './sarif.js';

export interface GithubOptions {
  /**
   * Prefix for file paths, for when the audited root is a subdirectory of the repository
   * (annotations need repository-relative paths), e.g. 'services/api'.
   */
  pathPrefix?: string;
}

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

/** Escapes the message part of a workflow command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a `key=value` property of a workflow command. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(result: AuditResult, opts: GithubOptions = {}): string {
  const findings = sortFindings(result.findings);
  const lines = findings.map((finding) => annotation(finding, opts));
  lines.push(summary(findings));
  return lines.join('\n') + '\n';
}

function annotation(finding: Finding, opts: GithubOptions): string {
  const properties: [string, string][] = [];
  if (finding.file) {
    properties.push(['file', withPrefix(finding.file, opts.pathPrefix)]);
    if (finding.line >= 1) properties.push(['line', String(Math.trunc(finding.line))]);
    if (finding.line >= 1 && finding.column >= 1) properties.push(['col', String(Math.trunc(finding.column))]);
  }
  properties.push(['title', `${finding.code} ${finding.rule}`]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  const message = finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message;
  return `::${COMMAND[finding.severity]} ${props}::${escapeData(message)}`;
}

function withPrefix(file: string, prefix: string | undefined): string {
  const clean = (prefix ?? '').replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return clean && clean !== '.' ? `${clean}/${file}` : file;
}

/** Not a workflow command: it never starts with '::'. */
function summary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'slimreq: no problems found';
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const files = new Set(findings.map((f) => f.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `slimreq: ${plural(findings.length, 'problem')} ` +
    `(${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info) ` +
    `in ${plural(files, 'file')}`
  );
}
