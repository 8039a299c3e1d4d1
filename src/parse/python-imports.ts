// What a Python source file imports, read with a small tokenizer: no code is executed and no full
// parser is built. The tokenizer knows exactly what a Python tokenizer must know to never mistake
// text for code: strings (single, triple-quoted, raw, byte, f-strings with nested expressions),
// comments, explicit (`\`) and implicit (brackets) line continuations, and indentation. On top of
// the tokens it reads only the statements that name modules:
//
//   import a.b, c as d            -> a.b, c                          (via 'import')
//   from a.b import c, d          -> a.b with names [c, d]          (via 'from'; relative imports skipped)
//   __import__("x"), importlib.import_module("x"), import_module("x")
//                                 -> x when the argument is one string literal (via 'dynamic')
//   INSTALLED_APPS / *_APPS, MIDDLEWARE / MIDDLEWARE_CLASSES / *_MIDDLEWARE assignments, +=, .append,
//   .extend, .insert               -> every dotted-name string in the statement (via 'installed-apps' / 'middleware')
//   pytest_plugins = [...]        -> every dotted-name string (via 'pytest-plugins')
//   include("x.urls")             -> x.urls (Django URLconf mounting another app; via 'url-include')
//
// Each hit carries the context of the blocks around it:
//   'type-checking'  under `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:` (never runs)
//   'development'    under a condition on DEBUG / TESTING / DEVELOPMENT / LOCAL or `"test" in sys.argv`
//   'optional'       in a `try:` whose handlers catch ImportError / ModuleNotFoundError / Exception / everything,
//                    or in such a handler itself (the fallback import)
//   'conditional'    under any other `if` (or its `elif`/`else`) except version, platform and `__main__` checks
//   'runtime'        everything else, including imports inside functions (lazy imports still run)
// When several apply, the first in that list wins.

export type ImportContext = 'runtime' | 'optional' | 'conditional' | 'development' | 'type-checking';
export type ImportVia = 'import' | 'from' | 'dynamic' | 'installed-apps' | 'middleware' | 'pytest-plugins' | 'url-include';

export interface ImportHit {
  /** The module as written, absolute and dotted ('django_extensions', 'debug_toolbar.middleware'). */
  module: string;
  /** For `from module import a, b`: the imported names ('*' for a star import). */
  names?: string[];
  /** 1-based line of the statement's first token. */
  line: number;
  via: ImportVia;
  context: ImportContext;
}

const CONTEXT_RANK: Record<ImportContext, number> = { runtime: 0, conditional: 1, optional: 2, development: 3, 'type-checking': 4 };

// Token kinds.
const NAME = 1;
const OP = 2;
const STRING = 3;
const NUMBER = 4;

const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  HASH = 35,
  DQUOTE = 34,
  SQUOTE = 39,
  BACKSLASH = 92,
  FF = 12,
}

/** A block opened by a compound statement: the indentation of its header and the context it gives its body. */
interface Frame {
  indent: number;
  context: ImportContext;
  /** For `try:` frames: index into `tries`; hits inside wait for its handlers. */
  tryId?: number;
  /** For `try:` and `except` frames: the try a following `except`/`else` clause belongs to. */
  ofTry?: number;
  /** What an `else:`/`elif` at the same indentation means after this `if` frame. */
  elseContext?: ImportContext;
}

interface TryState {
  indent: number;
  /** Hits collected in the try body, made optional when a handler catches ImportError. */
  hits: ImportHit[];
  catchesImportError: boolean;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const DEV_CONDITION = /^(debug|testing|test|tests|dev|develop|development|local|is_dev|is_debug|is_local|is_test|is_testing|in_test|in_tests|running_tests|debug_toolbar|show_toolbar|enable_debug_toolbar|use_debug_toolbar)$/i;
/** Conditions that choose an implementation for the environment, not whether a feature runs. */
const STRUCTURAL_CONDITION = new Set(['version_info', 'platform', 'name', '__name__', 'PY2', 'PY3', 'PY36', 'PY37', 'PY38', 'PY39', 'PY310', 'PY311', 'PY312', 'PY313', 'PYPY', 'IS_PYPY', 'WINDOWS', 'IS_WINDOWS', 'MACOS', 'LINUX', 'implementation', 'maxsize', 'hexversion']);
const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/**
 * Every module the file names at import level, with line and context. `source` is the file's bytes
 * (or its text); the scan never throws on malformed code: an unterminated string or bracket ends
 * at end of file.
 */
export interface ScanOptions {
  /** Modules not worth recording (the standard library, the project's own modules); gets the dotted module. */
  ignore?: (module: string) => boolean;
}

export function scanPythonImports(source: string | Uint8Array, options: ScanOptions = {}): ImportHit[] {
  const ignore = options.ignore;
  const buf = typeof source === 'string' ? Buffer.from(source, 'utf8') : Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.length);
  const n = buf.length;
  const hits: ImportHit[] = [];

