// setup.cfg reader: [options] install_requires / tests_require / python_requires and
// [options.extras_require]. Pure; never throws.
//
// The INI reading follows Python's configparser as setuptools configures it (ConfigParser with
// strict=True, '=' and ':' delimiters, '#' and ';' full-line comments, no inline comments,
// empty lines kept inside values, case-sensitive option names); the list splitting follows
// setuptools' _parse_requirements_list: a multi-line value is one requirement per line (lines
// starting with '#' dropped), a one-line value is split on ';'. Each requirement then loses a ' #'
// comment, as setuptools' requirement reader does.
import type { Diagnostic, Group, Include, Requirement } from '../model.js';
import { parsePep508 } from './pep508.js';
import { groupForName } from '../catalog/groups.js';
import { parseIgnoreComment } from './toml.js';

export interface SetupCfgResult {
  requirements: Requirement[];
  diagnostics: Diagnostic[];
  requiresPython: string | null;
  /** `file:` directives (`install_requires = file: requirements.in`): files the value is read from. */
  includes: Include[];
}

/** One physical line's share of an option value. */
interface ValueLine {
  text: string;
  line: number;
  /** 1-based column of text[0]. */
  column: number;
}

export interface IniOption {
  name: string;
  line: number;
  column: number;
  lines: ValueLine[];
}

export interface IniSection {
  name: string;
  line: number;
  options: Map<string, IniOption>;
}

export interface IniFile {
  sections: Map<string, IniSection>;
  /** 1-based line -> comment text (after the prefix) for full-line comments. */
  comments: Map<number, string>;
  diagnostics: Diagnostic[];
}

const MARKER_VARIABLES = new Set([
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system',
  'platform_version', 'platform_machine', 'platform_python_implementation', 'implementation_name',
  'implementation_version', 'extra',
]);

const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;

/** configparser's reading of an INI file, keeping the position of every value line. */
export function readIni(content: string): IniFile {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const lines = text.split(/\r\n|\r|\n/);
  const out: IniFile = { sections: new Map(), comments: new Map(), diagnostics: [] };
  let section: IniSection | null = null;
  let option: IniOption | null = null;
  let indentLevel = 0;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const stripped = raw.trim();
    if (stripped.startsWith('#') || stripped.startsWith(';')) {
      out.comments.set(lineNo, stripped.slice(1));
      return;
    }
    if (stripped === '') return; // empty lines stay inside values; setuptools drops empty items
    const indent = raw.search(/\S/);
    if (section && option && indent > indentLevel) {
      option.lines.push({ text: stripped, line: lineNo, column: indent + 1 });
      return;
    }
    indentLevel = indent;
    const header = SECTION.exec(stripped);
    if (header) {
      const name = header[1];
      const existing = out.sections.get(name);
      if (existing) {
        out.diagnostics.push({ rule: 'manifest-parse-error', message: `section [${name}] already defined on line ${existing.line}`, line: lineNo, column: indent + 1 });
        section = existing;
      } else {
        section = { name, line: lineNo, options: new Map() };
        out.sections.set(name, section);
      }
      option = null;
      return;
    }
    if (!section) {
      out.diagnostics.push({ rule: 'manifest-parse-error', message: 'line before the first [section] header', line: lineNo, column: indent + 1 });
      return;
    }
    const m = OPTION.exec(stripped);
    if (!m || m[1].trim() === '') {
      out.diagnostics.push({ rule: 'manifest-parse-error', message: `not an option (name = value): ${stripped}`, line: lineNo, column: indent + 1 });
      option = null;
      return;
    }
    const name = m[1].trimEnd();
    if (section.options.has(name)) {
      const prev = section.options.get(name)!;
      out.diagnostics.push({
        rule: 'manifest-parse-error',
        message: `option "${name}" in [${section.name}] already set on line ${prev.line}`,
        line: lineNo,
        column: indent + 1,
      });
    }
    const valueStart = raw.length - raw.trimStart().length + stripped.length - m[3].length;
    option = { name, line: lineNo, column: indent + 1, lines: [{ text: m[3].trim(), line: lineNo, column: valueStart + 1 }] };
    section.options.set(name, option);
  });
  return out;
}

