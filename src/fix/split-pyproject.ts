// Moves development tools out of a pyproject.toml's production dependencies into its development
// set, by minimal splices at exact AST ranges: every byte outside the moved entries stays as it was.
// The result is re-read and checked before it is returned; on any doubt the original comes back.
//
// Comments travel with their entry. An entry's own-line comment (`"black>=24.0",  # formats migrations`)
// follows it into a multi-line destination array as is. A one-line destination array
// (`dev = ["ruff>=0.7", {include-group = "test"}]`) is not reflowed: the entry is appended inside the
// brackets and its comment becomes a comment line directly above the array's line, naming the entry
// (`# black>=24.0: formats migrations`). A moved entry that a development set already covers (same
// name, and nothing the production entry states that the development one lacks) is only removed from
// production; its comment goes on a line above the covering entry. The check after the edit counts
// comments too: none may be lost or gained.
import type { AST } from 'toml-eslint-parser';
import type { Diagnostic, Requirement } from '../model.js';
import { parsePyprojectDetailed, type LocatedRequirement } from '../parse/pyproject.js';
import { extraGate } from '../parse/extra-gate.js';
import { groupForDependencyGroup } from '../catalog/groups.js';
import { normalizeName } from '../catalog/names.js';
import { getEntry, getValue, isTable, parseTomlDocument, positionAt, type TomlDocument, type TomlPath } from '../parse/toml.js';

export type SplitTarget = 'pep735' | 'poetry' | 'pdm' | 'uv';

export interface SplitPyprojectOptions {
  /** Where moved entries go; 'auto' (default) picks the development set the project already uses. */
  target?: 'auto' | SplitTarget;
  /** Group name in the target ('dev' by default). */
  group?: string;
}

export interface AlreadyInDev {
  name: string;
  key: string;
  /** 1-based line of the production entry that was removed. */
  line: number;
  /** Where the development set already has it, for people: 'the test group', 'the test extra', … */
  where: string;
}

export interface SplitPyprojectResult {
  content: string;
  moved: Requirement[];
  /** Moved entries that a development set already had: removed from production, not added again. */
  already: AlreadyInDev[];
  /** The development set PEP 621 entries went to. Poetry-table entries always go to a Poetry group. */
  target: SplitTarget;
  diagnostics: Diagnostic[];
}

const FILE = 'pyproject.toml';

class SplitError extends Error {}

/** One entry to add to the destination: its text and the comment that followed it on its line. */
interface NewEntry {
  text: string;
  comment: string | null;
  req: Requirement;
}

export function splitPyproject(
  original: string,
  shouldMove: (req: Requirement) => boolean,
  opts: SplitPyprojectOptions = {},
): SplitPyprojectResult {
  // Offsets are relative to the text after a BOM; the BOM is put back on the way out.
  const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
  const result = splitWithoutBom(original.slice(bom.length), shouldMove, opts);
  return { ...result, content: bom + result.content };
}

