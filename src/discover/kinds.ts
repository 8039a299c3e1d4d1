import type { FileKind } from '../model.js';

/**
 * Which manifest kind a repo-relative path is, by name alone, or null when slimreq does not read it.
 * Files reached only through `-r`/`-c` includes are added by the loader whatever their name.
 */
export function kindOfPath(relPath: string): FileKind | null {
  const slash = relPath.lastIndexOf('/');
  const base = relPath.slice(slash + 1);
  const lower = base.toLowerCase();
  const dirs = relPath.slice(0, Math.max(slash, 0)).toLowerCase().split('/');
  const parent = dirs[dirs.length - 1] ?? '';

  if (lower === 'pyproject.toml') return 'pyproject';
  if (base === 'Pipfile') return 'pipfile';
  if (lower === 'setup.cfg') return 'setup-cfg';
  if (base === 'uv.lock') return 'uv-lock';
  if (base === 'poetry.lock') return 'poetry-lock';
  if (base === 'pdm.lock') return 'pdm-lock';
  if (base === 'Pipfile.lock') return 'pipfile-lock';
  // PEP 751: pylock.toml or pylock.<name>.toml.
  if (/^pylock\.([^.]+\.)?toml$/.test(base)) return 'pylock';
  if (lower === '.dockerignore' || lower.endsWith('.dockerignore')) return 'dockerignore';
  if (isDockerfileName(base)) return 'dockerfile';

  const inRequirementsDir = /^(requirements|reqs|requirements[-_.].+)$/.test(parent);
  if (lower.endsWith('.txt')) {
    if (/constraint/.test(lower)) return 'constraints';
    if (/requirement/.test(lower) || inRequirementsDir) return 'requirements';
    return null;
  }
  // Rye writes its locks in pip's requirements format: requirements.lock, requirements-dev.lock.
  if (lower.endsWith('.lock')) return /^requirements?([-_.].*)?\.lock$/.test(lower) ? 'requirements' : null;
  if (lower.endsWith('.in')) {
    if (/requirement|constraint/.test(lower) || inRequirementsDir) return 'pip-tools-in';
    return null;
  }
  return null;
}

/**
 * Endings that make `dockerfile.ts`, `Dockerfile.md` or `dockerfile_utils.py` something else: source
 * code, docs, templates, editor and backup files. `Dockerfile.dev`, `Dockerfile.prod`, `Dockerfile.3.12`
 * stay Dockerfiles.
 */
const NOT_DOCKERFILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|pyi|pyc|go|rs|java|kt|rb|php|cs|c|h|cpp|sh|bash|ps1|md|rst|txt|adoc|html|json|ya?ml|toml|ini|cfg|xml|lock|j2|jinja2?|tmpl|tpl|template|erb|mustache|hbs|in|bak|orig|rej|swp|old|sample|example|snap|patch|diff|log)$/;

export function isDockerfileName(base: string): boolean {
  const lower = base.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  if (NOT_DOCKERFILE.test(lower)) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('dockerfile-') ||
    lower.startsWith('dockerfile_') ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  );
}
