// Would this project's production requirements install on Alpine (musl libc) from wheels, or would
// pip compile them? Answers from the musl catalog (data/musl-wheels.json) and, with `--online`, from
// the package index. Pure: the project and the lookups in, a report out.
import type { Arch, MuslArchInfo, MuslEntry } from '../catalog/musl-types.js';
import { lookupMusl } from '../catalog/musl.js';
import { normalizeName } from '../catalog/names.js';
import { compareVersions, satisfies, specifierBounds } from '../catalog/pep440.js';
import { splitImage, stageChain, type DockerfileModel } from '../parse/dockerfile.js';
import type { Project, Requirement } from '../model.js';
import { DEFAULT_PYTHON } from '../fix/dockerfile.js';
import type { OnlineEvaluation, OnlineLookup } from './online.js';
import { markerApplies } from '../parse/marker-eval.js';
import { requirementsFilesInstalled } from './installed.js';
import { lockedFilesOf, preferLockEntries } from './lock.js';
import { evaluateFromLock } from './lock-evaluate.js';
import { lookupDebian, type DebianEntry } from '../catalog/musl-debian.js';
import { debianCompiledAdvice, debianFact, debianPureAdvice, type AlpineEvidence } from './debian.js';

export type { AlpineEvidence } from './debian.js';

export type AlpineArch = Arch | 'all';
export type AlpineStatus = 'pure' | 'wheel' | 'build' | 'unavailable' | 'unknown';
export type AlpineVerdict = 'ok' | 'risky' | 'avoid';

export interface AlpinePackage {
  /** Name as written (for packages pulled by an extra: the catalog key). */
  name: string;
  key: string;
  specifier: string;
  file: string;
  line: number;
  status: AlpineStatus;
  /**
   * First release with musllinux wheels for the arch; for 'all', the later of both. When the Python
   * version is known and the catalog says when wheels for it started, the later of the two.
   */
  musllinuxSince: string | null;
  /** Alpine packages needed to install it on Alpine: build and runtime packages when pip compiles it. */
  apk: string[];
  /** The runtime libraries among `apk` (the rest are build packages); not part of the JSON output. */
  apkRuntime?: string[];
  /** Debian runtime packages the recommended -slim base needs for it. */
  apt: string[];
  advice: string;
  /** The specifier also admits older releases that have no musllinux wheels (a lock may pin one). */
  olderWithoutWheels?: boolean;
  /** The requirement that pulls the package in through an extra, e.g. 'uvicorn[standard]'. */
  via?: string;
  /**
   * Which source answered: the lock's file list, the curated musl catalog, Debian's archive (the generated
   * part of the catalog), or the package index (--online); null when none did (unknown).
   */
  evidence?: AlpineEvidence | null;
  /** What Debian's archive says when it was consulted: 'python3-pyotp 2.6.0-3, Architecture: all'. */
  debian?: string;
}

export interface AlpineReport {
  /** Judged on the packages with a known status; `unknown` says how many were left out. */
  verdict: AlpineVerdict;
  /** Packages neither the catalog nor (with --online) the index could answer for. */
  unknown: number;
  arch: AlpineArch;
  pythonVersion: string | null;
  recommendedBase: string;
  packages: AlpinePackage[];
}

export interface AlpineOptions {
  arch: AlpineArch;
  lookup?: (key: string) => MuslEntry | null;
  /**
   * The Debian-derived entries (data/musl-debian.json), asked after `lookup` and before `online`.
   * Default: the bundled ones when `lookup` is the bundled catalog too, none with a custom `lookup`.
   */
  debian?: ((key: string) => DebianEntry | null) | null;
  online?: OnlineLookup;
  /** Python version ('3.11') to assume; default: a Dockerfile's python:X.Y tag, else requires-python. */
  pythonVersion?: string | null;
  /**
   * Requirements files the image installs (repo paths, includes too): their lines win over other
   * declarations of the same package. Default: what the project's Dockerfiles install.
   */
  installs?: ReadonlySet<string>;
  /**
   * The image's build context (repo-relative folder, '' for the root): manifests outside it cannot be
   * copied into the image, so they are not its packages. Default: the whole repository.
   */
  contextDir?: string | null;
}

