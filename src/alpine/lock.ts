// Alpine answers from a lock file's own file list. A lock that lists the wheels of each locked version
// (uv.lock, poetry.lock, pdm.lock, pylock.toml) says exactly whether pip finds a wheel for the image:
// a wheel installs when one of its tags is among the tags CPython X.Y on musl supports, computed the way
// packaging.tags.sys_tags() does on a musllinux_1_2 system (python:3.x-alpine ships musl 1.2).
// Pure: requirements in, statuses out.
import type { Arch } from '../catalog/musl-types.js';
import type { Requirement } from '../model.js';
import type { LockedFile } from '../parse/lock/types.js';

export type LockStatus = 'pure' | 'wheel' | 'build' | 'unavailable';

export interface WheelName {
  name: string;
  version: string;
  /** Every `python-abi-platform` triple of the (possibly compressed) tag set. */
  tags: string[];
}

/** Parses a wheel file name (`name-version(-build)?-python-abi-platform.whl`); null for anything else. */
export function parseWheelName(file: string): WheelName | null {
  if (!file.endsWith('.whl')) return null;
  const parts = file.slice(0, -4).split('-');
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [name, version] = parts;
  const [python, abi, platform] = parts.slice(-3);
  const tags: string[] = [];
  for (const py of python.split('.')) for (const a of abi.split('.')) for (const p of platform.split('.')) tags.push(`${py}-${a}-${p}`.toLowerCase());
  return { name, version, tags };
}

export function isSdist(file: string): boolean {
  return /\.(tar\.gz|zip|tar\.bz2|tar\.xz|tar|tgz)$/i.test(file);
}

const tagCache = new Map<string, Set<string>>();

/**
 * The tags CPython `python` ('3.12') on Alpine (musl 1.2) for `arch` accepts, as packaging.tags lists
 * them: cpython_tags (cp3Y-cp3Y, cp3Y-abi3, cp3Y-none, older cp3X-abi3) and compatible_tags (py3Y, py3,
 * older py3X with abi none; then `-none-any`), each on musllinux_1_2 .. musllinux_1_0 and linux_<arch>.
 */
export function supportedTags(python: string, arch: Arch): Set<string> {
  const key = `${python}/${arch}`;
  const cached = tagCache.get(key);
  if (cached) return cached;
  const minor = Number(/^3\.(\d+)/.exec(python)?.[1] ?? '12');
  const platforms = ['musllinux_1_2', 'musllinux_1_1', 'musllinux_1_0', 'linux'].map((p) => `${p}_${arch}`);
  const cp = `cp3${minor}`;
  const tags = new Set<string>();
  for (const p of platforms) {
    tags.add(`${cp}-${cp}-${p}`);
    tags.add(`${cp}-abi3-${p}`);
    tags.add(`${cp}-none-${p}`);
  }
  for (let m = minor - 1; m >= 2; m--) for (const p of platforms) tags.add(`cp3${m}-abi3-${p}`);
  const pys = [`py3${minor}`, 'py3', ...Array.from({ length: minor }, (_, i) => `py3${minor - 1 - i}`)];
  for (const py of pys) for (const p of platforms) tags.add(`${py}-none-${p}`);
  tags.add(`${cp}-none-any`);
  for (const py of pys) tags.add(`${py}-none-any`);
  tagCache.set(key, tags);
  return tags;
}

/**
 * What pip finds in the lock's files for the image: a wheel for the platform (`wheel`), else a
 * pure-Python wheel (`pure`), else an sdist to compile (`build`), else nothing (`unavailable`).
 * Returns the deciding file too.
 */
export function statusFromFiles(files: readonly LockedFile[], python: string, arch: Arch): { status: LockStatus; file: LockedFile | null } {
  const supported = supportedTags(python, arch);
  let pure: LockedFile | null = null;
  for (const f of files) {
    const wheel = parseWheelName(f.name);
    if (!wheel) continue;
    const fits = wheel.tags.filter((t) => supported.has(t));
    if (fits.length === 0) continue;
    if (fits.some((t) => !t.endsWith('-any'))) return { status: 'wheel', file: f };
    pure ??= f;
  }
  if (pure) return { status: 'pure', file: pure };
  const sdist = files.find((f) => isSdist(f.name)) ?? null;
  return sdist ? { status: 'build', file: sdist } : { status: 'unavailable', file: null };
}

/** The lock's files for a requirement, when it comes from a lock that lists them; null otherwise. */
export function lockedFilesOf(req: Requirement): readonly LockedFile[] | null {
  const files = req.lock?.files;
  return files && files.length > 0 ? files : null;
}

/**
 * When a lock pins a production package, its entry is what the image gets: declarations of the same
 * package elsewhere (pyproject.toml ranges) give way, unless the image installs that file itself.
 */
export function preferLockEntries(candidates: Requirement[], installs: ReadonlySet<string>): Requirement[] {
  const locked = new Set(candidates.filter((r) => r.lock).map((r) => r.key));
  if (locked.size === 0) return candidates;
  return candidates.filter((r) => r.lock || !locked.has(r.key) || installs.has(r.file));
}
