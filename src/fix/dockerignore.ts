// Emits .dockerignore contents: the entries a Python build context should exclude, appended to
// whatever the file already says. Pure: contents in, contents out; the io module writes.

import type { Project } from '../model.js';
import { dockerignoreGaps } from '../rules/docker/dockerignore-missing-entry.js';

export const DOCKERIGNORE_HEADER = '# Added by slimreq: keep VCS data, virtualenvs, caches and secrets out of the build context';

/**
 * Patterns of the standard entries (.git, .venv, venv, __pycache__, *.pyc, .env, tool caches,
 * node_modules) that the context's .dockerignore does not already exclude, judged with Docker's
 * matching. Paths that exist in the repository decide between `name` and `**\/name`.
 */
export function missingDockerignoreEntries(project: Project, contextDir: string, dockerignorePath?: string): string[] {
  const path = dockerignorePath ?? (contextDir === '' ? '.dockerignore' : `${contextDir}/.dockerignore`);
  const existing = project.dockerignores.find((d) => d.path === path);
  // An existing file gets exactly what the audit reports missing (paths that exist and leak); a new
  // file gets the whole checklist, so junk that appears later stays out too.
  const patterns = existing ? existing.patterns.map((p) => p.pattern) : [];
  return dockerignoreGaps(project, contextDir, patterns, existing !== undefined).map((g) => g.pattern);
}

/**
 * The .dockerignore with `missing` appended under a comment header. Existing lines, their order,
 * line endings and BOM are kept; entries already in force are not added twice, so applying the
 * result again changes nothing. `existing` null means there is no file yet.
 */
export function fixDockerignore(existing: string | null, missing: string[]): string {
  const content = existing ?? '';
  const eol = content.includes('\r\n') ? '\r\n' : '\n';
  const lines = content.split(/\r?\n/).map((l) => l.trim());
  const inForce = (entry: string): boolean => {
    const last = lines.lastIndexOf(entry);
    // A later `!` exception may re-include what the entry excluded: then the entry is not in force.
    return last !== -1 && !lines.slice(last + 1).some((l) => l.startsWith('!'));
  };
  const toAdd: string[] = [];
  for (const entry of missing) {
    const e = entry.trim();
    if (e === '' || toAdd.includes(e) || inForce(e)) continue;
    toAdd.push(e);
  }
  if (toAdd.length === 0) return content;
  let out = content;
  if (out !== '' && !/\r?\n$/.test(out)) out += eol;
  const hasHeader = lines.includes(DOCKERIGNORE_HEADER);
  if (!hasHeader) {
    if (out.replace(/^\uFEFF/, '') !== '' && !/(\r?\n){2}$/.test(out)) out += eol;
    out += DOCKERIGNORE_HEADER + eol;
  }
  return out + toAdd.join(eol) + eol;
}