  // The current logical line's tokens, as parallel arrays reused across lines and files.
  const { kinds, starts, ends, lines, valueStarts, valueEnds } = TOKENS;
  let count = 0;
  let lineIndent = 0;

  const frames: Frame[] = [];
  const tries: TryState[] = [];
  /** A frame popped at this indentation, kept so an `else`/`elif`/`except` header can see what it closes. */
  let lastClosed: Frame | null = null;

  let pos = 0;
  let line = 1;
  let depth = 0; // bracket depth, for implicit continuation
  let atLineStart = true;
  let indent = 0;

  // Skip a BOM.
  if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;

  const text = (i: number): string => decode(buf, starts[i], ends[i]);
  const value = (i: number): string => decode(buf, valueStarts[i], valueEnds[i]);
  const isName = (i: number, word: string): boolean => {
    if (i >= count || kinds[i] !== NAME || ends[i] - starts[i] !== word.length) return false;
    for (let k = 0; k < word.length; k++) if (buf[starts[i] + k] !== word.charCodeAt(k)) return false;
    return true;
  };
  const isOp = (i: number, ch: number): boolean => i < count && kinds[i] === OP && buf[starts[i]] === ch && ends[i] - starts[i] === 1;

  const push = (kind: number, s: number, e: number, ln: number, vs = 0, ve = 0): void => {
    kinds[count] = kind;
    starts[count] = s;
    ends[count] = e;
    lines[count] = ln;
    valueStarts[count] = vs;
    valueEnds[count] = ve;
    count++;
  };

  /**
   * Scans a string literal whose opening quote is at `q` (prefix already consumed); returns the
   * position after it. Updates `line` for newlines inside it.
   */
  /** Set by scanString: where the literal's content starts and ends. */
  let strValueStart = 0;
  let strValueEnd = 0;
  const scanString = (q: number, fstring: boolean): number => {
    const quote = buf[q];
    const triple = q + 2 < n && buf[q + 1] === quote && buf[q + 2] === quote;
    let i = q + (triple ? 3 : 1);
    const vs = i;
    while (i < n) {
      const c = buf[i];
      if (c === C.BACKSLASH) {
        // Even in raw strings a backslash keeps the next quote from closing the literal.
        if (buf[i + 1] === C.LF) line++;
        else if (buf[i + 1] === C.CR && buf[i + 2] !== C.LF) line++;
        i += 2;
        continue;
      }
      if (c === C.LF || (c === C.CR && buf[i + 1] !== C.LF)) {
        if (!triple) return strDone(i, vs, i); // unterminated single-quoted string ends at the line
        line++;
        i++;
        continue;
      }
      if (fstring && c === 123 /* { */) {
        if (buf[i + 1] === 123) {
          i += 2;
          continue;
        }
        i = skipReplacementField(i + 1);
        continue;
      }
      if (c === quote) {
        if (!triple) return strDone(i + 1, vs, i);
        if (buf[i + 1] === quote && buf[i + 2] === quote) return strDone(i + 3, vs, i);
      }
      i++;
    }
    return strDone(n, vs, n);
  };
  const strDone = (end: number, vs: number, ve: number): number => {
    strValueStart = vs;
    strValueEnd = ve;
    return end;
  };

  /** Inside an f-string's `{...}`: skips to after the matching `}`, stepping over nested strings and brackets. */
  const skipReplacementField = (start: number): number => {
    let i = start;
    let nest = 0;
    while (i < n) {
      const c = buf[i];
      if (c === C.LF) line++;
      else if (c === C.CR && buf[i + 1] !== C.LF) line++;
      if (c === 123 || c === 40 || c === 91) nest++;
      else if (c === 41 || c === 93) nest--;
      else if (c === 125) {
        if (nest === 0) return i + 1;
        nest--;
      } else if (c === C.DQUOTE || c === C.SQUOTE) {
        const p = prefixBefore(i, start);
        i = scanString(i, p.fstring);
        continue;
      }
      i++;
    }
    return n;
  };

