// Cold start: `slimreq --version` against a bare `node -e 0`, alternating, same run.
import { fileURLToPath } from 'node:url';
import { compare, fmt, timeCommand } from './lib.js';

const bin = fileURLToPath(new URL('../bin/slimreq.js', import.meta.url));

export function run({ rounds = 21 } = {}) {
  // Warm the file cache for both.
  timeCommand(process.execPath, ['-e', '0']);
  timeCommand(process.execPath, [bin, '--version']);
  const r = compare(
    rounds,
    () => timeCommand(process.execPath, ['-e', '0']).ms,
    () => timeCommand(process.execPath, [bin, '--version']).ms,
  );
  const helpRatio = compare(
    Math.ceil(rounds / 2),
    () => timeCommand(process.execPath, ['-e', '0']).ms,
    () => timeCommand(process.execPath, [bin, 'rules']).ms,
  ).ratio;
  return { name: 'cold start', ...r, rulesRatio: helpRatio, target: 1.5 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = run();
  console.log(`cold start: node -e 0 ${fmt(r.baselineMs)}, slimreq --version ${fmt(r.subjectMs)}: ${r.ratio.toFixed(2)}x (target <= ${r.target}x); slimreq rules ${r.rulesRatio.toFixed(2)}x`);
}
