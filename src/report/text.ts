import type { AuditResult, Finding, Severity } from '../model.js';
import { palette } from './color.js';

export interface TextOptions {
  color: boolean;
  /** Wrap messages to this many columns (the terminal's width); 0 or absent: 100. */
  width?: number;
}

const DEFAULT_WIDTH = 100;
/** Narrower than this, wrapping would leave a word or two a line: don't. */
const MIN_TEXT_WIDTH = 30;

/** Human report: findings grouped by file, messages wrapped under their own column, then a summary line. */
export function renderText(result: AuditResult, options: TextOptions): string {
  const c = palette(options.color);
  const width = options.width && options.width > 0 ? options.width : DEFAULT_WIDTH;
  const tagText: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };
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
    const posWidth = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    const tagWidth = Math.max(...findings.map((f) => tagText[f.severity].length));
    const indent = 2 + posWidth + 2 + tagWidth + 2;
    const textWidth = Math.max(MIN_TEXT_WIDTH, width - indent);
    const pad = ' '.repeat(indent);
    for (const f of findings) {
      const pos = `${f.line}:${f.column}`.padEnd(posWidth);
      const sevPad = ' '.repeat(tagWidth - tagText[f.severity].length);
      const ruleRef = `${f.rule} (${f.code})`;
      const lines = wrap(`${f.message} ${'\u0000'.repeat(ruleRef.length)}`, textWidth);
      const last = lines.length - 1;
      lines[last] = lines[last].replace(/\u0000+$/, c.dim(ruleRef));
      out.push(`  ${c.dim(pos)}  ${tag[f.severity]}${sevPad}  ${lines[0]}`);
      for (const line of lines.slice(1)) out.push(`${pad}${line}`);
      if (f.related && f.related.length > 0) {
        for (const line of wrap(`${c.dim('also:')} ${relatedText(f)}`, textWidth)) out.push(`${pad}${line}`);
      }
      if (f.fix) {
        const fixLines = wrap(f.fix, textWidth - 5);
        out.push(`${pad}${c.dim('fix:')} ${fixLines[0]}`);
        for (const line of fixLines.slice(1)) out.push(`${pad}     ${line}`);
      }
    }
    out.push('');
  }
  if (result.devToolBytes) out.push(`development tools add ${formatBytes(result.devToolBytes)} of wheels to the image (from the lock's wheel sizes)`);
  out.push(summaryLine(result, c));
  return out.join('\n') + '\n';
}

/** "line 12, line 30 (same cause)" or "requirements/dev.txt:4" when the place is in another file. */
function relatedText(f: Finding): string {
  return (f.related ?? []).map((r) => (r.file === f.file ? `line ${r.line}` : `${r.file}:${r.line}`)).join(', ') + ' (same cause)';
}

/**
 * Greedy word wrap. Long words (paths, URLs, commands in backticks) are never broken: a line may run
 * over rather than cut a path a reader would copy.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line === '') line = word;
      else if (visibleLength(line) + 1 + visibleLength(word) <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
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

/** 41 MB, 820 kB, 512 B (decimal units, as package indexes show sizes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
