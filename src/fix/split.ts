// `slimreq split`: moves development tools out of a production requirements file into a dev file.
// Pure: contents in, contents out. The io module writes the result; nothing here touches the disk.
//
// What moves, and what stays (byte for byte):
// - A requirement moves when the catalog says it is always a dev tool, or usually one with
//   `include: 'usually'`, or when named by `move`; never when named by `keep` or suppressed on its line
//   with `# slimreq: ignore[dev-tool-in-production]`. It takes its whole logical line: continuations,
//   `--hash` options, marker, inline comment.
// - Comment blocks: a block of comment lines directly above a run of requirements (no blank line,
//   option or include in between) describes that run. It moves with the run only when every
//   requirement of the run moves; above a run where something stays, it stays. The generated header
//   of a pip-compile/uv file never moves. A block separated by a blank line belongs to nothing and stays.
//   A whole section that moves (blank line, block, requirements, then a blank line or the end of the
//   file) takes its leading blank line along, so FILE is not left with a double gap.
// - In pip-compile/uv output, the indented `# via` annotations below a requirement belong to it and
//   move with it, and pinned packages there only for dev tools move too (see pip-compile.ts). A
//   catalog tool there moves only when every package its `# via` names moves as well; one that a
//   staying package needs (`black  # via datamodel-code-generator`) stays and is listed for review.
// - Unparseable lines never move; they are reported with file:line.
// - Global options, -r/-c lines, other blank lines and other comments stay. The dev file starts with a link
//   to the production file (`-r`, or `-c` with link 'constraint'). pip applies the global options
//   (--index-url, --extra-index-url, --find-links, --trusted-host, --pre, --require-hashes, …) of an
//   included file, whether it is included with -r or -c (pip/_internal/req/req_file.py: every nested
//   line goes through handle_option_line with the same finder and options), so a linked dev file gets
//   them through the link. With link 'none' the option lines and -c lines are copied into the dev file.
// - Line endings, BOM and final newline are kept in the production file; a new dev file takes the
//   production file's; an existing dev file keeps its own and is only appended to (the link line is
//   added on top when it has no -r/-c to the production file).
//
// Before returning, the plan is checked by parsing both outputs again: every original logical line
// is in exactly one output, and the requirements (name, specifier, extras, marker, url, hashes,
// editable) of the production file plus the added part of the dev file are exactly the original's.
// A failed check returns the original unchanged with a 'split-verification-failed' diagnostic.
import { posix } from 'node:path';
import type { Diagnostic } from '../model.js';
import type { LogicalLine, RequirementLine, RequirementsFile } from '../parse/requirements-types.js';
import { parseRequirements } from '../parse/requirements.js';
import { normalizeName } from '../catalog/names.js';
import { lookupDevTool, type Certainty, type DevTool } from '../catalog/devtools.js';
import { describeLoop, includeTarget, overlayReader, reaches, walkIncludes, type ReadRequirementsFile } from './includes.js';
import { DEV_TOOL_RULE, suppresses } from '../parse/suppression.js';
import { detectCompiled, devOnlyTransitives, sourceInOf, stayingParents, type CompiledFile, type CompileTool } from './pip-compile.js';

export type SplitLink = 'requirement' | 'constraint' | 'none';

export interface SplitInput {
  /** Content of the production requirements file (FILE). */
  content: string;
  /** Content of the dev file when it exists, else null. */
  devContent: string | null;
  /** FILE's path, relative to the root or cwd, '/'-separated. */
  fileName: string;
  /** The dev file's path, in the same terms as fileName. */
  devFileName: string;
  link: SplitLink;
  include: Certainty;
  /** Names that never move. */
  keep: string[];
  /** Names that always move. */
  move: string[];
  /** The catalog; defaults to lookupDevTool. */
  decide?: (key: string) => DevTool | null;
  /** Content of the `.in` file beside a pip-compile/uv output (FILE with `.txt` -> `.in`), when it exists. */
  siblingIn?: string | null;
  /** Content of the dev `.in` file (dev file with `.txt` -> `.in`), when it exists. */
  siblingDevIn?: string | null;
  /**
   * Reads the other requirements files that `-r`/`-c` lines name (paths in the same terms as
   * fileName), so the checks follow includes as pip does; without it they are not followed.
   */
  readFile?: ReadRequirementsFile;
}

export interface MovedRequirement {
  name: string;
  key: string;
  /** 1-based line in FILE. */
  line: number;
  reason: string;
  certainty: Certainty;
}

export interface ReviewRequirement {
  name: string;
  key: string;
  line: number;
  reason: string;
}

