import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environmentAt, expand, parseDockerfile, splitImage, substitute, type DockerfileModel } from '../../src/parse/dockerfile.js';

const real = (name: string): DockerfileModel =>
  parseDockerfile(readFileSync(new URL(`./dockerfiles/${name}`, import.meta.url), 'utf8'), `test/${name}`);

const commandsOf = (model: DockerfileModel, stage: number, index: number) =>
  model.stages[stage].instructions[index].run!.commands.map((c) => [c.line, c.column, c.argv.join(' ')]);

describe('parseDockerfile: real-world files', () => {
  it('official-image style python slim Dockerfile', () => {
    const m = real('python-slim.Dockerfile');
    expect(m.diagnostics).toEqual([]);
    expect(m.stages).toHaveLength(1);
    const [stage] = m.stages;
    expect([stage.image, stage.isFinal, stage.imageRole, stage.line]).toEqual(['debian:bookworm-slim', true, 'layers', 6]);
    expect(stage.instructions.map((i) => i.keyword)).toEqual(['ENV', 'ENV', 'RUN', 'ENV', 'RUN', 'RUN', 'CMD']);
    expect(stage.instructions[0].keyValues).toEqual([{ key: 'PATH', value: '/usr/local/bin:$PATH' }]);
    expect(commandsOf(m, 0, 2)).toEqual([
      [13, 5, 'set -eux'],
      [14, 2, 'apt-get update'],
      [15, 2, 'apt-get install -y --no-install-recommends ca-certificates netbase tzdata'],
      [20, 2, 'rm -rf /var/lib/apt/lists/*'],
    ]);
    const build = stage.instructions[4].run!.commands;
    // The comment line inside the continuation is dropped; `case … esac` stays one command per branch.
    expect(build.map((c) => c.argv[0])).toContain('./configure');
    expect(build.some((c) => c.argv[0] === 'apt-mark' && c.argv[1] === 'auto')).toBe(true);
    const purge = build.find((c) => c.tool?.subcommand === 'purge')!;
    expect([purge.line, purge.column]).toEqual([60, 2]);
    expect(purge.tool!.options.map((o) => o.name)).toEqual(['-y', '--auto-remove', '-o']);
    const make = build.filter((c) => c.argv[0] === 'make');
    expect(make.map((c) => c.argv)).toEqual([['make', '-j', '$(nproc)', 'EXTRA_CFLAGS=${EXTRA_CFLAGS:-}'], ['make', 'install']]);
    expect(build.at(-1)!.argv).toEqual(['pip3', '--version']);
    const loop = stage.instructions[5].run!.commands;
    // `do`/`done` are reserved words; `dst=…` alone is an assignment, not a command.
    expect(loop.map((c) => c.argv[0])).toEqual(['set', 'for', 'ln']);
  });

  it('Poetry multi-stage build', () => {
    const m = real('poetry-multistage.Dockerfile');
    expect(m.diagnostics).toEqual([]);
    expect(m.syntax).toBe('docker/dockerfile:1.7');
    expect(m.globalArgs).toEqual({ PYTHON_VERSION: '3.12' });
    expect(m.stages.map((s) => [s.name, s.image, s.resolvedImage, s.imageRole, s.copiedFrom, s.isFinal])).toEqual([
      ['builder', 'python:${PYTHON_VERSION}-slim', 'python:3.12-slim', 'artifacts', true, false],
      ['runtime', 'python:${PYTHON_VERSION}-slim', 'python:3.12-slim', 'layers', false, true],
    ]);
    const env = m.stages[0].instructions[0];
    expect(env.keyValues.map((kv) => kv.key)).toEqual(['POETRY_VERSION', 'POETRY_HOME', 'POETRY_VIRTUALENVS_IN_PROJECT', 'POETRY_NO_INTERACTION', 'PIP_NO_CACHE_DIR']);
    expect([env.line, env.endLine]).toEqual([6, 10]);
    const install = m.stages[0].instructions[4];
    expect(install.run!.mounts).toEqual([{ type: 'cache', target: '/root/.cache/pypoetry' }]);
    expect(commandsOf(m, 0, 4)).toEqual([[17, 5, 'poetry install --only main --no-root']]);
    expect(install.run!.commands[0].tool).toMatchObject({ tool: 'poetry', subcommand: 'install', options: [{ name: '--only', value: 'main' }, { name: '--no-root', value: null }] });
    const copy = m.stages[1].instructions[2];
    expect(copy.copy).toEqual({ sources: ['/app'], dest: '/app', from: 'builder', fromStage: 0 });
    expect(copy.flags.map((f) => [f.name, f.value])).toEqual([['from', 'builder'], ['chown', 'app:app']]);
  });

  it('uv multi-stage build with bind and cache mounts', () => {
    const m = real('uv-multistage.Dockerfile');
    expect(m.diagnostics).toEqual([]);
    const [builder, final] = m.stages;
    expect([builder.platform, builder.name, builder.imageRole]).toEqual(['$BUILDPLATFORM', 'builder', 'artifacts']);
    expect(builder.instructions[0].copy).toEqual({ sources: ['/uv', '/uvx'], dest: '/bin/', from: 'ghcr.io/astral-sh/uv:0.4.20', fromStage: null });
    const sync = builder.instructions[3];
    expect([sync.line, sync.endLine]).toEqual([10, 13]);
    expect(sync.run!.mounts.map((mt) => [mt.type, mt.source ?? null, mt.target])).toEqual([
      ['cache', null, '/root/.cache/uv'],
      ['bind', 'uv.lock', 'uv.lock'],
      ['bind', 'pyproject.toml', 'pyproject.toml'],
    ]);
    expect(commandsOf(m, 0, 3)).toEqual([[13, 5, 'uv sync --frozen --no-install-project --no-dev']]);
    expect(builder.instructions[4].copy).toEqual({ sources: ['.'], dest: '/app', from: null, fromStage: null });
    expect(final.isFinal && final.imageRole === 'layers').toBe(true);
  });

  it('heredoc RUNs and COPYs, stage roles', () => {
    const m = real('alpine-heredoc.Dockerfile');
    expect(m.diagnostics).toEqual([]);
    expect(m.stages.map((s) => [s.name, s.baseStage, s.usedAsBase, s.imageRole])).toEqual([
      ['base', null, true, 'layers'],
      ['test', 0, false, 'none'],
      [null, 0, false, 'layers'],
    ]);
    const heredoc = m.stages[0].instructions[0];
    expect(heredoc.run!.heredoc).toBe(true);
    expect(commandsOf(m, 0, 0)).toEqual([
      [4, 1, 'set -eux'],
      [5, 1, 'apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev'],
      [6, 1, 'pip install --no-cache-dir cffi==1.17.1'],
      [7, 1, 'apk del .build-deps'],
    ]);
    const copy = m.stages[2].instructions[0];
    expect(copy.copy).toEqual({ sources: ['<<EOF'], dest: '/etc/app.conf', from: null, fromStage: null });
    // A heredoc fed to python is data, not shell.
    expect(commandsOf(m, 2, 1)).toEqual([[18, 5, 'python3']]);
  });
});

