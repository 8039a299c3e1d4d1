// The wheel bytes dev tools add to the production image, from uv.lock / pylock.toml sizes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { devToolBytes, wheelFor } from '../../src/alpine/sizes.js';
import { loadProject } from '../../src/load.js';
import { audit } from '../../src/audit.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'slimreq-sizes-'));
  dirs.push(root);
  for (const [p, t] of Object.entries(files)) writeFileSync(join(root, p), t);
  return root;
}
const pkg = (name: string, deps: string[], wheels: [string, number][]) =>
  `[[package]]\nname = "${name}"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [${deps.map((d) => `{ name = "${d}" }`).join(', ')}]\nwheels = [${wheels.map(([w, s]) => `{ url = "https://x/${w}", size = ${s} }`).join(', ')}]\n\n`;
const lock =
  'version = 1\n\n[[package]]\nname = "app"\nversion = "1"\nsource = { virtual = "." }\ndependencies = [{ name = "django" }, { name = "acme-testkit" }]\n\n' +
  pkg('acme-testkit', ['pytest', 'sqlparse'], [['acme_testkit-1.0-py3-none-any.whl', 5_000]]) +
  pkg('django', ['sqlparse'], [['django-1.0-py3-none-any.whl', 8_000_000]]) +
  pkg('iniconfig', [], [['iniconfig-1.0-py3-none-any.whl', 6_000]]) +
  pkg('pytest', ['iniconfig', 'pluggy'], [['pytest-1.0-py3-none-any.whl', 340_000]]) +
  pkg('pluggy', [], [['pluggy-1.0-py3-none-any.whl', 20_000]]) +
  pkg('ruff', [], [
    ['ruff-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 11_000_000],
    ['ruff-1.0-py3-none-musllinux_1_2_x86_64.whl', 10_000_000],
    ['ruff-1.0-py3-none-win_amd64.whl', 9_000_000],
  ]) +
  pkg('sqlparse', [], [['sqlparse-1.0-py3-none-any.whl', 44_000]]);

describe('devToolBytes', () => {
  it('counts the tools in the production closure and what only they require, not what production shares', () => {
    const root = project({ 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["django", "acme-testkit"]\n', 'uv.lock': lock });
    const r = devToolBytes(loadProject(root), (k) => k === 'pytest', { python: '3.12', arch: 'x86_64', libc: 'glibc' });
    expect(r).toEqual({ bytes: 366_000, packages: ['iniconfig', 'pluggy', 'pytest'], unsized: [] });
    const result = audit(root);
    expect(result.devToolBytes).toBe(366_000);
    expect(JSON.parse(renderJson(result)).devToolBytes).toBe(366_000);
    expect(renderText(result, { color: false })).toContain('development tools add 366 kB of wheels to the image');
  });

  it('picks the wheel for the image platform', () => {
    const files = [
      { name: 'ruff-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', size: 11 },
      { name: 'ruff-1.0-py3-none-musllinux_1_2_x86_64.whl', size: 10 },
    ];
    expect(wheelFor(files, '3.12', 'x86_64', 'glibc')?.size).toBe(11);
    expect(wheelFor(files, '3.12', 'x86_64', 'musl')?.size).toBe(10);
    expect(wheelFor(files, '3.12', 'aarch64', 'musl')).toBeNull();
  });

  it('says nothing (null) when no lock records sizes', () => {
    const root = project({ 'Pipfile.lock': '{"default": {"pytest": {"version": "==8.0"}}, "develop": {}}' });
    expect(audit(root).devToolBytes).toBeNull();
    expect(JSON.parse(renderJson(audit(root))).devToolBytes).toBeNull();
  });
});
