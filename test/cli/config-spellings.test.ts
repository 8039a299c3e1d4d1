// Configuration read from the parsed TOML, whatever its spelling; patterns that work; a BOM reported
// as tomllib reports it (issue 17 items 12, 13 and "Also").
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, slimreq } from './helpers.js';

const PROJECT = '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask", "pytest"]\n';

function findings(root: string): { rule: string; file: string; line: number; column: number; message: string }[] {
  const r = slimreq(['audit', root, '--format', 'json', '--fail-on', 'never']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout).findings;
}

describe('[tool.slimreq] in every TOML spelling', () => {
  it.each([
    ['[tool.slimreq]', '[tool.slimreq]\nignore = ["dev-tool-in-production"]\n'],
    ['[tool] + slimreq = {...}', '[tool]\nslimreq = { ignore = ["dev-tool-in-production"] }\n'],
    ['top-level dotted key', 'tool.slimreq.ignore = ["dev-tool-in-production"]\n'],
    ['[tool."slimreq"]', '[tool."slimreq"]\nignore = ["SR101"]\n'],
    ['[ tool . slimreq ] with spaces', '[ tool . slimreq ]\nignore = ["SR101"]\n'],
  ])('%s is read', (_, config) => {
    const toml = config.startsWith('tool.') ? `${config}${PROJECT}` : `${PROJECT}${config}`;
    const root = project({ 'pyproject.toml': toml });
    expect(findings(root).filter((f) => f.rule === 'dev-tool-in-production')).toEqual([]);
    // and the same spelling with an unknown key is an error with file:line:column, exit 2
    const bad = project({ 'pyproject.toml': toml.replace(/ignore/, 'ignroe') });
    const r = slimreq(['audit', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pyproject\.toml:\d+:\d+: Unknown key 'ignroe'/);
  });

  it('a pyproject.toml without slimreq settings is not a configuration', () => {
    const root = project({ 'pyproject.toml': `${PROJECT}[tool.black]\nline-length = 100\n` });
    expect(findings(root).filter((f) => f.rule === 'dev-tool-in-production')).toHaveLength(1);
  });
});

describe('patterns and switches that were accepted but inert', () => {
  it('runtime-packages takes prefix patterns: ipy* keeps ipython and ipykernel', () => {
    const root = project({
      'requirements.txt': 'ipython==8.26.0\nipykernel==6.29.5\npytest==8.3.2\n',
      '.slimreq.toml': 'runtime-packages = ["ipy*"]\n',
    });
    expect(findings(root).filter((f) => f.rule === 'dev-tool-in-production').map((f) => f.line)).toEqual([3]);
  });

  it('[split] link = false: the dev file gets no -r line', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\npytest==8.3.2\n', '.slimreq.toml': '[split]\nlink = false\n' });
    const r = slimreq(['split', 'requirements.txt', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, 'requirements-dev.txt'), 'utf8')).toBe('pytest==8.3.2\n');
    // --link on the command line still wins
    const root2 = project({ 'requirements.txt': 'flask==3.0.3\npytest==8.3.2\n', '.slimreq.toml': '[split]\nlink = false\n' });
    slimreq(['split', 'requirements.txt', '--write', '--link', 'requirement'], { cwd: root2 });
    expect(readFileSync(join(root2, 'requirements-dev.txt'), 'utf8')).toBe('-r requirements.txt\n\npytest==8.3.2\n');
  });

  it('./path patterns in exclude and per-file-ignores match', () => {
    const files = {
      'legacy/requirements.txt': 'pytest==8.3.2\n',
      'tools/requirements.txt': 'black==24.8.0\n',
      'requirements.txt': 'mypy==1.11.1\n',
      '.slimreq.toml': 'exclude = ["./legacy/"]\n[per-file-ignores]\n"./tools/**" = ["dev-tool-in-production"]\n',
    };
    expect(findings(project(files)).filter((f) => f.rule === 'dev-tool-in-production').map((f) => f.file)).toEqual(['requirements.txt']);
  });
});

describe('a pyproject.toml with a BOM', () => {
  it('tomllib rejects it, and so does the audit (manifest-parse-error at 1:1)', () => {
    const content = `\ufeff${PROJECT}`;
    const py = spawnSync('python3', ['-c', 'import sys, tomllib\ntry:\n    tomllib.loads(sys.stdin.read())\n    print("ok")\nexcept tomllib.TOMLDecodeError as e:\n    print(e)'], { input: content, encoding: 'utf8' });
    if (py.status === 0) expect(py.stdout.trim()).toBe('Invalid statement (at line 1, column 1)');
    const fs = findings(project({ 'pyproject.toml': content }));
    expect(fs.filter((f) => f.rule === 'manifest-parse-error').map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['pyproject.toml:1:1']);
    // the rest of the file is still read
    expect(fs.filter((f) => f.rule === 'dev-tool-in-production')).toHaveLength(1);
  });
});
