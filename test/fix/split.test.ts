import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DevTool } from '../../src/catalog/devtools.js';
import { planSplit, type SplitInput, type SplitPlan } from '../../src/fix/split.js';

// A fixed catalog, so these expectations do not move when data/ is edited.
const TOOLS: Record<string, [string, 'always' | 'usually']> = {
  pytest: ['test-runner', 'always'],
  'pytest-cov': ['test-plugin', 'always'],
  'pytest-django': ['test-plugin', 'always'],
  black: ['formatter', 'always'],
  mypy: ['type-checker', 'always'],
  'types-requests': ['type-stubs', 'always'],
  ipython: ['repl', 'usually'],
};
export function decide(key: string): DevTool | null {
  const entry = TOOLS[key];
  return entry ? { match: key, category: entry[0], certainty: entry[1], rationale: 'test catalog', sources: [] } : null;
}

function plan(content: string, over: Partial<SplitInput> = {}): SplitPlan {
  return planSplit({
    content,
    devContent: null,
    fileName: 'requirements.txt',
    devFileName: 'requirements-dev.txt',
    link: 'requirement',
    include: 'always',
    keep: [],
    move: [],
    decide,
    ...over,
  });
}

function rules(p: SplitPlan): string[] {
  return p.diagnostics.map((d) => d.rule);
}

/** Planning again on the outputs changes nothing. */
function expectIdempotent(p: SplitPlan, over: Partial<SplitInput> = {}): void {
  const again = plan(p.prod, { ...over, devContent: p.dev === '' ? null : p.dev });
  expect(again.moved).toEqual([]);
  expect(again.unchanged).toBe(true);
  expect(again.prod).toBe(p.prod);
  expect(again.dev).toBe(p.dev === '' ? '' : p.dev);
}

describe('planSplit: what moves', () => {
  it('moves an always dev tool and links the new dev file to the production file', () => {
    const p = plan('flask==3.0.3\npytest==8.3.2\nrequests\n');
    expect(p.prod).toBe('flask==3.0.3\nrequests\n');
    expect(p.dev).toBe('-r requirements.txt\n\npytest==8.3.2\n');
    expect(p.moved).toEqual([{ name: 'pytest', key: 'pytest', line: 2, reason: 'test runner (catalog: pytest)', certainty: 'always' }]);
    expect(p.unchanged).toBe(false);
    expect(p.diagnostics).toEqual([]);
    expectIdempotent(p);
  });

  it('changes nothing when there is nothing to move', () => {
    const content = '# app\nflask==3.0.3\n';
    const p = plan(content);
    expect(p).toMatchObject({ prod: content, dev: '', moved: [], unchanged: true });
  });

  it('leaves usually tools for review unless include is usually', () => {
    const content = 'flask\nipython==8.26.0\n';
    const p = plan(content);
    expect(p.unchanged).toBe(true);
    expect(p.prod).toBe(content);
    expect(p.review).toEqual([
      { name: 'ipython', key: 'ipython', line: 2, reason: expect.stringContaining('--move ipython') },
    ]);
    const q = plan(content, { include: 'usually' });
    expect(q.prod).toBe('flask\n');
    expect(q.dev).toBe('-r requirements.txt\n\nipython==8.26.0\n');
    expect(q.moved[0]).toMatchObject({ key: 'ipython', certainty: 'usually' });
    expect(q.review).toEqual([]);
  });

  it('never moves --keep names and always moves --move names (PEP 503 normalized)', () => {
    const p = plan('Flask_Login==0.6\npytest\nblack\n', { keep: ['PyTest'], move: ['flask.login'] });
    expect(p.prod).toBe('pytest\n');
    expect(p.dev).toBe('-r requirements.txt\n\nFlask_Login==0.6\nblack\n');
    expect(p.moved.map((m) => [m.key, m.reason])).toEqual([
      ['flask-login', 'named by --move'],
      ['black', 'formatter (catalog: black)'],
    ]);
  });

  it('names the catalog category as a noun in each reason', () => {
    const p = plan('pytest\ntypes-requests\nmypy\nipython\n');
    expect(p.moved.map((m) => `${m.name}: ${m.reason}`)).toEqual([
      'pytest: test runner (catalog: pytest)',
      'types-requests: type stubs (catalog: types-requests)',
      'mypy: type checker (catalog: mypy)',
    ]);
    expect(p.review.map((r) => `${r.name}: ${r.reason}`)).toEqual([
      'ipython: usually a development tool (repl), sometimes needed at run time; move it with --move ipython or --include usually',
    ]);
  });

  it('keeps a requirement suppressed with # slimreq: ignore[dev-tool-in-production]', () => {
    const content = 'pytest==8.3.2  # slimreq: ignore[dev-tool-in-production]\nblack\n';
    const p = plan(content);
    expect(p.prod).toBe('pytest==8.3.2  # slimreq: ignore[dev-tool-in-production]\n');
    expect(p.dev).toBe('-r requirements.txt\n\nblack\n');
  });

  it('reports --keep/--move names that are not in the file', () => {
    const p = plan('pytest\n', { keep: ['nose'] });
    expect(p.diagnostics).toEqual([{ rule: 'split-unknown-name', line: 1, column: 1, message: 'nose is not a requirement in requirements.txt' }]);
  });
});

