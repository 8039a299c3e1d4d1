import type { Manifest } from '../../model.js';
import { normalizeName } from '../../catalog/names.js';
import { markerOnLinux } from '../../parse/lock/index.js';
import { defineRule } from '../types.js';

const RELOCK: Record<string, string> = {
  'uv-lock': 'uv lock',
  'poetry-lock': 'poetry lock',
  'pdm-lock': 'pdm lock',
  'pipfile-lock': 'pipenv lock',
  pylock: 'export the lock again',
};

/** The manifest a lock was made from: pyproject.toml beside it, or Pipfile for Pipfile.lock. */
function declaringManifest(lock: Manifest, manifests: Manifest[]): Manifest | undefined {
  const dir = lock.path.includes('/') ? lock.path.slice(0, lock.path.lastIndexOf('/') + 1) : '';
  const name = lock.kind === 'pipfile-lock' ? 'Pipfile' : 'pyproject.toml';
  return manifests.find((m) => m.path === `${dir}${name}`);
}

export default defineRule({
  code: 'SR103',
  name: 'lock-out-of-date',
  severity: 'info',
  docs: {
    what: 'Reports a production dependency declared in pyproject.toml (or Pipfile `[packages]`) that the lock file beside it (uv.lock, poetry.lock, pdm.lock, Pipfile.lock, pylock.toml) does not list.',
    why: 'An install from the lock (`uv sync --frozen`, `poetry install`, `pdm sync`, `pipenv install --deploy`) installs what the lock lists, not what the manifest declares: a dependency missing from the lock is missing from the image, or the install fails. slimreq reads the locked closure, so its answers for this dependency come from the declaration only.',
    bad: '# pyproject.toml\n[project]\ndependencies = ["django", "redis"]\n# uv.lock lists django but not redis',
    good: '# run `uv lock` after changing dependencies, and commit both files',
    fix: 'Lock again (`uv lock`, `poetry lock`, `pdm lock`, `pipenv lock`) and commit the lock with the manifest.',
    references: ['https://docs.astral.sh/uv/concepts/projects/sync/', 'https://python-poetry.org/docs/cli/#lock'],
  },
  check(ctx) {
    const manifests = ctx.project.manifests;
    const own = new Set(manifests.flatMap((m) => (m.projectName ? [normalizeName(m.projectName)] : [])));
    for (const lock of manifests) {
      if (!lock.lockPackages || lock.diagnostics.length > 0) continue;
      const source = declaringManifest(lock, manifests);
      if (!source) continue;
      const locked = new Set(lock.lockPackages.map((p) => p.key));
      for (const req of source.requirements) {
        if (req.group !== 'prod' || req.groupName !== null || req.constraintOnly || req.url !== null || req.key === '') continue;
        if (own.has(req.key) || locked.has(req.key) || !markerOnLinux(req.marker)) continue;
        ctx.report({
          file: req.file,
          line: req.line,
          column: req.column,
          message: `${req.name} is declared here but ${lock.path} does not lock it: an install from the lock leaves it out`,
          package: req.key,
          fix: `lock again (\`${RELOCK[lock.kind]}\`) and commit ${lock.path}`,
        });
      }
    }
  },
});
