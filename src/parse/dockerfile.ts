// Dockerfile -> DockerfileModel: stages, instructions, RUN commands, inline suppressions.
// Pure and forgiving: content in, model out; problems become diagnostics with 1-based positions.

import { parseIgnoreNames } from './suppression.js';
import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction, Dockerfile as AstDockerfile } from 'dockerfile-ast';
import type { Diagnostic } from '../model.js';
import { expandWord, parseShell, shellScript, toolCommand, unwrap, type ShellCommand, type ToolCommand } from './shell.js';

export const PARSE_ERROR_RULE = 'manifest-parse-error';

/** `--mount=type=cache,target=/root/.cache/pip` -> { name: 'mount', value: 'type=…', options: { type: 'cache', … } } */
export interface DockerFlag {
  name: string;
  value: string | null;
  options: Record<string, string | null>;
}

/** A simple command of a RUN, with its position in the Dockerfile. */
export interface RunCommand extends ShellCommand {
  line: number;
  column: number;
  /**
   * The argv as the program receives it: build variables (ARG defaults, ENV) and shell variables set
   * earlier in the RUN expanded, unquoted expansions split into words (`apt-get install $DEPS`). A
   * word that depends on an unknown value is kept as written (`$savedAptMark`).
   */
  args: string[];
  /**
   * The environment the program runs with: ARG and ENV values, variables exported earlier in the
   * RUN (`export PIP_NO_CACHE_DIR=1 && …`), its own `NAME=value` prefixes and `env NAME=value`.
   * A null value is unknown (a build argument without default, a command substitution).
   */
  env: Record<string, string | null>;
  /** The package-manager view of `args`, when it is one (apt-get, apk, pip, uv, poetry, …). */
  tool: ToolCommand | null;
}

export interface RunDetails {
  /** `RUN ["pip", "install", "x"]` (exec form): one command, no shell. */
  execForm: boolean;
  /** The script came (at least partly) from a heredoc body. */
  heredoc: boolean;
  commands: RunCommand[];
  /** Every simple command in order, with the bare assignments (`X=1; …`) that `commands` leaves out. */
  script: RunCommand[];
  /** `--mount` flags, each as its option map (type, target, source, from, id, …). */
  mounts: Record<string, string | null>[];
}

export interface CopyDetails {
  /** Sources as written (heredoc COPYs list the heredoc names, e.g. '<<EOF'). */
  sources: string[];
  dest: string | null;
  /** `--from` value as written. */
  from: string | null;
  /** Index of the stage `--from` names (by name or index), or null for an image or no `--from`. */
  fromStage: number | null;
}

export interface DockerInstruction {
  /** Upper-case keyword: RUN, COPY, FROM, … (unknown keywords kept as written, upper-cased). */
  keyword: string;
  line: number;
  column: number;
  endLine: number;
  /** Arguments text without flags, line continuations joined (as Docker reads it). */
  args: string;
  flags: DockerFlag[];
  /** ENV and ARG: the declared names and values (value null for `ARG NAME` without default). */
  keyValues: { key: string; value: string | null }[];
  copy: CopyDetails | null;
  run: RunDetails | null;
  /** Rule names or codes suppressed by a `# slimreq ignore=…` or `# slimreq: ignore[…]` comment directly above. */
  ignores: string[];
}

export interface DockerStage {
  index: number;
  /** The `AS` name, lower-cased as Docker matches it; null when unnamed. */
  name: string | null;
  line: number;
  column: number;
  /** Base image as written (`${BASE}`, `python:3.12-slim`, `builder`). */
  image: string;
  /** Base image with ARG defaults declared before the first FROM expanded. */
  resolvedImage: string;
  /** True when the image referenced a variable that has no known value. */
  unresolved: boolean;
  /** `--platform` value as written. */
  platform: string | null;
  /** Index of the earlier stage the base names (`FROM builder`), else null. */
  baseStage: number | null;
  isFinal: boolean;
  /** Later stages copy from this one with `COPY --from`. */
  copiedFrom: boolean;
  /** Later stages use this one as their base. */
  usedAsBase: boolean;
  /**
   * How the stage reaches the final image: 'layers' when its layers ship (the final stage and the
   * stages it is built on, or a stage copied wholesale with `COPY --from=x /`), 'artifacts' when the
   * final image copies files from it, 'none' otherwise (test or tooling stages).
   */
  imageRole: 'layers' | 'artifacts' | 'none';
  from: DockerInstruction;
  /** Instructions after FROM, in order. */
  instructions: DockerInstruction[];
}

