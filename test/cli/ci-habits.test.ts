import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, slimreq } from './helpers.js';

const app = {
  'requirements.txt': 'flask==3.0.3\npytest==8.3.2\n',
  Dockerfile: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
  '.dockerignore': '.git\n.venv\n**/__pycache__\n.env\n',
};

describe('audit: concise format and --min-severity', () => {
  it('prints path:line:col: CODE [severity] message, paths openable from the working directory', () => {
    const root = project({ ...app, 'requirements.txt': 'flask==3.0.3\npytest==8.3.2\nipython==8.28.0\n' });
    const r = slimreq(['audit', root, '--format', 'concise', '--fail-on', 'never']);
    const lines = r.stdout.trim().split('\n');
    expect(lines.some((l) => l.startsWith(`${root}/requirements.txt:2:1: SR101 [warning] pytest is a development tool (test runner) in the production set`))).toBe(true);
    for (const line of lines) expect(line).toMatch(/^\/.+:\d+:\d+: SR\d{3} \[(error|warning|info)\] /);
    expect(lines.some((l) => l.includes('[info]'))).toBe(true);
  });

  it('--min-severity hides lower findings but the exit code still counts them', () => {
    const root = project({ 'requirements.txt': 'ipython==8.28.0\n' });
    const shown = slimreq(['audit', root, '--format', 'concise', '--min-severity', 'warning', '--fail-on', 'info']);
    expect(shown.stdout).toBe('');
    expect(shown.code).toBe(1);
    expect(slimreq(['audit', root, '--format', 'concise', '--fail-on', 'info']).stdout).toContain('[info]');
  });
});

