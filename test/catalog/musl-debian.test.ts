// data/musl-debian.json, the part of the musl catalog generated from Debian's archive by
// scripts/gen-musl-debian.js: its shape, its order, its evidence, and agreement with the curated part.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

interface Entry {
  kind: 'pure' | 'compiled';
  debian: string;
  version: string;
  architecture: string;
  compiledIn?: string;
  evidence: string;
}

const raw = JSON.parse(readFileSync(new URL('../../data/musl-debian.json', import.meta.url), 'utf8')) as {
  $schema: string;
  generated: { distribution: string; packages: { date: string }[] };
  packages: Record<string, Entry>;
};
const schema = JSON.parse(readFileSync(new URL('../../data/musl-debian.schema.json', import.meta.url), 'utf8')) as object;
const curated = (JSON.parse(readFileSync(new URL('../../data/musl-wheels.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { compiled: string }>;
}).packages;

describe('data/musl-debian.json', () => {
  it('validates against its schema and records its inputs', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    validate(raw);
    expect(validate.errors ?? []).toEqual([]);
    expect(raw.$schema).toBe('./musl-debian.schema.json');
    expect(raw.generated.distribution).toMatch(/^Debian \d+(\.\d+)? \([a-z]+\)$/);
    for (const suite of raw.generated.packages) expect(Number.isNaN(Date.parse(suite.date)), suite.date).toBe(false);
  });

  it('keys are PEP 503 names in code-point order', () => {
    const keys = Object.keys(raw.packages);
    expect(keys.length).toBeGreaterThan(1000);
    expect(keys).toEqual([...keys].sort());
    for (const key of keys) expect(key.replace(/[-_.]+/g, '-').toLowerCase()).toBe(key);
  });

  it('every entry carries its evidence, consistent with its fields', () => {
    for (const [key, e] of Object.entries(raw.packages)) {
      expect(e.evidence.startsWith(`debian: ${e.debian} ${e.version}, Architecture: ${e.architecture}`), key).toBe(true);
      if (e.kind === 'pure') {
        expect(e.architecture, key).toBe('all');
        expect(e.compiledIn, key).toBeUndefined();
      } else {
        expect(e.architecture !== 'all' || e.compiledIn !== undefined, key).toBe(true);
      }
    }
  });

  it('no entry contradicts the curated catalog', () => {
    for (const [key, e] of Object.entries(raw.packages)) {
      const hand = curated[key];
      if (!hand) continue;
      expect(hand.compiled === 'no', `${key}: curated compiled ${hand.compiled}, ${e.evidence}`).toBe(e.kind === 'pure');
    }
  });
});
