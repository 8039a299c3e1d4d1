import { describe, expect, it } from 'vitest';
import { effectiveArgv, expandWord, parseShell, shellScript, toolCommand } from '../../src/parse/shell.js';

const argvs = (script: string) => parseShell(script).commands.map((c) => c.argv);
const ops = (script: string) => parseShell(script).commands.map((c) => c.operator);

describe('parseShell', () => {
  it('splits on &&, ||, ;, |, & and newlines, keeping the operator before each command', () => {
    const script = 'a 1 && b 2 || c; d | e & f\ng';
    expect(argvs(script)).toEqual([['a', '1'], ['b', '2'], ['c'], ['d'], ['e'], ['f'], ['g']]);
    expect(ops(script)).toEqual([null, '&&', '||', ';', '|', '&', '\n']);
  });

  it('keeps `&&` when the next command is on a continued line', () => {
    expect(ops('apt-get update && \\\n  apt-get install -y gcc')).toEqual([null, '&&']);
    expect(argvs('apt-get install -y \\\n    gcc \\\n    make')).toEqual([['apt-get', 'install', '-y', 'gcc', 'make']]);
  });

  it('handles single, double and backslash quoting', () => {
    expect(argvs(`echo 'a && b' "c; \\"d\\"" e\\ f \\$HOME`)).toEqual([['echo', 'a && b', 'c; "d"', 'e f', '$HOME']]);
    expect(argvs(`pip install -e ".[dev,test]"`)).toEqual([['pip', 'install', '-e', '.[dev,test]']]);
    expect(argvs(`echo $'tab\\there'`)).toEqual([['echo', 'tab\there']]);
  });

  it('keeps $(...), ${...} and backticks inside words', () => {
    expect(argvs('savedAptMark="$(apt-mark showmanual)"; apt-mark manual $savedAptMark')).toEqual([[], ['apt-mark', 'manual', '$savedAptMark']]);
    expect(parseShell('X="$(a && b)" y').commands[0]).toMatchObject({ assignments: ['X=$(a && b)'], argv: ['y'] });
    expect(argvs('make -j "$(nproc)" ${FLAGS:-a b} `uname -m`')).toEqual([['make', '-j', '$(nproc)', '${FLAGS:-a b}', '`uname -m`']]);
  });

  it('drops redirections and their targets', () => {
    expect(argvs('pip install x > /tmp/log 2>&1 < /dev/null')).toEqual([['pip', 'install', 'x']]);
    expect(argvs('apt-mark auto ".*" >/dev/null; echo >&2 hi; cmd &> out')).toEqual([['apt-mark', 'auto', '.*'], ['echo', 'hi'], ['cmd']]);
  });

  it('skips shell heredoc bodies', () => {
    expect(argvs('cat <<EOF > /etc/x\napt-get install gcc\nEOF\necho done')).toEqual([['cat'], ['echo', 'done']]);
    expect(argvs('cat <<-"END"\n\tpip install x\n\tEND\nls')).toEqual([['cat'], ['ls']]);
  });

  it('strips leading assignments and reserved words', () => {
    const [c] = parseShell('DEBIAN_FRONTEND=noninteractive A="x y" apt-get install -y gcc').commands;
    expect(c.assignments).toEqual(['DEBIAN_FRONTEND=noninteractive', 'A=x y']);
    expect(c.argv).toEqual(['apt-get', 'install', '-y', 'gcc']);
    expect(argvs('if [ -f r.txt ]; then pip install -r r.txt; else echo no; fi')).toEqual([['[', '-f', 'r.txt', ']'], ['pip', 'install', '-r', 'r.txt'], ['echo', 'no']]);
    expect(argvs('( cd /src && make ) && { echo ok; }')).toEqual([['cd', '/src'], ['make'], ['echo', 'ok']]);
  });

  it('skips comments', () => {
    expect(argvs('echo a # && rm -rf /\necho "#not" b#c')).toEqual([['echo', 'a'], ['echo', '#not', 'b#c']]);
  });

  it('records offsets of commands and words', () => {
    const [a, b] = parseShell('  apt-get update &&  pip install x').commands;
    expect([a.start, b.start]).toEqual([2, 21]);
    expect(b.words.map((w) => [w.value, w.start, w.end])).toEqual([['pip', 21, 24], ['install', 25, 32], ['x', 33, 34]]);
  });

  it('reports unterminated quotes without throwing', () => {
    expect(parseShell('echo "abc').errors).toEqual([{ offset: 5, message: 'unterminated double quote' }]);
    expect(parseShell("echo 'abc").errors).toEqual([{ offset: 5, message: 'unterminated single quote' }]);
    expect(parseShell('echo $(abc').errors.map((e) => e.message)).toEqual(['unterminated substitution']);
  });
});

