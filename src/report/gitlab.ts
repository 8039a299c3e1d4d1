// GitLab Code Quality report: the Code Climate issue format subset GitLab reads
// (docs.gitlab.com, "Code Quality" > "Code Quality report format"): an array of objects with
// description, check_name, fingerprint, severity, location.path and location.lines.begin.
// Severity follows GitLab's vocabulary: info, minor, major, critical, blocker.
import type { AuditResult, Finding, Severity } from '../model.js';
import { assignFingerprints } from '../findings/fingerprint.js';
import { sortFindings } from './sarif.js';

export interface GitlabOptions {
  /** Folder of the audited root inside the repository ('' at the top), so paths are repository-relative. */
  pathPrefix?: string;
}

export const GITLAB_SEVERITY: Record<Severity, 'info' | 'major' | 'critical'> = {
  info: 'info',
  warning: 'major',
  error: 'critical',
};

export function renderGitlab(result: AuditResult, opts: GitlabOptions = {}): string {
  let findings = sortFindings(result.findings);
  // Library callers may pass findings the audit did not fingerprint: compute them on copies.
  if (findings.some((f) => !f.fingerprint)) {
    const computed = assignFingerprints(findings.map((f) => ({ ...f })));
    findings = findings.map((f, i) => (f.fingerprint ? f : computed[i]));
  }
  const issues = findings.map((finding) => issue(finding, opts.pathPrefix ?? ''));
  return JSON.stringify(issues, null, 2) + '\n';
}

function issue(finding: Finding, prefix: string) {
  return {
    type: 'issue',
    description: finding.fix ? `${finding.message} (fix: ${finding.fix})` : finding.message,
    check_name: `${finding.code} ${finding.rule}`,
    fingerprint: finding.fingerprint,
    severity: GITLAB_SEVERITY[finding.severity],
    location: {
      path: joinPath(prefix, finding.file),
      lines: { begin: Math.max(1, Math.trunc(finding.line) || 1) },
    },
  };
}

export function joinPath(prefix: string, file: string): string {
  const clean = prefix.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return clean && clean !== '.' ? `${clean}/${file}` : file;
}
