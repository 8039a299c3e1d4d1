// Pure part of the Debian generator (scripts/gen-musl-debian.js): Debian archive records in, the
// generated musl catalog out. No I/O here, so test/catalog/musl-debian-map.test.ts can feed it
// synthetic records.
//
// What a record can prove:
// - The PyPI name comes from upstream's own metadata as Debian installs it: the
//   usr/lib/python3/dist-packages/NAME-VERSION.dist-info (or .egg-info) directory listed in the
//   archive's Contents index. The binary name (python3-bs4), the source name, the Homepage, Provides and
//   Python-Egg-Name only corroborate it (recorded in `mappedBy`).
// - `Architecture: all` means Debian built no compiled code into that package. It is "pure" only when no
//   architecture-specific package of the same source ships a Python extension module (.so) either:
//   Debian splits optional accelerators into their own packages (python3-sqlalchemy-ext).
// - An architecture-specific package only says "compiled in Debian": whether PyPI has musllinux wheels
//   or a pure fallback is not in the archive, so such entries answer nothing by themselves.

/** @typedef {Record<string, string>} Control  one deb822 paragraph, field names as written */

/**
 * Parses deb822 paragraphs (Packages, Sources, apt-cache show). Continuation lines are joined with
 * newlines; fields keep their case.
 * @param {string} text
 * @returns {Control[]}
 */
export function parseControl(text) {
  /** @type {Control[]} */
  const out = [];
  /** @type {Control | null} */
  let current = null;
  let last = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current) out.push(current);
      current = null;
      continue;
    }
    if ((line[0] === ' ' || line[0] === '\t') && current && last) {
      current[last] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current ??= {};
    last = line.slice(0, colon);
    current[last] = line.slice(colon + 1).trim();
  }
  if (current) out.push(current);
  return out;
}