export interface SplitPlan {
  /** New content of FILE. */
  prod: string;
  /** New content of the dev file ('' when there is nothing to write and no dev file existed). */
  dev: string;
  moved: MovedRequirement[];
  /** Tools that are usually dev-only, left in place: a person should decide. */
  review: ReviewRequirement[];
  /** True when neither file changes: write nothing. */
  unchanged: boolean;
  diagnostics: Diagnostic[];
  pipCompile?: {
    tool: CompileTool;
    /** Input files named by the header or the annotations. */
    sources: string[];
    /** Names of pinned packages moved because only dev tools need them. */
    transitive: string[];
    /**
     * The `.in` source beside FILE, set only when the input carried it and its split moves at least one
     * line: split that file instead, then compile again.
     */
    sourceIn?: string;
    /** The same split applied to the `.in` source whenever the input carried it (dev side: `devFileName` with `.txt` -> `.in`). */
    sourceInPlan?: SplitPlan;
  };
}

type Eol = '\n' | '\r\n';

/** One logical line as it sits in the content: its exact text and the line break after it. */
interface Segment {
  text: string;
  terminator: string;
}

interface Layout {
  prefix: string;
  segments: Segment[];
}

export function planSplit(input: SplitInput): SplitPlan {
  const diagnostics: Diagnostic[] = [];
  const decide = input.decide ?? lookupDevTool;
  const fileName = toPosix(input.fileName);
  const devFileName = toPosix(input.devFileName);
  const original = parseRequirements(input.content);
  const unchangedPlan = (extra: Diagnostic[] = []): SplitPlan => ({
    prod: input.content,
    dev: input.devContent ?? '',
    moved: [],
    review: [],
    unchanged: true,
    diagnostics: [...diagnostics, ...extra],
  });

  if (posix.normalize(fileName) === posix.normalize(devFileName)) {
    return unchangedPlan([diag('split-same-file', 1, `${fileName}: the dev file is the production file itself; choose another dev file name`)]);
  }

  const layout = locate(input.content, original);
  if (!layout) {
    return unchangedPlan([diag('split-verification-failed', 1, `${fileName}: the parsed lines do not match the file's text; nothing was split`)]);
  }

  const lines = original.lines;
  for (const line of lines) {
    if (line.kind !== 'invalid') continue;
    const why = original.diagnostics.find((d) => d.line >= line.startLine && d.line <= line.endLine);
    diagnostics.push(
      diag('split-unparseable-line', line.startLine, `${fileName}:${line.startLine}: ${why?.message ?? 'pip cannot parse this line'}; left in place`, why?.column ?? 1),
    );
  }
  // pip follows -r/-c without a guard against loops: files that include each other cannot be read at all.
  const readBefore = overlayReader(input.readFile, { [fileName]: input.content, [devFileName]: input.devContent });
  for (const root of input.devContent === null ? [fileName] : [fileName, devFileName]) {
    const walk = walkIncludes(root, readBefore);
    if (!walk.ok) {
      return unchangedPlan([
        diag(
          'split-include-loop',
          1,
          `${root}: its -r/-c lines form a loop (${describeLoop(walk.loop)}) and pip fails on it with RecursionError; remove one of these links, then split`,
        ),
      ]);
    }
  }
  // A link from the dev file back to FILE would close a loop when FILE already reads the dev file.
  const prodReachesDev = reaches(fileName, devFileName, readBefore);
  for (const line of lines) {
    if (line.kind !== 'include' || !line.include) continue;
    const target = includeTarget(fileName, line.include.target);
    if (target === null) continue;
    if (target === posix.normalize(devFileName)) {
      diagnostics.push(
        diag('split-prod-includes-dev', line.startLine, `${fileName}:${line.startLine} includes ${devFileName}: production installs would still pull in everything moved there`),
      );
    } else if (reaches(target, devFileName, readBefore)) {
      diagnostics.push(
        diag('split-prod-includes-dev', line.startLine, `${fileName}:${line.startLine} includes ${target}, which includes ${devFileName}: production installs would still pull in everything moved there`),
      );
    }
  }

  const keep = new Set(input.keep.map(normalizeName));
  const force = new Set(input.move.map(normalizeName));
  for (const key of keep) {
    if (force.has(key)) diagnostics.push(diag('split-keep-and-move', 1, `${key} is named by both --keep and --move; it stays`));
  }
  const present = new Set(lines.map((l) => l.requirement?.key).filter((k): k is string => !!k));
  for (const name of [...input.keep, ...input.move]) {
    if (!present.has(normalizeName(name))) diagnostics.push(diag('split-unknown-name', 1, `${name} is not a requirement in ${fileName}`));
  }

  // 1. Decide each requirement line on its own.
  const moving = new Map<number, { reason: string; certainty: Certainty }>();
  const pinned = new Set<number>();
  const forced = new Set<number>();
  const categoryOf = new Map<number, string>();
  const review: ReviewRequirement[] = [];
  lines.forEach((line, index) => {
    const req = line.kind === 'requirement' ? line.requirement : undefined;
    if (!req || !req.key) return;
    if (keep.has(req.key)) {
      pinned.add(index);
      return;
    }
    const tool = decide(req.key);
    if (force.has(req.key)) {
      moving.set(index, { reason: 'named by --move', certainty: tool?.certainty ?? 'always' });
      forced.add(index);
      return;
    }
    if (suppresses(req.ignores, DEV_TOOL_RULE)) {
      pinned.add(index);
      return;
    }
    if (!tool) return;
    // Category names read as nouns: 'test runner', 'type stubs', 'formatter'.
    const category = tool.category.replace(/-/g, ' ');
    categoryOf.set(index, `${category}, catalog: ${tool.match}`);
    if (tool.certainty === 'always' || input.include === 'usually') {
      moving.set(index, { reason: `${category} (catalog: ${tool.match})`, certainty: tool.certainty });
    } else {
      pinned.add(index);
      review.push({
        name: req.name,
        key: req.key,
        line: line.startLine,
        reason: `usually a development tool (${category}), sometimes needed at run time; move it with --move ${req.name} or --include usually`,
      });
    }
  });

  // In pip-compile/uv output, a catalog tool that a staying package needs at run time stays
  // (`black==24.8.0  # via datamodel-code-generator`): it moves only when every package its `# via`
  // names moves too. Source roots (`-r requirements.in`, `-r dev.in`, `myapp (pyproject.toml)`) do
  // not hold it back: a tool declared there directly is the mistake this command fixes. Tools named
  // by --move move regardless. Runs again after the dev file check, which may keep more in place.
  const compiled = detectCompiled(lines);
  const dropped = new Set<number>();
  const keepRuntimeNeeded = (): void => {
    if (!compiled) return;
    for (let changed = true; changed; ) {
      changed = false;
      const leaving = new Set(moving.keys());
      for (const t of devOnlyTransitives(lines, compiled, leaving, pinned)) leaving.add(t.index);
      const leavingKeys = new Set<string>();
      const stayingKeys = new Set<string>();
      lines.forEach((l, i) => {
        const key = l.kind === 'requirement' ? l.requirement?.key : undefined;
        if (key) (leaving.has(i) ? leavingKeys : stayingKeys).add(key);
      });
      for (const key of stayingKeys) leavingKeys.delete(key);
      for (const index of [...moving.keys()]) {
        if (forced.has(index)) continue;
        const staying = stayingParents(compiled, index, leavingKeys);
        if (staying.length === 0) continue;
        const req = lines[index].requirement!;
        moving.delete(index);
        pinned.add(index);
        if (dropped.delete(index)) {
          const at = diagnostics.findIndex((d) => d.rule === 'split-duplicate' && d.line === lines[index].startLine);
          if (at >= 0) diagnostics.splice(at, 1);
        }
        review.push({
          name: req.name,
          key: req.key,
          line: lines[index].startLine,
          reason: `needed by ${staying.join(', ')} at run time, so it stays (${categoryOf.get(index) ?? 'dev tool'})`,
        });
        changed = true;
      }
    }
  };
  keepRuntimeNeeded();

  // 2. The existing dev file: a requirement already there is not added twice.
  const devParsed = input.devContent !== null ? parseRequirements(input.devContent) : null;
  const devSignatures = new Map<string, { sig: string; line: number }[]>();
  for (const line of devParsed?.lines ?? []) {
    const req = line.kind === 'requirement' ? line.requirement : undefined;
    if (req?.key) devSignatures.set(req.key, [...(devSignatures.get(req.key) ?? []), { sig: signature(req, line), line: line.startLine }]);
  }
  let conflicts = 0;
  for (const index of [...moving.keys()]) {
    const line = lines[index];
    const req = line.requirement!;
    const existing = devSignatures.get(req.key);
    if (!existing) continue;
    const same = existing.find((e) => e.sig === signature(req, line));
    if (same) {
      dropped.add(index);
      diagnostics.push(
        diag('split-duplicate', line.startLine, `${fileName}:${line.startLine}: ${req.name} is already in ${devFileName}:${same.line} as written; removed from ${fileName}, not added again`),
      );
    } else {
      moving.delete(index);
      pinned.add(index);
      conflicts++;
      diagnostics.push(
        diag('split-conflict', line.startLine, `${fileName}:${line.startLine}: ${req.name} is already in ${devFileName}:${existing[0].line} with a different specification; left in place, reconcile the two by hand`),
      );
    }
  }

  if (conflicts > 0) keepRuntimeNeeded();
  review.sort((a, b) => a.line - b.line);

  // 3. pip-compile/uv output: take along what only dev tools need.
  const transitive: string[] = [];
  if (compiled && moving.size > 0) {
    for (const t of devOnlyTransitives(lines, compiled, new Set(moving.keys()), pinned)) {
      const req = lines[t.index].requirement!;
      const via = new Set(t.neededBy.map(normalizeName));
      const weak = [...moving].some(([i, why]) => why.certainty === 'usually' && via.has(lines[i].requirement?.key ?? ''));
      moving.set(t.index, { reason: `pinned only for ${t.neededBy.join(', ')}`, certainty: weak ? 'usually' : 'always' });
      transitive.push(req.name);
      const existing = devSignatures.get(req.key);
      if (existing?.some((e) => e.sig === signature(req, lines[t.index]))) dropped.add(t.index);
      else if (existing) {
        moving.delete(t.index);
        transitive.pop();
        diagnostics.push(diag('split-conflict', lines[t.index].startLine, `${fileName}:${lines[t.index].startLine}: ${req.name} is already in ${devFileName} with a different pin; left in place`));
      }
    }
  }

  if (moving.size === 0) {
    const plan = unchangedPlan();
    plan.review = review;
    if (compiled) plan.pipCompile = compiledInfo(input, compiled, [], fileName, devFileName);
    return plan;
  }

  // 4. Whole units: requirement + its comment block above + its annotations below.
  const units = buildUnits(lines, compiled, new Set(moving.keys()));
  const movedIndexes = new Set<number>();
  const droppedIndexes = new Set<number>();
  for (const [index, unit] of units) {
    for (const i of unit) (dropped.has(index) ? droppedIndexes : movedIndexes).add(i);
  }

  // 5. The production file: everything that does not move, exactly as it was.
  const prod = assemble(layout, original, (i) => !movedIndexes.has(i) && !droppedIndexes.has(i));

  // 6. The dev file.
  const devEol: Eol = devParsed && input.devContent !== '' ? devParsed.eol : original.eol;
  const added: { kind: LogicalLine['kind']; raw: string }[] = [];
  const movedText: string[] = [];
  let previous = -1;
  for (const i of [...movedIndexes].sort((a, b) => a - b)) {
    // A moved comment block that was apart from the previous moved line stays apart.
    if (previous >= 0 && i !== previous + 1 && lines[i].kind === 'comment') {
      movedText.push('');
      added.push({ kind: 'blank', raw: '' });
    }
    movedText.push(convertEol(layout.segments[i].text, devEol));
    previous = i;
  }
  const header: string[] = [];
  const devDir = posix.dirname(devFileName);
  // Already linked when the dev file reads FILE, directly or through another file.
  const linksToFile = devParsed !== null && reaches(devFileName, fileName, readBefore);
  if (input.link !== 'none' && !linksToFile && prodReachesDev) {
    diagnostics.push(
      diag(
        'split-link-skipped',
        1,
        `${devFileName} gets no ${input.link === 'constraint' ? '-c' : '-r'} ${posix.basename(fileName)} line: ${fileName} already includes it, and a link back would be a loop pip cannot read (RecursionError)`,
      ),
    );
  }
  if (input.link !== 'none' && !linksToFile && !prodReachesDev) {
    const flag = input.link === 'constraint' ? '-c' : '-r';
    const raw = `${flag} ${quoteArg(posix.relative(devDir, fileName) || posix.basename(fileName))}`;
    header.push(raw);
    added.push({ kind: 'include', raw });
  }
  const copied: string[] = [];
  if (input.link === 'none') {
    const have = new Set((devParsed?.lines ?? []).filter((l) => l.kind === 'option' || l.kind === 'include').map(optionIdentity));
    for (const [index, line] of lines.entries()) {
      const isConstraint = line.kind === 'include' && line.include?.kind === 'constraint';
      if (line.kind !== 'option' && !isConstraint) continue;
      const raw = rebaseLine(line, posix.dirname(fileName), devDir, layout.segments[index].text, devEol);
      if (have.has(optionIdentity(line))) continue;
      // A constraints file that reads the dev file would make the copy a loop.
      const target = isConstraint ? includeTarget(fileName, line.include!.target) : null;
      if (target !== null && reaches(target, devFileName, readBefore)) continue;
      have.add(optionIdentity(line));
      copied.push(raw);
      added.push({ kind: line.kind, raw });
    }
  }

  let dev: string;
  if (devParsed === null || input.devContent === '') {
    const bom = original.bom ? '\uFEFF' : '';
    const top = [...header, ...copied];
    const separate = top.length > 0 && movedText.length > 0 && movedText[0].trim() !== '';
    const body = separate ? [...top, '', ...movedText] : [...top, ...movedText];
    if (separate) added.push({ kind: 'blank', raw: '' });
    dev = bom + body.join(devEol) + (original.finalNewline && body.length > 0 ? devEol : '');
  } else if (movedText.length === 0) {
    // Only duplicates of what the dev file already has: it stays exactly as it is.
    dev = input.devContent!;
    added.length = 0;
  } else {
    const existing = input.devContent!;
    const bom = existing.startsWith('\uFEFF') ? '\uFEFF' : '';
    const rest = existing.slice(bom.length);
    const endsWithNewline = /(\r\n|\n|\r)$/.test(rest);
    let top = header.map((h) => h + devEol).join('');
    if (top !== '' && rest !== '' && !/^[ \t]*(\r\n|\n|\r|$)/.test(rest)) {
      top += devEol;
      added.push({ kind: 'blank', raw: '' });
    }
    const body = rest === '' || endsWithNewline ? rest : rest + devEol;
    const appended = [...copied, ...movedText];
    const gap = body !== '' && lastPhysicalLine(body).trim() !== '' && appended[0].trim() !== '' ? devEol : '';
    if (gap) added.push({ kind: 'blank', raw: '' });
    const trailing = endsWithNewline || (rest === '' && original.finalNewline) ? devEol : '';
    dev = bom + top + body + gap + appended.join(devEol) + trailing;
  }

  const moved: MovedRequirement[] = [...moving]
    .filter(([index]) => movedIndexes.has(index) || droppedIndexes.has(index))
    .sort((a, b) => a[0] - b[0])
    .map(([index, why]) => {
      const req = lines[index].requirement!;
      return { name: req.name, key: req.key, line: lines[index].startLine, reason: why.reason, certainty: why.certainty };
    });

  // 7. Checks that decide whether this plan may be written.
  if (compiled) {
    const from = sourceInOf(compiled) ?? compiled.sources[0];
    diagnostics.push(
      diag('split-compiled-file', 1, `${fileName} is generated by ${compiled.tool === 'uv' ? 'uv' : 'pip-compile'}${from ? ` from ${from}` : ''}; split the source too, or the next compile brings the moved packages back`),
    );
  }
  if (input.link === 'constraint') diagnostics.push(...constraintLinkProblems(parseRequirements(prod), fileName));
  if (compiled && input.link === 'none' && hashMode(original)) {
    const missing = sharedDependencies(lines, compiled, new Set(movedIndexes));
    if (missing.length > 0) {
      diagnostics.push(
        diag('split-hash-dependencies', 1, `${devFileName} uses hashes but does not link ${fileName}; installed alone it lacks ${missing.join(', ')}, which pip's hash-checking mode requires; use --link requirement`),
      );
    }
  }

  const problem = verify({
    fileName,
    devFileName,
    readBefore,
    readAfter: overlayReader(input.readFile, { [fileName]: prod, [devFileName]: dev }),
    original,
    prod: parseRequirements(prod),
    dev: parseRequirements(dev),
    devBefore: devParsed,
    added,
    moved: movedIndexes,
    dropped: droppedIndexes,
  });
  if (problem) {
    return unchangedPlan([diag('split-verification-failed', 1, `${fileName}: the split would change what pip installs (${problem}); nothing was split`)]);
  }

  const plan: SplitPlan = {
    prod,
    dev,
    moved,
    review,
    unchanged: prod === input.content && dev === (input.devContent ?? ''),
    diagnostics,
  };
  if (compiled) plan.pipCompile = compiledInfo(input, compiled, transitive, fileName, devFileName);
  return plan;
}

