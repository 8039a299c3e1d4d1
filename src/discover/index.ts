// The discover stage: which files under the audited root are manifests, Dockerfiles, .dockerignore.
import { statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { walk, type WalkOptions, type WalkResult } from './walk.js';

export type DiscoverOptions = WalkOptions;

export type Discovered = WalkResult;

/** Lists the files under root. Throws InputError only when root itself cannot be read or is not a folder. */
export function discover(root: string, options: DiscoverOptions = {}): Discovered {
  let rootStat;
  try {
    rootStat = statSync(root);
  } catch {
    throw new InputError(`cannot read ${root}: no such file or directory`);
  }
  if (!rootStat.isDirectory()) throw new InputError(`${root} is not a directory`);
  return walk(root, options);
}