/** PEP 503 normalization. */
export function normalize(name) {
  return name.trim().replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * The distribution a metadata directory names: `pyotp-2.6.0.egg-info` -> { name: 'pyotp', version:
 * '2.6.0' }; `python_dateutil-2.8.2-py3.11.egg-info` keeps '2.8.2'; `foo.egg-info` has no version.
 * In both formats the name's own hyphens are written as underscores, so the first '-' ends it.
 * @param {string} dir
 * @returns {{ name: string, version: string | null } | null}
 */
export function distFromMetadataDir(dir) {
  const m = /^(.+?)\.(dist-info|egg-info)$/.exec(dir);
  if (!m) return null;
  const stem = m[1];
  const dash = stem.indexOf('-');
  if (dash < 0) return { name: stem, version: null };
  const version = stem.slice(dash + 1).replace(/-py\d+(\.\d+)?$/, '');
  return { name: stem.slice(0, dash), version: version || null };
}

const DIST_PACKAGES = 'usr/lib/python3/dist-packages/';

/**
 * Reads Contents index lines (`path   section/pkg,section/pkg2`) and keeps what the mapping needs: the
 * metadata directories each package installs, and the packages that install Python extension modules.
 * @param {Iterable<string>} lines
 * @returns {{ dists: Map<string, Set<string>>, extensionModules: Set<string> }}
 */
export function readContents(lines) {
  /** @type {Map<string, Set<string>>} */
  const dists = new Map();
  /** @type {Set<string>} */
  const extensionModules = new Set();
  for (const line of lines) {
    if (!line.startsWith(DIST_PACKAGES)) continue;
    const m = /^(\S.*?)\s+(\S+)$/.exec(line);
    if (!m) continue;
    const path = m[1].slice(DIST_PACKAGES.length);
    const packages = m[2].split(',').map((p) => p.slice(p.lastIndexOf('/') + 1));
    const top = path.split('/')[0];
    if (/\.(dist-info|egg-info)$/.test(top)) {
      for (const p of packages) {
        const set = dists.get(p) ?? new Set();
        set.add(top);
        dists.set(p, set);
      }
    }
    if (/\.so(\.[\d.]+)?$/.test(path)) for (const p of packages) extensionModules.add(p);
  }
  return { dists, extensionModules };
}

/** The project name a Homepage URL names, when it names one: a PyPI page or a code-hosting repository. */
export function homepageNames(url) {
  const out = [];
  const pypi = /^https?:\/\/(?:www\.)?pypi\.(?:python\.)?org\/(?:project|pypi)\/([^/?#]+)/i.exec(url ?? '');
  if (pypi) out.push(normalize(pypi[1]));
  const repo = /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org|salsa\.debian\.org)\/[^/]+\/([^/?#]+?)(?:\.git)?\/?(?:[?#].*)?$/i.exec(url ?? '');
  if (repo) out.push(normalize(repo[1]));
  const docs = /^https?:\/\/([^./]+)\.readthedocs\.(?:io|org)/i.exec(url ?? '');
  if (docs) out.push(normalize(docs[1]));
  return out;
}

/** `python3-foo (>= 1), libbar1 | libbaz2` -> ['python3-foo', 'libbar1', 'libbaz2'] */
function relationNames(value) {
  return (value ?? '')
    .split(/[,|]/)
    .map((d) => d.trim().split(/[\s(:]/)[0])
    .filter(Boolean);
}

/** Strips the prefixes Debian puts before upstream names. */
function debianStems(name) {
  const stems = [name];
  for (const prefix of ['python3-', 'python-', 'py']) if (name.startsWith(prefix)) stems.push(name.slice(prefix.length));
  return stems.map(normalize);
}

/** Shared libraries an architecture-independent package depends on: it loads them at run time (ctypes, cffi). */
function runtimeLibraries(record) {
  return [...new Set(relationNames(record.Depends).filter((d) => /^lib/.test(d) && !/-(dev|data|common|doc)$/.test(d) && !/^lib(js|python)/.test(d)))].sort();
}

/**
 * Compares two PEP 440-ish versions loosely (numeric release parts only): enough to tell that Debian's
 * upstream version is newer than anything PyPI has, which means Debian packages another project.
 */
function releaseNewer(a, b) {
  const parts = (v) => (/^\d+(\.\d+)*/.exec(v)?.[0] ?? '').split('.').map(Number);
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/**
 * @typedef {object} CuratedFact  what the hand-curated catalog (data/musl-wheels.json) says
 * @property {'yes'|'optional'|'no'} compiled
 *
 * @typedef {object} GeneratedEntry
 * @property {'pure'|'compiled'} kind
 * @property {string} debian        binary package
 * @property {string} version       Debian version
 * @property {string|null} upstreamVersion  from the metadata directory
 * @property {string} architecture  'all' or the architecture the lists were read for
 * @property {string} source        source package
 * @property {string[]} mappedBy    how the PyPI name was established
 * @property {string} [compiledIn]  for a pure-looking package whose source builds an extension elsewhere
 * @property {string[]} [libraries] shared libraries an Architecture: all package depends on
 * @property {string} evidence      one line for people
 *
 * @typedef {object} MapResult
 * @property {Record<string, GeneratedEntry>} packages  sorted by key
 * @property {{ key: string, reason: string, candidates: string[] }[]} ambiguous
 * @property {{ key: string, curated: string, debian: string }[]} conflicts
 * @property {Record<string, number>} counts
 */

/**
 * Maps Debian's python3-* binary packages (and others that install a dist-info or egg-info directory,
 * such as black) to PyPI names and says what each proves.
 * @param {{
 *   packages: Control[],              // Packages records, later suites after earlier ones (updates win)
 *   contents: { dists: Map<string, Set<string>>, extensionModules: Set<string> },
 *   curated?: Record<string, CuratedFact>,
 *   pypi?: Map<string, string> | null, // normalized PyPI name -> latest version, when a list is at hand
 * }} input
 * @returns {MapResult}
 */
export function mapArchive({ packages, contents, curated = {}, pypi = null }) {
  /** @type {Map<string, Control>} */
  const byName = new Map();
  for (const r of packages) if (r.Package) byName.set(r.Package, r); // later suites replace earlier ones
  /** @type {Map<string, Control[]>} */
  const bySource = new Map();
  for (const r of byName.values()) {
    const src = sourceOf(r);
    bySource.set(src, [...(bySource.get(src) ?? []), r]);
  }

  const counts = { python3Packages: 0, otherPackages: 0, withoutMetadata: 0, notOnPypi: 0, ambiguous: 0, conflicts: 0, pure: 0, compiled: 0 };
  /** @type {Map<string, { record: Control, upstreamVersion: string | null }[]>} */
  const claims = new Map();
  for (const record of byName.values()) {
    // python3-* packages, and other packages that install a distribution's metadata (black, gunicorn).
    if (record.Package.startsWith('python3-')) counts.python3Packages++;
    else if (contents.dists.has(record.Package)) counts.otherPackages++;
    else continue;
    const dirs = [...(contents.dists.get(record.Package) ?? [])];
    const dists = dirs.map(distFromMetadataDir).filter((d) => d !== null);
    if (dists.length === 0) {
      counts.withoutMetadata++;
      continue;
    }
    // One package may install a dist twice (egg-info and dist-info): keep one claim per name.
    const seen = new Set();
    for (const d of dists) {
      const key = normalize(d.name);
      if (seen.has(key)) continue;
      seen.add(key);
      claims.set(key, [...(claims.get(key) ?? []), { record, upstreamVersion: dists.find((x) => normalize(x.name) === key && x.version)?.version ?? null }]);
    }
  }

  /** @type {Record<string, GeneratedEntry>} */
  const out = {};
  const ambiguous = [];
  const conflicts = [];
  for (const key of [...claims.keys()].sort()) {
    const list = claims.get(key);
    if (pypi && !pypi.has(key)) {
      counts.notOnPypi++;
      continue;
    }
    const all = list.map(({ record, upstreamVersion }) => judge(key, record, upstreamVersion, bySource.get(sourceOf(record)) ?? [record], contents));
    // A package that installs several metadata directories may carry compatibility metadata for another
    // project (python3-xdg installs pyxdg-0.28 and xdg-5): a directory whose version is not the Debian
    // package's own, beside one that is, is not evidence about that other project.
    const own = all.filter((f) => !isAuxiliary(f, contents));
    if (own.length === 0) {
      counts.ambiguous++;
      ambiguous.push({ key, reason: "installed only as another project's compatibility metadata", candidates: all.map((f) => f.debian) });
      continue;
    }
    // Several packages claim the name (python3-click and python3-click-package): keep the ones whose
    // binary name is the PyPI name, else those whose source or Homepage name it, when there are such.
    const byBinary = own.filter((f) => f.mappedBy.includes('binary-name'));
    const named = own.filter((f) => f.mappedBy.length > 1);
    const facts = byBinary.length > 0 ? byBinary : named.length > 0 ? named : own;
    const kinds = new Set(facts.map((f) => f.kind));
    if (kinds.size > 1) {
      counts.ambiguous++;
      ambiguous.push({ key, reason: 'the packages that install it disagree on architecture', candidates: facts.map((f) => f.evidence) });
      continue;
    }
    // Prefer the package whose name corroborates the mapping (python3-cysignals-bare over -pari is moot: same fact).
    const fact = facts.sort((a, b) => b.mappedBy.length - a.mappedBy.length || a.debian.localeCompare(b.debian))[0];
    const latest = pypi?.get(key);
    if (latest && fact.upstreamVersion && releaseNewer(fact.upstreamVersion, latest)) {
      counts.ambiguous++;
      ambiguous.push({ key, reason: `Debian's upstream version ${fact.upstreamVersion} is newer than PyPI's latest ${latest}: an unreleased tree or another project`, candidates: [fact.debian] });
      continue;
    }
    const hand = curated[key];
    if (hand && (hand.compiled === 'no') !== (fact.kind === 'pure')) {
      counts.conflicts++;
      conflicts.push({ key, curated: `compiled: ${hand.compiled}`, debian: fact.evidence });
      continue;
    }
    counts[fact.kind]++;
    out[key] = fact;
  }
  return { packages: out, ambiguous, conflicts, counts };
}

/** Debian's upstream version: epoch, revision and repack suffixes (+ds, +dfsg, ~) removed. */
function debianUpstream(version) {
  return version.replace(/^\d+:/, '').replace(/-[^-]*$/, '').replace(/[+~].*$/, '');
}

function isAuxiliary(fact, contents) {
  const dirs = [...(contents.dists.get(fact.debian) ?? [])].map(distFromMetadataDir).filter((d) => d?.version);
  if (dirs.length < 2 || !fact.upstreamVersion) return false;
  const upstream = debianUpstream(fact.version);
  return fact.upstreamVersion !== upstream && dirs.some((d) => d.version === upstream);
}

function sourceOf(record) {
  return (record.Source ?? record.Package).split(/\s/)[0];
}

/** @returns {GeneratedEntry} */
function judge(key, record, upstreamVersion, siblings, contents) {
  const dirs = [...(contents.dists.get(record.Package) ?? [])];
  const mappedBy = [dirs.some((d) => d.endsWith('.dist-info') && normalize(distFromMetadataDir(d)?.name ?? '') === key) ? 'dist-info' : 'egg-info'];
  if (debianStems(record.Package).includes(key)) mappedBy.push('binary-name');
  if (debianStems(sourceOf(record)).includes(key)) mappedBy.push('source-name');
  if (homepageNames(record.Homepage).some((n) => n === key || debianStems(n).includes(key))) mappedBy.push('homepage');
  if (relationNames(record.Provides).some((p) => debianStems(p).includes(key))) mappedBy.push('provides');
  if (record['Python-Egg-Name'] && normalize(record['Python-Egg-Name']) === key) mappedBy.push('python-egg-name');

  const architecture = record.Architecture;
  const accelerator =
    architecture === 'all'
      ? siblings.find((s) => s.Architecture !== 'all' && s.Package !== record.Package && contents.extensionModules.has(s.Package))
      : undefined;
  const kind = architecture === 'all' && !accelerator ? 'pure' : 'compiled';
  const libraries = architecture === 'all' ? runtimeLibraries(record) : [];
  const evidence =
    `debian: ${record.Package} ${record.Version}, Architecture: ${architecture}` +
    (accelerator ? ` (compiled part in ${accelerator.Package}, Architecture: ${accelerator.Architecture})` : '');
  return {
    kind,
    debian: record.Package,
    version: record.Version,
    upstreamVersion,
    architecture,
    source: sourceOf(record),
    mappedBy,
    ...(accelerator ? { compiledIn: accelerator.Package } : {}),
    ...(libraries.length > 0 ? { libraries } : {}),
    evidence,
  };
}

/**
 * Coverage of a download ranking: of the `top` most downloaded names, how many the curated catalog
 * answers, how many Debian's archive answers (pure), how many Debian knows only as compiled, and how
 * many neither knows.
 * @param {string[]} ranked  normalized names, most downloaded first
 * @param {Record<string, unknown>} curated
 * @param {Record<string, GeneratedEntry>} generated
 */
export function coverage(ranked, curated, generated, top) {
  const c = { top, curated: 0, debianPure: 0, debianCompiled: 0, neither: 0 };
  for (const key of ranked.slice(0, top)) {
    if (curated[key]) c.curated++;
    else if (generated[key]?.kind === 'pure') c.debianPure++;
    else if (generated[key]) c.debianCompiled++;
    else c.neither++;
  }
  return c;
}
