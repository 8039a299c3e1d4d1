// End to end over fixtures/docker-before (every Docker rule fires) and fixtures/docker-after
// (the same project fixed with the split requirements, the generated Dockerfiles and .dockerignore).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/load.js';
import { runRules } from '../../../src/audit.js';
import { allRules } from '../../../src/rules/index.js';
import { dockerRules } from '../../../src/rules/docker/index.js';
import { generateDockerfile } from '../../../src/fix/dockerfile.js';
import { fixDockerignore, missingDockerignoreEntries } from '../../../src/fix/dockerignore.js';

const fixture = (name: string) => new URL(`../../../fixtures/${name}`, import.meta.url).pathname;
const everyRule = [...allRules, ...dockerRules.filter((r) => !allRules.some((a) => a.code === r.code))];
const temps: string[] = [];

/** A copy of a fixture with local junk (a virtualenv, bytecode caches) that git never holds. */
function withJunk(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'slimreq-docker-'));
  temps.push(dir);
  cpSync(fixture(name), dir, { recursive: true });
  mkdirSync(join(dir, '.venv', 'bin'), { recursive: true });
  writeFileSync(join(dir, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
  mkdirSync(join(dir, 'app', '__pycache__'), { recursive: true });
  writeFileSync(join(dir, 'app', '__pycache__', 'main.cpython-312.pyc'), '');
  return dir;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('fixtures/docker-before', () => {
  const findings = runRules(loadProject(fixture('docker-before')), { rules: dockerRules });

  it('trips every Dockerfile and .dockerignore rule', () => {
    expect([...new Set(findings.map((f) => f.code))].sort()).toEqual(dockerRules.map((r) => r.code).sort());
  });

  it('reports the checklist at the expected places', () => {
    const at = (code: string) => findings.filter((f) => f.code === code).map((f) => `${f.file}:${f.line}:${f.column}`);
    expect(at('SR301')).toEqual(['Dockerfile:1:1']);
    expect(at('SR302')).toEqual(['Dockerfile:4:5', 'worker.Dockerfile:4:5']);
    expect(at('SR303')).toEqual(['Dockerfile:5:5']);
    expect(at('SR304')).toEqual(['Dockerfile:12:5']);
    expect(at('SR305')).toEqual(['Dockerfile:4:5']);
    expect(at('SR306')).toEqual(['Dockerfile:3:5']);
    expect(at('SR307')).toEqual(['worker.Dockerfile:4:5']);
    expect(at('SR308')).toEqual(['Dockerfile:9:5']);
    expect(at('SR309')).toEqual(['Dockerfile:9:5', 'Dockerfile:9:5', 'worker.Dockerfile:5:5']);
    expect(at('SR310')).toEqual(['Dockerfile:8:1', 'worker.Dockerfile:3:1']);
    expect(at('SR311')).toEqual(['Dockerfile:4:1', 'Dockerfile:5:1', 'Dockerfile:11:1']);
    expect(at('SR401')).toEqual(['Dockerfile:8:1', 'worker.Dockerfile:3:1']);
    expect(at('SR402')).toEqual(['Dockerfile:8:1', 'worker.Dockerfile:3:1']);
    expect(findings.filter((f) => f.code === 'SR402').every((f) => f.severity === 'error' && f.message.includes('`.env`'))).toBe(true);
  });

  it('also names a local virtualenv and bytecode caches when they exist', () => {
    const found = runRules(loadProject(withJunk('docker-before')), { rules: dockerRules }).filter((f) => f.code === 'SR402' && f.file === 'Dockerfile');
    expect(found.map((f) => f.fix).sort()).toEqual(['add `**/__pycache__` to .dockerignore', 'add `.env` to .dockerignore', 'add `.venv` to .dockerignore']);
  });
});

describe('fixtures/docker-after', () => {
  it('audits clean with every rule', () => {
    expect(runRules(loadProject(fixture('docker-after')), { rules: everyRule })).toEqual([]);
  });

  it('stays clean with a local virtualenv and bytecode caches present', () => {
    expect(runRules(loadProject(withJunk('docker-after')), { rules: dockerRules })).toEqual([]);
  });

  it('holds exactly what the emitters produce (regenerating changes nothing)', () => {
    const project = loadProject(fixture('docker-after'));
    for (const path of ['Dockerfile', 'worker.Dockerfile']) {
      expect(generateDockerfile(project, { dockerfilePath: path })).toBe(readFileSync(join(fixture('docker-after'), path), 'utf8'));
    }
    const ignore = readFileSync(join(fixture('docker-after'), '.dockerignore'), 'utf8');
    expect(missingDockerignoreEntries(project, '')).toEqual([]);
    expect(fixDockerignore(ignore, ['.env', '.git'])).toBe(ignore);
  });
});
