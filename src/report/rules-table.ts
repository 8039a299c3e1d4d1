import type { RuleMeta } from '../model.js';

/** The README's rules table: code, name (linked to docs/rules.md), default severity, what it does. */
export function rulesTable(rules: readonly Pick<RuleMeta, 'code' | 'name' | 'severity' | 'docs'>[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((r) => `| ${r.code} | [${r.name}](docs/rules.md#${r.name}) | ${r.severity} | ${firstSentence(r.docs.what).replace(/\|/g, '\\|')} |`);
  return ['| code | rule | default | what it reports |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s+[A-Z]|$)/.exec(text.replace(/\s+/g, ' '));
  return m ? m[1] : text;
}
