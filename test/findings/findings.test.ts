import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import {
  applyBaseline,
  assignFingerprints,
  BaselineError,
  groupFindings,
  parseBaseline,
  renderBaseline,
} from '../../src/findings/index.js';
import { audit } from '../../src/audit.js';
import { jsonErrorOffset } from '../../src/findings/baseline.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function finding(over: Partial<Finding>): Finding {
  return {
    code: 'SR101',
    rule: 'dev-tool-in-production',
    severity: 'warning',
    message: 'pytest is a test tool',
    file: 'requirements.txt',
    line: 2,
    column: 1,
    package: 'pytest',
    ...over,
  };
}

describe('groupFindings: one cause, one finding', () => {
  it('keeps the first place of a package and lists the others as related', () => {
    const grouped = groupFindings([
      finding({ line: 3, message: 'setuptools in extra a' , package: 'setuptools' }),
      finding({ line: 7, message: 'setuptools in extra b', package: 'setuptools' }),
      finding({ line: 9, message: 'setuptools in extra c', package: 'setuptools' }),
    ]);
    expect(grouped).toHaveLength(1);
    expect(grouped[0].line).toBe(3);
    expect(grouped[0].related).toEqual([
      { file: 'requirements.txt', line: 7, column: 1, message: 'setuptools in extra b' },
      { file: 'requirements.txt', line: 9, column: 1, message: 'setuptools in extra c' },
    ]);
  });

  it('does not group different packages, files, rules or severities', () => {
    const grouped = groupFindings([
      finding({}),
      finding({ package: 'black' }),
      finding({ file: 'other.txt' }),
      finding({ rule: 'x', code: 'SR999' }),
      finding({ severity: 'info' }),
    ]);
    expect(grouped).toHaveLength(5);
    expect(grouped.every((f) => f.related === undefined)).toBe(true);
  });

  it('groups the same message within one statement, not different messages on one line', () => {
    const start = (_file: string, line: number) => (line >= 4 && line <= 6 ? 4 : line);
    const pip = { rule: 'pip-cache-in-image', code: 'SR308', package: null, file: 'Dockerfile', message: 'pip keeps its cache' };
    const grouped = groupFindings(
      [
        finding({ ...pip, line: 4, column: 5 }),
        finding({ ...pip, line: 5, column: 9 }),
        finding({ ...pip, line: 6, column: 9 }),
        finding({ ...pip, line: 9, column: 5 }),
        finding({ rule: 'dockerignore-missing-entry', package: null, file: '.dockerignore', line: 1, message: 'add .env' }),
        finding({ rule: 'dockerignore-missing-entry', package: null, file: '.dockerignore', line: 1, message: 'add .git' }),
      ],
      start,
    );
    expect(grouped.map((f) => [f.file, f.line, f.related?.length ?? 0])).toEqual([
      ['Dockerfile', 4, 2],
      ['Dockerfile', 9, 0],
      ['.dockerignore', 1, 0],
      ['.dockerignore', 1, 0],
    ]);
  });

  it('drops exact duplicates', () => {
    const grouped = groupFindings([finding({}), finding({})]);
    expect(grouped).toHaveLength(1);
    expect(grouped[0].related).toBeUndefined();
  });
});

describe('fingerprints', () => {
  it('do not depend on the line number, only on rule, file and subject', () => {
    const [a] = assignFingerprints([finding({ line: 2 })]);
    const [b] = assignFingerprints([finding({ line: 40, message: 'pytest is a test tool (moved)' })]);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    const [c] = assignFingerprints([finding({ package: 'black' })]);
    const [d] = assignFingerprints([finding({ file: 'requirements/base.txt' })]);
    expect(new Set([a.fingerprint, c.fingerprint, d.fingerprint]).size).toBe(3);
  });

  it('use the flagged line text when there is no package, and tell repeats apart by order', () => {
    const subjects = new Map([['Dockerfile', new Map([[3, 'RUN  pip install -r requirements.txt'], [9, 'RUN pip install -r requirements.txt'], [12, 'RUN apt-get update']])]]);
    const base = { rule: 'pip-cache-in-image', code: 'SR308', package: null, file: 'Dockerfile', message: 'pip keeps its cache (Dockerfile:3)' };
    const [first, second, other] = assignFingerprints(
      [finding({ ...base, line: 3 }), finding({ ...base, line: 9 }), finding({ ...base, line: 12 })],
      subjects,
    );
    expect(first.fingerprint).not.toBe(second.fingerprint);
    expect(other.fingerprint).not.toBe(first.fingerprint);
    // The same instruction moved down by five lines, with extra spaces: the same fingerprint.
    const moved = new Map([['Dockerfile', new Map([[8, 'RUN pip install   -r requirements.txt']])]]);
    const [again] = assignFingerprints([finding({ ...base, line: 8, message: 'pip keeps its cache (Dockerfile:8)' })], moved);
    expect(again.fingerprint).toBe(first.fingerprint);
  });
});

describe('baseline', () => {
  const fps = (findings: Finding[]) => assignFingerprints(findings);

  it('round-trips and hides exactly the recorded findings', () => {
    const old = fps([finding({}), finding({ package: 'black', line: 3 })]);
    const baseline = parseBaseline(renderBaseline(old), 'baseline.json');
    expect(baseline.findings).toHaveLength(2);
    const now = fps([finding({ line: 10 }), finding({ package: 'mypy', line: 11 })]);
    const outcome = applyBaseline(now, baseline);
    expect(outcome.findings.map((f) => f.package)).toEqual(['mypy']);
    expect(outcome.suppressed).toBe(1);
    expect(outcome.stale.map((e) => e.package)).toEqual(['black']);
  });

  it('rejects files that are not baselines, with file:line:column where JSON says where', () => {
    expect(() => parseBaseline('{\n  "version": 1,\n  oops\n}', 'b.json')).toThrow(BaselineError);
    expect(() => parseBaseline('{\n  "version": 1,\n  oops\n}', 'b.json')).toThrow(/^b\.json:3:\d+: not a slimreq baseline/);
    expect(() => parseBaseline('[]', 'b.json')).toThrow(/expected a JSON object/);
    expect(() => parseBaseline('{"version": 2, "findings": []}', 'b.json')).toThrow(/unsupported baseline version 2/);
    expect(() => parseBaseline('{"version": 1, "findings": [{"code": "SR101"}]}', 'b.json')).toThrow(/findings\[0\]/);
  });

  it('survives moved lines and unrelated additions in a real audit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slimreq-baseline-'));
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.0\npytest==8.0.0\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n');
    const before = audit(dir).findings;
    expect(before.length).toBeGreaterThan(0);
    const baseline = parseBaseline(renderBaseline(before), 'b.json');
    writeFileSync(join(dir, 'requirements.txt'), '# web\nrequests==2.32.0\n\nflask==3.0.0\n# tests\npytest==8.0.0\n');
    writeFileSync(join(dir, 'Dockerfile'), '# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nWORKDIR /app\n\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n');
    const after = audit(dir).findings;
    expect(applyBaseline(after, baseline).findings.map((f) => `${f.code} ${f.package ?? ''}`)).toEqual([]);
    // A new dev tool is new.
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.0\npytest==8.0.0\nblack==24.1.0\n');
    expect(applyBaseline(audit(dir).findings, baseline).findings.map((f) => f.package)).toContain('black');
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": 1}', null],
    ['{"a": [oops]}', 7],
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a" 1}', 5],
    ['"x', 2],
    ['{} x', 3],
  ])('%j -> %j', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
