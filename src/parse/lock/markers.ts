// Environment markers as lock files write them, evaluated for the Linux images slimreq audits. Pure.
//
// A lock is written for every platform; an image runs CPython on Linux. A marker decides whether a
// locked package reaches the image: it does unless the marker is false on every Linux CPython that an
// image may run (CPython 3.7 to 3.14, x86_64 or aarch64). The marker is evaluated concretely on each of
// those environments, the way packaging's Marker.evaluate() does, so the answer for `sys_platform ==
// "win32"` (never) and `python_version < "3.8"` (only 3.7) is exact; variables no image fixes
// (platform_release, platform_version) are empty strings. PEP 751 adds `extras` and
// `dependency_groups`, sets tested with `'name' in extras`.
import { satisfies } from '../../catalog/pep440.js';
import { normalizeName } from '../../catalog/names.js';

export const LINUX_PYTHONS = ['3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'] as const;
export const LINUX_MACHINES = ['x86_64', 'aarch64'] as const;

export interface MarkerContext {
  /** `extra == "x"` (dependency metadata) and `'x' in extras` (PEP 751). */
  extras?: readonly string[];
  /** `'x' in dependency_groups` (PEP 751). */
  groups?: readonly string[];
}

type Node = { kind: 'and' | 'or'; left: Node; right: Node } | Comparison;
interface Comparison {
  kind: 'cmp';
  left: Operand;
  op: string;
  right: Operand;
}
type Operand = { variable: string } | { value: string };

const VARIABLES = [
  'python_full_version',
  'python_version',
  'platform_python_implementation',
  'implementation_version',
  'implementation_name',
  'platform_machine',
  'platform_release',
  'platform_version',
  'platform_system',
  'sys_platform',
  'os_name',
  'dependency_groups',
  'extras',
  'extra',
];
const OPS = ['===', '==', '!=', '~=', '<=', '>=', 'not in', '<', '>', 'in'];
const VERSION_VARIABLES = new Set(['python_version', 'python_full_version', 'implementation_version']);

class MarkerError extends Error {}

/** Parses a marker; throws MarkerError with a message for text that is not a marker. */
function parse(text: string): Node {
  let pos = 0;
  const ws = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const operand = (): Operand => {
    ws();
    const q = text[pos];
    if (q === '"' || q === "'") {
      const end = text.indexOf(q, pos + 1);
      if (end < 0) throw new MarkerError(`unterminated string at ${pos + 1}`);
      const value = text.slice(pos + 1, end);
      pos = end + 1;
      return { value };
    }
    for (const v of VARIABLES) {
      if (text.startsWith(v, pos) && !/[A-Za-z0-9_]/.test(text[pos + v.length] ?? '')) {
        pos += v.length;
        return { variable: v };
      }
    }
    throw new MarkerError(`expected a marker variable or a quoted string at ${pos + 1}`);
  };
  const atom = (): Node => {
    ws();
    if (text[pos] === '(') {
      pos++;
      const inner = or();
      ws();
      if (text[pos] !== ')') throw new MarkerError(`expected ')' at ${pos + 1}`);
      pos++;
      return inner;
    }
    const left = operand();
    ws();
    let op: string | undefined;
    for (const o of OPS) {
      if (o === 'not in') {
        const m = /^not\s+in(?![A-Za-z0-9_])/.exec(text.slice(pos));
        if (m) {
          op = o;
          pos += m[0].length;
          break;
        }
      } else if (text.startsWith(o, pos)) {
        op = o;
        pos += o.length;
        break;
      }
    }
    if (!op) throw new MarkerError(`expected a marker operator at ${pos + 1}`);
    const right = operand();
    return { kind: 'cmp', left, op, right };
  };
  const keyword = (word: string): boolean => {
    ws();
    if (text.startsWith(word, pos) && !/[A-Za-z0-9_]/.test(text[pos + word.length] ?? '')) {
      pos += word.length;
      return true;
    }
    return false;
  };
  const and = (): Node => {
    let node = atom();
    while (keyword('and')) node = { kind: 'and', left: node, right: atom() };
    return node;
  };
  function or(): Node {
    let node = and();
    while (keyword('or')) node = { kind: 'or', left: node, right: and() };
    return node;
  }
  const node = or();
  ws();
  if (pos < text.length) throw new MarkerError(`unexpected text at ${pos + 1}`);
  return node;
}

