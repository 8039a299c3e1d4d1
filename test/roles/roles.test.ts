// The roles stage: production / development decisions with evidence, one synthetic project per class
// of wrong finding seen on real repositories.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/load.js';
import { runRules } from '../../src/audit.js';
import { groupForName } from '../../src/catalog/groups.js';
import { rolesReport } from '../../src/report/roles.js';
import { findReferences } from '../../src/resolve/references.js';
import type { Project } from '../../src/model.js';
import { slimreq } from '../cli/helpers.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'slimreq-roles-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function roleOf(project: Project, path: string, part?: string) {
  const entry = rolesReport(project).entries.find((e) => e.path === path && (part === undefined || e.part === part));
  if (!entry) throw new Error(`no roles entry for ${path} ${part ?? ''}`);
  return entry;
}

const LIB_PYPROJECT = '[project]\nname = "acme"\nversion = "1.0"\ndependencies = ["httpx>=0.27"]\n';
const APP = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app app\nCMD ["python", "-m", "app"]\n';

describe('group and extra names split into words', () => {
  it.each(['devdocs', 'dev-docs', 'test_utils', 'lint-ci', 'testutils'])('%s is development', (name) => {
    expect(groupForName(name).group).toBe('dev');
  });
  it.each(['devil', 'testament', 'documents', 's3', 'postgres'])('%s stays production', (name) => {
    expect(groupForName(name).group).toBe('prod');
  });
  it('a devdocs extra full of dev tools is not reported, and split agrees there is nothing to move', () => {
    const root = tree({ 'pyproject.toml': `${LIB_PYPROJECT}[project.optional-dependencies]\ndevdocs = ["sphinx", "pytest"]\n` });
    const findings = runRules(loadProject(root));
    expect(findings.filter((f) => f.rule === 'dev-tool-in-production')).toEqual([]);
    const split = slimreq(['split', join(root, 'pyproject.toml')]);
    expect(split.code).toBe(0);
    expect(`${split.stdout}${split.stderr}`).toMatch(/nothing to move|no development tools/i);
  });
});

describe('a library development environment is not production', () => {
  const files = {
    'pyproject.toml': LIB_PYPROJECT,
    'requirements.txt': '-e .[full]\n# Testing\npytest==8.3.2\ncoverage==7.6.1\n# Documentation\nmkdocs==1.6.0\n',
  };
  it('is development, with the editable install and the runtime list as evidence', () => {
    const project = loadProject(tree(files));
    const entry = roleOf(project, 'requirements.txt');
    expect(entry.role).toBe('development');
    expect(entry.basis).toBe('metadata');
    expect(entry.evidence[0]).toMatchObject({ file: 'requirements.txt', line: 1 });
    expect(entry.evidence[0].reason).toContain('pyproject.toml:4');
    expect(runRules(project).filter((f) => f.rule === 'dev-tool-in-production')).toEqual([]);
  });
  it('a production Dockerfile that installs it makes it production again (image beats metadata)', () => {
    const project = loadProject(tree({ ...files, Dockerfile: APP }));
    const entry = roleOf(project, 'requirements.txt');
    expect(entry).toMatchObject({ role: 'production', basis: 'image' });
    expect(entry.evidence[0]).toMatchObject({ file: 'Dockerfile', line: 4 });
    expect(runRules(project).filter((f) => f.rule === 'dev-tool-in-production').map((f) => f.package)).toEqual(['pytest', 'coverage', 'mkdocs']);
  });
});

