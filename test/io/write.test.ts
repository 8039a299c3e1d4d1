import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteError, writeFileAtomic, writeFilesAtomic } from '../../src/io/write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slimreq-write-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

function catchWriteError(fn: () => void): WriteError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WriteError);
    return error as WriteError;
  }
  throw new Error('expected a WriteError');
}

describe('writeFileAtomic', () => {
  it('creates a new file with exactly the given bytes and leaves no temp behind', () => {
    const target = join(dir, 'requirements.txt');
    writeFileAtomic(target, '\uFEFFflask==3.0.0\r\npytest\r\n');
    expect(readFileSync(target)).toEqual(Buffer.from('\uFEFFflask==3.0.0\r\npytest\r\n', 'utf8'));
    expect(readdirSync(dir)).toEqual(['requirements.txt']);
  });

  it('writes Buffers as is', () => {
    const target = join(dir, 'bin.dat');
    writeFileAtomic(target, Buffer.from([0, 1, 2, 255]));
    expect([...readFileSync(target)]).toEqual([0, 1, 2, 255]);
  });

  it('replaces an existing file and keeps its mode', () => {
    const target = join(dir, 'requirements.txt');
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o640);
    writeFileAtomic(target, 'new\n');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('applies an explicit mode', () => {
    const target = join(dir, 'script.sh');
    writeFileAtomic(target, '#!/bin/sh\n', { mode: 0o755 });
    expect(statSync(target).mode & 0o777).toBe(0o755);
  });

  it('writes through a symlink, keeping the link', () => {
    const real = join(dir, 'real.txt');
    const link = join(dir, 'link.txt');
    writeFileSync(real, 'old\n');
    symlinkSync(real, link);
    writeFileAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
  });

  it('refuses a directory target with reason is-directory', () => {
    const target = join(dir, 'sub');
    mkdirSync(target);
    const error = catchWriteError(() => writeFileAtomic(target, 'x'));
    expect(error.reason).toBe('is-directory');
    expect(error.path).toBe(target);
    expect(error.message).toContain(target);
    expect(readdirSync(dir)).toEqual(['sub']);
  });

  it('refuses a missing parent directory with reason parent-missing', () => {
    const target = join(dir, 'nope', 'requirements.txt');
    const error = catchWriteError(() => writeFileAtomic(target, 'x'));
    expect(error.reason).toBe('parent-missing');
    expect(error.path).toBe(target);
  });

  it('refuses a parent that is a file with reason parent-not-directory', () => {
    writeFileSync(join(dir, 'file'), 'x');
    const error = catchWriteError(() => writeFileAtomic(join(dir, 'file', 'requirements.txt'), 'x'));
    expect(error.reason).toBe('parent-not-directory');
  });

  it.skipIf(isRoot)('refuses an unwritable directory with reason permission-denied', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'requirements.txt'), 'old\n');
    chmodSync(locked, 0o555);
    try {
      const error = catchWriteError(() => writeFileAtomic(join(locked, 'requirements.txt'), 'new\n'));
      expect(error.reason).toBe('permission-denied');
      expect(readFileSync(join(locked, 'requirements.txt'), 'utf8')).toBe('old\n');
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  // sysfs refuses new files even for root, which gives an unwritable directory on any Linux box.
  it.runIf(process.platform === 'linux' && existsSync('/sys/kernel'))(
    'refuses a directory that even root cannot write into',
    () => {
      const error = catchWriteError(() => writeFileAtomic('/sys/kernel/slimreq-requirements.txt', 'x'));
      expect(error.reason).toBe('permission-denied');
      expect(error.path).toBe('/sys/kernel/slimreq-requirements.txt');
    },
  );

  it('leaves the original intact and removes the temp when the write is aborted before the rename', () => {
    const target = join(dir, 'requirements.txt');
    writeFileSync(target, 'original\n');
    let seenTemp = '';
    const error = catchWriteError(() =>
      writeFileAtomic(target, 'replacement\n', {
        beforeRename: (temps) => {
          seenTemp = temps[0].temp;
          expect(readFileSync(seenTemp, 'utf8')).toBe('replacement\n');
          throw new Error('simulated crash');
        },
      }),
    );
    expect(error.reason).toBe('aborted');
    expect(error.renamed).toEqual([]);
    expect(seenTemp.startsWith(dir)).toBe(true);
    expect(existsSync(seenTemp)).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('original\n');
    expect(readdirSync(dir)).toEqual(['requirements.txt']);
  });
});

describe('writeFilesAtomic', () => {
  it('writes every file', () => {
    const a = join(dir, 'requirements.txt');
    const b = join(dir, 'requirements-dev.txt');
    writeFileSync(a, 'flask\npytest\n');
    writeFilesAtomic([
      { path: a, content: 'flask\n' },
      { path: b, content: '-r requirements.txt\npytest\n' },
    ]);
    expect(readFileSync(a, 'utf8')).toBe('flask\n');
    expect(readFileSync(b, 'utf8')).toBe('-r requirements.txt\npytest\n');
    expect(readdirSync(dir).sort()).toEqual(['requirements-dev.txt', 'requirements.txt']);
  });

  it('replaces nothing when one temp write fails, and removes the temps already written', () => {
    const a = join(dir, 'requirements.txt');
    writeFileSync(a, 'flask\npytest\n');
    mkdirSync(join(dir, 'dev'));
    const error = catchWriteError(() =>
      writeFilesAtomic([
        { path: a, content: 'flask\n' },
        { path: join(dir, 'dev'), content: 'pytest\n' },
      ]),
    );
    expect(error.reason).toBe('is-directory');
    expect(error.path).toBe(join(dir, 'dev'));
    expect(readFileSync(a, 'utf8')).toBe('flask\npytest\n');
    expect(readdirSync(dir).sort()).toEqual(['dev', 'requirements.txt']);
  });

  it('replaces nothing when aborted between the temp writes and the renames', () => {
    const a = join(dir, 'requirements.txt');
    const b = join(dir, 'requirements-dev.txt');
    writeFileSync(a, 'flask\npytest\n');
    writeFileSync(b, 'ipython\n');
    let temps: string[] = [];
    const error = catchWriteError(() =>
      writeFilesAtomic(
        [
          { path: a, content: 'flask\n' },
          { path: b, content: 'ipython\npytest\n' },
        ],
        {
          beforeRename: (t) => {
            temps = t.map((x) => x.temp);
            throw new Error('disk unplugged');
          },
        },
      ),
    );
    expect(error.reason).toBe('aborted');
    expect(error.message).toContain('disk unplugged');
    expect(temps).toHaveLength(2);
    for (const t of temps) expect(existsSync(t)).toBe(false);
    expect(readFileSync(a, 'utf8')).toBe('flask\npytest\n');
    expect(readFileSync(b, 'utf8')).toBe('ipython\n');
    expect(readdirSync(dir).sort()).toEqual(['requirements-dev.txt', 'requirements.txt']);
  });

  it('refuses the same target twice', () => {
    const a = join(dir, 'requirements.txt');
    const error = catchWriteError(() =>
      writeFilesAtomic([
        { path: a, content: 'x' },
        { path: join(dir, '.', 'requirements.txt'), content: 'y' },
      ]),
    );
    expect(error.reason).toBe('duplicate-path');
    expect(existsSync(a)).toBe(false);
  });
});