/**
 * Packages whose source build on Alpine takes long or needs a heavy toolchain (Fortran, C++, Rust,
 * large C libraries). Compiling any of them makes Alpine a poor choice rather than a slow one.
 */
export const HEAVY_BUILDS: Readonly<Record<string, string>> = {
  cryptography: 'needs a Rust toolchain',
  grpcio: 'compiles gRPC core in C++ for many minutes',
  'grpcio-tools': 'compiles gRPC and protobuf in C++',
  h5py: 'needs the HDF5 library',
  lxml: 'needs libxml2 and libxslt headers',
  matplotlib: 'C++ extensions plus freetype',
  numpy: 'C extensions and a BLAS/LAPACK to link',
  orjson: 'needs a Rust toolchain',
  pandas: 'large Cython build on top of numpy',
  'pydantic-core': 'needs a Rust toolchain',
  pyarrow: 'needs the Arrow C++ libraries',
  'scikit-learn': 'Cython and OpenMP build on top of numpy and scipy',
  scipy: 'needs Fortran, BLAS/LAPACK and a long build',
  tokenizers: 'needs a Rust toolchain',
  torch: 'no practical source build',
  tensorflow: 'no practical source build',
};

const STATUS_RANK: Record<AlpineStatus, number> = { pure: 0, wheel: 1, unknown: 2, build: 3, unavailable: 4 };

/** What the image is: its Python, its architecture, and the requirements files it installs. */
interface Target {
  pythonVersion: string | null;
  arch: AlpineArch;
  /** Requirements files the image installs (with their includes); empty when no Dockerfile says. */
  installs: ReadonlySet<string>;
  /** The image's build context; null when the evaluation is for the repository as a whole. */
  contextDir: string | null;
}

/**
 * Does the image install this requirement, by its marker? Evaluated for Linux, the image's Python and
 * the architecture (one PEP 508 evaluator for every command); a marker that depends on something the
 * image does not fix counts as installed. A requirement of an extra is evaluated with that extra.
 */
function appliesTo(req: Requirement, target: Target): boolean {
  const extra = req.origin === 'optional-dependencies' || req.origin === 'setup-cfg' ? (req.groupName ?? '') : '';
  return markerApplies(req.marker, { pythonVersion: target.pythonVersion, machine: target.arch === 'all' ? null : target.arch, extra }) !== false;
}

function signature(req: Requirement): string {
  return JSON.stringify([req.key, req.specifier, [...req.extras].map((e) => e.toLowerCase()).sort(), req.url]);
}

/**
 * Every production requirement the image installs, not one per name: `numpy==1.21.0 ; python_version <
 * "3.10"` and `numpy==1.26.4 ; python_version >= "3.10"` are two lines, and the marker decides which one
 * a given image gets. When a package is declared in a requirements file the image installs and also
 * elsewhere (pyproject.toml), the installed file's lines win. Identical lines count once.
 */
