// `mypy ; extra == "typing"` in a package's dependencies is how core metadata spells an extra
// (Requires-Dist): it is installed only by `pip install app[typing]`. One reading of such markers for
// every command, so the audit, split and export agree on what the line means.
import { markerExtras } from './marker-eval.js';
import { parseMarker, type MarkerItem, type MarkerList } from './pep508.js';

export interface ExtraGate {
  /** The extra as written in the marker. */
  extra: string;
  /** Every extra that makes the marker true. */
  extras: string[];
  /**
   * The marker without the extra clause (null when nothing is left), when the marker is
   * `extra == "X" and <rest>`; undefined when the extra sits elsewhere (under `or`, `!=`, a group),
   * so no plain marker without `extra` says the same thing.
   */
  rest?: string | null;
}

function isExtraItem(m: MarkerList[number]): m is MarkerItem {
  return typeof m !== 'string' && !Array.isArray(m) && (m.left.kind === 'variable' ? m.left.name : m.right.kind === 'variable' ? m.right.name : '') === 'extra';
}

function mentionsExtra(m: MarkerList | MarkerItem): boolean {
  if (Array.isArray(m)) return m.some((x) => typeof x !== 'string' && mentionsExtra(x));
  return (m.left.kind === 'variable' && m.left.name === 'extra') || (m.right.kind === 'variable' && m.right.name === 'extra');
}

function format(m: MarkerList | MarkerItem, top = true): string {
  if (!Array.isArray(m)) {
    const side = (o: MarkerItem['left']): string => (o.kind === 'variable' ? o.name : `"${o.value}"`);
    return `${side(m.left)} ${m.op} ${side(m.right)}`;
  }
  if (m.length === 1 && typeof m[0] !== 'string') return format(m[0], top);
  const inner = m.map((x) => (typeof x === 'string' ? x : format(x, false))).join(' ');
  return top ? inner : `(${inner})`;
}

/**
 * The extra a marker gates its requirement on (the first of markerExtras(), the audit's reading), or
 * null when the requirement is installed without any extra.
 */
export function extraGate(marker: string | null): ExtraGate | null {
  const extras = markerExtras(marker);
  if (extras.length === 0 || marker === null) return null;
  const parsed = parseMarker(marker);
  if (!parsed.ok) return null;
  const tree = parsed.tree;
  const gate: ExtraGate = { extra: extras[0], extras };
  if (extras.length === 1 && !tree.includes('or')) {
    const items = tree.filter((x) => x !== 'and');
    const gates = items.filter(isExtraItem);
    const others = items.filter((x) => !isExtraItem(x));
    if (gates.length === 1 && gates[0].op === '==' && !others.some((x) => typeof x !== 'string' && mentionsExtra(x))) {
      gate.rest = others.length === 0 ? null : others.map((x) => format(x as MarkerList | MarkerItem, others.length === 1)).join(' and ');
    }
  }
  return gate;
}
