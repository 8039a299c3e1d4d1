import { existsSync, readdirSync, statSync } from 'node:fs';
import { DEV_TOOL_RULE, suppresses } from '../parse/suppression.js';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { defaultConfig } from '../config.js';
import { kindOfPath } from '../discover/kinds.js';
import { classifyRequirementsPath } from '../roles/names.js';
import { parseRequirements } from '../parse/requirements.js';
import { readText } from '../io/read.js';
import { writeFilesAtomic } from '../io/write.js';
import { planSplit, type SplitPlan } from '../fix/split.js';
import { splitPyproject, type SplitTarget } from '../fix/split-pyproject.js';
import { readConfig } from '../config-load.js';
import { catalogView } from '../audit.js';
import { normalizeName } from '../catalog/names.js';
import { shouldColor, palette } from '../report/color.js';
import { EXIT, UsageError, resolvePath } from './shared.js';
import { unifiedDiff } from './diff.js';
import type { Io } from './output.js';
import type { Diagnostic, Requirement } from '../model.js';

export interface SplitCliOptions {
  write?: boolean;
  check?: boolean;
  devFile?: string;
  include: 'always' | 'usually';
  keep?: string[];
  move?: string[];
  /** Unset: `split.link` from the configuration decides (`false` means 'none'), else 'requirement'. */
  link?: 'requirement' | 'constraint' | 'none';
  format: 'text' | 'json';
  config?: string;
  target?: 'auto' | SplitTarget;
}

const TARGET_NAMES: Record<SplitTarget, string> = {
  pep735: '[dependency-groups] dev',
  poetry: '[tool.poetry.group.dev.dependencies]',
  pdm: '[tool.pdm.dev-dependencies] dev',
  uv: '[tool.uv] dev-dependencies',
};

/** Diagnostics that mean "do not write": the plan could not be verified or the input is unusable. */
const BLOCKING = new Set(['split-verification-failed', 'split-same-file', 'split-include-loop']);

function readOrFail(path: string, shown: string): string {
  const r = readText(path);
  if (!r.ok) throw new UsageError(`${shown}:${r.line}:${r.column}: ${r.message}`);
  return r.content;
}

/**
 * The folder a split may write in: the working folder (where the configuration is read), or, for a
 * FILE named outside it, that FILE's own folder.
 */
function projectRootOf(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel.startsWith('..') || isAbsolute(rel) ? dirname(abs) : process.cwd();
}

function shownPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return (rel && !rel.startsWith('..') ? rel : abs).split('\\').join('/');
}

/**
 * Several FILEs (pre-commit passes every changed requirements file): each production file is split on
 * its own; files named for development or constraints are skipped, with or without --check (said on
 * stderr without --check). The exit code is the worst one.
 */
export async function runSplitMany(files: string[], opts: SplitCliOptions, io: Io): Promise<number> {
  if (files.length === 0 || (files.length === 1 && !opts.check)) return runSplit(files[0], opts, io);
  if (opts.devFile && files.length > 1) throw new UsageError('--dev-file applies to one FILE; give one file or leave it out');
  let worst: number = EXIT.clean;
  for (const file of files) {
    const rel = shownPath(resolvePath(file));
    const verdict = classifyRequirementsPath(rel);
    if (basename(rel) !== 'pyproject.toml' && (verdict.group === 'dev' || /constraint/i.test(basename(rel)))) {
      // The pre-commit hook (--check) passes every changed file and wants no noise; a person naming
      // several files is told why one was left alone.
      if (!opts.check && opts.format !== 'json') {
        io.stderr.write(`${rel}: skipped, its name says it holds ${verdict.group === 'dev' ? 'development requirements' : 'constraints'}; name it alone to split it\n`);
      }
      continue;
    }
    worst = Math.max(worst, await runSplit(file, opts, io));
  }
  return worst;
}

/** Names of files that are never requirements files, whatever they hold. */
const NOT_REQUIREMENTS = /\.(?:md|markdown|rst|adoc|py|pyi|json|ya?ml|cfg|ini|lock|html?|sh|js|ts)$/i;