export interface DockerfileModel {
  path: string;
  /** The build context assumed for this Dockerfile: its directory ('' for the root). */
  contextDir: string;
  /** The escape character (`\` unless a `# escape=` directive says otherwise). */
  escape: string;
  /** The `# syntax=` directive, when present. */
  syntax: string | null;
  /** ARGs declared before the first FROM with their defaults (expanded in order). */
  globalArgs: Record<string, string | null>;
  /** Instructions before the first FROM (ARGs). */
  preamble: DockerInstruction[];
  stages: DockerStage[];
  /** Index of the last stage (what `docker build` produces without --target), or -1 when none. */
  finalStage: number;
  diagnostics: Diagnostic[];
  /** Suppressions by line: every line an instruction spans maps to that instruction's ignores. */
  ignoresByLine: Map<number, string[]>;
}

const KNOWN_KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);


export function parseDockerfile(content: string, path: string): DockerfileModel {
  const model: DockerfileModel = {
    path,
    contextDir: dirName(path),
    escape: '\\',
    syntax: null,
    globalArgs: {},
    preamble: [],
    stages: [],
    finalStage: -1,
    diagnostics: [],
    ignoresByLine: new Map(),
  };
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (/[\u0000-\u0008\u000e-\u001a]/.test(text.slice(0, 8192))) {
    const offset = text.search(/[\u0000-\u0008\u000e-\u001a]/);
    const pos = positionAt(text, offset);
    model.diagnostics.push({ rule: PARSE_ERROR_RULE, ...pos, message: 'not a text Dockerfile (control or binary bytes)' });
    return model;
  }
  try {
    build(model, text);
  } catch (error) {
    model.diagnostics.push({
      rule: PARSE_ERROR_RULE,
      line: 1,
      column: 1,
      message: `could not read the Dockerfile: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return model;
}

function build(model: DockerfileModel, text: string): void {
  const lines = text.split(/\r\n|\n|\r/);
  const ast: AstDockerfile = DockerfileParser.parse(text);
  model.escape = ast.getEscapeCharacter();
  for (const d of ast.getDirectives()) if (d.getName().toLowerCase() === 'syntax') model.syntax = d.getValue();

  let stage: DockerStage | null = null;
  const stages = model.stages;
  for (const node of ast.getInstructions()) {
    const instruction = readInstruction(node, lines, model);
    const keyword = instruction.keyword;
    if (!KNOWN_KEYWORDS.has(keyword)) {
      model.diagnostics.push({
        rule: PARSE_ERROR_RULE,
        line: instruction.line,
        column: instruction.column,
        endLine: instruction.endLine,
        message: `unknown instruction \`${node.getInstruction()}\``,
      });
    }
    checkArguments(node, instruction, model);
    // Every instruction but these needs arguments; Docker rejects `RUN`, `ENV`, `COPY` alone.
    if (KNOWN_KEYWORDS.has(keyword) && !['HEALTHCHECK', 'ONBUILD', 'FROM'].includes(keyword) && instruction.args.trim() === '' && !(instruction.run?.heredoc ?? false)) {
      model.diagnostics.push({
        rule: PARSE_ERROR_RULE,
        line: instruction.line,
        column: instruction.column,
        endLine: instruction.endLine,
        message: `\`${keyword}\` needs arguments`,
      });
    }
    recordIgnores(model, instruction, lines);
    if (keyword === 'FROM') {
      stage = readStage(node, instruction, model);
      stages.push(stage);
      continue;
    }
    if (!stage) {
      if (keyword === 'ARG') {
        for (const { key, value } of instruction.keyValues) {
          model.globalArgs[key] = value === null ? null : expand(value, model.globalArgs).value;
        }
      } else if (KNOWN_KEYWORDS.has(keyword)) {
        model.diagnostics.push({
          rule: PARSE_ERROR_RULE,
          line: instruction.line,
          column: instruction.column,
          endLine: instruction.endLine,
          message: `\`${keyword}\` before the first FROM: only ARG may come before FROM`,
        });
      }
      model.preamble.push(instruction);
      continue;
    }
    stage.instructions.push(instruction);
  }

  if (stages.length === 0) {
    const empty = !lines.some((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    model.diagnostics.push({ rule: PARSE_ERROR_RULE, line: 1, column: 1, message: empty ? 'empty Dockerfile: no instructions' : 'no FROM instruction: not a buildable Dockerfile' });
  }
  // A line continuation on the last line leaves the instruction unfinished.
  const lastLine = lines.length - (lines[lines.length - 1] === '' ? 2 : 1);
  if (lastLine >= 0 && lines[lastLine].replace(/\s+$/, '').endsWith(model.escape) && !lines[lastLine].trim().startsWith('#')) {
    model.diagnostics.push({ rule: PARSE_ERROR_RULE, line: lastLine + 1, column: lines[lastLine].replace(/\s+$/, '').length, message: 'line continuation at the end of the file: the instruction is unfinished' });
  }
  linkStages(model);
  resolveRuns(model);
}

function unquote(text: string): string {
  return /^"[\s\S]*"$|^'[\s\S]*'$/.test(text) && text.length >= 2 ? text.slice(1, -1) : text;
}

/**
 * Read every RUN as its shell does, once the stages are linked: with the build variables its stage
 * sees (ARG defaults, ENV, inherited from base stages), expand each command's words and mount
 * targets, follow `export` and `NAME=value` through the script, and recognize the tools again on
 * the expanded argv (`apt-get install $DEPS`, `pip install $PIP_FLAGS`).
 */
function resolveRuns(model: DockerfileModel): void {
  for (const stage of model.stages) {
    const env = new BuildEnvironment(model);
    for (const s of stageChain(model, stage)) {
      for (const ins of s.instructions) {
        if (s === stage && ins.run) resolveRun(ins.run, env.values);
        env.apply(ins);
      }
    }
  }
}

function resolveRun(run: RunDetails, build: Record<string, string | null>): void {
  for (const mount of run.mounts) {
    for (const key of ['target', 'dst', 'destination', 'source', 'src', 'from', 'id']) {
      const value = mount[key];
      if (value === undefined || value === null || !value.includes('$')) continue;
      const expanded = substitute(value, build);
      if (expanded !== null) mount[key] = expanded;
    }
  }
  const shellVars: Record<string, string | null> = { ...build };
  const exported: Record<string, string | null> = { ...build };
  const assign = (word: { raw: string; value: string }, into: Record<string, string | null>[]): void => {
    const eq = word.raw.indexOf('=');
    const name = word.raw.slice(0, eq).replace(/\+$/, '');
    const expanded = expandWord(word.raw.slice(eq + 1), shellVars);
    const value = expanded === null ? null : expanded.join(' ');
    for (const target of into) target[name] = value;
  };
  for (const command of run.script) {
    if (command.words.length > 0) {
      command.args = command.words.flatMap((w) => expandWord(w.raw, shellVars) ?? [w.value]);
    }
    if (command.argv.length === 0) {
      // `X=1`: a shell variable; it reaches programs only if it was exported before.
      for (const w of command.assignmentWords) assign(w, Object.prototype.hasOwnProperty.call(exported, w.raw.slice(0, w.raw.indexOf('='))) ? [shellVars, exported] : [shellVars]);
      continue;
    }
    const name = command.args[0];
    if (name === 'export' || name === 'declare' || name === 'typeset') {
      for (const arg of command.args.slice(1)) {
        if (arg.startsWith('-')) continue;
        const eq = arg.indexOf('=');
        if (eq === -1) {
          if (Object.prototype.hasOwnProperty.call(shellVars, arg)) exported[arg] = shellVars[arg];
        } else if (name === 'export') {
          shellVars[arg.slice(0, eq)] = arg.slice(eq + 1);
          exported[arg.slice(0, eq)] = arg.slice(eq + 1);
        }
      }
      command.env = { ...exported };
      continue;
    }
    if (name === 'unset') {
      for (const arg of command.args.slice(1)) {
        delete shellVars[arg];
        delete exported[arg];
      }
      continue;
    }
    const env: Record<string, string | null> = { ...exported };
    for (const w of command.assignmentWords) assign(w, [env]);
    for (const a of unwrap(command.args).assignments) env[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    command.env = env;
    command.tool = toolCommand(command.args);
  }
}

const HEALTHCHECK_DURATIONS = new Set(['interval', 'timeout', 'start-period', 'start-interval']);
/** A Go duration as Docker parses it (`30s`, `1m30s`, `1.5h`, `0`). */
const GO_DURATION = /^(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|ms|s|m|h))+)$/;

