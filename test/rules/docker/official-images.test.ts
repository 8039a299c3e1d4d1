// Small look-alikes of the install RUNs of the official `python` images (docker-library/python:
// slim, alpine and full Debian variants), written for this test with the same shapes: the most
// carefully slimmed Python images there are must audit with no size finding, and the full Debian
// variants (built on buildpack-deps, which ships compilers and headers on purpose) with only
// build-tools-in-final-stage.
import { describe, expect, it } from 'vitest';
import { dockerRules } from '../../../src/rules/docker/index.js';
import { findings, projectFrom } from './project.js';

const BUILD_SLIM = (clean: string) => `RUN set -eux; \\
\tsavedAptMark="$(apt-mark showmanual)"; \\
\tapt-get update; \\
\tapt-get install -y --no-install-recommends \\
\t\tdpkg-dev gcc libssl-dev make wget xz-utils zlib1g-dev \\
\t; \\
\twget -O src.tar.xz "https://example.org/src-$VERSION.tar.xz"; \\
\tmkdir -p /usr/src/build; tar -xJf src.tar.xz -C /usr/src/build --strip-components=1; rm src.tar.xz; \\
\tcd /usr/src/build; ./configure --enable-shared; make -j "$(nproc)"; make install; \\
\tcd /; rm -rf /usr/src/build; \\
\tfind /usr/local -depth \\( -type d -name tests \\) -exec rm -rf '{}' +; \\
\tapt-mark auto '.*' > /dev/null; \\
\tapt-mark manual $savedAptMark; \\
\tfind /usr/local -type f -executable -exec ldd '{}' ';' \\
\t\t| awk '/=>/ { print $(NF-1) }' \\
\t\t| sort -u \\
\t\t| xargs -r dpkg-query --search \\
\t\t| awk 'sub(":$", "", $1) { print $1 }' \\
\t\t| sort -u \\
\t\t| xargs -r apt-mark manual \\
\t; \\
\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
\t${clean}; \\
\texport PYTHONDONTWRITEBYTECODE=1; \\
\tpython3 --version; \\
\tpip3 --version
`;

const RUNTIME_APT = (clean: string) => `RUN set -eux; \\
\tapt-get update; \\
\tapt-get install -y --no-install-recommends \\
\t\tca-certificates netbase tzdata \\
\t; \\
\t${clean}
`;

const SLIM = (base: string, clean: string) => `FROM ${base}
ENV PATH /usr/local/bin:$PATH
${RUNTIME_APT(clean)}ENV VERSION 3.13.1
${BUILD_SLIM(clean)}RUN set -eux; for src in pip3 python3; do dst="$(echo "$src" | tr -d 3)"; ln -svT "$src" "/usr/local/bin/$dst"; done
CMD ["python3"]
`;

const ALPINE = `FROM alpine:3.23
ENV PATH /usr/local/bin:$PATH
RUN set -eux; \\
\tapk add --no-cache \\
\t\tca-certificates \\
\t\ttzdata \\
\t;
ENV VERSION 3.13.1
RUN set -eux; \\
\tapk add --no-cache --virtual .build-deps \\
\t\tgcc libc-dev linux-headers make openssl-dev zlib-dev xz \\
\t; \\
\twget -O src.tar.xz "https://example.org/src-$VERSION.tar.xz"; \\
\tmkdir -p /usr/src/build; tar -xJf src.tar.xz -C /usr/src/build --strip-components=1; rm src.tar.xz; \\
\tcd /usr/src/build; ./configure --enable-shared; make -j "$(nproc)"; make install; \\
\tcd /; rm -rf /usr/src/build; \\
\tfind /usr/local -type f -executable -exec scanelf --needed --nobanner --format '%n#p' '{}' ';' \\
\t\t| tr ',' '\\n' \\
\t\t| sort -u \\
\t\t| awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \\
\t\t| xargs -rt apk add --no-network --virtual .python-rundeps \\
\t; \\
\tapk del --no-network .build-deps; \\
\tpython3 --version
CMD ["python3"]
`;

const FULL = (base: string, clean: string) => `FROM ${base}
ENV PATH /usr/local/bin:$PATH
RUN set -eux; \\
\tapt-get update; \\
\tapt-get install -y --no-install-recommends \\
\t\tlibbluetooth-dev \\
\t\ttk-dev \\
\t\tuuid-dev \\
\t; \\
\t${clean}
ENV VERSION 3.13.1
${BUILD_SLIM(clean)}CMD ["python3"]
`;

const codes = (dockerfile: string) =>
  findings(dockerRules, projectFrom({ Dockerfile: dockerfile, '.dockerignore': '.git\n' })).map((f) => `${f.rule}:${f.line}`);

describe('the official python images audit clean', () => {
  it.each([
    ['slim-trixie (apt-get dist-clean)', SLIM('debian:trixie-slim', 'apt-get dist-clean')],
    ['slim-bookworm (rm -rf /var/lib/apt/lists/*)', SLIM('debian:bookworm-slim', 'rm -rf /var/lib/apt/lists/*')],
    ['alpine (xargs -rt apk add --no-network --virtual .python-rundeps)', ALPINE],
  ])('%s: no finding', (_name, dockerfile) => {
    expect(codes(dockerfile)).toEqual([]);
  });

  it.each([
    ['trixie', FULL('buildpack-deps:trixie', 'apt-get dist-clean')],
    ['bookworm', FULL('buildpack-deps:bookworm', 'rm -rf /var/lib/apt/lists/*')],
  ])('full %s: only the headers it ships on purpose', (_name, dockerfile) => {
    expect(codes(dockerfile)).toEqual(['build-tools-in-final-stage:5']);
  });

  it('without dist-clean the lists are reported (so the clean RUN proves the cleanup is read)', () => {
    expect(codes(SLIM('debian:trixie-slim', 'true'))).toEqual(['apt-lists-not-removed:4', 'apt-lists-not-removed:12']);
  });
});
