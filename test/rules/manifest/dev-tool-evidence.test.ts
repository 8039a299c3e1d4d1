// dev-tool-in-production with run-time evidence from the project's own code: small synthetic trees on
// disk, loaded by the real pipeline (walk -> import scan -> evidence) and checked by the real rule.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/load.js';
import { runRules } from '../../../src/audit.js';
import devToolInProduction from '../../../src/rules/manifest/dev-tool-in-production.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'slimreq-evidence-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** `package severity message` of each dev-tool-in-production finding. */
function audit(files: Record<string, string>, options: { scanImports?: boolean } = {}): { pkg: string | null; severity: string; message: string; line: number }[] {
  const project = loadProject(tree(files), options);
  return runRules(project, { rules: [devToolInProduction] }).map((f) => ({ pkg: f.package, severity: f.severity, message: f.message, line: f.line }));
}

const of = (results: ReturnType<typeof audit>, pkg: string) => results.find((r) => r.pkg === pkg);

describe('dev-tool-in-production: stays quiet (info, keep it) when the code imports the tool at run time', () => {
  it('pkg_resources in app code keeps setuptools', () => {
    const r = audit({
      'requirements.txt': 'flask==3.0\nsetuptools==70.0  # pkg_resources at run time\n',
      'app/__init__.py': '',
      'app/version.py': 'import os\n\nfrom pkg_resources import get_distribution\n',
    });
    expect(of(r, 'setuptools')).toEqual({
      pkg: 'setuptools',
      severity: 'info',
      line: 2,
      message: 'setuptools is usually a development tool (build release), but it is imported at run time by app/version.py:3; keep it',
    });
  });

  it('`from griffe import` in app code', () => {
    const r = audit({ 'requirements.txt': 'griffe==1.2\n', 'src/docsite/render.py': 'from griffe import load\n' });
    expect(of(r, 'griffe')).toMatchObject({ severity: 'info', message: expect.stringContaining('imported at run time by src/docsite/render.py:1; keep it') });
  });

  it('a mocking library whose own package imports responses', () => {
    const r = audit({
      'pyproject.toml': '[project]\nname = "mockhub"\ndependencies = ["responses>=0.25", "requests"]\n',
      'src/mockhub/__init__.py': 'from mockhub.core import activate\n',
      'src/mockhub/core.py': '"""Mocks for the Hub API, built on responses."""\nimport responses\n',
      'tests/test_core.py': 'import pytest\nimport responses\n',
    });
    expect(of(r, 'responses')).toMatchObject({ severity: 'info', message: 'responses is a development tool (mocking), but it is imported at run time by src/mockhub/core.py:2; keep it' });
  });

  it('django_extensions listed unconditionally in INSTALLED_APPS', () => {
    const r = audit({
      'requirements.txt': 'django==5.0\ndjango-extensions==3.2\n',
      'mysite/__init__.py': '',
      'mysite/settings.py': 'DEBUG = False\nINSTALLED_APPS = [\n    "django.contrib.admin",\n    "django_extensions",\n]\n',
    });
    expect(of(r, 'django-extensions')).toMatchObject({ severity: 'info', message: expect.stringContaining('listed in INSTALLED_APPS at mysite/settings.py:4; keep it') });
  });

  it('debug_toolbar mounted in urls.py', () => {
    const r = audit({
      'requirements.txt': 'django==5.0\ndjango-debug-toolbar==4.4\n',
      'mysite/__init__.py': '',
      'mysite/urls.py': 'from django.urls import include, path\nurlpatterns = [\n    path("__debug__/", include("debug_toolbar.urls")),\n]\n',
    });
    expect(of(r, 'django-debug-toolbar')).toMatchObject({ severity: 'info', message: expect.stringContaining('mounted in a URLconf at mysite/urls.py:3; keep it') });
  });

  it('an always entry imported by the product (pytest run as a feature)', () => {
    const r = audit({ 'requirements.txt': 'pytest==8.0\n', 'checker/run.py': 'import pytest\n\ndef main():\n    pytest.main(["/checks"])\n' });
    expect(of(r, 'pytest')).toMatchObject({ severity: 'info', message: 'pytest is a development tool (test runner), but it is imported at run time by checker/run.py:1; keep it' });
  });
});

