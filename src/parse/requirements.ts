// A requirements file, read the way pip 23.2.1 reads it (pip/_internal/req/req_file.py and
// req/constructors.py), without touching the file system or the environment:
//
// 1. Physical lines are Python's str.splitlines(): \r\n, \n, \r and also \v \f \x1c \x1d \x1e
//    \x85 U+2028 U+2029 end a line, so line numbers are pip's.
// 2. Logical lines: a line ending in `\` continues on the next one; every leading and trailing
//    backslash of a continued line is dropped (pip's `line.strip("\\")`). A line whose first
//    non-blank character is `#` never continues and ends any continuation in progress.
// 3. Comments are stripped after joining: `#` starts a comment at the start of the line or after
//    whitespace, so `https://host/p.tar.gz#egg=name` keeps its fragment.
// 4. `${NAME}` is left as written (pip would expand it from the environment).
// 5. The line splits at the first space-separated token starting with `-`: what precedes it is the
//    requirement, the rest is split like a shell line and read as pip's options (optparse rules:
//    unique prefixes of long options are accepted, `-rfile`, `--requirement=file`).
// 6. A requirement is a URL, a local path or archive (assumed to exist), or a PEP 508 string.
//
// What pip would refuse becomes an 'invalid' line and a 'manifest-parse-error' diagnostic.
import type { Diagnostic } from '../model.js';
import type { LogicalLine, LogicalLineKind, RequirementLine, RequirementsFile } from './requirements-types.js';
import { isPyWhitespace, parseMarker, parsePep508, pyStrip } from './pep508.js';
import { parseIgnoreNames, type Suppression } from './suppression.js';
import { normalizeName } from '../catalog/names.js';

const RULE = 'manifest-parse-error';

// --- physical lines ---------------------------------------------------------------------------

function isLineBreak(code: number): boolean {
  return (
    code === 10 ||
    code === 13 ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0x1c ||
    code === 0x1d ||
    code === 0x1e ||
    code === 0x85 ||
    code === 0x2028 ||
    code === 0x2029
  );
}

/**
 * Physical lines as Python's str.splitlines() cuts them: line i is text.slice(starts[i], ends[i]),
 * its line break text.slice(ends[i], breakEnds[i]) ('' for a last line without one). Plain number
 * arrays keep a 100,000-line file from allocating an object per line.
 */
export interface PhysicalLines {
  starts: number[];
  ends: number[];
  breakEnds: number[];
}

export function splitPhysicalLines(text: string): PhysicalLines {
  const starts: number[] = [];
  const ends: number[] = [];
  const breakEnds: number[] = [];
  const n = text.length;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Fast path: printable ASCII never breaks a line.
    if (c > 13 && c < 127) continue;
    if (!isLineBreak(c)) continue;
    starts.push(start);
    ends.push(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    breakEnds.push(i + 1);
    start = i + 1;
  }
  if (start < n) {
    starts.push(start);
    ends.push(n);
    breakEnds.push(n);
  }
  return { starts, ends, breakEnds };
}

// --- logical lines (pip's join_lines) ----------------------------------------------------------

/**
 * The logical line being read: its joined text and, for mapping offsets back to the file, where
 * each physical piece starts. One instance is reused for the whole file.
 */
class JoinedLine {
  first = 0;
  last = 0;
  text = '';
  /** Per piece: offset in `text`, 0-based physical line, 0-based column where the piece starts. */
  readonly at: number[] = [];
  readonly line: number[] = [];
  readonly column: number[] = [];
  count = 0;

  reset(first: number): void {
    this.first = first;
    this.last = first;
    this.text = '';
    this.count = 0;
  }

  append(index: number, piece: string, column: number): void {
    this.at[this.count] = this.text.length;
    this.line[this.count] = index;
    this.column[this.count] = column;
    this.count++;
    this.text = this.text === '' ? piece : this.text + piece;
    this.last = index;
  }

