import { describe, expect, it } from 'vitest';
import aptListsNotRemoved from '../../../src/rules/docker/apt-lists-not-removed.js';
import aptInstallRecommends from '../../../src/rules/docker/apt-install-recommends.js';
import aptUpdateAlone from '../../../src/rules/docker/apt-update-alone.js';
import { findings, positions, projectFrom } from './project.js';

describe('apt-lists-not-removed (SR304)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['update + install without rm', 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5', [[2, 5]]],
    ['apt update', 'FROM debian:bookworm-slim\nRUN apt update && apt install -y --no-install-recommends curl', [[2, 5]]],
    ['multi-line, escape=backtick', '# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update `\n && apt-get install -y --no-install-recommends curl', [[3, 5]]],
    ['cache mount on another path', 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl', [[2, 46]]],
    ['aptitude', 'FROM debian:bookworm-slim\nRUN aptitude update && aptitude install -y python3', [[2, 5]]],
    ['apt-get clean is not dist-clean', 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean', [[2, 5]]],
    ['options before update', 'FROM debian:bookworm-slim\nRUN apt-get -y update && apt-get -y install --no-install-recommends curl', [[2, 5]]],
    ['inside sh -c', 'FROM debian:bookworm-slim\nRUN sh -c "apt-get update && apt-get install -y --no-install-recommends curl"', [[2, 5]]],
    ['docker-clean removed, lists mounted, downloaded packages kept', 'FROM debian:bookworm-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends curl', [[3, 62]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(aptListsNotRemoved, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['rm in the same RUN', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'],
    ['rm with ; separators and set -eux', 'FROM debian:bookworm-slim\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*'],
    ['cache mount on /var/lib/apt', 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl'],
    ['builder stage', 'FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=build /x /x'],
    ['heredoc with rm', 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\nrm -rf /var/lib/apt/lists/*\nEOF'],
    // Appending the cleanup here would break the next RUN's install; apt-update-alone gives the merged RUN.
    ['an update that installs nothing', 'FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y gcc\nRUN rm -rf /var/lib/apt/lists/*'],
    ['an update with other commands but no install', 'FROM python:3.12-slim\nRUN apt-get update && echo ok'],
    ['apt-get dist-clean (apt >= 2.7.8 removes the lists)', 'FROM debian:trixie-slim\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl; apt-get dist-clean'],
    ['aptitude with rm', 'FROM debian:bookworm-slim\nRUN aptitude update && aptitude install -y python3 && rm -rf /var/lib/apt/lists/*'],
    ['quoted cache mount target on the lists', 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target="/var/lib/apt/lists" apt-get update && apt-get install -y --no-install-recommends curl'],
    ['tmpfs on /var/lib/apt (a parent of the lists)', 'FROM debian:bookworm-slim\nRUN --mount=type=tmpfs,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends curl'],
    ['docker-clean removed, both folders mounted (the BuildKit recipe)', 'FROM debian:bookworm-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl'],
    // sweep class APT-LISTS-RM-VARIANT-NOT-RECOGNISED: the glob names the lists folder itself
    ['rm -rf /var/lib/apt/lists* (no slash)', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists*'],
    ['find /var/lib/apt/lists -type f -delete', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && find /var/lib/apt/lists -type f -delete'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(aptListsNotRemoved, dockerfile)).toEqual([]);
  });
  it('says the fix', () => {
    const [f] = findings(aptListsNotRemoved, projectFrom({ Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl' }));
    expect(f.message).toContain('rm -rf /var/lib/apt/lists/*');
  });
  it('names the update, not its options', () => {
    const [f] = findings(aptListsNotRemoved, projectFrom({ Dockerfile: 'FROM debian:bookworm-slim\nRUN apt-get -y update && apt-get -y install --no-install-recommends curl' }));
    expect(f.message).toMatch(/^`apt-get update` leaves the package lists/);
  });
  it('says which line turned off docker-clean', () => {
    const [f] = findings(aptListsNotRemoved, projectFrom({ Dockerfile: 'FROM debian:bookworm-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y --no-install-recommends curl' }));
    expect(f.message).toContain('/var/cache/apt/archives in this layer (line 2 turns off docker-clean)');
  });
});

describe('apt-install-recommends (SR305)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['apt-get install -y', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', [[2, 23]]],
    ['apt install', 'FROM debian:bookworm-slim\nRUN apt install -y curl', [[2, 5]]],
    ['-yq combined flags', 'FROM debian:bookworm-slim\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -yq curl', [[2, 5]]],
    ['aptitude install', 'FROM debian:bookworm-slim\nRUN aptitude install -y python3', [[2, 5]]],
    ['options before install', 'FROM debian:bookworm-slim\nRUN apt-get -y install curl', [[2, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(aptInstallRecommends, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['--no-install-recommends present', 'FROM debian:bookworm-slim\nRUN apt-get install -y --no-install-recommends curl'],
    ['-o APT::Install-Recommends=false', 'FROM debian:bookworm-slim\nRUN apt-get install -y -o APT::Install-Recommends=false curl'],
    ['apt configuration written earlier', 'FROM debian:bookworm-slim\nRUN echo \'APT::Install-Recommends "false";\' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl'],
    ['builder stage', 'FROM debian:bookworm-slim AS b\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=b /x /x'],
    ['apt-get update only', 'FROM debian:bookworm-slim\nRUN apt-get update'],
    ['aptitude -R (--without-recommends)', 'FROM debian:bookworm-slim\nRUN aptitude install -yR python3'],
    ['--no-install-recommends from an ARG', 'FROM debian:bookworm-slim\nARG APT_FLAGS="-y --no-install-recommends"\nRUN apt-get install $APT_FLAGS curl'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(aptInstallRecommends, dockerfile)).toEqual([]);
  });
});

describe('apt-update-alone (SR306)', () => {
  const catches: [string, string, [number, number][]][] = [
    ['update in its own RUN', 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl', [[2, 5]]],
    ['in a builder stage too', 'FROM debian:bookworm-slim AS b\nRUN apt-get update -qq\nFROM scratch\nCOPY --from=b /x /x', [[2, 5]]],
    ['with other commands but no install', 'FROM debian:bookworm-slim\nRUN apt-get update && echo ok', [[2, 5]]],
    ['aptitude update alone', 'FROM debian:bookworm-slim\nRUN aptitude update\nRUN aptitude install -y python3', [[2, 5]]],
    ['update, install and cleanup in three RUNs', 'FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y gcc\nRUN rm -rf /var/lib/apt/lists/*', [[2, 5]]],
  ];
  it.each(catches)('catches %s', (_name, dockerfile, expected) => {
    expect(positions(aptUpdateAlone, dockerfile)).toEqual(expected);
  });
  const catchesNot: [string, string][] = [
    ['update && install', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl'],
    ['update && upgrade', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get upgrade -y'],
    ['heredoc with both', 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl\nEOF'],
    ['exec-form install', 'FROM debian:bookworm-slim\nRUN ["apt-get", "install", "-y", "curl"]'],
  ];
  it.each(catchesNot)('stays quiet for %s', (_name, dockerfile) => {
    expect(positions(aptUpdateAlone, dockerfile)).toEqual([]);
  });
  it.each([
    [
      'update, install and cleanup in three RUNs',
      'FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y gcc\nRUN rm -rf /var/lib/apt/lists/*',
      'lines 2, 3, 4: `RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*`',
    ],
    [
      'update alone, then install with other commands',
      'FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends gcc libpq-dev && pip install --no-cache-dir psycopg2',
      'lines 2, 3: `RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && pip install --no-cache-dir psycopg2 && rm -rf /var/lib/apt/lists/*`',
    ],
    [
      'install and cleanup already together',
      'FROM debian:bookworm-slim\nRUN apt update\nRUN apt install -yq curl && rm -rf /var/lib/apt/lists/*',
      'lines 2, 3: `RUN apt-get update && apt-get install -y -q --no-install-recommends curl && rm -rf /var/lib/apt/lists/*`',
    ],
    [
      'no install follows',
      'FROM debian:bookworm-slim\nRUN apt-get update && echo ok',
      'combine them: `RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*`',
    ],
  ])('gives the one merged RUN that builds: %s', (_name, dockerfile, expected) => {
    const found = findings(aptUpdateAlone, projectFrom({ Dockerfile: dockerfile }));
    expect(found.map((f) => [f.line, f.column])).toEqual([[2, 5]]);
    expect(found[0].message).toContain(expected);
    // Never the broken advice: cleaning up right after a lone update.
    expect(found[0].message).not.toMatch(/update && rm/);
  });
});
