// One finding per line, `path:line:col: CODE [severity] message`: the shape ruff, hadolint and
// compilers print, which terminals and editors turn into links.
import type { AuditResult, Finding } from '../model.js';
import { sortFindings } from './sarif.js';
import { joinPath } from './gitlab.js';

export interface ConciseOptions {
  /** Prefix that makes paths openable from where the command ran (the audited folder, relative to the working directory). */
  pathPrefix?: string;
}

export function renderConcise(result: AuditResult, opts: ConciseOptions = {}): string {
  const lines = sortFindings(result.findings).flatMap((f) => conciseLines(f, opts.pathPrefix ?? ''));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function conciseLines(f: Finding, prefix: string): string[] {
  const head = `${joinPath(prefix, f.file)}:${f.line}:${f.column}: ${f.code} [${f.severity}] ${oneLine(f.message)}`;
  const related = (f.related ?? []).map(
    (r) => `${joinPath(prefix, r.file)}:${r.line}:${r.column}: ${f.code} [${f.severity}] (same cause) ${oneLine(r.message)}`,
  );
  return [head, ...related];
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