/**
 * A file that is not a requirements file (a README, a script, a lock) must not produce a page of
 * "unparseable line" notes and exit 0: one line, exit 2. Decided by the name, else by the content:
 * not one line pip would read as a requirement or an option.
 */
function refuseNonRequirements(content: string, shown: string): void {
  const parsed = parseRequirements(content);
  const invalid = parsed.lines.filter((l) => l.kind === 'invalid');
  const useful = parsed.lines.filter((l) => l.kind !== 'invalid' && l.kind !== 'blank' && l.kind !== 'comment');
  const byName = NOT_REQUIREMENTS.test(shown);
  if (byName || (invalid.length > 0 && useful.length === 0)) {
    const first = invalid[0] ? `; the first line pip cannot read is ${shown}:${invalid[0].startLine}` : '';
    throw new UsageError(
      `${shown} is not a requirements file${byName ? ' (by its name)' : `: none of its lines is a requirement or a pip option`}${first}; give a requirements file or pyproject.toml`,
    );
  }
}

export async function runSplit(file: string | undefined, opts: SplitCliOptions, io: Io): Promise<number> {
  if (opts.write && opts.check) throw new UsageError('--write and --check cannot be used together');
  const abs = resolvePath(file ?? 'requirements.txt');
  const shown = shownPath(abs);
  if (!existsSync(abs)) throw new UsageError(`${shown}: no such file`);
  if (statSync(abs).isDirectory()) throw new UsageError(`${shown} is a directory; give a requirements file or pyproject.toml`);
  const { config, file: configFile } = readConfig(process.cwd(), opts.config ? resolvePath(opts.config) : undefined);
  const catalog = catalogView(config);
  const keep = (opts.keep ?? []).map(normalizeName);
  const move = (opts.move ?? []).map(normalizeName);

  if (basename(abs) === 'pyproject.toml') return splitPyprojectFile(abs, shown, opts, io, { catalog, keep, move, named: file !== undefined });

  const devChoice = chooseDevFile(abs, opts.devFile, config.split.devFile, configFile !== null);
  const devAbs = devChoice.path;
  const devShown = shownPath(devAbs);
  if (devChoice.reason && opts.format !== 'json') io.stderr.write(`dev file: ${devShown} (${devChoice.reason})\n`);
  if (devAbs === abs) throw new UsageError(`the dev file ${devShown} is the file being split; choose another --dev-file`);
  if (existsSync(devAbs) && statSync(devAbs).isDirectory()) throw new UsageError(`the dev file ${devShown} is a directory`);
  if (!existsSync(dirname(devAbs))) throw new UsageError(`the dev file's folder ${shownPath(dirname(devAbs))} does not exist`);

  const content = readOrFail(abs, shown);
  refuseNonRequirements(content, shown);
  const devContent = existsSync(devAbs) ? readOrFail(devAbs, devShown) : null;
  const sibling = (p: string) => (p.endsWith('.txt') && existsSync(p.replace(/\.txt$/, '.in')) ? readText(p.replace(/\.txt$/, '.in')) : null);
  const siblingIn = sibling(abs);
  const siblingDevIn = sibling(devAbs);
  const plan = planSplit({
    content,
    devContent,
    fileName: shown,
    devFileName: devShown,
    link: opts.link ?? (config.split.link ? 'requirement' : 'none'),
    include: opts.include,
    keep,
    move,
    decide: (key) => catalog.devTool(key),
    siblingIn: siblingIn?.ok ? siblingIn.content : null,
    siblingDevIn: siblingDevIn?.ok ? siblingDevIn.content : null,
    readFile: readIncluded,
  });

  const blocking = plan.diagnostics.filter((d) => BLOCKING.has(d.rule));
  if (opts.format === 'json') {
    io.stdout.write(JSON.stringify(splitJson(shown, devShown, plan), null, 2) + '\n');
  } else {
    const color = shouldColor(io.stdout);
    if (!opts.check && !opts.write) {
      io.stdout.write(unifiedDiff(shown, content, plan.prod, color));
      io.stdout.write(unifiedDiff(devShown, devContent, plan.dev, color));
    }
  }
  if (blocking.length === 0 && opts.write && !plan.unchanged) {
    // Write first: the summary says "moved" only once both files are in place.
    // Inside the working folder unless the command line named the path (FILE, --dev-file).
    writeFilesAtomic(
      [
        { path: abs, content: plan.prod, ...(file !== undefined ? { namedBy: 'FILE' } : {}), allowFlag: 'an explicit FILE argument' },
        { path: devAbs, content: plan.dev, ...(opts.devFile ? { namedBy: '--dev-file' } : {}), allowFlag: '--dev-file' },
      ],
      { scope: { root: projectRootOf(abs) } },
    );
  }
  if (opts.format !== 'json') io.stderr.write(summary(shown, devShown, plan, opts, shouldColor(io.stderr)));
  if (blocking.length > 0) return EXIT.usage;
  if (opts.check) return plan.unchanged ? EXIT.clean : EXIT.findings;
  return EXIT.clean;
}