  /** Maps an offset in the joined text back to a 1-based physical line and column. */
  positionOf(offset: number): { line: number; column: number } {
    let k = 0;
    while (k + 1 < this.count && this.at[k + 1] <= offset) k++;
    if (this.count === 0) return { line: this.first + 1, column: 1 };
    return { line: this.line[k] + 1, column: this.column[k] + Math.max(0, offset - this.at[k]) + 1 };
  }
}

/** COMMENT_RE.match(line): the first non-whitespace character is `#`. */
function isCommentLine(line: string): boolean {
  let i = 0;
  while (i < line.length && isPyWhitespace(line[i])) i++;
  return line[i] === '#';
}

/**
 * pip's join_lines, streamed: calls `emit` with the shared JoinedLine each time a logical line is
 * complete. A comment line joined onto a continuation gets pip's extra leading space.
 */
function joinLines(text: string, physical: PhysicalLines, emit: (joined: JoinedLine) => void): void {
  const joined = new JoinedLine();
  let pending = false;
  const count = physical.starts.length;
  for (let index = 0; index < count; index++) {
    const line = text.slice(physical.starts[index], physical.ends[index]);
    const continues = line.charCodeAt(line.length - 1) === 92; /* \ */
    const comment = (continues || pending) && isCommentLine(line);
    if (!continues || comment) {
      if (!pending) joined.reset(index);
      else if (comment) {
        // pip prefixes ' ' so the comment still starts after whitespace once joined
        joined.append(index, ' ', 0);
      }
      joined.append(index, line, 0);
      emit(joined);
      pending = false;
    } else {
      if (!pending) joined.reset(index);
      pending = true;
      let start = 0;
      let end = line.length;
      while (start < end && line.charCodeAt(start) === 92) start++;
      while (end > start && line.charCodeAt(end - 1) === 92) end--;
      joined.append(index, line.slice(start, end), start);
    }
  }
  if (pending) emit(joined);
}

/** The offset where pip's COMMENT_RE removes the comment: the first `#` at the start or after whitespace. */
function commentStart(text: string): number {
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (i === 0 || isPyWhitespace(text[i - 1])) return i;
  }
  return -1;
}

// --- shell splitting (shlex.split, posix mode) -------------------------------------------------

interface Token {
  value: string;
  /** Offset of the token's first character in the split string. */
  start: number;
}

class LineError {
  constructor(
    readonly message: string,
    /** Offset in the logical line text. */
    readonly offset: number,
  ) {}
}

function isShlexSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function shlexSplit(text: string, base: number): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && isShlexSpace(text[i])) i++;
    if (i >= n) return tokens;
    const start = i;
    let value = '';
    while (i < n && !isShlexSpace(text[i])) {
      const c = text[i];
      if (c === '\\') {
        if (i + 1 >= n) throw new LineError('cannot split the options: a backslash ends the line', base + i);
        value += text[i + 1];
        i += 2;
      } else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        if (close === -1) throw new LineError('cannot split the options: unclosed single quote', base + i);
        value += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        const open = i;
        i++;
        for (;;) {
          if (i >= n) throw new LineError('cannot split the options: unclosed double quote', base + open);
          const d = text[i];
          if (d === '"') {
            i++;
            break;
          }
          if (d === '\\') {
            if (i + 1 >= n) throw new LineError('cannot split the options: unclosed double quote', base + open);
            const next = text[i + 1];
            value += next === '"' || next === '\\' ? next : `\\${next}`;
            i += 2;
          } else {
            value += d;
            i++;
          }
        }
      } else {
        value += c;
        i++;
      }
    }
    tokens.push({ value, start: base + start });
  }
}

// --- pip's requirement-file options (optparse rules) -------------------------------------------

interface OptionSpec {
  long: string;
  short?: string;
  alias?: string;
  takesValue: boolean;
  /** Applies to the requirement on the same line rather than to the whole file. */
  perRequirement?: boolean;
  check?: (value: string, typed: string) => string | null;
}

