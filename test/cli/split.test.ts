import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, repoRoot, slimreq } from './helpers.js';
import { bytes, fixtureCopy, hasStackTrace, lines, snapshot, text } from './util.js';

const DEMO_MOVES = [
  'move   requirements.txt:16 pytest: test runner (catalog: pytest)',
  'move   requirements.txt:17 pytest-cov: test plugin (catalog: pytest-cov)',
  'move   requirements.txt:20 black: formatter (catalog: black)',
  'move   requirements.txt:21 mypy: type checker (catalog: mypy)',
  'move   requirements.txt:22 types-requests: type stubs (catalog: types-requests)',
];
const DEMO_REVIEW =
  'review requirements.txt:25 ipython: usually a development tool (repl), sometimes needed at run time; move it with --move ipython or --include usually';

const DEMO_PROD_AFTER = `# Orders service: runtime dependencies.
# Built into the Docker image with \`pip install -r requirements.txt\`.
--index-url https://pypi.org/simple

# Web
flask==3.0.3 \\
    --hash=sha256:7c6b4c86a82164d82eec15221ab8a61bf36af51596b8aa06f3e19515c8928e49
gunicorn==22.0.0
requests==2.32.3 \\
    --hash=sha256:dfa0c2deb77e363a73763e5f94fbfaf7b08fa0e9e71ef6db38ca713c018b9764
psycopg[binary]==3.2.1
uvloop==0.19.0 ; sys_platform != "win32"
sentry-sdk[flask]==2.12.0

ipython==8.26.0  # handy in \`flask shell\`
python-dotenv==1.0.1
`;

const DEMO_DEV_AFTER = `-r requirements.txt

# Tests
pytest==8.3.2
pytest-cov==5.0.0

# Code quality
black==24.8.0  # formatter, CI runs it
mypy==1.11.1
types-requests==2.32.0.20240712 \\
    --hash=sha256:e8944705b4b4e89a4eb4f66b9756eb5997c714f3ee158cd29e5a4d41e9989866
`;