export function parseSetupCfg(content: string, file: string): SetupCfgResult {
  const out: SetupCfgResult = { requirements: [], diagnostics: [], requiresPython: null, includes: [] };
  try {
    read(content, file, out);
  } catch (error) {
    out.diagnostics.push({ rule: 'manifest-parse-error', message: `cannot read setup.cfg: ${String(error)}`, line: 1, column: 1 });
  }
  out.requirements.sort((a, b) => a.line - b.line || a.column - b.column);
  out.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

/** setuptools accepts dashed option names in [options] (with a deprecation warning). */
function findOption(section: IniSection | undefined, name: string): IniOption | undefined {
  if (!section) return undefined;
  return section.options.get(name) ?? section.options.get(name.replace(/_/g, '-'));
}

function read(content: string, file: string, out: SetupCfgResult): void {
  const ini = readIni(content);
  out.diagnostics.push(...ini.diagnostics);
  const options = ini.sections.get('options');
  const pr = findOption(options, 'python_requires');
  if (pr) out.requiresPython = joinValue(pr).trim() || null;
  const install = findOption(options, 'install_requires');
  if (install) readList(ini, install, file, 'prod', null, out);
  const tests = findOption(options, 'tests_require');
  if (tests) readList(ini, tests, file, 'dev', 'tests_require', out);
  const extras = ini.sections.get('options.extras_require');
  if (extras) {
    for (const opt of extras.options.values()) {
      readList(ini, opt, file, groupForName(opt.name).group, opt.name, out);
    }
  }
}

function joinValue(opt: IniOption): string {
  return opt.lines.map((l) => l.text).join('\n');
}

interface Item {
  text: string;
  line: number;
  column: number;
}

function readList(ini: IniFile, opt: IniOption, file: string, group: Group, groupName: string | null, out: SetupCfgResult): void {
  const values = opt.lines.filter((l, i) => i === 0 || l.text !== '');
  const first = values[0];
  if (values.length === 1 && /^file:/.test(first.text)) {
    const targets = first.text.slice(5).split(',');
    let offset = first.text.indexOf(':') + 1;
    for (const t of targets) {
      const lead = t.length - t.trimStart().length;
      if (t.trim()) out.includes.push({ kind: 'requirement', target: t.trim(), line: first.line, column: first.column + offset + lead, group });
      offset += t.length + 1;
    }
    return;
  }
  const items: Item[] = [];
  if (values.length > 1) {
    for (const v of values) if (v.text !== '' && !v.text.startsWith('#')) items.push(v);
  } else {
    let offset = 0;
    for (const chunk of first.text.split(';')) {
      const lead = chunk.length - chunk.trimStart().length;
      const t = chunk.trim();
      if (t && !t.startsWith('#')) items.push({ text: t, line: first.line, column: first.column + offset + lead });
      offset += chunk.length + 1;
    }
  }
  const oneLineSplit = values.length === 1 && items.length > 1;
  for (const item of items) {
    const cut = item.text.indexOf(' #');
    const body = (cut === -1 ? item.text : item.text.slice(0, cut)).trim();
    if (!body) continue;
    const comment = cut === -1 ? null : item.text.slice(cut + 2);
    if (/%(?![%(])/.test(body)) {
      out.diagnostics.push({ rule: 'manifest-parse-error', message: `"${body}": a literal '%' must be written '%%' in setup.cfg`, line: item.line, column: item.column });
      continue;
    }
    const text = body.replace(/%%/g, '%');
    const parsed = parsePep508(text);
    if (!parsed.ok) {
      out.diagnostics.push({
        rule: 'manifest-parse-error',
        message: `invalid requirement "${text}": ${parsed.error}`,
        line: item.line,
        column: item.column + (text === body ? Math.max(0, parsed.column - 1) : 0),
      });
      continue;
    }
    const p = parsed.value;
    if (oneLineSplit && MARKER_VARIABLES.has(p.key.replace(/-/g, '_'))) {
      // setuptools warns about this too: `a; python_version < "3.8"` on one line is two requirements.
      out.diagnostics.push({
        rule: 'manifest-parse-error',
        message: `"${text}" is an environment marker, but setuptools splits a one-line ${opt.name} at ';': put each requirement on its own line`,
        line: item.line,
        column: item.column,
      });
      continue;
    }
    const ignores = [
      ...(comment !== null ? parseIgnoreComment(comment, false) : []),
      ...(ini.comments.has(item.line - 1) ? parseIgnoreComment(ini.comments.get(item.line - 1)!, true) : []),
    ];
    out.requirements.push({
      name: p.name,
      key: p.key,
      specifier: p.specifier,
      extras: p.extras,
      marker: p.marker,
      url: p.url,
      editable: false,
      hashes: [],
      file,
      line: item.line,
      column: item.column,
      endLine: item.line,
      source: body,
      group,
      groupName,
      origin: 'setup-cfg',
      constraintOnly: false,
      ignores: [...new Set(ignores)],
    });
  }
}
