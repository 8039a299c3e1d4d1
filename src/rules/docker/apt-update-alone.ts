import { defineRule } from '../types.js';

const CONSUMERS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download']);

export default defineRule({
  code: 'SR306',
  name: 'apt-update-alone',
  severity: 'warning',
  docs: {
    what: 'Flags `apt-get update` (or `apt update`) in a RUN that installs nothing with apt, in any stage.',
    why:
      'Docker caches each RUN by its text. A lone `RUN apt-get update` layer stays cached while a later `RUN apt-get install …` changes, so the install runs against stale package lists and fails or installs outdated versions. The lists also stay in the image.',
    bad: 'RUN apt-get update\nRUN apt-get install -y --no-install-recommends libpq5',
    good: 'RUN apt-get update \\\n && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*',
    fix: 'Run `apt-get update` and `apt-get install` in the same RUN: `RUN apt-get update && apt-get install -y …`.',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const stage of df.stages) {
        for (const instruction of stage.instructions) {
          const commands = instruction.run?.commands ?? [];
          const apt = (c: (typeof commands)[number]) => c.tool !== null && (c.tool.tool === 'apt-get' || c.tool.tool === 'apt');
          const update = commands.find((c) => apt(c) && c.tool!.subcommand === 'update');
          if (!update) continue;
          if (commands.some((c) => apt(c) && CONSUMERS.has(c.tool!.subcommand ?? ''))) continue;
          report({
            file: df.path,
            line: update.line,
            column: update.column,
            message: `\`${update.tool!.tool} update\` runs in a RUN without \`${update.tool!.tool} install\`: its cached layer goes stale; combine them: \`RUN ${update.tool!.tool} update && ${update.tool!.tool} install -y --no-install-recommends …\``,
          });
        }
      }
    }
  },
});
