import { describe, expect, it } from 'vitest';
import rule, { slimPythonTag } from '../../../src/rules/docker/full-base-image.js';
import { findings, positions, projectFrom } from './project.js';

describe('full-base-image (SR301)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['python:3.12', 'FROM python:3.12\nCMD ["python"]', [[1, 1]]],
    ['python:3.12-bookworm', 'FROM python:3.12-bookworm', [[1, 1]]],
    ['python:latest', 'FROM python:latest', [[1, 1]]],
    ['python without tag', 'FROM python', [[1, 1]]],
    ['docker.io/library/python:3.11.9', 'FROM docker.io/library/python:3.11.9', [[1, 1]]],
    ['FROM ${BASE} with an ARG default', 'ARG BASE=python:3.12\nFROM ${BASE}', [[2, 1]]],
    ['${VAR:-default} form', 'ARG PY\nFROM python:${PY:-3.12}', [[2, 1]]],
    ['platform flag', 'FROM --platform=$BUILDPLATFORM python:3.12 AS app', [[1, 1]]],
    ['final stage built on a full base stage', 'FROM python:3.12 AS base\nRUN echo hi\nFROM base AS final\nCMD ["python"]', [[1, 1]]],
    ['debian installing python3', 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*', [[1, 1]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });

  const catchesNot: [string, string][] = [
    ['python:3.12-slim', 'FROM python:3.12-slim'],
    ['python:3.12-slim-bookworm', 'FROM python:3.12-slim-bookworm'],
    ['python:3.12-alpine', 'FROM python:3.12-alpine3.20'],
    ['distroless', 'FROM gcr.io/distroless/python3-debian12'],
    ['non-python image', 'FROM node:20'],
    ['full image only in a builder stage', 'FROM python:3.12 AS builder\nRUN pip wheel -w /w flask\nFROM python:3.12-slim\nCOPY --from=builder /w /w'],
    ['debian without python', 'FROM debian:bookworm\nRUN echo hi'],
    ['debian slim with python', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3'],
    ['unresolved variable', 'FROM python:${PY_TAG}'],
    ['digest only', 'FROM python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    ['private registry', 'FROM registry.example.com/python:3.12'],
    ['unknown tag shape', 'FROM python:3.12-windowsservercore-ltsc2022'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });

  it.each([
    ['FROM python AS final', 'FROM python:slim AS final', [1, 1]],
    ['FROM python:3.12 AS final', 'FROM python:3.12-slim AS final', [1, 1]],
    ['FROM python:3.12-bookworm as Runtime\nCMD ["python"]', 'FROM python:3.12-slim-bookworm AS Runtime', [1, 1]],
    ['FROM --platform=linux/amd64 python:3.12 AS app', 'FROM --platform=linux/amd64 python:3.12-slim AS app', [1, 1]],
    ['ARG X\nFROM python:3.11 AS base\nFROM base AS final', 'FROM python:3.11-slim AS base', [2, 1]],
    ['FROM debian:bookworm AS rt\nRUN apt-get install -y --no-install-recommends python3', 'FROM debian:bookworm-slim AS rt', [1, 1]],
    ['FROM python:3.12', 'FROM python:3.12-slim', [1, 1]],
  ])('the fix for `%s` keeps the rest of the FROM line: %s', (dockerfile, fix, at) => {
    const found = findings(rule, projectFrom({ Dockerfile: dockerfile }));
    expect(found.map((f) => [f.line, f.column, f.fix])).toEqual([[...at, fix]]);
  });

  it('suggests the slim tag of the same version and release', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-bookworm' }));
    expect(f.message).toContain('`python:3.12-slim-bookworm`');
    expect(f.severity).toBe('warning');
    expect(f.code).toBe('SR301');
    expect(slimPythonTag('3.12')).toBe('3.12-slim');
    expect(slimPythonTag(null)).toBe('slim');
    expect(slimPythonTag('bookworm')).toBe('slim-bookworm');
    expect(slimPythonTag('3.13.0rc1')).toBe('3.13.0rc1-slim');
    expect(slimPythonTag('3.12-slim')).toBeNull();
  });

  it('is suppressed by `# slimreq ignore=full-base-image` above the FROM', () => {
    expect(positions(rule, '# slimreq ignore=full-base-image\nFROM python:3.12')).toEqual([]);
    expect(positions(rule, '# slimreq ignore=SR301\nFROM python:3.12')).toEqual([]);
    expect(positions(rule, '# slimreq ignore=SR999\nFROM python:3.12')).toEqual([[2, 1]]);
  });
});
