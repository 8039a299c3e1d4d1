// hadolint's own test cases for the five rules both tools have, transcribed as one-line Dockerfiles
// from hadolint's test/Hadolint/Rule/{DL3009,DL3015,DL3019,DL3042,DL3059}Spec.hs (ruleCatches /
// ruleCatchesNot; the onbuild variants are not transcribed). hadolint accepts Dockerfiles without FROM;
// slimreq needs one, so `FROM debian:12` is put in front of those. Each case carries hadolint's verdict;
// slimreq agrees except where hadolint is demonstrably wrong, and those cases say why (README, "Where
// slimreq differs from hadolint", and `slimreq explain` of the rule say the same).
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/rules/types.js';
import aptListsNotRemoved from '../../../src/rules/docker/apt-lists-not-removed.js';
import aptInstallRecommends from '../../../src/rules/docker/apt-install-recommends.js';
import apkCache from '../../../src/rules/docker/apk-cache.js';
import pipCacheInImage from '../../../src/rules/docker/pip-cache-in-image.js';
import mergeConsecutiveRuns from '../../../src/rules/docker/merge-consecutive-runs.js';
import { positions } from './project.js';

type Case = { code: string; name: string; dockerfile: string; hadolint: 'catches' | 'quiet'; differs?: string };

const RULES: Record<string, Rule> = { DL3009: aptListsNotRemoved, DL3015: aptInstallRecommends, DL3019: apkCache, DL3042: pipCacheInImage, DL3059: mergeConsecutiveRuns };

const PIP_FALSY =
  "pip disables its cache for any value its strtobool accepts, falsy ones included (`_handle_no_cache_dir` in pip's cmdoptions: PIP_NO_CACHE_DIR=0 sets cache_dir to False, checked with pip 23.2.1)";

const c = (code: string, name: string, dockerfile: string, hadolint: 'catches' | 'quiet', differs?: string): Case => ({
  code,
  name,
  dockerfile: /^FROM /m.test(dockerfile) ? dockerfile : `FROM debian:12\n${dockerfile}`,
  hadolint,
  differs,
});

