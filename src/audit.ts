import { RUNTIME_EVIDENCE_LIST_LIMIT, type AuditResult, type Finding, type Project, type RuleMeta, type RuntimeEvidence, type RuntimeEvidenceSummary, type RuntimeImport, type Severity } from './model.js';
import { evidenceFor } from './resolve/runtime-evidence.js';
import { loadProject } from './load.js';
import { detectPythonVersion, rootImage } from './alpine/evaluate.js';
import { devToolBytes } from './alpine/sizes.js';
import { DEFAULT_PYTHON } from './fix/dockerfile.js';
import type { RoleConfig } from './roles/config.js';
import { allRules } from './rules/index.js';
import unusedIgnore, { applySuppressions, suppressionRecords, unusedIgnores } from './rules/manifest/unused-ignore.js';
import type { CatalogView, Rule } from './rules/types.js';
import { defaultImportName, lookupDevTool, type DevTool } from './catalog/devtools.js';
import { normalizeName } from './catalog/names.js';
import { finishFindings } from './findings/index.js';

export interface AuditOptions {
  /** gitignore-style paths to leave out of discovery. */
  exclude?: string[];
  /** Extra development-only package names (PEP 503 names or `prefix-*` patterns), treated as certainty 'always'. */
  devPackages?: string[];
  /** Package names never treated as development tools. */
  runtimePackages?: string[];
  /** `production` / `development` globs from the configuration (roles). */
  roles?: RoleConfig;
  /** Rules to run; defaults to every registered rule. */
  rules?: Rule[];
  /** Called after each phase, for progress display. */
  onProgress?: (phase: 'discover' | 'rules' | 'done', detail: string) => void;
}

/** Builds the catalog view the rules query, with configuration's additions and exceptions. */
/** Matches PEP 503 keys against configured names and `prefix*` patterns (`pytest-*`, `ipy*`). */
function nameMatcher(entries: readonly string[]): (key: string) => boolean {
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of entries) {
    if (entry.includes('*')) {
      const escaped = entry
        .toLowerCase()
        .split('*')
        .map((part) => normalizeName(part).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      patterns.push(new RegExp(`^${escaped}$`));
    } else {
      names.add(normalizeName(entry));
    }
  }
  return (key) => names.has(key) || patterns.some((re) => re.test(key));
}

export function catalogView(options: Pick<AuditOptions, 'devPackages' | 'runtimePackages'>): CatalogView {
  const isRuntime = nameMatcher(options.runtimePackages ?? []);
  const isExtraDev = nameMatcher(options.devPackages ?? []);
  const configured = (key: string): DevTool => ({
    match: key,
    category: 'configured',
    certainty: 'always',
    rationale: 'listed in dev-packages in the slimreq configuration',
    sources: [],
    importNames: [defaultImportName(key)],
  });
  return {
    devTool(key: string) {
      if (isRuntime(key)) return null;
      if (isExtraDev(key)) return configured(key);
      return lookupDevTool(key);
    },
  };
}

/** Runs the rules over a loaded project. Findings come back sorted, suppressions applied. */
export function runRules(project: Project, options: AuditOptions = {}): Finding[] {
  const rules = options.rules ?? allRules;
  const catalog = catalogView(options);
  const findings: Finding[] = [];
  for (const rule of rules) {
    rule.check({
      project,
      catalog,
      report(input) {
        findings.push({
          code: rule.code,
          rule: rule.name,
          severity: input.severity ?? rule.severity,
          message: input.message,
          file: input.file,
          line: input.line,
          column: input.column,
          package: input.package ?? null,
          ...(input.fix ? { fix: input.fix } : {}),
          ...(input.related && input.related.length > 0 ? { related: input.related } : {}),
        });
      },
    });
  }
  const records = suppressionRecords(project);
  const kept = applySuppressions(findings, records);
  if (rules.includes(unusedIgnore)) {
    for (const input of unusedIgnores(records, allRules, rules)) {
      kept.push({
        code: unusedIgnore.code,
        rule: unusedIgnore.name,
        severity: unusedIgnore.severity,
        message: input.message,
        file: input.file,
        line: input.line,
        column: input.column,
        package: null,
        ...(input.fix ? { fix: input.fix } : {}),
      });
    }
  }
  return finishFindings(sortFindings(kept), project);
}

/** The whole audit: discover, parse, check. */
export function audit(root: string, options: AuditOptions = {}): AuditResult {
  const project = loadProject(root, { exclude: options.exclude, roles: options.roles });
  options.onProgress?.('discover', `${project.files.length} file${project.files.length === 1 ? '' : 's'}`);
  const findings = runRules(project, options);
  options.onProgress?.('done', `${findings.length} findings`);
  return toResult(project, findings, options);
}

export function toResult(project: Project, findings: Finding[], options: AuditOptions = {}): AuditResult {
  const catalog = catalogView(options);
  let requirements: AuditResult['requirements'] | null = null;
  const result = {
    version: 1 as const,
    root: project.root,
    files: project.files,
    findings,
    rules: ruleMetas(),
    requirementCount: project.manifests.reduce((n, m) => n + m.requirements.length, 0),
    devToolBytes: imageDevToolBytes(project, catalog),
  } as AuditResult;
  // Built on first use: the text report only counts requirements, and a monorepo has tens of thousands.
  Object.defineProperty(result, 'requirements', {
    enumerable: true,
    get() {
      requirements ??= project.manifests
        .flatMap((m) => m.requirements)
        .map((req) => {
          const tool = catalog.devTool(req.key);
          const evidence = tool && project.runtimeEvidence ? summarizeEvidence(project.runtimeEvidence, tool.importNames) : null;
          return { ...req, devTool: tool ? { category: tool.category, certainty: tool.certainty } : null, runtimeEvidence: evidence };
        });
      return requirements;
    },
  });
  return result;
}

/**
 * The wheel bytes dev tools add to the production image, for the image's Python (Dockerfile tag or
 * requires-python) on x86_64, with musl wheels when a production Dockerfile is Alpine-based.
 */
function imageDevToolBytes(project: Project, catalog: CatalogView): number | null {
  if (!project.manifests.some((m) => m.lockPackages)) return null;
  const alpine = project.dockerfiles.some((df) => df.finalStage >= 0 && /alpine/i.test(rootImage(df, df.finalStage) ?? ''));
  const python = detectPythonVersion(project) ?? DEFAULT_PYTHON;
  return devToolBytes(project, (key) => catalog.devTool(key) !== null, { python, arch: 'x86_64', libc: alpine ? 'musl' : 'glibc' })?.bytes ?? null;
}

/** The import scan's findings for one package, as the JSON report lists them. */
function summarizeEvidence(evidence: RuntimeEvidence, importNames: readonly string[]): RuntimeEvidenceSummary {
  const ev = evidenceFor(evidence, importNames);
  const list = (hits: RuntimeImport[]) => hits.slice(0, RUNTIME_EVIDENCE_LIST_LIMIT).map((h) => ({ file: h.file, line: h.line, module: h.module, via: h.via }));
  return {
    scannedFiles: evidence.scannedFiles,
    runtime: list(ev.runtime),
    optional: list(ev.optional),
    conditional: list(ev.conditional),
    development: list(ev.development),
    typeChecking: list(ev.typeChecking),
  };
}

export function ruleMetas(rules: Rule[] = allRules): RuleMeta[] {
  return rules.map((r) => ({ code: r.code, name: r.name, severity: r.severity, docs: r.docs }));
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export type { Severity };
