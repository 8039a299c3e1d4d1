// Small helpers every command uses; cli.ts uses them too, so they live below both.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export { EXIT, UsageError } from '../errors.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function resolvePath(path: string): string {
  return resolve(process.cwd(), path);
}
