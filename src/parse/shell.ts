// A small POSIX-shell reader for RUN instructions: enough to see which programs run with which
// arguments. It splits a script into simple commands joined by `&&`, `||`, `;`, `|`, `&` and
// newlines, honours quoting and escapes, keeps `$(...)`, `${...}` and backticks inside words,
// drops redirections and skips shell heredoc bodies. It never throws; problems come back as errors.

export type ShellOperator = '&&' | '||' | ';' | '|' | '&' | '\n';

export interface ShellWord {
  /** The word after quote removal (`"a b"` -> `a b`); substitutions are kept as written. */
  value: string;
  /** Offset of the word's first character in the script. */
  start: number;
  /** Offset just past the word's last character. */
  end: number;
  /** True when any part of the word was quoted or escaped (so it cannot be a reserved word). */
  quoted: boolean;
  /** The word as written. */
  raw: string;
}

export interface ShellCommand {
  /** Program and arguments, after leading assignments and reserved words, without redirections. */
  argv: string[];
  /** The argv words with their offsets. */
  words: ShellWord[];
  /** Leading `NAME=value` assignments (as `NAME=value`, quotes removed). */
  assignments: string[];
  /** The operator that joins this command to the previous one; null for the first command. */
  operator: ShellOperator | null;
  /** Offset of the command's first token (an assignment or argv[0]). */
  start: number;
  /** Offset just past the command's last word. */
  end: number;
}

export interface ShellError {
  offset: number;
  message: string;
}

export interface ShellParseResult {
  commands: ShellCommand[];
  errors: ShellError[];
}

