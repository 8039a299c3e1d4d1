// PEP 508 environment markers, evaluated the way pip 23.2.1 evaluates them (its vendored packaging
// 21.3, `Marker.evaluate`): https://peps.python.org/pep-0508/#environment-markers
//
// One evaluator for every command: alpine and its rule ask "does the image install this line?", the
// loader asks "which extra gates this line?". packaging's semantics are kept, quirks included:
//   - `op value` is first read as a PEP 440 specifier (`>=3.8`, `==linux` is not one); when it is one,
//     the variable's value must be a PEP 440 version (else the comparison is false, even for `!=`), and a
//     pre-release value only matches when the specifier names a pre-release;
//   - otherwise the comparison is on strings (`in`, `not in`, `==`, `<`, ...); `~=` and `===` on
//     non-versions are errors (packaging raises UndefinedComparison);
//   - `variable op variable` compares the left variable's value with the right variable's *name*, and
//     `"a" op "b"` looks the right string up as a variable name (an error unless it names one);
//   - every comparison is evaluated (no short-circuit), so an error anywhere is an error.
// Beyond packaging, a variable may be unknown (a Docker image says "Linux, Python 3.12" but not the
// kernel release) or a set of possible values (python_full_version "3.12.*"): comparisons then give
// `null` and `and`/`or` follow Kleene's three-valued logic, so "cannot tell" is never taken for false.
import { normalizeVersion, satisfies } from '../catalog/pep440.js';
import { isValidSpecifierClause, parseMarker, type MarkerItem, type MarkerList } from './pep508.js';

/** The variables packaging's default_environment() defines, plus `extra`. */
export const MARKER_ENVIRONMENT_NAMES = [
  'implementation_name',
  'implementation_version',
  'os_name',
  'platform_machine',
  'platform_release',
  'platform_system',
  'platform_version',
  'python_full_version',
  'platform_python_implementation',
  'python_version',
  'sys_platform',
  'extra',
] as const;

/**
 * Values of the marker variables. A string is a known value; an array lists the possible values (all
 * must agree for a definite answer); a name that is absent is unknown (the answer is `null`).
 * `strict: true` turns an absent name into packaging's UndefinedEnvironmentName error instead.
 */
export type MarkerEnvironment = Partial<Record<string, string | readonly string[]>>;

export type MarkerValue = boolean | null;

export type MarkerEvaluation = { ok: true; value: MarkerValue } | { ok: false; error: string };

class EvalError {
  constructor(readonly message: string) {}
}

// packaging 21.3's VERSION_PATTERN (Version() accepts it with surrounding whitespace, any case).
const VERSION_RE = new RegExp(
  '^\\s*v?(?:(?:[0-9]+)!)?[0-9]+(?:\\.[0-9]+)*' +
    '(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?:[0-9]+)?)?' +
    '(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?(?:[0-9]+)?))?' +
    '(?:[-_.]?dev[-_.]?(?:[0-9]+)?)?' +
    '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?\\s*$',
  'i',
);

function isPep440Version(text: string): boolean {
  return VERSION_RE.test(text);
}

function isPrereleaseText(text: string): boolean {
  if (!isPep440Version(text)) return false;
  const normalized = normalizeVersion(text);
  return normalized !== null && /(?:a|b|rc)[0-9]+|\.dev[0-9]+/.test(normalized.split('+')[0]);
}

/** str(parse(text)) for the `===` comparison: a Version prints normalized, a LegacyVersion as given. */
function versionString(text: string): string {
  return isPep440Version(text) ? (normalizeVersion(text) ?? text) : text;
}

const STRING_OPS: Record<string, (a: string, b: string) => boolean> = {
  in: (a, b) => b.includes(a),
  'not in': (a, b) => !b.includes(a),
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};

/** packaging 21.3's _eval_op(lhs, op, rhs) for two known strings. */
export function evalOp(lhs: string, op: string, rhs: string): boolean {
  const spec = op + rhs;
  if (op !== 'in' && op !== 'not in' && isValidSpecifierClause(spec, true)) {
    const m = /^\s*(===|==|!=|~=|<=|>=|<|>)\s*(.*?)\s*$/s.exec(spec)!;
    const [, operator, version] = m;
    if (operator === '===') return versionString(lhs).toLowerCase() === version.toLowerCase();
    // Specifier.contains(): a LegacyVersion never satisfies a PEP 440 comparison.
    if (!isPep440Version(lhs)) return false;
    const base = operator === '==' && version.endsWith('.*') ? version.slice(0, -2) : version;
    const specPre = ['==', '>=', '<=', '~='].includes(operator) && isPrereleaseText(base);
    if (isPrereleaseText(lhs) && !specPre) return false;
    return satisfies(lhs.trim(), spec, { pre: true });
  }
  const fn = STRING_OPS[op];
  if (!fn) throw new EvalError(`Undefined ${JSON.stringify(op)} on ${JSON.stringify(lhs)} and ${JSON.stringify(rhs)}`);
  return fn(lhs, rhs);
}

function lookup(env: MarkerEnvironment, name: string, strict: boolean): readonly string[] | null {
  const v = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
  if (v === undefined) {
    if (strict) throw new EvalError(`${JSON.stringify(name)} does not exist in evaluation environment`);
    return null;
  }
  return typeof v === 'string' ? [v] : v;
}

