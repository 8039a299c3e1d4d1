import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/** Files larger than this are not parsed: no real manifest comes close, and reading one would stall. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export type ReadResult =
  | { ok: true; content: string }
  | { ok: false; message: string; line: number; column: number };

/**
 * Decodes manifest bytes as UTF-8 text. Binary content (NUL bytes), UTF-16/32 byte order marks and
 * invalid UTF-8 are refused with the line and column of the first offending byte, so the user can
 * find it. A UTF-8 BOM is kept: parsers decide what it means in their format.
 */
export function decodeText(bytes: Uint8Array): ReadResult {
  if (bytes.length >= 2) {
    const b0 = bytes[0];
    const b1 = bytes[1];
    if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
      return { ok: false, message: 'file is UTF-16 encoded; save it as UTF-8', line: 1, column: 1 };
    }
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const at = positionOf(bytes, nul);
    return { ok: false, message: 'file looks binary (contains a NUL byte); expected text', ...at };
  }
  try {
    return { ok: true, content: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const at = positionOf(bytes, bad);
    return { ok: false, message: 'file is not valid UTF-8; save it as UTF-8', ...at };
  }
}

/** Reads and decodes a text file; never throws. */
export function readText(absPath: string): ReadResult {
  try {
    const fd = openSync(absPath, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_MANIFEST_BYTES) {
        return {
          ok: false,
          message: `file is ${Math.round(size / 1024 / 1024)} MiB, over the ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB limit for manifests`,
          line: 1,
          column: 1,
        };
      }
      return decodeText(readFileSync(fd));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'unknown error'})`;
    return { ok: false, message: reason, line: 1, column: 1 };
  }
}

function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** Source files larger than this are generated code or data, not worth scanning for imports. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/**
 * The raw bytes of a source file for scanning, or null when it cannot be read or is larger than
 * `max`. One open, one read, no decoding: scanners work on bytes.
 */
export function readSourceBytes(absPath: string, max = MAX_SOURCE_BYTES): Buffer | null {
  try {
    const bytes = readFileSync(absPath);
    return bytes.length > max ? null : bytes;
  } catch {
    return null;
  }
}
