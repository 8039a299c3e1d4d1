import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { repositoryRoot } from './io/repository.js';
import { readText } from './io/read.js';
import { parseTomlDocument } from './parse/toml.js';
import { configSection, defaultConfig, parseConfig, rebaseConfig, type Config } from './config.js';
import { allRules } from './rules/index.js';

/** Configuration problems, each with file:line:col; the CLI prints them and exits 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Does a pyproject.toml configure slimreq? Decided on the parsed TOML, so every spelling of the table
 * counts (`[tool.slimreq]`, `[tool."slimreq"]`, `[tool]` + `slimreq = {...}`, dotted keys). A file that
 * is not valid TOML counts when it mentions slimreq at all, so its error is reported with file:line:col;
 * otherwise the audit reports it as a manifest-parse-error.
 */
function hasToolSlimreq(content: string): boolean {
  const doc = parseTomlDocument(content);
  if (!doc.ok) return /slimreq/.test(content);
  const tool = (doc.doc.value as Record<string, unknown>).tool;
  return typeof tool === 'object' && tool !== null && !Array.isArray(tool) && 'slimreq' in tool;
}

/**
 * The folders to look in, nearest first: root, then each parent up to the repository root (the first
 * folder with `.git`), as ruff and hadolint look upward from what they check. Outside a repository only
 * root itself is read: a configuration in a home folder must not steer an unrelated checkout.
 */
function searchFolders(root: string): string[] {
  const repository = repositoryRoot(root);
  if (!repository) return [root];
  const folders: string[] = [];
  for (let dir = root; ; dir = dirname(dir)) {
    folders.push(dir);
    if (dir === repository || dirname(dir) === dir) break;
  }
  return folders;
}

/**
 * Finds and reads the configuration: an explicit `--config FILE`, else the nearest `.slimreq.toml` or
 * pyproject.toml with `[tool.slimreq]` in root or a folder above it inside the repository, else the
 * defaults. A configuration found above root has its path patterns rebased onto root.
 */
export function readConfig(root: string, explicit?: string): { config: Config; file: string | null; folder: string } {
  const candidates = explicit
    ? [explicit]
    : searchFolders(root).flatMap((dir) => [join(dir, '.slimreq.toml'), join(dir, 'pyproject.toml')]);
  for (const path of candidates) {
    if (!explicit && !existsSync(path)) continue;
    const shown = explicit ? explicit : relative(process.cwd(), path) || path;
    const read = readText(path);
    if (!read.ok) throw new ConfigError(`${shown}: ${read.message}`);
    const section = configSection(path);
    if (section === 'tool.slimreq' && !explicit && !hasToolSlimreq(read.content)) continue;
    const { config, errors } = parseConfig(read.content, shown, { section, knownRules: allRules });
    if (errors.length > 0) {
      throw new ConfigError(
        `invalid configuration:\n${errors.map((e) => `  ${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n')}`,
      );
    }
    const folder = explicit ? root : dirname(path);
    const prefix = relative(folder, root).split(sep).join('/');
    return { config: explicit ? config : rebaseConfig(config, prefix), file: shown, folder };
  }
  return { config: structuredClone(defaultConfig) as Config, file: null, folder: root };
}