function productionRequirements(project: Project, target: Target, withUrls = false): Requirement[] {
  // The repository's own packages (workspace members, path dependencies) are built from its source.
  const own = new Set<string>(project.manifests.flatMap((m) => (m.projectName ? [normalizeName(m.projectName)] : [])));
  const candidates: Requirement[] = [];
  const inContext = (path: string) =>
    target.contextDir === null || target.contextDir === '' || path === target.contextDir || path.startsWith(`${target.contextDir}/`);
  const requirementsKinds = new Set(['requirements', 'constraints', 'pip-tools-in']);
  for (const manifest of project.manifests) {
    // A COPY cannot reach outside the build context: another service's manifests are not this image's.
    if (!inContext(manifest.path)) continue;
    // When the image names the requirements files it installs, other requirements files are not installed.
    if (target.contextDir !== null && target.installs.size > 0 && requirementsKinds.has(manifest.kind) && !target.installs.has(manifest.path)) continue;
    for (const req of manifest.requirements) {
      if (req.group !== 'prod' || req.constraintOnly || (req.key === '' && !withUrls) || own.has(req.key)) continue;
      if ((req.url !== null) !== withUrls || !appliesTo(req, target)) continue;
      candidates.push(req);
    }
  }
  const installedKeys = new Set(candidates.filter((r) => r.key !== '' && target.installs.has(r.file)).map((r) => r.key));
  const seen = new Set<string>();
  const out: Requirement[] = [];
  for (const req of preferLockEntries(candidates, target.installs)) {
    if (installedKeys.has(req.key) && !target.installs.has(req.file)) continue;
    const sig = signature(req);
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push(req);
  }
  return out;
}

/** The requirements files every production Dockerfile of the project installs. */
function installedByProject(project: Project): Set<string> {
  const out = new Set<string>();
  for (const model of project.dockerfiles) for (const path of requirementsFilesInstalled(project, model)) out.add(path);
  return out;
}

// ---- the Python version ----

function xy(version: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : null;
}

/** '3.11' from python:3.11-alpine, python:3.11.9-slim, python:3.11; null for python:3-alpine or others. */
export function pythonVersionOfImage(image: string): string | null {
  const { name, tag } = splitImage(image);
  if (!tag || !/(^|\/)python$/.test(name)) return null;
  return xy(tag);
}

/** The first stage of the chain the stage is built on: the image it really starts from. */
export function rootImage(model: DockerfileModel, stageIndex: number): string | null {
  const stage = model.stages[stageIndex];
  if (!stage) return null;
  const root = stageChain(model, stage)[0];
  return root && !root.unresolved ? root.resolvedImage : null;
}

/** The lower bound of requires-python ('>=3.10' -> '3.10'); Poetry's '^3.11' and '~3.11' too. */
export function pythonVersionOfRequiresPython(spec: string): string | null {
  const lower = specifierBounds(spec.replace(/\s+/g, ''))?.lower?.version;
  if (lower) return xy(lower);
  const poetry = /^\s*[\^~]\s*(\d+\.\d+)/.exec(spec);
  return poetry ? poetry[1] : null;
}

export function detectPythonVersion(project: Project): string | null {
  const dockerfiles = [...project.dockerfiles].sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  for (const model of dockerfiles) {
    if (model.finalStage < 0) continue;
    const image = rootImage(model, model.finalStage);
    const version = image ? pythonVersionOfImage(image) : null;
    if (version) return version;
  }
  for (const manifest of project.manifests) {
    const version = manifest.requiresPython ? pythonVersionOfRequiresPython(manifest.requiresPython) : null;
    if (version) return version;
  }
  return null;
}

// ---- one package, one arch ----

type Why = 'pure' | 'pure-wheel' | 'wheel' | 'no-wheels' | 'before-since' | 'before-python' | 'gap' | 'bad-specifier';

interface ArchResult {
  status: AlpineStatus;
  /** For 'all': the arches that got the reported (worst) status. */
  arches?: Arch[];
  /** The first release with usable wheels: the later of the musl `since` and the Python's first release. */
  since: string | null;
  olderWithoutWheels: boolean;
  why: Why;
  gap?: string;
  /** Set when the Python version, not musl, moved `since` later: 'before-python' names it. */
  python?: { version: string; since: string };
  /** The pinned release, for 'before-python' advice. */
  pinned?: string;
}

/**
 * The first release with wheels for CPython `python` ('3.12'), from `pythonSince`: the latest entry at
 * or below that version, since a release without wheels for 3.12 has none for 3.13 either. Null when
 * the version is unknown or the catalog has nothing for it.
 */
