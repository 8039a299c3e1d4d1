import { defineRule } from '../types.js';
import {
  cacheMountTargets,
  environmentAt,
  layerSteps,
  type DockerfileModel,
  type DockerInstruction,
  type DockerStage,
  type RunCommand,
} from '../../parse/dockerfile.js';
import { hasOption, optionValues } from '../../parse/shell.js';

/**
 * What a RUN leaves behind in its layer: package lists, download caches, installed packages.
 * `apk-package:<name>` and `apt-package:<name>` track packages (and apk virtual names) so that a
 * later `apk del` / `apt-get purge` can be matched with the RUN that installed them.
 */
export type Leftover = string;

export interface LeftoverEvent {
  kind: Leftover;
  command: RunCommand;
}

/** A path (`/var/lib/apt/lists/*`, `~/.cache/pip`) reduced to what it names, for matching. */
function cleanPath(path: string): string {
  return path
    .replace(/^(~|\$HOME|\$\{HOME\})(?=\/|$)/, '/root')
    .replace(/(\/\*|\/\.|\/)+$/, '')
    .replace(/\/+/g, '/');
}

function pathKinds(path: string, env: Record<string, string | null>): Leftover[] {
  const p = cleanPath(path);
  const kinds: Leftover[] = [];
  if (/^\/var\/lib\/apt\/lists(\/|$)/.test(p) || p === '/var/lib/apt') kinds.push('apt-lists');
  if (/^\/var\/cache\/apt(\/|$)/.test(p) || p === '/var/cache') kinds.push('apt-cache');
  if (/^\/var\/cache\/apk(\/|$)/.test(p) || /^\/etc\/apk\/cache(\/|$)/.test(p) || p === '/var/cache') kinds.push('apk-cache');
  if (/^\/var\/cache\/(yum|dnf)(\/|$)/.test(p) || p === '/var/cache') kinds.push('yum-cache');
  if (/(^|\/)\.cache(\/pip)?$/.test(p) || (env.PIP_CACHE_DIR && cleanPath(env.PIP_CACHE_DIR) === p)) kinds.push('pip-cache');
  if (/(^|\/)\.cache(\/uv)?$/.test(p) || (env.UV_CACHE_DIR && cleanPath(env.UV_CACHE_DIR) === p)) kinds.push('uv-cache');
  return kinds;
}

function mounted(targets: string[], ...patterns: RegExp[]): boolean {
  return targets.some((t) => patterns.some((re) => re.test(cleanPath(t))));
}

/** True when pip's download cache cannot end up in the layer of this RUN. */
export function pipCacheAvoided(command: RunCommand, env: Record<string, string | null>, mounts: string[]): boolean {
  const t = command.tool!;
  if (hasOption(t, '--no-cache-dir')) return true;
  if (env.PIP_NO_CACHE_DIR !== undefined && env.PIP_NO_CACHE_DIR !== null) return true;
  if (command.assignments.some((a) => a.startsWith('PIP_NO_CACHE_DIR='))) return true;
  const cacheDirs = [...optionValues(t, '--cache-dir'), env.PIP_CACHE_DIR ?? null].filter((d): d is string => d !== null).map(cleanPath);
  if (mounts.some((m) => cacheDirs.includes(cleanPath(m)))) return true;
  return mounted(mounts, /(^|\/)\.cache(\/pip)?$/);
}

/** True when uv's cache cannot end up in the layer of this RUN. */
export function uvCacheAvoided(command: RunCommand, env: Record<string, string | null>, mounts: string[]): boolean {
  const t = command.tool!;
  if (hasOption(t, '--no-cache', '-n')) return true;
  const flag = env.UV_NO_CACHE;
  if (flag !== undefined && flag !== null && !/^(0|false|no|off|)$/i.test(flag)) return true;
  if (command.assignments.some((a) => /^UV_NO_CACHE=(?!0$|false$|no$|off$|$)/i.test(a))) return true;
  const cacheDirs = [...optionValues(t, '--cache-dir'), env.UV_CACHE_DIR ?? null].filter((d): d is string => d !== null).map(cleanPath);
  if (mounts.some((m) => cacheDirs.includes(cleanPath(m)))) return true;
  return mounted(mounts, /(^|\/)\.cache(\/uv)?$/);
}

export function isPipInstall(command: RunCommand): boolean {
  return command.tool?.tool === 'pip' && command.tool.subcommand === 'install';
}

export function isUvInstall(command: RunCommand): boolean {
  const t = command.tool;
  if (!t) return false;
  if (t.tool === 'uv-pip') return t.subcommand === 'install' || t.subcommand === 'sync';
  return t.tool === 'uv' && (t.subcommand === 'sync' || t.subcommand === 'add');
}

