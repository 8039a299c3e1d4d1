import type { RuleContext } from '../types.js';

/**
 * Reports every parser or loader diagnostic filed under `rule`: from unreadable files, manifests
 * and Dockerfiles alike. Parsers file diagnostics; the rules that own them turn them into findings.
 */
export function reportDiagnostics(ctx: RuleContext, rule: string): void {
  const { project } = ctx;
  for (const d of project.diagnostics) {
    if (d.rule === rule) ctx.report({ file: d.file, line: d.line, column: d.column, message: d.message });
  }
  for (const m of project.manifests) {
    for (const d of m.diagnostics) {
      if (d.rule === rule) ctx.report({ file: m.path, line: d.line, column: d.column, message: d.message });
    }
  }
  for (const df of [...project.dockerfiles, ...(project.devDockerfiles ?? [])]) {
    for (const d of (df as { diagnostics?: { rule: string; line: number; column: number; message: string }[] }).diagnostics ?? []) {
      if (d.rule === rule) ctx.report({ file: df.path, line: d.line, column: d.column, message: d.message });
    }
  }
}
