// Answers from the generated, Debian-derived part of the musl catalog (data/musl-debian.json). They rank
// below the hand-curated catalog and above `--online`: an Architecture: all package is pure Python, so
// it installs on musl; a package compiled in Debian answers nothing (Debian may build an optional
// accelerator that PyPI ships with a pure fallback, or PyPI may have musllinux wheels), so it stays
// unknown and only says what Debian knows.
import type { DebianEntry } from '../catalog/musl-debian.js';

/** Which source answered for a package: a lock's wheel list, the curated catalog, Debian's archive, the index. */
export type AlpineEvidence = 'lock' | 'catalog' | 'debian' | 'index';

/** 'python3-pyotp 2.6.0-3, Architecture: all': the `evidence` string without its 'debian: ' prefix. */
export function debianFact(entry: DebianEntry): string {
  return entry.evidence.replace(/^debian:\s*/, '');
}

/** The advice for a package Debian's archive shows as pure Python. */
export function debianPureAdvice(entry: DebianEntry): string {
  const libs = entry.libraries?.length
    ? `; it loads shared libraries at run time (Debian: ${entry.libraries.join(' ')}): install Alpine's equivalents`
    : '';
  return `pure Python per Debian's archive (${debianFact(entry)}): installs anywhere${libs}`;
}

/** The advice for a package Debian compiles, which stays unknown without --online. */
export function debianCompiledAdvice(entry: DebianEntry): string {
  return `compiled in Debian (${debianFact(entry)}), which does not say whether musllinux wheels exist: run with --online to ask the package index`;
}
