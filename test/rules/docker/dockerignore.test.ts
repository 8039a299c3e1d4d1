import { describe, expect, it } from 'vitest';
import missingDockerignore from '../../../src/rules/docker/missing-dockerignore.js';
import dockerignoreMissingEntry, { dockerignoreGaps } from '../../../src/rules/docker/dockerignore-missing-entry.js';
import { findings, projectFrom } from './project.js';

const COPY_ALL = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]';

describe('missing-dockerignore (SR401)', () => {
  it('catches a context copy with no .dockerignore, at the COPY', () => {
    const found = findings(missingDockerignore, projectFrom({ Dockerfile: COPY_ALL }));
    expect(found.map((f) => [f.file, f.line, f.column])).toEqual([['Dockerfile', 3, 1]]);
    expect(found[0].message).toContain('the repository root');
  });
  it('catches ADD . in a subdirectory Dockerfile even with a root .dockerignore', () => {
    const found = findings(missingDockerignore, projectFrom({ 'svc/Dockerfile': 'FROM python:3.12-slim\nADD . /app', '.dockerignore': '.git\n' }));
    expect(found.map((f) => [f.file, f.line])).toEqual([['svc/Dockerfile', 2]]);
  });
  it('accepts .dockerignore in the context directory', () => {
    expect(findings(missingDockerignore, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '.git\n' }))).toEqual([]);
  });
  it('accepts <Dockerfile>.dockerignore beside the Dockerfile', () => {
    expect(findings(missingDockerignore, projectFrom({ 'svc/Dockerfile.prod': COPY_ALL, 'svc/Dockerfile.prod.dockerignore': '.git\n' }))).toEqual([]);
  });
  it('stays quiet when only named files are copied', () => {
    expect(findings(missingDockerignore, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY app/ /app/\nCOPY --from=x . .' }))).toEqual([]);
  });
});

describe('dockerignore-missing-entry (SR402)', () => {
  const present = ['.git/', '.venv/', 'app/__pycache__/', 'app/models/__pycache__/', '.pytest_cache/', 'node_modules/'];

  it('reports one finding per missing entry, at line 1 of the .dockerignore', () => {
    const found = findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '# ignore\n__pycache__\n', '.env': 'SECRET=x\n', 'app/main.py': '' }, { present }));
    expect(found.map((f) => [f.file, f.line, f.column, f.severity, f.fix]).sort()).toEqual([
      ['.dockerignore', 1, 1, 'warning', 'add `.git` to .dockerignore'],
      ['.dockerignore', 1, 1, 'warning', 'add `.venv` to .dockerignore'],
      ['.dockerignore', 1, 1, 'warning', 'add `**/__pycache__` to .dockerignore'],
      ['.dockerignore', 1, 1, 'error', 'add `.env` to .dockerignore'],
      ['.dockerignore', 1, 1, 'warning', 'add `.pytest_cache` to .dockerignore'],
      ['.dockerignore', 1, 1, 'warning', 'add `node_modules` to .dockerignore'],
    ].sort());
  });

  it('reports at the COPY line when there is no .dockerignore', () => {
    const found = findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.env': 'A=1\n' }));
    expect(found.map((f) => [f.file, f.line, f.column, f.severity])).toEqual([['Dockerfile', 3, 1, 'error']]);
    expect(found[0].message).toContain('secrets');
  });

  it('`**/__pycache__` covers nested caches; `__pycache__` only covers the root one', () => {
    const project = projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '**/__pycache__\n' }, { present: ['app/__pycache__/', 'a/b/__pycache__/'] });
    expect(findings(dockerignoreMissingEntry, project)).toEqual([]);
    const rooted = projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '__pycache__\n' }, { present: ['__pycache__/', 'app/__pycache__/'] });
    const found = findings(dockerignoreMissingEntry, rooted);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('`app/__pycache__`');
    expect(found[0].fix).toBe('add `**/__pycache__` to .dockerignore');
  });

  it('`!.env` re-includes the file: an error', () => {
    const found = findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '.env\n!.env\n', '.env': 'A=1\n' }));
    expect(found.map((f) => f.severity)).toEqual(['error']);
  });

  it('a leading `/` and `*` patterns count as Docker counts them', () => {
    expect(findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '/.git\n/.env\n' }, { present: ['.git/'] }))).toEqual([]);
    const all = projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '*\n!app\n!requirements.txt\n', '.env': 'A=1\n' }, { present: ['.git/', '.venv/'] });
    expect(findings(dockerignoreMissingEntry, all)).toEqual([]);
  });

  it('ignores entries that do not exist in the repository', () => {
    expect(findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '.git\n' }))).toEqual([]);
  });

  it('stays quiet when the Dockerfile copies only named paths', () => {
    expect(findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY app/ /app/', '.env': 'A=1\n' }))).toEqual([]);
  });

  it('reports a .dockerignore shared by two Dockerfiles once per entry', () => {
    const found = findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, 'Dockerfile.worker': COPY_ALL, '.dockerignore': '.git\n', '.env': 'A=1\n' }));
    expect(found).toHaveLength(1);
  });

  it('`.env.production` and `.env.local` are errors like `.env`, with `.env.*` to add', () => {
    const found = findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '.git\n.env\n', '.env.production': 'DB_PASSWORD=x\n', '.env.local': 'A=1\n', '.env': 'A=1\n' }));
    expect(found.map((f) => [f.file, f.line, f.column, f.severity, f.fix])).toEqual([['.dockerignore', 1, 1, 'error', 'add `.env.*` to .dockerignore']]);
    expect(found[0].message).toContain('`.env.local`, `.env.production`');
    expect(found[0].message).toContain('secrets');
  });

  it('a nested `.env.staging` asks for `**/.env.*`; without a .dockerignore the finding sits at the COPY', () => {
    const found = findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, 'deploy/.env.staging': 'A=1\n' }));
    expect(found.map((f) => [f.file, f.line, f.column, f.severity, f.fix])).toEqual([['Dockerfile', 3, 1, 'error', 'add `**/.env.*` to .dockerignore']]);
  });

  it.each([
    ['templates only', { '.env.example': 'A=\n', '.env.sample': 'A=\n', '.env.template': 'A=\n', '.env.dist': 'A=\n' }, '.git\n'],
    ['`.env.*` with a `!.env.example` exception', { '.env.production': 'A=1\n', '.env.example': 'A=\n' }, '.env.*\n!.env.example\n'],
    ['`.env*` covers both', { '.env': 'A=1\n', '.env.local': 'A=1\n' }, '.env*\n'],
    ['`.envrc` is not a variant', { '.envrc': 'use flake\n' }, '.git\n'],
  ] as [string, Record<string, string>, string][])('stays quiet for %s', (_name, files, ignore) => {
    expect(findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': ignore, ...files }))).toEqual([]);
  });

  it('reports `!.env.production` re-including a variant', () => {
    const found = findings(dockerignoreMissingEntry, projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '.env.*\n!.env.production\n', '.env.production': 'A=1\n' }));
    expect(found.map((f) => [f.severity, f.fix])).toEqual([['error', 'add `.env.*` to .dockerignore']]);
  });

  it('probes stand in for absent paths when asked', () => {
    const project = projectFrom({ Dockerfile: COPY_ALL, '.dockerignore': '.git\n**/__pycache__\n' });
    const gaps = dockerignoreGaps(project, '', ['.git', '**/__pycache__'], false).map((g) => g.pattern);
    expect(gaps).toEqual(['.venv', 'venv', '**/*.pyc', '.env', '.pytest_cache', '.mypy_cache', '.tox', 'node_modules']);
  });
});
