// `--online`: asks the package index which files exist for packages the musl catalog does not know,
// and derives their Alpine status from wheel tags. This is the only module that touches the network,
// and only when the user asked for it.
//
// Protocol: the JSON simple API (PEP 691, https://peps.python.org/pep-0691/), with the HTML simple API
// (PEP 503) as a fallback for indexes that do not serve JSON. Responses are cached on disk.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Arch } from '../catalog/musl-types.js';
import { normalizeName } from '../catalog/names.js';
import { compareVersions, normalizeVersion, pickVersion, satisfies, specifierBounds } from '../catalog/pep440.js';
import { writeFileAtomic } from '../io/write.js';
import type { Project } from '../model.js';
import { evaluateAlpine, keysMissingFromCatalog, type AlpineOptions, type AlpineReport } from './evaluate.js';

export const DEFAULT_INDEX_URL = 'https://pypi.org/simple';
const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
const ACCEPT = `${JSON_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01`;
const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 15_000;

export type OnlineErrorReason = 'unreachable' | 'timeout' | 'http' | 'invalid-response';

/** The package index could not answer. `url` is the request URL, without credentials. */
export class OnlineError extends Error {
  override readonly name = 'OnlineError';
  constructor(
    readonly url: string,
    readonly reason: OnlineErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Where pip would look: the primary index and the extra ones, in pip's precedence. */
export interface IndexSettings {
  indexUrl: string;
  extraIndexUrls: string[];
  /** `--no-index`: pip looks at no index, so neither do we. */
  noIndex: boolean;
}

/**
 * The indexes pip would use for this project: `--index-url`/`--extra-index-url`/`--no-index` from
 * production requirements files override PIP_INDEX_URL; extra indexes from the environment and the
 * files add up, as they do in pip.
 */
export function resolveIndexSettings(project: Project, env: NodeJS.ProcessEnv = process.env): IndexSettings {
  let indexUrl = env.PIP_INDEX_URL?.trim() || DEFAULT_INDEX_URL;
  const extra = (env.PIP_EXTRA_INDEX_URL ?? '').split(/\s+/).filter(Boolean);
  let noIndex = /^(1|true|yes|on)$/i.test(env.PIP_NO_INDEX ?? '');
  for (const manifest of project.manifests) {
    const options = manifest.indexOptions;
    if (!options || manifest.group === 'dev') continue;
    if (options.indexUrl) indexUrl = options.indexUrl;
    extra.push(...options.extraIndexUrls);
    if (options.noIndex) noIndex = true;
  }
  return { indexUrl, extraIndexUrls: [...new Set(extra)].filter((u) => u !== indexUrl), noIndex };
}

export interface OnlineOptions extends Partial<IndexSettings> {
  /** Cache directory. Default: $XDG_CACHE_HOME/slimreq, else ~/.cache/slimreq. */
  cacheDir?: string;
  /** Cached answers older than this are fetched again. Default 24 h. */
  maxAgeMs?: number;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Clock, for cache expiry. */
  now?: () => number;
  /** Called once per index, before it is asked anything (with credentials removed from the address). */
  onIndex?: (url: string, packages: number) => void;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'slimreq');
}

/** One distribution file of a project, as the index lists it. */
export interface IndexFile {
  filename: string;
  /** Normalized version parsed from the file name. */
  version: string;
  kind: 'wheel' | 'sdist';
  /** Wheel tags (`cp311`, `cp311`, `musllinux_1_2_x86_64`…), each part of a compressed tag set split. */
  python: string[];
  abi: string[];
  platform: string[];
  requiresPython: string | null;
  yanked: boolean;
}

export interface IndexProject {
  key: string;
  files: IndexFile[];
  /** Index URLs (without credentials) that know the project. */
  foundOn: string[];
}

// ---- file names ----

/** Parses a wheel or sdist file name of project `key`; null for other files (eggs, exe, …). */
export function parseDistributionFilename(
  key: string,
  filename: string,
): Pick<IndexFile, 'version' | 'kind' | 'python' | 'abi' | 'platform'> | null {
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-');
    if (parts.length !== 5 && parts.length !== 6) return null;
    if (normalizeName(parts[0]) !== key) return null;
    const version = normalizeVersion(parts[1]);
    if (!version) return null;
    const [python, abi, platform] = parts.slice(-3).map((t) => t.toLowerCase().split('.'));
    return { version, kind: 'wheel', python, abi, platform };
  }
  const stem = /^(.*)\.(tar\.gz|zip|tar\.bz2|tar\.xz|tgz|tar)$/i.exec(filename)?.[1];
  if (!stem) return null;
  // Old sdists keep hyphens in the name (python-dateutil-2.8.2): find the split that gives the key.
  for (let i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
    if (normalizeName(stem.slice(0, i)) !== key) continue;
    const version = normalizeVersion(stem.slice(i + 1));
    if (version) return { version, kind: 'sdist', python: [], abi: [], platform: [] };
  }
  return null;
}

