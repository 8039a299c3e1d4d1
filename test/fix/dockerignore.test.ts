import { describe, expect, it } from 'vitest';
import { DOCKERIGNORE_HEADER, fixDockerignore, missingDockerignoreEntries } from '../../src/fix/dockerignore.js';
import { projectFrom } from '../rules/docker/project.js';

describe('fixDockerignore', () => {
  it('creates a file when there is none', () => {
    expect(fixDockerignore(null, ['.git', '.env'])).toBe(`${DOCKERIGNORE_HEADER}\n.git\n.env\n`);
  });

  it('appends under a header, keeping existing lines and order', () => {
    const existing = '# mine\nnode_modules\n*.log\n';
    expect(fixDockerignore(existing, ['.git', '**/__pycache__'])).toBe(`# mine\nnode_modules\n*.log\n\n${DOCKERIGNORE_HEADER}\n.git\n**/__pycache__\n`);
  });

  it('keeps CRLF line endings and adds a missing final newline', () => {
    expect(fixDockerignore('a\r\nb', ['.env'])).toBe(`a\r\nb\r\n\r\n${DOCKERIGNORE_HEADER}\r\n.env\r\n`);
  });

  it('keeps a BOM', () => {
    expect(fixDockerignore('\uFEFF.git\n', ['.env']).startsWith('\uFEFF.git\n\n')).toBe(true);
  });

  it('is idempotent and skips entries already in force', () => {
    const once = fixDockerignore('.git\n', ['.git', '.venv', '.venv']);
    expect(once).toBe(`.git\n\n${DOCKERIGNORE_HEADER}\n.venv\n`);
    expect(fixDockerignore(once, ['.git', '.venv'])).toBe(once);
    expect(fixDockerignore('', [])).toBe('');
    expect(fixDockerignore('x\n', [])).toBe('x\n');
  });

  it('adds an entry again after a `!` exception re-included it', () => {
    expect(fixDockerignore('.env\n!.env\n', ['.env'])).toBe(`.env\n!.env\n\n${DOCKERIGNORE_HEADER}\n.env\n`);
  });

  it('appends later entries under the existing header without a second header', () => {
    const once = fixDockerignore(null, ['.git']);
    expect(fixDockerignore(once, ['.env'])).toBe(`${DOCKERIGNORE_HEADER}\n.git\n.env\n`);
  });
});

describe('missingDockerignoreEntries', () => {
  it('lists every standard entry when there is no .dockerignore', () => {
    const project = projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .' });
    expect(missingDockerignoreEntries(project, '')).toEqual(['.git', '.venv', 'venv', '**/__pycache__', '**/*.pyc', '.env', '.pytest_cache', '.mypy_cache', '.tox', 'node_modules']);
  });

  it('for an existing .dockerignore, lists only what exists and leaks, judged with Docker matching (** for nested paths)', () => {
    const project = projectFrom(
      { Dockerfile: 'FROM python:3.12-slim\nCOPY . .', '.dockerignore': '.git\n__pycache__\n*.pyc\n.env\n!.env\n', 'svc/.venv/pyvenv.cfg': '' },
      { present: ['svc/.venv/', '__pycache__/'] },
    );
    expect(missingDockerignoreEntries(project, '')).toEqual(['**/.venv']);
  });

  it('adds `.env.*` only when such files exist, and not for templates', () => {
    const withVariants = projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .', '.dockerignore': '.git\n.env\n', '.env.production': 'A=1\n', '.env.example': 'A=\n' });
    expect(missingDockerignoreEntries(withVariants, '')).toEqual(['.env.*']);
    const templatesOnly = projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .', '.dockerignore': '.git\n.env\n', '.env.example': 'A=\n' });
    expect(missingDockerignoreEntries(templatesOnly, '')).not.toContain('.env.*');
    const fixed = fixDockerignore('.git\n.env\n', missingDockerignoreEntries(withVariants, ''));
    expect(fixed.split('\n')).toContain('.env.*');
    // Applying the result leaves nothing to add for the variants.
    const again = projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .', '.dockerignore': fixed, '.env.production': 'A=1\n' });
    expect(missingDockerignoreEntries(again, '')).toEqual([]);
  });

  it('reads the .dockerignore of a subdirectory context', () => {
    const project = projectFrom({ 'svc/Dockerfile': 'FROM python:3.12-slim\nCOPY . .', 'svc/.dockerignore': '.git\n.venv\nvenv\n**/__pycache__\n**/*.pyc\n.env\n.pytest_cache\n.mypy_cache\n.tox\nnode_modules\n' });
    expect(missingDockerignoreEntries(project, 'svc')).toEqual([]);
    expect(missingDockerignoreEntries(project, '')).toHaveLength(10);
  });
});