describe('parseDockerfile: directives, variables, flags', () => {
  it('honours `# escape=` with a backtick', () => {
    const m = parseDockerfile('# escape=`\nFROM python:3.12-slim\nRUN pip install `\n    --no-cache-dir `\n    flask\n', 'Dockerfile');
    expect(m.escape).toBe('`');
    expect(m.stages[0].instructions[0].run!.commands.map((c) => [c.line, c.column, c.argv])).toEqual([[3, 5, ['pip', 'install', '--no-cache-dir', 'flask']]]);
  });

  it('keeps backslashes as shell escapes when the escape is a backtick', () => {
    const m = parseDockerfile('# escape=`\nFROM windows\nRUN echo C:\\path `\n && dir\n', 'Dockerfile');
    expect(m.stages[0].instructions[0].run!.commands.map((c) => c.argv)).toEqual([['echo', 'C:path'], ['dir']]);
  });

  it('resolves FROM ${BASE} with ARG defaults before the first FROM, one level', () => {
    const m = parseDockerfile('ARG REG=docker.io\nARG BASE=${REG}/python:3.12\nARG TAG\nFROM ${BASE}\nFROM python:${TAG:-3.11}-slim\nFROM python:${TAG}\nFROM $NOPE', 'Dockerfile');
    expect(m.globalArgs).toEqual({ REG: 'docker.io', BASE: 'docker.io/python:3.12', TAG: null });
    expect(m.stages.map((s) => [s.resolvedImage, s.unresolved])).toEqual([
      ['docker.io/python:3.12', false],
      ['python:3.11-slim', false],
      ['python:', true],
      ['', true],
    ]);
  });

  it('expands the ${VAR} forms like the Dockerfile reference', () => {
    const vars = { A: 'a', E: '' };
    expect(expand('${A:-x}|${E:-x}|${U:-x}|${E-x}|${U-x}|${A:+y}|${E:+y}|${E+y}|$A', vars).value).toBe('a|x|x||x|y||y|a');
  });

  it('links stages by name (case-insensitive) and index', () => {
    const m = parseDockerfile('FROM python:3.12 AS Build\nRUN true\nFROM python:3.12-slim\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nFROM scratch AS unused\n', 'Dockerfile');
    expect(m.stages.map((s) => [s.name, s.copiedFrom, s.imageRole])).toEqual([
      ['build', true, 'none'],
      [null, false, 'none'],
      ['unused', false, 'layers'],
    ]);
    expect(m.finalStage).toBe(2);
    expect(m.stages[1].instructions.map((i) => i.copy!.fromStage)).toEqual([0, 0]);
  });

  it('marks stages copied wholesale as shipping their layers', () => {
    const m = parseDockerfile('FROM python:3.12-slim AS deps\nFROM scratch\nCOPY --from=deps / /\n', 'Dockerfile');
    expect(m.stages.map((s) => s.imageRole)).toEqual(['layers', 'layers']);
  });

  it('reads the multi-platform flag and mount options', () => {
    const m = parseDockerfile('FROM --platform=linux/amd64 python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip,sharing=locked --network=none pip install x\n', 'Dockerfile');
    expect(m.stages[0].platform).toBe('linux/amd64');
    const run = m.stages[0].instructions[0];
    expect(run.flags.map((f) => f.name)).toEqual(['mount', 'network']);
    expect(run.run!.mounts).toEqual([{ type: 'cache', target: '/root/.cache/pip', sharing: 'locked' }]);
    expect(run.run!.commands[0].column).toBe(78);
  });

  it('reads exec-form RUN and sh -c', () => {
    const m = parseDockerfile('FROM python:3.12-slim\nRUN ["pip", "install", "--no-cache-dir", "flask"]\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install -y curl"]\n', 'Dockerfile');
    expect(m.stages[0].instructions[0].run!.execForm).toBe(true);
    expect(m.stages[0].instructions[0].run!.commands.map((c) => c.argv)).toEqual([['pip', 'install', '--no-cache-dir', 'flask']]);
    expect(m.stages[0].instructions[1].run!.commands.map((c) => c.argv)).toEqual([['apt-get', 'update'], ['apt-get', 'install', '-y', 'curl']]);
  });

  it('reads COPY in JSON form and ARG without a default', () => {
    const m = parseDockerfile('FROM python:3.12-slim\nARG VERSION\nCOPY ["requirements.txt", "app dir/", "/app/"]\n', 'Dockerfile');
    expect(m.stages[0].instructions[0].keyValues).toEqual([{ key: 'VERSION', value: null }]);
    expect(m.stages[0].instructions[1].copy).toEqual({ sources: ['requirements.txt', 'app dir/'], dest: '/app/', from: null, fromStage: null });
  });
});

