// The layouts fixture: constraints files and -c includes, requirements-*/ folders, Poetry's legacy
// dev-dependencies table and uv's dev-dependencies, read end to end.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';

const root = fileURLToPath(new URL('../fixtures/layouts', import.meta.url));

describe('fixtures/layouts', () => {
  const result = audit(root);
  const req = (file: string, name: string) => result.requirements.find((r) => r.file === file && r.name === name);

  it('is clean: constraints and dev tables are not production installs', () => {
    expect(result.findings).toEqual([]);
  });

  it('constraints files constrain; they install nothing', () => {
    expect(result.files.find((f) => f.path === 'constraints.txt')?.kind).toBe('constraints');
    expect(req('constraints.txt', 'pytest')).toMatchObject({ constraintOnly: true, origin: 'constraints' });
    expect(req('uv-app/pyproject.toml', 'urllib3')).toMatchObject({ constraintOnly: true, origin: 'uv' });
  });

  it('requirements-*/ folders: a neutral file included by production is production, requirements-dev/ is development', () => {
    expect(req('requirements-common/base.txt', 'requests')).toMatchObject({ group: 'prod' });
    expect(req('requirements-dev/test.txt', 'pytest')).toMatchObject({ group: 'dev' });
  });

  it("Poetry's legacy dev-dependencies and uv's dev-dependencies are development", () => {
    expect(req('legacy-poetry/pyproject.toml', 'click')).toMatchObject({ group: 'prod', origin: 'poetry', specifier: '>=8.1,<9.0' });
    expect(req('legacy-poetry/pyproject.toml', 'pytest')).toMatchObject({ group: 'dev', origin: 'poetry' });
    expect(req('uv-app/pyproject.toml', 'ruff')).toMatchObject({ group: 'dev', origin: 'uv' });
  });
});
