// pdm.lock reader. Pure; never throws.
//
// `[[package]]` entries with `name`, `version`, `groups` (the lock's groups the package belongs to:
// `default` is production), `marker`, `dependencies` (PEP 508 strings) and `files = [{ file }]`.
// A package locked with extras appears once more with `extras = [...]`: both entries are one package,
// listed at its first entry. Locks without `groups` (before lock_version 4.4) are read through
// reachability from the pyproject.toml's declarations, as poetry.lock 2.0.
import { groupForName } from '../../catalog/groups.js';
import { normalizeName } from '../../catalog/names.js';
import type { Group } from '../../model.js';
import { parsePep508 } from '../pep508.js';
import { isTable } from '../toml.js';
import { lockedFiles, str, strings, toLocked, tomlPackages, type TomlPackage } from './common.js';
import { markerOnLinux } from './markers.js';
import { emptyLock, parentKeys, reach, type LockResult, type ProjectDeclarations } from './types.js';

export function parsePdmLock(content: string, decl: ProjectDeclarations | null = null): LockResult {
  const out = emptyLock('pdm-lock');
  const read = tomlPackages(content, 'package', out);
  if (!read) return out;
  const { doc, packages } = read;
  const metadata = isTable(doc.value.metadata) ? doc.value.metadata : {};
  out.requiresPython = str(metadata.requires_python) ?? null;

  // One package per name and version; entries with `extras` add their dependencies to it.
  const byKey = new Map<string, TomlPackage[]>();
  for (const p of packages) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
  const byIndex = new Map(packages.map((p) => [p.index, p]));
  const label = (i: number) => byIndex.get(i)!.name;
  const first = (p: TomlPackage) => (byKey.get(p.key) ?? []).find((q) => q.version === p.version)!;
  const edges = (id: number, extras: string[]) => {
    const base = byIndex.get(id)!;
    const entries = (byKey.get(base.key) ?? []).filter(
      (q) => q.version === base.version && (!Array.isArray(q.table.extras) || strings(q.table.extras).some((e) => extras.includes(normalizeName(e)))),
    );
    const next: { id: number; extras: string[] }[] = [];
    for (const entry of entries) {
      for (const text of strings(entry.table.dependencies)) {
        const parsed = parsePep508(text);
        if (!parsed.ok || !markerOnLinux(parsed.value.marker)) continue;
        for (const p of byKey.get(parsed.value.key) ?? []) {
          if (p === first(p) && p.key !== base.key) next.push({ id: p.index, extras: parsed.value.extras });
        }
      }
    }
    return next;
  };
  const parent = decl?.name ?? null;
  const rootsOf = (list: { key: string; extras: string[] }[]) =>
    list.flatMap((d) => (byKey.get(d.key) ?? []).filter((p) => p === first(p)).map((p) => ({ id: p.index, extras: d.extras, parent })));
  const parentIds = new Map<number, Set<number>>();
  const prod = decl ? reach(rootsOf(decl.prod), edges, label, parentIds) : new Map<number, string[]>();
  const devGroup = new Map<number, string>();
  if (decl) {
    for (const g of [...new Set(decl.dev.map((d) => d.group))]) {
      for (const id of reach(rootsOf(decl.dev.filter((d) => d.group === g)), edges, label).keys()) if (!devGroup.has(id)) devGroup.set(id, g);
    }
  }
  const direct = new Set((decl?.prod ?? []).map((d) => d.key));

  for (const p of packages) {
    if (p !== first(p)) continue;
    const entries = (byKey.get(p.key) ?? []).filter((q) => q.version === p.version);
    const groups = [...new Set(entries.flatMap((q) => strings(q.table.groups)))];
    const onLinux = entries.some((q) => markerOnLinux(str(q.table.marker)));
    let group: Group | null;
    let groupName: string | null = null;
    if (entries.some((q) => Array.isArray(q.table.groups))) {
      if (!onLinux) group = null;
      else if (groups.includes('default')) group = 'prod';
      else {
        // A dependency group of the pyproject is development whatever its name; extras go by name.
        const devGroups = new Set((decl?.dev ?? []).map((d) => normalizeName(d.group)));
        const prodNamed = groups.find((g) => !devGroups.has(normalizeName(g)) && groupForName(g).group === 'prod');
        groupName = prodNamed ?? groups[0] ?? null;
        group = groupName === null ? null : prodNamed ? 'prod' : 'dev';
      }
    } else {
      group = prod.has(p.index) ? 'prod' : devGroup.has(p.index) ? 'dev' : null;
      groupName = group === 'dev' ? devGroup.get(p.index)! : decl ? null : 'unknown: no pyproject.toml beside the lock';
    }
    const t = p.table;
    const url = str(t.git) ?? str(t.url) ?? str(t.path) ?? null;
    out.packages.push(toLocked(p, { group, groupName, chain: prod.get(p.index) ?? [p.name] }, { url, files: lockedFiles(t.files), direct: direct.has(p.key), parents: parentKeys(parentIds, p.index, byIndex) }));
  }
  return out;
}
