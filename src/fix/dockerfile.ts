// Emits a slim multi-stage Dockerfile for a project: a builder stage that compiles production
// dependencies into a virtualenv, and a python:<version>-slim final stage that gets the virtualenv,
// the runtime libraries and the code, and runs as a non-root user. Pure: project in, contents out.

import type { Manifest, Project, Requirement } from '../model.js';
import type { MuslEntry } from '../catalog/musl-types.js';
import { lookupMusl as catalogLookup } from '../catalog/musl.js';
import { splitImage, stageChain, type DockerfileModel } from '../parse/dockerfile.js';

export interface GenerateDockerfileOptions {
  /** Build context directory relative to the root ('' for the root). Default: the existing Dockerfile's directory, else ''. */
  contextDir?: string;
  /** An existing Dockerfile to take the Python version, CMD/ENTRYPOINT and EXPOSE from. Default: the first one in the context. */
  dockerfilePath?: string;
  /** Python version for the images (`3.12`). Default: requires-python's lower bound, else the existing image's tag, else 3.12. */
  pythonVersion?: string;
  /** Exec-form command for CMD when the existing Dockerfile has none. Default: ["python", "-m", "app"]. */
  command?: string[];
  /** Catalog lookup for build and runtime packages (tests may replace it). */
  lookupMusl?: (key: string) => MuslEntry | null;
}

export const DEFAULT_PYTHON = '3.12';
const VENV = '/opt/venv';

function inContext(path: string, contextDir: string): boolean {
  return contextDir === '' || path.startsWith(`${contextDir}/`);
}

function contextRelative(path: string, contextDir: string): string {
  return contextDir === '' ? path : path.slice(contextDir.length + 1);
}

function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** The lower bound of a requires-python specifier as major.minor (`>=3.10,<4` -> `3.10`), or null. */
export function pythonLowerBound(spec: string | null | undefined): string | null {
  if (!spec) return null;
  let best: [number, number] | null = null;
  for (const clause of spec.split(',')) {
    const m = /^\s*(>=|~=|==|>|\^|~)\s*v?(\d+)\.(\d+)/.exec(clause);
    if (!m) continue;
    const v: [number, number] = [Number(m[2]), Number(m[3])];
    if (!best || v[0] > best[0] || (v[0] === best[0] && v[1] > best[1])) best = v;
  }
  return best ? `${best[0]}.${best[1]}` : null;
}

/** The Python major.minor of a Dockerfile's final image, when it is a python image with a version tag. */
function dockerfilePython(df: DockerfileModel): string | null {
  if (df.finalStage < 0) return null;
  const root = stageChain(df, df.stages[df.finalStage])[0];
  const { name, tag } = splitImage(root.resolvedImage);
  if (name !== 'python' || !tag) return null;
  const m = /^(\d+)\.(\d+)/.exec(tag);
  return m ? `${m[1]}.${m[2]}` : null;
}

