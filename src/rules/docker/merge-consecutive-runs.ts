import { defineRule } from '../types.js';
import type { DockerInstruction } from '../../parse/dockerfile.js';

function flagsKey(instruction: DockerInstruction): string {
  return instruction.flags
    .map((f) => `${f.name}=${f.value ?? ''}`)
    .sort()
    .join(' ');
}

export default defineRule({
  code: 'SR311',
  name: 'merge-consecutive-runs',
  severity: 'info',
  docs: {
    what:
      "Points out a RUN that directly follows another RUN with the same flags (mounts, network, security) in a stage whose layers ship, when both run a single command. It follows hadolint's DL3059: a RUN that already chains commands (`RUN a && b`, `RUN a; b`) shows that the split was chosen, so it and its neighbours are left alone, and so are RUNs with different flags (mounts, network) and RUNs separated by any other instruction (comments do not separate).",
    why:
      'Each RUN adds a layer with its own metadata and file-system diff; several tiny consecutive layers make the image larger and slower to pull than one, and files removed in a later layer still ship in the earlier one.',
    bad: 'RUN useradd --create-home app\nRUN mkdir -p /app/data',
    good: 'RUN useradd --create-home app \\\n && mkdir -p /app/data',
    fix: 'Join the consecutive RUNs with `&&` into one RUN.',
    references: [
      'https://github.com/hadolint/hadolint/wiki/DL3059',
      'https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL3059.hs',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const stage of df.stages) {
        if (stage.imageRole !== 'layers') continue;
        let previous: { flags: string; count: number; line: number } | null = null;
        for (const instruction of stage.instructions) {
          if (!instruction.run) {
            previous = null;
            continue;
          }
          const count = Math.max(1, instruction.run.commands.length);
          const flags = flagsKey(instruction);
          if (previous && previous.flags === flags && count === 1 && previous.count === 1) {
            report({
              file: df.path,
              line: instruction.line,
              column: instruction.column,
              message: `This RUN directly follows the RUN at line ${previous.line}; join them with \`&&\` to save a layer`,
            });
          }
          previous = { flags, count, line: instruction.line };
        }
      }
    }
  },
});
