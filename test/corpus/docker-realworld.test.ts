// Dockerfile layouts seen in widely used public repositories, written small and synthetic, run through
// the whole audit (discovery, loader, every registered rule).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'slimreq-corpus-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('Dockerfile rules run in the audit', () => {
  it('reports pip-cache-in-image for a plain `pip install` in a slim image', () => {
    const root = project({
      Dockerfile: 'FROM python:3.12-slim\nRUN pip install flask\n',
      'requirements.txt': 'flask\n',
    });
    const found = audit(root).findings.filter((f) => f.rule === 'pip-cache-in-image');
    expect(found.map((f) => [f.file, f.line, f.column])).toEqual([['Dockerfile', 2, 5]]);
  });
});

// The Django cookiecutter layout: Dockerfiles live in compose/<env>/django/ but are built with the
// repository root as context (the compose file says `context: .`); the COPY sources are root paths
// and the .dockerignore is at the root.
const djangoLayout = {
  '.dockerignore': '.git\n.venv\n.envs/\n',
  'requirements/base.txt': 'django==5.0.3\n',
  'requirements/local.txt': '-r base.txt\npytest==8.0.0\n',
  'requirements/production.txt': '-r base.txt\ngunicorn==21.2.0\n',
  'compose/production/django/start': '#!/bin/bash\n',
  'compose/local/django/start': '#!/bin/bash\n',
  'compose/production/django/Dockerfile': [
    'FROM python:3.12-slim AS run', // 1
    'ARG BUILD_ENVIRONMENT=production', // 2
    'WORKDIR /app', // 3
    'COPY ./requirements .', // 4
    'RUN pip install --no-cache-dir -r ${BUILD_ENVIRONMENT}.txt', // 5
    'COPY ./compose/production/django/start /start', // 6
    'COPY . /app', // 7
    '',
  ].join('\n'),
  'compose/local/django/Dockerfile': [
    'FROM python:3.12-slim', // 1
    'ENV PYTHONUNBUFFERED=1', // 2
    'WORKDIR /app', // 3
    'COPY ./requirements .', // 4
    'RUN pip install --no-cache-dir -r local.txt', // 5
    'COPY ./compose/local/django/start /start', // 6
    'COPY . /app', // 7
    '',
  ].join('\n'),
};

describe('Dockerfiles in a subfolder built with the repository root as context', () => {
  // The COPY sources only resolve from the root (./compose/production/django/start exists there,
  // not under compose/production/django/), so the context is the root and its .dockerignore applies.
  it('does not report missing-dockerignore when the root .dockerignore applies', () => {
    const root = project(djangoLayout);
    const found = audit(root).findings.filter((f) => f.rule === 'missing-dockerignore');
    expect(found).toEqual([]);
  });

  // compose/local/django/Dockerfile builds the development image (its path says "local"): installing
  // requirements/local.txt there is the point, so the image-size rules leave it alone; the production
  // Dockerfile is still checked.
  it('leaves the local (development) Dockerfile alone and checks the production one', () => {
    const root = project(djangoLayout);
    const findings = audit(root).findings;
    expect(findings.filter((f) => f.file === 'compose/local/django/Dockerfile')).toEqual([]);
    const prodLocal = project({
      ...djangoLayout,
      'compose/production/django/Dockerfile': djangoLayout['compose/local/django/Dockerfile'].replace('/compose/local/', '/compose/production/'),
    });
    const found = audit(prodLocal).findings.filter((f) => f.rule === 'dev-dependencies-in-image');
    expect(found.map((f) => [f.file, f.line])).toEqual([['compose/production/django/Dockerfile', 5]]);
  });
});

describe('build arguments in requirements paths', () => {
  // `-r ${BUILD_ENVIRONMENT}.txt` is read with the ARG default declared before the RUN expanded,
  // so the development file it names (requirements/local.txt, copied to /app) is reported.
  it('expands an ARG default in `pip install -r ${VAR}.txt`', () => {
    const root = project({
      'requirements/base.txt': 'django==5.0.3\n',
      'requirements/local.txt': '-r base.txt\npytest==8.0.0\n',
      Dockerfile: [
        'FROM python:3.12-slim', // 1
        'ARG BUILD_ENVIRONMENT=local', // 2
        'WORKDIR /app', // 3
        'COPY ./requirements .', // 4
        'RUN pip install --no-cache-dir -r ${BUILD_ENVIRONMENT}.txt', // 5
        '',
      ].join('\n'),
    });
    const found = audit(root).findings.filter((f) => f.rule === 'dev-dependencies-in-image');
    expect(found.map((f) => [f.file, f.line, f.column])).toEqual([['Dockerfile', 5, 5]]);
  });
});

describe('build context inference', () => {
  it('keeps the Dockerfile folder as context when its COPY sources are there', () => {
    const root = project({
      'services/api/Dockerfile': 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n',
      'services/api/requirements.txt': 'flask\n',
      'services/api/.dockerignore': '.git\n',
      '.dockerignore': '.git\n',
    });
    const found = audit(root).findings.filter((f) => f.rule === 'missing-dockerignore');
    expect(found).toEqual([]);
  });

  it('falls back to the nearest ancestor where every COPY source exists', () => {
    const root = project({
      'docker/app/Dockerfile': 'FROM python:3.12-slim\nCOPY src/requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n',
      'src/requirements.txt': 'flask\n',
    });
    const found = audit(root).findings.filter((f) => f.rule === 'missing-dockerignore');
    // The context is the root (src/requirements.txt exists there), so the missing file is the root's.
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/\.dockerignore/);
  });
});
