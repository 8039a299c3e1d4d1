import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/discover/walk.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'slimreq-walk-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('walk', () => {
  it('finds manifests and skips environments, caches and build output', () => {
    const root = tree({
      'requirements.txt': 'flask\n',
      'svc/pyproject.toml': '',
      '.venv/lib/requirements.txt': '',
      'env/pyvenv.cfg': '',
      'env/requirements.txt': '',
      'node_modules/x/requirements.txt': '',
      '.tox/py/requirements.txt': '',
      'build/requirements.txt': '',
      'pkg.egg-info/requires.txt': '',
      'Dockerfile': 'FROM python:3.12-slim\n',
      '.dockerignore': '.git\n',
    });
    const { files, presentPaths } = walk(root);
    expect(files.map((f) => f.path)).toEqual(['.dockerignore', 'Dockerfile', 'requirements.txt', 'svc/pyproject.toml']);
    expect(presentPaths).toContain('.venv/');
    expect(presentPaths).toContain('node_modules/');
  });

  it('honours .gitignore at every level and --exclude', () => {
    const root = tree({
      '.gitignore': 'generated/\n',
      'generated/requirements.txt': '',
      'a/.gitignore': 'requirements-local.txt\n',
      'a/requirements-local.txt': '',
      'a/requirements.txt': '',
      'legacy/requirements.txt': '',
    });
    expect(walk(root).files.map((f) => f.path)).toEqual(['a/requirements.txt', 'legacy/requirements.txt']);
    expect(walk(root, { exclude: ['legacy/'] }).files.map((f) => f.path)).toEqual(['a/requirements.txt']);
  });

  it('survives symlink loops', () => {
    const root = tree({ 'a/requirements.txt': 'x\n' });
    symlinkSync(join(root, 'a'), join(root, 'a', 'loop'));
    symlinkSync(root, join(root, 'a', 'up'));
    const { files } = walk(root);
    expect(files.map((f) => f.path)).toEqual(['a/requirements.txt']);
  });
});

describe('walk: links out of the tree', () => {
  it('does not read a file or folder that a link points to outside the audited root', () => {
    const outside = tree({ 'secret/requirements.txt': 'x\n', 'passwd': 'root:x:0:0\n' });
    const root = tree({ 'requirements.txt': 'flask\n' });
    symlinkSync(join(outside, 'passwd'), join(root, 'requirements-link.txt'));
    symlinkSync(join(outside, 'secret'), join(root, 'vendored'));
    expect(walk(root).files.map((f) => f.path)).toEqual(['requirements.txt']);
  });
});

describe('walk: test data', () => {
  it("skips fixtures inside test folders (a project's own broken-on-purpose inputs), not a top-level fixtures folder", () => {
    const root = mkdtempSync(join(tmpdir(), 'slimreq-walk-testdata-'));
    const files: Record<string, string> = {
      'tests/fixtures/invalid_lock/poetry.lock': 'this is [not toml\n',
      'tests/unit/testdata/requirements.txt': 'pytest\n',
      'src/app/tests/fixtures/pyproject.toml': '[project\n',
      'fixtures/app/requirements.txt': 'flask\n',
      'tests/requirements.txt': 'pytest\n',
      'requirements.txt': 'flask\n',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    expect(walk(root).files.map((f) => f.path)).toEqual(['fixtures/app/requirements.txt', 'requirements.txt', 'tests/requirements.txt']);
  });
});
