import type { Finding, Project, Suppression } from '../../model.js';
import { suppresses } from '../../parse/suppression.js';
import { defineRule, type ReportInput, type Rule } from '../types.js';

/** A suppression comment of one file, with the names that silenced a finding. */
export interface SuppressionRecord extends Suppression {
  file: string;
  used: Set<string>;
}

/**
 * Every suppression comment in the project: requirements files from their parser (any kind of line),
 * TOML and setup.cfg from their requirements, Dockerfiles from their instructions.
 */
export function suppressionRecords(project: Project): SuppressionRecord[] {
  const out: SuppressionRecord[] = [];
  const seen = new Set<string>();
  const add = (file: string, s: Suppression): void => {
    const id = `${file}:${s.line}:${s.column}:${s.fromLine}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ ...s, names: s.names.map((n) => n.trim()), file, used: new Set() });
  };
  for (const m of project.manifests) {
    if (m.suppressions) {
      for (const s of m.suppressions) add(m.path, s);
      continue;
    }
    for (const r of m.requirements) {
      if (r.ignores.length === 0) continue;
      add(r.file, { line: r.line, column: r.column, names: r.ignores, fromLine: r.line, toLine: Math.max(r.line, r.endLine) });
    }
  }
  for (const df of [...project.dockerfiles, ...(project.devDockerfiles ?? [])]) {
    for (const ins of [...df.preamble, ...df.stages.flatMap((s) => [s.from, ...s.instructions])]) {
      if (ins.ignores.length === 0) continue;
      add(df.path, { line: ins.line, column: ins.column, names: ins.ignores, fromLine: ins.line, toLine: Math.max(ins.line, ins.endLine) });
    }
  }
  return out;
}

/** Drops suppressed findings, recording in each suppression which of its names were used. */
export function applySuppressions(findings: Finding[], records: SuppressionRecord[]): Finding[] {
  const byFile = new Map<string, SuppressionRecord[]>();
  for (const r of records) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  return findings.filter((f) => {
    let suppressed = false;
    for (const r of byFile.get(f.file) ?? []) {
      if (f.line < r.fromLine || f.line > r.toLine) continue;
      for (const name of r.names) {
        if (suppresses([name], { code: f.code, name: f.rule })) {
          r.used.add(name);
          suppressed = true;
        }
      }
    }
    return !suppressed;
  });
}

/**
 * The unused-ignore findings: names that are no rule, and names of rules that ran and found nothing
 * there. Rules that did not run (a subset was asked for) are not judged.
 */
export function unusedIgnores(records: SuppressionRecord[], known: readonly Rule[], ran: readonly Rule[]): ReportInput[] {
  const out: ReportInput[] = [];
  for (const r of records) {
    const unknown = r.names.filter((n) => n.toLowerCase() !== 'all' && !known.some((rule) => suppresses([n], rule)));
    const unused = r.names.filter((n) => !unknown.includes(n) && !r.used.has(n) && (n.toLowerCase() === 'all' || ran.some((rule) => suppresses([n], rule))));
    if (unknown.length > 0) {
      out.push({
        file: r.file,
        line: r.line,
        column: r.column,
        message: `${unknown.map((n) => `\`${n}\``).join(', ')} ${unknown.length === 1 ? 'is not a slimreq rule' : 'are not slimreq rules'}: the ignore comment suppresses nothing under ${unknown.length === 1 ? 'that name' : 'those names'}`,
        fix: 'use a rule name or code from `slimreq rules`, or remove it',
      });
    }
    if (unused.length > 0) {
      out.push({
        file: r.file,
        line: r.line,
        column: r.column,
        message: `ignore[${unused.join(', ')}] suppresses nothing: no such finding on ${r.fromLine === r.toLine ? `line ${r.fromLine}` : `lines ${r.fromLine}-${r.toLine}`}`,
        fix: 'remove the unused name from the comment',
      });
    }
  }
  return out;
}

export default defineRule({
  code: 'SR006',
  name: 'unused-ignore',
  severity: 'info',
  docs: {
    what:
      'Reports an inline suppression (`# slimreq: ignore[...]` or `# slimreq ignore=...`) that names something that is not a slimreq rule (`SR999`, a typo), or a rule that ran and found nothing on the line it covers, so the comment suppresses nothing. Like ruff’s unused `noqa` (RUF100).',
    why:
      'A suppression that matches nothing hides nothing today but silences a real finding later, when the line changes; a misspelt name looks like it works and does not. Both make the file say something untrue about the line.',
    bad: 'requests==2.32.3  # slimreq: ignore[SR999]\n\n# slimreq ignore=dev-tool-in-production\nflask==3.0.3',
    good: 'requests==2.32.3\n\nflask==3.0.3',
    fix: 'Remove the unused suppression, or correct the rule name (`slimreq rules` lists them).',
    references: ['https://docs.astral.sh/ruff/rules/unused-noqa/'],
  },
  check() {
    // Runs after every other rule, on the suppressions they left unused: see audit.ts (unusedIgnores).
  },
});