function evalItem(item: MarkerItem, env: MarkerEnvironment, strict: boolean): MarkerValue {
  let lhs: readonly string[] | null;
  let rhs: readonly string[] | null;
  if (item.left.kind === 'variable') {
    lhs = lookup(env, item.left.name, strict);
    rhs = [item.right.kind === 'variable' ? item.right.name : item.right.value];
  } else {
    lhs = [item.left.value];
    rhs = lookup(env, item.right.kind === 'variable' ? item.right.name : item.right.value, strict);
  }
  if (lhs === null || rhs === null) {
    // Still surface an error the known side alone would raise (`~=` on a non-version).
    return null;
  }
  let sawTrue = false;
  let sawFalse = false;
  let error: EvalError | null = null;
  for (const a of lhs) {
    for (const b of rhs) {
      try {
        if (evalOp(a, item.op, b)) sawTrue = true;
        else sawFalse = true;
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        error = e;
      }
    }
  }
  if (error && lhs.length * rhs.length === 1) throw error;
  if (error) return null;
  return sawTrue && sawFalse ? null : sawTrue;
}

function evalList(list: MarkerList, env: MarkerEnvironment, strict: boolean): MarkerValue {
  const groups: MarkerValue[][] = [[]];
  for (const m of list) {
    if (m === 'or') groups.push([]);
    else if (m === 'and') continue;
    else if (Array.isArray(m)) groups[groups.length - 1].push(evalList(m, env, strict));
    else groups[groups.length - 1].push(evalItem(m, env, strict));
  }
  const all = (g: MarkerValue[]): MarkerValue => (g.includes(false) ? false : g.includes(null) ? null : true);
  const values = groups.map(all);
  return values.includes(true) ? true : values.includes(null) ? null : false;
}

/**
 * Evaluates a marker (its text, or a tree from parseMarker) in `env`. With `strict`, a variable missing
 * from `env` is an error, as in packaging; otherwise it is unknown. A marker that does not parse is an error.
 */
export function evaluateMarker(marker: string | MarkerList, env: MarkerEnvironment, options: { strict?: boolean } = {}): MarkerEvaluation {
  let tree: MarkerList;
  if (typeof marker === 'string') {
    const parsed = parseMarker(marker);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    tree = parsed.tree;
  } else {
    tree = marker;
  }
  try {
    return { ok: true, value: evalList(tree, env, options.strict === true) };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Where an image runs: Linux, CPython, and what else is known about it. */
export interface TargetEnvironment {
  /** 'X.Y' when known (from the image tag or requires-python). */
  pythonVersion?: string | null;
  /** 'x86_64' | 'aarch64', when one architecture is meant. */
  machine?: string | null;
  /** The extra being installed ('' for none: pip's default for requirement lines). */
  extra?: string;
}

// python_full_version for an image tagged X.Y: any patch release. 0..40 covers every CPython so far.
const PATCHES = Array.from({ length: 41 }, (_, i) => i);

/** The marker environment of a Linux CPython image: what the Dockerfile says, the rest unknown. */
export function linuxEnvironment(target: TargetEnvironment = {}): MarkerEnvironment {
  const env: MarkerEnvironment = {
    os_name: 'posix',
    sys_platform: 'linux',
    platform_system: 'Linux',
    implementation_name: 'cpython',
    platform_python_implementation: 'CPython',
    extra: target.extra ?? '',
  };
  const py = target.pythonVersion && /^\d+\.\d+$/.test(target.pythonVersion) ? target.pythonVersion : null;
  if (py) {
    env.python_version = py;
    const full = PATCHES.map((p) => `${py}.${p}`);
    env.python_full_version = full;
    env.implementation_version = full;
  }
  if (target.machine) env.platform_machine = target.machine;
  return env;
}

/**
 * Does pip install a requirement with this marker on the target? `true`, `false`, or `null` when it
 * depends on something the target does not fix (a kernel release, an unknown Python) or the marker is
 * invalid. No marker: true.
 */
export function markerApplies(marker: string | null, target: TargetEnvironment = {}): MarkerValue {
  if (marker === null) return true;
  const r = evaluateMarker(marker, linuxEnvironment(target));
  return r.ok ? r.value : null;
}

/**
 * The extras a marker gates its requirement behind: extra names for which it can hold while it cannot
 * hold without any extra (`mypy ; extra == "typing"` -> ['typing']). Empty when no extra is needed.
 */
export function markerExtras(marker: string | null): string[] {
  if (marker === null || !marker.includes('extra')) return [];
  const parsed = parseMarker(marker);
  if (!parsed.ok) return [];
  const names: string[] = [];
  const collect = (list: MarkerList): void => {
    for (const m of list) {
      if (Array.isArray(m)) collect(m);
      else if (typeof m !== 'string') {
        const { left, right } = m;
        if (left.kind === 'variable' && left.name === 'extra' && right.kind === 'value') names.push(right.value);
        if (right.kind === 'variable' && right.name === 'extra' && left.kind === 'value') names.push(left.value);
      }
    }
  };
  collect(parsed.tree);
  const without = evaluateMarker(parsed.tree, { extra: '' });
  if (!without.ok || without.value !== false) return [];
  return [...new Set(names)].filter((name) => {
    const r = evaluateMarker(parsed.tree, { extra: name });
    return r.ok && r.value !== false;
  });
}
