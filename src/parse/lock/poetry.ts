// poetry.lock reader (lock-version 1.x, 2.0 and 2.1). Pure; never throws.
//
// `[[package]]` entries with `name`, `version`, `optional`, `[package.dependencies]` (`name = "spec"`,
// `{ version, markers, optional, extras }` or a list of those), `[package.extras]` (`extra = ["name (spec)
// ; marker"]`) and files (`files = [{ file }]` in 2.x, `[metadata.files]` by name in 1.x).
// Which install a package belongs to:
// - lock-version 2.1 records it: `groups = ["main", "dev"]`, with `markers` for all groups or per group;
// - 1.x records `category = "main" | "dev"`;
// - 2.0 records neither: production is what `[tool.poetry.dependencies]` reaches through the lock's
//   dependency tables, development what only the dev groups reach (the declarations come from the
//   pyproject.toml beside the lock).
// Edges whose marker excludes Linux are not followed; a 2.1 package whose main-group marker excludes
// Linux is not in the image.
import { groupForDependencyGroup, groupForName } from '../../catalog/groups.js';
import { normalizeName } from '../../catalog/names.js';
import type { Group } from '../../model.js';
import { isTable } from '../toml.js';
import { lockedFiles, str, strings, toLocked, tomlPackages, type TomlPackage } from './common.js';
import { markerOnLinux } from './markers.js';
import { emptyLock, parentKeys, reach, type LockResult, type ProjectDeclarations } from './types.js';

interface Dep {
  key: string;
  marker?: string;
  optional: boolean;
  extras: string[];
}

function depsOf(table: unknown): Dep[] {
  if (!isTable(table)) return [];
  const out: Dep[] = [];
  for (const [name, spec] of Object.entries(table)) {
    const key = normalizeName(name);
    const specs = Array.isArray(spec) ? spec : [spec];
    for (const s of specs) {
      if (typeof s === 'string') out.push({ key, optional: false, extras: [] });
      else if (isTable(s)) out.push({ key, marker: str(s.markers), optional: s.optional === true, extras: strings(s.extras) });
    }
  }
  return out;
}

/** `uvloop (>=0.14.0,!=0.15.0) ; sys_platform != "win32"` -> name, extras and marker. */
export function parseExtraEntry(text: string): { key: string; extras: string[]; marker?: string } | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(text);
  if (!m) return null;
  const semi = text.indexOf(';');
  return {
    key: normalizeName(m[1]),
    extras: (m[2] ?? '').split(',').map((e) => e.trim()).filter(Boolean),
    ...(semi >= 0 ? { marker: text.slice(semi + 1).trim() } : {}),
  };
}