describe('planSplit: bytes kept', () => {
  it('keeps CRLF line endings in both files', () => {
    const p = plan('flask\r\npytest\r\nrequests\r\n');
    expect(p.prod).toBe('flask\r\nrequests\r\n');
    expect(p.dev).toBe('-r requirements.txt\r\n\r\npytest\r\n');
    expectIdempotent(p);
  });

  it('keeps a BOM in the production file and gives the new dev file one', () => {
    const p = plan('\uFEFFpytest\nflask\n');
    expect(p.prod).toBe('\uFEFFflask\n');
    expect(p.dev).toBe('\uFEFF-r requirements.txt\n\npytest\n');
    expectIdempotent(p);
  });

  it('keeps a missing final newline, whichever line ends the file', () => {
    expect(plan('flask\npytest').prod).toBe('flask');
    expect(plan('flask\npytest').dev).toBe('-r requirements.txt\n\npytest');
    expect(plan('pytest\nflask').prod).toBe('flask');
    expect(plan('flask\npytest\nrequests').prod).toBe('flask\nrequests');
    expectIdempotent(plan('flask\npytest'));
  });

  it('moves a whole continuation with its hashes, marker and inline comment', () => {
    const content = [
      'flask==3.0.3 \\',
      '    --hash=sha256:aaaa',
      'pytest==8.3.2 ; python_version >= "3.8" \\',
      '    --hash=sha256:bbbb \\',
      '    --hash=sha256:cccc  # test runner',
      'requests==2.32.3',
      '',
    ].join('\n');
    const p = plan(content);
    expect(p.prod).toBe('flask==3.0.3 \\\n    --hash=sha256:aaaa\nrequests==2.32.3\n');
    expect(p.dev).toBe(
      '-r requirements.txt\n\npytest==8.3.2 ; python_version >= "3.8" \\\n    --hash=sha256:bbbb \\\n    --hash=sha256:cccc  # test runner\n',
    );
    expect(p.moved[0].line).toBe(3);
    expectIdempotent(p);
  });

  it('keeps global options, -r/-c/-e lines, blank lines and other comments in place', () => {
    const content = [
      '--index-url https://pypi.example/simple',
      '--extra-index-url https://mirror.example/simple',
      '-r base.txt',
      '-c constraints.txt',
      '',
      '-e .',
      '# pinned for CVE-2024-0001',
      'flask==3.0.3',
      'pytest',
      '',
    ].join('\n');
    const p = plan(content);
    expect(p.prod).toBe(content.replace('pytest\n', ''));
    expect(p.dev).toBe('-r requirements.txt\n\npytest\n');
  });
});

