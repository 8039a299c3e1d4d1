// Shared TOML reading for pyproject.toml and Pipfile: parse to an AST with exact ranges, index every
// value by its full key path, and turn parser errors into diagnostics. Pure; never throws.
import { parseIgnoreNames } from './suppression.js';
import { parseTOML, getStaticTOMLValue, type AST } from 'toml-eslint-parser';
import type { Diagnostic } from '../model.js';

export type TomlPath = readonly (string | number)[];
export type TomlTable = { [key: string]: unknown };

/** Where a value was defined: the value node plus the key-value (or table header) that holds it. */
export interface TomlEntry {
  path: TomlPath;
  /** The value node (string, array, inline table, …) or the `[table]` header node for a table. */
  node: AST.TOMLContentNode | AST.TOMLTable;
  /** The key-value pair that defines the value; null for array elements and `[table]` headers. */
  keyValue: AST.TOMLKeyValue | null;
  /** The last key segment as written (for positions of keys such as Poetry package names). */
  keyNode: AST.TOMLBare | AST.TOMLQuoted | null;
}

export interface TomlDocument {
  content: string;
  ast: AST.TOMLProgram;
  /** Plain JavaScript value of the whole document. */
  value: TomlTable;
  /** Every key path (tables, keys, array elements), in document order. */
  entries: Map<string, TomlEntry>;
  /** 1-based line of each comment, with its text after '#'. */
  commentsByLine: Map<number, { text: string; alone: boolean }>;
  lineStarts: number[];
  eol: '\n' | '\r\n';
}

export type TomlParseResult = { ok: true; doc: TomlDocument } | { ok: false; diagnostic: Diagnostic };

export function pathKey(path: TomlPath): string {
  return JSON.stringify(path);
}

/**
 * Parses TOML 1.0 (what Python's tomllib and pip read). A UTF-8 BOM is dropped: `doc.content` and
 * every offset are relative to the text after it. Errors become one 'manifest-parse-error'
 * diagnostic at the parser's 1-based line and column.
 */
export function parseTomlDocument(content: string): TomlParseResult {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text, { tomlVersion: '1.0' });
  } catch (error) {
    return { ok: false, diagnostic: tomlErrorToDiagnostic(error, text) };
  }
  let value: TomlTable;
  try {
    value = getStaticTOMLValue(ast) as TomlTable;
  } catch (error) {
    return { ok: false, diagnostic: tomlErrorToDiagnostic(error, text) };
  }
  const entries = new Map<string, TomlEntry>();
  const add = (entry: TomlEntry): void => {
    const k = pathKey(entry.path);
    if (!entries.has(k)) entries.set(k, entry);
  };
  const top = ast.body[0];
  for (const item of top.body) {
    if (item.type === 'TOMLTable') {
      add({ path: item.resolvedKey, node: item, keyValue: null, keyNode: null });
      for (const kv of item.body) indexKeyValue(kv, item.resolvedKey, add);
    } else {
      indexKeyValue(item, [], add);
    }
  }
  const lineStarts = computeLineStarts(text);
  const commentsByLine = new Map<number, { text: string; alone: boolean }>();
  for (const c of ast.comments) {
    const line = c.loc.start.line;
    const before = text.slice(lineStarts[line - 1], c.range[0]);
    commentsByLine.set(line, { text: c.value, alone: before.trim() === '' });
  }
  return { ok: true, doc: { content: text, ast, value, entries, commentsByLine, lineStarts, eol: detectEol(text) } };
}

function indexKeyValue(kv: AST.TOMLKeyValue, base: TomlPath, add: (e: TomlEntry) => void): void {
  const keys = kv.key.keys;
  const names = keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
  // Dotted keys define their intermediate tables implicitly: index them too.
  for (let i = 1; i < names.length; i++) {
    add({ path: [...base, ...names.slice(0, i)], node: kv.value, keyValue: null, keyNode: keys[i - 1] });
  }
  const path = [...base, ...names];
  add({ path, node: kv.value, keyValue: kv, keyNode: keys[keys.length - 1] });
  indexValue(kv.value, path, add);
}

