// Inline suppressions: the one reader every format and every command uses (audit, split, the rules).
//
// Two spellings, either on the line itself or on a comment line directly above it:
//   # slimreq: ignore[dev-tool-in-production, SR102]     (ruff-like)
//   # slimreq ignore=SR101,dev-tool-in-production         (hadolint-like)
// Names are rule names or codes, matched case-insensitively; `all` suppresses every rule. Spaces
// around the names and after the commas are allowed; the comment may carry other text before it.
import type { Finding, Suppression } from '../model.js';

export type { Suppression };

const NAME = '[A-Za-z0-9_.-]+';
const LIST = `${NAME}(?:[ \\t]*,[ \\t]*${NAME})*`;
const BRACKET = new RegExp(`(?:^|[^A-Za-z0-9_-])slimreq[ \\t]*:?[ \\t]*ignore[ \\t]*\\[[ \\t]*(${LIST})?[ \\t]*,?[ \\t]*\\]`, 'i');
const EQUALS = new RegExp(`(?:^|[^A-Za-z0-9_-])slimreq[ \\t]*:?[ \\t]+ignore[ \\t]*=[ \\t]*(${LIST})`, 'i');


/**
 * The rule names a comment's text (with or without the leading `#`) suppresses, as written, or null
 * when it is not a suppression comment.
 */
export function parseIgnoreNames(comment: string): string[] | null {
  const m = BRACKET.exec(comment) ?? EQUALS.exec(comment);
  if (!m) return null;
  const out: string[] = [];
  for (const item of (m[1] ?? '').split(',')) {
    const name = item.trim();
    if (name !== '' && !out.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(name);
  }
  return out;
}

/** Does a list of suppressed names cover this rule (by name or code, any case, or `all`)? */
export function suppresses(names: readonly string[], rule: { code: string; name: string }): boolean {
  const code = rule.code.toLowerCase();
  const name = rule.name.toLowerCase();
  return names.some((n) => {
    const x = n.trim().toLowerCase();
    return x === 'all' || x === code || x === name;
  });
}

/** Does it cover this finding? */
export function suppressesFinding(names: readonly string[], f: Pick<Finding, 'code' | 'rule'>): boolean {
  return suppresses(names, { code: f.code, name: f.rule });
}

/** The rule split honours: a line suppressed for it stays where it is. */
export const DEV_TOOL_RULE = { code: 'SR101', name: 'dev-tool-in-production' } as const;
