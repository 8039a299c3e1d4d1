import type { AuditResult } from '../model.js';

/**
 * The documented JSON contract (README, "JSON format"). Version 1: fields may be added, never
 * renamed or removed without bumping `version`.
 */
export function renderJson(result: AuditResult): string {
  const doc = {
    version: result.version,
    config: result.configFiles ?? [],
    files: result.files.map((f) => ({ path: f.path, kind: f.kind })),
    requirements: result.requirements.map((r) => ({
      name: r.name,
      key: r.key,
      specifier: r.specifier,
      extras: r.extras,
      marker: r.marker,
      url: r.url,
      editable: r.editable,
      file: r.file,
      line: r.line,
      column: r.column,
      group: r.group,
      groupName: r.groupName,
      origin: r.origin,
      constraintOnly: r.constraintOnly,
      source: r.source,
      devTool: r.devTool,
      runtimeEvidence: r.runtimeEvidence ?? null,
      ...(r.roleEvidence ? { roleEvidence: r.roleEvidence } : {}),
    })),
    findings: result.findings.map((f) => ({
      code: f.code,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      package: f.package,
      fix: f.fix ?? null,
      fingerprint: f.fingerprint ?? null,
      related: f.related ?? [],
    })),
    summary: {
      error: result.findings.filter((f) => f.severity === 'error').length,
      warning: result.findings.filter((f) => f.severity === 'warning').length,
      info: result.findings.filter((f) => f.severity === 'info').length,
    },
    devToolBytes: result.devToolBytes ?? null,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
