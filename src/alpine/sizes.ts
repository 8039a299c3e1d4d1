// How many bytes of wheels development tools add to a production image, from the wheel sizes a lock
// records (uv.lock, pylock.toml). Counted: each development tool in the production closure, and each
// locked package that production installs only because of them (every production package requiring
// it is such a tool or such a package, and the project does not declare it). The wheel counted is
// the one pip picks for the image: the platform's (musllinux on Alpine, manylinux on glibc) for its
// Python and architecture, else a pure-Python wheel. Pure.
import type { Arch } from '../catalog/musl-types.js';
import type { Project } from '../model.js';
import type { LockedFile, LockedPackage } from '../parse/lock/types.js';
import { parseWheelName, supportedTags } from './lock.js';

export interface DevToolBytes {
  bytes: number;
  /** The development tools counted (keys), with the packages they bring. */
  packages: string[];
  /** Packages counted without a size for the platform (an sdist only, or no size recorded). */
  unsized: string[];
}

const glibcCache = new Map<string, Set<string>>();

/** Tags CPython X.Y on a glibc 2.36 image (Debian bookworm, the python:3.x-slim base) accepts. */
function glibcTags(python: string, arch: Arch): Set<string> {
  const key = `${python}/${arch}`;
  let tags = glibcCache.get(key);
  if (tags) return tags;
  tags = new Set<string>();
  const platforms: string[] = [];
  for (let minor = 36; minor >= 5; minor--) platforms.push(`manylinux_2_${minor}_${arch}`);
  platforms.push(`manylinux2014_${arch}`, `linux_${arch}`);
  if (arch === 'x86_64') platforms.push('manylinux2010_x86_64', 'manylinux1_x86_64');
  // The musl set has the same interpreter and ABI tags; only the platforms differ.
  for (const t of supportedTags(python, arch)) {
    const [py, abi, plat] = t.split('-');
    if (plat === 'any') tags.add(t);
    else if (plat === `musllinux_1_2_${arch}`) for (const p of platforms) tags.add(`${py}-${abi}-${p}`);
  }
  glibcCache.set(key, tags);
  return tags;
}

/** The wheel pip installs on the image from the lock's files: a platform wheel, else a pure one. */
export function wheelFor(files: readonly LockedFile[], python: string, arch: Arch, libc: 'glibc' | 'musl'): LockedFile | null {
  const supported = libc === 'musl' ? supportedTags(python, arch) : glibcTags(python, arch);
  let pure: LockedFile | null = null;
  for (const f of files) {
    const fits = (parseWheelName(f.name)?.tags ?? []).filter((t) => supported.has(t));
    if (fits.some((t) => !t.endsWith('-any'))) return f;
    if (fits.length > 0) pure ??= f;
  }
  return pure;
}

/**
 * Null when no lock of the project records wheel sizes (only uv.lock and pylock.toml do), so nothing
 * can be said; otherwise the bytes, possibly 0.
 */
export function devToolBytes(
  project: Project,
  isDevTool: (key: string) => boolean,
  image: { python: string; arch: Arch; libc: 'glibc' | 'musl' },
): DevToolBytes | null {
  let sized = false;
  const out: DevToolBytes = { bytes: 0, packages: [], unsized: [] };
  for (const manifest of project.manifests) {
    const locked = manifest.lockPackages;
    if (!locked || !locked.some((p) => (p.files ?? []).some((f) => f.size !== null))) continue;
    sized = true;
    const prod = new Map<string, LockedPackage>(locked.filter((p) => p.group === 'prod').map((p) => [p.key, p]));
    const added = new Set([...prod.keys()].filter(isDevTool));
    for (let changed = true; changed; ) {
      changed = false;
      for (const p of prod.values()) {
        if (added.has(p.key) || p.direct || !p.parents || p.parents.length === 0) continue;
        if (p.parents.every((parent) => added.has(parent))) {
          added.add(p.key);
          changed = true;
        }
      }
    }
    for (const key of [...added].sort()) {
      if (out.packages.includes(key)) continue;
      out.packages.push(key);
      const wheel = wheelFor(prod.get(key)!.files ?? [], image.python, image.arch, image.libc);
      if (wheel?.size != null) out.bytes += wheel.size;
      else out.unsized.push(key);
    }
  }
  return sized ? out : null;
}
