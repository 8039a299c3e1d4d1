import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadProject } from '../load.js';
import { readConfig } from '../config-load.js';
import { missingDockerignoreEntries, fixDockerignore } from '../fix/dockerignore.js';
import { generateDockerfile } from '../fix/dockerfile.js';
import { catalogView } from '../audit.js';
import { writeFileAtomic, writeFilesAtomic } from '../io/write.js';
import { shouldColor } from '../report/color.js';
import { EXIT, UsageError, resolvePath, roleConfigOf } from './shared.js';
import { unifiedDiff } from './diff.js';
import { emit, type Io } from './output.js';

export async function runFixDockerignore(path: string, opts: { write?: boolean; config?: string }, io: Io): Promise<number> {
  const root = resolvePath(path);
  const { config, file: configFile } = readConfig(root, opts.config ? resolvePath(opts.config) : undefined);
  const project = loadProject(root, { exclude: config.exclude, roles: roleConfigOf(config, configFile, root) });
  // One .dockerignore per build context of a production image (the context a compose file or workflow
  // names, else the guessed one); none when no Dockerfile ships: a .dockerignore would change nothing.
  const contexts = new Set(project.dockerfiles.map((d) => d.contextDir));
  if (contexts.size === 0) {
    io.stderr.write(
      project.devDockerfiles.length > 0
        ? `no production Dockerfile (${project.devDockerfiles.map((d) => d.path).join(', ')} build development images; see \`slimreq roles\`): nothing to propose\n`
        : 'no Dockerfile: nothing to propose\n',
    );
    return EXIT.clean;
  }
  const changes: { rel: string; abs: string; before: string | null; after: string }[] = [];
  for (const contextDir of [...contexts].sort()) {
    const rel = contextDir === '' ? '.dockerignore' : `${contextDir}/.dockerignore`;
    const existing = project.dockerignores.find((d) => d.path === rel);
    const missing = missingDockerignoreEntries(project, contextDir, rel);
    const after = fixDockerignore(existing?.content ?? null, missing);
    if (after !== (existing?.content ?? null) && !(existing === undefined && missing.length === 0)) {
      changes.push({ rel, abs: join(root, rel), before: existing?.content ?? null, after });
    }
  }
  if (changes.length === 0) {
    io.stderr.write('.dockerignore already excludes everything on the checklist\n');
    return EXIT.clean;
  }
  if (opts.write) {
    // All or nothing, and only inside the audited folder: a committed link cannot send the write elsewhere.
    writeFilesAtomic(
      changes.map((c) => ({ path: c.abs, content: c.after })),
      { scope: { root } },
    );
    io.stderr.write(`updated ${changes.map((c) => c.rel).join(', ')}\n`);
    return EXIT.clean;
  }
  const color = shouldColor(io.stdout);
  for (const c of changes) io.stdout.write(unifiedDiff(c.rel, c.before, c.after, color));
  io.stderr.write('dry run: nothing written; run again with --write to apply\n');
  return EXIT.clean;
}

export async function runDockerfile(
  path: string,
  opts: { write?: boolean; output?: string; python?: string; config?: string },
  io: Io,
): Promise<number> {
  const root = resolvePath(path);
  const { config, file: configFile } = readConfig(root, opts.config ? resolvePath(opts.config) : undefined);
  const project = loadProject(root, { exclude: config.exclude, roles: roleConfigOf(config, configFile, root) });
  if (opts.python && !/^\d+\.\d+$/.test(opts.python)) throw new UsageError(`--python must look like 3.12, got "${opts.python}"`);
  const content = generateDockerfile(project, opts.python ? { pythonVersion: opts.python } : {});
  // The image installs the production set as declared: if dev tools sit in it, say so.
  const catalog = catalogView(config);
  const devTools = project.manifests
    .flatMap((m) => m.requirements)
    .filter((r) => r.group === 'prod' && !r.constraintOnly && catalog.devTool(r.key)?.certainty === 'always');
  const installs = project.manifests.some((m) => m.requirements.some((r) => r.group === 'prod' && !r.constraintOnly)) ||
    project.manifests.some((m) => m.kind === 'pyproject');
  const note = (): void => {
    if (!installs) io.stderr.write('note: no production requirements or pyproject.toml found; the Dockerfile installs nothing and runs the default command\n');
    if (devTools.length === 0) return;
    const files = [...new Set(devTools.map((r) => r.file))];
    io.stderr.write(
      `note: the production set lists development tools (${[...new Set(devTools.map((r) => r.name))].join(', ')}) in ${files.join(', ')}; ` +
        `the image would install them: run \`slimreq split\` first\n`,
    );
  };
  if (opts.write) {
    const target = join(root, 'Dockerfile');
    if (existsSync(target)) {
      throw new UsageError(`${relative(process.cwd(), target) || target} already exists; slimreq never overwrites a Dockerfile (print it with \`slimreq dockerfile\` and compare, or use --output)`);
    }
    writeFileAtomic(target, content, { scope: { root }, allowFlag: '--output' });
    note();
    io.stderr.write(`wrote ${relative(process.cwd(), target) || target}\n`);
    return EXIT.clean;
  }
  if (opts.output && existsSync(resolvePath(opts.output))) {
    throw new UsageError(`${opts.output} already exists; choose another --output`);
  }
  emit(content, opts.output, io);
  note();
  return EXIT.clean;
}
