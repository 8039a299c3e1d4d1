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
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });

  it('names the packages that remain', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev libpq5 && apt-get purge -y gcc' }));
    expect(f.message).toMatch(/^`libpq-dev` is a build tool installed in the final image/);
    expect(f.package).toBe('libpq-dev');
  });

  it('recognizes compilers and headers', () => {
    for (const p of ['gcc', 'g++', 'clang-17', 'build-essential', 'libffi-dev', 'python3.12-dev', 'openssl-devel', 'linux-headers', 'rust']) expect(isBuildTool(p)).toBe(true);
    for (const p of ['libpq5', 'curl', 'ca-certificates', 'libffi8', 'python3', 'devscripts-el']) expect(isBuildTool(p)).toBe(false);
  });
});