// ---- compatibility ----

function pythonNumber(version: string): number | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[1]) * 100 + Number(m[2]) : null;
}

function tagNumber(digits: string): number | null {
  if (!/^\d+$/.test(digits)) return null;
  return digits.length === 1 ? Number(digits) * 100 : Number(digits[0]) * 100 + Number(digits.slice(1));
}

/** Whether a wheel's python/abi tags install on CPython `pythonVersion` ('3.11'); any CPython 3 when null. */
export function wheelFitsPython(file: Pick<IndexFile, 'python' | 'abi'>, pythonVersion: string | null): boolean {
  const current = pythonVersion ? pythonNumber(pythonVersion) : null;
  return file.python.some((tag) => {
    const n = tagNumber(tag.slice(2));
    if (n === null || Math.floor(n / 100) !== 3) return false;
    if (tag.startsWith('py')) return current === null || n % 100 === 0 || n <= current;
    if (!tag.startsWith('cp')) return false; // PyPy, Jython, IronPython
    if (current === null) return true;
    if (file.abi.includes('abi3')) return n <= current;
    return n === current;
  });
}

function isMusl(file: IndexFile, arch: Arch): boolean {
  return file.platform.some((p) => /^musllinux_\d+_\d+_(.+)$/.exec(p)?.[1] === arch);
}

function isAny(file: IndexFile): boolean {
  return file.platform.includes('any');
}

// ---- evaluation ----

export interface OnlineEvaluation {
  /** False when no configured index knows the project. */
  found: boolean;
  /** The version pip would install on Alpine, or null when none installs. */
  version: string | null;
  status: 'pure' | 'wheel' | 'build' | 'unavailable' | 'unknown';
  /** First release with a musllinux wheel for the arch (and Python, when known). */
  musllinuxSince: string | null;
  /** Admitted releases older than the picked one lack musllinux wheels (a lock may pin them). */
  olderWithoutWheels: boolean;
  /** The index URLs that answered, without credentials. */
  foundOn: string[];
}

/** What the evaluator asks of the index: answered from data fetched beforehand, so it is synchronous. */
export interface OnlineLookup {
  evaluate(key: string, specifier: string, arch: Arch, pythonVersion: string | null): OnlineEvaluation;
}

/**
 * How pip would fare on Alpine for `specifier`: pip takes the newest admitted release that has a file
 * it can install (a musllinux or pure wheel for this Python, or an sdist to build) and prefers a wheel.
 */
export function evaluateIndexProject(
  project: IndexProject,
  specifier: string,
  arch: Arch,
  pythonVersion: string | null,
): OnlineEvaluation {
  const pinned = specifierBounds(specifier)?.pinned ?? null;
  const pythonFull = pythonVersion ? `${pythonVersion}.999` : null;
  const usable = project.files.filter(
    (f) =>
      (!f.yanked || (pinned !== null && compareVersions(f.version, pinned) === 0)) &&
      (!pythonFull || !f.requiresPython || satisfies(pythonFull, f.requiresPython, { pre: true })) &&
      (f.kind === 'sdist' || wheelFitsPython(f, pythonVersion)),
  );
  const wheelFor = (f: IndexFile): 'pure' | 'wheel' | null =>
    f.kind !== 'wheel' ? null : isAny(f) ? 'pure' : isMusl(f, arch) ? 'wheel' : null;
  const byVersion = new Map<string, IndexFile[]>();
  for (const f of usable) {
    const list = byVersion.get(f.version) ?? [];
    list.push(f);
    byVersion.set(f.version, list);
  }
  const installable = [...byVersion.keys()].filter((v) =>
    byVersion.get(v)!.some((f) => f.kind === 'sdist' || wheelFor(f) !== null),
  );
  const musl = [...byVersion.keys()]
    .filter((v) => byVersion.get(v)!.some((f) => wheelFor(f) === 'wheel'))
    .filter((v) => satisfies(v, ''))
    .sort(compareVersions);
  const musllinuxSince = musl[0] ?? null;
  const base = { found: true, musllinuxSince, foundOn: project.foundOn };

  const version = pickVersion(installable, specifier);
  if (!version) {
    return { ...base, version: null, status: 'unavailable', olderWithoutWheels: false };
  }
  const files = byVersion.get(version)!;
  const status = files.some((f) => wheelFor(f) === 'pure')
    ? 'pure'
    : files.some((f) => wheelFor(f) === 'wheel')
      ? 'wheel'
      : 'build';
  const olderWithoutWheels =
    status === 'wheel' &&
    installable.some(
      (v) =>
        compareVersions(v, version) < 0 && satisfies(v, specifier) && !byVersion.get(v)!.some((f) => wheelFor(f) !== null),
    );
  return { ...base, version, status, olderWithoutWheels };
}

