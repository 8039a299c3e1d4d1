// pyproject.toml reader: PEP 621 dependencies and extras, PEP 735 dependency groups, Poetry, PDM and
// uv tables. Pure: content in, requirements and diagnostics out; never throws.
//
// Positions: a dependency string is located at its first character inside the quotes (the column
// after the opening quote); a Poetry or Pipfile package is located at the first character of its key
// (inside the quotes for a quoted key). `source` is the dependency string's value, or the key's name
// for table forms. `endLine` is the last line of the string, or of the whole key-value.
import type { AST } from 'toml-eslint-parser';
import type { Diagnostic, Group, Requirement, RequirementOrigin } from '../model.js';
import type { Pep508 } from './requirements-types.js';
import { parsePep508 } from './pep508.js';
import { extraGate } from './extra-gate.js';
import { normalizeName } from '../catalog/names.js';
import { groupForDependencyGroup, groupForName } from '../catalog/groups.js';
import { compareVersions } from '../catalog/pep440.js';
import {
  getEntry,
  getValue,
  ignoresFor,
  isTable,
  isVerbatimString,
  parseTomlDocument,
  positionAt,
  stringPosition,
  type TomlDocument,
  type TomlPath,
  type TomlTable,
} from './toml.js';

export interface PyprojectResult {
  requirements: Requirement[];
  diagnostics: Diagnostic[];
  requiresPython: string | null;
  tools: { poetry: boolean; pdm: boolean; uv: boolean; hatch?: boolean };
  /** `[tool.uv.workspace] members` globs, as written. */
  workspaceMembers?: string[];
  /** `[project] name` or `[tool.poetry] name`, when stated. */
  projectName?: string | null;
}

/** Where in the document a requirement came from: what the split emitter edits. */
export interface LocatedRequirement {
  req: Requirement;
  /** Path of the array (string forms) or table (Poetry key forms) that holds the entry. */
  container: TomlPath;
  /** Array index, or the key as written for table entries. */
  member: number | string;
  kind: 'array-element' | 'table-entry';
}

export interface PyprojectDetails extends PyprojectResult {
  located: LocatedRequirement[];
  doc: TomlDocument | null;
}

export function parsePyproject(content: string, file: string): PyprojectResult {
  const { located: _located, doc: _doc, ...result } = parsePyprojectDetailed(content, file);
  return result;
}

