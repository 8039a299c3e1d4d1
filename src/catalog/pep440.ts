// PEP 440 versions and specifier sets, answering the questions pip answers: does a version satisfy a
// specifier set, and which version would pip pick from a list.
//
// Version parsing, normalization and ordering come from @renovatebot/pep440. Specifier matching is done
// here, clause by clause, because the library disagrees with pip's own implementation (the `packaging`
// library vendored in pip 23.2.1, version 21.3) in four measured cases:
//   1. `1.0+cpu` satisfies `===1.0`      (pip: no; `===` compares strings, and '1.0+cpu' is not '1.0')
//   2. `1.0+cu118.1` satisfies `==1.0+cpu` (pip: no; a local label in the specifier must match exactly)
//   3. `2!1.0` fails `>1.0`                (pip: yes; epoch 2 sorts after epoch 0)
//   4. `1.0` fails `<1.0.post1`            (pip: yes; PEP 440 only excludes pre-releases of the
//                                           specified version from `<`, and 1.0 is not one)
// The library compares only release segments before `<`/`>`, ignoring the epoch and the post-release
// (3, 4), and strips local labels from both sides of `==`/`===` (1, 2). The semantics below follow
// https://peps.python.org/pep-0440/#version-specifiers and packaging 21.3's specifiers.py.
import { compare as libCompare, parse as libParse } from '@renovatebot/pep440';

interface ParsedVersion {
  epoch: number;
  release: number[];
  pre: [string, number] | null;
  post: [string, number] | null;
  dev: [string, number] | null;
  local: (string | number)[] | null;
}

type Operator = '===' | '==' | '!=' | '~=' | '<=' | '>=' | '<' | '>';

interface Clause {
  operator: Operator;
  /** The version text as written (for `===`, any text). */
  text: string;
  /** `==1.0.*` / `!=1.0.*`. */
  wildcard: boolean;
  /** Parsed version (without the `.*`); null only for `===` with a non-PEP 440 string. */
  version: ParsedVersion | null;
}

function parseVersion(version: string): ParsedVersion | null {
  const trimmed = version.trim();
  if (trimmed === '') return null;
  return libParse(trimmed) as ParsedVersion | null;
}

/** True when `version` is a valid PEP 440 version (leading `v` and surrounding spaces allowed, as in pip). */
export function isValidVersion(version: string): boolean {
  return parseVersion(version) !== null;
}

/** The canonical spelling of a version as pip prints it (`1.0-1` -> `1.0.post1`), or null when invalid. */
export function normalizeVersion(version: string): string | null {
  const v = parseVersion(version);
  return v ? stringify(v) : null;
}

function stringify(v: ParsedVersion): string {
  let out = v.epoch !== 0 ? `${v.epoch}!` : '';
  out += v.release.join('.');
  if (v.pre) out += `${v.pre[0]}${v.pre[1]}`;
  if (v.post) out += `.post${v.post[1]}`;
  if (v.dev) out += `.dev${v.dev[1]}`;
  if (v.local) out += `+${v.local.join('.')}`;
  return out;
}

function isPrerelease(v: ParsedVersion): boolean {
  return v.pre !== null || v.dev !== null;
}

function publicOf(v: ParsedVersion): ParsedVersion {
  return { ...v, local: null };
}

function baseOf(v: ParsedVersion): ParsedVersion {
  return { epoch: v.epoch, release: v.release, pre: null, post: null, dev: null, local: null };
}

function cmp(a: ParsedVersion, b: ParsedVersion): number {
  return libCompare(stringify(a), stringify(b));
}

/**
 * PEP 440 ordering: negative when a < b, 0 when equal (1.0 == 1.0.0), positive when a > b.
 * Invalid versions sort before every valid one, and compare equal to each other.
 */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return (va ? 1 : 0) - (vb ? 1 : 0);
  return Math.sign(cmp(va, vb));
}

// Whether a clause's version text is acceptable for its operator, as in packaging 21.3's specifier grammar.
function parseClause(raw: string): Clause | null {
  const m = /^\s*(===|==|!=|~=|<=|>=|<|>)\s*(.*?)\s*$/.exec(raw);
  if (!m) return null;
  const operator = m[1] as Operator;
  const text = m[2];
  if (text === '') return null;
  if (operator === '===') {
    if (/[\s;)]/.test(text)) return null;
    return { operator, text, wildcard: false, version: parseVersion(text) };
  }
  const wildcard = (operator === '==' || operator === '!=') && text.endsWith('.*');
  const version = parseVersion(wildcard ? text.slice(0, -2) : text);
  if (!version || /\s/.test(text)) return null;
  if (wildcard && (version.dev || version.local)) return null;
  if (version.local && operator !== '==' && operator !== '!=') return null;
  if (operator === '~=' && version.release.length < 2) return null;
  return { operator, text, wildcard, version };
}

