// The shared vocabulary of slimreq: what parsers produce, what rules read, what reporters print.
// Paths in every type below are relative to the audited root and use '/'.

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Production or development: the only two sets that matter for an image. */
export type Group = 'prod' | 'dev';

/**
 * What a manifest part or Dockerfile is for, decided by the roles stage. 'unknown' when nothing
 * says: rules are quieter about it than about a decided role (info at most).
 */
export type Role = 'production' | 'development' | 'unknown';

/** Why a role was decided: a place in the repository and a short reason. */
export interface Evidence {
  file: string;
  /** 1-based; 0 when the evidence is the file as a whole (its path). */
  line: number;
  reason: string;
}

/** Which kind of evidence decided a role, strongest first. */
export type RoleBasis = 'configuration' | 'image' | 'metadata' | 'name' | 'content' | 'default';

export interface RoleDecision {
  role: Role;
  basis: RoleBasis;
  evidence: Evidence[];
}

export type FileKind =
  | 'requirements'
  | 'constraints'
  | 'pip-tools-in'
  | 'pyproject'
  | 'pipfile'
  | 'setup-cfg'
  | 'uv-lock'
  | 'poetry-lock'
  | 'pdm-lock'
  | 'pipfile-lock'
  | 'pylock'
  | 'dockerfile'
  | 'dockerignore';

/** A lock file's format, which is also the origin of the requirements it lists. */
export type LockOrigin = 'uv-lock' | 'poetry-lock' | 'pdm-lock' | 'pipfile-lock' | 'pylock';

/** Where a requirement was declared, in manifest terms. */
export type RequirementOrigin =
  | LockOrigin
  | 'requirements'
  | 'constraints'
  | 'pep621'
  | 'optional-dependencies'
  | 'dependency-groups'
  | 'poetry'
  | 'pdm'
  | 'uv'
  | 'pipfile'
  | 'setup-cfg';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** A problem a parser found in its input. Parsers never throw on bad content; they return these. */
export interface Diagnostic extends Position {
  /** Rule name the diagnostic is reported under, e.g. 'manifest-parse-error'. */
  rule: string;
  message: string;
  endLine?: number;
}

/** One declared dependency, from any manifest format. */
export interface Requirement extends Position {
  /** Name as written. */
  name: string;
  /** PEP 503 normalized name. */
  key: string;
  /** PEP 440 specifier set as written, whitespace removed (e.g. '>=1.0,<2'); '' when none. */
  specifier: string;
  extras: string[];
  marker: string | null;
  url: string | null;
  editable: boolean;
  hashes: string[];
  file: string;
  endLine: number;
  /** Exact original text: the logical line of a requirements file, or the dependency string/key. */
  source: string;
  group: Group;
  /** The extra, group, or section the requirement sits in ('test', 'dev-packages', …); null for the main set. */
  groupName: string | null;
  origin: RequirementOrigin;
  /** A constraint (-c file, [tool.uv] constraint) limits versions; it does not install anything. */
  constraintOnly: boolean;
  /** Rule names or codes suppressed for this requirement by an inline comment. */
  ignores: string[];
  /**
   * In a pip-compile / `uv pip compile` output: what needs this pin, from its `# via` annotation
   * (package keys, or `-r <file>` for a source that declares it). Absent for hand-written files.
   */
  neededBy?: string[];
  /** A package a lock file pins: whether a production install puts it in a Linux image, and why. */
  lock?: {
    /** Installed by a production install on Linux (reachable from the production dependencies). */
    inImage: boolean;
    /** This package, then what requires it, up to the project: `['pytest', 'pytest-django', 'acme-app']`. */
    chain: string[];
    /** Declared directly by the project (its pyproject.toml / Pipfile has the declaration). */
    direct: boolean;
    /** The wheels and sdists the lock lists for this version; null when the lock lists none (Pipfile.lock). */
    files: import('./parse/lock/types.js').LockedFile[] | null;
  };
  /** Why the roles stage put this requirement's set in production or development (file:line and reason). */
  roleEvidence?: Evidence[];
}

export interface Include extends Position {
  kind: 'requirement' | 'constraint';
  /** Target as written. */
  target: string;
  /** Repo-relative path of the included file, when it exists inside the repo. */
  resolved?: string;
  /** The set the included requirements join, when the including context decides it (setup.cfg `file:`). */
  group?: Group;
}

