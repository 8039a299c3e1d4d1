// The roles stage for requirements files and extras: production or development, with the reason.
import type { Group, Manifest } from '../model.js';
import type { IncludeEdge } from '../resolve/includes.js';
import { groupForName } from '../catalog/groups.js';
import { markerExtras } from '../parse/marker-eval.js';
import { classifyRequirementsPath } from './names.js';

/**
 * Production or development for each requirements file. Named files decide for themselves; a
 * neutrally named file (base.txt, common.txt) takes the set of the files that include it,
 * production if any production file does. Constraint files only constrain: their requirements
 * are marked constraintOnly. `installed` maps files that production Dockerfiles install to where.
 */
export function classifyRequirements(manifests: Map<string, Manifest>, edges: IncludeEdge[], installed: Map<string, string> = new Map()): void {
  const includers = new Map<string, IncludeEdge[]>();
  for (const e of edges) {
    const list = includers.get(e.to) ?? [];
    list.push(e);
    includers.set(e.to, list);
  }
  const verdicts = new Map([...manifests.keys()].map((p) => [p, classifyRequirementsPath(p)]));
  const resolved = new Map<string, { group: Group; reason: string }>();
  for (const [path, v] of verdicts) {
    if (v.group === 'dev') resolved.set(path, { group: 'dev', reason: `its path says "${v.word}"` });
    else if (v.group === 'prod') resolved.set(path, { group: 'prod', reason: 'file name' });
    // A neutrally named file that a production image installs with `pip install -r` is production.
    else if (installed.has(path)) resolved.set(path, { group: 'prod', reason: `installed by ${installed.get(path)}` });
  }
  // Neutral files: iterate to a fixpoint over the include graph.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [path, v] of verdicts) {
      if (v.group !== 'neutral' || resolved.has(path)) continue;
      const inc = (includers.get(path) ?? []).filter((e) => e.include.kind === 'requirement');
      const groupOf = (e: IncludeEdge) => e.include.group ?? resolved.get(e.from)?.group;
      if (inc.length === 0) {
        resolved.set(path, { group: 'prod', reason: 'not included by any file' });
        changed = true;
        continue;
      }
      const prodIncluder = inc.find((e) => groupOf(e) === 'prod');
      if (prodIncluder) {
        resolved.set(path, { group: 'prod', reason: `included by ${prodIncluder.from}` });
        changed = true;
      } else if (inc.every((e) => groupOf(e) === 'dev')) {
        resolved.set(path, { group: 'dev', reason: `included only by development files (${inc.map((e) => e.from).join(', ')})` });
        changed = true;
      }
    }
  }
  for (const [path, manifest] of manifests) {
    const r = resolved.get(path) ?? { group: 'prod' as Group, reason: 'included in an include cycle' };
    manifest.group = r.group;
    manifest.groupReason = r.reason;
    const inc = includers.get(path) ?? [];
    const constraintOnly =
      !installed.has(path) &&
      (manifest.kind === 'constraints'
        ? !inc.some((e) => e.include.kind === 'requirement')
        : inc.length > 0 && inc.every((e) => e.include.kind === 'constraint'));
    if (constraintOnly) manifest.kind = 'constraints';
    for (const req of manifest.requirements) {
      req.group = r.group;
      req.constraintOnly = constraintOnly;
      if (constraintOnly) req.origin = 'constraints';
    }
  }
}

/** `mypy ; extra == "typing"` in a production list is installed only with that extra. */
export function applyExtraMarkers(manifests: Manifest[]): void {
  for (const m of manifests) {
    for (const r of m.requirements) {
      const extra = markerExtras(r.marker)[0];
      if (!extra || r.group !== 'prod') continue;
      r.group = groupForName(extra).group;
      r.groupName = extra;
    }
  }
}