describe('planSplit: comment blocks', () => {
  it('takes the block above a run that moves entirely, leaves one above a mixed run', () => {
    const content = ['# web', 'flask', '', '# testing', 'pytest', 'pytest-cov', '', '# tools', 'black', 'requests', ''].join('\n');
    const p = plan(content);
    // The blank line that opened the moved section goes with it; FILE keeps one gap, not two.
    expect(p.prod).toBe(['# web', 'flask', '', '# tools', 'requests', ''].join('\n'));
    expect(p.dev).toBe(['-r requirements.txt', '', '# testing', 'pytest', 'pytest-cov', 'black', ''].join('\n'));
    expectIdempotent(p);
  });

  it('takes a multi-line block directly above a single requirement', () => {
    const p = plan('flask\n# run the suite with:\n#   pytest -q\npytest\n');
    expect(p.prod).toBe('flask\n');
    expect(p.dev).toBe('-r requirements.txt\n\n# run the suite with:\n#   pytest -q\npytest\n');
  });

  it('leaves a block separated by a blank line', () => {
    const p = plan('# My service\n\npytest\nflask\n');
    expect(p.prod).toBe('# My service\n\nflask\n');
    expect(p.dev).toBe('-r requirements.txt\n\npytest\n');
  });

  it('keeps the blank line above a moved section when the section is not followed by one', () => {
    const p = plan('flask\n\n# tests\npytest\n# web\ndjango\n');
    expect(p.prod).toBe('flask\n\n# web\ndjango\n');
    expect(p.dev).toBe('-r requirements.txt\n\n# tests\npytest\n');
  });

  it('takes the blank line above a moved section at the end of the file', () => {
    const p = plan('flask\n\n# tests\npytest\n');
    expect(p.prod).toBe('flask\n');
    expect(p.dev).toBe('-r requirements.txt\n\n# tests\npytest\n');
    expectIdempotent(p);
  });

  it('treats a block at the top of the file like any other block', () => {
    const p = plan('# test tools\npytest\n\nflask\n');
    expect(p.prod).toBe('\nflask\n');
    expect(p.dev).toBe('-r requirements.txt\n\n# test tools\npytest\n');
  });
});

describe('planSplit: links and options', () => {
  const content = '--index-url https://pypi.example/simple\n--require-hashes\npytest==8 --hash=sha256:aa\nflask==3 --hash=sha256:bb\n';

  it('with link requirement, options stay in FILE and reach the dev file through -r', () => {
    const p = plan(content);
    expect(p.prod).toBe('--index-url https://pypi.example/simple\n--require-hashes\nflask==3 --hash=sha256:bb\n');
    expect(p.dev).toBe('-r requirements.txt\n\npytest==8 --hash=sha256:aa\n');
  });

  it('with link constraint, the dev file constrains by FILE', () => {
    const p = plan(content, { link: 'constraint' });
    expect(p.dev).toBe('-c requirements.txt\n\npytest==8 --hash=sha256:aa\n');
    expect(rules(p)).not.toContain('split-constraint-link');
  });

  it('with link none, copies the global options and -c lines into the dev file', () => {
    const p = plan('--index-url https://pypi.example/simple\n-c constraints.txt\n-r base.txt\n--pre\npytest\nflask\n', { link: 'none' });
    expect(p.prod).toBe('--index-url https://pypi.example/simple\n-c constraints.txt\n-r base.txt\n--pre\nflask\n');
    expect(p.dev).toBe('--index-url https://pypi.example/simple\n-c constraints.txt\n--pre\n\npytest\n');
    expectIdempotent(p, { link: 'none' });
  });

  it('with link none and the dev file elsewhere, rebases relative -c and --find-links paths', () => {
    const p = plan('--find-links ./wheels\n-c constraints.txt\npytest\n', {
      link: 'none',
      fileName: 'app/requirements.txt',
      devFileName: 'requirements-dev.txt',
    });
    expect(p.dev).toBe('--find-links app/wheels\n-c app/constraints.txt\n\npytest\n');
  });

  it('links with a path relative to the dev file', () => {
    expect(plan('pytest\n', { fileName: 'requirements/base.txt', devFileName: 'requirements/dev.txt' }).dev).toBe('-r base.txt\n\npytest\n');
    expect(plan('pytest\n', { fileName: 'app/requirements.txt', devFileName: 'requirements-dev.txt' }).dev).toBe('-r app/requirements.txt\n\npytest\n');
    expect(plan('pytest\n', { fileName: 'requirements.txt', devFileName: 'dev/requirements.txt' }).dev).toBe('-r ../requirements.txt\n\npytest\n');
  });

  it('warns when FILE holds lines pip refuses as constraints', () => {
    const p = plan('-e .\nflask[async]==3.0\npytest\n', { link: 'constraint' });
    expect(p.diagnostics.filter((d) => d.rule === 'split-constraint-link').map((d) => d.line)).toEqual([1, 2]);
  });
});

