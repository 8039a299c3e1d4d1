// The one table of the package tools a Dockerfile runs: their names, subcommands and options, and
// how each tool's own parser reads its command line. Rules ask `hasOption(cmd, '--no-cache-dir')`
// and get the answer the tool would give: pip's optparse takes any unique prefix of a long option
// (`--no-cache` is `--no-cache-dir`), uv takes `--no-cache-dir` as an alias of `--no-cache` and its
// global options before or after the subcommand, aptitude's `-R` is `--without-recommends`, and short
// options cluster as getopt reads them (`-yq`, `-rreq.txt`).

export type PackageTool =
  | 'apt-get'
  | 'apt'
  | 'aptitude'
  | 'apk'
  | 'yum'
  | 'dnf'
  | 'microdnf'
  | 'pip'
  | 'uv-pip'
  | 'uv'
  | 'poetry'
  | 'pipenv'
  | 'pdm'
  | 'pip-sync';

/** One option as the tool reads it. */
export interface ToolOption {
  /** The canonical spelling (the first of its group in the table): `--no-cache-dir` for pip's `--no-cache`. */
  name: string;
  /** The option as written (`--no-cache`, `-y`). */
  written: string;
  /** Its value (`-r req.txt`, `--virtual=.deps`), or null for a flag. */
  value: string | null;
}

/** A package-manager invocation: the tool, its subcommand, its options and operands. */
export interface ToolCommand {
  tool: PackageTool;
  /** `install`, `add`, `del`, `update`, `sync`, `purge`, …; null when none was given. */
  subcommand: string | null;
  options: ToolOption[];
  /** Non-option arguments after the subcommand (packages, paths). */
  operands: string[];
}

interface ToolSpec {
  /** optparse: a unique prefix of a long option names it (`--no-cache` for `--no-cache-dir`). */
  longPrefixes: boolean;
  /** Option groups: the first name is canonical; a trailing `=` means the option takes a value. */
  options: string[][];
  /** The tool has no subcommand (pip-sync): every non-option word is an operand. */
  noSubcommand?: boolean;
}

// pip 23.2.1's install/download/wheel/uninstall/cache options with their values (read from pip's own
// parser: `create_command('install').parser._get_all_options()`), plus options newer or older pips
// add (--group, --build-option, --install-option, --resume-retries, --uploaded-prior-to). Prefixes
// are matched against this whole set, as optparse does, so an ambiguous one (`--no-c`) names nothing.
const PIP: string[][] = [
  ['-r=', '--requirement='], ['-c=', '--constraint='], ['--no-deps', '--no-dependencies'], ['--pre'],
  ['-e=', '--editable='], ['--dry-run'], ['-t=', '--target='], ['--platform='], ['--python-version='], ['--implementation='],
  ['--abi='], ['--user'], ['--no-user'], ['--root='], ['--prefix='], ['--src=', '--source=', '--source-dir=', '--source-directory='],
  ['-U', '--upgrade'], ['--upgrade-strategy='], ['--force-reinstall'], ['-I', '--ignore-installed'], ['--ignore-requires-python'],
  ['--no-build-isolation'], ['--use-pep517'], ['--no-use-pep517'], ['--check-build-dependencies'], ['--break-system-packages'],
  ['-C=', '--config-settings='], ['--global-option='], ['--compile'], ['--no-compile'], ['--no-warn-script-location'],
  ['--no-warn-conflicts'], ['--no-binary='], ['--only-binary='], ['--prefer-binary'], ['--require-hashes'], ['--progress-bar='],
  ['--root-user-action='], ['--report='], ['--no-clean'], ['-i=', '--index-url=', '--pypi-url='], ['--extra-index-url='],
  ['--no-index'], ['-f=', '--find-links='], ['-h', '--help'], ['--debug'], ['--isolated'], ['--require-virtualenv', '--require-venv'],
  ['--python='], ['-v', '--verbose'], ['-V', '--version'], ['-q', '--quiet'], ['--log=', '--log-file=', '--local-log='], ['--no-input'],
  ['--keyring-provider='], ['--proxy='], ['--retries='], ['--timeout=', '--default-timeout='], ['--exists-action='], ['--trusted-host='],
  ['--cert='], ['--client-cert='], ['--cache-dir='], ['--no-cache-dir'], ['--disable-pip-version-check'], ['--no-color'],
  ['--no-python-version-warning'], ['--use-feature='], ['--use-deprecated='],
  // download / wheel / uninstall / freeze
  ['-d=', '--dest=', '--destination-dir=', '--destination-directory='], ['-w=', '--wheel-dir='], ['-y', '--yes'], ['-a', '--all'],
  // newer and older pips
  ['--group='], ['--build-option='], ['--install-option='], ['--resume-retries='], ['--uploaded-prior-to='],
];