/** What one RUN creates and cleans, in command order. */
export function runLeftovers(
  model: DockerfileModel,
  stage: DockerStage,
  instruction: DockerInstruction,
): { created: LeftoverEvent[]; cleaned: LeftoverEvent[] } {
  const created: LeftoverEvent[] = [];
  const cleaned: LeftoverEvent[] = [];
  if (!instruction.run) return { created, cleaned };
  const env = environmentAt(model, stage, instruction);
  const mounts = cacheMountTargets(instruction);
  for (const command of instruction.run.commands) {
    const t = command.tool;
    const add = (list: LeftoverEvent[], kind: Leftover): void => {
      list.push({ kind, command });
    };
    if (command.argv[0] === 'rm') {
      for (const word of command.argv.slice(1)) {
        if (word.startsWith('-')) continue;
        for (const kind of pathKinds(word, env)) add(cleaned, kind);
      }
      continue;
    }
    if (!t) continue;
    switch (t.tool) {
      case 'apt-get':
      case 'apt':
        if (t.subcommand === 'update' && !mounted(mounts, /^\/var\/lib\/apt(\/lists)?$/)) add(created, 'apt-lists');
        if (t.subcommand === 'install') {
          if (!mounted(mounts, /^\/var\/cache\/apt(\/archives)?$/)) add(created, 'apt-cache');
          for (const p of t.operands) add(created, `apt-package:${p.split('=')[0]}`);
        }
        if (t.subcommand === 'clean' || t.subcommand === 'autoclean') add(cleaned, 'apt-cache');
        if (t.subcommand === 'purge' || t.subcommand === 'remove') for (const p of t.operands) add(cleaned, `apt-package:${p}`);
        break;
      case 'apk':
        if ((t.subcommand === 'add' || t.subcommand === 'update') && !hasOption(t, '--no-cache') && !mounted(mounts, /^\/var\/cache\/apk$/, /^\/etc\/apk\/cache$/)) {
          add(created, 'apk-cache');
        }
        if (t.subcommand === 'add') {
          for (const v of optionValues(t, '--virtual', '-t')) add(created, `apk-package:${v}`);
          for (const p of t.operands) add(created, `apk-package:${p.split(/[=~<>]/)[0]}`);
        }
        if (t.subcommand === 'del') for (const p of t.operands) add(cleaned, `apk-package:${p}`);
        if (t.subcommand === 'cache' && (t.operands[0] === 'clean' || t.operands[0] === 'purge')) add(cleaned, 'apk-cache');
        break;
      case 'yum':
      case 'dnf':
      case 'microdnf':
        if (t.subcommand === 'install' && !mounted(mounts, /^\/var\/cache\/(yum|dnf)$/)) add(created, 'yum-cache');
        if (t.subcommand === 'clean') add(cleaned, 'yum-cache');
        break;
      case 'pip':
        if (t.subcommand === 'install' && !pipCacheAvoided(command, env, mounts)) add(created, 'pip-cache');
        if (t.subcommand === 'cache' && (t.operands[0] === 'purge' || t.operands[0] === 'remove')) add(cleaned, 'pip-cache');
        break;
      case 'uv-pip':
      case 'uv':
        if (isUvInstall(command) && !uvCacheAvoided(command, env, mounts)) add(created, 'uv-cache');
        if (t.tool === 'uv' && t.subcommand === 'cache' && t.operands[0] === 'clean') add(cleaned, 'uv-cache');
        break;
      default:
        break;
    }
  }
  return { created, cleaned };
}

const DESCRIBE: Record<string, string> = {
  'apt-lists': 'the apt package lists',
  'apt-cache': 'the apt download cache',
  'apk-cache': 'the apk cache',
  'yum-cache': 'the yum/dnf cache',
  'pip-cache': "pip's download cache",
  'uv-cache': "uv's cache",
};

function describe(kind: Leftover): string {
  if (DESCRIBE[kind]) return DESCRIBE[kind];
  const name = kind.slice(kind.indexOf(':') + 1);
  return `the package \`${name}\``;
}

function shown(command: RunCommand): string {
  const words = command.argv.slice(0, 4).join(' ');
  return command.argv.length > 4 ? `${words} …` : words;
}

export default defineRule({
  code: 'SR303',
  name: 'cleanup-in-separate-layer',
  severity: 'warning',
  docs: {
    what:
      'Flags cleanup (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`, `apk del`, `pip cache purge`, `rm -rf /root/.cache`, `yum clean all`) that runs in a later RUN than the one that created the files, in a stage whose layers ship.',
    why:
      'Each RUN is a layer, and layers only add. Deleting files in a later layer hides them from the container but the earlier layer still carries them, so the image is just as large. The cleanup has to happen in the same RUN that created the files.',
    bad: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\\n && rm -rf /var/lib/apt/lists/*',
    fix: 'Move the cleanup into the RUN that created the files, joined with `&&`.',
    references: [
      'https://docs.docker.com/build/building/best-practices/#apt-get',
      'https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      const seen = new Set<DockerInstruction>();
      for (const stage of df.stages) {
        if (stage.imageRole !== 'layers') continue;
        const outstanding = new Map<Leftover, { command: RunCommand; line: number }>();
        for (const step of layerSteps(df, stage)) {
          if (!step.instruction.run) continue;
          const { created, cleaned } = runLeftovers(df, step.stage, step.instruction);
          const createdHere = new Set(created.map((e) => e.kind));
          for (const event of cleaned) {
            if (createdHere.has(event.kind)) continue;
            const origin = outstanding.get(event.kind);
            if (!origin) continue;
            outstanding.delete(event.kind);
            if (seen.has(step.instruction)) continue;
            report({
              file: df.path,
              line: event.command.line,
              column: event.command.column,
              message: `\`${shown(event.command)}\` removes ${describe(event.kind)} in a separate layer from \`${shown(origin.command)}\` (line ${origin.line}), which still ships them; do the cleanup in that RUN`,
            });
          }
          const cleanedHere = new Set(cleaned.map((e) => e.kind));
          for (const event of created) {
            if (!cleanedHere.has(event.kind)) outstanding.set(event.kind, { command: event.command, line: event.command.line });
          }
        }
        for (const step of layerSteps(df, stage)) seen.add(step.instruction);
      }
    }
  },
});
