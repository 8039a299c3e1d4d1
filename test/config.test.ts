import { describe, expect, it } from 'vitest';
import {
  applyConfig,
  closest,
  configSection,
  defaultConfig,
  mergeCliOptions,
  parseConfig,
  type Config,
  rebaseConfig,
} from '../src/config.js';
import type { Finding, RuleMeta } from '../src/model.js';

const KNOWN = [
  { code: 'SR001', name: 'unreadable-manifest' },
  { code: 'SR101', name: 'dev-tool-in-production' },
  { code: 'SR102', name: 'dev-requirements-included-in-production' },
  { code: 'SR201', name: 'musl-source-build' },
];

const RULES: RuleMeta[] = KNOWN.map((r) => ({
  ...r,
  severity: 'warning',
  docs: { what: '', why: '', bad: '', good: '', fix: '' },
}));

function pyproject(body: string) {
  return parseConfig(body, 'pyproject.toml', { section: 'tool.slimreq', knownRules: KNOWN });
}
function dotfile(body: string) {
  return parseConfig(body, '.slimreq.toml', { section: 'root', knownRules: KNOWN });
}
/** Errors as `line:column message`, for compact exact assertions. */
function errorsOf(res: ReturnType<typeof parseConfig>): string[] {
  return res.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe('parseConfig: happy paths', () => {
  it('returns the defaults when pyproject.toml has no [tool.slimreq]', () => {
    const res = pyproject('[project]\nname = "app"\n[tool.ruff]\nline-length = 100\n');
    expect(res.errors).toEqual([]);
    expect(res.config).toEqual(defaultConfig);
    expect(defaultConfig).toEqual({
      ignore: [],
      perFileIgnores: {},
      failOn: 'warning',
      severity: {},
      devPackages: [],
      runtimePackages: [],
      exclude: [],
      production: [],
      development: [],
      alpine: { arch: 'x86_64' },
      split: { devFile: 'requirements-dev.txt', link: true },
      baseline: null,
    });
  });

  it('reads every key from [tool.slimreq]', () => {
    const res = pyproject(`
[project]
name = "app"

[tool.slimreq]
ignore = ["SR001", "musl-source-build"]
fail-on = "error"
dev-packages = ["our-test-helpers", "acme-lint-*", "Flake8_Plugins"]
runtime-packages = ["ipython"]
exclude = ["legacy/", "vendor/**"]
production = ["deploy/Dockerfile"]
development = ["docker/ci/*", "pyproject.toml:docs"]
baseline = ".slimreq-baseline.json"

[tool.slimreq.per-file-ignores]
"tests/**" = ["dev-tool-in-production"]
"docs/requirements.txt" = ["SR101", "SR102"]

[tool.slimreq.severity]
SR101 = "error"
dev-requirements-included-in-production = "info"
musl-source-build = "off"

[tool.slimreq.alpine]
arch = "aarch64"

[tool.slimreq.split]
dev-file = "requirements/dev.txt"
link = false
`);
    expect(res.errors).toEqual([]);
    expect(res.config).toEqual({
      ignore: ['SR001', 'musl-source-build'],
      perFileIgnores: { 'tests/**': ['dev-tool-in-production'], 'docs/requirements.txt': ['SR101', 'SR102'] },
      failOn: 'error',
      severity: { SR101: 'error', 'dev-requirements-included-in-production': 'info', 'musl-source-build': 'off' },
      devPackages: ['our-test-helpers', 'acme-lint-*', 'Flake8_Plugins'],
      runtimePackages: ['ipython'],
      exclude: ['legacy/', 'vendor/**'],
      production: ['deploy/Dockerfile'],
      development: ['docker/ci/*', 'pyproject.toml:docs'],
      alpine: { arch: 'aarch64' },
      split: { devFile: 'requirements/dev.txt', link: false },
      baseline: '.slimreq-baseline.json',
    });
  });

  it('reads .slimreq.toml keys at the top level, with inline and dotted tables', () => {
    const res = dotfile(`
ignore = ["sr001"]   # codes are case-insensitive
fail-on = "never"
alpine.arch = "x86_64"
split = { dev-file = "dev-requirements.txt" }
per-file-ignores = { "*.in" = ["SR101"] }
severity = { SR201 = "info" }
`);
    expect(res.errors).toEqual([]);
    expect(res.config.ignore).toEqual(['sr001']);
    expect(res.config.failOn).toBe('never');
    expect(res.config.alpine).toEqual({ arch: 'x86_64' });
    expect(res.config.split).toEqual({ devFile: 'dev-requirements.txt', link: true });
    expect(res.config.perFileIgnores).toEqual({ '*.in': ['SR101'] });
    expect(res.config.severity).toEqual({ SR201: 'info' });
  });

  it('accepts every fail-on value and every arch', () => {
    for (const v of ['error', 'warning', 'info', 'never']) expect(dotfile(`fail-on = "${v}"`).config.failOn).toBe(v);
    for (const v of ['x86_64', 'aarch64', 'all']) expect(dotfile(`alpine.arch = "${v}"`).config.alpine.arch).toBe(v);
  });

  it('does not check rule names when no rules are given', () => {
    const res = parseConfig('ignore = ["whatever"]', '.slimreq.toml', { section: 'root' });
    expect(res.errors).toEqual([]);
    expect(res.config.ignore).toEqual(['whatever']);
  });

  it('tolerates a byte order mark and CRLF line endings', () => {
    const res = dotfile('\uFEFFfail-on = "info"\r\nignore = ["SR101"]\r\n');
    expect(res.errors).toEqual([]);
    expect(res.config.failOn).toBe('info');
  });

  it('picks the section from the file name', () => {
    expect(configSection('pyproject.toml')).toBe('tool.slimreq');
    expect(configSection('sub/dir/pyproject.toml')).toBe('tool.slimreq');
    expect(configSection('C:\\repo\\pyproject.toml')).toBe('tool.slimreq');
    expect(configSection('.slimreq.toml')).toBe('root');
    expect(configSection('ci/slimreq-strict.toml')).toBe('root');
  });
});

describe('parseConfig: errors', () => {
  it('reports TOML syntax errors with 1-based positions', () => {
    const res = dotfile('fail-on = "error"\nignore = [\n');
    expect(errorsOf(res)).toEqual(['3:1 Invalid TOML: Unspecified values are invalid']);
    expect(res.errors[0].file).toBe('.slimreq.toml');
    expect(res.config).toEqual(defaultConfig);
    expect(errorsOf(dotfile('fail-on = "a"\nfail-on = "b"\n'))).toEqual([
      '2:1 Invalid TOML: Defining a key multiple times is invalid',
    ]);
  });

  it('reports unknown keys with the closest known key', () => {
    expect(errorsOf(pyproject('[tool.slimreq]\nignroe = ["SR101"]\nfail_on = "error"\n'))).toEqual([
      "2:1 Unknown key 'ignroe' in [tool.slimreq]; did you mean 'ignore'?",
      "3:1 Unknown key 'fail_on' in [tool.slimreq]; did you mean 'fail-on'?",
    ]);
    expect(errorsOf(dotfile('  devpackages = []'))).toEqual([
      "1:3 Unknown key 'devpackages'; did you mean 'dev-packages'?",
    ]);
    expect(errorsOf(dotfile('[alpine]\narchs = "all"\n[split]\ndevfile = "x.txt"\nlinks = true\n'))).toEqual([
      "2:1 Unknown key 'archs' in [alpine]; did you mean 'arch'?",
      "4:1 Unknown key 'devfile' in [split]; did you mean 'dev-file'?",
      "5:1 Unknown key 'links' in [split]; did you mean 'link'?",
    ]);
    expect(errorsOf(pyproject('[tool.slimreq.alpine]\nplatform = "x"\n'))).toEqual([
      "2:1 Unknown key 'platform' in [tool.slimreq.alpine]; known keys: arch",
    ]);
  });

  it('lists the known keys when nothing is close', () => {
    expect(errorsOf(dotfile('colour = true'))).toEqual([
      "1:1 Unknown key 'colour'; known keys: alpine, baseline, dev-packages, development, exclude, fail-on, ignore, per-file-ignores, production, runtime-packages, severity, split",
    ]);
  });

  it('rejects [tool.slimreq] inside .slimreq.toml', () => {
    expect(errorsOf(dotfile('[tool.slimreq]\nignore = ["SR101"]\n'))).toEqual([
      "1:2 [tool.slimreq] is read from pyproject.toml only; in .slimreq.toml write the settings at the top level",
    ]);
  });

  it('reports a [tool.slimreq] that is not a table', () => {
    expect(errorsOf(pyproject('[tool]\nslimreq = "on"\n'))).toEqual(["2:11 [tool.slimreq] must be a table, got a string"]);
  });

  it('reports wrong types at the value', () => {
    const res = dotfile(
      [
        'ignore = "SR101"',
        'fail-on = 1',
        'dev-packages = "pytest"',
        'runtime-packages = [1, "ok"]',
        'exclude = [true]',
        'severity = ["SR101"]',
        'per-file-ignores = "tests/"',
        'alpine = "x86_64"',
        'split = 3.5',
      ].join('\n'),
    );
    expect(errorsOf(res)).toEqual([
      "1:10 'ignore' must be an array of rule names or codes, got a string",
      "2:11 'fail-on' must be a string, got an integer",
      "3:16 'dev-packages' must be an array of package names, got a string",
      "4:21 'runtime-packages' entries must be strings, got an integer",
      "5:12 'exclude' entries must be strings, got a boolean",
      "6:12 'severity' must be a table of rule = severity, got an array",
      "7:20 'per-file-ignores' must be a table of pattern = [rules], got a string",
      "8:10 'alpine' must be a table, got a string",
      "9:9 'split' must be a table, got a float",
    ]);
    // Valid entries next to invalid ones still apply; invalid keys keep their defaults.
    expect(res.config.runtimePackages).toEqual(['ok']);
    expect(res.config.ignore).toEqual([]);
    expect(res.config.failOn).toBe('warning');
  });

  it('reports wrong types inside tables', () => {
    expect(
      errorsOf(
        dotfile(
          [
            '[alpine]',
            'arch = 64',
            '[split]',
            'dev-file = 1979-05-27',
            'link = "yes"',
            '[per-file-ignores]',
            '"tests/" = "SR101"',
            '"docs/" = [42]',
          ].join('\n'),
        ),
      ),
    ).toEqual([
      "2:8 'alpine.arch' must be a string, got an integer",
      "4:12 'split.dev-file' must be a string, got a date-time",
      "5:8 'split.link' must be a boolean, got a string",
      "7:12 'per-file-ignores' entry \"tests/\" must be an array of rule names or codes, got a string",
      "8:12 'per-file-ignores' entries must be rule names or codes, got an integer",
    ]);
  });

  it('reports unknown rule names and codes with a suggestion', () => {
    const res = dotfile(
      [
        'ignore = ["SR101", "SR10", "dev-tool-in-prod", "nonsense-rule-name"]',
        '[per-file-ignores]',
        '"tests/**" = ["musl-source-biuld"]',
        '[severity]',
        'SR999 = "off"',
        'unreadable-manifests = "info"',
      ].join('\n'),
    );
    expect(errorsOf(res)).toEqual([
      "1:20 Unknown rule 'SR10' in 'ignore'; did you mean 'SR101'?",
      "1:28 Unknown rule 'dev-tool-in-prod' in 'ignore'",
      "1:48 Unknown rule 'nonsense-rule-name' in 'ignore'",
      "3:15 Unknown rule 'musl-source-biuld' in 'per-file-ignores'; did you mean 'musl-source-build'?",
      "5:1 Unknown rule 'SR999' in 'severity'",
      "6:1 Unknown rule 'unreadable-manifests' in 'severity'; did you mean 'unreadable-manifest'?",
    ]);
    expect(res.config.ignore).toEqual(['SR101']);
    expect(res.config.perFileIgnores).toEqual({ 'tests/**': [] });
    expect(res.config.severity).toEqual({});
  });

  it('reports invalid severities, fail-on values and architectures', () => {
    expect(
      errorsOf(
        dotfile(
          [
            'fail-on = "warnings"',
            '[severity]',
            'SR101 = "high"',
            'SR201 = false',
            '[alpine]',
            'arch = "arm64"',
          ].join('\n'),
        ),
      ),
    ).toEqual([
      "1:11 Invalid value 'warnings' for 'fail-on'; expected one of: error, warning, info, never",
      "3:9 Invalid severity 'high' for 'SR101' in 'severity'; expected one of: error, warning, info, off",
      "4:9 Invalid severity a boolean for 'SR201' in 'severity'; expected one of: error, warning, info, off",
      "6:8 Invalid value 'arm64' for 'alpine.arch'; expected one of: x86_64, aarch64, all",
    ]);
  });

  it('reports invalid package entries and paths', () => {
    expect(
      errorsOf(
        dotfile(
          [
            'dev-packages = ["ok-name", "not a name", "-leading", "*", ""]',
            'exclude = ["  "]',
            '[split]',
            'dev-file = "/etc/requirements.txt"',
            '[per-file-ignores]',
            '"" = ["SR101"]',
          ].join('\n'),
        ),
      ),
    ).toEqual([
      "1:28 Invalid package name 'not a name' in 'dev-packages'; expected a name such as 'pytest' or a prefix pattern such as 'pytest-*'",
      "1:42 Invalid package name '-leading' in 'dev-packages'; expected a name such as 'pytest' or a prefix pattern such as 'pytest-*'",
      "1:54 Invalid package name '*' in 'dev-packages'; expected a name such as 'pytest' or a prefix pattern such as 'pytest-*'",
      "1:59 'dev-packages' entries must not be empty",
      "2:12 'exclude' entries must not be empty",
      "4:12 'split.dev-file' must be a path relative to the project root, got '/etc/requirements.txt'",
      "6:1 'per-file-ignores' patterns must not be empty",
    ]);
  });

  it('reports errors in file order, with the file name', () => {
    const res = parseConfig('[split]\nlink = 1\n[alpine]\narch = "?"\n', 'ci/strict.toml', { section: 'root' });
    expect(res.errors.map((e) => [e.file, e.line])).toEqual([
      ['ci/strict.toml', 2],
      ['ci/strict.toml', 4],
    ]);
  });

  it('never throws on arbitrary input', () => {
    for (const input of ['[', '= 1', 'a = """', '[[tool.slimreq]]\nignore = []', '\u0000', 'tool = 1', 'x.y.z = {']) {
      expect(() => pyproject(input)).not.toThrow();
      expect(() => dotfile(input)).not.toThrow();
    }
    expect(errorsOf(pyproject('[[tool.slimreq]]\nignore = []\n'))).toEqual([
      '1:3 [tool.slimreq] must be a table, got an array',
    ]);
  });
});

describe('closest', () => {
  it('suggests only near candidates', () => {
    expect(closest('ignroe', ['ignore', 'exclude'])).toBe('ignore');
    expect(closest('EXCLUDE', ['ignore', 'exclude'])).toBe('exclude');
    expect(closest('zzz', ['ignore', 'exclude'])).toBeNull();
    expect(closest('x', [])).toBeNull();
  });
});

function finding(over: Partial<Finding>): Finding {
  return {
    code: 'SR101',
    rule: 'dev-tool-in-production',
    severity: 'warning',
    message: 'm',
    file: 'requirements.txt',
    line: 1,
    column: 1,
    package: 'pytest',
    ...over,
  };
}

function config(over: Partial<Config>): Config {
  return { ...structuredClone(defaultConfig as Config), ...over };
}

describe('applyConfig', () => {
  const findings = [
    finding({ file: 'requirements.txt' }),
    finding({ file: 'tests/requirements.txt' }),
    finding({ file: 'services/api/tests/requirements.txt', code: 'SR201', rule: 'musl-source-build' }),
    finding({ file: 'docs/requirements.txt', code: 'SR102', rule: 'dev-requirements-included-in-production' }),
    finding({ file: 'Dockerfile', code: 'SR001', rule: 'unreadable-manifest', severity: 'error' }),
  ];
  const where = (out: Finding[]) => out.map((f) => `${f.code}@${f.file}:${f.severity}`);

  it('keeps everything with the default configuration, without mutating the input', () => {
    const out = applyConfig(findings, config({}), RULES);
    expect(out).toEqual(findings);
    expect(out[0]).not.toBe(findings[0]);
  });

  it('drops ignored rules by code (any case) or by name', () => {
    expect(where(applyConfig(findings, config({ ignore: ['sr101', 'musl-source-build'] }), RULES))).toEqual([
      'SR102@docs/requirements.txt:warning',
      'SR001@Dockerfile:error',
    ]);
  });

  it('drops findings whose file matches a per-file pattern for their rule, with gitignore semantics', () => {
    const out = applyConfig(
      findings,
      config({
        perFileIgnores: {
          'tests/': ['dev-tool-in-production', 'SR201'], // a directory at any depth
          '/docs/*.txt': ['SR101'], // anchored; wrong rule for docs/requirements.txt
          Dockerfile: ['unreadable-manifest'],
        },
      }),
      RULES,
    );
    expect(where(out)).toEqual(['SR101@requirements.txt:warning', 'SR102@docs/requirements.txt:warning']);
    const anchored = applyConfig(findings, config({ perFileIgnores: { '/tests/**': ['SR101', 'SR201'] } }), RULES);
    expect(where(anchored)).toContain('SR201@services/api/tests/requirements.txt:warning');
    expect(where(anchored)).not.toContain('SR101@tests/requirements.txt:warning');
    const negated = applyConfig(findings, config({ perFileIgnores: { '*.txt': ['SR101'], '!tests/*': ['SR101'] } }), RULES);
    expect(where(negated).filter((w) => w.startsWith('SR101'))).toEqual([]);
  });

  it('applies severity overrides, and off drops the rule', () => {
    const out = applyConfig(
      findings,
      config({ severity: { 'dev-tool-in-production': 'error', SR001: 'info', 'musl-source-build': 'off' } }),
      RULES,
    );
    expect(where(out)).toEqual([
      'SR101@requirements.txt:error',
      'SR101@tests/requirements.txt:error',
      'SR102@docs/requirements.txt:warning',
      'SR001@Dockerfile:info',
    ]);
  });

  it('matches findings of rules missing from the list by their own code or name', () => {
    const out = applyConfig([finding({ code: 'SR900', rule: 'internal' })], config({ ignore: ['internal'] }), []);
    expect(out).toEqual([]);
  });

  it('ignores files outside the root or without a path instead of throwing', () => {
    const odd = [finding({ file: '' }), finding({ file: '../outside.txt' }), finding({ file: '/abs/req.txt' })];
    expect(applyConfig(odd, config({ perFileIgnores: { '*': ['SR101'] } }), RULES)).toHaveLength(3);
  });
});

describe('precedence: CLI > file > defaults', () => {
  const fromFile = dotfile(
    [
      'ignore = ["SR001"]',
      'fail-on = "error"',
      'exclude = ["legacy/"]',
      '[severity]',
      'SR101 = "error"',
      'SR201 = "info"',
      '[per-file-ignores]',
      '"tests/" = ["SR101"]',
      '[split]',
      'dev-file = "dev.txt"',
    ].join('\n'),
  ).config;

  it('file values replace defaults; unset keys keep defaults', () => {
    expect(fromFile.failOn).toBe('error');
    expect(fromFile.alpine.arch).toBe(defaultConfig.alpine.arch);
    expect(fromFile.split).toEqual({ devFile: 'dev.txt', link: true });
  });

  it('CLI flags replace file values, tables merge key by key', () => {
    const merged = mergeCliOptions(fromFile, {
      failOn: 'info',
      ignore: ['SR102'],
      severity: { SR101: 'warning' },
      perFileIgnores: { 'docs/': ['SR102'] },
      alpine: { arch: 'x86_64' },
      split: { link: false },
    });
    expect(merged).toEqual({
      ignore: ['SR102'],
      perFileIgnores: { 'tests/': ['SR101'], 'docs/': ['SR102'] },
      failOn: 'info',
      severity: { SR101: 'warning', SR201: 'info' },
      devPackages: [],
      runtimePackages: [],
      exclude: ['legacy/'],
      production: [],
      development: [],
      alpine: { arch: 'x86_64' },
      split: { devFile: 'dev.txt', link: false },
      baseline: null,
    });
    // The file's configuration is left as it was.
    expect(fromFile.failOn).toBe('error');
    expect(fromFile.severity).toEqual({ SR101: 'error', SR201: 'info' });
  });

  it('unset CLI flags leave the file values alone', () => {
    expect(mergeCliOptions(fromFile, {})).toEqual(fromFile);
    expect(mergeCliOptions(fromFile, { exclude: undefined }).exclude).toEqual(['legacy/']);
    expect(mergeCliOptions(defaultConfig as Config, { exclude: [] })).toEqual(defaultConfig);
  });
});

describe('rebaseConfig: a configuration found above the audited folder', () => {
  it('moves anchored patterns under the audited folder, drops others, keeps unanchored ones', () => {
    const config = {
      ...structuredClone(defaultConfig),
      exclude: ['demos/app/legacy/', '/demos/app/x/**', 'other/', '*.pyc', 'services/api/', '**/build/'],
      perFileIgnores: { 'demos/app/tools/**': ['SR101'], 'services/**': ['SR102'] },
      production: ['demos/app/deploy/Dockerfile', 'pyproject.toml:docs', 'demos/app/pyproject.toml:server'],
      development: ['services/ci/*'],
    };
    const rebased = rebaseConfig(config, 'demos/app');
    expect(rebased.exclude).toEqual(['/legacy/', '/x/**', 'other/', '*.pyc', '**/build/']);
    expect(rebased.perFileIgnores).toEqual({ '/tools/**': ['SR101'] });
    expect(rebased.production).toEqual(['/deploy/Dockerfile', 'pyproject.toml:docs', '/pyproject.toml:server']);
    expect(rebased.development).toEqual([]);
    expect(rebaseConfig(config, '')).toBe(config);
  });
});
