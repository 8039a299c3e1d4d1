import type { RelatedLocation, Finding, Project, Severity } from '../model.js';
import type { DevTool } from '../catalog/devtools.js';

/** Rule documentation, shown by `slimreq explain` and in SARIF. Same sections for every rule. */
export interface RuleDocs {
  /** What it does: one or two sentences. */
  what: string;
  /** Why is this bad? */
  why: string;
  /** Example that triggers the rule (file contents). */
  bad: string;
  /** The same example, fixed. */
  good: string;
  /** How to fix, one line; also the default hint attached to findings. */
  fix: string;
  references?: string[];
}

export interface ReportInput {
  file: string;
  line: number;
  column: number;
  message: string;
  package?: string | null;
  fix?: string;
  /** Overrides the rule's default severity for this finding (e.g. 'usually' catalog entries inform). */
  severity?: Severity;
  /** Other places of the same cause (one finding per cause). */
  related?: RelatedLocation[];
}

/** What rules may query beyond the project: the catalogs, already extended by configuration. */
export interface CatalogView {
  devTool(key: string): DevTool | null;
}

export interface RuleContext {
  project: Project;
  catalog: CatalogView;
  report(finding: ReportInput): void;
}

export interface Rule {
  /** Stable code, never renumbered or reused. */
  code: string;
  /** Kebab-case name that reads as the bad pattern. */
  name: string;
  severity: Severity;
  docs: RuleDocs;
  check(ctx: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export type { Finding };
