import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRuntimePythonPath } from '../../src/discover/python-files.js';
import { walk } from '../../src/discover/walk.js';

describe('isRuntimePythonPath', () => {
  it.each([
    'app.py',
    'manage.py',
    'src/app/x.py',
    'mysite/settings/production.py',
    'pkg/utils/x.py',
    'pkg/contest.py',
    'pkg/migrations/0001_initial.py',
  ])('reads %s', (path) => expect(isRuntimePythonPath(path)).toBe(true));

  it.each([
    'tests/test_x.py',
    'test/helpers.py',
    'src/pkg/tests/factories.py',
    'pkg/test_models.py',
    'pkg/models_test.py',
    'pkg/models_tests.py',
    'polls/tests.py',
    'conftest.py',
    'src/conftest.py',
    'docs/conf.py',
    'doc/source/conf.py',
    'noxfile.py',
    'tasks.py',
    'setup.py',
    'fabfile.py',
    '.github/scripts/release.py',
    'README.md',
    'app.pyi',
  ])('leaves out %s', (path) => expect(isRuntimePythonPath(path)).toBe(false));
});

describe('walk lists run-time Python files', () => {
  it('beside the manifests, skipping environments, tests and ignored files', () => {
    const root = mkdtempSync(join(tmpdir(), 'slimreq-pyfiles-'));
    try {
      const files = ['app/__init__.py', 'app/views.py', 'tests/test_views.py', '.venv/lib/site.py', 'build/lib/app.py', 'generated/x.py', 'requirements.txt', 'setup.py'];
      for (const f of files) {
        mkdirSync(dirname(join(root, f)), { recursive: true });
        writeFileSync(join(root, f), '');
      }
      writeFileSync(join(root, '.gitignore'), 'generated/\n');
      const result = walk(root);
      expect(result.pythonFiles).toEqual(['app/__init__.py', 'app/views.py']);
      expect(result.files.map((f) => f.path)).toEqual(['requirements.txt']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