const USE_FEATURE_CHOICES = ['fast-deps', 'truststore', 'no-binary-enable-wheel-cache'];
const STRONG_HASHES = ['sha256', 'sha384', 'sha512'];

const OPTION_SPECS: OptionSpec[] = [
  { long: '--index-url', short: '-i', alias: '--pypi-url', takesValue: true },
  { long: '--extra-index-url', takesValue: true },
  { long: '--no-index', takesValue: false },
  { long: '--constraint', short: '-c', takesValue: true },
  { long: '--requirement', short: '-r', takesValue: true },
  { long: '--editable', short: '-e', takesValue: true },
  { long: '--find-links', short: '-f', takesValue: true },
  { long: '--no-binary', takesValue: true, check: checkFormatControl },
  { long: '--only-binary', takesValue: true, check: checkFormatControl },
  { long: '--prefer-binary', takesValue: false },
  { long: '--require-hashes', takesValue: false },
  { long: '--pre', takesValue: false },
  { long: '--trusted-host', takesValue: true },
  {
    long: '--use-feature',
    takesValue: true,
    check: (value, typed) =>
      USE_FEATURE_CHOICES.includes(value)
        ? null
        : `option ${typed}: invalid choice: '${value}' (choose from ${USE_FEATURE_CHOICES.map((c) => `'${c}'`).join(', ')})`,
  },
  { long: '--global-option', takesValue: true, perRequirement: true },
  {
    long: '--hash',
    takesValue: true,
    perRequirement: true,
    check: (value, typed) => {
      const colon = value.indexOf(':');
      if (colon === -1) return `arguments to ${typed} must be a hash name followed by a value, like --hash=sha256:abcde…`;
      if (!STRONG_HASHES.includes(value.slice(0, colon))) return `allowed hash algorithms for ${typed} are ${STRONG_HASHES.join(', ')}`;
      return null;
    },
  },
  {
    long: '--config-settings',
    short: '-C',
    takesValue: true,
    perRequirement: true,
    check: (value, typed) => (value.includes('=') ? null : `arguments to ${typed} must be of the form KEY=VAL`),
  },
];

function checkFormatControl(value: string, typed: string): string | null {
  return value.startsWith('-') ? `${typed} requires a value, not the option ${JSON.stringify(value)}` : null;
}

const LONG_OPTIONS = new Map<string, OptionSpec>();
const SHORT_OPTIONS = new Map<string, OptionSpec>();
for (const spec of OPTION_SPECS) {
  LONG_OPTIONS.set(spec.long, spec);
  if (spec.alias) LONG_OPTIONS.set(spec.alias, spec);
  if (spec.short) SHORT_OPTIONS.set(spec.short, spec);
}
const LONG_NAMES = [...LONG_OPTIONS.keys()];

/** optparse's _match_abbrev: an exact long option, or the only one it is a prefix of. */
function matchLongOption(typed: string, at: number): { name: string; spec: OptionSpec } {
  const exact = LONG_OPTIONS.get(typed);
  if (exact) return { name: typed, spec: exact };
  const candidates = LONG_NAMES.filter((name) => name.startsWith(typed));
  if (candidates.length === 1) return { name: candidates[0], spec: LONG_OPTIONS.get(candidates[0])! };
  if (candidates.length === 0) throw new LineError(`no such option: ${typed}`, at);
  throw new LineError(`ambiguous option: ${typed} (${candidates.sort().join(', ')}?)`, at);
}

interface OptionValue {
  spec: OptionSpec;
  value: string | null;
  /** Offset of the value (or of the option when it has none) in the logical line text. */
  at: number;
  /** Offset of the option itself. */
  optionAt: number;
}

