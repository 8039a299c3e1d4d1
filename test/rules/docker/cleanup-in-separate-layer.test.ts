import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/docker/cleanup-in-separate-layer.js';
import { findings, positions, projectFrom } from './project.js';

describe('cleanup-in-separate-layer (SR303)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['rm apt lists in a later RUN', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN rm -rf /var/lib/apt/lists/*', [[3, 5]]],
    ['apt-get clean in a later RUN', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get clean', [[3, 5]]],
    ['apk del of a virtual package in a later RUN', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc\nRUN pip install --no-cache-dir x\nRUN apk del .build-deps', [[4, 5]]],
    ['pip cache purge in a later RUN', 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\nRUN pip cache purge', [[3, 5]]],
    ['rm -rf /root/.cache in a later RUN', 'FROM python:3.12-slim\nRUN pip install -r requirements.txt\nRUN rm -rf /root/.cache', [[3, 5]]],
    ['rm -rf ~/.cache/pip in a later RUN', 'FROM python:3.12-slim\nRUN pip install flask\nRUN echo done && rm -rf ~/.cache/pip', [[3, 18]]],
    ['cleanup in the final stage of what its base stage created', 'FROM python:3.12-slim AS base\nRUN apt-get update\nFROM base\nRUN rm -rf /var/lib/apt/lists/*', [[4, 5]]],
    ['purge of a package installed earlier', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y gcc', [[3, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });

  const catchesNot: [string, string][] = [
    ['cleanup in the same RUN', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*'],
    ['cleanup with nothing created before', 'FROM python:3.12-slim\nRUN rm -rf /var/lib/apt/lists/*'],
    ['a RUN that creates and cleans its own lists after an earlier clean one', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends a && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y --no-install-recommends b && rm -rf /var/lib/apt/lists/*'],
    ['pip with --no-cache-dir, then rm of the cache', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nRUN rm -rf /root/.cache'],
    ['builder stage', 'FROM python:3.12-slim AS builder\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM python:3.12-slim\nCOPY --from=builder /x /x'],
    ['apk del of a package installed in the same RUN', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .d gcc && pip install --no-cache-dir x && apk del .d'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });

  // sweep class CLEANUP-ADVICE-BREAKS-BUILD: one finding per removal, and no advice that breaks the RUNs between
  it('reports a purge of several packages once, and does not move it above the RUNs that need them', () => {
    const found = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make wget && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir -r requirements.txt\nRUN apt-get purge -y gcc make wget' }));
    expect(found.map((f) => [f.line, f.column])).toEqual([[4, 5]]);
    expect(found[0].message).toContain('removes the packages `gcc`, `make`, `wget` in a separate layer');
    expect(found[0].message).toContain('the RUN at line 3 may still need them, so install, use and remove them in one RUN, or install them in a builder stage');
    expect(found[0].message).not.toContain('end that RUN with the cleanup');
  });

  it('keeps the end-that-RUN advice when nothing runs in between', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nRUN apt-get purge -y gcc' }));
    expect(f.message).toContain('removes the package `gcc` in a separate layer');
    expect(f.message).toContain('end that RUN with the cleanup');
  });

  it.each([
    [
      'apt update, install and cleanup in three RUNs',
      'FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y gcc\nRUN rm -rf /var/lib/apt/lists/*',
      [4, 5],
      'update, install and clean up in one RUN that replaces the RUNs at lines 2, 3, 4: `RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*`',
    ],
    [
      'apt update alone, then install with the cleanup',
      'FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*',
      [3, 58],
      'lines 2, 3: `RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*`',
    ],
    [
      'apk update, add and cleanup in three RUNs',
      'FROM python:3.12-alpine\nRUN apk update\nRUN apk add gcc musl-dev\nRUN rm -rf /var/cache/apk/*',
      [4, 5],
      'use `apk add --no-cache`, which needs neither `apk update` nor a cleanup, in one RUN that replaces the RUNs at lines 2, 3, 4: `RUN apk add --no-cache gcc musl-dev`',
    ],
    [
      'apk add with other commands, cache removed later',
      'FROM python:3.12-alpine\nRUN apk add libpq && echo ok\nRUN rm -rf /var/cache/apk/* /tmp/x',
      [3, 5],
      'lines 2, 3: `RUN apk add --no-cache libpq && echo ok && rm -rf /var/cache/apk/* /tmp/x`',
    ],
  ])('gives one merged RUN when update, install and cleanup are split: %s', (_name, dockerfile, at, expected) => {
    const found = findings(rule, projectFrom({ Dockerfile: dockerfile }));
    expect(found.map((f) => [f.line, f.column])).toEqual([at]);
    expect(found[0].message).toContain(expected);
    expect(found[0].message).not.toMatch(/apt-get update && rm/);
  });

  it('keeps "end that RUN with the cleanup" when update and install already share a RUN', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN rm -rf /var/lib/apt/lists/*' }));
    expect(f.message).toContain('end that RUN with the cleanup: `… && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*`');
  });

  it('names the RUN that created the files', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN rm -rf /var/lib/apt/lists/*' }));
    expect(f.message).toContain('(line 2)');
    expect(f.message).toContain('the apt package lists');
    expect(f.rule).toBe('cleanup-in-separate-layer');
  });
});

describe('cleanup-in-separate-layer (SR303): files a COPY or ADD brought in', () => {
  const WHEELS = 'FROM python:3.12 AS wheelbuilder\nRUN pip wheel --no-cache-dir -w /wheels -r requirements.txt\nFROM python:3.12-slim\n';
  const catches: [string, string, Record<string, string>, [number, number][]][] = [
    ['rm -rf of a COPY --from directory', `${WHEELS}COPY --from=wheelbuilder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl\nRUN rm -rf /wheels`, {}, [[6, 5]]],
    ['rm in the same RUN as the install', `${WHEELS}COPY --from=wheelbuilder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels`, {}, [[5, 49]]],
    ['rm of files below the copied directory', `${WHEELS}COPY --from=wheelbuilder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl\nRUN rm -f /wheels/*.whl`, {}, [[6, 5]]],
    ['rm of a file the copied context folder holds', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN rm -f hc/local_settings.py', { 'hc/local_settings.py': '', 'manage.py': '' }, [[4, 5]]],
    ['a glob rm that matches files of the copied rootfs', 'FROM python:3.12-slim\nCOPY ./docker/rootfs /\nWORKDIR /usr/src\nRUN rm -f ./*.deb', { 'docker/rootfs/usr/src/tool.deb': '' }, [[4, 5]]],
    ['rm -rf of the folder a file was copied into', 'FROM python:3.12-slim\nCOPY requirements.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\nRUN rm -rf /tmp/*', { 'requirements.txt': 'flask\n' }, [[4, 5]]],
    ['a relative rm under WORKDIR of a context folder entry', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN rm -rf tests', { 'tests/test_app.py': '', 'app.py': '' }, [[4, 5]]],
    ['a path from an ARG default', `${WHEELS}ARG WHEELS=/wheels\nCOPY --from=wheelbuilder /wheels $WHEELS\nRUN rm -rf \${WHEELS}`, {}, [[6, 5]]],
    ['a COPY in the base stage, rm in the final stage', 'FROM python:3.12-slim AS base\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\nFROM base\nRUN rm /bin/uv', {}, [[4, 5]]],
    ['an ADD of a URL removed later', 'FROM python:3.12-slim\nADD https://example.com/tool.tar.gz /tmp/\nRUN tar xf /tmp/tool.tar.gz -C /opt\nRUN rm /tmp/tool.tar.gz', {}, [[4, 5]]],
    ['find | xargs rm -rf of .git after COPY . .', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN find . -name .git | xargs rm -rf', { '.git/config': '', 'app.py': '' }, [[4, 25]]],
    ['find -exec rm -rf of .git after COPY . .', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN find . -name .git -exec rm -rf {} +', { '.git/config': '', 'app.py': '' }, [[4, 5]]],
    ['rm behind xargs of a COPY --from directory', `${WHEELS}COPY --from=wheelbuilder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl\nRUN echo /wheels | xargs rm -rf /wheels`, {}, [[6, 20]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, extra, expected) => {
    expect(positions(rule, dockerfile, extra)).toEqual(expected);
  });

  const catchesNot: [string, string, Record<string, string>][] = [
    ['a builder stage whose layers do not ship', `FROM python:3.12 AS builder\nCOPY requirements.txt /tmp/\nRUN pip wheel --no-cache-dir -w /wheels -r /tmp/requirements.txt\nRUN rm -rf /tmp/requirements.txt\nFROM python:3.12-slim\nCOPY --from=builder /wheels /wheels`, { 'requirements.txt': 'flask\n' }],
    ['a bind mount instead of a COPY', `${WHEELS}RUN --mount=type=bind,from=wheelbuilder,source=/wheels,target=/wheels pip install --no-cache-dir /wheels/*.whl`, {}],
    ['rm of files the COPY did not bring', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python setup.py build && rm -rf build', { 'app.py': '', 'setup.py': '' }],
    ['rm of a sibling of a copied file', 'FROM python:3.12-slim\nCOPY requirements.txt /tmp/\nRUN rm -rf /tmp/other', { 'requirements.txt': 'flask\n' }],
    ['rm before the COPY', 'FROM python:3.12-slim\nRUN rm -rf /wheels\nCOPY --from=python:3.12 /wheels /wheels'],
    ['a path from an ARG without default', `${WHEELS}ARG TARGET\nCOPY --from=wheelbuilder /wheels /wheels\nRUN rm -rf \${TARGET}`, {}],
    ['a glob that does not match the copied path', 'FROM python:3.12-slim\nCOPY --from=python:3.12 /wheels /opt/wheels\nRUN rm -rf /opt/*.txt', {}],
    ['a relative rm after cd', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN cd /tmp && rm -rf tests', { 'tests/test_app.py': '' }],
    ['find | xargs rm of a name the context does not hold', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN find . -name .git | xargs rm -rf', { 'app.py': '' }],
    // sweep class PRECAUTIONARY-RM-OF-ABSENT-FILE: a git-ignored settings file the repository does not hold
    ['rm -f of a file the copied folder does not hold', 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN rm -f hc/local_settings.py', { 'hc/settings.py': '', 'manage.py': '' }],
    // sweep class CLEANUP-MISATTRIBUTED-TO-COPY: the .deb comes from the same RUN, not from the copied rootfs
    ['rm of files made in the same RUN, under a copied rootfs', 'FROM python:3.12-slim\nCOPY ./docker/rootfs /\nWORKDIR /usr/src\nRUN curl -fsSLO https://example.com/tool.deb && dpkg -i ./*.deb && rm -f ./*.deb', { 'docker/rootfs/usr/src/readme.txt': '', 'docker/rootfs/etc/app.conf': '' }],
  ].map(([name, df, extra]) => [name as string, df as string, (extra ?? {}) as Record<string, string>]);
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile, extra) => {
    expect(positions(rule, dockerfile, extra)).toEqual([]);
  });

  it('suggests a bind mount that serves the install', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: `${WHEELS}COPY --from=wheelbuilder /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*.whl\nRUN rm -rf /wheels` }));
    expect(f.message).toContain('`COPY --from=wheelbuilder /wheels /wheels` (line 4)');
    expect(f.message).toContain('`RUN --mount=type=bind,from=wheelbuilder,source=/wheels,target=/wheels pip install --no-cache-dir /wheels/*.whl`');
  });

  it('suggests .dockerignore for part of a copied context folder', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN rm -rf tests/fixtures', 'tests/fixtures/a.json': '', 'app.py': '' }));
    expect(f.message).toContain('keep `tests/fixtures` out of the image with a .dockerignore entry');
  });

  it('mounts the one file a glob COPY brought in', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nCOPY requirements*.txt /tmp/\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\nRUN rm /tmp/requirements.txt', 'requirements.txt': 'flask\n' }));
    expect(f.message).toContain('`RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt pip install --no-cache-dir -r /tmp/requirements.txt`');
  });
});

describe('cleanup-in-separate-layer (SR303): cache paths from build variables', () => {
  it('reads an rm path from an ARG default', () => {
    expect(positions(rule, 'FROM python:3.12-slim\nARG CACHE=/root/.cache\nRUN pip install flask\nRUN rm -rf $CACHE')).toEqual([[4, 5]]);
  });
  it('stays quiet when the path comes from a build argument without default', () => {
    expect(positions(rule, 'FROM python:3.12-slim\nARG CACHE\nRUN pip install flask\nRUN rm -rf $CACHE')).toEqual([]);
  });
});
