import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditResult, Finding, RuleMeta, Severity } from '../../src/model.js';
import { firstSentence, messageText, relativeUri, renderSarif } from '../../src/report/sarif.js';

import { sarifSchemaMissing, sarifValidator } from '../support/sarif-schema.js';

const validateSchema = sarifValidator()!;

function isValid(log: unknown): boolean {
  return validateSchema(log);
}

function expectValid(sarif: string): any {
  const log = JSON.parse(sarif);
  const ok = validateSchema(log);
  expect(ok ? [] : validateSchema.errors).toEqual([]);
  return log;
}

const OPTS = { toolVersion: '1.2.3', helpBaseUri: 'https://example.org/slimreq/docs/rules.md' };

const RULES: (RuleMeta & { securitySeverity?: number; tags?: string[] })[] = [
  {
    code: 'SR301',
    name: 'env-file-in-build-context',
    severity: 'error',
    securitySeverity: 7.5,
    tags: ['docker'],
    docs: {
      what: 'Reports a `.env` file that `COPY . .` sends into the image. Secrets end up in a layer.',
      why: 'Anyone who can pull the image can read the file.',
      bad: 'COPY . /app',
      good: '# .dockerignore\n.env',
      fix: 'Add `.env` to `.dockerignore`.',
      references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
    },
  },
  {
    code: 'SR101',
    name: 'dev-tool-in-production',
    severity: 'warning',
    docs: {
      what: 'Reports a development-only tool in a production set, e.g. "pytest" in requirements.txt.',
      why: 'It makes the image bigger.',
      bad: 'flask==3.0.3\npytest==8.3.2',
      good: '# requirements-dev.txt\npytest==8.3.2',
      fix: 'Move it to requirements-dev.txt.',
    },
  },
  {
    code: 'SR102',
    name: 'maybe-dev-tool',
    severity: 'info',
    docs: { what: 'Reports ```ipython```.', why: 'Often unused.', bad: 'ipython', good: '', fix: 'Check imports.' },
  },
];

function finding(over: Partial<Finding>): Finding {
  return {
    code: 'SR101',
    rule: 'dev-tool-in-production',
    severity: 'warning',
    message: 'pytest is a test tool',
    file: 'requirements.txt',
    line: 1,
    column: 1,
    package: 'pytest',
    ...over,
  };
}

function result(findings: Finding[], rules: RuleMeta[] = RULES): AuditResult {
  return { version: 1, root: '/srv/app', files: [], requirements: [], findings, rules };
}

