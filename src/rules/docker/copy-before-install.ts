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
              message: `\`${what}\` copies the whole context before \`${install.argv.slice(0, 2).join(' ')}\` (line ${install.line}): every code change reinstalls all dependencies; copy the dependency files first, install, then copy the rest`,
            });
            pending = null;
          }
          installed = true;
        }
      }
    }
  },
});