export function pythonSinceFor(entry: MuslEntry, python: string | null | undefined): string | null {
  if (!python || !entry.pythonSince) return null;
  let best: string | null = null;
  for (const [py, first] of Object.entries(entry.pythonSince)) {
    if (compareVersions(py, python) > 0) continue;
    if (best === null || compareVersions(first, best) > 0) best = first;
  }
  return best;
}

function inGap(version: string, info: MuslArchInfo): string | null {
  return (info.gaps ?? []).find((gap) => satisfies(version, gap, { pre: true })) ?? null;
}

/**
 * Reasoning with `since` instead of the list of releases: pip installs the newest admitted release,
 * which is the newest release overall unless an upper bound excludes it. So wheels exist unless the
 * specifier pins or caps below `since`, or a gap covers what it admits.
 */
export function evaluateEntryForArch(entry: MuslEntry, specifier: string, arch: Arch, python?: string | null): ArchResult {
  if (entry.compiled === 'no') return { status: 'pure', since: null, olderWithoutWheels: false, why: 'pure' };
  const info = entry.musllinux[arch];
  const muslSince = info?.since ?? null;
  const pySince = muslSince === null ? null : pythonSinceFor(entry, python);
  // Wheels for this Python start at the later of the two; `python` says when the Python decided it.
  const pyLater = pySince !== null && muslSince !== null && compareVersions(pySince, muslSince) > 0;
  const since = pyLater ? pySince : muslSince;
  const pyInfo = pyLater ? { python: { version: python as string, since: pySince as string } } : {};
  const noWheel = (why: Why, extra: { gap?: string; pinned?: string } = {}): ArchResult =>
    entry.pureWheel
      ? { status: 'pure', since, olderWithoutWheels: false, why: 'pure-wheel', ...pyInfo }
      : { status: entry.sdist ? 'build' : 'unavailable', since, olderWithoutWheels: false, why, ...extra, ...pyInfo };
  if (since === null || muslSince === null) return noWheel('no-wheels');
  const bounds = specifierBounds(specifier);
  if (!bounds) return { status: 'unknown', since, olderWithoutWheels: false, why: 'bad-specifier' };

  if (bounds.pinned) {
    if (compareVersions(bounds.pinned, muslSince) < 0) return noWheel('before-since');
    if (compareVersions(bounds.pinned, since) < 0) return noWheel('before-python', { pinned: bounds.pinned });
    const gap = inGap(bounds.pinned, info);
    return gap ? noWheel('gap', { gap }) : { status: 'wheel', since, olderWithoutWheels: false, why: 'wheel', ...pyInfo };
  }
  const { lower, upper } = bounds;
  const below = (limit: string): boolean => {
    const c = compareVersions(upper!.version, limit);
    return c < 0 || (c === 0 && !upper!.inclusive);
  };
  if (upper) {
    if (below(muslSince)) return noWheel('before-since');
    if (below(since)) return noWheel('before-python');
    if (upper.inclusive) {
      const gap = inGap(upper.version, info);
      if (gap) return noWheel('gap', { gap });
    }
    // A gap that spans everything admitted from `since` up to the cap.
    const start = lower && compareVersions(lower.version, since) > 0 ? lower.version : since;
    for (const gap of info.gaps ?? []) {
      const g = specifierBounds(gap);
      if (satisfies(start, gap, { pre: true }) && g?.upper && compareVersions(g.upper.version, upper.version) >= 0) {
        return noWheel('gap', { gap });
      }
    }
  }
  const olderWithoutWheels = !lower || compareVersions(lower.version, since) < 0;
  return { status: 'wheel', since, olderWithoutWheels, why: 'wheel', ...pyInfo };
}

function laterSince(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  return compareVersions(a, b) >= 0 ? a : b;
}