  /** The string prefix letters just before a quote at `q` (not before `floor`). */
  const prefixBefore = (q: number, floor: number): { fstring: boolean } => {
    let fstring = false;
    for (let k = q - 1; k >= floor && k >= q - 2; k--) {
      const c = buf[k] | 0x20;
      if (c === 102 || c === 116) fstring = true;
      else if (c !== 98 && c !== 117 && c !== 114) break;
    }
    // A prefix is only a prefix when no identifier character comes before it.
    return { fstring };
  };

  const endLogicalLine = (): void => {
    if (count > 0) statement();
    count = 0;
  };

  const contextNow = (): ImportContext => {
    let best: ImportContext = 'runtime';
    for (const f of frames) if (CONTEXT_RANK[f.context] > CONTEXT_RANK[best]) best = f.context;
    return best;
  };

  const record = (module: string, names: string[] | null, line: number, via: ImportVia, extra: ImportContext): void => {
    if (ignore && ignore(module)) return;
    let context = frames.length === 0 ? 'runtime' : contextNow();
    if (CONTEXT_RANK[extra] > CONTEXT_RANK[context]) context = extra;
    const full: ImportHit = names ? { module, names, line, via, context } : { module, line, via, context };
    hits.push(full);
    // Pending: becomes optional if an enclosing try turns out to catch ImportError.
    if (tries.length > 0) for (const f of frames) if (f.tryId !== undefined) tries[f.tryId].hits.push(full);
  };

  /** Handles one logical line: block structure first, then the statements that name modules. */
  const statement = (): void => {
    // Close blocks this line is not inside of.
    lastClosed = null;
    while (frames.length > 0 && lineIndent <= frames[frames.length - 1].indent) {
      lastClosed = frames.pop()!;
    }
    let from = 0;
    let extra: ImportContext = 'runtime';
    // A compound header: decide its body's context, then read what follows its colon on the same line.
    const head = kinds[0] === NAME ? compoundKeyword() : '';
    if (head !== '') {
      const colon = headerColon();
      const frame = headerFrame(head, colon);
      if (colon === -1 || colon === count - 1) {
        if (frame) frames.push(frame);
        return;
      }
      // `if x: import y`: the body is on this line.
      if (frame) extra = frame.context;
      from = colon + 1;
    }
    // Simple statements separated by ';'.
    let s = from;
    for (let i = from; i <= count; i++) {
      if (i === count || isOp(i, 59 /* ; */)) {
        if (i > s) simpleStatement(s, i, extra);
        s = i + 1;
      }
    }
  };

  /** The compound-statement keyword the logical line starts with, or '' (compared on bytes: no string for most lines). */
  const compoundKeyword = (): string => {
    const len = ends[0] - starts[0];
    if (len < 2 || len > 7) return '';
    for (const word of COMPOUND_BY_LENGTH[len]) if (isName(0, word)) return word;
    return '';
  };

  /** Index of the colon that ends a compound statement's header, or -1. */
  const headerColon = (): number => {
    let d = 0;
    let lambdas = 0;
    for (let i = 1; i < count; i++) {
      if (kinds[i] === OP) {
        const c = buf[starts[i]];
        if (c === 40 || c === 91 || c === 123) d++;
        else if (c === 41 || c === 93 || c === 125) d--;
        else if (c === 58 && d === 0 && ends[i] - starts[i] === 1) {
          if (lambdas > 0) {
            lambdas--;
            continue;
          }
          return i;
        }
      } else if (d === 0 && isName(i, 'lambda')) lambdas++;
    }
    return -1;
  };