/**
 * Instructions Docker rejects for their arguments: `ONBUILD` without a trigger (or chaining
 * ONBUILD, or triggering FROM/MAINTAINER), `HEALTHCHECK` without `CMD …`/`NONE`, and HEALTHCHECK
 * options without a usable value (`--interval=`, `--retries=x`).
 */
function checkArguments(node: Instruction, instruction: DockerInstruction, model: DockerfileModel): void {
  const problem = (line: number, column: number, message: string): void => {
    model.diagnostics.push({ rule: PARSE_ERROR_RULE, line, column, endLine: instruction.endLine, message });
  };
  const args = instruction.args.trim();
  if (instruction.keyword === 'ONBUILD') {
    const trigger = args.split(/\s+/)[0]?.toUpperCase() ?? '';
    if (args === '') problem(instruction.line, instruction.column, '`ONBUILD` without an instruction to trigger (e.g. `ONBUILD COPY . /app`)');
    else if (trigger === 'ONBUILD') problem(instruction.line, instruction.column, '`ONBUILD ONBUILD`: chaining ONBUILD is not allowed');
    else if (trigger === 'FROM' || trigger === 'MAINTAINER') problem(instruction.line, instruction.column, `\`ONBUILD ${trigger}\`: ONBUILD cannot trigger ${trigger}`);
    return;
  }
  if (instruction.keyword !== 'HEALTHCHECK') return;
  const flagNodes = safe(() => (node as unknown as { getFlags(): { getName(): string; getValue(): string | null; getRange(): { start: { line: number; character: number } } }[] }).getFlags(), []) ?? [];
  for (const flag of flagNodes) {
    const name = flag.getName().toLowerCase();
    const value = flag.getValue();
    const at = flag.getRange().start;
    if (HEALTHCHECK_DURATIONS.has(name)) {
      if (value === null || value === '') problem(at.line + 1, at.character + 1, `\`HEALTHCHECK --${name}\` has no value: give a duration such as \`--${name}=30s\``);
      else if (!GO_DURATION.test(value)) problem(at.line + 1, at.character + 1, `\`HEALTHCHECK --${name}=${value}\` is not a duration (e.g. \`30s\`, \`1m30s\`)`);
    } else if (name === 'retries') {
      if (value === null || !/^[0-9]+$/.test(value)) problem(at.line + 1, at.character + 1, `\`HEALTHCHECK --retries${value === null ? '' : `=${value}`}\` needs a whole number (e.g. \`--retries=3\`)`);
    }
  }
  const type = args.split(/\s+/)[0]?.toUpperCase() ?? '';
  if (args === '') problem(instruction.line, instruction.column, '`HEALTHCHECK` without `CMD <command>` or `NONE`');
  else if (type !== 'CMD' && type !== 'NONE') problem(instruction.line, instruction.column, `\`HEALTHCHECK ${args.split(/\s+/)[0]}\`: expected \`CMD <command>\` or \`NONE\``);
  else if (type === 'CMD' && args.slice(3).trim() === '') problem(instruction.line, instruction.column, '`HEALTHCHECK CMD` without a command');
}

