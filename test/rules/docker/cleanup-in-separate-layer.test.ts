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

  it('names the RUN that created the files', () => {
    const [f] = findings(rule, projectFrom({ Dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nRUN rm -rf /var/lib/apt/lists/*' }));
    expect(f.message).toContain('(line 2)');
    expect(f.message).toContain('the apt package lists');
    expect(f.rule).toBe('cleanup-in-separate-layer');
  });
});