function combine(results: ArchResult[], arches: Arch[]): ArchResult {
  const worst = results.reduce((w, r) => (STATUS_RANK[r.status] > STATUS_RANK[w.status] ? r : w));
  return {
    ...worst,
    arches: arches.filter((_, i) => results[i].status === worst.status),
    since: results.map((r) => r.since).reduce(laterSince),
    olderWithoutWheels: results.some((r) => r.olderWithoutWheels),
  };
}

function archesOf(arch: AlpineArch): Arch[] {
  return arch === 'all' ? ['x86_64', 'aarch64'] : [arch];
}

// ---- advice ----

function uniq(items: string[]): string[] {
  return [...new Set(items)];
}

/**
 * "`apk add build-base libpq-dev`, runtime: libpq": the build packages first, then the runtime
 * libraries the final image keeps. The same wording in the advice and in the rule's FROM finding.
 */
export function describeApk(build: readonly string[], runtime: readonly string[]): string {
  const buildSet = new Set(build);
  const rest = uniq(runtime.filter((r) => !buildSet.has(r)));
  const parts: string[] = [];
  if (build.length > 0) parts.push(`\`apk add ${uniq([...build]).join(' ')}\``);
  if (rest.length > 0) parts.push(`runtime: ${rest.join(' ')}`);
  return parts.join(', ');
}

interface Subject {
  name: string;
  key: string;
  specifier: string;
  /**
   * The requirement the user would change: the parent for a package pulled by a lockstep extra
   * (psycopg-binary follows psycopg), else the package itself.
   */
  adviseAs?: string;
}

function catalogAdvice(
  subject: Subject,
  entry: MuslEntry,
  result: ArchResult,
  base: string,
  lookup: (key: string) => MuslEntry | null,
  arch: AlpineArch,
): string {
  const req = `${subject.name}${subject.specifier}`;
  const allow = subject.adviseAs ?? subject.name;
  const heavy = HEAVY_BUILDS[subject.key];
  const build = heavy ? `pip compiles it on Alpine (${heavy})` : 'pip compiles it on Alpine';
  const apkText = describeApk(entry.apk, entry.apkRuntime);
  const apk = apkText ? `, after ${apkText}` : '';
  switch (result.why) {
    case 'pure':
      return 'pure Python: installs anywhere';
    case 'pure-wheel':
      return 'no musllinux wheel, but a pure-Python wheel installs (without the compiled speed-up)';
    case 'wheel': {
      const wheels = result.python ? `musllinux wheels for Python ${result.python.version}` : 'musllinux wheels';
      return result.olderWithoutWheels
        ? `${wheels} since ${result.since}, but older releases the specifier admits have none and a lock may pin one: require ${allow}>=${result.since}`
        : `installs from a musllinux wheel (${result.python ? `wheels for Python ${result.python.version}` : 'wheels'} since ${result.since})`;
    }
    case 'bad-specifier':
      return `the specifier ${subject.specifier} is not valid PEP 440; cannot tell which release pip picks`;
    case 'before-since': {
      // Before musl wheels and, when the Python moved the bar, before that Python's wheels too.
      const first = result.python
        ? `musllinux wheels and wheels for Python ${result.python.version} (first in ${result.python.since})`
        : `musllinux wheels (first in ${result.since})`;
      if (result.status === 'unavailable') {
        return `${req} predates ${first} and has no sdist: allow ${allow}>=${result.since} or use ${base}`;
      }
      return `${req} predates ${first}: ${build}${apk}; allow ${allow}>=${result.since} or use ${base}`;
    }
    case 'before-python': {
      // A -slim image would compile it too: only a newer release (or an older Python) helps.
      const py = result.python!;
      const what = result.pinned
        ? `${subject.name} ${result.pinned} has no wheels for Python ${py.version}; first in ${py.since}`
        : `${req} admits no release with wheels for Python ${py.version}; first in ${py.since}`;
      if (result.status === 'unavailable') {
        return `${what}, and there is no sdist: pip cannot install it; allow ${allow}>=${result.since} or use an older Python`;
      }
      return `${what}: ${build}${apk} (a -slim image would compile it too); allow ${allow}>=${result.since} or use an older Python`;
    }
    case 'gap':
      if (result.status === 'unavailable') {
        return `the release ${req} selects has no musllinux wheel (gap ${result.gap}) and no sdist: pip cannot install it on Alpine; pick another release or use ${base}`;
      }
      return `the release ${req} selects has no musllinux wheel (gap ${result.gap}): ${build}${apk}; pick another release or use ${base}`;
    case 'no-wheels': {
      const only = arch === 'all' && result.arches?.length === 1 ? ` for ${result.arches[0]}` : '';
      const what = `no musllinux wheels${only}`;
      if (result.status === 'unavailable') return `${what} and no sdist: pip cannot install it on Alpine; use ${base}`;
      const alternative = entry.alternative ? lookup(entry.alternative) : null;
      if (entry.alternative) {
        const altSince = alternative ? archesOf(arch).map((a) => alternative.musllinux[a]?.since ?? null).reduce(laterSince) : null;
        const ships = altSince ? ` (musllinux wheels since ${altSince})` : '';
        return `${what}: ${build}${apk}; use ${entry.alternative}${ships} or ${base}`;
      }
      return `${what}: ${build}${apk}; use ${base}`;
    }
  }
}

