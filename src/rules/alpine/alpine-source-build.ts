import type { Arch, MuslEntry } from '../../catalog/musl-types.js';
import { describeApk, evaluateAlpine, pythonVersionOfImage, rootImage, type AlpinePackage } from '../../alpine/evaluate.js';
import { splitImage, stageChain, type DockerfileModel, type DockerStage } from '../../parse/dockerfile.js';
import { requirementsFilesInstalled } from '../../alpine/installed.js';
import type { Project } from '../../model.js';
import { defineRule, type RuleContext } from '../types.js';

/** python:3.12-alpine, python:3.12-alpine3.20, alpine:3.20, docker.io/library/alpine, any *-alpine tag. */
export function isAlpineImage(image: string): boolean {
  const { name, tag } = splitImage(image);
  const last = name.split('/').pop() ?? name;
  return last === 'alpine' || /(^|[-_.])alpine/.test(tag ?? '');
}

/** linux/arm64 and linux/arm64/v8 -> aarch64; everything else (amd64, unset, $TARGETPLATFORM) -> x86_64. */
export function archOfPlatform(platform: string | null): Arch {
  return platform !== null && /^linux\/(arm64|aarch64)(\/|$)/i.test(platform.trim()) ? 'aarch64' : 'x86_64';
}

const INSTALL_SUBCOMMANDS: Record<string, string[]> = {
  pip: ['install'],
  'uv-pip': ['install', 'sync'],
  uv: ['sync', 'add'],
  poetry: ['install'],
  pipenv: ['install', 'sync'],
  pdm: ['install', 'sync'],
};

/** The stage runs a Python package installer (pip, uv, poetry, pipenv, pdm, pip-sync). */
export function installsPythonPackages(stage: DockerStage): boolean {
  return stage.instructions.some((ins) =>
    (ins.run?.commands ?? []).some((cmd) => {
      const tool = cmd.tool;
      if (!tool) return false;
      if (tool.tool === 'pip-sync') return true;
      return tool.subcommand !== null && (INSTALL_SUBCOMMANDS[tool.tool] ?? []).includes(tool.subcommand);
    }),
  );
}

interface AlpineStage {
  model: DockerfileModel;
  stage: DockerStage;
  image: string;
  arch: Arch;
}

function alpineStages(project: Project): AlpineStage[] {
  const out: AlpineStage[] = [];
  for (const model of project.dockerfiles) {
    for (const stage of model.stages) {
      const image = rootImage(model, stage.index);
      if (!image || !isAlpineImage(image) || !installsPythonPackages(stage)) continue;
      out.push({ model, stage, image, arch: archOfPlatform(stage.platform) });
    }
  }
  return out;
}

function describe(p: AlpinePackage): string {
  return `${p.name}${p.specifier}${p.via ? ` (via ${p.via})` : ''}`;
}

function them(n: number): string {
  return n === 1 ? 'it' : 'them';
}

/** The packages' build packages, then the runtime libraries, as the per-package advice words it. */
function apkOf(packages: AlpinePackage[]): string {
  const build = packages.flatMap((p) => p.apk.filter((a) => !(p.apkRuntime ?? []).includes(a)));
  return describeApk(build, packages.flatMap((p) => p.apkRuntime ?? []));
}

/** Runs the check with an injectable catalog lookup, for tests. */
export function checkAlpineSourceBuild(ctx: RuleContext, lookup?: (key: string) => MuslEntry | null): void {
  const reportedRequirements = new Set<string>();
  for (const { model, stage, image, arch } of alpineStages(ctx.project)) {
    // What this stage installs (its own `pip install -r` lines and those of the stages it builds on).
    const installs = requirementsFilesInstalled(ctx.project, model, stageChain(model, stage));
    const report = evaluateAlpine(ctx.project, { arch, lookup, pythonVersion: pythonVersionOfImage(image), installs, contextDir: model.contextDir });
    const compiling = report.packages.filter((p) => p.status === 'build');
    const unavailable = report.packages.filter((p) => p.status === 'unavailable');
    if (compiling.length === 0 && unavailable.length === 0) continue;

    // One cause per clause: what pip compiles (and what that needs), then what cannot install at all.
    const clauses: string[] = [];
    if (compiling.length > 0) {
      const apk = apkOf(compiling);
      clauses.push(
        `${image} has no musllinux wheels for ${compiling.map(describe).join(', ')} on ${arch}: pip compiles ${them(compiling.length)} from source${apk ? ` (needs ${apk})` : ''}`,
      );
    }
    if (unavailable.length > 0) {
      const names = unavailable.map(describe).join(', ');
      clauses.push(
        compiling.length > 0
          ? `${names} cannot be installed at all (no musllinux wheel and no sdist)`
          : `${image} cannot install ${names} on ${arch}: no musllinux wheel and no sdist`,
      );
    }
    ctx.report({
      file: model.path,
      line: stage.from.line,
      column: stage.from.column,
      message: clauses.join('; '),
      fix: `use ${report.recommendedBase}, or move to versions with musllinux wheels`,
      ...(unavailable.length > 0 ? { severity: 'error' as const } : {}),
    });
    const where = `${image} in ${model.path}:${stage.from.line}`;
    for (const p of report.packages.filter((x) => x.status === 'build' || x.status === 'unavailable')) {
      const key = `${p.file}:${p.line}:${p.key}`;
      if (reportedRequirements.has(key)) continue;
      reportedRequirements.add(key);
      const cannot = p.status === 'unavailable';
      ctx.report({
        file: p.file,
        line: p.line,
        column: 1,
        message: cannot
          ? `${describe(p)} cannot be installed on Alpine: no musllinux wheel and no sdist (${where})`
          : `${describe(p)} compiles from source on Alpine (${where})`,
        package: p.key,
        fix: p.advice,
        ...(cannot ? { severity: 'error' as const } : {}),
      });
    }
  }
}

export default defineRule({
  code: 'SR201',
  name: 'alpine-source-build',
  severity: 'warning',
  docs: {
    what:
      'Reports a Dockerfile stage that installs Python packages on an Alpine base image (`python:*-alpine*`, `alpine:*`) when production requirements the image can install (manifests in its build context; when it names the requirements files it installs, only those) have no musllinux wheel for the release pip would pick and the stage architecture (`--platform=linux/arm64` means aarch64, otherwise x86_64). It reports at the FROM line, naming the packages and the apk build and runtime packages a source build needs, and at each affected requirement. A package with neither a musllinux wheel nor an sdist (torch, tensorflow) cannot be installed at all: those findings are errors.',
    why:
      'Alpine uses musl libc, so the manylinux wheels most packages publish do not install there. Without a musllinux wheel pip downloads the sdist and compiles it: builds take minutes (numpy, pandas, grpcio), need compilers and -dev packages in the image, and can fail outright (Rust for cryptography, missing headers). A Debian-based -slim image installs the same requirements from wheels and usually ends up no larger.',
    bad: '# Dockerfile\nFROM python:3.11-alpine\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n\n# requirements.txt\nnumpy<1.25\npsycopg2==2.9.9',
    good: '# Dockerfile\nFROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n\n# requirements.txt\nnumpy<1.25\npsycopg2-binary==2.9.9',
    fix: 'Use the python:<version>-slim image, or allow releases that ship musllinux wheels (and binary variants such as psycopg2-binary).',
    references: [
      'https://peps.python.org/pep-0656/',
      'https://pythonspeed.com/articles/alpine-docker-python/',
      'https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-only-binary',
    ],
  },
  check(ctx) {
    checkAlpineSourceBuild(ctx);
  },
});