describe('audit: paths', () => {
  it('accepts a file: its folder is the project and only its findings are reported', () => {
    const root = project(app);
    const r = slimreq(['audit', join(root, 'Dockerfile'), '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(new Set(doc.findings.map((f: { file: string }) => f.file))).toEqual(new Set(['Dockerfile']));
    const all = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(all.findings.some((f: { file: string }) => f.file === 'requirements.txt')).toBe(true);
  });

  it('accepts several paths and reports paths from the folder that holds them', () => {
    const root = project({ 'a/requirements.txt': 'pytest==8.3.2\n', 'b/requirements.txt': 'black==24.1.0\n' });
    const doc = JSON.parse(slimreq(['audit', join(root, 'a'), join(root, 'b'), '--format', 'json']).stdout);
    expect(doc.findings.map((f: { file: string; package: string }) => `${f.file} ${f.package}`)).toEqual(['a/requirements.txt pytest', 'b/requirements.txt black']);
  });

  it('says so when nothing is there to audit (exit 0); exit 2 when the path cannot be read', () => {
    const root = project({ 'README.md': '# nothing\n' });
    const r = slimreq(['audit', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`slimreq: no manifests, Dockerfiles or .dockerignore found under ${root}\n`);
    expect(slimreq(['audit', join(root, 'missing')]).code).toBe(2);
  });
});

describe('audit: baseline', () => {
  it('records findings, then reports only new ones, across moved and added lines', () => {
    const root = project(app);
    const baseline = join(root, 'slimreq-baseline.json');
    const write = slimreq(['audit', root, '--write-baseline', baseline]);
    expect(write.code).toBe(0);
    expect(write.stderr).toMatch(/wrote \d+ findings? to the baseline/);
    const recorded = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(recorded.version).toBe(1);
    expect(recorded.findings.some((f: { package: string }) => f.package === 'pytest')).toBe(true);

    // Unrelated lines added and the dev tool moved down: still known, exit 0.
    writeFileSync(join(root, 'requirements.txt'), '# web\ngunicorn==23.0.0\nflask==3.0.3\n\n# tests\npytest==8.3.2\n');
    const same = slimreq(['audit', root, '--baseline', baseline, '--format', 'concise']);
    expect(same.stdout).toBe('');
    expect(same.code).toBe(0);
    expect(same.stderr).toMatch(/hid \d+ known findings?/);

    // A new dev tool is reported; the one that went away is listed as stale.
    writeFileSync(join(root, 'requirements.txt'), 'flask==3.0.3\nblack==24.1.0\n');
    const fresh = slimreq(['audit', root, '--baseline', baseline, '--format', 'concise']);
    expect(fresh.code).toBe(1);
    expect(fresh.stdout).toContain('SR101 [warning] black is a development tool');
    expect(fresh.stdout).not.toContain('pytest');
    expect(fresh.stderr).toMatch(/no longer occur.*SR101 requirements\.txt pytest/);
  });

  it('a broken baseline is exit 2 with its file name, never a stack trace', () => {
    const root = project(app);
    writeFileSync(join(root, 'b.json'), '{"version": 1,\n "findings": [oops]}');
    const r = slimreq(['audit', root, '--baseline', join(root, 'b.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b\.json:2:\d+: not a slimreq baseline/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('audit: repository-relative paths for code scanning and GitLab', () => {
  it('SARIF and GitLab paths start at the repository root when a subfolder is audited', () => {
    const root = project({ 'services/api/requirements.txt': 'pytest==8.3.2\n' });
    mkdirSync(join(root, '.git'));
    const sub = join(root, 'services/api');
    const sarif = JSON.parse(slimreq(['audit', sub, '--format', 'sarif']).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('services/api/requirements.txt');
    const gitlab = JSON.parse(slimreq(['audit', sub, '--format', 'gitlab']).stdout);
    expect(gitlab[0].location.path).toBe('services/api/requirements.txt');
    expect(gitlab[0].severity).toBe('major');
  });
});

describe('catalog and alpine accept what users type', () => {
  it('catalog takes a requirement string', () => {
    for (const spec of ['pytest==8.0', 'pytest[testing]>=8 ; python_version > "3"', 'PyTest']) {
      const r = slimreq(['catalog', spec, '--format', 'json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ name: 'pytest', devTool: { certainty: 'always' } });
    }
    const bad = slimreq(['catalog', '==8.0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is neither a package name nor a requirement');
  });

  it("--arch takes Docker's platform names", () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\n' });
    for (const [given, arch] of [['arm64', 'aarch64'], ['linux/arm64', 'aarch64'], ['linux/arm64/v8', 'aarch64'], ['amd64', 'x86_64'], ['linux/amd64', 'x86_64'], ['x86_64', 'x86_64'], ['all', 'all']]) {
      const r = slimreq(['alpine', root, '--arch', given, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).arch).toBe(arch);
    }
    const bad = slimreq(['alpine', root, '--arch', 'sparc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown architecture "sparc"');
  });
});

describe('configuration is found like ruff finds it', () => {
  it('auditing a subfolder reads the repository root configuration, with its paths rebased, and says which file', () => {
    const root = project({
      'pyproject.toml': '[tool.slimreq]\nignore = ["SR101"]\nexclude = ["demos/app/legacy/", "other/"]\n[tool.slimreq.per-file-ignores]\n"demos/app/tools/**" = ["SR102"]\n',
      'demos/app/requirements.txt': 'pytest==8.3.2\n',
      'demos/app/legacy/requirements.txt': 'black==24.1.0\n',
      'demos/app/other/requirements.txt': 'mypy==1.0\n',
    });
    mkdirSync(join(root, '.git'));
    const doc = JSON.parse(slimreq(['audit', join(root, 'demos/app'), '--format', 'json', '--fail-on', 'never']).stdout);
    expect(doc.config).toEqual([expect.stringMatching(/pyproject\.toml$/)]);
    // ignore applies; the anchored legacy/ exclude was rebased; "other/" is unanchored and applies at every level.
    expect(doc.files.map((f: { path: string }) => f.path)).toEqual(['requirements.txt']);
    expect(doc.findings).toEqual([]);
  });

  it('the nearest configuration wins, and nothing above the repository root is read', () => {
    const outer = project({
      'pyproject.toml': '[tool.slimreq]\nignore = ["SR101"]\n',
      'repo/requirements.txt': 'pytest==8.3.2\n',
    });
    mkdirSync(join(outer, 'repo/.git'), { recursive: true });
    const doc = JSON.parse(slimreq(['audit', join(outer, 'repo'), '--format', 'json', '--fail-on', 'never']).stdout);
    expect(doc.config).toEqual([]);
    expect(doc.findings.map((f: { package: string }) => f.package)).toEqual(['pytest']);

    writeFileSync(join(outer, 'repo/.slimreq.toml'), 'fail-on = "never"\n');
    writeFileSync(join(outer, 'repo/pyproject.toml'), '[tool.slimreq]\nignore = ["SR101"]\n');
    mkdirSync(join(outer, 'repo/sub'));
    writeFileSync(join(outer, 'repo/sub/requirements.txt'), 'pytest==8.3.2\n');
    const nearest = JSON.parse(slimreq(['audit', join(outer, 'repo/sub'), '--format', 'json']).stdout);
    expect(nearest.config).toEqual([expect.stringMatching(/\.slimreq\.toml$/)]);
    expect(nearest.findings.map((f: { package: string }) => f.package)).toEqual(['pytest']);
  });

  it('baseline = "..." in the configuration is read from the configuration folder; outside it is an error', () => {
    const root = project({ ...app, 'pyproject.toml': '[tool.slimreq]\nbaseline = ".slimreq-baseline.json"\n' });
    expect(slimreq(['audit', root, '--write-baseline', join(root, '.slimreq-baseline.json')]).code).toBe(0);
    const r = slimreq(['audit', root, '--format', 'concise']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/the baseline .*\.slimreq-baseline\.json hid \d+ known finding/);

    const escaping = project({ ...app, 'pyproject.toml': '[tool.slimreq]\nbaseline = "../elsewhere.json"\n' });
    const bad = slimreq(['audit', escaping]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/pyproject\.toml:2:\d+: 'baseline' must stay inside the project/);
  });
});

describe('split refuses files that are not requirements files', () => {
  it('README.md and a text file with no requirement: exit 2, one line, nothing written', () => {
    const root = project({ 'README.md': '# Title\n\nSome *markdown* text.\n- item\n', 'notes.txt': 'hello world\nfoo bar baz\n' });
    for (const file of ['README.md', 'notes.txt']) {
      const r = slimreq(['split', file, '--write'], { cwd: root });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${file} is not a requirements file`);
    }
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('# Title\n\nSome *markdown* text.\n- item\n');
  });

  it('a requirements file with one bad line is still split', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\nnot a requirement at all\npytest==8.3.2\n' });
    const r = slimreq(['split', 'requirements.txt'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pytest');
  });
});