function compiledInfo(
  input: SplitInput,
  compiled: CompiledFile,
  transitive: string[],
  fileName: string,
  devFileName: string,
): NonNullable<SplitPlan['pipCompile']> {
  const info: NonNullable<SplitPlan['pipCompile']> = { tool: compiled.tool, sources: compiled.sources, transitive };
  if (input.siblingIn !== undefined && input.siblingIn !== null) {
    const sourceIn = swapExtension(fileName, '.in');
    info.sourceInPlan = planSplit({
      ...input,
      content: input.siblingIn,
      devContent: input.siblingDevIn ?? null,
      fileName: sourceIn,
      devFileName: swapExtension(devFileName, '.in'),
      siblingIn: null,
      siblingDevIn: null,
    });
    // Advise splitting the source only when that would move something.
    if (!info.sourceInPlan.unchanged && info.sourceInPlan.moved.length > 0) info.sourceIn = sourceIn;
  }
  return info;
}

function swapExtension(path: string, ext: string): string {
  return /\.txt$/i.test(path) ? path.replace(/\.txt$/i, ext) : path + ext;
}

/**
 * Maps each requirement line that moves to the lines that travel with it. A comment block above a
 * run of requirements goes with the run's first requirement when the whole run moves.
 */
function buildUnits(lines: LogicalLine[], compiled: CompiledFile | null, moving: Set<number>): Map<number, number[]> {
  const annotations = new Map<number, number[]>();
  for (const [comment, owner] of compiled?.annotationOf ?? []) annotations.set(owner, [...(annotations.get(owner) ?? []), comment]);
  const header = new Set(compiled?.header ?? []);
  const isAnnotation = (i: number): boolean => compiled?.annotationOf.has(i) ?? false;

  const units = new Map<number, number[]>();
  let i = 0;
  while (i < lines.length) {
    if (lines[i].kind !== 'requirement') {
      i++;
      continue;
    }
    const run: number[] = [];
    let j = i;
    while (j < lines.length && (lines[j].kind === 'requirement' || isAnnotation(j))) {
      if (lines[j].kind === 'requirement') run.push(j);
      j++;
    }
    const block: number[] = [];
    for (let k = i - 1; k >= 0 && lines[k].kind === 'comment' && !header.has(k) && !isAnnotation(k); k--) block.unshift(k);
    const wholeRunMoves = run.every((r) => moving.has(r));
    for (const r of run) {
      if (!moving.has(r)) continue;
      const withBlock = wholeRunMoves && r === run[0] && block.length > 0;
      // A section (blank line, comment block, requirements, blank line or end of file) that moves
      // entirely takes its leading blank line along, so FILE is not left with a double gap.
      const above = withBlock ? block[0] - 1 : -1;
      const sectionEnds = j >= lines.length || lines[j].kind === 'blank';
      const blank = withBlock && above >= 0 && lines[above].kind === 'blank' && !header.has(above) && sectionEnds ? [above] : [];
      const unit = [...blank, ...(withBlock ? block : []), r, ...(annotations.get(r) ?? [])];
      units.set(r, unit.sort((a, b) => a - b));
    }
    i = j;
  }
  return units;
}

