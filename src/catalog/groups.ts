// Which named dependency sets are for development: extras, PEP 735 dependency groups, Poetry groups,
// Pipfile categories, setup.cfg extras. Decided from the set's PEP 503-normalized name only.
import type { Group } from '../model.js';
import { normalizeName } from './names.js';

/**
 * Words that, as a whole name or as the first or last '-'-separated word of a name ('test-utils',
 * 'lint-ci', 'docs-dev'), mark a set as development-only: testing, linting, typing, documentation,
 * coverage, CI and QA, formatting, benchmarking and profiling, debugging, task runners, release and
 * build tooling. Build tools (`build`, `wheel`, `setuptools` in an extra) make packages; an image
 * that installs the package does not need them.
 */
const DEV_WORDS: ReadonlySet<string> = new Set([
  'dev', 'devel', 'develop', 'development', 'devtools', 'dev-tools', 'dev-dependencies', 'dev-packages',
  'test', 'tests', 'testing', 'pytest', 'unittest', 'e2e', 'integration-tests',
  'lint', 'linting', 'linter', 'linters', 'ruff', 'flake8', 'pylint',
  'typing', 'types', 'typecheck', 'type-check', 'typechecking', 'mypy', 'pyright', 'stubs',
  'docs', 'doc', 'documentation', 'sphinx', 'mkdocs',
  'coverage', 'cov',
  'ci', 'qa', 'check', 'checks', 'style', 'format', 'formatting', 'fmt', 'pre-commit', 'precommit',
  'bench', 'benchmark', 'benchmarks', 'benchmarking', 'perf', 'profiling',
  'debug', 'debugging',
  'tox', 'nox', 'release', 'publish', 'build', 'packaging',
]);

/** Whole names that look like one of the words above but install run-time features. */
const PROD_NAMES: ReadonlySet<string> = new Set([
  // `all`, `full`, `complete`: meta-extras that pull in every runtime feature. Some projects also put
  // test tools in them, but a user who installs `pkg[all]` wants the features: production.
  'all', 'full', 'complete', 'everything',
]);

/**
 * Names that say "this set is what runs": the only names that make a PEP 735 dependency group or a
 * Poetry group count as production (see groupForDependencyGroup).
 */
const RUNTIME_NAMES: ReadonlySet<string> = new Set([
  'main', 'prod', 'production', 'runtime', 'run', 'deploy', 'deployment', 'server', 'serve', 'web', 'app',
  'worker', 'service', 'api', 'default',
]);

export interface GroupDecision {
  group: Group;
  reason: string;
}

/**
 * Production or development for an extra, Pipfile category, or other named set whose members are
 * installed when someone asks for them by name. Unknown names are production: a dev tool in a
 * production-classified set is still reported, while a runtime feature misread as dev would be
 * silently dropped from the image.
 */
export function groupForName(name: string): GroupDecision {
  const key = normalizeName(name.trim()).replace(/^-+|-+$/g, '');
  if (PROD_NAMES.has(key)) {
    return { group: 'prod', reason: `"${name}" installs every runtime feature; treated as production` };
  }
  if (DEV_WORDS.has(key)) {
    return { group: 'dev', reason: `"${name}" names a development set` };
  }
  const words = key.split('-').filter((w) => w.length > 0);
  // `devdocs`, `testutils`, `lintci`: words joined without a separator.
  if (words.length === 1) {
    const joined = splitJoinedWords(key);
    if (joined) return { group: 'dev', reason: `"${name}" joins "${joined[0]}" and "${joined[1]}", development words` };
  }
  if (words.length > 1) {
    const first = words[0];
    const last = words[words.length - 1];
    if (DEV_WORDS.has(first)) return { group: 'dev', reason: `"${name}" starts with "${first}", a development word` };
    if (DEV_WORDS.has(last)) return { group: 'dev', reason: `"${name}" ends with "${last}", a development word` };
  }
  return { group: 'prod', reason: `"${name}" does not name a development set; treated as production` };
}

/** Second halves that, after a development word, keep the name a development set (`testutils`, `devdeps`). */
const JOINED_TAILS: ReadonlySet<string> = new Set(['utils', 'util', 'tools', 'deps', 'requirements', 'reqs', 'extras', 'env', 'all', 'helpers']);

/**
 * Splits a name that joins two words without a separator into [development word, rest] when both
 * halves are development words (`devdocs` -> dev + docs, `lintci`) or a development word is followed
 * by a generic tail (`testutils`, `docsdeps`); null otherwise (`devil`, `testament`, `documents`).
 */
export function splitJoinedWords(key: string): [string, string] | null {
  for (let i = 3; i <= key.length - 2; i++) {
    const head = key.slice(0, i);
    const tail = key.slice(i);
    if (!DEV_WORDS.has(head) || head.includes('-')) continue;
    if ((DEV_WORDS.has(tail) && !tail.includes('-')) || JOINED_TAILS.has(tail)) return [head, tail];
  }
  return null;
}

/**
 * Production or development for a PEP 735 `[dependency-groups]` group or a Poetry group. Neither is
 * ever installed by `pip install .` (PEP 735 groups are not package metadata; Poetry documents
 * non-main groups as development-only and `poetry install --only main` leaves them out), so they are
 * development unless the name positively says the set is what runs in production ('prod', 'runtime',
 * 'server', …), as in `uv sync --group server --no-dev`. A name such as 'postgres' stays development.
 */
export function groupForDependencyGroup(name: string): GroupDecision {
  const key = normalizeName(name.trim()).replace(/^-+|-+$/g, '');
  const byName = groupForName(name);
  if (byName.group === 'dev') return byName;
  const words = key.split('-');
  if (RUNTIME_NAMES.has(key) || words.some((w) => RUNTIME_NAMES.has(w) && (w === words[0] || w === words[words.length - 1]))) {
    return { group: 'prod', reason: `"${name}" names a runtime set; treated as production` };
  }
  return {
    group: 'dev',
    reason: `"${name}" is a dependency group, which installing the package never pulls in; treated as development`,
  };
}
