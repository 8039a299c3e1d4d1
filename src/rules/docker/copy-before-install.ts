import type { Project } from '../../model.js';
import { defineRule } from '../types.js';
import { copiesWholeContext, layerSteps, type DockerfileModel, type DockerInstruction, type DockerStage, type RunCommand } from '../../parse/dockerfile.js';
import { hasOption, optionValues } from '../../parse/shell.js';

const LOCAL_PATH = /^(\.{1,2}|\.{1,2}\/.*|\/.*)(\[[^\]]*\])?$/;

/** Packages that make up the installer itself, not the project's dependencies. */
const INSTALLER_TOOLING = new Set(['pip', 'setuptools', 'wheel', 'uv', 'poetry', 'pipenv', 'pdm', 'pip-tools', 'virtualenv', 'build']);

/**
 * Whether a command installs third-party dependencies (so its layer should be cached apart from
 * the code). A pip install of only the local project (`pip install .`, `-e .`) is left out: pip
 * cannot install a pyproject's dependencies without its code, so there is nothing to split.
 */
export function installsDependencies(command: RunCommand): boolean {
  const t = command.tool;
  if (!t) return false;
  if ((t.tool === 'pip' || t.tool === 'uv-pip') && t.subcommand === 'install') {
    if (hasOption(t, '--no-deps')) return false;
    if (optionValues(t, '-r', '--requirement', '--requirements').length > 0) return true;
    const targets = [...t.operands, ...optionValues(t, '-e', '--editable')];
    // `pip install --upgrade pip setuptools wheel` prepares the installer; the dependencies come later.
    if (targets.length > 0 && targets.every((x) => INSTALLER_TOOLING.has(x.toLowerCase().split(/[<>=!~[;\s]/)[0]))) return false;
    return targets.some((x) => !LOCAL_PATH.test(x));
  }
  if (t.tool === 'uv-pip' && t.subcommand === 'sync') return true;
  if (t.tool === 'pip-sync') return true;
  if (t.tool === 'uv' && t.subcommand === 'sync') return true;
  if (t.tool === 'poetry' && (t.subcommand === 'install' || t.subcommand === 'sync')) return !hasOption(t, '--only-root');
  if (t.tool === 'pipenv' && (t.subcommand === 'install' || t.subcommand === 'sync')) return true;
  if (t.tool === 'pdm' && (t.subcommand === 'install' || t.subcommand === 'sync')) return true;
  return false;
}

/** The install as it reads in a message: the program and its subcommand (`pip install`, `uv sync`, `python -m pip install`). */
function installText(install: RunCommand): string {
  const t = install.tool!;
  const program = t.tool === 'uv-pip' ? 'uv pip' : t.tool === 'pip' ? 'pip' : t.tool;
  return t.subcommand === null ? program : `${program} ${t.subcommand}`;
}

/** A `[tool.uv.workspace] members` glob (`packages/*`) as a matcher of member folders. */
function memberGlob(glob: string): RegExp {
  const body = glob
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .split('/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*'))
    .join('/');
  return new RegExp(`^${body}$`);
}

/**
 * The uv workspace a Dockerfile's context holds: the member folders (context-relative) whose
 * pyproject.toml the dependency layer needs, or null when the context is a single project. The root
 * pyproject's `[tool.uv.workspace] members` decides when the loader recorded it; otherwise a root
 * pyproject with pyproject.toml files below it, used with `uv sync --package`/`--all-packages`,
 * counts as a workspace.
 */
export function uvWorkspaceMembers(project: Project, df: DockerfileModel, install: RunCommand): string[] | null {
  const prefix = df.contextDir === '' ? '' : `${df.contextDir}/`;
  const root = project.manifests.find((m) => m.kind === 'pyproject' && m.path === `${prefix}pyproject.toml`);
  if (!root) return null;
  const nested = project.manifests
    .filter((m) => m.kind === 'pyproject' && m.path.startsWith(prefix) && m !== root)
    .map((m) => m.path.slice(prefix.length, -'/pyproject.toml'.length));
  if (root.workspaceMembers !== undefined) {
    if (root.workspaceMembers.length === 0) return null;
    const globs = root.workspaceMembers.map(memberGlob);
    return nested.filter((dir) => globs.some((g) => g.test(dir))).sort();
  }
  const t = install.tool!;
  if (nested.length > 0 && hasOption(t, '--package', '--all-packages')) return nested.sort();
  return null;
}