function splitWithoutBom(content: string, shouldMove: (req: Requirement) => boolean, opts: SplitPyprojectOptions): SplitPyprojectResult {
  const before = parsePyprojectDetailed(content, FILE);
  const requested = opts.target ?? 'auto';
  if (!before.doc) {
    return { content, moved: [], already: [], target: requested === 'auto' ? 'pep735' : requested, diagnostics: before.diagnostics };
  }
  const doc0 = before.doc;
  const target = requested === 'auto' ? autoTarget(doc0) : requested;
  const groupName = opts.group ?? 'dev';
  const fail = (message: string, line = 1): SplitPyprojectResult => ({
    content,
    moved: [],
    already: [],
    target,
    diagnostics: [{ rule: 'split-failed', message, line, column: 1 }],
  });

  const selected = before.located.filter((l) => isMovable(l) && shouldMove(l.req));
  if (selected.length === 0) return { content, moved: [], already: [], target, diagnostics: [] };
  // A Poetry key with several constraint tables moves as a whole.
  const poetryKeys = new Set(selected.filter((l) => l.kind === 'table-entry').map((l) => String(l.member)));
  const moving = before.located.filter(
    (l) => selected.includes(l) || (isMovable(l) && l.kind === 'table-entry' && poetryKeys.has(String(l.member))),
  );

  // A Poetry package written with dotted keys (`pytest.version = "^8"`) or as a `[…dependencies.pytest]`
  // table has no single key-value to move: say so rather than guess at an edit.
  for (const l of moving) {
    if (l.kind !== 'table-entry') continue;
    const entry = getEntry(doc0, [...l.container, l.member]);
    if (entry?.keyValue) continue;
    const where = `[${l.container.join('.')}]`;
    const line = entry ? positionAt(doc0.lineStarts, entry.node.range[0]).line : l.req.line;
    const form =
      entry?.node.type === 'TOMLTable'
        ? `is its own table ([${[...l.container, l.member].join('.')}], line ${line})`
        : `is written with dotted keys (${String(l.member)}.version = …, line ${l.req.line})`;
    return fail(
      `"${String(l.member)}" in ${where} ${form}; split edits only one-line entries such as ${String(l.member)} = { version = "…" }: rewrite it that way, or move it by hand`,
      l.req.line,
    );
  }

  try {
    const pep621 = moving.filter((l) => l.kind === 'array-element');
    const poetry = moving.filter((l) => l.kind === 'table-entry');
    if (target !== 'poetry' && target !== 'pep735' && target !== 'pdm' && target !== 'uv') return fail(`unknown target "${String(target)}"`);
    if (target === 'pep735' && groupForDependencyGroup(groupName).group !== 'dev') {
      return fail(`dependency group "${groupName}" would count as production; choose a development group name`);
    }

    // Texts to insert, taken from the original before anything is removed.
    const comments = new Map<LocatedRequirement, string | null>();
    for (const l of moving) comments.set(l, trailingComment(doc0, l));
    const covered = coveredByDev(before.located, moving);
    const arrayEntries: NewEntry[] = [];
    const poetryEntries: NewEntry[] = [];
    const seenPoetryKeys = new Set<string>();
    for (const l of pep621) {
      if (covered.has(l)) continue;
      const node = getEntry(doc0, [...l.container, l.member])!.node;
      if (target === 'poetry') poetryEntries.push({ text: pep508ToPoetryLine(l.req), comment: comments.get(l) ?? null, req: l.req });
      else arrayEntries.push({ text: content.slice(node.range[0], node.range[1]), comment: comments.get(l) ?? null, req: l.req });
    }
    for (const l of poetry) {
      const key = String(l.member);
      if (covered.has(l) || seenPoetryKeys.has(key)) continue;
      seenPoetryKeys.add(key);
      const kv = getEntry(doc0, [...l.container, l.member])!.keyValue!;
      poetryEntries.push({ text: content.slice(kv.range[0], kv.range[1]), comment: comments.get(l) ?? null, req: l.req });
    }

    // 1. Remove, from the last entry to the first, re-reading after each splice.
    const removals = [...new Map(moving.map((l) => [JSON.stringify([...l.container, l.member]), l])).values()];
    removals.sort((a, b) => startOf(doc0, b) - startOf(doc0, a));
    let text = content;
    for (const l of removals) {
      const doc = reparse(text);
      text = removeEntry(doc, l);
    }

    // 2. Insert into the destination(s).
    const skipped = new Set<Requirement>([...covered.keys()].map((l) => l.req));
    if (arrayEntries.length > 0) text = insertArrayEntries(text, target as Exclude<SplitTarget, 'poetry'>, groupName, arrayEntries, skipped);
    if (poetryEntries.length > 0) text = insertPoetryEntries(text, target === 'poetry' ? groupName : 'dev', poetryEntries, skipped);
    // The comment of an entry a development set already has goes above the entry that covers it.
    for (const [l, dev] of [...covered].sort((a, b) => startOf(doc0, b[1]) - startOf(doc0, a[1]))) {
      const comment = comments.get(l);
      if (!comment) continue;
      const doc = reparse(text);
      const at = getEntry(doc, [...dev.container, dev.member]);
      if (!at) throw new SplitError(`cannot find ${[...dev.container, dev.member].join('.')} again`);
      text = commentAbove(text, at.keyValue && dev.kind === 'table-entry' ? at.keyValue.range[0] : at.node.range[0], [{ label: l.req.source, comment }], doc.eol);
    }

    // 3. Verify: same requirements, only the moved ones changed set, and every comment still there.
    const after = parsePyprojectDetailed(text, FILE);
    if (!after.doc) return fail(`the edited file would not parse: ${after.diagnostics[0]?.message ?? 'unknown error'}`);
    const problem = verify(before.located, after.located, moving, skipped);
    if (problem) return fail(problem);
    if (after.diagnostics.length !== before.diagnostics.length) return fail('the edited file reads with different diagnostics');
    const lost = lostComment(doc0, after.doc);
    if (lost !== null) return fail(`the edit would lose the comment ${JSON.stringify(lost)}`);
    const already: AlreadyInDev[] = [...covered]
      .map(([l, dev]) => ({ name: l.req.name, key: l.req.key, line: l.req.line, where: describeSet(dev.req) }))
      .sort((a, b) => a.line - b.line);
    const diagnostics: Diagnostic[] = already.map((a) => ({
      rule: 'split-duplicate',
      line: a.line,
      column: 1,
      message: `${a.name} is already in ${a.where}; removed from the production dependencies, not added again`,
    }));
    return { content: text, moved: moving.map((l) => l.req), already, target, diagnostics };
  } catch (error) {
    return fail(error instanceof SplitError ? error.message : `cannot edit this layout: ${String(error)}`);
  }
}