function onlineAdvice(subject: Subject, ev: OnlineEvaluation, base: string): string {
  const where = ev.foundOn.join(', ');
  switch (ev.status) {
    case 'pure':
      return `a pure-Python wheel installs anywhere (per ${where})`;
    case 'wheel':
      return ev.olderWithoutWheels
        ? `musllinux wheels since ${ev.musllinuxSince} (per ${where}), but older releases the specifier admits have none: require ${subject.adviseAs ?? subject.name}>=${ev.musllinuxSince}`
        : `installs ${ev.version} from a musllinux wheel (per ${where})`;
    case 'build':
      if (ev.musllinuxSince && ev.version && compareVersions(ev.version, ev.musllinuxSince) > 0) {
        // Wheels existed for an earlier release but not for the one pip picks: raising the floor won't help.
        return `${subject.name} ${ev.version} has no musllinux wheel although ${ev.musllinuxSince} had one (per ${where}): pip compiles it on Alpine; pin a release with musllinux wheels or use ${base}`;
      }
      return ev.musllinuxSince
        ? `${subject.name} ${ev.version} has no musllinux wheel (first in ${ev.musllinuxSince}, per ${where}): pip compiles it on Alpine; allow ${subject.name}>=${ev.musllinuxSince} or use ${base}`
        : `no musllinux wheels (per ${where}): pip compiles ${subject.name} ${ev.version} on Alpine; use ${base}`;
    case 'unavailable':
      return `no release matching ${subject.name}${subject.specifier} installs on Alpine (no musllinux wheel, no sdist, per ${where}); use ${base}`;
    case 'unknown':
      return ev.found ? 'the index answer was not conclusive' : 'not found on the configured package indexes';
  }
}

// ---- the report ----

