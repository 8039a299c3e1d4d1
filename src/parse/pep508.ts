// PEP 508 dependency specifiers, parsed the way pip 23.2.1 does it (its vendored packaging 21.3):
// https://peps.python.org/pep-0508/
//
// The grammar follows packaging 21.3's pyparsing grammar token by token, so the same strings are
// accepted: whitespace (space, tab, CR, LF) may separate any two tokens; a `name @ url` URL runs to
// the next space or tab (pyparsing expands tabs before matching), so `url;marker` keeps the `;` in the URL and a marker after a URL needs a space
// before its `;`; version clauses match either the PEP 440 specifier pattern or packaging's
// "legacy" pattern (`>=abc`), whichever is longer. `{ strict: true }` accepts PEP 440 clauses only,
// as packaging 22 and later do. The parser is hand-written (no backtracking regular expressions over
// the whole input); the two specifier patterns are anchored, linear-time matches at one position.
import type { Pep508, Pep508Result } from './requirements-types.js';
import { normalizeName } from '../catalog/names.js';

export interface Pep508Options {
  /** Accept only PEP 440 version clauses (packaging >= 22); default false (pip 23.2.1 behaviour). */
  strict?: boolean;
}

/** Python's str.isspace() set, used where pip/packaging apply Python's `\s` or str.strip(). */
export const PY_WHITESPACE =
  '\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005' +
  '\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const PY_WS_SET = new Set(PY_WHITESPACE);
/** A regular-expression character class body equal to Python's `\s` for str patterns. */
export const PY_WS_CLASS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

export function isPyWhitespace(ch: string): boolean {
  return PY_WS_SET.has(ch);
}

/** Python's str.strip() with no argument. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_WS_SET.has(text[start])) start++;
  while (end > start && PY_WS_SET.has(text[end - 1])) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

// packaging.specifiers.Specifier._regex_str, written for JavaScript (same alternation order and
// lookbehinds; Python's `\s` spelled out). Every repetition is separated by a distinct literal, so
// matching is linear.
const S = `[${PY_WS_CLASS}]`;
const NS = `[^${PY_WS_CLASS}]`;
const PRE = '(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?';
const POST = '(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?';
const DEV = '(?:[-_.]?dev[-_.]?[0-9]*)?';
const PEP440_SPEC =
  '(?:~=|==|!=|<=|>=|<|>|===)' +
  '(?:' +
  `(?:(?<====)${S}*${NS}*)` +
  `|(?:(?<===|!=)${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*${PRE}${POST}` +
  `(?:${DEV}(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?|\\.\\*)?)` +
  `|(?:(?<=~=)${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${PRE}${POST}${DEV})` +
  `|(?:(?<!==|!=|~=)${S}*v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*${PRE}${POST}${DEV})` +
  ')';
// packaging.specifiers.LegacySpecifier._regex_str.
const LEGACY_SPEC = `(?:==|!=|<=|>=|<|>)${S}*[^,;)${PY_WS_CLASS}]*`;

const PEP440_AT = new RegExp(PEP440_SPEC, 'iy');
const LEGACY_AT = new RegExp(LEGACY_SPEC, 'iy');
const PEP440_FULL = new RegExp(`^${S}*${PEP440_SPEC}${S}*$`, 'i');
const LEGACY_FULL = new RegExp(`^${S}*${LEGACY_SPEC}${S}*$`, 'i');

function matchLengthAt(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0].length : -1;
}

/** Is `clause` (one comma-separated piece) a valid specifier for packaging 21.3 (or PEP 440 when strict)? */
export function isValidSpecifierClause(clause: string, strict = false): boolean {
  return PEP440_FULL.test(clause) || (!strict && LEGACY_FULL.test(clause));
}

// --- markers -----------------------------------------------------------------------------------

/** Marker variables in packaging 21.3's match order, with the PEP 345 / setuptools aliases. */
const MARKER_VARIABLES = [
  'implementation_version',
  'platform_python_implementation',
  'implementation_name',
  'python_full_version',
  'platform_release',
  'platform_version',
  'platform_machine',
  'platform_system',
  'python_version',
  'sys_platform',
  'os_name',
  'os.name',
  'sys.platform',
  'platform.version',
  'platform.machine',
  'platform.python_implementation',
  'python_implementation',
  'extra',
];
const MARKER_ALIASES: Record<string, string> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
};
const MARKER_OPS = ['===', '==', '>=', '<=', '!=', '~=', '>', '<', 'not in', 'in'];

