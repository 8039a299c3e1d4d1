// Bad input end to end: random and mutated repositories never crash the CLI (exit 3) and never throw
// out of main(); the built binary never prints a stack trace for them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bin, slimreq } from './helpers.js';
import { fixturesDir, hasStackTrace, runMain, tempDir } from './util.js';

const runInProcess = (argv: string[]) => runMain(argv);

// ---- generators ----

const VALID: Record<string, string> = {
  requirements: [
    '# prod',
    '--index-url https://example.org/simple',
    '-r requirements/base.txt',
    '-c constraints.txt',
    'flask==3.0.3 \\',
    '    --hash=sha256:7c6b4c86a82164d82eec15221ab8a61bf36af51596b8aa06f3e19515c8928e49',
    'uvloop==0.19.0 ; sys_platform != "win32"',
    'psycopg[binary]>=3.1,<4  # db',
    'pytest==8.3.2',
    '-e git+https://github.com/acme/lib.git#egg=lib',
    'numpy<1.25',
    '',
  ].join('\n'),
  pyproject: [
    '[project]',
    'name = "shop"',
    'version = "1.0"',
    'requires-python = ">=3.11"',
    'dependencies = ["flask>=3", "black", "requests[socks]==2.32.3 ; python_version >= \\"3.9\\""]',
    '[project.optional-dependencies]',
    'test = ["pytest>=8"]',
    '[dependency-groups]',
    'dev = ["mypy", {include-group = "lint"}]',
    'lint = ["ruff"]',
    '[tool.poetry.dependencies]',
    'python = "^3.11"',
    'django = { version = "^5.0", extras = ["argon2"] }',
    '[tool.slimreq]',
    'fail-on = "warning"',
    '',
  ].join('\n'),
  pipfile: '[[source]]\nurl = "https://pypi.org/simple"\n[packages]\nflask = "*"\npytest = {version = "==8.3.2"}\n[dev-packages]\nblack = "*"\n',
  setupcfg: '[metadata]\nname = x\n[options]\ninstall_requires =\n    flask>=3\n    pytest\n[options.extras_require]\ntest = pytest\n',
  dockerfile: [
    '# syntax=docker/dockerfile:1',
    'ARG PY=3.12',
    'FROM python:${PY}-alpine AS build',
    'RUN apk add gcc musl-dev && pip install -r requirements.txt',
    'FROM python:3.12',
    'COPY --from=build /usr/local /usr/local',
    'RUN apt-get update',
    'RUN apt-get install -y gcc \\',
    '  && rm -rf /var/lib/apt/lists/*',
    'COPY . .',
    'RUN <<EOF',
    'pip install -r requirements-dev.txt',
    'EOF',
    'CMD ["python", "-m", "app"]',
    '',
  ].join('\n'),
  dockerignore: '.git\n**/__pycache__\n!keep.pyc\n/.venv\n',
};

const PATHS = [
  'requirements.txt',
  'requirements-dev.txt',
  'requirements/base.txt',
  'requirements/dev.txt',
  'constraints.txt',
  'requirements.in',
  'pyproject.toml',
  'Pipfile',
  'setup.cfg',
  'Dockerfile',
  'svc/Dockerfile',
  '.dockerignore',
  'svc/requirements.txt',
  '.slimreq.toml',
];

const KIND_OF: Record<string, keyof typeof VALID> = {
  'pyproject.toml': 'pyproject',
  Pipfile: 'pipfile',
  'setup.cfg': 'setupcfg',
  Dockerfile: 'dockerfile',
  'svc/Dockerfile': 'dockerfile',
  '.dockerignore': 'dockerignore',
  '.slimreq.toml': 'pyproject',
};

const noise = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\0', '\r', '\r\n', '\\', '\\\n', '"', '[', ']', '{', '=', '#', ';', '@', '-r ', '-c ', '\uFEFF', '\uD800', 'é', '${X}', '<<EOF\n', '\t'),
);

/** A file's content: random bytes, or a valid sample mutated (truncated, spliced, bytes flipped). */
const content = (kind: keyof typeof VALID) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    fc.constant(Buffer.from(VALID[kind], 'utf8')),
    fc.tuple(fc.nat(), fc.option(noise, { nil: undefined })).map(([cut, extra]) => {
      const base = VALID[kind];
      const at = cut % (base.length + 1);
      return Buffer.from(base.slice(0, at) + (extra ?? ''), 'utf8');
    }),
    fc.tuple(fc.array(fc.tuple(fc.nat(), noise), { maxLength: 5 })).map(([edits]) => {
      let s = VALID[kind];
      for (const [pos, text] of edits) {
        const at = pos % (s.length + 1);
        s = s.slice(0, at) + text + s.slice(at);
      }
      return Buffer.from(s, 'utf8');
    }),
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([pos, byte]) => {
      const b = Buffer.from(VALID[kind], 'utf8');
      b[pos % b.length] = byte;
      return b;
    }),
    // include lines, cycles included
    fc.array(fc.constantFrom(...PATHS.filter((p) => p.endsWith('.txt') || p.endsWith('.in'))), { maxLength: 4 }).map((targets) =>
      Buffer.from(targets.map((t, i) => `${i % 2 ? '-c' : '-r'} ${i % 3 === 2 ? '/' : ''}${t}\n`).join('') + 'flask\n', 'utf8'),
    ),
  );

const repo = fc.record({
  files: fc.uniqueArray(
    fc.constantFrom(...PATHS).chain((path) => content(KIND_OF[path] ?? 'requirements').map((c) => [path, c] as const)),
    { selector: ([p]) => p, maxLength: 8 },
  ),
  links: fc.subarray(['loop-dir', 'self-file', 'dangling', 'reqs-link']),
});

