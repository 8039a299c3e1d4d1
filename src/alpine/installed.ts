// Which requirements files a Dockerfile installs: `pip install -r FILE` / `uv pip install -r FILE` in
// its stages, and what those files include with `-r`. When a package is declared in several manifests,
// the line in a file the image installs is the one that decides what the image gets.
import type { Manifest, Project } from '../model.js';
import type { DockerfileModel, DockerStage } from '../parse/dockerfile.js';
import { pipRequirementTargets } from '../resolve/context.js';

/**
 * Repo paths of the requirements files the given stages install (pipRequirementTargets), with their
 * `-r` includes.
 */
export function requirementsFilesInstalled(project: Project, model: DockerfileModel, stages: readonly DockerStage[] = model.stages): Set<string> {
  const manifests = new Map<string, Manifest>();
  for (const m of project.manifests) {
    if (m.kind === 'requirements' || m.kind === 'constraints' || m.kind === 'pip-tools-in') manifests.set(m.path, m);
  }
  const out = new Set<string>();
  const queue = pipRequirementTargets(model, manifests.keys(), stages).map((t) => t.path);
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (out.has(path)) continue;
    out.add(path);
    for (const inc of manifests.get(path)?.includes ?? []) {
      if (inc.kind === 'requirement' && inc.resolved) queue.push(inc.resolved);
    }
  }
  return out;
}
