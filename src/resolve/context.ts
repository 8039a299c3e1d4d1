// The resolve stage, part two: which build context each Dockerfile is built with, and which
// requirements files its `pip install -r` lines install.
import { posix } from 'node:path';
import type { Manifest } from '../model.js';
import type { DockerfileModel, DockerStage } from '../parse/dockerfile.js';

/**
 * The build context a Dockerfile is most likely built with. Docker takes it from the command line
 * (`docker build -f compose/prod/Dockerfile .`) or a compose file, so it is inferred: the Dockerfile's
 * own folder when its COPY/ADD sources exist there, else the nearest ancestor folder where they all
 * exist (Django cookiecutter and many monorepos build from the repository root).
 */
export function inferContextDir(df: DockerfileModel, present: ReadonlySet<string>): string {
  const sources: string[] = [];
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      if (!ins.copy || ins.copy.from !== null) continue;
      for (const src of ins.copy.sources) {
        if (src.startsWith('<<') || /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.includes('$')) continue;
        const clean = posix.normalize(src.replace(/^\/+/, '')).replace(/\/+$/, '');
        if (clean === '.' || clean === '' || /[*?[]/.test(clean)) continue;
        sources.push(clean);
      }
    }
  }
  const own = df.contextDir;
  if (sources.length === 0) return own;
  const fits = (dir: string) => sources.every((src) => present.has(dir === '' ? src : `${dir}/${src}`));
  if (fits(own)) return own;
  const parts = own === '' ? [] : own.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const dir = parts.slice(0, i).join('/');
    if (fits(dir)) return dir;
  }
  return own;
}

/**
 * The requirements files that `pip install -r FILE` / `uv pip install -r FILE` in the given stages name,
 * as repo paths with the line of the command. The written path is matched against the known paths in
 * the build context, the Dockerfile's folder and the root, then by a unique file name; paths with
 * unexpanded variables are skipped.
 */
export function pipRequirementTargets(
  df: DockerfileModel,
  known: Iterable<string>,
  stages: readonly DockerStage[] = df.stages,
): { path: string; line: number }[] {
  const paths = new Set(known);
  const byName = new Map<string, string[]>();
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  const dir = df.path.includes('/') ? df.path.slice(0, df.path.lastIndexOf('/')) : '';
  const out: { path: string; line: number }[] = [];
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      for (const cmd of ins.run?.commands ?? []) {
        const tool = cmd.tool;
        if (!tool || (tool.tool !== 'pip' && tool.tool !== 'uv-pip') || tool.subcommand !== 'install') continue;
        for (const opt of tool.options) {
          if ((opt.name !== '-r' && opt.name !== '--requirement') || !opt.value || opt.value.includes('$')) continue;
          const written = opt.value.replace(/^\.\//, '').replace(/^\/+/, '');
          const candidates = [df.contextDir, dir, ''].map((d) => (d ? posix.normalize(`${d}/${written}`) : posix.normalize(written)));
          let hit = candidates.find((c) => paths.has(c));
          if (!hit) {
            const same = byName.get(written.slice(written.lastIndexOf('/') + 1)) ?? [];
            if (same.length === 1) hit = same[0];
          }
          if (hit) out.push({ path: hit, line: cmd.line });
        }
      }
    }
  }
  return out;
}

/** Requirements files the production Dockerfiles install with `pip install -r`: repo path -> `Dockerfile:line`. */
export function installedByDockerfiles(dockerfiles: DockerfileModel[], manifests: Map<string, Manifest>): Map<string, string> {
  const installed = new Map<string, string>();
  for (const df of dockerfiles) {
    for (const { path, line } of pipRequirementTargets(df, manifests.keys())) if (!installed.has(path)) installed.set(path, `${df.path}:${line}`);
  }
  return installed;
}