/** The ```diff block of the README's split example. */
function readmeSplitDiff(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const m = /Example \(`fixtures\/split-demo`\):\n\n```diff\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README split example not found');
  return m[1];
}

describe('slimreq split: dry run', () => {
  it('prints the unified diff of both files (the README example) and writes nothing', () => {
    const dir = fixtureCopy('split-demo');
    const before = snapshot(dir);
    const r = slimreq(['split'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readmeSplitDiff());
    expect(lines(r.stderr)).toEqual([...DEMO_MOVES, DEMO_REVIEW, 'dry run: nothing written; run again with --write to apply']);
    // Byte for byte and mtime: nothing touched, nothing created.
    expect(snapshot(dir)).toEqual(before);
  });

  it('an explicit FILE in a subfolder: paths in the diff are relative to the working directory', () => {
    const root = project({ 'svc/requirements.txt': 'flask==3.0.3\npytest==8.3.2\n' });
    const r = slimreq(['split', 'svc/requirements.txt'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '--- a/svc/requirements.txt',
        '+++ b/svc/requirements.txt',
        '@@ -1,2 +1,1 @@',
        ' flask==3.0.3',
        '-pytest==8.3.2',
        '--- /dev/null',
        '+++ b/svc/requirements-dev.txt',
        '@@ -0,0 +1,3 @@',
        '+-r requirements.txt',
        '+',
        '+pytest==8.3.2',
        '',
      ].join('\n'),
    );
    expect(existsSync(join(root, 'svc/requirements-dev.txt'))).toBe(false);
  });
});

describe('slimreq split --write and --check', () => {
  it('--check exits 1 before and 0 after --write; --write moves the lines; a second --write is a no-op', () => {
    const dir = fixtureCopy('split-demo');
    const check = slimreq(['split', '--check'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('');
    expect(lines(check.stderr).at(-1)).toBe(
      'requirements.txt would change: 5 requirements belong in requirements-dev.txt (run slimreq split requirements.txt --write)',
    );
    expect(existsSync(join(dir, 'requirements-dev.txt'))).toBe(false);

    const w = slimreq(['split', '--write'], { cwd: dir });
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(lines(w.stderr)).toEqual([...DEMO_MOVES, DEMO_REVIEW, 'moved 5 requirements from requirements.txt to requirements-dev.txt']);
    expect(text(join(dir, 'requirements.txt'))).toBe(DEMO_PROD_AFTER);
    expect(text(join(dir, 'requirements-dev.txt'))).toBe(DEMO_DEV_AFTER);

    expect(slimreq(['split', '--check'], { cwd: dir }).code).toBe(0);

    const after = snapshot(dir);
    const again = slimreq(['split', '--write'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(lines(again.stderr).at(-1)).toBe('requirements.txt: nothing to move');
    expect(snapshot(dir)).toEqual(after);
  });

  it('--write and --check together is a usage error', () => {
    const root = project({ 'requirements.txt': 'pytest\n' });
    const r = slimreq(['split', '--write', '--check'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('slimreq: --write and --check cannot be used together\n');
  });

  it('keeps the file mode of FILE (640)', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\npytest==8.3.2\n' });
    chmodSync(join(root, 'requirements.txt'), 0o640);
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    expect(statSync(join(root, 'requirements.txt')).mode & 0o777).toBe(0o640);
    expect(text(join(root, 'requirements.txt'))).toBe('flask==3.0.3\n');
  });

  it('keeps the mode of an existing dev file too', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n', 'requirements-dev.txt': '-r requirements.txt\n' });
    chmodSync(join(root, 'requirements-dev.txt'), 0o600);
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    expect(statSync(join(root, 'requirements-dev.txt')).mode & 0o777).toBe(0o600);
  });

  it('preserves CRLF line endings and the BOM in both files', () => {
    const root = project({
      'requirements.txt': Buffer.from('\uFEFFflask==3.0.3\r\npytest==8.3.2  # t\r\nrequests\r\n', 'utf8'),
    });
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    expect(bytes(join(root, 'requirements.txt'))).toEqual(Buffer.from('\uFEFFflask==3.0.3\r\nrequests\r\n', 'utf8'));
    expect(bytes(join(root, 'requirements-dev.txt'))).toEqual(
      Buffer.from('\uFEFF-r requirements.txt\r\n\r\npytest==8.3.2  # t\r\n', 'utf8'),
    );
    const again = snapshot(root);
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    expect(snapshot(root)).toEqual(again);
  });

  it('a file without a final newline keeps it that way', () => {
    const root = project({ 'requirements.txt': 'pytest==8.3.2\nflask==3.0.3' });
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    expect(text(join(root, 'requirements.txt'))).toBe('flask==3.0.3');
  });
});

describe('slimreq split: the dev file', () => {
  it('an existing dev file is merged without duplicates and its content kept', () => {
    const root = project({
      'requirements.txt': 'flask==3.0.3\npytest==8.3.2\nblack==24.8.0\n',
      'requirements-dev.txt': '-r requirements.txt\n# mine\npytest==8.3.2\nfactory-boy\n',
    });
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      'requirements.txt:2:1: split-duplicate: requirements.txt:2: pytest is already in requirements-dev.txt:3 as written; removed from requirements.txt, not added again',
      'move   requirements.txt:2 pytest: test runner (catalog: pytest)',
      'move   requirements.txt:3 black: formatter (catalog: black)',
      'moved 2 requirements from requirements.txt to requirements-dev.txt',
    ]);
    expect(text(join(root, 'requirements.txt'))).toBe('flask==3.0.3\n');
    expect(text(join(root, 'requirements-dev.txt'))).toBe('-r requirements.txt\n# mine\npytest==8.3.2\nfactory-boy\n\nblack==24.8.0\n');
  });

  it('--dev-file in another folder links back with a relative path', () => {
    const root = project({ 'requirements.txt': 'flask\nmypy\n', 'requirements/.keep': '' });
    const r = slimreq(['split', '--write', '--dev-file', 'requirements/dev.txt'], { cwd: root });
    expect(r.code).toBe(0);
    expect(text(join(root, 'requirements/dev.txt'))).toBe('-r ../requirements.txt\n\nmypy\n');
    expect(text(join(root, 'requirements.txt'))).toBe('flask\n');
  });

  it('--dev-file that is a directory: exit 2, nothing written', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n', 'dev/.keep': '' });
    const before = snapshot(root);
    const r = slimreq(['split', '--write', '--dev-file', 'dev'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('slimreq: the dev file dev is a directory\n');
    expect(snapshot(root)).toEqual(before);
  });

  it('--dev-file that is FILE itself: exit 2, nothing written', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n' });
    const before = snapshot(root);
    for (const devFile of ['requirements.txt', './requirements.txt']) {
      const r = slimreq(['split', '--write', '--dev-file', devFile], { cwd: root });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^slimreq: the dev file requirements\.txt is the file being split; choose another --dev-file\n$/);
    }
    expect(snapshot(root)).toEqual(before);
  });

  it('--dev-file in a folder that does not exist: exit 2, nothing written', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n' });
    const before = snapshot(root);
    const r = slimreq(['split', '--write', '--dev-file', 'nowhere/dev.txt'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("slimreq: the dev file's folder nowhere does not exist\n");
    expect(snapshot(root)).toEqual(before);
  });

  it('--dev-file whose parent is a regular file: exit 2, FILE unchanged, no temp files left', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n', blocker: 'a file\n' });
    const before = snapshot(root);
    const r = slimreq(['split', '--write', '--dev-file', 'blocker/dev.txt'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('slimreq: cannot write');
    expect(r.stderr).toContain('blocker');
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(snapshot(root)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['blocker', 'requirements.txt']);
  });

  // Regression (fixed): the success summary is printed before the write is attempted, so a failed write says
  // "moved 1 requirement from requirements.txt to blocker/dev.txt" and then "cannot write".
  it('a failed write does not claim that requirements were moved', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n', blocker: 'a file\n' });
    const r = slimreq(['split', '--write', '--dev-file', 'blocker/dev.txt'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('moved 1 requirement');
  });

  // Regression (fixed): when nothing moves and the dev file does not exist, the dry run still prints a diff header
  // for creating an empty dev file ("--- /dev/null" / "+++ b/requirements-dev.txt"), though --write
  // creates nothing.
  it('a dry run with nothing to move prints no diff', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\n' });
    const r = slimreq(['split'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('requirements.txt: nothing to move\n');
    expect(r.stdout).toBe('');
  });

  it('with nothing to move, --write creates no dev file', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\n' });
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('requirements.txt: nothing to move\n');
    expect(readdirSync(root)).toEqual(['requirements.txt']);
  });

  it('missing FILE: exit 2 with a message, no stack trace', () => {
    const root = project({});
    const r = slimreq(['split'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('slimreq: requirements.txt: no such file\n');
    const r2 = slimreq(['split', 'nope/reqs.txt'], { cwd: root });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe('slimreq: nope/reqs.txt: no such file\n');
  });

  it('FILE that is a directory: exit 2', () => {
    const root = project({ 'reqs/a.txt': 'flask\n' });
    const r = slimreq(['split', 'reqs'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('slimreq: reqs is a directory; give a requirements file or pyproject.toml\n');
  });
});

describe('slimreq split: options', () => {
  const REQS =
    '--index-url https://example.org/simple\n--extra-index-url https://x.org/simple\nflask==3.0.3\npytest==8.3.2\nipython==8.26.0\nblack==24.8.0\nrequests\n';

  it('by default a "usually" entry stays and is listed for review', () => {
    const root = project({ 'requirements.txt': REQS });
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    expect(text(join(root, 'requirements.txt'))).toBe(
      '--index-url https://example.org/simple\n--extra-index-url https://x.org/simple\nflask==3.0.3\nipython==8.26.0\nrequests\n',
    );
    expect(text(join(root, 'requirements-dev.txt'))).toBe('-r requirements.txt\n\npytest==8.3.2\nblack==24.8.0\n');
  });

  it('--include usually also moves "usually" entries', () => {
    const root = project({ 'requirements.txt': REQS });
    const r = slimreq(['split', '--write', '--include', 'usually'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('move   requirements.txt:5 ipython: repl (catalog: ipython)\n');
    expect(r.stderr).not.toContain('review');
    expect(text(join(root, 'requirements.txt'))).toBe(
      '--index-url https://example.org/simple\n--extra-index-url https://x.org/simple\nflask==3.0.3\nrequests\n',
    );
    expect(text(join(root, 'requirements-dev.txt'))).toBe('-r requirements.txt\n\npytest==8.3.2\nipython==8.26.0\nblack==24.8.0\n');
  });

  it('--keep and --move override the catalog (names normalized)', () => {
    const root = project({ 'requirements.txt': REQS });
    const r = slimreq(['split', '--write', '--keep', 'PyTest', '--move', 'Requests'], { cwd: root });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      'move   requirements.txt:6 black: formatter (catalog: black)',
      'move   requirements.txt:7 requests: named by --move',
      'review requirements.txt:5 ipython: usually a development tool (repl), sometimes needed at run time; move it with --move ipython or --include usually',
      'moved 2 requirements from requirements.txt to requirements-dev.txt',
    ]);
    expect(text(join(root, 'requirements.txt'))).toBe(
      '--index-url https://example.org/simple\n--extra-index-url https://x.org/simple\nflask==3.0.3\npytest==8.3.2\nipython==8.26.0\n',
    );
    expect(text(join(root, 'requirements-dev.txt'))).toBe('-r requirements.txt\n\nblack==24.8.0\nrequests\n');
  });

  it('--link constraint starts the dev file with -c FILE', () => {
    const root = project({ 'requirements.txt': REQS });
    expect(slimreq(['split', '--write', '--link', 'constraint'], { cwd: root }).code).toBe(0);
    expect(text(join(root, 'requirements-dev.txt'))).toBe('-c requirements.txt\n\npytest==8.3.2\nblack==24.8.0\n');
  });

  it('--link none copies the global options the moved lines need', () => {
    const root = project({ 'requirements.txt': REQS });
    expect(slimreq(['split', '--write', '--link', 'none'], { cwd: root }).code).toBe(0);
    expect(text(join(root, 'requirements-dev.txt'))).toBe(
      '--index-url https://example.org/simple\n--extra-index-url https://x.org/simple\n\npytest==8.3.2\nblack==24.8.0\n',
    );
  });

  it('--link with an unknown value is a usage error', () => {
    const root = project({ 'requirements.txt': REQS });
    const r = slimreq(['split', '--link', 'include'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'include' is invalid");
  });

  it('--format json reports what moved and why, and writes nothing', () => {
    const root = project({ 'requirements.txt': REQS });
    const before = snapshot(root);
    const r = slimreq(['split', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'requirements.txt',
      devFile: 'requirements-dev.txt',
      unchanged: false,
      moved: [
        { name: 'pytest', key: 'pytest', line: 4, reason: 'test runner (catalog: pytest)', certainty: 'always' },
        { name: 'black', key: 'black', line: 6, reason: 'formatter (catalog: black)', certainty: 'always' },
      ],
      review: [
        {
          name: 'ipython',
          key: 'ipython',
          line: 5,
          reason: 'usually a development tool (repl), sometimes needed at run time; move it with --move ipython or --include usually',
        },
      ],
      diagnostics: [],
      pipCompile: null,
    });
    expect(r.stderr).toBe('');
    expect(snapshot(root)).toEqual(before);
  });

  it('--format json --write writes and reports', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n' });
    const r = slimreq(['split', '--format', 'json', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ unchanged: false, moved: [{ name: 'pytest', line: 2 }] });
    expect(text(join(root, 'requirements.txt'))).toBe('flask\n');
  });

  it('split.dev-file from [tool.slimreq] is the default dev file', () => {
    const root = project({
      'requirements.txt': 'flask\npytest\n',
      'requirements/.keep': '',
      'pyproject.toml': '[tool.slimreq.split]\ndev-file = "requirements/dev.txt"\n',
    });
    expect(slimreq(['split', '--write'], { cwd: root }).code).toBe(0);
    expect(text(join(root, 'requirements/dev.txt'))).toBe('-r ../requirements.txt\n\npytest\n');
  });
});

describe('slimreq split: compiled files and bad input', () => {
  it('a pip-compile output with its .in beside it: says to split the .in instead', () => {
    const dir = fixtureCopy('split-demo');
    const r = slimreq(['split', 'pip-compile/requirements.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    const err = lines(r.stderr);
    expect(err[0]).toBe(
      'pip-compile/requirements.txt:1:1: split-compiled-file: pip-compile/requirements.txt is generated by pip-compile from requirements.in; split the source too, or the next compile brings the moved packages back',
    );
    expect(err).toContain('move   pip-compile/requirements.txt:15 click: pinned only for black');
    expect(err).toContain(
      'pip-compile/requirements.txt is generated by pip-compile; split its source instead: slimreq split pip-compile/requirements.in --write, then compile again',
    );
    // transitive pins move with the tools that need them, shared ones (packaging) stay
    expect(r.stdout).toContain('-click==8.1.7 \\\n');
    expect(r.stdout).toContain('+click==8.1.7 \\\n');
    expect(r.stdout).not.toMatch(/^-packaging/m);
  });

  it('a pip-compile output where a production package needs black and isort: they stay, listed for review; no .in advice', () => {
    const compiled = [
      '#',
      '# This file is autogenerated by pip-compile with Python 3.11',
      '# by the following command:',
      '#',
      '#    pip-compile requirements.in',
      '#',
      'black==24.8.0',
      '    # via datamodel-code-generator',
      'click==8.1.7',
      '    # via black',
      'datamodel-code-generator==0.25.9',
      '    # via -r requirements.in',
      'isort==5.13.2',
      '    # via datamodel-code-generator',
      'pytest==8.3.2',
      '    # via -r requirements.in',
      '',
    ].join('\n');
    const root = project({ 'requirements.txt': compiled, 'requirements.in': 'datamodel-code-generator\npytest\n' });
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      'requirements.txt:1:1: split-compiled-file: requirements.txt is generated by pip-compile from requirements.in; split the source too, or the next compile brings the moved packages back',
      'move   requirements.txt:15 pytest: test runner (catalog: pytest)',
      'review requirements.txt:7 black: needed by datamodel-code-generator at run time, so it stays (formatter, catalog: black)',
      'review requirements.txt:13 isort: needed by datamodel-code-generator at run time, so it stays (formatter, catalog: isort)',
      'requirements.txt is generated by pip-compile; split its source instead: slimreq split requirements.in, then compile again',
      'moved 1 requirement from requirements.txt to requirements-dev.txt',
    ]);
    expect(text(join(root, 'requirements.txt'))).toBe(compiled.replace('pytest==8.3.2\n    # via -r requirements.in\n', ''));

    // The .in holds nothing that moves: no advice to split it.
    const quiet = project({ 'requirements.txt': compiled.replace(/pytest==8\.3\.2\n.*\n/, ''), 'requirements.in': 'datamodel-code-generator\n' });
    const q = slimreq(['split'], { cwd: quiet });
    expect(q.code).toBe(0);
    expect(lines(q.stderr)).toEqual([
      'review requirements.txt:7 black: needed by datamodel-code-generator at run time, so it stays (formatter, catalog: black)',
      'review requirements.txt:13 isort: needed by datamodel-code-generator at run time, so it stays (formatter, catalog: isort)',
      'requirements.txt: nothing to move',
    ]);
    expect(q.stdout).toBe('');
  });

  it('an unparseable line stays where it is; the rest is split, exit 0, the line is named', () => {
    const root = project({ 'requirements.txt': 'flask==3.0.3\nthis is not ( valid\npytest==8.3.2\n' });
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)[0]).toBe(
      'requirements.txt:2:6: split-unparseable-line: requirements.txt:2: invalid requirement: "this is not ( valid": unexpected text "is not ( val" after the requirement; left in place',
    );
    expect(text(join(root, 'requirements.txt'))).toBe('flask==3.0.3\nthis is not ( valid\n');
    expect(text(join(root, 'requirements-dev.txt'))).toBe('-r requirements.txt\n\npytest==8.3.2\n');
  });

  it('non-UTF-8 FILE: exit 2 with file:line:col, nothing written', () => {
    const root = project({ 'requirements.txt': Buffer.from('flask\nreq\xe9\npytest\n', 'latin1') });
    const before = snapshot(root);
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('slimreq: requirements.txt:2:4: file is not valid UTF-8; save it as UTF-8\n');
    expect(snapshot(root)).toEqual(before);
  });

  it('non-UTF-8 dev file: exit 2 naming the dev file, nothing written', () => {
    const root = project({ 'requirements.txt': 'flask\npytest\n', 'requirements-dev.txt': Buffer.from([0x2d, 0x72, 0x20, 0xff, 0x0a]) });
    const before = snapshot(root);
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^slimreq: requirements-dev\.txt:1:4: /);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('slimreq split pyproject.toml', () => {
  const PYPROJECT = `[project]
name = "shop"
version = "1.0"
# runtime
dependencies = [
    "flask>=3",  # web
    "pytest>=8",
    "requests",
]

[tool.other]
x = 1
`;

  it('dry run prints the diff and writes nothing', () => {
    const root = project({ 'pyproject.toml': PYPROJECT });
    const before = snapshot(root);
    const r = slimreq(['split', 'pyproject.toml'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '--- a/pyproject.toml',
        '+++ b/pyproject.toml',
        '@@ -4,9 +4,13 @@',
        ' # runtime',
        ' dependencies = [',
        '     "flask>=3",  # web',
        '-    "pytest>=8",',
        '     "requests",',
        ' ]',
        ' ',
        ' [tool.other]',
        ' x = 1',
        '+',
        '+[dependency-groups]',
        '+dev = [',
        '+    "pytest>=8",',
        '+]',
        '',
      ].join('\n'),
    );
    expect(lines(r.stderr)).toEqual(['move   pyproject.toml:7 pytest: to [dependency-groups] dev', 'dry run: nothing written; run again with --write to apply']);
    expect(snapshot(root)).toEqual(before);
  });

  it('--write gives the exact content; --check then passes; a second --write changes nothing', () => {
    const root = project({ 'pyproject.toml': PYPROJECT });
    expect(slimreq(['split', 'pyproject.toml', '--check'], { cwd: root }).code).toBe(1);
    const r = slimreq(['split', 'pyproject.toml', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(lines(r.stderr).at(-1)).toBe('moved 1 requirement out of the production dependencies of pyproject.toml');
    expect(text(join(root, 'pyproject.toml'))).toBe(`[project]
name = "shop"
version = "1.0"
# runtime
dependencies = [
    "flask>=3",  # web
    "requests",
]

[tool.other]
x = 1

[dependency-groups]
dev = [
    "pytest>=8",
]
`);
    expect(readdirSync(root)).toEqual(['pyproject.toml']);
    expect(slimreq(['split', 'pyproject.toml', '--check'], { cwd: root }).code).toBe(0);
    const after = snapshot(root);
    const again = slimreq(['split', 'pyproject.toml', '--write'], { cwd: root });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('pyproject.toml: nothing to move\n');
    expect(snapshot(root)).toEqual(after);
  });

  it('an existing dependency-groups dev list receives the moved entry', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "x"\nversion = "1"\ndependencies = ["flask", "mypy==1.11"]\n\n[dependency-groups]\ndev = ["pytest"]\n',
    });
    expect(slimreq(['split', 'pyproject.toml', '--write'], { cwd: root }).code).toBe(0);
    const out = text(join(root, 'pyproject.toml'));
    expect(out).toMatch(/^dependencies = \["flask"\]$/m);
    expect(out).toMatch(/^dev = \["pytest", "mypy==1\.11"\]$/m);
  });

  it('a comment of an entry moved to a one-line group goes on a line above the group', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n    "django>=5.0",\n    "black>=24.0",  # formats generated migrations\n]\n\n[dependency-groups]\ndev = ["ruff>=0.7", "mypy>=1.13", {include-group = "test"}]\ntest = ["pytest>=8"]\n',
    });
    expect(slimreq(['split', 'pyproject.toml', '--write'], { cwd: root }).code).toBe(0);
    expect(text(join(root, 'pyproject.toml'))).toBe(
      '[project]\nname = "x"\ndependencies = [\n    "django>=5.0",\n]\n\n[dependency-groups]\n# black>=24.0: formats generated migrations\ndev = ["ruff>=0.7", "mypy>=1.13", {include-group = "test"}, "black>=24.0"]\ntest = ["pytest>=8"]\n',
    );
  });

  it('an entry a dev group already has is only removed from production', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["fastapi", "pytest-asyncio"]\n\n[dependency-groups]\ndev = ["ruff"]\ntest = ["pytest", "pytest-asyncio"]\n',
    });
    const r = slimreq(['split', 'pyproject.toml', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(lines(r.stderr)[0]).toBe(
      'pyproject.toml:3:1: split-duplicate: pytest-asyncio is already in the test group; removed from the production dependencies, not added again',
    );
    expect(text(join(root, 'pyproject.toml'))).toBe(
      '[project]\nname = "x"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["ruff"]\ntest = ["pytest", "pytest-asyncio"]\n',
    );
  });

  it('malformed pyproject.toml: exit 2, unchanged', () => {
    const root = project({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["pytest",\n' });
    const before = snapshot(root);
    const r = slimreq(['split', 'pyproject.toml', '--write'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pyproject\.toml:\d+:\d+: manifest-parse-error: /);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('split --write and -r/-c loops (issue 17 item 1; pip 23.2.1 fails with RecursionError on a loop)', () => {
  it('never writes a link back to a FILE that reaches the dev file through another file', () => {
    const root = project({ 'requirements.txt': '-r common.txt\nflask\npytest\n', 'common.txt': '-c requirements-dev.txt\nsix\n', 'requirements-dev.txt': 'black\n' });
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, 'requirements-dev.txt'), 'utf8')).toBe('black\n\npytest\n');
    expect(r.stderr).toContain('split-link-skipped');
  });

  it('refuses with exit 2 when the files already include each other', () => {
    const root = project({ 'requirements.txt': '-r requirements-dev.txt\nflask\npytest\n', 'requirements-dev.txt': '-c requirements.txt\nblack\n' });
    const r = slimreq(['split', '--write'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('requirements.txt -> requirements-dev.txt -> requirements.txt');
    expect(readFileSync(join(root, 'requirements.txt'), 'utf8')).toBe('-r requirements-dev.txt\nflask\npytest\n');
  });
});
