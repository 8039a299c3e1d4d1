import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/docker/copy-before-install.js';
import { findings, positions, projectFrom } from './project.js';

describe('copy-before-install (SR310)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['COPY . . before pip install -r', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt', [[3, 1]]],
    ['ADD . /app before uv sync', 'FROM python:3.12-slim\nADD . /app\nRUN uv sync --frozen --no-dev', [[2, 1]]],
    ['COPY ./ ./ before poetry install', 'FROM python:3.12-slim\nCOPY ./ ./\nRUN poetry install --only main', [[2, 1]]],
    ['COPY --chown . before pipenv install', 'FROM python:3.12-slim\nCOPY --chown=app:app . /app\nRUN pipenv install --deploy --system', [[2, 1]]],
    ['a deps stage that itself copies the context first', 'FROM python:3.12-slim AS deps\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --no-dev\nFROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCOPY --from=deps /app/.venv /app/.venv\nRUN uv sync --frozen --no-dev', [[3, 1], [7, 1]]],
    ['in a builder stage too', 'FROM python:3.12-slim AS b\nCOPY . .\nRUN pip wheel -w /w . && pip install --no-cache-dir -r requirements.txt\nFROM python:3.12-slim', [[2, 1]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['manifests first, code after', 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .'],
    ['uv: deps from bind mounts, then ADD . and sync the project', 'FROM python:3.12-slim\nRUN --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --locked --no-install-project --no-dev\nADD . /app\nRUN uv sync --locked --no-dev'],
    ['only the local project after the copy', 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir .'],
    ['--no-deps install of the project', 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir --no-deps -e .'],
    ['COPY --from=builder . .', 'FROM python:3.12-slim AS b\nFROM python:3.12-slim\nCOPY --from=b . .\nRUN pip install --no-cache-dir -r requirements.txt'],
    ['partial copy', 'FROM python:3.12-slim\nCOPY app/ app/\nRUN pip install --no-cache-dir -r requirements.txt'],
    ['no install after the copy', 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]'],
    // sweep class COPY-BEFORE-INSTALL-DEPS-PREBUILT: the dependencies come from a cached stage
    ['dependencies prebuilt in a stage from the manifests, venv copied in', 'FROM python:3.12-slim AS deps\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-dev --no-install-project\nFROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCOPY --from=deps /app/.venv /app/.venv\nRUN uv sync --frozen --no-dev'],
    ['only the installer upgraded after the copy', 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir --upgrade pip wheel\nRUN pip install --no-cache-dir .'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });
  it('names the dependency install, not the installer upgrade before it', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip3 install --no-cache-dir --upgrade pip setuptools\nRUN pip3 install --no-cache-dir -r requirements.txt' }));
    expect(f.message).toContain('before `pip install` (line 4)');
  });

  it('names the install line', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt' }));
    expect(f.message).toContain('(line 3)');
    expect(f.message).toMatch(/^`COPY \. \.`/);
  });
});

describe('copy-before-install (SR310): uv workspaces', () => {
  const ROOT = '[project]\nname = "ws"\nversion = "0.1.0"\ndependencies = []\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n';
  const MEMBER = (name: string) => `[project]\nname = "${name}"\nversion = "0.1.0"\ndependencies = ["httpx"]\n`;
  const DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --no-dev --package api';
  const files = { Dockerfile: DOCKERFILE, 'pyproject.toml': ROOT, 'packages/api/pyproject.toml': MEMBER('api'), 'packages/core/pyproject.toml': MEMBER('core'), 'tools/pyproject.toml': MEMBER('tools') };
  const withMembers = (extra: Record<string, string>, members: string[] | undefined) => {
    const project = projectFrom(extra);
    const root = project.manifests.find((m) => m.path === 'pyproject.toml')!;
    if (members !== undefined) root.workspaceMembers = members;
    return project;
  };

  it('suggests --no-install-workspace and copying the members\' pyproject.toml files (members from [tool.uv.workspace])', () => {
    const found = findings(rule, withMembers(files, ['packages/*']));
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 1]]);
    expect(found[0].message).toContain('`COPY pyproject.toml uv.lock ./`, `COPY packages/api/pyproject.toml packages/api/`, `COPY packages/core/pyproject.toml packages/core/` and `uv sync --frozen --no-install-workspace`');
    expect(found[0].message).not.toContain('tools/pyproject.toml');
    expect(found[0].message).not.toContain('--no-install-project');
  });

  it('without the parsed members, a root pyproject with nested ones and `--package` counts as a workspace', () => {
    const [f] = findings(rule, withMembers(files, undefined));
    expect(f.message).toContain('`COPY tools/pyproject.toml tools/`');
    expect(f.message).toContain('`uv sync --frozen --no-install-workspace`');
  });

  it('keeps --no-install-project for a single project', () => {
    const single = { Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --no-dev', 'pyproject.toml': MEMBER('app') };
    const [f] = findings(rule, withMembers(single, undefined));
    expect([f.line, f.column]).toEqual([3, 1]);
    expect(f.message).toContain('`COPY pyproject.toml uv.lock ./` and `uv sync --no-install-project`');
    const [g] = findings(rule, withMembers({ ...single, 'vendor/lib/pyproject.toml': MEMBER('lib') }, []));
    expect(g.message).toContain('`uv sync --no-install-project`');
  });

  it('reads fixtures/uv-workspace as loaded from disk', async () => {
    const { loadProject } = await import('../../../src/load.js');
    const { runRules } = await import('../../../src/audit.js');
    const found = runRules(loadProject(new URL('../../../fixtures/uv-workspace', import.meta.url).pathname), { rules: [rule] });
    expect(found.map((f) => [f.file, f.line, f.column])).toEqual([['Dockerfile', 4, 1]]);
    expect(found[0].message).toContain('`COPY packages/api/pyproject.toml packages/api/`, `COPY packages/core/pyproject.toml packages/core/` and `uv sync --frozen --no-install-workspace`');
  });
});