/** A file named by a -r/-c line (path as shown, relative to the working directory), for split's checks. */
function readIncluded(path: string): string | null {
  const abs = resolve(process.cwd(), path);
  if (!existsSync(abs) || !statSync(abs).isFile()) return null;
  const read = readText(abs);
  return read.ok ? read.content : null;
}

/**
 * Where moved lines go: --dev-file; else `split.dev-file` from the configuration (relative to the
 * folder the configuration was read in); else an existing development file that already includes
 * FILE (requirements/local.txt including base.txt); else a new file beside FILE.
 */
export function chooseDevFile(file: string, flag: string | undefined, configured: string, fromConfig: boolean): { path: string; reason: string | null } {
  if (flag) return { path: resolvePath(flag), reason: null };
  if (fromConfig && configured !== defaultConfig.split.devFile) return { path: resolvePath(configured), reason: 'split.dev-file in the configuration' };
  const dir = dirname(file);
  const ext = file.endsWith('.in') ? '.in' : '.txt';
  const name = /^(requirements|reqs)$/i.test(basename(dir)) ? `dev${ext}` : `${configured.replace(/\.(txt|in)$/, '')}${ext}`;
  const fallback = join(dir, name);
  if (existsSync(fallback)) return { path: fallback, reason: null };
  const existing = devFileIncluding(file);
  if (existing) return { path: existing, reason: `it already includes ${basename(file)}` };
  return { path: fallback, reason: null };
}

/** A development requirements file beside FILE (or one folder up) whose `-r`/`-c` lines name FILE. */
function devFileIncluding(file: string): string | null {
  const dirs = [dirname(file), dirname(dirname(file))];
  for (const dir of [...new Set(dirs)]) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const candidate = join(dir, name);
      if (candidate === file) continue;
      // Judge the name with its folder, as discovery does (requirements/local.txt).
      const rel = `${basename(dir)}/${name}`;
      const kind = kindOfPath(rel);
      if (kind !== 'requirements' && kind !== 'pip-tools-in') continue;
      if (classifyRequirementsPath(rel).group !== 'dev') continue;
      const read = readText(candidate);
      if (!read.ok) continue;
      const includesFile = parseRequirements(read.content).lines.some(
        (l) => l.include && resolve(dirname(candidate), l.include.target) === file,
      );
      if (includesFile) return candidate;
    }
  }
  return null;
}

function splitJson(file: string, devFile: string, plan: SplitPlan) {
  return {
    file,
    devFile,
    unchanged: plan.unchanged,
    moved: plan.moved,
    review: plan.review,
    diagnostics: plan.diagnostics.map((d) => ({ ...d, file })),
    pipCompile: plan.pipCompile
      ? { tool: plan.pipCompile.tool, sources: plan.pipCompile.sources, transitive: plan.pipCompile.transitive, sourceIn: plan.pipCompile.sourceIn ?? null }
      : null,
  };
}

