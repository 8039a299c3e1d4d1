// The parse stage's file-level step: one file's contents in, its Manifest (or Dockerfile model, or
// .dockerignore) out. Pure: no reading, no include following (resolve/ does that), no decision about
// production or development beyond what each format's own parser states (roles/ decides).
import type { DockerignoreFile, FileKind, Manifest } from '../model.js';
import type { LogicalLine } from './requirements-types.js';
import { parseRequirements } from './requirements.js';
import { viaParents } from './pip-compile.js';
import { parsePyproject } from './pyproject.js';
import { parsePipfile } from './pipfile.js';
import { parseSetupCfg } from './setupcfg.js';

export function emptyManifest(path: string, kind: FileKind): Manifest {
  return { path, kind, group: null, groupReason: null, requirements: [], includes: [], diagnostics: [] };
}

/** An include line of a requirements file, as written, with its position in manifest.includes. */
export interface RequirementsInclude {
  include: NonNullable<LogicalLine['include']>;
  /** Index of the matching entry in manifest.includes. */
  index: number;
}

/**
 * A requirements file (pip's format): its requirements (all provisionally 'prod'; roles/ decides),
 * index options, and `-r`/`-c` lines, which resolve/ follows.
 */
export function parseRequirementsManifest(path: string, kind: FileKind, content: string): { manifest: Manifest; includes: RequirementsInclude[] } {
  const manifest = emptyManifest(path, kind);
  const includes: RequirementsInclude[] = [];
  const parsed = parseRequirements(content);
  manifest.diagnostics.push(...parsed.diagnostics);
  if (parsed.suppressions.length > 0) manifest.suppressions = parsed.suppressions;
  const via = content.includes('# via') ? viaParents(content) : null;
  // The comments before the first entry: where a file says what it is for ("used as constraints").
  const header: string[] = [];
  let headerLine = 0;
  for (const line of parsed.lines) {
    if (line.kind === 'blank') continue;
    if (line.kind !== 'comment') break;
    if (headerLine === 0) headerLine = line.startLine;
    header.push(line.comment ?? '');
  }
  if (header.length > 0) manifest.headerComment = { line: headerLine, text: header.join('\n') };
  for (const line of parsed.lines) {
    if (line.requirement) {
      const r = line.requirement;
      manifest.requirements.push({
        name: r.name,
        key: r.key,
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
        group: 'prod',
        groupName: null,
        origin: 'requirements',
        constraintOnly: false,
        ignores: r.ignores,
        ...(via?.get(r.key) ? { neededBy: via.get(r.key) } : {}),
      });
    } else if (line.options) {
      const o = (manifest.indexOptions ??= { indexUrl: null, extraIndexUrls: [], noIndex: false });
      o.indexUrl = line.options['--index-url']?.at(-1) ?? o.indexUrl;
      o.extraIndexUrls.push(...(line.options['--extra-index-url'] ?? []));
      if (line.options['--no-index']) o.noIndex = true;
    } else if (line.include) {
      const inc = line.include;
      manifest.includes.push({ kind: inc.kind, target: inc.target, line: inc.line, column: inc.column });
      includes.push({ include: inc, index: manifest.includes.length - 1 });
    }
  }
  return { manifest, includes };
}

export type ParsedSetupCfg = ReturnType<typeof parseSetupCfg>;

/** setup.cfg's manifest from its parsed form (parsed first, because its `file:` includes are followed early). */
export function setupCfgManifest(path: string, content: string | null, parsed: ParsedSetupCfg | null): Manifest {
  const manifest = emptyManifest(path, 'setup-cfg');
  if (parsed) {
    manifest.requirements = parsed.requirements;
    manifest.diagnostics = parsed.diagnostics;
    manifest.requiresPython = parsed.requiresPython;
    manifest.includes = parsed.includes;
  }
  const hosts = content ? pluginHostsOf('setup-cfg', content) : [];
  if (hosts.length > 0) manifest.pluginHosts = hosts;
  return manifest;
}

/** pyproject.toml or Pipfile. */
export function tomlManifest(path: string, kind: 'pyproject' | 'pipfile', content: string | null): Manifest {
  const manifest = emptyManifest(path, kind);
  if (content === null) return manifest;
  const parsed = kind === 'pyproject' ? parsePyproject(content, path) : parsePipfile(content, path);
  const hosts = pluginHostsOf(kind, content);
  if (hosts.length > 0) manifest.pluginHosts = hosts;
  manifest.requirements = parsed.requirements;
  manifest.diagnostics = parsed.diagnostics;
  manifest.requiresPython = parsed.requiresPython;
  if (kind === 'pyproject') manifest.projectName = (parsed as ReturnType<typeof parsePyproject>).projectName ?? null;
  const members = kind === 'pyproject' ? (parsed as ReturnType<typeof parsePyproject>).workspaceMembers : undefined;
  if (members?.length) manifest.workspaceMembers = members;
  return manifest;
}

export function readDockerignore(path: string, content: string): DockerignoreFile {
  const slash = path.lastIndexOf('/');
  const contextDir = slash === -1 ? '' : path.slice(0, slash);
  const patterns: { pattern: string; line: number }[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((text, i) => {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    patterns.push({ pattern: trimmed, line: i + 1 });
  });
  return { path, contextDir, content, patterns };
}

/** Entry-point groups that make a package a plugin of a development tool, and that tool's name. */
const PLUGIN_GROUPS: [RegExp, string][] = [
  [/^pytest11$/, 'pytest'],
  [/^flake8\.(extension|report)$/, 'flake8'],
  [/^mkdocs\.(plugins|themes)$/, 'mkdocs'],
  [/^sphinx[._]/, 'sphinx'],
  [/^pylint[._]/, 'pylint'],
  [/^tox$/, 'tox'],
  [/^hypothesis$/, 'hypothesis'],
  [/^coverage[._]/, 'coverage'],
];

/**
 * The tools a manifest's package plugs into, from its entry-point groups: `[project.entry-points.pytest11]`,
 * `[tool.poetry.plugins."pytest11"]`, or setup.cfg's `[options.entry_points]` `pytest11 =`.
 */
export function pluginHostsOf(kind: FileKind, content: string): string[] {
  const groups = new Set<string>();
  if (kind === 'pyproject') {
    for (const m of content.matchAll(/^\s*\[\s*(?:project\s*\.\s*entry-points|tool\s*\.\s*poetry\s*\.\s*plugins)\s*\.\s*"?([A-Za-z0-9_.-]+)"?\s*\]/gm)) groups.add(m[1]);
  } else if (kind === 'setup-cfg') {
    const section = /^\[options\.entry_points\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(content)?.[1] ?? '';
    for (const m of section.matchAll(/^([A-Za-z0-9_.-]+)\s*=/gm)) groups.add(m[1]);
  }
  const hosts = new Set<string>();
  for (const g of groups) for (const [re, tool] of PLUGIN_GROUPS) if (re.test(g)) hosts.add(tool);
  return [...hosts].sort();
}