/** optparse.OptionParser.parse_args over the shell-split option tokens; positional leftovers are ignored, as in pip. */
function parseOptions(tokens: Token[]): OptionValue[] {
  const out: OptionValue[] = [];
  const rest = tokens.slice();
  while (rest.length > 0) {
    const token = rest.shift()!;
    const arg = token.value;
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const typed = eq === -1 ? arg : arg.slice(0, eq);
      const { spec } = matchLongOption(typed, token.start);
      if (spec.takesValue) {
        let value: string;
        let at: number;
        if (eq !== -1) {
          value = arg.slice(eq + 1);
          at = token.start + eq + 1;
        } else {
          const next = rest.shift();
          if (!next) throw new LineError(`${spec.long === typed ? typed : spec.long} option requires 1 argument`, token.start);
          value = next.value;
          at = next.start;
        }
        const problem = spec.check?.(value, LONG_OPTIONS.has(typed) ? typed : spec.long);
        if (problem) throw new LineError(problem, at);
        out.push({ spec, value, at, optionAt: token.start });
      } else {
        if (eq !== -1) throw new LineError(`${spec.long} option does not take a value`, token.start);
        out.push({ spec, value: null, at: token.start, optionAt: token.start });
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      const typed = arg.slice(0, 2);
      const spec = SHORT_OPTIONS.get(typed);
      if (!spec) throw new LineError(`no such option: ${typed}`, token.start);
      let value: string;
      let at: number;
      if (arg.length > 2) {
        value = arg.slice(2);
        at = token.start + 2;
      } else {
        const next = rest.shift();
        if (!next) throw new LineError(`${typed} option requires 1 argument`, token.start);
        value = next.value;
        at = next.start;
      }
      const problem = spec.check?.(value, typed);
      if (problem) throw new LineError(problem, at);
      out.push({ spec, value, at, optionAt: token.start });
    }
    // A positional word after the options: optparse keeps it aside and pip never looks at it.
  }
  return out;
}

// --- requirements (pip's constructors.py, minus the file system) -------------------------------

const URL_SCHEMES = new Set([
  'http',
  'https',
  'file',
  'ftp',
  'bzr+http',
  'bzr+https',
  'bzr+ssh',
  'bzr+sftp',
  'bzr+ftp',
  'bzr+lp',
  'bzr+file',
  'git+http',
  'git+https',
  'git+ssh',
  'git+git',
  'git+file',
  'hg+file',
  'hg+http',
  'hg+https',
  'hg+ssh',
  'hg+static-http',
  'svn+ssh',
  'svn+http',
  'svn+https',
  'svn+svn',
  'svn+file',
]);
const VCS_NAMES = ['bzr', 'git', 'hg', 'svn'];
const ARCHIVE_EXTENSIONS = [
  '.zip',
  '.whl',
  '.tar.bz2',
  '.tbz',
  '.tar.gz',
  '.tgz',
  '.tar',
  '.tar.xz',
  '.txz',
  '.tlz',
  '.tar.lz',
  '.tar.lzma',
];

/** pip's is_url: the text before the first ':' is a scheme pip downloads from. */
function isUrl(text: string): boolean {
  const colon = text.indexOf(':');
  return colon !== -1 && URL_SCHEMES.has(text.slice(0, colon).toLowerCase());
}

/** urllib's scheme rule: a letter, then letters, digits, `+`, `-`, `.`, then ':'. */
function urlScheme(text: string): string | null {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(text);
  return m ? m[0].slice(0, -1).toLowerCase() : null;
}

function isVcsUrl(text: string): boolean {
  const scheme = urlScheme(text);
  return scheme !== null && scheme.includes('+') && URL_SCHEMES.has(scheme) && !['http', 'https', 'file', 'ftp'].includes(scheme);
}

