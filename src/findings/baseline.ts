// A baseline records the findings a repository already has, so CI fails only on new ones (ruff's and
// detekt's habit when adopting a linter on existing code). Entries are matched by fingerprint, which
// ignores line numbers: moving code or adding unrelated lines keeps old findings baselined.
import type { Finding } from '../model.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  code: string;
  rule: string;
  file: string;
  package: string | null;
  /** For people reading the file; matching never looks at it. */
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

/** A baseline file that cannot be used; the CLI prints the message and exits 2. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** The baseline file's contents for these findings (which must carry fingerprints), sorted for stable diffs. */
export function renderBaseline(findings: readonly Finding[]): string {
  const entries: BaselineEntry[] = findings.map((f) => {
    if (!f.fingerprint) throw new Error(`finding ${f.code} at ${f.file}:${f.line} has no fingerprint`);
    return { fingerprint: f.fingerprint, code: f.code, rule: f.rule, file: f.file, package: f.package, message: f.message };
  });
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const doc: Baseline & { tool: string; description: string } = {
    tool: 'slimreq',
    description: 'Findings accepted when this baseline was written; `slimreq audit --baseline FILE` reports only new ones.',
    version: BASELINE_VERSION,
    findings: entries,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Reads a baseline file's contents; `shown` is the path used in messages. */
export function parseBaseline(content: string, shown: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (error) {
    const offset = jsonErrorOffset(content.replace(/^\uFEFF/, ''));
    const where = offset === null ? '' : lineColumn(content.replace(/^\uFEFF/, ''), offset);
    throw new BaselineError(`${shown}${where}: not a slimreq baseline: the file is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const record = doc as { version?: unknown; findings?: unknown };
  if (!record || typeof record !== 'object' || Array.isArray(record)) {
    throw new BaselineError(`${shown}: not a slimreq baseline: expected a JSON object with "version" and "findings"`);
  }
  if (record.version !== BASELINE_VERSION) {
    throw new BaselineError(`${shown}: unsupported baseline version ${JSON.stringify(record.version)} (this slimreq reads version ${BASELINE_VERSION}); write a new one with --write-baseline`);
  }
  if (!Array.isArray(record.findings)) throw new BaselineError(`${shown}: not a slimreq baseline: "findings" must be a list`);
  const findings: BaselineEntry[] = [];
  record.findings.forEach((entry, index) => {
    const e = entry as Partial<BaselineEntry>;
    if (!e || typeof e.fingerprint !== 'string' || typeof e.code !== 'string' || typeof e.file !== 'string') {
      throw new BaselineError(`${shown}: findings[${index}] needs string "fingerprint", "code" and "file"`);
    }
    findings.push({
      fingerprint: e.fingerprint,
      code: e.code,
      rule: typeof e.rule === 'string' ? e.rule : '',
      file: e.file,
      package: typeof e.package === 'string' ? e.package : null,
      message: typeof e.message === 'string' ? e.message : '',
    });
  });
  return { version: BASELINE_VERSION, findings };
}

/**
 * Where JSON.parse gave up: Node's messages name the position only for some errors, so this walks
 * the text with a small recursive-descent reader and returns the offset of the first bad character.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (offset) {
    return typeof offset === 'number' ? Math.min(offset, text.length) : null;
  }
}

function lineColumn(content: string, offset: number): string {
  const before = content.slice(0, offset).split('\n');
  return `:${before.length}:${before[before.length - 1].length + 1}`;
}

export interface BaselineOutcome {
  /** Findings not in the baseline: the ones to report. */
  findings: Finding[];
  /** How many findings the baseline hid. */
  suppressed: number;
  /** Baseline entries that no longer occur: the file can be pruned of them. */
  stale: BaselineEntry[];
}

export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineOutcome {
  const known = new Map(baseline.findings.map((e) => [e.fingerprint, e]));
  const matched = new Set<string>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (finding.fingerprint && known.has(finding.fingerprint)) matched.add(finding.fingerprint);
    else kept.push(finding);
  }
  const stale = baseline.findings.filter((e) => !matched.has(e.fingerprint));
  return { findings: kept, suppressed: findings.length - kept.length, stale };
}
