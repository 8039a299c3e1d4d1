import { describe, expect, it } from 'vitest';
import rule, { isBuildTool } from '../../../src/rules/docker/build-tools-in-final-stage.js';
import { findings, positions, projectFrom } from './project.js';

describe('build-tools-in-final-stage (SR302)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['apt-get gcc in the final stage', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*', [[2, 23]]],
    ['apk build-base', 'FROM python:3.12-alpine\nRUN apk add --no-cache build-base', [[2, 5]]],
    ['yum gcc-c++', 'FROM rockylinux:9\nRUN yum install -y gcc-c++ python3-devel', [[2, 5]]],
    ['dnf make', 'FROM fedora:40\nRUN dnf install -y make', [[2, 5]]],
    ['multi-line RUN: the install command position', 'FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      build-essential \\\n && rm -rf /var/lib/apt/lists/*', [[3, 5]]],
    ['apk --virtual never deleted', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir x', [[2, 5]]],
    ['removed only in a later RUN', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nRUN apt-get purge -y gcc', [[2, 23]]],
    ['in a base stage of the final stage', 'FROM python:3.12-slim AS base\nRUN apk add --no-cache cargo\nFROM base\nCMD ["app"]', [[2, 5]]],
    ['heredoc RUN', 'FROM python:3.12-slim\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends gcc\nrm -rf /var/lib/apt/lists/*\nEOF', [[4, 1]]],
    ['version-pinned package', 'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends gcc=4:12.2.0-3', [[2, 5]]],
    ['a package list from an ARG default', 'FROM python:3.12-slim\nARG DEPS="gcc libpq-dev"\nRUN apt-get update && apt-get install -y --no-install-recommends $DEPS && rm -rf /var/lib/apt/lists/*', [[3, 23]]],
    ['a package list from ENV, braced', 'FROM python:3.12-slim\nENV TOOLS="build-essential"\nRUN apt-get install -y --no-install-recommends ${TOOLS} curl', [[3, 5]]],
    ['a package list from a ${VAR:-default}', 'FROM python:3.12-alpine\nRUN apk add --no-cache ${BUILD_DEPS:-gcc musl-dev}', [[2, 5]]],
    ['a shell variable set earlier in the RUN', 'FROM python:3.12-slim\nRUN DEPS="gcc make"; apt-get install -y --no-install-recommends $DEPS', [[2, 22]]],
    ['behind xargs', 'FROM python:3.12-slim\nRUN echo gcc | xargs apt-get install -y --no-install-recommends gcc', [[2, 16]]],
    ['inside sh -c', 'FROM python:3.12-slim\nRUN sh -c "apt-get install -y --no-install-recommends gcc"', [[2, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });

  const catchesNot: [string, string][] = [
    ['builder stage that is not final', 'FROM python:3.12-slim AS builder\nRUN apt-get update && apt-get install -y gcc\nFROM python:3.12-slim\nCOPY --from=builder /venv /venv'],
    ['apk --virtual deleted in the same RUN', 'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir x && apk del .build-deps'],
    ['apt-get purge --auto-remove of the same packages', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && pip install x && apt-get purge -y --auto-remove gcc'],
    ['docker-library pattern: apt-mark auto + purge --auto-remove', 'FROM debian:bookworm-slim\nRUN savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends gcc make; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false'],
    ['runtime libraries only', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 curl && rm -rf /var/lib/apt/lists/*'],
    ['a stage nobody uses', 'FROM python:3.12-slim AS test\nRUN apt-get install -y gcc\nFROM python:3.12-slim\nCMD ["app"]'],
    ['pip install of a package named like a tool', 'FROM python:3.12-slim\nRUN pip install --no-cache-dir make'],
    ['a package list from a build argument without default', 'FROM python:3.12-slim\nARG DEPS\nRUN apt-get install -y --no-install-recommends $DEPS'],
    ['a quoted package list word that is one name', 'FROM python:3.12-slim\nARG DEPS="libpq5"\nRUN apt-get install -y --no-install-recommends "$DEPS"'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });

  it('names the expanded packages', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nARG DEPS="gcc libpq-dev"\nRUN apt-get install -y --no-install-recommends $DEPS' }));
    expect(f.message).toMatch(/^`gcc`, `libpq-dev` are build tools/);
  });

  it('names the packages that remain', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev libpq5 && apt-get purge -y gcc' }));
    expect(f.message).toMatch(/^`libpq-dev` is a build tool installed in the final image/);
    expect(f.package).toBe('libpq-dev');
  });

  describe('the suggested removal keeps the runtime libraries production packages load', () => {
    const cases: [string, Record<string, string>, [number, number], string[]][] = [
      [
        'apt: psycopg2 in requirements.txt needs libpq5',
        { Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir -r requirements.txt', 'requirements.txt': 'flask==3.0.3\npsycopg2==2.9.9\n' },
        [2, 23],
        ['`apt-get install -y --no-install-recommends gcc libpq-dev libpq5 && pip install … && apt-get purge -y --auto-remove gcc libpq-dev`', '`libpq5` stays installed: `psycopg2` needs it'],
      ],
      [
        'apk: --virtual .build-deps with postgresql-dev, psycopg2 installed by name',
        { Dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev postgresql-dev\nRUN pip install --no-cache-dir psycopg2==2.9.9' },
        [2, 5],
        ['`apk add --no-cache libpq && apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev && pip install … && apk del .build-deps`', '`psycopg2` needs it at run time'],
      ],
      [
        'several packages, several libraries, in catalog order',
        { Dockerfile: 'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc libpq-dev default-libmysqlclient-dev', 'requirements.txt': 'psycopg2\nmysqlclient\n' },
        [2, 5],
        ['gcc libpq-dev default-libmysqlclient-dev libmariadb3 libpq5 && pip install', '`mysqlclient`, `psycopg2` need them at run time'],
      ],
    ];
    it.each(cases)('%s', (_name, files, at, expected) => {
      const found = findings(rule, projectFrom(files));
      expect(found.map((f) => [f.line, f.column])).toEqual([at]);
      for (const text of expected) expect(found[0].message).toContain(text);
    });

    it.each([
      ['no compiled production package', { Dockerfile: 'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc', 'requirements.txt': 'flask\n' }],
      ['a dev-only compiled package', { Dockerfile: 'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc', 'requirements.txt': 'flask\n', 'requirements-dev.txt': 'psycopg2\n' }],
      ['a pure-Python package in the catalog', { Dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache gcc\nRUN pip install --no-cache-dir ./app requests' }],
      // Their wheels bundle libpq, libjpeg, OpenSSL: nothing of the system's is loaded.
      ['packages installed from wheels that bundle their libraries (apt)', { Dockerfile: 'FROM python:3.12-slim\nRUN apt-get install -y --no-install-recommends gcc libpq-dev', 'requirements.txt': 'psycopg2-binary\npillow\ncryptography\n' }],
      ['packages installed from wheels that bundle their libraries (apk)', { Dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev\nRUN pip install --no-cache-dir psycopg2-binary pillow cryptography' }],
    ] as [string, Record<string, string>][])('names no runtime library for %s', (_name, files) => {
      const [f] = findings(rule, projectFrom(files));
      expect(f.message).not.toContain('stays installed');
      expect(f.message).not.toContain('at run time');
    });
  });

  it('recognizes compilers and headers', () => {
    for (const p of ['gcc', 'g++', 'clang-17', 'build-essential', 'libffi-dev', 'python3.12-dev', 'openssl-devel', 'linux-headers', 'rust']) expect(isBuildTool(p)).toBe(true);
    for (const p of ['libpq5', 'curl', 'ca-certificates', 'libffi8', 'python3', 'devscripts-el']) expect(isBuildTool(p)).toBe(false);
  });
});
