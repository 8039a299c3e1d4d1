// A small POSIX-shell reader for RUN instructions: enough to see which programs run with which
// arguments. It splits a script into simple commands joined by `&&`, `||`, `;`, `|`, `&` and
// newlines, honours quoting and escapes, keeps `$(...)`, `${...}` and backticks inside words,
// drops redirections and skips shell heredoc bodies. It never throws; problems come back as errors.

import { readToolCommand, type ToolCommand } from './tools.js';

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
  /** The assignment words with their offsets and raw text (for expansion). */
  assignmentWords: ShellWord[];
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
        cmd.assignmentWords.push(word);
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
  return { argv: [], words: [], assignments: [], assignmentWords: [], operator, start: -1, end: -1 };
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

export { hasOption, optionValues, type PackageTool, type ToolCommand, type ToolOption } from './tools.js';

/** Wrappers that run the rest of their argv as a program, with the options that take a value. */
const WRAPPERS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-R', '-r', '-T', '-t', '-U']),
  exec: new Set(['-a']),
  nice: new Set(['-n']),
  nohup: new Set(),
  command: new Set(),
  xargs: new Set(['-I', '-n', '-P', '-L', '-s', '-d', '-a', '-E', '--delimiter', '--arg-file', '--max-args', '--max-procs', '--max-lines', '--max-chars', '--replace', '--eof']),
  time: new Set(['-f', '-o']),
  stdbuf: new Set(['-i', '-o', '-e']),
  chronic: new Set(),
  gosu: new Set(),
  'su-exec': new Set(),
};

/**
 * The argv with wrappers removed: `sudo -E apt-get ...`, `env A=1 pip ...`, `xargs -rt apk add …`,
 * `timeout 60 pip …`, `/usr/bin/pip3 ...` all become the program's own argv, with the program name
 * reduced to its base name.
 */
export function effectiveArgv(argv: readonly string[]): string[] {
  return unwrap(argv).argv;
}

/** The program's argv and the variables `env NAME=value` sets for it. */
export function unwrap(argv: readonly string[]): { argv: string[]; assignments: string[] } {
  let k = 0;
  const assignments: string[] = [];
  while (k < argv.length) {
    const name = baseName(argv[k]);
    if (name === 'env') {
      k++;
      while (k < argv.length && (ASSIGNMENT.test(argv[k]) || argv[k].startsWith('-'))) {
        if (ASSIGNMENT.test(argv[k])) assignments.push(argv[k]);
        if (argv[k] === '-u' || argv[k] === '-C' || argv[k] === '--unset' || argv[k] === '--chdir') k++;
        k++;
      }
      continue;
    }
    if (name === 'timeout') {
      k++;
      while (k < argv.length && argv[k].startsWith('-')) k += argv[k] === '-s' || argv[k] === '-k' ? 2 : 1;
      k++; // the duration
      continue;
    }
    if (name === 'gosu' || name === 'su-exec') {
      k += 2; // the user
      continue;
    }
    const valueOptions = WRAPPERS[name];
    if (valueOptions) {
      k++;
      while (k < argv.length && argv[k].startsWith('-') && argv[k] !== '-') {
        const word = argv[k];
        if (word === '--') {
          k++;
          break;
        }
        // `-n 1` takes the next word; `-n1`, `-I{}` and `--max-args=1` carry their value.
        if (valueOptions.has(word)) k++;
        k++;
      }
      continue;
    }
    break;
  }
  const rest = argv.slice(k);
  if (rest.length > 0) rest[0] = baseName(rest[0]);
  return { argv: rest, assignments };
}

function baseName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash === -1 ? word : word.slice(slash + 1);
}

/** Recognize a package-manager command (apt-get, apt, aptitude, apk, yum/dnf, pip, uv, poetry, pipenv, pdm, pip-sync). */
export function toolCommand(argv: readonly string[]): ToolCommand | null {
  return readToolCommand(effectiveArgv(argv));
}

