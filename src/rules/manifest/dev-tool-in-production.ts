import type { Manifest, Project, Requirement } from '../../model.js';
import { defineRule, type ReportInput, type RuleContext } from '../types.js';
import { normalizeName } from '../../catalog/names.js';
import type { DevTool } from '../../catalog/devtools.js';
import { codeScopeOf, describeHit, describeHits, evidenceFor, withinScope, type PackageEvidence } from '../../resolve/runtime-evidence.js';

/** A path as a shell word: quoted when it holds anything a shell would split or expand. */
export function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/**
 * The development file `slimreq split` would write to for a requirements file: a dev file that
 * already includes it, else requirements-dev.txt beside it (dev.txt inside a requirements/ folder).
 */
function devFileFor(req: Requirement, project: Project): string {
  const includer = project.manifests.find(
    (m) => m.group === 'dev' && m.kind !== 'constraints' && m.includes.some((i) => i.resolved === req.file),
  );
  const slash = req.file.lastIndexOf('/');
  const dir = slash === -1 ? '' : req.file.slice(0, slash + 1);
  const ext = req.file.endsWith('.in') ? '.in' : '.txt';
  const beside = `${dir}${/(^|\/)requirements\/$/.test(dir) ? 'dev' : 'requirements-dev'}${ext}`;
  if (project.manifests.some((m) => m.path === beside)) return beside;
  return includer?.path ?? beside;
}

/** Where a dev tool should go instead, in the manifest's own terms. */
export function devHomeFor(req: Requirement, project?: Project): string {
  switch (req.origin) {
    case 'requirements':
      return `move it to ${project ? devFileFor(req, project) : 'requirements-dev.txt'} (\`slimreq split ${shellWord(req.file)} --write\`)`;
    case 'pep621':
      return 'move it to [dependency-groups] dev (`slimreq split ' + shellWord(req.file) + ' --write`)';
    case 'optional-dependencies':
      return `move it from the "${req.groupName}" extra to a dev extra or [dependency-groups] dev`;
    case 'poetry':
      return 'move it to [tool.poetry.group.dev.dependencies] (`slimreq split ' + shellWord(req.file) + ' --write`)';
    case 'pipfile':
      return `move it to [dev-packages] (\`pipenv uninstall ${req.name} && pipenv install --dev ${req.name}\`)`;
    case 'setup-cfg':
      return 'move it to a dev extra under [options.extras_require]';
    default:
      return 'move it to the development dependencies';
  }
}

/** For "usually" entries that the evidence says are unused: the exact command that moves one. */
function moveHint(req: Requirement, project: Project): string {
  if (req.origin === 'requirements' || req.origin === 'pep621' || req.origin === 'poetry') {
    return `\`slimreq split ${shellWord(req.file)} --move ${req.key} --write\``;
  }
  return devHomeFor(req, project);
}

/** Packages that only a whole-environment dump lists by hand: their presence says the file is `pip freeze` output. */
const TRANSITIVE_ONLY = new Set(['certifi', 'idna', 'urllib3', 'charset-normalizer', 'chardet', 'pycparser', 'zipp', 'soupsieve', 'asgiref', 'sqlparse', 'pyasn1', 'six']);

/**
 * A requirements file that pins a whole environment (`pip freeze` output): every line `==`-pinned and
 * packages listed that nothing imports directly. There a package nobody imports may still be needed by
 * another one, so the absence of imports proves nothing.
 */
function pinsWholeEnvironment(manifest: Manifest): boolean {
  if (manifest.kind !== 'requirements' || manifest.requirements.length < 8) return false;
  if (manifest.requirements.some((r) => r.neededBy)) return false;
  return manifest.requirements.every((r) => r.specifier.startsWith('==')) && manifest.requirements.some((r) => TRANSITIVE_ONLY.has(r.key));
}

/** "(only under `if DEBUG:` at settings.py:40)"-style notes for uses that do not count at run time. */
function nonRuntimeNote(ev: PackageEvidence): string {
  const notes: string[] = [];
  if (ev.development.length > 0) notes.push(`only in development code (${describeHits(ev.development)})`);
  if (ev.typeChecking.length > 0) notes.push(`only for type checkers (${describeHits(ev.typeChecking)})`);
  return notes.join('; ');
}

/** For "usually" entries: split moves them only when asked by name. */
function usuallyHint(req: Requirement, project: Project): string {
  if (req.origin === 'requirements' || req.origin === 'pep621' || req.origin === 'poetry') {
    return `if nothing imports it at run time: \`slimreq split ${shellWord(req.file)} --move ${req.key} --write\``;
  }
  return `if nothing imports it at run time, ${devHomeFor(req, project)}`;
}

/**
 * A lock entry: the declaration in pyproject.toml / Pipfile is where a directly declared tool is
 * reported (once); a tool that production pulls in transitively is information, with the way in,
 * since removing it means changing the package that requires it.
 */