function readStage(node: Instruction, from: DockerInstruction, model: DockerfileModel): DockerStage {
  const f = node as unknown as {
    getImage(): string | null;
    getBuildStage(): string | null;
    getPlatformFlag(): { getValue(): string | null } | null;
  };
  const image = f.getImage() ?? '';
  if (image === '') {
    model.diagnostics.push({ rule: PARSE_ERROR_RULE, line: from.line, column: from.column, message: 'FROM without an image' });
  }
  const { value, unresolved } = expand(image, model.globalArgs);
  const name = f.getBuildStage();
  return {
    index: model.stages.length,
    name: name ? name.toLowerCase() : null,
    line: from.line,
    column: from.column,
    image,
    resolvedImage: value,
    unresolved,
    platform: f.getPlatformFlag()?.getValue() ?? null,
    baseStage: null,
    isFinal: false,
    copiedFrom: false,
    usedAsBase: false,
    imageRole: 'none',
    from,
    instructions: [],
  };
}

/** Resolve stage references (FROM <stage>, COPY --from) and decide what reaches the final image. */
function linkStages(model: DockerfileModel): void {
  const stages = model.stages;
  if (stages.length === 0) return;
  model.finalStage = stages.length - 1;
  stages[model.finalStage].isFinal = true;

  const findStage = (ref: string, before: number): number | null => {
    const lower = ref.toLowerCase();
    for (let k = before - 1; k >= 0; k--) if (stages[k].name === lower) return k;
    if (/^\d+$/.test(ref) && Number(ref) < before) return Number(ref);
    return null;
  };

  const wholesale = new Map<number, number[]>();
  const copies = new Map<number, number[]>();
  for (const stage of stages) {
    stage.baseStage = stage.unresolved ? null : findStage(stage.resolvedImage, stage.index);
    if (/^\d+$/.test(stage.resolvedImage)) stage.baseStage = null; // FROM 0 is an image name, not a stage
    if (stage.baseStage !== null) stages[stage.baseStage].usedAsBase = true;
    for (const ins of stage.instructions) {
      if (!ins.copy || ins.copy.from === null) continue;
      const target = findStage(expand(ins.copy.from, model.globalArgs).value, stage.index);
      ins.copy.fromStage = target;
      if (target === null) continue;
      stages[target].copiedFrom = true;
      const list = copies.get(stage.index) ?? [];
      list.push(target);
      copies.set(stage.index, list);
      if (ins.copy.sources.some((s) => s === '/' || s === '/.' || s === '/*')) {
        const w = wholesale.get(stage.index) ?? [];
        w.push(target);
        wholesale.set(stage.index, w);
      }
    }
  }

  // Stages whose layers ship: the final stage, its bases, and stages copied wholesale by those.
  const layers = new Set<number>();
  const addLayers = (k: number): void => {
    for (let s: number | null = k; s !== null && !layers.has(s); s = stages[s].baseStage) {
      layers.add(s);
      for (const w of wholesale.get(s) ?? []) addLayers(w);
    }
  };
  addLayers(model.finalStage);
  // Stages whose files are copied into those (transitively, through their own copies and bases).
  const artifacts = new Set<number>();
  const queue: number[] = [];
  for (const k of layers) queue.push(...(copies.get(k) ?? []));
  while (queue.length > 0) {
    const start = queue.pop() as number;
    for (let s: number | null = start; s !== null; s = stages[s].baseStage) {
      if (layers.has(s) || artifacts.has(s)) break;
      artifacts.add(s);
      queue.push(...(copies.get(s) ?? []));
    }
  }
  for (const stage of stages) {
    stage.imageRole = layers.has(stage.index) ? 'layers' : artifacts.has(stage.index) ? 'artifacts' : 'none';
  }
}

