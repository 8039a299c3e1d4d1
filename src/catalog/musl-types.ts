// The contract of data/musl-wheels.json (the Alpine/musl catalog) as seen from code.
// Consumers: the alpine evaluator, the alpine-source-build rule, the Dockerfile generator.

export type Arch = 'x86_64' | 'aarch64';

/** Whether a package ships compiled code. 'optional': a compiled speed-up with a pure-Python fallback. */
export type Compiled = 'yes' | 'optional' | 'no';

export interface MuslArchInfo {
  /** First release (PEP 440 version) that has a musllinux wheel for this arch, or null when none yet. */
  since: string | null;
  /**
   * Releases at or after `since` that lack musllinux wheels for this arch (dropped or uploaded late
   * is not a gap once uploaded): PEP 440 specifier sets, e.g. ['==6.0'] or ['>=2.0,<2.1'].
   */
  gaps?: string[];
  /** Python versions the musl wheels of the latest release cover when not all of them, e.g. 'cp39-cp312 only'. */
  note?: string;
  /** URLs backing `since`/`gaps`. */
  sources: string[];
}

export interface MuslEntry {
  /** PEP 503 normalized name (the key in the JSON). */
  key: string;
  compiled: Compiled;
  /** A source distribution exists on the index, so pip can at least try to build. */
  sdist: boolean;
  /** A py3-none-any wheel exists (installs anywhere even if compiled parts are optional). */
  pureWheel?: boolean;
  musllinux: Record<Arch, MuslArchInfo>;
  /** Debian/Ubuntu packages needed to compile from source (builder stage). */
  apt: string[];
  /** Alpine packages needed to compile from source. */
  apk: string[];
  /** Debian runtime libraries the final slim stage needs (e.g. libpq5). */
  aptRuntime: string[];
  /** Alpine runtime libraries. */
  apkRuntime: string[];
  /** Extras that pull further compiled packages: extra name -> normalized package names. */
  extras?: Record<string, string[]>;
  /**
   * Extras (keys of `extras`) whose packages are released in lockstep with this one and pinned to its
   * exact version (psycopg[binary]==3.0.1 requires psycopg-binary==3.0.1): the evaluator judges them
   * with the parent's specifier instead of "any release".
   */
  extrasLockstep?: string[];
  /**
   * CPython version ('3.12') -> first release with wheels for it. A release older than that has no
   * wheel for that Python (nor for later ones), whatever `musllinux.*.since` says, so pip compiles it.
   * Only for packages that build per-Python wheels; abi3 wheels cover later versions and need none.
   * Where a source says musllinux wheels for that Python came later than the others, the later release.
   */
  pythonSince?: Record<string, string>;
  /** URLs backing `pythonSince` (release notes, changelogs). Required with `pythonSince`. */
  pythonSinceSources?: string[];
  /** A binary-wheel sibling to suggest (psycopg2 -> psycopg2-binary). */
  alternative?: string;
  rationale: string;
  sources: string[];
  /** ISO date the facts were last checked. */
  reviewed: string;
}