// uv (clap: no prefix matching). Global options may come before or after the subcommand.
const UV_COMMON: string[][] = [
  ['--no-cache', '-n', '--no-cache-dir'], ['--cache-dir='], ['-q', '--quiet'], ['-v', '--verbose'], ['--offline'], ['--no-progress'],
  ['--directory='], ['--project='], ['--config-file='], ['--color='], ['--native-tls'], ['--no-config'], ['--allow-insecure-host=', '--trusted-host='],
  ['-p=', '--python='], ['--system'], ['--break-system-packages'], ['--target='], ['--prefix='], ['--python-version='], ['--python-platform='],
  ['-r=', '--requirements=', '--requirement='], ['-c=', '--constraints=', '--constraint='], ['--overrides=', '--override='], ['-e=', '--editable='],
  ['-i=', '--index-url='], ['--index='], ['--default-index='], ['--extra-index-url='], ['-f=', '--find-links='], ['--no-index'],
  ['--extra='], ['--all-extras'], ['--group='], ['--no-group='], ['--only-group='], ['--no-dev'], ['--only-dev'], ['--dev'], ['--all-groups'],
  ['--no-default-groups'], ['--package='], ['--all-packages'], ['--no-install-project'], ['--no-install-workspace'],
  ['--no-install-package='], ['--frozen'], ['--locked'], ['--exclude-newer='], ['--resolution='], ['--prerelease='], ['--index-strategy='],
  ['--keyring-provider='], ['--link-mode='], ['-C=', '--config-setting='], ['--no-binary='], ['--only-binary='], ['--no-binary-package='],
  ['--no-build-package='], ['--reinstall'], ['--reinstall-package='], ['-U', '--upgrade'], ['-P=', '--upgrade-package='], ['--script='],
  ['--torch-backend='], ['--compile-bytecode', '--compile'], ['--no-deps'], ['--no-editable'], ['--inexact'], ['--exact'],
];

const APT_GET: string[][] = [
  ['-y', '--yes', '--assume-yes'], ['-q', '--quiet', '--silent'], ['--no-install-recommends'], ['--install-recommends'],
  ['--no-install-suggests'], ['-o=', '--option='], ['-t=', '--target-release=', '--default-release='], ['-c=', '--config-file='],
  ['-a=', '--host-architecture='], ['--auto-remove', '--autoremove'], ['-f', '--fix-broken'], ['-d', '--download-only'],
  ['-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act'], ['-m', '--ignore-missing', '--fix-missing'],
  ['--allow-unauthenticated'], ['--allow-downgrades'], ['--allow-change-held-packages'], ['--purge'], ['--reinstall'], ['-V', '--verbose-versions'],
];

const APTITUDE: string[][] = [
  ['-y', '--assume-yes'], ['-q', '--quiet'], ['--no-install-recommends', '-R', '--without-recommends'], ['-r', '--with-recommends'],
  ['-o='], ['-t=', '--target-release='], ['-d', '--download-only'], ['-s', '--simulate'], ['-f'], ['-v', '--verbose'], ['-P', '--prompt'],
];

const APK: string[][] = [
  ['--no-cache'], ['--no-network'], ['-U', '--update-cache'], ['-t=', '--virtual='], ['-X=', '--repository='], ['-p=', '--root='],
  ['--arch='], ['--cache-dir='], ['--repositories-file='], ['--keys-dir='], ['-q', '--quiet'], ['-v', '--verbose'], ['-i', '--interactive'],
  ['--purge'], ['--allow-untrusted'], ['--no-scripts'], ['--force-overwrite'], ['--force-broken-world'], ['-u', '--upgrade'], ['-l', '--latest'],
  ['-r', '--rdepends'], ['--clean-protected'], ['--initdb'], ['--usermode'], ['-s', '--simulate'],
];

const YUM: string[][] = [
  ['-y', '--assumeyes'], ['-q', '--quiet'], ['--enablerepo='], ['--disablerepo='], ['--setopt='], ['--installroot='], ['-c=', '--config='],
  ['--releasever='], ['-x=', '--exclude='], ['--nodocs'], ['--setopt='], ['--noplugins'], ['--nobest'], ['--allowerasing'],
];

