// The roles stage for requirements files and extras: production or development, with the reason.
import { posix } from 'node:path';
import type { Evidence, Group, Manifest, ManifestPart, Requirement, RoleDecision } from '../model.js';
import type { IncludeEdge } from '../resolve/includes.js';
import { groupForDependencyGroup, groupForName } from '../catalog/groups.js';
import { markerExtras } from '../parse/marker-eval.js';
import { configuredRole, type RoleConfig } from './config.js';
import { classifyRequirementsPath } from './names.js';
import { generatorToolingEvidence } from './templates.js';

/**
 * Production or development for each requirements file. Named files decide for themselves; a
 * neutrally named file (base.txt, common.txt) takes the set of the files that include it,
 * production if any production file does. Constraint files only constrain: their requirements
 * are marked constraintOnly. `installed` maps files that production Dockerfiles install to where.
 */
export function classifyRequirements(
  manifests: Map<string, Manifest>,
  edges: IncludeEdge[],
  installed: Map<string, string> = new Map(),
  context: { config?: RoleConfig; all?: Manifest[]; present?: ReadonlySet<string> } = {},
): void {
  const config = context.config ?? {};
  const all = context.all ?? [];
  const testing = testingProjectEvidence(all);
  const includers = new Map<string, IncludeEdge[]>();
  for (const e of edges) {
    const list = includers.get(e.to) ?? [];
    list.push(e);
    includers.set(e.to, list);
  }
  const verdicts = new Map([...manifests.keys()].map((p) => [p, classifyRequirementsPath(p)]));
  const resolved = new Map<string, { group: Group; reason: string; decision: RoleDecision }>();
  const set = (path: string, decision: RoleDecision, reason?: string) =>
    resolved.set(path, { group: decision.role === 'development' ? 'dev' : 'prod', reason: reason ?? decision.evidence[0].reason, decision });
  const whole = (path: string, reason: string): Evidence[] => [{ file: path, line: 0, reason }];
  for (const [path, v] of verdicts) {
    const configured = configuredRole(config, path);
    const installedAt = installed.get(path);
    const devEnv = installedAt ? null : devEnvironmentEvidence(manifests.get(path)!, all);
    const testEv = installedAt ? null : (testingFolder(path, testing) ?? generatorToolingEvidence(path, context.present ?? new Set()));
    const constraintsHeader = installedAt ? null : constraintsHeaderEvidence(manifests.get(path)!);
    if (configured) set(path, configured);
    else if (installedAt && v.group !== 'dev') {
      const [file, line] = [installedAt.slice(0, installedAt.lastIndexOf(':')), Number(installedAt.slice(installedAt.lastIndexOf(':') + 1))];
      // A neutrally named file that a production image installs with `pip install -r` is production.
      set(path, { role: 'production', basis: 'image', evidence: [{ file, line, reason: `a production image installs it (pip install -r)` }] }, v.group === 'prod' ? 'file name' : `installed by ${installedAt}`);
    } else if (devEnv) set(path, { role: 'development', basis: 'metadata', evidence: [devEnv] });
    else if (testEv) set(path, { role: 'development', basis: 'metadata', evidence: [testEv] });
    else if (constraintsHeader) set(path, { role: 'development', basis: 'content', evidence: [constraintsHeader] });
    else if (v.group === 'dev') set(path, { role: 'development', basis: 'name', evidence: whole(path, `its path says "${v.word}"`) });
    else if (v.group === 'prod') set(path, { role: 'production', basis: 'name', evidence: whole(path, /(^|\/)requirements\.(txt|in)$/.test(path) ? 'requirements.txt is the production convention' : 'its name does not mark it as development; treated as production') }, 'file name');
  }
  // Neutral files: iterate to a fixpoint over the include graph.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [path, v] of verdicts) {
      if (v.group !== 'neutral' || resolved.has(path)) continue;
      const inc = (includers.get(path) ?? []).filter((e) => e.include.kind === 'requirement');
      const groupOf = (e: IncludeEdge) => e.include.group ?? resolved.get(e.from)?.group;
      if (inc.length === 0) {
        set(path, { role: 'production', basis: 'default', evidence: whole(path, 'a neutrally named file that no other file includes; treated as production') }, 'not included by any file');
        changed = true;
        continue;
      }
      const prodIncluder = inc.find((e) => groupOf(e) === 'prod');
      if (prodIncluder) {
        set(path, { role: 'production', basis: 'name', evidence: [{ file: prodIncluder.from, line: prodIncluder.include.line, reason: `included by ${prodIncluder.from}, a production file` }] }, `included by ${prodIncluder.from}`);
        changed = true;
      } else if (inc.every((e) => groupOf(e) === 'dev')) {
        set(
          path,
          { role: 'development', basis: 'name', evidence: inc.map((e) => ({ file: e.from, line: e.include.line, reason: `included by ${e.from}, a development file` })) },
          `included only by development files (${inc.map((e) => e.from).join(', ')})`,
        );
        changed = true;
      }
    }
  }
  for (const [path, manifest] of manifests) {
    const r = resolved.get(path) ?? {
      group: 'prod' as Group,
      reason: 'included in an include cycle',
      decision: { role: 'production', basis: 'default', evidence: whole(path, 'included in an include cycle; treated as production') } as RoleDecision,
    };
    manifest.group = r.group;
    manifest.groupReason = r.reason;
    const inc = includers.get(path) ?? [];
    const constraintOnly =
      !installed.has(path) &&
      ((constraintsHeaderEvidence(manifest) !== null && !inc.some((e) => e.include.kind === 'requirement')) ||
        (manifest.kind === 'constraints'
          ? !inc.some((e) => e.include.kind === 'requirement')
          : inc.length > 0 && inc.every((e) => e.include.kind === 'constraint')));
    if (constraintOnly) manifest.kind = 'constraints';
    manifest.roles = [{ part: constraintOnly ? 'constraints file' : 'requirements file', name: null, line: 0, decision: r.decision }];
    for (const req of manifest.requirements) {
      req.group = r.group;
      req.constraintOnly = constraintOnly;
      req.roleEvidence = r.decision.evidence;
      if (constraintOnly) req.origin = 'constraints';
    }
  }
}

