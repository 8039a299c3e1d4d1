// Property tests for the requirements reader.
//
// Line invariant, made precise: let `body` be the content without a leading BOM, and let
// breaks(s) replace every line break Python's str.splitlines() knows (\r\n, \n, \r, \v, \f, \x1c,
// \x1d, \x1e, \x85, U+2028, U+2029) with '\n'. Then
//   - lines[0].startLine = 1, each next startLine = previous endLine + 1, startLine <= endLine,
//     and the last endLine is the number of physical lines;
//   - breaks(body) === lines.map((l) => breaks(l.raw)).join('\n') + (finalNewline ? '\n' : '');
//   - when the body uses only `eol` as line break, lines.map(raw).join(eol) (+ eol) === body exactly;
//   - there is exactly one diagnostic per 'invalid' line, inside that line's range.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequirements, splitPhysicalLines } from '../../src/parse/requirements.js';
import { compareCase, oracleUnavailable, readCase, runOracle, type OracleCase } from '../oracle/oracle.js';

const BREAKS = /\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/g;
const breaks = (s: string): string => s.replace(BREAKS, '\n');

function checkInvariants(content: string): void {
  const file = parseRequirements(content);
  const body = content.startsWith('\ufeff') ? content.slice(1) : content;
  expect(file.bom).toBe(content.startsWith('\ufeff'));
  const physicalCount = splitPhysicalLines(body).starts.length;
  let next = 1;
  for (const line of file.lines) {
    expect(line.startLine).toBe(next);
    expect(line.endLine).toBeGreaterThanOrEqual(line.startLine);
    next = line.endLine + 1;
    if (line.requirement) {
      expect(line.requirement.line).toBeGreaterThanOrEqual(line.startLine);
      expect(line.requirement.line).toBeLessThanOrEqual(line.endLine);
      expect(line.requirement.column).toBeGreaterThanOrEqual(1);
    }
  }
  expect(next - 1).toBe(physicalCount);
  expect(file.lines.map((l) => breaks(l.raw)).join('\n') + (file.finalNewline ? '\n' : '')).toBe(breaks(body));
  const otherBreaks = body.replace(file.eol === '\r\n' ? /\r\n/g : /\n/g, '');
  if (!/[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]/.test(otherBreaks)) {
    expect(file.lines.map((l) => l.raw).join(file.eol) + (file.finalNewline ? file.eol : '')).toBe(body);
  }
  const invalid = file.lines.filter((l) => l.kind === 'invalid');
  expect(file.diagnostics).toHaveLength(invalid.length);
  file.diagnostics.forEach((d, i) => {
    expect(d.rule).toBe('manifest-parse-error');
    expect(d.line).toBeGreaterThanOrEqual(invalid[i].startLine);
    expect(d.line).toBeLessThanOrEqual(invalid[i].endLine);
    expect(d.column).toBeGreaterThanOrEqual(1);
  });
}

// --- a model of valid requirements files --------------------------------------------------------

const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ0123456789');
const identifier = fc
  .tuple(alnum, fc.array(fc.tuple(fc.constantFrom('', '', '-', '_', '.', '--'), alnum), { maxLength: 6 }))
  .map(([first, rest]) => first + rest.map(([p, c]) => p + c).join(''));
const release = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }).map((n) => n.join('.'));
const clause = fc.oneof(
  fc.tuple(fc.constantFrom('==', '!=', '<=', '>=', '<', '>'), release).map(([op, v]) => op + v),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => `~=${a}.${b}`),
  release.map((v) => `==${v}.*`),
  fc.constantFrom('==1.0rc1', '>=2.0.post1', '<3.0.dev2', '==1.0+local.1'),
);
const markerVar = fc.constantFrom('python_version', 'sys_platform', 'os_name', 'platform_machine', 'extra', 'implementation_name');
const markerItem = fc
  .tuple(markerVar, fc.constantFrom('==', '!=', '<', '>=', '~=', 'in', 'not in'), fc.constantFrom('3.8', 'linux', 'posix', 'x86_64', 'test'), fc.boolean())
  .map(([v, op, val, dq]) => `${v} ${op} ${dq ? `"${val}"` : `'${val}'`}`);
const marker = fc
  .array(markerItem, { minLength: 1, maxLength: 3 })
  .chain((items) =>
    fc.tuple(fc.constant(items), fc.array(fc.constantFrom('and', 'or'), { minLength: items.length - 1, maxLength: items.length - 1 }), fc.boolean()),
  )
  .map(([items, ops, paren]) => {
    const text = items.map((item, i) => (i === 0 ? item : `${ops[i - 1]} ${item}`)).join(' ');
    return paren && items.length > 1 ? `(${text})` : text;
  });
const hex64 = fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 }).map((a) => a.join(''));

