import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readText } from './io/read.js';
import { parseTomlDocument } from './parse/toml.js';
import { configSection, defaultConfig, parseConfig, type Config } from './config.js';
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
 * Finds and reads the configuration: an explicit `--config FILE`, else `.slimreq.toml` in root,
 * else `[tool.slimreq]` in root's pyproject.toml, else the defaults.
 */
export function readConfig(root: string, explicit?: string): { config: Config; file: string | null } {
  const candidates = explicit ? [explicit] : [join(root, '.slimreq.toml'), join(root, 'pyproject.toml')];
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
    return { config, file: shown };
  }
  return { config: structuredClone(defaultConfig) as Config, file: null };
}
