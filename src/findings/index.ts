// The findings stage: what happens to the rules' raw reports before any reporter sees them.
import type { Finding, Project } from '../model.js';
import { assignFingerprints, type SubjectIndex } from './fingerprint.js';
import { groupFindings, type StatementStart } from './group.js';

export { assignFingerprints, normaliseSubject } from './fingerprint.js';
export { groupFindings } from './group.js';
export { applyBaseline, parseBaseline, renderBaseline, BaselineError, type Baseline, type BaselineEntry, type BaselineOutcome } from './baseline.js';

/** The text each flagged line carries: Dockerfile instructions and requirement entries, by file and line. */
export function subjectIndex(project: Project): SubjectIndex {
  const index: SubjectIndex = new Map();
  const put = (file: string, line: number, text: string) => {
    let byLine = index.get(file);
    if (!byLine) index.set(file, (byLine = new Map()));
    if (!byLine.has(line)) byLine.set(line, text);
  };
  for (const df of [...project.dockerfiles, ...(project.devDockerfiles ?? [])]) {
    for (const ins of df.preamble) put(df.path, ins.line, `${ins.keyword} ${ins.args}`);
    for (const stage of df.stages) {
      for (const ins of stage.instructions) put(df.path, ins.line, `${ins.keyword} ${ins.args}`);
      put(df.path, stage.from.line, `${stage.from.keyword} ${stage.from.args}`);
    }
  }
  for (const manifest of project.manifests) {
    for (const req of manifest.requirements) put(req.file, req.line, req.source);
    for (const inc of manifest.includes) put(manifest.path, inc.line, `${inc.kind} ${inc.target}`);
  }
  return index;
}

/** file -> line -> first line of the Dockerfile instruction that spans it. */
function statementStarts(project: Project): StatementStart {
  const starts = new Map<string, Map<number, number>>();
  for (const df of [...project.dockerfiles, ...(project.devDockerfiles ?? [])]) {
    const byLine = new Map<number, number>();
    const instructions = [...df.preamble, ...df.stages.flatMap((s) => [s.from, ...s.instructions])];
    for (const ins of instructions) for (let l = ins.line; l <= Math.max(ins.line, ins.endLine); l++) byLine.set(l, ins.line);
    starts.set(df.path, byLine);
  }
  return (file, line) => starts.get(file)?.get(line) ?? line;
}

/** Sorted findings in, one finding per cause out, each with a stable fingerprint. */
export function finishFindings(sorted: Finding[], project: Project): Finding[] {
  return assignFingerprints(groupFindings(sorted, statementStarts(project)), subjectIndex(project));
}
