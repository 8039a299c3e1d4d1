import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanPythonImports, type ImportContext, type ImportVia } from '../../src/parse/python-imports.js';

type Row = [source: string, expected: [module: string, line: number, via: ImportVia, context: ImportContext][]];

const hits = (source: string) => scanPythonImports(source).map((h) => [h.module, h.line, h.via, h.context]);

describe('scanPythonImports: what counts as an import', () => {
  const table: [string, ...Row][] = [
    ['plain import', 'import os\n', [['os', 1, 'import', 'runtime']]],
    ['dotted, aliased, several', 'import a.b as c, d\n', [['a.b', 1, 'import', 'runtime'], ['d', 1, 'import', 'runtime']]],
    ['from import', 'from griffe import load\n', [['griffe', 1, 'from', 'runtime']]],
    ['parenthesised from import over lines', 'from x.y import (\n    a,\n    b as c,\n)\nimport z\n', [['x.y', 1, 'from', 'runtime'], ['z', 5, 'import', 'runtime']]],
    ['relative imports are the project itself', 'from . import a\nfrom .b import c\nfrom ..d import e\n', []],
    ['a string that says import', 's = "import nope"\nt = \'from nope import x\'\n', []],
    ['a triple-quoted string spanning lines', 'doc = """\nimport nope\nfrom nope import x\n"""\nimport yes\n', [['yes', 5, 'import', 'runtime']]],
    ['raw and byte strings with escaped quotes', 'a = r"\\"import nope"\nb = b\'\\\'\'\nimport yes\n', [['yes', 3, 'import', 'runtime']]],
    ['an f-string with nested quotes and braces', 'x = f"{d["import nope"]} {{import nope}} {y:>{w}}"\nimport yes\n', [['yes', 2, 'import', 'runtime']]],
    ['a triple-quoted f-string with a nested string', 'x = f"""{ "a" }\nimport nope\n"""\nimport yes\n', [['yes', 4, 'import', 'runtime']]],
    ['a comment', '# import nope\nx = 1  # from nope import y\nimport yes\n', [['yes', 3, 'import', 'runtime']]],
    ['a backslash continuation', 'x = 1 + \\\n    2\nimport \\\n    yes\n', [['yes', 3, 'import', 'runtime']]],
    ['a continuation inside brackets does not start a statement', 'x = [\n    1,\nimport_nope ]\nimport yes\n', [['yes', 4, 'import', 'runtime']]],
    ['semicolons and one-line bodies', 'x = 1; import a\nif ok: import b\n', [['a', 1, 'import', 'runtime'], ['b', 2, 'import', 'conditional']]],
    ['CRLF and lone CR line ends', 'import a\r\nx = """\r\n"""\rimport b\r\n', [['a', 1, 'import', 'runtime'], ['b', 4, 'import', 'runtime']]],
    ['a UTF-8 byte order mark and non-ASCII names', '\uFEFFimport a\nnäme = "é"\nimport b\n', [['a', 1, 'import', 'runtime'], ['b', 3, 'import', 'runtime']]],
    ['an unterminated string ends at its line', 'x = "oops\nimport yes\n', [['yes', 2, 'import', 'runtime']]],
    ['imports inside functions and classes still run', 'def f():\n    import lazy\nclass A:\n    from b import c\n', [['lazy', 2, 'import', 'runtime'], ['b', 4, 'from', 'runtime']]],
    // Decision: a dynamic import with one literal module name is an import; a computed name is not.
    ['__import__ and importlib.import_module with a literal', 'm = __import__("a")\nn = importlib.import_module(\'b.c\')\np = import_module(name)\nq = import_module("x" + y)\n', [['a', 1, 'dynamic', 'runtime'], ['b.c', 2, 'dynamic', 'runtime']]],
  ];
  it.each(table)('%s', (_name, source, expected) => {
    expect(hits(source)).toEqual(expected);
  });
});

