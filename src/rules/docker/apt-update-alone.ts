import { defineRule } from '../types.js';
import { layerSteps } from '../../parse/dockerfile.js';
import { mergedPackageRun, runLeftovers } from './cleanup-in-separate-layer.js';
import { APT_CONSUMERS as CONSUMERS, isAptFamily } from '../../parse/tools.js';


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
    fix: 'Run `apt-get update`, `apt-get install` and the cleanup in one RUN: `RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*`.',
    references: ['https://docs.docker.com/build/building/best-practices/#apt-get'],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const stage of df.stages) {
        for (const instruction of stage.instructions) {
          const commands = instruction.run?.commands ?? [];
          const apt = (c: (typeof commands)[number]) => c.tool !== null && isAptFamily(c.tool.tool);
          const update = commands.find((c) => apt(c) && c.tool!.subcommand === 'update');
          if (!update) continue;
          if (commands.some((c) => apt(c) && CONSUMERS.has(c.tool!.subcommand ?? ''))) continue;
          // The fix that builds: one RUN with this update, the next install, and the lists removed
          // (taking in a later RUN that only removes them, which the merged RUN makes redundant).
          const steps = layerSteps(df, stage).map((s) => s.instruction);
          const at = steps.indexOf(instruction);
          const installAt = steps.findIndex((ins, k) => k > at && (ins.run?.commands ?? []).some((c) => apt(c) && CONSUMERS.has(c.tool!.subcommand ?? '')));
          let merged: ReturnType<typeof mergedPackageRun> = null;
          if (installAt !== -1 && !steps.slice(at + 1, installAt).some((ins) => (ins.run?.commands ?? []).some((c) => apt(c) && c.tool!.subcommand === 'update'))) {
            let end = installAt;
            const cleansLists = (k: number): boolean => runLeftovers(df, stage, steps[k]).cleaned.some((e) => e.kind === 'apt-lists');
            if (!cleansLists(installAt)) {
              const later = steps.findIndex((ins, k) => k > installAt && ins.run !== null && cleansLists(k));
              if (later !== -1 && !steps.slice(installAt + 1, later).some((ins) => (ins.run?.commands ?? []).some(apt))) end = later;
            }
            merged = mergedPackageRun('apt-lists', steps.slice(at, end + 1), steps[end]);
          }
          const tool = update.tool!.tool;
          report({
            file: df.path,
            line: update.line,
            column: update.column,
            message: merged
              ? `\`${tool} update\` runs in a RUN without \`${tool} install\`: its cached layer goes stale and its lists stay in the image; update, install and clean up in one RUN that replaces the RUNs at lines ${merged.lines.join(', ')}: \`${merged.run}\``
              : `\`${tool} update\` runs in a RUN without \`${tool} install\`: its cached layer goes stale; combine them: \`RUN ${tool} update && ${tool} install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*\``,
          });
        }
      }
    }
  },
});
