// Pipfile.lock reader (JSON). Pure; never throws.
//
// `default` holds what `pipenv install --deploy` / `pipenv sync` installs (production), `develop` what
// `--dev` adds; each entry has `version` ("==1.2.3"), `markers`, `hashes`, or `git`/`path`/`file`.
// The lock lists no file names, so Alpine answers for it come from the catalog. Positions come from a
// small JSON reader that keeps each key's line and column, so a broken file is reported where JSON
// parsing stops, with line and column.
import { normalizeName } from '../../catalog/names.js';
import { markerOnLinux } from './markers.js';
import { emptyLock, type LockResult, type ProjectDeclarations } from './types.js';

interface JsonNode {
  value: unknown;
  line: number;
  column: number;
  endLine: number;
  /** For objects: each key's node (the key's position) and its value's node. */
  members?: { key: string; line: number; column: number; value: JsonNode }[];
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** JSON (RFC 8259) with positions; throws JsonError at the first error. */
export function parseJsonWithPositions(text: string): JsonNode {
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const here = () => ({ line, column: pos - lineStart + 1 });
  const fail = (message: string): never => {
    // The end of a file that ends with a newline belongs to the last real line.
    if (pos >= text.length) {
      const body = text.replace(/\s+$/, '');
      const lines = body.split('\n');
      throw new JsonError(message, lines.length, lines[lines.length - 1].length + 1);
    }
    const p = here();
    throw new JsonError(message, p.line, p.column);
  };
  const ws = () => {
    for (;;) {
      const c = text[pos];
      if (c === '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c === ' ' || c === '\t' || c === '\r') pos++;
      else break;
    }
  };
  const string = (): string => {
    if (text[pos] !== '"') fail('expected a string');
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\n' || c.charCodeAt(0) < 0x20) fail('control character in string');
      if (c === '\\') {
        const e = text[pos + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
          continue;
        }
        if (!(e in map)) fail('invalid escape');
        out += map[e];
        pos += 2;
        continue;
      }
      out += c;
      pos++;
    }
  };
  const value = (): JsonNode => {
    ws();
    const start = here();
    const c = text[pos];
    const node = (v: unknown, members?: JsonNode['members']): JsonNode => ({ value: v, ...start, endLine: line, ...(members ? { members } : {}) });
    if (c === '{') {
      pos++;
      const members: NonNullable<JsonNode['members']> = [];
      const obj: Record<string, unknown> = {};
      ws();
      if (text[pos] === '}') {
        pos++;
        return node(obj, members);
      }
      for (;;) {
        ws();
        const k = here();
        const key = string();
        ws();
        if (text[pos] !== ':') fail("expected ':'");
        pos++;
        const v = value();
        members.push({ key, ...k, value: v });
        obj[key] = v.value;
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return node(obj, members);
        }
        fail(pos >= text.length ? 'unexpected end of file' : "expected ',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const arr: unknown[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return node(arr);
      }
      for (;;) {
        arr.push(value().value);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return node(arr);
        }
        fail(pos >= text.length ? 'unexpected end of file' : "expected ',' or ']'");
      }
    }
    if (c === '"') return node(string());
    const lit = /^(true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 400));
    if (lit) {
      pos += lit[1].length;
      const t = lit[1];
      return node(t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : Number(t));
    }
    return fail(pos >= text.length ? 'unexpected end of file' : `unexpected character ${JSON.stringify(c)}`);
  };
  const root = value();
  ws();
  if (pos < text.length) fail('unexpected text after the JSON value');
  return root;
}

export function parsePipfileLock(content: string, decl: ProjectDeclarations | null = null): LockResult {
  const out = emptyLock('pipfile-lock');
  const text = content.replace(/^\uFEFF/, '');
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonError) {
      out.diagnostics.push({ rule: 'manifest-parse-error', message: `invalid JSON: ${error.message}`, line: error.line, column: error.column });
      return out;
    }
    throw error;
  }
  if (!root.members) {
    out.diagnostics.push({ rule: 'manifest-parse-error', message: 'Pipfile.lock must be a JSON object', line: root.line, column: root.column });
    return out;
  }
  const direct = new Set((decl?.prod ?? []).map((d) => d.key));
  for (const section of root.members) {
    if (section.key !== 'default' && section.key !== 'develop') continue;
    for (const m of section.value.members ?? []) {
      const entry = (m.value.value ?? {}) as Record<string, unknown>;
      if (typeof entry !== 'object' || Array.isArray(entry)) {
        out.diagnostics.push({ rule: 'manifest-parse-error', message: `"${m.key}" must be an object`, line: m.line, column: m.column });
        continue;
      }
      const version = typeof entry.version === 'string' ? entry.version.replace(/^==/, '') : '';
      const marker = typeof entry.markers === 'string' ? entry.markers : null;
      const onLinux = markerOnLinux(marker);
      const url = ['git', 'path', 'file'].map((k) => entry[k]).find((v): v is string => typeof v === 'string') ?? null;
      const prod = section.key === 'default';
      out.packages.push({
        name: m.key,
        key: normalizeName(m.key),
        version,
        line: m.line,
        column: m.column + 1,
        endLine: m.value.endLine,
        group: !onLinux ? null : prod ? 'prod' : 'dev',
        groupName: prod ? null : 'develop',
        url,
        files: null,
        chain: prod && onLinux ? [m.key] : [],
        direct: direct.has(normalizeName(m.key)),
      });
    }
  }
  return out;
}
