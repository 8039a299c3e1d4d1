import type { Manifest, Project, Requirement } from '../../model.js';
import { DEV_TOOL_RULE, suppresses } from '../../parse/suppression.js';
import type { CatalogView } from '../types.js';
import { defineRule } from '../types.js';
import { BuildEnvironment, layerSteps, stepsWithRole, type DockerfileModel, type DockerInstruction, type RunCommand } from '../../parse/dockerfile.js';
import { hasOption, optionValues } from '../../parse/shell.js';
import { parsePep508 } from '../../parse/pep508.js';

/** Extra and group names that mean "for developers": `.[dev]`, `--with docs`, `--group test`. */
const DEV_LIKE = /^(dev|devel|develop|development|test|tests|testing|lint|linting|linters?|typing|types|mypy|docs?|documentation|style|format|formatting|qa|ci|coverage|cov|bench|benchmarks?|debug|tools?|pre-commit)$/i;
const DEV_FILE_NAME = /(^|[-_./])(dev|devel|develop|development|test|tests|testing|lint|linting|ci|docs?|typing)([-_./]|$)/i;

export function isDevLikeName(name: string): boolean {
  return DEV_LIKE.test(name.trim());
}

function joinPath(a: string, b: string): string {
  if (b.startsWith('/')) return normalize(b);
  return normalize(`${a}/${b}`);
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function relativeToRoot(contextDir: string, contextRel: string): string {
  const rel = contextRel.replace(/^\/+/, '');
  return contextDir === '' ? rel : rel === '' ? contextDir : `${contextDir}/${rel}`;
}

/**
 * Where files of the build context land in the container, as seen at one instruction: exact file
 * copies and directory prefixes (from COPY/ADD without --from and from bind mounts), plus WORKDIR.
 * Paths are read with ARG/ENV values expanded; a source or destination that depends on an unknown
 * value (a build argument without default) is left out.
 */
class ContextMap {
  private files = new Map<string, string>();
  private dirs: { container: string; context: string }[] = [];
  workdir = '/';

  copy(instruction: DockerInstruction, env: BuildEnvironment): void {
    const copy = instruction.copy;
    if (!copy || copy.from !== null || copy.dest === null) return;
    const destWord = env.expand(copy.dest);
    if (destWord === null) return;
    const dest = joinPath(this.workdir, destWord);
    const destIsDir = destWord.endsWith('/') || copy.sources.length > 1 || destWord === '.' || destWord === './';
    for (const written of copy.sources) {
      if (written.startsWith('<<') || /^https?:\/\//.test(written)) continue;
      const raw = env.expand(written);
      if (raw === null) continue;
      const src = normalize(raw).slice(1);
      const isDir = raw.endsWith('/') || src === '' || raw === '.' || raw === '*';
      if (isDir) this.dirs.push({ container: dest, context: src });
      else if (/[*?[]/.test(src)) {
        // `COPY requirements*.txt ./`: a glob of files keeps their names in the destination dir.
        const dir = src.includes('/') ? src.slice(0, src.lastIndexOf('/')) : '';
        this.dirs.push({ container: dest, context: dir });
      } else {
        const base = src.slice(src.lastIndexOf('/') + 1);
        this.files.set(destIsDir ? joinPath(dest, base) : dest, src);
        // A directory copied without a trailing slash still maps its contents.
        this.dirs.push({ container: dest, context: src });
      }
    }
  }

  bind(mounts: Record<string, string | null>[], env: BuildEnvironment): ContextMap {
    const map = this.clone();
    for (const m of mounts) {
      if (m.type !== 'bind' || m.from) continue;
      const target = env.expand(m.target ?? m.dst ?? m.destination ?? '');
      const sourceWord = env.expand(m.source ?? m.src ?? '.');
      if (!target || sourceWord === null) continue;
      const source = normalize(sourceWord).slice(1);
      map.files.set(joinPath(this.workdir, target), source);
      map.dirs.push({ container: joinPath(this.workdir, target), context: source });
    }
    return map;
  }

  clone(): ContextMap {
    const c = new ContextMap();
    c.files = new Map(this.files);
    c.dirs = [...this.dirs];
    c.workdir = this.workdir;
    return c;
  }

  /** The context-relative path a container path came from, or null when unknown. */
  resolve(path: string): string | null {
    const abs = joinPath(this.workdir, path);
    const exact = this.files.get(abs);
    if (exact !== undefined) return exact;
    for (let k = this.dirs.length - 1; k >= 0; k--) {
      const { container, context } = this.dirs[k];
      if (abs === container) return context;
      if (abs.startsWith(container === '/' ? '/' : `${container}/`)) {
        const rest = abs.slice(container === '/' ? 1 : container.length + 1);
        return context === '' ? rest : `${context}/${rest}`;
      }
    }
    return null;
  }
}

const contextManifests = new WeakMap<Project, Map<string, Manifest[]>>();

/**
 * Manifests inside a build context. The index maps every folder to the manifests below it and is
 * built once per project, so monorepos with a Dockerfile per service stay linear.
 */
function manifestsInContext(project: Project, contextDir: string): Manifest[] {
  let byDir = contextManifests.get(project);
  if (!byDir) {
    byDir = new Map([['', project.manifests]]);
    for (const m of project.manifests) {
      const parts = m.path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        let list = byDir.get(dir);
        if (!list) byDir.set(dir, (list = []));
        list.push(m);
      }
    }
    contextManifests.set(project, byDir);
  }
  return byDir.get(contextDir) ?? [];
}

function manifestFor(project: Project, df: DockerfileModel, map: ContextMap, written: string): { manifest: Manifest | null; path: string } {
  const inContext = manifestsInContext(project, df.contextDir);
  const mapped = map.resolve(written);
  if (mapped !== null) {
    const path = relativeToRoot(df.contextDir, mapped);
    const found = inContext.find((m) => m.path === path);
    if (found) return { manifest: found, path };
  }
  const direct = relativeToRoot(df.contextDir, normalize(written).slice(1));
  const byPath = inContext.find((m) => m.path === direct || m.path === relativeToRoot(df.contextDir, written.replace(/^\.\//, '')));
  if (byPath) return { manifest: byPath, path: byPath.path };
  const base = written.slice(written.lastIndexOf('/') + 1);
  const byName = inContext.filter((m) => m.path.slice(m.path.lastIndexOf('/') + 1) === base);
  if (byName.length === 1) return { manifest: byName[0], path: byName[0].path };
  return { manifest: null, path: mapped !== null ? relativeToRoot(df.contextDir, mapped) : written };
}

/** Requirements a manifest installs, following its `-r` includes (not `-c`). */
function installedRequirements(project: Project, manifest: Manifest, seen = new Set<string>()): Requirement[] {
  if (seen.has(manifest.path)) return [];
  seen.add(manifest.path);
  const out = manifest.requirements.filter((r) => !r.constraintOnly && r.group === 'prod');
  const dir = manifest.path.includes('/') ? manifest.path.slice(0, manifest.path.lastIndexOf('/')) : '';
  for (const inc of manifest.includes) {
    if (inc.kind !== 'requirement') continue;
    const target = normalize(dir === '' ? inc.target : `${dir}/${inc.target}`).slice(1);
    const child = project.manifests.find((m) => m.path === target);
    if (child) out.push(...installedRequirements(project, child, seen));
  }
  return out;
}

function pyprojectDev(project: Project, df: DockerfileModel, origins: Requirement['origin'][], groupNames?: string[]): Requirement[] {
  return project.manifests
    .filter((m) => m.kind === 'pyproject' && (df.contextDir === '' ? !m.path.includes('/') : m.path === `${df.contextDir}/pyproject.toml`))
    .flatMap((m) => m.requirements)
    .filter((r) => r.group === 'dev' && origins.includes(r.origin) && (groupNames === undefined || groupNames.includes(r.groupName ?? '')));
}

/** Names under which a requirement's inline comment keeps it out of the dev-tool findings (`# slimreq: ignore[dev-tool-in-production]`). */
function suppressedAsDevTool(req: Requirement): boolean {
  return suppresses(req.ignores, DEV_TOOL_RULE) || suppresses(req.ignores, { code: 'SR309', name: 'dev-dependencies-in-image' });
}

/**
 * Catalog dev tools (certainty 'always') that a pip or uv pip install names directly
 * (`pip install pytest ipdb`, `poetry==1.8.3`), in the order written. Paths, URLs, archives and
 * words that are not PEP 508 requirements are skipped; 'usually' entries (setuptools, wheel) are not
 * dev tools in an image.
 */
function devToolsByName(catalog: CatalogView, operands: string[]): string[] {
  const names: string[] = [];
  for (const operand of operands) {
    if (/^[./~]|\/|:\/\/|\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/i.test(operand)) continue;
    const parsed = parsePep508(operand);
    if (!parsed.ok || parsed.value.url !== null) continue;
    if (catalog.devTool(parsed.value.key)?.certainty !== 'always') continue;
    if (!names.includes(parsed.value.name)) names.push(parsed.value.name);
  }
  return names;
}

function truthy(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && !/^(0|false|no|off|)$/i.test(value);
}

function listValues(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

interface Problem {
  message: string;
  package?: string | null;
}

function checkCommand(
  project: Project,
  catalog: CatalogView,
  df: DockerfileModel,
  command: RunCommand,
  map: ContextMap,
  buildEnv: BuildEnvironment,
  ships: boolean,
  edited: ReadonlySet<string> = new Set(),
): Problem[] {
  const tool = command.tool;
  if (!tool) return [];
  const env = buildEnv.values;
  // The shell expands `$VAR` before the tool sees it; words that depend on unknown values are dropped.
  const expandWords = (words: string[]): string[] => words.map((w) => buildEnv.expand(w)).filter((w): w is string => w !== null);
  const t = {
    ...tool,
    options: tool.options.map((o) => ({ ...o, value: o.value === null ? null : buildEnv.expand(o.value) })),
    operands: expandWords(tool.operands),
  };
  const problems: Problem[] = [];
  const pipLike = (t.tool === 'pip' && t.subcommand === 'install') || (t.tool === 'uv-pip' && (t.subcommand === 'install' || t.subcommand === 'sync')) || t.tool === 'pip-sync';
  if (pipLike) {
    const files = optionValues(t, '-r', '--requirement', '--requirements');
    if (t.tool === 'pip-sync' || (t.tool === 'uv-pip' && t.subcommand === 'sync')) files.push(...t.operands.filter((o) => /\.(txt|in)$/.test(o)));
    for (const written of files) {
      // `sed -i "/# Development/,$d" requirements.txt` before the install: what is left is not known here.
      if (edited.has(written.slice(written.lastIndexOf('/') + 1))) continue;
      const { manifest, path } = manifestFor(project, df, map, written);
      if (manifest ? manifest.group === 'dev' : DEV_FILE_NAME.test(written.slice(written.lastIndexOf('/') + 1))) {
        const why = manifest?.groupReason ? ` (${manifest.groupReason})` : '';
        problems.push({ message: `installs the development requirements file \`${path}\`${why}; drop \`-r ${written}\` and install only production requirements in the image` });
        continue;
      }
      if (!manifest) continue;
      const tools = installedRequirements(project, manifest).filter((r) => catalog.devTool(r.key)?.certainty === 'always' && !suppressedAsDevTool(r));
      const names = [...new Set(tools.map((r) => r.name))];
      if (names.length === 0) continue;
      const files = [...new Set(tools.map((r) => r.file))].map((f) => `\`${f}\``).join(', ');
      problems.push({
        message: `installs \`${path}\`, which lists development tools (${names.map((n) => `\`${n}\``).join(', ')}); move them to a dev requirements file (see the dev-tool-in-production findings in ${files})`,
        package: names.length === 1 ? names[0] : null,
      });
    }
    if (ships && t.tool !== 'pip-sync' && t.subcommand === 'install') {
      // Only where the layers ship: a builder stage that installs poetry or pip-tools to export or
      // build wheels leaves them behind.
      const named = devToolsByName(catalog, t.operands);
      if (named.length > 0) {
        const list = named.map((n) => `\`${n}\``).join(', ');
        problems.push({
          message: `installs the development tool${named.length > 1 ? 's' : ''} ${list} by name in a stage whose layers ship; drop ${named.length > 1 ? 'them' : 'it'} from the image (install ${named.length > 1 ? 'them' : 'it'} in a builder or test stage that the final image does not build on)`,
          package: named.length === 1 ? named[0] : null,
        });
      }
    }
    for (const target of [...optionValues(t, '-e', '--editable'), ...t.operands]) {
      const m = /^(\.{1,2}(\/[^[]*)?|\/[^[]*|[^[]*\.(whl|tar\.gz|zip))\[([^\]]+)\]$/.exec(target);
      if (!m) continue;
      const extras = m[4].split(',').map((e) => e.trim()).filter(isDevLikeName);
      if (extras.length === 0) continue;
      problems.push({ message: `installs the project with development extras \`[${extras.join(',')}]\`; install \`${m[1]}\` (or only the runtime extras) in the image` });
    }
  }
  if (t.tool === 'uv' && t.subcommand === 'sync') {
    const groups = listValues(optionValues(t, '--group'));
    const extras = listValues(optionValues(t, '--extra'));
    const onlyGroups = listValues(optionValues(t, '--only-group'));
    const devGroups = [...groups, ...onlyGroups].filter(isDevLikeName);
    const devExtras = extras.filter(isDevLikeName);
    const devExcluded =
      hasOption(t, '--no-dev', '--no-default-groups', '--only-group') ||
      listValues(optionValues(t, '--no-group')).includes('dev') ||
      truthy(env.UV_NO_DEV) ||
      command.assignments.some((a) => /^UV_NO_DEV=(?!0$|false$|no$|off$|$)/i.test(a));
    if (hasOption(t, '--only-dev')) problems.push({ message: '`uv sync --only-dev` installs only the dev group; use `uv sync --no-dev` in the image' });
    else if (hasOption(t, '--all-groups')) problems.push({ message: '`uv sync --all-groups` installs every dependency group, dev included; use `uv sync --no-dev`' });
    else if (devGroups.length > 0) problems.push({ message: `\`uv sync\` with \`${devGroups.join(',')}\` installs a development group; drop it and add \`--no-dev\`` });
    else if (!devExcluded && (hasOption(t, '--dev') || pyprojectDev(project, df, ['dependency-groups', 'uv'], ['dev']).length > 0)) {
      problems.push({ message: '`uv sync` installs the `dev` dependency group by default; use `uv sync --no-dev` (or set `ENV UV_NO_DEV=1`)' });
    }
    if (devExtras.length > 0) problems.push({ message: `\`uv sync --extra ${devExtras.join(',')}\` installs development extras; drop them` });
  }
  if (t.tool === 'poetry' && (t.subcommand === 'install' || t.subcommand === 'sync')) {
    const only = listValues(optionValues(t, '--only'));
    const withGroups = listValues(optionValues(t, '--with')).filter(isDevLikeName);
    const without = listValues(optionValues(t, '--without'));
    if (withGroups.length > 0) problems.push({ message: `\`poetry ${t.subcommand} --with ${withGroups.join(',')}\` installs development groups; use \`--only main\`` });
    else if (only.some(isDevLikeName)) problems.push({ message: `\`poetry ${t.subcommand} --only ${only.join(',')}\` installs a development group; use \`--only main\`` });
    else if (hasOption(t, '--all-groups')) problems.push({ message: `\`poetry ${t.subcommand} --all-groups\` installs every group, dev included; use \`--only main\`` });
    else if (only.length === 0 && !hasOption(t, '--no-dev', '--only-root')) {
      const dev = pyprojectDev(project, df, ['poetry']).filter((r) => !without.includes(r.groupName ?? 'dev'));
      const groups = [...new Set(dev.map((r) => r.groupName ?? 'dev'))];
      if (groups.length > 0) {
        problems.push({ message: `\`poetry ${t.subcommand}\` installs the ${groups.map((g) => `\`${g}\``).join(', ')} group${groups.length > 1 ? 's' : ''} by default; use \`poetry ${t.subcommand} --only main\`` });
      }
    }
    const extras = listValues(optionValues(t, '-E', '--extras')).filter(isDevLikeName);
    if (extras.length > 0) problems.push({ message: `\`poetry ${t.subcommand} --extras ${extras.join(',')}\` installs development extras; drop them` });
  }
  if (t.tool === 'pipenv' && (t.subcommand === 'install' || t.subcommand === 'sync')) {
    const categories = listValues(optionValues(t, '--categories'));
    if (hasOption(t, '--dev', '-d') || categories.includes('dev-packages')) {
      problems.push({ message: `\`pipenv ${t.subcommand} --dev\` installs [dev-packages]; drop \`--dev\` in the image (\`pipenv install --deploy --system\`)` });
    }
  }
  if (t.tool === 'pdm' && (t.subcommand === 'install' || t.subcommand === 'sync')) {
    if (hasOption(t, '--dev', '-d') || (!hasOption(t, '--prod', '--production') && pyprojectDev(project, df, ['pdm']).length > 0)) {
      problems.push({ message: `\`pdm ${t.subcommand}\` installs the development groups by default; use \`pdm ${t.subcommand} --prod\`` });
    }
  }
  return problems;
}

/** Files a command edits in place (`sed -i … FILE`, `perl -pi -e … FILE`): their contents in the image differ from the repository's. */
function editedInPlace(args: readonly string[]): string[] {
  const program = args[0]?.slice(args[0].lastIndexOf('/') + 1);
  if (program === 'sed' && args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))) {
    const words = args.slice(1);
    const scripted = words.some((a) => a === '-e' || a === '--expression' || a.startsWith('-f'));
    const operands = words.filter((a, k) => !a.startsWith('-') && !(k > 0 && (words[k - 1] === '-e' || words[k - 1] === '--expression' || words[k - 1] === '-f')));
    return scripted ? operands : operands.slice(1);
  }
  if (program === 'perl' && args.some((a) => /^-[a-zA-Z]*i/.test(a))) return args.slice(1).filter((a, k, all) => !a.startsWith('-') && all[k - 1] !== '-e' && !/^-[a-zA-Z]*e$/.test(all[k - 1] ?? ''));
  return [];
}

export default defineRule({
  code: 'SR309',
  name: 'dev-dependencies-in-image',
  severity: 'warning',
  docs: {
    what:
      "Flags installs that put development dependencies into the final image, in stages whose layers ship or whose files are copied into it: `pip install -r` of a file the project classifies as dev (requirements-dev.txt, or any file its manifests put in the dev group), `pip install .[dev]` / `-e '.[dev,test]'` with dev-like extras, `uv sync` without `--no-dev` when the project has a `dev` group (uv installs it by default), `poetry install` without `--only main`/`--without dev` when the project has dev groups, `pipenv install --dev`, `pdm install` without `--prod`. It also flags a production requirements file that itself lists catalog dev tools, pointing at those findings (requirements suppressed inline with `# slimreq: ignore[dev-tool-in-production]` are left out), and catalog dev tools installed by name (`pip install pytest ipdb`, `pip install poetry==1.8.3`) in a stage whose layers ship; installing poetry or pip-tools in a builder stage is fine, and `setuptools`/`wheel` are not counted.",
    why:
      'Test runners, linters, type checkers and documentation tools are never imported at run time. In the image they add size, start-up scanning and vulnerability reports, and they pull their own dependency trees.',
    bad: 'COPY requirements.txt requirements-dev.txt ./\nRUN pip install --no-cache-dir -r requirements.txt -r requirements-dev.txt',
    good: 'COPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt',
    fix: 'Install only production dependencies in the image: drop `-r requirements-dev.txt` and dev extras, use `uv sync --no-dev`, `poetry install --only main`, `pipenv install --deploy` without `--dev`.',
    references: [
      'https://docs.astral.sh/uv/concepts/projects/dependencies/#default-groups',
      'https://python-poetry.org/docs/managing-dependencies/#installing-group-dependencies',
      'https://pipenv.pypa.io/en/latest/cli.html#install',
      'https://pdm-project.org/latest/usage/dependency/#select-a-subset-of-dependency-groups-to-install',
    ],
  },
  check({ project, catalog, report }) {
    for (const df of project.dockerfiles) {
      const checkedStages = new Set(stepsWithRole(df, ['layers', 'artifacts']).map((s) => s.stage));
      for (const stage of checkedStages) {
        const map = new ContextMap();
        const env = new BuildEnvironment(df);
        const edited = new Set<string>();
        for (const { stage: owner, instruction } of layerSteps(df, stage)) {
          if (instruction.keyword === 'WORKDIR') {
            // An unknown WORKDIR makes every relative path after it unknown.
            const dir = env.expand(instruction.args.trim() || '/');
            map.workdir = dir === null ? '/\0unknown' : joinPath(map.workdir, dir);
          }
          env.apply(instruction);
          if (instruction.copy) map.copy(instruction, env);
          if (!instruction.run || owner !== stage) continue;
          const runMap = map.bind(instruction.run.mounts, env);
          for (const command of instruction.run.commands) {
            for (const file of editedInPlace(command.args)) edited.add(file.slice(file.lastIndexOf('/') + 1));
            for (const problem of checkCommand(project, catalog, df, command, runMap, env, stage.imageRole === 'layers', edited)) {
              report({
                file: df.path,
                line: command.line,
                column: command.column,
                message: problem.message.charAt(0).toUpperCase() + problem.message.slice(1),
                package: problem.package ?? null,
              });
            }
          }
        }
      }
    }
  },
});

