// Loads data/musl-wheels.json on first use. The bundled file is trusted here; its shape is checked by
// test/catalog/musl.test.ts, so start-up pays for one JSON.parse and nothing else.
import { readFileSync } from 'node:fs';
import type { MuslEntry } from './musl-types.js';

interface RawEntry extends Omit<MuslEntry, 'key'> {}

interface MuslCatalogFile {
  description: string;
  reviewed: string;
  packages: Record<string, RawEntry>;
}

const CATALOG_URL = new URL('../../data/musl-wheels.json', import.meta.url);

let loaded: { file: MuslCatalogFile; entries: Map<string, MuslEntry> } | null = null;

function load(): { file: MuslCatalogFile; entries: Map<string, MuslEntry> } {
  if (loaded) return loaded;
  const file = JSON.parse(readFileSync(CATALOG_URL, 'utf8')) as MuslCatalogFile;
  const entries = new Map<string, MuslEntry>();
  for (const [key, raw] of Object.entries(file.packages)) {
    entries.set(key, Object.freeze({ key, ...raw }) as MuslEntry);
  }
  loaded = { file, entries };
  return loaded;
}

// PEP 503: runs of '-', '_' and '.' become one '-', lower-cased.
function normalize(name: string): string {
  return name.trim().replace(/[-_.]+/g, '-').toLowerCase();
}

/** The catalog entry for a distribution name (any spelling pip accepts), or null when not catalogued. */
export function lookupMusl(key: string): MuslEntry | null {
  return load().entries.get(normalize(key)) ?? null;
}

/** Every entry, sorted by key. */
export function muslEntries(): MuslEntry[] {
  return [...load().entries.values()];
}

/** ISO date on which the catalog as a whole was last reviewed. */
export function muslCatalogReviewed(): string {
  return load().file.reviewed;
}