const RESERVED_PREFIX = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
const RESERVED_END = new Set(['fi', 'done', 'esac', '}']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

type Token =
  | { kind: 'word'; word: ShellWord }
  | { kind: 'op'; op: ShellOperator; offset: number }
  | { kind: 'redirect'; needsTarget: boolean; offset: number };

/** Split a shell script into simple commands. */
export function parseShell(script: string): ShellParseResult {
  const errors: ShellError[] = [];
  const tokens = tokenize(script, errors);
  const commands: ShellCommand[] = [];
  let current: ShellCommand | null = null;
  // The operator seen since the last command; a newline after `&&` does not replace the `&&`.
  let pendingOperator: ShellOperator | null = null;
  let skipNextWord = false;

  const hasContent = (c: ShellCommand | null): c is ShellCommand => c !== null && (c.argv.length > 0 || c.assignments.length > 0);

  for (const token of tokens) {
    if (token.kind === 'op') {
      skipNextWord = false;
      if (hasContent(current)) {
        commands.push(current);
        pendingOperator = token.op;
      } else if (token.op !== '\n' && commands.length > 0) {
        pendingOperator = token.op;
      }
      current = null;
      continue;
    }
    if (token.kind === 'redirect') {
      skipNextWord = token.needsTarget;
      continue;
    }
    const word = token.word;
    if (skipNextWord) {
      skipNextWord = false;
      continue;
    }
    if (!current) current = newCommand(commands.length > 0 ? pendingOperator : null);
    const cmd: ShellCommand = current;
    if (cmd.argv.length === 0) {
      if (ASSIGNMENT.test(word.raw)) {
        if (cmd.assignments.length === 0) cmd.start = word.start;
        cmd.assignments.push(word.value);
        cmd.end = word.end;
        continue;
      }
      if (!word.quoted && cmd.assignments.length === 0 && (RESERVED_PREFIX.has(word.value) || RESERVED_END.has(word.value))) {
        // `then pip install x` is the command `pip install x`; `fi` alone is no command.
        continue;
      }
      if (cmd.assignments.length === 0) cmd.start = word.start;
    }
    cmd.argv.push(word.value);
    cmd.words.push(word);
    cmd.end = word.end;
  }
  if (hasContent(current)) commands.push(current);
  return { commands, errors };
}

function newCommand(operator: ShellOperator | null): ShellCommand {
  return { argv: [], words: [], assignments: [], operator, start: -1, end: -1 };
}

function tokenize(s: string, errors: ShellError[]): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];
  let i = 0;
  const n = s.length;

  const skipHeredocBodies = (): void => {
    // i points just past a newline: consume the bodies of heredocs opened on the previous line.
    while (pendingHeredocs.length > 0) {
      const { delimiter, stripTabs } = pendingHeredocs.shift()!;
      let found = false;
      while (i < n) {
        let lineEnd = s.indexOf('\n', i);
        if (lineEnd === -1) lineEnd = n;
        let line = s.slice(i, lineEnd);
        if (stripTabs) line = line.replace(/^\t+/, '');
        i = Math.min(lineEnd + 1, n);
        if (line === delimiter || line === delimiter + '\r') {
          found = true;
          break;
        }
      }
      if (!found) errors.push({ offset: i, message: `heredoc delimited by \`${delimiter}\` is never closed` });
    }
  };

  while (i < n) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\r' && s[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', offset: i });
      i++;
      skipHeredocBodies();
      continue;
    }
    if (c === '#') {
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    if (c === '&' && s[i + 1] === '&') {
      tokens.push({ kind: 'op', op: '&&', offset: i });
      i += 2;
      continue;
    }
    if (c === '|' && s[i + 1] === '|') {
      tokens.push({ kind: 'op', op: '||', offset: i });
      i += 2;
      continue;
    }
    if (c === ';') {
      tokens.push({ kind: 'op', op: ';', offset: i });
      i += s[i + 1] === ';' ? 2 : s[i + 1] === '&' ? 2 : 1;
      continue;
    }
    if (c === '|') {
      tokens.push({ kind: 'op', op: '|', offset: i });
      i += s[i + 1] === '&' ? 2 : 1;
      continue;
    }
    if (c === '&' && s[i + 1] !== '>') {
      tokens.push({ kind: 'op', op: '&', offset: i });
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: 'op', op: ';', offset: i });
      i++;
      continue;
    }
    const redirect = /^(\d*)(<<<|<<-|<<|<>|<&|>&|>>|>\||<|>)|^(&>>|&>)/.exec(s.slice(i, i + 8));
    if (redirect && (redirect[2] !== undefined || redirect[3] !== undefined)) {
      const op = redirect[0];
      const start = i;
      i += op.length;
      if (op.endsWith('<<') || op.endsWith('<<-')) {
        // Read the delimiter word now so its body can be skipped after the next newline.
        while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
        const word = readWord(s, i, errors);
        if (word) {
          pendingHeredocs.push({ delimiter: word.word.value, stripTabs: op.endsWith('-') });
          i = word.next;
        }
        tokens.push({ kind: 'redirect', needsTarget: false, offset: start });
        continue;
      }
      // `2>&1`, `>&2`, `2>&-`: the target is glued to the operator.
      if ((op.endsWith('>&') || op.endsWith('<&')) && /[\d-]/.test(s[i] ?? '')) {
        while (i < n && /[\d-]/.test(s[i])) i++;
        tokens.push({ kind: 'redirect', needsTarget: false, offset: start });
        continue;
      }
      tokens.push({ kind: 'redirect', needsTarget: true, offset: start });
      continue;
    }
    const word = readWord(s, i, errors);
    if (!word) {
      i++;
      continue;
    }
    tokens.push({ kind: 'word', word: word.word });
    i = word.next;
  }
  return tokens;
}

const WORD_END = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);

