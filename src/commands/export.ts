import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { readText } from '../io/read.js';
import { writeFilesAtomic } from '../io/write.js';
import { parsePyproject } from '../parse/pyproject.js';
import { exportRequirements, planPyprojectExport } from '../fix/export.js';
import { catalogView } from '../audit.js';
import { readConfig } from '../config-load.js';
import { shouldColor } from '../report/color.js';
import { EXIT, UsageError, resolvePath } from './shared.js';
import { unifiedDiff } from './diff.js';
import type { Io } from './output.js';

export interface ExportCliOptions {
  outDir?: string;
  write?: boolean;
  force?: boolean;
}

export async function runExport(file: string | undefined, opts: ExportCliOptions, io: Io): Promise<number> {
  const abs = resolvePath(file ?? 'pyproject.toml');
  const shown = relative(process.cwd(), abs) || abs;
  if (!existsSync(abs)) throw new UsageError(`${shown}: no such file`);
  if (basename(abs) !== 'pyproject.toml') {
    throw new UsageError(`${shown}: export reads a pyproject.toml (its [project], Poetry, PDM or uv dependency tables)`);
  }
  const read = readText(abs);
  if (!read.ok) throw new UsageError(`${shown}:${read.line}:${read.column}: ${read.message}`);
  const parsed = parsePyproject(read.content.replace(/^\uFEFF/, ''), shown);
  const broken = parsed.diagnostics.filter((d) => d.rule === 'manifest-parse-error');
  if (broken.length > 0) {
    throw new UsageError(broken.map((d) => `${shown}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  }
  const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(read.content)?.[1] ?? null;
  const plan = planPyprojectExport(read.content.replace(/^\uFEFF/, ''), shown);
  const out = exportRequirements({ requirements: plan.requirements, projectName: name, options: plan.options });
  out.problems.unshift(...plan.problems);
  if (out.problems.length > 0) {
    throw new UsageError(
      out.problems.map((p) => `${shown}:${p.line}:${p.column}: ${p.message}`).join('\n') + `\nnothing exported: a requirements file would install something else than ${shown} says`,
    );
  }
  // The export mirrors pyproject.toml; if its production set lists dev tools, they land in requirements.txt.
  const catalog = catalogView(readConfig(dirname(abs)).config);
  const devTools = parsed.requirements.filter((r) => r.group === 'prod' && !r.constraintOnly && catalog.devTool(r.key)?.certainty === 'always');
  if (devTools.length > 0) {
    io.stderr.write(
      `note: ${shown} lists development tools in its production dependencies (${devTools.map((r) => r.name).join(', ')}); ` +
        `they go to requirements.txt: run \`slimreq split ${shown}\` first\n`,
    );
  }
  const dir = opts.outDir ? resolvePath(opts.outDir) : dirname(abs);
  if (!existsSync(dir)) throw new UsageError(`--out-dir ${opts.outDir}: no such folder (create it first)`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`--out-dir ${opts.outDir}: not a folder`);
  const targets = [
    { path: join(dir, 'requirements.txt'), content: out.prod },
    { path: join(dir, 'requirements-dev.txt'), content: out.dev },
  ];
  const color = shouldColor(io.stdout);
  const changed = targets.filter((t) => {
    const before = existsSync(t.path) ? readText(t.path) : null;
    return !(before?.ok && before.content === t.content);
  });
  if (!opts.write) {
    for (const t of targets) {
      const before = existsSync(t.path) ? readText(t.path) : null;
      io.stdout.write(unifiedDiff(relative(process.cwd(), t.path), before?.ok ? before.content : null, t.content, color));
    }
    io.stderr.write(changed.length ? 'dry run: nothing written; run again with --write to apply\n' : 'requirements files are up to date\n');
    return EXIT.clean;
  }
  const clobbered = changed.filter((t) => existsSync(t.path));
  if (clobbered.length > 0 && !opts.force) {
    throw new UsageError(`${clobbered.map((t) => relative(process.cwd(), t.path)).join(' and ')} already exist${clobbered.length === 1 ? 's' : ''} with other contents; pass --force to replace, or --out-dir to write elsewhere`);
  }
  if (changed.length > 0) {
    // Beside the pyproject.toml unless --out-dir names the folder: a committed link cannot send it elsewhere.
    writeFilesAtomic(
      changed.map((t) => ({ ...t, ...(opts.outDir ? { namedBy: '--out-dir' } : {}), allowFlag: '--out-dir' })),
      { scope: { root: dirname(abs) } },
    );
  }
  io.stderr.write(`wrote ${changed.map((t) => relative(process.cwd(), t.path)).join(', ') || 'nothing (up to date)'}\n`);
  return EXIT.clean;
}
