import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readText } from './io/read.js';
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
    if (section === 'tool.slimreq' && !explicit && !/^\s*\[\s*tool\s*\.\s*slimreq\b/m.test(read.content)) continue;
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