function reportLocked(ctx: RuleContext, req: Requirement, category: string, hosts: string[]): void {
  const lock = req.lock!;
  if (!lock.inImage || lock.direct || hosts.includes(req.key)) return;
  const chain = lock.chain.length > 1 ? lock.chain.join(' <- ') : null;
  ctx.report({
    file: req.file,
    line: req.line,
    column: req.column,
    message: chain
      ? `${req.name} is a development tool (${category.replace(/-/g, ' ')}) that production installs through its dependencies: ${chain}`
      : `${req.name} is a development tool (${category.replace(/-/g, ' ')}) that the lock installs in production`,
    package: req.key,
    severity: 'info',
    fix: chain ? `check whether ${lock.chain[1]} belongs in production; the image gets ${req.name} with it` : undefined,
  });
}

export default defineRule({
  code: 'SR101',
  name: 'dev-tool-in-production',
  severity: 'warning',
  docs: {
    what: 'Reports a development-only tool (test runner, linter, formatter, type checker, stubs, REPL, docs builder, …) declared in a production dependency set: requirements.txt, `[project] dependencies`, `[tool.poetry.dependencies]`, Pipfile `[packages]`, setup.cfg `install_requires`, or a runtime extra. From a lock file (uv.lock, poetry.lock, pdm.lock, Pipfile.lock, pylock.toml) it also reports, as info with the chain (`pytest <- pytest-django <- acme-app`), a dev tool that the production closure pulls in through another package; a tool declared directly is reported once, at its declaration.',
    why: 'Everything in the production set is installed into the image: dev tools add megabytes, install time and attack surface, and nothing imports them at run time. Catalog entries marked "always" are never needed at run time (warning); entries marked "usually" are sometimes real runtime dependencies. slimreq reads the project\'s own Python code outside tests (imports, INSTALLED_APPS/MIDDLEWARE, URLconf includes, pytest_plugins, entry points) and lets that evidence decide: a tool the code imports at run time is reported as info ("keep it", with file:line); a "usually" entry that nothing outside tests imports is a warning, unless it is a program that runs without an import or the file pins a whole environment; without Python code to read it stays info.',
    bad: '# requirements.txt\nflask==3.0.3\npytest==8.3.2\nblack==24.8.0',
    good: '# requirements.txt\nflask==3.0.3\n\n# requirements-dev.txt\n-r requirements.txt\npytest==8.3.2\nblack==24.8.0',
    fix: 'Move the tool to the development set; `slimreq split` does it for requirements files and pyproject.toml.',
    references: ['https://pip.pypa.io/en/stable/user_guide/#requirements-files', 'https://peps.python.org/pep-0735/'],
  },
  check(ctx) {
    // Which audited files declare which packages: a pin compiled from an audited `.in` file that
    // declares the same package is the same cause, reported once, at the source.
    const declaredIn = new Map<string, Set<string>>();
    for (const m of ctx.project.manifests) declaredIn.set(m.path, new Set(m.requirements.map((r) => r.key)));
    for (const manifest of ctx.project.manifests) {
      for (const req of manifest.requirements) {
        if (req.group !== 'prod' || req.constraintOnly) continue;
        const tool = ctx.catalog.devTool(req.key);
        if (!tool) continue;
        const sources = (req.neededBy ?? []).filter((p) => p.startsWith('-r ')).map((p) => compiledSource(manifest.path, p.slice(3).trim(), declaredIn));
        if (sources.some((source) => source !== null && declaredIn.get(source)!.has(req.key))) continue;
        if (req.lock) {
          reportLocked(ctx, req, tool.category, manifest.pluginHosts ?? []);
          continue;
        }
        // A pytest plugin needs pytest; a Sphinx extension needs Sphinx: the host is a real dependency.
        if (manifest.pluginHosts?.includes(req.key)) continue;
        // An opt-in extra named after the tool (`[project.optional-dependencies] black = ["black"]`) is
        // installed only by those who ask for that tool.
        if (req.origin === 'optional-dependencies' && req.groupName !== null && normalizeName(req.groupName) === req.key) continue;
        // A compiled lock pins what the production packages need: a tool there only because a
        // runtime package depends on it (black via datamodel-code-generator) must stay.
        const runtimeParents = (req.neededBy ?? []).filter((p) => !p.startsWith('-r ') && !ctx.catalog.devTool(p));
        if (runtimeParents.length > 0) {
          ctx.report({
            file: req.file,
            line: req.line,
            column: req.column,
            message: `${req.name} is a development tool, but ${runtimeParents.join(', ')} ${runtimeParents.length === 1 ? 'needs' : 'need'} it (# via), so it stays in production`,
            package: req.key,
            severity: 'info',
          });
          continue;
        }
        const category = tool.category.replace(/-/g, ' ');
        // Findings that rest on evidence beyond the set's name say which (a Dockerfile that installs it, …).
        const imageEvidence = req.roleEvidence?.find((e) => e.line > 0 && e.file !== req.file);
        const where = `${req.groupName ? ` (in "${req.groupName}")` : ''}${imageEvidence ? ` (${imageEvidence.file}:${imageEvidence.line}: ${imageEvidence.reason})` : ''}`;
        const evidence = ctx.project.runtimeEvidence;
        // In a monorepo a service's manifest is judged by that service's code, not its neighbours'.
        const ev = evidence ? withinScope(evidenceFor(evidence, tool.importNames), codeScopeOf(evidence, req.file)) : null;
        if (ev && ev.runtime.length > 0) {
          ctx.report({
            file: req.file,
            line: req.line,
            column: req.column,
            message: `${req.name} is ${tool.certainty === 'usually' ? 'usually ' : ''}a development tool (${category}), but it is ${describeHits(ev.runtime, describeHit)}; keep it`,
            package: req.key,
            severity: 'info',
          });
          continue;
        }
        if (ev && ev.conditional.length > 0) {
          ctx.report({
            file: req.file,
            line: req.line,
            column: req.column,
            message: `${req.name} is ${tool.certainty === 'usually' ? 'usually ' : ''}a development tool (${category}) in the production set${where}; the application uses it only under a condition (${describeHits(ev.conditional, describeHit)}): keep it if that condition holds in production`,
            package: req.key,
            severity: 'info',
          });
          continue;
        }
        ctx.report(
          tool.certainty === 'always'
            ? alwaysFinding(req, ev, category, where, ctx.project)
            : usuallyFinding(req, tool, manifest, ev, evidence?.scannedFiles ?? 0, category, where, ctx.project),
        );
      }
    }
  },
});