const SPECS: Record<PackageTool, ToolSpec> = {
  pip: { longPrefixes: true, options: PIP },
  'uv-pip': { longPrefixes: false, options: UV_COMMON },
  uv: { longPrefixes: false, options: UV_COMMON },
  'apt-get': { longPrefixes: false, options: APT_GET },
  apt: { longPrefixes: false, options: APT_GET },
  aptitude: { longPrefixes: false, options: APTITUDE },
  apk: { longPrefixes: false, options: APK },
  yum: { longPrefixes: false, options: YUM },
  dnf: { longPrefixes: false, options: YUM },
  microdnf: { longPrefixes: false, options: YUM },
  poetry: { longPrefixes: false, options: [['--with='], ['--without='], ['--only='], ['-E=', '--extras='], ['-C=', '--directory='], ['-P=', '--project='], ['--no-root'], ['--only-root'], ['--no-dev'], ['--all-groups'], ['--all-extras'], ['--sync'], ['-n', '--no-interaction'], ['-q', '--quiet'], ['-v', '--verbose']] },
  pipenv: { longPrefixes: false, options: [['--python='], ['-r=', '--requirements='], ['--categories='], ['--extra-pip-args='], ['-i=', '--index='], ['-d', '--dev'], ['--system'], ['--deploy'], ['--ignore-pipfile']] },
  pdm: { longPrefixes: false, options: [['-G=', '--group='], ['--without='], ['-p=', '--project='], ['-L=', '--lockfile='], ['--venv='], ['-d', '--dev'], ['--prod', '--production'], ['--no-self'], ['--frozen-lockfile'], ['--no-editable']] },
  'pip-sync': { longPrefixes: false, noSubcommand: true, options: [['-i=', '--index-url='], ['--extra-index-url='], ['-f=', '--find-links='], ['--python-executable='], ['--pip-args='], ['-a', '--ask'], ['-n', '--dry-run']] },
};

interface OptionInfo {
  canonical: string;
  takesValue: boolean;
}

const INDEX = new Map<PackageTool, Map<string, OptionInfo>>();

function optionIndex(tool: PackageTool): Map<string, OptionInfo> {
  let index = INDEX.get(tool);
  if (index) return index;
  index = new Map();
  for (const group of SPECS[tool].options) {
    const takesValue = group[0].endsWith('=');
    const canonical = group[0].replace(/=$/, '');
    for (const name of group) if (!index.has(name.replace(/=$/, ''))) index.set(name.replace(/=$/, ''), { canonical, takesValue });
  }
  INDEX.set(tool, index);
  return index;
}

/** The option a long name stands for: itself, or for pip the one option it is a unique prefix of. */
function longOption(tool: PackageTool, name: string): OptionInfo | null {
  const index = optionIndex(tool);
  const exact = index.get(name);
  if (exact) return exact;
  if (!SPECS[tool].longPrefixes || name.length < 3) return null;
  const found = new Set<string>();
  let info: OptionInfo | null = null;
  for (const [full, i] of index) {
    if (full.startsWith('--') && full.startsWith(name)) {
      found.add(i.canonical);
      info = i;
    }
  }
  return found.size === 1 ? info : null;
}

/** The canonical name of an option of a tool (`--no-cache` -> `--no-cache-dir` for pip), or the name itself. */
export function canonicalOption(tool: PackageTool, name: string): string {
  return (name.startsWith('--') ? longOption(tool, name) : optionIndex(tool).get(name))?.canonical ?? name;
}

const PYTHON = /^python(\d+(\.\d+)*)?$/;
const PIP_NAME = /^pip(\d+(\.\d+)*)?$/;
const SIMPLE: Record<string, PackageTool> = {
  'apt-get': 'apt-get', apt: 'apt', aptitude: 'aptitude', apk: 'apk', yum: 'yum', dnf: 'dnf', microdnf: 'microdnf',
  poetry: 'poetry', pipenv: 'pipenv', pdm: 'pdm', 'pip-sync': 'pip-sync', uv: 'uv',
};

/**
 * Recognize a package-manager command from a program's argv (wrappers already removed, argv[0]
 * reduced to its base name): apt-get, apt, aptitude, apk, yum/dnf, pip (`pip3.12`, `python3.12 -m
 * pip`), uv and `uv pip`, poetry, pipenv, pdm, pip-sync.
 */
export function readToolCommand(a: readonly string[]): ToolCommand | null {
  if (a.length === 0) return null;
  const name = a[0];
  let tool: PackageTool | null = null;
  let rest: string[] = [];
  if (PIP_NAME.test(name)) {
    tool = 'pip';
    rest = a.slice(1);
  } else if (PYTHON.test(name)) {
    // python -m pip …, python3 -I -m pip …, python -mpip
    let k = 1;
    while (k < a.length && /^-[A-Za-z]+$/.test(a[k]) && a[k] !== '-m' && !/^-[A-Za-z]*m$/.test(a[k])) k++;
    if (/^-[A-Za-z]*m$/.test(a[k] ?? '') && PIP_NAME.test(a[k + 1] ?? '')) {
      tool = 'pip';
      rest = a.slice(k + 2);
    } else if (a[k] === '-mpip') {
      tool = 'pip';
      rest = a.slice(k + 1);
    } else if (/^-[A-Za-z]*m$/.test(a[k] ?? '') && a[k + 1] === 'uv') {
      tool = 'uv';
      rest = a.slice(k + 2);
    } else return null;
  } else if (SIMPLE[name]) {
    tool = SIMPLE[name];
    rest = a.slice(1);
  } else return null;
  return readArguments(tool, rest);
}