function readInstruction(node: Instruction, lines: string[], model: DockerfileModel): DockerInstruction {
  const range = node.getRange();
  const keyword = node.getKeyword().toUpperCase();
  const line = range.start.line + 1;
  const instruction: DockerInstruction = {
    keyword,
    line,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    args: safe(() => node.getArgumentsContent(), '') ?? '',
    flags: [],
    keyValues: [],
    copy: null,
    run: null,
    ignores: [],
  };
  const withFlags = node as unknown as { getFlags?: () => { getName(): string; getValue(): string | null; getOptions(): { getName(): string; getValue(): string | null }[] }[] };
  if (typeof withFlags.getFlags === 'function') {
    instruction.flags = withFlags.getFlags().map((flag) => {
      const options: Record<string, string | null> = {};
      const value = flag.getValue();
      if (value !== null && value.includes('=')) {
        for (const part of value.split(',')) {
          if (part === '') continue;
          // BuildKit reads the flag as CSV: `target="/var/lib/apt/lists"` and `"target=/x"` lose their quotes.
          const field = unquote(part);
          const feq = field.indexOf('=');
          if (feq === -1) options[field.toLowerCase()] = null;
          else options[field.slice(0, feq).toLowerCase()] = unquote(field.slice(feq + 1));
        }
      }
      return { name: flag.getName().toLowerCase(), value, options };
    });
  }
  if (keyword === 'ENV' || keyword === 'ARG') {
    const withProps = node as unknown as { getProperties?: () => { getName(): string; getValue(): string | null }[] };
    if (typeof withProps.getProperties === 'function') {
      instruction.keyValues = withProps.getProperties().map((p) => ({ key: p.getName(), value: p.getValue() }));
    }
  }
  if (keyword === 'COPY' || keyword === 'ADD') instruction.copy = readCopy(node, instruction);
  if (keyword === 'RUN') instruction.run = readRun(node, instruction, lines, model);
  return instruction;
}

function readCopy(node: Instruction, instruction: DockerInstruction): CopyDetails {
  const heredocs = safe(() => (node as unknown as { getHeredocs(): { getName(): string }[] }).getHeredocs(), []) ?? [];
  let words: string[];
  const json = jsonStrings(instruction.args);
  if (json) words = json;
  else {
    const args = node.getArguments();
    const firstLine = instruction.line - 1;
    words = (heredocs.length > 0 ? args.filter((a) => a.getRange().start.line === firstLine) : args).map((a) => a.getValue());
  }
  const from = instruction.flags.find((f) => f.name === 'from')?.value ?? null;
  return {
    sources: words.slice(0, -1),
    dest: words.length > 1 ? words[words.length - 1] : null,
    from,
    fromStage: null,
  };
}

/** The JSON (exec) form's strings, from the arguments text already read (dockerfile-ast recomputes it per call). */
function jsonStrings(argsText: string): string[] | null {
  const raw = argsText.trim();
  if (!raw.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
  } catch {
    // Not valid JSON: Docker falls back to the shell form.
  }
  return null;
}

