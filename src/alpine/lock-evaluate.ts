// One locked production package on Alpine, judged from the files its lock lists (see lock.ts); the
// catalog adds only what a source build needs (apk and apt packages).
import type { Arch, MuslEntry } from '../catalog/musl-types.js';
import { DEFAULT_PYTHON } from '../fix/dockerfile.js';
import type { Requirement } from '../model.js';
import type { LockedFile } from '../parse/lock/types.js';
import type { AlpineArch, AlpinePackage } from './evaluate.js';
import { statusFromFiles, type LockStatus } from './lock.js';

const RANK: Record<LockStatus, number> = { pure: 0, wheel: 1, build: 2, unavailable: 3 };

export function evaluateFromLock(
  req: Requirement,
  files: readonly LockedFile[],
  ctx: { arch: AlpineArch; base: string; lookup: (key: string) => MuslEntry | null; pythonVersion: string | null },
): AlpinePackage {
  const python = ctx.pythonVersion ?? DEFAULT_PYTHON;
  const arches: Arch[] = ctx.arch === 'all' ? ['x86_64', 'aarch64'] : [ctx.arch];
  const results = arches.map((a) => ({ arch: a, ...statusFromFiles(files, python, a) }));
  const worst = results.reduce((w, r) => (RANK[r.status] > RANK[w.status] ? r : w));
  const entry = ctx.lookup(req.key);
  const compiles = worst.status === 'build' || worst.status === 'unavailable';
  const version = req.specifier.replace(/^==/, '');
  const onArch = ctx.arch === 'all' && results.some((r) => r.status !== worst.status) ? ` on ${worst.arch}` : '';
  const apk = compiles && entry ? [...new Set([...entry.apk, ...entry.apkRuntime])] : [];
  const apkText = apk.length > 0 ? `, after \`apk add ${apk.join(' ')}\`` : '';
  let advice: string;
  switch (worst.status) {
    case 'wheel':
      advice = `installs from the musllinux wheel the lock lists (${worst.file!.name})`;
      break;
    case 'pure':
      advice = `installs from the pure-Python wheel the lock lists (${worst.file!.name})`;
      break;
    case 'build':
      advice = `the lock lists no wheel of ${req.name} ${version} for Python ${python} on musl${onArch}: pip compiles it from ${worst.file!.name}${apkText}; use ${ctx.base}`;
      break;
    case 'unavailable':
      advice = `the lock lists no wheel of ${req.name} ${version} for Python ${python} on musl${onArch} and no sdist: it cannot install on Alpine; use ${ctx.base}`;
      break;
  }
  return {
    name: req.name,
    key: req.key,
    specifier: req.specifier,
    file: req.file,
    line: req.line,
    status: worst.status,
    musllinuxSince: null,
    apk,
    ...(compiles && entry && entry.apkRuntime.length > 0 ? { apkRuntime: [...entry.apkRuntime] } : {}),
    apt: entry ? [...entry.aptRuntime] : [],
    advice,
    evidence: 'lock',
  };
}