function evaluateOne(
  subject: Subject,
  place: { file: string; line: number; via?: string; lockstep?: boolean },
  ctx: {
    arch: AlpineArch;
    base: string;
    lookup: (key: string) => MuslEntry | null;
    debian: ((key: string) => DebianEntry | null) | null;
    online?: OnlineLookup;
    pythonVersion: string | null;
  },
): AlpinePackage {
  const common = { name: subject.name, key: subject.key, specifier: subject.specifier, file: place.file, line: place.line };
  const via = place.via ? { via: place.via } : {};
  const entry = ctx.lookup(subject.key);
  if (entry) {
    const arches = archesOf(ctx.arch);
    const result = combine(
      arches.map((a) => evaluateEntryForArch(entry, subject.specifier, a, ctx.pythonVersion)),
      arches,
    );
    // A package pulled by an extra gets its version from the parent's metadata, not from a
    // specifier the user wrote: there is nothing for the user to tighten, unless the extra is
    // released in lockstep, where the parent's specifier is the package's.
    if (place.via && !place.lockstep) result.olderWithoutWheels = false;
    const compiles = result.status === 'build' || result.status === 'unavailable';
    return {
      ...common,
      status: result.status,
      musllinuxSince: result.why === 'pure' ? null : result.since,
      apk: compiles ? uniq([...entry.apk, ...entry.apkRuntime]) : [],
      ...(compiles && entry.apkRuntime.length > 0 ? { apkRuntime: [...entry.apkRuntime] } : {}),
      apt: [...entry.aptRuntime],
      advice: catalogAdvice(subject, entry, result, ctx.base, ctx.lookup, ctx.arch),
      ...(result.status === 'wheel' && result.olderWithoutWheels ? { olderWithoutWheels: true } : {}),
      ...via,
      evidence: result.status === 'unknown' ? null : 'catalog',
    };
  }
  const debian = ctx.debian?.(subject.key) ?? null;
  if (debian?.kind === 'pure') {
    return { ...common, status: 'pure', musllinuxSince: null, apk: [], apt: [], advice: debianPureAdvice(debian), ...via, evidence: 'debian', debian: debianFact(debian) };
  }
  const debianSays = debian ? { debian: debianFact(debian) } : {};
  if (ctx.online) {
    const evaluations = archesOf(ctx.arch).map((a) => ctx.online!.evaluate(subject.key, subject.specifier, a, ctx.pythonVersion));
    const ev = evaluations.reduce((w, e) => (STATUS_RANK[e.status] > STATUS_RANK[w.status] ? e : w));
    const since = evaluations.map((e) => e.musllinuxSince).reduce(laterSince);
    const merged: OnlineEvaluation = {
      ...ev,
      musllinuxSince: since,
      olderWithoutWheels: (!place.via || Boolean(place.lockstep)) && evaluations.some((e) => e.olderWithoutWheels),
    };
    return {
      ...common,
      status: merged.status,
      musllinuxSince: merged.status === 'pure' ? null : since,
      apk: [],
      apt: [],
      advice: onlineAdvice(subject, merged, ctx.base),
      ...(merged.status === 'wheel' && merged.olderWithoutWheels ? { olderWithoutWheels: true } : {}),
      ...via,
      evidence: merged.status === 'unknown' ? null : 'index',
      ...debianSays,
    };
  }
  return {
    ...common,
    status: 'unknown',
    musllinuxSince: null,
    apk: [],
    apt: [],
    advice: debian ? debianCompiledAdvice(debian) : 'not in the musl catalog: run with --online to ask the package index',
    ...via,
    evidence: null,
    ...debianSays,
  };
}

/** The Debian-derived lookup to use: the bundled one unless a custom catalog lookup replaces the bundled data. */
function debianLookup(opts: { lookup?: unknown; debian?: ((key: string) => DebianEntry | null) | null }): ((key: string) => DebianEntry | null) | null {
  if (opts.debian !== undefined) return opts.debian;
  return opts.lookup === undefined || opts.lookup === lookupMusl ? lookupDebian : null;
}

/** Keys the evaluation needs that the catalog does not know: what `--online` should fetch. */
export function keysMissingFromCatalog(
  project: Project,
  lookup: (key: string) => MuslEntry | null = lookupMusl,
  opts: Partial<Pick<AlpineOptions, 'arch' | 'pythonVersion' | 'installs' | 'debian' | 'contextDir'>> = {},
): string[] {
  const keys = new Set<string>();
  const debian = debianLookup({ lookup, debian: opts.debian });
  for (const req of productionRequirements(project, targetOf(project, opts))) {
    const entry = lookup(req.key);
    if (!entry) {
      // Debian's archive answers for pure packages; the index is asked about the rest.
      if (debian?.(req.key)?.kind !== 'pure') keys.add(req.key);
      continue;
    }
    for (const extra of req.extras) {
      for (const pulled of entry.extras?.[extra.toLowerCase()] ?? []) if (!lookup(pulled)) keys.add(pulled);
    }
  }
  return [...keys];
}