/** A lookup over projects fetched beforehand; keys never fetched or not found answer 'unknown'. */
export function onlineLookupFrom(projects: Map<string, IndexProject | null>): OnlineLookup {
  return {
    evaluate(key, specifier, arch, pythonVersion) {
      const project = projects.get(key);
      if (!project) {
        return { found: false, version: null, status: 'unknown', musllinuxSince: null, olderWithoutWheels: false, foundOn: [] };
      }
      return evaluateIndexProject(project, specifier, arch, pythonVersion);
    },
  };
}

// ---- responses ----

interface Pep691File {
  filename?: unknown;
  'requires-python'?: unknown;
  yanked?: unknown;
}

function filesFromJson(key: string, body: string, url: string): IndexFile[] {
  let doc: { files?: Pep691File[] };
  try {
    doc = JSON.parse(body) as { files?: Pep691File[] };
  } catch (error) {
    throw new OnlineError(url, 'invalid-response', `package index at ${url} sent invalid JSON`, { cause: error });
  }
  if (!doc || !Array.isArray(doc.files)) {
    throw new OnlineError(url, 'invalid-response', `package index at ${url} sent JSON without a "files" list`);
  }
  const out: IndexFile[] = [];
  for (const f of doc.files) {
    if (typeof f?.filename !== 'string') continue;
    const parsed = parseDistributionFilename(key, f.filename);
    if (!parsed) continue;
    const requiresPython = typeof f['requires-python'] === 'string' && f['requires-python'].trim() !== '' ? f['requires-python'] : null;
    out.push({ filename: f.filename, ...parsed, requiresPython, yanked: f.yanked !== undefined && f.yanked !== false });
  }
  return out;
}

const HTML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39);/g, (m) => HTML_ENTITIES[m] ?? m);
}

function filesFromHtml(key: string, body: string): IndexFile[] {
  const out: IndexFile[] = [];
  for (const m of body.matchAll(/<a\s([^>]*)>([^<]*)<\/a>/gi)) {
    const attrs = m[1];
    const filename = unescapeHtml(m[2].trim());
    const parsed = parseDistributionFilename(key, filename);
    if (!parsed) continue;
    const rp = /data-requires-python\s*=\s*"([^"]*)"/i.exec(attrs)?.[1];
    out.push({
      filename,
      ...parsed,
      requiresPython: rp ? unescapeHtml(rp) : null,
      yanked: /\sdata-yanked\b|^data-yanked\b/i.test(` ${attrs}`),
    });
  }
  return out;
}

// ---- fetching and the cache ----

interface CacheRecord {
  url: string;
  fetchedAt: number;
  status: 200 | 404;
  contentType: string;
  body: string;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.toString();
  } catch {
    return url;
  }
}

function projectUrl(indexUrl: string, key: string): string {
  return `${indexUrl.replace(/\/+$/, '')}/${key}/`;
}

function cachePath(cacheDir: string, url: string): string {
  return join(cacheDir, 'simple', `${createHash('sha256').update(url).digest('hex').slice(0, 40)}.json`);
}

function readCache(path: string, url: string, now: number, maxAgeMs: number): CacheRecord | null {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as CacheRecord;
    if (record.url !== url || typeof record.body !== 'string') return null;
    if (!(now - record.fetchedAt >= 0 && now - record.fetchedAt < maxAgeMs)) return null;
    return record;
  } catch {
    return null;
  }
}

function writeCache(path: string, record: CacheRecord): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileAtomic(path, JSON.stringify(record));
  } catch {
    // The cache only saves time: a read-only or full disk must not fail the lookup.
  }
}

// getaddrinfo's answers when the name cannot be resolved: no such host, or no DNS (offline, sandbox).
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);

/** What to tell the user when fetch fails before any HTTP answer. */
export function unreachableMessage(shownUrl: string, hostname: string, error: Error & { cause?: { code?: string; message?: string } }): string {
  const code = error.cause?.code;
  if (code && UNRESOLVED.has(code)) {
    return `could not resolve ${hostname} (no network or DNS); use --index-url to point at a reachable index`;
  }
  return `cannot reach the package index at ${shownUrl} (${code ?? error.cause?.message ?? error.message})`;
}