/** The COPY of dependency files that lets the install run before the code arrives. */
function manifestCopy(install: RunCommand, workspace: string[] | null): string {
  const t = install.tool!;
  const files = [...optionValues(t, '-r', '--requirement', '--requirements'), ...optionValues(t, '-c', '--constraint')];
  if (t.tool === 'pip-sync' || (t.tool === 'uv-pip' && t.subcommand === 'sync')) files.push(...t.operands.filter((o) => /\.(txt|in)$/.test(o)));
  if (files.length > 0 && files.every((f) => !f.startsWith('/') && !f.includes('$') && !f.startsWith('..'))) {
    // Files in folders: copy the folder, whose other files the `-r` lines may include.
    const rootFiles = [...new Set(files.filter((f) => !f.replace(/^\.\//, '').includes('/')))];
    const dirs = [...new Set(files.map((f) => f.replace(/^\.\//, '')).filter((f) => f.includes('/')).map((f) => f.slice(0, f.lastIndexOf('/') + 1)))];
    return [...(rootFiles.length > 0 ? [`\`COPY ${rootFiles.join(' ')} ./\``] : []), ...dirs.map((d) => `\`COPY ${d} ${d}\``)].join(', ');
  }
  if (t.tool === 'uv' && workspace !== null) {
    // uv's Docker guide for workspaces: install every dependency but none of the members, whose
    // pyproject.toml files (not their code) uv needs to resolve the workspace.
    const shown = workspace.slice(0, 4).map((dir) => `\`COPY ${dir}/pyproject.toml ${dir}/\``);
    if (workspace.length > 4) shown.push(`… (${workspace.length} members)`);
    return ['`COPY pyproject.toml uv.lock ./`', ...shown].join(', ') + ' and `uv sync --frozen --no-install-workspace`';
  }
  if (t.tool === 'uv') return '`COPY pyproject.toml uv.lock ./` and `uv sync --no-install-project`';
  if (t.tool === 'poetry') return '`COPY pyproject.toml poetry.lock ./` and `poetry install --no-root`';
  if (t.tool === 'pipenv') return '`COPY Pipfile Pipfile.lock ./`';
  if (t.tool === 'pdm') return '`COPY pyproject.toml pdm.lock ./` and `pdm install --no-self`';
  return '`COPY requirements.txt ./` or `COPY pyproject.toml ./`';
}

/** The stage installs dependencies before any copy of the whole context (so its install layer stays cached). */
function installsCached(df: DockerfileModel, stage: DockerStage): boolean {
  for (const { instruction } of layerSteps(df, stage)) {
    if (copiesWholeContext(instruction)) return false;
    if ((instruction.run?.commands ?? []).some(installsDependencies)) return true;
  }
  return false;
}

export default defineRule({
  code: 'SR310',
  name: 'copy-before-install',
  severity: 'warning',
  docs: {
    what:
      'Flags `COPY . .` (or `ADD .`, or any copy of the whole build context) that comes before the first dependency install (`pip install -r`, `uv sync`, `poetry install`, `pipenv install`, `pdm install`) of the same stage. Upgrading the installer (`pip install --upgrade pip setuptools wheel`) is not the dependency install; installing only the local project (`pip install .`) after the copy is fine, and so is copying the code after dependencies were installed from the manifests alone, here or in a stage whose result is copied in (`COPY --from=deps /app/.venv /app/.venv`).',
    why:
      "Docker reuses a layer only while everything before it is unchanged. When the whole source tree is copied before the install, every code edit invalidates the install layer and the build downloads and installs all dependencies again. Copying just the manifests first keeps the dependency layer cached until they change.",
    bad: 'WORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
    good: 'WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .',
    fix: 'Copy the dependency manifests first (`COPY requirements.txt .`, `COPY pyproject.toml uv.lock ./`), install, then `COPY . .`. In a uv workspace, also copy each member\'s pyproject.toml and install with `uv sync --frozen --no-install-workspace`.',
    references: [
      'https://docs.docker.com/build/cache/optimize/#order-your-layers',
      'https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers',
      'https://docs.astral.sh/uv/concepts/projects/workspaces/',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const stage of df.stages) {
        // Dependencies built in a stage of their own from the manifests alone and copied in
        // (`COPY --from=deps /app/.venv /app/.venv`): the install after `COPY . .` only adds the project.
        if (layerSteps(df, stage).some(({ instruction }) => instruction.copy?.fromStage != null && installsCached(df, df.stages[instruction.copy.fromStage]))) continue;
        let installed = false;
        let pending: DockerInstruction | null = null;
        for (const { stage: owner, instruction } of layerSteps(df, stage)) {
          if (owner === stage && pending === null && !installed && copiesWholeContext(instruction)) pending = instruction;
          const install = (instruction.run?.commands ?? []).find(installsDependencies);
          if (!install) continue;
          if (pending && owner === stage) {
            const what = `${pending.keyword} ${pending.args.split(/\s+/).slice(0, 2).join(' ')}`;
            report({
              file: df.path,
              line: pending.line,
              column: pending.column,
              message: `\`${what}\` copies the whole context before \`${installText(install)}\` (line ${install.line}): every code change reinstalls all dependencies; copy the dependency files first (${manifestCopy(install, install.tool?.tool === 'uv' ? uvWorkspaceMembers(project, df, install) : null)}), install, then \`${what}\``,
            });
            pending = null;
          }
          installed = true;
        }
      }
    }
  },
});