/** The script of `sh -c '…'` / `bash -c "…"` (after wrappers), or null for any other command. */
export function shellScript(argv: readonly string[]): string | null {
  const a = effectiveArgv(argv);
  if (!/^(ba|da|a|z)?sh$/.test(a[0] ?? '')) return null;
  for (let k = 1; k < a.length; k++) {
    if (a[k] === '-c' || (/^-[a-z]+$/.test(a[k]) && a[k].includes('c') && !a[k].startsWith('--'))) return a[k + 1] ?? null;
    if (a[k] === '-o') k++;
    else if (!a[k].startsWith('-')) return null;
  }
  return null;
}

/**
 * Expand a word as the shell does, from its raw text: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, quote removal, and field splitting of unquoted
 * expansions (`$DEPS` with DEPS="gcc make" is two words, `"$DEPS"` one). Returns null when the
 * result depends on something unknown: a variable with no known value (null or absent), command
 * substitution, backticks, `$1`, or another parameter expansion (`${VAR%.txt}`).
 */
export function expandWord(raw: string, vars: Record<string, string | null>): string[] | null {
  const fields: string[] = [];
  let current = '';
  let hasField = false; // a quoted empty string still makes a word
  let i = 0;
  const n = raw.length;
  const lookup = (name: string): string | null | undefined => (Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined);
  const param = (from: number): { value: string; next: number } | null => {
    // raw[from] === '$'
    const next = raw[from + 1];
    if (next === '{') {
      let depth = 1;
      let close = -1;
      for (let k = from + 2; k < n; k++) {
        if (raw[k] === '{') depth++;
        else if (raw[k] === '}' && --depth === 0) {
          close = k;
          break;
        }
      }
      if (close === -1) return null;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+=])([\s\S]*))?$/.exec(raw.slice(from + 2, close));
      if (!m) return null;
      const [, name, op, word] = m;
      const value = lookup(name);
      if (value === null) return null;
      const set = value !== undefined;
      const nonEmpty = set && value !== '';
      const alt = (): string | null => {
        const expanded = expandWord(word ?? '', vars);
        return expanded === null ? null : expanded.join(' ');
      };
      let piece: string | null;
      if (op === undefined) piece = set ? value : null;
      else if (op === ':-' || op === ':=') piece = nonEmpty ? value : alt();
      else if (op === '-' || op === '=') piece = set ? value : alt();
      else if (op === ':+') piece = nonEmpty ? alt() : '';
      else piece = set ? alt() : '';
      if (piece === null) return null;
      return { value: piece, next: close + 1 };
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(raw.slice(from + 1));
    if (bare) {
      const value = lookup(bare[0]);
      if (value === null || value === undefined) return null;
      return { value, next: from + 1 + bare[0].length };
    }
    if (next === undefined || !/[0-9@*#?$!(-]/.test(next)) return { value: '$', next: from + 1 };
    return null;
  };
  const pushSplit = (value: string): void => {
    const parts = value.split(/[ \t\n]+/);
    parts.forEach((part, k) => {
      if (k > 0) {
        if (current !== '' || hasField) fields.push(current);
        current = '';
        hasField = false;
      }
      current += part;
    });
  };
  while (i < n) {
    const c = raw[i];
    if (c === '\\') {
      if (raw[i + 1] === '\n') {
        i += 2;
        continue;
      }
      current += raw[i + 1] ?? '';
      hasField = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      if (close === -1) return null;
      current += raw.slice(i + 1, close);
      hasField = true;
      i = close + 1;
      continue;
    }
    if (c === '$' && raw[i + 1] === "'") return null;
    if (c === '`') return null;
    if (c === '"') {
      hasField = true;
      let j = i + 1;
      while (j < n && raw[j] !== '"') {
        const d = raw[j];
        if (d === '\\' && '$`"\\\n'.includes(raw[j + 1] ?? '')) {
          if (raw[j + 1] !== '\n') current += raw[j + 1];
          j += 2;
          continue;
        }
        if (d === '`') return null;
        if (d === '$') {
          const p = param(j);
          if (p === null) return null;
          current += p.value;
          j = p.next;
          continue;
        }
        current += d;
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const p = param(i);
      if (p === null) return null;
      pushSplit(p.value);
      i = p.next;
      continue;
    }
    current += c;
    i++;
  }
  if (current !== '' || hasField) fields.push(current);
  return fields;
}
