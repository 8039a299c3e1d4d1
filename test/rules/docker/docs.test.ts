import { describe, expect, it } from 'vitest';
import { dockerRules } from '../../../src/rules/docker/index.js';
import { findings, projectFrom } from './project.js';

const asDockerfile = (text: string) => (/^(FROM|ARG|#)/m.test(text.split('\n')[0]) && /^FROM /m.test(text) ? text : `FROM python:3.12-slim\n${text}`);

describe('Docker rule documentation', () => {
  it('has unique SR3xx/SR4xx codes and kebab-case names', () => {
    const codes = dockerRules.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of dockerRules) {
      expect(r.code).toMatch(/^SR[34]\d\d$/);
      expect(r.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const key of ['what', 'why', 'bad', 'good', 'fix'] as const) expect(r.docs[key].length).toBeGreaterThan(10);
      expect(r.docs.references?.length ?? 0).toBeGreaterThan(0);
    }
  });

  const dockerfileRules = dockerRules.filter((r) => r.code.startsWith('SR3'));
  it.each(dockerfileRules.map((r) => [r.name, r] as const))('%s: the bad example is caught and the good one is not', (_name, rule) => {
    const files = { 'requirements.txt': 'flask\n', 'requirements-dev.txt': 'pytest\n' };
    expect(findings(rule, projectFrom({ Dockerfile: asDockerfile(rule.docs.bad), ...files })).length).toBeGreaterThan(0);
    const good = rule.docs.good.split('\n').filter((l) => !l.startsWith('# or:')).join('\n');
    expect(findings(rule, projectFrom({ Dockerfile: asDockerfile(good), ...files }))).toEqual([]);
  });

  it('missing-dockerignore and dockerignore-missing-entry: bad and good .dockerignore examples', () => {
    const [missing, entry] = dockerRules.filter((r) => r.code.startsWith('SR4'));
    const dockerfile = 'FROM python:3.12-slim\nCOPY . .';
    expect(findings(missing, projectFrom({ Dockerfile: dockerfile }))).toHaveLength(1);
    const present = ['.git/', '.venv/', 'app/__pycache__/', 'app/__pycache__/m.pyc', '.pytest_cache/'];
    const strip = (text: string) => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(findings(entry, projectFrom({ Dockerfile: dockerfile, '.dockerignore': strip(entry.docs.bad), '.env': 'A=1' }, { present })).length).toBeGreaterThan(0);
    expect(findings(entry, projectFrom({ Dockerfile: dockerfile, '.dockerignore': strip(entry.docs.good), '.env': 'A=1' }, { present }))).toEqual([]);
    expect(findings(missing, projectFrom({ Dockerfile: dockerfile, '.dockerignore': strip(missing.docs.good) }))).toEqual([]);
  });
});
