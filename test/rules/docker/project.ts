// Builds a Project in memory from { path: content } for the Docker rule tests, with the real
// Dockerfile, requirements and pyproject parsers, and runs rules over it.
import type { DockerignoreFile, Finding, Group, Manifest, Project, Requirement } from '../../../src/model.js';
import { parseDockerfile } from '../../../src/parse/dockerfile.js';
import { parseRequirements } from '../../../src/parse/requirements.js';
import { parsePyproject } from '../../../src/parse/pyproject.js';
import { normalizeName } from '../../../src/catalog/names.js';
import { runRules } from '../../../src/audit.js';
import type { Rule } from '../../../src/rules/types.js';

export interface ProjectOptions {
  /** Extra present paths (directories end with '/'), e.g. '.venv/' or 'app/__pycache__/'. */
  present?: string[];
  /** Group for requirements files by path; default: dev when the name mentions dev/test. */
  groups?: Record<string, Group>;
}

function isDockerfile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return !base.endsWith('.dockerignore') && (base === 'dockerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile'));
}

function requirementsManifest(path: string, content: string, group: Group): Manifest {
  const parsed = parseRequirements(content);
  const requirements: Requirement[] = [];
  const includes: Manifest['includes'] = [];
  for (const line of parsed.lines) {
    if (line.include) includes.push({ kind: line.include.kind, target: line.include.target, line: line.include.line, column: line.include.column });
    const r = line.requirement;
    if (!r) continue;
    requirements.push({
      name: r.name,
      key: normalizeName(r.name),
      specifier: r.specifier,
      extras: r.extras,
      marker: r.marker,
      url: r.url,
      editable: r.editable,
      hashes: r.hashes,
      file: path,
      line: r.line,
      column: r.column,
      endLine: line.endLine,
      source: line.raw,
      group,
      groupName: null,
      origin: 'requirements',
      constraintOnly: false,
      ignores: r.ignores,
    });
  }
  return { path, kind: 'requirements', group, groupReason: group === 'dev' ? 'file name' : null, requirements, includes, diagnostics: parsed.diagnostics };
}

export function projectFrom(files: Record<string, string>, options: ProjectOptions = {}): Project {
  const project: Project = {
    root: '/virtual',
    files: [],
    manifests: [],
    dockerfiles: [],
    dockerignores: [],
    presentPaths: [],
    diagnostics: [],
  };
  const present = new Set<string>(options.present ?? []);
  for (const [path, content] of Object.entries(files)) {
    present.add(path);
    const parts = path.split('/');
    for (let k = 1; k < parts.length; k++) present.add(parts.slice(0, k).join('/') + '/');
    const base = parts[parts.length - 1];
    if (isDockerfile(path)) {
      project.files.push({ path, kind: 'dockerfile' });
      project.dockerfiles.push(parseDockerfile(content, path));
    } else if (base.endsWith('.dockerignore')) {
      project.files.push({ path, kind: 'dockerignore' });
      const patterns: DockerignoreFile['patterns'] = [];
      content.split(/\r?\n/).forEach((text, i) => {
        const t = text.trim();
        if (t !== '' && !t.startsWith('#')) patterns.push({ pattern: t, line: i + 1 });
      });
      const slash = path.lastIndexOf('/');
      project.dockerignores.push({ path, contextDir: slash === -1 ? '' : path.slice(0, slash), content, patterns });
    } else if (base === 'pyproject.toml') {
      project.files.push({ path, kind: 'pyproject' });
      const parsed = parsePyproject(content, path);
      project.manifests.push({
        path,
        kind: 'pyproject',
        group: null,
        groupReason: null,
        requirements: parsed.requirements,
        includes: [],
        diagnostics: parsed.diagnostics,
        requiresPython: parsed.requiresPython,
      });
    } else if (/requirements.*\.txt$/.test(path)) {
      project.files.push({ path, kind: 'requirements' });
      const group = options.groups?.[path] ?? (/dev|test/.test(base) ? 'dev' : 'prod');
      project.manifests.push(requirementsManifest(path, content, group));
    }
  }
  project.presentPaths = [...present].sort();
  return project;
}

/** Findings of the given rules, with dev tools configured like the catalog's 'always' entries. */
export function findings(rules: Rule | Rule[], project: Project): Finding[] {
  return runRules(project, {
    rules: Array.isArray(rules) ? rules : [rules],
    devPackages: ['pytest', 'pytest-*', 'black', 'ruff', 'mypy', 'flake8', 'coverage', 'ipython'],
  });
}

/** `[line, column]` of each finding of one rule over one Dockerfile. */
export function positions(rule: Rule, dockerfile: string, extra: Record<string, string> = {}, options: ProjectOptions = {}): [number, number][] {
  return findings(rule, projectFrom({ Dockerfile: dockerfile, ...extra }, options)).map((f) => [f.line, f.column]);
}
