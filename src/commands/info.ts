import { parsePep508 } from '../parse/pep508.js';
import { allRules, findRule } from '../rules/index.js';
import { EXIT, UsageError } from './shared.js';
import { lookupDevTool } from '../catalog/devtools.js';
import { lookupMusl } from '../catalog/musl.js';
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
  // A requirement string works too (`pytest==8.0`, `psycopg[binary]>=3 ; python_version >= "3.9"`).
  const parsed = parsePep508(name);
  if (!parsed.ok && !/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name.trim())) {
    throw new UsageError(`"${name}" is neither a package name nor a requirement: ${parsed.error} (column ${parsed.column})`);
  }
  const key = normalizeName(parsed.ok ? parsed.value.name : name.trim());
  const dev = lookupDevTool(key);
  const musl = lookupMusl(key);
  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify({ name: key, devTool: dev, musl }, null, 2) + '\n');
    return EXIT.clean;
  }
  const c = palette(shouldColor(io.stdout));
  const lines: string[] = [c.bold(key)];
  if (dev) {
    lines.push(`  development tool: ${dev.category}, certainty "${dev.certainty}"${dev.match !== key ? ` (matches ${dev.match})` : ''}`);
    lines.push(`    ${dev.rationale}`);
    for (const s of dev.sources) lines.push(`    source: ${s}`);
  } else {
    lines.push('  not a development tool in the catalog');
  }
  if (musl) {
    lines.push(`  compiled code: ${musl.compiled}; sdist: ${musl.sdist ? 'yes' : 'no'}${musl.pureWheel ? '; pure-Python wheel: yes' : ''}`);
    for (const arch of ['x86_64', 'aarch64'] as const) {
      const a = musl.musllinux[arch];
      const gaps = a.gaps?.length ? `, except ${a.gaps.join(' ')}` : '';
      lines.push(`  musllinux ${arch}: ${a.since ? `wheels since ${a.since}${gaps}` : 'no wheels'}${a.note ? ` (${a.note})` : ''}`);
    }
    if (musl.apk.length) lines.push(`  build on Alpine: apk add ${musl.apk.join(' ')}`);
    if (musl.apt.length) lines.push(`  build on Debian: apt-get install ${musl.apt.join(' ')}`);
    if (musl.aptRuntime.length) lines.push(`  runtime on Debian slim: ${musl.aptRuntime.join(' ')}`);
    if (musl.alternative) lines.push(`  alternative: ${musl.alternative}`);
    lines.push(`    ${musl.rationale}`);
    for (const s of musl.sources) lines.push(`    source: ${s}`);
    lines.push(`    reviewed: ${musl.reviewed}`);
  } else {
    lines.push('  not in the Alpine/musl catalog');
  }
  io.stdout.write(lines.join('\n') + '\n');
  return EXIT.clean;
}

function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s+[A-Z]|$)/.exec(text);
  return m ? m[1] : text;
}