  const headerFrame = (head: string, colon: number): Frame | null => {
    const end = colon === -1 ? count : colon;
    const parentTry = (): Frame | null => (lastClosed && lastClosed.indent === lineIndent ? lastClosed : null);
    switch (head) {
      case 'if': {
        const context = conditionContext(1, end);
        return { indent: lineIndent, context, elseContext: elseOf(context) };
      }
      case 'elif': {
        const prev = parentTry();
        const context = conditionContext(1, end);
        return { indent: lineIndent, context, elseContext: prev?.elseContext ?? elseOf(context) };
      }
      case 'else': {
        const prev = parentTry();
        if (prev?.ofTry !== undefined) return { indent: lineIndent, context: 'runtime' }; // try ... else
        return { indent: lineIndent, context: prev?.elseContext ?? 'runtime' };
      }
      case 'try': {
        tries.push({ indent: lineIndent, hits: [], catchesImportError: false });
        return { indent: lineIndent, context: 'runtime', tryId: tries.length - 1, ofTry: tries.length - 1 };
      }
      case 'except': {
        const prev = parentTry();
        let catches = false;
        if (end <= 1 || (kinds[1] === OP && buf[starts[1]] === 42 /* except* */ && end <= 2)) catches = true;
        for (let i = 1; i < end && !catches; i++) {
          if (kinds[i] === NAME && IMPORT_ERRORS.has(text(i))) catches = true;
          if (isName(i, 'as')) break;
        }
        if (catches && prev?.ofTry !== undefined) {
          const t = tries[prev.ofTry];
          if (!t.catchesImportError) {
            t.catchesImportError = true;
            for (const h of t.hits) if (CONTEXT_RANK[h.context] < CONTEXT_RANK.optional) h.context = 'optional';
          }
        }
        // The handler body is a fallback: optional when it handles ImportError. A following `except`
        // clause still belongs to the same try.
        return { indent: lineIndent, context: catches ? 'optional' : 'runtime', ofTry: prev?.ofTry };
      }
      case 'finally':
        return { indent: lineIndent, context: 'runtime' };
      default:
        // def, class, with, for, while, async, match, case: the body runs in the enclosing context.
        return { indent: lineIndent, context: 'runtime' };
    }
  };

  /** What an `if` condition says about its body. */
  const conditionContext = (s: number, e: number): ImportContext => {
    let negated = false;
    let structural = false;
    let dev = false;
    let typeChecking = false;
    for (let i = s; i < e; i++) {
      if (kinds[i] === NAME) {
        const word = text(i);
        if (word === 'not') negated = true;
        else if (word === 'TYPE_CHECKING') typeChecking = true;
        else if (DEV_CONDITION.test(word)) dev = true;
        else if (STRUCTURAL_CONDITION.has(word)) structural = true;
        else if (word === 'argv') {
          // `"test" in sys.argv`: Django's test command.
          for (let k = s; k < e; k++) if (kinds[k] === STRING && /^(test|pytest)$/.test(value(k))) dev = true;
        }
      }
    }
    if (typeChecking) return negated ? 'runtime' : 'type-checking';
    if (dev) return negated ? 'conditional' : 'development';
    if (structural) return 'runtime';
    return 'conditional';
  };

  const simpleStatement = (s: number, e: number, extra: ImportContext): void => {
    if (isName(s, 'import')) {
      let i = s + 1;
      while (i < e) {
        const { name, next } = dotted(i, e);
        if (name) record(name, null, lines[s], 'import', extra);
        i = next;
        if (isName(i, 'as')) i += 2;
        if (isOp(i, 44)) i++;
        else break;
      }
      return;
    }
    if (isName(s, 'from')) {
      if (isOp(s + 1, 46) || (kinds[s + 1] === OP && buf[starts[s + 1]] === 46)) return; // relative import
      const { name, next } = dotted(s + 1, e);
      if (!name || !isName(next, 'import')) return;
      const names: string[] = [];
      for (let i = next + 1; i < e; i++) {
        if (kinds[i] === NAME && !isName(i - 1, 'as') && !isName(i, 'as')) names.push(text(i));
        else if (isOp(i, 42)) names.push('*');
      }
      record(name, names, lines[s], 'from', extra);
      return;
    }
    // Settings: NAME (=|+=) ..., NAME.append(...), NAME.extend(...), NAME.insert(...), NAME: list = ...
    const first = buf[starts[s]];
    if (kinds[s] === NAME && e - s >= 3 && ((first >= 65 && first <= 90) || first === 112)) {
      const target = text(s);
      const via = settingVia(target);
      if (via && (isAssign(s + 1) || (isOp(s + 1, 46) && kinds[s + 2] === NAME) || isOp(s + 1, 58))) {
        for (let i = s + 2; i < e; i++) {
          if (kinds[i] !== STRING) continue;
          const v = value(i);
          if (DOTTED.test(v)) record(v, null, lines[i], via, extra);
        }
        return;
      }
    }
    // Anywhere in the statement: __import__("x"), import_module("x"), include("x.urls").
    for (let i = s; i + 2 < e; i++) {
      if (kinds[i] !== NAME || !isOp(i + 1, 40) || kinds[i + 2] !== STRING) continue;
      const len = ends[i] - starts[i];
      let via: ImportVia | null = null;
      if (len === 10 && isName(i, '__import__')) via = 'dynamic';
      else if (len === 13 && isName(i, 'import_module')) via = 'dynamic';
      else if (len === 7 && isName(i, 'include')) via = 'url-include';
      if (!via) continue;
      // Only a whole literal: `import_module("x" + name)` names no module we can trust.
      if (!(isOp(i + 3, 41) || isOp(i + 3, 44))) continue;
      const v = value(i + 2);
      if (DOTTED.test(v) && (via !== 'url-include' || v.includes('.'))) record(v, null, lines[i], via, extra);
    }
  };