/** One inline suppression comment (`# slimreq: ignore[...]`, `# slimreq ignore=...`) and the lines it covers. */
export interface Suppression {
  /** 1-based line and column of the comment. */
  line: number;
  column: number;
  /** Rule names or codes as written (matched in any case); `all` for every rule. */
  names: string[];
  /** The lines whose findings it suppresses (inclusive). */
  fromLine: number;
  toLine: number;
}

export interface Manifest {
  path: string;
  kind: FileKind;
  /** The set this manifest's top-level requirements belong to (requirements files); null for mixed formats. */
  group: Group | null;
  /** Why the group was decided, for humans ('file name', 'included by requirements.txt', …). */
  groupReason: string | null;
  requirements: Requirement[];
  includes: Include[];
  diagnostics: Diagnostic[];
  /**
   * Tools this package plugs into through entry points (`pytest11` -> pytest, `flake8.extension` ->
   * flake8, `mkdocs.plugins` -> mkdocs, `sphinx.*` -> sphinx): for a plugin, the host is a real dependency.
   */
  pluginHosts?: string[];
  /** The project's own name (`[project] name` / `[tool.poetry] name`), for pyproject.toml. */
  projectName?: string | null;
  /** PEP 621 requires-python or Poetry's python constraint, when the manifest states one. */
  requiresPython?: string | null;
  /** pyproject.toml: the `[tool.uv.workspace] members` globs as written, when the file is a uv workspace root. */
  workspaceMembers?: string[];
  /** Requirements files: every suppression comment, on any kind of line (requirements, `-r`/`-c`, lines pip rejects). */
  suppressions?: Suppression[];
  /** Requirements files: the package-index options the file states (`--index-url`, `--extra-index-url`, `--no-index`). */
  indexOptions?: { indexUrl: string | null; extraIndexUrls: string[]; noIndex: boolean };
  /** Requirements files: the comment lines before the first entry, joined, with the first one's line. */
  headerComment?: { line: number; text: string };
  /** Lock files: each locked package with the files the lock lists for it (for Alpine and sizes). */
  lockPackages?: import('./parse/lock/types.js').LockedPackage[];
  /** The role of each part of the manifest (the file itself, a table, an extra, a group, a section). */
  roles?: ManifestPart[];
}

/** One part of a manifest and its role: `requirements.txt`, `[project] dependencies`, extra `docs`, … */
export interface ManifestPart {
  /** Human name of the part: 'requirements file', '[project] dependencies', 'extra "docs"', … */
  part: string;
  /** The set name as written (extra, group, section), null for a requirements file or the main set. */
  name: string | null;
  line: number;
  decision: RoleDecision;
}

export interface ProjectFile {
  path: string;
  kind: FileKind;
}

/** Another place the same cause shows up (one finding per cause; the others ride along here). */
export interface RelatedLocation extends Position {
  file: string;
  message: string;
}

export interface Finding extends Position {
  code: string;
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  package: string | null;
  /** One-line hint on how to fix, when the rule has one. */
  fix?: string;
  /**
   * Identity that survives unrelated edits: rule, file, and the package or the flagged line's
   * normalised text, never the line number. Set by the audit; baselines and CI formats use it.
   */
  fingerprint?: string;
  /** Further occurrences of the same cause, when several were grouped into this one finding. */
  related?: RelatedLocation[];
}

/** A .dockerignore as read: its lines, kept for emitters, and its patterns for matching. */
export interface DockerignoreFile {
  path: string;
  /** Directory (relative to root, '' for root) that is the build context this file applies to. */
  contextDir: string;
  content: string;
  /** Non-comment, non-blank patterns in file order, with their 1-based lines. */
  patterns: { pattern: string; line: number }[];
}

/** Where a module is named in the project's own run-time code: an import, a settings string, an entry point. */
export interface RuntimeImport {
  /** The module as written ('django_extensions', 'debug_toolbar.middleware.DebugToolbarMiddleware'). */
  module: string;
  /** For `from module import a, b`: the imported names. */
  names?: string[];
  file: string;
  line: number;
  via: import('./parse/python-imports.js').ImportVia | 'entry-point';
  /** 'runtime' counts as run-time use; the others say why it does not (see scanPythonImports). */
  context: import('./parse/python-imports.js').ImportContext;
}

/**
 * Run-time evidence from the repository's own Python code: every module its non-test files name,
 * keyed by top-level name, without the project's own modules.
 */
