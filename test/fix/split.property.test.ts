import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DevTool } from '../../src/catalog/devtools.js';
import { planSplit, type SplitInput } from '../../src/fix/split.js';
import { parseRequirements } from '../../src/parse/requirements.js';
import type { LogicalLine } from '../../src/parse/requirements-types.js';

const TOOLS: Record<string, 'always' | 'usually'> = {
  pytest: 'always',
  'pytest-cov': 'always',
  black: 'always',
  mypy: 'always',
  'types-requests': 'always',
  ipython: 'usually',
};
function decide(key: string): DevTool | null {
  const certainty = TOOLS[key];
  return certainty ? { match: key, category: 'dev', certainty, rationale: 'test catalog', sources: [] } : null;
}

const NAMES = ['flask', 'requests', 'django', 'pytest', 'pytest-cov', 'black', 'mypy', 'types-requests', 'ipython', 'gunicorn'];
const requirementLine = fc
  .record({
    name: fc.constantFrom(...NAMES, 'Flask_Login', 'PyTest'),
    spec: fc.constantFrom('', '==1.0', '>=2,<3'),
    extras: fc.constantFrom('', '[extra]'),
    marker: fc.constantFrom('', ' ; python_version >= "3.8"'),
    hashes: fc.array(fc.stringMatching(/^[0-9a-f]{6}$/).map((h) => `--hash=sha256:${h}`), { maxLength: 2 }),
    comment: fc.constantFrom('', '  # note', '  # slimreq: ignore[dev-tool-in-production]'),
    continued: fc.boolean(),
    editable: fc.constantFrom(false, false, false, true),
  })
  .map((r) => {
    if (r.editable) return `-e git+https://example.com/${r.name}.git#egg=${r.name}`;
    const head = `${r.name}${r.extras}${r.spec}${r.marker}`;
    const hashes = r.hashes.length === 0 ? '' : r.continued ? ` \\\n    ${r.hashes.join(' \\\n    ')}` : ` ${r.hashes.join(' ')}`;
    return head + hashes + r.comment;
  });