/** pip's _strip_extras: a trailing `[...]` group (no `]` inside). */
function stripExtras(text: string): { path: string; extras: string | null } {
  if (text.length >= 4 && text.endsWith(']')) {
    const open = text.lastIndexOf('[', text.length - 2);
    if (open >= 1 && !text.slice(open + 1, -1).includes(']') && open + 1 < text.length - 1) {
      return { path: text.slice(0, open), extras: text.slice(open) };
    }
  }
  return { path: text, extras: null };
}

function looksLikePath(name: string): boolean {
  return name.includes('/') || name.startsWith('.');
}

/**
 * Whether a path pip would look up on disk plausibly names a project directory. This reader never
 * touches the disk and assumes plausible paths exist: `.`, `..`, anything with a `/` (and, after
 * -e, a bare directory name). Text with blanks, quotes or specifier punctuation is read as a
 * (failed) requirement instead, which is what pip ends up doing with it.
 */
function isPlausiblePath(path: string, bareNameAllowed = false): boolean {
  const spelledAsPath = path.includes('/') || path === '.' || path === '..' || (bareNameAllowed && path !== '');
  return spelledAsPath && !path.startsWith('-') && !/[\s"'<>=;,()[\]!~\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(path);
}

/** pip's splitext: `.tar.*` double extensions count as one. */
function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  let leadingDots = 0;
  while (base.charCodeAt(leadingDots) === 46) leadingDots++;
  if (leadingDots > dot) return '';
  let ext = base.slice(dot);
  const stem = base.slice(0, dot);
  if (stem.toLowerCase().endsWith('.tar')) ext = stem.slice(-4) + ext;
  return ext;
}

function isArchive(path: string): boolean {
  return ARCHIVE_EXTENSIONS.includes(extensionOf(path).toLowerCase());
}