export function parsePoetryLock(content: string, decl: ProjectDeclarations | null = null): LockResult {
  const out = emptyLock('poetry-lock');
  const read = tomlPackages(content, 'package', out);
  if (!read) return out;
  const { doc, packages } = read;
  const metadata = isTable(doc.value.metadata) ? doc.value.metadata : {};
  out.requiresPython = str(metadata['python-versions']) ?? null;
  const legacyFiles = isTable(metadata.files) ? metadata.files : {};
  const legacyByKey = new Map(Object.entries(legacyFiles).map(([k, v]) => [normalizeName(k), v]));
  // The project's own extras (`[extras]` at the top level): runtime features count as production.
  const projectExtras = isTable(doc.value.extras) ? Object.keys(doc.value.extras) : [];
  const prodExtras = projectExtras.filter((e) => groupForName(e).group === 'prod');

  const byKey = new Map<string, TomlPackage[]>();
  for (const p of packages) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
  const byIndex = new Map(packages.map((p) => [p.index, p]));
  const label = (i: number) => byIndex.get(i)!.name;
  const edges = (id: number, extras: string[]) => {
    const t = byIndex.get(id)!.table;
    const deps = depsOf(t.dependencies);
    const next: { id: number; extras: string[] }[] = [];
    for (const d of deps) {
      if (d.optional || !markerOnLinux(d.marker)) continue;
      for (const p of byKey.get(d.key) ?? []) next.push({ id: p.index, extras: d.extras });
    }
    const pkgExtras = isTable(t.extras) ? t.extras : {};
    for (const [extra, list] of Object.entries(pkgExtras)) {
      if (!extras.includes(normalizeName(extra))) continue;
      for (const entry of strings(list)) {
        const e = parseExtraEntry(entry);
        if (!e || !markerOnLinux(e.marker, { extras: [extra] })) continue;
        // The dependency table says which extras of the optional package to take along.
        const declared = deps.find((d) => d.key === e.key);
        for (const p of byKey.get(e.key) ?? []) next.push({ id: p.index, extras: [...e.extras, ...(declared?.extras ?? [])] });
      }
    }
    return next;
  };

  const parent = decl?.name ?? null;
  const rootsOf = (list: { key: string; extras: string[] }[]) =>
    list.flatMap((d) => (byKey.get(d.key) ?? []).map((p) => ({ id: p.index, extras: d.extras, parent })));
  const parentIds = new Map<number, Set<number>>();
  const prod = decl ? reach(rootsOf(decl.prod), edges, label, parentIds) : new Map<number, string[]>();
  const devGroup = new Map<number, string>();
  if (decl) {
    const groups = [...new Set(decl.dev.map((d) => d.group))];
    for (const g of groups) {
      for (const id of reach(rootsOf(decl.dev.filter((d) => d.group === g)), edges, label).keys()) if (!devGroup.has(id)) devGroup.set(id, g);
    }
  }
  const direct = new Set((decl?.prod ?? []).map((d) => d.key));

  for (const p of packages) {
    const t = p.table;
    let group: Group | null;
    let groupName: string | null = null;
    const groups = strings(t.groups);
    if (Array.isArray(t.groups)) {
      const markers = t.markers;
      const markerFor = (g: string) => (isTable(markers) ? str(markers[g]) : str(markers));
      const onLinux = (g: string) => markerOnLinux(markerFor(g), { extras: prodExtras });
      if (groups.includes('main') && onLinux('main')) group = 'prod';
      else {
        const dev = groups.find((g) => g !== 'main' && onLinux(g));
        group = dev === undefined ? null : groupForDependencyGroup(dev).group;
        groupName = dev ?? null;
      }
    } else if (typeof t.category === 'string') {
      const reached = prod.has(p.index) || devGroup.has(p.index) || !decl;
      group = !reached ? null : t.category === 'main' ? 'prod' : 'dev';
      if (group === 'dev') groupName = t.category;
      // Reachability (with markers) decides Linux when the pyproject is known; `main` alone says prod.
      if (decl && t.category === 'main' && !prod.has(p.index)) group = devGroup.has(p.index) ? 'dev' : null;
    } else {
      group = prod.has(p.index) ? 'prod' : devGroup.has(p.index) ? 'dev' : null;
      groupName = group === 'dev' ? devGroup.get(p.index)! : decl ? null : 'unknown: no pyproject.toml beside the lock';
    }
    if (group === 'dev' && groupName === null) groupName = devGroup.get(p.index) ?? null;
    const source = isTable(t.source) ? t.source : null;
    const sourceType = source ? str(source.type) : undefined;
    const url = source && sourceType !== 'legacy' && sourceType !== undefined ? (str(source.url) ?? null) : null;
    const files = Array.isArray(t.files) ? lockedFiles(t.files) : legacyByKey.has(p.key) ? lockedFiles(legacyByKey.get(p.key)) : [];
    out.packages.push(toLocked(p, { group, groupName, chain: prod.get(p.index) ?? [p.name] }, { url, files, direct: direct.has(p.key), parents: parentKeys(parentIds, p.index, byIndex) }));
  }
  return out;
}