describe('toolCommand', () => {
  // Options as [canonical name, value]: the spelling the table lists first for the option's group.
  const read = (script: string) => {
    const t = toolCommand(parseShell(script).commands[0].argv);
    return t && { tool: t.tool, subcommand: t.subcommand, options: t.options.map((o) => [o.name, o.value]), operands: t.operands };
  };
  it.each([
    ['apt-get install -y --no-install-recommends gcc', { tool: 'apt-get', subcommand: 'install', options: [['-y', null], ['--no-install-recommends', null]], operands: ['gcc'] }],
    ['pip install --no-cache-dir -r requirements.txt', { tool: 'pip', subcommand: 'install', options: [['--no-cache-dir', null], ['-r', 'requirements.txt']], operands: [] }],
    ['apk add --no-cache --virtual .build-deps gcc', { tool: 'apk', subcommand: 'add', options: [['--no-cache', null], ['-t', '.build-deps']], operands: ['gcc'] }],
    ['uv sync --frozen --no-dev', { tool: 'uv', subcommand: 'sync', options: [['--frozen', null], ['--no-dev', null]], operands: [] }],
    ['poetry install --only main', { tool: 'poetry', subcommand: 'install', options: [['--only', 'main']], operands: [] }],
    ['pipenv install --dev', { tool: 'pipenv', subcommand: 'install', options: [['-d', null]], operands: [] }],
    ['python -m pip install flask', { tool: 'pip', subcommand: 'install', options: [], operands: ['flask'] }],
    ['pip3 install --requirement=req.txt', { tool: 'pip', subcommand: 'install', options: [['-r', 'req.txt']], operands: [] }],
    ['uv pip install --system -r r.txt', { tool: 'uv-pip', subcommand: 'install', options: [['--system', null], ['-r', 'r.txt']], operands: [] }],
    ['apt-get install -yq curl', { tool: 'apt-get', subcommand: 'install', options: [['-y', null], ['-q', null]], operands: ['curl'] }],
    ['pip-sync requirements.txt', { tool: 'pip-sync', subcommand: null, options: [], operands: ['requirements.txt'] }],
    // pip's optparse: a unique prefix of a long option is that option; short options cluster.
    ['pip install --no-cache flask', { tool: 'pip', subcommand: 'install', options: [['--no-cache-dir', null]], operands: ['flask'] }],
    ['pip install --no-cache-d --requirem r.txt', { tool: 'pip', subcommand: 'install', options: [['--no-cache-dir', null], ['-r', 'r.txt']], operands: [] }],
    ['pip install --no-c flask', { tool: 'pip', subcommand: 'install', options: [['--no-c', null]], operands: ['flask'] }],
    ['pip install -Ur r.txt', { tool: 'pip', subcommand: 'install', options: [['-U', null], ['-r', 'r.txt']], operands: [] }],
    ['pip3.12 install -rr.txt', { tool: 'pip', subcommand: 'install', options: [['-r', 'r.txt']], operands: [] }],
    ['python3.12 -m pip install x', { tool: 'pip', subcommand: 'install', options: [], operands: ['x'] }],
    ['/venv/bin/pip install x', { tool: 'pip', subcommand: 'install', options: [], operands: ['x'] }],
    // uv: --no-cache-dir and -n are --no-cache; global options before the subcommand are kept.
    ['uv pip install --no-cache-dir x', { tool: 'uv-pip', subcommand: 'install', options: [['--no-cache', null]], operands: ['x'] }],
    ['uv --no-cache pip install --system x', { tool: 'uv-pip', subcommand: 'install', options: [['--no-cache', null], ['--system', null]], operands: ['x'] }],
    ['uv -n sync --frozen', { tool: 'uv', subcommand: 'sync', options: [['--no-cache', null], ['--frozen', null]], operands: [] }],
    ['python -m uv pip install x', { tool: 'uv-pip', subcommand: 'install', options: [], operands: ['x'] }],
    // aptitude reads -R as --without-recommends
    ['aptitude install -yR python3', { tool: 'aptitude', subcommand: 'install', options: [['-y', null], ['--no-install-recommends', null]], operands: ['python3'] }],
    ['apk add --no-network --virtual=.rundeps so:libz.so.1', { tool: 'apk', subcommand: 'add', options: [['--no-network', null], ['-t', '.rundeps']], operands: ['so:libz.so.1'] }],
  ])('%s', (script, expected) => {
    expect(read(script)).toEqual(expected);
  });

  it('sees through wrappers and paths', () => {
    expect(effectiveArgv(['sudo', '-u', 'root', '/usr/bin/apt-get', 'update'])).toEqual(['apt-get', 'update']);
    expect(effectiveArgv(['env', 'A=1', 'pip', 'install'])).toEqual(['pip', 'install']);
    expect(toolCommand(['/opt/venv/bin/python3.12', '-I', '-m', 'pip', 'install', 'x'])?.tool).toBe('pip');
    expect(effectiveArgv(['xargs', '-rt', 'apk', 'add', '--no-network'])).toEqual(['apk', 'add', '--no-network']);
    expect(effectiveArgv(['xargs', '-n', '1', 'pip', 'install'])).toEqual(['pip', 'install']);
    expect(effectiveArgv(['xargs', '-I{}', 'rm', '-rf', '{}'])).toEqual(['rm', '-rf', '{}']);
    expect(effectiveArgv(['timeout', '300', 'pip', 'install', 'x'])).toEqual(['pip', 'install', 'x']);
  });

  it('finds the script of sh -c', () => {
    expect(shellScript(['sh', '-c', 'pip install x && rm -rf /root/.cache'])).toBe('pip install x && rm -rf /root/.cache');
    expect(shellScript(['/bin/bash', '-ec', 'apt-get update'])).toBe('apt-get update');
    expect(shellScript(['sh', 'script.sh'])).toBeNull();
  });

  it('ignores other programs', () => {
    expect(toolCommand(['python', 'manage.py', 'collectstatic'])).toBeNull();
    expect(toolCommand(['rm', '-rf', '/var/lib/apt/lists/*'])).toBeNull();
    expect(toolCommand([])).toBeNull();
  });
});

describe('expandWord', () => {
  const vars = { DEPS: 'gcc libpq-dev', EMPTY: '', UNKNOWN: null, DIR: '/w' };
  it.each([
    ['$DEPS', ['gcc', 'libpq-dev']],
    ['"$DEPS"', ['gcc libpq-dev']],
    ['${DEPS}', ['gcc', 'libpq-dev']],
    ['${MISSING:-make cmake}', ['make', 'cmake']],
    ['${EMPTY:-x}', ['x']],
    ['${EMPTY-x}', []],
    ['${DIR:+--find-links=$DIR}', ['--find-links=/w']],
    ["'$DEPS'", ['$DEPS']],
    ['"a b"c', ['a bc']],
    ['$EMPTY', []],
    ['""', ['']],
    ['--target=$DIR/x', ['--target=/w/x']],
  ])('%s', (raw, expected) => {
    expect(expandWord(raw, vars)).toEqual(expected);
  });
  it.each(['$UNKNOWN', '$MISSING', '$(nproc)', '`uname`', '${DEPS%% *}', '$1'])('%s is unknown', (raw) => {
    expect(expandWord(raw, vars)).toBeNull();
  });
});