function readRun(node: Instruction, instruction: DockerInstruction, lines: string[], model: DockerfileModel): RunDetails {
  const mounts = instruction.flags.filter((f) => f.name === 'mount').map((f) => f.options);
  const details: RunDetails = { execForm: false, heredoc: false, commands: [], script: [], mounts };
  const json = jsonStrings(instruction.args);
  const args = node.getArguments();
  if (args.length === 0) return details;
  const startPos = args[0].getRange().start;
  if (json) {
    details.execForm = true;
    const shellIndex = /^(\/bin\/)?(ba|da|a)?sh$/.test(json[0] ?? '') ? json.indexOf('-c') : -1;
    if (shellIndex !== -1 && json[shellIndex + 1] !== undefined) {
      // ["sh", "-c", "apt-get update && …"]: the script is the string after -c.
      pushCommands(details, model, instruction, json[shellIndex + 1], () => ({ line: startPos.line + 1, column: startPos.character + 1 }));
    } else if (json.length > 0) {
      const run: RunCommand = {
        argv: json,
        args: json,
        env: {},
        words: [],
        assignments: [],
        assignmentWords: [],
        operator: null,
        start: 0,
        end: 0,
        line: startPos.line + 1,
        column: startPos.character + 1,
        tool: toolCommand(json),
      };
      details.commands.push(run);
      details.script.push(run);
    }
    return details;
  }

  const heredocs = safe(() => (node as unknown as { getHeredocs(): { getName(): string; getContentRange(): { start: { line: number }; end: { line: number } } | null }[] }).getHeredocs(), []) ?? [];
  if (heredocs.length > 0) {
    details.heredoc = true;
    // The first line (after flags) is a shell command line whose stdin is the heredoc.
    const first = lines[startPos.line].slice(startPos.character);
    const firstCommands = parseShell(first).commands;
    pushCommands(details, model, instruction, first, (offset) => ({ line: startPos.line + 1, column: startPos.character + offset + 1 }));
    const runner = firstCommands.length === 0 ? null : firstCommands[0].argv;
    const bodyIsScript = runner === null || runner.length === 0 || /^(\/bin\/|\/usr\/bin\/)?(ba|da|a)?sh$/.test(runner[0]);
    if (bodyIsScript) {
      for (const h of heredocs) {
        const range = h.getContentRange();
        if (!range) continue;
        const body = lines.slice(range.start.line, range.end.line + 1);
        const script = body.join('\n');
        const starts: number[] = [];
        let acc = 0;
        for (const l of body) {
          starts.push(acc);
          acc += l.length + 1;
        }
        pushCommands(details, model, instruction, script, (offset) => {
          let k = 0;
          while (k + 1 < starts.length && starts[k + 1] <= offset) k++;
          return { line: range.start.line + k + 1, column: offset - starts[k] + 1 };
        });
      }
    }
    return details;
  }

  const { script, positions } = joinContinuations(lines, startPos.line, startPos.character, instruction.endLine - 1, model.escape);
  pushCommands(details, model, instruction, script, (offset) => positions[Math.min(offset, positions.length - 1)] ?? { line: instruction.line, column: instruction.column });
  return details;
}

function pushCommands(
  details: RunDetails,
  model: DockerfileModel,
  instruction: DockerInstruction,
  script: string,
  at: (offset: number) => { line: number; column: number },
): void {
  const parsed = parseShell(script);
  for (const command of parsed.commands) {
    // `sh -c '…'`, `su-exec app sh -c "…"`: the commands of the inner script, at the outer command.
    const inner = shellScript(command.argv);
    if (inner !== null) {
      const outer = at(command.start);
      pushCommands(details, model, instruction, inner, () => outer);
      continue;
    }
    const run: RunCommand = { ...command, ...at(command.start), args: command.argv, env: {}, tool: toolCommand(command.argv) };
    details.script.push(run);
    if (command.argv.length > 0) details.commands.push(run);
  }
  for (const error of parsed.errors) {
    const pos = at(error.offset);
    model.diagnostics.push({ rule: PARSE_ERROR_RULE, ...pos, message: `RUN at line ${instruction.line}: ${error.message}` });
  }
}

/**
 * Join a shell-form instruction's lines the way Docker does: an escape character at the end of a
 * line continues it, comment lines and empty lines inside the continuation are dropped. Returns
 * the script and, for each of its characters, the 1-based position it came from.
 */