export interface RuntimeEvidence {
  /** How many Python files were read (tests, docs, conftest.py, noxfile.py, setup.py, … are not). */
  scannedFiles: number;
  /** Top-level names of the project's own packages and modules (never third-party evidence). */
  localModules: ReadonlySet<string>;
  /** Top-level module name -> where it is named, sorted by file and line. */
  byTopLevel: ReadonlyMap<string, readonly RuntimeImport[]>;
  /** Every folder that holds a scanned file, at any depth ('' for the root): lets rules scope evidence to a package. */
  scannedDirs?: ReadonlySet<string>;
}

/** One place the project's code names a package, as the JSON report shows it. */
export interface RuntimeEvidenceHit {
  file: string;
  line: number;
  module: string;
  via: RuntimeImport['via'];
}

/**
 * What the import scan found for one development tool in the JSON report: each list holds at most
 * RUNTIME_EVIDENCE_LIST_LIMIT places, sorted by file and line.
 */
export interface RuntimeEvidenceSummary {
  scannedFiles: number;
  runtime: RuntimeEvidenceHit[];
  optional: RuntimeEvidenceHit[];
  conditional: RuntimeEvidenceHit[];
  development: RuntimeEvidenceHit[];
  typeChecking: RuntimeEvidenceHit[];
}

export const RUNTIME_EVIDENCE_LIST_LIMIT = 20;

/** Everything the rules see. Built once by the loader; rules never read files. */
export interface Project {
  /** Absolute path of the audited root. */
  root: string;
  files: ProjectFile[];
  manifests: Manifest[];
  dockerfiles: import('./parse/dockerfile.js').DockerfileModel[];
  /**
   * Dockerfiles that build development images (.devcontainer/, Dockerfile.dev, test.Dockerfile):
   * parsed, so their syntax errors are reported, but not checked by the image-size rules.
   */
  devDockerfiles: import('./parse/dockerfile.js').DockerfileModel[];
  dockerignores: DockerignoreFile[];
  /**
   * Relative paths (files and directories, directories with a trailing '/') that exist in the repo,
   * including ignored-by-git junk such as .venv/ or __pycache__/ when present, capped for huge trees.
   * Used to focus .dockerignore advice on what is really there.
   */
  presentPaths: string[];
  /**
   * Role decisions for each Dockerfile (production ones are in `dockerfiles`, development ones in
   * `devDockerfiles`), by path, with the build context and target stage a compose file, workflow or
   * script gives.
   */
  dockerfileRoles?: Map<string, DockerfileRole>;
  /** Files the audit skipped because they are templates (Jinja, cookiecutter), with where it saw so. */
  templates?: Evidence[];
  /** Problems reading files (binary, non-UTF-8, too large, unreadable): reported as findings. */
  diagnostics: (Diagnostic & { file: string })[];
  /** What the project's own run-time code imports; absent when the scan was not run. */
  runtimeEvidence?: RuntimeEvidence;
}

export interface DockerfileRole {
  path: string;
  decision: RoleDecision;
  /** The build context, when a compose file, workflow, script or deploy config names it. */
  context?: string;
  /** The stage built, when a reference names one (`--target`, compose `target:`). */
  target?: string;
}

/** Rule metadata as reporters see it (SARIF rule entries, `slimreq rules`). */
export interface RuleMeta {
  code: string;
  name: string;
  severity: Severity;
  docs: { what: string; why: string; bad: string; good: string; fix: string; references?: string[] };
}

/** The one result every reporter renders. Findings are sorted by file, line, column, code. */
export interface AuditResult {
  version: 1;
  /** Absolute root that paths are relative to. */
  root: string;
  files: ProjectFile[];
  requirements: (Requirement & { devTool: { category: string; certainty: 'always' | 'usually' } | null; runtimeEvidence?: RuntimeEvidenceSummary | null })[];
  /** requirements.length, without building the list. */
  requirementCount: number;
  findings: Finding[];
  /** Every registered rule, so reporters can describe them (SARIF) without importing the registry. */
  rules: RuleMeta[];
  /** The configuration files the audit read (as shown to the user); empty when it used the defaults. */
  configFiles?: string[];
  /**
   * Bytes of wheels that development tools (and what only they require) add to the production image,
   * from the wheel sizes of uv.lock / pylock.toml; null when no lock records sizes.
   */
  devToolBytes?: number | null;
}
