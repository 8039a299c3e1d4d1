import { defineRule } from '../types.js';
import { layerSteps, stepsWithRole } from '../../parse/dockerfile.js';
import { hasOption, isAptFamily } from '../../parse/tools.js';

const RECOMMENDS_OFF = /Install-Recommends\s*=?\s*"?(false|0|no|off)"?/i;

export default defineRule({
  code: 'SR305',
  name: 'apt-install-recommends',
  severity: 'warning',
  docs: {
    what:
      'Flags `apt-get install` / `apt install` without `--no-install-recommends` in a stage whose layers ship, unless recommends are turned off with `-o APT::Install-Recommends=false` or by an earlier apt configuration file.',
    why:
      'By default apt also installs every package the requested ones merely recommend. On slim images that often doubles what an install adds (documentation tools, X11 libraries, extra locales) for no run-time benefit.',
    bad: 'RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*',
    fix: 'Add `--no-install-recommends` to `apt-get install`.',
    references: [
      'https://docs.docker.com/build/building/best-practices/#apt-get',
      'https://github.com/hadolint/hadolint/wiki/DL3015',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const { stage, instruction } of stepsWithRole(df, ['layers'])) {
        const commands = instruction.run?.commands ?? [];
        for (const command of commands) {
          const t = command.tool;
          if (!t || !isAptFamily(t.tool) || t.subcommand !== 'install') continue;
          if (hasOption(t, '--no-install-recommends')) continue;
          if (t.options.some((o) => (o.name === '-o' || o.name === '--option') && o.value !== null && RECOMMENDS_OFF.test(o.value))) continue;
          // An earlier RUN (or this one, before the install) that writes APT::Install-Recommends "false".
          const before = layerSteps(df, stage);
          const configured = before
            .slice(0, before.findIndex((s) => s.instruction === instruction) + 1)
            .some((s) => s.instruction.run !== null && RECOMMENDS_OFF.test(s.instruction.args));
          if (configured) continue;
          report({
            file: df.path,
            line: command.line,
            column: command.column,
            message: `\`${t.tool} install\` without \`--no-install-recommends\` also installs recommended packages; add \`--no-install-recommends\``,
          });
        }
      }
    }
  },
});
