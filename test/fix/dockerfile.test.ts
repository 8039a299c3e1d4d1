import { describe, expect, it } from 'vitest';
import { generateDockerfile, pythonLowerBound } from '../../src/fix/dockerfile.js';
import { fixDockerignore, missingDockerignoreEntries } from '../../src/fix/dockerignore.js';
import { parseDockerfile } from '../../src/parse/dockerfile.js';
import { dockerRules } from '../../src/rules/docker/index.js';
import type { Project } from '../../src/model.js';
import { findings, projectFrom } from '../rules/docker/project.js';

/** Replace the project's Dockerfile with the generated one (and add the fixed .dockerignore), then audit. */
function auditGenerated(project: Project, generated: string) {
  const contextDir = project.dockerfiles[0]?.contextDir ?? '';
  const path = contextDir === '' ? 'Dockerfile' : `${contextDir}/Dockerfile`;
  const ignorePath = contextDir === '' ? '.dockerignore' : `${contextDir}/.dockerignore`;
  const content = fixDockerignore(project.dockerignores.find((d) => d.path === ignorePath)?.content ?? null, missingDockerignoreEntries(project, contextDir));
  const files: Record<string, string> = {};
  for (const m of project.manifests) files[m.path] = '';
  const fixed = projectFrom({ [path]: generated, [ignorePath]: content }, { present: project.presentPaths });
  fixed.manifests = project.manifests;
  return findings(dockerRules, fixed);
}

const REQUIREMENTS_PROJECT = {
  Dockerfile: 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt -r requirements-dev.txt\nEXPOSE 8000\nCMD ["gunicorn", "app.main:app", "-b", "0.0.0.0:8000"]\n',
  'requirements.txt': '-r requirements/base.txt\ngunicorn==22.0.0\npsycopg2==2.9.9\n',
  'requirements/base.txt': 'flask==3.0.3\n-c constraints.txt\n',
  'requirements/constraints.txt': 'werkzeug<4\n',
  'requirements-dev.txt': '-r requirements.txt\npytest==8.3.2\n',
  '.env': 'SECRET_KEY=not-a-real-secret\n',
};

describe('generateDockerfile', () => {
  it('builds a multi-stage Dockerfile for a requirements project', () => {
    const project = projectFrom(REQUIREMENTS_PROJECT, { present: ['.git/', '.venv/', 'app/__pycache__/'], groups: { 'requirements/base.txt': 'prod', 'requirements/constraints.txt': 'prod' } });
    const out = generateDockerfile(project);
    expect(out).toContain('FROM python:3.11-slim AS builder');
    expect(out).toContain(' && apt-get install -y --no-install-recommends gcc libpq-dev \\');
    expect(out).toContain(' && apt-get install -y --no-install-recommends libpq5 \\');
    expect(out).toContain('COPY requirements.txt ./\nCOPY requirements/base.txt requirements/base.txt\nCOPY requirements/constraints.txt requirements/constraints.txt\nRUN pip install --no-cache-dir -r requirements.txt\n');
    expect(out).not.toContain('requirements-dev.txt');
    expect(out).toContain('COPY --from=builder /opt/venv /opt/venv');
    expect(out).toContain('USER app');
    expect(out).toMatch(/EXPOSE 8000\nCMD \["gunicorn", "app.main:app", "-b", "0.0.0.0:8000"\]\n$/);
    // The manifests are copied into the image before the code.
    expect(out.indexOf('COPY requirements.txt')).toBeLessThan(out.indexOf('COPY --chown=app:app . .'));
  });

  it('parses cleanly and passes every Docker rule', () => {
    const project = projectFrom(REQUIREMENTS_PROJECT, { present: ['.git/', '.venv/', 'app/__pycache__/'], groups: { 'requirements/base.txt': 'prod', 'requirements/constraints.txt': 'prod' } });
    const out = generateDockerfile(project);
    expect(parseDockerfile(out, 'Dockerfile').diagnostics).toEqual([]);
    expect(auditGenerated(project, out)).toEqual([]);
    // The original is far from clean: the same audit finds plenty.
    expect(findings(dockerRules, project).length).toBeGreaterThan(5);
  });

  it('uses `pip install .` for a pyproject project and the requires-python lower bound', () => {
    const project = projectFrom({
      'pyproject.toml': '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.10,<4"\ndependencies = ["fastapi", "uvicorn", "psycopg2"]\n\n[dependency-groups]\ndev = ["pytest"]\n',
    });
    const out = generateDockerfile(project, { command: ['uvicorn', 'svc.main:app'] });
    expect(out).toContain('FROM python:3.10-slim AS builder');
    expect(out).toContain('COPY . .\nRUN pip install --no-cache-dir .\n');
    expect(out).toContain('libpq5');
    expect(out).toMatch(/CMD \["uvicorn", "svc.main:app"\]\n$/);
    expect(auditGenerated(project, out)).toEqual([]);
  });

  it("falls back to the Dockerfile's python tag, then to 3.12", () => {
    expect(generateDockerfile(projectFrom({ Dockerfile: 'FROM python:3.9.18-bookworm\nCMD ["python"]' }))).toContain('FROM python:3.9-slim AS builder');
    const bare = generateDockerfile(projectFrom({}));
    expect(bare).toContain('FROM python:3.12-slim AS builder');
    expect(bare).toMatch(/CMD \["python", "-m", "app"\]\n$/);
    expect(bare).not.toContain('apt-get');
  });

  it('accepts another catalog lookup', () => {
    const project = projectFrom({ 'requirements.txt': 'lxml\n' });
    const out = generateDockerfile(project, {
      lookupMusl: (key) => (key === 'lxml' ? ({ apt: ['libxml2-dev', 'libxslt1-dev'], aptRuntime: ['libxml2', 'libxslt1.1'] } as never) : null),
    });
    expect(out).toContain('--no-install-recommends libxml2-dev libxslt1-dev');
    expect(out).toContain('--no-install-recommends libxml2 libxslt1.1');
  });

  it('reads requires-python lower bounds', () => {
    expect(pythonLowerBound('>=3.10,<4')).toBe('3.10');
    expect(pythonLowerBound('~=3.11')).toBe('3.11');
    expect(pythonLowerBound('>=3.8, >=3.9')).toBe('3.9');
    expect(pythonLowerBound('==3.12.*')).toBe('3.12');
    expect(pythonLowerBound('<3.13')).toBeNull();
    expect(pythonLowerBound(null)).toBeNull();
  });
});
