import { describe, expect, it } from 'vitest';
import { groupForDependencyGroup, groupForName } from '../../src/catalog/groups.js';

describe('groupForName', () => {
  const dev = [
    'dev', 'develop', 'development', 'Dev', 'DEV_', 'test', 'tests', 'testing', 'lint', 'linting', 'typing', 'types',
    'mypy', 'docs', 'doc', 'documentation', 'coverage', 'cov', 'ci', 'qa', 'check', 'checks', 'style', 'format', 'fmt',
    'bench', 'benchmark', 'benchmarks', 'profiling', 'debug', 'tox', 'nox', 'pre-commit', 'pre_commit', 'release',
    'build', 'dev-packages', 'dev-postgres', 'test-utils', 'tests.integration', 'docs_build', 'postgres-dev',
    'integration-test', 'unit-tests', 'py-typing', 'dev-dependencies',
  ];
  const prod = [
    'postgres', 'redis', 's3', 'server', 'cli', 'all', 'full', 'complete', 'async', 'socks', 'crypto', 'testcontainers',
    'latest', 'contest', 'aws-test-utils', 'mysql',
  ];
  it.each(dev)('%s is development', (name) => {
    expect(groupForName(name).group).toBe('dev');
  });
  it.each(prod)('%s is production', (name) => {
    expect(groupForName(name).group).toBe('prod');
  });
  it('explains the decision', () => {
    expect(groupForName('all').reason).toContain('runtime feature');
    expect(groupForName('test-utils').reason).toContain('starts with "test"');
    expect(groupForName('postgres-dev').reason).toContain('ends with "dev"');
    expect(groupForName('redis').reason).toContain('treated as production');
  });
});

describe('groupForDependencyGroup', () => {
  it.each([
    ['dev', 'dev'],
    ['test', 'dev'],
    ['postgres', 'dev'],
    ['all', 'dev'],
    ['prod', 'prod'],
    ['production', 'prod'],
    ['runtime', 'prod'],
    ['server', 'prod'],
    ['web-server', 'prod'],
    ['main', 'prod'],
    ['dev-server', 'dev'],
  ] as const)('%s -> %s', (name, group) => {
    expect(groupForDependencyGroup(name).group).toBe(group);
  });
  it('says why an unknown group is development', () => {
    expect(groupForDependencyGroup('postgres').reason).toContain('never pulls in');
  });
});
