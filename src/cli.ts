// Command-line wiring: parse arguments, call the library, print, exit. Nothing else lives here.
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './errors.js';
import { parseArch, version } from './commands/shared.js';

export { EXIT, UsageError } from './errors.js';
export { version, resolvePath } from './commands/shared.js';

/** Kept here, not imported from commands/audit.ts, so start-up loads no command module. */
const AUDIT_FORMATS = ['text', 'concise', 'json', 'sarif', 'github', 'gitlab'] as const;

/**
 * Repeatable single-value options: `--ignore a --ignore b` or `--ignore a,b`. A variadic option
 * (`<rule...>`) would swallow the PATH argument that follows it.
 */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('slimreq')
    .description('Audit a Python repository before it ships in a Docker image.')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command('audit')
    .description('read every manifest, Dockerfile and .dockerignore under PATH and report what bloats the image')
    .argument('[paths...]', 'folders to audit (a repository root), or files (audited with their folder as the project)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(AUDIT_FORMATS).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON))
    .addOption(new Option('--min-severity <severity>', 'show only findings at or above this severity (the exit code still counts all)').choices(['info', 'warning', 'error']))
    .option('--baseline <file>', 'report only findings not recorded in FILE (written by --write-baseline)')
    .option('--write-baseline <file>', "record today's findings in FILE and exit 0")
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .option('-c, --config <file>', 'read configuration from FILE instead of the nearest .slimreq.toml or [tool.slimreq], searched from PATH up to the repository root')
    .option('--exclude <pattern>', 'gitignore-style path to skip (repeatable; commas separate several)', collect)
    .option('--ignore <rule>', 'rule (name or code) to skip (repeatable; commas separate several)', collect)
    .option('--no-progress', 'never show progress on stderr')
    .action(async (paths: string[], opts) => {
      const { runAudit } = await import('./commands/audit.js');
      setExit(await runAudit(paths, opts, io));
    });

  program
    .command('split')
    .description('move development tools out of a requirements file (or pyproject.toml) into the development set')
    .argument('[files...]', 'requirements files or pyproject.toml (default requirements.txt); files named for development are skipped when several are given')
    .option('--write', 'apply the change (default: print a diff and write nothing)')
    .option('--check', 'exit 1 if a split would change anything (for CI and pre-commit)')
    .option('--dev-file <path>', 'development requirements file (default: requirements-dev.txt beside FILE)')
    .addOption(new Option('--include <certainty>', 'also move catalog entries that are usually dev-only').choices(['always', 'usually']).default('always'))
    .option('--keep <name>', 'never move this package (repeatable; commas separate several)', collect)
    .option('--move <name>', 'always move this package (repeatable; commas separate several)', collect)
    .addOption(new Option('--link <kind>', 'how the dev file refers to FILE: -r, -c, or not at all').choices(['requirement', 'constraint', 'none']))
    .addOption(new Option('--target <table>', 'pyproject.toml: where moved entries go').choices(['auto', 'pep735', 'poetry', 'pdm', 'uv']).default('auto'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'read configuration from FILE')
    .action(async (files: string[], opts) => {
      const { runSplitMany } = await import('./commands/split.js');
      setExit(await runSplitMany(files, opts, io));
    });

  program
    .command('export')
    .description("write requirements.txt and requirements-dev.txt from pyproject.toml's production and development sets")
    .argument('[pyproject]', 'pyproject.toml to read', 'pyproject.toml')
    .option('--out-dir <dir>', "folder to write into (default: the pyproject.toml's folder)")
    .option('--write', 'write the files (default: print a diff and write nothing)')
    .option('--force', 'replace existing requirements files that differ')
    .action(async (file: string, opts) => {
      const { runExport } = await import('./commands/export.js');
      setExit(await runExport(file, opts, io));
    });

  program
    .command('alpine')
    .description('say which production packages would compile from source on Alpine (musl), and which base image to use')
    .argument('[path]', 'repository root', '.')
    .addOption(new Option('--arch <arch>', 'CPU architecture to check musllinux wheels for: x86_64 (amd64), aarch64 (arm64) or all; Docker platform names such as linux/arm64 work too').argParser(parseArch))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .option('-c, --config <file>', 'read configuration from FILE instead of PATH/pyproject.toml')
    .option('--online', 'ask the package index about packages the catalog does not know (off by default)')
    .option('--index-url <url>', 'with --online: the index to ask (default: requirements files, PIP_INDEX_URL, PyPI)')
    .option('--cache-dir <dir>', 'with --online: cache directory (default: $XDG_CACHE_HOME/slimreq)')
    .option('--timeout <seconds>', 'with --online: per-request timeout in seconds', '15')
    .action(async (path: string, opts) => {
      const { runAlpine } = await import('./commands/alpine.js');
      setExit(await runAlpine(path, opts, io));
    });

  program
    .command('roles')
    .description('list every manifest part and Dockerfile as production, development or unknown, with the evidence')
    .argument('[path]', 'repository root', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .option('-c, --config <file>', 'read configuration from FILE instead of PATH/pyproject.toml')
    .action(async (path: string, opts) => {
      const { runRoles } = await import('./commands/roles.js');
      setExit(await runRoles(path, opts, io));
    });

  const fix = program.command('fix').description('write the fixes the audit suggests');
  fix
    .command('dockerignore')
    .description('create or extend .dockerignore with the entries the audit says are missing')
    .argument('[path]', 'repository root', '.')
    .option('--write', 'apply the change (default: print a diff and write nothing)')
    .option('-c, --config <file>', 'read configuration from FILE')
    .action(async (path: string, opts) => {
      const { runFixDockerignore } = await import('./commands/docker.js');
      setExit(await runFixDockerignore(path, opts, io));
    });

  program
    .command('dockerfile')
    .description('print a multi-stage, slim Dockerfile for the project (production requirements only, non-root user)')
    .argument('[path]', 'repository root', '.')
    .option('--write', 'write PATH/Dockerfile, only if no Dockerfile exists there')
    .option('-o, --output <file>', 'write to FILE (must not exist) instead of stdout')
    .option('--python <version>', 'Python version for the images, e.g. 3.12 (default: requires-python, then an existing Dockerfile)')
    .option('-c, --config <file>', 'read configuration from FILE')
    .action(async (path: string, opts) => {
      const { runDockerfile } = await import('./commands/docker.js');
      setExit(await runDockerfile(path, opts, io));
    });

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<rule>', 'rule name or code, e.g. dev-tool-in-production or SR101')
    .action(async (rule: string) => {
      const { runExplain } = await import('./commands/info.js');
      setExit(runExplain(rule, io));
    });

  program
    .command('rules')
    .description('list every rule with its code and default severity')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts) => {
      const { runRules } = await import('./commands/info.js');
      setExit(runRules(opts, io));
    });

  program
    .command('catalog')
    .description('show what the catalogs know about a package, with sources')
    .argument('<name>', 'package name')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (name: string, opts) => {
      const { runCatalog } = await import('./commands/info.js');
      setExit(runCatalog(name, opts, io));
    });

  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? EXIT.clean : EXIT.usage;
    }
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: Io): number {
  const err = error as Error & { code?: string };
  const userFacing = ['UsageError', 'InputError', 'ConfigError', 'WriteError', 'OnlineError', 'SplitError', 'BaselineError'];
  if (err && userFacing.includes(err.name)) {
    io.stderr.write(`slimreq: ${err.message}\n`);
    return EXIT.usage;
  }
  if (err?.code === 'EPIPE') return EXIT.clean;
  io.stderr.write(`slimreq: internal error: ${err?.message ?? String(error)}\n`);
  if (process.env.SLIMREQ_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
  else io.stderr.write('slimreq: this is a bug; set SLIMREQ_DEBUG=1 to see the stack trace and please report it\n');
  return EXIT.internal;
}