describe('which Dockerfiles ship', () => {
  it.each([
    ['.github/actions/proxy/Dockerfile', '.github'],
    ['scripts/proxy-test/Dockerfile', 'proxy-test'],
    ['builder/Dockerfile', 'builder'],
    ['examples/demo/Dockerfile', 'examples'],
    ['benchmarks/fp8/Dockerfile', 'benchmarks'],
  ])('%s is a development image (folder %s)', (path, folder) => {
    const project = loadProject(tree({ [path]: APP, [`${path.slice(0, path.lastIndexOf('/'))}/requirements.txt`]: 'flask\n' }));
    const entry = roleOf(project, path, 'Dockerfile');
    expect(entry).toMatchObject({ role: 'development', basis: 'name' });
    expect(entry.evidence[0].reason).toContain(folder);
    expect(project.dockerfiles).toEqual([]);
  });
  it('an image that installs test browsers is a development image', () => {
    const project = loadProject(tree({ 'e2e.Containerfile.x': '', Dockerfile: 'FROM python:3.12\nRUN pip install pytest-playwright && playwright install --with-deps chromium\nCMD ["pytest", "e2e"]\n' }));
    expect(roleOf(project, 'Dockerfile').evidence[0].reason).toContain('pytest');
    const product = loadProject(tree({ Dockerfile: 'FROM python:3.12\nRUN pip install playwright && playwright install chromium\nCOPY agent agent\nCMD ["python", "-m", "agent"]\n' }));
    expect(roleOf(product, 'Dockerfile')).toMatchObject({ role: 'production', basis: 'default' });
    expect(roleOf(project, 'Dockerfile')).toMatchObject({ role: 'development', basis: 'content' });
    expect(roleOf(project, 'Dockerfile').evidence[0]).toMatchObject({ file: 'Dockerfile', line: 2 });
  });
  it('a compose service gives the real build context and target, and production beats the folder word', () => {
    const project = loadProject(
      tree({
        'ci/Dockerfile': 'FROM python:3.12-slim AS base\nCOPY requirements.txt .\nFROM base AS runtime\nCOPY app app\nFROM base AS tests\nRUN pip install pytest\n',
        'requirements.txt': 'flask\n',
        'app/main.py': '',
        'docker-compose.yml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: ci/Dockerfile\n      target: runtime\n  db:\n    image: postgres\n',
      }),
    );
    const entry = roleOf(project, 'ci/Dockerfile');
    expect(entry).toMatchObject({ role: 'production', basis: 'image', context: '', target: 'runtime' });
    expect(entry.evidence[0]).toMatchObject({ file: 'docker-compose.yml', line: 3 });
    expect(project.dockerfiles[0].contextDir).toBe('');
    expect(project.dockerfiles[0].finalStage).toBe(1);
  });
  it('a dev compose service or override file marks its image as development', () => {
    const project = loadProject(
      tree({
        'frontend/Dockerfile.playwright': 'FROM mcr.microsoft.com/playwright:v1.45.0\nCOPY . .\n',
        'compose.override.yml': 'services:\n  playwright:\n    build:\n      context: ./frontend\n      dockerfile: Dockerfile.playwright\n',
      }),
    );
    expect(roleOf(project, 'frontend/Dockerfile.playwright')).toMatchObject({ role: 'development', basis: 'image' });
  });
  it('a CI compose file that builds the image to test it does not make it development', () => {
    const project = loadProject(tree({ Dockerfile: APP, 'requirements.txt': 'flask\n', '.ci/compose.ci.yaml': 'services:\n  server:\n    build: ../\n' }));
    expect(roleOf(project, 'Dockerfile')).toMatchObject({ role: 'production', basis: 'image', context: '' });
  });
  it('workflow env values expand in build-push-action inputs', () => {
    const refs = findReferences(
      '.github/workflows/api.yml',
      'env:\n  API_DIR: ./api\njobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: ${{ env.API_DIR }}\n          push: true\n',
      new Set(['api/Dockerfile']),
    );
    expect(refs).toEqual([expect.objectContaining({ dockerfile: 'api/Dockerfile', context: 'api', ships: true, line: 6 })]);
  });
  it('a workflow that builds and pushes with docker/build-push-action makes the image production', () => {
    const project = loadProject(
      tree({
        'docker/dev/Dockerfile': APP,
        'requirements.txt': 'flask\n',
        '.github/workflows/release.yml':
          'jobs:\n  push:\n    steps:\n      - name: Build and push\n        uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: docker/dev/Dockerfile\n          push: true\n',
      }),
    );
    const entry = roleOf(project, 'docker/dev/Dockerfile');
    expect(entry).toMatchObject({ role: 'production', basis: 'image', context: '' });
    expect(entry.evidence[0]).toMatchObject({ file: '.github/workflows/release.yml', line: 5 });
  });
  it('reads docker build -f … --target … in Makefiles, and a dev-named target marks the image as development', () => {
    const refs = findReferences('Makefile', 'image:\n\tdocker build -f deploy/Dockerfile --target prod -t acme .\ndev-shell:\n\tdocker build -f deploy/Dockerfile.shell .\n', new Set(['deploy/Dockerfile', 'deploy/Dockerfile.shell']));
    expect(refs).toEqual([
      expect.objectContaining({ dockerfile: 'deploy/Dockerfile', context: '', target: 'prod', line: 2, label: 'image' }),
      expect.objectContaining({ dockerfile: 'deploy/Dockerfile.shell', context: '', line: 4, label: 'dev-shell' }),
    ]);
    const project = loadProject(tree({ 'deploy/Dockerfile.shell': 'FROM python:3.12\nRUN pip install ipython\n', Makefile: 'dev-shell:\n\tdocker build -f deploy/Dockerfile.shell .\n' }));
    expect(roleOf(project, 'deploy/Dockerfile.shell')).toMatchObject({ role: 'development', basis: 'image' });
  });
  it('fly.toml deploys the Dockerfile it names', () => {
    const project = loadProject(tree({ 'ops/Dockerfile': APP, 'fly.toml': 'app = "acme"\n[build]\n  dockerfile = "ops/Dockerfile"\n' }));
    expect(roleOf(project, 'ops/Dockerfile')).toMatchObject({ role: 'production', basis: 'image', context: '' });
  });
});