/**
 * Moving entries that a development set already installs: an entry there with the same name that
 * asks for at least as much (the production entry adds no specifier, extra, URL or marker it lacks,
 * and it has no marker of its own that the production entry does not share). A Poetry key with
 * several constraint tables counts only when each of them is covered. Maps each to the covering entry.
 */
function coveredByDev(located: LocatedRequirement[], moving: LocatedRequirement[]): Map<LocatedRequirement, LocatedRequirement> {
  const dev = located.filter((l) => l.req.group === 'dev' && !l.req.constraintOnly && !moving.includes(l));
  const found = new Map<LocatedRequirement, LocatedRequirement>();
  for (const l of moving) {
    const by = dev.find((d) => covers(d.req, l.req));
    if (by) found.set(l, by);
  }
  for (const l of moving) {
    if (l.kind !== 'table-entry') continue;
    const sameKey = moving.filter((m) => m.kind === 'table-entry' && m.member === l.member);
    if (!sameKey.every((m) => found.has(m))) for (const m of sameKey) found.delete(m);
  }
  return found;
}

function covers(dev: Requirement, prod: Requirement): boolean {
  if (dev.key !== prod.key) return false;
  if (prod.specifier !== '' && prod.specifier !== dev.specifier) return false;
  if (dev.marker !== null && dev.marker !== prod.marker) return false;
  if (prod.marker !== null && prod.marker !== dev.marker) return false;
  if (prod.url !== null && prod.url !== dev.url) return false;
  if (prod.editable && !dev.editable) return false;
  const extras = new Set(dev.extras.map(normalizeName));
  return prod.extras.every((x) => extras.has(normalizeName(x)));
}

/** A development set, for people: 'the test group', 'the test extra', 'the Poetry dev group'. */
function describeSet(req: Requirement): string {
  const name = req.groupName ?? 'dev';
  switch (req.origin) {
    case 'dependency-groups':
      return `the ${name} group`;
    case 'optional-dependencies':
      return `the ${name} extra`;
    case 'poetry':
      return `the Poetry ${name} group`;
    case 'pdm':
      return `the PDM ${name} dev dependencies`;
    case 'uv':
      return '[tool.uv] dev-dependencies';
    default:
      return `the ${name} set`;
  }
}

