// alpine and alpine-source-build judge every requirement the image installs, with its marker
// evaluated for the image (issue 17 items 8, 9, 10), with the bundled catalog.
import { describe, expect, it } from 'vitest';
import { project, slimreq } from './helpers.js';

const DOCKERFILE = 'FROM python:3.12-alpine\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n';

function alpineJson(files: Record<string, string>) {
  const r = slimreq(['alpine', project(files), '--format', 'json'], { env: { XDG_CACHE_HOME: '/nonexistent' } });
  return { code: r.code, doc: JSON.parse(r.stdout) as { verdict: string; packages: { name: string; specifier: string; status: string; line: number; file: string }[] } };
}

function auditFindings(files: Record<string, string>) {
  const r = slimreq(['audit', project(files), '--format', 'json', '--fail-on', 'never']);
  return (JSON.parse(r.stdout).findings as { rule: string; file: string; line: number; message: string }[]).filter((f) => f.rule === 'alpine-source-build');
}

describe('alpine: markers evaluated for the image, every line judged', () => {
  const numpyLines = ['numpy==1.21.0 ; python_version < "3.10"', 'numpy==1.26.4 ; python_version >= "3.10"'];

  it.each([
    ['in this order', numpyLines],
    ['swapped', [...numpyLines].reverse()],
  ])('two numpy lines with python_version markers on python:3.12 (%s): the 3.12 line is judged, verdict ok', (_, reqLines) => {
    const files = { Dockerfile: DOCKERFILE, 'requirements.txt': `${reqLines.join('\n')}\n` };
    const { code, doc } = alpineJson(files);
    expect(doc.packages.map((p) => `${p.name}${p.specifier} ${p.status}`)).toEqual(['numpy==1.26.4 wheel']);
    expect(doc.verdict).toBe('ok');
    expect(code).toBe(0);
    expect(auditFindings(files)).toEqual([]);
  });

  it('on python:3.9 the other line is the one installed, and it compiles', () => {
    const files = { Dockerfile: DOCKERFILE.replace('3.12', '3.9'), 'requirements.txt': `${numpyLines.join('\n')}\n` };
    const { doc } = alpineJson(files);
    expect(doc.packages.map((p) => `${p.name}${p.specifier} ${p.status}`)).toEqual(['numpy==1.21.0 build']);
    expect(doc.verdict).toBe('avoid');
    expect(auditFindings(files).map((f) => `${f.file}:${f.line}`)).toEqual(['Dockerfile:1', 'requirements.txt:1']);
  });

  it('the requirements file the Dockerfile installs wins over pyproject.toml for the same package', () => {
    const files = {
      Dockerfile: DOCKERFILE,
      'requirements.txt': 'psycopg[c]==3.1.18\n',
      'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["psycopg>=3.1"]\n',
    };
    const { doc } = alpineJson(files);
    expect(doc.packages.map((p) => `${p.file}:${p.line} ${p.name}${p.specifier}`)).toEqual([
      'requirements.txt:1 psycopg==3.1.18',
      'requirements.txt:1 psycopg-c==3.1.18',
    ]);
    // psycopg-c has no wheels at all: the installed line is what the rule reports
    expect(auditFindings(files).map((f) => `${f.file}:${f.line}`)).toContain('requirements.txt:1');
  });

  it('!= with a wildcard moves the release pip picks: numpy>=1.20,!=1.26.*,<1.27 on 3.12 is 1.25.x, no cp312 wheel', () => {
    const files = { Dockerfile: DOCKERFILE, 'requirements.txt': 'numpy>=1.20,!=1.26.*,<1.27\n' };
    const { doc } = alpineJson(files);
    expect(doc.packages.map((p) => `${p.name} ${p.status}`)).toEqual(['numpy build']);
    expect(doc.verdict).toBe('avoid');
    expect(auditFindings(files)).toHaveLength(2);
  });

  it.each([
    'pywin32==306 ; sys_platform == "win32" and python_version >= "3.8"',
    'numpy ; platform_system != "Linux"',
    'numpy==1.21.0 ; os_name == "nt"',
    'numpy==1.21.0 ; sys_platform == "darwin" or sys_platform == "win32"',
    "numpy==1.21.0 ; 'win' in sys_platform",
    'numpy==1.21.0 ; platform_machine == "aarch64"',
  ])('a line a Linux x86_64 image never installs is left out: %s', (line) => {
    const files = { Dockerfile: DOCKERFILE, 'requirements.txt': `${line}\n` };
    const { doc } = alpineJson(files);
    expect(doc.packages).toEqual([]);
    expect(doc.verdict).toBe('ok');
    expect(auditFindings(files)).toEqual([]);
  });
});
