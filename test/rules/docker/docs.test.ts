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

// Every message names the change to make, with the command or file text to write (like hadolint's
// "Use `pip install --no-cache-dir`"), not only what is wrong.
describe('Docker rule messages say the fix concretely', () => {
  const present = ['.git/', '.venv/'];
  const cases: [string, string, Record<string, string>, string[]][] = [
    ['apk-cache', 'FROM python:3.12-alpine\nRUN apk add gcc', {}, ['--no-cache']],
    ['apt-install-recommends', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*', {}, ['add `--no-install-recommends`']],
    ['apt-lists-not-removed', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5', {}, ['`&& rm -rf /var/lib/apt/lists/*`']],
    ['apt-update-alone', 'FROM python:3.12-slim\nRUN apt update\nRUN apt install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*', {}, ['RUNs at lines 2, 3: `RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*`']],
    ['build-tools-in-final-stage', 'FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev\nRUN pip install --no-cache-dir psycopg2', {}, ['`apk add --no-cache libpq && apk add --no-cache --virtual .build-deps gcc musl-dev && pip install … && apk del .build-deps`', '`psycopg2` needs it at run time']],
    ['cleanup-in-separate-layer', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN rm -rf /var/lib/apt/lists/*', {}, ['end that RUN with the cleanup: `… && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*`']],
    ['copy-before-install', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements/prod.txt -r requirements.txt', { 'requirements/prod.txt': 'flask\n' }, ['`COPY requirements.txt ./`, `COPY requirements/ requirements/`', 'then `COPY . .`']],
    ['dev-dependencies-in-image', 'FROM python:3.12-slim\nCOPY requirements-dev.txt .\nRUN pip install --no-cache-dir -r requirements-dev.txt', {}, ['drop `-r requirements-dev.txt`']],
    ['dockerignore-missing-entry', 'FROM python:3.12-slim\nCOPY . .', { '.dockerignore': '.git\n' }, ['add `.venv` to .dockerignore']],
    ['full-base-image', 'FROM python:3.12\nCMD ["python"]', {}, ['use `python:3.12-slim`']],
    ['merge-consecutive-runs', 'FROM python:3.12-slim\nRUN mkdir /a\nRUN mkdir /b', {}, ['join them with `&&`']],
    ['missing-dockerignore', 'FROM python:3.12-slim\nCOPY . .', {}, ['`.git`', '`slimreq fix dockerignore --write`']],
    ['pip-cache-in-image', 'FROM python:3.12-slim\nRUN pip install flask', {}, ['`pip install --no-cache-dir`']],
  ];

  it('covers every Docker rule', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual(dockerRules.map((r) => r.name).sort());
  });

  it.each(cases)('%s', (name, dockerfile, files, expected) => {
    const rule = dockerRules.find((r) => r.name === name)!;
    const found = findings(rule, projectFrom({ Dockerfile: dockerfile, ...files }, { present }));
    expect(found.length).toBeGreaterThan(0);
    for (const text of expected) expect(found[0].message).toContain(text);
  });
});
