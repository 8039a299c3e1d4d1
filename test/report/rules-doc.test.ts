import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../../src/model.js';
import { RULES_DOC_REGENERATE, fence, renderRuleSections, renderRulesDoc } from '../../src/report/rules-doc.js';

const RULES: RuleMeta[] = [
  {
    code: 'SR201',
    name: 'musl-source-build',
    severity: 'warning',
    docs: {
      what: 'Reports a package that has no musllinux wheel.',
      why: 'pip compiles it from source on Alpine.',
      bad: 'FROM python:3.12-alpine\nRUN pip install pandas==1.5.3',
      good: 'FROM python:3.12-slim\nRUN pip install pandas==1.5.3',
      fix: 'Use a glibc base image, or a version with musllinux wheels.',
      references: ['https://peps.python.org/pep-0656/', 'https://wiki.alpinelinux.org/wiki/Python'],
    },
  },
  {
    code: 'SR101',
    name: 'dev-tool-in-production',
    severity: 'error',
    docs: {
      what: 'Reports `pytest` and friends in production.',
      why: 'They bloat the image.',
      bad: 'echo ```not a fence```\n````',
      good: 'flask',
      fix: 'Move them to requirements-dev.txt.',
    },
  },
];

/** GitHub's heading anchor: lowercase, punctuation other than '-' and '_' dropped, spaces to '-'. */
function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('renderRulesDoc', () => {
  const doc = renderRulesDoc(RULES);

  it('lists every rule in code order in a table linking to its anchor', () => {
    expect(doc.startsWith('# Rules\n')).toBe(true);
    expect(doc).toContain(
      [
        '| Code | Name | Default severity |',
        '| --- | --- | --- |',
        '| SR101 | [dev-tool-in-production](#dev-tool-in-production) | error |',
        '| SR201 | [musl-source-build](#musl-source-build) | warning |',
      ].join('\n'),
    );
    expect(doc.indexOf('## dev-tool-in-production')).toBeLessThan(doc.indexOf('## musl-source-build'));
    expect(doc.endsWith('\n')).toBe(true);
    expect(doc.endsWith('\n\n')).toBe(false);
  });

  it('gives each rule a heading whose anchor is its name, with every section in order', () => {
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['dev-tool-in-production', 'musl-source-build']);
    expect(headings.map(githubSlug)).toEqual(headings);
    expect(doc).toContain(
      [
        '## musl-source-build',
        '',
        'Code: `SR201` · Default severity: warning',
        '',
        '### What it does',
        '',
        'Reports a package that has no musllinux wheel.',
        '',
        '### Why is this bad?',
        '',
        'pip compiles it from source on Alpine.',
        '',
        '### Example',
        '',
        '```',
        'FROM python:3.12-alpine',
        'RUN pip install pandas==1.5.3',
        '```',
        '',
        '### Use instead',
        '',
        '```',
        'FROM python:3.12-slim',
        'RUN pip install pandas==1.5.3',
        '```',
        '',
        '### How to fix',
        '',
        'Use a glibc base image, or a version with musllinux wheels.',
        '',
        '### References',
        '',
        '- <https://peps.python.org/pep-0656/>',
        '- <https://wiki.alpinelinux.org/wiki/Python>',
        '',
      ].join('\n'),
    );
  });

  it('leaves out References when a rule has none', () => {
    const section = renderRuleSections(RULES[1], 3);
    expect(section).not.toContain('References');
    expect(section.split('\n').filter((l) => l.startsWith('### '))).toEqual([
      '### What it does',
      '### Why is this bad?',
      '### Example',
      '### Use instead',
      '### How to fix',
    ]);
  });

  it('fences examples so backticks inside cannot close the block', () => {
    expect(fence('a ``` b\n````')).toBe('`````\na ``` b\n````\n`````');
    expect(fence('plain\r\nlines\n\n')).toBe('```\nplain\nlines\n```');
    expect(doc).toContain('### Example\n\n`````\necho ```not a fence```\n````\n`````');
  });

  it('is stable: the same rules in any order give the same page', () => {
    expect(renderRulesDoc([...RULES].reverse())).toBe(doc);
  });
});

describe('docs/rules.md', () => {
  const registryPath = fileURLToPath(new URL('../../src/rules/index.ts', import.meta.url));
  const docPath = fileURLToPath(new URL('../../docs/rules.md', import.meta.url));

  it('is generated from the current rule registry', async () => {
    if (!existsSync(registryPath)) {
      throw new Error(
        'src/rules/index.ts (the rule registry exporting `allRules`) does not exist, so docs/rules.md cannot be ' +
          `checked. Once it exists, generate the page with:\n  ${RULES_DOC_REGENERATE}`,
      );
    }
    const registry = '../../src/rules/index.js';
    const { allRules } = (await import(/* @vite-ignore */ registry)) as { allRules: RuleMeta[] };
    expect(allRules.length).toBeGreaterThan(0);
    const expected = renderRulesDoc(allRules);
    const actual = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '(docs/rules.md is missing)';
    expect(actual, `docs/rules.md is out of date; regenerate it with:\n  ${RULES_DOC_REGENERATE}\n`).toBe(expected);
  });

  it('documents every registered rule under an anchor equal to its name', async () => {
    if (!existsSync(registryPath)) throw new Error('src/rules/index.ts does not exist yet');
    const registry = '../../src/rules/index.js';
    const { allRules } = (await import(/* @vite-ignore */ registry)) as { allRules: RuleMeta[] };
    const doc = renderRulesDoc(allRules);
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings.map(githubSlug)).toEqual(headings);
    expect([...headings].sort()).toEqual(allRules.map((r) => r.name).sort());
    expect(new Set(headings).size).toBe(headings.length);
  });
});
