// The marker evaluator against pip 23.2.1's own (its vendored packaging 21.3, test/oracle/pip_markers.py)
// on generated markers and environments: same true/false, and an error exactly where packaging raises.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMarker, type MarkerEnvironment } from '../../src/parse/marker-eval.js';
import { oracleUnavailable } from '../oracle/oracle.js';

const SCRIPT = fileURLToPath(new URL('../oracle/pip_markers.py', import.meta.url));

interface Case {
  marker: string;
  env: Record<string, string>;
}
type PipAnswer = { ok: true; value: boolean } | { ok: false; error: string };

function runPip(cases: Case[]): PipAnswer[] {
  const run = spawnSync('python3', [SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error || run.status !== 0) throw new Error(`marker oracle failed: ${run.error?.message ?? run.stderr}`);
  return JSON.parse(run.stdout) as PipAnswer[];
}

const ENVIRONMENTS: Record<string, string>[] = [
  {
    implementation_name: 'cpython', implementation_version: '3.12.4', os_name: 'posix', platform_machine: 'x86_64',
    platform_release: '6.1.0-18-amd64', platform_system: 'Linux', platform_version: '#1 SMP Debian 6.1.76-1',
    python_full_version: '3.12.4', platform_python_implementation: 'CPython', python_version: '3.12', sys_platform: 'linux', extra: '',
  },
  {
    implementation_name: 'cpython', implementation_version: '3.8.10', os_name: 'nt', platform_machine: 'AMD64',
    platform_release: '10', platform_system: 'Windows', platform_version: '10.0.19045',
    python_full_version: '3.8.10', platform_python_implementation: 'CPython', python_version: '3.8', sys_platform: 'win32', extra: 'test',
  },
  {
    // a pre-release Python: packaging 21.3 lets it match only specifiers that name a pre-release
    implementation_name: 'cpython', implementation_version: '3.13.0rc1', os_name: 'posix', platform_machine: 'arm64',
    platform_release: '23.4.0', platform_system: 'Darwin', platform_version: 'Darwin Kernel Version 23.4.0',
    python_full_version: '3.13.0rc1', platform_python_implementation: 'CPython', python_version: '3.13', sys_platform: 'darwin',
  },
  {
    implementation_name: 'pypy', implementation_version: '7.3.15', os_name: 'posix', platform_machine: 'aarch64',
    platform_release: '5.15.0', platform_system: 'Linux', platform_version: '#1 SMP',
    python_full_version: '3.10.13+', platform_python_implementation: 'PyPy', python_version: '3.10', sys_platform: 'linux', extra: 'Dev',
  },
];

const VARIABLES = [
  'python_version', 'python_full_version', 'sys_platform', 'platform_system', 'os_name', 'platform_machine',
  'implementation_name', 'implementation_version', 'platform_python_implementation', 'platform_release', 'extra',
  'os.name', 'sys.platform', 'platform.machine', 'python_implementation',
];
const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', '~=', '===', 'in', 'not in'];
const VALUES = [
  '3.8', '3.10', '3.12', '3.12.4', '3.13', '3.13.0rc1', '3.13.0a1', '3.12.*', '3.1*', '3', '3.10.13', '2.7', ' 3.8 ', 'v3.12',
  'linux', 'Linux', 'win32', 'Windows', 'darwin', 'cygwin', 'nt', 'posix', 'x86_64', 'AMD64', 'aarch64', 'arm64',
  'cpython', 'CPython', 'PyPy', 'test', 'Dev', 'dev', '', 'lin', 'x86_64 aarch64', '6.1', '10', '7.3.15', '1!2.0', 'python_version',
];

const operand = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...VARIABLES) },
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...VALUES), fc.boolean()).map(([v, dq]) => (dq ? `"${v}"` : `'${v}'`)) },
);
const item = fc.tuple(operand, fc.constantFrom(...OPERATORS), operand).map(([a, op, b]) => `${a} ${op} ${b}`);
// The usual shape (variable on the left, a value on the right) weighs more than the odd ones.
const usualItem = fc
  .tuple(fc.constantFrom(...VARIABLES), fc.constantFrom(...OPERATORS), fc.constantFrom(...VALUES), fc.boolean())
  .map(([v, op, val, dq]) => `${v} ${op} ${dq ? `"${val}"` : `'${val}'`}`);
const atom = fc.oneof({ weight: 4, arbitrary: usualItem }, { weight: 1, arbitrary: item });
const marker: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('expr') as fc.Arbitrary<string>, fc.constantFrom('and', 'or'), tie('expr') as fc.Arbitrary<string>).map(([a, op, b]) => `${a} ${op} ${b}`),
    (tie('expr') as fc.Arbitrary<string>).map((e) => `(${e})`),
  ),
})).expr;

function ours(c: Case): PipAnswer {
  const r = evaluateMarker(c.marker, c.env as MarkerEnvironment, { strict: true });
  if (!r.ok) return { ok: false, error: r.error };
  return { ok: true, value: r.value as boolean };
}

const unavailable = oracleUnavailable();

describe.skipIf(unavailable !== null)('marker evaluation agrees with pip 23.2.1 (packaging 21.3)', () => {
  it('on 4,000 generated markers in four environments', () => {
    const markers = fc.sample(marker, { numRuns: 1000, seed: 508 });
    const cases: Case[] = markers.flatMap((m) => ENVIRONMENTS.map((env) => ({ marker: m, env })));
    const pip = runPip(cases);
    const diffs: string[] = [];
    cases.forEach((c, i) => {
      const a = ours(c);
      const b = pip[i];
      if (b.ok === false && b.error === 'InvalidMarker') return; // parsing is the requirements oracle's job
      const same = a.ok === b.ok && (!a.ok || (b.ok && a.value === b.value));
      if (!same) diffs.push(`${JSON.stringify(c.marker)} in ${c.env.sys_platform}/${c.env.python_full_version}: ours ${JSON.stringify(a)}, pip ${JSON.stringify(b)}`);
    });
    expect(diffs.slice(0, 20)).toEqual([]);
    // the generator must reach every kind of answer, or it proves little
    expect(pip.filter((p) => p.ok && p.value).length).toBeGreaterThan(500);
    expect(pip.filter((p) => p.ok && !p.value).length).toBeGreaterThan(500);
    expect(pip.filter((p) => !p.ok && p.error !== 'InvalidMarker').length).toBeGreaterThan(50);
  });

  it('on hand-picked markers from real projects', () => {
    const hand = [
      'sys_platform == "win32" and python_version >= "3.8"',
      'platform_system != "Linux"',
      'os_name == "nt"',
      'sys_platform != "win32" and implementation_name == "cpython"',
      'platform_machine == "x86_64" or platform_machine == "AMD64"',
      'python_version < "3.10"',
      'python_version >= "3.10"',
      'python_full_version >= "3.12.1"',
      'python_version ~= "3.12"',
      '"linux" in sys_platform',
      'sys_platform not in "win32 cygwin"',
      'extra == "test"',
      'platform_python_implementation == "PyPy" or python_version == "3.1*"',
      'python_version == "3.12.*"',
      'python_version != "3.12.*"',
    ];
    const cases = hand.flatMap((m) => ENVIRONMENTS.map((env) => ({ marker: m, env })));
    const pip = runPip(cases);
    const shape = (a: PipAnswer): boolean | 'error' => (a.ok ? a.value : 'error');
    const got = cases.map((c) => `${c.marker} @ ${c.env.sys_platform}: ${shape(ours(c))}`);
    expect(got).toEqual(cases.map((c, i) => `${c.marker} @ ${c.env.sys_platform}: ${shape(pip[i])}`));
  });
});
