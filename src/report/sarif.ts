// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
// Shape follows GitHub's "SARIF support for code scanning" page (supported properties, limits):
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// - reportingDescriptor: id, name, shortDescription.text and fullDescription.text (required, <= 1024 chars),
//   help.text (required) + help.markdown, defaultConfiguration.level, properties.tags, and
//   properties.security-severity (a score in (0, 10]; only for rules tagged `security`).
// - result: ruleId, ruleIndex, level, message.text, one location with a repository-relative URI.
// - partialFingerprints carry slimreq's own fingerprint (`slimreq/v1`: rule, file and package or the
//   flagged line's normalised text, never the line number); the upload action adds its
//   primaryLocationLineHash from the file contents. Other places of the same cause are relatedLocations.
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuditResult, Finding, RuleMeta, Severity } from '../model.js';
import { renderRuleSections, renderRuleText, sortRules } from './rules-doc.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  toolVersion: string;
  /** Address of the rules page; each rule's helpUri is `${helpBaseUri}#${rule.name}`. Must be absolute. */
  helpBaseUri: string;
  /**
   * The repository the audited root sits in (git's top level), when it is above the root: result paths
   * are then relative to it, as code scanning expects, and `%SRCROOT%` names it.
   */
  repositoryRoot?: string;
}

/**
 * Optional rule metadata SARIF can use when a rule provides it. Not (yet) part of RuleMeta, so read
 * defensively: `securitySeverity` marks a rule's findings as security results (e.g. secrets copied into
 * an image), `tags` are GitHub's filter tags.
 */
interface SarifRuleExtras {
  securitySeverity?: number;
  tags?: string[];
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub's `problem.severity` vocabulary for non-security rules. */
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation' };
/** GitHub truncates longer descriptions. */
const MAX_DESCRIPTION = 1024;

export function renderSarif(result: AuditResult, opts: SarifOptions): string {
  const rules = collectRules(result);
  const indexByCode = new Map(rules.map((rule, index) => [rule.code, index]));
  const base = opts.repositoryRoot ?? result.root;
  const prefix = relative(base, result.root).split(sep).join('/');
  const inRepo = (file: string) => (prefix && !prefix.startsWith('..') ? `${prefix}/${file}` : file);
  const results = sortFindings(result.findings).map((finding) =>
    sarifResult(finding, indexByCode.get(finding.code) ?? 0, inRepo),
  );
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'slimreq',
            version: opts.toolVersion,
            ...(isSemver(opts.toolVersion) ? { semanticVersion: opts.toolVersion } : {}),
            informationUri: stripFragment(opts.helpBaseUri),
            rules: rules.map((rule) => reportingDescriptor(rule, opts.helpBaseUri)),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: {
            uri: rootUri(prefix.startsWith('..') ? result.root : base),
            description: { text: 'The repository root; result paths are relative to it.' },
          },
        },
        // Columns come from JavaScript string offsets.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Every registered rule plus any rule a finding names that the registry did not describe, by code. */
function collectRules(result: AuditResult): RuleMeta[] {
  const byCode = new Map<string, RuleMeta>();
  for (const rule of result.rules) if (!byCode.has(rule.code)) byCode.set(rule.code, rule);
  for (const finding of result.findings) {
    if (byCode.has(finding.code)) continue;
    byCode.set(finding.code, {
      code: finding.code,
      name: finding.rule,
      severity: finding.severity,
      docs: { what: `Reports ${finding.rule}.`, why: '', bad: '', good: '', fix: finding.fix ?? '' },
    });
  }
  return sortRules([...byCode.values()]);
}

function reportingDescriptor(rule: RuleMeta & SarifRuleExtras, helpBaseUri: string) {
  const security = isSecuritySeverity(rule.securitySeverity);
  const tags = [...new Set([...(rule.tags ?? []), ...(security ? ['security'] : [])])].sort();
  const what = rule.docs.what.trim();
  const full = [what, rule.docs.why.trim()].filter(Boolean).join(' ');
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: clip(firstSentence(what) || rule.name) },
    fullDescription: { text: clip(full || rule.name) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    helpUri: `${stripFragment(helpBaseUri)}#${rule.name}`,
    help: { text: renderRuleText(rule), markdown: renderRuleSections(rule, 2) },
    properties: {
      ...(tags.length > 0 ? { tags } : {}),
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
      ...(security ? { 'security-severity': rule.securitySeverity!.toFixed(1) } : {}),
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number, inRepo: (file: string) => string) {
  const properties: Record<string, string> = {};
  if (finding.package) properties.package = finding.package;
  if (finding.fix) properties.fix = finding.fix;
  return {
    ruleId: finding.code,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: messageText(finding.message) },
    ...(finding.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(inRepo(finding.file)), uriBaseId: SRCROOT },
                region: { startLine: atLeastOne(finding.line), startColumn: atLeastOne(finding.column) },
              },
            },
          ],
        }
      : {}),
    ...(finding.fingerprint ? { partialFingerprints: { 'slimreq/v1': finding.fingerprint } } : {}),
    ...(finding.related && finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((r, index) => ({
            id: index + 1,
            physicalLocation: {
              artifactLocation: { uri: relativeUri(inRepo(r.file)), uriBaseId: SRCROOT },
              region: { startLine: atLeastOne(r.line), startColumn: atLeastOne(r.column) },
            },
            message: { text: messageText(r.message) },
          })),
        }
      : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

/** Sorted by file, line, column, code, then message, with plain code-unit comparison (locale-independent). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      cmp(a.line, b.line) ||
      cmp(a.column, b.column) ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

/**
 * SARIF plain-text messages may embed links written `[text](N)`. Literal brackets may stay as they are
 * (SARIF 2.1.0 errata01 §3.11.6), except where they would read as such a link: there they are escaped.
 */
export function messageText(message: string): string {
  if (!/\[[^\]]*\]\(\d+\)/.test(message)) return message;
  return message.replace(/\\/g, '\\\\').replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}

/** A repository-relative path as a relative URI reference: each segment percent-encoded, '/' kept. */
export function relativeUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function atLeastOne(n: number): number {
  return Number.isFinite(n) && n >= 1 ? Math.trunc(n) : 1;
}

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'approx']);

/**
 * Up to the first '.', '!' or '?' that ends a sentence: not inside `code`, not after "e.g." and friends,
 * not before a lowercase word.
 */
export function firstSentence(text: string): string {
  const end = /[.!?](?=\s|$)/g;
  for (let match = end.exec(text); match; match = end.exec(text)) {
    const before = /(\S*)$/.exec(text.slice(0, match.index))![1].replace(/^[("'`]+/, '').toLowerCase();
    const next = text.slice(match.index + 1).trimStart();
    const insideCode = (text.slice(0, match.index).match(/`/g) ?? []).length % 2 === 1;
    if (insideCode || ABBREVIATIONS.has(before) || /^[a-z]/.test(next)) continue;
    return text.slice(0, match.index + 1).trim();
  }
  return text.trim();
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length <= MAX_DESCRIPTION ? text : chars.slice(0, MAX_DESCRIPTION - 1).join('') + '…';
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

function isSemver(version: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);
}

function isSecuritySeverity(score: number | undefined): score is number {
  return typeof score === 'number' && score > 0 && score <= 10;
}
