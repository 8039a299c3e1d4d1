// Meta checks over the rule registry: unique codes and names, complete docs, every rule file
// registered, and `slimreq explain` printing each rule's documentation.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import { slimreq } from '../cli/helpers.js';

const ruleFiles = (dir: string) =>
  readdirSync(new URL(`../../src/rules/${dir}/`, import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'diagnostics.ts');

describe('rule registry', () => {
  it('codes and names are unique and well-formed', () => {
    const codes = allRules.map((r) => r.code);
    const names = allRules.map((r) => r.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
    for (const r of allRules) {
      expect(r.code).toMatch(/^SR\d{3}$/);
      expect(r.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('every rule has every docs section', () => {
    for (const r of allRules) {
      for (const key of ['what', 'why', 'bad', 'good', 'fix'] as const) {
        expect(r.docs[key].trim().length, `${r.name}.docs.${key}`).toBeGreaterThan(5);
      }
    }
  });

  it('every rule file is registered, under its file name', async () => {
    const registered = new Set(allRules.map((r) => r.name));
    for (const dir of ['manifest', 'docker', 'alpine']) {
      for (const file of ruleFiles(dir)) {
        const mod = (await import(`../../src/rules/${dir}/${file}`)) as { default?: { name: string } };
        if (!mod.default) continue; // helper modules export no rule
        expect(mod.default.name, `${dir}/${file}`).toBe(file.replace(/\.ts$/, ''));
        expect(registered.has(mod.default.name), `${mod.default.name} registered`).toBe(true);
      }
    }
  });

  it('slimreq explain prints the docs for a name or a code, and fails clearly for unknown rules', () => {
    for (const r of allRules) {
      const byName = slimreq(['explain', r.name]);
      expect(byName.code).toBe(0);
      expect(byName.stdout).toContain(`${r.name} (${r.code}`);
      expect(byName.stdout).toContain('Why is this bad?');
      expect(byName.stdout).toContain(r.docs.fix.split('\n')[0]);
    }
    expect(slimreq(['explain', 'sr101']).stdout).toContain('dev-tool-in-production (SR101');
    const unknown = slimreq(['explain', 'no-such-rule']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "no-such-rule"');
  });
});