describe('templates are skipped with a note', () => {
  it('a cookiecutter folder and a Jinja-tagged requirements file are not parse errors', () => {
    const root = tree({
      '{{cookiecutter.project_slug}}/pyproject.toml': '[project]\nname = "{{ cookiecutter.project_slug }}"\ndependencies = [\n{%- if cookiecutter.use_celery %}\n  "celery",\n{%- endif %}\n]\n',
      'templates/requirements.txt': 'flask\n{% if docker %}gunicorn{% endif %}\n',
    });
    const findings = runRules(loadProject(root));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.rule === 'template-not-audited').map((f) => [f.file, f.line, f.severity])).toEqual([
      ['templates/requirements.txt', 2, 'info'],
      ['{{cookiecutter.project_slug}}/pyproject.toml', 1, 'info'],
    ]);
  });
});

describe('projects whose purpose is testing', () => {
  it('a *-integration-tests project in integration_tests/ is development', () => {
    const project = loadProject(
      tree({
        'pyproject.toml': LIB_PYPROJECT,
        'integration_tests/pyproject.toml': '[project]\nname = "acme-integration-tests"\nversion = "0"\ndependencies = ["pytest", "acme"]\n',
      }),
    );
    expect(roleOf(project, 'integration_tests/pyproject.toml', '[project] dependencies')).toMatchObject({ role: 'development', basis: 'metadata' });
    expect(runRules(project).filter((f) => f.rule === 'dev-tool-in-production')).toEqual([]);
  });
});

