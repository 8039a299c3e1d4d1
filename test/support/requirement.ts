// A production Requirement built from a PEP 508-ish string, for tests that make projects by hand.
import { normalizeName } from '../../src/catalog/names.js';
import type { Requirement } from '../../src/model.js';

export function requirementFrom(spec: string, over: Partial<Requirement> & { line: number }): Requirement {
  const m = /^([A-Za-z0-9._-]+)(?:\[([^\]]*)\])?(.*)$/.exec(spec)!;
  return {
    name: m[1],
    key: normalizeName(m[1]),
    specifier: m[3],
    extras: m[2] ? m[2].split(',') : [],
    marker: null,
    url: null,
    editable: false,
    hashes: [],
    file: 'requirements.txt',
    column: 1,
    endLine: over.line,
    source: spec,
    group: 'prod',
    groupName: null,
    origin: 'requirements',
    constraintOnly: false,
    ignores: [],
    ...over,
  };
}
