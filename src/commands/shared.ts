// Small helpers every command uses; cli.ts uses them too, so they live below both.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Config } from '../config.js';
import type { RoleConfig } from '../roles/config.js';

import { UsageError } from '../errors.js';

export { EXIT, UsageError } from '../errors.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function resolvePath(path: string): string {
  return resolve(process.cwd(), path);
}

/**
 * `--arch` values: slimreq's own (`x86_64`, `aarch64`, `all`) and Docker's platform names
 * (`amd64`, `arm64`, `linux/amd64`, `linux/arm64`, `linux/arm64/v8`), as `docker build --platform` takes them.
 */
const ARCH_ALIASES: Record<string, 'x86_64' | 'aarch64' | 'all'> = {
  x86_64: 'x86_64',
  'x86-64': 'x86_64',
  amd64: 'x86_64',
  'linux/amd64': 'x86_64',
  aarch64: 'aarch64',
  arm64: 'aarch64',
  'arm64/v8': 'aarch64',
  'linux/arm64': 'aarch64',
  'linux/arm64/v8': 'aarch64',
  all: 'all',
};

export function parseArch(value: string): 'x86_64' | 'aarch64' | 'all' {
  const arch = ARCH_ALIASES[value.trim().toLowerCase()];
  if (!arch) {
    throw new UsageError(`--arch: unknown architecture "${value}"; use x86_64 (amd64, linux/amd64), aarch64 (arm64, linux/arm64) or all`);
  }
  return arch;
}

/** The configuration's roles, with the configuration file named relative to the audited root for evidence. */
export function roleConfigOf(config: Config, file: string | null, root: string): RoleConfig {
  const rel = file === null ? null : relative(root, resolve(process.cwd(), file)).replace(/\\/g, '/');
  return { production: config.production, development: config.development, file: rel === null ? null : rel.startsWith('..') ? file : rel };
}