function readArguments(initial: PackageTool, rest: readonly string[]): ToolCommand {
  let tool = initial;
  let subcommand: string | null = null;
  const options: ToolOption[] = [];
  const operands: string[] = [];
  for (let k = 0; k < rest.length; k++) {
    const word = rest[k];
    if (word === '--') {
      operands.push(...rest.slice(k + 1));
      break;
    }
    if (word.startsWith('--') && word.length > 2) {
      const eq = word.indexOf('=');
      const written = eq === -1 ? word : word.slice(0, eq);
      const info = longOption(tool, written);
      if (eq !== -1) options.push({ name: info?.canonical ?? written, written, value: word.slice(eq + 1) });
      else if (info?.takesValue) {
        options.push({ name: info.canonical, written, value: rest[k + 1] ?? null });
        k++;
      } else options.push({ name: info?.canonical ?? written, written, value: null });
      continue;
    }
    if (word.startsWith('-') && word.length > 1 && !/^-\d/.test(word)) {
      // getopt / optparse short options: `-yq` is `-y -q`; `-rreq.txt` and `-r req.txt` give -r a value.
      const index = optionIndex(tool);
      for (let c = 1; c < word.length; c++) {
        const short = `-${word[c]}`;
        const info = index.get(short);
        if (info?.takesValue) {
          const glued = word.slice(c + 1);
          if (glued !== '') options.push({ name: info.canonical, written: short, value: glued.replace(/^=/, '') });
          else {
            options.push({ name: info.canonical, written: short, value: rest[k + 1] ?? null });
            k++;
          }
          break;
        }
        options.push({ name: info?.canonical ?? short, written: short, value: null });
      }
      continue;
    }
    if (SPECS[tool].noSubcommand) operands.push(word);
    else if (subcommand === null) {
      if (tool === 'uv' && word === 'pip') {
        tool = 'uv-pip';
        continue;
      }
      subcommand = word;
    } else operands.push(word);
  }
  return { tool, subcommand, options, operands };
}

/** True when the command carries any of the options, by any spelling the tool accepts. */
export function hasOption(cmd: ToolCommand, ...names: string[]): boolean {
  const wanted = new Set(names.map((n) => canonicalOption(cmd.tool, n)));
  return cmd.options.some((o) => wanted.has(o.name));
}

/** Values of every occurrence of the options (`-r a.txt --requirement b.txt` -> ['a.txt', 'b.txt']). */
export function optionValues(cmd: ToolCommand, ...names: string[]): string[] {
  const wanted = new Set(names.map((n) => canonicalOption(cmd.tool, n)));
  return cmd.options.filter((o) => wanted.has(o.name) && o.value !== null).map((o) => o.value as string);
}

/** apt-get, apt and aptitude: the tools that read Debian's package lists. */
export function isAptFamily(tool: PackageTool): boolean {
  return tool === 'apt-get' || tool === 'apt' || tool === 'aptitude';
}

/** Subcommands of apt-get/apt/aptitude that install from the package lists. */
export const APT_CONSUMERS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'safe-upgrade', 'build-dep', 'source', 'download', 'reinstall']);

/** Subcommands of apt-get/apt/aptitude that remove the download cache (`clean`) and, for dist-clean (apt >= 2.7.8), the lists too. */
export function aptCleans(cmd: ToolCommand): ('apt-cache' | 'apt-lists')[] {
  if (!isAptFamily(cmd.tool)) return [];
  if (cmd.subcommand === 'dist-clean' || cmd.subcommand === 'distclean') return ['apt-cache', 'apt-lists'];
  if (cmd.subcommand === 'clean' || cmd.subcommand === 'autoclean' || cmd.subcommand === 'auto-clean') return ['apt-cache'];
  return [];
}

/**
 * True for values pip's strtobool accepts (y, yes, t, true, on, 1, n, no, f, false, off, 0). pip
 * disables its cache when PIP_NO_CACHE_DIR holds any of them, falsy ones included
 * (`_handle_no_cache_dir` in pip's cmdoptions); an empty value leaves the cache on.
 */
export function pipBoolean(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i.test(value.trim());
}

/** uv's boolean environment values: true for 1/true/yes/on/t/y (UV_NO_CACHE=0 keeps the cache). */
export function uvTrue(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && /^(1|true|yes|on|t|y)$/i.test(value.trim());
}