/** `mypy ; extra == "typing"` in a production list is installed only with that extra. */
export function applyExtraMarkers(manifests: Manifest[]): void {
  for (const m of manifests) {
    for (const r of m.requirements) {
      const extra = markerExtras(r.marker)[0];
      if (!extra || r.group !== 'prod') continue;
      r.group = groupForName(extra).group;
      r.groupName = extra;
    }
  }
}

/** Human name of a manifest part, from a requirement's origin and set name. */
export function partName(origin: Requirement['origin'], name: string | null, kind: Manifest['kind']): string {
  if (kind === 'requirements' || kind === 'constraints' || kind === 'pip-tools-in') return 'requirements file';
  switch (origin) {
    case 'pep621':
      return '[project] dependencies';
    case 'optional-dependencies':
      return `extra "${name}"`;
    case 'dependency-groups':
      return `dependency group "${name}"`;
    case 'poetry':
      return name === null ? '[tool.poetry.dependencies]' : name.startsWith('extra ') ? name : `Poetry group "${name}"`;
    case 'pdm':
      return `PDM dev group "${name}"`;
    case 'uv':
      return name === 'dev' ? '[tool.uv] dev-dependencies' : `[tool.uv] ${name}`;
    case 'pipfile':
      return name === null ? 'Pipfile [packages]' : `Pipfile [${name}]`;
    case 'setup-cfg':
      return name === null ? 'install_requires' : `extra "${name}"`;
    default:
      return name ?? 'main set';
  }
}

function nameDecision(req: Requirement): RoleDecision {
  const role = req.group === 'prod' ? 'production' : 'development';
  if (req.groupName === null) {
    const what =
      req.origin === 'pipfile'
        ? 'Pipfile [packages] is what `pipenv install` installs'
        : req.origin === 'setup-cfg'
          ? 'install_requires is installed with the package'
          : 'the main dependency list is installed with the package';
    return { role, basis: 'metadata', evidence: [{ file: req.file, line: req.line, reason: what }] };
  }
  const byName = req.origin === 'dependency-groups' || (req.origin === 'poetry' && req.group === 'dev') ? groupForDependencyGroup(req.groupName) : groupForName(req.groupName);
  const reason = byName.group === req.group ? byName.reason : `"${req.groupName}" is a ${req.group === 'dev' ? 'development' : 'production'} set in ${req.origin} terms`;
  return { role, basis: 'name', evidence: [{ file: req.file, line: req.line, reason }] };
}

/** A folder or project whose purpose is testing: `integration_tests/`, a project named `*-integration-tests`. */
export function testingProjectEvidence(manifests: Manifest[]): Map<string, Evidence> {
  const out = new Map<string, Evidence>();
  for (const m of manifests) {
    if (m.kind !== 'pyproject' || !m.projectName) continue;
    if (/(^|[-_.])(tests?|testing|integration[-_.]tests?|e2e|benchmarks?|ci)$/i.test(m.projectName)) {
      const dir = m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/')) : '';
      if (dir === '') continue; // the repository itself: its name alone does not make everything development
      out.set(dir, { file: m.path, line: 1, reason: `project "${m.projectName}" exists to run tests` });
    }
  }
  return out;
}

