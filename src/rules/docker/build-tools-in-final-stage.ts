import { defineRule } from '../types.js';
import { stepsWithRole, type RunCommand } from '../../parse/dockerfile.js';
import { optionValues } from '../../parse/shell.js';

const BUILD_TOOLS = new Set([
  'gcc', 'g++', 'gcc-c++', 'cpp', 'clang', 'llvm', 'make', 'cmake', 'ninja', 'ninja-build', 'meson',
  'build-essential', 'build-base', 'musl-dev', 'linux-headers', 'libc-dev', 'libc6-dev', 'python3-dev',
  'python-dev', 'python3-devel', 'python-devel', 'cargo', 'rust', 'rustc', 'gfortran', 'autoconf',
  'automake', 'libtool', 'pkg-config', 'pkgconf', 'pkgconfig', 'swig',
]);

/** Package name without a version pin: `gcc=4:12.2.0-3` -> `gcc`, `gcc~12` -> `gcc`. */
export function packageName(spec: string): string {
  return spec.split(/[=~<>]/)[0].toLowerCase();
}

export function isBuildTool(spec: string): boolean {
  const name = packageName(spec);
  return (
    BUILD_TOOLS.has(name) ||
    /-(dev|devel)$/.test(name) ||
    /^(gcc|g\+\+|clang|llvm|cpp)-\d+(\.\d+)*$/.test(name) ||
    /^python3\.\d+-dev$/.test(name)
  );
}

const INSTALLERS: Record<string, string> = { 'apt-get': 'install', apt: 'install', apk: 'add', yum: 'install', dnf: 'install', microdnf: 'install' };
const REMOVERS: Record<string, string[]> = {
  'apt-get': ['purge', 'remove'],
  apt: ['purge', 'remove'],
  apk: ['del'],
  yum: ['remove', 'erase', 'autoremove'],
  dnf: ['remove', 'erase', 'autoremove'],
  microdnf: ['remove'],
};

/**
 * Packages (as written) installed by `install` and removed again by a later command of the same
 * RUN: `apk del <virtual name or package>`, `apt-get purge <package>`, or the docker-library
 * pattern `apt-mark auto …` + `apt-get purge --auto-remove`.
 */
/** The cleanup that keeps build tools out of the layer, for the package manager that installed them. */
function removal(tool: string, packages: string[]): string {
  const names = packages.join(' ');
  if (tool === 'apk') return `\`apk add --no-cache --virtual .build-deps ${names} && pip install … && apk del .build-deps\``;
  if (tool === 'apt-get' || tool === 'apt') return `\`… && pip install … && apt-get purge -y --auto-remove ${names}\``;
  return `\`… && pip install … && ${tool} remove -y ${names}\``;
}

export function removedLater(commands: RunCommand[], index: number): (spec: string) => boolean {
  const install = commands[index].tool!;
  const virtual = install.tool === 'apk' ? optionValues(install, '--virtual', '-t') : [];
  const removed = new Set<string>();
  let autoRemove = false;
  let everything = false;
  const marksAuto = commands.some((c) => c.argv[0] === 'apt-mark' && c.argv[1] === 'auto');
  for (const c of commands.slice(index + 1)) {
    const t = c.tool;
    if (!t) continue;
    const family = t.tool === 'apt' ? 'apt-get' : t.tool;
    const installFamily = install.tool === 'apt' ? 'apt-get' : install.tool;
    if (family !== installFamily && !(['yum', 'dnf', 'microdnf'].includes(family) && ['yum', 'dnf', 'microdnf'].includes(installFamily))) continue;
    if (t.subcommand !== null && (REMOVERS[t.tool] ?? []).includes(t.subcommand)) {
      for (const p of t.operands) {
        removed.add(packageName(p));
        if (virtual.includes(p)) everything = true;
      }
      if (t.options.some((o) => o.name === '--auto-remove' || o.name === '--autoremove')) autoRemove = true;
    }
    if (t.subcommand === 'autoremove') autoRemove = true;
  }
  if (autoRemove && marksAuto) everything = true;
  return (spec) => everything || removed.has(packageName(spec));
}

export default defineRule({
  code: 'SR302',
  name: 'build-tools-in-final-stage',
  severity: 'warning',
  docs: {
    what:
      'Flags compilers and headers (gcc, g++, clang, make, build-essential, build-base, musl-dev, linux-headers, `*-dev`/`*-devel` packages, cargo/rust) installed with apt-get, apk, yum or dnf in a stage whose layers make up the final image, unless the same RUN removes them again.',
    why:
      'Build tools are needed only while wheels compile. Left in the final image they add tens to hundreds of megabytes and a large attack surface. Removing them in a later RUN does not help: the layer that installed them still ships.',
    bad: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir psycopg2',
    good:
      'FROM python:3.12-slim AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nRUN pip wheel --wheel-dir /wheels psycopg2\n\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/* && rm -rf /wheels',
    fix: 'Install build tools in a builder stage and `COPY --from` the wheels or virtualenv; or remove them in the same RUN (`apk del .build-deps`, `apt-get purge -y --auto-remove gcc`).',
    references: [
      'https://docs.docker.com/build/building/multi-stage/',
      'https://github.com/docker-library/python/blob/master/3.12/slim-bookworm/Dockerfile',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const { instruction } of stepsWithRole(df, ['layers'])) {
        const commands = instruction.run?.commands ?? [];
        commands.forEach((command, index) => {
          const t = command.tool;
          if (!t || INSTALLERS[t.tool] !== t.subcommand) return;
          const gone = removedLater(commands, index);
          const tools = t.operands.filter((p) => isBuildTool(p) && !gone(p)).map(packageName);
          if (tools.length === 0) return;
          const list = tools.map((p) => `\`${p}\``).join(', ');
          report({
            file: df.path,
            line: command.line,
            column: command.column,
            message: `${list} ${tools.length === 1 ? 'is a build tool' : 'are build tools'} installed in the final image; compile in a builder stage and \`COPY --from\` the result, or remove ${tools.length === 1 ? 'it' : 'them'} in the same RUN: ${removal(t.tool, tools)}`,
            package: tools.length === 1 ? tools[0] : null,
          });
        });
      }
    }
  },
});
