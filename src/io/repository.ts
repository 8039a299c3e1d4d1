import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository a path sits in: the nearest folder at or above it that holds `.git` (a folder, or a
 * file for worktrees and submodules). Null outside any repository.
 */
export function repositoryRoot(start: string): string | null {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
