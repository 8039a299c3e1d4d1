import { defineRule } from '../types.js';
import { copiesWholeContext, layerSteps, type DockerInstruction, type RunCommand } from '../../parse/dockerfile.js';
import { hasOption, optionValues } from '../../parse/shell.js';

const LOCAL_PATH = /^(\.{1,2}|\.{1,2}\/.*|\/.*)(\[[^\]]*\])?$/;

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

/** The COPY of dependency files that lets the install run before the code arrives. */
function manifestCopy(install: RunCommand): string {
  const t = install.tool!;
  const files = [...optionValues(t, '-r', '--requirement', '--requirements'), ...optionValues(t, '-c', '--constraint')];
  if (t.tool === 'pip-sync' || (t.tool === 'uv-pip' && t.subcommand === 'sync')) files.push(...t.operands.filter((o) => /\.(txt|in)$/.test(o)));
  if (files.length > 0 && files.every((f) => !f.startsWith('/') && !f.includes('$') && !f.startsWith('..'))) {
    // Files in folders: copy the folder, whose other files the `-r` lines may include.
    const rootFiles = [...new Set(files.filter((f) => !f.replace(/^\.\//, '').includes('/')))];
    const dirs = [...new Set(files.map((f) => f.replace(/^\.\//, '')).filter((f) => f.includes('/')).map((f) => f.slice(0, f.lastIndexOf('/') + 1)))];
    return [...(rootFiles.length > 0 ? [`\`COPY ${rootFiles.join(' ')} ./\``] : []), ...dirs.map((d) => `\`COPY ${d} ${d}\``)].join(', ');
  }
  if (t.tool === 'uv') return '`COPY pyproject.toml uv.lock ./` and `uv sync --no-install-project`';
  if (t.tool === 'poetry') return '`COPY pyproject.toml poetry.lock ./` and `poetry install --no-root`';
  if (t.tool === 'pipenv') return '`COPY Pipfile Pipfile.lock ./`';
  if (t.tool === 'pdm') return '`COPY pyproject.toml pdm.lock ./` and `pdm install --no-self`';
  return '`COPY requirements.txt ./` or `COPY pyproject.toml ./`';
}

export default defineRule({
  code: 'SR310',
  name: 'copy-before-install',
  severity: 'warning',
  docs: {
    what:
      'Flags `COPY . .` (or `ADD .`, or any copy of the whole build context) that comes before the first dependency install (`pip install -r`, `uv sync`, `poetry install`, `pipenv install`, `pdm install`) of the same stage. Installing only the local project (`pip install .`) after the copy is fine, and so is copying the code after dependencies were installed from the manifests alone.',
    why:
      "Docker reuses a layer only while everything before it is unchanged. When the whole source tree is copied before the install, every code edit invalidates the install layer and the build downloads and installs all dependencies again. Copying just the manifests first keeps the dependency layer cached until they change.",
    bad: 'WORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
    good: 'WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .',
    fix: 'Copy the dependency manifests first (`COPY requirements.txt .`, `COPY pyproject.toml uv.lock ./`), install, then `COPY . .`.',
    references: [
      'https://docs.docker.com/build/cache/optimize/#order-your-layers',
      'https://docs.astral.sh/uv/guides/integration/docker/#intermediate-layers',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const stage of df.stages) {
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
              message: `\`${what}\` copies the whole context before \`${install.argv.slice(0, 2).join(' ')}\` (line ${install.line}): every code change reinstalls all dependencies; copy the dependency files first (${manifestCopy(install)}), install, then \`${what}\``,
            });
            pending = null;
          }
          installed = true;
        }
      }
    }
  },
});