describe.skipIf(sarifSchemaMissing !== null)('renderSarif', () => {
  it('is checked by a validator that does reject invalid logs', () => {
    const log = JSON.parse(renderSarif(result([finding({})]), { ...OPTS, helpBaseUri: 'docs/rules.md' }));
    expect(validateSchema(log)).toBe(false); // helpUri must be an absolute URI
    const fixed = JSON.parse(renderSarif(result([finding({})]), OPTS));
    fixed.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validateSchema(fixed)).toBe(false);
    expect(validateSchema({ version: '2.1.0', runs: [{}] })).toBe(false);
  });

  it('renders an empty result as a valid log with every rule and no results', () => {
    const log = expectValid(renderSarif(result([]), OPTS));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.results).toEqual([]);
    expect(run.tool.driver.name).toBe('slimreq');
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.tool.driver.semanticVersion).toBe('1.2.3');
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(['SR101', 'SR102', 'SR301']);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///srv/app/');
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('describes rules the way GitHub code scanning reads them', () => {
    const log = expectValid(renderSarif(result([]), OPTS));
    const [devTool, maybe, envFile] = log.runs[0].tool.driver.rules;
    expect(devTool).toEqual({
      id: 'SR101',
      name: 'dev-tool-in-production',
      shortDescription: {
        text: 'Reports a development-only tool in a production set, e.g. "pytest" in requirements.txt.',
      },
      fullDescription: {
        text: 'Reports a development-only tool in a production set, e.g. "pytest" in requirements.txt. It makes the image bigger.',
      },
      defaultConfiguration: { level: 'warning' },
      helpUri: 'https://example.org/slimreq/docs/rules.md#dev-tool-in-production',
      help: {
        text: [
          'SR101 dev-tool-in-production (default severity: warning)',
          'What it does:\nReports a development-only tool in a production set, e.g. "pytest" in requirements.txt.',
          'Why is this bad?\nIt makes the image bigger.',
          'Example:\n    flask==3.0.3\n    pytest==8.3.2',
          'Use instead:\n    # requirements-dev.txt\n    pytest==8.3.2',
          'How to fix:\nMove it to requirements-dev.txt.',
        ].join('\n\n'),
        markdown: [
          '## What it does\n\nReports a development-only tool in a production set, e.g. "pytest" in requirements.txt.',
          '## Why is this bad?\n\nIt makes the image bigger.',
          '## Example\n\n```\nflask==3.0.3\npytest==8.3.2\n```',
          '## Use instead\n\n```\n# requirements-dev.txt\npytest==8.3.2\n```',
          '## How to fix\n\nMove it to requirements-dev.txt.',
        ].join('\n\n'),
      },
      properties: { 'problem.severity': 'warning' },
    });
    expect(maybe.defaultConfiguration.level).toBe('note');
    expect(maybe.properties).toEqual({ 'problem.severity': 'recommendation' });
    // Empty sections are left out of the help.
    expect(maybe.help.markdown).not.toContain('Use instead');
    // Only the security rule carries security-severity, and it is tagged `security`.
    expect(envFile.shortDescription.text).toBe('Reports a `.env` file that `COPY . .` sends into the image.');
    expect(envFile.properties).toEqual({
      tags: ['docker', 'security'],
      'problem.severity': 'error',
      'security-severity': '7.5',
    });
    expect(envFile.help.markdown).toContain(
      '## References\n\n- <https://docs.docker.com/build/concepts/context/#dockerignore-files>',
    );
  });

  it('renders one result with a relative location, level and ruleIndex', () => {
    const log = expectValid(
      renderSarif(result([finding({ line: 3, column: 5, fix: 'move it to requirements-dev.txt' })]), OPTS),
    );
    expect(log.runs[0].results).toEqual([
      {
        ruleId: 'SR101',
        ruleIndex: 0,
        level: 'warning',
        message: { text: 'pytest is a test tool' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'requirements.txt', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 5 },
            },
          },
        ],
        properties: { package: 'pytest', fix: 'move it to requirements-dev.txt' },
      },
    ]);
  });

  it('maps every severity to its SARIF level', () => {
    const severities: [Severity, string, string][] = [
      ['error', 'SR301', 'error'],
      ['warning', 'SR101', 'warning'],
      ['info', 'SR102', 'note'],
    ];
    const findings = severities.map(([severity, code], i) =>
      finding({ severity, code, rule: RULES.find((r) => r.code === code)!.name, line: i + 1 }),
    );
    const log = expectValid(renderSarif(result(findings), OPTS));
    expect(log.runs[0].results.map((r: any) => [r.ruleId, r.level])).toEqual(
      severities.map(([, code, level]) => [code, level]),
    );
    // A finding whose severity was overridden keeps its own level, not the rule's default.
    const overridden = expectValid(renderSarif(result([finding({ severity: 'error' })]), OPTS));
    expect(overridden.runs[0].results[0].level).toBe('error');
  });

  it('keeps many findings sorted, with correct rule indexes and relative URIs', () => {
    const files = ['requirements.txt', 'Dockerfile', 'api/requirements-prod.txt', 'pyproject.toml'];
    const codes = ['SR301', 'SR101', 'SR102'];
    const findings: Finding[] = [];
    for (let i = 0; i < 240; i++) {
      const code = codes[i % 3];
      findings.push(
        finding({
          code,
          rule: RULES.find((r) => r.code === code)!.name,
          file: files[(i * 7) % 4],
          line: ((i * 13) % 50) + 1,
          column: ((i * 5) % 9) + 1,
          message: `finding ${i}`,
        }),
      );
    }
    const log = expectValid(renderSarif(result(findings), OPTS));
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((r: any) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.results).toHaveLength(240);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      const { uri, uriBaseId } = r.locations[0].physicalLocation.artifactLocation;
      expect(uriBaseId).toBe('%SRCROOT%');
      expect(uri).not.toMatch(/^(?:\/|[a-z]+:)/i);
    }
    const keys = run.results.map((r: any) => {
      const loc = r.locations[0].physicalLocation;
      return [loc.artifactLocation.uri, loc.region.startLine, loc.region.startColumn, r.ruleId];
    });
    const sorted = [...keys].sort((a, b) => {
      for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return 0;
    });
    expect(keys).toEqual(sorted);
    expect(keys[0][0]).toBe('Dockerfile');
  });

  it('keeps messages with backticks, quotes, newlines and unicode intact', () => {
    const message = 'Use `pip install --no-cache-dir` — "quoted" \'single\' \\ back\\slash\nnext line ✓ 🐍 ünïcødé';
    const log = expectValid(
      renderSarif(result([finding({ message, file: 'sub dir/ré q#1?.txt', line: 0, column: 0 })]), OPTS),
    );
    const r = log.runs[0].results[0];
    expect(r.message.text).toBe(message);
    expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('sub%20dir/r%C3%A9%20q%231%3F.txt');
    expect(r.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
  });

  it('escapes brackets only where they would read as an embedded link', () => {
    expect(messageText('uvicorn[standard] is fine')).toBe('uvicorn[standard] is fine');
    expect(messageText('see [here](1) \\ ok')).toBe('see \\[here\\](1) \\\\ ok');
    const log = expectValid(renderSarif(result([finding({ message: 'x[0](1)' })]), OPTS));
    expect(log.runs[0].results[0].message.text).toBe('x\\[0\\](1)');
  });

  it('cuts short descriptions at the end of the first sentence', () => {
    expect(firstSentence('One. Two.')).toBe('One.');
    expect(firstSentence('Flags tools, e.g. pytest or black. More.')).toBe('Flags tools, e.g. pytest or black.');
    expect(firstSentence('Reads `a. b` and `pip install .` too! Then.')).toBe('Reads `a. b` and `pip install .` too!');
    expect(firstSentence('Version 1.2 is fine. Next.')).toBe('Version 1.2 is fine.');
    expect(firstSentence('No full stop')).toBe('No full stop');
  });

  it('encodes paths as relative URI references', () => {
    expect(relativeUri('requirements/dev.txt')).toBe('requirements/dev.txt');
    expect(relativeUri('./a b/c:d.txt')).toBe('a%20b/c%3Ad.txt');
    expect(relativeUri('win\\path\\req.txt')).toBe('win/path/req.txt');
    expect(relativeUri('100%.txt')).toBe('100%25.txt');
  });

  it('adds a rule entry for a finding whose rule is not registered', () => {
    const log = expectValid(
      renderSarif(result([finding({ code: 'SR900', rule: 'internal-error', severity: 'error' })], []), OPTS),
    );
    const [rule] = log.runs[0].tool.driver.rules;
    expect(rule.id).toBe('SR900');
    expect(rule.name).toBe('internal-error');
    expect(rule.shortDescription.text).toBe('Reports internal-error.');
    expect(log.runs[0].results[0].ruleIndex).toBe(0);
  });

  it('leaves out the location of a finding without a file', () => {
    const log = expectValid(renderSarif(result([finding({ file: '' })]), OPTS));
    expect(log.runs[0].results[0].locations).toBeUndefined();
  });

  it('omits semanticVersion for a version that is not semver', () => {
    const log = expectValid(renderSarif(result([]), { ...OPTS, toolVersion: '0.1.0.dev3' }));
    expect(log.runs[0].tool.driver.version).toBe('0.1.0.dev3');
    expect(log.runs[0].tool.driver.semanticVersion).toBeUndefined();
  });

  it('validates for arbitrary messages, paths and positions', () => {
    const severity = fc.constantFrom<Severity>('error', 'warning', 'info');
    const anyFinding = fc.record({
      code: fc.constantFrom('SR101', 'SR102', 'SR301'),
      message: fc.string({ unit: 'grapheme', minLength: 1 }),
      file: fc
        .array(fc.string({ unit: 'grapheme', minLength: 1 }).filter((s) => !s.includes('/') && !s.includes('\\')), {
          minLength: 1,
          maxLength: 3,
        })
        .map((parts) => parts.join('/')),
      line: fc.integer({ min: -2, max: 100000 }),
      column: fc.integer({ min: -2, max: 500 }),
      severity,
    });
    fc.assert(
      fc.property(fc.array(anyFinding, { maxLength: 8 }), (items) => {
        const findings = items.map((f) => finding({ ...f, rule: RULES.find((r) => r.code === f.code)!.name }));
        const log: any = JSON.parse(renderSarif(result(findings), OPTS));
        if (!isValid(log)) throw new Error(JSON.stringify(validateSchema.errors));
        for (const r of log.runs[0].results) {
          const region = r.locations[0].physicalLocation.region;
          if (region.startLine < 1 || region.startColumn < 1) throw new Error('region below 1');
          if (!findings.some((f) => messageText(f.message) === r.message.text)) throw new Error('message changed');
        }
      }),
      { numRuns: 200 },
    );
  });
});