/** The last path segment of a URL's path, percent-decoded (Link.filename). */
function urlFilename(url: string): string {
  let rest = url;
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  const query = rest.indexOf('?');
  if (query !== -1) rest = rest.slice(0, query);
  const scheme = urlScheme(rest);
  if (scheme !== null) rest = rest.slice(scheme.length + 1);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  const path = rest.replace(/\/+$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}

/** The `#egg=` / `&egg=` fragment value, as pip's Link reads it. */
function eggFragment(url: string): string | null {
  const m = /[#&]egg=([^&]*)/.exec(url);
  return m ? m[1] : null;
}

const WHEEL_FILENAME = /^(?<name>[^\s-]+?)-(?<ver>[^\s-]*?)(?:(?:-(?<build>\d[^-]*?))?-(?<pyver>[^\s-]+?)-(?<abi>[^\s-]+?)-(?<plat>[^\s-]+?)\.whl|\.dist-info)$/;

interface Built {
  name: string;
  extras: string[];
  specifier: string;
  url: string | null;
  marker: string | null;
  isUrlOrPath: boolean;
}

function extrasList(extras: string | null, at: number): string[] {
  if (extras === null) return [];
  const parsed = parsePep508(`placeholder${extras}`);
  if (!parsed.ok) throw new LineError(`invalid extras ${JSON.stringify(extras)}: ${parsed.error}`, at);
  return parsed.value.extras;
}

/** Parses a name-like string (an egg fragment, a wheel's name==version, a PEP 508 line). */
function requirementFrom(text: string, at: number, what: string): ReturnType<typeof parsePep508> & { ok: true } {
  const parsed = parsePep508(text);
  if (!parsed.ok) throw new LineError(`invalid requirement${what}: ${JSON.stringify(text)}: ${parsed.error}`, at + parsed.column - 1);
  for (const clause of parsed.value.specifier.includes(']') ? parsed.value.specifier.split(',') : []) {
    if (clause.endsWith(']')) throw new LineError(`extras after the version '${clause}': put [extras] right after the name`, at);
  }
  return parsed;
}

/** A URL or path requirement: its name comes from a wheel file name or an `#egg=` fragment. */
function fromLink(url: string, isPath: boolean, extras: string[], marker: string | null, at: number): Built {
  const filename = isPath ? url.replace(/\/+$/, '').slice(url.replace(/\/+$/, '').lastIndexOf('/') + 1) : urlFilename(url);
  if (filename.endsWith('.whl')) {
    const m = WHEEL_FILENAME.exec(filename);
    if (!m?.groups) throw new LineError(`${filename} is not a valid wheel filename`, at);
    const name = m.groups.name.replace(/_/g, '-');
    const version = m.groups.ver.replace(/_/g, '-');
    const req = requirementFrom(`${name}==${version}`, at, ' from the wheel file name').value;
    return { name: req.name, extras, specifier: req.specifier, url, marker, isUrlOrPath: true };
  }
  // A local path becomes a file: URL with `#` percent-encoded, so only real URLs carry an egg name.
  const egg = isPath ? null : eggFragment(url);
  if (egg === null) return { name: '', extras, specifier: '', url, marker, isUrlOrPath: true };
  const req = requirementFrom(egg, at, ' in #egg=').value;
  return {
    name: req.name,
    extras: extras.length > 0 ? extras : req.extras,
    specifier: req.specifier,
    url,
    // `#egg=name;marker` (no space before ';', so the URL kept it) still carries a marker for pip.
    marker: marker ?? req.marker,
    isUrlOrPath: true,
  };
}

/** `name @` or `name[extras] @`: a PEP 508 URL requirement, even when its URL contains '/'. */
const NAME_AT = /^[A-Za-z0-9][A-Za-z0-9._-]*[ \t]*(?:\[[^\]]*\][ \t]*)?@/;

/** parse_req_from_line: `text` is the requirement part of the line, starting at offset `at`. */
function buildRequirement(text: string, at: number): Built {
  let name = text;
  let marker: string | null = null;
  const separator = isUrl(name) ? '; ' : ';';
  const split = name.indexOf(separator);
  if (split !== -1) {
    const markerRaw = name.slice(split + separator.length);
    const markerText = pyStrip(markerRaw);
    name = name.slice(0, split);
    if (markerText !== '') {
      const parsed = parseMarker(markerText);
      const markerAt = at + split + separator.length + (markerRaw.length - markerRaw.trimStart().length);
      if (!parsed.ok) throw new LineError(`invalid marker ${JSON.stringify(markerText)}: ${parsed.error}`, markerAt + parsed.column - 1);
      marker = markerText;
    }
  }
  name = pyStrip(name);

  if (isUrl(name)) return fromLink(name, false, [], marker, at);

  const normalized = name.length > 1 ? name.replace(/\/+$/, '') : name;
  const { path, extras } = stripExtras(normalized);
  if (isArchive(path)) {
    const at_ = name.indexOf('@');
    const pep508Url = at_ !== -1 && !looksLikePath(name.slice(0, at_));
    if (!pep508Url) return fromLink(path, true, extrasList(extras, at), marker, at);
  } else if (looksLikePath(name) && isPlausiblePath(path) && !parsePep508(name).ok && !NAME_AT.test(name)) {
    const scheme = urlScheme(name);
    if (scheme !== null && scheme.length > 1) {
      throw new LineError(`unsupported URL scheme '${scheme}:' (pip reads http, https, file, ftp and VCS URLs)`, at);
    }
    // pip installs an existing directory; this reader assumes the directory is there.
    return { name: '', extras: extrasList(extras, at), specifier: '', url: path, marker, isUrlOrPath: true };
  }

  const pep508Extras = extrasList(extras, at);
  const req = requirementFrom(name, at, '').value;
  return {
    name: req.name,
    extras: pep508Extras.length > 0 ? pep508Extras : req.extras,
    specifier: req.specifier,
    url: req.url,
    marker,
    isUrlOrPath: false,
  };
}

/** parse_editable: a local project directory (assumed to exist), a file: URL, or a VCS URL with #egg=name. */
function buildEditable(text: string, at: number): Built {
  const { path, extras } = stripExtras(text);
  if (path.toLowerCase().startsWith('file:')) {
    const egg = eggFragment(path);
    const extraList = extrasList(extras, at);
    if (egg === null) return { name: '', extras: extraList, specifier: '', url: path, marker: null, isUrlOrPath: true };
    const req = requirementFrom(egg, at, ' in #egg=').value;
    return { name: req.name, extras: extraList.length > 0 ? extraList : req.extras, specifier: req.specifier, url: path, marker: null, isUrlOrPath: true };
  }
  let url = text;
  for (const vcs of VCS_NAMES) {
    if (url.toLowerCase().startsWith(`${vcs}:`)) {
      url = `${vcs}+${url}`;
      break;
    }
  }
  if (!isVcsUrl(url)) {
    if (urlScheme(path) === null && isPlausiblePath(path, true)) {
      return { name: '', extras: extrasList(extras, at), specifier: '', url: path, marker: null, isUrlOrPath: true };
    }
    throw new LineError(
      `${text} is not a valid editable requirement: use a path to a local project or a VCS URL (git+https://…, hg+…, svn+…, bzr+…)`,
      at,
    );
  }
  const egg = eggFragment(url);
  if (!egg) throw new LineError(`cannot tell the project name of ${JSON.stringify(text)}: add #egg=name to the URL`, at);
  const req = parsePep508(egg);
  if (!req.ok) throw new LineError(`invalid requirement in #egg=: ${JSON.stringify(egg)}`, at);
  return { name: req.value.name, extras: req.value.extras, specifier: req.value.specifier, url, marker: null, isUrlOrPath: true };
}

// --- the reader --------------------------------------------------------------------------------

/** Reads requirements-file text. Pure and total: never throws, whatever the input. */
export function parseRequirements(content: string): RequirementsFile {
  const bom = content.charCodeAt(0) === 0xfeff;
  const text = bom ? content.slice(1) : content;
  const physical = splitPhysicalLines(text);
  const count = physical.starts.length;
  const finalNewline = count > 0 && physical.breakEnds[count - 1] > physical.ends[count - 1];

  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < count; i++) {
    const breakLength = physical.breakEnds[i] - physical.ends[i];
    if (breakLength === 2) crlf++;
    else if (breakLength === 1 && text.charCodeAt(physical.ends[i]) === 10) lf++;
  }
  const eol: '\n' | '\r\n' = crlf > lf ? '\r\n' : '\n';

  const lines: LogicalLine[] = [];
  const diagnostics: Diagnostic[] = [];
  const suppressions: Suppression[] = [];
  // A suppression comment on a line of its own, waiting for the line below it.
  let pending: { names: string[]; endLine: number; line: number; column: number } | null = null;
  const dropPending = (): void => {
    // Nothing directly below it: it suppresses nothing (reported as unused by the audit).
    if (pending) suppressions.push({ line: pending.line, column: pending.column, names: pending.names, fromLine: pending.endLine + 1, toLine: pending.endLine + 1 });
    pending = null;
  };

  joinLines(text, physical, (joined) => {
    const startLine = joined.first + 1;
    const endLine = joined.last + 1;
    const raw = text.slice(physical.starts[joined.first], physical.ends[joined.last]);
    const logical: LogicalLine = { kind: 'blank', startLine, endLine, raw, comment: null };
    lines.push(logical);

    const hash = commentStart(joined.text);
    const body = hash === -1 ? joined.text : joined.text.slice(0, hash);
    if (hash !== -1) logical.comment = joined.text.slice(hash + 1);
    let lead = 0;
    while (lead < body.length && isPyWhitespace(body[lead])) lead++;
    const stripped = pyStrip(body);

    const inline = logical.comment !== null ? parseIgnoreNames(logical.comment) : null;
    const hashAt = (): { line: number; column: number } => joined.positionOf(hash);
    if (stripped === '') {
      logical.kind = hash === -1 ? 'blank' : 'comment';
      dropPending();
      // A comment line directly above a line may carry either form; it applies to that line.
      if (inline) pending = { names: inline, endLine, ...hashAt() };
      return;
    }
    const ignores: string[] = [];
    if (pending && pending.endLine === startLine - 1) {
      suppressions.push({ line: pending.line, column: pending.column, names: pending.names, fromLine: startLine, toLine: endLine });
      ignores.push(...pending.names);
      pending = null;
    }
    dropPending();
    if (inline) {
      suppressions.push({ ...hashAt(), names: inline, fromLine: startLine, toLine: endLine });
      for (const name of inline) if (!ignores.includes(name)) ignores.push(name);
    }
    if (ignores.length > 0) logical.ignores = ignores;

    try {
      readLine(logical, joined, stripped, lead, ignores);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      logical.kind = 'invalid';
      delete logical.requirement;
      delete logical.include;
      delete logical.options;
      const at = joined.positionOf(error.offset);
      diagnostics.push({ rule: RULE, message: error.message, line: at.line, column: at.column, endLine });
    }
  });
  dropPending();
  return { lines, diagnostics, eol, bom, finalNewline, suppressions };
}