function parseSpecifierSet(specifier: string): Clause[] | null {
  if (specifier.trim() === '') return [];
  const clauses: Clause[] = [];
  for (const part of specifier.split(',')) {
    const clause = parseClause(part);
    if (!clause) return null;
    clauses.push(clause);
  }
  return clauses;
}

/** True when `specifier` is a valid PEP 440 specifier set ('' included: it admits everything). */
export function isValidSpecifier(specifier: string): boolean {
  return parseSpecifierSet(specifier) !== null;
}

// packaging 21.3's _version_split: '1.0rc1' -> ['1', '0', 'rc1']. pip applies it to the specifier text as
// written and to the candidate's normalized public version, so an unusual spelling in a wildcard
// (`==1.0-1.*`) matches less than its normalized form would; newer packaging rejects such wildcards.
function versionSplit(text: string): string[] {
  const out: string[] = [];
  for (const item of text.split('.')) {
    const pre = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (pre) out.push(pre[1], pre[2]);
    else out.push(item);
  }
  return out;
}

function prefixMatches(prospective: ParsedVersion, specText: string): boolean {
  const specParts = versionSplit(specText);
  const candidate = versionSplit(stringify(publicOf(prospective))).slice(0, specParts.length);
  // Pad the leading numeric parts with zeros so `1.*` matches `1` and `1.0.*` matches `1`.
  const releaseLen = (parts: string[]): number => {
    let n = 0;
    while (n < parts.length && /^[0-9]+$/.test(parts[n])) n++;
    return n;
  };
  const pad = (parts: string[], to: number): string[] => {
    const rel = releaseLen(parts);
    return [...parts.slice(0, rel), ...Array<string>(Math.max(0, to - rel)).fill('0'), ...parts.slice(rel)];
  };
  const width = Math.max(releaseLen(specParts), releaseLen(candidate));
  const a = pad(specParts, width);
  const b = pad(candidate, width);
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function clauseMatches(clause: Clause, rawVersion: string, prospective: ParsedVersion | null): boolean {
  if (clause.operator === '===') {
    // pip compares the normalized candidate against the specifier text as written.
    const candidate = prospective ? stringify(prospective) : rawVersion.trim();
    return candidate.toLowerCase() === clause.text.toLowerCase();
  }
  const spec = clause.version;
  if (!prospective || !spec) return false;
  switch (clause.operator) {
    case '==':
    case '!=': {
      let equal: boolean;
      if (clause.wildcard) equal = prefixMatches(prospective, clause.text.slice(0, -2));
      else if (spec.local) equal = cmp(prospective, spec) === 0;
      else equal = cmp(publicOf(prospective), spec) === 0;
      return clause.operator === '==' ? equal : !equal;
    }
    case '~=': {
      // ~=X.Y.Z means >=X.Y.Z, ==X.Y.*; the prefix comes from the text as written, as in pip.
      const parts = versionSplit(clause.text);
      const end = parts.findIndex((part) => /^(dev|a|b|rc|post)/.test(part));
      const prefix = parts.slice(0, end < 0 ? parts.length : end).slice(0, -1).join('.');
      return cmp(publicOf(prospective), spec) >= 0 && prefixMatches(prospective, prefix);
    }
    case '<=':
      return cmp(publicOf(prospective), spec) <= 0;
    case '>=':
      return cmp(publicOf(prospective), spec) >= 0;
    case '<':
      if (!(cmp(prospective, spec) < 0)) return false;
      // <V excludes pre-releases of V itself unless V is a pre-release.
      if (!isPrerelease(spec) && isPrerelease(prospective) && cmp(baseOf(prospective), baseOf(spec)) === 0) {
        return false;
      }
      return true;
    case '>':
      if (!(cmp(prospective, spec) > 0)) return false;
      // >V excludes post-releases of V unless V is one, and local versions of V.
      if (!spec.post && prospective.post && cmp(baseOf(prospective), baseOf(spec)) === 0) return false;
      if (prospective.local && cmp(baseOf(prospective), baseOf(spec)) === 0) return false;
      return true;
  }
}

// A clause admits pre-releases by itself when it names one with an inclusive operator (pip's rule).
function clauseAllowsPrereleases(clause: Clause): boolean {
  if (!['==', '>=', '<=', '~=', '==='].includes(clause.operator)) return false;
  return clause.version !== null && isPrerelease(clause.version);
}

function setContains(clauses: Clause[], version: string, pre: boolean | undefined): boolean {
  const parsed = parseVersion(version);
  const allowPre = pre ?? clauses.some(clauseAllowsPrereleases);
  if (parsed && isPrerelease(parsed) && !allowPre) return false;
  return clauses.every((clause) => clauseMatches(clause, version, parsed));
}

/**
 * True when `version` satisfies the PEP 440 specifier set (e.g. '>=1.0,<2'), as pip decides it:
 * pre-releases only when the specifier names one. Invalid specifiers admit nothing.
 */
export function satisfies(version: string, specifier: string, opts: { pre?: boolean } = {}): boolean {
  const clauses = parseSpecifierSet(specifier);
  if (!clauses) return false;
  return setContains(clauses, version, opts.pre);
}

/**
 * The version pip would pick from `versions` for `specifier`: the newest admitted. Pre-releases are
 * admitted when `pre` is set or the specifier names one; with no specifier at all, pip falls back to
 * pre-releases when nothing else exists. Null when nothing is admitted or the specifier is invalid.
 */
export function pickVersion(versions: string[], specifier: string, opts: { pre?: boolean } = {}): string | null {
  const clauses = parseSpecifierSet(specifier);
  if (!clauses) return null;
  let admitted: string[];
  if (clauses.length === 0) {
    const valid = versions.filter(isValidVersion);
    const finals = valid.filter((v) => opts.pre || !isPrerelease(parseVersion(v) as ParsedVersion));
    admitted = finals.length > 0 || opts.pre === false ? finals : valid;
  } else {
    admitted = versions.filter((v) => isValidVersion(v) && setContains(clauses, v, opts.pre || undefined));
  }
  let best: string | null = null;
  for (const v of admitted) if (best === null || compareVersions(v, best) > 0) best = v;
  return best;
}

/** Lower and upper bounds a specifier set states, for reasoning without the full list of releases. */
export interface SpecifierBounds {
  /** Exact pin (`==X`, no wildcard), or null. */
  pinned: string | null;
  /** Greatest lower bound stated, with whether it is inclusive. */
  lower: { version: string; inclusive: boolean } | null;
  /**
   * Least upper bound stated (`<`, `<=`, `~=`, `==X.*`), with whether it is inclusive, lowered past
   * `!=` clauses that exclude the top of the range (`<1.27,!=1.26.*` -> `<1.26`).
   */
  upper: { version: string; inclusive: boolean } | null;
}

/** The bounds of a specifier set, or null when it is invalid. */
export function specifierBounds(specifier: string): SpecifierBounds | null {
  const clauses = parseSpecifierSet(specifier);
  if (!clauses) return null;
  const out: SpecifierBounds = { pinned: null, lower: null, upper: null };
  const setLower = (version: string, inclusive: boolean): void => {
    const c = out.lower ? compareVersions(version, out.lower.version) : 1;
    if (c > 0 || (c === 0 && !inclusive)) out.lower = { version, inclusive };
  };
  const setUpper = (version: string, inclusive: boolean): void => {
    const c = out.upper ? compareVersions(version, out.upper.version) : -1;
    if (c < 0 || (c === 0 && !inclusive)) out.upper = { version, inclusive };
  };
  for (const clause of clauses) {
    const v = clause.version;
    if (!v) continue;
    const text = stringify(v);
    switch (clause.operator) {
      case '===':
      case '==':
        if (clause.wildcard) {
          setLower(text, true);
          const next = [...v.release];
          next[next.length - 1] += 1;
          setUpper(stringify({ ...baseOf(v), release: next }), false);
        } else {
          out.pinned = text;
          setLower(text, true);
          setUpper(text, true);
        }
        break;
      case '>=':
        setLower(text, true);
        break;
      case '>':
        setLower(text, false);
        break;
      case '<=':
        setUpper(text, true);
        break;
      case '<':
        setUpper(text, false);
        break;
      case '~=': {
        setLower(text, true);
        const next = v.release.slice(0, -1);
        next[next.length - 1] += 1;
        setUpper(stringify({ ...baseOf(v), release: next }), false);
        break;
      }
      case '!=':
        break;
    }
  }
  // `!=` clauses at the top of the admitted range push the release pip picks below them:
  // `<1.27,!=1.26.*` picks a 1.25.x, `<=2.0,!=2.0` something below 2.0. Repeat until stable, since
  // excluding one series can expose another (`<1.27,!=1.26.*,!=1.25.*`).
  const excluded = clauses.filter((c) => c.operator === '!=' && c.version !== null);
  for (let changed = true; changed && out.upper; ) {
    changed = false;
    for (const clause of excluded) {
      const upper: { version: string; inclusive: boolean } = out.upper;
      const v = clause.version as ParsedVersion;
      const lo = stringify(clause.wildcard ? baseOf(v) : publicOf(v));
      let hits: boolean;
      if (clause.wildcard) {
        const next = [...v.release];
        next[next.length - 1] += 1;
        const hi = stringify({ ...baseOf(v), release: next });
        const fromLo = compareVersions(upper.version, lo);
        const toHi = compareVersions(upper.version, hi);
        hits = upper.inclusive ? fromLo >= 0 && toHi < 0 : fromLo > 0 && toHi <= 0;
      } else {
        hits = upper.inclusive && compareVersions(upper.version, lo) === 0;
      }
      if (hits) {
        out.upper = { version: lo, inclusive: false };
        changed = true;
      }
    }
  }
  return out;
}