describe('dev-tool-in-production: catches (warning) what nothing outside tests imports', () => {
  it('debug_toolbar added to INSTALLED_APPS only under if DEBUG:', () => {
    const r = audit({
      'requirements.txt': 'django==5.0\ndjango-debug-toolbar==4.4\n',
      'mysite/__init__.py': '',
      'mysite/settings.py': 'DEBUG = env("DEBUG")\nINSTALLED_APPS = ["django.contrib.admin"]\nif DEBUG:\n    INSTALLED_APPS += ["debug_toolbar"]\n',
    });
    expect(of(r, 'django-debug-toolbar')).toEqual({
      pkg: 'django-debug-toolbar',
      severity: 'warning',
      line: 2,
      message:
        'django-debug-toolbar is usually a development tool (debug toolbar) in the production set, and nothing outside tests imports it (2 Python files scanned; named only in development code (mysite/settings.py:4)); the image does not need it',
    });
  });

  it('django_extensions added only by a development settings module (settings/local.py)', () => {
    const r = audit({
      'requirements.txt': 'django==5.0\ndjango-extensions==3.2\n',
      'config/settings/base.py': 'INSTALLED_APPS = ["django.contrib.admin"]\n',
      'config/settings/local.py': 'from .base import *\nINSTALLED_APPS += ["django_extensions"]\n',
    });
    expect(of(r, 'django-extensions')).toMatchObject({ severity: 'warning', message: expect.stringContaining('named only in development code (config/settings/local.py:2)') });
  });

  it('a usually entry imported only by tests, conftest.py and docs', () => {
    const r = audit({
      'requirements.txt': 'flask==3.0\nfaker==25.0\n',
      'app/main.py': 'import flask\n',
      'tests/test_main.py': 'from faker import Faker\n',
      'conftest.py': 'import faker\n',
      'docs/conf.py': 'import faker\n',
      'app/test_models.py': 'import faker\n',
    });
    expect(of(r, 'faker')).toMatchObject({
      severity: 'warning',
      message: 'faker is usually a development tool (test data) in the production set, and nothing outside tests imports it (1 Python file scanned); the image does not need it',
    });
  });

  it('an import only inside try/except ImportError: the app runs without it', () => {
    const r = audit({ 'requirements.txt': 'mock==5.0\n', 'app.py': 'try:\n    import mock\nexcept ImportError:\n    mock = None\n' });
    expect(of(r, 'mock')).toMatchObject({ severity: 'warning', message: expect.stringContaining('imports it only inside try/except ImportError (app.py:2), so it runs without it') });
  });

  it('an import only under if TYPE_CHECKING:', () => {
    const r = audit({ 'requirements.txt': 'mypy-boto3-s3==1.34\n', 'app.py': 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from mypy_boto3_s3 import S3Client\n' });
    expect(of(r, 'mypy-boto3-s3')).toMatchObject({ severity: 'warning', message: expect.stringContaining('named only for type checkers (app.py:3)') });
  });
});

describe('dev-tool-in-production: says less when the evidence is thin', () => {
  it('no Python code to read: a usually entry stays info', () => {
    const r = audit({ 'requirements.txt': 'faker==25.0\n' });
    expect(of(r, 'faker')).toMatchObject({ severity: 'info', message: 'faker is usually a development tool (test data) in the production set; keep it only if the application imports it at run time' });
  });

  it('the scan switched off: a usually entry stays info', () => {
    const r = audit({ 'requirements.txt': 'faker==25.0\n', 'app.py': 'import flask\n' }, { scanImports: false });
    expect(of(r, 'faker')?.severity).toBe('info');
  });

  it('a program the image runs (neededWithoutImport) stays info, with the reason', () => {
    const r = audit({ 'requirements.txt': 'setuptools==70.0\nipython==8.0\n', 'app.py': 'import flask\n' });
    expect(of(r, 'setuptools')).toMatchObject({ severity: 'info', message: expect.stringContaining('nothing outside tests imports it (1 Python file scanned), but it can be needed without an import (pip builds source distributions') });
    expect(of(r, 'ipython')?.severity).toBe('info');
  });

  it('a pip freeze dump: another package may need what nothing imports', () => {
    const frozen = ['certifi==2024.2.2', 'django==5.0', 'faker==25.0', 'idna==3.6', 'requests==2.31.0', 'six==1.16.0', 'sqlparse==0.4.4', 'urllib3==2.2.1'].join('\n');
    const r = audit({ 'requirements.txt': frozen + '\n', 'app.py': 'import django\n' });
    expect(of(r, 'faker')).toMatchObject({ severity: 'info', message: expect.stringContaining('requirements.txt pins a whole environment (pip freeze)') });
  });

  it('an import under a feature flag is conditional: info, not keep', () => {
    const r = audit({ 'requirements.txt': 'pyinstrument==4.6\n', 'app.py': 'import os\nif os.environ.get("PROFILE"):\n    import pyinstrument\n' });
    expect(of(r, 'pyinstrument')).toMatchObject({ severity: 'info', message: expect.stringContaining('uses it only under a condition (imported at run time by app.py:3)') });
  });

  it('the project\'s own module named like a tool is not evidence', () => {
    const r = audit({ 'requirements.txt': 'coverage==7.0\n', 'insurance/__init__.py': '', 'insurance/coverage/__init__.py': '', 'insurance/views.py': 'import coverage\n', 'coverage/__init__.py': '', 'coverage/models.py': 'x = 1\n' });
    expect(of(r, 'coverage')).toMatchObject({ severity: 'warning', message: 'coverage is a development tool (coverage) in the production set; the image does not need it' });
  });
});

describe('dev-tool-in-production: in a monorepo each service is judged by its own code', () => {
  it("a neighbour's run-time import does not keep the tool in another service", () => {
    const r = audit({
      'services/checker/requirements.txt': 'pytest==8.0\n',
      'services/checker/run.py': 'import pytest\n',
      'services/api/requirements.txt': 'flask==3.0\npytest==8.0\n',
      'services/api/app.py': 'import flask\n',
      'requirements/base.txt': 'pytest==8.0\n',
    });
    const byFile = Object.fromEntries(r.filter((x) => x.pkg === 'pytest').map((x) => [x.line + ':' + x.severity, x.message]));
    expect(r.filter((x) => x.pkg === 'pytest').map((x) => x.severity).sort()).toEqual(['info', 'info', 'warning']);
    expect(Object.values(byFile).some((m) => m.includes('imported at run time by services/checker/run.py:1'))).toBe(true);
    const api = loadProject(tree({ 'services/api/requirements.txt': 'pytest==8.0\n', 'services/api/app.py': 'import flask\n', 'services/checker/run.py': 'import pytest\n' }));
    const f = runRules(api, { rules: [devToolInProduction] }).find((x) => x.package === 'pytest');
    expect(f).toMatchObject({ file: 'services/api/requirements.txt', severity: 'warning' });
  });
});

describe('the JSON report shows the evidence', () => {
  it('per dev-tool requirement, null for other requirements', async () => {
    const { audit: runAudit } = await import('../../../src/audit.js');
    const { renderJson } = await import('../../../src/report/json.js');
    const root = tree({
      'requirements.txt': 'flask==3.0\nsetuptools==70.0\n',
      'app/__init__.py': '',
      'app/version.py': 'from pkg_resources import get_distribution\nif TYPE_CHECKING:\n    import setuptools\n',
    });
    const doc = JSON.parse(renderJson(runAudit(root)));
    const byKey = Object.fromEntries(doc.requirements.map((r: { key: string }) => [r.key, r]));
    expect(byKey.flask.runtimeEvidence).toBeNull();
    expect(byKey.setuptools.runtimeEvidence).toEqual({
      scannedFiles: 2,
      runtime: [{ file: 'app/version.py', line: 1, module: 'pkg_resources', via: 'from' }],
      optional: [],
      conditional: [],
      development: [],
      typeChecking: [{ file: 'app/version.py', line: 3, module: 'setuptools', via: 'import' }],
    });
  });
});