/** parsePyproject plus each requirement's place in the document, for emitters. */
export function parsePyprojectDetailed(content: string, file: string): PyprojectDetails {
  const out: PyprojectDetails = {
    requirements: [],
    diagnostics: [],
    requiresPython: null,
    tools: { poetry: false, pdm: false, uv: false, hatch: false },
    projectName: null,
    located: [],
    doc: null,
  };
  // parseTomlDocument never throws: a parser error comes back as its diagnostic.
  const parsed = parseTomlDocument(content);
  if (!parsed.ok) {
    out.diagnostics.push(parsed.diagnostic);
    return out;
  }
  const doc = parsed.doc;
  out.doc = doc;
  const reader = new Reader(doc, file, out);
  try {
    reader.readAll();
  } catch (error) {
    // A defect in a reader must not escape: report it where the user can see it.
    out.diagnostics.push({ rule: 'manifest-parse-error', message: `cannot read pyproject.toml: ${String(error)}`, line: 1, column: 1 });
  }
  out.located.sort((a, b) => a.req.line - b.req.line || a.req.column - b.req.column);
  out.requirements = out.located.map((l) => l.req);
  out.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

interface Placement {
  group: Group;
  groupName: string | null;
  origin: RequirementOrigin;
  constraintOnly?: boolean;
}

class Reader {
  constructor(
    private readonly doc: TomlDocument,
    private readonly file: string,
    private readonly out: PyprojectDetails,
  ) {}

  readAll(): void {
    const v = this.doc.value;
    const tool = isTable(v.tool) ? v.tool : {};
    this.out.tools = { poetry: isTable(tool.poetry), pdm: isTable(tool.pdm), uv: isTable(tool.uv), hatch: isTable(tool.hatch) };
    this.readProject();
    this.readDependencyGroups();
    if (isTable(tool.poetry)) this.readPoetry(tool.poetry);
    if (isTable(tool.pdm)) this.readPdm(tool.pdm);
    if (isTable(tool.uv)) this.readUv(tool.uv);
  }

  // ---- PEP 621 ----------------------------------------------------------------------------------

  private readProject(): void {
    const project = this.doc.value.project;
    if (project === undefined) return;
    if (!isTable(project)) return this.typeError(['project'], '[project] must be a table');
    if (typeof project.name === 'string') this.out.projectName = project.name;
    const rp = project['requires-python'];
    if (typeof rp === 'string') this.out.requiresPython = rp.trim();
    else if (rp !== undefined) this.typeError(['project', 'requires-python'], 'requires-python must be a string');
    if (project.dependencies !== undefined) {
      this.readStringArray(['project', 'dependencies'], { group: 'prod', groupName: null, origin: 'pep621' });
    }
    const optional = project['optional-dependencies'];
    if (optional !== undefined) {
      if (!isTable(optional)) return this.typeError(['project', 'optional-dependencies'], 'optional-dependencies must be a table of arrays');
      for (const extra of Object.keys(optional)) {
        const { group } = groupForName(extra);
        this.readStringArray(['project', 'optional-dependencies', extra], { group, groupName: extra, origin: 'optional-dependencies' });
      }
    }
  }

  // ---- PEP 735 ----------------------------------------------------------------------------------

  private readDependencyGroups(): void {
    const groups = this.doc.value['dependency-groups'];
    if (groups === undefined) return;
    if (!isTable(groups)) return this.typeError(['dependency-groups'], '[dependency-groups] must be a table of arrays');
    const byKey = new Map<string, string>();
    const includes = new Map<string, { target: string; path: TomlPath }[]>();
    for (const name of Object.keys(groups)) {
      const key = normalizeName(name);
      if (byKey.has(key)) {
        this.errorAt(['dependency-groups', name], `dependency group "${name}" has the same normalized name as "${byKey.get(key)}"`);
        continue;
      }
      byKey.set(key, name);
      const list = groups[name];
      if (!Array.isArray(list)) {
        this.typeError(['dependency-groups', name], `dependency group "${name}" must be an array`);
        continue;
      }
      const { group } = groupForDependencyGroup(name);
      const placement: Placement = { group, groupName: name, origin: 'dependency-groups' };
      const edges: { target: string; path: TomlPath }[] = [];
      list.forEach((item, i) => {
        const path: TomlPath = ['dependency-groups', name, i];
        if (typeof item === 'string') {
          this.readString(['dependency-groups', name], i, item, placement, false);
        } else if (isTable(item) && typeof item['include-group'] === 'string' && Object.keys(item).length === 1) {
          edges.push({ target: item['include-group'], path });
        } else {
          this.errorAt(path, `dependency group "${name}" entries must be strings or {include-group = "name"} tables`);
        }
      });
      includes.set(key, edges);
    }
    // Validate includes: unknown targets and cycles. Included requirements are reported once, at
    // their own group's location, so nothing is copied here.
    for (const [from, edges] of includes) {
      for (const e of edges) {
        if (!byKey.has(normalizeName(e.target))) {
          this.errorAt(e.path, `include-group "${e.target}" names no group in [dependency-groups] (from "${byKey.get(from)}")`);
        }
      }
    }
    const state = new Map<string, 'active' | 'done'>();
    const stack: string[] = [];
    const visit = (key: string): void => {
      state.set(key, 'active');
      stack.push(key);
      for (const e of includes.get(key) ?? []) {
        const to = normalizeName(e.target);
        if (!includes.has(to)) continue;
        const s = state.get(to);
        if (s === 'active') {
          const cycle = [...stack.slice(stack.indexOf(to)), to].map((k) => byKey.get(k) ?? k);
          this.errorAt(e.path, `dependency groups include each other in a cycle: ${cycle.join(' -> ')}`);
        } else if (s === undefined) {
          visit(to);
        }
      }
      stack.pop();
      state.set(key, 'done');
    };
    for (const key of includes.keys()) if (!state.has(key)) visit(key);

    // PEP 735: a group's requirements are its own plus those of the groups it includes. A group that
    // a production group includes is installed with it, so its requirements take the production role
    // (`server = [{include-group = "common"}, "gunicorn"]` installs common's packages in production).
    const prodKeys = [...includes.keys()].filter((k) => groupForDependencyGroup(byKey.get(k)!).group === 'prod');
    const reached = new Map<string, string>();
    const spread = (key: string, from: string): void => {
      for (const e of includes.get(key) ?? []) {
        const to = normalizeName(e.target);
        if (!includes.has(to) || reached.has(to)) continue;
        reached.set(to, from);
        spread(to, from);
      }
    };
    for (const k of prodKeys) spread(k, byKey.get(k)!);
    for (const l of this.out.located) {
      if (l.req.origin !== 'dependency-groups' || l.req.group === 'prod' || l.req.groupName === null) continue;
      if (reached.has(normalizeName(l.req.groupName))) l.req.group = 'prod';
    }
  }

  // ---- Poetry -----------------------------------------------------------------------------------

  private readPoetry(poetry: TomlTable): void {
    if (typeof poetry.name === 'string' && !this.out.projectName) this.out.projectName = poetry.name;
    // [tool.poetry.extras] decides which extra an optional main dependency belongs to.
    const extraOf = new Map<string, string>();
    if (isTable(poetry.extras)) {
      for (const [extra, members] of Object.entries(poetry.extras)) {
        if (!Array.isArray(members)) continue;
        for (const m of members) if (typeof m === 'string' && !extraOf.has(normalizeName(m))) extraOf.set(normalizeName(m), extra);
      }
    }
    const base = ['tool', 'poetry'];
    if (poetry.dependencies !== undefined) {
      this.readPoetryTable([...base, 'dependencies'], { group: 'prod', groupName: null, origin: 'poetry' }, extraOf);
    }
    if (poetry['dev-dependencies'] !== undefined) {
      this.readPoetryTable([...base, 'dev-dependencies'], { group: 'dev', groupName: 'dev', origin: 'poetry' }, null);
    }
    if (poetry.group !== undefined) {
      if (!isTable(poetry.group)) return this.typeError([...base, 'group'], '[tool.poetry.group] must be a table');
      for (const [name, spec] of Object.entries(poetry.group)) {
        if (!isTable(spec) || spec.dependencies === undefined) continue;
        const { group } = groupForDependencyGroup(name);
        this.readPoetryTable([...base, 'group', name, 'dependencies'], { group, groupName: name, origin: 'poetry' }, null);
      }
    }
  }

  private readPoetryTable(path: TomlPath, placement: Placement, extraOf: Map<string, string> | null): void {
    const table = getValue(this.doc, path);
    if (!isTable(table)) return this.typeError(path, `[${path.join('.')}] must be a table`);
    for (const [name, spec] of Object.entries(table)) {
      const entryPath = [...path, name];
      if (name.toLowerCase() === 'python') {
        // The interpreter constraint, not a package; only the main table's one is the project's.
        if (typeof spec === 'string' && placement.groupName === null && extraOf !== null) {
          const conv = poetryConstraintToPep440(spec);
          if (conv.ok) this.out.requiresPython ??= conv.specifier;
          else this.errorAt(entryPath, `python = "${spec}": ${conv.error}`);
        }
        continue;
      }
      const forms = Array.isArray(spec) ? spec : [spec];
      if (forms.length === 0) {
        this.errorAt(entryPath, `"${name}" has an empty list of constraints`);
        continue;
      }
      for (const form of forms) {
        let place = placement;
        if (extraOf && isTable(form) && form.optional === true) {
          const extra = extraOf.get(normalizeName(name));
          if (extra !== undefined) place = { ...placement, group: groupForName(extra).group, groupName: extra, origin: 'poetry' };
        }
        this.readPoetryEntry(path, name, form, place);
      }
    }
  }

  private readPoetryEntry(container: TomlPath, name: string, form: unknown, placement: Placement): void {
    const entry = getEntry(this.doc, [...container, name]);
    const keyNode = entry?.keyNode ?? null;
    const kv = entry?.keyValue ?? null;
    const pos = keyNode ? stringPosition(this.doc, keyNode) : entry ? positionAt(this.doc.lineStarts, entry.node.range[0]) : { line: 1, column: 1 };
    const endLine = kv ? kv.loc.end.line : entry ? entry.node.loc.end.line : pos.line;
    const fail = (message: string): void => {
      this.out.diagnostics.push({ rule: 'manifest-parse-error', message: `"${name}": ${message}`, ...pos, endLine });
    };
    const conv = poetryDependencyToPep508(name, form);
    if (!conv.ok) return fail(conv.error);
    const parsed = parsePep508(conv.text);
    if (!parsed.ok) return fail(`not a valid requirement (${parsed.error})`);
    const p = parsed.value;
    const req: Requirement = {
      name: p.name,
      key: p.key,
      specifier: conv.url ? '' : p.specifier,
      extras: p.extras,
      marker: p.marker,
      url: conv.url,
      editable: conv.editable,
      hashes: [],
      file: this.file,
      line: pos.line,
      column: pos.column,
      endLine,
      source: name,
      group: placement.group,
      groupName: placement.groupName,
      origin: placement.origin,
      constraintOnly: placement.constraintOnly ?? false,
      ignores: ignoresFor(this.doc, pos.line, endLine),
    };
    this.out.located.push({ req, container, member: name, kind: 'table-entry' });
  }

  // ---- PDM and uv -------------------------------------------------------------------------------

  private readPdm(pdm: TomlTable): void {
    const dev = pdm['dev-dependencies'];
    if (dev === undefined) return;
    if (!isTable(dev)) return this.typeError(['tool', 'pdm', 'dev-dependencies'], '[tool.pdm.dev-dependencies] must be a table of arrays');
    for (const name of Object.keys(dev)) {
      this.readStringArray(['tool', 'pdm', 'dev-dependencies', name], { group: 'dev', groupName: name, origin: 'pdm' }, true);
    }
  }

  private readUv(uv: TomlTable): void {
    if (uv['dev-dependencies'] !== undefined) {
      this.readStringArray(['tool', 'uv', 'dev-dependencies'], { group: 'dev', groupName: 'dev', origin: 'uv' });
    }
    for (const key of ['constraint-dependencies', 'override-dependencies']) {
      if (uv[key] !== undefined) {
        this.readStringArray(['tool', 'uv', key], { group: 'prod', groupName: key, origin: 'uv', constraintOnly: true });
      }
    }
    const ws = uv.workspace;
    if (isTable(ws) && ws.members !== undefined) {
      if (Array.isArray(ws.members) && ws.members.every((m) => typeof m === 'string')) {
        this.out.workspaceMembers = ws.members as string[];
      } else {
        this.typeError(['tool', 'uv', 'workspace', 'members'], '[tool.uv.workspace] members must be an array of strings');
      }
    }
  }

  // ---- shared -----------------------------------------------------------------------------------

  private readStringArray(path: TomlPath, placement: Placement, allowEditable = false): void {
    const list = getValue(this.doc, path);
    if (!Array.isArray(list)) return this.typeError(path, `${path.join('.')} must be an array of strings`);
    list.forEach((item, i) => {
      if (typeof item === 'string') this.readString(path, i, item, placement, allowEditable);
      else this.errorAt([...path, i], `${path.join('.')} entries must be strings`);
    });
  }

  private readString(container: TomlPath, index: number, text: string, placement: Placement, allowEditable: boolean): void {
    const entry = getEntry(this.doc, [...container, index]);
    if (!entry) return;
    const node = entry.node;
    const pos = stringPosition(this.doc, node);
    const endLine = node.loc.end.line;
    let body = text;
    let editable = false;
    let offset = 0;
    const e = allowEditable ? /^\s*(-e|--editable)\s+/.exec(text) : null;
    if (e) {
      editable = true;
      body = text.slice(e[0].length);
      offset = e[0].length;
    }
    let value: Pep508 | null = null;
    const parsed = parsePep508(body);
    if (parsed.ok) {
      value = parsed.value;
    } else if (editable) {
      // PDM editables may be bare URLs or paths: `-e file:///${PROJECT_ROOT}/pkg#egg=pkg`.
      const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(body);
      if (egg) value = { name: egg[1], key: normalizeName(egg[1]), extras: [], specifier: '', url: body.trim(), marker: null };
    }
    if (!value) {
      const err = parsed.ok ? { error: 'cannot tell the package name', column: 1 } : parsed;
      const column = isVerbatimString(this.doc, node, text) ? pos.column + offset + Math.max(0, err.column - 1) : pos.column;
      this.out.diagnostics.push({
        rule: 'manifest-parse-error',
        message: `invalid dependency "${text}": ${err.error}`,
        line: pos.line,
        column,
        endLine,
      });
      return;
    }
    // `mypy ; extra == "typing"` in [project] dependencies belongs to the typing extra (core metadata's
    // own spelling of extras), for the audit, split and export alike.
    const gate = placement.origin === 'pep621' ? extraGate(value.marker) : null;
    const place = gate ? { ...placement, group: groupForName(gate.extra).group, groupName: gate.extra } : placement;
    const req: Requirement = {
      name: value.name,
      key: value.key,
      specifier: value.specifier,
      extras: value.extras,
      marker: value.marker,
      url: value.url,
      editable,
      hashes: [],
      file: this.file,
      line: pos.line,
      column: pos.column,
      endLine,
      source: text,
      group: place.group,
      groupName: place.groupName,
      origin: placement.origin,
      constraintOnly: placement.constraintOnly ?? false,
      ignores: ignoresFor(this.doc, pos.line, endLine),
    };
    this.out.located.push({ req, container, member: index, kind: 'array-element' });
  }

  private errorAt(path: TomlPath, message: string): void {
    const entry = getEntry(this.doc, path);
    const node: AST.TOMLNode | undefined = entry?.keyNode ?? entry?.node;
    const pos = node ? positionAt(this.doc.lineStarts, node.range[0]) : { line: 1, column: 1 };
    this.out.diagnostics.push({ rule: 'manifest-parse-error', message, ...pos });
  }

  private typeError(path: TomlPath, message: string): void {
    this.errorAt(path, message);
  }
}

// ---- Poetry version constraints -------------------------------------------------------------------

/**
 * `inexact`: set when the constraint is a union (`^3.2 || ^4.2`) that no PEP 440 specifier set says
 * exactly; `specifier` is then '' (any version), the widest set that contains it, and `inexact` says why.
 */
export type ConstraintResult = { ok: true; specifier: string; inexact?: string } | { ok: false; error: string };

/**
 * A Poetry union as one PEP 440 range when its alternatives are ranges `>=lo,<hi` that overlap or
 * touch (`^3.2 || ^4.0` -> `>=3.2,<5.0`); a gap between them (`^3.2 || ^4.2` leaves out 4.0 and 4.1)
 * has no exact form.
 */
function poetryUnionToPep440(text: string): ConstraintResult {
  const alternatives = text.split(/\|\|?/).map((a) => a.trim()).filter((a) => a.length > 0);
  const ranges: { lo: string; hi: string }[] = [];
  const said: string[] = [];
  for (const alt of alternatives) {
    const c = poetryConstraintToPep440(alt);
    if (!c.ok) return c;
    said.push(c.specifier === '' ? 'any version' : c.specifier);
    if (c.specifier === '') return { ok: true, specifier: '' };
    const lo = /(?:^|,)>=([^,]+)/.exec(c.specifier)?.[1];
    const hi = /(?:^|,)<([^=,][^,]*)/.exec(c.specifier)?.[1];
    if (lo === undefined || hi === undefined || c.specifier.split(',').length !== 2) {
      return { ok: true, specifier: '', inexact: `"${text}" allows ${said.join(' or ')}${alternatives.length > said.length ? ' or …' : ''}, which is not one range` };
    }
    ranges.push({ lo, hi });
  }
  ranges.sort((a, b) => compareVersions(a.lo, b.lo));
  const merged = [{ ...ranges[0] }];
  for (const r of ranges.slice(1)) {
    const last = merged[merged.length - 1];
    if (compareVersions(r.lo, last.hi) <= 0) {
      if (compareVersions(r.hi, last.hi) > 0) last.hi = r.hi;
    } else merged.push({ ...r });
  }
  if (merged.length === 1) return { ok: true, specifier: `>=${merged[0].lo},<${merged[0].hi}` };
  return {
    ok: true,
    specifier: '',
    inexact: `"${text}" allows ${merged.map((r) => `>=${r.lo},<${r.hi}`).join(' or ')}; one specifier set cannot say "one of these ranges" (>=${merged[0].lo},<${merged[merged.length - 1].hi} would also allow the versions between them)`,
  };
}

/**
 * A PEP 440 version in any of the spellings PEP 440 normalizes (as Poetry reads them): optional epoch,
 * release, then pre-release, post-release and dev-release parts each with an optional '.', '-' or '_'
 * before the label and before the number (`18.3-alpha.0`, `2.0.0-beta.1`, `1.0.0-rc.1`), the implicit
 * post-release `1.0-1`, and a local label. Group 1 is the epoch, group 2 the release.
 */
const VERSION =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)(?:[-_.]?\d+)?)?(?:-\d+|[-_.]?(?:post|rev|r)(?:[-_.]?\d+)?)?(?:[-_.]?dev(?:[-_.]?\d+)?)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