const CASES: Case[] = [
  // DL3009Spec.hs
  c('DL3009', 'apt-get no cleanup', 'FROM scratch\nRUN apt-get update && apt-get install python', 'catches'),
  c('DL3009', 'apt-get cleanup in stage image', 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM scratch\nRUN echo hey!', 'quiet'),
  c('DL3009', 'apt-get no cleanup in last stage', 'FROM ubuntu as foo\nRUN hey!\nFROM scratch\nRUN apt-get update && apt-get install python', 'catches'),
  c('DL3009', 'apt-get no cleanup in intermediate stage', 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM foo\nRUN hey!', 'catches'),
  c('DL3009', 'no warn apt-get cleanup in intermediate stage that cleans lists', 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\nFROM foo\nRUN hey!', 'quiet'),
  c('DL3009', 'no warn apt-get cleanup in intermediate stage when stage not used later', 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM scratch\nRUN hey!', 'quiet'),
  c('DL3009', 'apt-get cleanup', 'FROM scratch\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*', 'quiet'),
  c('DL3009', 'BuildKit cache mount to apt lists directory', 'RUN --mount=type=cache,target=/var/lib/apt/lists     apt-get update && apt-get install python', 'quiet'),
  c('DL3009', 'BuildKit cache mount to apt directories 1', 'RUN --mount=type=cache,target=/var/lib/apt     --mount=type=cache,target=/var/cache/apt     rm -f /etc/apt/apt.conf.d/docker-clean &&     apt-get update && apt-get install python', 'quiet'),
  c('DL3009', 'BuildKit cache mount to apt directories 2', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt \\\n    --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install foo', 'quiet'),
  c('DL3009', 'warn: BuildKit cache mount to apt cache directory only', 'RUN --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python', 'catches'),
  c('DL3009', 'warn: BuildKit cache mount to apt lists directory only', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install python', 'catches'),
  c('DL3009', 'tmpfs mount to apt cache and lists directory', 'RUN \\\n  --mount=type=tmpfs,target=/var/cache/apt \\\n  --mount=type=tmpfs,target=/var/lib/apt \\\n  apt-get update', 'quiet'),
  c('DL3009', 'tmpfs mount to apt cache and cache mount to lists directory', 'RUN \\\n  --mount=type=tmpfs,target=/var/cache/apt \\\n  --mount=type=cache,target=/var/lib/apt \\\n  apt-get update', 'quiet'),
  c('DL3009', 'cache mount to apt cache and tmpfs mount to lists directory', 'RUN \\\n  --mount=type=cache,target=/var/cache/apt \\\n  --mount=type=tmpfs,target=/var/lib/apt \\\n  apt-get update', 'quiet'),
  c('DL3009', 'cache mount to apt cache and lists directory', 'RUN \\\n  --mount=type=cache,target=/var/cache/apt \\\n  --mount=type=cache,target=/var/lib/apt \\\n  apt-get update', 'quiet'),
  c('DL3009', 'apt no cleanup', 'FROM scratch\nRUN apt update && apt install python', 'catches'),
  c('DL3009', 'apt cleanup', 'FROM scratch\nRUN apt update && apt install python && rm -rf /var/lib/apt/lists/*', 'quiet'),
  c('DL3009', 'aptitude no cleanup', 'FROM scratch\nRUN aptitude update && aptitude install python', 'catches'),
  c('DL3009', 'aptitude cleanup', 'FROM scratch\nRUN aptitude update && aptitude install python && rm -rf /var/lib/apt/lists/*', 'quiet'),
  // DL3015Spec.hs
  c('DL3015', 'apt-get install recommends', 'RUN apt-get install --no-install-recommends python', 'quiet'),
  c('DL3015', 'apt-get no install recommends', 'RUN apt-get install python', 'catches'),
  c('DL3015', 'apt-get -y no install recommends', 'RUN apt-get -y install python', 'catches'),
  c('DL3015', 'apt-get no install recommends via option', 'RUN apt-get -o APT::Install-Recommends=false install python', 'quiet'),
  // DL3019Spec.hs
  c('DL3019', 'apk add without --no-cache', 'RUN apk add flex=2.6.4-r1', 'catches'),
  c('DL3019', 'apk add with --no-cache', 'RUN apk add --no-cache flex=2.6.4-r1', 'quiet'),
  c('DL3019', 'apk add with BuildKit cache mount', 'RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0', 'quiet'),
  c('DL3019', 'apk add with BuildKit tmpfs mount', 'RUN --mount=type=tmpfs,target=/var/cache/apk apk add -U curl=7.77.0', 'quiet'),
  c('DL3019', 'apk add with cache mount in wrong dir and --no-cache', 'RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0', 'quiet'),
  c('DL3019', 'apk add with BuildKit cache mount to wrong dir', 'RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0', 'catches'),
  c('DL3019', 'apk add with BuildKit tmpfs mount to wrong dir', 'RUN --mount=type=tmpfs,target=/var/cache/foo apk add -U curl=7.77.0', 'catches'),
  // DL3042Spec.hs
  c('DL3042', 'pip2 --no-cache-dir not used', 'RUN pip2 install MySQL_python', 'catches'),
  c('DL3042', 'pip3 --no-cache-dir not used', 'RUN pip3 install MySQL_python', 'catches'),
  c('DL3042', 'pip --no-cache-dir not used', 'RUN pip install MySQL_python', 'catches'),
  c('DL3042', 'pip2 --no-cache-dir used', 'RUN pip2 install MySQL_python --no-cache-dir', 'quiet'),
  c('DL3042', 'pip3 --no-cache-dir used', 'RUN pip3 install --no-cache-dir MySQL_python', 'quiet'),
  c('DL3042', 'pip --no-cache-dir used', 'RUN pip install MySQL_python --no-cache-dir', 'quiet'),
  c('DL3042', "don't match on pipx", 'RUN pipx install software', 'quiet'),
  c('DL3042', "don't match on pipenv", 'RUN pipenv install library', 'quiet'),
  ...['1', 'on', 'yes', 'true'].flatMap((v) => [
    c('DL3042', `ENV PIP_NO_CACHE_DIR=${v}`, `ENV PIP_NO_CACHE_DIR=${v}\nRUN pip install MySQL_python`, 'quiet'),
    c('DL3042', `RUN PIP_NO_CACHE_DIR=${v} pip install`, `RUN PIP_NO_CACHE_DIR=${v} pip install MySQL_python`, 'quiet'),
    c('DL3042', `RUN export PIP_NO_CACHE_DIR=${v} && pip install`, `RUN export PIP_NO_CACHE_DIR=${v} && pip install MySQL_python`, 'quiet'),
  ]),
  ...['0', 'off', 'no', 'false'].flatMap((v) => [
    c('DL3042', `ENV PIP_NO_CACHE_DIR=${v}`, `ENV PIP_NO_CACHE_DIR=${v}\nRUN pip install MySQL_python`, 'catches', PIP_FALSY),
    c('DL3042', `RUN PIP_NO_CACHE_DIR=${v} pip install`, `RUN PIP_NO_CACHE_DIR=${v} pip install MySQL_python`, 'catches', PIP_FALSY),
    c('DL3042', `RUN export PIP_NO_CACHE_DIR=${v} && pip install`, `RUN export PIP_NO_CACHE_DIR=${v} && pip install MySQL_python`, 'catches', PIP_FALSY),
  ]),
  c('DL3042', "don't trigger if PIP_NO_CACHE_DIR is inherited", 'FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six', 'quiet'),
  c('DL3042', 'trigger if PIP_NO_CACHE_DIR is not inherited', 'FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM debian:buster\nRUN pip install six', 'catches'),
  c('DL3042', 'ok with cache mount in cache dir', 'RUN --mount=type=cache,target=/root/.cache/pip pip install foobar', 'quiet'),
  c('DL3042', 'ok with tmpfs mount in cache dir', 'RUN --mount=type=tmpfs,target=/root/.cache/pip pip install foobar', 'quiet'),
  // DL3059Spec.hs
  c('DL3059', 'ok with no RUN at all', 'FROM debian:10', 'quiet'),
  c('DL3059', 'ok with one RUN', 'RUN /foo.sh', 'quiet'),
  c('DL3059', 'ok with two not consecutive RUN', 'RUN /foo.sh\nWORKDIR /\nRUN /bar.sh', 'quiet'),
  c('DL3059', 'not ok with two consecutive RUNs', 'RUN /foo.sh\nRUN /bar.sh', 'catches'),
  c('DL3059', 'not ok with two RUNs separated by a comment', 'RUN /foo.sh\n# a comment\nRUN /bar.sh', 'catches'),
  c('DL3059', 'not ok with two RUNs separated by two comments', 'RUN /foo.sh\n# a comment\n# another comment\nRUN /bar.sh', 'catches'),
  c('DL3059', 'ok with one RUN after a comment', '# a comment\nRUN /foo.sh', 'quiet'),
  c('DL3059', 'ok when flags are different 1', 'RUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh', 'quiet'),
  c('DL3059', 'ok when flags are different 2', 'RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=bar /bar.sh', 'quiet'),
  c('DL3059', 'not ok when flags are equal', 'RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=foo /bar.sh', 'catches'),
  c('DL3059', 'ok when commands are chained 1', 'RUN foo && bar\nRUN foobar', 'quiet'),
  c('DL3059', 'ok when commands are chained 2', 'RUN foo; bar\nRUN foobar', 'quiet'),
  c('DL3059', 'ok when commands are chained 3', 'RUN foobar\nRUN foo && bar', 'quiet'),
  c('DL3059', 'ok when commands are chained 4', 'RUN foobar\nRUN foo; bar', 'quiet'),
  c('DL3059', 'ok when commands are chained 5', 'RUN foo && bar\nRUN foo; bar', 'quiet'),
  c('DL3059', 'not ok when more than one RUN has just one command in a row', 'RUN foo && bar\nRUN foo\nRUN bar', 'catches'),
];

describe("hadolint's test cases for the rules both tools have", () => {
  it.each(CASES.map((k) => [`${k.code} ${k.name}`, k] as const))('%s', (_name, k) => {
    const expected = k.differs ? k.hadolint !== 'catches' : k.hadolint === 'catches';
    expect(positions(RULES[k.code], k.dockerfile).length > 0).toBe(expected);
  });

  it('agrees on all but the cases where hadolint is wrong (the numbers README gives)', () => {
    const differs = CASES.filter((k) => k.differs);
    expect([CASES.length, CASES.length - differs.length, differs.length]).toEqual([83, 71, 12]);
    expect(new Set(differs.map((k) => k.code))).toEqual(new Set(['DL3042']));
  });
});

describe('the disagreement is documented where users look', () => {
  it('`slimreq explain pip-cache-in-image` and the README give the numbers and the reason', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(pipCacheInImage.docs.what).toContain('71 of');
    expect(pipCacheInImage.docs.what).toContain('_handle_no_cache_dir');
    expect(readme).toContain('### Where slimreq differs from hadolint');
    expect(readme).toContain('slimreq agrees on 71 of the 83');
  });
});
