// uv.lock reader. Pure; never throws.
//
// uv.lock lists every package of the workspace's universal resolution: `[[package]]` with `name`,
// `version`, `source`, `dependencies` (`{ name, version?, extra?, marker? }`), `optional-dependencies`
// and `dev-dependencies` tables of the same edges, `sdist` and `wheels` (`{ url, size }`).
// The project itself (`source = { editable = "." }` or `{ virtual = "." }`) and the workspace members
// (`[manifest] members`) are the roots: production is what their `dependencies` reach, following the
// extras each edge asks for and skipping edges whose marker excludes Linux; their runtime extras count
// as production too (as slimreq reads `[project.optional-dependencies]`); development is what only
// their `dev-dependencies` groups (and dev-named extras) reach. Roots and other editable or virtual
// packages are the repository's own code: not listed.
import { groupForName } from '../../catalog/groups.js';
import { normalizeName } from '../../catalog/names.js';
import { isTable } from '../toml.js';
import { fileNameOf, lockedFiles, str, strings, toLocked, tomlPackages, type TomlPackage } from './common.js';
import { markerOnLinux } from './markers.js';
import { emptyLock, parentKeys, reach, type LockResult } from './types.js';

interface Edge {
  name: string;
  version?: string;
  extras: string[];
  marker?: string;
}

function edgesOf(list: unknown): Edge[] {
  if (!Array.isArray(list)) return [];
  const out: Edge[] = [];
  for (const d of list) {
    if (!isTable(d) || typeof d.name !== 'string') continue;
    out.push({ name: d.name, version: str(d.version), extras: strings(d.extra), marker: str(d.marker) });
  }
  return out;
}

function sourceOf(table: Record<string, unknown>): { local: boolean; url: string | null; path: string | null } {
  const source = table.source;
  if (!isTable(source)) return { local: false, url: null, path: null };
  const editable = str(source.editable) ?? str(source.virtual);
  if (editable !== undefined) return { local: true, url: null, path: editable };
  if (typeof source.registry === 'string') return { local: false, url: null, path: null };
  const url = str(source.git) ?? str(source.url) ?? str(source.path) ?? str(source.directory) ?? null;
  return { local: false, url, path: null };
}

export function parseUvLock(content: string): LockResult {
  const out = emptyLock('uv-lock');
  const read = tomlPackages(content, 'package', out);
  if (!read) return out;
  const { doc, packages } = read;
  out.requiresPython = str(doc.value['requires-python']) ?? null;
  const manifest = isTable(doc.value.manifest) ? doc.value.manifest : {};
  const members = new Set(strings(manifest.members).map(normalizeName));

  const byKey = new Map<string, TomlPackage[]>();
  for (const p of packages) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
  const resolve = (e: Edge): TomlPackage[] => {
    const candidates = byKey.get(normalizeName(e.name)) ?? [];
    if (candidates.length <= 1 || e.version === undefined) return candidates;
    return candidates.filter((c) => c.version === e.version);
  };
  const local = new Set(packages.filter((p) => sourceOf(p.table).local).map((p) => p.index));
  const roots = packages.filter((p) => members.has(p.key) || (local.has(p.index) && sourceOf(p.table).path === '.'));
  // A lock whose project has no `source` (older uv) still has the project first among editable ones.
  if (roots.length === 0 && local.size > 0) roots.push(packages.find((p) => local.has(p.index))!);
  const rootIds = new Set(roots.map((r) => r.index));
  const label = (i: number) => packages.find((p) => p.index === i)!.name;
  const byIndex = new Map(packages.map((p) => [p.index, p]));

  const follow = (list: Edge[]) =>
    list.filter((e) => markerOnLinux(e.marker)).flatMap((e) => resolve(e).map((p) => ({ id: p.index, extras: e.extras })));
  const edges = (id: number, extras: string[]) => {
    const t = byIndex.get(id)!.table;
    const out2 = follow(edgesOf(t.dependencies));
    const optional = isTable(t['optional-dependencies']) ? t['optional-dependencies'] : {};
    for (const [extra, list] of Object.entries(optional)) {
      if (extras.includes(normalizeName(extra))) out2.push(...follow(edgesOf(list)));
    }
    return out2;
  };

  const direct = new Set<string>();
  const prodRoots: { id: number; extras: string[]; parent: string | null }[] = [];
  const devRoots = new Map<string, { id: number; extras: string[]; parent: string | null }[]>();
  const addDev = (name: string, list: Edge[], parent: string) => {
    for (const e of list) {
      if (!markerOnLinux(e.marker)) continue;
      for (const p of resolve(e)) devRoots.set(name, [...(devRoots.get(name) ?? []), { id: p.index, extras: e.extras, parent }]);
    }
  };
  for (const root of roots) {
    prodRoots.push({ id: root.index, extras: [], parent: null });
    for (const e of edgesOf(root.table.dependencies)) direct.add(normalizeName(e.name));
    const optional = isTable(root.table['optional-dependencies']) ? root.table['optional-dependencies'] : {};
    for (const [extra, list] of Object.entries(optional)) {
      if (groupForName(extra).group === 'prod') {
        for (const e of edgesOf(list)) {
          direct.add(normalizeName(e.name));
          if (!markerOnLinux(e.marker)) continue;
          for (const p of resolve(e)) prodRoots.push({ id: p.index, extras: e.extras, parent: root.name });
        }
      } else {
        addDev(extra, edgesOf(list), root.name);
      }
    }
    const dev = isTable(root.table['dev-dependencies']) ? root.table['dev-dependencies'] : {};
    for (const [group, list] of Object.entries(dev)) addDev(group, edgesOf(list), root.name);
  }
  const parentIds = new Map<number, Set<number>>();
  const prod = reach(prodRoots, edges, label, parentIds);
  const devChains = new Map<number, string>();
  for (const [group, list] of devRoots) {
    for (const id of reach(list, edges, label).keys()) if (!devChains.has(id)) devChains.set(id, group);
  }

  for (const p of packages) {
    if (local.has(p.index) || rootIds.has(p.index)) continue;
    const source = sourceOf(p.table);
    const chain = prod.get(p.index);
    const group = chain ? 'prod' : devChains.has(p.index) ? 'dev' : null;
    const files = lockedFiles(p.table.wheels);
    const sdist = p.table.sdist;
    if (isTable(sdist)) {
      const name = str(sdist.filename) ?? str(sdist.url) ?? str(sdist.path);
      if (name) files.push({ name: fileNameOf(name), size: typeof sdist.size === 'number' ? sdist.size : null });
    }
    out.packages.push(
      toLocked(
        p,
        { group, groupName: group === 'dev' ? devChains.get(p.index)! : null, chain: chain ?? [] },
        { url: source.url, files, direct: direct.has(p.key), parents: parentKeys(parentIds, p.index, byIndex) },
      ),
    );
  }
  return out;
}
