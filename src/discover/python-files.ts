// Which Python files hold the project's run-time code, by path alone. The import scan reads these and
// nothing else: tests, docs and development scripts import test runners and doc builders, and that
// says nothing about what the running application needs.

/** Folders whose Python files are development material wherever they sit in the repository. */
const NON_RUNTIME_DIRS = new Set(['tests', 'test', 'testing', 'docs', 'doc', '__pycache__']);

/** Files that only development tooling runs: test configuration, task files, packaging scripts. */
const NON_RUNTIME_FILES = new Set(['conftest.py', 'noxfile.py', 'tasks.py', 'setup.py', 'fabfile.py', 'dodo.py']);

/**
 * Whether a repo-relative path is a Python file the import scan reads: a `.py` file outside tests/,
 * test/, testing/, docs/, doc/ and hidden folders (.github, .devcontainer, …), and not a test module
 * (`test_*.py`, `*_test.py`, `*_tests.py`), `conftest.py`, `noxfile.py`, `tasks.py`, `fabfile.py`,
 * `dodo.py` or `setup.py`. Environments, caches and build output are already skipped by the walk.
 */
export function isRuntimePythonPath(relPath: string): boolean {
  if (!relPath.endsWith('.py')) return false;
  const slash = relPath.lastIndexOf('/');
  const base = relPath.slice(slash + 1);
  if (NON_RUNTIME_FILES.has(base)) return false;
  if (base.startsWith('test_') || base.endsWith('_test.py') || base.endsWith('_tests.py') || base === 'tests.py') return false;
  if (slash === -1) return true;
  for (const dir of relPath.slice(0, slash).split('/')) {
    if (dir.startsWith('.') || NON_RUNTIME_DIRS.has(dir)) return false;
  }
  return true;
}
