// Pipfile reader: [packages], [dev-packages], custom package categories and [requires]. Pure; never
// throws. Requirements are located at their key (first character inside the quotes when quoted);
// `source` is the key's name.
import type { Diagnostic, Group, Requirement } from '../model.js';
import { parsePep508 } from './pep508.js';
import { groupForName } from '../catalog/groups.js';
import { getEntry, ignoresFor, isTable, parseTomlDocument, positionAt, stringPosition, type TomlDocument } from './toml.js';

export interface PipfileResult {
  requirements: Requirement[];
  diagnostics: Diagnostic[];
  requiresPython: string | null;
}

/** Top-level tables that are not package categories. */
const NOT_CATEGORIES = new Set(['source', 'requires', 'pipenv', 'scripts']);

/** Table keys pipenv turns into environment markers (`sys_platform = "== 'win32'"`). */
const MARKER_KEYS = [
  'os_name',
  'sys_platform',
  'platform_machine',
  'platform_python_implementation',
  'platform_release',
  'platform_system',
  'platform_version',
  'python_version',
  'python_full_version',
  'implementation_name',
  'implementation_version',
];

export function parsePipfile(content: string, file: string): PipfileResult {
  const out: PipfileResult = { requirements: [], diagnostics: [], requiresPython: null };
  // parseTomlDocument never throws: a parser error comes back as its diagnostic.
  const parsed = parseTomlDocument(content);
  if (!parsed.ok) {
    out.diagnostics.push(parsed.diagnostic);
    return out;
  }
  const doc = parsed.doc;
  try {
    read(doc, file, out);
  } catch (error) {
    out.diagnostics.push({ rule: 'manifest-parse-error', message: `cannot read Pipfile: ${String(error)}`, line: 1, column: 1 });
  }
  out.requirements.sort((a, b) => a.line - b.line || a.column - b.column);
  out.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

function read(doc: TomlDocument, file: string, out: PipfileResult): void {
  const requires = doc.value.requires;
  if (isTable(requires)) {
    if (typeof requires.python_full_version === 'string') out.requiresPython = `==${requires.python_full_version.trim()}`;
    else if (typeof requires.python_version === 'string') out.requiresPython = `==${requires.python_version.trim()}.*`;
  }
  for (const [category, table] of Object.entries(doc.value)) {
    if (NOT_CATEGORIES.has(category)) continue;
    if (!isTable(table)) continue;
    let group: Group;
    let groupName: string | null;
    if (category === 'packages') {
      group = 'prod';
      groupName = null;
    } else if (category === 'dev-packages') {
      group = 'dev';
      groupName = 'dev-packages';
    } else {
      group = groupForName(category).group;
      groupName = category;
    }
    for (const [name, spec] of Object.entries(table)) {
      const entry = getEntry(doc, [category, name]);
      const pos = entry?.keyNode ? stringPosition(doc, entry.keyNode) : entry ? positionAt(doc.lineStarts, entry.node.range[0]) : { line: 1, column: 1 };
      const endLine = entry?.keyValue?.loc.end.line ?? pos.line;
      const conv = pipfileEntryToPep508(name, spec);
      if (!conv.ok) {
        out.diagnostics.push({ rule: 'manifest-parse-error', message: `"${name}": ${conv.error}`, ...pos, endLine });
        continue;
      }
      const parsed = parsePep508(conv.text);
      if (!parsed.ok) {
        out.diagnostics.push({ rule: 'manifest-parse-error', message: `"${name}": not a valid requirement (${parsed.error})`, ...pos, endLine });
        continue;
      }
      const p = parsed.value;
      out.requirements.push({
        name: p.name,
        key: p.key,
        specifier: conv.url ? '' : p.specifier,
        extras: p.extras,
        marker: p.marker,
        url: conv.url,
        editable: conv.editable,
        hashes: [],
        file,
        line: pos.line,
        column: pos.column,
        endLine,
        source: name,
        group,
        groupName,
        origin: 'pipfile',
        constraintOnly: false,
        ignores: ignoresFor(doc, pos.line, endLine),
      });
    }
  }
}

type Conversion = { ok: true; text: string; url: string | null; editable: boolean } | { ok: false; error: string };

/** A Pipfile version value: `"*"` is any version; a bare version means exactly that version. */
function pipfileVersion(v: string): string {
  const t = v.trim();
  if (t === '*' || t === '') return '';
  if (/^\d/.test(t)) return `==${t}`;
  return t;
}

/** PEP 508 text without the URL (validated by the PEP 508 parser), plus URL and editable flag. */
export function pipfileEntryToPep508(name: string, spec: unknown): Conversion {
  if (typeof spec === 'string') return { ok: true, text: name + pipfileVersion(spec), url: null, editable: false };
  if (!isTable(spec)) return { ok: false, error: 'expected a version string or a table' };
  const version = spec.version === undefined ? '' : typeof spec.version === 'string' ? pipfileVersion(spec.version) : null;
  if (version === null) return { ok: false, error: 'version must be a string' };
  let extras = '';
  if (spec.extras !== undefined) {
    if (!Array.isArray(spec.extras) || !spec.extras.every((x) => typeof x === 'string')) return { ok: false, error: 'extras must be an array of strings' };
    if (spec.extras.length > 0) extras = `[${(spec.extras as string[]).join(',')}]`;
  }
  const markers: string[] = [];
  if (spec.markers !== undefined) {
    if (typeof spec.markers !== 'string') return { ok: false, error: 'markers must be a string' };
    markers.push(spec.markers.trim());
  }
  for (const key of MARKER_KEYS) {
    const v = spec[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { ok: false, error: `${key} must be a string` };
    const t = v.trim();
    markers.push(/^(===|==|!=|<=|>=|~=|<|>|in\b|not\s+in\b)/.test(t) ? `${key} ${t}` : `${key} == "${t}"`);
  }
  let url: string | null = null;
  if (typeof spec.git === 'string') {
    url = `${spec.git.startsWith('git+') ? '' : 'git+'}${spec.git}${typeof spec.ref === 'string' ? `@${spec.ref}` : ''}`;
    if (typeof spec.subdirectory === 'string') url += `#subdirectory=${spec.subdirectory}`;
  } else if (typeof spec.path === 'string') {
    url = spec.path;
  } else if (typeof spec.file === 'string') {
    url = spec.file;
  }
  const marker = markers.length === 0 ? '' : markers.length === 1 ? ` ; ${markers[0]}` : ` ; ${markers.map((m) => `(${m})`).join(' and ')}`;
  return { ok: true, text: `${name}${extras}${url ? '' : version}${marker}`, url, editable: spec.editable === true };
}
