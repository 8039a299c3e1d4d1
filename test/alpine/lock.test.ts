// Alpine from a lock's file list: wheel tags as packaging.tags reads them, statuses, evidence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWheelName, statusFromFiles, supportedTags } from '../../src/alpine/lock.js';
import { evaluateAlpine } from '../../src/alpine/evaluate.js';
import { loadProject } from '../../src/load.js';

const files = (...names: string[]) => names.map((name) => ({ name, size: null }));

describe('wheel tags', () => {
  it('expands compressed tag sets', () => {
    expect(parseWheelName('colorama-0.4.6-py2.py3-none-any.whl')?.tags).toEqual(['py2-none-any', 'py3-none-any']);
    expect(parseWheelName('pkg-1.0-1build-cp312-abi3-musllinux_1_1_x86_64.musllinux_1_2_x86_64.whl')?.tags).toEqual([
      'cp312-abi3-musllinux_1_1_x86_64',
      'cp312-abi3-musllinux_1_2_x86_64',
    ]);
    expect(parseWheelName('pkg-1.0.tar.gz')).toBeNull();
  });

  it('accepts what CPython 3.12 on musl 1.2 accepts, and nothing glibc, Windows or other-Python', () => {
    const tags = supportedTags('3.12', 'x86_64');
    for (const t of ['cp312-cp312-musllinux_1_2_x86_64', 'cp312-cp312-musllinux_1_1_x86_64', 'cp38-abi3-musllinux_1_2_x86_64', 'py3-none-musllinux_1_2_x86_64', 'cp312-none-linux_x86_64', 'py3-none-any', 'py312-none-any', 'py30-none-any', 'cp312-none-any']) {
      expect(tags.has(t), t).toBe(true);
    }
    for (const t of ['cp312-cp312-manylinux_2_17_x86_64', 'cp311-cp311-musllinux_1_2_x86_64', 'cp312-cp312-musllinux_1_3_x86_64', 'cp312-cp312-musllinux_1_2_aarch64', 'cp312-cp312-win_amd64', 'py2-none-any', 'cp313-abi3-musllinux_1_2_x86_64', 'pp310-pypy310_pp73-musllinux_1_2_x86_64']) {
      expect(tags.has(t), t).toBe(false);
    }
  });

  it.each([
    ['a musllinux wheel for the Python', files('a-1-cp312-cp312-musllinux_1_1_x86_64.whl', 'a-1.tar.gz'), 'wheel'],
    ['an abi3 musllinux wheel from an older Python', files('a-1-cp39-abi3-musllinux_1_2_x86_64.whl'), 'wheel'],
    ['a pure wheel', files('a-1-py3-none-any.whl'), 'pure'],
    ['a musllinux wheel wins over a pure one (pip prefers the specific tag)', files('a-1-py3-none-any.whl', 'a-1-cp312-cp312-musllinux_1_2_x86_64.whl'), 'wheel'],
    ['only glibc wheels and an sdist', files('a-1-cp312-cp312-manylinux_2_17_x86_64.whl', 'a-1.tar.gz'), 'build'],
    ['a musllinux wheel for another Python and an sdist', files('a-1-cp311-cp311-musllinux_1_1_x86_64.whl', 'a-1.tar.gz'), 'build'],
    ['only glibc and Windows wheels', files('a-1-cp312-cp312-manylinux_2_17_x86_64.whl', 'a-1-cp312-cp312-win_amd64.whl'), 'unavailable'],
  ] as const)('%s -> %s', (_name, list, status) => {
    expect(statusFromFiles(list, '3.12', 'x86_64').status).toBe(status);
  });
});

describe('alpine on a locked project', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const project = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'slimreq-alpine-lock-'));
    dirs.push(root);
    for (const [p, t] of Object.entries(files)) writeFileSync(join(root, p), t);
    return loadProject(root);
  };
  const uv = (wheel: string) =>
    `version = 1\n\n[[package]]\nname = "app"\nversion = "1"\nsource = { virtual = "." }\ndependencies = [{ name = "pydantic" }]\n\n` +
    `[[package]]\nname = "pydantic"\nversion = "2.8.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [{ name = "pydantic-core" }]\nwheels = [{ url = "https://x/pydantic-2.8.0-py3-none-any.whl", size = 1 }]\n\n` +
    `[[package]]\nname = "pydantic-core"\nversion = "2.20.0"\nsource = { registry = "https://pypi.org/simple" }\nsdist = { url = "https://x/pydantic_core-2.20.0.tar.gz", size = 1 }\nwheels = [{ url = "https://x/${wheel}", size = 1 }]\n`;

  it('judges transitive packages from the lock, and the lock entry replaces the declared range', () => {
    const p = project({ 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["pydantic>=2"]\n', 'uv.lock': uv('pydantic_core-2.20.0-cp312-cp312-manylinux_2_17_x86_64.whl') });
    const report = evaluateAlpine(p, { arch: 'x86_64', pythonVersion: '3.12' });
    expect(report.packages.map((x) => [x.key, x.specifier, x.file, x.status, x.evidence])).toEqual([
      ['pydantic', '==2.8.0', 'uv.lock', 'pure', 'lock'],
      ['pydantic-core', '==2.20.0', 'uv.lock', 'build', 'lock'],
    ]);
    expect(report.packages[1].advice).toContain('pip compiles it from pydantic_core-2.20.0.tar.gz');
    expect(report.verdict).toBe('avoid');
  });

  it('a musllinux wheel in the lock makes it ok', () => {
    const p = project({ 'uv.lock': uv('pydantic_core-2.20.0-cp312-cp312-musllinux_1_1_x86_64.whl') });
    expect(evaluateAlpine(p, { arch: 'x86_64', pythonVersion: '3.12' }).packages.map((x) => x.status)).toEqual(['pure', 'wheel']);
    expect(evaluateAlpine(p, { arch: 'aarch64', pythonVersion: '3.12' }).packages.map((x) => x.status)).toEqual(['pure', 'build']);
    expect(evaluateAlpine(p, { arch: 'x86_64', pythonVersion: '3.13' }).packages.map((x) => x.status)).toEqual(['pure', 'build']);
  });

  it('Pipfile.lock lists no files: the catalog answers', () => {
    const p = project({ 'Pipfile.lock': '{"default": {"numpy": {"version": "==2.1.0"}, "acme-unknown": {"version": "==1.0"}}, "develop": {}}' });
    const report = evaluateAlpine(p, { arch: 'x86_64', pythonVersion: '3.12' });
    expect(report.packages.map((x) => [x.key, x.evidence])).toEqual([
      ['numpy', 'catalog'],
      // Nothing answered for it: unknown has no evidence.
      ['acme-unknown', null],
    ]);
    expect(report.packages.find((x) => x.key === 'numpy')!.status).toBe('wheel');
  });
});
