// `slimreq roles`: every manifest part and Dockerfile with its role and the evidence, so a user who
// disagrees sees why (and can override it with `production` / `development` in the configuration).
import type { Evidence, Project, Role, RoleBasis } from '../model.js';

export interface RolesEntry {
  path: string;
  /** 'Dockerfile', 'requirements file', '[project] dependencies', 'extra "docs"', … */
  part: string;
  role: Role;
  basis: RoleBasis;
  evidence: Evidence[];
  /** Dockerfiles: the build context and stage, when a compose file, workflow or script names them. */
  context?: string;
  target?: string;
}

export interface RolesReport {
  version: 1;
  root: string;
  entries: RolesEntry[];
  /** Files skipped because they are templates. */
  templates: Evidence[];
}

export function rolesReport(project: Project): RolesReport {
  const entries: RolesEntry[] = [];
  for (const [path, r] of project.dockerfileRoles ?? []) {
    entries.push({ path, part: 'Dockerfile', role: r.decision.role, basis: r.decision.basis, evidence: r.decision.evidence, ...(r.context !== undefined ? { context: r.context } : {}), ...(r.target ? { target: r.target } : {}) });
  }
  for (const m of project.manifests) {
    for (const p of m.roles ?? []) entries.push({ path: m.path, part: p.part, role: p.decision.role, basis: p.decision.basis, evidence: p.decision.evidence });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { version: 1, root: project.root, entries, templates: project.templates ?? [] };
}

function where(e: Evidence): string {
  return e.line > 0 ? `${e.file}:${e.line}` : e.file;
}

export function renderRolesText(report: RolesReport): string {
  if (report.entries.length === 0 && report.templates.length === 0) return 'no manifests or Dockerfiles found\n';
  const lines: string[] = [];
  for (const e of report.entries) {
    const extra = [e.context !== undefined ? `context ${e.context === '' ? '.' : e.context}` : null, e.target ? `target ${e.target}` : null].filter(Boolean).join(', ');
    lines.push(`${e.path}  ${e.part}: ${e.role}${extra ? ` (${extra})` : ''}  [${e.basis}]`);
    for (const ev of e.evidence) lines.push(`    ${where(ev)}: ${ev.reason}`);
  }
  for (const t of report.templates) lines.push(`${t.file}  template: skipped`, `    ${where(t)}: ${t.reason}`);
  lines.push('', 'Override with production = [...] / development = [...] under [tool.slimreq] (globs, or path:set for one set).');
  return `${lines.join('\n')}\n`;
}

export function renderRolesJson(report: RolesReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