export type MarkerOperand = { kind: 'variable'; name: string } | { kind: 'value'; value: string };
export interface MarkerItem {
  kind: 'item';
  left: MarkerOperand;
  op: string;
  right: MarkerOperand;
}
/** packaging's parse shape: a flat list of atoms and 'and'/'or', where a parenthesised group is a nested list. */
export type MarkerList = (MarkerItem | 'and' | 'or' | MarkerList)[];

export type MarkerResult =
  | { ok: true; tree: MarkerList; normalized: string }
  | { ok: false; error: string; column: number };

class ParseError {
  constructor(
    readonly message: string,
    readonly pos: number,
  ) {}
}

class Cursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly strict: boolean,
  ) {}

  /** pyparsing's default whitespace: space, tab, CR, LF (PEP 508's wsp is space and tab). */
  skipWs(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 9 || (!this.strict && (c === 10 || c === 13))) p++;
      else break;
    }
    this.pos = p;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  startsWith(lit: string): boolean {
    return this.text.startsWith(lit, this.pos);
  }
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** IDENTIFIER: an ASCII letter or digit, then letters/digits with inner runs of `-_.`. Returns the end or -1. */
function scanIdentifier(text: string, start: number): number {
  let p = start;
  if (!isAlnum(text.charCodeAt(p))) return -1;
  while (isAlnum(text.charCodeAt(p))) p++;
  for (;;) {
    let q = p;
    while (q < text.length) {
      const c = text.charCodeAt(q);
      if (c === 45 || c === 46 || c === 95) q++;
      else break;
    }
    if (!isAlnum(text.charCodeAt(q))) return p;
    p = q;
    while (isAlnum(text.charCodeAt(p))) p++;
  }
}

function parseOperand(cur: Cursor): MarkerOperand | null {
  cur.skipWs();
  const q = cur.peek();
  if (q === '"' || q === "'") {
    const t = cur.text;
    let p = cur.pos + 1;
    while (p < t.length && t[p] !== q && t[p] !== '\n' && t[p] !== '\r') p++;
    if (t[p] !== q) return null;
    const value = t.slice(cur.pos + 1, p);
    cur.pos = p + 1;
    return { kind: 'value', value };
  }
  for (const name of MARKER_VARIABLES) {
    if (cur.startsWith(name)) {
      cur.pos += name.length;
      return { kind: 'variable', name: MARKER_ALIASES[name] ?? name };
    }
  }
  return null;
}

function parseMarkerItem(cur: Cursor): MarkerItem | null {
  const start = cur.pos;
  const left = parseOperand(cur);
  if (!left) {
    cur.pos = start;
    return null;
  }
  cur.skipWs();
  let op: string | null = null;
  for (const candidate of MARKER_OPS) {
    if (cur.startsWith(candidate)) {
      op = candidate;
      break;
    }
  }
  if (op === null) throw new ParseError('expected a marker operator (==, !=, <, >, ~=, in, not in, …)', cur.pos);
  cur.pos += op.length;
  const rightAt = cur.pos;
  const right = parseOperand(cur);
  if (!right) {
    cur.skipWs();
    throw new ParseError('expected a marker variable or a quoted string', Math.max(rightAt, cur.pos));
  }
  return { kind: 'item', left, op, right };
}

/** MARKER_ATOM: an item or a parenthesised expression. Throws on a definite error, returns null if no atom starts here. */
function parseMarkerAtom(cur: Cursor): MarkerItem | MarkerList | null {
  cur.skipWs();
  if (cur.peek() === '(') {
    cur.pos++;
    const inner = parseMarkerExpr(cur);
    cur.skipWs();
    if (cur.peek() !== ')') throw new ParseError("expected ')' to close the marker group", cur.pos);
    cur.pos++;
    return inner;
  }
  return parseMarkerItem(cur);
}

/** MARKER_EXPR: atom (('and' | 'or') atom)*, flattened as packaging does. */
function parseMarkerExpr(cur: Cursor): MarkerList {
  cur.skipWs();
  const first = parseMarkerAtom(cur);
  if (first === null) throw new ParseError('expected a marker variable, a quoted string or (', cur.pos);
  const out: MarkerList = [first];
  for (;;) {
    const save = cur.pos;
    cur.skipWs();
    let boolop: 'and' | 'or' | null = null;
    if (cur.startsWith('and')) boolop = 'and';
    else if (cur.startsWith('or')) boolop = 'or';
    if (boolop === null) {
      cur.pos = save;
      return out;
    }
    cur.pos += boolop.length;
    cur.skipWs();
    const next = parseMarkerAtom(cur);
    if (next === null) throw new ParseError(`expected a marker expression after '${boolop}'`, cur.pos);
    out.push(boolop);
    // packaging's grammar is right-recursive (atom + (boolop + expr)*): the tail flattens into this list.
    out.push(next);
  }
}

