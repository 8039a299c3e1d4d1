import dockerignoreModule from '@balena/dockerignore';
import type { Ignore } from '@balena/dockerignore';
import type { DockerignoreFile, Project } from '../../model.js';
import { defineRule } from '../types.js';
import { copiesWholeContext, type DockerfileModel, type DockerInstruction } from '../../parse/dockerfile.js';

/** An entry every Python build context should exclude, with how to recognize what it covers. */
export interface ExpectedEntry {
  /** The pattern to add when what it covers sits at the context root. */
  entry: string;
  /** The pattern to add when it also sits deeper (`**` form). */
  nested: string;
  /** Whether a context-relative path (no trailing slash) is something this entry should exclude. */
  matches(path: string, isDir: boolean): boolean;
  /** Paths that stand for it when the repository has none yet, to test a .dockerignore against. */
  probes: string[];
  /** Leaking it is a security problem, not only size. */
  secret?: boolean;
}

// A CommonJS module: under NodeNext its default import is `module.exports`, the factory itself.
const ignore = ((dockerignoreModule as unknown as { default?: unknown }).default ?? dockerignoreModule) as unknown as (options?: { ignorecase?: boolean }) => Ignore;

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
/** `.env.example` and the like: committed on purpose, without values. */
const ENV_TEMPLATE = /^\.env\.(example|sample|template|dist)$/i;
const dirNamed = (name: string) => (p: string, isDir: boolean) => isDir && base(p) === name;

export const EXPECTED_ENTRIES: ExpectedEntry[] = [
  { entry: '.git', nested: '**/.git', matches: (p) => base(p) === '.git', probes: ['.git', '.git/HEAD'] },
  { entry: '.venv', nested: '**/.venv', matches: dirNamed('.venv'), probes: ['.venv', '.venv/bin/python'] },
  { entry: 'venv', nested: '**/venv', matches: dirNamed('venv'), probes: ['venv', 'venv/bin/python'] },
  { entry: '**/__pycache__', nested: '**/__pycache__', matches: dirNamed('__pycache__'), probes: ['__pycache__/m.cpython-312.pyc', 'app/__pycache__/m.cpython-312.pyc', 'a/b/__pycache__'] },
  { entry: '**/*.pyc', nested: '**/*.pyc', matches: (p, isDir) => !isDir && p.endsWith('.pyc'), probes: ['m.pyc', 'app/m.pyc'] },
  { entry: '.env', nested: '**/.env', matches: (p, isDir) => !isDir && base(p) === '.env', probes: ['.env'], secret: true },
  // `.env.production`, `.env.local`: the same secrets per environment. Only reported (and only added
  // by the fixer) when such files exist; templates meant to be committed hold no secrets.
  { entry: '.env.*', nested: '**/.env.*', matches: (p, isDir) => !isDir && /^\.env\..+/.test(base(p)) && !ENV_TEMPLATE.test(base(p)), probes: [], secret: true },
  { entry: '.pytest_cache', nested: '**/.pytest_cache', matches: dirNamed('.pytest_cache'), probes: ['.pytest_cache'] },
  { entry: '.mypy_cache', nested: '**/.mypy_cache', matches: dirNamed('.mypy_cache'), probes: ['.mypy_cache'] },
  { entry: '.tox', nested: '**/.tox', matches: dirNamed('.tox'), probes: ['.tox'] },
  { entry: 'node_modules', nested: '**/node_modules', matches: dirNamed('node_modules'), probes: ['node_modules'] },
];

/** The .dockerignore Docker applies to a Dockerfile: `<Dockerfile>.dockerignore` first, then the context's. */
export function applicableDockerignore(project: Project, df: DockerfileModel): DockerignoreFile | null {
  let byPath = dockerignoresByPath.get(project);
  if (!byPath) dockerignoresByPath.set(project, (byPath = new Map(project.dockerignores.map((d) => [d.path, d]))));
  const own = byPath.get(`${df.path}.dockerignore`);
  if (own) return own;
  return byPath.get(df.contextDir === '' ? '.dockerignore' : `${df.contextDir}/.dockerignore`) ?? null;
}

