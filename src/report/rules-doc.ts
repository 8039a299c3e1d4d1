// The rules reference page (docs/rules.md) and the per-rule help that SARIF embeds.
// Anchors are the rule names: each rule's heading is its name alone, so GitHub's heading slug
// (and every CommonMark renderer that slugs headings the same way) yields `#<rule-name>`.
import type { RuleMeta } from '../model.js';

/** The command that regenerates docs/rules.md from the registry; printed in the page and by its test. */
export const RULES_DOC_REGENERATE =
  'npm run build && node -e "import(\'./dist/report/rules-doc.js\').then(async (d) => { const { allRules } = await import(\'./dist/rules/index.js\'); (await import(\'node:fs\')).writeFileSync(\'docs/rules.md\', d.renderRulesDoc(allRules)); })"';

/** Stable order for rule lists: by code, then name (codes are unique in a healthy registry). */
export function sortRules<T extends Pick<RuleMeta, 'code' | 'name'>>(rules: readonly T[]): T[] {
  return [...rules].sort((a, b) => compare(a.code, b.code) || compare(a.name, b.name));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fenced code block whose fence cannot be closed by backticks inside `code`. */
export function fence(code: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const marks = '`'.repeat(Math.max(3, longestRun + 1));
  const body = code.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return `${marks}\n${body}\n${marks}`;
}

/** Table cells cannot hold raw pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The documentation sections of one rule, as Markdown, with headings at `level` (2 gives `##`).
 * Sections: What it does, Why is this bad?, Example, Use instead, How to fix, References; empty ones are left out.
 */
export function renderRuleSections(rule: RuleMeta, level = 3): string {
  const h = '#'.repeat(level);
  const { what, why, bad, good, fix } = rule.docs;
  const references = rule.docs.references ?? [];
  return [
    what.trim() && `${h} What it does\n\n${what.trim()}`,
    why.trim() && `${h} Why is this bad?\n\n${why.trim()}`,
    bad.trim() && `${h} Example\n\n${fence(bad)}`,
    good.trim() && `${h} Use instead\n\n${fence(good)}`,
    fix.trim() && `${h} How to fix\n\n${fix.trim()}`,
    references.length > 0 && `${h} References\n\n${references.map((ref) => `- <${ref}>`).join('\n')}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The same sections as plain text, for consumers that cannot render Markdown (SARIF help.text). */
export function renderRuleText(rule: RuleMeta): string {
  const indent = (code: string) =>
    code
      .replace(/\r\n?/g, '\n')
      .replace(/\n+$/, '')
      .split('\n')
      .map((line) => (line === '' ? '' : `    ${line}`))
      .join('\n');
  const { what, why, bad, good, fix } = rule.docs;
  const references = rule.docs.references ?? [];
  return [
    `${rule.code} ${rule.name} (default severity: ${rule.severity})`,
    what.trim() && `What it does:\n${what.trim()}`,
    why.trim() && `Why is this bad?\n${why.trim()}`,
    bad.trim() && `Example:\n${indent(bad)}`,
    good.trim() && `Use instead:\n${indent(good)}`,
    fix.trim() && `How to fix:\n${fix.trim()}`,
    references.length > 0 && `References:\n${references.map((ref) => `- ${ref}`).join('\n')}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The whole rules reference page, rules in code order. */
export function renderRulesDoc(rules: readonly RuleMeta[]): string {
  const sorted = sortRules(rules);
  const lines: string[] = [
    '# Rules',
    '',
    '<!-- Generated from the rule registry by renderRulesDoc (src/report/rules-doc.ts). Do not edit by hand;',
    `     regenerate with: ${RULES_DOC_REGENERATE} -->`,
    '',
    'Every rule has a stable code (never renumbered or reused) and a name that reads as the problem it reports.',
    'Either can be used in `ignore`, `per-file-ignores` and `severity` in the configuration, and in inline',
    '`# slimreq: ignore[...]` comments. `slimreq explain CODE` prints the same text as below.',
    '',
    '| Code | Name | Default severity |',
    '| --- | --- | --- |',
    ...sorted.map((rule) => `| ${cell(rule.code)} | [${cell(rule.name)}](#${rule.name}) | ${rule.severity} |`),
  ];
  for (const rule of sorted) {
    lines.push(
      '',
      `## ${rule.name}`,
      '',
      `Code: \`${rule.code}\` · Default severity: ${rule.severity}`,
      '',
      renderRuleSections(rule, 3),
    );
  }
  return lines.join('\n') + '\n';
}
