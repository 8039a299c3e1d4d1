// The Debian generator's mapping (scripts/musl-debian/archive.js) on synthetic archive records: a
// Packages paragraph per binary package and the Contents lines that list what it installs.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module of the generator, without type declarations
import { distFromMetadataDir, homepageNames, mapArchive, parseControl, readContents } from '../../scripts/musl-debian/archive.js';

interface Entry {
  kind: 'pure' | 'compiled';
  debian: string;
  version: string;
  upstreamVersion: string | null;
  architecture: string;
  source: string;
  mappedBy: string[];
  compiledIn?: string;
  libraries?: string[];
  evidence: string;
}
interface Result {
  packages: Record<string, Entry>;
  ambiguous: { key: string; reason: string }[];
  conflicts: { key: string; curated: string; debian: string }[];
  counts: Record<string, number>;
}

const PACKAGES = `Package: python3-pyotp
Source: python-pyotp
Version: 2.6.0-3
Architecture: all
Depends: python3:any
Description: Python One Time Password Library
Homepage: https://github.com/pyotp/pyotp

Package: python3-bs4
Source: beautifulsoup4
Version: 4.11.2-2
Architecture: all
Description: error-tolerant HTML parser for Python 3
 Beautiful Soup parses arbitrarily invalid SGML.
Homepage: https://www.crummy.com/software/BeautifulSoup/

Package: python3-sqlalchemy
Source: sqlalchemy
Version: 1.4.46+ds1-1
Architecture: all
Homepage: https://www.sqlalchemy.org/

Package: python3-sqlalchemy-ext
Source: sqlalchemy (1.4.46+ds1-1)
Version: 1.4.46+ds1-1+b1
Architecture: amd64

Package: python3-msgpack
Source: python-msgpack (1.0.3-2)
Version: 1.0.3-2+b1
Architecture: amd64
Homepage: https://pypi.python.org/pypi/msgpack

Package: python3-psycopg
Source: psycopg3
Version: 3.1.7-4
Architecture: all
Depends: libpq5, python3:any

Package: python3-click
Source: python-click
Version: 8.1.3-2
Architecture: all

Package: python3-click-package
Source: click
Version: 0.5.0-9
Architecture: amd64

Package: python3-xdg
Source: pyxdg
Version: 0.28-2
Architecture: all

Package: python3-debianonly
Source: debianonly
Version: 1.0-1
Architecture: all

Package: python3-oldfork
Source: oldfork
Version: 9.0-1
Architecture: all

Package: python3-argon2
Source: python-argon2
Version: 21.1.0-2
Architecture: amd64

Package: python3-nometa
Source: nometa
Version: 1.0-1
Architecture: all

Package: python3-pyotp
Source: python-pyotp
Version: 2.6.0-3+deb12u1
Architecture: all
Homepage: https://github.com/pyotp/pyotp
`;

const CONTENTS = [
  'usr/lib/python3/dist-packages/pyotp-2.6.0.egg-info/PKG-INFO                python/python3-pyotp',
  'usr/lib/python3/dist-packages/pyotp/__init__.py                            python/python3-pyotp',
  'usr/lib/python3/dist-packages/beautifulsoup4-4.11.2.egg-info/PKG-INFO      python/python3-bs4',
  'usr/lib/python3/dist-packages/SQLAlchemy-1.4.46.egg-info/PKG-INFO          python/python3-sqlalchemy',
  'usr/lib/python3/dist-packages/sqlalchemy/cimmutabledict.cpython-311-x86_64-linux-gnu.so python/python3-sqlalchemy-ext',
  'usr/lib/python3/dist-packages/msgpack-1.0.3.egg-info/PKG-INFO              python/python3-msgpack',
  'usr/lib/python3/dist-packages/msgpack/_cmsgpack.cpython-311-x86_64-linux-gnu.so python/python3-msgpack',
  'usr/lib/python3/dist-packages/psycopg-3.1.7.dist-info/METADATA            python/python3-psycopg',
  'usr/lib/python3/dist-packages/click-8.1.3.dist-info/METADATA              python/python3-click',
  'usr/lib/python3/dist-packages/click-0.4.43+16.04.20170613.egg-info/PKG-INFO python/python3-click-package',
  'usr/lib/python3/dist-packages/pyxdg-0.28.dist-info/METADATA               python/python3-xdg',
  'usr/lib/python3/dist-packages/xdg-5.egg-info/PKG-INFO                     python/python3-xdg',
  'usr/lib/python3/dist-packages/debianonly-1.0.egg-info/PKG-INFO            python/python3-debianonly',
  'usr/lib/python3/dist-packages/oldfork-9.0.egg-info/PKG-INFO               python/python3-oldfork',
  'usr/lib/python3/dist-packages/argon2_cffi-21.1.0.dist-info/METADATA       python/python3-argon2',
  'usr/share/doc/python3-nometa/copyright                                     doc/python3-nometa',
];

const PYPI = new Map([
  ['pyotp', '2.9.0'],
  ['beautifulsoup4', '4.12.3'],
  ['sqlalchemy', '2.0.36'],
  ['msgpack', '1.1.0'],
  ['psycopg', '3.2.3'],
  ['click', '8.1.7'],
  ['pyxdg', '0.28'],
  ['xdg', '6.0.0'],
  ['oldfork', '2.0'],
  ['argon2-cffi', '23.1.0'],
]);

