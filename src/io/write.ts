// The one place slimreq writes files. Every write goes to a temporary file in the target's own
// directory (same filesystem, so the final rename is atomic), is flushed to disk, and only then
// replaces the target. A reader sees either the old file or the new one, never half of each.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export type WriteErrorReason =
  | 'is-directory'
  | 'parent-missing'
  | 'parent-not-directory'
  | 'permission-denied'
  | 'read-only'
  | 'no-space'
  | 'duplicate-path'
  | 'outside-root'
  | 'aborted'
  | 'io-error';

/** A file could not be written. Nothing was replaced unless `renamed` says otherwise. */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  constructor(
    readonly path: string,
    readonly reason: WriteErrorReason,
    detail: string,
    /** Targets that had already been replaced when a multi-file write failed part way through a rename. */
    readonly renamed: string[] = [],
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${path}: ${detail}`, options);
  }
}

export interface WriteOptions {
  /** File mode for the result. Default: the existing file's mode, or 0o666 minus the umask for a new file. */
  mode?: number;
  /**
   * Test seam: called after every temporary file is on disk and before the first rename.
   * Throwing here aborts the write exactly like a crash at that moment would, minus the leftovers.
   */
  beforeRename?: (temps: { path: string; temp: string }[]) => void;
}

export interface FileToWrite {
  path: string;
  content: string | Buffer;
  mode?: number;
  /**
   * The command-line flag by which the user named this path (`--dev-file`, `--output`, `--out-dir`,
   * `-o`). A named path may lie outside the root: explicit intent. Unset: the path came from the
   * repository (a default name, the configuration, a link) and must stay inside.
   */
  namedBy?: string;
  /** The flag that would let the user write there, for the refusal message. */
  allowFlag?: string;
}

/** Where a write may go: inside `root` (symlinks resolved), or anywhere the command line named. */
export interface WriteScope {
  root: string;
}

/** Writes one file atomically. Throws WriteError; the original file is untouched on failure. */
export function writeFileAtomic(
  path: string,
  content: string | Buffer,
  opts: WriteOptions & { scope?: WriteScope; namedBy?: string; allowFlag?: string } = {},
): void {
  writeFilesAtomic([{ path, content, mode: opts.mode, namedBy: opts.namedBy, allowFlag: opts.allowFlag }], {
    beforeRename: opts.beforeRename,
    scope: opts.scope,
  });
}

/**
 * Writes several files as one step: all temporary files first, then all renames. If any temporary
 * write fails, no target is replaced and every temporary file is removed.
 */
export function writeFilesAtomic(files: FileToWrite[], opts: Pick<WriteOptions, 'beforeRename'> & { scope?: WriteScope } = {}): void {
  const targets = files.map((file) => ({ ...file, target: resolveTarget(file.path) }));
  // Checked for every file before anything is written: a refused write leaves every file as it was.
  if (opts.scope) for (const t of targets) if (!t.namedBy) checkInsideRoot(t.path, opts.scope.root, t.allowFlag);
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.target)) throw new WriteError(t.path, 'duplicate-path', 'the same file is written twice in one step');
    seen.add(t.target);
  }

  const written: { path: string; target: string; temp: string }[] = [];
  try {
    for (const t of targets) {
      written.push({ path: t.path, target: t.target, temp: writeTemp(t.path, t.target, t.content, t.mode) });
    }
    opts.beforeRename?.(written.map(({ path, temp }) => ({ path, temp })));
  } catch (error) {
    removeTemps(written.map((w) => w.temp));
    if (error instanceof WriteError) throw error;
    const failed = written.length < targets.length ? targets[written.length].path : (targets[0]?.path ?? '');
    throw new WriteError(failed, 'aborted', `aborted before replacing any file (${describe(error)})`, [], { cause: error });
  }

  const renamed: string[] = [];
  for (let i = 0; i < written.length; i++) {
    const w = written[i];
    try {
      renameSync(w.temp, w.target);
      renamed.push(w.path);
    } catch (error) {
      removeTemps(written.slice(i).map((x) => x.temp));
      const { reason, detail } = classify(error);
      throw new WriteError(w.path, reason, detail, renamed, { cause: error });
    }
  }
  for (const dir of new Set(written.map((w) => dirname(w.target)))) syncDirectory(dir);
}

/** The real path of `path`: every link on the way resolved, including the file itself when it exists. */
function realPathOf(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    // Missing (or a dangling link): the real folder plus the name; a dangling link's target is read.
    try {
      if (lstatSync(abs).isSymbolicLink()) {
        const target = resolve(dirname(abs), readlinkSync(abs));
        return target === abs ? abs : realPathOf(target);
      }
    } catch {
      // not there at all
    }
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPathOf(parent), basename(abs));
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A repository's files decide where slimreq writes only inside the repository: the real target
 * (links resolved) must lie inside the real root.
 */
function checkInsideRoot(path: string, root: string, allowFlag: string | undefined): void {
  const realRoot = realPathOf(root);
  const real = realPathOf(path);
  if (isInside(realRoot, real)) return;
  const via = real === resolve(path) ? '' : ` (through a symbolic link, to ${real})`;
  const allow = allowFlag
    ? `name the path with ${allowFlag} to write there on purpose`
    : 'replace the link with a regular file to write it';
  throw new WriteError(path, 'outside-root', `it is outside ${root}${via}; slimreq writes outside the audited folder only where the command line names the path: ${allow}`);
}

/** Follows a symlink so the link stays a link and its target gets the new content. */
function resolveTarget(path: string): string {
  const abs = resolve(path);
  try {
    if (lstatSync(abs).isSymbolicLink()) return realpathSync(abs);
  } catch {
    // Missing target or dangling link: write at the path itself; errors surface when writing.
  }
  return abs;
}

function writeTemp(path: string, target: string, content: string | Buffer, mode: number | undefined): string {
  const dir = dirname(target);
  let existingMode: number | null = null;
  try {
    const st = statSync(target);
    if (st.isDirectory()) throw new WriteError(path, 'is-directory', 'it is a directory');
    existingMode = st.mode & 0o7777;
  } catch (error) {
    if (error instanceof WriteError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new WriteError(path, 'parent-not-directory', `${dir} is not a directory`);
    if (code !== 'ENOENT') throw toWriteError(path, error);
  }
  try {
    if (!statSync(dir).isDirectory()) throw new WriteError(path, 'parent-not-directory', `${dir} is not a directory`);
  } catch (error) {
    if (error instanceof WriteError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WriteError(path, 'parent-missing', `directory ${dir} does not exist`);
    if (code === 'ENOTDIR') throw new WriteError(path, 'parent-not-directory', `${dir} is not a directory`);
    throw toWriteError(path, error);
  }

  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o666);
  } catch (error) {
    throw toWriteError(path, error);
  }
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    const wanted = mode ?? existingMode;
    if (wanted !== null) fchmodSync(fd, wanted);
    fsyncSync(fd);
    closeSync(fd);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    removeTemps([temp]);
    throw toWriteError(path, error);
  }
  return temp;
}

function removeTemps(temps: string[]): void {
  for (const temp of temps) {
    try {
      unlinkSync(temp);
    } catch {
      // Best effort: the temp may never have been created.
    }
  }
}

/** Makes the rename itself durable. Not every platform can fsync a directory; that is not an error. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Unsupported (e.g. Windows): the data itself was already flushed.
  }
}

function toWriteError(path: string, error: unknown): WriteError {
  if (error instanceof WriteError) return error;
  const { reason, detail } = classify(error);
  return new WriteError(path, reason, detail, [], { cause: error });
}

function classify(error: unknown): { reason: WriteErrorReason; detail: string } {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EISDIR':
      return { reason: 'is-directory', detail: 'it is a directory' };
    case 'ENOENT':
      return { reason: 'parent-missing', detail: 'its directory does not exist' };
    case 'ENOTDIR':
      return { reason: 'parent-not-directory', detail: 'a parent path is not a directory' };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'permission-denied', detail: 'permission denied' };
    case 'EROFS':
      return { reason: 'read-only', detail: 'the file system is read-only' };
    case 'ENOSPC':
    case 'EDQUOT':
      return { reason: 'no-space', detail: 'no space left on the device' };
    default:
      return { reason: 'io-error', detail: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