function readWord(s: string, start: number, errors: ShellError[]): { word: ShellWord; next: number } | null {
  let i = start;
  const n = s.length;
  let value = '';
  let quoted = false;
  while (i < n) {
    const c = s[i];
    if (WORD_END.has(c)) {
      if (c === '\r' && s[i + 1] !== '\n') {
        value += c;
        i++;
        continue;
      }
      break;
    }
    if (c === '\\') {
      if (s[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (s[i + 1] === '\r' && s[i + 2] === '\n') {
        i += 3;
        continue;
      }
      quoted = true;
      if (i + 1 < n) value += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      quoted = true;
      const close = s.indexOf("'", i + 1);
      if (close === -1) {
        errors.push({ offset: i, message: 'unterminated single quote' });
        value += s.slice(i + 1);
        i = n;
        break;
      }
      value += s.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '$' && s[i + 1] === "'") {
      quoted = true;
      let j = i + 2;
      let v = '';
      while (j < n && s[j] !== "'") {
        if (s[j] === '\\' && j + 1 < n) {
          const e = s[j + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
          continue;
        }
        v += s[j];
        j++;
      }
      if (j >= n) errors.push({ offset: i, message: 'unterminated $\'...\' quote' });
      value += v;
      i = Math.min(j + 1, n);
      continue;
    }
    if (c === '"') {
      quoted = true;
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const d = s[j];
        if (d === '"') {
          closed = true;
          j++;
          break;
        }
        if (d === '\\') {
          const e = s[j + 1];
          if (e === '\n') {
            j += 2;
            continue;
          }
          if (e === '$' || e === '`' || e === '"' || e === '\\') {
            value += e;
            j += 2;
            continue;
          }
          value += d;
          j++;
          continue;
        }
        if (d === '$' && (s[j + 1] === '(' || s[j + 1] === '{')) {
          const end = matchSubstitution(s, j);
          value += s.slice(j, end);
          j = end;
          continue;
        }
        if (d === '`') {
          const end = matchBacktick(s, j);
          value += s.slice(j, end);
          j = end;
          continue;
        }
        value += d;
        j++;
      }
      if (!closed) errors.push({ offset: i, message: 'unterminated double quote' });
      i = j;
      continue;
    }
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      const end = matchSubstitution(s, i);
      if (end > n || (s[end - 1] !== ')' && s[end - 1] !== '}')) errors.push({ offset: i, message: 'unterminated substitution' });
      value += s.slice(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      const end = matchBacktick(s, i);
      if (s[end - 1] !== '`' || end === i + 1) errors.push({ offset: i, message: 'unterminated backtick' });
      value += s.slice(i, end);
      i = end;
      continue;
    }
    value += c;
    i++;
  }
  if (i === start) return null;
  return { word: { value, start, end: i, quoted, raw: s.slice(start, i) }, next: i };
}

/** Offset just past the `)` or `}` closing the `$(`/`${` at `start`, skipping nested quotes. */
function matchSubstitution(s: string, start: number): number {
  const open = s[start + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'" && open === '(') {
      const q = s.indexOf("'", i + 1);
      i = q === -1 ? s.length : q + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return s.length;
}

function matchBacktick(s: string, start: number): number {
  let i = start + 1;
  while (i < s.length) {
    if (s[i] === '\\') {
      i += 2;
      continue;
    }
    if (s[i] === '`') return i + 1;
    i++;
  }
  return s.length;
}

// ---------------------------------------------------------------------------------------------
// Recognizing the programs that matter for image size.

const WRAPPERS = new Set(['sudo', 'exec', 'nice', 'nohup', 'command', 'xargs', 'eval']);

/**
 * The argv with wrappers removed: `sudo -E apt-get ...`, `env A=1 pip ...`, `/usr/bin/pip3 ...`
 * all become the program's own argv, with the program name reduced to its base name.
 */
export function effectiveArgv(argv: readonly string[]): string[] {
  let k = 0;
  while (k < argv.length) {
    const name = baseName(argv[k]);
    if (name === 'env') {
      k++;
      while (k < argv.length && (ASSIGNMENT.test(argv[k]) || argv[k].startsWith('-'))) k++;
      continue;
    }
    if (WRAPPERS.has(name)) {
      k++;
      while (k < argv.length && argv[k].startsWith('-')) {
        // sudo -u user: skip the option's value too.
        if (name === 'sudo' && /^-[ugCDhpRrTt]$/.test(argv[k])) k++;
        k++;
      }
      continue;
    }
    break;
  }
  const rest = argv.slice(k);
  if (rest.length > 0) rest[0] = baseName(rest[0]);
  return rest;
}

function baseName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash === -1 ? word : word.slice(slash + 1);
}

export type PackageTool =
  | 'apt-get'
  | 'apt'
  | 'apk'
  | 'yum'
  | 'dnf'
  | 'microdnf'
  | 'pip'
  | 'uv-pip'
  | 'uv'
  | 'poetry'
  | 'pipenv'
  | 'pdm'
  | 'pip-sync';

/** A package-manager invocation: the tool, its subcommand, its options and operands. */
export interface ToolCommand {
  tool: PackageTool;
  /** `install`, `add`, `del`, `update`, `sync`, `purge`, …; null when none was given. */
  subcommand: string | null;
  /** Options as written after the subcommand, with their values joined (`--virtual=.deps`, `-r=req.txt`). */
  options: { name: string; value: string | null }[];
  /** Non-option arguments after the subcommand (packages, paths). */
  operands: string[];
}

/** Options that take a value, per tool, so `-r file` and `--virtual name` are read correctly. */
const VALUE_OPTIONS: Record<string, Set<string>> = {
  pip: new Set([
    '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
    '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform', '--python-version',
    '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--cache-dir',
    '--trusted-host', '--only-binary', '--no-binary', '-C', '--config-settings', '--global-option',
    '--report', '--log', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--exists-action',
    '--python', '--group', '--build-option', '--install-option',
  ]),
  'uv-pip': new Set([
    '-r', '--requirements', '--requirement', '-c', '--constraint', '--constraints', '-e', '--editable',
    '-i', '--index-url', '--index', '--default-index', '--extra-index-url', '-f', '--find-links', '-t',
    '--target', '--prefix', '-p', '--python', '--python-version', '--python-platform', '--cache-dir',
    '--extra', '--group', '--override', '--overrides', '--exclude-newer', '--resolution', '--prerelease',
    '--index-strategy', '--keyring-provider', '--link-mode', '-C', '--config-setting', '--no-binary',
    '--only-binary', '--reinstall-package', '--upgrade-package', '-P', '--config-file', '--directory',
    '--project', '--color', '--allow-insecure-host', '--torch-backend',
  ]),
  uv: new Set([
    '--extra', '--group', '--no-group', '--only-group', '-p', '--python', '--package', '--cache-dir',
    '--index', '--default-index', '--index-url', '--extra-index-url', '-i', '-f', '--find-links',
    '--no-install-package', '--directory', '--project', '--config-file', '--color', '--link-mode',
    '--exclude-newer', '--resolution', '--prerelease', '--index-strategy', '--keyring-provider',
    '--reinstall-package', '--upgrade-package', '-P', '-C', '--config-setting', '--no-binary-package',
    '--no-build-package', '--python-platform', '--allow-insecure-host', '--script',
  ]),
  poetry: new Set(['--with', '--without', '--only', '-E', '--extras', '-C', '--directory', '-P', '--project']),
  pipenv: new Set(['--python', '-r', '--requirements', '--categories', '--extra-pip-args', '--index', '-i']),
  pdm: new Set(['-G', '--group', '--without', '-p', '--project', '-L', '--lockfile', '--venv']),
  'apt-get': new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file', '-a', '--host-architecture']),
  apk: new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--repositories-file', '--keys-dir']),
  yum: new Set(['--enablerepo', '--disablerepo', '--setopt', '--installroot', '-c', '--config', '--releasever', '-x', '--exclude']),
  'pip-sync': new Set(['-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--python-executable', '--pip-args']),
};
VALUE_OPTIONS.apt = VALUE_OPTIONS['apt-get'];
VALUE_OPTIONS.dnf = VALUE_OPTIONS.yum;
VALUE_OPTIONS.microdnf = VALUE_OPTIONS.yum;

const PYTHON = /^python(\d+(\.\d+)*)?$/;
const PIP = /^pip(\d+(\.\d+)*)?$/;

/** Recognize a package-manager command (apt-get, apk, yum/dnf, pip, uv, poetry, pipenv, pdm, pip-sync). */
export function toolCommand(argv: readonly string[]): ToolCommand | null {
  const a = effectiveArgv(argv);
  if (a.length === 0) return null;
  const name = a[0];
  let tool: PackageTool | null = null;
  let rest: string[] = [];
  if (PIP.test(name)) {
    tool = 'pip';
    rest = a.slice(1);
  } else if (PYTHON.test(name)) {
    // python -m pip …, python3 -I -m pip …
    let k = 1;
    while (k < a.length && /^-[A-Za-z]+$/.test(a[k]) && a[k] !== '-m') k++;
    if (a[k] === '-m' && a[k + 1] === 'pip') {
      tool = 'pip';
      rest = a.slice(k + 2);
    } else return null;
  } else if (name === 'uv') {
    const k = skipGlobalOptions(a, 1, VALUE_OPTIONS.uv);
    if (a[k] === 'pip') {
      tool = 'uv-pip';
      rest = a.slice(k + 1);
    } else {
      tool = 'uv';
      rest = a.slice(k);
    }
  } else if (name === 'apt-get' || name === 'apt' || name === 'apk' || name === 'yum' || name === 'dnf' || name === 'microdnf') {
    tool = name;
    rest = a.slice(1);
  } else if (name === 'poetry' || name === 'pipenv' || name === 'pdm' || name === 'pip-sync') {
    tool = name;
    rest = a.slice(1);
  } else return null;

  const valueOptions = VALUE_OPTIONS[tool] ?? new Set<string>();
  let subcommand: string | null = null;
  const options: { name: string; value: string | null }[] = [];
  const operands: string[] = [];
  const noSubcommand = tool === 'pip-sync';
  for (let k = 0; k < rest.length; k++) {
    const word = rest[k];
    if (word === '--') {
      operands.push(...rest.slice(k + 1));
      break;
    }
    if (word.startsWith('-') && word.length > 1) {
      const eq = word.indexOf('=');
      if (word.startsWith('--') && eq !== -1) {
        options.push({ name: word.slice(0, eq), value: word.slice(eq + 1) });
      } else if (valueOptions.has(word)) {
        options.push({ name: word, value: rest[k + 1] ?? null });
        k++;
      } else if (!word.startsWith('--') && word.length > 2 && valueOptions.has(word.slice(0, 2))) {
        // -rrequirements.txt
        options.push({ name: word.slice(0, 2), value: word.slice(2) });
      } else if (!word.startsWith('--') && word.length > 2 && (tool === 'apt-get' || tool === 'apt' || tool === 'apk' || tool === 'yum' || tool === 'dnf')) {
        // -yq -> -y -q
        for (const ch of word.slice(1)) options.push({ name: `-${ch}`, value: null });
      } else options.push({ name: word, value: null });
      continue;
    }
    if (subcommand === null && !noSubcommand) subcommand = word;
    else operands.push(word);
  }
  return { tool, subcommand, options, operands };
}

function skipGlobalOptions(a: readonly string[], from: number, valueOptions: Set<string>): number {
  let k = from;
  while (k < a.length && a[k].startsWith('-')) {
    if (valueOptions.has(a[k])) k++;
    k++;
  }
  return k;
}

/** True when the tool command carries any of the option names (`--no-cache-dir`, `-y`, …). */
export function hasOption(cmd: ToolCommand, ...names: string[]): boolean {
  return cmd.options.some((o) => names.includes(o.name));
}

/** Values of every occurrence of the given options (`-r a.txt -r b.txt` -> ['a.txt', 'b.txt']). */
export function optionValues(cmd: ToolCommand, ...names: string[]): string[] {
  return cmd.options.filter((o) => names.includes(o.name) && o.value !== null).map((o) => o.value as string);
}