const dockerignoresByPath = new WeakMap<Project, Map<string, DockerignoreFile>>();

/** The first instruction that copies the whole build context into a stage that ships, or null. */
export function contextCopy(df: DockerfileModel): DockerInstruction | null {
  // Stages whose layers make up the image, and builder stages whose copy of the context a shipping
  // stage takes whole (`COPY . /src` in the builder, `COPY --from=builder /src /app` in the final
  // stage). A builder that only hands over artifacts (`/dist`, a virtualenv) does not put the
  // context into the image.
  for (const stage of df.stages) {
    if (stage.imageRole === 'none') continue;
    let workdir: string | null = '/';
    for (const ins of stage.instructions) {
      if (ins.keyword === 'WORKDIR') {
        const dir = ins.args.trim();
        workdir = dir.includes('$') ? null : dir.startsWith('/') ? normalize(dir) : workdir === null ? null : normalize(`${workdir}/${dir}`);
      }
      if (!copiesWholeContext(ins)) continue;
      if (stage.imageRole === 'layers') return ins;
      const destWord = ins.copy?.dest ?? null;
      if (destWord === null || destWord.includes('$')) continue;
      const dest = destWord.startsWith('/') ? normalize(destWord) : workdir === null ? null : normalize(`${workdir}/${destWord}`);
      if (dest !== null && takenWhole(df, stage.index, dest)) return ins;
    }
  }
  return null;
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** A shipping stage copies `dir` (or a folder above it) out of stage `from`. */
function takenWhole(df: DockerfileModel, from: number, dir: string): boolean {
  return df.stages.some(
    (s) =>
      s.imageRole === 'layers' &&
      s.instructions.some(
        (ins) =>
          ins.copy?.fromStage === from &&
          ins.copy.sources.some((src) => {
            if (src.includes('$') || !src.startsWith('/')) return false;
            const p = normalize(src);
            return p === dir || p === '/' || dir.startsWith(`${p}/`);
          }),
      ),
  );
}

export interface DockerignoreGap {
  expected: ExpectedEntry;
  /** Pattern to add. */
  pattern: string;
  /** Context-relative paths present in the repository that the .dockerignore lets through. */
  present: string[];
}

const candidates = new WeakMap<Project, string[]>();

/**
 * The present paths that any expected entry could cover, computed once per project: a monorepo has
 * tens of thousands of paths and hundreds of Dockerfiles, and only a handful of paths matter.
 */
function candidatePaths(project: Project): string[] {
  let list = candidates.get(project);
  if (!list) {
    list = project.presentPaths.filter((p) => {
      const isDir = p.endsWith('/');
      const path = isDir ? p.slice(0, -1) : p;
      return EXPECTED_ENTRIES.some((e) => e.matches(path, isDir));
    });
    candidates.set(project, list);
  }
  return list;
}

/**
 * Which expected entries a .dockerignore (null: none) fails to exclude, judged with Docker's own
 * matching (`**`, `!` exceptions, leading `/`). `presentOnly` limits the answer to what exists in
 * the repository; otherwise probe paths stand in for what is not there yet.
 */
export function dockerignoreGaps(project: Project, contextDir: string, patterns: string[] | null, presentOnly: boolean): DockerignoreGap[] {
  const matcher = ignore().add(patterns ?? []);
  const prefix = contextDir === '' ? '' : `${contextDir}/`;
  const present = candidatePaths(project)
    .filter((p) => p.startsWith(prefix) && p !== prefix)
    .map((p) => ({ path: p.slice(prefix.length).replace(/\/$/, ''), isDir: p.endsWith('/') }));
  const gaps: DockerignoreGap[] = [];
  for (const expected of EXPECTED_ENTRIES) {
    const found = present.filter((p) => expected.matches(p.path, p.isDir));
    const leaking = found.filter((p) => !matcher.ignores(p.path)).map((p) => p.path);
    if (leaking.length > 0) {
      const nested = leaking.some((p) => p.includes('/'));
      gaps.push({ expected, pattern: nested ? expected.nested : expected.entry, present: leaking });
      continue;
    }
    if (presentOnly) continue;
    if (expected.probes.some((p) => !matcher.ignores(p))) gaps.push({ expected, pattern: expected.entry, present: [] });
  }
  return gaps;
}

export default defineRule({
  code: 'SR402',
  name: 'dockerignore-missing-entry',
  severity: 'warning',
  docs: {
    what:
      'For a Dockerfile that copies its whole build context, reports each of `.git`, `.venv`/`venv`, `__pycache__`, `*.pyc`, `.env`, `.env.*` (`.env.production`, `.env.local`; not templates such as `.env.example`, `.env.sample`, `.env.template`, `.env.dist`), `.pytest_cache`, `.mypy_cache`, `.tox` and `node_modules` that exists in the repository and is not excluded by the applicable .dockerignore, judged with Docker\'s own matching (`**`, `!` exceptions, leading `/`). A `.env` or `.env.*` file that would be copied is an error: it usually holds secrets.',
    why:
      '`COPY . .` copies everything the .dockerignore lets through: the whole git history, local virtualenvs built for another platform, bytecode caches and tool caches. They make the image larger and the build slower, and stale virtualenvs or .pyc files can shadow what pip installed. A `.env` file in an image leaks credentials to everyone who can pull it.',
    bad: '# .dockerignore\n__pycache__',
    good: '# .dockerignore\n.git\n.venv\nvenv\n**/__pycache__\n**/*.pyc\n.env\n.env.*\n.pytest_cache\n.mypy_cache\n.tox\nnode_modules',
    fix: 'Add the reported patterns to .dockerignore (note that Docker anchors patterns at the context root: use `**/__pycache__`).',
    references: [
      'https://docs.docker.com/build/concepts/context/#dockerignore-files',
      'https://github.com/balena-io-modules/dockerignore',
    ],
  },
  check({ project, report }) {
    const reported = new Set<string>();
    for (const df of project.dockerfiles) {
      const copy = contextCopy(df);
      if (!copy) continue;
      const ignoreFile = applicableDockerignore(project, df);
      const gaps = dockerignoreGaps(project, df.contextDir, ignoreFile ? ignoreFile.patterns.map((p) => p.pattern) : null, true);
      for (const gap of gaps) {
        const file = ignoreFile ? ignoreFile.path : df.path;
        const key = `${file}\u0000${gap.pattern}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const where = ignoreFile ? `\`${ignoreFile.path}\` does not exclude it` : 'there is no .dockerignore';
        const shown = gap.present.slice(0, 3).map((p) => `\`${p}\``).join(', ') + (gap.present.length > 3 ? `, … (${gap.present.length})` : '');
        const copyAt = `\`${copy.keyword} ${copy.args}\` (${df.path}:${copy.line})`;
        report({
          file,
          line: ignoreFile ? 1 : copy.line,
          column: ignoreFile ? 1 : copy.column,
          severity: gap.expected.secret ? 'error' : undefined,
          message: gap.expected.secret
            ? `${shown} is in the build context and ${where}: ${copyAt} copies it, and the secrets in it, into the image; add \`${gap.pattern}\` to .dockerignore`
            : `${shown} ${gap.present.length === 1 ? 'is' : 'are'} in the build context and ${where}: ${copyAt} copies ${gap.present.length === 1 ? 'it' : 'them'} into the image; add \`${gap.pattern}\` to .dockerignore`,
          fix: `add \`${gap.pattern}\` to .dockerignore`,
        });
      }
    }
  },
});
