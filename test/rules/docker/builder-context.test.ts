// `COPY . .` in a builder stage that does not ship: the context (and a .env in it) does not reach
// the final image, so neither missing-dockerignore nor dockerignore-missing-entry reports it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../../src/audit.js';

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'slimreq-builder-ctx-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const builderOnly = [
  'FROM python:3.12-slim AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN pip wheel --no-cache-dir --no-deps -w /dist .',
  'FROM python:3.12-slim',
  'COPY --from=build /dist /dist',
  'RUN --mount=type=bind,from=build,source=/dist,target=/dist pip install --no-cache-dir /dist/*.whl',
  '',
].join('\n');

describe('whole-context copies in builder stages', () => {
  it('stays quiet when only a builder stage copies the context', () => {
    const root = repo({ Dockerfile: builderOnly, '.dockerignore': '.git\n', '.env': 'SECRET=1\n', 'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n' });
    const rules = audit(root).findings.map((f) => f.rule);
    expect(rules).not.toContain('dockerignore-missing-entry');
    expect(rules).not.toContain('missing-dockerignore');
  });

  it('still reports the .env leak when the final stage copies the context', () => {
    const root = repo({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .\n', '.dockerignore': '.git\n', '.env': 'SECRET=1\n' });
    const leak = audit(root).findings.filter((f) => f.rule === 'dockerignore-missing-entry');
    expect(leak.map((f) => f.severity)).toEqual(['error']);
  });

  const carried = [
    'FROM python:3.12-slim AS builder',
    'COPY . /src',
    'RUN pip wheel --no-cache-dir -w /src/dist /src',
    'FROM python:3.12-slim',
    'COPY --from=builder /src /app',
    'RUN pip install --no-cache-dir /app/dist/*.whl',
    '',
  ].join('\n');

  it('reports a missing .dockerignore when the final stage copies the builder\'s copy of the context', () => {
    const root = repo({ Dockerfile: carried, 'app.py': '' });
    const found = audit(root).findings.filter((f) => f.rule === 'missing-dockerignore');
    expect(found.map((f) => [f.line, f.column])).toEqual([[2, 1]]);
  });

  it('reports the .env leak through the builder (WORKDIR-relative copy, parent folder taken)', () => {
    const dockerfile = 'FROM python:3.12-slim AS builder\nWORKDIR /src/app\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=builder /src /srv\n';
    const root = repo({ Dockerfile: dockerfile, '.dockerignore': '.git\n', '.env': 'SECRET=1\n' });
    const leak = audit(root).findings.filter((f) => f.rule === 'dockerignore-missing-entry');
    expect(leak.map((f) => f.severity)).toEqual(['error']);
    expect(leak[0].message).toContain('`COPY . .` (Dockerfile:3)');
  });

  it('stays quiet when the final stage copies only a folder inside the builder\'s copy', () => {
    const dockerfile = carried.replace('COPY --from=builder /src /app', 'COPY --from=builder /src/dist /app/dist');
    const root = repo({ Dockerfile: dockerfile, 'app.py': '' });
    expect(audit(root).findings.map((f) => f.rule)).not.toContain('missing-dockerignore');
  });
});
