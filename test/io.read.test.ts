import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/io/read.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('decodeText', () => {
  it('decodes UTF-8 and keeps a BOM for the parser', () => {
    const r = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('flask\n')]));
    expect(r).toEqual({ ok: true, content: '\uFEFFflask\n' });
  });
  it('refuses binary content with the NUL byte position', () => {
    expect(decodeText(new Uint8Array([...Buffer.from('a\nbc'), 0, 1]))).toMatchObject({ ok: false, line: 2, column: 3 });
  });
  it('refuses invalid UTF-8 with its position', () => {
    expect(decodeText(new Uint8Array([...Buffer.from('ok\nfla'), 0xe9, ...Buffer.from('sk\n')]))).toMatchObject({
      ok: false,
      line: 2,
      column: 4,
      message: expect.stringContaining('UTF-8'),
    });
  });
  it('refuses UTF-16', () => {
    expect(decodeText(bytes(0xff, 0xfe, 0x66, 0x00))).toMatchObject({ ok: false, message: expect.stringContaining('UTF-16') });
  });
});
