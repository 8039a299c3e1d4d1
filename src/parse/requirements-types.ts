// The contract of the requirements-file reader (src/parse/requirements.ts). Consumers: the project
// loader, the split emitter, the alpine evaluator.
import type { Diagnostic } from '../model.js';
import type { Suppression } from './suppression.js';

/** A PEP 508 requirement as parsed from text. */
export interface Pep508 {
  name: string;
  /** PEP 503 normalized name. */
  key: string;
  extras: string[];
  /** Specifier set as written with whitespace removed, e.g. '>=1.0,<2'; '' when none. */
  specifier: string;
  /** `name @ url` URL, or null. */
  url: string | null;
  /** Environment marker text as written (trimmed), or null. */
  marker: string | null;
}

export type Pep508Result =
  | { ok: true; value: Pep508 }
  /** column: 1-based position in the input text where parsing failed. */
  | { ok: false; error: string; column: number };

export type LogicalLineKind =
  | 'blank' // empty or whitespace only (after continuation joining)
  | 'comment' // only a comment
  | 'requirement' // a requirement (PEP 508, URL, path, or -e/--editable)
  | 'include' // -r/--requirement, -c/--constraint
  | 'option' // global options (--index-url, --pre, --require-hashes, -f, …)
  | 'invalid'; // pip would reject it; see diagnostics

/**
 * One logical line: one or more physical lines joined by backslash continuations.
 * Physical lines are numbered from 1. `raw` is the exact text of the physical lines from
 * startLine to endLine, joined with the file's own line endings, without the final line ending.
 */
export interface LogicalLine {
  kind: LogicalLineKind;
  startLine: number;
  endLine: number;
  raw: string;
  /** The comment text (without '#') when the line carries one, else null. */
  comment: string | null;
  requirement?: RequirementLine;
  include?: { kind: 'requirement' | 'constraint'; target: string; line: number; column: number };
  /** Global options on an 'option' line, e.g. { '--index-url': ['https://…'] }. Long names as keys. */
  options?: Record<string, string[]>;
  /** Rule names or codes suppressed on this line, by its own comment or a comment line directly above. */
  ignores?: string[];
}

export interface RequirementLine extends Pep508 {
  /** 1-based line/column of the requirement's first character. */
  line: number;
  column: number;
  editable: boolean;
  /** True when the requirement is a URL, path or archive rather than a PEP 508 name (e.g. `-e .`, `./pkg.whl`). */
  isUrlOrPath: boolean;
  hashes: string[];
  /** Per-requirement options other than --hash, e.g. { '--config-settings': ['k=v'] }. */
  perRequirementOptions: Record<string, string[]>;
  /** Rule names or codes named by a suppression comment on this line or the line above (src/parse/suppression.ts), as written. */
  ignores: string[];
}

export interface RequirementsFile {
  lines: LogicalLine[];
  diagnostics: Diagnostic[];
  /** The file's dominant line ending. */
  eol: '\n' | '\r\n';
  bom: boolean;
  finalNewline: boolean;
  /** Every `# slimreq: ignore[...]` / `# slimreq ignore=...` comment, with the lines it covers. */
  suppressions: Suppression[];
}
