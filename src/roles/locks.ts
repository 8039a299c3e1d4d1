// Production or development for a whole lock file, by its path: a lock under `.github/`, `docs/` or
// `tests/`, or named `pylock.dev.toml`, locks tools for CI, docs or tests, never the image. Its
// packages keep the lock's own sets otherwise.
import type { Manifest } from '../model.js';
import { classifyRequirementsPath } from './names.js';

export function classifyLockPaths(manifests: Manifest[]): void {
  for (const m of manifests) {
    if (!m.lockPackages) continue;
    const verdict = classifyRequirementsPath(m.path);
    if (verdict.group !== 'dev') continue;
    m.group = 'dev';
    m.groupReason = `its path says "${verdict.word}"`;
    for (const req of m.requirements) {
      if (req.group !== 'prod') continue;
      req.group = 'dev';
      req.groupName = verdict.word;
      if (req.lock) req.lock.inImage = false;
    }
    for (const p of m.lockPackages) if (p.group === 'prod') p.group = 'dev';
  }
}