function materialize(root: string, r: { files: (readonly [string, Buffer])[]; links: string[] }) {
  for (const [path, data] of r.files) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  mkdirSync(join(root, 'nested'), { recursive: true });
  if (r.links.includes('loop-dir')) symlinkSync('..', join(root, 'nested', 'up'));
  if (r.links.includes('self-file')) symlinkSync('requirements-self.txt', join(root, 'requirements-self.txt'));
  if (r.links.includes('dangling')) symlinkSync('does-not-exist.txt', join(root, 'requirements-gone.txt'));
  if (r.links.includes('reqs-link')) symlinkSync('requirements.txt', join(root, 'nested', 'requirements.txt'));
}

const COMMANDS = (root: string): string[][] => [
  ['audit', root, '--format', 'json'],
  ['audit', root, '--format', 'sarif'],
  ['audit', root, '--format', 'github'],
  ['audit', root],
  ['alpine', root, '--format', 'json'],
  ['split', join(root, 'requirements.txt')],
  ['split', join(root, 'pyproject.toml')],
  ['fix', 'dockerignore', root],
  ['dockerfile', root],
];

describe('bad input, in process (main() from dist/cli.js)', () => {
  it('never exits 3 and never throws, for any command, on random and mutated repositories', async () => {
    const base = tempDir('slimreq-bad-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(repo, fc.integer({ min: 0, max: 8 }), async (r, which) => {
        const root = join(base, `r${n++}`);
        mkdirSync(root);
        try {
          materialize(root, r);
          // every case runs the audit; one other command is picked at random
          for (const argv of [COMMANDS(root)[0], COMMANDS(root)[which]]) {
            const out = await runInProcess(argv);
            if (out.code === 3 || ![0, 1, 2].includes(out.code)) {
              throw new Error(`exit ${out.code} for ${argv.join(' ')}\nstderr: ${out.stderr}`);
            }
            if (argv[0] === 'audit' && argv[3] === 'json') {
              // the audit still produces its documented JSON, unless the configuration itself is invalid
              if (out.code !== 2) expect(JSON.parse(out.stdout).version).toBe(1);
              else expect(out.stderr).toMatch(/\.slimreq\.toml|pyproject\.toml/);
            }
            expect(hasStackTrace(out.stderr)).toBe(false);
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 80 },
    );
  });

  it('the cli-bad-input fixture: every rule about bad input fires, exit 1', async () => {
    const out = await runInProcess(['audit', join(fixturesDir, 'cli-bad-input'), '--format', 'json']);
    expect(out.code).toBe(1);
    const rules = new Set(JSON.parse(out.stdout).findings.map((f: { rule: string }) => f.rule));
    for (const rule of ['unreadable-manifest', 'manifest-parse-error', 'include-cycle', 'include-not-found']) expect(rules).toContain(rule);
  });
});

describe('bad input, built binary', () => {
  const CASES: Record<string, Record<string, string | Buffer>> = {
    'binary everything': {
      'requirements.txt': Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 10]),
      'pyproject.toml': Buffer.from([0xff, 0xfe, 0x5b, 0x00]),
      Dockerfile: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]),
      '.dockerignore': Buffer.from([0xc3, 0x28, 10]),
    },
    'truncated TOML and a cycle': {
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["flask", "pyt',
      Pipfile: '[packages]\nflask = {version = ',
      'requirements.txt': '-r requirements/a.txt\n',
      'requirements/a.txt': '-r b.txt\npytest\n',
      'requirements/b.txt': '-r a.txt\n-r ../requirements.txt\n',
    },
    'UTF-16 requirements and a broken Dockerfile': {
      'requirements.txt': Buffer.from('\uFEFFflask==3.0\npytest\n', 'utf16le'),
      Dockerfile: 'FROM\nRUN\nCOPY --from= . .\nONBUILD ONBUILD\nARG =\nFROM python:${',
    },
    'absurd lines': {
      'requirements.txt': `${'a'.repeat(20000)}\n${'\\\n'.repeat(500)}flask[${'x,'.repeat(500)}]\n-r ${'../'.repeat(50)}etc/passwd\n`,
      'setup.cfg': '[options]\ninstall_requires =\n\tpytest\n\t\t[\n',
    },
  };

  it.each(Object.keys(CASES))('%s: exit 1 or 2, no stack trace, for audit, alpine and split', (name) => {
    const root = tempDir('slimreq-bin-bad-');
    materialize(root, { files: Object.entries(CASES[name]).map(([p, c]) => [p, Buffer.isBuffer(c) ? c : Buffer.from(c, 'utf8')] as const), links: ['loop-dir', 'self-file'] });
    for (const args of [['audit', root, '--format', 'sarif'], ['alpine', root], ['split', join(root, 'requirements.txt')]]) {
      const r = slimreq(args);
      expect({ args: args[0], code: r.code }).toEqual({ args: args[0], code: expect.toSatisfy((c: number) => c === 1 || c === 2 || (args[0] !== 'audit' && c === 0)) });
      expect(r.stderr).not.toContain('internal error');
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });

  // Regression (fixed): when stdout is closed early (`slimreq audit --format sarif | head -1`), the process dies on an
  // unhandled 'error' event (EPIPE) and prints a Node stack trace to stderr; cli.ts only handles EPIPE
  // thrown synchronously. Expected: a quiet exit.
  it('a reader that closes the pipe early gets no stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" audit "${join(fixturesDir, 'cli-bad-input')}" --format sarif | head -c 10 >/dev/null`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('EPIPE');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
