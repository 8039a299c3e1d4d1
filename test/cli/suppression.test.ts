// One suppression reader for audit and split (issue 17 items 2 and 11), and unused-ignore (issue 18).
import { describe, expect, it } from 'vitest';
import { parseIgnoreNames, suppresses } from '../../src/parse/suppression.js';
import { project, slimreq } from './helpers.js';

interface JsonFinding {
  code: string;
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

function audit(files: Record<string, string>): JsonFinding[] {
  const r = slimreq(['audit', project(files), '--format', 'json', '--fail-on', 'never']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).findings as JsonFinding[];
}

const where = (fs: JsonFinding[]): string[] => fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);

describe('parseIgnoreNames', () => {
  it.each([
    [' slimreq: ignore[SR101]', ['SR101']],
    ['slimreq: ignore[sr101, Dev-Tool-In-Production]', ['sr101', 'Dev-Tool-In-Production']],
    [' slimreq ignore=SR101, dev-tool-in-production', ['SR101', 'dev-tool-in-production']],
    [' pinned for py3.8; slimreq: ignore[all]', ['all']],
    [' SLIMREQ: IGNORE[ALL]', ['ALL']],
    [' slimreq:ignore[ SR101 ,SR102 ]', ['SR101', 'SR102']],
    [' slimreq: ignore[SR101] keeps the REPL in the image', ['SR101']],
    [' slimreq ignore SR101', null],
    [' hadolint ignore=DL3008', null],
    [' notslimreq: ignore[SR101]', null],
  ])('%j -> %j', (comment, names) => {
    expect(parseIgnoreNames(comment)).toEqual(names);
  });

  it('matches names and codes in any case, and all', () => {
    const rule = { code: 'SR101', name: 'dev-tool-in-production' };
    expect(suppresses(['sr101'], rule)).toBe(true);
    expect(suppresses(['DEV-TOOL-IN-PRODUCTION'], rule)).toBe(true);
    expect(suppresses(['All'], rule)).toBe(true);
    expect(suppresses(['SR102'], rule)).toBe(false);
  });
});

const REQUIREMENTS = [
  'flask==3.0.3',
  'pytest==8  # slimreq: ignore[sr101]',
  'black  # slimreq: ignore[all]',
  '# slimreq ignore=Dev-Tool-In-Production',
  'mypy',
  '# slimreq ignore=SR102, dev-tool-in-production',
  'ruff',
  'isort  # slimreq ignore=SR101',
  'coverage',
  '',
].join('\n');

describe('audit and split read the same suppressions', () => {
  it('audit: every form suppresses; the unsuppressed dev tool is still reported', () => {
    const fs = audit({ 'requirements.txt': REQUIREMENTS });
    expect(where(fs.filter((f) => f.rule === 'dev-tool-in-production'))).toEqual(['requirements.txt:9:1 dev-tool-in-production']);
  });

  it('split: suppressed lines stay in requirements.txt', () => {
    const root = project({ 'requirements.txt': REQUIREMENTS });
    const r = slimreq(['split', 'requirements.txt', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    const moved = (JSON.parse(r.stdout) as { moved: { name: string }[] }).moved.map((m) => m.name);
    expect(moved).toEqual(['coverage']);
  });

  it('split pyproject.toml: an entry suppressed with ignore[all] stays', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = [\n  "flask",\n  "pytest",  # slimreq: ignore[all]\n  "black",  # slimreq: ignore[SR101]\n]\n',
    });
    const r = slimreq(['split', 'pyproject.toml', '--check'], { cwd: root });
    expect(r.code).toBe(0);
    const fs = audit({
      'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = [\n  "flask",\n  "pytest",  # slimreq: ignore[all]\n  "mypy",\n]\n',
    });
    expect(where(fs.filter((f) => f.rule === 'dev-tool-in-production'))).toEqual(['pyproject.toml:7:4 dev-tool-in-production']);
  });
});

describe('inline ignores on -r/-c lines and on lines pip rejects (issue 17 item 11)', () => {
  it('suppresses dev-requirements-included-in-production on the -r line, include-not-found from the line above, a parse error inline', () => {
    const fs = audit({
      'requirements.txt': [
        'flask==3.0.3',
        '-r requirements-dev.txt  # slimreq: ignore[SR102]',
        '# slimreq: ignore[include-not-found]',
        '-r missing.txt',
        '-c also-missing.txt  # slimreq: ignore[SR004]',
        'requests = 2.0  # slimreq: ignore[manifest-parse-error]',
        '',
      ].join('\n'),
      'requirements-dev.txt': 'black==24.8.0\n',
    });
    expect(where(fs.filter((f) => f.file === 'requirements.txt'))).toEqual([]);
  });

  it('without the comments, the same file has those findings', () => {
    const fs = audit({
      'requirements.txt': 'flask==3.0.3\n-r requirements-dev.txt\n-r missing.txt\nrequests = 2.0\n',
      'requirements-dev.txt': 'black==24.8.0\n',
    });
    expect(where(fs.filter((f) => f.file === 'requirements.txt')).map((w) => w.replace(/:\d+ /, ' '))).toEqual([
      'requirements.txt:2 dev-requirements-included-in-production',
      'requirements.txt:3 include-not-found',
      'requirements.txt:4 manifest-parse-error',
    ]);
  });
});

describe('unused-ignore', () => {
  it('reports an unknown code, a name that suppresses nothing, and a comment with nothing below it; used ones are quiet', () => {
    const fs = audit({
      'requirements.txt': [
        'requests==2.32.3  # slimreq: ignore[SR999]',
        'flask==3.0.3  # slimreq: ignore[dev-tool-in-production]',
        'pytest==8.3.2  # slimreq: ignore[SR101, SR102]',
        '# slimreq ignore=all',
        '',
        'gunicorn==22.0.0',
        '',
      ].join('\n'),
    });
    const unused = fs.filter((f) => f.rule === 'unused-ignore');
    expect(unused.map((f) => `${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`)).toEqual([
      '1:19 info SR006 `SR999` is not a slimreq rule: the ignore comment suppresses nothing under that name',
      '2:15 info SR006 ignore[dev-tool-in-production] suppresses nothing: no such finding on line 2',
      '3:16 info SR006 ignore[SR102] suppresses nothing: no such finding on line 3',
      '4:1 info SR006 ignore[all] suppresses nothing: no such finding on line 5',
    ]);
  });

  it('a Dockerfile suppression that matches nothing is reported too', () => {
    const fs = audit({ Dockerfile: '# slimreq ignore=full-base-image\nFROM python:3.12-slim\n' });
    expect(where(fs.filter((f) => f.rule === 'unused-ignore'))).toEqual(['Dockerfile:2:1 unused-ignore']);
  });

  it('--ignore unused-ignore silences it', () => {
    const root = project({ 'requirements.txt': 'requests  # slimreq: ignore[SR999]\n' });
    const r = slimreq(['audit', root, '--format', 'json', '--ignore', 'unused-ignore']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});