  const isAssign = (i: number): boolean => {
    if (i >= count || kinds[i] !== OP) return false;
    const len = ends[i] - starts[i];
    return (len === 1 && buf[starts[i]] === 61) || (len === 2 && buf[starts[i]] === 43 && buf[starts[i] + 1] === 61);
  };

  /** A dotted name starting at token i: `a . b . c`. */
  const dotted = (i: number, e: number): { name: string; next: number } => {
    if (i >= e || kinds[i] !== NAME) return { name: '', next: i + 1 };
    let name = text(i);
    let k = i + 1;
    while (k + 1 < e && isOp(k, 46) && kinds[k + 1] === NAME) {
      name += '.' + text(k + 1);
      k += 2;
    }
    return { name, next: k };
  };

  // ---- the tokenizer proper ----
  while (pos < n) {
    const c = buf[pos];
    if (atLineStart && depth === 0) {
      // Measure indentation; blank and comment-only lines do not count.
      let col = 0;
      let i = pos;
      while (i < n) {
        const d = buf[i];
        if (d === C.SPACE) col++;
        else if (d === C.TAB) col = (col & ~7) + 8;
        else if (d === C.FF) col = 0;
        else break;
        i++;
      }
      pos = i;
      const d = buf[pos];
      if (pos >= n) break;
      if (d === C.HASH) {
        while (pos < n && buf[pos] !== C.LF && buf[pos] !== C.CR) pos++;
        continue;
      }
      if (d === C.LF || d === C.CR) {
        pos += d === C.CR && buf[pos + 1] === C.LF ? 2 : 1;
        line++;
        continue;
      }
      if (d === C.BACKSLASH && (buf[pos + 1] === C.LF || buf[pos + 1] === C.CR)) {
        // A backslash alone on a line joins it with the next one.
        atLineStart = false;
        indent = col;
        lineIndent = col;
        continue;
      }
      indent = col;
      atLineStart = false;
      lineIndent = indent;
      continue;
    }
    if (c === C.LF || c === C.CR) {
      pos += c === C.CR && buf[pos + 1] === C.LF ? 2 : 1;
      line++;
      if (depth === 0) {
        endLogicalLine();
        atLineStart = true;
      }
      continue;
    }
    if (c === C.SPACE || c === C.TAB || c === C.FF) {
      pos++;
      continue;
    }
    if (c === C.HASH) {
      while (pos < n && buf[pos] !== C.LF && buf[pos] !== C.CR) pos++;
      continue;
    }
    if (c === C.BACKSLASH) {
      // Explicit continuation: the newline that follows does not end the logical line.
      const next = buf[pos + 1];
      if (next === C.LF || next === C.CR) {
        pos += next === C.CR && buf[pos + 2] === C.LF ? 3 : 2;
        line++;
        continue;
      }
      pos++;
      continue;
    }
    if (c === C.DQUOTE || c === C.SQUOTE) {
      const startLine = line;
      const end = scanString(pos, false);
      push(STRING, pos, end, startLine, strValueStart, strValueEnd);
      pos = end;
      continue;
    }
    if (isNameStart(c)) {
      let i = pos + 1;
      while (i < n && isNameChar(buf[i])) i++;
      // A string prefix (r, b, u, f, t and their pairs) directly followed by a quote.
      const q = buf[i];
      if ((q === C.DQUOTE || q === C.SQUOTE) && i - pos <= 2 && isStringPrefix(buf, pos, i)) {
        let fstring = false;
        for (let k = pos; k < i; k++) {
          const l = buf[k] | 0x20;
          if (l === 102 || l === 116) fstring = true;
        }
        const startLine = line;
        const end = scanString(i, fstring);
        // f-strings name no modules we read: keep the token, with no trusted value.
        push(STRING, pos, end, startLine, strValueStart, fstring ? strValueStart : strValueEnd);
        pos = end;
        continue;
      }
      push(NAME, pos, i, line);
      pos = i;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let i = pos + 1;
      while (i < n && (isNameChar(buf[i]) || buf[i] === 46)) i++;
      push(NUMBER, pos, i, line);
      pos = i;
      continue;
    }
    // Operators: brackets track depth; two-character operators that matter here are '+=', '->', ':='.
    if (c === 40 || c === 91 || c === 123) depth++;
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    if ((c === 43 || c === 45 || c === 58 || c === 42 || c === 47 || c === 124 || c === 38 || c === 37 || c === 94 || c === 64) && buf[pos + 1] === 61) {
      push(OP, pos, pos + 2, line);
      pos += 2;
      continue;
    }
    if (c === 45 && buf[pos + 1] === 62) {
      push(OP, pos, pos + 2, line);
      pos += 2;
      continue;
    }
    push(OP, pos, pos + 1, line);
    pos++;
  }
  endLogicalLine();
  return hits;
}

