// `production = [globs]` and `development = [globs]` from the configuration: the strongest evidence.
// A glob matches a repo-relative path (`docker/dev/Dockerfile`, `requirements/*.txt`), or a path and a
// set name joined by ':' (`pyproject.toml:docs`, `Pipfile:dev-packages`) for one part of a manifest.
import ignore from 'ignore';
import type { RoleDecision } from '../model.js';

export interface RoleConfig {
  production?: string[];
  development?: string[];
  /** Where the configuration was read from, for evidence ('pyproject.toml', '.slimreq.toml'). */
  file?: string | null;
}

function matches(globs: string[] | undefined, subject: string): string | null {
  for (const glob of globs ?? []) {
    if (glob.includes(':')) {
      if (glob === subject || (glob.startsWith('*') && subject.endsWith(glob.slice(1)))) return glob;
      const [path, part] = [glob.slice(0, glob.lastIndexOf(':')), glob.slice(glob.lastIndexOf(':') + 1)];
      const [sPath, sPart] = subject.includes(':') ? [subject.slice(0, subject.lastIndexOf(':')), subject.slice(subject.lastIndexOf(':') + 1)] : [subject, null];
      if (sPart !== null && sPart === part && ignore().add(path).ignores(sPath)) return glob;
      continue;
    }
    if (subject.includes(':')) continue;
    if (ignore().add(glob).ignores(subject)) return glob;
  }
  return null;
}

/** The configured role of a path or `path:part`, or null when the configuration says nothing. */
export function configuredRole(config: RoleConfig, subject: string): RoleDecision | null {
  const dev = matches(config.development, subject);
  const prod = matches(config.production, subject);
  const where = config.file ?? 'the slimreq configuration';
  if (dev) return { role: 'development', basis: 'configuration', evidence: [{ file: where, line: 0, reason: `development = ["${dev}"] in the configuration` }] };
  if (prod) return { role: 'production', basis: 'configuration', evidence: [{ file: where, line: 0, reason: `production = ["${prod}"] in the configuration` }] };
  return null;
}