async function fetchPage(url: string, timeoutMs: number): Promise<{ status: 200 | 404; contentType: string; body: string }> {
  const shown = redact(url);
  const target = new URL(url);
  const headers: Record<string, string> = { Accept: ACCEPT, 'User-Agent': 'slimreq' };
  if (target.username || target.password) {
    // fetch refuses URLs with credentials: send them the way pip does, as basic auth.
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  let response: Response;
  try {
    response = await fetch(target, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw new OnlineError(shown, 'timeout', `package index did not answer within ${timeoutMs / 1000} s: ${shown}`, { cause: error });
    }
    throw new OnlineError(shown, 'unreachable', unreachableMessage(shown, target.hostname, err), { cause: error });
  }
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
    throw new OnlineError(
      shown,
      timedOut ? 'timeout' : 'unreachable',
      timedOut
        ? `package index did not answer within ${timeoutMs / 1000} s: ${shown}`
        : `package index at ${shown} closed the connection`,
      { cause: error },
    );
  }
  if (response.status === 404 || response.status === 410) return { status: 404, contentType: '', body: '' };
  if (!response.ok) {
    throw new OnlineError(shown, 'http', `package index at ${shown} answered HTTP ${response.status} ${response.statusText}`.trim());
  }
  return { status: 200, contentType: response.headers.get('content-type') ?? '', body };
}

async function fetchFiles(
  indexUrl: string,
  key: string,
  opts: Required<Pick<OnlineOptions, 'cacheDir' | 'maxAgeMs' | 'timeoutMs'>> & { now: () => number },
): Promise<IndexFile[] | null> {
  const url = projectUrl(indexUrl, key);
  const path = cachePath(opts.cacheDir, url);
  let record = readCache(path, url, opts.now(), opts.maxAgeMs);
  if (!record) {
    const page = await fetchPage(url, opts.timeoutMs);
    record = { url, fetchedAt: opts.now(), ...page };
    // Parse before caching so a malformed answer is not kept.
    if (record.status === 200) parseBody(key, record, redact(url));
    writeCache(path, record);
  }
  return record.status === 404 ? null : parseBody(key, record, redact(url));
}

function parseBody(key: string, record: CacheRecord, shownUrl: string): IndexFile[] {
  const type = record.contentType.toLowerCase();
  if (type.includes('json')) return filesFromJson(key, record.body, shownUrl);
  if (type.includes('html') || /^\s*<(!doctype|html)/i.test(record.body)) return filesFromHtml(key, record.body);
  throw new OnlineError(shownUrl, 'invalid-response', `package index at ${shownUrl} sent ${record.contentType || 'an unknown content type'}, not the simple API`);
}

/**
 * Fetches what every configured index lists for each key (normalized names), through the cache.
 * A key no index knows maps to null. Throws OnlineError when an index cannot be reached.
 */
export async function fetchIndexProjects(keys: string[], options: OnlineOptions = {}): Promise<Map<string, IndexProject | null>> {
  const result = new Map<string, IndexProject | null>();
  if (options.noIndex) {
    for (const key of keys) result.set(key, null);
    return result;
  }
  const indexes = [options.indexUrl ?? DEFAULT_INDEX_URL, ...(options.extraIndexUrls ?? [])];
  const settings = {
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    now: options.now ?? Date.now,
  };
  const queue = [...new Set(keys)];
  if (queue.length > 0) for (const index of indexes) options.onIndex?.(redact(index), queue.length);
  const worker = async (): Promise<void> => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      try {
        await fetchKey(key);
      } catch (error) {
        queue.length = 0; // one unreachable index fails the run: do not keep other workers asking
        throw error;
      }
    }
  };
  const fetchKey = async (key: string): Promise<void> => {
    {
      const files: IndexFile[] = [];
      const foundOn: string[] = [];
      for (const index of indexes) {
        const found = await fetchFiles(index, key, settings);
        if (found) {
          files.push(...found);
          foundOn.push(redact(index));
        }
      }
      result.set(key, foundOn.length > 0 ? { key, files, foundOn } : null);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, queue.length)) }, worker);
  await Promise.all(workers);
  return result;
}

/** Fetches `keys` and returns a lookup over the answers. */
export async function createOnlineLookup(keys: string[], options: OnlineOptions = {}): Promise<OnlineLookup> {
  return onlineLookupFrom(await fetchIndexProjects(keys, options));
}

/**
 * `slimreq alpine --online`: asks the indexes pip would use (requirements-file options, PIP_INDEX_URL,
 * PIP_EXTRA_INDEX_URL) about every package the catalog does not know, then evaluates.
 */
export async function evaluateAlpineOnline(
  project: Project,
  opts: Omit<AlpineOptions, 'online'> & { index?: OnlineOptions; env?: NodeJS.ProcessEnv },
): Promise<AlpineReport> {
  const { index, env, ...alpine } = opts;
  const keys = keysMissingFromCatalog(project, alpine.lookup, { debian: alpine.debian });
  const online = await createOnlineLookup(keys, { ...resolveIndexSettings(project, env), ...index });
  return evaluateAlpine(project, { ...alpine, online });
}
