import { defineRule } from '../types.js';
import { stepsWithRole } from '../../parse/dockerfile.js';
import { runLeftovers } from './cleanup-in-separate-layer.js';

const APT = new Set(['apt-get', 'apt']);
const CONSUMERS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download']);

export default defineRule({
  code: 'SR304',
  name: 'apt-lists-not-removed',
  severity: 'warning',
  docs: {
    what:
      'Flags a RUN that calls `apt-get update` (or `apt update`) and installs with apt without removing `/var/lib/apt/lists/*` in the same RUN, in a stage whose layers ship. A cache or tmpfs mount on /var/lib/apt/lists counts as removal. A RUN that only updates is left to apt-update-alone: the cleanup belongs after the install, in one merged RUN.',
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
        if (cleaned.some((e) => e.kind === 'apt-lists')) continue;
        const update = created.find((e) => e.kind === 'apt-lists');
        if (!update) continue;
        // A RUN that only updates: appending the cleanup would delete the lists before the next RUN
        // installs from them. apt-update-alone reports it with the one merged RUN that builds.
        if (!(instruction.run?.commands ?? []).some((c) => c.tool !== null && APT.has(c.tool.tool) && CONSUMERS.has(c.tool.subcommand ?? ''))) continue;
        report({
          file: df.path,
          line: update.command.line,
          column: update.command.column,
          message: `\`${update.command.argv.slice(0, 2).join(' ')}\` leaves the package lists in this layer; end the RUN with \`&& rm -rf /var/lib/apt/lists/*\``,
        });
      }
    }
  },
});
