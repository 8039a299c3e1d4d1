// One cause, one finding. Rules report each place they see a problem; when several of those places
// are the same cause (the same package flagged once per extra, the same RUN flagged once per pip
// command), they become one finding whose other places ride along in `related`.
import type { Finding, RelatedLocation } from '../model.js';

/** Maps a line to the first line of the statement it belongs to (a Dockerfile instruction spans lines). */
export type StatementStart = (file: string, line: number) => number;

/**
 * What makes two findings the same cause: rule, severity and file, then the package; without a
 * package, the same message within one statement (pip flagged once per command of one RUN).
 */
function causeKey(finding: Finding, start: StatementStart): string {
  const subject = finding.package
    ? `package\u0000${finding.package.toLowerCase()}`
    : `statement\u0000${start(finding.file, finding.line)}\u0000${finding.message}`;
  return `${finding.rule}\u0000${finding.severity}\u0000${finding.file}\u0000${subject}`;
}

function samePlace(a: RelatedLocation, b: RelatedLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.message === b.message;
}

/**
 * Groups findings of the same cause. The first occurrence (in the given, sorted order) stays the
 * finding; every further one becomes a related location with its own message. Order is kept; exact
 * duplicates disappear.
 */
export function groupFindings(findings: readonly Finding[], start: StatementStart = (_file, line) => line): Finding[] {
  const byCause = new Map<string, Finding>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const key = causeKey(finding, start);
    const first = byCause.get(key);
    if (!first) {
      const copy = { ...finding, ...(finding.related ? { related: [...finding.related] } : {}) };
      byCause.set(key, copy);
      out.push(copy);
      continue;
    }
    const related = (first.related ??= []);
    for (const place of [finding, ...(finding.related ?? [])]) {
      const location = { file: place.file, line: place.line, column: place.column, message: place.message };
      if (!samePlace(location, first) && !related.some((r) => samePlace(r, location))) related.push(location);
    }
    if (related.length === 0) delete first.related;
  }
  return out;
}