const CURATED = { 'argon2-cffi': { compiled: 'no' as const }, click: { compiled: 'no' as const } };

function run(): Result {
  return mapArchive({ packages: parseControl(PACKAGES), contents: readContents(CONTENTS), curated: CURATED, pypi: PYPI }) as Result;
}

describe('reading archive records', () => {
  it('parses deb822 paragraphs with continuation lines', () => {
    const records = parseControl(PACKAGES) as Record<string, string>[];
    expect(records[1]).toMatchObject({ Package: 'python3-bs4', Source: 'beautifulsoup4', Architecture: 'all' });
    expect(records[1].Description).toBe('error-tolerant HTML parser for Python 3\nBeautiful Soup parses arbitrarily invalid SGML.');
  });

  it('reads the distribution name and version from metadata directories', () => {
    expect(distFromMetadataDir('pyotp-2.6.0.egg-info')).toEqual({ name: 'pyotp', version: '2.6.0' });
    expect(distFromMetadataDir('python_dateutil-2.8.2-py3.11.egg-info')).toEqual({ name: 'python_dateutil', version: '2.8.2' });
    expect(distFromMetadataDir('cryptography.egg-info')).toEqual({ name: 'cryptography', version: null });
    expect(distFromMetadataDir('pyotp')).toBeNull();
  });

  it('takes project names from PyPI, code-hosting and documentation Homepages', () => {
    expect(homepageNames('https://pypi.python.org/pypi/msgpack')).toEqual(['msgpack']);
    expect(homepageNames('https://pypi.org/project/Flask-Login/')).toEqual(['flask-login']);
    expect(homepageNames('https://github.com/pyotp/pyotp')).toEqual(['pyotp']);
    expect(homepageNames('https://www.crummy.com/software/BeautifulSoup/')).toEqual([]);
  });
});

describe('mapping Debian packages to PyPI names', () => {
  const result = run();

  it('an Architecture: all package is pure, with its evidence and the newest suite\'s version', () => {
    expect(result.packages.pyotp).toEqual({
      kind: 'pure',
      debian: 'python3-pyotp',
      version: '2.6.0-3+deb12u1',
      upstreamVersion: '2.6.0',
      architecture: 'all',
      source: 'python-pyotp',
      mappedBy: ['egg-info', 'binary-name', 'source-name', 'homepage'],
      evidence: 'debian: python3-pyotp 2.6.0-3+deb12u1, Architecture: all',
    });
  });

  it('a Debian name that differs from the PyPI name maps through the installed metadata', () => {
    expect(result.packages.bs4).toBeUndefined();
    expect(result.packages.beautifulsoup4).toMatchObject({ kind: 'pure', debian: 'python3-bs4', mappedBy: ['egg-info', 'source-name'] });
    expect(result.packages['argon2-cffi']).toBeUndefined(); // python3-argon2: see the conflicts
  });

  it('a package whose optional accelerator Debian builds separately is compiled, not pure', () => {
    expect(result.packages.sqlalchemy).toMatchObject({
      kind: 'compiled',
      architecture: 'all',
      compiledIn: 'python3-sqlalchemy-ext',
      evidence: 'debian: python3-sqlalchemy 1.4.46+ds1-1, Architecture: all (compiled part in python3-sqlalchemy-ext, Architecture: amd64)',
    });
  });

  it('an architecture-specific package only says compiled in Debian', () => {
    expect(result.packages.msgpack).toMatchObject({ kind: 'compiled', architecture: 'amd64', evidence: 'debian: python3-msgpack 1.0.3-2+b1, Architecture: amd64' });
  });

  it('records the shared libraries a pure package loads', () => {
    expect(result.packages.psycopg).toMatchObject({ kind: 'pure', libraries: ['libpq5'] });
  });

  it('prefers the package named after the project when several install it', () => {
    expect(result.packages.click).toMatchObject({ kind: 'pure', debian: 'python3-click' });
  });

  it('leaves out compatibility metadata, names PyPI lacks, versions PyPI never had, and packages without metadata', () => {
    expect(result.packages.pyxdg).toMatchObject({ kind: 'pure', debian: 'python3-xdg' });
    expect(result.packages.xdg).toBeUndefined();
    expect(result.packages.debianonly).toBeUndefined();
    expect(result.packages.oldfork).toBeUndefined();
    expect(result.packages.nometa).toBeUndefined();
    expect(result.ambiguous.map((a) => a.key)).toEqual(['oldfork', 'xdg']);
    // Without metadata: python3-nometa and python3-sqlalchemy-ext (an accelerator, not a distribution).
    expect(result.counts).toMatchObject({ python3Packages: 13, notOnPypi: 1, ambiguous: 2, withoutMetadata: 2, conflicts: 1 });
  });

  it('lists entries that contradict the curated catalog instead of writing them', () => {
    expect(result.conflicts).toEqual([{ key: 'argon2-cffi', curated: 'compiled: no', debian: 'debian: python3-argon2 21.1.0-2, Architecture: amd64' }]);
  });

  it('writes keys sorted', () => {
    const keys = Object.keys(result.packages);
    expect(keys).toEqual([...keys].sort());
  });
});