function isMovable(l: LocatedRequirement): boolean {
  if (l.req.constraintOnly) return false;
  // `mypy ; extra == "typing"` is the typing extra written inside [project] dependencies: moved to a
  // group, `pip install app[typing]` would lose it and its marker would never be true there.
  if (extraGate(l.req.marker) !== null) return false;
  if (l.req.origin === 'pep621') return true;
  return l.req.origin === 'poetry' && l.req.groupName === null && pathEquals(l.container, ['tool', 'poetry', 'dependencies']);
}

function pathEquals(a: TomlPath, b: TomlPath): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function autoTarget(doc: TomlDocument): SplitTarget {
  if (getValue(doc, ['dependency-groups']) !== undefined) return 'pep735';
  if (isTable(getValue(doc, ['tool', 'poetry']))) return 'poetry';
  if (getValue(doc, ['tool', 'pdm', 'dev-dependencies']) !== undefined) return 'pdm';
  if (getValue(doc, ['tool', 'uv', 'dev-dependencies']) !== undefined) return 'uv';
  return 'pep735';
}

function reparse(text: string): TomlDocument {
  const r = parseTomlDocument(text);
  if (!r.ok) throw new SplitError(`an intermediate edit does not parse: ${r.diagnostic.message}`);
  return r.doc;
}

function startOf(doc: TomlDocument, l: LocatedRequirement): number {
  return getEntry(doc, [...l.container, l.member])!.node.range[0];
}

// ---- text helpers ---------------------------------------------------------------------------------

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the '\n' ending the line that contains `offset`, or text.length. */
function lineEndOf(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i;
}

function splice(text: string, start: number, end: number, insert = ''): string {
  return text.slice(0, start) + insert + text.slice(end);
}

function isBlank(s: string): boolean {
  return /^[ \t\r\n]*$/.test(s);
}

function commaBetween(doc: TomlDocument, from: number, to: number): AST.Token | undefined {
  return doc.ast.tokens.find((t) => t.type === 'Punctuator' && t.value === ',' && t.range[0] >= from && t.range[1] <= to);
}

function hasComment(doc: TomlDocument, from: number, to: number): boolean {
  return doc.ast.comments.some((c) => c.range[0] >= from && c.range[1] <= to);
}

