import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../src/rules/index.js';
import { rulesTable } from '../src/report/rules-table.js';

describe('README', () => {
  it('lists every registered rule (regenerate with `npm run docs`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- rules:start -->') + '<!-- rules:start -->'.length + 1, readme.indexOf('<!-- rules:end -->'));
    expect(section).toBe(rulesTable(allRules));
  });

  it('documents every command', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const cmd of ['audit', 'split', 'export', 'alpine', 'fix dockerignore', 'dockerfile', 'explain', 'rules', 'catalog']) {
      expect(readme, cmd).toContain(`slimreq ${cmd}`);
    }
  });
});

describe('library API', () => {
  it('exports the pipeline, parsers, emitters and reporters without printing', async () => {
    const api = await import('../src/index.js');
    for (const name of ['audit', 'loadProject', 'parseRequirements', 'parsePyproject', 'parseDockerfile', 'planSplit', 'splitPyproject', 'exportRequirements', 'evaluateAlpine', 'generateDockerfile', 'renderSarif', 'renderJson']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
    const result = api.audit(new URL('../fixtures/webapp', import.meta.url).pathname);
    expect(result.findings.some((f) => f.rule === 'dev-tool-in-production')).toBe(true);
  });
});
