import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/docker/merge-consecutive-runs.js';
import { findings, positions, projectFrom } from './project.js';

describe('merge-consecutive-runs (SR311)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['two single-command RUNs', 'FROM python:3.12-slim\nRUN useradd app\nRUN mkdir /data', [[3, 1]]],
    ['separated by a comment only', 'FROM python:3.12-slim\nRUN useradd app\n# data dir\nRUN mkdir /data', [[4, 1]]],
    ['three in a row', 'FROM python:3.12-slim\nRUN a\nRUN b\nRUN c', [[3, 1], [4, 1]]],
    ['two single commands after a chained RUN', 'FROM python:3.12-slim\nRUN a && b\nRUN c\nRUN d', [[4, 1]]],
    ['same mounts', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install a\nRUN --mount=type=cache,target=/root/.cache/pip pip install b', [[3, 1]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(rule, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['separated by another instruction', 'FROM python:3.12-slim\nRUN useradd app\nWORKDIR /app\nRUN mkdir data'],
    ['different mounts', 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install a\nRUN pip install --no-cache-dir b'],
    ['a chained RUN before', 'FROM python:3.12-slim\nRUN a && b\nRUN d'],
    ['a chained RUN after', 'FROM python:3.12-slim\nRUN a\nRUN b; c'],
    ['two chained RUNs', 'FROM python:3.12-slim\nRUN a && b\nRUN c && d'],
    ['different secret mounts', 'FROM python:3.12-slim\nRUN --mount=type=secret,id=a ./a.sh\nRUN --mount=type=secret,id=b ./b.sh'],
    ['a long chain after', 'FROM python:3.12-slim\nRUN a\nRUN b; c; d'],
    ['across stages', 'FROM python:3.12-slim AS a\nRUN a\nFROM a\nRUN b'],
    ['builder stage', 'FROM python:3.12-slim AS b\nRUN a\nRUN b\nFROM python:3.12-slim\nCOPY --from=b /x /x'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(rule, dockerfile)).toEqual([]);
  });
  it('is informational and names the previous RUN', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN useradd app\nRUN mkdir /data' }));
    expect(f.severity).toBe('info');
    expect(f.message).toContain('line 2');
  });
});