describe('planSplit: an existing dev file', () => {
  it('appends, does not add a requirement already there, and reports it', () => {
    const p = plan('flask\npytest==8.3.2\nblack\n', { devContent: '# dev\n-r requirements.txt\nipython\npytest==8.3.2\n' });
    expect(p.prod).toBe('flask\n');
    expect(p.dev).toBe('# dev\n-r requirements.txt\nipython\npytest==8.3.2\n\nblack\n');
    expect(p.diagnostics).toEqual([
      {
        rule: 'split-duplicate',
        line: 2,
        column: 1,
        message: 'requirements.txt:2: pytest is already in requirements-dev.txt:4 as written; removed from requirements.txt, not added again',
      },
    ]);
    expect(p.moved.map((m) => m.key)).toEqual(['pytest', 'black']);
    expectIdempotent(p);
  });

  it('leaves a requirement in place when the dev file pins it differently', () => {
    const p = plan('flask\npytest==8.3.2\nblack\n', { devContent: '-r requirements.txt\npytest==7.4.0\n' });
    expect(p.prod).toBe('flask\npytest==8.3.2\n');
    expect(p.dev).toBe('-r requirements.txt\npytest==7.4.0\n\nblack\n');
    expect(rules(p)).toEqual(['split-conflict']);
  });

  it('adds the link on top when the dev file has none, keeps its own line endings and final newline', () => {
    const p = plan('flask\npytest\n', { devContent: 'ipython\r\nblack' });
    expect(p.dev).toBe('-r requirements.txt\r\n\r\nipython\r\nblack\r\n\r\npytest');
    expectIdempotent(p);
  });

  it('recognizes an existing -c link to FILE and adds no other', () => {
    const p = plan('flask\npytest\n', { devContent: '-c ./requirements.txt\n' });
    expect(p.dev).toBe('-c ./requirements.txt\n\npytest\n');
  });

  it('treats an empty dev file like a new one', () => {
    expect(plan('pytest\n', { devContent: '' }).dev).toBe('-r requirements.txt\n\npytest\n');
  });
});

describe('planSplit: safety', () => {
  it('never moves unparseable lines and reports them with file:line', () => {
    const p = plan('flask\n--no-such-option\npytest\n');
    expect(p.prod).toBe('flask\n--no-such-option\n');
    const unparseable = p.diagnostics.filter((d) => d.rule === 'split-unparseable-line');
    expect(unparseable).toHaveLength(1);
    expect(unparseable[0].line).toBe(2);
    expect(unparseable[0].message).toMatch(/^requirements\.txt:2: .*; left in place$/);
  });

  it('refuses to split into the file itself', () => {
    const p = plan('pytest\n', { devFileName: './requirements.txt' });
    expect(p).toMatchObject({ prod: 'pytest\n', unchanged: true });
    expect(rules(p)).toEqual(['split-same-file']);
  });

  it('warns when FILE includes the dev file', () => {
    const p = plan('-r requirements-dev.txt\nflask\npytest\n');
    expect(rules(p)).toContain('split-prod-includes-dev');
  });

  it('returns the original unchanged when the result would not parse back the same', () => {
    // The dev file ends inside a continuation: appended lines would be swallowed by it.
    const p = plan('flask\npytest\n', { devContent: 'ipython \\' });
    expect(p.unchanged).toBe(true);
    expect(p.prod).toBe('flask\npytest\n');
    expect(p.dev).toBe('ipython \\');
    expect(rules(p)).toContain('split-verification-failed');
  });
});