/** Finds each logical line in the content, so output is cut from the original bytes. */
function locate(content: string, file: RequirementsFile): Layout | null {
  let pos = 0;
  let prefix = '';
  if (content.startsWith('\uFEFF') && !(file.lines[0]?.raw ?? '').startsWith('\uFEFF')) {
    prefix = '\uFEFF';
    pos = 1;
  }
  const segments: Segment[] = [];
  for (const line of file.lines) {
    if (!content.startsWith(line.raw, pos)) return null;
    pos += line.raw.length;
    let terminator = '';
    if (content.startsWith('\r\n', pos)) terminator = '\r\n';
    else if (pos < content.length && '\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029'.includes(content[pos])) terminator = content[pos];
    pos += terminator.length;
    segments.push({ text: line.raw, terminator });
  }
  if (pos !== content.length) return null;
  return { prefix, segments };
}

function assemble(layout: Layout, file: RequirementsFile, keep: (index: number) => boolean): string {
  const kept = layout.segments.map((s, i) => ({ s, i })).filter(({ i }) => keep(i));
  let out = layout.prefix;
  kept.forEach(({ s }, n) => {
    out += s.text;
    const last = n === kept.length - 1;
    // The original's last line may have had no line break; whichever line ends the file now does the
    // same, unless it is blank: a blank last line without its break would not be a line at all.
    if (last && !file.finalNewline && s.text !== '') return;
    out += s.terminator !== '' ? s.terminator : file.eol;
  });
  return out;
}