/**
 * Token storage shared by every call: one logical line at a time, so a few hundred slots serve any
 * file, and scanning ten thousand files allocates no token arrays. (The scan is synchronous and never
 * re-entered.)
 */
const TOKENS = { kinds: [] as number[], starts: [] as number[], ends: [] as number[], lines: [] as number[], valueStarts: [] as number[], valueEnds: [] as number[] };

const COMPOUND = ['if', 'elif', 'else', 'try', 'except', 'finally', 'def', 'class', 'with', 'for', 'while', 'async', 'match', 'case'];
const COMPOUND_BY_LENGTH: string[][] = Array.from({ length: 8 }, (_, len) => COMPOUND.filter((w) => w.length === len));

function elseOf(context: ImportContext): ImportContext {
  // `if TYPE_CHECKING: ... else: ...` runs; `if DEBUG: ... else: ...` runs when not debugging.
  if (context === 'type-checking') return 'runtime';
  if (context === 'development') return 'conditional';
  if (context === 'runtime') return 'runtime';
  return 'conditional';
}

function settingVia(target: string): ImportVia | null {
  if (target === 'INSTALLED_APPS' || (target.endsWith('_APPS') && /^[A-Z0-9_]+$/.test(target) && !DEV_SETTING_PREFIX.test(target))) return 'installed-apps';
  if (target === 'MIDDLEWARE' || target === 'MIDDLEWARE_CLASSES' || (target.endsWith('_MIDDLEWARE') && /^[A-Z0-9_]+$/.test(target) && !DEV_SETTING_PREFIX.test(target))) {
    return 'middleware';
  }
  if (target === 'pytest_plugins') return 'pytest-plugins';
  return null;
}

/** `DEV_APPS`, `DEBUG_MIDDLEWARE`, `TEST_APPS`: lists meant for development settings. */
const DEV_SETTING_PREFIX = /^(DEV|DEBUG|DEVELOPMENT|LOCAL_DEV|TEST|TESTING|TESTS)_/;

function isStringPrefix(buf: Buffer, s: number, e: number): boolean {
  let raw = 0;
  let other = 0;
  for (let k = s; k < e; k++) {
    const l = buf[k] | 0x20;
    if (l === 114) raw++;
    else if (l === 98 || l === 117 || l === 102 || l === 116) other++;
    else return false;
  }
  return raw <= 1 && other <= 1;
}

function decode(buf: Buffer, s: number, e: number): string {
  // Module names and the words we compare are ASCII; latin1 decoding is the cheapest exact one for them.
  return buf.toString('latin1', s, e);
}