function serializeOperand(o: MarkerOperand): string {
  return o.kind === 'variable' ? o.name : `"${o.value}"`;
}

/** packaging 21.3's _format_marker, quirks included (a group holding one element loses its parentheses). */
function formatMarker(marker: MarkerList | MarkerItem, first = true): string {
  if (!Array.isArray(marker)) {
    return `${serializeOperand(marker.left)} ${marker.op} ${serializeOperand(marker.right)}`;
  }
  if (marker.length === 1 && typeof marker[0] !== 'string') return formatMarker(marker[0]);
  const inner = marker.map((m) => (typeof m === 'string' ? m : formatMarker(m, false))).join(' ');
  return first ? inner : `(${inner})`;
}

/**
 * Parses a whole environment marker (the text after `;`). `normalized` is the marker as packaging
 * 21.3 prints it (`str(Marker(text))`): single spaces, double quotes, aliases resolved.
 */
export function parseMarker(text: string, options: Pep508Options = {}): MarkerResult {
  const cur = new Cursor(text, options.strict === true);
  try {
    const tree = parseMarkerExpr(cur);
    cur.skipWs();
    if (!cur.atEnd()) throw new ParseError(`unexpected text in marker: ${JSON.stringify(excerpt(text, cur.pos))}`, cur.pos);
    return { ok: true, tree, normalized: formatMarker(tree) };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message, column: error.pos + 1 };
    throw error;
  }
}

/** The marker as packaging 21.3 prints it, or null when it does not parse. */
export function normalizeMarker(text: string): string | null {
  const r = parseMarker(text);
  return r.ok ? r.normalized : null;
}

function excerpt(text: string, pos: number): string {
  return text.slice(pos, pos + 12);
}

// --- URLs --------------------------------------------------------------------------------------

/** packaging 21.3's URL check for `name @ url`: file URLs must round-trip, others need a scheme and a host. */
export function checkRequirementUrl(url: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  const scheme = m ? m[1].toLowerCase() : '';
  const rest = m ? url.slice(m[0].length) : url;
  let netloc = '';
  if (rest.startsWith('//')) {
    let end = 2;
    while (end < rest.length && rest[end] !== '/' && rest[end] !== '?' && rest[end] !== '#') end++;
    netloc = rest.slice(2, end);
    if (netloc.includes('[') !== netloc.includes(']')) return `Invalid URL: ${url}`;
  }
  if (scheme === 'file') {
    // urlunparse(urlparse(url)) == url: holds for the plain file://host/path shape.
    const roundTrips = url.startsWith('file://') && !/[?#;]$/.test(url) && !/[\t\r\n]/.test(url);
    return roundTrips ? null : 'Invalid URL given';
  }
  if (!scheme || !netloc) return `Invalid URL: ${url}`;
  return null;
}

// --- requirements ------------------------------------------------------------------------------

interface SpecScan {
  clauses: string[];
}

function matchVersionOne(cur: Cursor): number {
  const a = matchLengthAt(PEP440_AT, cur.text, cur.pos);
  const b = cur.strict ? -1 : matchLengthAt(LEGACY_AT, cur.text, cur.pos);
  return Math.max(a, b);
}

/** VERSION_MANY: one clause, then (',' clause)*. Returns null when no clause starts here. */
function scanVersionMany(cur: Cursor): SpecScan | null {
  cur.skipWs();
  const len = matchVersionOne(cur);
  if (len <= 0) return null;
  const clauses = [cur.text.slice(cur.pos, cur.pos + len)];
  cur.pos += len;
  for (;;) {
    const save = cur.pos;
    cur.skipWs();
    if (cur.peek() !== ',') {
      cur.pos = save;
      break;
    }
    cur.pos++;
    cur.skipWs();
    const n = matchVersionOne(cur);
    if (n <= 0) {
      cur.pos = save;
      break;
    }
    clauses.push(cur.text.slice(cur.pos, cur.pos + n));
    cur.pos += n;
  }
  return { clauses };
}

const WS_OR_COMMA = new RegExp(`[,${PY_WS_CLASS}]`);

function stripAllWhitespace(text: string): string {
  let out = '';
  for (const ch of text) if (!PY_WS_SET.has(ch)) out += ch;
  return out;
}

/**
 * Parses one PEP 508 requirement (`name[extras] specifiers ; marker` or `name[extras] @ url ; marker`).
 * Never throws: a failure carries a message and the 1-based column where the text went wrong.
 */
export function parsePep508(text: string, options: Pep508Options = {}): Pep508Result {
  const cur = new Cursor(text, options.strict === true);
  try {
    return { ok: true, value: parseRequirementAt(cur) };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message, column: error.pos + 1 };
    throw error;
  }
}