/**
 * Converts a Poetry version constraint to a PEP 440 specifier set: `^1.2.3` -> `>=1.2.3,<2.0.0`,
 * `^0.2.3` -> `>=0.2.3,<0.3.0`, `~1.2` -> `>=1.2,<1.3`, `*` -> '', `1.2.*` -> `==1.2.*`,
 * bare `1.2.3` -> `==1.2.3`; PEP 440 operators are kept. Upper bounds have as many release
 * components as the version written. Alternatives (`^1 || ^2`) become one range when they touch or
 * overlap; otherwise the result is '' (any version), the widest set that contains them, with `inexact`.
 */
export function poetryConstraintToPep440(constraint: string): ConstraintResult {
  const text = constraint.trim();
  if (text.includes('||') || /(^|\s)\|(\s|$)/.test(text)) return poetryUnionToPep440(text);
  const compact = text.replace(/(===|==|!=|<=|>=|~=|\^|~|<|>|=)\s+/g, '$1');
  const parts = compact.split(/[\s,]+/).filter((p) => p.length > 0);
  const out: string[] = [];
  for (const part of parts) {
    if (part === '*') continue;
    const op = /^(===|==|!=|<=|>=|~=|\^|~|<|>|=)?(.*)$/.exec(part)!;
    const operator = op[1] ?? '';
    const version = op[2];
    if (version.length === 0) return { ok: false, error: `"${part}" has no version` };
    const wildcard = /^(\d+(?:\.\d+)*)\.\*$/.exec(version) ?? (version === '*' ? ['*', ''] : null);
    if (wildcard) {
      if (operator === '' || operator === '==' || operator === '=') {
        if (version !== '*') out.push(`==${version}`);
        continue;
      }
      if (operator === '!=') {
        out.push(`!=${version}`);
        continue;
      }
      return { ok: false, error: `"${part}" uses a wildcard with ${operator}` };
    }
    const m = VERSION.exec(version);
    if (!m) return { ok: false, error: `"${version}" is not a version` };
    const epoch = m[1] === undefined ? '' : `${m[1]}!`;
    const release = m[2].split('.').map((n) => Number.parseInt(n, 10));
    const lower = version.replace(/^v/i, '');
    if (operator === '^') {
      let bump = release.findIndex((n) => n !== 0);
      if (bump === -1) bump = release.length - 1;
      out.push(`>=${lower}`, `<${epoch}${bumpAt(release, bump)}`);
    } else if (operator === '~') {
      const bump = release.length === 1 ? 0 : 1;
      out.push(`>=${lower}`, `<${epoch}${bumpAt(release, bump)}`);
    } else if (operator === '' || operator === '=') {
      out.push(`==${lower}`);
    } else {
      out.push(`${operator}${lower}`);
    }
  }
  return { ok: true, specifier: out.join(',') };
}

