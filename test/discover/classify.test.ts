import { describe, expect, it } from 'vitest';
import { classifyRequirementsPath, devDockerfileWord } from '../../src/discover/classify.js';
import { kindOfPath } from '../../src/discover/kinds.js';

describe('classifyRequirementsPath', () => {
  it.each([
    ['requirements.txt', 'prod'],
    ['requirements.in', 'prod'],
    ['services/api/requirements.txt', 'prod'],
    ['requirements/production.txt', 'prod'],
    ['requirements/prod.txt', 'prod'],
    ['requirements-gpu.txt', 'prod'],
    ['requirements-dev.txt', 'dev'],
    ['requirements_dev.txt', 'dev'],
    ['dev-requirements.txt', 'dev'],
    ['test-requirements.txt', 'dev'],
    ['requirements-test-py38.txt', 'dev'],
    ['requirements/dev.txt', 'dev'],
    ['requirements/test.txt', 'dev'],
    ['requirements/tests.txt', 'dev'],
    ['requirements/lint.txt', 'dev'],
    ['requirements/docs.txt', 'dev'],
    ['requirements/ci.txt', 'dev'],
    ['requirements/typing.txt', 'dev'],
    ['requirements/local.txt', 'dev'],
    ['docs/requirements.txt', 'dev'],
    ['tests/requirements.txt', 'dev'],
    ['requirements-dev/extra.txt', 'dev'],
    ['requirements/base.txt', 'neutral'],
    ['requirements/common.txt', 'neutral'],
    ['requirements/main.txt', 'neutral'],
    ['constraints.txt', 'neutral'],
  ])('%s is %s', (path, group) => {
    expect(classifyRequirementsPath(path).group).toBe(group);
  });

  it('does not read words inside other words', () => {
    // "latest" contains "test", "devices" contains "dev": neither is a development marker.
    expect(classifyRequirementsPath('requirements-latest.txt').group).toBe('prod');
    expect(classifyRequirementsPath('requirements-devices.txt').group).toBe('prod');
  });
});

describe('kindOfPath', () => {
  it.each([
    ['requirements.txt', 'requirements'],
    ['dev-requirements.txt', 'requirements'],
    ['requirements/base.txt', 'requirements'],
    ['requirements-dev/base.txt', 'requirements'],
    ['requirements.in', 'pip-tools-in'],
    ['requirements/dev.in', 'pip-tools-in'],
    ['constraints.txt', 'constraints'],
    ['pyproject.toml', 'pyproject'],
    ['Pipfile', 'pipfile'],
    ['setup.cfg', 'setup-cfg'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.prod', 'dockerfile'],
    ['api.dockerfile', 'dockerfile'],
    ['.dockerignore', 'dockerignore'],
    ['Dockerfile.dockerignore', 'dockerignore'],
    ['README.txt', null],
    ['notes.in', null],
    ['Pipfile.lock', 'pipfile-lock'],
  ])('%s -> %s', (path, kind) => {
    expect(kindOfPath(path)).toBe(kind);
  });
});

describe('devDockerfileWord', () => {
  it.each([
    ['Dockerfile', null],
    ['docker/Dockerfile.prod', null],
    ['services/api/Dockerfile', null],
    ['compose/production/django/Dockerfile', null],
    ['worker.Dockerfile', null],
    ['.devcontainer/Dockerfile', 'devcontainer'],
    ['Dockerfile.dev', 'dev'],
    ['dev.Dockerfile', 'dev'],
    ['Dockerfile-test', 'test'],
    ['docker/test.dockerfile', 'test'],
    ['compose/local/django/Dockerfile', 'local'],
    ['docs/Dockerfile', 'docs'],
    ['ci/Dockerfile', 'ci'],
  ])('%s -> %s', (path, word) => {
    expect(devDockerfileWord(path)).toBe(word);
  });
});

describe('kindOfPath: files that only look like Dockerfiles', () => {
  it.each([
    ['src/parse/dockerfile.ts', null],
    ['test/parse/dockerfile.test.ts', null],
    ['tools/dockerfile_utils.py', null],
    ['docs/Dockerfile.md', null],
    ['Dockerfile.j2', null],
    ['Dockerfile.template', null],
    ['Dockerfile.bak', null],
    ['Dockerfile.3.12', 'dockerfile'],
    ['Dockerfile.alpine', 'dockerfile'],
    ['Dockerfile-slim', 'dockerfile'],
  ])('%s -> %s', (path, kind) => {
    expect(kindOfPath(path)).toBe(kind);
  });
});
