import { describe, expect, it } from 'vitest';
import {
  detectEol,
  getEntry,
  getValue,
  ignoresFor,
  parseIgnoreComment,
  parseTomlDocument,
  positionAt,
  computeLineStarts,
  stringPosition,
} from '../../src/parse/toml.js';

function doc(text: string) {
  const r = parseTomlDocument(text);
  if (!r.ok) throw new Error(r.diagnostic.message);
  return r.doc;
}

describe('parseTomlDocument', () => {
  it('indexes tables, dotted keys, inline tables and array elements', () => {
    const d = doc('[a.b]\nc.d = { e = ["x", \'y\'] }\n');
    expect(getValue(d, ['a', 'b', 'c', 'd', 'e', 1])).toBe('y');
    expect(getEntry(d, ['a', 'b'])!.node.type).toBe('TOMLTable');
    expect(getEntry(d, ['a', 'b', 'c', 'd'])!.node.type).toBe('TOMLInlineTable');
    const y = getEntry(d, ['a', 'b', 'c', 'd', 'e', 1])!;
    expect(stringPosition(d, y.node)).toEqual({ line: 2, column: 20 });
    expect(getEntry(d, ['a', 'b', 'c', 'd', 'e'])!.keyNode).toMatchObject({ type: 'TOMLBare', name: 'e' });
  });

  it('turns errors into one diagnostic with 1-based positions', () => {
    const r = parseTomlDocument('a = 1\nb = "open\n');
    expect(r).toEqual({ ok: false, diagnostic: expect.objectContaining({ rule: 'manifest-parse-error', line: 2, column: 10 }) });
    const dup = parseTomlDocument('a = 1\n\na = 2\n');
    expect(dup.ok ? null : dup.diagnostic).toMatchObject({ line: 3, column: 1 });
    const date = parseTomlDocument('x = 1979-05-27\ny = 1979-02-30\n');
    expect(date.ok ? null : date.diagnostic).toMatchObject({ line: 2 });
  });

  it('drops a BOM so that columns match what editors show', () => {
    const d = doc('\uFEFFa = "v"\n');
    expect(d.content).toBe('a = "v"\n');
    expect(stringPosition(d, getEntry(d, ['a'])!.node)).toEqual({ line: 1, column: 6 });
  });

  it('detects the dominant line ending', () => {
    expect(detectEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectEol('a\nb\r\n')).toBe('\n');
  });

  it('maps offsets to positions', () => {
    const starts = computeLineStarts('ab\ncd\n');
    expect(positionAt(starts, 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt(starts, 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt(starts, 6)).toEqual({ line: 3, column: 1 });
  });
});

describe('suppression comments', () => {
  it('parses both forms', () => {
    expect(parseIgnoreComment(' slimreq: ignore[SR101, dev-tool-in-production]', false)).toEqual(['SR101', 'dev-tool-in-production']);
    expect(parseIgnoreComment(' slimreq ignore=a,b', true)).toEqual(['a', 'b']);
    // one reader for every file and place: the hadolint form works on the entry's own line too
    expect(parseIgnoreComment(' slimreq ignore=a,b', false)).toEqual(['a', 'b']);
    expect(parseIgnoreComment(' nothing here', true)).toEqual([]);
  });
  it('finds them on the entry lines and on a comment line above', () => {
    const d = doc('x = [\n  # slimreq ignore=r1\n  "a",  # slimreq: ignore[r2]\n  "b",\n]\n');
    expect(ignoresFor(d, 3, 3)).toEqual(['r2', 'r1']);
    expect(ignoresFor(d, 4, 4)).toEqual([]);
  });
});