function indexValue(node: AST.TOMLContentNode, path: TomlPath, add: (e: TomlEntry) => void): void {
  if (node.type === 'TOMLArray') {
    node.elements.forEach((el, i) => {
      add({ path: [...path, i], node: el, keyValue: null, keyNode: null });
      indexValue(el, [...path, i], add);
    });
  } else if (node.type === 'TOMLInlineTable') {
    for (const kv of node.body) indexKeyValue(kv, path, add);
  }
}

export function tomlErrorToDiagnostic(error: unknown, text: string): Diagnostic {
  const e = error as { message?: unknown; lineNumber?: unknown; column?: unknown; index?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  let line = typeof e?.lineNumber === 'number' && e.lineNumber >= 1 ? e.lineNumber : 1;
  // toml-eslint-parser columns are 0-based.
  let column = typeof e?.column === 'number' && e.column >= 0 ? e.column + 1 : 1;
  if (typeof e?.lineNumber !== 'number' && typeof e?.index === 'number') {
    const pos = positionAt(computeLineStarts(text), e.index);
    line = pos.line;
    column = pos.column;
  }
  // An error at the very end of a file that ends with a newline belongs to the last real line.
  const starts = computeLineStarts(text);
  if (line > 1 && line === starts.length && starts[line - 1] === text.length) {
    line -= 1;
    column = text.slice(starts[line - 1]).replace(/\r?\n$/, '').length + 1;
  }
  return { rule: 'manifest-parse-error', message: `invalid TOML: ${message}`, line, column };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a 0-based offset. */
export function positionAt(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

export function detectEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
      else lf++;
    }
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function getEntry(doc: TomlDocument, path: TomlPath): TomlEntry | undefined {
  return doc.entries.get(pathKey(path));
}

/** The plain value at `path`, or undefined. */
export function getValue(doc: TomlDocument, path: TomlPath): unknown {
  let cur: unknown = doc.value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

export function isTable(v: unknown): v is TomlTable {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * Offset of the first character inside a string value's quotes (after the newline a multi-line
 * string may start with, which TOML trims).
 */
export function stringContentStart(doc: TomlDocument, node: AST.TOMLNode): number {
  let start = node.range[0];
  const text = doc.content;
  const q = text[start];
  if (q === '"' || q === "'") {
    if (text.startsWith(q.repeat(3), start)) {
      start += 3;
      if (text[start] === '\n') start += 1;
      else if (text[start] === '\r' && text[start + 1] === '\n') start += 2;
    } else {
      start += 1;
    }
  }
  return start;
}

/** 1-based position of a string's first content character (see stringContentStart). */
export function stringPosition(doc: TomlDocument, node: AST.TOMLNode): { line: number; column: number } {
  return positionAt(doc.lineStarts, stringContentStart(doc, node));
}

/** True when the string's raw text between its quotes is exactly its value (no escapes). */
export function isVerbatimString(doc: TomlDocument, node: AST.TOMLNode, value: string): boolean {
  const start = stringContentStart(doc, node);
  return doc.content.startsWith(value, start) && !value.includes('\n');
}

/**
 * Inline suppressions, as in requirements files: `# slimreq: ignore[rule-a,SR101]` on any line the
 * entry spans, or a comment line `# slimreq ignore=rule-a,rule-b` directly above its first line.
 */
export function ignoresFor(doc: TomlDocument, startLine: number, endLine: number): string[] {
  const out: string[] = [];
  for (let l = startLine; l <= endLine; l++) {
    const c = doc.commentsByLine.get(l);
    if (c) out.push(...parseIgnoreComment(c.text, false));
  }
  const above = doc.commentsByLine.get(startLine - 1);
  if (above?.alone) out.push(...parseIgnoreComment(above.text, true));
  return [...new Set(out)];
}

/** Reads rule names from a comment's text (without '#'): either form, in either place (src/parse/suppression.ts). */
export function parseIgnoreComment(text: string, _lineAbove: boolean): string[] {
  return parseIgnoreNames(text) ?? [];
}