describe('scanPythonImports: the context of an import', () => {
  const table: [string, ...Row][] = [
    ['if TYPE_CHECKING never runs; its else does', 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import stubs\nelse:\n    import real\nimport after\n', [['typing', 1, 'from', 'runtime'], ['stubs', 3, 'import', 'type-checking'], ['real', 5, 'import', 'runtime'], ['after', 6, 'import', 'runtime']]],
    ['typing.TYPE_CHECKING', 'import typing\nif typing.TYPE_CHECKING:\n    from a import B\n', [['typing', 1, 'import', 'runtime'], ['a', 3, 'from', 'type-checking']]],
    ['try/except ImportError is optional, the fallback too', 'try:\n    import ujson as json\nexcept ImportError:\n    import json\n', [['ujson', 2, 'import', 'optional'], ['json', 4, 'import', 'optional']]],
    ['ModuleNotFoundError, a tuple, a bare except', 'try:\n    import a\nexcept (ValueError, ModuleNotFoundError):\n    pass\ntry:\n    import b\nexcept:\n    pass\n', [['a', 2, 'import', 'optional'], ['b', 6, 'import', 'optional']]],
    ['a try that catches something else is not optional', 'try:\n    import a\nexcept KeyError:\n    import b\nfinally:\n    import c\n', [['a', 2, 'import', 'runtime'], ['b', 4, 'import', 'runtime'], ['c', 6, 'import', 'runtime']]],
    ['a later handler makes the try optional', 'try:\n    import a\nexcept KeyError:\n    pass\nexcept ImportError:\n    pass\n', [['a', 2, 'import', 'optional']]],
    ['nested try', 'def f():\n    try:\n        import a\n    except ImportError:\n        pass\n    import b\n', [['a', 3, 'import', 'optional'], ['b', 6, 'import', 'runtime']]],
    ['if DEBUG / settings.DEBUG are development; their else is conditional', 'if settings.DEBUG:\n    import debug_toolbar\nelse:\n    import other\n', [['debug_toolbar', 2, 'import', 'development'], ['other', 4, 'import', 'conditional']]],
    ['"test" in sys.argv is development', 'import sys\nif "test" in sys.argv:\n    import a\n', [['sys', 1, 'import', 'runtime'], ['a', 3, 'import', 'development']]],
    ['version and platform checks still run', 'import sys\nif sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli\nif __name__ == "__main__":\n    import main\n', [['sys', 1, 'import', 'runtime'], ['tomllib', 3, 'import', 'runtime'], ['tomli', 5, 'import', 'runtime'], ['main', 7, 'import', 'runtime']]],
    ['a feature flag is conditional', 'if os.environ.get("PROFILE"):\n    import pyinstrument\nimport after\n', [['pyinstrument', 2, 'import', 'conditional'], ['after', 3, 'import', 'runtime']]],
    ['type checking wins over try', 'if TYPE_CHECKING:\n    try:\n        import a\n    except ImportError:\n        pass\n', [['a', 3, 'import', 'type-checking']]],
    ['a colon in a lambda or a slice does not end the header', 'if (lambda: x)() and y[1:2]:\n    import a\n', [['a', 2, 'import', 'conditional']]],
  ];
  it.each(table)('%s', (_name, source, expected) => {
    expect(hits(source)).toEqual(expected);
  });
});

describe('scanPythonImports: Django settings, URLconfs and pytest_plugins', () => {
  it('reads unconditional INSTALLED_APPS and MIDDLEWARE strings with their lines', () => {
    const source = [
      'INSTALLED_APPS = [',
      '    "django.contrib.admin",',
      '    # "commented_out",',
      '    "django_extensions",',
      ']',
      'MIDDLEWARE = ("silk.middleware.SilkyMiddleware",)',
      'THIRD_PARTY_APPS = ["rest_framework"]',
      'if DEBUG:',
      '    INSTALLED_APPS += ["debug_toolbar"]',
      '    MIDDLEWARE.insert(0, "debug_toolbar.middleware.DebugToolbarMiddleware")',
      'DEV_APPS = ["nplusone.ext.django"]',
      'INSTALLED_APPS.append("late_app")',
      'TITLE = "not.an.app"',
    ].join('\n');
    expect(hits(source)).toEqual([
      ['django.contrib.admin', 2, 'installed-apps', 'runtime'],
      ['django_extensions', 4, 'installed-apps', 'runtime'],
      ['silk.middleware.SilkyMiddleware', 6, 'middleware', 'runtime'],
      ['rest_framework', 7, 'installed-apps', 'runtime'],
      ['debug_toolbar', 9, 'installed-apps', 'development'],
      ['debug_toolbar.middleware.DebugToolbarMiddleware', 10, 'middleware', 'development'],
      ['late_app', 12, 'installed-apps', 'runtime'],
    ]);
  });

  it('reads include("app.urls") in URLconfs and pytest_plugins', () => {
    const source = [
      'urlpatterns = [',
      '    path("silk/", include("silk.urls", namespace="silk")),',
      '    path("", include(router.urls)),',
      ']',
      'if settings.DEBUG:',
      '    urlpatterns += [path("__debug__/", include("debug_toolbar.urls"))]',
      'pytest_plugins = ["pytest_django.fixtures"]',
    ].join('\n');
    expect(hits(source)).toEqual([
      ['silk.urls', 2, 'url-include', 'runtime'],
      ['debug_toolbar.urls', 6, 'url-include', 'development'],
      ['pytest_django.fixtures', 7, 'pytest-plugins', 'runtime'],
    ]);
  });

  it('keeps the imported names of a from-import', () => {
    expect(scanPythonImports('from sphinxcontrib import napoleon, apidoc as ad\nfrom x import *\n').map((h) => h.names)).toEqual([
      ['napoleon', 'apidoc'],
      ['*'],
    ]);
  });
});

describe('scanPythonImports never hangs or throws', () => {
  it('on arbitrary text made of Python punctuation', () => {
    const alphabet = fc.constantFrom('import ', 'from ', 'x', '.', ' ', '\n', '\r', '\\', '"', "'", '"""', 'f"', '{', '}', '(', ')', '#', ':', 'if ', 'try:', 'except ImportError:', '    ', '\t', ';', 'é');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const source = parts.join('');
        const lineCount = source.split(/\r\n|\r|\n/).length;
        for (const h of scanPythonImports(source)) {
          expect(h.line).toBeGreaterThanOrEqual(1);
          expect(h.line).toBeLessThanOrEqual(lineCount);
        }
      }),
      { numRuns: 500 },
    );
  });
});
