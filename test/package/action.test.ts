// The GitHub Action (action.yml): its inputs are wired to scripts/action.sh, and that script, run here
// with the same variables the action sets, audits as documented.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, repoRoot } from '../cli/helpers.js';

const actionYml = readFileSync(join(repoRoot, 'action.yml'), 'utf8');

function declaredInputs(yml: string): string[] {
  const block = /^inputs:\n((?: {2}.*\n|\n)+)/m.exec(yml)![1];
  return [...block.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
}

function runAction(env: Record<string, string>, cwd: string) {
  const r = spawnSync('bash', [join(repoRoot, 'scripts/action.sh')], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SLIMREQ_ACTION_PATH: repoRoot, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('action.yml', () => {
  it('is a composite action whose every input reaches the audit step, and nothing else is read', () => {
    expect(actionYml).toMatch(/^runs:\n {2}using: composite$/m);
    const inputs = declaredInputs(actionYml);
    expect(inputs).toEqual(['path', 'format', 'fail-on', 'config', 'sarif-file']);
    const used = [...actionYml.matchAll(/\$\{\{ inputs\.([a-z-]+) \}\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(inputs));
    for (const input of inputs) {
      const variable = `SLIMREQ_INPUT_${input.toUpperCase().replace(/-/g, '_')}`;
      expect(actionYml).toContain(`${variable}: \${{ inputs.${input} }}`);
      expect(readFileSync(join(repoRoot, 'scripts/action.sh'), 'utf8')).toContain(variable);
    }
  });
});

describe('scripts/action.sh (the action audit step)', () => {
  const files = { 'requirements.txt': 'flask==3.0.3\npytest==8.3.2\n' };

  it('format github: annotations, and the step fails on a warning', () => {
    const root = project(files);
    const r = runAction({ SLIMREQ_INPUT_PATH: '.', SLIMREQ_INPUT_FORMAT: 'github' }, root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::warning file=requirements.txt,line=2,col=1,title=SR101 dev-tool-in-production::');
  });

  it('fail-on never keeps the step green; config is passed on', () => {
    const root = project({ ...files, 'ci.toml': 'ignore = ["SR101"]\n' });
    expect(runAction({ SLIMREQ_INPUT_FAIL_ON: 'never' }, root).code).toBe(0);
    const configured = runAction({ SLIMREQ_INPUT_CONFIG: 'ci.toml' }, root);
    expect(configured.stderr).toBe('');
    expect(configured.code).toBe(0);
    expect(configured.stdout).not.toContain('SR101');
  });

  it('format sarif: writes the file and sets the step output', () => {
    const root = project(files);
    const outputs = join(root, 'github-output.txt');
    writeFileSync(outputs, '');
    const r = runAction({ SLIMREQ_INPUT_FORMAT: 'sarif', SLIMREQ_INPUT_SARIF_FILE: 'out/report.sarif', SLIMREQ_INPUT_FAIL_ON: 'never', GITHUB_OUTPUT: outputs }, root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sarif = JSON.parse(readFileSync(join(root, 'out/report.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].ruleId).toBe('SR101');
    expect(readFileSync(outputs, 'utf8')).toBe('sarif-file=out/report.sarif\n');
  });

  it('an unknown format is exit 2 with a message', () => {
    const r = runAction({ SLIMREQ_INPUT_FORMAT: 'yaml' }, project(files));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('format must be github or sarif');
  });
});
