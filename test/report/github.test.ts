import { describe, expect, it } from 'vitest';
import type { AuditResult, Finding } from '../../src/model.js';
import { escapeData, escapeProperty, renderGithub } from '../../src/report/github.js';

function finding(over: Partial<Finding>): Finding {
  return {
    code: 'SR101',
    rule: 'dev-tool-in-production',
    severity: 'warning',
    message: 'pytest is a test tool',
    file: 'requirements.txt',
    line: 2,
    column: 1,
    package: 'pytest',
    ...over,
  };
}

function result(findings: Finding[]): AuditResult {
  return { version: 1, root: '/repo', files: [], requirements: [], findings, rules: [] };
}

describe('workflow command escaping', () => {
  // Same table as @actions/core's command.ts: data escapes %, CR, LF; properties also ':' and ','.
  it.each([
    ['plain', 'plain', 'plain'],
    ['100%', '100%25', '100%25'],
    ['a\nb', 'a%0Ab', 'a%0Ab'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['key: value', 'key: value', 'key%3A value'],
    ['a,b', 'a,b', 'a%2Cb'],
    ['::error::', '::error::', '%3A%3Aerror%3A%3A'],
    ['%0A literal', '%250A literal', '%250A literal'],
    ['`code` "q" ünï 🐍', '`code` "q" ünï 🐍', '`code` "q" ünï 🐍'],
    ['x=1;y]', 'x=1;y]', 'x=1;y]'],
  ])('%j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });
});

describe('renderGithub', () => {
  it('prints one annotation per finding and a summary line', () => {
    const out = renderGithub(
      result([
        finding({ line: 3, column: 5 }),
        finding({ file: 'Dockerfile', line: 1, severity: 'error', code: 'SR301', rule: 'env-file-in-build-context', message: 'COPY . sends .env' }),
        finding({ line: 4, severity: 'info', code: 'SR102', rule: 'maybe-dev-tool', message: 'ipython is usually a dev tool' }),
      ]),
    );
    expect(out).toBe(
      [
        '::error file=Dockerfile,line=1,col=1,title=SR301 env-file-in-build-context::COPY . sends .env',
        '::warning file=requirements.txt,line=3,col=5,title=SR101 dev-tool-in-production::pytest is a test tool',
        '::notice file=requirements.txt,line=4,col=1,title=SR102 maybe-dev-tool::ipython is usually a dev tool',
        'slimreq: 3 problems (1 error, 1 warning, 1 info) in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('escapes file names and messages, and appends the fix on its own line', () => {
    const out = renderGithub(
      result([
        finding({
          file: 'dir,with:odd%/req.txt',
          message: 'line one\nline two: 50% "done"',
          fix: 'run `slimreq split`',
        }),
      ]),
    );
    const [annotation, summary] = out.trimEnd().split('\n');
    expect(annotation).toBe(
      '::warning file=dir%2Cwith%3Aodd%25/req.txt,line=2,col=1,title=SR101 dev-tool-in-production::' +
        'line one%0Aline two: 50%25 "done"%0AFix: run `slimreq split`',
    );
    expect(summary).toBe('slimreq: 1 problem (0 errors, 1 warning, 0 info) in 1 file');
  });

  it('sorts annotations by file, line and column', () => {
    const out = renderGithub(
      result([
        finding({ file: 'b.txt', line: 1 }),
        finding({ file: 'a.txt', line: 9, column: 2 }),
        finding({ file: 'a.txt', line: 9, column: 1 }),
        finding({ file: 'a.txt', line: 10 }),
      ]),
    );
    const locations = out
      .split('\n')
      .filter((l) => l.startsWith('::'))
      .map((l) => /file=([^,]+),line=(\d+),col=(\d+)/.exec(l)!.slice(1).join(':'));
    expect(locations).toEqual(['a.txt:9:1', 'a.txt:9:2', 'a.txt:10:1', 'b.txt:1:1']);
  });

  it('prefixes paths when the audited root is a subdirectory', () => {
    const out = renderGithub(result([finding({})]), { pathPrefix: './services/api/' });
    expect(out.split('\n')[0]).toContain('file=services/api/requirements.txt,');
  });

  it('leaves out the position of a finding without a file or line', () => {
    const out = renderGithub(result([finding({ file: '' }), finding({ file: 'setup.cfg', line: 0, column: 0 })]));
    expect(out.split('\n').slice(0, 2)).toEqual([
      '::warning title=SR101 dev-tool-in-production::pytest is a test tool',
      '::warning file=setup.cfg,title=SR101 dev-tool-in-production::pytest is a test tool',
    ]);
  });

  it('says so when there is nothing to report, without a workflow command', () => {
    expect(renderGithub(result([]))).toBe('slimreq: no problems found\n');
  });

  it('never lets a message start a new command line', () => {
    const out = renderGithub(result([finding({ message: 'a\n::error::injected\r\n::stop-commands::x' })]));
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].endsWith('::a%0A::error::injected%0D%0A::stop-commands::x')).toBe(true);
    expect(lines[1].startsWith('::')).toBe(false);
  });
});
