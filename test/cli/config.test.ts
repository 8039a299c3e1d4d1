import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, slimreq } from './helpers.js';
import { hasStackTrace, lines, runMain } from './util.js';

interface JsonFinding {
  code: string;
  rule: string;
  severity: string;
  file: string;
  line: number;
  package: string | null;
}

/**
 * `file:line package severity` for each finding of the JSON report. The option matrix runs main()
 * in process (the binary's exit codes and messages are checked by the tests that spawn it).
 */
async function audit(root: string, args: string[] = []) {
  const r = await runMain(['audit', root, '--format', 'json', ...args]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  return { code: r.code, findings: doc.findings.map((f) => `${f.file}:${f.line} ${f.package ?? f.rule} ${f.severity}`) };
}

const REPO = {
  'requirements.txt': 'flask\npytest==8\nipython\nacme-test-utils\nacme-lint-x\n',
  'tools/requirements.txt': 'black\n',
  'legacy/requirements.txt': 'mypy\n',
};

const DEFAULT_FINDINGS = [
  'legacy/requirements.txt:1 mypy warning',
  'requirements.txt:2 pytest warning',
  'requirements.txt:3 ipython info',
  'tools/requirements.txt:1 black warning',
];

describe('[tool.slimreq] in pyproject.toml', () => {
  it('without configuration: the defaults', async () => {
    const root = project(REPO);
    expect((await audit(root))).toEqual({ code: 1, findings: DEFAULT_FINDINGS });
  });

  it('ignore drops a rule (by code or name)', async () => {
    for (const rule of ['SR101', 'dev-tool-in-production']) {
      const root = project({ ...REPO, 'pyproject.toml': `[tool.slimreq]\nignore = ["${rule}"]\n` });
      expect((await audit(root))).toEqual({ code: 0, findings: [] });
    }
  });

  it('severity override changes the level and the exit code; "off" drops the rule', async () => {
    const info = project({ ...REPO, 'pyproject.toml': '[tool.slimreq.severity]\ndev-tool-in-production = "info"\n' });
    expect((await audit(info))).toEqual({ code: 0, findings: DEFAULT_FINDINGS.map((f) => f.replace(/warning$/, 'info')) });
    const error = project({ ...REPO, 'pyproject.toml': '[tool.slimreq.severity]\nSR101 = "error"\n' });
    expect((await audit(error, ['--fail-on', 'error'])).code).toBe(1);
    expect((await audit(error)).findings.filter((f) => f.endsWith(' error'))).toHaveLength(4);
    const off = project({ ...REPO, 'pyproject.toml': '[tool.slimreq.severity]\ndev-tool-in-production = "off"\n' });
    expect((await audit(off))).toEqual({ code: 0, findings: [] });
  });

  it('per-file-ignores silences a rule under a pattern only', async () => {
    const root = project({ ...REPO, 'pyproject.toml': '[tool.slimreq.per-file-ignores]\n"tools/**" = ["dev-tool-in-production"]\n' });
    expect((await audit(root)).findings).toEqual(DEFAULT_FINDINGS.filter((f) => !f.startsWith('tools/')));
  });

  it('fail-on decides the exit code', async () => {
    expect((await audit(project({ ...REPO, 'pyproject.toml': '[tool.slimreq]\nfail-on = "error"\n' }))).code).toBe(0);
    expect((await audit(project({ ...REPO, 'pyproject.toml': '[tool.slimreq]\nfail-on = "never"\n' }))).code).toBe(0);
    const onlyInfo = { 'requirements.txt': 'ipython\n' };
    expect((await audit(project(onlyInfo))).code).toBe(0);
    expect((await audit(project({ ...onlyInfo, 'pyproject.toml': '[tool.slimreq]\nfail-on = "info"\n' }))).code).toBe(1);
  });

  it('dev-packages (with globs) become dev tools; runtime-packages never are', async () => {
    const root = project({
      ...REPO,
      'pyproject.toml': '[tool.slimreq]\ndev-packages = ["acme-test-utils", "acme-lint-*"]\nruntime-packages = ["ipython"]\n',
    });
    expect((await audit(root)).findings).toEqual([
      'legacy/requirements.txt:1 mypy warning',
      'requirements.txt:2 pytest warning',
      'requirements.txt:4 acme-test-utils warning',
      'requirements.txt:5 acme-lint-x warning',
      'tools/requirements.txt:1 black warning',
    ]);
  });

  it('dev-packages also drive split', async () => {
    const root = project({ 'requirements.txt': 'flask\nacme-test-utils==1.0\n', 'pyproject.toml': '[tool.slimreq]\ndev-packages = ["acme-test-utils"]\n' });
    const r = slimreq(['split'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-acme-test-utils==1.0\n');
  });

  it('exclude skips paths in discovery', async () => {
    const root = project({ ...REPO, 'pyproject.toml': '[tool.slimreq]\nexclude = ["legacy/", "tools/**"]\n' });
    expect((await audit(root)).findings).toEqual(['requirements.txt:2 pytest warning', 'requirements.txt:3 ipython info']);
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual(['pyproject.toml', 'requirements.txt']);
  });

  it('a pyproject.toml without [tool.slimreq] is not configuration', async () => {
    const root = project({ ...REPO, 'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n' });
    expect((await audit(root))).toEqual({ code: 1, findings: DEFAULT_FINDINGS });
  });
});

describe('.slimreq.toml and --config', () => {
  const TOP_LEVEL = 'fail-on = "error"\nignore = ["SR101"]\n';

  it('.slimreq.toml in the root, keys at the top level', async () => {
    const root = project({ ...REPO, '.slimreq.toml': TOP_LEVEL });
    expect((await audit(root))).toEqual({ code: 0, findings: [] });
  });

  it('--config FILE is read instead of the root configuration', async () => {
    const root = project({ ...REPO, '.slimreq.toml': 'ignore = ["SR101"]\n', 'ci/slimreq.toml': 'exclude = ["legacy/"]\n' });
    // only the explicit file counts: SR101 is back, legacy/ is gone
    expect((await audit(root, ['--config', join(root, 'ci/slimreq.toml')])).findings).toEqual(DEFAULT_FINDINGS.filter((f) => !f.startsWith('legacy/')));
  });

  it('--config FILE relative to the working directory', async () => {
    const root = project({ ...REPO, 'ci/slimreq.toml': 'ignore = ["SR101"]\n' });
    const r = slimreq(['audit', '.', '--format', 'json', '--config', 'ci/slimreq.toml'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });

  it('--config that does not exist: exit 2', async () => {
    const root = project(REPO);
    const r = slimreq(['audit', '.', '--config', 'nope.toml'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^slimreq: \S*nope\.toml: file not found\n$/);
  });
});

describe('invalid configuration: exit 2 with file:line:col', () => {
  it('unknown key with a suggestion, invalid value', async () => {
    const root = project({ ...REPO, 'pyproject.toml': '[project]\nname = "x"\n\n[tool.slimreq]\nfail-on = "eror"\nignroe = ["x"]\n' });
    const r = slimreq(['audit', '.'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      'slimreq: invalid configuration:',
      "  pyproject.toml:5:11: Invalid value 'eror' for 'fail-on'; expected one of: error, warning, info, never",
      "  pyproject.toml:6:1: Unknown key 'ignroe' in [tool.slimreq]; did you mean 'ignore'?",
    ]);
  });

  it('wrong type', async () => {
    const root = project({ ...REPO, '.slimreq.toml': '# config\nignore = "SR101"\n' });
    const r = slimreq(['audit', '.'], { cwd: root });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['slimreq: invalid configuration:', "  .slimreq.toml:2:10: 'ignore' must be an array of rule names or codes, got a string"]);
  });

  it('unknown rule name in ignore, severity and per-file-ignores', async () => {
    const root = project({
      ...REPO,
      '.slimreq.toml': 'ignore = ["no-such-rule"]\n[severity]\nSR999 = "error"\n[per-file-ignores]\n"a/**" = ["dev-tool"]\n',
    });
    const r = slimreq(['audit', '.'], { cwd: root });
    expect(r.code).toBe(2);
    const err = lines(r.stderr);
    expect(err[0]).toBe('slimreq: invalid configuration:');
    expect(err.slice(1).map((l) => /^ {2}(\.slimreq\.toml:\d+:\d+): /.exec(l)?.[1])).toEqual(['.slimreq.toml:1:11', '.slimreq.toml:3:1', '.slimreq.toml:5:11']);
  });

  it('wrong severity value and unknown alpine key', async () => {
    const root = project({ ...REPO, '.slimreq.toml': '[severity]\nfull-base-image = "fatal"\n[alpine]\narc = "aarch64"\n' });
    const r = slimreq(['audit', '.'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.slimreq\.toml:2:\d+: /);
    expect(r.stderr).toMatch(/\.slimreq\.toml:4:1: Unknown key 'arc'/);
  });

  it('malformed TOML in the configuration', async () => {
    const root = project({ ...REPO, '.slimreq.toml': 'ignore = [\n' });
    const r = slimreq(['audit', '.'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.slimreq\.toml:\d+:\d+: /);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('every command that reads configuration refuses an invalid one', async () => {
    const root = project({ ...REPO, '.slimreq.toml': 'bogus = 1\n' });
    for (const args of [['audit', '.'], ['split'], ['alpine', '.'], ['fix', 'dockerignore'], ['dockerfile']]) {
      const r = slimreq(args, { cwd: root });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain(".slimreq.toml:1:1: Unknown key 'bogus'");
    }
  });
});

describe('command-line flags win over the file', () => {
  const CONFIG = '[tool.slimreq]\nfail-on = "never"\nignore = ["merge-consecutive-runs"]\nexclude = ["legacy/"]\n';

  it('--fail-on over fail-on', async () => {
    const root = project({ ...REPO, 'pyproject.toml': CONFIG });
    expect((await audit(root)).code).toBe(0);
    expect((await audit(root, ['--fail-on', 'warning'])).code).toBe(1);
  });

  it('--ignore replaces ignore', async () => {
    const root = project({ ...REPO, 'pyproject.toml': '[tool.slimreq]\nignore = ["SR101"]\n' });
    expect((await audit(root)).findings).toEqual([]);
    expect((await audit(root, ['--ignore', 'merge-consecutive-runs'])).findings).toEqual(DEFAULT_FINDINGS);
  });

  it('--exclude replaces exclude', async () => {
    const root = project({ ...REPO, 'pyproject.toml': CONFIG });
    expect((await audit(root)).findings).toEqual(DEFAULT_FINDINGS.filter((f) => !f.startsWith('legacy/')));
    expect((await audit(root, ['--exclude', 'tools/'])).findings).toEqual(DEFAULT_FINDINGS.filter((f) => !f.startsWith('tools/')));
  });

  // Regression (fixed): an unknown rule in --ignore is accepted silently (exit 1, all findings reported), while the
  // same name in `ignore` of the configuration is an error; a typo such as `--ignore SR10` ignores nothing.
  it('--ignore with an unknown rule is a usage error', async () => {
    const root = project(REPO);
    const r = slimreq(['audit', root, '--ignore', 'no-such-rule']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-rule');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
