import { describe, expect, it } from 'vitest';
import { buildRuntimeEvidence, evidenceFor, isDevelopmentSettingsPath } from '../../src/resolve/runtime-evidence.js';
import { scanPythonImports } from '../../src/parse/python-imports.js';
import { entryPointModules } from '../../src/parse/entry-points.js';

const evidence = (files: Record<string, string>) =>
  buildRuntimeEvidence(
    Object.entries(files).map(([path, src]) => ({ path, hits: scanPythonImports(src) })),
    [],
    Object.keys(files),
  );

describe('buildRuntimeEvidence', () => {
  it("leaves out the project's own packages and modules", () => {
    const ev = evidence({
      'src/shop/__init__.py': '',
      'src/shop/coverage/__init__.py': 'import coverage\n',
      'src/shop/views.py': 'import shop.coverage\nimport requests\n',
      'scripts/mock.py': 'x = 1\n',
      'scripts/run.py': 'import mock\n',
    });
    expect([...ev.localModules].sort()).toEqual(['mock', 'run', 'shop']);
    expect([...ev.byTopLevel.keys()].sort()).toEqual(['coverage', 'requests']);
    expect(ev.scannedFiles).toBe(5);
  });

  it('keeps a third-party package that shares the namespace of a local one (poetry.core in poetry)', () => {
    const ev = evidence({
      'src/poetry/__init__.py': '',
      'src/poetry/factory.py': 'from poetry.core.factory import Factory\nfrom poetry.utils import helpers\nimport poetry\n',
      'src/poetry/utils/__init__.py': '',
    });
    expect(evidenceFor(ev, ['poetry.core']).runtime.map((h) => h.line)).toEqual([1]);
    expect([...ev.byTopLevel.get('poetry')!].map((h) => h.module)).toEqual(['poetry.core.factory']);
  });

  it('matches import names through dotted modules and from-imports', () => {
    const ev = evidence({
      'conf.py': 'from sphinxcontrib import napoleon\nimport sphinxcontrib.apidoc\nMIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]\n',
    });
    expect(evidenceFor(ev, ['sphinxcontrib.napoleon']).runtime.map((h) => h.line)).toEqual([1]);
    expect(evidenceFor(ev, ['sphinxcontrib.apidoc']).runtime.map((h) => h.line)).toEqual([2]);
    expect(evidenceFor(ev, ['sphinxcontrib.bibtex']).runtime).toEqual([]);
    expect(evidenceFor(ev, ['debug_toolbar']).runtime.map((h) => h.via)).toEqual(['middleware']);
    expect(evidenceFor(ev, ['debug']).runtime).toEqual([]);
  });

  it('treats everything in a development settings module as development', () => {
    const ev = evidence({ 'config/settings/local.py': 'import debug_toolbar\nINSTALLED_APPS += ["django_extensions"]\n' });
    expect(evidenceFor(ev, ['debug_toolbar']).development.map((h) => h.line)).toEqual([1]);
    expect(evidenceFor(ev, ['django_extensions']).development.map((h) => h.line)).toEqual([2]);
  });
});

describe('isDevelopmentSettingsPath', () => {
  it.each([
    ['config/settings/local.py', true],
    ['config/settings/test.py', true],
    ['mysite/settings_dev.py', true],
    ['mysite/dev_settings.py', true],
    ['settings/ci.py', true],
    ['config/settings/production.py', false],
    ['config/settings/base.py', false],
    ['mysite/local_settings.py', false],
    ['mysite/settings.py', false],
    ['app/local.py', false],
  ])('%s -> %s', (path, expected) => expect(isDevelopmentSettingsPath(path)).toBe(expected));
});

describe('entryPointModules', () => {
  it('reads pyproject scripts, entry points and Poetry plugins with lines', () => {
    const toml = [
      '[project]',
      'name = "x"',
      '[project.scripts]',
      'serve = "myapp.cli:main"',
      '[project.entry-points."pytest11"]',
      'myplugin = "myapp.plugin"',
      '[tool.poetry.plugins."flake8.extension"]',
      '"X1" = "myapp.flake:Checker"',
      '[tool.other]',
      'a = "not.an:entry"',
    ].join('\n');
    expect(entryPointModules('pyproject', toml)).toEqual([
      { module: 'myapp.cli', group: 'console_scripts', line: 4 },
      { module: 'myapp.plugin', group: 'pytest11', line: 6 },
      { module: 'myapp.flake', group: 'flake8.extension', line: 8 },
    ]);
  });

  it('reads setup.cfg [options.entry_points], inline and indented', () => {
    const cfg = ['[options.entry_points]', 'console_scripts =', '    serve = myapp.cli:main', 'pytest11 = plug = myapp.plugin:x', '[flake8]', 'x = a.b:c'].join('\n');
    expect(entryPointModules('setup-cfg', cfg)).toEqual([
      { module: 'myapp.cli', group: 'console_scripts', line: 3 },
      { module: 'myapp.plugin', group: 'pytest11', line: 4 },
    ]);
  });
});