function testingFolder(path: string, testing: Map<string, Evidence>): Evidence | null {
  for (const [dir, ev] of testing) if (path === dir || path.startsWith(`${dir}/`)) return ev;
  const seg = path.split('/').slice(0, -1).find((d) => /^(tests?|testing|fixtures|testdata|test[-_]data|(integration|e2e|functional|system|acceptance)[-_]?tests?)$/i.test(d));
  return seg ? { file: path, line: 0, reason: `it sits in ${seg}/, test material` } : null;
}

/**
 * Roles for pyproject.toml, Pipfile and setup.cfg parts: configuration (`path:part`), then a project
 * whose purpose is testing, then the manifest's own metadata and the set's name. Sets `roles` on each
 * manifest, `roleEvidence` on each requirement, and moves requirements between sets when configuration
 * or a testing project says so.
 */
export function decideManifestParts(manifests: Manifest[], config: RoleConfig, present: ReadonlySet<string> = new Set()): void {
  const testing = testingProjectEvidence(manifests);
  for (const m of manifests) {
    if (m.kind !== 'pyproject' && m.kind !== 'pipfile' && m.kind !== 'setup-cfg') continue;
    const testEv = testingFolder(m.path, testing) ?? generatorToolingEvidence(m.path, present);
    const whole = configuredRole(config, m.path);
    const parts = new Map<string, ManifestPart>();
    for (const req of m.requirements) {
      if (req.constraintOnly) continue;
      const label = partName(req.origin, req.groupName, m.kind);
      let part = parts.get(label);
      if (!part) {
        const configured = configuredRole(config, `${m.path}:${req.groupName ?? (m.kind === 'pipfile' ? 'packages' : 'dependencies')}`) ?? whole;
        const decision: RoleDecision = configured ?? (testEv ? { role: 'development', basis: 'metadata', evidence: [testEv] } : nameDecision(req));
        part = { part: label, name: req.groupName, line: req.line, decision };
        parts.set(label, part);
      }
      applyDecision(req, part.decision);
    }
    m.roles = [...parts.values()];
  }
}

function applyDecision(req: Requirement, decision: RoleDecision): void {
  if (decision.role === 'production') req.group = 'prod';
  else if (decision.role === 'development') req.group = 'dev';
  req.roleEvidence = decision.evidence;
}

/**
 * A requirements file that installs the project itself (`-e .[full]`, `.`) alongside other packages, in a
 * project whose runtime dependencies are declared in pyproject.toml or setup.cfg: the project's
 * development environment. Returns the evidence, or null.
 */
export function devEnvironmentEvidence(file: Manifest, manifests: Manifest[]): Evidence | null {
  const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
  const self = file.requirements.find((r) => r.url !== null && r.name === '' && /^\.\/?$|^\.\.?\/?$/.test(r.url.replace(/\[.*$/, '')));
  if (!self || file.requirements.length < 2) return null;
  const target = posix.normalize(dir === '' ? self.url! : `${dir}/${self.url}`).replace(/\/$/, '');
  const projectDir = target === '.' ? '' : target;
  const metadata = manifests.find(
    (m) =>
      (m.kind === 'pyproject' || m.kind === 'setup-cfg') &&
      m.path === (projectDir === '' ? m.path.slice(m.path.lastIndexOf('/') + 1) : `${projectDir}/${m.path.slice(m.path.lastIndexOf('/') + 1)}`) &&
      m.requirements.some((r) => r.groupName === null && !r.constraintOnly && (r.origin === 'pep621' || r.origin === 'poetry' || r.origin === 'setup-cfg')),
  );
  if (!metadata) return null;
  const first = metadata.requirements.find((r) => r.groupName === null && !r.constraintOnly)!;
  return {
    file: file.path,
    line: self.line,
    reason: `installs the project itself (${self.source.trim()}) next to other tools, and the project declares its runtime dependencies in ${metadata.path}:${first.line}: a development environment`,
  };
}

/**
 * A requirements file whose opening comments say it is used as pip constraints (a pinning tool's
 * output kept under a requirements name so dependency graphs find it): it limits versions and
 * installs nothing. Returns the evidence, or null.
 */
export function constraintsHeaderEvidence(file: Manifest): Evidence | null {
  const header = file.headerComment;
  if (!header) return null;
  const match = /\b(?:used|meant|intended|serves?)\s+as\s+(?:a\s+)?(?:pip\s+)?constraints?\b|\bconstraints?\s+file\b|\bas\s+(?:a\s+)?(?:pip\s+)?constraints?\s+(?:to|for)\s+pip\b/i.exec(header.text);
  if (!match) return null;
  return { file: file.path, line: header.line, reason: `its opening comment says it is pip constraints ("${match[0]}"): it limits versions and installs nothing` };
}
