// The roles stage for Dockerfiles: which build production images and which build development ones.
import type { DockerfileModel } from '../parse/dockerfile.js';
import { devDockerfileWord } from './names.js';

/** Splits Dockerfiles into production images and development images (dev containers, test and docs images). */
export function splitDockerfiles(dockerfiles: DockerfileModel[]): { production: DockerfileModel[]; development: DockerfileModel[] } {
  const production: DockerfileModel[] = [];
  const development: DockerfileModel[] = [];
  for (const df of dockerfiles) (devDockerfileWord(df.path) ? development : production).push(df);
  return { production, development };
}