/** The production requirements file to install: not included by another production file; requirements.txt first. */
function topProductionFile(project: Project, contextDir: string): Manifest | null {
  const prod = project.manifests.filter((m) => m.kind === 'requirements' && m.group === 'prod' && inContext(m.path, contextDir));
  const included = new Set<string>();
  for (const m of prod) for (const inc of m.includes) included.add(normalizePath(`${dirOf(m.path)}/${inc.target}`));
  const tops = prod.filter((m) => !included.has(m.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const preferred = `${contextDir === '' ? '' : `${contextDir}/`}requirements.txt`;
  return tops.find((m) => m.path === preferred) ?? tops[0] ?? null;
}

/** The file and everything it includes (-r and -c), as manifests, file first. */
function includeClosure(project: Project, top: Manifest): Manifest[] {
  const out: Manifest[] = [];
  const visit = (m: Manifest): void => {
    if (out.includes(m)) return;
    out.push(m);
    for (const inc of m.includes) {
      const target = normalizePath(`${dirOf(m.path)}/${inc.target}`);
      const child = project.manifests.find((x) => x.path === target);
      if (child) visit(child);
    }
  };
  visit(top);
  return out;
}

function aptRun(packages: string[]): string[] {
  return [
    'RUN apt-get update \\',
    ` && apt-get install -y --no-install-recommends ${packages.join(' ')} \\`,
    ' && rm -rf /var/lib/apt/lists/*',
  ];
}

/** A multi-stage Dockerfile installing only the production dependencies. */
export function generateDockerfile(project: Project, opts: GenerateDockerfileOptions = {}): string {
  const existing =
    (opts.dockerfilePath ? project.dockerfiles.find((d) => d.path === opts.dockerfilePath) : undefined) ??
    project.dockerfiles.find((d) => opts.contextDir === undefined || d.contextDir === opts.contextDir) ??
    null;
  const contextDir = opts.contextDir ?? existing?.contextDir ?? '';
  const lookup = opts.lookupMusl ?? catalogLookup;

  const pyproject = project.manifests.find((m) => m.kind === 'pyproject' && m.path === (contextDir === '' ? 'pyproject.toml' : `${contextDir}/pyproject.toml`)) ?? null;
  const top = topProductionFile(project, contextDir);
  const files = top ? includeClosure(project, top) : [];

  const version = opts.pythonVersion ?? pythonLowerBound(pyproject?.requiresPython) ?? (existing ? dockerfilePython(existing) : null) ?? DEFAULT_PYTHON;
  const image = `python:${version}-slim`;

  const requirements: Requirement[] = top
    ? files.flatMap((m) => m.requirements).filter((r) => !r.constraintOnly && r.group === 'prod')
    : (pyproject?.requirements ?? []).filter((r) => r.group === 'prod' && r.groupName === null && !r.constraintOnly);
  const build = new Set<string>();
  const runtime = new Set<string>();
  for (const r of requirements) {
    const entry = lookup(r.key);
    if (!entry) continue;
    for (const p of entry.apt) build.add(p);
    for (const p of entry.aptRuntime) runtime.add(p);
  }

  const lines: string[] = [
    '# syntax=docker/dockerfile:1',
    '# Generated by slimreq: production dependencies are built in a virtualenv in the builder stage;',
    '# the final image gets the virtualenv, the runtime libraries and the code, and runs as a non-root user.',
    '',
    `FROM ${image} AS builder`,
    'ENV PIP_NO_CACHE_DIR=1 \\',
    '    PIP_DISABLE_PIP_VERSION_CHECK=1',
  ];
  if (build.size > 0) lines.push(...aptRun([...build].sort()));
  lines.push(`RUN python -m venv ${VENV}`, `ENV PATH="${VENV}/bin:$PATH"`, 'WORKDIR /src');
  if (top) {
    const rels = files.map((m) => contextRelative(m.path, contextDir));
    const rootFiles = rels.filter((p) => !p.includes('/'));
    if (rootFiles.length > 0) lines.push(`COPY ${rootFiles.join(' ')} ./`);
    for (const p of rels.filter((x) => x.includes('/'))) lines.push(`COPY ${p} ${p}`);
    lines.push(`RUN pip install --no-cache-dir -r ${contextRelative(top.path, contextDir)}`);
  } else if (pyproject) {
    lines.push('COPY . .', 'RUN pip install --no-cache-dir .');
  }

  lines.push(
    '',
    `FROM ${image}`,
    'ENV PYTHONDONTWRITEBYTECODE=1 \\',
    '    PYTHONUNBUFFERED=1 \\',
    `    PATH="${VENV}/bin:$PATH"`,
  );
  if (runtime.size > 0) lines.push(...aptRun([...runtime].sort()));
  lines.push('RUN useradd --create-home --uid 10001 app', `COPY --from=builder ${VENV} ${VENV}`, 'WORKDIR /app');
  if (top || !pyproject) lines.push('COPY --chown=app:app . .');
  lines.push('USER app');

  const final = existing && existing.finalStage >= 0 ? existing.stages[existing.finalStage] : null;
  const kept = final ? final.instructions.filter((i) => i.keyword === 'EXPOSE' || i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD') : [];
  const last = (k: string) => kept.filter((i) => i.keyword === k).at(-1);
  const expose = kept.filter((i) => i.keyword === 'EXPOSE');
  for (const e of expose) lines.push(`EXPOSE ${e.args}`);
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  if (entrypoint) lines.push(`ENTRYPOINT ${entrypoint.args}`);
  if (cmd) lines.push(`CMD ${cmd.args}`);
  if (!entrypoint && !cmd) lines.push(`CMD ${JSON.stringify(opts.command ?? ['python', '-m', 'app']).replace(/","/g, '", "')}`);
  return lines.join('\n') + '\n';
}
