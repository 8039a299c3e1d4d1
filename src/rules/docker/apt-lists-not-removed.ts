import { defineRule } from '../types.js';
import { cacheMountTargets, layerSteps, stepsWithRole, type DockerInstruction } from '../../parse/dockerfile.js';
import { APT_CONSUMERS, isAptFamily } from '../../parse/tools.js';
import { mountCovers, runLeftovers } from './cleanup-in-separate-layer.js';

/**
 * Debian and Ubuntu images ship /etc/apt/apt.conf.d/docker-clean, which deletes downloaded .deb
 * files after every install. A RUN that removes it (the BuildKit cache-mount recipe) or sets
 * `Binary::apt::APT::Keep-Downloaded-Packages "true"` keeps them in /var/cache/apt/archives.
 */
function disablesDockerClean(instruction: DockerInstruction): boolean {
  if (!instruction.run) return false;
  return /\/etc\/apt\/apt\.conf\.d\/docker-clean/.test(instruction.args) && instruction.run.commands.some((c) => c.args[0] === 'rm' && c.args.some((w) => w.endsWith('/etc/apt/apt.conf.d/docker-clean')))
    || /Keep-Downloaded-Packages\s*"?(true|1|yes)/i.test(instruction.args);
}

export default defineRule({
  code: 'SR304',
  name: 'apt-lists-not-removed',
  severity: 'warning',
  docs: {
    what:
      'Flags a RUN that calls `apt-get update` (or `apt update`) and installs with apt without removing `/var/lib/apt/lists/*` in the same RUN, in a stage whose layers ship. A cache or tmpfs mount on /var/lib/apt/lists (or /var/lib/apt) counts as removal, and so does `apt-get dist-clean` (apt 2.7.8 and later). aptitude is read like apt-get. When an earlier or the same RUN turns off the docker-clean file of Debian images (removing /etc/apt/apt.conf.d/docker-clean for the BuildKit cache-mount recipe, or `Keep-Downloaded-Packages \"true\"`), the downloaded packages in /var/cache/apt/archives also have to go: by a mount there or `apt-get clean`. A RUN that only updates is left to apt-update-alone: the cleanup belongs after the install, in one merged RUN.',
    why:
      'The package lists fetched by `apt-get update` take tens of megabytes and are useless at run time; they also go stale. Removing them in a later RUN does not shrink the image (see cleanup-in-separate-layer).',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*',
    fix: 'End the RUN with `&& rm -rf /var/lib/apt/lists/*`.',
    references: [
      'https://docs.docker.com/build/building/best-practices/#apt-get',
      'https://github.com/hadolint/hadolint/wiki/DL3009',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const { stage, instruction } of stepsWithRole(df, ['layers'])) {
        const { created, cleaned } = runLeftovers(df, stage, instruction);
        // A RUN that only updates: appending the cleanup would delete the lists before the next RUN
        // installs from them. apt-update-alone reports it with the one merged RUN that builds.
        const install = (instruction.run?.commands ?? []).find((c) => c.tool !== null && isAptFamily(c.tool.tool) && APT_CONSUMERS.has(c.tool.subcommand ?? ''));
        if (!install) continue;
        const update = created.find((e) => e.kind === 'apt-lists');
        if (update && !cleaned.some((e) => e.kind === 'apt-lists')) {
          report({
            file: df.path,
            line: update.command.line,
            column: update.command.column,
            message: `\`${update.command.tool!.tool} update\` leaves the package lists in this layer; end the RUN with \`&& rm -rf /var/lib/apt/lists/*\``,
          });
          continue;
        }
        // With docker-clean disabled, the downloaded packages stay unless a mount or a clean takes them.
        const steps = layerSteps(df, stage).map((s) => s.instruction);
        const disabled = steps.slice(0, steps.indexOf(instruction) + 1).find(disablesDockerClean);
        if (!disabled || mountCovers(cacheMountTargets(instruction), '/var/cache/apt/archives') || cleaned.some((e) => e.kind === 'apt-cache')) continue;
        report({
          file: df.path,
          line: install.line,
          column: install.column,
          message: `\`${install.tool!.tool} ${install.tool!.subcommand}\` keeps the downloaded packages in /var/cache/apt/archives in this layer (line ${disabled.line} turns off docker-clean); mount it too (\`--mount=type=cache,target=/var/cache/apt,sharing=locked\`) or end the RUN with \`&& apt-get clean\``,
        });
      }
    }
  },
});
