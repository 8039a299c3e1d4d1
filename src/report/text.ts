import type { AuditResult, Finding, Severity } from '../model.js';
import { palette } from './color.js';

export interface TextOptions {
  color: boolean;
}

/** Human report: findings grouped by file, one line each, then a summary line. */
export function renderText(result: AuditResult, options: TextOptions): string {
  const c = palette(options.color);
  const tag: Record<Severity, string> = { error: c.red('error'), warning: c.yellow('warning'), info: c.blue('info') };
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, findings] of byFile) {
    out.push(c.underline(c.bold(file)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const pos = `${f.line}:${f.column}`.padEnd(width);
      out.push(`  ${c.dim(pos)}  ${tag[f.severity]}  ${f.message}  ${c.dim(`${f.rule} (${f.code})`)}`);
      if (f.fix) out.push(`  ${' '.repeat(width)}  ${c.dim('fix:')} ${f.fix}`);
    }
    out.push('');
  }
  out.push(summaryLine(result, c));
  return out.join('\n') + '\n';
}

function summaryLine(result: AuditResult, c: ReturnType<typeof palette>): string {
  const count = (s: Severity) => result.findings.filter((f) => f.severity === s).length;
  const manifests = result.files.filter((f) => f.kind !== 'dockerfile' && f.kind !== 'dockerignore').length;
  const dockerfiles = result.files.filter((f) => f.kind === 'dockerfile').length;
  const scanned = `${plural(manifests, 'manifest')}, ${plural(dockerfiles, 'Dockerfile')}, ${plural(result.requirementCount ?? result.requirements.length, 'requirement')} checked`;
  if (result.findings.length === 0) return `${c.green('✓ no findings')} (${scanned})`;
  const parts = [
    count('error') ? c.red(plural(count('error'), 'error')) : null,
    count('warning') ? c.yellow(plural(count('warning'), 'warning')) : null,
    count('info') ? c.blue(plural(count('info'), 'info', 'info')) : null,
  ].filter(Boolean);
  return `${c.bold(plural(result.findings.length, 'finding'))}: ${parts.join(', ')} (${scanned})`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
