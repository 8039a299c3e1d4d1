// Differential test: pip 23.2.1's own parser (test/oracle/pip_parse.py) against parseRequirements()
// on the corpus in test/oracle/cases.json (cases from pip's and packaging's test suites plus every
// construct the reader supports). For each case: pip accepts <=> we report no diagnostics, and for
// accepted cases the requirements agree field by field (see compareCase for the exact comparison).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareCase, oracleUnavailable, readCase, runOracle, type OracleCase, type PipResult } from '../oracle/oracle.js';

const cases = JSON.parse(readFileSync(new URL('../oracle/cases.json', import.meta.url), 'utf8')) as OracleCase[];
const unavailable = oracleUnavailable();
if (unavailable) console.warn(`requirements oracle test skipped: ${unavailable}`);

describe.skipIf(unavailable !== null)('parseRequirements agrees with pip 23.2.1', () => {
  let pip: PipResult[] = [];
  beforeAll(() => {
    pip = runOracle(cases);
  });

  it('has a corpus of at least 80 cases with unique ids, both accepted and refused by pip', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(pip.filter((r) => r.ok).length).toBeGreaterThan(40);
    expect(pip.filter((r) => !r.ok).length).toBeGreaterThan(20);
  });

  it.each(cases.map((c, i) => [c.id, i] as const))('%s', (_id, index) => {
    expect(compareCase(readCase(cases[index]), pip[index])).toEqual([]);
  });

  it('agrees on every case', () => {
    const disagreements = cases.filter((c, i) => compareCase(readCase(c), pip[i]).length > 0).map((c) => c.id);
    console.info(`pip oracle: ${cases.length - disagreements.length}/${cases.length} cases agree`);
    expect(disagreements).toEqual([]);
  });
});
