// Production or development for a whole lock file, by its path: a lock under `.github/`, `docs/` or
// `tests/`, or named `pylock.dev.toml`, locks tools for CI, docs or tests, never the image. Its
// packages keep the lock's own sets otherwise.
import type { Manifest } from '../model.js';
import { classifyRequirementsPath } from './names.js';
import { generatorToolingEvidence } from './templates.js';

export function classifyLockPaths(manifests: Manifest[], present: ReadonlySet<string> = new Set()): void {
  for (const m of manifests) {
    if (!m.lockPackages) continue;
    const verdict = classifyRequirementsPath(m.path);
    // A lock beside a project generator's configuration locks the generator's own tooling.
    const generator = generatorToolingEvidence(m.path, present);
    if (verdict.group !== 'dev' && !generator) continue;
    m.group = 'dev';
    m.groupReason = generator ? generator.reason : verdict.group === 'dev' ? `its path says "${verdict.word}"` : null;
    for (const req of m.requirements) {
      if (req.group !== 'prod') continue;
      req.group = 'dev';
      req.groupName = verdict.group === 'dev' ? verdict.word : 'generator tooling';
      if (req.lock) req.lock.inImage = false;
    }
    for (const p of m.lockPackages) if (p.group === 'prod') p.group = 'dev';
  }
}