function lastPhysicalLine(text: string): string {
  const trimmed = text.replace(/(\r\n|\n|\r)$/, '');
  const at = Math.max(trimmed.lastIndexOf('\n'), trimmed.lastIndexOf('\r'));
  return trimmed.slice(at + 1);
}

function convertEol(text: string, eol: Eol): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

function quoteArg(arg: string): string {
  return /[\s"'#]/.test(arg) ? `"${arg.replace(/(["\\])/g, '\\$1')}"` : arg;
}

const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** An option or -c line copied to a dev file in another directory: relative paths follow. */
function rebaseLine(line: LogicalLine, fromDir: string, toDir: string, raw: string, eol: Eol): string {
  if (posix.normalize(fromDir) === posix.normalize(toDir)) return convertEol(raw, eol);
  const rebase = (value: string): string =>
    URL_LIKE.test(value) || posix.isAbsolute(toPosix(value)) ? value : quoteArg(posix.relative(toDir, posix.join(fromDir, toPosix(value))) || '.');
  if (line.kind === 'include' && line.include) return `-c ${rebase(line.include.target)}`;
  const options = line.options ?? {};
  if (!('--find-links' in options)) return convertEol(raw, eol);
  const parts: string[] = [];
  for (const [name, values] of Object.entries(options)) {
    if (values.length === 0) parts.push(name);
    for (const value of values) parts.push(`${name} ${name === '--find-links' ? rebase(value) : quoteArg(value)}`);
  }
  return parts.join(' ');
}

function optionIdentity(line: LogicalLine): string {
  if (line.kind === 'include' && line.include) return `${line.include.kind} ${line.include.target}`;
  const options = line.options ?? {};
  return JSON.stringify(Object.keys(options).sort().map((k) => [k, options[k]]));
}

/** What pip sees of one requirement: two equal signatures install the same thing the same way. */
function signature(req: RequirementLine, line: LogicalLine): string {
  return JSON.stringify([
    req.key,
    req.key ? '' : convertEol(line.raw, '\n').replace(/(^|\s)#.*$/gm, '').trim(),
    req.specifier,
    [...req.extras].map(normalizeName).sort(),
    req.marker,
    req.url,
    [...req.hashes].sort(),
    req.editable,
    Object.keys(req.perRequirementOptions).sort().map((k) => [k, req.perRequirementOptions[k]]),
  ]);
}

function hashMode(file: RequirementsFile): boolean {
  return file.lines.some((l) => (l.options && '--require-hashes' in l.options) || (l.requirement?.hashes.length ?? 0) > 0);
}

/** Pinned packages that moved tools need but that stay in production (also needed there). */
function sharedDependencies(lines: LogicalLine[], compiled: CompiledFile, moved: Set<number>): string[] {
  const movedNames = new Set([...moved].map((i) => lines[i].requirement?.key).filter((k): k is string => !!k));
  const shared: string[] = [];
  for (const [index, refs] of compiled.via) {
    if (moved.has(index)) continue;
    if (refs.some((r) => r.kind === 'package' && movedNames.has(r.key))) shared.push(lines[index].requirement?.name ?? '');
  }
  return shared.filter(Boolean);
}

/** pip refuses editable, unnamed and extras requirements in a constraints file. */
function constraintLinkProblems(prod: RequirementsFile, fileName: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of prod.lines) {
    const req = line.requirement;
    if (line.kind === 'include' && line.include?.kind === 'requirement') {
      out.push(
        diag('split-constraint-link', line.startLine, `${fileName}:${line.startLine}: pip reads -r inside a constraints file as requirements, so the dev install would still install ${line.include.target}`),
      );
    }
    if (line.kind !== 'requirement' || !req) continue;
    const problem = !req.key
      ? 'unnamed requirements are not allowed as constraints'
      : req.editable
        ? 'editable requirements are not allowed as constraints'
        : req.extras.length > 0
          ? 'constraints cannot have extras'
          : null;
    if (problem) {
      out.push(diag('split-constraint-link', line.startLine, `${fileName}:${line.startLine}: with --link constraint pip refuses this line (${problem}); use --link requirement`));
    }
  }
  return out;
}

interface VerifyInput {
  fileName: string;
  devFileName: string;
  readBefore: ReadRequirementsFile;
  readAfter: ReadRequirementsFile;
  original: RequirementsFile;
  prod: RequirementsFile;
  dev: RequirementsFile;
  devBefore: RequirementsFile | null;
  added: { kind: LogicalLine['kind']; raw: string }[];
  moved: Set<number>;
  dropped: Set<number>;
}

/** Returns why the plan is wrong, or null when both outputs together mean what the original meant. */
function verify(v: VerifyInput): string | null {
  const lineKey = (kind: string, raw: string): string => `${kind}\u0000${convertEol(raw, '\n')}`;
  const tally = new Map<string, number>();
  const count = (key: string, by: number): void => {
    tally.set(key, (tally.get(key) ?? 0) + by);
  };
  for (const l of v.original.lines) count(lineKey(l.kind, l.raw), 1);
  for (const l of v.prod.lines) count(lineKey(l.kind, l.raw), -1);
  for (const l of v.dev.lines) count(lineKey(l.kind, l.raw), -1);
  for (const l of v.devBefore?.lines ?? []) count(lineKey(l.kind, l.raw), 1);
  for (const a of v.added) count(lineKey(a.kind, a.raw), 1);
  v.original.lines.forEach((l, i) => {
    if (v.dropped.has(i)) count(lineKey(l.kind, l.raw), -1);
  });
  for (const [key, n] of tally) {
    if (n !== 0) {
      const [, raw] = key.split('\u0000');
      return `line ${JSON.stringify(raw.slice(0, 60))} would appear ${n > 0 ? 'fewer' : 'more'} times than in the original`;
    }
  }

  const sigs = (file: RequirementsFile, pick: (i: number) => boolean = () => true): string[] =>
    file.lines.flatMap((l, i) => (l.kind === 'requirement' && l.requirement && pick(i) ? [signature(l.requirement, l)] : [])).sort();
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  const staying = sigs(v.original, (i) => !v.moved.has(i) && !v.dropped.has(i));
  if (!same(sigs(v.prod), staying)) return 'the production requirements differ from the ones meant to stay';
  const devNow = sigs(v.dev);
  const expectedDev = [...sigs(v.devBefore ?? emptyFile()), ...sigs(v.original, (i) => v.moved.has(i))].sort();
  if (!same(devNow, expectedDev)) return 'the dev requirements differ from the ones meant to move';
  if (v.prod.lines.filter((l) => l.kind === 'invalid').length !== v.original.lines.filter((l) => l.kind === 'invalid').length) {
    return 'the production file would gain or lose unparseable lines';
  }
  return verifyIncludes(v);
}

/**
 * The same checks with includes followed as pip follows them: pip can still read both files (no
 * loop), production installs nothing it did not install before, and the two files together still
 * install and constrain exactly what FILE and the dev file did.
 */
function verifyIncludes(v: VerifyInput): string | null {
  const reached = (root: string, read: ReadRequirementsFile): ReturnType<typeof walkIncludes> => walkIncludes(root, read);
  const prodAfter = reached(v.fileName, v.readAfter);
  const devAfter = reached(v.devFileName, v.readAfter);
  for (const walk of [prodAfter, devAfter]) {
    if (!walk.ok) return `the files would include each other in a loop pip cannot read: ${describeLoop(walk.loop)}`;
  }
  const prodBefore = reached(v.fileName, v.readBefore);
  const devBefore = v.devBefore ? reached(v.devFileName, v.readBefore) : null;
  if (!prodAfter.ok || !devAfter.ok || !prodBefore.ok || (devBefore && !devBefore.ok)) return null;
  const set = (walks: { requirements: { line: LogicalLine; requirement: RequirementLine; constraint: boolean }[] }[], constraint: boolean): Set<string> =>
    new Set(walks.flatMap((w) => w.requirements.filter((r) => r.constraint === constraint).map((r) => signature(r.requirement, r.line))));
  const installedBefore = set([prodBefore], false);
  for (const s of set([prodAfter], false)) if (!installedBefore.has(s)) return 'production would install a requirement it did not install before';
  const before = [prodBefore, ...(devBefore && devBefore.ok ? [devBefore] : [])];
  for (const constraint of [false, true]) {
    const then = set(before, constraint);
    const now = set([prodAfter, devAfter], constraint);
    const what = constraint ? 'constraints' : 'requirements';
    // A `-c FILE` link turns FILE's requirements into constraints of the dev file (nothing new), and a
    // moved line that FILE's link made a constraint of the dev file is a requirement there now.
    const allowed = constraint ? new Set([...then, ...set(before, false)]) : then;
    const kept = constraint ? new Set([...now, ...set([prodAfter, devAfter], false)]) : now;
    for (const s of then) if (!kept.has(s)) return `the two files together would lose ${what} reached through -r/-c`;
    for (const s of now) if (!allowed.has(s)) return `the two files together would gain ${what} reached through -r/-c`;
  }
  return null;
}

function emptyFile(): RequirementsFile {
  return { lines: [], diagnostics: [], eol: '\n', bom: false, finalNewline: true, suppressions: [] };
}

function diag(rule: string, line: number, message: string, column = 1): Diagnostic {
  return { rule, line, column, message };
}
