import { pathToFileURL } from 'node:url';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, repoRoot, slimreq } from './helpers.js';
import { fixturesDir, lines, runMain, tempDir, text } from './util.js';

import { sarifSchemaMissing, sarifValidator } from '../support/sarif-schema.js';

const validateSarif = sarifValidator()!;

/** Every project folder under fixtures/. */
const FIXTURES = readdirSync(fixturesDir)
  .filter((name) => statSync(join(fixturesDir, name)).isDirectory())
  .sort();

describe.skipIf(sarifSchemaMissing !== null)('--format sarif on every fixture project', () => {
  it('finds the fixture projects', () => {
    expect(FIXTURES).toEqual(expect.arrayContaining(['alpine-ok', 'alpine-risky', 'cli-bad-input', 'docker-before', 'split-demo', 'webapp']));
  });

  it.each(FIXTURES)('%s: valid SARIF 2.1.0 with one result per finding, at the same places', async (name) => {
    const root = join(fixturesDir, name);
    const sarif = slimreq(['audit', root, '--format', 'sarif', '--fail-on', 'never']);
    expect(sarif.stderr).toBe('');
    expect(sarif.code).toBe(0);
    const log = JSON.parse(sarif.stdout);
    const ok = validateSarif(log);
    expect(ok ? [] : validateSarif.errors).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);

    const json = JSON.parse((await runMain(['audit', root, '--format', 'json', '--fail-on', 'never'])).stdout);
    const results = log.runs[0].results as {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
    const level = { error: 'error', warning: 'warning', info: 'note' } as Record<string, string>;
    // Paths are relative to %SRCROOT% (the repository root when the fixture sits in a git checkout).
    const srcroot = log.runs[0].originalUriBaseIds['%SRCROOT%'].uri as string;
    const fromSarif = results.map((r) => {
      const loc = r.locations[0].physicalLocation;
      return `${decodeURIComponent(new URL(loc.artifactLocation.uri, srcroot).href)}:${loc.region.startLine}:${loc.region.startColumn} ${r.ruleId} ${r.level}`;
    });
    const fromJson = json.findings.map(
      (f: { file: string; line: number; column: number; code: string; severity: string }) =>
        `${decodeURIComponent(pathToFileURL(join(root, f.file)).href)}:${f.line}:${f.column} ${f.code} ${level[f.severity]}`,
    );
    expect(fromSarif.sort()).toEqual(fromJson.sort());
    // every result's rule is described in the driver
    const ids = new Set(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id));
    for (const r of results) expect(ids.has(r.ruleId)).toBe(true);
  });

  it('percent-encodes paths with spaces and non-ASCII characters', () => {
    const log = JSON.parse(slimreq(['audit', join(fixturesDir, 'cli-bad-input'), '--format', 'sarif']).stdout);
    const uris = log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris.some((u: string) => u === 'requirements/prod%20%C3%BC%20space.txt' || u.endsWith('/requirements/prod%20%C3%BC%20space.txt'))).toBe(true);
  });
  // Regression (fixed): the suggested fix command does not quote a path with spaces, so the command it prints
  // (`slimreq split requirements/prod ü space.txt --write`) splits three wrong arguments when pasted.
  it('the fix command quotes a path with spaces', async () => {
    const doc = JSON.parse((await runMain(['audit', join(fixturesDir, 'cli-bad-input'), '--format', 'json'])).stdout);
    const finding = doc.findings.find((f: { file: string }) => f.file === 'requirements/prod ü space.txt');
    expect(finding.fix).not.toContain('slimreq split requirements/prod ü space.txt --write');
    expect(finding.fix).toMatch(/slimreq split (['"])requirements\/prod ü space\.txt\1 --write/);
  });
});

describe('--format github', () => {
  it('one workflow command per finding, sorted, then a summary line', () => {
    const root = project({ 'requirements.txt': 'flask\npytest==8\nipython\n', 'tools/requirements.txt': 'black\n' });
    const r = slimreq(['audit', root, '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      '::warning file=requirements.txt,line=2,col=1,title=SR101 dev-tool-in-production::pytest is a development tool (test runner) in the production set; the image does not need it%0AFix: move it to requirements-dev.txt (`slimreq split requirements.txt --write`)',
      '::notice file=requirements.txt,line=3,col=1,title=SR101 dev-tool-in-production::ipython is usually a development tool (repl) in the production set; keep it only if the application imports it at run time%0AFix: if nothing imports it at run time: `slimreq split requirements.txt --move ipython --write`',
      '::warning file=tools/requirements.txt,line=1,col=1,title=SR101 dev-tool-in-production::black is a development tool (formatter) in the production set; the image does not need it%0AFix: move it to tools/requirements-dev.txt (`slimreq split tools/requirements.txt --write`)',
      'slimreq: 3 problems (0 errors, 2 warnings, 1 info) in 2 files',
    ]);
  });

  it('errors use ::error; a clean project prints only the summary', () => {
    const r = slimreq(['audit', join(fixturesDir, 'cli-bad-input'), '--format', 'github']);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out).toContain('::error file=fixtures/cli-bad-input/svc/requirements.txt,line=2,col=4,title=SR001 unreadable-manifest::file is not valid UTF-8; save it as UTF-8');
    expect(out).toContain('::error file=fixtures/cli-bad-input/worker.Dockerfile,line=2,col=1,title=SR001 unreadable-manifest::file looks binary (contains a NUL byte); expected text');
    // properties escape ':' and ','; data escapes '%' and newlines
    expect(out.every((l) => l.startsWith('::') || l.startsWith('slimreq: '))).toBe(true);
    // Paths are relative to the repository root (GITHUB_WORKSPACE, else the git checkout the folder is
    // in, else the current folder), where GitHub attaches annotations.
    const fromFixture = slimreq(['audit', '.', '--format', 'github'], { cwd: join(fixturesDir, 'cli-bad-input') });
    const expected = existsSync(join(repoRoot, '.git')) ? 'fixtures/cli-bad-input/svc/requirements.txt' : 'svc/requirements.txt';
    expect(lines(fromFixture.stdout)).toContain(`::error file=${expected},line=2,col=4,title=SR001 unreadable-manifest::file is not valid UTF-8; save it as UTF-8`);
    const outsideRepository = project({ 'svc/requirements.txt': 'pytest==8\n' });
    expect(slimreq(['audit', '.', '--format', 'github'], { cwd: outsideRepository }).stdout).toContain('::warning file=svc/requirements.txt,line=1,col=1');
    const inWorkspace = slimreq(['audit', join(fixturesDir, 'cli-bad-input'), '--format', 'github'], { env: { GITHUB_WORKSPACE: fixturesDir } });
    expect(lines(inWorkspace.stdout)).toContain('::error file=cli-bad-input/svc/requirements.txt,line=2,col=4,title=SR001 unreadable-manifest::file is not valid UTF-8; save it as UTF-8');
    const clean = slimreq(['audit', join(fixturesDir, 'docker-after'), '--format', 'github']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('slimreq: no problems found\n');
  });
});

describe('--output FILE', () => {
  it.each(['text', 'json', 'sarif', 'github'])('%s: writes the report to the file and prints nothing', async (format) => {
    const root = join(fixturesDir, 'webapp');
    const dir = tempDir();
    const out = join(dir, `report.${format}`);
    const r = slimreq(['audit', root, '--format', format, '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(text(out)).toBe((await runMain(['audit', root, '--format', format])).stdout);
    expect(readdirSync(dir)).toEqual([`report.${format}`]);
  });

  it('text to a file has no colour even with FORCE_COLOR', () => {
    const dir = tempDir();
    const r = slimreq(['audit', join(fixturesDir, 'webapp'), '--output', join(dir, 'r.txt')], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(r.code).toBe(1);
    expect(text(join(dir, 'r.txt'))).not.toMatch(/\u001b\[/);
  });

  it('an --output in a folder that does not exist: exit 2, no stack trace', () => {
    const dir = tempDir();
    const r = slimreq(['audit', join(fixturesDir, 'webapp'), '--output', join(dir, 'no/such/dir/r.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^slimreq: cannot write /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});
