import { allRules, findRule } from '../rules/index.js';
import { EXIT, UsageError } from '../cli.js';
import { catalogEntries, lookupDevTool } from '../catalog/devtools.js';
import { normalizeName } from '../catalog/names.js';
import { palette, shouldColor } from '../report/color.js';
import type { Io } from './output.js';

export function runExplain(name: string, io: Io): number {
  const rule = findRule(name);
  if (!rule) {
    throw new UsageError(`unknown rule "${name}"; run \`slimreq rules\` for the list`);
  }
  const c = palette(shouldColor(io.stdout));
  const d = rule.docs;
  const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n');
  const out = [
    `${c.bold(rule.name)} (${rule.code}, default severity: ${rule.severity})`,
    '',
    c.bold('What it does'),
    `  ${d.what}`,
    '',
    c.bold('Why is this bad?'),
    `  ${d.why}`,
    '',
    c.bold('Example'),
    indent(d.bad),
    '',
    c.bold('Use instead'),
    indent(d.good),
    '',
    c.bold('How to fix'),
    `  ${d.fix}`,
  ];
  if (d.references?.length) out.push('', c.bold('References'), ...d.references.map((r) => `  ${r}`));
  io.stdout.write(out.join('\n') + '\n');
  return EXIT.clean;
}

export function runRules(opts: { format: 'text' | 'json' }, io: Io): number {
  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify(allRules.map((r) => ({ code: r.code, name: r.name, severity: r.severity, summary: r.docs.what })), null, 2) + '\n');
    return EXIT.clean;
  }
  const width = Math.max(...allRules.map((r) => r.name.length));
  for (const r of allRules) io.stdout.write(`${r.code}  ${r.name.padEnd(width)}  ${r.severity.padEnd(7)}  ${firstSentence(r.docs.what)}\n`);
  return EXIT.clean;
}

export function runCatalog(name: string, opts: { format: 'text' | 'json' }, io: Io): number {
  const key = normalizeName(name);
  const dev = lookupDevTool(key);
  const entry = { name: key, devTool: dev };
  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify(entry, null, 2) + '\n');
    return EXIT.clean;
  }
  const lines: string[] = [key];
  if (dev) {
    lines.push(`  development tool: ${dev.category}, certainty ${dev.certainty}${dev.match !== key ? ` (matches ${dev.match})` : ''}`);
    lines.push(`  ${dev.rationale}`);
    for (const s of dev.sources) lines.push(`  source: ${s}`);
  } else {
    lines.push('  not in the development-tool catalog');
  }
  io.stdout.write(lines.join('\n') + '\n');
  void catalogEntries;
  return EXIT.clean;
}

function firstSentence(text: string): string {
  const m = /^(.*?\.)(\s|$)/.exec(text);
  return m ? m[1] : text;
}
