import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/docker/copy-before-install.js';
import { findings, positions, projectFrom } from './project.js';

describe('copy-before-install (SR310)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['COPY . . before pip install -r', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt', [[3, 1]]],
    ['ADD . /app before uv sync', 'FROM python:3.12-slim\nADD . /app\nRUN uv sync --frozen --no-dev', [[2, 1]]],
    ['COPY ./ ./ before poetry install', 'FROM python:3.12-slim\nCOPY ./ ./\nRUN poetry install --only main', [[2, 1]]],
    ['COPY --chown . before pipenv install', 'FROM python:3.12-slim\nCOPY --chown=app:app . /app\nRUN pipenv install --deploy --system', [[2, 1]]],
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
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });
  it('names the install line', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt' }));
    expect(f.message).toContain('(line 3)');
    expect(f.message).toMatch(/^`COPY \. \.`/);
  });
});
