// Stable identities for findings, for baselines, SARIF partialFingerprints and GitLab Code Quality.
// A fingerprint must survive edits elsewhere in the file (lines moving up or down), so it is built
// from what the finding is about: the rule, the file, and the package, or else the normalised text of
// the line the finding points at (a Dockerfile instruction, a requirements line). Identical subjects
// in one file are told apart by their order, like ruff's and detekt's baselines do.
import { createHash } from 'node:crypto';
import type { Finding } from '../model.js';

/** file -> line -> the text that line carries, as the parsers saw it. */
export type SubjectIndex = Map<string, Map<number, string>>;

/** Collapses whitespace and line continuations so reformatting an instruction keeps its identity. */
export function normaliseSubject(text: string): string {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Messages often mention other lines ("Dockerfile:4"); those numbers must not count. */
function normaliseMessage(message: string): string {
  return normaliseSubject(message.replace(/:\d+(?::\d+)?\b/g, ':#').replace(/\b(lines?) \d+(?:[-–]\d+)?/gi, '$1 #'));
}

function subjectOf(finding: Finding, subjects: SubjectIndex): string {
  if (finding.package) return `package:${finding.package.toLowerCase()}`;
  const text = subjects.get(finding.file)?.get(finding.line);
  if (text) return `line:${normaliseSubject(text)}`;
  return `message:${normaliseMessage(finding.message)}`;
}

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * Sets `fingerprint` on every finding (in place) and returns the list. Findings must be sorted
 * (file, line, column): the n-th finding with the same rule, file and subject gets occurrence n.
 */
export function assignFingerprints(findings: Finding[], subjects: SubjectIndex = new Map()): Finding[] {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const base = [finding.rule, finding.file, subjectOf(finding, subjects)];
    const key = base.join('\u0000');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    finding.fingerprint = digest([...base, String(occurrence)]);
  }
  return findings;
}