const OWN_LINE_TAIL = /^[ \t]*(,)?[ \t]*(#[^\r\n]*)?\r?$/;

/** The comment after an entry on its own line (`"pytest",  # tests`), which moves with it. */
function trailingComment(doc: TomlDocument, l: LocatedRequirement): string | null {
  const entry = getEntry(doc, [...l.container, l.member]);
  if (!entry) return null;
  const node = l.kind === 'table-entry' ? entry.keyValue! : entry.node;
  const text = doc.content;
  const end = node.range[1];
  const tail = text.slice(end, lineEndOf(text, end));
  const m = OWN_LINE_TAIL.exec(tail);
  if (!m || !m[2]) return null;
  if (!isBlank(text.slice(lineStartOf(text, node.range[0]), node.range[0]))) return null;
  return m[2];
}

// ---- removal --------------------------------------------------------------------------------------

function removeEntry(doc: TomlDocument, l: LocatedRequirement): string {
  const entry = getEntry(doc, [...l.container, l.member]);
  if (!entry) throw new SplitError(`cannot find ${[...l.container, l.member].join('.')} again`);
  const text = doc.content;
  if (l.kind === 'array-element') {
    const array = getEntry(doc, l.container)?.node;
    if (!array || array.type !== 'TOMLArray') throw new SplitError(`${l.container.join('.')} is not an array`);
    return removeFromSequence(doc, array.elements, Number(l.member), array.range[1] - 1, true);
  }
  const kv = entry.keyValue;
  if (!kv) throw new SplitError(`"${String(l.member)}" is defined by a table header; edit it by hand`);
  const parent = kv.parent;
  if (parent.type === 'TOMLInlineTable') {
    return removeFromSequence(doc, parent.body, parent.body.indexOf(kv), parent.range[1] - 1, false);
  }
  // A key-value in a standard table sits on its own line(s): remove them with their comment.
  const start = lineStartOf(text, kv.range[0]);
  if (!isBlank(text.slice(start, kv.range[0]))) throw new SplitError(`"${String(l.member)}" does not start its line`);
  const end = lineEndOf(text, kv.range[1]);
  return splice(text, start, Math.min(text.length, end + 1));
}

/**
 * Removes items[index] from an array (or inline table) whose closing bracket is at `close`.
 * An item alone on its line loses the whole line (with its comma and comment); otherwise the item
 * goes with its own comma, or, for the last item, with the comma before it.
 */
function removeFromSequence(doc: TomlDocument, items: AST.TOMLNode[], index: number, close: number, allowOwnLine: boolean): string {
  const text = doc.content;
  const item = items[index];
  if (!item) throw new SplitError('entry index out of range');
  const [s, e] = item.range;
  const prev = items[index - 1];
  const next = items[index + 1];
  const commaAfter = commaBetween(doc, e, next ? next.range[0] : close);
  const ls = lineStartOf(text, s);
  const le = lineEndOf(text, e);
  const ownLine =
    allowOwnLine &&
    isBlank(text.slice(ls, s)) &&
    OWN_LINE_TAIL.test(text.slice(e, le)) &&
    (!commaAfter || commaAfter.range[0] < le) &&
    le < close;
  if (ownLine) return splice(text, ls, Math.min(text.length, le + 1));
  if (commaAfter) {
    if (!isBlank(text.slice(e, commaAfter.range[0])) || hasComment(doc, e, commaAfter.range[0])) {
      throw new SplitError('a comment sits between an entry and its comma');
    }
    let start = s;
    let end = commaAfter.range[1];
    const rest = text.slice(end, lineEndOf(text, end));
    if (/^[ \t]*(#.*)?\r?$/.test(rest)) {
      // The entry ended its line: take the spaces before it instead of after.
      while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    } else {
      while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    }
    return splice(text, start, end);
  }
  if (prev) {
    const commaBefore = commaBetween(doc, prev.range[1], s);
    if (!commaBefore) throw new SplitError('no comma between entries');
    if (hasComment(doc, prev.range[1], commaBefore.range[0])) throw new SplitError('a comment sits between an entry and its comma');
    if (!hasComment(doc, commaBefore.range[1], s)) return splice(text, commaBefore.range[0], e);
    // Keep the comment between the previous entry and this one.
    const t = splice(text, s, e);
    return splice(t, commaBefore.range[0], commaBefore.range[1]);
  }
  let start = s;
  let end = e;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return splice(text, start, end);
}

// ---- insertion ------------------------------------------------------------------------------------

function commentLines(entries: NewEntry[]): { label: string; comment: string }[] {
  return entries.flatMap((e) => (e.comment ? [{ label: e.req.source, comment: e.comment }] : []));
}

/**
 * Puts `# <label>: <comment text>` lines directly above the line holding `offset`, indented like
 * that line. Text after `offset` on the line is untouched, so the offset must not move: callers pass
 * an offset that lies before every splice they made on that line.
 */
function commentAbove(text: string, offset: number, notes: { label: string; comment: string }[], eol: string): string {
  if (notes.length === 0) return text;
  const start = lineStartOf(text, offset);
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const block = notes.map((n) => `${indent}# ${n.label}: ${n.comment.replace(/^#[ \t]?/, '')}${eol}`).join('');
  return splice(text, start, start, block);
}

function bareOrQuotedKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function entryLine(entry: NewEntry, suffix: string): string {
  return entry.text + suffix + (entry.comment ? `  ${entry.comment}` : '');
}

function sig(r: Requirement): string {
  return JSON.stringify([r.key, r.specifier, r.marker ?? '', [...r.extras].map(normalizeName).sort(), r.url ?? '', r.editable]);
}

/** Where new array entries go for each target: the array path and how to create it. */
function arrayDestination(doc: TomlDocument, target: Exclude<SplitTarget, 'poetry'>, group: string): { table: TomlPath; key: string } {
  if (target === 'pep735') {
    const groups = getValue(doc, ['dependency-groups']);
    const existing = isTable(groups) ? Object.keys(groups).find((k) => normalizeName(k) === normalizeName(group)) : undefined;
    return { table: ['dependency-groups'], key: existing ?? group };
  }
  if (target === 'pdm') {
    const groups = getValue(doc, ['tool', 'pdm', 'dev-dependencies']);
    const existing = isTable(groups) ? Object.keys(groups).find((k) => normalizeName(k) === normalizeName(group)) : undefined;
    return { table: ['tool', 'pdm', 'dev-dependencies'], key: existing ?? group };
  }
  return { table: ['tool', 'uv'], key: 'dev-dependencies' };
}

function insertArrayEntries(
  text: string,
  target: Exclude<SplitTarget, 'poetry'>,
  group: string,
  entries: NewEntry[],
  skipped: Set<Requirement>,
): string {
  const doc = reparse(text);
  const dest = arrayDestination(doc, target, group);
  const arrayPath = [...dest.table, dest.key];
  const present = new Set(
    parsePyprojectDetailed(text, FILE)
      .located.filter((l) => pathEquals(l.container, arrayPath))
      .map((l) => sig(l.req)),
  );
  const fresh: NewEntry[] = [];
  for (const e of entries) {
    if (present.has(sig(e.req))) {
      skipped.add(e.req);
      // The same entry twice in production: the one added keeps both comments.
      const kept = fresh.find((f) => sig(f.req) === sig(e.req));
      if (kept && e.comment) kept.comment = kept.comment ? `${kept.comment} ${e.comment}` : e.comment;
    } else {
      present.add(sig(e.req));
      fresh.push(e);
    }
  }
  if (fresh.length === 0) return text;
  const arrayEntry = getEntry(doc, arrayPath);
  if (arrayEntry) {
    if (arrayEntry.node.type !== 'TOMLArray') throw new SplitError(`${arrayPath.join('.')} is not an array`);
    return appendToArray(doc, arrayEntry.node, fresh);
  }
  const lines = [`${bareOrQuotedKey(dest.key)} = [`, ...fresh.map((e) => '    ' + entryLine(e, ',')), ']'];
  return addToTable(doc, dest.table, lines);
}

function appendToArray(doc: TomlDocument, array: AST.TOMLArray, entries: NewEntry[]): string {
  const text = doc.content;
  const eol = doc.eol;
  const close = array.range[1] - 1;
  const closeLineStart = lineStartOf(text, close);
  const closeAlone = isBlank(text.slice(closeLineStart, close));
  const last = array.elements[array.elements.length - 1];
  const multiLine = closeAlone && lineStartOf(text, array.range[0]) !== closeLineStart;
  if (!multiLine) {
    // A one-line array stays on one line; the comments go above it (see the top of this file).
    const joined = entries.map((e) => e.text).join(', ');
    const out = !last ? splice(text, array.range[0] + 1, array.range[0] + 1, joined) : splice(text, last.range[1], last.range[1], `, ${joined}`);
    return commentAbove(out, array.range[0], commentLines(entries), eol);
  }
  let indent = '    ';
  if (last) {
    const ls = lineStartOf(text, last.range[0]);
    const lead = text.slice(ls, last.range[0]);
    if (isBlank(lead)) indent = lead;
  } else {
    indent = text.slice(closeLineStart, close) + '    ';
  }
  const block = entries.map((e) => indent + entryLine(e, ',') + eol).join('');
  let out = splice(text, closeLineStart, closeLineStart, block);
  if (last && !commaBetween(doc, last.range[1], close)) out = splice(out, last.range[1], last.range[1], ',');
  return out;
}

/** Adds lines at the end of a `[table]` (after its last key-value), or creates the table at the end of the file. */
function addToTable(doc: TomlDocument, table: TomlPath, lines: string[]): string {
  const text = doc.content;
  const eol = doc.eol;
  const entry = getEntry(doc, table);
  if (entry) {
    if (entry.node.type !== 'TOMLTable') throw new SplitError(`[${table.join('.')}] is written inline; add the entries by hand`);
    const header = entry.node;
    const lastKv = header.body[header.body.length - 1];
    const anchor = lastKv ? lastKv.range[1] : header.key.range[1];
    const le = lineEndOf(text, anchor);
    const block = lines.map((l) => l + eol).join('');
    if (le === text.length) return text + eol + block;
    return splice(text, le + 1, le + 1, block);
  }
  if (getValue(doc, table) !== undefined) throw new SplitError(`[${table.join('.')}] is written inline; add the entries by hand`);
  let prefix = '';
  if (text.length > 0) {
    if (!text.endsWith('\n')) prefix = eol + eol;
    else if (!/\n[ \t]*\r?\n$/.test(text) && text.trim() !== '') prefix = eol;
  }
  const headerLine = `[${table.map((k) => bareOrQuotedKey(String(k))).join('.')}]`;
  return text + prefix + [headerLine, ...lines].map((l) => l + eol).join('');
}

function insertPoetryEntries(text: string, group: string, entries: NewEntry[], skipped: Set<Requirement>): string {
  let doc = reparse(text);
  const poetry = getValue(doc, ['tool', 'poetry']);
  const groups = isTable(poetry) && isTable(poetry.group) ? poetry.group : {};
  const existingGroup = Object.keys(groups).find((g) => normalizeName(g) === normalizeName(group));
  let table: TomlPath;
  if (existingGroup !== undefined) table = ['tool', 'poetry', 'group', existingGroup, 'dependencies'];
  else if (isTable(poetry) && poetry['dev-dependencies'] !== undefined && normalizeName(group) === 'dev') table = ['tool', 'poetry', 'dev-dependencies'];
  else table = ['tool', 'poetry', 'group', group, 'dependencies'];
  if (table.length === 5 && groupForDependencyGroup(String(table[3])).group !== 'dev') {
    throw new SplitError(`Poetry group "${String(table[3])}" would count as production; choose a development group name`);
  }
  const current = getValue(doc, table);
  const existingKeys = new Map<string, string>();
  if (isTable(current)) for (const k of Object.keys(current)) existingKeys.set(normalizeName(k), k);
  const present = new Set(
    parsePyprojectDetailed(text, FILE)
      .located.filter((l) => pathEquals(l.container, table))
      .map((l) => sig(l.req)),
  );
  const fresh: NewEntry[] = [];
  for (const e of entries) {
    if (existingKeys.has(e.req.key)) {
      if (present.has(sig(e.req))) {
        skipped.add(e.req);
        continue;
      }
      throw new SplitError(`"${e.req.name}" is already in [${table.join('.')}] with a different constraint`);
    }
    existingKeys.set(e.req.key, e.req.name);
    fresh.push(e);
  }
  if (fresh.length === 0) return text;
  const lines = fresh.map((e) => entryLine(e, ''));
  const entry = getEntry(doc, table);
  if (entry && entry.node.type === 'TOMLInlineTable') {
    // `dependencies = { … }`: append inside the braces.
    const inline = entry.node;
    const last = inline.body[inline.body.length - 1];
    const joined = fresh.map((e) => e.text).join(', ');
    const out = last ? splice(text, last.range[1], last.range[1], `, ${joined}`) : splice(text, inline.range[0] + 1, inline.range[0] + 1, ` ${joined} `);
    return commentAbove(out, inline.range[0], commentLines(fresh), doc.eol);
  }
  doc = reparse(text);
  return addToTable(doc, table, lines);
}

/** `pytest[toml]>=7 ; python_version < "3.12"` as a Poetry dependency line. */
function pep508ToPoetryLine(req: Requirement): string {
  if (req.url) throw new SplitError(`"${req.name}" is a URL requirement; move it to a Poetry group by hand`);
  const version = req.specifier === '' ? '*' : req.specifier;
  const key = bareOrQuotedKey(req.name);
  if (req.extras.length === 0 && req.marker === null) return `${key} = ${JSON.stringify(version)}`;
  const parts = [`version = ${JSON.stringify(version)}`];
  if (req.extras.length > 0) parts.push(`extras = [${req.extras.map((x) => JSON.stringify(x)).join(', ')}]`);
  if (req.marker !== null) parts.push(`markers = ${JSON.stringify(req.marker)}`);
  return `${key} = { ${parts.join(', ')} }`;
}

// ---- verification ---------------------------------------------------------------------------------

/** A comment of `before` whose text `after` holds fewer times (comments may be merged or prefixed). */
function lostComment(before: TomlDocument, after: TomlDocument): string | null {
  const texts = (doc: TomlDocument): string[] => doc.ast.comments.map((c) => doc.content.slice(c.range[0], c.range[1]).replace(/^#[ \t]?/, '').trim());
  const mine = texts(before);
  const theirs = texts(after).join('\n');
  const occurrences = (hay: string, needle: string): number => (needle === '' ? 0 : hay.split(needle).length - 1);
  for (const text of new Set(mine)) {
    if (occurrences(theirs, text) < occurrences(mine.join('\n'), text)) return text;
  }
  return null;
}

function show(tagText: string): string {
  return tagText.split('\u0000').join(' | ');
}

function tag(r: Requirement): string {
  return [sig(r), r.group, r.groupName ?? '', r.origin, String(r.constraintOnly)].join('\u0000');
}

/**
 * The edited file must hold the same requirements: every unmoved one with its set unchanged, and
 * every moved one (unless an identical entry was already there) once more, in the development set.
 */
function verify(
  before: LocatedRequirement[],
  after: LocatedRequirement[],
  moving: LocatedRequirement[],
  skipped: Set<Requirement>,
): string | null {
  const movingReqs = new Set(moving.map((l) => l.req));
  const expected = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, d: number): void => {
    m.set(k, (m.get(k) ?? 0) + d);
  };
  for (const l of before) if (!movingReqs.has(l.req)) bump(expected, tag(l.req), 1);
  const actual = new Map<string, number>();
  const newDev = new Map<string, number>();
  for (const l of after) bump(actual, tag(l.req), 1);
  for (const l of moving) if (!skipped.has(l.req)) bump(newDev, sig(l.req), 1);
  // Whatever is in `actual` beyond `expected` must be exactly the moved requirements, as dev.
  for (const [k, n] of expected) {
    const have = actual.get(k) ?? 0;
    if (have < n) return `a requirement changed or disappeared: ${show(k)}`;
    actual.set(k, have - n);
  }
  for (const [k, n] of actual) {
    if (n === 0) continue;
    const [s, group, groupName, origin] = k.split('\u0000');
    if (group !== 'dev' && origin === 'dependency-groups') {
      return `the dependency group "${groupName}" is included by a production group ({include-group = "${groupName}"}), so what moves there would still be installed in production; choose another group`;
    }
    if (group !== 'dev') return `a moved requirement is not in the development set: ${show(k)}`;
    const want = newDev.get(s) ?? 0;
    if (want < n) return `an unexpected requirement appeared: ${show(k)}`;
    newDev.set(s, want - n);
  }
  for (const [s, n] of newDev) if (n !== 0) return `a moved requirement did not arrive: ${s}`;
  return null;
}