describe('parseDockerfile: suppressions', () => {
  it('maps every line of the instruction below a `# slimreq ignore=` comment', () => {
    const m = parseDockerfile('FROM python:3.12\n# slimreq ignore=pip-cache-in-image, SR308\nRUN pip install \\\n  flask\nRUN pip install x\n', 'Dockerfile');
    expect([...m.ignoresByLine]).toEqual([
      [3, ['pip-cache-in-image', 'SR308']],
      [4, ['pip-cache-in-image', 'SR308']],
    ]);
    expect(m.stages[0].instructions[0].ignores).toEqual(['pip-cache-in-image', 'SR308']);
  });

  it('reads `# slimreq: ignore[…]` on the line above into the same map', () => {
    const m = parseDockerfile('# slimreq: ignore[full-base-image]\nFROM python:3.12\n# slimreq: ignore[pip-cache-in-image, SR301]\nRUN pip install \\\n  flask\nRUN pip install x\n', 'Dockerfile');
    expect([...m.ignoresByLine]).toEqual([
      [2, ['full-base-image']],
      [4, ['pip-cache-in-image', 'SR301']],
      [5, ['pip-cache-in-image', 'SR301']],
    ]);
    expect(m.stages[0].instructions[0].ignores).toEqual(['pip-cache-in-image', 'SR301']);
  });

  it('collects both comment styles stacked above one instruction', () => {
    const m = parseDockerfile('FROM x\n# slimreq ignore=SR308\n# slimreq: ignore[SR303]\nRUN pip install flask\n', 'Dockerfile');
    expect(m.ignoresByLine.get(4)?.sort()).toEqual(['SR303', 'SR308']);
  });

  it('ignores look-alikes: no bracket, another tool', () => {
    const m = parseDockerfile('FROM x\n# slimreq: ignore SR308\nRUN b\n# hadolint: ignore[SR308]\nRUN c\n', 'Dockerfile');
    expect(m.ignoresByLine.size).toBe(0);
  });

  it('reads the same comments as requirements files: a reason after the bracket, any case, spaces after commas', () => {
    const m = parseDockerfile('FROM x\n# slimreq: ignore[SR308] because the cache is mounted\nRUN a\n# SLIMREQ IGNORE=sr303, Pip-Cache-In-Image\nRUN b\n', 'Dockerfile');
    expect(m.ignoresByLine.get(3)).toEqual(['SR308']);
    expect(m.ignoresByLine.get(5)).toEqual(['sr303', 'Pip-Cache-In-Image']);
  });

  it('does not accept hadolint comments', () => {
    const m = parseDockerfile('FROM python:3.12\n# hadolint ignore=DL3042\nRUN pip install flask\n', 'Dockerfile');
    expect(m.ignoresByLine.size).toBe(0);
  });

  it('applies to FROM lines too', () => {
    const m = parseDockerfile('# slimreq ignore=full-base-image\nFROM python:3.12\n', 'Dockerfile');
    expect(m.ignoresByLine.get(2)).toEqual(['full-base-image']);
  });
});