describe('planSplit: the split-demo fixture', () => {
  it('splits the demo requirements file', () => {
    const content = readFileSync(new URL('../../fixtures/split-demo/requirements.txt', import.meta.url), 'utf8');
    const p = plan(content);
    expect(p.moved.map((m) => [m.key, m.line])).toEqual([
      ['pytest', 16],
      ['pytest-cov', 17],
      ['black', 20],
      ['mypy', 21],
      ['types-requests', 22],
    ]);
    expect(p.review.map((r) => r.key)).toEqual(['ipython']);
    expect(p.prod).not.toMatch(/pytest|black|mypy|types-requests/);
    expect(p.prod).toContain('# Web\nflask==3.0.3 \\\n');
    expect(p.prod).toContain('\nipython==8.26.0  # handy in `flask shell`\npython-dotenv==1.0.1\n');
    expect(p.dev).toMatch(/^-r requirements\.txt\n\n# Tests\npytest==8\.3\.2\npytest-cov==5\.0\.0\n\n# Code quality\nblack==24\.8\.0  # formatter, CI runs it\nmypy==1\.11\.1\ntypes-requests==2\.32\.0\.20240712 \\\n    --hash=sha256:[0-9a-f]{64}\n$/);
    expectIdempotent(p);
  });
});

// pip 23.2.1 follows -r/-c with no guard against loops: two files that include each other make it
// fail with RecursionError (checked with pip itself in split.oracle.test.ts).
describe('planSplit: include loops', () => {
  const files: Record<string, string> = {};
  const readFile = (path: string): string | null => files[path] ?? null;

  it('adds no link back to FILE when FILE includes the dev file (issue 17 item 1)', () => {
    for (const flag of ['-r', '-c'] as const) {
      const p = plan(`${flag} requirements-dev.txt\nflask\npytest\n`, { devContent: 'black\n', readFile, link: flag === '-r' ? 'requirement' : 'constraint' });
      expect(p.prod).toBe(`${flag} requirements-dev.txt\nflask\n`);
      expect(p.dev).toBe('black\n\npytest\n');
      expect(rules(p)).toEqual(['split-prod-includes-dev', 'split-link-skipped']);
    }
  });

  it('adds no link when FILE reaches the dev file through another file, nor when the dev file is new', () => {
    files['common.txt'] = '-r requirements-dev.txt\nsix\n';
    const p = plan('-r common.txt\nflask\npytest\n', { readFile });
    expect(p.dev).toBe('pytest\n');
    expect(rules(p)).toEqual(['split-prod-includes-dev', 'split-link-skipped']);
    expect(p.diagnostics[0].message).toContain('includes common.txt, which includes requirements-dev.txt');
    const direct = plan('-r requirements-dev.txt\nflask\npytest\n');
    expect(direct.dev).toBe('pytest\n');
  });

  it('with link none, does not copy a -c line whose file reads the dev file', () => {
    files['pins.txt'] = '-c requirements-dev.txt\n';
    const p = plan('-c pins.txt\n-c other.txt\nflask\npytest\n', { readFile, link: 'none' });
    expect(p.dev).toBe('-c other.txt\n\npytest\n');
  });

  it('refuses files that already include each other, naming the loop', () => {
    const p = plan('-r requirements-dev.txt\nflask\npytest\n', { devContent: '-r requirements.txt\nblack\n', readFile });
    expect(p).toMatchObject({ unchanged: true, prod: '-r requirements-dev.txt\nflask\npytest\n', dev: '-r requirements.txt\nblack\n' });
    expect(rules(p)).toEqual(['split-include-loop']);
    expect(p.diagnostics[0].message).toContain('requirements.txt -> requirements-dev.txt -> requirements.txt');
    files['a.txt'] = '-c b.txt\n';
    files['b.txt'] = '-r a.txt\n';
    expect(rules(plan('-r a.txt\npytest\n', { readFile }))).toEqual(['split-include-loop']);
  });

  it('counts a link to FILE through another file as a link', () => {
    files['dev-base.txt'] = '-r requirements.txt\n';
    const p = plan('flask\npytest\n', { devContent: '-r dev-base.txt\nblack\n', readFile });
    expect(rules(p)).toEqual([]);
    expect(p.dev).toBe('-r dev-base.txt\nblack\n\npytest\n');
  });
});