function targetOf(project: Project, opts: Partial<Pick<AlpineOptions, 'arch' | 'pythonVersion' | 'installs' | 'contextDir'>>): Target {
  return {
    pythonVersion: opts.pythonVersion !== undefined ? opts.pythonVersion : detectPythonVersion(project),
    arch: opts.arch ?? 'all',
    installs: opts.installs ?? installedByProject(project),
    contextDir: opts.contextDir ?? null,
  };
}

export function evaluateAlpine(project: Project, opts: AlpineOptions): AlpineReport {
  const lookup = opts.lookup ?? lookupMusl;
  const target = targetOf(project, opts);
  const pythonVersion = target.pythonVersion;
  // Same default as `slimreq dockerfile`, so both commands recommend the same image.
  const base = `python:${pythonVersion ?? DEFAULT_PYTHON}-slim`;
  const ctx = { arch: opts.arch, base, lookup, debian: debianLookup(opts), online: opts.online, pythonVersion };

  const requirements = productionRequirements(project, target);
  const direct = new Set(requirements.map((r) => r.key));
  const packages: AlpinePackage[] = [];
  const pulledSeen = new Set<string>();
  for (const req of requirements) {
    const files = lockedFilesOf(req);
    packages.push(files ? evaluateFromLock(req, files, ctx) : evaluateOne({ name: req.name, key: req.key, specifier: req.specifier }, req, ctx));
    const entry = lookup(req.key);
    for (const extra of req.extras) {
      const extraKey = extra.toLowerCase();
      // psycopg[binary]==3.0.1 pins psycopg-binary==3.0.1: judge the pulled package by the parent's specifier.
      const lockstep = entry?.extrasLockstep?.includes(extraKey) ?? false;
      for (const pulled of entry?.extras?.[extraKey] ?? []) {
        if (direct.has(pulled) || pulledSeen.has(pulled)) continue;
        pulledSeen.add(pulled);
        const via = `${req.name}[${extra}]`;
        const subject: Subject = lockstep
          ? { name: pulled, key: pulled, specifier: req.specifier, adviseAs: req.name }
          : { name: pulled, key: pulled, specifier: '' };
        packages.push(evaluateOne(subject, { file: req.file, line: req.line, via, lockstep }, ctx));
      }
    }
  }

  // Requirements from a URL, a VCS or a local path are built from their source on any platform: say so
  // instead of leaving them out (the repository's own packages are not listed).
  const seenUrls = new Set<string>();
  for (const req of productionRequirements(project, target, true)) {
    if (direct.has(req.key) || seenUrls.has(req.url!)) continue;
    seenUrls.add(req.url!);
    packages.push({
      name: req.name || req.url!,
      key: req.key,
      specifier: req.url!,
      file: req.file,
      line: req.line,
      status: 'unknown',
      musllinuxSince: null,
      apk: [],
      apt: [],
      advice: 'installed from a URL, VCS or local path: pip builds it from source; not checked',
      evidence: null,
    });
  }

  const compiles = packages.filter((p) => p.status === 'build');
  const verdict: AlpineVerdict =
    packages.some((p) => p.status === 'unavailable') || compiles.some((p) => p.key in HEAVY_BUILDS)
      ? 'avoid'
      : compiles.length > 0
        ? 'risky'
        : 'ok';
  const unknown = packages.filter((p) => p.status === 'unknown').length;
  return { verdict, unknown, arch: opts.arch, pythonVersion, recommendedBase: base, packages };
}
