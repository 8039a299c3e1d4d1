import { describe, expect, it } from 'vitest';
import { effectiveArgv, parseShell, toolCommand } from '../../src/parse/shell.js';

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
  it.each([
    ['apt-get install -y --no-install-recommends gcc', { tool: 'apt-get', subcommand: 'install', options: [{ name: '-y', value: null }, { name: '--no-install-recommends', value: null }], operands: ['gcc'] }],
    ['pip install --no-cache-dir -r requirements.txt', { tool: 'pip', subcommand: 'install', options: [{ name: '--no-cache-dir', value: null }, { name: '-r', value: 'requirements.txt' }], operands: [] }],
    ['apk add --no-cache --virtual .build-deps gcc', { tool: 'apk', subcommand: 'add', options: [{ name: '--no-cache', value: null }, { name: '--virtual', value: '.build-deps' }], operands: ['gcc'] }],
    ['uv sync --frozen --no-dev', { tool: 'uv', subcommand: 'sync', options: [{ name: '--frozen', value: null }, { name: '--no-dev', value: null }], operands: [] }],
    ['poetry install --only main', { tool: 'poetry', subcommand: 'install', options: [{ name: '--only', value: 'main' }], operands: [] }],
    ['pipenv install --dev', { tool: 'pipenv', subcommand: 'install', options: [{ name: '--dev', value: null }], operands: [] }],
    ['python -m pip install flask', { tool: 'pip', subcommand: 'install', options: [], operands: ['flask'] }],
    ['pip3 install --requirement=req.txt', { tool: 'pip', subcommand: 'install', options: [{ name: '--requirement', value: 'req.txt' }], operands: [] }],
    ['uv pip install --system -r r.txt', { tool: 'uv-pip', subcommand: 'install', options: [{ name: '--system', value: null }, { name: '-r', value: 'r.txt' }], operands: [] }],
    ['apt-get install -yq curl', { tool: 'apt-get', subcommand: 'install', options: [{ name: '-y', value: null }, { name: '-q', value: null }], operands: ['curl'] }],
    ['pip-sync requirements.txt', { tool: 'pip-sync', subcommand: null, options: [], operands: ['requirements.txt'] }],
  ])('%s', (script, expected) => {
    expect(toolCommand(parseShell(script).commands[0].argv)).toEqual(expected);
  });

  it('sees through wrappers and paths', () => {
    expect(effectiveArgv(['sudo', '-u', 'root', '/usr/bin/apt-get', 'update'])).toEqual(['apt-get', 'update']);
    expect(effectiveArgv(['env', 'A=1', 'pip', 'install'])).toEqual(['pip', 'install']);
    expect(toolCommand(['/opt/venv/bin/python3.12', '-I', '-m', 'pip', 'install', 'x'])?.tool).toBe('pip');
  });

  it('ignores other programs', () => {
    expect(toolCommand(['python', 'manage.py', 'collectstatic'])).toBeNull();
    expect(toolCommand(['rm', '-rf', '/var/lib/apt/lists/*'])).toBeNull();
    expect(toolCommand([])).toBeNull();
  });
});
