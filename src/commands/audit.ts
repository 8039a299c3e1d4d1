import { audit } from '../audit.js';
import type { AuditResult, Severity } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { shouldColor } from '../report/color.js';
import { EXIT, resolvePath } from '../cli.js';
import { emit, type Io } from './output.js';

export interface AuditCliOptions {
  format: 'text' | 'json' | 'sarif' | 'github';
  failOn?: Severity | 'never';
  output?: string;
  config?: string;
  exclude?: string[];
  ignore?: string[];
  progress?: boolean;
}

export async function runAudit(path: string, opts: AuditCliOptions, io: Io): Promise<number> {
  const root = resolvePath(path);
  const showProgress = opts.progress !== false && Boolean(io.stderr.isTTY) && opts.format === 'text' && !opts.output;
  const progress = (text: string) => {
    if (showProgress) io.stderr.write(`\r\u001b[2K${text}`);
  };
  progress('slimreq: reading manifests…');
  const result = audit(root, {
    exclude: opts.exclude,
    onProgress: (phase, detail) => progress(`slimreq: ${phase} (${detail})…`),
  });
  progress('');
  const ignored = new Set((opts.ignore ?? []).map((s) => s.toLowerCase()));
  const filtered: AuditResult = {
    ...result,
    findings: result.findings.filter((f) => !ignored.has(f.rule) && !ignored.has(f.code.toLowerCase())),
  };
  const color = !opts.output && opts.format === 'text' && shouldColor(io.stdout);
  const rendered = opts.format === 'json' ? renderJson(filtered) : renderText(filtered, { color });
  emit(rendered, opts.output, io);
  return exitCodeFor(filtered, opts.failOn ?? 'warning');
}

export function exitCodeFor(result: AuditResult, failOn: Severity | 'never'): number {
  if (failOn === 'never') return EXIT.clean;
  const threshold = SEVERITY_RANK[failOn];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT.findings : EXIT.clean;
}
