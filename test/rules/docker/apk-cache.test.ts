import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/docker/apk-cache.js';
import { findings, positions, projectFrom } from './project.js';

describe('apk-cache (SR307)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['apk add without --no-cache', 'FROM python:3.12-alpine\nRUN apk add libpq', [[2, 5]]],
    ['apk update && apk add', 'FROM alpine:3.20\nRUN apk update && apk add --no-cache curl', [[2, 5]]],
    ['--virtual never deleted', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc && pip install --no-cache-dir x', [[2, 5]]],
    ['-t short form never deleted', 'FROM python:3.12-alpine\nRUN apk add --no-cache -t .deps gcc', [[2, 5]]],
    ['apk add -U', 'FROM alpine:3.20\nRUN apk add -U curl', [[2, 5]]],
    ['behind xargs', 'FROM alpine:3.20\nRUN cat pkgs | xargs apk add', [[2, 16]]],
    ['--virtual deleted only in a later RUN', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .d gcc\nRUN apk del .d', [[2, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['apk add --no-cache', 'FROM python:3.12-alpine\nRUN apk add --no-cache libpq'],
    ['apk add --virtual .x && … && apk del .x', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .x gcc musl-dev && pip install --no-cache-dir psycopg2 && apk del .x'],
    ['rm -rf /var/cache/apk/* in the same RUN', 'FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*'],
    ['cache mount', 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl'],
    ['quoted cache mount target', 'FROM alpine:3.20\nRUN --mount=type=cache,target="/var/cache/apk" apk add curl'],
    ['cache mount on /var/cache (a parent)', 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache apk add curl'],
    ['apk add --no-network (no index fetched, none kept)', 'FROM alpine:3.20\nRUN apk add --no-cache --virtual .b gcc && scanelf --needed /usr/local/bin/x | xargs -rt apk add --no-network --virtual .python-rundeps && apk del --no-network .b'],
    ['--no-cache from an ARG', 'FROM alpine:3.20\nARG APK_FLAGS=--no-cache\nRUN apk add $APK_FLAGS curl'],
    // sweep class RUNTIME-VIRTUAL-APK-GROUP: a group of run-time libraries is kept on purpose
    ['a --virtual group of run-time libraries', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .app-deps libffi libssl3 openssl ca-certificates binutils'],
    ['builder stage', 'FROM python:3.12-alpine AS b\nRUN apk add gcc\nFROM python:3.12-alpine\nCOPY --from=b /w /w'],
    [
      'a .rundeps virtual package that pins runtime libraries (scanelf pattern)',
      'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir psycopg2 \\\n && apk add --no-cache --virtual .rundeps libpq \\\n && apk del .build-deps',
    ],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });
  it.each([
    ['a lone apk update', 'FROM python:3.12-alpine\nRUN apk update\nRUN apk add --no-cache gcc', [[2, 5]]],
    ['a lone apk update even when a later RUN removes the cache', 'FROM python:3.12-alpine\nRUN apk update\nRUN apk add gcc\nRUN rm -rf /var/cache/apk/*', [[2, 5], [3, 5]]],
  ] as [string, string, [number, number][]][])('tells to drop %s, never to clean up after it', (_name, dockerfile, expected) => {
    const found = findings(rule, projectFrom({ Dockerfile: dockerfile }));
    expect(found.map((f) => [f.line, f.column])).toEqual(expected);
    expect(found[0].message).toContain('drop it and install with `apk add --no-cache …`');
  });

  it('asks to add the runtime libraries before `apk del` of the build dependencies', () => {
    const found = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev \\\n && pip install --no-cache-dir -r requirements.txt', 'requirements.txt': 'psycopg2==2.9.9\n' }));
    expect(found.map((f) => [f.line, f.column])).toEqual([[2, 5]]);
    expect(found[0].message).toContain('end it with `&& apk del .build-deps` (and add the runtime libraries first, `apk add --no-cache libpq && …`, so that `psycopg2` still imports after the delete)');
  });

  it('reports both problems of one command in one finding', () => {
    const found = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-alpine\nRUN apk add --virtual .build-deps gcc' }));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('apk add --no-cache');
    expect(found[0].message).toContain('apk del .build-deps');
  });
});
