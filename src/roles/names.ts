
/** Words in a requirements file's name (or folder) that mark it as development-only. */
const DEV_WORDS = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'local',
  'test',
  'tests',
  'testing',
  'unittest',
  'unittests',
  'e2e',
  'integration',
  'lint',
  'linting',
  'linters',
  'typing',
  'types',
  'mypy',
  'docs',
  'doc',
  'documentation',
  'sphinx',
  'mkdocs',
  'ci',
  'qa',
  'style',
  'format',
  'formatting',
  'check',
  'checks',
  'bench',
  'benchmark',
  'benchmarks',
  'coverage',
  'cov',
  'tox',
  'nox',
  'precommit',
  'pre-commit',
  'debug',
  'profiling',
  'notebook',
  'notebooks',
  'jupyter',
  'release',
  'tooling',
  'tools',
]);

/** Folder names that hold only development material wherever they sit in a repository. */
const DEV_DIR_WORDS = new Set([
  'test',
  'tests',
  'testing',
  'e2e',
  'docs',
  'doc',
  'documentation',
  'ci',
  'dev',
  'bench',
  'benchmark',
  'benchmarks',
]);

/** CI, editor and container-development folders: what they install never ships in an image. */
const TOOLING_DOT_DIRS = new Set(['.github', '.gitlab', '.circleci', '.buildkite', '.ci', '.devcontainer', '.azure-pipelines']);

/**
 * Words that say nothing about the set: a file named only with these takes the set of the files
 * that include it (production if any production file does).
 */
const NEUTRAL_WORDS = new Set(['base', 'common', 'main', 'core', 'shared', 'default', 'defaults', 'all', 'requirements', 'constraints', 'in']);

/** Words that are part of the requirements naming convention and carry no meaning of their own. */
const FILLER_WORDS = new Set(['requirements', 'requirement', 'reqs', 'req', 'txt', 'in', 'constraints', 'constraint', 'pip']);

export type NameVerdict =
  | { group: 'dev'; word: string }
  | { group: 'prod' }
  | { group: 'neutral' };

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * Decides a requirements file's set from its path: `requirements-dev.txt`, `dev-requirements.txt`,
 * `requirements/test.txt`, `docs/requirements.txt` are development; `requirements/base.txt` is
 * neutral; `requirements.txt` and anything else is production.
 */
export function classifyRequirementsPath(relPath: string): NameVerdict {
  const segments = relPath.split('/');
  const base = segments[segments.length - 1].replace(/\.(txt|in|lock)$/i, '');
  const baseWords = words(base);
  for (const w of baseWords) {
    if (DEV_WORDS.has(w)) return { group: 'dev', word: w };
  }
  // Folder names: requirements-dev/, tests/, docs/, benchmarks/, .github/ … A folder named for a
  // looser word ('tools', 'check', 'release') may be a runtime service in a monorepo: not read.
  for (const dir of segments.slice(0, -1)) {
    if (TOOLING_DOT_DIRS.has(dir.toLowerCase())) return { group: 'dev', word: dir };
    const dirWords = words(dir);
    if (dirWords.length === 1 && DEV_WORDS.has(dirWords[0]) && DEV_DIR_WORDS.has(dirWords[0])) {
      return { group: 'dev', word: dirWords[0] };
    }
    if (/^requirements?[-_.]/i.test(dir)) {
      for (const w of dirWords) if (DEV_WORDS.has(w)) return { group: 'dev', word: w };
    }
  }
  const meaningful = baseWords.filter((w) => !FILLER_WORDS.has(w));
  if (meaningful.length === 0) {
    // `requirements.txt` itself is the production convention; `requirements/requirements.txt` too.
    return baseWords.length > 0 && baseWords.every((w) => w === 'requirements' || w === 'requirement' || w === 'reqs' || w === 'req' || w === 'in')
      ? { group: 'prod' }
      : { group: 'neutral' };
  }
  if (meaningful.every((w) => NEUTRAL_WORDS.has(w))) return { group: 'neutral' };
  return { group: 'prod' };
}

/** Words in a Dockerfile's name or folder that mark an image for development, tests or docs, not production. */
const DEV_IMAGE_WORDS = new Set(['dev', 'devel', 'develop', 'development', 'devcontainer', 'local', 'test', 'tests', 'testing', 'ci', 'docs', 'doc', 'lint', 'debug', 'e2e']);

/**
 * Whether a Dockerfile builds a development image (`.devcontainer/Dockerfile`, `Dockerfile.dev`,
 * `test.Dockerfile`, `docker/dev/Dockerfile`): the word that says so, or null for a production image.
 * Such images are meant to carry dev tools, so the image-size rules leave them alone.
 */
export function devDockerfileWord(relPath: string): string | null {
  const segments = relPath.split('/');
  const base = segments[segments.length - 1].toLowerCase().replace(/(docker|container)file/g, ' ');
  for (const w of words(base)) if (DEV_IMAGE_WORDS.has(w)) return w;
  for (const dir of segments.slice(0, -1)) {
    const dirWords = words(dir);
    if (dirWords.length === 1 && DEV_IMAGE_WORDS.has(dirWords[0])) return dirWords[0];
  }
  return null;
}