type Env = Record<string, string | readonly string[]>;

function compare(lhs: string | readonly string[], op: string, rhs: string | readonly string[], versions: boolean): boolean {
  if (typeof rhs !== 'string' && (op === 'in' || op === 'not in')) {
    const has = rhs.includes(normalizeName(lhs as string));
    return op === 'in' ? has : !has;
  }
  if (typeof lhs !== 'string' || typeof rhs !== 'string') return false;
  if (op === 'in') return rhs.includes(lhs);
  if (op === 'not in') return !rhs.includes(lhs);
  // packaging: a comparison is a version specifier when the right side parses as one, else strings.
  if (versions && op !== '===') {
    const spec = `${op}${rhs}`;
    if (/^[0-9]/.test(rhs.trim()) || op === '~=') return satisfies(lhs, spec, { pre: true });
  }
  if (op === '==' || op === '===') return lhs === rhs;
  if (op === '!=') return lhs !== rhs;
  return false;
}

function evaluate(node: Node, env: Env): boolean {
  if (node.kind === 'and') return evaluate(node.left, env) && evaluate(node.right, env);
  if (node.kind === 'or') return evaluate(node.left, env) || evaluate(node.right, env);
  return compareItem(node as Comparison, env);
}

function compareItem(node: Comparison, env: Env): boolean {
  const value = (o: Operand): string | readonly string[] => ('value' in o ? o.value : (env[o.variable] ?? ''));
  const variable = 'variable' in node.left ? node.left.variable : 'variable' in node.right ? node.right.variable : '';
  let lhs = value(node.left);
  let rhs = value(node.right);
  if (variable === 'extra') {
    // `extra == "Foo_Bar"` compares normalized names (PEP 685).
    const extras = env.extra as readonly string[];
    const other = 'variable' in node.left ? rhs : lhs;
    if (typeof other !== 'string') return false;
    const has = extras.includes(normalizeName(other));
    return node.op === '==' || node.op === '===' ? has : node.op === '!=' ? !has : false;
  }
  if (variable === 'extras' || variable === 'dependency_groups') {
    if (typeof lhs === 'string') lhs = normalizeName(lhs);
    if (typeof rhs === 'string') rhs = normalizeName(rhs);
  }
  return compare(lhs, node.op, rhs, VERSION_VARIABLES.has(variable));
}

function linuxEnvironments(ctx: MarkerContext): Env[] {
  const extras = (ctx.extras ?? []).map(normalizeName);
  const groups = (ctx.groups ?? []).map(normalizeName);
  const envs: Env[] = [];
  for (const python of LINUX_PYTHONS) {
    for (const machine of LINUX_MACHINES) {
      envs.push({
        python_version: python,
        python_full_version: `${python}.0`,
        implementation_version: `${python}.0`,
        implementation_name: 'cpython',
        platform_python_implementation: 'CPython',
        platform_machine: machine,
        platform_system: 'Linux',
        sys_platform: 'linux',
        os_name: 'posix',
        platform_release: '',
        platform_version: '',
        extra: extras,
        extras,
        dependency_groups: groups,
      });
    }
  }
  return envs;
}

const cache = new Map<string, Node | MarkerError>();

function parsed(marker: string): Node | MarkerError {
  let node = cache.get(marker);
  if (!node) {
    try {
      node = parse(marker);
    } catch (error) {
      node = error instanceof MarkerError ? error : new MarkerError(String(error));
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(marker, node);
  }
  return node;
}

/**
 * True when the marker may hold on a Linux CPython image (true for at least one environment); also
 * true for a marker that cannot be read, since unknown is not "excluded".
 */
export function markerOnLinux(marker: string | null | undefined, ctx: MarkerContext = {}): boolean {
  if (marker === null || marker === undefined || marker.trim() === '') return true;
  const node = parsed(marker);
  if (node instanceof MarkerError) return true;
  return linuxEnvironments(ctx).some((env) => evaluate(node, env));
}

/** The error in a marker, or null when it reads. */
export function markerError(marker: string): string | null {
  const node = parsed(marker);
  return node instanceof MarkerError ? node.message : null;
}
