import type { Project } from '../../model.js';
import { defineRule } from '../types.js';
import { stepsWithRole, type DockerfileModel, type RunCommand } from '../../parse/dockerfile.js';
import { optionValues } from '../../parse/shell.js';
import { parsePep508 } from '../../parse/pep508.js';
import { lookupMusl } from '../../catalog/musl.js';

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
/**
 * Shared libraries that packages compiled in the image load at run time (psycopg2 -> libpq5 on
 * Debian, libpq on Alpine), from the musl catalog, for the production requirements of the project
 * in the Dockerfile's context and the packages its shipping stages pip-install by name. Removing
 * the build dependencies (`apt-get purge --auto-remove`, `apk del .build-deps`) also removes these
 * when they came in only as dependencies of the `-dev` packages, and the import then fails; naming
 * them in an install of their own keeps them.
 */
export function runtimeLibraries(project: Project, df: DockerfileModel, manager: 'apt' | 'apk'): { libraries: string[]; packages: string[] } {
  const keys = new Set<string>();
  const prefix = df.contextDir === '' ? '' : `${df.contextDir}/`;
  for (const manifest of project.manifests) {
    if (!manifest.path.startsWith(prefix)) continue;
    for (const req of manifest.requirements) {
      if (req.group === 'prod' && !req.constraintOnly && req.url === null && req.key !== '') keys.add(req.key);
    }
  }
  for (const { instruction } of stepsWithRole(df, ['layers'])) {
    for (const c of instruction.run?.commands ?? []) {
      const t = c.tool;
      if (!t || !((t.tool === 'pip' || t.tool === 'uv-pip') && t.subcommand === 'install')) continue;
      for (const operand of t.operands) {
        if (/[/$]|^\./.test(operand)) continue;
        const parsed = parsePep508(operand);
        if (parsed.ok && parsed.value.url === null) keys.add(parsed.value.key);
      }
    }
  }
  const libraries: string[] = [];
  const packages: string[] = [];
  for (const key of [...keys].sort()) {
    const entry = lookupMusl(key);
    if (!entry || entry.compiled === 'no') continue;
    // A package with binary wheels (psycopg2-binary, pillow, cryptography) installs them with its
    // libraries bundled inside; only one that compiles from source loads the system's. Packages with
    // musllinux wheels have manylinux ones too, so the same test serves apt and apk.
    if (entry.musllinux.x86_64.since !== null || entry.musllinux.aarch64.since !== null) continue;
    const libs = manager === 'apt' ? entry.aptRuntime : entry.apkRuntime;
    if (libs.length === 0) continue;
    packages.push(key);
    for (const lib of libs) if (!libraries.includes(lib)) libraries.push(lib);
  }
  return { libraries, packages };
}

/** The cleanup that keeps build tools out of the layer, for the package manager that installed them. */
function removal(tool: string, packages: string[], runtime: { libraries: string[]; packages: string[] }): string {
  const names = packages.join(' ');
  const libs = runtime.libraries.join(' ');
  const keep =
    runtime.libraries.length === 0
      ? ''
      : ` (\`${libs}\` stay${runtime.libraries.length === 1 ? 's' : ''} installed: ${runtime.packages.map((p) => `\`${p}\``).join(', ')} need${runtime.packages.length === 1 ? 's' : ''} ${runtime.libraries.length === 1 ? 'it' : 'them'} at run time, and removing the build dependencies would take ${runtime.libraries.length === 1 ? 'it' : 'them'} along)`;
  if (tool === 'apk') {
    const runtimeAdd = libs === '' ? '' : `apk add --no-cache ${libs} && `;
    return `\`${runtimeAdd}apk add --no-cache --virtual .build-deps ${names} && pip install … && apk del .build-deps\`${keep}`;
  }
  if (tool === 'apt-get' || tool === 'apt') {
    const runtimeInstall = libs === '' ? '…' : `apt-get install -y --no-install-recommends ${names} ${libs}`;
    return `\`${runtimeInstall} && pip install … && apt-get purge -y --auto-remove ${names}\`${keep}`;
  }
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
    fix: 'Install build tools in a builder stage and `COPY --from` the wheels or virtualenv; or remove them in the same RUN (`apk del .build-deps`, `apt-get purge -y --auto-remove gcc`), installing the runtime libraries the compiled packages load by name first so the removal keeps them (`apk add --no-cache libpq`, `apt-get install -y --no-install-recommends libpq5` for psycopg2; packages installed from wheels, such as psycopg2-binary, pillow or cryptography, bundle their libraries and need none).',
    references: [
      'https://docs.docker.com/build/building/multi-stage/',
      'https://github.com/docker-library/python/blob/master/3.12/slim-bookworm/Dockerfile',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      const runtime = { apt: null as ReturnType<typeof runtimeLibraries> | null, apk: null as ReturnType<typeof runtimeLibraries> | null };
      const runtimeFor = (manager: 'apt' | 'apk') => (runtime[manager] ??= runtimeLibraries(project, df, manager));
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
            message: `${list} ${tools.length === 1 ? 'is a build tool' : 'are build tools'} installed in the final image; compile in a builder stage and \`COPY --from\` the result, or remove ${tools.length === 1 ? 'it' : 'them'} in the same RUN: ${removal(t.tool, tools, t.tool === 'apk' ? runtimeFor('apk') : t.tool === 'apt' || t.tool === 'apt-get' ? runtimeFor('apt') : { libraries: [], packages: [] })}`,
            package: tools.length === 1 ? tools[0] : null,
          });
        });
      }
    }
  },
});
