import type { Project, Requirement } from '../../model.js';
import { defineRule, type RuleContext } from '../types.js';
import { normalizeName } from '../../catalog/names.js';

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
    why: 'Everything in the production set is installed into the image: dev tools add megabytes, install time and attack surface, and nothing imports them at run time. Catalog entries marked "always" are never needed at run time (warning); entries marked "usually" are sometimes real runtime dependencies (info: check your imports).',
    bad: '# requirements.txt\nflask==3.0.3\npytest==8.3.2\nblack==24.8.0',
    good: '# requirements.txt\nflask==3.0.3\n\n# requirements-dev.txt\n-r requirements.txt\npytest==8.3.2\nblack==24.8.0',
    fix: 'Move the tool to the development set; `slimreq split` does it for requirements files and pyproject.toml.',
    references: ['https://pip.pypa.io/en/stable/user_guide/#requirements-files', 'https://peps.python.org/pep-0735/'],
  },
  check(ctx) {
    for (const manifest of ctx.project.manifests) {
      for (const req of manifest.requirements) {
        if (req.group !== 'prod' || req.constraintOnly) continue;
        const tool = ctx.catalog.devTool(req.key);
        if (!tool) continue;
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
        const where = req.groupName ? ` (in "${req.groupName}")` : '';
        const message =
          tool.certainty === 'always'
            ? `${req.name} is a development tool (${category}) in the production set${where}; the image does not need it`
            : `${req.name} is usually a development tool (${category}) in the production set${where}; keep it only if the application imports it at run time`;
        ctx.report({
          file: req.file,
          line: req.line,
          column: req.column,
          message,
          package: req.key,
          fix: tool.certainty === 'always' ? devHomeFor(req, ctx.project) : usuallyHint(req, ctx.project),
          severity: tool.certainty === 'always' ? 'warning' : 'info',
        });
      }
    }
  },
});
