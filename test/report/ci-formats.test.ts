import { describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../src/model.js';
import { renderGitlab, GITLAB_SEVERITY } from '../../src/report/gitlab.js';
import { renderConcise } from '../../src/report/concise.js';
import { renderText, wrap } from '../../src/report/text.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderJson } from '../../src/report/json.js';
import { sarifSchemaMissing, sarifValidator } from '../support/sarif-schema.js';

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

function result(findings: Finding[], root = '/repo/services/api'): AuditResult {
  return { version: 1, root, files: [], requirements: [], requirementCount: 0, findings, rules: [] };
}

const grouped = finding({
  fingerprint: 'a'.repeat(32),
  related: [{ file: 'requirements.txt', line: 9, column: 1, message: 'pytest again' }],
});

describe('GitLab Code Quality', () => {
  // The fields GitLab documents as required for a Code Quality report entry.
  it('writes description, check_name, fingerprint, severity, location.path and location.lines.begin', () => {
    const doc = JSON.parse(
      renderGitlab(result([grouped, finding({ severity: 'error', code: 'SR402', rule: 'dockerignore-missing-entry', package: null, file: '.dockerignore', line: 0, fix: 'add `.env`' })]), { pathPrefix: 'services/api' }),
    ) as Record<string, unknown>[];
    expect(Array.isArray(doc)).toBe(true);
    expect(doc).toHaveLength(2);
    for (const issue of doc) {
      expect(Object.keys(issue).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity', 'type']);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(typeof issue.fingerprint).toBe('string');
    }
    const [dockerignore, requirements] = doc as { location: { path: string; lines: { begin: number } }; severity: string; description: string; check_name: string; fingerprint: string }[];
    expect(dockerignore.location).toEqual({ path: 'services/api/.dockerignore', lines: { begin: 1 } });
    expect(dockerignore.severity).toBe('critical');
    expect(dockerignore.description).toContain('(fix: add `.env`)');
    expect(requirements.check_name).toBe('SR101 dev-tool-in-production');
    expect(requirements.fingerprint).toBe('a'.repeat(32));
    expect(requirements.severity).toBe(GITLAB_SEVERITY.warning);
  });

  it('fingerprints findings that come without one, distinctly', () => {
    const doc = JSON.parse(renderGitlab(result([finding({}), finding({ package: 'black' })]))) as { fingerprint: string }[];
    expect(doc[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(doc[0].fingerprint).not.toBe(doc[1].fingerprint);
  });

  it('is an empty array when clean', () => {
    expect(JSON.parse(renderGitlab(result([])))).toEqual([]);
  });
});

describe('concise format', () => {
  it('prints path:line:col: CODE [severity] message, related places on their own lines', () => {
    expect(renderConcise(result([grouped, finding({ file: 'Dockerfile', line: 3, column: 5, code: 'SR308', severity: 'info', package: null, message: 'a\nb' })]), { pathPrefix: 'services/api' })).toBe(
      'services/api/Dockerfile:3:5: SR308 [info] a b\n' +
        'services/api/requirements.txt:2:1: SR101 [warning] pytest is a test tool\n' +
        'services/api/requirements.txt:9:1: SR101 [warning] (same cause) pytest again\n',
    );
  });
  it('prints nothing when clean', () => {
    expect(renderConcise(result([]))).toBe('');
  });
});

describe('text format', () => {
  it('wraps long messages under their column and never breaks a word', () => {
    const long = finding({ message: `${'word '.repeat(40)}/a/very/long/path/that/stays/whole/${'x'.repeat(90)}` });
    const text = renderText(result([long]), { color: false, width: 80 });
    const lines = text.split('\n');
    const body = lines.slice(1, lines.indexOf(''));
    expect(body.length).toBeGreaterThan(2);
    for (const line of body) if (!line.includes('/a/very/long')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain(`/a/very/long/path/that/stays/whole/${'x'.repeat(90)}`);
    expect(body.slice(1).every((line) => line.startsWith(' '.repeat(2 + 3 + 2 + 7 + 2)))).toBe(true);
    expect(body.join(' ')).toContain('dev-tool-in-production (SR101)');
  });
  it('lists the other places of a grouped finding', () => {
    expect(renderText(result([grouped]), { color: false })).toContain('also: line 9 (same cause)');
  });
  it('wrap keeps short text on one line', () => {
    expect(wrap('a b c', 10)).toEqual(['a b c']);
    expect(wrap('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
  });
});

describe('fingerprints and related places in JSON and SARIF', () => {
  it('JSON carries fingerprint and related', () => {
    const doc = JSON.parse(renderJson({ ...result([grouped]), requirements: [] })) as { findings: { fingerprint: string; related: unknown[] }[] };
    expect(doc.findings[0].fingerprint).toBe('a'.repeat(32));
    expect(doc.findings[0].related).toEqual(grouped.related);
  });

  it.skipIf(sarifSchemaMissing !== null)('SARIF has partialFingerprints, relatedLocations and repository-relative paths, and validates', () => {
    const log = JSON.parse(renderSarif(result([grouped]), { toolVersion: '0.1.0', helpBaseUri: 'https://example.org/rules.md', repositoryRoot: '/repo' }));
    const run = log.runs[0];
    const res = run.results[0];
    expect(res.partialFingerprints).toEqual({ 'slimreq/v1': 'a'.repeat(32) });
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('services/api/requirements.txt');
    expect(res.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('services/api/requirements.txt');
    expect(res.relatedLocations[0].physicalLocation.region.startLine).toBe(9);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
    const validate = sarifValidator()!;
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });
});