describe('configuration overrides every other evidence', () => {
  it('production and development globs, and path:set for one set', () => {
    const project = loadProject(
      tree({ 'pyproject.toml': `${LIB_PYPROJECT}[project.optional-dependencies]\ndocs = ["sphinx"]\n`, 'requirements.txt': 'pytest\n', 'docker/Dockerfile': APP }),
      { roles: { development: ['requirements.txt', 'docker/*'], production: ['pyproject.toml:docs'], file: 'pyproject.toml' } },
    );
    expect(roleOf(project, 'requirements.txt')).toMatchObject({ role: 'development', basis: 'configuration' });
    expect(roleOf(project, 'docker/Dockerfile')).toMatchObject({ role: 'development', basis: 'configuration' });
    expect(roleOf(project, 'pyproject.toml', 'extra "docs"')).toMatchObject({ role: 'production', basis: 'configuration' });
    expect(runRules(project).filter((f) => f.rule === 'dev-tool-in-production').map((f) => f.package)).toEqual(['sphinx']);
  });
  it('is read from [tool.slimreq] by the roles command', () => {
    const root = tree({ 'pyproject.toml': `${LIB_PYPROJECT}\n[tool.slimreq]\ndevelopment = ["requirements.txt"]\n`, 'requirements.txt': 'flask\n' });
    const r = slimreq(['roles', root, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.entries.find((e: { path: string }) => e.path === 'requirements.txt')).toMatchObject({
      role: 'development',
      basis: 'configuration',
      evidence: [{ file: 'pyproject.toml', line: 0, reason: 'development = ["requirements.txt"] in the configuration' }],
    });
  });
});

describe('slimreq roles and the commands that draw on it', () => {
  it('text output lists each part with its role and evidence', () => {
    const root = tree({ 'requirements.txt': 'flask\n', Dockerfile: APP });
    const r = slimreq(['roles', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('requirements.txt  requirements file: production  [image]\n    Dockerfile:4: a production image installs it (pip install -r)\n');
  });
  it('audit JSON requirements carry roleEvidence', () => {
    const root = tree({ 'requirements.txt': 'flask\n', Dockerfile: APP });
    const r = slimreq(['audit', root, '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(r.stdout);
    expect(json.requirements[0].roleEvidence).toEqual([{ file: 'Dockerfile', line: 4, reason: 'a production image installs it (pip install -r)' }]);
  });
  it('fix dockerignore proposes nothing when no Dockerfile ships', () => {
    const root = tree({ 'requirements.txt': 'flask\n', '.venv/pyvenv.cfg': '', '.devcontainer/Dockerfile': 'FROM python:3.12\nCOPY . .\n' });
    const r = slimreq(['fix', 'dockerignore', root, '--write']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no production Dockerfile');
    expect(existsSync(join(root, '.dockerignore'))).toBe(false);
    expect(slimreq(['fix', 'dockerignore', tree({ 'requirements.txt': 'flask\n' })]).stderr).toBe('no Dockerfile: nothing to propose\n');
  });
  it('fix dockerignore writes into the build context a compose file names', () => {
    const root = tree({
      'docker/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n',
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n',
      'requirements.txt': 'flask\n',
      '.venv/pyvenv.cfg': '',
    });
    expect(slimreq(['fix', 'dockerignore', root, '--write']).code).toBe(0);
    expect(existsSync(join(root, '.dockerignore'))).toBe(true);
    expect(existsSync(join(root, 'docker/.dockerignore'))).toBe(false);
  });
  it('every split advice in the audit is one split carries out', () => {
    const root = tree({ 'requirements.txt': 'flask\npytest==8.3.2\n', Dockerfile: APP, 'pyproject.toml': '[project]\nname = "app"\nversion = "0"\ndependencies = ["ruff"]\n[project.optional-dependencies]\ndevdocs = ["sphinx"]\n' });
    const audit = JSON.parse(slimreq(['audit', root, '--format', 'json', '--fail-on', 'never']).stdout);
    const advised = audit.findings.flatMap((f: { fix?: string }) => [...(f.fix ?? '').matchAll(/`slimreq (split [^`]+)`/g)].map((m) => m[1]));
    expect(advised.length).toBeGreaterThan(0);
    for (const command of advised) {
      const args = command.split(' ').map((a: string) => a.replace(/^'|'$/g, ''));
      const r = slimreq([...args.filter((a: string) => a !== '--write'), '--check'], { cwd: root });
      expect(r.code, `${command}: ${r.stdout}${r.stderr}`).toBe(1);
    }
  });
});

describe('files that install nothing in an image', () => {
  it('a requirements file whose opening comment says it is used as pip constraints is a constraints file', () => {
    const root = tree({
      'tools/requirements.txt': '# Generated by repin.sh.\n#\n# It is normally used as constraints to pip, however, it has the name\n# requirements.txt so that it is scanned by dependency graphs.\npytest==8.3.2\nmypy==1.11.0\nrequests==2.32.3\n',
      'requirements.txt': 'requests==2.32.3\n# tests\npytest==8.3.2\n',
    });
    const project = loadProject(root);
    const tools = project.manifests.find((m) => m.path === 'tools/requirements.txt')!;
    expect(tools.kind).toBe('constraints');
    expect(tools.requirements.every((r) => r.constraintOnly)).toBe(true);
    const findings = runRules(project).filter((f) => f.rule === 'dev-tool-in-production');
    expect(findings.map((f) => `${f.file} ${f.package}`)).toEqual(['requirements.txt pytest']);
  });

  it('a constraints header does not hide a file a production image installs', () => {
    const root = tree({
      'requirements.txt': '# pins, also used as constraints for tox\nflask==3.0.3\npytest==8.3.2\n',
      Dockerfile: APP,
    });
    const findings = runRules(loadProject(root)).filter((f) => f.rule === 'dev-tool-in-production');
    expect(findings.map((f) => f.package)).toEqual(['pytest']);
  });

  it("a project generator's own manifests and lock are its tooling, not what generated projects ship", () => {
    const root = tree({
      'cookiecutter.json': '{"project_slug": "app"}\n',
      'pyproject.toml': '[project]\nname = "my-template"\nversion = "1"\ndependencies = ["cookiecutter==2.6.0", "pytest==8.3.2", "pytest-cookies==0.7.0", "ruff==0.6.0"]\n',
      'requirements.txt': 'pytest==8.3.2\n',
      '{{cookiecutter.project_slug}}/requirements.txt': '{% if cookiecutter.use_celery == "y" %}\ncelery==5.4.0\n{% endif %}\n',
      '{{cookiecutter.project_slug}}/Dockerfile': 'FROM python:3.12\n',
    });
    const project = loadProject(root);
    expect(roleOf(project, 'pyproject.toml').role).toBe('development');
    const findings = runRules(project);
    expect(findings.filter((f) => f.rule === 'dev-tool-in-production')).toEqual([]);
    const templates = findings.filter((f) => f.rule === 'template-not-audited');
    expect(templates).toHaveLength(1);
    expect(templates[0].message).toContain('2 files under {{cookiecutter.project_slug}}/ are templates');
    expect(templates[0].related?.map((r) => r.file)).toEqual(['{{cookiecutter.project_slug}}/requirements.txt']);
  });

  it('without a generator file the same pyproject is production', () => {
    const root = tree({ 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask==3.0.3", "pytest==8.3.2"]\n' });
    expect(runRules(loadProject(root)).filter((f) => f.rule === 'dev-tool-in-production').map((f) => f.package)).toEqual(['pytest']);
  });
});

describe('one cause, one finding: a pin compiled from an audited .in file', () => {
  it('a dev tool in requirements.in and in the requirements.txt compiled from it is reported once, at the .in', () => {
    const root = tree({
      'requirements.in': 'flask\npytest\n',
      'requirements.txt':
        '#\n# This file is autogenerated by pip-compile with Python 3.12\n#    pip-compile requirements.in\n#\nflask==3.0.3\n    # via -r requirements.in\npytest==8.3.2\n    # via -r requirements.in\n',
    });
    const findings = runRules(loadProject(root)).filter((f) => f.rule === 'dev-tool-in-production');
    expect(findings.map((f) => `${f.file}:${f.line} ${f.package}`)).toEqual(['requirements.in:2 pytest']);
  });

  it('the compiled pin is reported when its source is not audited', () => {
    const root = tree({
      'requirements.txt': '#    pip-compile requirements/src.in\nflask==3.0.3\n    # via -r requirements/src.in\npytest==8.3.2\n    # via -r requirements/src.in\n',
    });
    const findings = runRules(loadProject(root)).filter((f) => f.rule === 'dev-tool-in-production');
    expect(findings.map((f) => `${f.file}:${f.line} ${f.package}`)).toEqual(['requirements.txt:4 pytest']);
  });
});

describe('dev-requirements-included-in-production and what images install', () => {
  const files = {
    'requirements.txt': '# only used for dependabot\n-r requirements/main.txt\n-r requirements/dev.txt\n',
    'requirements/main.txt': 'flask==3.0.3\n',
    'requirements/dev.txt': 'pytest==8.3.2\n',
  };
  it('stays quiet for a file no production image installs when the images name what they install', () => {
    const root = tree({ ...files, Dockerfile: 'FROM python:3.12-slim\nCOPY requirements/main.txt .\nRUN pip install --no-cache-dir -r main.txt\n' });
    expect(runRules(loadProject(root)).filter((f) => f.rule === 'dev-requirements-included-in-production')).toEqual([]);
  });
  it('reports it when an image installs that file, or when no image says what it installs', () => {
    const installs = tree({ ...files, Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n' });
    expect(runRules(loadProject(installs)).filter((f) => f.rule === 'dev-requirements-included-in-production').map((f) => `${f.file}:${f.line}`)).toEqual(['requirements.txt:3']);
    const noImage = tree(files);
    expect(runRules(loadProject(noImage)).filter((f) => f.rule === 'dev-requirements-included-in-production').map((f) => `${f.file}:${f.line}`)).toEqual(['requirements.txt:3']);
  });
});

describe('images built only for development sessions', () => {
  it('a Dockerfile that only tox builds runs test sessions: development', () => {
    const root = tree({
      'compat/Dockerfile': 'FROM python:3.12\nRUN apt-get update && apt-get install -y curl\n',
      'tox.ini': '[testenv:compat]\ncommands =\n    docker build -f compat/Dockerfile -t compat-test .\n    pytest compat\n',
    });
    expect(roleOf(loadProject(root), 'compat/Dockerfile').role).toBe('development');
  });

  it('a Dockerfile that a dev container compose file builds: development', () => {
    const root = tree({
      'docker/app.Dockerfile': 'FROM python:3.12\nRUN apt-get update && apt-get install -y curl\n',
      '.devcontainer/docker-compose.yml': 'services:\n  app:\n    build:\n      context: ..\n      dockerfile: docker/app.Dockerfile\n    command: sleep infinity\n',
    });
    expect(roleOf(loadProject(root), 'docker/app.Dockerfile').role).toBe('development');
  });

  it('an image that a production compose service also builds stays production', () => {
    const root = tree({
      Dockerfile: 'FROM python:3.12-slim\nCOPY . .\n',
      'tox.ini': '[testenv:image]\ncommands = docker build -f Dockerfile .\n',
      'docker-compose.yml': 'services:\n  web:\n    build: .\n',
    });
    expect(roleOf(loadProject(root), 'Dockerfile').role).toBe('production');
  });
});
