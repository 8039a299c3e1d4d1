// Which requirements files a Dockerfile installs: `pip install -r FILE` / `uv pip install -r FILE` in
// its stages, and what those files include with `-r`. When a package is declared in several manifests,
// the line in a file the image installs is the one that decides what the image gets.
import { posix } from 'node:path';
import type { Manifest, Project } from '../model.js';
import type { DockerfileModel, DockerStage } from '../parse/dockerfile.js';

/**
 * Repo paths of the requirements files the given stages install, with their `-r` includes. The
 * written path is matched against the files in the build context, the Dockerfile's folder and the
 * root, then by a unique file name; paths with unexpanded variables are skipped.
 */
export function requirementsFilesInstalled(project: Project, model: DockerfileModel, stages: readonly DockerStage[] = model.stages): Set<string> {
  const manifests = new Map<string, Manifest>();
  const byName = new Map<string, string[]>();
  for (const m of project.manifests) {
    if (m.kind !== 'requirements' && m.kind !== 'constraints' && m.kind !== 'pip-tools-in') continue;
    manifests.set(m.path, m);
    const name = m.path.slice(m.path.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), m.path]);
  }
  const dir = model.path.includes('/') ? model.path.slice(0, model.path.lastIndexOf('/')) : '';
  const out = new Set<string>();
  const queue: string[] = [];
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      for (const cmd of ins.run?.commands ?? []) {
        const tool = cmd.tool;
        if (!tool || (tool.tool !== 'pip' && tool.tool !== 'uv-pip') || tool.subcommand !== 'install') continue;
        for (const opt of tool.options) {
          if ((opt.name !== '-r' && opt.name !== '--requirement') || !opt.value || opt.value.includes('$')) continue;
          const written = opt.value.replace(/^\.\//, '').replace(/^\/+/, '');
          const candidates = [model.contextDir, dir, ''].map((d) => (d ? posix.normalize(`${d}/${written}`) : posix.normalize(written)));
          let hit = candidates.find((c) => manifests.has(c));
          if (!hit) {
            const same = byName.get(written.slice(written.lastIndexOf('/') + 1)) ?? [];
            if (same.length === 1) hit = same[0];
          }
          if (hit) queue.push(hit);
        }
      }
    }
  }
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
