import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/docker/pip-cache-in-image.js';
import { findings, positions, projectFrom } from './project.js';

describe('pip-cache-in-image (SR308)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['pip install', 'FROM python:3.12-slim\nRUN pip install -r requirements.txt', [[2, 5]]],
    ['pip3 install', 'FROM python:3.12-slim\nRUN pip3 install flask', [[2, 5]]],
    ['python -m pip install', 'FROM python:3.12-slim\nRUN python -m pip install flask', [[2, 5]]],
    ['/usr/local/bin/python3.12 -m pip', 'FROM python:3.12-slim\nRUN /usr/local/bin/python3.12 -m pip install flask', [[2, 5]]],
    ['second command of a RUN', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -U pip && pip install flask', [[2, 42]]],
    ['cache mount on an unrelated path', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/var/cache/apt pip install flask', [[2, 46]]],
    ['uv pip install', 'FROM python:3.12-slim\nRUN uv pip install --system flask', [[2, 5]]],
    ['uv sync', 'FROM python:3.12-slim\nRUN uv sync --frozen --no-dev', [[2, 5]]],
    ['stage copied wholesale with COPY --from=x /', 'FROM python:3.12-slim AS deps\nRUN pip install flask\nFROM scratch\nCOPY --from=deps / /', [[2, 5]]],
    ['base stage of the final stage', 'FROM python:3.12-slim AS base\nRUN pip install flask\nFROM base\nCMD ["flask"]', [[2, 5]]],
    ['PIP_NO_CACHE_DIR set in another stage only', 'FROM python:3.12-slim AS b\nENV PIP_NO_CACHE_DIR=1\nFROM python:3.12-slim\nRUN pip install flask', [[4, 5]]],
    ['UV_NO_CACHE=0', 'FROM python:3.12-slim\nENV UV_NO_CACHE=0\nRUN uv sync --no-dev', [[3, 5]]],
    ['an ambiguous prefix (--no-c: --no-cache-dir, --no-clean, --no-color, --no-compile)', 'FROM python:3.12-slim\nRUN pip install --no-c flask', [[2, 5]]],
    ['PIP_NO_CACHE_DIR empty (pip keeps the cache)', 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=""\nRUN pip install flask', [[3, 5]]],
    ['a shell variable that is not exported', 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1; pip install flask', [[2, 25]]],
    ['export only after the install', 'FROM python:3.12-slim\nRUN pip install flask && export PIP_NO_CACHE_DIR=1', [[2, 5]]],
    ['pip3.12', 'FROM python:3.12-slim\nRUN pip3.12 install flask', [[2, 5]]],
    ['python3.12 -m pip', 'FROM python:3.12-slim\nRUN python3.12 -m pip install flask', [[2, 5]]],
    ['/venv/bin/pip', 'FROM python:3.12-slim\nRUN python -m venv /venv && /venv/bin/pip install flask', [[2, 29]]],
    ['"$VENV/bin/pip"', 'FROM python:3.12-slim\nENV VENV=/opt/venv\nRUN "$VENV/bin/pip" install flask', [[3, 5]]],
    ['inside sh -c', 'FROM python:3.12-slim\nRUN sh -c "pip install flask"', [[2, 5]]],
    ['behind xargs', 'FROM python:3.12-slim\nRUN cat pkgs.txt | xargs -n 1 pip install', [[2, 20]]],
    ['uv pip install --system', 'FROM python:3.12-slim\nRUN uv pip install --system -r requirements.txt', [[2, 5]]],
    ['a cache mount elsewhere under /root', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.npm pip install flask', [[2, 42]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['--no-cache-dir', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask'],
    ['ENV PIP_NO_CACHE_DIR=1', 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask'],
    ['ENV PIP_NO_CACHE_DIR=off (pip disables the cache for any value)', 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=off\nRUN pip install flask'],
    ['ENV inherited from the base stage', 'FROM python:3.12-slim AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask'],
    ['ARG PIP_NO_CACHE_DIR=1', 'FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask'],
    ['global ARG redeclared in the stage', 'ARG PIP_NO_CACHE_DIR=1\nFROM python:3.12-slim\nARG PIP_NO_CACHE_DIR\nRUN pip install flask'],
    ['assignment on the command', 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install flask'],
    ['cache mount on /root/.cache/pip', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask'],
    ['cache mount on /root/.cache', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache pip install flask'],
    ['cache mount on the configured PIP_CACHE_DIR', 'FROM python:3.12-slim\nENV PIP_CACHE_DIR=/pipcache\nRUN --mount=type=cache,target=/pipcache pip install flask'],
    ['pip cache purge in the same RUN', 'FROM python:3.12-slim\nRUN pip install flask && pip cache purge'],
    ['rm -rf /root/.cache in the same RUN', 'FROM python:3.12-slim\nRUN pip install flask && rm -rf /root/.cache'],
    ['builder stage copied selectively', 'FROM python:3.12-slim AS builder\nRUN pip install --prefix=/install flask\nFROM python:3.12-slim\nCOPY --from=builder /install /usr/local'],
    ['uv with cache mount', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev'],
    ['uv --no-cache', 'FROM python:3.12-slim\nRUN uv pip install --system --no-cache flask'],
    ['ENV UV_NO_CACHE=1', 'FROM python:3.12-slim\nENV UV_NO_CACHE=1\nRUN uv sync --no-dev'],
    ['pip download', 'FROM python:3.12-slim\nRUN pip download flask'],
    ['heredoc with --no-cache-dir', 'FROM python:3.12-slim\nRUN <<EOF\npip install --no-cache-dir flask\nEOF'],
    // pip's optparse takes any unique prefix of a long option
    ['--no-cache (a prefix of --no-cache-dir)', 'FROM python:3.12-slim\nRUN pip install --no-cache flask'],
    ['--no-cache-d', 'FROM python:3.12-slim\nRUN pip3 install --no-cache-d -r requirements.txt'],
    ['export PIP_NO_CACHE_DIR=1 earlier in the RUN', 'FROM python:3.12-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask'],
    ['a shell variable exported later, before the install', 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1; export PIP_NO_CACHE_DIR; pip install flask'],
    ['env PIP_NO_CACHE_DIR=1 pip …', 'FROM python:3.12-slim\nRUN env PIP_NO_CACHE_DIR=1 pip install flask'],
    ['PIP_NO_CACHE_DIR from an ARG default', 'FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR=off\nRUN pip install flask'],
    ['pip3.12 --no-cache-dir', 'FROM python:3.12-slim\nRUN pip3.12 install --no-cache-dir flask'],
    ['python3.12 -m pip --no-cache-dir', 'FROM python:3.12-slim\nRUN python3.12 -m pip install --no-cache-dir flask'],
    ['/venv/bin/pip --no-cache-dir', 'FROM python:3.12-slim\nRUN /venv/bin/pip install --no-cache-dir flask'],
    ['flags from an ARG default', 'FROM python:3.12-slim\nARG PIP_FLAGS="--no-cache-dir --quiet"\nRUN pip install $PIP_FLAGS flask'],
    ['inside sh -c with --no-cache-dir', 'FROM python:3.12-slim\nRUN sh -c "pip install --no-cache-dir flask"'],
    ['quoted cache mount target', 'FROM python:3.12-slim\nRUN --mount=type=cache,target="/root/.cache/pip" pip install flask'],
    ['cache mount on /root (a parent of the cache)', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root pip install flask'],
    ['cache mount target from an ARG', 'FROM python:3.12-slim\nARG CACHE=/root/.cache/pip\nRUN --mount=type=cache,target=${CACHE} pip install flask'],
    ['tmpfs mount on the cache', 'FROM python:3.12-slim\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask'],
    // uv takes --no-cache-dir as an alias of --no-cache, and global options before the subcommand
    ['uv pip install --no-cache-dir', 'FROM python:3.12-slim\nRUN uv pip install --system --no-cache-dir flask'],
    ['uv --no-cache pip install', 'FROM python:3.12-slim\nRUN uv --no-cache pip install --system flask'],
    ['uv sync -n', 'FROM python:3.12-slim\nRUN uv sync -n --frozen --no-dev'],
    ['quoted uv cache mount', 'FROM python:3.12-slim\nRUN --mount=type=cache,target="/root/.cache/uv" uv sync --frozen --no-dev'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });
  it('says the fix', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN pip install flask' }));
    expect(f.message).toContain('--no-cache-dir');
    expect(f.code).toBe('SR308');
  });
});

describe('pip-cache-in-image (SR308): installs from local wheels', () => {
  const catches: [string, string, [number, number][]][] = [
    ['--find-links without --no-index (pip still asks the index)', 'FROM python:3.12-slim\nRUN pip install --find-links=/wheels flask', [[2, 5]]],
    ['--no-index with a remote --find-links page', 'FROM python:3.12-slim\nRUN pip install --no-index --find-links=https://download.pytorch.org/whl/torch_stable.html torch', [[2, 5]]],
    ['--no-index with a local sdist (pip keeps the wheel it builds)', 'FROM python:3.12-slim\nRUN pip install --no-index --find-links /wheels /src/demo-1.0.tar.gz', [[2, 5]]],
    ['--no-index with a folder named like name-version', 'FROM python:3.12-slim\nWORKDIR /src/demo-1.0\nRUN pip install --no-index --find-links /wheels .', [[3, 5]]],
    ['--no-index with a URL requirement', 'FROM python:3.12-slim\nRUN pip install --no-index "demo @ https://example.com/demo-1.0-py3-none-any.whl"', [[2, 5]]],
    ['--no-index with find-links from a build argument without default', 'FROM python:3.12-slim\nARG LINKS\nRUN pip install --no-index --find-links=$LINKS flask', [[3, 5]]],
    ['PIP_NO_INDEX=0', 'FROM python:3.12-slim\nENV PIP_NO_INDEX=0\nRUN pip install --find-links=/wheels flask', [[3, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['--no-index --find-links=/wheels', 'FROM python:3.12-slim\nCOPY --from=python:3.12 /wheels /wheels\nRUN pip install --no-index --find-links=/wheels -r requirements.txt'],
    ['--no-index -f with a file:// URL', 'FROM python:3.12-slim\nRUN pip install --no-index -f file:///wheels flask'],
    ['--no-index with wheel files', 'FROM python:3.12-slim\nRUN pip install --no-index /wheels/*.whl'],
    ['--no-index with the project folder /app', 'FROM python:3.12-slim\nWORKDIR /app\nRUN pip install --no-index --find-links=/wheels .'],
    ['ENV PIP_NO_INDEX=1 and PIP_FIND_LINKS', 'FROM python:3.12-slim\nENV PIP_NO_INDEX=1 PIP_FIND_LINKS=/wheels\nRUN pip install flask'],
    ['--find-links from an ARG default', 'FROM python:3.12-slim\nARG WHEELS=/wheels\nRUN pip install --no-index --find-links=${WHEELS} flask'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });
});
