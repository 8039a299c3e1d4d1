import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/docker/dev-dependencies-in-image.js';
import { findings, positions, projectFrom } from './project.js';

const UV_PYPROJECT = '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n\n[dependency-groups]\ndev = ["pytest"]\n';
const UV_NO_DEV_GROUP = '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n';
const POETRY_PYPROJECT = '[tool.poetry]\nname = "app"\nversion = "1"\n\n[tool.poetry.dependencies]\npython = "^3.12"\nflask = "^3"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n';
const PDM_PYPROJECT = '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n\n[tool.pdm.dev-dependencies]\ntest = ["pytest"]\n';

describe('dev-dependencies-in-image (SR309)', () => {
  const catches: [string, string, Record<string, string>, [number, number][]][] = [
    ['-r requirements-dev.txt', 'FROM python:3.12-slim\nCOPY requirements*.txt ./\nRUN pip install --no-cache-dir -r requirements.txt -r requirements-dev.txt', { 'requirements.txt': 'flask\n', 'requirements-dev.txt': 'pytest\n' }, [[3, 5]]],
    ['a file named like dev that no manifest knows', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements/test.txt', {}, [[2, 5]]],
    ['pip install .[dev]', 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir .[dev]', {}, [[3, 5]]],
    ['-e ".[dev,test]"', 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -e ".[dev,test]"', {}, [[3, 5]]],
    ['uv pip install -r requirements-dev.txt', 'FROM python:3.12-slim\nRUN uv pip install --system --no-cache -r requirements-dev.txt', { 'requirements-dev.txt': 'pytest\n' }, [[2, 5]]],
    ['uv sync with a dev group', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen', { 'pyproject.toml': UV_PYPROJECT }, [[2, 47]]],
    ['uv sync --all-groups', 'FROM python:3.12-slim\nRUN uv sync --all-groups --no-cache', { 'pyproject.toml': UV_NO_DEV_GROUP }, [[2, 5]]],
    ['uv sync --only-dev', 'FROM python:3.12-slim\nRUN uv sync --only-dev --no-cache', {}, [[2, 5]]],
    ['poetry install with a dev group', 'FROM python:3.12-slim\nRUN poetry install --no-root', { 'pyproject.toml': POETRY_PYPROJECT }, [[2, 5]]],
    ['poetry install --with docs', 'FROM python:3.12-slim\nRUN poetry install --with docs', {}, [[2, 5]]],
    ['pipenv install --dev', 'FROM python:3.12-slim\nRUN pipenv install --dev --system', {}, [[2, 5]]],
    ['pdm install with dev groups', 'FROM python:3.12-slim\nRUN pdm install', { 'pyproject.toml': PDM_PYPROJECT }, [[2, 5]]],
    ['in a builder stage whose venv is copied', 'FROM python:3.12-slim AS builder\nRUN uv sync --frozen --no-cache\nFROM python:3.12-slim\nCOPY --from=builder /app/.venv /app/.venv', { 'pyproject.toml': UV_PYPROJECT }, [[2, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, extra, expected) => {
    expect(positions(rule, dockerfile, extra)).toEqual(expected);
  });

  it('uses the manifest group for a file copied under another name', () => {
    const project = projectFrom(
      { Dockerfile: 'FROM python:3.12-slim\nCOPY reqs/extra.txt /tmp/r.txt\nRUN pip install --no-cache-dir -r /tmp/r.txt', 'reqs/extra.txt': '' },
      {},
    );
    project.manifests.push({ path: 'reqs/extra.txt', kind: 'requirements', group: 'dev', groupReason: 'included by requirements-dev.txt', requirements: [], includes: [], diagnostics: [] });
    const found = findings(rule, project);
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 5]]);
    expect(found[0].message).toContain('`reqs/extra.txt` (included by requirements-dev.txt)');
  });

  it('points at dev tools listed in the production requirements file', () => {
    const found = findings(rule, projectFrom({
      Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
      'requirements.txt': 'flask==3.0.0\npytest==8.3.2\nblack\nipython\n',
    }));
    expect(found).toHaveLength(1);
    expect([found[0].line, found[0].column]).toEqual([4, 5]);
    expect(found[0].message).toContain('`pytest`, `black`, `ipython`');
    expect(found[0].message).toContain('dev-tool-in-production findings in `requirements.txt`');
  });

  // sweep class SED-STRIPPED-DEV-SECTION: the Dockerfile edits the file before installing it
  it.each([
    ['sed -i of a range', 'RUN sed -i "/# Development/,$d" requirements.txt'],
    ['sed -i -e', "RUN sed -i -e '/pytest/d' /app/requirements.txt"],
    ['perl -pi -e', "RUN perl -pi -e 's/^pytest.*//' requirements.txt"],
  ])('says nothing about a requirements file edited in place first (%s)', (_name, edit) => {
    const found = findings(rule, projectFrom({
      Dockerfile: `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n${edit}\nRUN pip install --no-cache-dir -r requirements.txt`,
      'requirements.txt': 'flask==3.0.0\n# Development\npytest==8.3.2\n',
    }));
    expect(found).toEqual([]);
  });

  it('still reads a file that sed only reads (no -i)', () => {
    const found = findings(rule, projectFrom({
      Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN sed -n 1p requirements.txt\nRUN pip install --no-cache-dir -r requirements.txt',
      'requirements.txt': 'flask==3.0.0\npytest==8.3.2\n',
    }));
    expect(found.map((f) => f.package)).toEqual(['pytest']);
  });

  it('follows -r includes of the production file', () => {
    const found = findings(rule, projectFrom({
      Dockerfile: 'FROM python:3.12-slim\nCOPY requirements/ requirements/\nRUN pip install --no-cache-dir -r requirements/prod.txt',
      'requirements/prod.txt': '-r base.txt\ngunicorn\n',
      'requirements/base.txt': 'flask\nruff\n',
    }, { groups: { 'requirements/prod.txt': 'prod', 'requirements/base.txt': 'prod' } }));
    expect(found.map((f) => f.package)).toEqual(['ruff']);
  });

  it('leaves out packages suppressed inline in the requirements file', () => {
    const found = findings(rule, projectFrom({
      Dockerfile: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt',
      'requirements.txt': 'flask==3.0.0\npytest==8.3  # slimreq: ignore[dev-tool-in-production]\nblack  # slimreq: ignore[SR101]\nruff\n',
    }));
    expect(found.map((f) => [f.line, f.column, f.package])).toEqual([[3, 5, 'ruff']]);
    expect(found[0].message).toContain('lists development tools (`ruff`)');
    expect(found[0].message).not.toContain('pytest');
  });

  it('reports nothing when every dev tool of the file is suppressed', () => {
    expect(positions(rule, 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt', {
      'requirements.txt': 'flask==3.0.0\npytest==8.3  # slimreq: ignore[dev-tool-in-production]\n# slimreq ignore=dev-tool-in-production\nblack\n',
    })).toEqual([]);
  });

  const byName: [string, string, [number, number, string | null][], string][] = [
    ['pip install pytest ipdb black', 'FROM python:3.12-slim\nRUN pip install pytest ipdb black', [[2, 5, null]], '`pytest`, `ipdb`, `black` by name'],
    ['pip install --no-cache-dir poetry==1.8.3', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3 && poetry install --only main', [[2, 5, 'poetry']], '`poetry` by name'],
    ['uv pip install with a quoted specifier and extras', 'FROM python:3.12-slim\nRUN uv pip install --system --no-cache flask "pytest-cov>=5" \'coverage[toml]\'', [[2, 5, null]], '`pytest-cov`, `coverage` by name'],
    ['a base stage of the final image', 'FROM python:3.12-slim AS base\nRUN python -m pip install --no-cache-dir ipdb\nFROM base\nCMD ["app"]', [[2, 5, 'ipdb']], '`ipdb` by name'],
  ];
  it.each(byName)('catches dev tools installed by name: %s', (_name, dockerfile, expected, text) => {
    const found = findings(rule, projectFrom({ Dockerfile: dockerfile }));
    expect(found.map((f) => [f.line, f.column, f.package])).toEqual(expected);
    expect(found[0].message).toContain(text);
  });

  const catchesNot: [string, string, Record<string, string>][] = [
    ['poetry in a builder stage that exports wheels', 'FROM python:3.12-slim AS builder\nRUN pip install --no-cache-dir poetry==1.8.3 poetry-plugin-export\nRUN poetry export -o requirements.txt && pip wheel -w /wheels -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*', {}],
    ['pip-tools and pipenv in a builder stage', 'FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir pip-tools pipenv\nFROM python:3.12-slim\nCOPY --from=build /app /app', {}],
    ['pip install --upgrade pip setuptools wheel in the final stage', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir --upgrade pip setuptools wheel', {}],
    ['runtime packages by name', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir gunicorn "uvicorn[standard]>=0.30" ./pytest-plugin /wheels/black-24.8.0-py3-none-any.whl', {}],
    ['a test stage nobody uses', 'FROM python:3.12-slim AS test\nRUN pip install pytest\nFROM python:3.12-slim\nCMD ["app"]', {}],
    ['production requirements only', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt', { 'requirements.txt': 'flask\n' }],
    ['runtime extras of the project', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir ".[postgres]"', {}],
    ['third-party package with a test extra name', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir "uvicorn[standard]"', {}],
    ['uv sync --no-dev', 'FROM python:3.12-slim\nRUN uv sync --frozen --no-dev --no-cache', { 'pyproject.toml': UV_PYPROJECT }],
    ['uv sync with ENV UV_NO_DEV=1', 'FROM python:3.12-slim\nENV UV_NO_DEV=1\nRUN uv sync --frozen --no-cache', { 'pyproject.toml': UV_PYPROJECT }],
    ['uv sync --no-default-groups', 'FROM python:3.12-slim\nRUN uv sync --no-default-groups --no-cache', { 'pyproject.toml': UV_PYPROJECT }],
    ['uv sync --only-group prod', 'FROM python:3.12-slim\nRUN uv sync --only-group prod --no-cache', { 'pyproject.toml': UV_PYPROJECT }],
    ['uv sync in a project without a dev group', 'FROM python:3.12-slim\nRUN uv sync --frozen --no-cache', { 'pyproject.toml': UV_NO_DEV_GROUP }],
    ['poetry install --only main', 'FROM python:3.12-slim\nRUN poetry install --only main --no-root', { 'pyproject.toml': POETRY_PYPROJECT }],
    ['poetry install --only=main', 'FROM python:3.12-slim\nRUN poetry install --only=main', { 'pyproject.toml': POETRY_PYPROJECT }],
    ['poetry install --without dev', 'FROM python:3.12-slim\nRUN poetry install --without dev,test', { 'pyproject.toml': POETRY_PYPROJECT }],
    ['poetry install --no-dev (Poetry 1.1)', 'FROM python:3.12-slim\nRUN poetry install --no-dev', { 'pyproject.toml': POETRY_PYPROJECT }],
    ['pipenv install --deploy --system', 'FROM python:3.12-slim\nRUN pipenv install --deploy --system', {}],
    ['pdm install --prod', 'FROM python:3.12-slim\nRUN pdm install --prod', { 'pyproject.toml': PDM_PYPROJECT }],
    ['a test stage nobody copies', 'FROM python:3.12-slim AS test\nRUN pip install --no-cache-dir -r requirements-dev.txt\nFROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt', { 'requirements.txt': 'flask\n', 'requirements-dev.txt': 'pytest\n' }],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile, extra) => {
    expect(positions(rule, dockerfile, extra)).toEqual([]);
  });
});

describe('dev-dependencies-in-image (SR309): build variables in paths', () => {
  const reqs = { 'requirements/base.txt': 'django\n', 'requirements/local.txt': '-r base.txt\npytest\n', 'requirements/production.txt': '-r base.txt\ngunicorn\n' };
  const groups = { 'requirements/local.txt': 'dev', 'requirements/base.txt': 'prod', 'requirements/production.txt': 'prod' } as const;
  const run = (dockerfile: string): [number, number][] => positions(rule, dockerfile, reqs, { groups: { ...groups } });

  const catches: [string, string, [number, number][]][] = [
    ['${VAR} from a stage ARG default', 'FROM python:3.12-slim\nARG BUILD_ENVIRONMENT=local\nWORKDIR /app\nCOPY ./requirements .\nRUN pip install --no-cache-dir -r ${BUILD_ENVIRONMENT}.txt', [[5, 5]]],
    ['$VAR from ENV', 'FROM python:3.12-slim\nENV REQS=requirements/local.txt\nCOPY requirements requirements\nRUN pip install --no-cache-dir -r $REQS', [[4, 5]]],
    ['ENV built from an ARG', 'FROM python:3.12-slim\nARG ENVIRONMENT=local\nENV REQS=/reqs/${ENVIRONMENT}.txt\nCOPY requirements /reqs\nRUN pip install --no-cache-dir -r "$REQS"', [[5, 5]]],
    ['a global ARG redeclared in the stage', 'ARG BUILD_ENVIRONMENT=local\nFROM python:3.12-slim\nARG BUILD_ENVIRONMENT\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/${BUILD_ENVIRONMENT}.txt', [[5, 5]]],
    ['${VAR:-default} of an undeclared variable', 'FROM python:3.12-slim\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/${TARGET:-local}.txt', [[3, 5]]],
    ['an ARG of the base stage (inherited)', 'FROM python:3.12-slim AS base\nARG ENVIRONMENT=local\nFROM base\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/$ENVIRONMENT.txt', [[5, 5]]],
    ['a COPY destination and WORKDIR from variables', 'FROM python:3.12-slim\nARG APP=/srv/app\nWORKDIR $APP\nCOPY requirements/local.txt ${APP}/r.txt\nRUN pip install --no-cache-dir -r r.txt', [[5, 5]]],
    ['dev extras from an ARG', 'FROM python:3.12-slim\nARG EXTRAS=dev\nCOPY . .\nRUN pip install --no-cache-dir ".[${EXTRAS}]"', [[4, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(run(dockerfile)).toEqual(expected);
  });

  const catchesNot: [string, string][] = [
    ['the production default', 'FROM python:3.12-slim\nARG BUILD_ENVIRONMENT=production\nWORKDIR /app\nCOPY ./requirements .\nRUN pip install --no-cache-dir -r ${BUILD_ENVIRONMENT}.txt'],
    // The value comes from `--build-arg`, which a Dockerfile does not show.
    ['an ARG without default', 'FROM python:3.12-slim\nARG BUILD_ENVIRONMENT\nWORKDIR /app\nCOPY ./requirements .\nRUN pip install --no-cache-dir -r ${BUILD_ENVIRONMENT}.txt'],
    ['an ARG without default, even with a :- fallback', 'FROM python:3.12-slim\nARG BUILD_ENVIRONMENT\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/${BUILD_ENVIRONMENT:-local}.txt'],
    ['a global ARG the stage does not redeclare', 'ARG BUILD_ENVIRONMENT=local\nFROM python:3.12-slim\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/${BUILD_ENVIRONMENT}.txt'],
    ['ENV wins over an ARG of the same name', 'FROM python:3.12-slim\nENV BUILD_ENVIRONMENT=production\nARG BUILD_ENVIRONMENT=local\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/${BUILD_ENVIRONMENT}.txt'],
    ['an ARG declared after the RUN', 'FROM python:3.12-slim\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/${BUILD_ENVIRONMENT}.txt\nARG BUILD_ENVIRONMENT=local'],
    ['command substitution', 'FROM python:3.12-slim\nARG E=local\nCOPY requirements /r\nRUN pip install --no-cache-dir -r /r/$(cat /etc/env).txt'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(run(dockerfile)).toEqual([]);
  });

  it('names the expanded file in the message', () => {
    const found = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nARG BUILD_ENVIRONMENT=local\nWORKDIR /app\nCOPY ./requirements .\nRUN pip install --no-cache-dir -r ${BUILD_ENVIRONMENT}.txt', ...reqs }, { groups: { ...groups } }));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('`requirements/local.txt`');
  });
});