function bumpAt(release: number[], index: number): string {
  return release.map((n, i) => (i < index ? n : i === index ? n + 1 : 0)).join('.');
}

type Pep508Text = { ok: true; text: string; url: string | null; editable: boolean } | { ok: false; error: string };

const MARKER_KEYS = ['python', 'platform', 'markers'] as const;

/**
 * Turns one Poetry dependency form (a constraint string or a `{ version, extras, markers, python,
 * platform, git, path, url, develop, … }` table) into PEP 508 text without the URL (validated by the
 * PEP 508 parser) plus the URL and editable flag.
 */
export function poetryDependencyToPep508(name: string, form: unknown): Pep508Text {
  if (typeof form === 'string') {
    const c = poetryConstraintToPep440(form);
    if (!c.ok) return c;
    return { ok: true, text: name + c.specifier, url: null, editable: false };
  }
  if (!isTable(form)) return { ok: false, error: 'expected a version string or a table' };
  let specifier = '';
  if (form.version !== undefined) {
    if (typeof form.version !== 'string') return { ok: false, error: 'version must be a string' };
    const c = poetryConstraintToPep440(form.version);
    if (!c.ok) return c;
    specifier = c.specifier;
  }
  let extras = '';
  if (form.extras !== undefined) {
    if (!Array.isArray(form.extras) || !form.extras.every((x) => typeof x === 'string')) return { ok: false, error: 'extras must be an array of strings' };
    if (form.extras.length > 0) extras = `[${(form.extras as string[]).join(',')}]`;
  }
  const markers: string[] = [];
  for (const key of MARKER_KEYS) {
    const v = form[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { ok: false, error: `${key} must be a string` };
    if (key === 'markers') markers.push(v.trim());
    else if (key === 'platform') markers.push(`sys_platform == "${v.trim()}"`);
    else {
      const c = poetryConstraintToPep440(v);
      if (!c.ok) return { ok: false, error: `python: ${c.error}` };
      const m = pythonSpecifierToMarker(c.specifier);
      if (m) markers.push(m);
    }
  }
  let url: string | null = null;
  if (typeof form.git === 'string') {
    const ref = [form.rev, form.tag, form.branch].find((r) => typeof r === 'string') as string | undefined;
    url = `${form.git.startsWith('git+') ? '' : 'git+'}${form.git}${ref ? `@${ref}` : ''}`;
    if (typeof form.subdirectory === 'string') url += `#subdirectory=${form.subdirectory}`;
  } else if (typeof form.path === 'string') {
    url = form.path;
  } else if (typeof form.url === 'string') {
    url = form.url;
  }
  const marker =
    markers.length === 0 ? '' : markers.length === 1 ? ` ; ${markers[0]}` : ` ; ${markers.map((m) => `(${m})`).join(' and ')}`;
  return { ok: true, text: `${name}${extras}${url ? '' : specifier}${marker}`, url, editable: form.develop === true };
}

/** `>=3.8,<4.0` -> `python_version >= "3.8" and python_version < "4.0"`; '' -> null. */
export function pythonSpecifierToMarker(specifier: string): string | null {
  if (!specifier) return null;
  const clauses = specifier.split(',').map((c) => {
    const m = /^(===|==|!=|<=|>=|~=|<|>)(.*)$/.exec(c)!;
    const variable = m[2].replace(/\.\*$/, '').split('.').length > 2 ? 'python_full_version' : 'python_version';
    return `${variable} ${m[1]} "${m[2]}"`;
  });
  return clauses.join(' and ');
}
