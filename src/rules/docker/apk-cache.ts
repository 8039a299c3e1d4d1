import { defineRule } from '../types.js';
import { stepsWithRole } from '../../parse/dockerfile.js';
import { optionValues } from '../../parse/shell.js';
import { runLeftovers } from './cleanup-in-separate-layer.js';
import { isBuildTool, runtimeLibraries } from './build-tools-in-final-stage.js';

export default defineRule({
  code: 'SR307',
  name: 'apk-cache',
  severity: 'warning',
  docs: {
    what:
      'Flags `apk add` (and `apk update`) without `--no-cache` that leaves the index in /var/cache/apk, and `apk add --virtual <name>` whose virtual package is not deleted (`apk del <name>`) in the same RUN, in a stage whose layers ship.',
    why:
      'Without `--no-cache`, apk keeps the downloaded package index in the layer. Packages grouped under `--virtual` are usually build dependencies: if the same RUN does not `apk del` them, they stay in the image (deleting them in a later RUN does not shrink it).',
    bad: 'RUN apk add --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir -r requirements.txt',
    good: 'RUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir -r requirements.txt \\\n && apk del .build-deps',
    fix: 'Use `apk add --no-cache`, and end the RUN with `&& apk del <virtual name>`.',
    references: [
      'https://github.com/hadolint/hadolint/wiki/DL3019',
      'https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const { stage, instruction } of stepsWithRole(df, ['layers'])) {
        const { created, cleaned } = runLeftovers(df, stage, instruction);
        const cleanedKinds = new Set(cleaned.map((e) => e.kind));
        for (const command of instruction.run?.commands ?? []) {
          const t = command.tool;
          if (!t || t.tool !== 'apk' || (t.subcommand !== 'add' && t.subcommand !== 'update')) continue;
          const problems: string[] = [];
          const adds = (instruction.run?.commands ?? []).some((c) => c.tool?.tool === 'apk' && c.tool.subcommand === 'add');
          if (t.subcommand === 'update' && !adds && created.some((e) => e.command === command && e.kind === 'apk-cache')) {
            // Cleaning up after a lone `apk update` would only make the next `apk add` fetch again;
            // the fix is to drop it, whatever a later RUN removes.
            problems.push('`apk update` in a RUN without `apk add` leaves the index in its own layer; drop it and install with `apk add --no-cache …`, which fetches a fresh index and keeps none');
          } else if (created.some((e) => e.command === command && e.kind === 'apk-cache') && !cleanedKinds.has('apk-cache')) {
            problems.push(`\`apk ${t.subcommand}\` without \`--no-cache\` leaves the index in /var/cache/apk; use \`apk add --no-cache\``);
          }
          // A virtual package named for run time (`.rundeps`, `.runtime-deps`, the scanelf pattern of the
          // official images) pins what the image needs: keeping it is the point.
          // A group of run-time libraries (`--virtual .certbot-deps libffi libssl3`) is kept on purpose:
          // only a group that holds build tools should go.
          const virtual = optionValues(t, '--virtual', '-t').filter((v) => !cleanedKinds.has(`apk-package:${v}`) && !/run/i.test(v) && t.operands.some(isBuildTool));
          if (virtual.length > 0) {
            const runtime = runtimeLibraries(project, df, 'apk');
            const keep = runtime.libraries.length === 0 ? '' : ` (and add the runtime libraries first, \`apk add --no-cache ${runtime.libraries.join(' ')} && …\`, so that ${runtime.packages.map((p) => `\`${p}\``).join(', ')} still import${runtime.packages.length === 1 ? 's' : ''} after the delete)`;
            problems.push(`the \`--virtual ${virtual[0]}\` packages are never deleted in this RUN; end it with \`&& apk del ${virtual[0]}\`${keep}`);
          }
          if (problems.length === 0) continue;
          report({ file: df.path, line: command.line, column: command.column, message: problems.join('; ') });
        }
      }
    }
  },
});