function readLine(logical: LogicalLine, joined: JoinedLine, line: string, lead: number, ignores: string[]): void {
  // break_args_options: the requirement is every space-separated token before the first '-' token.
  let argsEnd = line.length;
  let optionsStart = line.length;
  for (let pos = 0; pos <= line.length; ) {
    const space = line.indexOf(' ', pos);
    const end = space === -1 ? line.length : space;
    if (line[pos] === '-') {
      argsEnd = Math.max(0, pos - 1);
      optionsStart = pos;
      break;
    }
    if (space === -1) break;
    pos = end + 1;
  }
  const args = line.slice(0, argsEnd);
  const options = parseOptions(shlexSplit(line.slice(optionsStart), lead + optionsStart));

  const first = (long: string): OptionValue | undefined => options.find((o) => o.spec.long === long);
  let kind: LogicalLineKind;
  let built: Built | null = null;
  let editable = false;
  let at: number;
  if (args !== '') {
    kind = 'requirement';
    at = lead;
    built = buildRequirement(args, lead);
  } else if (first('--editable')) {
    kind = 'requirement';
    editable = true;
    const option = first('--editable')!;
    at = option.optionAt;
    built = buildEditable(option.value ?? '', option.at);
  } else {
    at = lead;
    const include = first('--requirement') ?? first('--constraint');
    if (include) {
      kind = 'include';
      const where = joined.positionOf(include.at);
      logical.include = {
        kind: include.spec.long === '--requirement' ? 'requirement' : 'constraint',
        target: include.value ?? '',
        line: where.line,
        column: where.column,
      };
    } else {
      kind = 'option';
      const record: Record<string, string[]> = {};
      for (const o of options) {
        const values = (record[o.spec.long] ??= []);
        if (o.value !== null) values.push(o.value);
      }
      logical.options = record;
    }
  }
  logical.kind = kind;
  if (!built) return;

  const hashes: string[] = [];
  const perRequirementOptions: Record<string, string[]> = {};
  if (!editable) {
    for (const o of options) {
      if (!o.spec.perRequirement || o.value === null) continue;
      if (o.spec.long === '--hash') hashes.push(o.value);
      else (perRequirementOptions[o.spec.long] ??= []).push(o.value);
    }
  }
  const where = joined.positionOf(at);
  const requirement: RequirementLine = {
    name: built.name,
    key: normalizeName(built.name),
    extras: built.extras,
    specifier: built.specifier,
    url: built.url,
    marker: built.marker,
    line: where.line,
    column: where.column,
    editable,
    isUrlOrPath: built.isUrlOrPath,
    hashes,
    perRequirementOptions,
    ignores: [...ignores],
  };
  logical.requirement = requirement;
}