function summary(file: string, devFile: string, plan: SplitPlan, opts: SplitCliOptions, color: boolean): string {
  const c = palette(color);
  const out: string[] = [];
  for (const d of plan.diagnostics) out.push(`${file}:${d.line}:${d.column}: ${c.yellow(d.rule)}: ${d.message}`);
  for (const m of plan.moved) out.push(`${c.green('move')}   ${file}:${m.line} ${m.name}: ${m.reason}`);
  for (const r of plan.review) out.push(`${c.blue('review')} ${file}:${r.line} ${r.name}: ${r.reason}`);
  if (plan.pipCompile?.sourceIn) {
    out.push(`${file} is generated by ${plan.pipCompile.tool}; split its source instead: slimreq split ${plan.pipCompile.sourceIn}${opts.write ? '' : ' --write'}, then compile again`);
  }
  if (plan.unchanged) out.push(`${file}: nothing to move`);
  else if (opts.write) out.push(`${c.bold(`moved ${plan.moved.length} requirement${plan.moved.length === 1 ? '' : 's'}`)} from ${file} to ${devFile}`);
  else if (opts.check) out.push(`${c.bold(`${file} would change`)}: ${plan.moved.length} requirement${plan.moved.length === 1 ? '' : 's'} belong in ${devFile} (run slimreq split ${file} --write)`);
  else out.push(`dry run: nothing written; run again with --write to apply`);
  return out.join('\n') + '\n';
}

async function splitPyprojectFile(
  abs: string,
  shown: string,
  opts: SplitCliOptions,
  io: Io,
  ctx: { catalog: ReturnType<typeof catalogView>; keep: string[]; move: string[]; named: boolean },
): Promise<number> {
  const named = ctx.named;
  const content = readOrFail(abs, shown);
  const review: Requirement[] = [];
  const shouldMove = (req: Requirement): boolean => {
    if (req.group !== 'prod' || req.constraintOnly) return false;
    if (ctx.keep.includes(req.key)) return false;
    if (ctx.move.includes(req.key)) return true;
    if (suppresses(req.ignores, DEV_TOOL_RULE)) return false;
    const tool = ctx.catalog.devTool(req.key);
    if (!tool) return false;
    if (tool.certainty === 'usually' && opts.include !== 'usually') {
      review.push(req);
      return false;
    }
    return true;
  };
  const result = splitPyproject(content, shouldMove, { target: opts.target ?? 'auto' });
  const unchanged = result.content === content;
  const failed = result.diagnostics.some((d: Diagnostic) => d.rule === 'manifest-parse-error' || d.rule === 'split-failed');
  if (opts.format === 'json') {
    io.stdout.write(
      JSON.stringify(
        {
          file: shown,
          target: result.target,
          unchanged,
          moved: result.moved.map((r) => ({ name: r.name, key: r.key, line: r.line, from: r.groupName ?? r.origin })),
          already: result.already,
          review: review.map((r) => ({ name: r.name, key: r.key, line: r.line })),
          diagnostics: result.diagnostics,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    if (!opts.check && !opts.write) io.stdout.write(unifiedDiff(shown, content, result.content, shouldColor(io.stdout)));
    const c = palette(shouldColor(io.stderr));
    const out: string[] = [];
    for (const d of result.diagnostics) out.push(`${shown}:${d.line}:${d.column}: ${c.yellow(d.rule)}: ${d.message}`);
    const already = new Map(result.already.map((a) => [`${a.key}:${a.line}`, a]));
    for (const r of result.moved) {
      const a = already.get(`${r.key}:${r.line}`);
      out.push(`${c.green('move')}   ${shown}:${r.line} ${r.name}: ${a ? `already in ${a.where}; removed from production` : `to ${TARGET_NAMES[result.target]}`}`);
    }
    for (const r of review) out.push(`${c.blue('review')} ${shown}:${r.line} ${r.name}: usually a development tool (move it with --include usually or --move ${r.key})`);
    out.push(unchanged ? `${shown}: nothing to move` : opts.write ? `moved ${result.moved.length} requirement${result.moved.length === 1 ? '' : 's'} out of the production dependencies of ${shown}` : opts.check ? `${shown} would change` : 'dry run: nothing written; run again with --write to apply');
    io.stderr.write(out.join('\n') + '\n');
  }
  if (failed) return EXIT.usage;
  if (opts.check) return unchanged ? EXIT.clean : EXIT.findings;
  if (opts.write && !unchanged) writeFilesAtomic([{ path: abs, content: result.content, ...(named ? { namedBy: 'FILE' } : {}), allowFlag: 'an explicit FILE argument' }], { scope: { root: projectRootOf(abs) } });
  return EXIT.clean;
}
