import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bin, project, slimreq } from './helpers.js';

describe('slimreq audit (built binary)', () => {
  it('exits 0 on a clean project and says so', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\n', 'requirements-dev.txt': '-r requirements.txt\npytest==8.3.2\n' });
    const r = slimreq(['audit', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no findings');
  });

  it('exits 1 and names file:line:col for a dev tool in production', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\n# tests\n  pytest==8.3.2\n' });
    const r = slimreq(['audit', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/requirements\.txt\n\s+3:3\s+warning\s+pytest is a development tool/);
    expect(r.stdout).toContain('dev-tool-in-production (SR101)');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--fail-on decides the exit code', () => {
    const root = project({ 'requirements.txt': 'ipython==8.28.0\n' });
    // ipython is a "usually" entry: info, which does not fail the default threshold.
    expect(slimreq(['audit', root]).code).toBe(0);
    expect(slimreq(['audit', root, '--fail-on', 'info']).code).toBe(1);
    expect(slimreq(['audit', root, '--fail-on', 'never']).code).toBe(0);
  });

  it('JSON output follows the documented shape with relative paths', () => {
    const root = project({ 'sub/requirements.txt': 'pytest==8.3.2\nrequests>=2\n' });
    const r = slimreq(['audit', root, '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.files).toEqual([{ path: 'sub/requirements.txt', kind: 'requirements' }]);
    expect(doc.requirements[0]).toMatchObject({ name: 'pytest', specifier: '==8.3.2', file: 'sub/requirements.txt', line: 1, column: 1, group: 'prod', devTool: { certainty: 'always' } });
    expect(doc.requirements[1]).toMatchObject({ name: 'requests', specifier: '>=2', devTool: null });
    expect(doc.findings).toEqual([
      expect.objectContaining({ code: 'SR101', rule: 'dev-tool-in-production', severity: 'warning', file: 'sub/requirements.txt', line: 1, column: 1, package: 'pytest' }),
    ]);
  });

  it('exit 2 and a clear message for a missing path, no stack trace', () => {
    const r = slimreq(['audit', '/nonexistent/slimreq-nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('slimreq: cannot read /nonexistent/slimreq-nowhere');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exit 2 for a usage error', () => {
    const r = slimreq(['audit', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'yaml' is invalid");
  });

  it('reports binary, non-UTF-8 and malformed files with file:line, never a stack trace', () => {
    const root = project({
      'requirements.txt': Buffer.from([0x66, 0x6c, 0x61, 0x73, 0x6b, 0x0a, 0x00, 0x01, 0x02]),
      'requirements-prod.txt': Buffer.from([0x72, 0x65, 0x71, 0xe9, 0x0a]),
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["flask",\n',
      'Pipfile': '[packages\n',
    });
    const r = slimreq(['audit', root, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    const byFile = Object.fromEntries(doc.findings.map((f: { file: string }) => [f.file, f]));
    expect(byFile['requirements.txt']).toMatchObject({ rule: 'unreadable-manifest', line: 2, column: 1 });
    expect(byFile['requirements-prod.txt']).toMatchObject({ rule: 'unreadable-manifest', line: 1, column: 4 });
    expect(byFile['pyproject.toml']).toMatchObject({ rule: 'manifest-parse-error' });
    expect(byFile['Pipfile']).toMatchObject({ rule: 'manifest-parse-error', line: 1 });
  });

  it('follows includes, reports cycles and missing targets at the include line', () => {
    const root = project({
      'requirements.txt': '-r requirements/base.txt\n',
      'requirements/base.txt': 'django==5.1\n-r common.txt\n-r missing.txt\n',
      'requirements/common.txt': '-r base.txt\ncelery==5.4\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    const rules = doc.findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`);
    expect(rules).toContain('include-not-found requirements/base.txt:3');
    expect(rules.filter((r: string) => r.startsWith('include-cycle'))).toHaveLength(1);
    // Neutral base/common files included by production requirements.txt are production.
    const groups = Object.fromEntries(doc.requirements.map((r: { name: string; group: string }) => [r.name, r.group]));
    expect(groups).toEqual({ django: 'prod', celery: 'prod' });
  });

  it('a dev file included by a production file is itself a finding; the dev file stays dev', () => {
    const root = project({
      'requirements.txt': 'flask\n-r requirements-dev.txt\n',
      'requirements-dev.txt': 'pytest\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.findings.map((f: { rule: string; line: number; file: string }) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'dev-requirements-included-in-production requirements.txt:2',
    ]);
  });

  it('inline suppression in requirements files', () => {
    const root = project({ 'requirements.txt': 'pytest==8.3  # slimreq: ignore[dev-tool-in-production]\n# slimreq ignore=SR101\nblack\nruff\n' });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.findings.map((f: { package: string }) => f.package)).toEqual(['ruff']);
  });

  it('--help for every command and --version', () => {
    for (const cmd of ['audit', 'explain', 'rules', 'catalog']) {
      const r = slimreq([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toContain(`Usage: slimreq ${cmd}`);
    }
    expect(slimreq(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('setup.cfg file: directives', () => {
  it('reads the named requirements files with the set of the option that names them', () => {
    const root = project({
      'setup.cfg': '[options]\ninstall_requires = file: base.txt\n\n[options.extras_require]\ntest = file: common.txt\n',
      'base.txt': 'pytest==8.3.2\n',
      'common.txt': 'black==24.8.0\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    const groups = Object.fromEntries(doc.requirements.map((r: { name: string; group: string }) => [r.name, r.group]));
    expect(groups).toEqual({ pytest: 'prod', black: 'dev' });
    expect(doc.findings.map((f: { rule: string; file: string }) => `${f.rule} ${f.file}`)).toEqual(['dev-tool-in-production base.txt']);
  });

  it('a missing file: target is include-not-found at the setup.cfg line', () => {
    const root = project({ 'setup.cfg': '[options]\ninstall_requires = file: nowhere.txt\n' });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.findings).toEqual([expect.objectContaining({ rule: 'include-not-found', file: 'setup.cfg', line: 2 })]);
  });
});

describe('colour', () => {
  it('FORCE_COLOR=1 colours, FORCE_COLOR=0 and NO_COLOR do not', () => {
    const root = project({ 'requirements.txt': 'pytest\n' });
    expect(slimreq(['audit', root], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toMatch(/\u001b\[/);
    expect(slimreq(['audit', root], { env: { NO_COLOR: '', FORCE_COLOR: '0' } }).stdout).not.toMatch(/\u001b\[/);
    expect(slimreq(['audit', root], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('fix hints', () => {
  it('"usually" entries suggest moving by name; Pipfile and Poetry hints move, not just install', () => {
    const root = project({
      'requirements.txt': 'ipython\n',
      'Pipfile': '[packages]\npytest = "*"\n',
      'pyproject.toml': '[tool.poetry]\nname = "x"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nblack = "^24"\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json', '--fail-on', 'never']).stdout);
    const fix = Object.fromEntries(doc.findings.map((f: { package: string; fix: string }) => [f.package, f.fix]));
    expect(fix.ipython).toBe('if nothing imports it at run time: `slimreq split requirements.txt --move ipython --write`');
    expect(fix.pytest).toBe('move it to [dev-packages] (`pipenv uninstall pytest && pipenv install --dev pytest`)');
    expect(fix.black).toBe('move it to [tool.poetry.group.dev.dependencies] (`slimreq split pyproject.toml --write`)');
  });
});

describe('development Dockerfiles', () => {
  it('.devcontainer/Dockerfile and Dockerfile.dev are read for syntax errors only', () => {
    const root = project({
      'requirements.txt': 'flask\n',
      'requirements-dev.txt': '-r requirements.txt\npytest\n',
      '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/python:3.12\nRUN pip install -r requirements-dev.txt\n',
      'Dockerfile.dev': 'FROM python:3.12\nCOPY . .\nRUN pip install -r requirements-dev.txt\nFROBNICATE now\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json', '--fail-on', 'never']).stdout);
    expect(doc.findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'manifest-parse-error Dockerfile.dev:4',
    ]);
  });
});

describe('pip-compile locks', () => {
  it('a dev tool that a runtime package needs (# via) is only an info note; one the user asked for warns', () => {
    const root = project({
      'requirements.txt': [
        '#',
        '# This file is autogenerated by pip-compile with Python 3.12',
        '#',
        'black==24.8.0',
        '    # via datamodel-code-generator',
        'datamodel-code-generator==0.25.9',
        '    # via -r requirements.in',
        'pytest==8.3.2',
        '    # via -r requirements.in',
        '',
      ].join('\n'),
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.findings.map((f: { package: string; severity: string; line: number }) => `${f.package} ${f.severity} ${f.line}`)).toEqual([
      'black info 4',
      'pytest warning 8',
    ]);
    expect(doc.findings[0].message).toBe('black is a development tool, but datamodel-code-generator needs it (# via), so it stays in production');
  });
});

describe('progress on a terminal', () => {
  // `script` (util-linux) gives the process a pseudo-terminal, as a person's shell would.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.runIf(hasScript)('shows progress on stderr and clears it before the report; never in machine formats or pipes', () => {
    const root = project({ 'requirements.txt': 'pytest\n' });
    const cmd = (args: string) => `NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} ${args}`;
    const tty = spawnSync('script', ['-qec', cmd(`audit ${JSON.stringify(root)} --fail-on never`), '/dev/null'], { encoding: 'utf8' });
    expect(tty.stdout).toContain('slimreq: read 1 file; checking…');
    expect(tty.stdout).toMatch(/\r\u001b\[2Krequirements\.txt/);
    const json = spawnSync('script', ['-qec', cmd(`audit ${JSON.stringify(root)} --format json --fail-on never`), '/dev/null'], { encoding: 'utf8' });
    expect(json.stdout).not.toContain('slimreq: read');
    expect(slimreq(['audit', root, '--fail-on', 'never']).stderr).toBe('');
  });
});

describe('files a production Dockerfile installs', () => {
  it('a neutral file installed with pip install -r is production even when only a dev file includes it', () => {
    const root = project({
      'requirements/base.txt': 'django==5.1\ngunicorn==23.0.0\npytest==8.3.2\n',
      'requirements/dev.txt': '-r base.txt\nruff==0.6.1\n',
      Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements/base.txt requirements/base.txt\nRUN pip install --no-cache-dir -r requirements/base.txt\nCOPY . .\n',
      '.dockerignore': '.git\n.venv\n__pycache__\n*.pyc\n.env\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json', '--fail-on', 'never']).stdout);
    expect(doc.requirements.find((r: { name: string }) => r.name === 'django').group).toBe('prod');
    const rules = doc.findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`);
    expect(rules).toContain('dev-tool-in-production requirements/base.txt:3');
    expect(rules.filter((r: string) => r.includes('Installs the development requirements file'))).toEqual([]);
  });

  it('a lock included with -c by a dev file but installed with -r by the image is an install set', () => {
    const root = project({
      'requirements/main.txt': 'celery==5.4.0\npytest==8.3.2\n',
      'requirements/dev.in': '-c main.txt\nipython\n',
      Dockerfile: 'FROM python:3.12-slim\nCOPY requirements /tmp/requirements\nRUN pip install --no-cache-dir -r /tmp/requirements/main.txt\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json', '--fail-on', 'never']).stdout);
    expect(doc.requirements.find((r: { name: string }) => r.name === 'celery')).toMatchObject({ group: 'prod', constraintOnly: false });
    expect(doc.findings.map((f: { package: string }) => f.package)).toContain('pytest');
  });
});

describe('plugins and tool-named extras', () => {
  it('a pytest plugin or flake8 extension depends on its host tool: no finding', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "snapkit"\nversion = "1"\ndependencies = ["pytest>=7", "executing>=2"]\n\n[project.entry-points.pytest11]\nsnapkit = "snapkit.plugin"\n',
      'ext/setup.cfg': '[options]\ninstall_requires =\n    flake8>=6\n\n[options.entry_points]\nflake8.extension =\n    X1 = ext:Plugin\n',
      'mk/pyproject.toml': '[tool.poetry]\nname = "mk"\nversion = "1"\n\n[tool.poetry.dependencies]\nmkdocs = "^1.6"\n\n[tool.poetry.plugins."mkdocs.plugins"]\nmk = "mk:Plugin"\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.findings).toEqual([]);
  });

  it('an opt-in extra named after the tool is not a production warning; a runtime-named extra still is', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "x"\nversion = "1"\n\n[project.optional-dependencies]\nblack = ["black>=23"]\nserver = ["gunicorn", "pytest"]\n',
    });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.findings.map((f: { package: string }) => f.package)).toEqual(['pytest']);
  });
});

describe('extra markers', () => {
  it('a requirement gated by extra == "…" belongs to that extra', () => {
    const root = project({ 'setup.cfg': '[options]\ninstall_requires =\n    flask>=3\n    mypy>=1.0 ; extra == "typing"\n' });
    const doc = JSON.parse(slimreq(['audit', root, '--format', 'json']).stdout);
    expect(doc.requirements.find((r: { name: string }) => r.name === 'mypy')).toMatchObject({ group: 'dev', groupName: 'typing' });
    expect(doc.findings).toEqual([]);
  });
});