function alwaysFinding(req: Requirement, ev: PackageEvidence | null, category: string, where: string, project: Project): ReportInput {
  const notes: string[] = [];
  if (ev && ev.optional.length > 0) notes.push(`the application imports it only inside try/except ImportError (${describeHits(ev.optional)}), so it runs without it`);
  const other = ev ? nonRuntimeNote(ev) : '';
  if (other) notes.push(`it is named ${other}`);
  return {
    file: req.file,
    line: req.line,
    column: req.column,
    message: `${req.name} is a development tool (${category}) in the production set${where}; the image does not need it${notes.length ? ` (evidence: ${notes.join('; ')})` : ''}`,
    package: req.key,
    fix: devHomeFor(req, project),
    severity: 'warning',
  };
}

function usuallyFinding(
  req: Requirement,
  tool: DevTool,
  manifest: Manifest,
  ev: PackageEvidence | null,
  scannedFiles: number,
  category: string,
  where: string,
  project: Project,
): ReportInput {
  const base = `${req.name} is usually a development tool (${category}) in the production set${where}`;
  const hedge: ReportInput = {
    file: req.file,
    line: req.line,
    column: req.column,
    message: `${base}; keep it only if the application imports it at run time`,
    package: req.key,
    fix: usuallyHint(req, project),
    severity: 'info',
  };
  // No Python code was read (none in the repository, or the scan was off): nothing to go on.
  if (!ev || scannedFiles === 0) return hedge;
  const unused =
    ev.optional.length > 0
      ? `the application imports it only inside try/except ImportError (${describeHits(ev.optional)}), so it runs without it`
      : `nothing outside tests imports it (${scannedFiles} Python file${scannedFiles === 1 ? '' : 's'} scanned${nonRuntimeNote(ev) ? `; named ${nonRuntimeNote(ev)}` : ''})`;
  if (tool.neededWithoutImport) {
    return { ...hedge, message: `${base}; ${unused}, but it can be needed without an import (${lowerFirst(tool.neededWithoutImport.replace(/\.$/, ''))})` };
  }
  if (pinsWholeEnvironment(manifest)) {
    return {
      ...hedge,
      message: `${base}; ${unused}, but ${manifest.path} pins a whole environment (pip freeze), where another package may need it`,
    };
  }
  return {
    file: req.file,
    line: req.line,
    column: req.column,
    message: `${base}, and ${unused}; the image does not need it`,
    package: req.key,
    fix: moveHint(req, project),
    severity: 'warning',
  };
}

function lowerFirst(text: string): string {
  return /^[A-Z](?![A-Z])/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/**
 * The audited manifest a `# via -r FILE` annotation names: pip-compile writes FILE relative to where
 * it ran, usually the repository root, sometimes the compiled file's folder. Null when not audited.
 */
function compiledSource(compiledPath: string, written: string, audited: ReadonlyMap<string, unknown>): string | null {
  const clean = written.replace(/^\.\//, '');
  const dir = compiledPath.includes('/') ? compiledPath.slice(0, compiledPath.lastIndexOf('/')) : '';
  for (const candidate of [clean, dir ? `${dir}/${clean}` : clean]) if (audited.has(candidate)) return candidate;
  return null;
}
