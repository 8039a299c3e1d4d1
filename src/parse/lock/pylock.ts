// pylock.toml / pylock.<name>.toml reader (PEP 751, lock-version 1.0). Pure; never throws.
//
// `[[packages]]` entries with `name`, `version`, `marker`, and their files: `[[packages.wheels]]`
// (`name`, `url`, `size`) and `[packages.sdist]`, or a `vcs`, `directory` or `archive` source. A lock
// lists what each install needs through markers: the top-level `extras` and `dependency-groups` are
// what it can install, and a package's marker may test them (`'dev' in dependency_groups`).
// Production is what a default production install takes: the marker holds on Linux with the runtime
// extras and the groups named for production (`groupForDependencyGroup`); development is what needs a
// development group or extra.
import { groupForDependencyGroup, groupForName } from '../../catalog/groups.js';
import type { Group } from '../../model.js';
import { isTable } from '../toml.js';
import { fileNameOf, lockedFiles, str, strings, toLocked, tomlPackages } from './common.js';
import { markerOnLinux } from './markers.js';
import { emptyLock, type LockResult, type ProjectDeclarations } from './types.js';

export function parsePylock(content: string, decl: ProjectDeclarations | null = null): LockResult {
  const out = emptyLock('pylock');
  const read = tomlPackages(content, 'packages', out);
  if (!read) return out;
  const { doc, packages } = read;
  out.requiresPython = str(doc.value['requires-python']) ?? null;
  const extras = strings(doc.value.extras);
  const groups = strings(doc.value['dependency-groups']);
  const prodExtras = extras.filter((e) => groupForName(e).group === 'prod');
  const prodGroups = groups.filter((g) => groupForDependencyGroup(g).group === 'prod');
  const direct = new Set((decl?.prod ?? []).map((d) => d.key));

  for (const p of packages) {
    const t = p.table;
    const marker = str(t.marker);
    let group: Group | null = null;
    let groupName: string | null = null;
    if (markerOnLinux(marker, { extras: prodExtras, groups: prodGroups })) group = 'prod';
    else {
      // The first development group, then extra, that brings it in.
      const g = groups.find((name) => markerOnLinux(marker, { extras: prodExtras, groups: [...prodGroups, name] }));
      const e = g === undefined ? extras.find((name) => markerOnLinux(marker, { extras: [...prodExtras, name], groups: prodGroups })) : undefined;
      groupName = g ?? e ?? null;
      if (groupName !== null) group = 'dev';
    }
    const vcs = isTable(t.vcs) ? t.vcs : null;
    const dir = isTable(t.directory) ? t.directory : null;
    const archive = isTable(t.archive) ? t.archive : null;
    const url = (vcs && (str(vcs.url) ?? str(vcs.path))) || (dir && str(dir.path)) || (archive && (str(archive.url) ?? str(archive.path))) || null;
    const files = lockedFiles(t.wheels);
    const sdist = t.sdist;
    if (isTable(sdist)) {
      const name = str(sdist.name) ?? str(sdist.url) ?? str(sdist.path);
      if (name) files.push({ name: fileNameOf(name), size: typeof sdist.size === 'number' ? sdist.size : null });
    }
    out.packages.push(toLocked(p, { group, groupName, chain: [p.name] }, { url, files, direct: direct.has(p.key) }));
  }
  return out;
}