function joinContinuations(
  lines: string[],
  startLine: number,
  startChar: number,
  endLine: number,
  escape: string,
): { script: string; positions: { line: number; column: number }[] } {
  let script = '';
  const positions: { line: number; column: number }[] = [];
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : escape.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*$`);
  for (let l = startLine; l <= endLine && l < lines.length; l++) {
    const full = lines[l];
    const from = l === startLine ? startChar : 0;
    if (l !== startLine && (/^\s*#/.test(full) || /^\s*$/.test(full))) continue;
    const text = full.slice(from);
    const m = continuation.exec(text);
    const kept = m ? text.slice(0, m.index) : text;
    for (let c = 0; c < kept.length; c++) {
      script += kept[c];
      positions.push({ line: l + 1, column: from + c + 1 });
    }
    if (!m) break;
  }
  positions.push({ line: endLine + 1, column: (lines[endLine]?.length ?? 0) + 1 });
  return { script, positions };
}

function recordIgnores(model: DockerfileModel, instruction: DockerInstruction, lines: string[]): void {
  const ignores: string[] = [];
  for (let l = instruction.line - 2; l >= 0; l--) {
    const text = lines[l];
    if (!/^\s*#/.test(text)) break;
    // `# slimreq ignore=a,SR301` (hadolint style) or `# slimreq: ignore[a,SR301]` (as in requirements files).
    ignores.push(...(parseIgnoreNames(text.replace(/^\s*#/, '')) ?? []));
  }
  if (ignores.length === 0) return;
  instruction.ignores = ignores;
  for (let l = instruction.line; l <= instruction.endLine; l++) {
    model.ignoresByLine.set(l, [...(model.ignoresByLine.get(l) ?? []), ...ignores]);
  }
}

/**
 * Expand `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` with
 * the given values, once (values are not expanded again), like Docker does for FROM.
 */
export function expand(text: string, vars: Record<string, string | null>): { value: string; unresolved: boolean } {
  let unresolved = false;
  const lookup = (name: string): string | null | undefined => (Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined);
  const value = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string;
    const v = lookup(name);
    const set = v !== undefined && v !== null;
    const nonEmpty = set && v !== '';
    if (op === ':-') return nonEmpty ? (v as string) : (word ?? '');
    if (op === '-') return set ? (v as string) : (word ?? '');
    if (op === ':+') return nonEmpty ? (word ?? '') : '';
    if (op === '+') return set ? (word ?? '') : '';
    if (!set) {
      unresolved = true;
      return '';
    }
    return v as string;
  });
  return { value, unresolved };
}

/** Split an image reference into name (without registry/library prefix) and tag. */
export function splitImage(image: string): { registry: string | null; name: string; tag: string | null; digest: string | null } {
  let rest = image;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | null = null;
  const parts = rest.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0])) {
    registry = parts.shift() as string;
  }
  let name = parts.join('/').toLowerCase();
  if ((registry === null || registry === 'docker.io' || registry === 'index.docker.io') && name.startsWith('library/')) {
    name = name.slice('library/'.length);
  }
  return { registry, name, tag, digest };
}

/** The stages whose layers make up the final image, final stage last. */
export function imageStages(model: DockerfileModel): DockerStage[] {
  return model.stages.filter((s) => s.imageRole === 'layers');
}

/** The chain of stages a stage is built on, root first, the stage itself last. */
export function stageChain(model: DockerfileModel, stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  const seen = new Set<number>();
  for (let s: DockerStage | null = stage; s && !seen.has(s.index); s = s.baseStage === null ? null : model.stages[s.baseStage]) {
    seen.add(s.index);
    chain.unshift(s);
  }
  return chain;
}

/** One instruction of the layer sequence that builds a stage (its base stages' instructions first). */
export interface LayerStep {
  stage: DockerStage;
  instruction: DockerInstruction;
}

/** Every instruction of the stages with one of the given roles, each once, in file order. */
export function stepsWithRole(model: DockerfileModel, roles: DockerStage['imageRole'][]): LayerStep[] {
  return model.stages.filter((s) => roles.includes(s.imageRole)).flatMap((stage) => stage.instructions.map((instruction) => ({ stage, instruction })));
}

export function layerSteps(model: DockerfileModel, stage: DockerStage): LayerStep[] {
  return stageChain(model, stage).flatMap((s) => s.instructions.map((instruction) => ({ stage: s, instruction })));
}

/**
 * Expand `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}` in a word
 * that a RUN's shell (or Docker itself, for COPY, ADD and WORKDIR) reads, with the values known at
 * that point. Returns null when the result depends on something unknown: a variable declared with no
 * value (`ARG NAME` can be set with `--build-arg`), one that is not declared at all (`$NAME`, unless
 * a default form supplies a value), command substitution, or another parameter expansion
 * (`${VAR%.txt}`, `$1`).
 */