describe('parseDockerfile: broken input never throws', () => {
  const cases: [string, string, { line: number; column: number; message: RegExp }[]][] = [
    ['binary junk', '\u0000\u0001\u0002ELF\u0003', [{ line: 1, column: 1, message: /not a text Dockerfile/ }]],
    ['unknown instruction', 'FROM python:3.12-slim\nFOO bar\n  BAR baz', [{ line: 2, column: 1, message: /unknown instruction `FOO`/ }, { line: 3, column: 3, message: /unknown instruction `BAR`/ }]],
    ['FROM missing', 'RUN pip install flask\n', [{ line: 1, column: 1, message: /before the first FROM/ }, { line: 1, column: 1, message: /no FROM instruction/ }]],
    ['FROM without image', 'FROM\nRUN true', [{ line: 1, column: 1, message: /FROM without an image/ }]],
    ['unterminated quote in RUN', 'FROM python:3.12-slim\nRUN echo "oops', [{ line: 2, column: 10, message: /unterminated double quote/ }]],
    ['bare ONBUILD', 'FROM python:3.12-slim\nONBUILD\n', [{ line: 2, column: 1, message: /`ONBUILD` without an instruction/ }]],
    ['ONBUILD ONBUILD', 'FROM python:3.12-slim\n  ONBUILD ONBUILD RUN x', [{ line: 2, column: 3, message: /chaining ONBUILD/ }]],
    ['ONBUILD FROM', 'FROM python:3.12-slim\nONBUILD FROM x', [{ line: 2, column: 1, message: /cannot trigger FROM/ }]],
    [
      'HEALTHCHECK --interval= with no command (the cli-bad-input line)',
      'FROM python:3.12\nHEALTHCHECK --interval=',
      [{ line: 2, column: 13, message: /--interval` has no value/ }, { line: 2, column: 1, message: /without `CMD <command>` or `NONE`/ }],
    ],
    ['HEALTHCHECK --timeout= with a command', 'FROM x\nHEALTHCHECK --interval=30s --timeout= CMD curl -f http://localhost/', [{ line: 2, column: 28, message: /--timeout` has no value/ }]],
    ['HEALTHCHECK bad duration and retries', 'FROM x\nHEALTHCHECK --start-period=5 --retries=x CMD true', [{ line: 2, column: 13, message: /--start-period=5` is not a duration/ }, { line: 2, column: 30, message: /--retries=x` needs a whole number/ }]],
    ['HEALTHCHECK with an unknown type', 'FROM x\nHEALTHCHECK curl -f http://localhost/', [{ line: 2, column: 1, message: /expected `CMD <command>` or `NONE`/ }]],
    ['bare HEALTHCHECK CMD', 'FROM x\nHEALTHCHECK CMD', [{ line: 2, column: 1, message: /`HEALTHCHECK CMD` without a command/ }]],
  ];
  it.each([
    ['ONBUILD with a trigger', 'FROM x\nONBUILD COPY . /app'],
    ['HEALTHCHECK NONE', 'FROM x\nHEALTHCHECK NONE'],
    ['HEALTHCHECK with every option', 'FROM x\nHEALTHCHECK --interval=1m30s --timeout=10s --start-period=0 --start-interval=0.5s --retries=3 \\\n  CMD ["curl", "-f", "http://localhost/"]'],
  ])('accepts %s', (_name, content) => {
    expect(parseDockerfile(content, 'Dockerfile').diagnostics).toEqual([]);
  });
  const more: [string, string, { line: number; column: number; message: RegExp }[]][] = [
    ['cli-bad-input fixture', readFileSync(new URL('../../fixtures/cli-bad-input/Dockerfile', import.meta.url), 'utf8'), [
      { line: 4, column: 1, message: /`ONBUILD` without an instruction/ },
      { line: 5, column: 13, message: /--interval` has no value/ },
      { line: 5, column: 1, message: /`HEALTHCHECK` without/ },
    ]],
  ];
  cases.push(...more);
  it.each(cases)('%s', (_name, content, expected) => {
    let m: DockerfileModel | undefined;
    expect(() => (m = parseDockerfile(content, 'Dockerfile'))).not.toThrow();
    expect(m!.diagnostics.map((d) => ({ line: d.line, column: d.column, message: d.message }))).toEqual(
      expected.map((e) => ({ line: e.line, column: e.column, message: expect.stringMatching(e.message) })),
    );
    expect(m!.diagnostics.every((d) => d.rule === 'manifest-parse-error')).toBe(true);
  });

  it('survives random bytes and edge cases', () => {
    for (const content of ['', '\n\n', '# only a comment', 'FROM', 'FROM python AS', 'RUN <<EOF\n', 'FROM x\nRUN <<EOF\nno end', 'FROM x\nCOPY --from= . .', '\r\n\r\nFROM x\r\nRUN a \\\r\n b\r\n', 'FROM x\nRUN $(((']) {
      expect(() => parseDockerfile(content, 'Dockerfile')).not.toThrow();
    }
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'FROM RUN COPY ARG ENV <<EOF\\\n"\'`$(){}#=--mount= &&|;:';
    for (let k = 0; k < 300; k++) {
      let s = '';
      for (let j = 0; j < 80; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(() => parseDockerfile(s, 'Dockerfile')).not.toThrow();
    }
  });
});

describe('splitImage', () => {
  it('splits registry, name, tag and digest', () => {
    expect(splitImage('python:3.12')).toEqual({ registry: null, name: 'python', tag: '3.12', digest: null });
    expect(splitImage('docker.io/library/python:3.12-slim')).toEqual({ registry: 'docker.io', name: 'python', tag: '3.12-slim', digest: null });
    expect(splitImage('localhost:5000/team/app@sha256:abc')).toEqual({ registry: 'localhost:5000', name: 'team/app', tag: null, digest: 'sha256:abc' });
  });
});

describe('substitute: words a RUN or COPY reads, with known build variables', () => {
  const vars = { A: 'a', E: '', N: null };
  it.each([
    ['${A}.txt', 'a.txt'],
    ['$A/x', 'a/x'],
    ['${A:-x}|${E:-x}|${U:-x}|${E-x}|${U-x}|${A:+y}|${E:+y}|${E+y}|${U+y}', 'a|x|x||x|y||y|'],
    ['${U:-${A}b}', 'ab'],
    ['no variables', 'no variables'],
    ['cost$', 'cost$'],
    ['a$/b', 'a$/b'],
  ])('%s -> %s', (word, expected) => {
    expect(substitute(word, vars)).toBe(expected);
  });

  // Unknown: a build argument without default, an undeclared variable, the shell's own expansions.
  it.each([['$N'], ['${N}'], ['${N:-x}'], ['${N+y}'], ['$U'], ['${U}'], ['$(cat f)'], ['`cat f`'], ['${A%.txt}'], ['$1'], ['${A']])('%s is unknown', (word) => {
    expect(substitute(word, vars)).toBeNull();
  });
});

describe('environmentAt: Docker scoping of ARG and ENV', () => {
  const envAt = (text: string, stage: number, index: number): Record<string, string | null> => {
    const m = parseDockerfile(text, 'Dockerfile');
    return environmentAt(m, m.stages[stage], m.stages[stage].instructions[index]);
  };

  it('sees stage ARG defaults, redeclared global ARGs and ENV, each expanded when declared', () => {
    const env = envAt('ARG G=glob\nARG H=hidden\nFROM python:3.12-slim\nARG G\nARG L=${G}-local\nARG NODEF\nENV P=/opt/$L X=$NODEF\nRUN true', 0, 4);
    expect(env).toEqual({ G: 'glob', L: 'glob-local', NODEF: null, P: '/opt/glob-local', X: null });
  });

  it('inherits ARG and ENV from the base stage, not from unrelated stages', () => {
    const text = 'FROM python:3.12-slim AS base\nARG A=1\nENV B=2\nFROM python:3.12-slim AS other\nARG C=3\nFROM base\nRUN true';
    expect(envAt(text, 2, 0)).toEqual({ A: '1', B: '2' });
  });

  it('keeps ENV over a later ARG of the same name and reads `ENV A=1 B=$A` with the earlier A', () => {
    expect(envAt('FROM python:3.12-slim\nENV V=env\nARG V=arg\nRUN true', 0, 2)).toEqual({ V: 'env' });
    expect(envAt('FROM python:3.12-slim\nENV A=0\nENV A=1 B=$A\nRUN true', 0, 2)).toEqual({ A: '1', B: '0' });
  });
});

describe('instructions Docker rejects', () => {
  const messages = (text: string) => parseDockerfile(text, 'Dockerfile').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
  it('an instruction without arguments', () => {
    expect(messages('FROM python:3.12-slim\nENV\nRUN\nCOPY\nWORKDIR\n')).toEqual([
      '2:1 `ENV` needs arguments',
      '3:1 `RUN` needs arguments',
      '4:1 `COPY` needs arguments',
      '5:1 `WORKDIR` needs arguments',
    ]);
  });
  it('an empty file, and a continuation at the end of the file', () => {
    expect(messages('')).toEqual(['1:1 empty Dockerfile: no instructions']);
    expect(messages('# only a comment\n')).toEqual(['1:1 empty Dockerfile: no instructions']);
    expect(messages('FROM python:3.12-slim\nRUN pip install \\\n')).toEqual(['2:17 line continuation at the end of the file: the instruction is unfinished']);
  });
  it('a heredoc RUN and a complete file stay clean', () => {
    expect(messages('# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nRUN <<EOF\npip install --no-cache-dir flask\nEOF\n')).toEqual([]);
  });
});