const otherLine = fc.constantFrom(
  '',
  '',
  '# a comment',
  '# section',
  '    # indented comment',
  '--pre',
  '--index-url https://pypi.example/simple',
  '--find-links ./wheels',
  '-r base.txt',
  '-c constraints.txt',
  '--no-such-option',
  'flask[',
  './local_pkg-1.0-py3-none-any.whl',
);
const devFile = fc.constantFrom<string | null>(
  null,
  null,
  '',
  '-r requirements.txt\npytest==1.0\n',
  'ipython\n',
  '# dev tools\r\nblack\r\n',
  '-c requirements.txt\nmypy',
);
const scenario = fc.record({
  lines: fc.array(fc.oneof({ weight: 3, arbitrary: requirementLine }, { weight: 2, arbitrary: otherLine }), { maxLength: 16 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  devContent: devFile,
  link: fc.constantFrom<SplitInput['link']>('requirement', 'constraint', 'none'),
  include: fc.constantFrom<SplitInput['include']>('always', 'usually'),
  keep: fc.subarray(['pytest', 'black', 'flask']),
  move: fc.subarray(['requests', 'ipython', 'mypy']),
});

function count(lines: LogicalLine[], kinds: LogicalLine['kind'][]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) {
    if (!kinds.includes(l.kind)) continue;
    const key = l.raw.replace(/\r\n/g, '\n');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
const get = (m: Map<string, number>, k: string): number => m.get(k) ?? 0;

describe('planSplit properties', () => {
  it('loses nothing, moves every dev tool it should, keeps the file format, and is idempotent', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const content = (s.bom ? '\uFEFF' : '') + s.lines.join('\n').replace(/\n/g, s.eol) + (s.finalNewline && s.lines.length > 0 ? s.eol : '');
        const input: SplitInput = {
          content,
          devContent: s.devContent,
          fileName: 'requirements.txt',
          devFileName: 'requirements-dev.txt',
          link: s.link,
          include: s.include,
          keep: s.keep,
          move: s.move,
          decide,
        };
        const p = planSplit(input);
        expect(p.diagnostics.filter((d) => d.rule === 'split-verification-failed')).toEqual([]);

        const orig = parseRequirements(content).lines;
        const prod = parseRequirements(p.prod).lines;
        const dev = parseRequirements(p.dev).lines;
        const old = parseRequirements(s.devContent ?? '').lines;
        const duplicates = p.diagnostics.filter((d) => d.rule === 'split-duplicate').length;

        // Requirements and unparseable lines: each one is in exactly one output (or already was in the dev file).
        const [o, pr, dv, od] = [orig, prod, dev, old].map((ls) => count(ls, ['requirement', 'invalid']));
        let dropped = 0;
        for (const key of new Set([...o.keys(), ...pr.keys(), ...dv.keys()])) {
          const gap = get(o, key) - (get(pr, key) + get(dv, key) - get(od, key));
          expect(gap).toBeGreaterThanOrEqual(0);
          dropped += gap;
        }
        expect(dropped).toBe(duplicates);
        // Options, includes and unparseable lines never leave the production file; blank lines only
        // leave it along with a whole section.
        for (const kind of ['option', 'include', 'invalid'] as const) {
          expect(count(prod, [kind])).toEqual(count(orig, [kind]));
        }
        const blanks = (ls: LogicalLine[]): number => ls.filter((l) => l.kind === 'blank').length;
        expect(blanks(prod)).toBeLessThanOrEqual(blanks(orig));
        expect(blanks(prod) + blanks(dev) - blanks(old)).toBeGreaterThanOrEqual(blanks(orig));
        // Comments move or stay, never appear twice.
        const [oc, pc, dc, odc] = [orig, prod, dev, old].map((ls) => count(ls, ['comment']));
        for (const key of oc.keys()) {
          const placed = get(pc, key) + get(dc, key) - get(odc, key);
          if (duplicates === 0) expect(placed).toBe(get(oc, key));
          else expect(placed).toBeLessThanOrEqual(get(oc, key));
        }

        // Every dev tool that should move has moved, unless kept, suppressed, or in conflict with the dev file.
        const keep = new Set(s.keep);
        const conflicts = p.diagnostics.filter((d) => d.rule === 'split-conflict').map((d) => d.line);
        for (const line of prod) {
          const req = line.requirement;
          if (line.kind !== 'requirement' || !req) continue;
          const certainty = TOOLS[req.key];
          const shouldMove = s.move.includes(req.key) || certainty === 'always' || (certainty === 'usually' && s.include === 'usually');
          if (!shouldMove || keep.has(req.key)) continue;
          const suppressed = req.ignores.includes('dev-tool-in-production') && !s.move.includes(req.key);
          const original = orig.find((l) => l.raw.replace(/\r\n/g, '\n') === line.raw.replace(/\r\n/g, '\n'));
          expect(suppressed || conflicts.includes(original?.startLine ?? -1)).toBe(true);
        }

        // The production file keeps its BOM, line endings and final newline.
        expect(p.prod.startsWith('\uFEFF')).toBe(content.startsWith('\uFEFF'));
        const body = p.prod.replace(/^\uFEFF/, '');
        // (A blank last line keeps its line break: without it the line would vanish.)
        const endsWithBlankLine = /(^|\n)(\r\n|\n)$/.test(body);
        if (body !== '' && !endsWithBlankLine) expect(/(\r\n|\n)$/.test(body)).toBe(/(\r\n|\n)$/.test(content));
        if (content.includes('\r\n')) expect(/(^|[^\r])\n/.test(p.prod)).toBe(false);
        if (s.devContent === null && p.dev !== '') {
          expect(p.dev.startsWith('\uFEFF')).toBe(content.startsWith('\uFEFF'));
          if (content.includes('\r\n')) expect(/(^|[^\r])\n/.test(p.dev)).toBe(false);
        }

        // Idempotent.
        const again = planSplit({ ...input, content: p.prod, devContent: p.dev === '' && s.devContent === null ? null : p.dev });
        expect(again.moved).toEqual([]);
        expect(again.unchanged).toBe(true);
        expect(again.prod).toBe(p.prod);
      }),
      { numRuns: 400, seed: 424242 },
    );
  });
});