export function substitute(text: string, vars: Record<string, string | null>): string | null {
  if (!text.includes('$') && !text.includes('`')) return text;
  if (text.includes('`')) return null;
  const lookup = (name: string): string | null | undefined => (Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '{') {
      const close = closingBrace(text, i + 2);
      if (close === -1) return null;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([\s\S]*))?$/.exec(text.slice(i + 2, close));
      if (!m) return null;
      const [, name, op, word] = m;
      const value = lookup(name);
      if (value === null) return null; // declared, but its value comes from the build command
      const set = value !== undefined;
      const nonEmpty = set && value !== '';
      let piece: string | null;
      if (op === undefined) piece = set ? value : null;
      else if (op === ':-') piece = nonEmpty ? value : substitute(word, vars);
      else if (op === '-') piece = set ? value : substitute(word, vars);
      else if (op === ':+') piece = nonEmpty ? substitute(word, vars) : '';
      else piece = set ? substitute(word, vars) : '';
      if (piece === null) return null;
      out += piece;
      i = close + 1;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (bare) {
      const value = lookup(bare[0]);
      if (value === null || value === undefined) return null;
      out += value;
      i += 1 + bare[0].length;
      continue;
    }
    if (next === undefined || !/[0-9@*#?$!(-]/.test(next)) {
      out += c; // a lone `$` is literal
      i++;
      continue;
    }
    return null; // $1, $@, $(…), $$: known only when the command runs
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let k = from; k < text.length; k++) {
    if (text[k] === '{') depth++;
    else if (text[k] === '}' && --depth === 0) return k;
  }
  return -1;
}

/**
 * The build variables of a stage as its instructions are read in order: ARG defaults and ENV values,
 * each expanded with what was known before it, as Docker does. Scoping follows Docker: a global ARG
 * (before the first FROM) is visible only where a stage redeclares it (`ARG NAME`, taking the global
 * default); ARGs and ENVs of a base stage are inherited by the stages built on it; ENV wins over an
 * ARG of the same name. A value that depends on a build argument without default is null (unknown).
 */
export class BuildEnvironment {
  readonly values: Record<string, string | null> = {};
  private readonly fromEnv = new Set<string>();

  constructor(private readonly model: DockerfileModel) {}

  apply(instruction: DockerInstruction): void {
    if (instruction.keyword === 'ENV') {
      // `ENV A=1 B=$A` expands B with the value A had before this instruction, like Docker.
      const before = { ...this.values };
      for (const { key, value } of instruction.keyValues) {
        this.values[key] = substitute(value ?? '', before);
        this.fromEnv.add(key);
      }
    } else if (instruction.keyword === 'ARG') {
      for (const { key, value } of instruction.keyValues) {
        if (this.fromEnv.has(key)) continue;
        if (value !== null) this.values[key] = substitute(value, this.values);
        else if (!Object.prototype.hasOwnProperty.call(this.values, key) || this.values[key] === null) {
          this.values[key] = Object.prototype.hasOwnProperty.call(this.model.globalArgs, key) ? this.model.globalArgs[key] : null;
        }
      }
    }
  }

  /** A word with the variables known so far expanded, or null when it depends on an unknown value. */
  expand(word: string): string | null {
    return substitute(word, this.values);
  }
}

/**
 * Variables a RUN sees: ARGs and ENVs of its stage and the stages it is built on, set before it
 * (see BuildEnvironment for the scoping). Null values are unknown (set with `--build-arg`, if at all).
 */
export function environmentAt(model: DockerfileModel, stage: DockerStage, instruction: DockerInstruction): Record<string, string | null> {
  const env = new BuildEnvironment(model);
  for (const s of stageChain(model, stage)) {
    for (const ins of s.instructions) {
      if (ins === instruction) return env.values;
      env.apply(ins);
    }
  }
  return env.values;
}

/** Targets of `--mount=type=cache` and `--mount=type=tmpfs` on a RUN: what never lands in the layer. */
export function cacheMountTargets(instruction: DockerInstruction): string[] {
  if (!instruction.run) return [];
  return instruction.run.mounts
    .filter((m) => m.type === 'cache' || m.type === 'tmpfs')
    .map((m) => m.target ?? m.dst ?? m.destination ?? null)
    .filter((t): t is string => t !== null)
    .map((t) => t.replace(/\/+$/, '') || '/');
}

/** True for `COPY . .`, `ADD . /app`, `COPY ./ ./`, `COPY * .`: copying the whole build context. */
export function copiesWholeContext(instruction: DockerInstruction): boolean {
  if (!instruction.copy || instruction.copy.from !== null) return false;
  return instruction.copy.sources.some((src) => /^(\.\/?|\.\/\.|\*|\.\/\*)$/.test(src));
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split(/\r\n|\n|\r/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