interface ModelRequirement {
  kind: 'requirement';
  name: string;
  extras: string[];
  clauses: string[];
  marker: string | null;
  hashes: string[];
  comment: string | null;
  continued: boolean;
  indent: string;
}
type ModelLine = ModelRequirement | { kind: 'comment'; text: string } | { kind: 'blank' } | { kind: 'option'; text: string };

const requirement: fc.Arbitrary<ModelRequirement> = fc.record({
  kind: fc.constant('requirement' as const),
  name: identifier,
  extras: fc.array(identifier, { maxLength: 2 }),
  // an `===` clause runs to the next whitespace (commas included), so it only comes alone
  clauses: fc.oneof({ weight: 9, arbitrary: fc.array(clause, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(['===1.0-custom']) }),
  marker: fc.option(marker, { nil: null }),
  hashes: fc.array(hex64.map((h) => `sha256:${h}`), { maxLength: 2 }),
  comment: fc.option(fc.constantFrom('pinned', 'see #123', 'via -r base.in', 'slimreq: ignore[SR101]'), { nil: null }),
  continued: fc.boolean(),
  indent: fc.constantFrom('', '', ' ', '\t'),
});
const modelLine: fc.Arbitrary<ModelLine> = fc.oneof(
  { weight: 6, arbitrary: requirement },
  { weight: 1, arbitrary: fc.constantFrom('# a comment', '#', '   # indented \\', '#-r nope.txt').map((text) => ({ kind: 'comment' as const, text })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'blank' as const }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('--index-url https://pypi.example/simple', '--pre', '--prefer-binary', '--trusted-host example.org', '--only-binary :all:')
      .map((text) => ({ kind: 'option' as const, text })),
  },
);
const model = fc.record({
  lines: fc.array(modelLine, { maxLength: 12 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
});

/** Renders the model; returns the text and, per requirement, the physical line it starts on. */
function render(m: { lines: ModelLine[]; eol: string; bom: boolean; finalNewline: boolean }): { text: string; starts: number[] } {
  const physical: string[] = [];
  const starts: number[] = [];
  for (const line of m.lines) {
    if (line.kind === 'blank') physical.push('');
    else if (line.kind === 'comment' || line.kind === 'option') physical.push(line.text);
    else {
      starts.push(physical.length + 1);
      const extras = line.extras.length ? `[${line.extras.join(', ')}]` : '';
      const spec = line.clauses.join(', ');
      const head = `${line.indent}${line.name}${extras}${spec ? ` ${spec}` : ''}${line.marker ? ` ; ${line.marker}` : ''}`;
      const comment = line.comment ? `  # ${line.comment}` : '';
      if (line.continued && line.hashes.length) {
        physical.push(`${head} \\`);
        line.hashes.forEach((h, i) => physical.push(`    --hash=${h}${i < line.hashes.length - 1 ? ' \\' : comment}`));
      } else {
        physical.push(`${head}${line.hashes.map((h) => ` --hash=${h}`).join('')}${comment}`);
      }
    }
  }
  let text = physical.join(m.eol);
  if (m.finalNewline && physical.length > 0) text += m.eol;
  return { text: (m.bom ? '\ufeff' : '') + text, starts };
}

describe('parseRequirements properties', () => {
  it('holds its line invariants on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkInvariants), { numRuns: 1500 });
  });

  it('holds its line invariants on strings made of requirement-file characters', () => {
    const piece = fc.constantFrom('foo', '==1.0', ' ', '\t', '\\', '#', '\n', '\r', '\r\n', '"', "'", ';', '@', '[', ']', '-e ', '-r ', '--hash=', 'sha256:ab', ' --', 'https://x/y', '#egg=z', '\u2028', '\f', '\ufeff', '(', ')', ',');
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((a) => a.join('')), checkInvariants), { numRuns: 3000 });
  });

  it('holds its line invariants on arbitrary bytes decoded as UTF-8', () => {
    const decoder = new TextDecoder('utf-8');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkInvariants(decoder.decode(bytes))), { numRuns: 1500 });
  });

  it('holds its line invariants on mutated valid files', () => {
    const mutation = fc.tuple(fc.nat(), fc.oneof(fc.constantFrom('\\', '#', '\r', '"', "'", '\\\n', ' #', '-', ';', '\n'), fc.constant(null)), fc.nat({ max: 8 }));
    fc.assert(
      fc.property(model, fc.array(mutation, { minLength: 1, maxLength: 6 }), (m, mutations) => {
        let text = render(m).text;
        for (const [at, insert, length] of mutations) {
          const pos = text.length === 0 ? 0 : at % (text.length + 1);
          text = insert === null ? text.slice(0, pos) + text.slice(pos + length) : text.slice(0, pos) + insert + text.slice(pos);
        }
        checkInvariants(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('reads generated valid files exactly as modelled', () => {
    fc.assert(
      fc.property(model, (m) => {
        const { text, starts } = render(m);
        checkInvariants(text);
        const file = parseRequirements(text);
        expect(file.diagnostics).toEqual([]);
        expect(file.bom).toBe(m.bom);
        // a last blank line without a newline is the previous line's newline: splitlines() has no line there
        const last = m.lines[m.lines.length - 1];
        if (last && !(last.kind === 'blank' && !m.finalNewline)) expect(file.finalNewline).toBe(m.finalNewline);
        if (text.includes('\n')) expect(file.eol).toBe(m.eol);
        const expected = m.lines.filter((l): l is ModelRequirement => l.kind === 'requirement');
        const got = file.lines.flatMap((l) => (l.requirement ? [l.requirement] : []));
        expect(got.map((r) => [r.name, r.extras, r.specifier, r.marker, r.hashes, r.line, r.column, r.ignores])).toEqual(
          expected.map((e, i) => [
            e.name,
            e.extras,
            e.clauses.join(','),
            e.marker,
            e.hashes,
            starts[i],
            e.indent.length + 1,
            e.comment?.startsWith('slimreq: ignore[') ? ['SR101'] : [],
          ]),
        );
      }),
      { numRuns: 800 },
    );
  });

  it('finishes on inputs built to make backtracking regular expressions explode', () => {
    const long = [
      `foo==${'1.'.repeat(20000)}x`,
      `foo==${'0'.repeat(50000)}a`,
      `foo; ${'('.repeat(3000)}`,
      `foo${'-_.'.repeat(20000)}`,
      `foo ${' '.repeat(50000)}#`,
      `foo==1.0${'-'.repeat(30000)}!`,
      `-e git+https://x/${'#egg='.repeat(10000)}`,
      `${'\\\n'.repeat(20000)}foo`,
      `foo; python_version == "${'"'.repeat(1)}${'a'.repeat(50000)}`,
      `foo ${"--hash=sha256:ab ".repeat(5000)}`,
      `foo~=${'1.'.repeat(20000)}`,
      `foo[${'a,'.repeat(20000)}`,
    ];
    for (const text of long) checkInvariants(text);
  });
});

const unavailable = oracleUnavailable();
describe.skipIf(unavailable !== null)('generated files through pip 23.2.1', () => {
  it('pip accepts 50 generated files and reads them as we do', () => {
    const files = fc.sample(model, { numRuns: 50, seed: 20240601 }).map((m) => render(m).text);
    const cases: OracleCase[] = files.map((text, i) => ({ id: `generated-${i}`, main: 'requirements.txt', files: { 'requirements.txt': text } }));
    const pip = runOracle(cases);
    const disagreements = cases.map((c, i) => ({ id: c.id, diffs: compareCase(readCase(c), pip[i]) })).filter((d) => d.diffs.length > 0);
    expect(pip.every((r) => r.ok)).toBe(true);
    expect(disagreements).toEqual([]);
  });

  it('agrees with pip on 1000 random token soups (paths aside)', () => {
    const piece = fc.constantFrom(
      'foo', 'Bar_1', '==1.0', '>=2', ' ', ' ', '\t', '\\', '#', '\n', '\r\n', '"', "'", ';', '; ', '@', '[x]', '[', ']', '-e ', '-r',
      '-c ', '--hash=', '--hash=sha256:ab', 'sha256:ab', ' --pre', '--index-url', 'https://x.org/y', 'https://x.org/p-1.0-py3-none-any.whl',
      'git+https://g/r.git', '#egg=z', 'python_version', " < '3'", 'and', 'or', '(', ')', ',', '.', './', 'a.tar.gz', '-C', 'k=v', '=',
      '${A}', '--', '-', ' # c', '~=1.0', '===x', '!=1.*', 'file:///tmp/x', '.whl', 'extra', ' in ', 'not in', '--editable=',
      '--requirement=', '--global-option',
    );
    const soups = fc.sample(fc.array(piece, { maxLength: 14 }).map((a) => a.join('')), { numRuns: 1000, seed: 508 });
    const cases: OracleCase[] = soups.map((text, i) => ({ id: `soup-${i}`, main: 'requirements.txt', files: { 'requirements.txt': text, 'setup.py': '' } }));
    const pip = runOracle(cases);
    // pip looks paths up on disk; this reader assumes a path-looking requirement names an existing
    // project directory, so refusals that only come from the disk are left out.
    const onDisk = /does not exist|is not a valid editable requirement|is not installable/;
    const disagreements = cases
      .map((c, i) => ({ text: c.files['requirements.txt'], diffs: compareCase(readCase(c), pip[i]), pip: pip[i] }))
      .filter((d) => d.diffs.length > 0 && !(d.pip.ok === false && onDisk.test(d.pip.error)));
    expect(pip.filter((r) => r.ok).length).toBeGreaterThan(200);
    expect(disagreements).toEqual([]);
  });
});
