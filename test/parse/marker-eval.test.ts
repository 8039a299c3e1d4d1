import { describe, expect, it } from 'vitest';
import { evaluateMarker, linuxEnvironment, markerApplies, markerExtras } from '../../src/parse/marker-eval.js';

describe('markerApplies: does a Linux image install the line?', () => {
  const py312 = { pythonVersion: '3.12', machine: 'x86_64' };
  it.each([
    // every spelling that rules Linux out (issue 17 item 10)
    ['sys_platform == "win32"', false],
    ['sys_platform == "win32" and python_version >= "3.8"', false],
    ['platform_system != "Linux"', false],
    ['platform_system == "Windows" or platform_system == "Darwin"', false],
    ['os_name == "nt"', false],
    ["sys_platform == 'darwin'", false],
    ['sys_platform in "win32 cygwin"', false],
    ['"win" in sys_platform', false],
    ['implementation_name == "pypy"', false],
    ['platform_machine == "aarch64"', false],
    // and what keeps it
    ['sys_platform != "win32"', true],
    ['sys_platform == "linux" and python_version >= "3.8"', true],
    ['platform_system == "Linux"', true],
    ['python_version < "3.10"', false],
    ['python_version >= "3.10"', true],
    ['python_version == "3.12.*"', true],
    ['python_full_version >= "3.12.0"', true],
    ['python_full_version < "3.13"', true],
    ['platform_machine == "x86_64" or platform_machine == "AMD64"', true],
    ['extra == "test"', false],
  ])('%s -> %s on python:3.12 x86_64', (marker, expected) => {
    expect(markerApplies(marker, py312)).toBe(expected);
  });

  it.each([
    // what the image does not fix stays unknown, never false
    ['python_full_version >= "3.12.1"', { pythonVersion: '3.12' }],
    ['python_version < "3.10"', {}],
    ['platform_release >= "5"', { pythonVersion: '3.12' }],
    ['platform_machine == "aarch64"', { pythonVersion: '3.12' }],
    ['os_name ~= "posix"', { pythonVersion: '3.12' }],
  ])('%s is unknown for %j', (marker, target) => {
    expect(markerApplies(marker, target)).toBeNull();
  });

  it('Kleene logic: false and unknown is false; true or unknown is true', () => {
    expect(markerApplies('sys_platform == "win32" and platform_release >= "5"', {})).toBe(false);
    expect(markerApplies('sys_platform == "linux" or platform_release >= "5"', {})).toBe(true);
    expect(markerApplies('sys_platform == "linux" and platform_release >= "5"', {})).toBeNull();
  });

  it('no marker applies', () => {
    expect(markerApplies(null, {})).toBe(true);
  });

  it('an extra is evaluated when given', () => {
    expect(markerApplies('extra == "postgres"', { extra: 'postgres' })).toBe(true);
  });
});

describe('evaluateMarker', () => {
  it('strict mode reports a missing name as packaging does', () => {
    const r = evaluateMarker('extra == "x"', { python_version: '3.12' }, { strict: true });
    expect(r.ok).toBe(false);
  });
  it('a set of possible values gives an answer only when all agree', () => {
    const env = linuxEnvironment({ pythonVersion: '3.11' });
    expect(evaluateMarker('python_full_version >= "3.11"', env)).toEqual({ ok: true, value: true });
    expect(evaluateMarker('python_full_version >= "3.11.4"', env)).toEqual({ ok: true, value: null });
  });
});

describe('markerExtras', () => {
  it.each([
    ['extra == "typing"', ['typing']],
    ["python_version < '3.10' and extra == 'test'", ['test']],
    ['extra == "a" or extra == "b"', ['a', 'b']],
    ['"docs" == extra', ['docs']],
    ['sys_platform == "linux"', []],
    ['extra != "x"', []],
    ['extra == "a" or sys_platform == "linux"', []],
    [null, []],
  ])('%s -> %j', (marker, extras) => {
    expect(markerExtras(marker)).toEqual(extras);
  });
});