function parseRequirementAt(cur: Cursor): Pep508 {
  const text = cur.text;
  cur.skipWs();
  const nameStart = cur.pos;
  const nameEnd = scanIdentifier(text, nameStart);
  if (nameEnd < 0) {
    throw new ParseError(
      cur.atEnd() ? 'expected a package name' : `expected a package name, found ${JSON.stringify(excerpt(text, cur.pos))}`,
      cur.pos,
    );
  }
  const name = text.slice(nameStart, nameEnd);
  cur.pos = nameEnd;

  const extras: string[] = [];
  cur.skipWs();
  if (cur.peek() === '[') {
    cur.pos++;
    cur.skipWs();
    if (cur.peek() !== ']') {
      for (;;) {
        cur.skipWs();
        const end = scanIdentifier(text, cur.pos);
        if (end < 0) throw new ParseError('expected an extra name', cur.pos);
        extras.push(text.slice(cur.pos, end));
        cur.pos = end;
        cur.skipWs();
        if (cur.peek() === ',') {
          cur.pos++;
          continue;
        }
        break;
      }
      if (cur.peek() !== ']') throw new ParseError("expected ',' or ']' in the extras list", cur.pos);
    }
    cur.pos++;
  }

  let url: string | null = null;
  let specifier = '';
  cur.skipWs();
  if (cur.peek() === '@') {
    cur.pos++;
    cur.skipWs();
    const urlStart = cur.pos;
    while (cur.pos < text.length) {
      const c = text.charCodeAt(cur.pos);
      if (c === 32 || c === 9) break;
      cur.pos++;
    }
    if (cur.pos === urlStart) throw new ParseError("expected a URL after '@'", urlStart);
    url = text.slice(urlStart, cur.pos);
    const problem = checkRequirementUrl(url);
    if (problem) throw new ParseError(problem, urlStart);
  } else {
    const save = cur.pos;
    let scan: SpecScan | null = null;
    if (cur.peek() === '(') {
      cur.pos++;
      scan = scanVersionMany(cur);
      if (scan) {
        cur.skipWs();
        if (cur.peek() === ')') cur.pos++;
        else throw new ParseError("expected ',' or ')' after the version specifier", cur.pos);
      } else {
        throw new ParseError('expected a version specifier (==, >=, ~=, …) after (', cur.pos);
      }
    } else {
      cur.pos = save;
      scan = scanVersionMany(cur);
      if (!scan) cur.pos = save;
    }
    if (scan) {
      // SpecifierSet() re-splits on ',' (an `===` clause may have swallowed one), drops empty pieces
      // and re-checks every piece.
      const single = scan.clauses.length === 1 && !WS_OR_COMMA.test(scan.clauses[0]);
      const pieces = single
        ? scan.clauses
        : scan.clauses
            .map(stripAllWhitespace)
            .join(',')
            .split(',')
            .filter((piece) => piece !== '');
      for (const piece of pieces) {
        if (!isValidSpecifierClause(piece, cur.strict)) throw new ParseError(`invalid version specifier: ${JSON.stringify(piece)}`, save);
      }
      specifier = pieces.join(',');
    }
  }

  let marker: string | null = null;
  cur.skipWs();
  if (cur.peek() === ';') {
    cur.pos++;
    const markerStart = cur.pos;
    parseMarkerExpr(cur);
    marker = pyStrip(text.slice(markerStart, cur.pos));
  }
  cur.skipWs();
  if (!cur.atEnd()) {
    const found = excerpt(text, cur.pos);
    const hint = url === null && specifier === '' && cur.peek() === '=' ? " ('=' is not a version operator: did you mean '=='?)" : '';
    throw new ParseError(`unexpected text ${JSON.stringify(found)} after the requirement${hint}`, cur.pos);
  }
  return { name, key: normalizeName(name), extras, specifier, url, marker };
}
