// Loads data/musl-debian.json on first use: the part of the musl catalog generated from Debian's archive
// by scripts/gen-musl-debian.js. Its shape is checked by test/catalog/musl-debian.test.ts, not here.
import { readFileSync } from 'node:fs';
import { normalizeName } from './names.js';

/** What a Debian python3-* binary package proves about a PyPI distribution. */
export interface DebianEntry {
  /** PEP 503 normalized PyPI name (the key in the JSON). */
  key: string;
  /**
   * 'pure': Architecture: all, and no package of the same source ships a Python extension module;
   * 'compiled': compiled in Debian, which says nothing about musllinux wheels or a pure fallback.
   */
  kind: 'pure' | 'compiled';
  /** Binary package, e.g. python3-pyotp. */
  debian: string;
  /** Debian version, e.g. 2.6.0-3. */
  version: string;
  upstreamVersion: string | null;
  architecture: string;
  source: string;
  /** How the PyPI name was tied to the package: dist-info/egg-info, binary-name, source-name, homepage, … */
  mappedBy: string[];
  /** The architecture-specific package of the same source that holds the compiled part. */
  compiledIn?: string;
  /** Shared libraries (Debian names) an Architecture: all package loads at run time (ctypes, cffi). */
  libraries?: string[];
  /** 'debian: python3-pyotp 2.6.0-3, Architecture: all' */
  evidence: string;
}

interface DebianFile {
  generated: { distribution: string };
  packages: Record<string, Omit<DebianEntry, 'key'>>;
}

const DATA_URL = new URL('../../data/musl-debian.json', import.meta.url);

let loaded: DebianFile | null = null;

function load(): DebianFile {
  loaded ??= JSON.parse(readFileSync(DATA_URL, 'utf8')) as DebianFile;
  return loaded;
}

/** The generated entry for a distribution name (any spelling), or null when Debian's archive says nothing. */
export function lookupDebian(name: string): DebianEntry | null {
  const key = normalizeName(name);
  const raw = load().packages[key];
  return raw ? { key, ...raw } : null;
}

/** 'Debian 12.15 (bookworm)': the release the generated entries come from. */
export function debianDistribution(): string {
  return load().generated.distribution;
}
